//! JSON Schemas (Draft-07) of the four file kinds, generated from the same serde types the
//! loader reads, so an editor with a TOML language server (Taplo) completes and checks the files
//! as sprintgen will. Descriptions come from the format reference (see [`reference`]).
//!
//! Taplo turns a TOML document into JSON before validating it, and a TOML date becomes a string
//! on the way: dates are therefore strings in the `date` format here. TOML has no null, so the
//! `null` that schemars allows for `Option` fields is taken out.

pub mod reference;
mod taplo;

use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::transform::RestrictFormats;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, io_words};
use crate::files::write_atomic;
use crate::model::paths::SCHEMA_DIR;
use crate::model::{ReleaseFile, SiteConfig, SprintFile, TeamConfig};

pub use taplo::TAPLO_CONFIG;

/// The kinds of TOML file a site holds, each with its own schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FileKind {
    /// `sprintgen.toml`
    Site,
    /// `content/<team>/team.toml`
    Team,
    /// `content/<team>/sprint-NN.toml`
    Sprint,
    /// `content/releases/<slug>.toml`
    Release,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [
        FileKind::Site,
        FileKind::Team,
        FileKind::Sprint,
        FileKind::Release,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Site => "site",
            FileKind::Team => "team",
            FileKind::Sprint => "sprint",
            FileKind::Release => "release",
        }
    }

    /// The schema's path relative to the site root, `/`-separated.
    pub fn schema_path(self) -> String {
        format!("{SCHEMA_DIR}/{}.schema.json", self.name())
    }

    /// The files of this kind, as a glob relative to the site root (what the loader reads:
    /// sprint files are the `sprint*.toml` of a team folder).
    pub fn files(self) -> &'static str {
        match self {
            FileKind::Site => "sprintgen.toml",
            FileKind::Team => "content/*/team.toml",
            FileKind::Sprint => "content/*/sprint*.toml",
            FileKind::Release => "content/releases/*.toml",
        }
    }

    /// How the format reference's `##` heading names the file.
    fn reference_heading(self) -> &'static str {
        match self {
            FileKind::Site => "`sprintgen.toml`",
            FileKind::Team => "`content/<team>/team.toml`",
            FileKind::Sprint => "`content/<team>/sprint-NN.toml`",
            FileKind::Release => "`content/releases/<slug>.toml`",
        }
    }

    fn title(self) -> &'static str {
        match self {
            FileKind::Site => "sprintgen site configuration (sprintgen.toml)",
            FileKind::Team => "sprintgen team (content/<team>/team.toml)",
            FileKind::Sprint => "sprintgen sprint (content/<team>/sprint-NN.toml)",
            FileKind::Release => "sprintgen release (content/releases/<slug>.toml)",
        }
    }
}

/// The schema of a file kind, with the paths of the fields the format reference does not
/// describe (a test keeps that list empty).
pub fn generate(kind: FileKind) -> (Value, Vec<String>) {
    let generator = SchemaSettings::draft07()
        .with(|settings| settings.inline_subschemas = true)
        .with_transform(RestrictFormats::default())
        .into_generator();
    let schema = match kind {
        FileKind::Site => generator.into_root_schema_for::<SiteConfig>(),
        FileKind::Team => generator.into_root_schema_for::<TeamConfig>(),
        FileKind::Sprint => generator.into_root_schema_for::<SprintFile>(),
        FileKind::Release => generator.into_root_schema_for::<ReleaseFile>(),
    };
    let mut value = schema.to_value();
    normalize(&mut value);
    let mut undocumented = Vec::new();
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), kind.title().into());
        describe_properties(root, kind, &mut Vec::new(), &mut undocumented);
    }
    (value, undocumented)
}

/// The schema as the file `schema --write` writes: pretty JSON ending in a newline.
pub fn text(kind: FileKind) -> String {
    let (value, _) = generate(kind);
    format!("{value:#}\n")
}

/// The `#:schema` directive for the first line of a file at `file` (relative to the site root,
/// `/`-separated): Taplo reads the path relative to the file.
pub(crate) fn directive(kind: FileKind, file: &str) -> String {
    let depth = file.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    format!("#:schema {up}{}\n", kind.schema_path())
}

