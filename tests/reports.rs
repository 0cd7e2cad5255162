//! The Markdown and JSON reports (`report`, `report --summary`, `diff`) and the badges, on the
//! example site: golden files for the Markdown, and every figure checked against the JSON
//! export and the HTML page of the same build.
//!
//! To accept a deliberate change of a golden file, run `UPDATE_GOLDEN=1 cargo test --test integration reports::`
//! and review the diff (`common::golden`).

use crate::common;

use std::path::Path;

use common::{assert_success, golden, repo_root, sprintgen};

fn stdout(args: &[&str], cwd: &Path) -> String {
    let out = sprintgen(args, cwd);
    assert_success(&out);
    String::from_utf8(out.stdout).unwrap()
}

/// The example site's sprint 4 in the JSON export, and its HTML page.
fn sprint_4_built() -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_success(&sprintgen(
        &["build", "-o", out.to_str().unwrap()],
        &repo_root(),
    ));
    let export: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/alphapulse.json")).unwrap()).unwrap();
    let sprint = export["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == 4)
        .unwrap()
        .clone();
    let page = std::fs::read_to_string(out.join("alphapulse/sprint-04/index.html")).unwrap();
    (sprint, page)
}

fn sprint_4_export() -> serde_json::Value {
    sprint_4_built().0
}

#[test]
fn the_sprint_report_is_the_golden_markdown() {
    golden(
        "report-sprint-04.md",
        &stdout(&["report", "--team", "alphapulse"], &repo_root()),
    );
    golden(
        "report-sprint-01.md",
        &stdout(
            &["report", "--team", "alphapulse", "--sprint", "1"],
            &repo_root(),
        ),
    );
}

#[test]
fn every_figure_of_the_report_is_the_export_s_and_the_page_s() {
    let report = stdout(
        &["report", "--team", "alphapulse", "--sprint", "4"],
        &repo_root(),
    );
    let (s, page) = sprint_4_built();
    for (label, points, percent) in [
        ("Completed", &s["completed"], &s["percent_completed"]),
        ("In progress", &s["in_progress"], &s["percent_in_progress"]),
        ("Not started", &s["not_started"], &s["percent_not_started"]),
    ] {
        let on_page = format!(
            "<span class=\"stat-label\">{label}</span><span class=\"stat-value\">{points} SP</span><span class=\"stat-note\">{percent}%</span>"
        );
        assert!(page.contains(&on_page), "the page lacks {on_page}");
        let in_report = format!("| {label} | {points} SP | {percent}% |");
        assert!(
            report.contains(&in_report),
            "`{in_report}` missing from\n{report}"
        );
    }
    for line in [
        format!("| Total | {} SP | |", s["total"]),
        format!(
            "| Completed | {} SP | {}% |",
            s["completed"], s["percent_completed"]
        ),
        format!(
            "| In progress | {} SP | {}% |",
            s["in_progress"], s["percent_in_progress"]
        ),
        format!(
            "| Not started | {} SP | {}% |",
            s["not_started"], s["percent_not_started"]
        ),
        format!("Committed at the start: {} SP.", s["committed"]),
        format!("({} working days, 12 calendar days)", s["working_days"]),
    ] {
        assert!(report.contains(&line), "`{line}` missing from\n{report}");
    }
    // The seed's headline, worked out by hand: 13 SP, 4 done (31%), 9 not started (69%).
    assert!(report.contains("| Completed | 4 SP | 31% |"));
    assert!(report.contains("| Not started | 9 SP | 69% |"));
}

