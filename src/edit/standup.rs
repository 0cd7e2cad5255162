//! `sprintgen standup`: the day's stand-up, appended as a `[[standups]]` table in date order, or
//! added to when the day already has one.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::Context;
use super::document::{date, insert_table, push_like_last, set};
use crate::diagnostics::Diagnostic;
use crate::schema::FileKind;
use crate::schema::reference::keys;

/// The lines to record, by list.
#[derive(Clone, Debug, Default)]
pub struct StandupEntries {
    pub planned: Vec<String>,
    pub completed: Vec<String>,
    pub blockers: Vec<String>,
    pub next: Vec<String>,
}

impl StandupEntries {
    /// The lists by their key, in the format's order.
    fn lists(&self) -> [(&'static str, &[String]); 4] {
        [
            ("planned", &self.planned),
            ("completed", &self.completed),
            ("blockers", &self.blockers),
            ("next", &self.next),
        ]
    }

    /// "2 completed, 1 blocker" for the summary line.
    fn counts(&self) -> String {
        self.lists()
            .iter()
            .filter(|(_, lines)| !lines.is_empty())
            .map(|(key, lines)| match (*key, lines.len()) {
                ("blockers", 1) => "1 blocker".to_string(),
                (key, n) => format!("{n} {key}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Records `entries` in the stand-up of the context's day; returns what changed.
pub(super) fn apply(
    document: &mut DocumentMut,
    context: &Context,
    entries: &StandupEntries,
) -> Result<String, Diagnostic> {
    let order = keys(FileKind::Sprint, &["standups"]);
    let on = context.on;
    let day_of = |table: &Table| {
        table
            .get("date")
            .and_then(Item::as_datetime)
            .map(ToString::to_string)
    };
    if document
        .get("standups")
        .is_some_and(|item| !item.is_array_of_tables())
    {
        return Err(Diagnostic::error(
            "the stand-ups are not written as `[[standups]]` tables",
        ));
    }
    let existing = document
        .get_mut("standups")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|list| list.iter_mut().find(|t| day_of(t) == Some(on.to_string())));
    if let Some(table) = existing {
        for (key, lines) in entries.lists() {
            append(table, key, lines, &order)?;
        }
        return Ok(format!("stand-up of {on} extended: {}", entries.counts()));
    }
    let mut table = Table::new();
    set(&mut table, "date", date(on), &order);
    for (key, lines) in entries.lists() {
        append(&mut table, key, lines, &order)?;
    }
    // In date order: after the last stand-up on an earlier day.
    let index = document
        .get("standups")
        .and_then(Item::as_array_of_tables)
        .map(|list| {
            let days: Vec<Option<String>> = list.iter().map(day_of).collect();
            days.iter()
                .rposition(|d| d.as_ref().is_some_and(|d| *d < on.to_string()))
                .map_or(0, |i| i + 1)
        });
    let sections = keys(FileKind::Sprint, &[]);
    insert_table(document, "standups", index, table, &sections).map_err(Diagnostic::error)?;
    Ok(format!("stand-up of {on} added: {}", entries.counts()))
}

/// Appends `lines` to the list `key` of a stand-up, creating the list where the format orders
/// it.
fn append(
    table: &mut Table,
    key: &str,
    lines: &[String],
    order: &[&str],
) -> Result<(), Diagnostic> {
    if lines.is_empty() {
        return Ok(());
    }
    match table.get_mut(key) {
        Some(Item::Value(Value::Array(list))) => {
            for line in lines {
                push_like_last(list, line.as_str());
            }
            Ok(())
        }
        Some(_) => Err(Diagnostic::error(format!(
            "`{key}` of the stand-up is not a list"
        ))),
        None => {
            let list: Array = lines.iter().map(String::as_str).collect();
            set(table, key, Value::Array(list), order);
            Ok(())
        }
    }
}
