//! The rules in memory, without the disk: each test builds a small site from TOML text and
//! checks the exact diagnostics (line, column and message) it gets.

use super::*;
use crate::model::{FreePage, FrontMatter, Release, SiteConfig, SourceFile, Sprint, Team};

const HEADER: &str = "number = 1\ntitle = \"S\"\nstart = 2025-11-03\nend = 2025-11-14\n";

/// A site of one team whose sprints have the given texts, validated as of `as_of`.
/// The model from TOML, as the loader parses it (spans included).
fn parse_document<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, toml::de::Error> {
    toml::from_str(&file.text)
}

fn check(team_toml: &str, sprints: &[&str], as_of: &str) -> Vec<(usize, usize, String)> {
    positions(validate(
        &site(team_toml, sprints),
        Date::parse(as_of).unwrap(),
    ))
}

/// A site of one team whose sprints have the given texts.
fn site(team_toml: &str, sprints: &[&str]) -> Site {
    site_of(&[("t", team_toml, sprints)], &[])
}

/// A site of the given teams (folder, `team.toml`, sprint texts) and releases (slug, text).
fn site_of(teams: &[(&str, &str, &[&str])], releases: &[(&str, &str)]) -> Site {
    let mut sources = vec![SourceFile::new("sprintgen.toml", "title = \"T\"\n")];
    let config: SiteConfig = parse_document(&sources[0]).unwrap();
    let mut site_teams = Vec::new();
    for (slug, team_toml, sprints) in teams {
        let file = SourceFile::new(format!("content/{slug}/team.toml"), *team_toml);
        let mut team = Team {
            slug: slug.to_string(),
            file: sources.len(),
            config: parse_document(&file).unwrap(),
            sprints: Vec::new(),
        };
        sources.push(file);
        for (n, text) in sprints.iter().enumerate() {
            let file = SourceFile::new(format!("content/{slug}/sprint-{:02}.toml", n + 1), *text);
            team.sprints.push(Sprint {
                slug: format!("sprint-{:02}", n + 1),
                file: sources.len(),
                data: parse_document(&file).unwrap(),
            });
            sources.push(file);
        }
        site_teams.push(team);
    }
    let mut site_releases = Vec::new();
    for (slug, text) in releases {
        let file = SourceFile::new(format!("content/releases/{slug}.toml"), *text);
        site_releases.push(Release {
            slug: slug.to_string(),
            file: sources.len(),
            data: parse_document(&file).unwrap(),
        });
        sources.push(file);
    }
    Site {
        config,
        teams: site_teams,
        releases: site_releases,
        pages: Vec::new(),
        theme: crate::model::ThemeConfig::default(),
        sources,
    }
}

fn positions(diagnostics: Vec<Diagnostic>) -> Vec<(usize, usize, String)> {
    let mut diagnostics = diagnostics;
    crate::diagnostics::sort(&mut diagnostics);
    diagnostics
        .into_iter()
        .map(|d| {
            let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
            (line, column, d.message)
        })
        .collect()
}

fn sprint(rest: &str) -> String {
    format!("{HEADER}{rest}")
}

fn one(message: &str, line: usize, column: usize) -> Vec<(usize, usize, String)> {
    vec![(line, column, message.to_string())]
}

#[test]
fn a_valid_sprint_has_no_problems() {
    let text = sprint(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 3\nstatus = \"done\"\ndone_on = 2025-11-04\n",
    );
    assert_eq!(check("name = \"T\"\n", &[&text], "2025-11-05"), []);
}

