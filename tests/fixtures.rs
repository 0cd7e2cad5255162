//! The corpus of broken and hostile sites under `tests/fixtures/`.
//!
//! Each fixture is a text file: `#` header lines (a description, then the expected
//! diagnostics), then `--- path` sections whose text replaces or adds that file in a small valid
//! site. For every broken fixture the test builds the valid site first, applies the fixture,
//! and checks that
//! - `sprintgen check --format json` reports exactly the expected diagnostics (severity, file,
//!   line, column, message, and the hint where one is given),
//! - `sprintgen build` exits with the expected code, and
//! - after a failed build, the previous output is byte-for-byte unchanged.
//!
//! Header lines: `# error: FILE[:LINE:COL]: MESSAGE`, `# warning: …`, `# hint: TEXT` (for the
//! diagnostic above it), `# exit: N` (default 1 with errors, else 0); hostile fixtures add
//! `# absent: TEXT` (in no generated HTML page) and `# present: PAGE: TEXT`.

mod common;

use std::path::Path;

use common::{VALID_SPRINT, read_tree, sprintgen, write_site};

#[derive(Debug, Default)]
struct Fixture {
    name: String,
    expected: Vec<serde_json::Value>,
    exit: Option<i32>,
    absent: Vec<String>,
    present: Vec<(String, String)>,
    files: Vec<(String, String)>,
}

fn parse(name: &str, text: &str) -> Fixture {
    let mut fixture = Fixture {
        name: name.to_string(),
        ..Fixture::default()
    };
    let (header, body) = text.split_at(text.find("\n--- ").map_or(text.len(), |i| i + 1));
    for line in header.lines() {
        let line = line.trim_start_matches('#').trim();
        if let Some(rest) = line
            .strip_prefix("error: ")
            .map(|r| ("error", r))
            .or_else(|| line.strip_prefix("warning: ").map(|r| ("warning", r)))
        {
            fixture.expected.push(expectation(rest.0, rest.1));
        } else if let Some(hint) = line.strip_prefix("hint: ") {
            fixture
                .expected
                .last_mut()
                .expect("a hint follows an error or warning")["hint"] = hint.into();
        } else if let Some(code) = line.strip_prefix("exit: ") {
            fixture.exit = Some(code.parse().expect("exit code"));
        } else if let Some(text) = line.strip_prefix("absent: ") {
            fixture.absent.push(text.to_string());
        } else if let Some(rest) = line.strip_prefix("present: ") {
            let (page, text) = rest.split_once(": ").expect("present: PAGE: TEXT");
            fixture.present.push((page.to_string(), text.to_string()));
        }
    }
    for section in body.split("--- ").filter(|s| !s.is_empty()) {
        let (path, content) = section.split_once('\n').unwrap_or((section, ""));
        fixture
            .files
            .push((path.trim().to_string(), content.to_string()));
    }
    fixture
}

/// `FILE[:LINE:COL]: MESSAGE` as the JSON that `check --format json` prints.
fn expectation(severity: &str, text: &str) -> serde_json::Value {
    let (location, message) = text.split_once(": ").expect("FILE: MESSAGE");
    let mut parts = location.rsplitn(3, ':');
    let (file, line, column) = match (parts.next(), parts.next(), parts.next()) {
        (Some(col), Some(line), Some(file))
            if col.parse::<usize>().is_ok() && line.parse::<usize>().is_ok() =>
        {
            (
                file,
                Some(line.parse::<usize>().unwrap()),
                Some(col.parse::<usize>().unwrap()),
            )
        }
        _ => (location, None, None),
    };
    serde_json::json!({
        "severity": severity,
        "file": file,
        "line": line,
        "column": column,
        "message": message,
        "hint": null,
    })
}

fn fixtures(kind: &str) -> Vec<Fixture> {
    let dir = common::repo_root().join("tests/fixtures").join(kind);
    let mut list: Vec<Fixture> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            parse(
                &p.file_stem().unwrap().to_string_lossy(),
                &std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

fn apply(site: &Path, fixture: &Fixture) {
    for (path, content) in &fixture.files {
        let target = site.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
    }
}

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
    let expected_exit = fixture.exit.unwrap_or(if errors { 1 } else { 0 });
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
    }
    Ok(())
}

fn check_output(site: &Path, fixture: &Fixture) -> Result<(), String> {
    let files = read_tree(&site.join("public"));
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for needle in &fixture.absent {
            if text.contains(needle.as_str()) {
                return Err(format!("`{needle}` appears in {path}"));
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

#[test]
fn broken_fixtures_report_exact_diagnostics_and_keep_the_output() {
    run_all("broken", 40);
}

#[test]
fn hostile_fixtures_are_escaped() {
    run_all("hostile", 3);
}
