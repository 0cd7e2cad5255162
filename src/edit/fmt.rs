//! `sprintgen fmt`: the site's TOML files in canonical form, the key order of the format
//! reference and one blank line before each table, with every value, comment and string kept
//! as written. The comments at the top of a file stay there; any other comment moves with the
//! key or table below it. Inline tables (`tasks`, `estimates`) are left as they are.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table};

use super::write_checked;
use crate::diagnostics::{Diagnostic, io_words};
use crate::load::walk;
use crate::model::SourceFile;
use crate::model::paths::{CONFIG_FILE, CONTENT_DIR, TEAM_FILE};
use crate::schema::FileKind;
use crate::schema::reference::keys;

/// A file whose canonical form differs from its text.
#[derive(Debug)]
pub struct Formatted {
    /// Relative to the site root.
    pub path: String,
    pub before: String,
    pub after: String,
}

/// The site's TOML files that are not in canonical form, with their canonical text; every file
/// that does not parse is an error (and then nothing is formatted).
pub fn site(root: &Path) -> Result<Vec<Formatted>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut changed = Vec::new();
    for (kind, path) in files(root, &mut diagnostics) {
        let before = match std::fs::read_to_string(root.join(&path)) {
            Ok(text) => text,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(format!("cannot read `{path}`: {}", io_words(&e)))
                        .in_file(&path),
                );
                continue;
            }
        };
        match canonical(kind, &before) {
            Ok(after) if after != before => changed.push(Formatted {
                path,
                before,
                after,
            }),
            Ok(_) => {}
            Err(diagnostic) => diagnostics.push(diagnostic.locate(&path, &before)),
        }
    }
    if diagnostics.is_empty() {
        Ok(changed)
    } else {
        Err(diagnostics)
    }
}

/// Writes the formatted files (each unless it changed since it was read).
pub fn write(root: &Path, formatted: &[Formatted]) -> Result<(), Diagnostic> {
    formatted
        .iter()
        .try_for_each(|f| write_checked(&root.join(&f.path), &f.path, &f.before, &f.after))
}

/// The site's TOML files of each kind, as the loader finds them.
fn files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(FileKind, String)> {
    let mut files = vec![(FileKind::Site, CONFIG_FILE.to_string())];
    for team in walk(root, CONTENT_DIR, Some(1), diagnostics) {
        let name = team.file_name().to_string_lossy().into_owned();
        if !team.file_type().is_dir() || name.starts_with('.') {
            continue;
        }
        let folder = format!("{CONTENT_DIR}/{name}");
        if root.join(&folder).join(TEAM_FILE).is_file() {
            files.push((FileKind::Team, format!("{folder}/{TEAM_FILE}")));
        }
        for file in walk(root, &folder, Some(1), diagnostics) {
            let name = file.file_name().to_string_lossy().into_owned();
            let sprint = name.starts_with("sprint") && name.ends_with(".toml");
            if sprint && file.file_type().is_file() {
                files.push((FileKind::Sprint, format!("{folder}/{name}")));
            }
        }
    }
    files
}

/// Why a file cannot be formatted, placed in it once its path is known.
struct Unformattable {
    message: String,
    span: Option<std::ops::Range<usize>>,
}

impl Unformattable {
    fn locate(self, path: &str, text: &str) -> Diagnostic {
        let file = SourceFile::new(path, text);
        let diagnostic = Diagnostic::error(self.message);
        match self.span {
            Some(span) => diagnostic.at(&file, span),
            None => diagnostic.in_file(path),
        }
    }
}

/// The canonical form of a `kind` file's text.
fn canonical(kind: FileKind, text: &str) -> Result<String, Unformattable> {
    let mut document: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| Unformattable {
                message: e.message().trim_end().to_string(),
                span: e.span(),
            })?;
    let header = take_header(document.as_table_mut());
    sort(document.as_table_mut(), kind, &[]);
    restore_header(document.as_table_mut(), header);
    arrange_tables(&mut document, kind);
    let trailing = document.trailing().as_str().unwrap_or("");
    let trailing = trailing.trim_start_matches(['\n', '\r', ' ', '\t']);
    let trailing = if trailing.is_empty() {
        String::new()
    } else {
        format!("\n{trailing}")
    };
    document.set_trailing(trailing);
    let formatted = document.to_string();
    same_values(text, &formatted)?;
    Ok(formatted)
}

/// Orders the tables as the reference does, each after one blank line (the comments above a
/// table stay with it), with their keys in the reference's order too.
fn arrange_tables(document: &mut DocumentMut, kind: FileKind) {
    let has_values = document.iter().any(|(_, item)| item.is_value());
    // The root's keys are sorted already (`canonical`), so the tables come in order here; the
    // positions given below make toml_edit print them so.
    let mut tables: Vec<(String, &mut Table)> = Vec::new();
    for (key, item) in document.as_table_mut().iter_mut() {
        let key = key.get().to_string();
        match item {
            Item::Table(table) if !table.is_dotted() => tables.push((key, table)),
            Item::ArrayOfTables(list) => tables.extend(list.iter_mut().map(|t| (key.clone(), t))),
            _ => {}
        }
    }
    let mut position = 1;
    for (n, (key, table)) in tables.into_iter().enumerate() {
        sort(table, kind, &[key.as_str()]);
        let prefix = table
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("");
        let comments = prefix
            .trim_start_matches(['\n', '\r', ' ', '\t'])
            .to_string();
        let blank = if n == 0 && !has_values { "" } else { "\n" };
        table.decor_mut().set_prefix(format!("{blank}{comments}"));
        number(table, &mut position);
    }
}

