//! From the neutral model to sprint files: what each item says in each sprint it was in (by
//! the same rules for every tracker), and the text of a new sprint file.
//!
//! The rules, for an item in a sprint from `start` to `end`:
//! - it joined when the export says, else when it was created; after the start, that is
//!   `added_on`;
//! - done by the end: `done` with `done_on` (before the start: completed outside the
//!   sprint); done later: not completed in this sprint. When the tracker keeps its status
//!   changes, "done by the end" is its status at the end, and a sprint in which it was done
//!   and then reopened records the changes as `history`;
//! - left the sprint, or cancelled, while it ran: `removed` with `removed_on`;
//! - otherwise in progress once started (or when the tracker shows it in progress in its
//!   last sprint), else to do;
//! - its points are those on the day it joined (or the start); later changes up to the end
//!   are `estimates`;
//! - in an earlier sprint it was in and did not leave, it was carried over: `carried_from`.

use toml_edit::{Array, InlineTable, Value};

use super::model::{Export, Item, Skipped};
use crate::metrics::Points;
use crate::model::{Date, ItemStatus};

/// What one item says in one sprint file.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintItem {
    pub id: String,
    pub title: String,
    pub epic: Option<String>,
    pub points: f64,
    pub owner: Option<String>,
    pub status: ItemStatus,
    pub started_on: Option<Date>,
    pub done_on: Option<Date>,
    pub added_on: Option<Date>,
    pub removed_on: Option<Date>,
    pub estimates: Vec<(Date, f64)>,
    pub history: Vec<(Date, ItemStatus)>,
    pub carried_from: Option<u32>,
    pub url: Option<String>,
}

/// The keys of an item the import writes; `--update` replaces these and keeps the others
/// (and keeps a `url` when the tracker gives none: one written by hand).
pub const OWNED_KEYS: [&str; 13] = [
    "title",
    "epic",
    "points",
    "owner",
    "status",
    "started_on",
    "done_on",
    "added_on",
    "removed_on",
    "estimates",
    "history",
    "carried_from",
    "url",
];

/// The head of a new sprint file.
pub struct Header<'a> {
    pub number: u32,
    pub title: &'a str,
    pub start: Date,
    pub end: Date,
    /// The sprint's goal, as the tracker records it.
    pub goal: Option<&'a str>,
}

/// The items of export sprint `sprint`, sorted by id, with the memberships that could not be
/// imported. `numbers` holds each export sprint's sprint number.
pub fn sprint_items(
    export: &Export,
    sprint: usize,
    numbers: &[Option<u32>],
) -> (Vec<SprintItem>, Vec<Skipped>) {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for item in &export.items {
        for (k, membership) in item.sprints.iter().enumerate() {
            if membership.sprint != sprint {
                continue;
            }
            match place(export, item, k, numbers) {
                Ok(placed) => items.push(placed),
                Err(reason) => skipped.push(Skipped {
                    what: format!("`{}` ({})", item.id, item.origin),
                    reason: format!("{reason} `{}`", export.sprints[sprint].title),
                }),
            }
        }
    }
    items.sort_by_key(|i| super::model::natural_key(&i.id));
    (items, skipped)
}

/// Item `item` in its `k`-th sprint, or why it cannot be there.
fn place(
    export: &Export,
    item: &Item,
    k: usize,
    numbers: &[Option<u32>],
) -> Result<SprintItem, String> {
    let membership = &item.sprints[k];
    let sprint = &export.sprints[membership.sprint];
    let (start, end) = (sprint.start, sprint.end);
    let last = k + 1 == item.sprints.len();
    let joined = membership.joined.or(item.created);
    if joined.is_some_and(|j| j > end) {
        return Err("it joined after the end of".into());
    }
    let added_on = joined.filter(|j| *j > start);
    let from = added_on.unwrap_or(start);
    let done_on = done_by(item, end);
    if done_on.zip(added_on).is_some_and(|(d, a)| d < a) {
        return Err("it was done before it joined".into());
    }
    let cancelled = item.cancelled.filter(|_| last);
    if cancelled.is_some_and(|c| c < start) && membership.left.is_none() {
        return Err("it was cancelled before the start of".into());
    }
    let removed_on = membership
        .left
        .or(cancelled)
        .filter(|r| *r <= end)
        .map(|r| r.max(from))
        .filter(|r| done_on.is_none_or(|d| d > *r));
    let started_on = item
        .started
        .filter(|s| *s <= end && done_on.is_none_or(|d| *s <= d));
    let history = reopened_history(item, from, removed_on.unwrap_or(end));
    let status = match (removed_on, done_on, history.last()) {
        (Some(_), _, _) => ItemStatus::Removed,
        (None, _, Some(&(_, status))) => status,
        (None, Some(_), None) => ItemStatus::Done,
        _ if started_on.is_some() || (last && item.in_progress) => ItemStatus::InProgress,
        _ => ItemStatus::Todo,
    };
    Ok(SprintItem {
        id: item.id.clone(),
        title: item.title.clone(),
        epic: item.epic.clone(),
        points: item.points.on(from),
        owner: item.owner.clone(),
        status,
        started_on,
        done_on: history
            .last()
            .map(|(on, _)| *on)
            .or(done_on)
            .filter(|_| status == ItemStatus::Done),
        added_on,
        removed_on,
        estimates: estimates(item, from, end),
        history,
        carried_from: carried_from(export, item, k, numbers),
        url: item.url.clone(),
    })
}

