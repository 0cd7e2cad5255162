//! The commands that edit sprint data: `item …` and `standup` on a sprint file kept by hand
//! (comments, odd spacing, multi-line lists), compared byte for byte with golden files; their
//! refusals, which write nothing; their effect on a build; and `fmt`.

use crate::common;

use std::path::Path;

use common::{assert_success, read_tree, repo_root, sprintgen};

const SPRINT: &str = "content/payments/sprint-07.toml";

/// A copy of a fixture folder under `tests/fixtures/`.
fn copy(fixture: &str, to: &Path) {
    let from = repo_root().join("tests/fixtures").join(fixture);
    for (path, bytes) in read_tree(&from) {
        let target = to.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Each command, its golden file under `tests/fixtures/edit/expected/`, and its summary line
/// (figures worked by hand: PAY-1 5 SP done, PAY-2 5 SP re-estimated to 8 on 4 Nov, PAY-3 3 SP
/// in progress; as of 5 Nov).
const GOLDEN: [(&str, &[&str], &str); 8] = [
    (
        "item-add",
        &[
            "item", "add", "PAY-4", "--title", "Refunds", "--points", "2", "--epic", "Checkout",
            "--owner", "Ben",
        ],
        "sprint 7: PAY-4 added on 2025-11-05 (2 SP) — 18 SP, 5 completed (28%)",
    ),
    (
        "item-start",
        &["item", "start", "PAY-2"],
        "sprint 7: PAY-2 started on 2025-11-05 — 16 SP, 5 completed (31%)",
    ),
    (
        "item-done",
        &["item", "done", "PAY-3"],
        "sprint 7: PAY-3 done on 2025-11-05 — 16 SP, 8 completed (50%)",
    ),
    (
        "item-remove",
        &["item", "remove", "PAY-2"],
        "sprint 7: PAY-2 removed on 2025-11-05 — 8 SP, 5 completed (63%)",
    ),
    (
        "item-reopen",
        &["item", "reopen", "PAY-1"],
        "sprint 7: PAY-1 reopened on 2025-11-05: in progress again — 16 SP, 0 completed (0%)",
    ),
    (
        "item-estimate",
        &["item", "estimate", "PAY-2", "13"],
        "sprint 7: PAY-2 re-estimated on 2025-11-05: 8 SP → 13 SP — 21 SP, 5 completed (24%)",
    ),
    (
        "standup-add",
        &[
            "standup",
            "--done",
            "3-D Secure flow",
            "--blocker",
            "Sandbox keys",
            "--next",
            "Refunds",
        ],
        "sprint 7: stand-up of 2025-11-05 added: 1 completed, 1 blocker, 1 next — 16 SP, 5 completed (31%)",
    ),
    (
        "standup-extend",
        &[
            "standup",
            "--on",
            "2025-11-04",
            "--planned",
            "Demo",
            "--done",
            "Receipts started",
            "--next",
            "Refunds",
        ],
        "sprint 7: stand-up of 2025-11-04 extended: 1 planned, 1 completed, 1 next — 16 SP, 5 completed (31%)",
    ),
];

#[test]
fn each_edit_changes_only_what_it_says() {
    for (name, args, summary) in GOLDEN {
        let dir = tempfile::tempdir().unwrap();
        copy("edit/site", dir.path());
        let before = read_tree(dir.path());
        let out = sprintgen(args, dir.path());
        assert_success(&out);
        assert_eq!(stdout(&out), format!("{summary}\n"), "{name}");
        let expected =
            std::fs::read(repo_root().join(format!("tests/fixtures/edit/expected/{name}.toml")))
                .unwrap();
        let mut after = read_tree(dir.path());
        let edited = after.remove(SPRINT).unwrap();
        assert!(
            edited == expected,
            "{name}: the file differs from its golden file:\n{}",
            String::from_utf8_lossy(&edited)
        );
        let mut unchanged = before;
        unchanged.remove(SPRINT);
        assert_eq!(after, unchanged, "{name} changed another file");
    }
}

#[test]
fn a_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy("edit/site", dir.path());
    let before = read_tree(dir.path());
    let out = sprintgen(&["item", "done", "PAY-3", "--dry-run"], dir.path());
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "--- a/content/payments/sprint-07.toml\n+++ b/content/payments/sprint-07.toml\n@@ -31,8 +31,9 @@\n id=\"PAY-3\"\n title=\"Receipts\"\n points=3\n-status=\"in-progress\"   # started late\n+status=\"done\"   # started late\n started_on=2025-11-04\n+done_on = 2025-11-05\n tasks = [{ text = \"Template\", done = true }, { text = \"Mailer\", done = false }]\n \n \nsprint 7: PAY-3 done on 2025-11-05 — 16 SP, 8 completed (50%)\n"
    );
    assert!(stderr(&out).contains("was not changed"));
    assert_eq!(read_tree(dir.path()), before);
}