/// Gives `table` and the tables nested in it the next positions, in their order.
fn number(table: &mut Table, position: &mut isize) {
    table.set_position(Some(*position));
    *position += 1;
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(nested) if !nested.is_dotted() => number(nested, position),
            Item::ArrayOfTables(list) => list.iter_mut().for_each(|t| number(t, position)),
            _ => {}
        }
    }
}

/// Where `key` comes in `order`; unknown keys last.
fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|o| *o == key).unwrap_or(order.len())
}

/// Puts the values of `table` (at `path` in the file) in the reference's order.
fn sort(table: &mut Table, kind: FileKind, path: &[&str]) {
    let order = keys(kind, path);
    table.sort_values_by(|a, _, b, _| rank(&order, a.get()).cmp(&rank(&order, b.get())));
}

/// The comments at the top of the file (the `#:schema` directive, what the file is), taken from
/// the first key so that they stay at the top when the keys move.
fn take_header(root: &mut Table) -> String {
    let Some(first) = first_value(root) else {
        return String::new();
    };
    let Some(mut key) = root.key_mut(&first) else {
        return String::new();
    };
    let header = key
        .leaf_decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    key.leaf_decor_mut().set_prefix("");
    header
}

fn restore_header(root: &mut Table, header: String) {
    let Some(first) = first_value(root) else {
        return;
    };
    if let Some(mut key) = root.key_mut(&first) {
        let own = key
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        key.leaf_decor_mut().set_prefix(format!("{header}{own}"));
    }
}

fn first_value(table: &Table) -> Option<String> {
    table
        .iter()
        .find(|(_, item)| item.is_value())
        .map(|(key, _)| key.to_string())
}

/// Formatting must not change a value: checked on every file before anything is written.
fn same_values(before: &str, after: &str) -> Result<(), Unformattable> {
    let parse = |text: &str| text.parse::<toml::Table>().ok();
    match (parse(before), parse(after)) {
        (Some(a), Some(b)) if a == b => Ok(()),
        _ => Err(Unformattable {
            message: "sprintgen fmt could not keep every value of this file as it is, so it leaves the file alone".into(),
            span: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(kind: FileKind, text: &str) -> String {
        match canonical(kind, text) {
            Ok(text) => text,
            Err(e) => panic!("{}", e.message),
        }
    }

    #[test]
    fn tables_take_the_reference_order_and_the_first_has_no_blank_line_above() {
        // Deliverables come right before risks in the reference.
        assert_eq!(
            formatted(
                FileKind::Sprint,
                "[[risks]]\ntitle = \"R\"\n[[deliverables]]\nname = \"D\"\n"
            ),
            "[[deliverables]]\nname = \"D\"\n\n[[risks]]\ntitle = \"R\"\n"
        );
    }

    #[test]
    fn tables_the_reference_does_not_order_keep_their_order() {
        let text = "number = 1\n\n[zeta]\na = 1\n\n[alpha]\nb = 2\n";
        assert_eq!(formatted(FileKind::Sprint, text), text);
    }

    #[test]
    fn nested_tables_move_with_their_parent() {
        assert_eq!(
            formatted(
                FileKind::Sprint,
                "number = 1\n\n[[risks]]\ntitle = \"R\"\n\n[risks.extra]\na = 1\n\n\
                 [[items]]\nid = \"A\"\n\n[[items.subtasks]]\nx = 1\n\n[items.meta]\ny = 2\n"
            ),
            "number = 1\n\n[[items]]\nid = \"A\"\n\n[[items.subtasks]]\nx = 1\n\n\
             [items.meta]\ny = 2\n\n[[risks]]\ntitle = \"R\"\n\n[risks.extra]\na = 1\n"
        );
    }

    #[test]
    fn dotted_keys_are_values_not_tables() {
        // Left as written, though the reference puts `working_days` first.
        let text = "title = \"x\"\ncalendar.holidays = []\ncalendar.working_days = [\"mon\"]\n";
        assert_eq!(formatted(FileKind::Site, text), text);
    }

    #[test]
    fn a_changed_value_is_refused() {
        assert!(same_values("a = 1\nb = [1, 2]\n", "b = [ 1,2 ]\n\na=1").is_ok());
        assert!(same_values("a = 1\n", "a = 2\n").is_err());
        assert!(same_values("a = 1\n", "a = 1\nb = 2\n").is_err());
        assert!(same_values("a = 1\n", "a = \n").is_err());
    }
}