/// The day the item was done, when it is done at the end of `day`: by its status changes when
/// the tracker keeps them (done, reopened, done again: the start of the last run of done),
/// else its done date.
fn done_by(item: &Item, day: Date) -> Option<Date> {
    if item.statuses.is_empty() {
        return item.done.filter(|d| *d <= day);
    }
    let mut done = None;
    for &(on, status) in item.statuses.iter().take_while(|(on, _)| *on <= day) {
        done = match status {
            ItemStatus::Done => done.or(Some(on)),
            _ => None,
        };
    }
    done
}

/// The item's status changes from `from` to `until` as a sprint file's `history` (its status
/// on `from`, then each change; the later of two on one day counts), when it was reopened in
/// that time: done, then not done. Empty otherwise, as `started_on` and `done_on` say the
/// rest. Leaving the sprint is `removed_on`, never an entry.
fn reopened_history(item: &Item, from: Date, until: Date) -> Vec<(Date, ItemStatus)> {
    let work = item
        .statuses
        .iter()
        .filter(|(_, status)| *status != ItemStatus::Removed);
    let on_from = work
        .clone()
        .take_while(|(on, _)| *on <= from)
        .last()
        .map_or(ItemStatus::Todo, |(_, status)| *status);
    let mut entries = Vec::new();
    if on_from != ItemStatus::Todo {
        entries.push((from, on_from));
    }
    for &(on, status) in work.filter(|(on, _)| *on > from && *on <= until) {
        if entries.last().is_some_and(|(day, _)| *day == on) {
            entries.pop();
        }
        let before = entries.last().map_or(ItemStatus::Todo, |(_, s)| *s);
        if before != status {
            entries.push((on, status));
        }
    }
    let reopened = entries
        .windows(2)
        .any(|w| w[0].1 == ItemStatus::Done && w[1].1 != ItemStatus::Done);
    if reopened { entries } else { Vec::new() }
}

/// The points after each day an estimate changed, after `from` up to `end`.
fn estimates(item: &Item, from: Date, end: Date) -> Vec<(Date, f64)> {
    let mut days: Vec<Date> = item
        .points
        .changes
        .iter()
        .map(|(day, _)| *day)
        .filter(|day| *day > from && *day <= end)
        .collect();
    days.dedup();
    let mut current = item.points.on(from);
    let mut out = Vec::new();
    for day in days {
        let points = item.points.on(day);
        if points != current {
            out.push((day, points));
            current = points;
        }
    }
    out
}

/// The number of the sprint before, when the item was carried over from it: it stayed in
/// that sprint to its end without being done.
fn carried_from(export: &Export, item: &Item, k: usize, numbers: &[Option<u32>]) -> Option<u32> {
    let previous = item.sprints.get(k.checked_sub(1)?)?;
    let end = export.sprints[previous.sprint].end;
    let done_there = done_by(item, end).is_some();
    numbers[previous.sprint].filter(|_| previous.left.is_none() && !done_there)
}

