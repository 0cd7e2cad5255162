//! The format reference (`docs/format.md`) read as data: for each file kind, every field's
//! description and the fields' canonical order. The reference is the one place a field is
//! explained, so the schemas' hover texts and `sprintgen fmt`'s key order follow it.

use std::sync::OnceLock;

use super::FileKind;
use crate::markdown::code_spans;

const FORMAT_REFERENCE: &str = include_str!("../../docs/format.md");

/// One documented field or table: where it is and what the reference says about it.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: FileKind,
    /// Keys from the file's root, e.g. `["items", "estimates", "on"]`; the entries of a list of
    /// tables share the list's key.
    pub path: Vec<String>,
    pub description: String,
}

/// Every entry of the reference, in its order.
fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(FORMAT_REFERENCE))
}

/// What the reference says about the field at `path` of a `kind` file.
pub fn describe(kind: FileKind, path: &[String]) -> Option<&'static str> {
    entries()
        .iter()
        .find(|e| e.kind == kind && e.path == path)
        .map(|e| e.description.as_str())
}

/// The keys directly inside the table at `table` (`[]` for the root), in the reference's order.
pub fn keys(kind: FileKind, table: &[&str]) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for entry in entries().iter().filter(|e| e.kind == kind) {
        let inside = entry.path.len() == table.len() + 1
            && entry.path.iter().zip(table).all(|(a, b)| a == b);
        if let Some(key) = entry.path.last().filter(|_| inside)
            && !keys.contains(&key.as_str())
        {
            keys.push(key);
        }
    }
    keys
}

/// Reads the reference: `##` headings name a file kind, `###` headings a list of tables (whose
/// first paragraph describes it), and each table row documents the fields named in its first
/// cell, with the row's type and meaning as their description.
fn parse(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut kind = None;
    let mut section: Vec<String> = Vec::new();
    let mut expect_intro = false;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            kind = FileKind::ALL
                .into_iter()
                .find(|k| heading.contains(k.reference_heading()));
            section.clear();
            expect_intro = false;
        } else if let Some(heading) = line.strip_prefix("### ") {
            section = key_path(&first_code_span(heading).unwrap_or_default());
            expect_intro = kind.is_some() && !section.is_empty();
        } else if let Some(kind) = kind {
            if expect_intro && !line.trim().is_empty() && !line.starts_with('|') {
                entries.push(Entry {
                    kind,
                    path: section.clone(),
                    description: line.trim().to_string(),
                });
                expect_intro = false;
            } else if line.starts_with('|') {
                entries.extend(row(kind, &section, line));
            }
        }
    }
    entries
}

/// The entries of one table row: `| fields | type | meaning |` or `| fields | meaning |`.
fn row(kind: FileKind, section: &[String], line: &str) -> Vec<Entry> {
    let cells: Vec<&str> = line
        .trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    let (Some(fields), Some(meaning)) = (cells.first(), cells.last()) else {
        return Vec::new();
    };
    let kind_of_value = if cells.len() >= 3 { cells[1] } else { "" };
    let description = match (meaning.is_empty(), kind_of_value.is_empty()) {
        (false, false) => format!("{meaning} ({kind_of_value})"),
        (false, true) => meaning.to_string(),
        (true, _) => kind_of_value.to_string(),
    };
    code_spans(fields)
        .into_iter()
        .map(|span| {
            let mut path = section.to_vec();
            path.extend(key_path(&span));
            Entry {
                kind,
                path,
                description: description.clone(),
            }
        })
        .collect()
}

/// `[calendar] working_days`, `[[members]] role`, `estimates.on` or `[[goals]]` as keys.
fn key_path(span: &str) -> Vec<String> {
    span.split(['.', ' '])
        .map(|part| part.trim_matches(['[', ']']))
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

fn first_code_span(text: &str) -> Option<String> {
    code_spans(text).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn rows_sections_and_intros_become_entries() {
        let text = "## `content/<team>/sprint-NN.toml`\n\n| field | type | meaning |\n|---|---|---|\n| `start`, `end` | date | both included |\n\n### `[[items]]`\nBacklog items.\n\nMore about them.\n\n| field | type | meaning |\n|---|---|---|\n| `estimates.on` | date, required | the day |\n| `points` | | |\n\n### The start day\nProse.\n\n## Free pages\n| `title` | x | y |\n";
        let entries = parse(text);
        let described: Vec<(Vec<String>, &str)> = entries
            .iter()
            .map(|e| (e.path.clone(), e.description.as_str()))
            .collect();
        assert_eq!(
            described,
            [
                (path(&["start"]), "both included (date)"),
                (path(&["end"]), "both included (date)"),
                (path(&["items"]), "Backlog items."),
                (
                    path(&["items", "estimates", "on"]),
                    "the day (date, required)"
                ),
                (path(&["items", "points"]), ""),
            ]
        );
        assert!(entries.iter().all(|e| e.kind == FileKind::Sprint));
    }

    #[test]
    fn the_reference_orders_every_table() {
        assert_eq!(
            keys(FileKind::Sprint, &["items"])[..6],
            ["id", "title", "epic", "points", "owner", "status"]
        );
        assert_eq!(keys(FileKind::Team, &["members"]), ["role", "count", "fte"]);
        assert_eq!(keys(FileKind::Site, &[])[..2], ["$schema", "title"]);
        assert_eq!(
            describe(FileKind::Site, &path(&["calendar", "holidays"])),
            Some("days off for every team (list of dates)")
        );
    }
}