/// Runs a command that must be refused: its exit code, its message, and no file changed.
fn assert_refused(dir: &Path, args: &[&str], code: i32, message: &str) {
    let before = read_tree(dir);
    let out = sprintgen(args, dir);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    assert!(
        stderr(&out).contains(message),
        "{args:?}:\n{}",
        stderr(&out)
    );
    assert_eq!(read_tree(dir), before, "{args:?} wrote something");
}

#[test]
fn refusals_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy("edit/site", dir.path());
    let site = dir.path();
    assert_refused(
        site,
        &["item", "done", "PAY-9"],
        2,
        "sprint 7 has no item `PAY-9`",
    );
    assert_refused(
        site,
        &["item", "done", "pay3"],
        2,
        "help: did you mean `PAY-3`?",
    );
    assert_refused(
        site,
        &["item", "add", "PAY-1", "--title", "T", "--points", "1"],
        2,
        "already has an item `PAY-1`",
    );
    assert_refused(
        site,
        &["item", "start", "PAY-1"],
        2,
        "`PAY-1` is already done on 2025-11-04",
    );
    assert_refused(site, &["item", "reopen", "PAY-3"], 2, "`PAY-3` is not done");
    assert_refused(
        site,
        &["item", "done", "PAY-3", "--on", "2025-11-06"],
        2,
        "2025-11-06 is after the as-of date 2025-11-05",
    );
    assert_refused(
        site,
        &["item", "done", "PAY-3", "--team", "web"],
        2,
        "error: there is no team `web`\n  = help: the teams are `payments`\n",
    );
    assert_refused(
        site,
        &["item", "done", "PAY-3", "--sprint", "8"],
        2,
        "error: the team `payments` has no sprint 8\n  = help: its sprints are 6, 7\n",
    );
    assert_refused(
        site,
        &["item", "done", "PAY-1", "--on", "2025-11-01"],
        2,
        "no sprint of `payments` is active on 2025-11-01",
    );
    assert_refused(
        site,
        &["item", "add", "X", "--title", "T", "--points", "-1"],
        2,
        "is not a number of points",
    );
    assert_refused(site, &["standup"], 2, "--done");
    // An edit that makes the site invalid: done on 1 Nov, but started on 4 Nov.
    assert_refused(
        site,
        &[
            "item",
            "done",
            "PAY-3",
            "--sprint",
            "7",
            "--on",
            "2025-11-01",
        ],
        1,
        "error: `PAY-3` is started on 2025-11-04, after it was done (2025-11-01)\n  --> content/payments/sprint-07.toml:35:12",
    );
    // A closed sprint needs --force.
    assert_refused(
        site,
        &["item", "done", "PAY-0", "--sprint", "6"],
        2,
        "sprint 6 of `payments` is closed on 2025-11-05 (it ended on 2025-10-31)",
    );
    let forced = sprintgen(
        &[
            "item",
            "done",
            "PAY-0",
            "--sprint",
            "6",
            "--on",
            "2025-10-31",
            "--force",
        ],
        site,
    );
    assert_success(&forced);
    assert_eq!(
        stdout(&forced),
        "sprint 6: PAY-0 done on 2025-10-31 — 3 SP, 3 completed (100%)\n"
    );
    // A file that does not parse: the parse error, with its place.
    let path = site.join(SPRINT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("points=3\n", "points=\n")).unwrap();
    assert_refused(
        site,
        &["item", "done", "PAY-3"],
        1,
        "--> content/payments/sprint-07.toml:33:8",
    );
}