/// The fields an item writes, in the file's order (`id` first, todo left out as the
/// default).
pub fn item_values(item: &SprintItem) -> Vec<(&'static str, Value)> {
    let mut values = vec![("id", Value::from(item.id.as_str()))];
    values.push(("title", Value::from(item.title.as_str())));
    if let Some(epic) = &item.epic {
        values.push(("epic", Value::from(epic.as_str())));
    }
    values.push(("points", points(item.points)));
    if let Some(owner) = &item.owner {
        values.push(("owner", Value::from(owner.as_str())));
    }
    let status = match item.status {
        ItemStatus::Todo => None,
        ItemStatus::InProgress => Some("in-progress"),
        ItemStatus::Done => Some("done"),
        ItemStatus::Removed => Some("removed"),
    };
    if let Some(status) = status {
        values.push(("status", Value::from(status)));
    }
    for (key, day) in [
        ("started_on", item.started_on),
        ("done_on", item.done_on),
        ("added_on", item.added_on),
        ("removed_on", item.removed_on),
    ] {
        if let Some(day) = day {
            values.push((key, date(day)));
        }
    }
    if !item.estimates.is_empty() {
        let mut list = Array::new();
        for (on, value) in &item.estimates {
            let mut estimate = InlineTable::new();
            estimate.insert("on", date(*on));
            estimate.insert("points", points(*value));
            list.push(estimate);
        }
        values.push(("estimates", Value::Array(list)));
    }
    if !item.history.is_empty() {
        let mut list = Array::new();
        for (on, status) in &item.history {
            let mut change = InlineTable::new();
            change.insert("on", date(*on));
            change.insert("status", Value::from(status.as_str()));
            list.push(change);
        }
        values.push(("history", Value::Array(list)));
    }
    if let Some(number) = item.carried_from {
        values.push(("carried_from", Value::from(i64::from(number))));
    }
    if let Some(url) = &item.url {
        values.push(("url", Value::from(url.as_str())));
    }
    values
}

