//! `--update`: a new import into a sprint file written before, with toml_edit so that
//! everything written by hand (stand-ups, risks, notes, comments, items added by hand, keys
//! the import does not write, an item's title once it has one) stays as it was. Only `end`
//! and the imported items' own keys ([`OWNED_KEYS`]) change; imported items not in the file
//! yet are added after its items.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::sprint_toml::{OWNED_KEYS, SprintItem, date, item_values};
use crate::model::Date;

/// What an update did to one file.
#[derive(Debug, Default, PartialEq)]
pub struct Merged {
    pub text: String,
    pub replaced: usize,
    pub added: usize,
    /// Items in the file that the export does not have, kept.
    pub kept: usize,
}

/// The file's new text; an error message when it is not TOML.
pub fn merge(text: &str, end: Date, items: &[SprintItem]) -> Result<Merged, String> {
    let mut document: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    set(document.as_table_mut(), "end", date(end));
    let mut merged = Merged::default();
    let list = document
        .entry("items")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("`items` is not a list of [[items]] tables")?;
    let ids: Vec<Option<String>> = list
        .iter()
        .map(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
        .collect();
    merged.kept = ids
        .iter()
        .filter(|id| !items.iter().any(|i| id.as_deref() == Some(i.id.as_str())))
        .count();
    // New tables go right after the last existing item, not at the end of the file: they take
    // its position, and toml_edit prints tables of one position in the document's order (the
    // next table's position may be the last item's plus one, so counting up would pass it).
    let position = list.iter().filter_map(Table::position).max();
    for item in items {
        match ids
            .iter()
            .position(|id| id.as_deref() == Some(item.id.as_str()))
        {
            Some(index) => {
                let table = list.get_mut(index).expect("index of an existing item");
                replace_owned(table, item);
                merged.replaced += 1;
            }
            None => {
                let mut table = Table::new();
                for (key, value) in item_values(item) {
                    table.insert(key, Item::Value(value));
                }
                table.set_position(position);
                list.push(table);
                merged.added += 1;
            }
        }
    }
    merged.text = document.to_string();
    Ok(merged)
}

/// The file's text without the items `drop` picks by id, and how many it took out; the
/// text unchanged when it picks none.
pub fn drop_items(text: &str, drop: impl Fn(&str) -> bool) -> Result<(String, usize), String> {
    let mut document: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let Some(list) = document
        .get_mut("items")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Ok((text.to_string(), 0));
    };
    let before = list.len();
    list.retain(|t| {
        t.get("id")
            .and_then(|v| v.as_str())
            .is_none_or(|id| !drop(id))
    });
    let dropped = before - list.len();
    if dropped == 0 {
        return Ok((text.to_string(), 0));
    }
    Ok((document.to_string(), dropped))
}

/// Sets the keys the import writes, keeping each one's place and comments, and removes
/// those it no longer writes (but a `url` the tracker does not give, written by hand). An
/// item's title is the file's once written: it may have been renamed by hand, which the file
/// cannot tell from a rename in the tracker, so only a title taken out of the file is written
/// again.
fn replace_owned(table: &mut Table, item: &SprintItem) {
    let values = item_values(item);
    for key in OWNED_KEYS {
        if key == "title" && table.contains_key(key) {
            continue;
        }
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => set(table, key, value.clone()),
            // A link the tracker does not give was written by hand.
            None if key == "url" => {}
            None => {
                table.remove(key);
            }
        }
    }
}

