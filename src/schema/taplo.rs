//! `.taplo.toml`: the rules that tell Taplo (VS Code's Even Better TOML, Helix, Neovim) which
//! schema each of the site's files follows, written into the user's file without touching
//! anything else in it.

use std::path::{Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use super::FileKind;
use crate::diagnostics::{Diagnostic, io_words};
use crate::files::write_atomic;

/// Taplo's configuration file, at the site root.
pub const TAPLO_CONFIG: &str = ".taplo.toml";

const HEADER: &str = "# Taplo (VS Code's Even Better TOML, Helix, Neovim, Zed) validates and completes the site's\n# files with the JSON Schemas `sprintgen schema --write` keeps in .sprintgen/schemas/.\n";

/// Adds a rule for each file kind whose schema no rule names yet; returns the file when it
/// changed.
pub(super) fn write_rules(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let path = root.join(TAPLO_CONFIG);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(Diagnostic::error(format!(
                "cannot read `{TAPLO_CONFIG}`: {}",
                io_words(&error)
            )));
        }
    };
    let text = with_rules(existing.as_deref())
        .map_err(|message| Diagnostic::error(message).in_file(TAPLO_CONFIG))?;
    if existing.as_deref() == Some(text.as_str()) {
        return Ok(Vec::new());
    }
    write_atomic(&path, text.as_bytes()).map_err(|e| {
        Diagnostic::error(format!("cannot write `{TAPLO_CONFIG}`: {}", io_words(&e)))
    })?;
    Ok(vec![path])
}

/// The configuration `existing` (or a new one) with a rule for every file kind.
fn with_rules(existing: Option<&str>) -> Result<String, String> {
    let mut document: DocumentMut = match existing {
        Some(text) => text.parse().map_err(|e: toml_edit::TomlError| {
            format!("`{TAPLO_CONFIG}` is not valid TOML: {}", e.message())
        })?,
        None => DocumentMut::new(),
    };
    let rules = document
        .entry("rule")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or(format!(
            "`rule` in `{TAPLO_CONFIG}` is not a list of tables (`[[rule]]`)"
        ))?;
    for kind in FileKind::ALL {
        let schema = kind.schema_path();
        let named = rules.iter().any(|rule| {
            rule.get("schema")
                .and_then(|s| s.get("path"))
                .and_then(Item::as_str)
                .is_some_and(|path| path.trim_start_matches("./") == schema)
        });
        if named {
            continue;
        }
        let mut rule = Table::new();
        rule.insert("include", value(Array::from_iter([kind.files()])));
        let mut target = InlineTable::new();
        target.insert("path", schema.as_str().into());
        rule.insert("schema", value(target));
        if existing.is_none() && rules.is_empty() {
            rule.decor_mut().set_prefix(HEADER);
        }
        rules.push(rule);
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_configuration_maps_each_kind_to_its_schema() {
        assert_eq!(
            with_rules(None).unwrap(),
            format!(
                "{HEADER}[[rule]]\ninclude = [\"sprintgen.toml\"]\nschema = {{ path = \".sprintgen/schemas/site.schema.json\" }}\n\n[[rule]]\ninclude = [\"content/*/team.toml\"]\nschema = {{ path = \".sprintgen/schemas/team.schema.json\" }}\n\n[[rule]]\ninclude = [\"content/*/sprint*.toml\"]\nschema = {{ path = \".sprintgen/schemas/sprint.schema.json\" }}\n\n[[rule]]\ninclude = [\"content/releases/*.toml\"]\nschema = {{ path = \".sprintgen/schemas/release.schema.json\" }}\n"
            )
        );
    }

    #[test]
    fn an_existing_configuration_keeps_its_content_and_gains_only_missing_rules() {
        let mine = "# my settings\n[formatting]\nalign_entries = true  # aligned\n\n[[rule]]\ninclude = [\"content/*/team.toml\"]\n\n[rule.schema]\npath = \"./.sprintgen/schemas/team.schema.json\"\n";
        let updated = with_rules(Some(mine)).unwrap();
        assert!(updated.starts_with(mine), "{updated}");
        assert_eq!(updated.matches("team.schema.json").count(), 1, "{updated}");
        assert!(updated.contains("site.schema.json") && updated.contains("sprint.schema.json"));
        assert_eq!(
            with_rules(Some(&updated)).unwrap(),
            updated,
            "a second run changes nothing"
        );
        assert!(with_rules(Some("rule = 3\n")).is_err());
        assert!(with_rules(Some("[[rule]\n")).is_err());
    }
}