/// The Mermaid block: an `init` directive that sets the lines' colours (readable in GitHub's
/// light and dark themes), `xychart-beta`, one x label per day of the whole sprint in the
/// site's words ("Tue 28"), the export's ideal line over all of it and the remaining line up to
/// the as-of day, both from the committed start; and the key in words beside it.
#[test]
fn the_burndown_is_a_mermaid_xychart_with_the_export_s_values() {
    let report = stdout(
        &["report", "--team", "alphapulse", "--sprint", "4"],
        &repo_root(),
    );
    let block = report
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a mermaid block");
    let lines: Vec<&str> = block.lines().map(str::trim).collect();
    assert_eq!(
        lines[0],
        r##"%%{init: {"xyChart": {"width": 900, "height": 500}, "themeVariables": {"xyChart": {"plotColorPalette": "#8a94a6, #3b82f6"}}}}%%"##
    );
    assert_eq!(lines[1], "xychart-beta");
    let list = |line: &str, prefix: &str| -> Vec<String> {
        let inner = line
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('['))
            .and_then(|r| r.strip_suffix(']'))
            .unwrap_or_else(|| panic!("`{line}` is not `{prefix}[…]`"));
        inner.split(", ").map(str::to_string).collect()
    };
    let labels = list(lines[2], "x-axis ");
    let (low, high) = lines[3]
        .strip_prefix("y-axis \"Story points\" ")
        .and_then(|r| r.split_once(" --> "))
        .expect("y-axis \"…\" MIN --> MAX");
    assert_eq!(low, "0");
    let high: f64 = high.parse().unwrap();
    let ideal = list(lines[4], "line ");
    let remaining = list(lines[5], "line ");
    assert_eq!(lines.len(), 6);
    let s = sprint_4_export();
    // The whole sprint, Tuesday 28 October to Saturday 8 November, after the start.
    assert_eq!(labels.len(), 13);
    assert_eq!(
        [&labels[0], &labels[1], &labels[5], &labels[12]],
        ["\"start\"", "\"Tue 28\"", "\"Sat 1\"", "\"Sat 8\""]
    );
    let mut expected_ideal = vec![s["committed"].to_string()];
    expected_ideal.extend(s["ideal"].as_array().unwrap().iter().map(|v| v.to_string()));
    assert_eq!(ideal, expected_ideal);
    // Active on its first day: the remaining line ends there.
    assert_eq!(
        remaining,
        [
            s["committed"].to_string(),
            s["days"][0]["remaining"].to_string()
        ]
    );
    for value in ideal.iter().chain(&remaining) {
        assert!(
            value.parse::<f64>().unwrap() <= high,
            "{value} above {high}"
        );
    }
    assert!(report.contains(
        "Key: the **grey** line is the ideal line, from the 13 SP committed to 0 on Saturday 8 Nov, falling on working days only; the **blue** line is what remains at the end of each day, up to Tue 28 Oct (the as-of date)."
    ));
}

#[test]
fn the_json_report_is_the_sprint_s_export() {
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &["report", "--team", "alphapulse", "--format", "json"],
        &repo_root(),
    ))
    .unwrap();
    assert_eq!(json["sprint"], sprint_4_export());
    assert_eq!(json["team"]["slug"], "alphapulse");
    assert_eq!(json["as_of"], "2025-10-28");
}

#[test]
fn the_summary_lists_each_team_s_current_sprint_with_links() {
    let summary = stdout(
        &[
            "report",
            "--summary",
            "--base-url",
            "https://org.github.io/repo",
        ],
        &repo_root(),
    );
    golden("summary.md", &summary);
    assert!(summary.contains(
        "[Sprint 4: Phase 3 Kickoff - Load Testing & Initial Implementation](https://org.github.io/repo/alphapulse/sprint-04/)"
    ));
    let cut = stdout(&["report", "--summary", "--max-bytes", "200"], &repo_root());
    assert!(cut.len() <= 201, "{} bytes", cut.len());
    assert!(
        cut.contains("*Cut to 200 bytes: the whole report is on the site.*"),
        "{cut}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &["report", "--summary", "--format", "json"],
        &repo_root(),
    ))
    .unwrap();
    assert_eq!(json["teams"][0]["current"]["number"], 4);
    assert_eq!(json["teams"][0]["current"]["health"], "on-track");
    assert_eq!(json["teams"][0]["current"]["days_left"], 8);
}