#[test]
fn dates_of_the_sprint() {
    let reversed = HEADER.replace("end = 2025-11-14", "end = 2025-11-01");
    assert_eq!(
        check("name = \"T\"\n", &[&reversed], "2025-11-05"),
        one(
            "the sprint ends (2025-11-01) before it starts (2025-11-03)",
            4,
            7
        )
    );
    let long = HEADER.replace("end = 2025-11-14", "end = 2026-11-14");
    assert_eq!(
        check("name = \"T\"\n", &[&long], "2025-11-05"),
        one(
            "the sprint is 377 days long; sprintgen supports sprints of at most 120 days",
            4,
            7
        )
    );
    let weekend = HEADER.replace(
        "start = 2025-11-03\nend = 2025-11-14",
        "start = 2025-11-08\nend = 2025-11-09",
    );
    assert_eq!(
        check("name = \"T\"\n", &[&weekend], "2025-11-05"),
        one(
            "the sprint from 2025-11-08 to 2025-11-09 has no working day",
            4,
            7
        )
    );
    // The bounds themselves are allowed: a sprint of one day, and one of 120 days.
    let one_day = HEADER.replace("end = 2025-11-14", "end = 2025-11-03");
    assert_eq!(check("name = \"T\"\n", &[&one_day], "2025-11-05"), []);
    let longest = HEADER.replace("end = 2025-11-14", "end = 2026-03-02");
    assert_eq!(check("name = \"T\"\n", &[&longest], "2025-11-05"), []);
    let too_long = HEADER.replace("end = 2025-11-14", "end = 2026-03-03");
    assert_eq!(
        check("name = \"T\"\n", &[&too_long], "2025-11-05"),
        one(
            "the sprint is 121 days long; sprintgen supports sprints of at most 120 days",
            4,
            7
        )
    );
}

#[test]
fn item_status_dates() {
    let text = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"done\"\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\ndone_on = 2025-11-04\n",
        "[[items]]\nid = \"C\"\ntitle = \"c\"\nstatus = \"done\"\ndone_on = 2025-11-20\n",
        "[[items]]\nid = \"D\"\ntitle = \"d\"\nstatus = \"done\"\ndone_on = 2025-11-07\n",
        "[[items]]\nid = \"E\"\ntitle = \"e\"\nstatus = \"removed\"\n",
        "[[items]]\nid = \"F\"\ntitle = \"f\"\nadded_on = 2025-11-20\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&text], "2025-11-05"),
        [
            (8, 10, "`A` is done but has no `done_on` date".to_string()),
            (
                12,
                11,
                "`B` has a `done_on` date but its status is not `done`".to_string()
            ),
            (
                17,
                11,
                "`C` is done on 2025-11-20, after the sprint ended (2025-11-14)".to_string()
            ),
            (
                22,
                11,
                "`D` is done on 2025-11-07, after the as-of date 2025-11-05".to_string()
            ),
            (
                26,
                10,
                "`E` is removed but has no `removed_on` date".to_string()
            ),
            (
                30,
                12,
                "`F` is added on 2025-11-20, outside the sprint (2025-11-03 to 2025-11-14)"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn removal_and_estimates() {
    let text = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\nadded_on = 2025-11-05\nremoved_on = 2025-11-04\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = -1\nestimates = [{ on = 2025-11-20, points = 2 }]\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&text], "2025-11-10"),
        [
            (
                9,
                14,
                "`A` has a `removed_on` date but its status is not `removed`".to_string()
            ),
            (
                9,
                14,
                "`A` is removed on 2025-11-04, before it was added (2025-11-05)".to_string()
            ),
            (13, 10, "`B` has negative points (-1)".to_string()),
            (
                14,
                21,
                "`B` is re-estimated on 2025-11-20, outside the sprint (2025-11-03 to 2025-11-14)"
                    .to_string()
            ),
        ]
    );
}

