//! `sprintgen import`: tracker exports written from each tracker's documented format
//! (`tests/fixtures/import/<tracker>/`) imported into a copy of a small site, compared byte
//! for byte with the expected sprint files, then built, with the figures of each sprint
//! worked out by hand from the export below.

use crate::common;

use std::path::{Path, PathBuf};

use common::{assert_success, read_tree, repo_root, sprintgen};
use serde_json::Value;

pub(crate) fn fixture(tracker: &str) -> PathBuf {
    repo_root().join("tests/fixtures/import").join(tracker)
}

/// A copy of the fixture's site in a temporary folder (with `content/`, which git does not
/// keep when it is empty).
pub(crate) fn site(tracker: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    for (path, bytes) in read_tree(&fixture(tracker).join("site")) {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    dir
}

/// Runs `sprintgen import <tracker> <files…> <args…> --root <site>`, with the fixture's
/// files named by their paths inside the fixture folder.
pub(crate) fn import(
    tracker: &str,
    site: &Path,
    files: &[&str],
    args: &[&str],
) -> std::process::Output {
    let folder = fixture(tracker);
    let paths: Vec<String> = files
        .iter()
        .map(|f| folder.join(f).to_string_lossy().into_owned())
        .collect();
    let mut all = vec!["import", tracker];
    all.extend(paths.iter().map(String::as_str));
    all.extend(args);
    all.extend(["--root", site.to_str().unwrap()]);
    sprintgen(&all, &repo_root())
}

/// The site now holds its own files plus exactly the expected ones, byte for byte.
pub(crate) fn assert_golden(tracker: &str, site: &Path) {
    let mut expected = read_tree(&fixture(tracker).join("site"));
    expected.extend(read_tree(&fixture(tracker).join("expected")));
    let actual = read_tree(site);
    for (path, bytes) in &expected {
        let got = actual
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not written"));
        assert_eq!(
            String::from_utf8_lossy(got),
            String::from_utf8_lossy(bytes),
            "{path} differs from the expected file"
        );
    }
    let extra: Vec<&String> = actual
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .collect();
    assert!(extra.is_empty(), "unexpected files: {extra:?}");
}

/// One sprint after `build`: number, committed, added, removed, completed, not completed
/// (points) and say/do (ratio), from the JSON export.
pub(crate) type Figures = (u64, f64, f64, f64, f64, f64, Option<f64>);

pub(crate) fn figures(site: &Path, team: &str) -> Vec<Figures> {
    assert_success(&sprintgen(
        &["build", "-q", "--root", site.to_str().unwrap()],
        site,
    ));
    let json: Value = serde_json::from_slice(
        &std::fs::read(site.join(format!("public/data/{team}.json"))).unwrap(),
    )
    .unwrap();
    let number = |v: &Value| v.as_f64().unwrap();
    json["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["scope_changes"].is_null())
        .map(|s| {
            let deltas = s["scope_changes"].as_array().unwrap().iter();
            let (mut added, mut removed) = (0.0, 0.0);
            for change in deltas {
                let delta = number(&change["delta"]);
                if delta > 0.0 {
                    added += delta;
                } else {
                    removed -= delta;
                }
            }
            (
                s["number"].as_u64().unwrap(),
                number(&s["committed"]),
                added,
                removed,
                number(&s["completed"]),
                number(&s["total"]) - number(&s["completed"]),
                s["say_do"].as_f64(),
            )
        })
        .collect()
}

#[test]
fn linear_cycles_become_sprints_after_the_teams_own() {
    let site = site("linear");
    let out = import("linear", site.path(), &["issues.csv"], &["--team", "web"]);
    assert_success(&out);
    assert_golden("linear", site.path());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("`WEB-7` ("), "{report}");
    assert!(report.contains("row 9): no cycle"), "{report}");
    assert!(report.contains("row 10): no estimate"), "{report}");
    // The export (BOM, CRLF, a title with a comma, quotes and a line break, a formula mark):
    // Cycle 3 runs 2026-03-02 to 03-15 (its end is 03-16 00:00, exclusive).
    //   WEB-1 3 done 03-05, WEB-2 5 done 03-12: committed, completed.
    //   WEB-3 2 created 03-06: added, done 03-10.
    //   WEB-4 3 cancelled 03-09: committed, then removed.
    //   WEB-10 2 done 02-27: completed outside the cycle, in no figure.
    //   committed 3+5+3 = 11, added 2, removed 3, completed 3+5+2 = 10, not completed 0,
    //   say/do 10/11.
    // Cycle 4 runs 03-16 to 03-29.
    //   WEB-5 8 in review (in progress), WEB-6 1 done 03-27, WEB-9 5 done 04-02, after the
    //   end: not completed in the cycle. committed 14, completed 1, not completed 13.
    // Sprints 1 and 2 are the team's own, in summary form (no scope changes: not listed).
    assert_eq!(
        figures(site.path(), "web"),
        [
            (1, 10.0, 0.0, 0.0, 8.0, 2.0, Some(0.8)),
            (2, 12.0, 0.0, 0.0, 12.0, 0.0, Some(1.0)),
            (3, 11.0, 2.0, 3.0, 10.0, 0.0, Some(0.9091)),
            (4, 14.0, 0.0, 0.0, 1.0, 13.0, Some(0.0714)),
        ]
    );
    assert!(report.contains("  3       closed         11      2        3         10              0                  2     91%"), "{report}");
    // Linear's CSV links no issue: the import says how to link them.
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        warnings.contains("the export links none of its 8 items to the tracker")
            && warnings.contains(
                "set item_url = \"https://linear.app/WORKSPACE/issue/{id}\" in content/web/team.toml"
            ),
        "{warnings}"
    );
}