/// A TOML date value.
pub fn date(day: Date) -> Value {
    Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: day.0.year() as u16,
            month: day.0.month() as u8,
            day: day.0.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

/// Points as the data format writes them: whole numbers without a fraction.
fn points(value: f64) -> Value {
    let shown = Points(value).to_string();
    match shown.parse::<i64>() {
        Ok(whole) => Value::from(whole),
        Err(_) => Value::from(Points(value).rounded()),
    }
}

/// The text of a new sprint file, starting with the `#:schema` line when there is one.
pub fn sprint_file(header: &Header, items: &[SprintItem], schema: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(directive) = schema {
        text.push_str(directive);
    }
    let mut line = |key: &str, value: Value| text.push_str(&format!("{key} = {value}\n"));
    line("number", Value::from(i64::from(header.number)));
    line("title", Value::from(header.title));
    line("start", date(header.start));
    line("end", date(header.end));
    if let Some(goal) = header.goal {
        text.push_str(&goal_table(goal, header.start, items));
    }
    for item in items {
        text.push_str("\n[[items]]\n");
        for (key, value) in item_values(item) {
            text.push_str(&format!("{key} = {value}\n"));
        }
    }
    text
}

/// The sprint's goal as a goal of the sprint page, whose progress is that of the items
/// committed at the start (not added later, not done before the start, not removed).
fn goal_table(goal: &str, start: Date, items: &[SprintItem]) -> String {
    let committed: Array = items
        .iter()
        .filter(|i| i.added_on.is_none() && i.status != ItemStatus::Removed)
        .filter(|i| i.done_on.is_none_or(|d| d >= start))
        .map(|i| i.id.as_str())
        .collect();
    let mut table = format!("\n[[goals]]\ntitle = {}\n", Value::from(goal));
    if !committed.is_empty() {
        table.push_str(&format!("items = {}\n", Value::Array(committed)));
    }
    table
}

#[cfg(test)]
mod tests {
    //! The rules of the module's header, at their edges: sprint 7 runs 2 to 13 March 2026.

    use super::*;
    use crate::import::model::{Estimate, Membership, Sprint};

    fn day(d: i8) -> Date {
        Date::new(2026, 3, d).expect("a day of March 2026")
    }

    fn export() -> Export {
        let sprint = |number, start, end| Sprint {
            title: format!("Sprint {number}"),
            number: Some(number),
            start: day(start),
            end: day(end),
            goal: None,
        };
        Export {
            sprints: vec![sprint(6, 2, 13), sprint(7, 16, 27)],
            ..Export::default()
        }
    }

    /// An item of 3 points in sprint 7 (index 1) only, changed by `change`.
    fn in_sprint_7(change: impl FnOnce(&mut Item)) -> Item {
        let mut item = Item {
            id: "A-1".into(),
            points: Estimate::fixed(3.0),
            sprints: vec![Membership {
                sprint: 1,
                joined: None,
                left: None,
            }],
            ..Item::default()
        };
        change(&mut item);
        item
    }

    fn placed(item: &Item) -> Result<SprintItem, String> {
        let k = item.sprints.len() - 1;
        place(&export(), item, k, &[Some(6), Some(7)])
    }

    /// Status, added, done and removed days of an item placed in its last sprint.
    type Summary = (ItemStatus, Option<Date>, Option<Date>, Option<Date>);

    fn summary(item: &Item) -> Result<Summary, String> {
        placed(item).map(|p| (p.status, p.added_on, p.done_on, p.removed_on))
    }

    #[test]
    fn joining_on_the_first_day_is_committed_and_on_the_last_day_added() {
        let todo = ItemStatus::Todo;
        assert_eq!(
            summary(&in_sprint_7(|i| i.created = Some(day(16)))),
            Ok((todo, None, None, None))
        );
        assert_eq!(
            summary(&in_sprint_7(|i| i.created = Some(day(27)))),
            Ok((todo, Some(day(27)), None, None))
        );
        assert_eq!(
            summary(&in_sprint_7(|i| i.created = Some(day(28)))),
            Err("it joined after the end of".into())
        );
    }

    #[test]
    fn done_on_the_day_it_joined_counts_and_before_it_is_an_error() {
        let done = |on| {
            in_sprint_7(|i| {
                i.created = Some(day(18));
                i.done = Some(day(on));
            })
        };
        assert_eq!(
            summary(&done(18)),
            Ok((ItemStatus::Done, Some(day(18)), Some(day(18)), None))
        );
        assert_eq!(
            summary(&done(17)),
            Err("it was done before it joined".into())
        );
    }

    #[test]
    fn cancelled_on_the_first_day_is_removed_and_before_it_is_an_error() {
        let cancelled = |on| in_sprint_7(|i| i.cancelled = Some(day(on)));
        assert_eq!(
            summary(&cancelled(16)),
            Ok((ItemStatus::Removed, None, None, Some(day(16))))
        );
        assert_eq!(
            summary(&cancelled(13)),
            Err("it was cancelled before the start of".into())
        );
    }

    #[test]
    fn a_removal_counts_only_before_the_item_is_done() {
        let both = |cancelled, done| {
            in_sprint_7(|i| {
                i.cancelled = Some(day(cancelled));
                i.done = Some(day(done));
            })
        };
        assert_eq!(
            summary(&both(18, 20)),
            Ok((ItemStatus::Removed, None, None, Some(day(18))))
        );
        assert_eq!(
            summary(&both(20, 20)),
            Ok((ItemStatus::Done, None, Some(day(20)), None))
        );
    }

    #[test]
    fn a_start_after_the_end_or_after_done_is_left_out() {
        let started = |on| in_sprint_7(|i| i.started = Some(day(on)));
        let p = placed(&started(27)).expect("placed");
        assert_eq!(
            (p.status, p.started_on),
            (ItemStatus::InProgress, Some(day(27)))
        );
        let p = placed(&started(30)).expect("placed");
        assert_eq!((p.status, p.started_on), (ItemStatus::Todo, None));
        let p = placed(&in_sprint_7(|i| {
            i.started = Some(day(20));
            i.done = Some(day(19));
        }))
        .expect("placed");
        assert_eq!((p.status, p.started_on), (ItemStatus::Done, None));
    }

    #[test]
    fn estimates_list_the_changes_inside_the_sprint_only() {
        let item = in_sprint_7(|i| {
            i.points.changes = vec![
                (day(10), 5.0),
                (day(16), 8.0),
                (day(20), 2.0),
                (day(30), 1.0),
            ];
        });
        let p = placed(&item).expect("placed");
        assert_eq!(p.points, 8.0);
        assert_eq!(p.estimates, [(day(20), 2.0)]);
    }

    #[test]
    fn the_goal_follows_the_items_committed_at_the_start() {
        let item = |id: &str, change: fn(&mut SprintItem)| {
            let mut item = placed(&in_sprint_7(|_| {})).expect("placed");
            item.id = id.into();
            change(&mut item);
            item
        };
        let items = [
            item("A-1", |_| {}),
            item("A-2", |i| i.added_on = Some(day(18))),
            item("A-3", |i| i.done_on = Some(day(13))),
            item("A-4", |i| i.status = ItemStatus::Removed),
            item("A-5", |i| i.done_on = Some(day(16))),
        ];
        assert_eq!(
            goal_table("Ship \"it\"", day(16), &items),
            "\n[[goals]]\ntitle = 'Ship \"it\"'\nitems = [\"A-1\", \"A-5\"]\n"
        );
        assert_eq!(
            goal_table("Ship", day(16), &items[1..2]),
            "\n[[goals]]\ntitle = \"Ship\"\n"
        );
    }

    #[test]
    fn carried_over_only_when_it_stayed_undone_to_the_end_of_the_sprint_before() {
        let carried = |left: Option<Date>, done: Option<Date>| {
            let item = in_sprint_7(|i| {
                i.sprints.insert(
                    0,
                    Membership {
                        sprint: 0,
                        joined: None,
                        left,
                    },
                );
                i.done = done;
            });
            placed(&item).expect("placed").carried_from
        };
        assert_eq!(carried(None, None), Some(6));
        assert_eq!(carried(Some(day(10)), None), None);
        assert_eq!(carried(None, Some(day(13))), None);
        assert_eq!(carried(None, Some(day(17))), Some(6));
    }
}
