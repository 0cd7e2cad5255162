//! The module graph stays one-way (ARCHITECTURE.md, "Layers"): every `crate::` path in `src/`
//! names a module of a lower layer than the file's own module, so there are no cycles and no
//! upward imports.

use crate::common;

use std::collections::BTreeSet;

/// Each top-level module of `src/` and its layer: a module may use only modules of lower
/// layers. Two modules of one layer never use each other.
const LAYERS: &[(&str, u32)] = &[
    ("fuzzing", 12),
    ("cli", 11),
    ("serve", 10),
    ("notify", 10),
    ("pipeline", 9),
    ("sync", 9),
    ("outputs", 8),
    ("scaffold", 8),
    ("import", 8),
    ("edit", 8),
    ("views", 7),
    ("export", 7),
    ("publish", 7),
    ("schema", 7),
    ("analysis", 6),
    ("charts", 6),
    ("render", 6),
    ("metrics", 5),
    ("load", 4),
    ("validate", 4),
    ("console", 3),
    ("diagnostics", 2),
    ("markdown", 2),
    ("files", 2),
    ("encryption", 2),
    ("model", 1),
];

fn layer(module: &str) -> u32 {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, layer)| *layer)
        .unwrap_or_else(|| {
            panic!("`src/{module}` has no layer: add it to LAYERS and ARCHITECTURE.md")
        })
}

/// The modules a source file names through `crate::` paths (in `use` lines and inline).
fn crate_references(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default();
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`: every name in the group.
                let group = group.split('}').next().unwrap_or_default();
                for part in group.split(',') {
                    let name = part.trim().split("::").next().unwrap_or_default();
                    if !name.is_empty() {
                        found.insert(name.to_string());
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn modules_only_use_lower_layers() {
    let src = common::repo_root().join("src");
    let mut violations = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for used in crate_references(&text) {
            if used != module && layer(&used) >= layer(&module) {
                violations.push(format!(
                    "src/{} uses `crate::{used}` (layer {}), not below `{module}` (layer {})",
                    relative.display(),
                    layer(&used),
                    layer(&module)
                ));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_checker_reads_grouped_and_inline_paths() {
    let text = "use crate::{model::Date, report};\nlet x = crate::views::page(); // crate::cli\n";
    let found: Vec<String> = crate_references(text).into_iter().collect();
    assert_eq!(found, ["model", "report", "views"]);
}

/// Where a line of a view computes a figure: arithmetic on a number's inner value (`x.0 - y`,
/// `a / f.total.0`, `p.0.max(…)`), or a call of a rule that makes figures (the sums, shares
/// and size rules of `metrics` and `model`). Views copy figures; `metrics` computes them.
fn computes(line: &str) -> Option<&'static str> {
    const RULES: [&str; 5] = ["total(", "percent(", "ratio(", "size_on(", "points_on("];
    let code = line.split("//").next().unwrap_or_default();
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for rule in RULES {
        for (at, _) in code.match_indices(rule) {
            if at == 0 || !ident(bytes[at - 1]) {
                return Some("calls a rule that computes a figure");
            }
        }
    }
    for (at, _) in code.match_indices(".0") {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + 2).copied();
        // `100.0` is a number, `x.05` no field; a field is read after a name or a `)`.
        if !before.is_some_and(|b| ident(b) && !b.is_ascii_digit() || b == b')')
            || after.is_some_and(|b| b.is_ascii_digit())
        {
            continue;
        }
        let rest = code[at + 2..].trim_start();
        let operator = |text: &str| {
            text.starts_with(['+', '*', '/']) || (text.starts_with('-') && !text.starts_with("->"))
        };
        let method = [".max(", ".min(", ".abs(", ".round("]
            .iter()
            .any(|m| rest.starts_with(m));
        let receiver =
            code[..at].trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
        let before_receiver = receiver.trim_end();
        if operator(rest)
            || method
            || operator(&before_receiver[before_receiver.len().saturating_sub(1)..])
        {
            return Some("does arithmetic on a figure's value");
        }
    }
    None
}

/// Views copy the figures `metrics` computed (ARCHITECTURE.md, "Invariants"): no view does
/// arithmetic on points or applies a size rule, so a page, a report and an export cannot
/// disagree about a figure.
#[test]
fn views_compute_no_figures() {
    let views = common::repo_root().join("src/views");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&views).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests at the end of a file compute expected values; they are not the view.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            if let Some(what) = computes(line) {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                found.push(format!(
                    "src/views/{name}:{}: {what}: {}",
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    found.sort();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_view_checker_finds_arithmetic_and_rules() {
    for line in [
        "remaining: Points(f.total.0 - f.completed.0),",
        "let share = done / f.scope.0;",
        "points: Points(total(items.iter().map(|i| i.points))),",
        "percent_in_progress: percent(f.in_progress.0, f.scope.0),",
        "size: item.size_on(day, unit),",
        "carry: f.left.0.max(0.0),",
    ] {
        assert!(computes(line).is_some(), "{line}");
    }
    for line in [
        "remaining: f.remaining,",
        "gap_percent: whole_percent(gap),",
        "values: v.map(|p| p.0),",
        "let x = 100.0 * 2; // a literal, not a figure",
        "fn f() -> Points {",
        "// f.total.0 - f.completed.0 in a comment",
    ] {
        assert!(computes(line).is_none(), "{line}");
    }
}