/// Writes the four schemas under `.sprintgen/schemas/` and the `.taplo.toml` rules that map
/// the site's files to them (keeping whatever else the file holds). Returns the files whose
/// content changed.
pub fn write(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut changed = Vec::new();
    for kind in FileKind::ALL {
        let path = root.join(kind.schema_path());
        let text = text(kind);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        write_atomic(&path, text.as_bytes()).map_err(|e| {
            Diagnostic::error(format!(
                "cannot write `{}`: {}",
                kind.schema_path(),
                io_words(&e)
            ))
        })?;
        changed.push(path);
    }
    changed.extend(taplo::write_rules(root)?);
    Ok(changed)
}

/// Sets each property's description from the reference, walking into tables and lists of
/// tables; `path` is where `object` sits in the file.
fn describe_properties(
    object: &mut Map<String, Value>,
    kind: FileKind,
    path: &mut Vec<String>,
    undocumented: &mut Vec<String>,
) {
    // A list's entries are described with the list (schemars writes a list's `items` as one
    // schema: the format has no tuples).
    if let Some(Value::Object(entry)) = object.get_mut("items") {
        describe_properties(entry, kind, path, undocumented);
    }
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    for (key, property) in properties.iter_mut() {
        path.push(key.clone());
        if let Value::Object(property) = property {
            match reference::describe(kind, path) {
                Some(text) => {
                    property.insert("description".into(), text.into());
                }
                None => undocumented.push(path.join(".")),
            }
            describe_properties(property, kind, path, undocumented);
        }
        path.pop();
    }
}

/// Shapes what schemars derives into what a TOML file can hold: no `null` (TOML has none, yet
/// schemars allows it for `Option` fields), an enum's values as one `enum`, no defaults that
/// say nothing (empty lists), and no descriptions but the reference's (set afterwards).
fn normalize(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove("description");
            object.remove("title");
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    object.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(values)) = object.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
            for keyword in ["anyOf", "oneOf"] {
                let Some(Value::Array(options)) = object.get_mut(keyword) else {
                    continue;
                };
                options.retain(|option| option.get("type").is_none_or(|t| t != "null"));
                let constants: Option<Vec<Value>> =
                    options.iter().map(|o| o.get("const").cloned()).collect();
                if let Some(constants) = constants.filter(|c| c.iter().all(Value::is_string)) {
                    object.remove(keyword);
                    object.insert("type".into(), "string".into());
                    object.insert("enum".into(), Value::Array(constants));
                } else if options.len() == 1
                    && let Some(Value::Object(only)) = options.pop()
                {
                    object.remove(keyword);
                    object.extend(only);
                }
            }
            let says_nothing = |v: &Value| match v {
                Value::Null => true,
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                _ => false,
            };
            if object.get("default").is_some_and(says_nothing) {
                object.remove("default");
            }
            // Into the subschemas only: `properties` maps names (such as `title`) to schemas.
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                properties.values_mut().for_each(normalize);
            }
            if let Some(items) = object.get_mut("items") {
                normalize(items);
            }
        }
        Value::Array(schemas) => schemas.iter_mut().for_each(normalize),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_leaves_what_a_toml_file_can_hold() {
        // Empty defaults say nothing; `null` is not TOML; lists of schemas are walked too.
        let mut schema = serde_json::json!([
            {"default": {}, "description": "d", "type": ["string", "null"]},
            {"default": [], "items": [{"title": "t", "type": "integer", "default": null}]},
            {"default": {"a": 1}, "enum": ["x", null]}
        ]);
        normalize(&mut schema);
        assert_eq!(
            schema,
            serde_json::json!([
                {"type": "string"},
                {"items": [{"type": "integer"}]},
                {"default": {"a": 1}, "enum": ["x"]}
            ])
        );
    }

    #[test]
    fn directives_point_from_the_file_to_the_schema() {
        assert_eq!(
            directive(FileKind::Sprint, "content/alpha/sprint-04.toml"),
            "#:schema ../../.sprintgen/schemas/sprint.schema.json\n"
        );
        assert_eq!(
            directive(FileKind::Site, "sprintgen.toml"),
            "#:schema ./.sprintgen/schemas/site.schema.json\n"
        );
    }

    #[test]
    fn the_reference_describes_every_field() {
        for kind in FileKind::ALL {
            let (_, undocumented) = generate(kind);
            assert!(
                undocumented.is_empty(),
                "docs/format.md does not describe these fields of the {} file: {undocumented:?}",
                kind.name()
            );
        }
    }
}
