//! A release over two teams with four sprints each, worked by hand.
//!
//! Both teams run contiguous two-week sprints (14 calendar days); the as-of date is Wed
//! 2025-10-22, when both teams' fourth sprint is in progress. The release takes the epics
//! Checkout and Payments; items of the epic Other are not part of it.
//!
//! | item | team | sprints | size | what happens |
//! |---|---|---|---|---|
//! | A-1 | A | 1 | 5 | done 09-05 |
//! | A-2 | A | 1 | 3 | epic Other: not in the release |
//! | A-3 | A | 1, 2 | 3 | carried over, done 09-18 |
//! | A-4 | A | 2 | 5 | done 09-24 |
//! | A-5 | A | 2, 3 | 2 | Payments, added to sprint 2 on 09-17 (scope added), done 10-01 |
//! | A-6 | A | 3, 4 | 8 | in progress at the end of sprint 3, done 10-14 |
//! | A-7 | A | 3 | 5 | epic Other |
//! | A-8 | A | 4 | 3 | Payments, in progress |
//! | B-1 | B | 1 | 2 | done 09-10 |
//! | B-2 | B | 1 | 3 | done 09-17 |
//! | B-3 | B | 2 | 5 | done 09-30 |
//! | B-4 | B | 2 | 3 | removed 09-25: leaves the release |
//! | B-5 | B | 3 | 5 | Payments, done 10-15 |
//! | B-6 | B | 3 | 2 | done 10-08 |
//! | B-7 | B | 4 | 3 | to do |
//! | B-8 | B | 4 | 5 | to do |

use super::*;
use crate::metrics::team_figures;
use crate::model::{Site, SiteConfig, SourceFile, Sprint, SprintFile, Team, ThemeConfig};

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

const TEAM_A: [&str; 4] = [
    r#"number = 1
title = "A1"
start = 2025-09-01
end = 2025-09-14
[[items]]
id = "A-1"
title = "a1"
epic = "Checkout"
points = 5
status = "done"
done_on = 2025-09-05
[[items]]
id = "A-2"
title = "a2"
epic = "Other"
points = 3
status = "done"
done_on = 2025-09-10
[[items]]
id = "A-3"
title = "a3"
epic = "Checkout"
points = 3
"#,
    r#"number = 2
title = "A2"
start = 2025-09-15
end = 2025-09-28
[[items]]
id = "A-3"
title = "a3"
epic = "Checkout"
points = 3
status = "done"
done_on = 2025-09-18
carried_from = 1
[[items]]
id = "A-4"
title = "a4"
epic = "Checkout"
points = 5
status = "done"
done_on = 2025-09-24
[[items]]
id = "A-5"
title = "a5"
epic = "Payments"
points = 2
added_on = 2025-09-17
"#,
    r#"number = 3
title = "A3"
start = 2025-09-29
end = 2025-10-12
[[items]]
id = "A-5"
title = "a5"
epic = "Payments"
points = 2
status = "done"
done_on = 2025-10-01
carried_from = 2
[[items]]
id = "A-6"
title = "a6"
epic = "Checkout"
points = 8
status = "in-progress"
[[items]]
id = "A-7"
title = "a7"
epic = "Other"
points = 5
status = "done"
done_on = 2025-10-08
"#,
    r#"number = 4
title = "A4"
start = 2025-10-13
end = 2025-10-26
[[items]]
id = "A-6"
title = "a6"
epic = "Checkout"
points = 8
status = "done"
done_on = 2025-10-14
carried_from = 3
[[items]]
id = "A-8"
title = "a8"
epic = "Payments"
points = 3
status = "in-progress"
"#,
];

const TEAM_B: [&str; 4] = [
    r#"number = 1
title = "B1"
start = 2025-09-08
end = 2025-09-21
[[items]]
id = "B-1"
title = "b1"
epic = "Checkout"
points = 2
status = "done"
done_on = 2025-09-10
[[items]]
id = "B-2"
title = "b2"
epic = "Checkout"
points = 3
status = "done"
done_on = 2025-09-17
"#,
    r#"number = 2
title = "B2"
start = 2025-09-22
end = 2025-10-05
[[items]]
id = "B-3"
title = "b3"
epic = "Checkout"
points = 5
status = "done"
done_on = 2025-09-30
[[items]]
id = "B-4"
title = "b4"
epic = "Checkout"
points = 3
status = "removed"
removed_on = 2025-09-25
"#,
    r#"number = 3
title = "B3"
start = 2025-10-06
end = 2025-10-19
[[items]]
id = "B-5"
title = "b5"
epic = "Payments"
points = 5
status = "done"
done_on = 2025-10-15
[[items]]
id = "B-6"
title = "b6"
epic = "Checkout"
points = 2
status = "done"
done_on = 2025-10-08
"#,
    r#"number = 4
title = "B4"
start = 2025-10-20
end = 2025-11-02
[[items]]
id = "B-7"
title = "b7"
epic = "Checkout"
points = 3
[[items]]
id = "B-8"
title = "b8"
epic = "Checkout"
points = 5
"#,
];

