//! Helpers shared by the integration tests.

pub mod fake;
pub mod fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The day the tests run "as of": `SPRINTGEN_TEST_TODAY` (YYYY-MM-DD) when set, so the suite
/// can be run as of any day (`scripts/every-day.sh` runs it as of seven), else a fixed Sunday.
/// Never the machine's clock: the binary gets it as `SOURCE_DATE_EPOCH`.
pub fn test_today() -> String {
    std::env::var("SPRINTGEN_TEST_TODAY").unwrap_or_else(|_| "2026-12-06".to_string())
}

/// `SOURCE_DATE_EPOCH` for `day` (YYYY-MM-DD): its midday, UTC, in seconds since 1970.
pub fn epoch_of(day: &str) -> String {
    let parse = |range: std::ops::Range<usize>| day[range].parse::<i64>().expect("YYYY-MM-DD");
    let (y, m, d) = (parse(0..4), parse(5..7), parse(8..10));
    // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days * 86_400 + 12 * 3_600).to_string()
}

/// The sprintgen binary, to be given its arguments: no colours, and "today" injected.
pub fn sprintgen_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sprintgen"));
    command
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch_of(&test_today()));
    command
}

/// Runs the sprintgen binary.
pub fn sprintgen(args: &[&str], cwd: &Path) -> Output {
    sprintgen_command()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run sprintgen")
}

/// Writes a small site: one team, one sprint whose text is given.
/// Compares `actual` with `tests/golden/<name>` (or rewrites it with `UPDATE_GOLDEN=1`, after
/// which `git diff` shows what changed).
pub fn golden(name: &str, actual: &str) {
    let path = repo_root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from tests/golden/{name} (UPDATE_GOLDEN=1 rewrites it):\n{actual}"
    );
}

pub fn write_site(dir: &Path, sprint_toml: &str) {
    std::fs::create_dir_all(dir.join("content/team-a")).unwrap();
    std::fs::write(
        dir.join("sprintgen.toml"),
        "title = \"Test site\"\nas_of = 2025-11-05\nbase_url = \"https://example.org/site/\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/team-a/team.toml"), "name = \"Team A\"\n").unwrap();
    std::fs::write(dir.join("content/team-a/sprint-01.toml"), sprint_toml).unwrap();
}

pub const VALID_SPRINT: &str = r#"number = 1
title = "First"
start = 2025-11-03
end = 2025-11-14

[[items]]
id = "A-1"
title = "Something"
points = 3
status = "done"
done_on = 2025-11-04
"#;

/// Asserts that a run succeeded, showing its stderr when it did not.
pub fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A copy of the repository's example site (its config and content) in `dir`, with `extra`
/// appended to its `sprintgen.toml`.
pub fn copy_example(dir: &Path, extra: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let config = std::fs::read_to_string(repo_root().join("sprintgen.toml")).unwrap();
    // Top-level keys go before the first table.
    let (head, tables) = config.split_at(config.find("\n[").map_or(config.len(), |i| i + 1));
    std::fs::write(
        dir.join("sprintgen.toml"),
        format!("{head}{extra}\n{tables}"),
    )
    .unwrap();
    for (path, bytes) in read_tree(&repo_root().join("content")) {
        let target = dir.join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

/// The negative zeros written as JSON numbers in `text` ("-0", "-0.0"), which no figure may
/// ever be; dates such as 2025-09-01 are not numbers and do not count.
pub fn negative_zeros(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices("-0") {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let is_number_start = before.is_none_or(|b| b" \n\t[,:".contains(&b));
        let rest = &text[at + 2..];
        let digits = rest.trim_start_matches('.').trim_start_matches('0');
        let ends = digits
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_digit() && c != '.');
        let zero = !rest.starts_with(|c: char| c.is_ascii_digit());
        if is_number_start && zero && ends {
            let line = text[..at].lines().count();
            found.push(format!(
                "line {line}: {}",
                text.lines()
                    .nth(line.saturating_sub(1))
                    .unwrap_or("")
                    .trim()
            ));
        }
    }
    found
}

/// The text of an HTML page as people read it: tags (with their attributes, such as SVG
/// `points`) removed, runs of white space made one space.
pub fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
