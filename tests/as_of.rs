//! `--as-of` a day before some of the recorded events: the site shows the sprints as they
//! stood that day, every figure worked out by hand. Without `--as-of`, an event after the
//! as-of date is still an error (a typo guard).

use crate::common;

use common::{assert_success, read_tree, repo_root, sprintgen};
use serde_json::{Value, json};

/// A sprint from Monday 3 to Friday 14 November 2025 (ten working days), recorded up to
/// Monday 10 November: A (3 points) started on the 4th and done on the 5th; B (5) added on the
/// 6th and started on the 7th; C (2) removed on the 7th; D (1) to do.
const SPRINT: &str = r#"number = 1
title = "First"
start = 2025-11-03
end = 2025-11-14

[[items]]
id = "A"
title = "Started on the 4th, done on the 5th"
points = 3
status = "done"
started_on = 2025-11-04
done_on = 2025-11-05

[[items]]
id = "B"
title = "Added on the 6th, started on the 7th"
points = 5
status = "in-progress"
added_on = 2025-11-06
started_on = 2025-11-07

[[items]]
id = "C"
title = "Removed on the 7th"
points = 2
status = "removed"
removed_on = 2025-11-07

[[items]]
id = "D"
title = "To do"
points = 1

[[standups]]
date = 2025-11-05
completed = ["A"]
"#;

fn site(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("content/team-a")).unwrap();
    std::fs::write(
        dir.join("sprintgen.toml"),
        "title = \"T\"\nas_of = 2025-11-10\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/team-a/team.toml"), "name = \"Team A\"\n").unwrap();
    std::fs::write(dir.join("content/team-a/sprint-01.toml"), SPRINT).unwrap();
}

/// The export's figures of a team's sprint, built as of `day`.
fn sprint_as_of(root: &std::path::Path, day: &str, team: &str, number: u64) -> (Value, String) {
    let out = tempfile::tempdir().unwrap();
    let run = sprintgen(
        &["build", "--as-of", day, "-o", out.path().to_str().unwrap()],
        root,
    );
    assert_success(&run);
    let files = read_tree(out.path());
    let export: Value = serde_json::from_slice(&files[&format!("data/{team}.json")]).unwrap();
    let sprint = export["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == number)
        .unwrap()
        .clone();
    let slug = sprint["slug"].as_str().unwrap().to_string();
    let page = String::from_utf8(files[&format!("{team}/{slug}/index.html")].clone()).unwrap();
    (sprint, page)
}

#[test]
fn each_day_shows_the_sprint_as_it_stood() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    // (day, status, total, completed, in progress, to do, the last day's ideal line)
    let expected = [
        ("2025-11-02", "planned", 6, 0, 0, 6, None),
        ("2025-11-03", "active", 6, 0, 0, 6, Some(5.4)),
        ("2025-11-04", "active", 6, 0, 3, 3, Some(4.8)),
        ("2025-11-05", "active", 6, 3, 0, 3, Some(4.2)),
        ("2025-11-06", "active", 11, 3, 0, 8, Some(3.6)),
        ("2025-11-07", "active", 9, 3, 5, 1, Some(3.0)),
        ("2025-11-10", "active", 9, 3, 5, 1, Some(2.4)),
    ];
    for (day, status, total, done, progress, todo, ideal) in expected {
        let (s, page) = sprint_as_of(dir.path(), day, "team-a", 1);
        let figures = (
            s["status"].as_str().unwrap(),
            &s["committed"],
            &s["total"],
            &s["completed"],
            &s["in_progress"],
            &s["not_started"],
        );
        let wanted = (
            status,
            &json!(6),
            &json!(total),
            &json!(done),
            &json!(progress),
            &json!(todo),
        );
        assert_eq!(figures, wanted, "as of {day}");
        let last = s["days"].as_array().unwrap().last().cloned();
        assert_eq!(
            last.as_ref().map(|d| d["date"].clone()),
            ideal.map(|_| json!(day)),
            "as of {day}"
        );
        assert_eq!(
            last.map(|d| d["ideal"].as_f64().unwrap()),
            ideal,
            "as of {day}"
        );
        // The stand-up of the 5th is there from the 5th on.
        assert_eq!(
            page.contains("id=\"standups\""),
            day >= "2025-11-05",
            "as of {day}"
        );
    }
    // Scope changes come on their day: B added on the 6th, C removed on the 7th.
    let (s, _) = sprint_as_of(dir.path(), "2025-11-06", "team-a", 1);
    assert_eq!(
        s["scope_changes"],
        json!([{ "date": "2025-11-06", "delta": 5, "item": "B", "kind": "added" }])
    );
    assert_eq!(s["lists"]["removed"], json!([]));
    assert_eq!(s["lists"]["not_completed"], json!(["B", "C", "D"]));
    let (s, _) = sprint_as_of(dir.path(), "2025-11-04", "team-a", 1);
    assert_eq!(s["lists"]["added"], json!([]));
    assert_eq!(s["lists"]["completed"], json!([]));
}