const RELEASE: &str = r#"title = "Checkout 2.0"
target = 2025-11-30
teams = ["team-a", "team-b"]
epics = ["Checkout", "Payments"]
"#;

fn team(slug: &str, team_toml: &str, sprints: &[String]) -> Team {
    Team {
        slug: slug.to_string(),
        file: 0,
        config: toml::from_str(team_toml).unwrap(),
        sprints: sprints
            .iter()
            .enumerate()
            .map(|(n, text)| Sprint {
                slug: format!("sprint-{:02}", n + 1),
                file: 0,
                data: toml::from_str::<SprintFile>(text).unwrap(),
            })
            .collect(),
    }
}

fn site(a: &[String], b: &[String], team_toml: &str) -> Site {
    Site {
        config: toml::from_str::<SiteConfig>("title = \"T\"\n").unwrap(),
        teams: vec![team("team-a", team_toml, a), team("team-b", team_toml, b)],
        releases: Vec::new(),
        pages: Vec::new(),
        theme: ThemeConfig::default(),
        sources: vec![SourceFile::new("sprintgen.toml", "")],
    }
}

fn release_of(site: &Site, release: &str) -> ReleaseFigures {
    let as_of = d("2025-10-22");
    let figures: Vec<TeamFigures> = site
        .teams
        .iter()
        .map(|t| team_figures(site, t, as_of))
        .collect();
    let teams: Vec<ReleaseTeam> = site
        .teams
        .iter()
        .zip(&figures)
        .map(|(team, figures)| ReleaseTeam { team, figures })
        .collect();
    compute(&toml::from_str(release).unwrap(), &teams, as_of)
}

fn figures(extra_b4: &str) -> ReleaseFigures {
    let a: Vec<String> = TEAM_A.iter().map(|s| s.to_string()).collect();
    let mut b: Vec<String> = TEAM_B.iter().map(|s| s.to_string()).collect();
    b[3].push_str(extra_b4);
    release_of(&site(&a, &b, "name = \"T\"\n"), RELEASE)
}

#[test]
fn the_burn_up_has_a_point_at_the_start_and_at_each_sprint_end() {
    let f = figures("");
    let points: Vec<(String, f64, f64)> = f
        .burnup
        .iter()
        .map(|p| (p.date.to_string(), p.completed.0, p.scope.0))
        .collect();
    let expected = [
        // Everything but A-5 (added later) is planned at the start; nothing is done yet.
        // A: 5 + 3 + 5 + 8 + 3 = 24; B: 2 + 3 + 5 + 3 + 5 + 2 + 3 + 5 = 28.
        ("2025-09-01", 0.0, 52.0),
        // A-1 (5) and B-1 (2).
        ("2025-09-14", 7.0, 52.0),
        // A-5 joined on 09-17 (+2); A-3 (3, in sprint 2 now) and B-2 (3) done.
        ("2025-09-21", 13.0, 54.0),
        // B-4 left on 09-25 (-3); A-4 (5) done.
        ("2025-09-28", 18.0, 51.0),
        // A-5 (2, in sprint 3 now) and B-3 (5).
        ("2025-10-05", 25.0, 51.0),
        // B-6 (2); A-6 is still in progress in sprint 3.
        ("2025-10-12", 27.0, 51.0),
        // A-6 (8, done in sprint 4) and B-5 (5).
        ("2025-10-19", 40.0, 51.0),
        // The as-of date, both teams' fourth sprints in progress.
        ("2025-10-22", 40.0, 51.0),
    ];
    let expected: Vec<(String, f64, f64)> = expected
        .iter()
        .map(|(date, c, s)| (date.to_string(), *c, *s))
        .collect();
    assert_eq!(points, expected);
    assert_eq!(
        f.start,
        d("2025-09-01"),
        "the first sprint with a release item"
    );
}