/// A copied item whose id was not changed: the id used twice is the root cause, and the goal
/// naming the id the copy should have had is said with it, not as an error of its own (nor
/// with "did you mean" the duplicated id). A second unknown id is the goal's own error.
#[test]
fn duplicate_ids_and_goals_naming_unknown_items() {
    let text = sprint(concat!(
        "[[goals]]\ntitle = \"G\"\nitems = [\"AB-1\", \"AB-3\", \"AB-22\"]\n",
        "[[items]]\nid = \"AB-1\"\ntitle = \"a\"\n",
        "[[items]]\nid = \"AB-2\"\ntitle = \"b\"\n",
        "[[items]]\nid = \"AB-2\"\ntitle = \"the copy, meant to be AB-3\"\n",
    ));
    let mut problems = validate(
        &site("name = \"T\"\n", &[&text]),
        Date::parse("2025-11-05").unwrap(),
    );
    crate::diagnostics::sort(&mut problems);
    let shown: Vec<(usize, String, Option<String>)> = problems
        .into_iter()
        .map(|d| (d.location.unwrap().line, d.message, d.hint))
        .collect();
    assert_eq!(
        shown,
        [
            (
                7,
                "the goal `G` names the item `AB-22`, which this sprint does not have".to_string(),
                Some("did you mean `AB-2`?".to_string())
            ),
            (
                15,
                "the item id `AB-2` is used twice in this sprint".to_string(),
                Some("the goal `G` names `AB-3`, which no item has: if this copy of `AB-2` is `AB-3`, change its id".to_string())
            ),
        ]
    );
}

