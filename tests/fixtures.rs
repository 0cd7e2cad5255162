//! The corpus of broken and hostile sites under `tests/fixtures/`.
//!
//! Each fixture is a text file: `#` header lines (a description, then the expected
//! diagnostics), then `--- path` sections whose text replaces or adds that file in a small valid
//! site. For every broken fixture the test builds the valid site first, applies the fixture,
//! and checks that
//! - `sprintgen check --format json` reports exactly the expected diagnostics (severity, file,
//!   line, column, message, and the hint where one is given) and exits 1 with errors, else 0,
//! - `sprintgen build` exits with the expected code, and
//! - after a failed build, the previous output is byte-for-byte unchanged.
//!
//! Header lines: `# error: FILE[:LINE:COL]: MESSAGE`, `# warning: …`, `# hint: TEXT` (for the
//! diagnostic above it), `# exit: N` (default 1 with errors, else 0); hostile fixtures add
//! `# absent: TEXT` (in no generated file a browser may render: see `RENDERED`) and `# present: PAGE: TEXT`.

use crate::common;

use std::path::Path;

use common::fixture::{Fixture, apply, fixtures};
use common::{VALID_SPRINT, read_tree, sprintgen, write_site};

/// Runs one fixture; returns what went wrong, if anything.
fn run(fixture: &Fixture) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    write_site(site, VALID_SPRINT);
    let first = sprintgen(&["build"], site);
    if first.status.code() != Some(0) {
        return Err(format!(
            "the valid site failed: {}",
            String::from_utf8_lossy(&first.stderr)
        ));
    }
    let before = read_tree(&site.join("public"));
    apply(site, fixture);

    let check = sprintgen(&["check", "--format", "json"], site);
    let actual: Vec<serde_json::Value> = String::from_utf8_lossy(&check.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let comparable: Vec<serde_json::Value> = actual
        .iter()
        .zip(
            fixture
                .expected
                .iter()
                .chain(std::iter::repeat(&serde_json::Value::Null)),
        )
        .map(|(a, e)| {
            let mut a = a.clone();
            if e.get("hint").is_some_and(|h| h.is_null()) {
                a["hint"] = serde_json::Value::Null;
            }
            a
        })
        .collect();
    if comparable != fixture.expected {
        return Err(format!(
            "diagnostics differ\nexpected:\n{}\nactual:\n{}",
            fixture
                .expected
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            actual
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }

    let errors = fixture.expected.iter().any(|e| e["severity"] == "error");
    if check.status.code() != Some(i32::from(errors)) {
        return Err(format!(
            "check exited {:?}, expected {}:\n{}",
            check.status.code(),
            i32::from(errors),
            String::from_utf8_lossy(&check.stderr)
        ));
    }
    let expected_exit = fixture.exit.unwrap_or(i32::from(errors));
    let build = sprintgen(&["build"], site);
    let stderr = String::from_utf8_lossy(&build.stderr);
    if build.status.code() != Some(expected_exit) {
        return Err(format!(
            "build exited {:?}, expected {expected_exit}:\n{stderr}",
            build.status.code()
        ));
    }
    if let Some(first) = fixture.expected.first().filter(|e| e["line"].is_u64()) {
        let position = format!(
            "--> {}:{}:{}",
            first["file"].as_str().unwrap(),
            first["line"],
            first["column"]
        );
        if !stderr.contains(&position) {
            return Err(format!("the build's message lacks `{position}`:\n{stderr}"));
        }
    }
    if expected_exit != 0 && read_tree(&site.join("public")) != before {
        return Err("a failed build changed the previous output".into());
    }
    if expected_exit == 0 {
        check_output(site, fixture)?;
        check_markdown(site, fixture)?;
    }
    Ok(())
}

/// The output files a browser may render as markup, every one of which a hostile fixture's
/// `absent` text is looked for in: pages, the feed and the sitemap, badges and charts, and
/// the JSON files (a host may serve them as HTML, a page may inline them).
const RENDERED: [&str; 4] = [".html", ".xml", ".svg", ".json"];

fn check_output(site: &Path, fixture: &Fixture) -> Result<(), String> {
    let files = read_tree(&site.join("public"));
    for kind in RENDERED {
        let of_kind = || files.iter().filter(|(p, _)| p.ends_with(kind));
        if of_kind().next().is_none() {
            return Err(format!("no {kind} file to check"));
        }
        for (path, bytes) in of_kind() {
            let text = String::from_utf8_lossy(bytes);
            for needle in &fixture.absent {
                if text.contains(needle.as_str()) {
                    return Err(format!("`{needle}` appears in {path}"));
                }
            }
        }
    }
    for (page, needle) in &fixture.present {
        let text = files
            .get(page)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .ok_or(format!("no page {page}"))?;
        if !text.contains(needle.as_str()) {
            return Err(format!("`{needle}` missing from {page}"));
        }
    }
    Ok(())
}

fn run_all(kind: &str, minimum: usize) {
    let list = fixtures(kind);
    assert!(list.len() >= minimum, "only {} {kind} fixtures", list.len());
    let failures: Vec<String> = list
        .iter()
        .filter_map(|f| {
            run(f)
                .err()
                .map(|e| format!("--- {kind}/{}.txt: {e}", f.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        list.len(),
        failures.join("\n\n")
    );
}

/// The Markdown outputs (`report`, `report --summary`, `diff`) as a renderer that keeps raw
/// HTML turns them into HTML (GitHub's, before its own sanitiser): a hostile fixture's `absent`
/// texts must not be in it, as they are not in the pages.
fn check_markdown(site: &Path, fixture: &Fixture) -> Result<(), String> {
    let base = tempfile::tempdir().unwrap();
    write_site(base.path(), VALID_SPRINT);
    let base = base.path().to_str().unwrap();
    let commands: [&[&str]; 3] = [
        &["report", "--team", "team-a", "--sprint", "1"],
        &["report", "--summary"],
        &["diff", base],
    ];
    for args in commands {
        let out = sprintgen(args, site);
        let markdown = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || markdown.is_empty() {
            return Err(format!(
                "{args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let options = pulldown_cmark::Options::ENABLE_TABLES;
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&markdown, options),
        );
        for needle in &fixture.absent {
            if html.contains(needle.as_str()) {
                return Err(format!(
                    "`{needle}` appears in the HTML of {args:?}:\n{markdown}"
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn broken_fixtures_report_exact_diagnostics_and_keep_the_output() {
    run_all("broken", 40);
}

#[test]
fn hostile_fixtures_are_escaped() {
    run_all("hostile", 3);
}