#[test]
fn totals_scope_change_epics_and_teams() {
    let f = figures("");
    assert_eq!(f.items, 13, "14 matching items, B-4 removed");
    assert_eq!(
        (
            f.scope.0,
            f.completed.0,
            f.in_progress.0,
            f.todo.0,
            f.remaining.0
        ),
        (51.0, 40.0, 3.0, 8.0, 11.0)
    );
    // 40 / 51 = 78.4%.
    assert_eq!(f.percent_done, 78);
    // +2 (A-5) - 3 (B-4).
    assert_eq!((f.scope_at_start.0, f.scope_change.0), (52.0, -1.0));
    assert_eq!(
        f.added,
        [AddedItem {
            team: 0,
            item: "A-5".into(),
            date: d("2025-09-17"),
            size: Points(2.0)
        }]
    );
    type Row<'a> = (Option<&'a str>, f64, f64, f64, f64, u32);
    let epics: Vec<Row> = f
        .epics
        .iter()
        .map(|e| {
            (
                e.name.as_deref(),
                e.done.0,
                e.in_progress.0,
                e.todo.0,
                e.total.0,
                e.percent_done,
            )
        })
        .collect();
    assert_eq!(
        epics,
        [
            // A-1 5, A-3 3, A-4 5, A-6 8, B-1 2, B-2 3, B-3 5, B-6 2 done (33); B-7 3, B-8 5.
            (Some("Checkout"), 33.0, 0.0, 8.0, 41.0, 80),
            // A-5 2 and B-5 5 done; A-8 3 in progress.
            (Some("Payments"), 7.0, 3.0, 0.0, 10.0, 70),
        ]
    );
    let teams: Vec<(f64, f64, u32)> = f
        .teams
        .iter()
        .map(|t| (t.done.0, t.total.0, t.percent_done))
        .collect();
    // A: 23 of 26 (88.5%); B: 17 of 25 (68%).
    assert_eq!(teams, [(23.0, 26.0, 88), (17.0, 25.0, 68)]);
}

#[test]
fn the_forecast_samples_the_combined_velocity() {
    let f = figures("");
    let forecast = f.forecast.unwrap();
    // Closed sprints: A 8, 8, 7 and B 5, 5, 7, summed by recency.
    assert_eq!(forecast.history, [Points(13.0), Points(13.0), Points(14.0)]);
    assert_eq!(forecast.sprint_days, 14);
    // Every draw covers the 11 remaining points: one sprint, 14 days after the as-of date.
    assert_eq!((forecast.p50_sprints, forecast.p85_sprints), (1, 1));
    assert_eq!(forecast.p85_date, d("2025-11-05"));
    // 39 days to the target hold two whole sprints, which every trial needs at most.
    assert_eq!(f.percent_by_target, Some(100));
    assert_eq!(f.verdict, Verdict::OnTrack);
}

#[test]
fn a_larger_backlog_is_at_risk() {
    // 16 more points to do: 27 remaining. Two draws cover 27 only with at least one 14:
    // 1 - (2/3)^2 = 5/9 = 55.6% of trials; three draws always do (at least 39).
    let f = figures("[[items]]\nid = \"B-9\"\ntitle = \"b9\"\nepic = \"Checkout\"\npoints = 16\n");
    assert_eq!(f.remaining.0, 27.0);
    let forecast = f.forecast.unwrap();
    assert_eq!((forecast.p50_sprints, forecast.p85_sprints), (2, 3));
    assert_eq!(forecast.p50_date, d("2025-11-19"));
    assert_eq!(forecast.p85_date, d("2025-12-03"));
    // The target holds two sprints: 5/9 of trials, give or take the sampling.
    let share = f.percent_by_target.unwrap();
    assert!((54..=57).contains(&share), "{share}%");
    assert_eq!(f.verdict, Verdict::AtRisk);
}

#[test]
fn a_release_counts_issues_when_its_teams_do() {
    let a: Vec<String> = TEAM_A.iter().map(|s| s.to_string()).collect();
    let b: Vec<String> = TEAM_B.iter().map(|s| s.to_string()).collect();
    let f = release_of(&site(&a, &b, "name = \"T\"\nunit = \"issues\"\n"), RELEASE);
    // 13 items, 10 done (all but A-8, in progress, and B-7 and B-8).
    assert_eq!(f.unit, Unit::Issues);
    assert_eq!(
        (f.scope.0, f.completed.0, f.in_progress.0),
        (13.0, 10.0, 1.0)
    );
    // At the start: the 13 items but A-5, and B-4 (not removed yet).
    assert_eq!(f.burnup[0].scope.0, 13.0);
}

