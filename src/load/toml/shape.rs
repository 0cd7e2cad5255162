//! The tables a file kind accepts and their fields, read from the JSON Schema schemars derives
//! from the model's types (the same derivation `schema/` gives editors): what the messages about
//! a misplaced key or table need ("`tasks` belongs in `[[items]]`"), with no second description
//! of the format to keep in step with `model`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The tables of one file kind, by their path of keys from the top (`[]` is the top level,
/// `["items", "tasks"]` the tasks of an item).
#[derive(Debug, Default)]
pub(super) struct Shape {
    tables: BTreeMap<Vec<String>, Table>,
}

#[derive(Debug)]
struct Table {
    fields: Vec<String>,
    /// A list of tables (`[[items]]`) rather than one table (`[calendar]`).
    list: bool,
}

impl Shape {
    pub(super) fn of<T: JsonSchema>() -> Shape {
        // Inline, every table's fields are where the table is (no `$ref` to follow).
        let schema = SchemaSettings::draft07()
            .with(|settings| settings.inline_subschemas = true)
            .into_generator()
            .into_root_schema_for::<T>();
        let mut shape = Shape::default();
        shape.explore(schema.as_value(), &mut Vec::new(), false);
        shape
    }

    /// Records the table whose schema is `schema` at `path`, and the tables among its fields.
    fn explore(&mut self, schema: &Value, path: &mut Vec<String>, list: bool) {
        let Some(properties) = table_fields(schema) else {
            return;
        };
        for (field, property) in properties {
            path.push(field.clone());
            match list_entry(property) {
                Some(entry) => self.explore(entry, path, true),
                None => self.explore(property, path, false),
            }
            path.pop();
        }
        let fields = properties.keys().cloned().collect();
        self.tables.insert(path.clone(), Table { fields, list });
    }

    /// The fields of the table at `path`, when there is one.
    pub(super) fn fields(&self, path: &[String]) -> Option<&[String]> {
        self.tables.get(path).map(|t| t.fields.as_slice())
    }

    /// Whether `path` is a list of tables (`[[risks]]`).
    pub(super) fn is_list_of_tables(&self, path: &[String]) -> bool {
        self.tables.get(path).is_some_and(|t| t.list)
    }

    /// The tables, other than `except`, that have a field `key`, nearest the top first.
    pub(super) fn tables_with(&self, key: &str, except: &[String]) -> Vec<&[String]> {
        let mut found: Vec<&[String]> = self
            .tables
            .iter()
            .filter(|(path, table)| {
                path.as_slice() != except && table.fields.iter().any(|f| f == key)
            })
            .map(|(path, _)| path.as_slice())
            .collect();
        found.sort_by_key(|path| path.len());
        found
    }
}

/// The fields of a table's schema: an object's properties, also as the one option of an
/// `Option` (schemars writes `anyOf` with `null`); `None` for a schema that is no table.
fn table_fields(schema: &Value) -> Option<&Map<String, Value>> {
    if let Some(Value::Object(properties)) = schema.get("properties") {
        return Some(properties);
    }
    options(schema).find_map(table_fields)
}

/// The schema of a list's entries, when `schema` is a list (or an `Option` of one).
fn list_entry(schema: &Value) -> Option<&Value> {
    let is_list = match schema.get("type") {
        Some(Value::String(kind)) => kind == "array",
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "array"),
        _ => false,
    };
    match is_list {
        true => schema.get("items"),
        false => options(schema).find_map(list_entry),
    }
}

/// The schemas of `anyOf`, `oneOf` and `allOf`.
fn options(schema: &Value) -> impl Iterator<Item = &Value> {
    ["anyOf", "oneOf", "allOf"]
        .into_iter()
        .filter_map(|keyword| schema.get(keyword).and_then(Value::as_array))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReleaseFile, SiteConfig, SprintFile, TeamConfig};

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn finds_the_tables_of_a_sprint_file() {
        let shape = Shape::of::<SprintFile>();
        assert!(shape.fields(&[]).unwrap().contains(&"lessons".to_string()));
        assert!(shape.is_list_of_tables(&path(&["items"])));
        assert!(shape.is_list_of_tables(&path(&["items", "tasks"])));
        assert!(!shape.is_list_of_tables(&path(&["lessons"])));
        assert_eq!(
            shape.fields(&path(&["items", "estimates"])).unwrap(),
            ["on", "points"]
        );
        assert_eq!(
            shape.tables_with("tasks", &[]),
            [path(&["items"]).as_slice()]
        );
    }

    #[test]
    fn finds_single_tables() {
        let shape = Shape::of::<TeamConfig>();
        assert!(!shape.is_list_of_tables(&path(&["calendar"])));
        assert_eq!(
            shape.fields(&path(&["calendar"])).unwrap(),
            ["holidays", "working_days"]
        );
        assert!(shape.is_list_of_tables(&path(&["members"])));
    }

    /// Every table of the other file kinds, and none where a field holds a list of words or
    /// dates.
    #[test]
    fn finds_the_tables_of_every_file_kind() {
        let tables = |shape: Shape| -> Vec<(String, bool)> {
            shape
                .tables
                .iter()
                .map(|(path, table)| (path.join("."), table.list))
                .collect()
        };
        let site = tables(Shape::of::<SiteConfig>());
        assert_eq!(
            site,
            [
                (String::new(), false),
                ("build".into(), false),
                ("calendar".into(), false),
                ("markdown".into(), false),
                ("publish".into(), false)
            ]
        );
        let release = Shape::of::<ReleaseFile>();
        assert!(
            release
                .fields(&[])
                .unwrap()
                .contains(&"id_prefixes".to_string())
        );
        assert_eq!(tables(release), [(String::new(), false)]);
        let team = tables(Shape::of::<TeamConfig>());
        assert_eq!(
            team,
            [
                (String::new(), false),
                ("calendar".into(), false),
                ("members".into(), true),
                ("sync".into(), false)
            ]
        );
    }
}