#[test]
fn without_as_of_a_later_event_is_still_an_error() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let config = dir.path().join("sprintgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("2025-11-10", "2025-11-04")).unwrap();
    let out = sprintgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`A` is done on 2025-11-05, after the as-of date 2025-11-04"),
        "{stderr}"
    );
    // The data is still checked as recorded when `--as-of` is earlier: a typo is caught.
    std::fs::write(&config, text).unwrap();
    let sprint = dir.path().join("content/team-a/sprint-01.toml");
    std::fs::write(
        &sprint,
        SPRINT.replace("done_on = 2025-11-05", "done_on = 2025-11-12"),
    )
    .unwrap();
    let out = sprintgen(&["check", "--as-of", "2025-11-04"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("`A` is done on 2025-11-12, after the as-of date 2025-11-10"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The example site is recorded up to 28 October 2025, sprint 4's first day, when CICD and HELM
/// (2 points each) were done, a stand-up held and a blocker raised. Its 13 committed points over
/// 9 working days (Tuesday 28 October to Friday 7 November; the sprint ends on Saturday the
/// 8th) draw the ideal line 13 × (1 − k/9) after k working days.
#[test]
fn the_example_sprint_4_as_of_each_of_its_days() {
    let root = repo_root();
    let (s, page) = sprint_as_of(&root, "2025-10-27", "alphapulse", 4);
    assert_eq!(
        (
            s["status"].as_str(),
            &s["completed"],
            &s["not_started"],
            &s["days"]
        ),
        (Some("planned"), &json!(0), &json!(13), &json!([]))
    );
    assert_eq!(s["lists"]["completed"], json!([]));
    assert!(!page.contains("id=\"standups\"") && !page.contains("id=\"blockers\""));
    let ideal = [
        11.56, 10.11, 8.67, 7.22, 7.22, 7.22, 5.78, 4.33, 2.89, 1.44, 0.0, 0.0,
    ];
    let days = [
        "2025-10-28",
        "2025-10-29",
        "2025-10-30",
        "2025-10-31",
        "2025-11-01",
        "2025-11-02",
        "2025-11-03",
        "2025-11-04",
        "2025-11-05",
        "2025-11-06",
        "2025-11-07",
        "2025-11-08",
    ];
    for (n, day) in days.iter().enumerate() {
        let (s, page) = sprint_as_of(&root, day, "alphapulse", 4);
        assert_eq!(
            (
                s["status"].as_str(),
                &s["completed"],
                &s["not_started"],
                &s["in_progress"]
            ),
            (Some("active"), &json!(4), &json!(9), &json!(0)),
            "as of {day}"
        );
        let series = s["days"].as_array().unwrap();
        assert_eq!(series.len(), n + 1, "as of {day}");
        let last = &series[n];
        assert_eq!(
            (
                &last["date"],
                last["ideal"].as_f64(),
                &last["remaining"],
                &last["scope"]
            ),
            (&json!(day), Some(ideal[n]), &json!(9), &json!(13)),
            "as of {day}"
        );
        assert_eq!(s["lists"]["completed"], json!(["CICD", "HELM"]));
        assert!(page.contains("id=\"standups\"") && page.contains("id=\"blockers\""));
    }
}

/// Sprint 3 (summary form: 34 SP committed) as of its first day, Tuesday 14 October: it runs,
/// nothing is reported yet, so its headline says that rather than "Not started" beside its
/// "Active" status, and its share is of the commitment.
#[test]
fn a_running_sprint_without_figures_says_so_in_its_headline() {
    let (s, page) = sprint_as_of(&repo_root(), "2025-10-14", "alphapulse", 3);
    assert_eq!(s["status"], "active");
    let line = page.split("<p class=\"headline-state\">").nth(1).unwrap();
    assert_eq!(
        &line[..line.find("</p>").unwrap()],
        "Day 1 of 9 · 0 SP done of 34 committed (0%) · No figures reported yet"
    );
}
