//! The corpus of broken and hostile sites under `tests/fixtures/` (its format is described in
//! `tests/fixtures.rs`), read for the tests that run it: `tests/fixtures.rs` through the
//! binary, `tests/fuzz_regressions.rs` through the pipeline in memory.

use std::path::Path;

#[derive(Debug, Default)]
pub struct Fixture {
    pub name: String,
    /// Each expected diagnostic as `check --format json` prints it.
    pub expected: Vec<serde_json::Value>,
    pub exit: Option<i32>,
    pub absent: Vec<String>,
    pub present: Vec<(String, String)>,
    /// The `--- path` sections: each file's path in the site and its text.
    pub files: Vec<(String, String)>,
}

pub fn parse(name: &str, text: &str) -> Fixture {
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

pub fn fixtures(kind: &str) -> Vec<Fixture> {
    let dir = super::repo_root().join("tests/fixtures").join(kind);
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

pub fn apply(site: &Path, fixture: &Fixture) {
    for (path, content) in &fixture.files {
        let target = site.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
    }
}