#[test]
fn unknown_teams_and_sprints_are_usage_errors() {
    let out = sprintgen(
        &["report", "--team", "alphapulse", "--sprint", "9"],
        &repo_root(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the team `alphapulse` has no sprint 9"),
        "{stderr}"
    );
    assert!(stderr.contains("its sprints are 1, 2, 3, 4, 5"), "{stderr}");
    let out = sprintgen(&["report", "--team", "nope"], &repo_root());
    assert_eq!(out.status.code(), Some(2));
}

/// Copies the example site's data into `dir`.
fn copy_example(dir: &Path) {
    for entry in walkdir::WalkDir::new(repo_root().join("content")) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(repo_root()).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dir.join(relative)).unwrap();
        } else {
            std::fs::copy(entry.path(), dir.join(relative)).unwrap();
        }
    }
    std::fs::copy(
        repo_root().join("sprintgen.toml"),
        dir.join("sprintgen.toml"),
    )
    .unwrap();
}

/// Each kind of change alone puts the sprint in the diff, named as what it is: a figure (LT
/// re-estimated, health unchanged), a re-estimate, a reopen, an item added or marked done that
/// counts 0 points (no figure moves), an item added and removed the same day, an item of 0
/// points taken out of the sprint or out of the data.
#[test]
fn diff_lists_a_sprint_for_any_one_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    copy_example(&base);
    const LT: &str = "id = \"LT\"\ntitle = \"Load Testing\"\nepic = \"Load Testing\"\npoints = 9";
    const PREP: &str = "notes = \"Sprint 5 preparation.\"\n";
    /// What the diff must say, the change to sprint 4's file, and its name.
    type Case = (&'static str, fn(&str) -> String, &'static str);
    let cases: [Case; 8] = [
        (
            "| 13 → **12** (-1) | 4 | 9 → **8** (-1) | 13 → **12** (-1) | On track |",
            |text| text.replacen(LT, &LT.replace("9", "8"), 1),
            "re-estimated",
        ),
        (
            "- Sprint 4, re-estimated: `LT` 9 → **8 SP** (-1)",
            |text| {
                text.replacen(
                    LT,
                    &format!("{LT}\nestimates = [{{ on = 2025-10-28, points = 8 }}]"),
                    1,
                )
            },
            "re-estimated by an entry",
        ),
        (
            "- Sprint 4, reopened: `CICD`",
            |text| {
                text.replacen(
                    "status = \"done\"\nstarted_on = 2025-10-28\ndone_on = 2025-10-28",
                    "status = \"in-progress\"\nstarted_on = 2025-10-28\nhistory = [{ on = 2025-10-28, status = \"done\" }, { on = 2025-10-28, status = \"in-progress\" }]",
                    1,
                )
            },
            "reopened",
        ),
        (
            "- Sprint 4, added and removed the same day (no change of scope): `BRIEF`",
            |text| {
                format!(
                    "{text}\n[[items]]\nid = \"BRIEF\"\ntitle = \"B\"\npoints = 2\nadded_on = 2025-10-28\nstatus = \"removed\"\nremoved_on = 2025-10-28\n"
                )
            },
            "added and removed",
        ),
        (
            "- Sprint 4, removed from the sprint: `EPIC1-PREP`",
            |text| {
                text.replacen(
                    PREP,
                    &format!("{PREP}status = \"removed\"\nremoved_on = 2025-10-28\n"),
                    1,
                )
            },
            "removed from the sprint",
        ),
        (
            "- Sprint 4, added: `ZERO`",
            |text| {
                format!(
                    "{text}\n[[items]]\nid = \"ZERO\"\ntitle = \"Z\"\npoints = 0\nadded_on = 2025-10-28\n"
                )
            },
            "added",
        ),
        (
            "- Sprint 4, done: `EPIC1-PREP`",
            |text| {
                text.replacen(
                    PREP,
                    &format!("{PREP}status = \"done\"\ndone_on = 2025-10-28\n"),
                    1,
                )
            },
            "done",
        ),
        (
            "- Sprint 4, no longer in the data: `EPIC1-PREP`",
            |text| {
                let text = text.replacen("items = [\"EPIC1-PREP\"]", "status = \"not-started\"", 1);
                let start = text.find("[[items]]\nid = \"EPIC1-PREP\"").unwrap();
                let end = start + text[start..].find("\n# ----").unwrap();
                format!("{}{}", &text[..start], &text[end..])
            },
            "removed",
        ),
    ];
    for (expected, change, what) in cases {
        let head = dir.path().join(what.replace(' ', "-"));
        copy_example(&head);
        let sprint = head.join("content/alphapulse/sprint-04.toml");
        let text = std::fs::read_to_string(&sprint).unwrap();
        let changed = change(&text);
        assert_ne!(changed, text, "{what}: the change applies");
        std::fs::write(&sprint, changed).unwrap();
        let diff = stdout(&["diff", "../base"], &head);
        assert!(diff.contains(expected), "{what}:\n{diff}");
    }
}

