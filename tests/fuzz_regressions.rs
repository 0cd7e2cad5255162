//! Two corpora through the whole pipeline in memory, none of which may panic:
//! - raw fuzz inputs (`tests/fixtures/fuzz/`: bytes that once crashed or hung the fuzz target
//!   of `fuzz/`, see the README), fed to it as it feeds them: one sprint file, any bytes;
//! - real inputs, each read by its own format: the example site's sprint files as sprint
//!   files, and the broken and hostile fixtures (`tests/fixtures/`) as what they are, `--- path`
//!   sections applied to the small site, which is then loaded, validated, computed, charted
//!   and rendered in this process, into memory. Each must either reach rendering (its pages
//!   generated) or fail with the diagnostics its header names, at their file, line and column,
//!   with their hints.

use crate::common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::fixture::{Fixture, apply, fixtures};
use common::{VALID_SPRINT, write_site};

#[test]
fn former_fuzz_crashes_end_in_a_result() {
    let dir = common::repo_root().join("tests/fixtures/fuzz");
    let mut inputs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_none_or(|e| e != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        match catch_unwind(|| sprintgen::fuzzing::run(&bytes)) {
            Ok(Ok(files)) => assert!(files > 0, "{}: rendered nothing", path.display()),
            Ok(Err(diagnostics)) => assert!(
                diagnostics.contains("error: "),
                "{}: failed without an error: {diagnostics}",
                path.display()
            ),
            Err(_) => panic!("{} panics", path.display()),
        }
    }
}

#[test]
fn the_example_sprints_render_through_the_fuzz_pipeline() {
    let dir = common::repo_root().join("content/alphapulse");
    let mut sprints: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("sprint-")
        })
        .collect();
    sprints.sort();
    assert!(sprints.len() >= 4, "{sprints:?}");
    for path in sprints {
        let bytes = std::fs::read(&path).unwrap();
        let outcome = catch_unwind(|| sprintgen::fuzzing::run(&bytes))
            .unwrap_or_else(|_| panic!("{} panics", path.display()));
        // Index, team, 2 sprint pages, 404, JSON, CSS, favicon, .nojekyll, badge SVG and JSON.
        assert_eq!(outcome, Ok(11), "{}", path.display());
    }
}

#[test]
fn broken_fixtures_fail_with_their_diagnostics_in_memory() {
    let list = fixtures("broken");
    assert!(list.len() >= 40, "only {} broken fixtures", list.len());
    let failures: Vec<String> = list.iter().filter_map(run).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hostile_fixtures_reach_rendering_in_memory() {
    let list = fixtures("hostile");
    assert!(list.len() >= 3, "only {} hostile fixtures", list.len());
    let failures: Vec<String> = list.iter().filter_map(run).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs one fixture's site through the pipeline; says what went wrong, if anything.
fn run(fixture: &Fixture) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    apply(dir.path(), fixture);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        sprintgen::fuzzing::run_site(dir.path())
    }));
    let name = &fixture.name;
    let problem = match outcome {
        Err(_) => Some("panics".to_string()),
        Ok(Ok((paths, warnings))) => {
            let rendered = ["index.html", "team-a/index.html"]
                .iter()
                .all(|page| paths.iter().any(|p| p == page));
            if !rendered {
                Some(format!("reached no rendering: {paths:?}"))
            } else if expects(fixture, "error") {
                Some(format!(
                    "rendered, but an error was expected:\n{}",
                    warnings.join("")
                ))
            } else {
                missing(fixture, "warning", &warnings)
            }
        }
        Ok(Err(diagnostics)) if !expects(fixture, "error") => Some(format!(
            "failed, but no error was expected:\n{}",
            diagnostics.join("")
        )),
        Ok(Err(diagnostics)) => missing(fixture, "error", &diagnostics),
    };
    problem.map(|p| format!("--- {name}.txt: {p}"))
}

fn expects(fixture: &Fixture, severity: &str) -> bool {
    fixture.expected.iter().any(|e| e["severity"] == severity)
}

/// The expected diagnostics of `severity` that `shown` (diagnostics as printed) lacks: each
/// must appear with its message and, when the header gives them, its position and its hint.
fn missing(fixture: &Fixture, severity: &str, shown: &[String]) -> Option<String> {
    let lacking: Vec<String> = fixture
        .expected
        .iter()
        .filter(|e| e["severity"] == severity)
        .filter_map(|e| {
            let message = format!("{severity}: {}\n", e["message"].as_str().unwrap());
            let position = match (e["line"].as_u64(), e["column"].as_u64()) {
                (Some(line), Some(column)) => {
                    format!("--> {}:{line}:{column}\n", e["file"].as_str().unwrap())
                }
                _ => String::new(),
            };
            let help = e["hint"]
                .as_str()
                .map_or(String::new(), |hint| format!("= help: {hint}\n"));
            let found = shown
                .iter()
                .any(|d| d.starts_with(&message) && d.contains(&position) && d.contains(&help));
            (!found).then(|| format!("{message}{position}{help}"))
        })
        .collect();
    (!lacking.is_empty())
        .then(|| format!("missing:\n{}\nshown:\n{}", lacking.join(""), shown.join("")))
}

/// The committed seed corpora of `fuzz/seeds/` through their targets' entry points: none may
/// panic, and the seeds are real inputs that reach deep (the readers read sprints, the edits
/// are made, the pipeline renders), so a fuzz run starts from there.
#[test]
fn the_seed_corpora_reach_past_parsing() {
    use sprintgen::fuzzing::{self, Tracker};
    let seeds = |target: &str| -> Vec<Vec<u8>> {
        let dir = common::repo_root().join("fuzz/seeds").join(target);
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    for (target, tracker) in [
        ("import_linear", Tracker::Linear),
        ("import_jira", Tracker::Jira),
        ("import_github", Tracker::Github),
    ] {
        let read = seeds(target)
            .iter()
            .filter(|bytes| fuzzing::import(tracker, bytes).is_ok_and(|(sprints, _)| sprints > 0))
            .count();
        assert!(read > 0, "no seed of {target} reads a sprint");
    }
    let edits = seeds("edit");
    let made = edits
        .iter()
        .filter_map(|bytes| fuzzing::edit(bytes))
        .count();
    assert!(
        made * 2 > edits.len(),
        "{made} of {} edits made",
        edits.len()
    );
    let rendered = seeds("pipeline")
        .iter()
        .filter(|bytes| fuzzing::run(bytes).is_ok())
        .count();
    assert!(rendered > 0, "no pipeline seed renders");
}
