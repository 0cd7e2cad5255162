//! The tables a file kind accepts and their fields, learnt from the model's own deserialisers:
//! what the messages about a misplaced key or table need ("`tasks` belongs in `[[items]]`"),
//! with no second description of the format to keep in step with `model`.
//!
//! Each table is found by deserialising a tiny document whose only key is one no field has:
//! every table of the model refuses unknown fields, and its refusal lists the fields it has.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use crate::markdown::code_spans;

/// How deep tables nest in the data format (`[[items.tasks]]` is two levels).
const MAX_DEPTH: usize = 3;

/// A key no table of the model has.
const PROBE: &str = "\" \" = 0\n";

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
    pub(super) fn of<T: DeserializeOwned>() -> Shape {
        let mut shape = Shape::default();
        if let Some(fields) = probe::<T>(&[]) {
            shape.explore::<T>(&mut Vec::new(), fields);
        }
        shape
    }

    /// Records the table at `path` and looks for tables among its fields.
    fn explore<T: DeserializeOwned>(
        &mut self,
        path: &mut Vec<(String, bool)>,
        fields: Vec<String>,
    ) {
        let keys: Vec<String> = path.iter().map(|(key, _)| key.clone()).collect();
        let list = path.last().is_some_and(|(_, list)| *list);
        if path.len() < MAX_DEPTH {
            for field in &fields {
                for list in [true, false] {
                    path.push((field.clone(), list));
                    let found = probe::<T>(path);
                    if let Some(inner) = found {
                        self.explore::<T>(path, inner);
                        path.pop();
                        break;
                    }
                    path.pop();
                }
            }
        }
        self.tables.insert(keys, Table { fields, list });
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

/// The fields of the table at `path` (each step a key and whether it is a list of tables), or
/// `None` when there is no table there.
fn probe<T: DeserializeOwned>(path: &[(String, bool)]) -> Option<Vec<String>> {
    let mut text = String::new();
    for depth in 1..=path.len() {
        let dotted: Vec<&str> = path[..depth].iter().map(|(k, _)| k.as_str()).collect();
        let dotted = dotted.join(".");
        if path[depth - 1].1 {
            text.push_str(&format!("[[{dotted}]]\n"));
        } else {
            text.push_str(&format!("[{dotted}]\n"));
        }
    }
    text.push_str(PROBE);
    let error = toml::from_str::<T>(&text).err()?;
    let expected = error.message().strip_prefix("unknown field ` `")?;
    Some(code_spans(expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SprintFile, TeamConfig};

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
            ["working_days", "holidays"]
        );
        assert!(shape.is_list_of_tables(&path(&["members"])));
    }
}