/// `report --as-of` describes the sprint as it stood that day: the day before sprint 4 starts,
/// it is planned.
#[test]
fn report_takes_the_as_of_date_it_is_given() {
    let report = stdout(
        &["report", "--team", "alphapulse", "--as-of", "2025-10-27"],
        &repo_root(),
    );
    assert!(
        report.contains("\n**Status**: Planned (as of Mon 27 Oct 2025)"),
        "{report}"
    );
}

/// `diff --as-of` compares both sites as of that day; `--root` names the site to compare.
#[test]
fn diff_takes_the_as_of_date_and_the_root_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = (dir.path().join("base"), dir.path().join("head"));
    copy_example(&base);
    copy_example(&head);
    assert_eq!(
        stdout(
            &["diff", "--root", "head", "--as-of", "2025-10-27", "base"],
            dir.path()
        ),
        "## How this change moves the sprint figures\n\nCompared with `base`, both as of Mon 27 Oct 2025.\n\nNo figure changes.\n"
    );
}

#[test]
fn diff_lists_what_a_change_does_to_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = (dir.path().join("base"), dir.path().join("head"));
    copy_example(&base);
    copy_example(&head);
    assert_eq!(
        stdout(&["diff", "../base"], &head),
        "## How this change moves the sprint figures\n\nCompared with `../base`, both as of Tue 28 Oct 2025.\n\nNo figure changes.\n"
    );
    // The pull request: LT (9 SP) done on the first day, a 3 SP item added that day, and
    // EPIC1-PREP (0 SP) dropped. By hand: committed 13 + 3 = 16 (added on the start day counts
    // as committed), completed 4 + 9 = 13, remaining 16 - 13 = 3, scope 16; on day 1 the ideal
    // is 16 × 8/9 = 14.22 and 3 remain, so the sprint stays on track.
    let sprint = head.join("content/alphapulse/sprint-04.toml");
    let text = std::fs::read_to_string(&sprint).unwrap();
    let text = text.replacen(
        "id = \"LT\"\ntitle = \"Load Testing\"\nepic = \"Load Testing\"\npoints = 9\nowner = \"Backend Engineer\"\nstatus = \"todo\"",
        "id = \"LT\"\ntitle = \"Load Testing\"\nepic = \"Load Testing\"\npoints = 9\nowner = \"Backend Engineer\"\nstatus = \"done\"\ndone_on = 2025-10-28",
        1,
    );
    // The goal that named EPIC1-PREP keeps a status of its own.
    let text = text.replacen("items = [\"EPIC1-PREP\"]", "status = \"not-started\"", 1);
    let start = text.find("[[items]]\nid = \"EPIC1-PREP\"").unwrap();
    let end = text[start + 1..]
        .find("\n[[")
        .map_or(text.len(), |i| start + 1 + i + 1);
    let text = format!(
        "{}{}\n[[items]]\nid = \"NEW-1\"\ntitle = \"Added in review\"\npoints = 3\nadded_on = 2025-10-28\n",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&sprint, text).unwrap();
    golden("diff.md", &stdout(&["diff", "../base"], &head));
    let diff = stdout(&["diff", "../base"], &head);
    assert!(
        diff.contains(
            "| 13 → **16** (+3) | 4 → **13** (+9) | 9 → **3** (-6) | 13 → **16** (+3) | On track |"
        ),
        "{diff}"
    );
    assert!(diff.contains("- Sprint 4, done: `LT`"), "{diff}");
    assert!(diff.contains("- Sprint 4, added: `NEW-1`"), "{diff}");
    assert!(
        diff.contains("- Sprint 4, no longer in the data: `EPIC1-PREP`"),
        "{diff}"
    );
}

