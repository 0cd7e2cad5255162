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
    ("report", 3),
    ("diagnostics", 2),
    ("markdown", 2),
    ("files", 2),
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