#[test]
fn an_id_prefix_filter_and_an_explicit_start() {
    let a: Vec<String> = TEAM_A.iter().map(|s| s.to_string()).collect();
    let b: Vec<String> = TEAM_B.iter().map(|s| s.to_string()).collect();
    let release = "title = \"B only\"\ntarget = 2025-11-30\nstart = 2025-09-22\nteams = [\"team-a\", \"team-b\"]\nid_prefixes = [\"B-\"]\n";
    let f = release_of(&site(&a, &b, "name = \"T\"\n"), release);
    // Team B's sprints from the second one (the first ended before the start): B-3, B-5,
    // B-6, B-7, B-8 (B-4 was removed).
    assert_eq!(f.items, 5);
    assert_eq!((f.scope.0, f.completed.0), (20.0, 12.0));
    assert_eq!(f.burnup[0].date, d("2025-09-22"));
    assert_eq!(f.burnup[0].scope.0, 23.0, "B-4 is still there at the start");
}

#[test]
fn combined_history_sums_by_recency() {
    assert_eq!(
        combined_history(&[&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0]]),
        [13.0, 24.0]
    );
    assert!(combined_history(&[&[1.0], &[]]).is_empty());
}

#[test]
fn an_item_that_leaves_on_a_burn_up_day_is_out_of_it_that_day() {
    // B-9 (4) is planned in B's fourth sprint and removed on the as-of date: in the scope of
    // the point on 10-19, out of it on 10-22 and of the totals.
    let f = figures(
        "[[items]]\nid = \"B-9\"\ntitle = \"b9\"\nepic = \"Checkout\"\npoints = 4\nremoved_on = 2025-10-22\n",
    );
    let last: Vec<(String, f64)> = f.burnup[f.burnup.len() - 2..]
        .iter()
        .map(|p| (p.date.to_string(), p.scope.0))
        .collect();
    assert_eq!(
        last,
        [
            ("2025-10-19".to_string(), 55.0),
            ("2025-10-22".to_string(), 51.0)
        ]
    );
    assert_eq!(f.scope.0, 51.0);
}

#[test]
fn the_burn_up_starts_at_an_explicit_start() {
    let a: Vec<String> = TEAM_A.iter().map(|s| s.to_string()).collect();
    let b: Vec<String> = TEAM_B.iter().map(|s| s.to_string()).collect();
    let release = "title = \"Late\"\ntarget = 2025-11-30\nstart = 2025-09-22\nteams = [\"team-a\", \"team-b\"]\nepics = [\"Checkout\", \"Payments\"]\n";
    let f = release_of(&site(&a, &b, "name = \"T\"\n"), release);
    // Sprint ends before the start (09-14, 09-21) are not points of it.
    let dates: Vec<String> = f.burnup.iter().map(|p| p.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2025-09-22",
            "2025-09-28",
            "2025-10-05",
            "2025-10-12",
            "2025-10-19",
            "2025-10-22"
        ]
    );
}

#[test]
fn a_release_past_its_target_with_work_left_is_off_track() {
    let a: Vec<String> = TEAM_A.iter().map(|s| s.to_string()).collect();
    let b: Vec<String> = TEAM_B.iter().map(|s| s.to_string()).collect();
    // Three weeks past the target: more than a sprint's length.
    let release = RELEASE.replace("2025-11-30", "2025-10-01");
    let f = release_of(&site(&a, &b, "name = \"T\"\n"), &release);
    assert_eq!(f.remaining.0, 11.0);
    assert_eq!(
        (f.verdict, f.percent_by_target),
        (Verdict::OffTrack, Some(0))
    );
    // On the target day itself the forecast decides: no sprint is left, so no trial ends.
    let on_the_day = release_of(
        &site(&a, &b, "name = \"T\"\n"),
        &RELEASE.replace("2025-11-30", "2025-10-22"),
    );
    assert_eq!(
        (on_the_day.verdict, on_the_day.percent_by_target),
        (Verdict::OffTrack, Some(0))
    );
}