/// Sets `key`, keeping the decoration (spaces, trailing comment) of the value it replaces.
fn set(table: &mut Table, key: &str, value: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemStatus;

    fn item(id: &str, status: ItemStatus) -> SprintItem {
        SprintItem {
            id: id.into(),
            title: format!("Title of {id}"),
            epic: None,
            points: 3.0,
            owner: None,
            status,
            started_on: None,
            done_on: (status == ItemStatus::Done).then(|| Date::new(2026, 3, 4).unwrap()),
            added_on: None,
            removed_on: None,
            estimates: Vec::new(),
            history: Vec::new(),
            carried_from: None,
            url: None,
        }
    }

    #[test]
    fn dropping_items_keeps_the_rest_of_the_file() {
        let text = "number = 1 # first\n\n[[items]]\nid = \"A-1\"\n\n[[items]]\nid = \"A-2\" # moved\n\n[[items]]\nid = \"HAND\"\n\n[[standups]]\ndate = 2026-03-03\n";
        let (kept, dropped) = drop_items(text, |id| id == "A-2").unwrap();
        assert_eq!(dropped, 1);
        assert_eq!(
            kept,
            "number = 1 # first\n\n[[items]]\nid = \"A-1\"\n\n[[items]]\nid = \"HAND\"\n\n[[standups]]\ndate = 2026-03-03\n"
        );
        assert_eq!(drop_items(text, |_| false).unwrap(), (text.to_string(), 0));
    }

    #[test]
    fn a_title_is_written_only_where_the_file_has_none() {
        let before = "number = 3\n\n[[items]]\nid = \"A-1\"\npoints = 5\n";
        let merged = merge(
            before,
            Date::new(2026, 3, 13).unwrap(),
            &[item("A-1", ItemStatus::Todo)],
        )
        .unwrap();
        assert_eq!(
            merged.text,
            "number = 3\nend = 2026-03-13\n\n[[items]]\nid = \"A-1\"\npoints = 3\ntitle = \"Title of A-1\"\n"
        );
    }

    /// The tracker's link replaces the file's; an export without links (Linear's CSV) keeps
    /// one written by hand.
    #[test]
    fn a_link_from_the_tracker_replaces_the_files_and_none_keeps_it() {
        let before = "number = 3\n\n[[items]]\nid = \"A-1\"\ntitle = \"A\"\nurl = \"https://hand.example/A-1\"\n";
        let end = Date::new(2026, 3, 13).unwrap();
        let kept = merge(before, end, &[item("A-1", ItemStatus::Todo)]).unwrap();
        assert!(
            kept.text.contains("url = \"https://hand.example/A-1\""),
            "{}",
            kept.text
        );
        let linked = SprintItem {
            url: Some("https://tracker.example/browse/A-1".into()),
            ..item("A-1", ItemStatus::Todo)
        };
        let replaced = merge(before, end, &[linked]).unwrap();
        assert!(
            replaced
                .text
                .contains("url = \"https://tracker.example/browse/A-1\""),
            "{}",
            replaced.text
        );
        assert!(!replaced.text.contains("hand.example"));
    }

    #[test]
    fn hand_written_parts_survive_an_update() {
        let before = r#"number = 3 # third
title = "Renamed by hand"
start = 2026-03-02
end = 2026-03-10 # was planned short

[[items]]
id = "A-1"
title = "Old title"
points = 5 # estimated in planning
status = "in-progress"
notes = "Written by hand"

[[items]]
id = "HAND-1"
title = "Added by hand"

# The team's daily notes.
[[standups]]
date = 2026-03-03
completed = ["Set up"]
"#;
        let merged = merge(
            before,
            Date::new(2026, 3, 13).unwrap(),
            &[
                item("A-1", ItemStatus::Done),
                item("A-2", ItemStatus::Todo),
                item("A-3", ItemStatus::Todo),
            ],
        )
        .unwrap();
        assert_eq!((merged.replaced, merged.added, merged.kept), (1, 2, 1));
        assert_eq!(
            merged.text,
            r#"number = 3 # third
title = "Renamed by hand"
start = 2026-03-02
end = 2026-03-13 # was planned short

[[items]]
id = "A-1"
title = "Old title"
points = 3 # estimated in planning
status = "done"
notes = "Written by hand"
done_on = 2026-03-04

[[items]]
id = "HAND-1"
title = "Added by hand"

[[items]]
id = "A-2"
title = "Title of A-2"
points = 3

[[items]]
id = "A-3"
title = "Title of A-3"
points = 3

# The team's daily notes.
[[standups]]
date = 2026-03-03
completed = ["Set up"]
"#
        );
    }
}
