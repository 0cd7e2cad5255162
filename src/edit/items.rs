//! `sprintgen item …`: an item's status changes as a board records them (each with its date),
//! new items, removals and re-estimates, made to the item's `[[items]]` table.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::document::{date, insert_table, points, push_like_last, set};
use super::{Context, sp};
use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::{Date, Item as ItemData, ItemStatus};
use crate::schema::FileKind;
use crate::schema::reference::keys;

/// What happens to an item.
#[derive(Clone, Debug)]
pub enum ItemChange {
    Add(NewItem),
    Start,
    Done,
    Remove,
    Reopen,
    Estimate(f64),
}

/// A new item's fields.
#[derive(Clone, Debug)]
pub struct NewItem {
    pub title: String,
    pub points: f64,
    pub epic: Option<String>,
    pub owner: Option<String>,
}

/// Applies `change` to the item `id`; returns what changed, for the summary line.
pub(super) fn apply(
    document: &mut DocumentMut,
    context: &Context,
    id: &str,
    change: &ItemChange,
) -> Result<String, Diagnostic> {
    let order = keys(FileKind::Sprint, &["items"]);
    if let ItemChange::Add(new) = change {
        return add(document, context, id, new, &order);
    }
    let data = find(context, id)?;
    let status = *data.status.get_ref();
    let on = context.on;
    let start = *context.data.start.get_ref();
    if let (ItemChange::Remove, ItemStatus::Todo | ItemStatus::InProgress) = (change, status)
        && on < start
    {
        return delete(document, id).map(|()| {
            format!("{id} removed before the sprint starts ({start}): its entry is deleted")
        });
    }
    let table = table(document, id)?;
    let what = match (change, status) {
        (ItemChange::Start, ItemStatus::Todo) => {
            set(table, "status", "in-progress".into(), &order);
            set(table, "started_on", date(on), &order);
            if !data.history.is_empty() {
                record(table, &[(on, ItemStatus::InProgress)], &order);
            }
            format!("{id} started on {on}")
        }
        (ItemChange::Done, ItemStatus::Todo | ItemStatus::InProgress) => {
            set(table, "status", "done".into(), &order);
            set(table, "done_on", date(on), &order);
            if !data.history.is_empty() {
                record(table, &[(on, ItemStatus::Done)], &order);
            }
            format!("{id} done on {on}")
        }
        (ItemChange::Remove, ItemStatus::Todo | ItemStatus::InProgress) => {
            set(table, "status", "removed".into(), &order);
            set(table, "removed_on", date(on), &order);
            format!("{id} removed on {on}")
        }
        (ItemChange::Reopen, ItemStatus::Done) => {
            set(table, "status", "in-progress".into(), &order);
            table.remove("done_on");
            record(table, &reopened(data, on), &order);
            format!("{id} reopened on {on}: in progress again")
        }
        (
            ItemChange::Estimate(new),
            ItemStatus::Todo | ItemStatus::InProgress | ItemStatus::Done,
        ) => estimate(table, data, *new, on, start, &order)?,
        (change, status) => return Err(refusal(id, data, change, status)),
    };
    Ok(what)
}

/// The history entries a reopen adds: the item's past (when it has no history yet: started,
/// then done, as its dates say) and its return to work on `on`, so that the burndown shows it
/// done and then back in progress.
fn reopened(data: &ItemData, on: Date) -> Vec<(Date, ItemStatus)> {
    let mut entries = Vec::new();
    if data.history.is_empty() {
        if let Some(started) = &data.started_on {
            entries.push((*started.get_ref(), ItemStatus::InProgress));
        }
        if let Some(done) = &data.done_on {
            entries.push((*done.get_ref(), ItemStatus::Done));
        }
    }
    entries.push((on, ItemStatus::InProgress));
    entries
}

/// Appends entries to the item's `history` (created where the key order puts it).
fn record(table: &mut Table, entries: &[(Date, ItemStatus)], order: &[&str]) {
    let mut history = table
        .get("history")
        .and_then(Item::as_array)
        .cloned()
        .unwrap_or_default();
    for (on, status) in entries {
        let mut entry = InlineTable::new();
        entry.insert("on", date(*on));
        entry.insert("status", status.as_str().into());
        history.push(entry);
    }
    set(table, "history", Value::Array(history), order);
}

/// The item's data as loaded, or the ids closest to a mistyped one.
fn find<'a>(context: &'a Context, id: &str) -> Result<&'a ItemData, Diagnostic> {
    let items = &context.data.items;
    if let Some(item) = items.iter().find(|i| i.id.get_ref() == id) {
        return Ok(item);
    }
    let ids: Vec<&str> = items.iter().map(|i| i.id.get_ref().as_str()).collect();
    let quoted = |list: &[&str]| {
        list.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let close = closest(id, ids.iter().copied(), 3);
    let hint = match (close.as_slice(), ids.len()) {
        ([], 0) => "the sprint has no items yet: `sprintgen item add` adds one".to_string(),
        ([], _) => format!("its items are {}", quoted(&ids[..ids.len().min(12)])),
        (several, _) => did_you_mean(several).unwrap_or_default(),
    };
    Err(Diagnostic::error(format!(
        "sprint {} has no item `{id}`",
        context.data.number.get_ref()
    ))
    .with_hint(hint))
}