#[test]
fn an_edit_then_a_build_changes_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    for (path, bytes) in read_tree(&repo_root().join("content")) {
        let target = site.join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    std::fs::copy(
        repo_root().join("sprintgen.toml"),
        site.join("sprintgen.toml"),
    )
    .unwrap();
    let sprint_4 = |site: &Path| {
        assert_success(&sprintgen(&["build", "-q"], site));
        let export: serde_json::Value = serde_json::from_slice(
            &std::fs::read(site.join("public/data/alphapulse.json")).unwrap(),
        )
        .unwrap();
        let sprint = export["sprints"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["number"] == 4)
            .unwrap()
            .clone();
        (
            sprint["completed"].clone(),
            sprint["percent_completed"].clone(),
        )
    };
    assert_eq!(sprint_4(site), (4.into(), 31.into()));
    // From the team's folder: the site is found above it.
    let out = sprintgen(&["item", "done", "LT"], &site.join("content/alphapulse"));
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "sprint 4: LT done on 2025-10-28 — 13 SP, 13 completed (100%)\n"
    );
    assert_eq!(sprint_4(site), (13.into(), 100.into()));
}

#[test]
fn fmt_puts_the_files_in_canonical_form_and_changes_no_value() {
    let dir = tempfile::tempdir().unwrap();
    copy("fmt/site", dir.path());
    // A folder whose name starts with a dot is not the site's: fmt leaves it alone.
    let hidden = dir.path().join("content/.drafts/sprint-01.toml");
    std::fs::create_dir_all(hidden.parent().unwrap()).unwrap();
    std::fs::write(&hidden, "title=\"Draft\"\nnumber=1\n").unwrap();
    let before = read_tree(dir.path());
    let check = sprintgen(&["fmt", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("+++ b/content/web/sprint-01.toml"));
    assert!(stderr(&check).contains("3 files are not in canonical form"));
    assert_eq!(read_tree(dir.path()), before, "--check writes nothing");

    assert_success(&sprintgen(&["fmt"], dir.path()));
    let expected = read_tree(&repo_root().join("tests/fixtures/fmt/expected"));
    for (path, bytes) in &expected {
        let formatted = std::fs::read(dir.path().join(path)).unwrap();
        assert!(
            &formatted == bytes,
            "{path} differs from its golden file:\n{}",
            String::from_utf8_lossy(&formatted)
        );
        let values = |b: &[u8]| String::from_utf8_lossy(b).parse::<toml::Table>().unwrap();
        assert_eq!(
            values(&formatted),
            values(&before[path]),
            "{path}: a value changed"
        );
    }
    assert_success(&sprintgen(&["fmt", "--check"], dir.path()));
    assert_success(&sprintgen(&["check"], dir.path()));
    assert_eq!(
        std::fs::read_to_string(&hidden).unwrap(),
        "title=\"Draft\"\nnumber=1\n"
    );
}

#[test]
fn the_example_site_is_in_canonical_form() {
    let out = sprintgen(&["fmt", "--check"], &repo_root());
    assert_success(&out);
    assert_eq!(stdout(&out), "");
}

/// A sprint planned after the as-of date (5 Nov) for the fixture's team.
const SPRINT_8: &str = "number = 8\ntitle = \"Checkout v3\"\nstart = 2025-11-17\nend = 2025-11-28\n\n[[items]]\nid = \"PAY-10\"\ntitle = \"Wallets\"\npoints = 3\n\n[[items]]\nid = \"PAY-11\"\ntitle = \"Vouchers\"\npoints = 5\n";

/// Runs an edit that must succeed; returns its summary line.
fn edited(site: &Path, args: &[&str]) -> String {
    let out = sprintgen(args, site);
    assert_success(&out);
    stdout(&out)
}

#[test]
fn before_a_sprint_starts_an_edit_changes_the_plan_itself() {
    let dir = tempfile::tempdir().unwrap();
    copy("edit/site", dir.path());
    let site = dir.path();
    let path = site.join("content/payments/sprint-08.toml");
    std::fs::write(&path, SPRINT_8).unwrap();
    // Removed before the start: never in the sprint, so its entry goes (the other stays).
    assert_eq!(
        edited(site, &["item", "remove", "PAY-10", "--sprint", "8"]),
        "sprint 8: PAY-10 removed before the sprint starts (2025-11-17): its entry is deleted — 5 SP, 0 completed (0%)\n"
    );
    // Re-estimated before the start: the points themselves change, no dated estimate.
    assert_eq!(
        edited(site, &["item", "estimate", "PAY-11", "8", "--sprint", "8"]),
        "sprint 8: PAY-11 estimated at 8 SP (was 5 SP) — 8 SP, 0 completed (0%)\n"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "number = 8\ntitle = \"Checkout v3\"\nstart = 2025-11-17\nend = 2025-11-28\n\n[[items]]\nid = \"PAY-11\"\ntitle = \"Vouchers\"\npoints = 8\n"
    );
}

/// The first day of a sprint is in the sprint: an item added then is committed, and one
/// removed or re-estimated then is a change of scope, recorded with its date. Figures as of
/// 5 Nov: PAY-1 5 SP done, PAY-2 8 SP (5 re-estimated on 4 Nov), PAY-3 3 SP in progress.
#[test]
fn on_the_first_day_of_a_sprint_edits_are_dated() {
    let dir = tempfile::tempdir().unwrap();
    copy("edit/site", dir.path());
    let site = dir.path();
    let on = ["--on", "2025-11-03"];
    let args = |a: &[&'static str]| [a, &on[..]].concat();
    assert_eq!(
        edited(
            site,
            &args(&[
                "item", "add", "PAY-4", "--title", "Refunds", "--points", "2"
            ])
        ),
        "sprint 7: PAY-4 added (2 SP) — 18 SP, 5 completed (28%)\n"
    );
    assert_eq!(
        edited(site, &args(&["item", "estimate", "PAY-3", "5"])),
        "sprint 7: PAY-3 re-estimated on 2025-11-03: 3 SP → 5 SP — 20 SP, 5 completed (25%)\n"
    );
    assert_eq!(
        edited(site, &args(&["item", "remove", "PAY-4"])),
        "sprint 7: PAY-4 removed on 2025-11-03 — 18 SP, 5 completed (28%)\n"
    );
    let text = std::fs::read_to_string(site.join(SPRINT)).unwrap();
    assert!(
        text.contains("estimates = [{ on = 2025-11-03, points = 5 }]"),
        "{text}"
    );
    assert!(
        text.contains(
            "[[items]]\nid = \"PAY-4\"\ntitle = \"Refunds\"\npoints = 2\nstatus = \"removed\"\nremoved_on = 2025-11-03\n\n\n# ---- stand-ups"
        ),
        "{text}"
    );
    assert_refused(
        site,
        &["item", "done", "PAY-4"],
        2,
        "error: `PAY-4` was removed on 2025-11-03\n --> content/payments/sprint-07.toml\n  = help: a removed item stays out of the sprint; add it again under a new id",
    );
    assert_refused(
        site,
        &["item", "start", "PAY-3"],
        2,
        "error: `PAY-3` is already in progress on 2025-11-04\n --> content/payments/sprint-07.toml\n  = help: `sprintgen item done` finishes it",
    );
}

/// An edit reports the warnings it brings to its file, not the ones the file or others had.
#[test]
fn an_edit_reports_only_the_warnings_it_brings() {
    let dir = tempfile::tempdir().unwrap();
    copy("edit/site", dir.path());
    let site = dir.path();
    // A stand-up on a Sunday before each sprint: one warning in each file.
    for (file, day) in [
        ("sprint-06.toml", "2025-10-19"),
        ("sprint-07.toml", "2025-11-02"),
    ] {
        let path = site.join("content/payments").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            format!("{text}\n[[standups]]\ndate = {day}\ncompleted = [\"x\"]\n"),
        )
        .unwrap();
    }
    let check = sprintgen(&["check"], site);
    assert_success(&check);
    assert_eq!(stderr(&check).matches("warning:").count(), 2);

    let out = sprintgen(&["item", "done", "PAY-3"], site);
    assert_success(&out);
    assert_eq!(stderr(&out), "");

    // A stand-up on Saturday 25 Oct in the closed sprint 6: that one warning only.
    let out = sprintgen(
        &[
            "standup",
            "--sprint",
            "6",
            "--on",
            "2025-10-25",
            "--done",
            "y",
            "--force",
        ],
        site,
    );
    assert_success(&out);
    let warnings = stderr(&out);
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    assert!(
        warnings.contains(
            "warning: this stand-up is on 2025-10-25, a Saturday that is not a working day"
        ),
        "{warnings}"
    );
}