#[test]
fn starts_blockers_and_summary_totals() {
    let text = sprint(concat!(
        "committed = 5\n",
        "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 3\nstarted_on = 2025-11-06\n",
        "[[blockers]]\ntitle = \"X\"\nraised_on = 2025-11-05\nresolved_on = 2025-11-04\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&text], "2025-11-05"),
        [
            (
                5,
                13,
                "`committed = 5` disagrees with the items, which add up to 3".to_string()
            ),
            (
                10,
                14,
                "`A` is started on 2025-11-06, after the as-of date 2025-11-05".to_string()
            ),
            (
                14,
                15,
                "the blocker `X` is resolved on 2025-11-04, before it was raised (2025-11-05)"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn standups_and_links() {
    let text = sprint(concat!(
        "[[standups]]\ndate = 2025-11-08\n",
        "[[standups]]\ndate = 2025-11-20\n",
        "[[references]]\ntitle = \"r\"\nurl = \"javascript:alert(1)\"\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&text], "2025-11-05"),
        [
            (
                6,
                8,
                "this stand-up is on 2025-11-08, a Saturday that is not a working day".to_string()
            ),
            (
                8,
                8,
                "this stand-up on 2025-11-20 is outside the sprint (2025-11-03 to 2025-11-14)"
                    .to_string()
            ),
            (
                11,
                7,
                "the link `javascript:alert(1)` is not allowed".to_string()
            ),
        ]
    );
}

/// Planned work on a weekend or a holiday is warned about, as a stand-up is; a working day
/// is not.
#[test]
fn schedule_rows_on_non_working_days() {
    let text = sprint(concat!(
        "[[schedule]]\ndate = 2025-11-08\nactivities = [\"Review\"]\n",
        "[[schedule]]\ndate = 2025-11-10\nactivities = [\"Plan\"]\n",
        "[[schedule]]\ndate = 2025-11-11\nactivities = [\"Demo\"]\n",
    ));
    let team = "name = \"T\"\n[calendar]\nholidays = [2025-11-11]\n";
    assert_eq!(
        check(team, &[&text], "2025-11-05"),
        [
            (
                6,
                8,
                "the schedule has work on 2025-11-08, a Saturday that is not a working day"
                    .to_string()
            ),
            (
                12,
                8,
                "the schedule has work on 2025-11-11, a Tuesday that is not a working day"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn team_settings_numbers_and_overlaps() {
    let team = "name = \"T\"\nvelocity_window = 0\n";
    let first = HEADER.to_string();
    // Starts on the day the first one ends: they share that day.
    let second = "number = 1\ntitle = \"S\"\nstart = 2025-11-14\nend = 2025-11-21\n";
    let problems = check(team, &[&first, second], "2025-11-05");
    assert_eq!(
        problems,
        [
            (1, 10, "sprint number 1 is already used by `content/t/sprint-01.toml`".to_string()),
            (3, 9, "this sprint starts on 2025-11-14 but `content/t/sprint-01.toml` runs until 2025-11-14".to_string()),
            (2, 19, "`velocity_window` must be at least 1".to_string()),
        ]
    );
    // Starting the day after is no overlap.
    let third = "number = 2\ntitle = \"S\"\nstart = 2025-11-15\nend = 2025-11-21\n";
    assert_eq!(check("name = \"T\"\n", &[&first, third], "2025-11-05"), []);
}

#[test]
fn free_pages_cannot_take_a_team_or_sprint_url() {
    let mut site_sources = vec![
        SourceFile::new("sprintgen.toml", "title = \"T\"\n"),
        SourceFile::new("content/t/team.toml", "name = \"T\"\n"),
        SourceFile::new("content/t/sprint-01.toml", HEADER),
    ];
    let page = |slug: &str, team: Option<&str>, file| FreePage {
        slug: slug.into(),
        team: team.map(str::to_string),
        file,
        front: FrontMatter {
            title: "P".into(),
            date: None,
            draft: false,
            description: None,
        },
        body: String::new(),
    };
    site_sources.push(SourceFile::new("content/t.md", ""));
    site_sources.push(SourceFile::new("content/t/sprint-01.md", ""));
    site_sources.push(SourceFile::new("content/data.md", ""));
    let site = Site {
        config: parse_document(&site_sources[0]).unwrap(),
        teams: vec![Team {
            slug: "t".into(),
            file: 1,
            config: parse_document(&site_sources[1]).unwrap(),
            sprints: vec![Sprint {
                slug: "sprint-01".into(),
                file: 2,
                data: parse_document(&site_sources[2]).unwrap(),
            }],
        }],
        pages: vec![
            page("t", None, 3),
            page("sprint-01", Some("t"), 4),
            page("data", None, 5),
        ],
        releases: Vec::new(),
        theme: crate::model::ThemeConfig::default(),
        sources: site_sources,
    };
    let messages: Vec<String> = validate(&site, Date::parse("2025-11-05").unwrap())
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        [
            "the page `content/t.md` would have the same URL as the team `content/t`",
            "the page `content/t/sprint-01.md` would have the same URL as the sprint `content/t/sprint-01.toml`",
            "the page `content/data.md` would have the same URL as the JSON export folder `data/`",
        ]
    );
}

#[test]
fn added_before_the_start_is_committed_not_an_error() {
    // docs/format.md: `added_on` on or before the start counts as committed.
    let text = sprint(concat!(
        "committed = 7\n",
        "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 3\nadded_on = 2025-10-30\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 4\nadded_on = 2025-11-03\n",
        "[[items]]\nid = \"C\"\ntitle = \"c\"\npoints = 5\nstatus = \"removed\"\nremoved_on = 2025-11-03\n",
    ));
    // The summary-form check counts the commitment as the figures do: A and B, not C.
    assert_eq!(check("name = \"T\"\n", &[&text], "2025-11-05"), []);
}

#[test]
fn a_history_is_in_order_within_the_sprint_and_ends_at_the_status() {
    let text = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"in-progress\"\n",
        "history = [{ on = 2025-11-05, status = \"done\" }, { on = 2025-11-04, status = \"in-progress\" }, { on = 2025-11-06, status = \"done\" }]\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\nstatus = \"done\"\ndone_on = 2025-11-05\n",
        "history = [{ on = 2025-10-30, status = \"removed\" }, { on = 2025-11-04, status = \"done\" }]\n",
        "[[items]]\nid = \"C\"\ntitle = \"c\"\nstatus = \"done\"\ndone_on = 2025-11-05\n",
        "history = [{ on = 2025-11-05, status = \"done\" }, { on = 2025-11-09, status = \"done\" }]\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&text], "2025-11-07"),
        [
            (
                8,
                10,
                "`A` is `in-progress` but its history ends with `done` on 2025-11-06".to_string()
            ),
            (
                9,
                57,
                "the history of `A` goes back in time: 2025-11-04 comes after 2025-11-05"
                    .to_string()
            ),
            (
                14,
                11,
                "`B` is done on 2025-11-05 but its history says it was done on 2025-11-04"
                    .to_string()
            ),
            (
                15,
                19,
                "`B` changes status on 2025-10-30, outside the sprint (2025-11-03 to 2025-11-14)"
                    .to_string()
            ),
            (
                15,
                40,
                "the history of `B` cannot say `removed`".to_string()
            ),
            (
                20,
                11,
                "`C` is done on 2025-11-05 but its history says it was done on 2025-11-09"
                    .to_string()
            ),
            (
                21,
                57,
                "`C` changes status on 2025-11-09, after the as-of date 2025-11-07".to_string()
            ),
        ]
    );
}

/// Two teams, one counting issues, each with an item of the epic `Payments` (ids `A-1`, `B-1`);
/// the release text is validated with them.
fn check_release(release: &str) -> Vec<(usize, usize, String)> {
    let item = |id| {
        sprint(&format!(
            "[[items]]\nid = \"{id}\"\ntitle = \"x\"\npoints = 1\nepic = \"Payments\"\n"
        ))
    };
    let (a, b) = (item("A-1"), item("B-1"));
    let site = site_of(
        &[
            ("a", "name = \"A\"\n", &[&a]),
            ("b", "name = \"B\"\nunit = \"issues\"\n", &[&b]),
            ("c", "name = \"C\"\n", &[&a]),
        ],
        &[("r", release)],
    );
    positions(validate(&site, Date::parse("2025-11-05").unwrap()))
}

#[test]
fn a_release_is_due_on_or_after_its_start() {
    let release = |start: &str| {
        format!("title = \"R\"\ntarget = 2025-12-01\nstart = {start}\nteams = [\"a\", \"c\"]\n")
    };
    assert_eq!(check_release(&release("2025-12-01")), []);
    assert_eq!(check_release(&release("2025-11-30")), []);
    assert_eq!(
        check_release(&release("2025-12-02")),
        one(
            "the release is due on 2025-12-01, before it starts (2025-12-02)",
            2,
            10
        )
    );
}

#[test]
fn a_release_names_each_of_its_teams_once_and_counts_in_one_unit() {
    assert_eq!(
        check_release("title = \"R\"\ntarget = 2025-12-01\nteams = []\n"),
        one("a release needs at least one team", 3, 9)
    );
    assert_eq!(
        check_release("title = \"R\"\ntarget = 2025-12-01\nteams = [\"a\", \"a\", \"zz\"]\n"),
        [
            (3, 15, "the team `a` is named twice".to_string()),
            (
                3,
                20,
                "the release names the team `zz`, which does not exist".to_string()
            ),
        ]
    );
    assert_eq!(
        check_release("title = \"R\"\ntarget = 2025-12-01\nteams = [\"a\", \"c\", \"b\"]\n"),
        one(
            "the teams of this release count in different units: `a` counts points, `b` issues",
            3,
            9
        )
    );
}

#[test]
fn a_release_filter_that_misses_warns() {
    let release =
        |filter: &str| format!("title = \"R\"\ntarget = 2025-12-01\nteams = [\"a\"]\n{filter}");
    assert_eq!(check_release(&release("epics = [\"Payments\"]\n")), []);
    assert_eq!(check_release(&release("id_prefixes = [\"A-\"]\n")), []);
    assert_eq!(
        check_release(&release(
            "epics = [\"Payments\", \"Paymnts\"]\nid_prefixes = [\"B-\"]\n"
        )),
        [
            (
                4,
                10,
                "no item of the release's teams matches its `epics` and `id_prefixes`".to_string()
            ),
            (
                4,
                22,
                "no item of the release's teams has the epic `Paymnts`".to_string()
            ),
        ]
    );
    assert_eq!(
        check_release(&release("id_prefixes = [\"B-\"]\n")),
        one(
            "no item of the release's teams matches its `epics` and `id_prefixes`",
            4,
            16
        )
    );
    // With no team, nothing can match, and the missing team is the one problem.
    assert_eq!(
        check_release(
            "title = \"R\"\ntarget = 2025-12-01\nteams = [\"zz\"]\nepics = [\"Payments\"]\n"
        ),
        [
            (
                3,
                10,
                "the release names the team `zz`, which does not exist".to_string()
            ),
            (
                4,
                10,
                "no item of the release's teams has the epic `Payments`".to_string()
            ),
        ]
    );
}

#[test]
fn item_dates_on_their_bounds_are_allowed() {
    // Added, done and removed on the sprint's last day (also the as-of date in the second
    // check); done and removed on the day they were added.
    let text = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\nadded_on = 2025-11-14\nstatus = \"done\"\ndone_on = 2025-11-14\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\nadded_on = 2025-11-05\nstatus = \"removed\"\nremoved_on = 2025-11-05\n",
    ));
    assert_eq!(check("name = \"T\"\n", &[&text], "2025-11-20"), []);
    assert_eq!(check("name = \"T\"\n", &[&text], "2025-11-14"), []);
    // A day later is too late, and a day earlier than the addition too early.
    let late = sprint(concat!(
        "[[items]]\nid = \"C\"\ntitle = \"c\"\nadded_on = 2025-11-15\n",
        "[[items]]\nid = \"D\"\ntitle = \"d\"\nadded_on = 2025-11-06\nstatus = \"done\"\ndone_on = 2025-11-05\n",
        "[[items]]\nid = \"E\"\ntitle = \"e\"\nadded_on = 2025-11-06\nstatus = \"removed\"\nremoved_on = 2025-11-05\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&late], "2025-11-20"),
        [
            (
                8,
                12,
                "`C` is added on 2025-11-15, outside the sprint (2025-11-03 to 2025-11-14)"
                    .to_string()
            ),
            (
                14,
                11,
                "`D` is done on 2025-11-05, before it was added (2025-11-06)".to_string()
            ),
            (
                20,
                14,
                "`E` is removed on 2025-11-05, before it was added (2025-11-06)".to_string()
            ),
        ]
    );
}

#[test]
fn a_history_may_change_twice_in_a_day_and_on_the_as_of_date() {
    let text = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"done\"\ndone_on = 2025-11-04\n",
        "history = [{ on = 2025-11-04, status = \"in-progress\" }, { on = 2025-11-04, status = \"done\" }]\n",
    ));
    assert_eq!(check("name = \"T\"\n", &[&text], "2025-11-04"), []);
}

#[test]
fn starts_blockers_and_points_on_their_bounds() {
    // Started on the day it was done, which is the as-of date; a blocker resolved the day it
    // was raised; the most points an item may have.
    let text = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 100000\nstatus = \"done\"\n",
        "started_on = 2025-11-05\ndone_on = 2025-11-05\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 0\nstarted_on = 2025-11-05\n",
        "[[blockers]]\ntitle = \"X\"\nraised_on = 2025-11-05\nresolved_on = 2025-11-05\n",
    ));
    assert_eq!(check("name = \"T\"\n", &[&text], "2025-11-05"), []);
    // A day (or half a point) beyond.
    let beyond = sprint(concat!(
        "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 100000.5\nstatus = \"done\"\n",
        "started_on = 2025-11-06\ndone_on = 2025-11-05\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&beyond], "2025-11-07"),
        [
            (
                8,
                10,
                "`A` has implausibly many points (100000.5)".to_string()
            ),
            (
                10,
                14,
                "`A` is started on 2025-11-06, after it was done (2025-11-05)".to_string()
            ),
        ]
    );
}

#[test]
fn committed_may_differ_from_the_items_by_rounding_noise_only() {
    // Up to 1e-9 apart is the same figure written twice (sums of decimals do not add up
    // exactly); more is a disagreement.
    let item = "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 0\n";
    let noise = sprint(&format!("committed = 0.000000001\n{item}"));
    assert_eq!(check("name = \"T\"\n", &[&noise], "2025-11-05"), []);
    let more = sprint(&format!("committed = 0.000000002\n{item}"));
    assert_eq!(
        check("name = \"T\"\n", &[&more], "2025-11-05"),
        one(
            "`committed = 0.000000002` disagrees with the items, which add up to 0",
            5,
            13
        )
    );
}

#[test]
fn a_member_works_zero_or_more_fte() {
    let team = |fte: &str| format!("name = \"T\"\n[[members]]\nrole = \"Dev\"\nfte = {fte}\n");
    assert_eq!(check(&team("0"), &[HEADER], "2025-11-05"), []);
    assert_eq!(check(&team("0.5"), &[HEADER], "2025-11-05"), []);
    for bad in ["-0.5", "nan", "inf"] {
        assert_eq!(
            check(&team(bad), &[HEADER], "2025-11-05"),
            one("the FTE of `Dev` must be a number of at least 0", 0, 0),
            "{bad}"
        );
    }
}

#[test]
fn a_goal_id_no_item_has_explains_the_closest_copied_id() {
    // Two ids used twice; the goal's `BX-8` is closest to `BX-7`, so that copy gets the hint.
    let text = sprint(concat!(
        "[[goals]]\ntitle = \"G\"\nitems = [\"BX-8\"]\n",
        "[[items]]\nid = \"A-1\"\ntitle = \"a\"\n",
        "[[items]]\nid = \"A-1\"\ntitle = \"a copy\"\n",
        "[[items]]\nid = \"BX-7\"\ntitle = \"b\"\n",
        "[[items]]\nid = \"BX-7\"\ntitle = \"b copy\"\n",
    ));
    let mut problems = validate(
        &site("name = \"T\"\n", &[&text]),
        Date::parse("2025-11-05").unwrap(),
    );
    crate::diagnostics::sort(&mut problems);
    let hints: Vec<(usize, Option<String>)> = problems
        .into_iter()
        .map(|d| (d.location.unwrap().line, d.hint))
        .collect();
    assert_eq!(
        hints,
        [
            (12, None),
            (
                18,
                Some("the goal `G` names `BX-8`, which no item has: if this copy of `BX-7` is `BX-8`, change its id".to_string())
            ),
        ]
    );
}

#[test]
fn dates_more_than_a_sprint_length_away_are_warned_about() {
    // The sprint runs 12 days (2025-11-03 to 11-14): 12 days before its start or after its
    // end is accepted quietly, 13 is most likely a typo.
    let text = sprint(concat!(
        "[[blockers]]\ntitle = \"X\"\nraised_on = 2025-10-21\n",
        "[[blockers]]\ntitle = \"Y\"\nraised_on = 2025-10-22\n",
        "[[schedule]]\ndate = 2025-11-26\nactivities = [\"a\"]\n",
        "[[schedule]]\ndate = 2025-11-27\nactivities = [\"b\"]\n",
    ));
    assert_eq!(
        check("name = \"T\"\n", &[&text], "2025-11-14"),
        [
            (
                7,
                13,
                "the blocker `X` is raised on 2025-10-21, 13 days before the sprint starts (2025-11-03)".to_string()
            ),
            (
                15,
                8,
                "the schedule has an entry on 2025-11-27, 13 days after the sprint ends (2025-11-14)".to_string()
            ),
        ]
    );
}