#[test]
fn each_team_gets_a_badge_in_svg_and_shields_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_success(&sprintgen(
        &["build", "-o", out.to_str().unwrap()],
        &repo_root(),
    ));
    let svg = std::fs::read_to_string(out.join("badges/alphapulse.svg")).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("the badge is XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let texts: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    // The team's name, so that two teams' badges side by side are told apart.
    assert_eq!(texts, ["AlphaPulse sprint 4", "31% · on track"]);
    assert!(!svg.contains("<filter"), "a plain flat badge");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("badges/alphapulse.json")).unwrap())
            .unwrap();
    // shields.io's endpoint schema: schemaVersion 1 and string label, message and colour.
    assert_eq!(json["schemaVersion"], 1);
    assert_eq!(json["label"], "AlphaPulse sprint 4");
    assert_eq!(json["message"], "31% · on track");
    assert!(
        json["color"]
            .as_str()
            .is_some_and(|c| c.len() == 6 && c.chars().all(|c| c.is_ascii_hexdigit()))
    );
    assert_eq!(json.as_object().unwrap().len(), 4);
}

/// After a re-estimate, the epic totals of the sprint page, the Markdown report and the JSON
/// export agree with each other and add up to the sprint's total; the next sprint's preview
/// shows its items at their size in its own figures and marks the one already done.
#[test]
fn a_re_estimate_moves_the_epic_totals_everywhere_alike() {
    let dir = tempfile::tempdir().unwrap();
    // `init` on Sunday 6 December 2026: the sample sprint runs from 30 November to 11
    // December; every later command runs on Wednesday 16 December, in sprint 2.
    let on = |day: &str, args: &[&str], cwd: &Path| {
        let out = common::sprintgen_command()
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", common::epoch_of(day))
            .output()
            .unwrap();
        assert_success(&out);
        String::from_utf8(out.stdout).unwrap()
    };
    on("2026-12-06", &["init", "site"], dir.path());
    let site = dir.path().join("site");
    let run = |args: &[&str]| on("2026-12-16", args, &site);
    std::fs::write(
        site.join("content/my-team/sprint-02.toml"),
        r#"number = 2
title = "Second sprint"
start = 2026-12-14
end = 2026-12-25

[[items]]
id = "APP-4"
title = "Password reset"
epic = "Login"
points = 2
estimates = [{ on = 2026-12-15, points = 8 }]

[[items]]
id = "APP-5"
title = "Terms page"
points = 1
status = "done"
done_on = 2026-12-15
"#,
    )
    .unwrap();
    // APP-3 "Login page", 3 SP, becomes 5 during sprint 1: 3 + 5 + 5 = 13 SP.
    run(&[
        "item",
        "estimate",
        "APP-3",
        "5",
        "--sprint",
        "1",
        "--on",
        "2026-12-03",
        "--force",
    ]);

    let report = run(&["report", "--sprint", "1"]);
    for line in [
        "### Sign-up (8 SP) — In progress",
        "### Login (5 SP) — Not started",
    ] {
        assert!(report.contains(line), "{line} in:\n{report}");
    }
    assert!(
        report.contains("**APP-3** Login page (5 SP, Designer)"),
        "{report}"
    );
    assert!(
        report.contains(
            "- **APP-4** Password reset (8 SP)\n- **APP-5** Terms page (1 SP), done on Tue 15 Dec"
        ),
        "{report}"
    );
    assert!(
        report.contains("One of its items is already done"),
        "{report}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&run(&["report", "--sprint", "1", "--format", "json"])).unwrap();
    let sprint = &json["sprint"];
    assert_eq!(sprint["total"], 13, "{sprint}");
    let epics: Vec<(String, u64)> = sprint["epics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        epics,
        [("Sign-up".to_string(), 8), ("Login".to_string(), 5)]
    );

    run(&["build"]);
    let page = common::visible_text(
        &std::fs::read_to_string(site.join("public/my-team/sprint-01/index.html")).unwrap(),
    );
    for text in [
        "Sign-up (8 SP)",
        "Login (5 SP)",
        "APP-4 Password reset 8 SP",
        "done 15 Dec",
    ] {
        assert!(page.contains(text), "{text} in:\n{page}");
    }
}