/// The `[[items]]` table of `id`.
fn table<'a>(document: &'a mut DocumentMut, id: &str) -> Result<&'a mut Table, Diagnostic> {
    document
        .get_mut("items")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|items| {
            items
                .iter_mut()
                .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        })
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "the item `{id}` is not written as an `[[items]]` table"
            ))
            .with_hint("`sprintgen item` changes items written as `[[items]]` tables")
        })
}

/// Why an item cannot change so, and what would.
fn refusal(id: &str, data: &ItemData, change: &ItemChange, status: ItemStatus) -> Diagnostic {
    let when = |day: &Option<toml::Spanned<Date>>| {
        day.as_ref()
            .map_or(String::new(), |d| format!(" on {}", d.get_ref()))
    };
    let (message, hint) = match (change, status) {
        (_, ItemStatus::Removed) => (
            format!("`{id}` was removed{}", when(&data.removed_on)),
            "a removed item stays out of the sprint; add it again under a new id",
        ),
        (ItemChange::Start, ItemStatus::InProgress) => (
            format!("`{id}` is already in progress{}", when(&data.started_on)),
            "`sprintgen item done` finishes it",
        ),
        (ItemChange::Reopen, _) => (
            format!("`{id}` is not done, so it cannot be reopened"),
            "`sprintgen item start` starts it",
        ),
        (_, ItemStatus::Done) => (
            format!("`{id}` is already done{}", when(&data.done_on)),
            "`sprintgen item reopen` puts it back in progress first",
        ),
        _ => (format!("`{id}` cannot change so"), ""),
    };
    Diagnostic::error(message).with_hint(hint)
}

/// A new `[[items]]` table after the last one; added after the start, it is scope added.
fn add(
    document: &mut DocumentMut,
    context: &Context,
    id: &str,
    new: &NewItem,
    order: &[&str],
) -> Result<String, Diagnostic> {
    if context.data.items.iter().any(|i| i.id.get_ref() == id) {
        return Err(Diagnostic::error(format!(
            "sprint {} already has an item `{id}`",
            context.data.number.get_ref()
        ))
        .with_hint("ids are unique within a sprint: choose another"));
    }
    let mut table = Table::new();
    set(&mut table, "id", id.into(), order);
    set(&mut table, "title", new.title.as_str().into(), order);
    if let Some(epic) = &new.epic {
        set(&mut table, "epic", epic.as_str().into(), order);
    }
    set(&mut table, "points", points(new.points), order);
    if let Some(owner) = &new.owner {
        set(&mut table, "owner", owner.as_str().into(), order);
    }
    let start = *context.data.start.get_ref();
    let added_later = context.on > start;
    if added_later {
        set(&mut table, "added_on", date(context.on), order);
    }
    let sections = keys(FileKind::Sprint, &[]);
    insert_table(document, "items", None, table, &sections).map_err(Diagnostic::error)?;
    Ok(if added_later {
        format!("{id} added on {} ({})", context.on, sp(new.points))
    } else {
        format!("{id} added ({})", sp(new.points))
    })
}

/// Takes the item out of the file: removing it before the sprint starts means it never was in
/// the sprint.
fn delete(document: &mut DocumentMut, id: &str) -> Result<(), Diagnostic> {
    let items = document
        .get_mut("items")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| Diagnostic::error("the items are not written as `[[items]]` tables"))?;
    let index = items
        .iter()
        .position(|t| t.get("id").and_then(Item::as_str) == Some(id))
        .ok_or_else(|| Diagnostic::error(format!("the item `{id}` is not an `[[items]]` table")))?;
    items.remove(index);
    Ok(())
}

/// A re-estimate dated `on` (replacing one of the same day); before the sprint starts, the
/// item's points themselves change.
fn estimate(
    table: &mut Table,
    data: &ItemData,
    new: f64,
    on: Date,
    start: Date,
    order: &[&str],
) -> Result<String, Diagnostic> {
    let id = data.id.get_ref();
    let old = data.points_on(on);
    if old == new {
        return Err(Diagnostic::error(format!(
            "`{id}` is already estimated at {} on {on}",
            sp(new)
        )));
    }
    if on < start {
        set(table, "points", points(new), order);
        return Ok(format!("{id} estimated at {} (was {})", sp(new), sp(old)));
    }
    let mut entry = InlineTable::new();
    entry.insert("on", date(on));
    entry.insert("points", points(new));
    match table.get_mut("estimates") {
        Some(Item::Value(Value::Array(estimates))) => {
            let same_day = estimates.iter_mut().find_map(|e| {
                e.as_inline_table_mut().filter(|t| {
                    t.get("on")
                        .and_then(Value::as_datetime)
                        .map(ToString::to_string)
                        == Some(on.to_string())
                })
            });
            match same_day {
                Some(existing) => {
                    if let Some(value) = existing.get_mut("points") {
                        let decor = value.decor().clone();
                        *value = points(new);
                        *value.decor_mut() = decor;
                    }
                }
                None => push_like_last(estimates, entry),
            }
        }
        Some(_) => {
            return Err(Diagnostic::error(format!(
                "the `estimates` of `{id}` are not a list"
            )));
        }
        None => {
            let mut estimates = Array::new();
            estimates.push(entry);
            set(table, "estimates", Value::Array(estimates), order);
        }
    }
    Ok(format!(
        "{id} re-estimated on {on}: {} → {}",
        sp(old),
        sp(new)
    ))
}