/// With an `item_url` that links the ids, the import has nothing to say about links.
#[test]
fn an_item_url_template_links_what_linear_leaves_unlinked() {
    let site = site("linear");
    let config = site.path().join("sprintgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replacen(
        "as_of = 2026-04-20\n",
        "as_of = 2026-04-20\nitem_url = \"https://linear.app/acme/issue/{id}\"\n",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let out = import("linear", site.path(), &["issues.csv"], &["--team", "web"]);
    assert_success(&out);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(!warnings.contains("links none"), "{warnings}");
}

#[test]
fn jira_sprints_follow_the_change_history() {
    let site = site("jira");
    // The files come in any order.
    let files = ["changelog.json", "issues.csv", "sprints.json"];
    let out = import("jira", site.path(), &files, &["--team", "platform"]);
    assert_success(&out);
    assert_golden("jira", site.path());
    // The imported files' own warnings are reported (the site's are `check`'s to report).
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(!warnings.contains("cut short"), "{warnings}");
    assert!(
        warnings.starts_with("warning: `PLAT-4` is started on 2026-03-19, 25 days before the sprint starts (2026-04-13)\n  --> content/platform/sprint-03.toml:12:14\n"),
        "{warnings}"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    for skipped in [
        "`PLAT-6` (", // the epic
        "row 7): no sprint",
        "row 8): unknown status `Blocked`",
        "row 9): in `PLAT Sprint 4`, which has no dates yet",
    ] {
        assert!(report.contains(skipped), "{skipped}\n{report}");
    }
    // Sprint 1, 03-02 to 03-13 (completed 03-13 16:30), as Jira's sprint report counts it:
    //   PLAT-1 3 done 03-05; PLAT-2 5 not done (carried into sprint 2);
    //   PLAT-3 2, re-estimated to 5 on 03-04, done 03-12; PLAT-5 2, taken out on 03-06.
    //   committed 3+5+2+2 = 12, added 3 (the re-estimate), removed 2, completed 3+5 = 8,
    //   not completed 5, say/do 8/12.
    // Sprint 2, 03-16 to 03-27: PLAT-2 5 done 03-20 (committed); PLAT-4 3 added 03-18, in
    //   progress. committed 5, added 3, completed 5, not completed 3, say/do 1.
    // Sprint 3, 04-13 to 04-24, active on 04-20: PLAT-4 3 (carried, joined 03-27 before the
    //   start: committed), PLAT-9 3, PLAT-10 1 done 04-15. committed 7, completed 1, say/do 1/7.
    assert_eq!(
        figures(site.path(), "platform"),
        [
            (1, 12.0, 3.0, 2.0, 8.0, 5.0, Some(0.6667)),
            (2, 5.0, 3.0, 0.0, 5.0, 3.0, Some(1.0)),
            (3, 7.0, 0.0, 0.0, 1.0, 6.0, Some(0.1429)),
        ]
    );
}

#[test]
fn github_iterations_become_sprints() {
    let site = site("github");
    let files = ["items.json", "issues.json"];
    let args = ["--team", "app", "--status-map", "QA=in-progress"];
    let out = import("github", site.path(), &files, &args);
    assert_success(&out);
    assert_golden("github", site.path());
    let report = String::from_utf8_lossy(&out.stdout);
    for skipped in [
        "item 6): no iteration",
        "item 7): no estimate",
        "item 9): unknown status `Blocked`",
    ] {
        assert!(report.contains(skipped), "{skipped}\n{report}");
    }
    // The pull request is in no issue list: done on the iteration's last day, with a warning.
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        warnings.contains("`app#5` has no close date: taken as closed on 2026-03-29"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    // Blocked mapped to removed: app#9 (3 SP, committed, no close date) leaves sprint 2 on its
    // last day, 03-29: committed 6 + 3 = 9, removed 3, the rest as above; say/do 1/9.
    let removed = self::site("github");
    let mapped = [
        "--team",
        "app",
        "--status-map",
        "QA=in-progress",
        "--status-map",
        "Blocked=removed",
    ];
    assert_success(&import("github", removed.path(), &files, &mapped));
    assert_eq!(
        figures(removed.path(), "app")[1],
        (2, 9.0, 2.0, 3.0, 1.0, 7.0, Some(0.1111))
    );
    // app#8 created after its iteration ended cannot be in it: skipped, named by its place.
    let late = self::site("github");
    let created = "\"createdAt\": \"2026-03-10T08:30:00Z\", \"number\": 8";
    let list = changed_export(
        "github",
        "issues.json",
        late.path(),
        &[(created, &created.replace("03-10", "04-05"))],
    );
    let with_late = [files[0], list.to_str().unwrap()];
    let out = import("github", late.path(), &with_late, &args);
    assert_success(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("`app#8` (")
            && report.contains("items.json item 8): it joined after the end of `Sprint 2`"),
        "{report}"
    );
    // Without the issue lists, closed issues have no close date either: the hint says where
    // to get one.
    let without = import("github", self::site("github").path(), &files[..1], &args);
    assert_success(&without);
    let warnings = String::from_utf8_lossy(&without.stderr);
    let items = fixture("github").join("items.json");
    let hint = |number: u32, day: &str, hint: &str| {
        format!(
            "warning: `app#{number}` has no close date: taken as closed on {day}, the iteration's last day\n --> {}\n  = help: {hint}\n",
            items.display()
        )
    };
    for expected in [
        hint(
            1,
            "2026-03-15",
            "pass each repository's issues (gh issue list --state all --json number,closedAt,createdAt,assignees,url --limit 1000)",
        ),
        hint(
            5,
            "2026-03-29",
            "pass the repository's pull requests too (gh pr list --state all --json number,closedAt,createdAt,assignees,url --limit 1000)",
        ),
    ] {
        assert!(warnings.contains(&expected), "{expected}\n{warnings}");
    }
    // Sprint 1, 03-02 + 14 days: app#1 3 closed 03-06; app#2 5 closed 03-20, after the end.
    //   committed 8, completed 3, not completed 5, say/do 3/8.
    // Sprint 2, 03-16 + 14 days: the draft 1, app#5 1 (done 03-29), app#8 4 (QA: in
    //   progress) committed; app#3 2 created 03-18: added. committed 6, added 2,
    //   completed 1, not completed 7, say/do 1/6.
    assert_eq!(
        figures(site.path(), "app"),
        [
            (1, 8.0, 0.0, 0.0, 3.0, 5.0, Some(0.375)),
            (2, 6.0, 2.0, 0.0, 1.0, 7.0, Some(0.1667)),
        ]
    );
}

#[test]
fn a_dry_run_prints_the_files_and_writes_nothing() {
    let site = site("linear");
    let before = read_tree(site.path());
    let out = import(
        "linear",
        site.path(),
        &["issues.csv"],
        &["--team", "web", "--dry-run"],
    );
    assert_success(&out);
    assert_eq!(read_tree(site.path()), before);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected =
        std::fs::read_to_string(fixture("linear").join("expected/content/web/sprint-03.toml"))
            .unwrap();
    assert!(
        stdout.contains(&format!(
            "--- would create content/web/sprint-03.toml\n{expected}"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("Would import from Linear into `web`: 2 sprints, 8 sprint items (8 issues); nothing was written"), "{stdout}");
}

#[test]
fn an_import_never_overwrites_and_update_keeps_what_was_written_by_hand() {
    let site = imported_linear();
    let path = site.path().join("content/web/sprint-03.toml");
    // Without --update, importing again is refused and changes nothing.
    let before = read_tree(site.path());
    let again = import("linear", site.path(), &["issues.csv"], &["--team", "web"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("pass --update"));
    assert_eq!(read_tree(site.path()), before);
    // By hand: a comment, a renamed sprint, a renamed item, notes on an item, a changed point
    // value (which the tracker owns), an item of the team's own and stand-ups.
    let imported = std::fs::read_to_string(&path).unwrap();
    let edited = imported
        .replace("title = \"Checkout, part 1\"", "title = \"Checkout (renamed)\" # by hand")
        .replace(
            "id = \"WEB-1\"\ntitle = \"Sign-up form\"\nepic = \"Onboarding\"\npoints = 3",
            "id = \"WEB-1\"\ntitle = \"Sign-up, renamed by hand\"\nepic = \"Onboarding\"\npoints = 99 # hm\nnotes = \"Pairing helped\"",
        )
        + "\n[[items]]\nid = \"OWN-1\"\ntitle = \"Our own item\"\npoints = 1\n\n# Daily notes.\n[[standups]]\ndate = 2026-03-03\ncompleted = [\"Sign-up form styles\"]\n";
    std::fs::write(&path, &edited).unwrap();
    let out = import(
        "linear",
        site.path(),
        &["issues.csv"],
        &["--team", "web", "--update"],
    );
    assert_success(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("updated: 5 items replaced, 0 added, 1 kept"),
        "{report}"
    );
    // Everything stays but the point value the tracker owns: the item's title too.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        edited.replace("points = 99 # hm", "points = 3 # hm")
    );
    // The other sprint had no hand edits: unchanged byte for byte.
    assert_golden_file("linear", site.path(), "content/web/sprint-04.toml");
}

fn assert_golden_file(tracker: &str, site: &Path, path: &str) {
    assert_eq!(
        std::fs::read_to_string(site.join(path)).unwrap(),
        std::fs::read_to_string(fixture(tracker).join("expected").join(path)).unwrap()
    );
}

#[test]
fn numbers_continue_after_the_teams_last_sprint() {
    let site = site("linear");
    std::fs::write(
        site.path().join("content/web/sprint-05.toml"),
        "number = 5\ntitle = \"Typed by hand\"\nstart = 2026-01-05\nend = 2026-01-16\ncommitted = 3\ncompleted = 3\n",
    )
    .unwrap();
    assert_success(&import(
        "linear",
        site.path(),
        &["issues.csv"],
        &["--team", "web"],
    ));
    // Cycles 3 and 4 would clash with the team's numbers: they become 6 and 7.
    for (file, number) in [("sprint-06.toml", 6), ("sprint-07.toml", 7)] {
        let text = std::fs::read_to_string(site.path().join("content/web").join(file)).unwrap();
        assert!(text.contains(&format!("\nnumber = {number}\n")), "{text}");
    }
    assert!(!site.path().join("content/web/sprint-03.toml").exists());
}

/// A change history shorter than Jira's `total` is imported with a warning: changes are missing.
#[test]
fn a_jira_history_cut_short_is_named() {
    let site = site("jira");
    let total = "\"key\": \"PLAT-3\",\n      \"changelog\": {\n        \"startAt\": 0,\n        \"maxResults\": 3,\n        \"total\": 3,";
    let cut = changed_export(
        "jira",
        "changelog.json",
        site.path(),
        &[(total, &total.replace("\"total\": 3", "\"total\": 5"))],
    );
    let files = [cut.to_str().unwrap(), "issues.csv", "sprints.json"];
    let out = import("jira", site.path(), &files, &["--team", "platform"]);
    assert_success(&out);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        warnings.starts_with(
            "warning: the change history of `PLAT-3` is cut short (3 of 5 entries)\n --> "
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains("changelog.json\n  = help: fetch the issue's whole history (GET /rest/api/3/issue/PLAT-3/changelog) or accept the missing changes\n"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("cut short").count(), 1, "{warnings}");
}

/// An import reports the problems of the files it writes, not those the site already had.
#[test]
fn an_import_leaves_the_sites_own_warnings_to_check() {
    let site = site("linear");
    let sprint_1 = site.path().join("content/web/sprint-01.toml");
    let text = std::fs::read_to_string(&sprint_1).unwrap();
    std::fs::write(
        &sprint_1,
        format!("{text}\n[[standups]]\ndate = 2026-02-07\ncompleted = [\"x\"]\n"),
    )
    .unwrap();
    let check = sprintgen(
        &["check", "--root", site.path().to_str().unwrap()],
        &repo_root(),
    );
    assert!(
        String::from_utf8_lossy(&check.stderr)
            .contains("warning: this stand-up is on 2026-02-07, a Saturday"),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = import("linear", site.path(), &["issues.csv"], &["--team", "web"]);
    assert_success(&out);
    // Only the import's own warning (its items come without links), not the site's.
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("stand-up"), "{said}");
    assert_eq!(said.matches("warning: ").count(), 1, "{said}");
    assert!(
        said.starts_with("warning: the export links none of its"),
        "{said}"
    );
}

/// How a row's status is read: `--status-map` first (a status that needs a date the row lacks
/// skips it), then the dates; and a new team takes its name from the export.
#[test]
fn linear_statuses_follow_the_map_then_the_dates() {
    let site = site("linear");
    let mapped = import(
        "linear",
        site.path(),
        &["issues.csv"],
        &[
            "--team",
            "web",
            "--status-map",
            "In Review=done",
            "--status-map",
            "Done=removed",
            "--dry-run",
        ],
    );
    assert_success(&mapped);
    let report = String::from_utf8_lossy(&mapped.stdout);
    for skipped in [
        "`WEB-5` (",
        "row 7): its status `In Review` needs a `Completed` date, and it has none",
        "`WEB-6` (",
        "row 8): its status `Done` needs a `Canceled` date, and it has none",
    ] {
        assert!(report.contains(skipped), "{skipped}\n{report}");
    }
    // WEB-6 with a status no map knows and no dates: to do, in a new team named after the
    // export's.
    let triage = WEB_6
        .replace(",Done,", ",Triage,")
        .replace("2026-03-26T09:00:00.000Z,,2026-03-27T13:00:00.000Z,", ",,,");
    // WEB-5, in review, with its start date gone: in progress, as the map says.
    let review = "2026-04-02T10:00:00.000Z,2026-03-20T09:00:00.000Z,,,";
    let file = changed_export(
        "linear",
        "issues.csv",
        site.path(),
        &[(WEB_6, &triage), (review, "2026-04-02T10:00:00.000Z,,,,")],
    );
    let out = sprintgen(
        &[
            "import",
            "linear",
            file.to_str().unwrap(),
            "--team",
            "mobile",
            "--status-map",
            "In Review=in-progress",
            "--root",
            site.path().to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_success(&out);
    let mobile = site.path().join("content/mobile");
    assert_eq!(
        std::fs::read_to_string(mobile.join("team.toml")).unwrap(),
        "name = \"Web\"\n"
    );
    let sprint = std::fs::read_to_string(mobile.join("sprint-04.toml")).unwrap();
    assert!(
        sprint.contains(
            "id = \"WEB-6\"\ntitle = \"Receipt e-mail\"\nepic = \"Checkout\"\npoints = 1\n\n"
        ),
        "{sprint}"
    );
    assert!(
        sprint.contains("owner = \"grace@example.com\"\nstatus = \"in-progress\"\n\n"),
        "{sprint}"
    );
}

/// The numbers of the team's sprint files after an import of Linear's cycles 3 and 4 into the
/// fixture's site, where the team's hand-typed sprint 2 (16–27 Feb) is numbered `number`, or
/// is not there.
fn numbers_after_import(sprint_2: Option<u32>) -> Vec<(String, u32)> {
    let site = site("linear");
    let web = site.path().join("content/web");
    std::fs::remove_file(web.join("sprint-02.toml")).unwrap();
    if let Some(number) = sprint_2 {
        std::fs::write(
            web.join(format!("sprint-{number:02}.toml")),
            format!("number = {number}\ntitle = \"Typed by hand\"\nstart = 2026-02-16\nend = 2026-02-27\ncommitted = 12\ncompleted = 12\n"),
        )
        .unwrap();
    }
    assert_success(&import(
        "linear",
        site.path(),
        &["issues.csv"],
        &["--team", "web"],
    ));
    let mut numbers: Vec<(String, u32)> = read_tree(&web)
        .into_iter()
        .filter(|(file, _)| file.starts_with("sprint-"))
        .map(|(file, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let number = text.parse::<toml::Table>().unwrap()["number"]
                .as_integer()
                .unwrap();
            (file, u32::try_from(number).unwrap())
        })
        .collect();
    numbers.sort();
    numbers
}

/// Importing again with a new cycle after a gap: the new cycle keeps its number, the imported
/// ones keep theirs.
#[test]
fn a_new_cycle_after_a_gap_keeps_its_number_on_update() {
    let site = imported_linear();
    let cycle_6 = WEB_6
        .replace("WEB-6,", "WEB-11,")
        .replace(",Done,1,", ",Todo,2,")
        .replace(
            ",4,,2026-03-16T00:00:00.000Z,2026-03-30T00:00:00.000Z,",
            ",6,,2026-04-13T00:00:00.000Z,2026-04-27T00:00:00.000Z,",
        )
        .replace("2026-03-26T09:00:00.000Z,,2026-03-27T13:00:00.000Z,", ",,,");
    // Its row goes before WEB-7's, with WEB-6's empty trailing columns.
    let more = changed_export(
        "linear",
        "issues.csv",
        site.path(),
        &[("\r\nWEB-7,", &format!("\r\n{cycle_6},,,,,,,,\r\nWEB-7,"))],
    );
    let again = import(
        "linear",
        site.path(),
        &[more.to_str().unwrap()],
        &["--team", "web", "--update"],
    );
    assert_success(&again);
    let web = site.path().join("content/web");
    let files: Vec<String> = read_tree(&web).into_keys().collect();
    assert_eq!(
        files,
        [
            "sprint-01.toml",
            "sprint-02.toml",
            "sprint-03.toml",
            "sprint-04.toml",
            "sprint-06.toml",
            "team.toml"
        ]
    );
    let text = std::fs::read_to_string(web.join("sprint-06.toml")).unwrap();
    assert!(
        text.contains("\nnumber = 6\n") && text.contains("id = \"WEB-11\""),
        "{text}"
    );
}

#[test]
fn the_trackers_numbers_are_kept_unless_they_would_not_follow_the_teams() {
    let numbered = |list: &[(&str, u32)]| -> Vec<(String, u32)> {
        list.iter().map(|(f, n)| (f.to_string(), *n)).collect()
    };
    // After sprint 1, cycles 3 and 4 keep their numbers (a gap is the tracker's).
    assert_eq!(
        numbers_after_import(None),
        numbered(&[
            ("sprint-01.toml", 1),
            ("sprint-03.toml", 3),
            ("sprint-04.toml", 4)
        ])
    );
    // After a sprint 3, cycle 3 cannot be 3: both follow it.
    assert_eq!(
        numbers_after_import(Some(3)),
        numbered(&[
            ("sprint-01.toml", 1),
            ("sprint-03.toml", 3),
            ("sprint-04.toml", 4),
            ("sprint-05.toml", 5)
        ])
    );
}

/// The fixture export `file` of `tracker`, changed for one test: each passage (which must be
/// there) replaced, written into `site` under the same name.
pub(crate) fn changed_export(
    tracker: &str,
    file: &str,
    site: &Path,
    changes: &[(&str, &str)],
) -> PathBuf {
    let mut text = std::fs::read_to_string(fixture(tracker).join(file)).unwrap();
    for (from, to) in changes {
        assert!(text.contains(from), "{file} has no `{from}`");
        text = text.replace(from, to);
    }
    let path = site.join(file);
    std::fs::write(&path, &text).unwrap();
    path
}

/// The fixture's Linear site after importing its export once.
fn imported_linear() -> tempfile::TempDir {
    let site = site("linear");
    assert_success(&import(
        "linear",
        site.path(),
        &["issues.csv"],
        &["--team", "web"],
    ));
    site
}

/// The row of WEB-6 in the Linear export, as written (a done issue of cycle 4), for tests that
/// change it.
const WEB_6: &str = "WEB-6,Web,Receipt e-mail,,Done,1,Medium,,Checkout,ada@example.com,,,4,,2026-03-16T00:00:00.000Z,2026-03-30T00:00:00.000Z,2026-03-01T10:00:00.000Z,2026-04-02T10:00:00.000Z,2026-03-26T09:00:00.000Z,,2026-03-27T13:00:00.000Z,";

/// Runs an import expected to fail with exit code 1, writing nothing; returns its stderr.
pub(crate) fn failing(tracker: &str, files: &[&str]) -> String {
    let site = site(tracker);
    let before = read_tree(site.path());
    let out = import(tracker, site.path(), files, &["--team", "web"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read_tree(site.path()), before);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_sprint_missing_from_the_sprint_list_names_its_row_and_column() {
    let stderr = failing("jira", &["bad-sprint.csv", "sprints.json"]);
    assert!(
        stderr.contains(
            "error: row 3, column `Sprint`: the sprint `PLAT Sprint 9` is not in the sprint list"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("jira/bad-sprint.csv:3:63"), "{stderr}");
}

#[test]
fn an_unparseable_date_names_its_row_and_column() {
    let stderr = failing("linear", &["bad-date.csv"]);
    assert!(
        stderr.contains("error: row 2, column `Completed`: `yesterday` is not a date or time"),
        "{stderr}"
    );
    assert!(stderr.contains("linear/bad-date.csv:2:109"), "{stderr}");
}

#[test]
fn an_export_over_max_input_mb_is_refused_as_the_loader_refuses_one() {
    let site = site("linear");
    let root = site.path();
    let config = std::fs::read_to_string(root.join("sprintgen.toml")).unwrap();
    std::fs::write(
        root.join("sprintgen.toml"),
        format!("{config}\n[build]\nmax_input_mb = 1\n"),
    )
    .unwrap();
    // 1.5 MB: the real export, then padding.
    let big = root.join("big.csv");
    let mut text = std::fs::read_to_string(fixture("linear").join("issues.csv")).unwrap();
    text.push_str(&"x".repeat(1_500_000));
    std::fs::write(&big, text).unwrap();
    let before = read_tree(root);
    for (file, size) in [(big.to_str().unwrap(), "1.5"), ("/dev/zero", "1.0")] {
        let out = sprintgen(
            &[
                "import",
                "linear",
                file,
                "--team",
                "web",
                "--root",
                root.to_str().unwrap(),
            ],
            root,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error: `{file}` is {size} MB, over the limit of 1 MB for an input file"
            )) && stderr.contains("raise `max_input_mb` under `[build]` in sprintgen.toml"),
            "{stderr}"
        );
        assert_eq!(read_tree(root), before);
    }
}
