//! One sprint's figures: scope over time, the burndown and burn-up series, the ideal line,
//! scope-change events, progress totals, Jira-style item lists and goal status.
//!
//! Semantics follow Jira's sprint burndown, with dates instead of timestamps:
//! - an item is in scope from its `added_on` (or the start) until its `removed_on`, and an item
//!   done before the start is "completed outside this sprint" and never in scope; the start
//!   day is symmetric (the item rules in `model::scope`);
//! - values are end-of-day values, and the series starts with the committed value;
//! - an item's points on a day are its latest re-estimate on or before that day, or 1 when the
//!   team counts issues;
//! - an item with a history is done while its history says so: done, reopened and done again
//!   burns down, up and down.

mod epics;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::attention::{Concern, concerns};
use super::{Points, percent, ratio};
use crate::model::{
    Calendar, Date, IdealBaseline, Item, ItemStatus, Progress, SprintFile, SprintStatus, Unit,
    total,
};
pub use epics::EpicFigures;

#[derive(Clone, Debug, Serialize)]
pub struct SprintFigures {
    pub status: SprintStatus,
    /// The last day with actual values: none before the start, the as-of date while active
    /// (capped at the end), the end once closed.
    pub last_reported: Option<Date>,
    /// The sprint keeps only `committed`/`completed` totals, no items.
    pub summary_form: bool,
    pub working_days: u32,
    pub committed: Points,
    pub total: Points,
    pub completed: Points,
    pub in_progress: Points,
    pub not_started: Points,
    /// Scope not completed: `total - completed`.
    pub remaining: Points,
    pub percent_completed: u32,
    pub percent_in_progress: u32,
    pub percent_not_started: u32,
    /// completed / committed, for sprints that have started.
    pub say_do: Option<f64>,
    /// One entry per calendar day from start to end; actual values stop at the as-of date.
    pub days: Vec<Day>,
    pub scope_changes: Vec<ScopeChange>,
    pub lists: ItemLists,
    /// Status of each goal, in the order of the file.
    pub goals: Vec<Progress>,
    /// Each item's size on the last reported day (the start while planned), in file order.
    pub item_sizes: Vec<Points>,
    /// The items by epic, whose sizes add up to `total`.
    pub epics: Vec<EpicFigures>,
    /// The scope changes since the start, summed (see [`ScopeTotals`]).
    pub scope: ScopeTotals,
    /// What is not completed (so far, while active): none before the start.
    pub carry_over: Option<Points>,
    /// What needs attention, most pressing first (see [`super::attention`]).
    pub concerns: Vec<Concern>,
}

/// The scope changes of a started sprint, summed: what was added (items, and re-estimates
/// up) and removed (items, and re-estimates down).
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct ScopeTotals {
    pub added: Points,
    pub removed: Points,
    /// Added minus removed, when they differ.
    pub net: Option<Points>,
    /// The scope added as a share of the commitment.
    pub increase_percent: u32,
}

impl ScopeTotals {
    fn of(changes: &[ScopeChange], committed: f64) -> ScopeTotals {
        let (added, removed) = scope_added_removed(changes);
        ScopeTotals {
            added: Points(added),
            removed: Points(removed),
            net: (added - removed != 0.0).then_some(Points(added - removed)),
            increase_percent: percent(added, committed),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Day {
    pub date: Date,
    pub working: bool,
    /// The guideline: committed at the start, 0 at the end, falling only on working days.
    pub ideal: Points,
    /// End-of-day actuals; `None` after the as-of date.
    pub actual: Option<Actual>,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Actual {
    pub remaining: Points,
    pub completed: Points,
    pub scope: Points,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeChangeKind {
    Added,
    Removed,
    Reestimated,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScopeChange {
    pub date: Date,
    pub item: String,
    pub kind: ScopeChangeKind,
    pub delta: Points,
}

/// Item ids per Jira sprint-report list.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ItemLists {
    pub completed: Vec<String>,
    pub not_completed: Vec<String>,
    pub removed: Vec<String>,
    pub added: Vec<String>,
    pub completed_outside: Vec<String>,
}

/// Planned before the start, active until the end, closed after; an explicit status wins.
pub fn derive_status(sprint: &SprintFile, as_of: Date) -> SprintStatus {
    if let Some(status) = sprint.status {
        return status;
    }
    if as_of < *sprint.start.get_ref() {
        SprintStatus::Planned
    } else if as_of <= *sprint.end.get_ref() {
        SprintStatus::Active
    } else {
        SprintStatus::Closed
    }
}

/// The last day a sprint's report has actual values for (see [`SprintFigures::last_reported`]).
pub fn last_reported_day(status: SprintStatus, end: Date, as_of: Date) -> Option<Date> {
    match status {
        SprintStatus::Planned => None,
        SprintStatus::Closed => Some(end),
        SprintStatus::Active => Some(as_of.min(end)),
    }
}

/// How a team reads its sprints: the ideal line's baseline and the unit of every figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub baseline: IdealBaseline,
    pub unit: Unit,
}

/// Every figure of one sprint as of `as_of`, on its own calendar.
pub fn compute(
    sprint: &SprintFile,
    calendar: &Calendar,
    as_of: Date,
    rules: Reading,
) -> SprintFigures {
    let start = *sprint.start.get_ref();
    let end = *sprint.end.get_ref();
    let unit = rules.unit;
    let status = derive_status(sprint, as_of);
    let summary_form = is_summary_form(sprint);
    let last_reported = last_reported_day(status, end, as_of);
    let committed = committed(sprint, summary_form, unit);
    let scope_changes = match last_reported {
        Some(last) if !summary_form => scope_changes(&sprint.items, start, last, unit),
        _ => Vec::new(),
    };
    let days = daily_series(
        sprint,
        calendar,
        committed,
        last_reported,
        rules,
        &scope_changes,
    );
    // Totals describe the sprint as of its last reported day (its start when planned).
    let reference = last_reported.unwrap_or(start);
    let started = last_reported.is_some();
    let totals = if summary_form {
        Totals::of_summary(sprint, committed)
    } else {
        Totals::of_items(&sprint.items, start, reference, started, unit)
    };
    let not_started = (totals.total - totals.completed - totals.in_progress).max(0.0);
    let remaining = totals.total - totals.completed;
    let scope = ScopeTotals::of(&scope_changes, committed);
    let goals = goal_statuses(sprint, start, reference);
    SprintFigures {
        status,
        last_reported,
        summary_form,
        working_days: calendar.working_days_between(start, end),
        committed: Points(committed),
        total: Points(totals.total),
        completed: Points(totals.completed),
        in_progress: Points(totals.in_progress),
        not_started: Points(not_started),
        remaining: Points(remaining),
        percent_completed: percent(totals.completed, totals.total),
        percent_in_progress: percent(totals.in_progress, totals.total),
        percent_not_started: percent(not_started, totals.total),
        say_do: match status {
            SprintStatus::Planned => None,
            _ => ratio(totals.completed, committed),
        },
        days,
        scope_changes,
        lists: item_lists(&sprint.items, start, reference, started),
        concerns: concerns(sprint, status, &goals),
        goals,
        item_sizes: epics::item_sizes(&sprint.items, reference, unit),
        epics: epics::epics(&sprint.items, (start, reference, started), unit),
        scope,
        carry_over: (status != SprintStatus::Planned).then(|| Points(remaining.max(0.0))),
    }
}

/// A past sprint kept with `committed`/`completed` totals instead of items.
fn is_summary_form(sprint: &SprintFile) -> bool {
    sprint.items.is_empty() && sprint.committed.is_some()
}

/// The points in scope at the start, at their estimate on that day.
fn committed(sprint: &SprintFile, summary_form: bool, unit: Unit) -> f64 {
    if summary_form {
        return sprint.committed.as_ref().map_or(0.0, |c| *c.get_ref());
    }
    committed_of_items(&sprint.items, *sprint.start.get_ref(), unit)
}

/// The commitment of a sprint's items: their size at the start, for those in scope then.
pub fn committed_of_items(items: &[Item], start: Date, unit: Unit) -> f64 {
    total(
        items
            .iter()
            .filter(|i| i.committed(start))
            .map(|i| i.size_on(start, unit)),
    )
}

/// The progress totals of a sprint.
struct Totals {
    total: f64,
    completed: f64,
    in_progress: f64,
}

impl Totals {
    fn of_summary(sprint: &SprintFile, committed: f64) -> Totals {
        Totals {
            total: committed,
            completed: sprint.completed.as_ref().map_or(0.0, |c| *c.get_ref()),
            in_progress: 0.0,
        }
    }

    /// The items in scope on `reference` (before the start: those committed), at their
    /// size on that day.
    fn of_items(items: &[Item], start: Date, reference: Date, started: bool, unit: Unit) -> Totals {
        let current: Vec<&Item> = items
            .iter()
            .filter(|i| epics::counted(i, start, reference, started))
            .collect();
        let sum = |pred: &dyn Fn(&Item) -> bool| -> f64 {
            total(
                current
                    .iter()
                    .filter(|i| pred(i))
                    .map(|i| i.size_on(reference, unit)),
            )
        };
        Totals {
            total: sum(&|_| true),
            completed: sum(&|i| i.done_by(reference)),
            in_progress: sum(&|i| i.status_on(reference) == ItemStatus::InProgress),
        }
    }
}

/// Each goal's status: its own, else from its items (looked up by id, so that the time
/// grows with the items and the ids the goals name, not with their product).
fn goal_statuses(sprint: &SprintFile, start: Date, reference: Date) -> Vec<Progress> {
    let mut by_id: HashMap<&str, &Item> = HashMap::with_capacity(sprint.items.len());
    for item in &sprint.items {
        by_id.entry(item.id.get_ref().as_str()).or_insert(item);
    }
    sprint
        .goals
        .iter()
        .map(|g| {
            g.status.unwrap_or_else(|| {
                let ids: HashSet<&str> = g.items.iter().map(|i| i.get_ref().as_str()).collect();
                let named: Vec<&Item> =
                    ids.iter().filter_map(|id| by_id.get(id).copied()).collect();
                goal_status(&named, start, reference)
            })
        })
        .collect()
}

/// The ideal line and the end-of-day actuals for every calendar day of the sprint.
///
/// The ideal line falls in equal steps on working days and stays flat on the others. With the
/// `initial` baseline it runs from the commitment to zero; with `current`, each day's scope
/// changes move it, and it falls from there to zero over the working days left.
fn daily_series(
    sprint: &SprintFile,
    calendar: &Calendar,
    committed: f64,
    last_actual: Option<Date>,
    rules: Reading,
    changes: &[ScopeChange],
) -> Vec<Day> {
    let start = *sprint.start.get_ref();
    let end = *sprint.end.get_ref();
    let summary_form = is_summary_form(sprint);
    let total_working = calendar.working_days_between(start, end);
    let mut elapsed_working = 0;
    let mut ideal = committed;
    Calendar::days(start, end)
        .map(|date| {
            let working = calendar.is_working(date);
            let left_including_today = total_working - elapsed_working;
            if working {
                elapsed_working += 1;
            }
            ideal = match rules.baseline {
                IdealBaseline::Initial if total_working > 0 => {
                    committed * f64::from(total_working - elapsed_working)
                        / f64::from(total_working)
                }
                // Without any working day the line can only drop at the very end.
                IdealBaseline::Initial => {
                    if date == end {
                        0.0
                    } else {
                        committed
                    }
                }
                // The end of the sprint with no working day left: whatever scope came late
                // (or the whole line, without any working day) drops to zero here.
                IdealBaseline::Current if date == end && left_including_today <= 1 => 0.0,
                IdealBaseline::Current => {
                    // Removing more than the line still holds takes it to zero, not below.
                    let moved = (ideal
                        + total(changes.iter().filter(|c| c.date == date).map(|c| c.delta.0)))
                    .max(0.0);
                    if working {
                        moved - moved / f64::from(left_including_today)
                    } else {
                        moved
                    }
                }
            };
            let has_actual = last_actual.is_some_and(|last| date <= last) && !summary_form;
            Day {
                date,
                working,
                ideal: Points(ideal),
                actual: has_actual.then(|| actual_on(&sprint.items, start, date, rules.unit)),
            }
        })
        .collect()
}

fn actual_on(items: &[Item], start: Date, day: Date, unit: Unit) -> Actual {
    let mut actual = Actual {
        remaining: Points(0.0),
        completed: Points(0.0),
        scope: Points(0.0),
    };
    for item in items.iter().filter(|i| i.in_scope(start, day)) {
        let points = item.size_on(day, unit);
        actual.scope.0 += points;
        if item.done_by(day) {
            actual.completed.0 += points;
        } else {
            actual.remaining.0 += points;
        }
    }
    actual
}

/// Added, removed and re-estimated items after the start, up to `last`, in date order.
fn scope_changes(items: &[Item], start: Date, last: Date, unit: Unit) -> Vec<ScopeChange> {
    let mut changes = Vec::new();
    for item in items.iter().filter(|i| !i.done_before(start)) {
        let id = item.id.get_ref().clone();
        let added = item.added(start);
        let removed = item.removed(start);
        if added > start {
            changes.push(ScopeChange {
                date: added,
                item: id.clone(),
                kind: ScopeChangeKind::Added,
                delta: Points(item.size_on(added, unit)),
            });
        }
        // An issue counts one whatever its estimate.
        let estimates = if unit == Unit::Issues {
            &[][..]
        } else {
            &item.estimates[..]
        };
        let mut estimates: Vec<_> = estimates.iter().collect();
        estimates.sort_by_key(|e| *e.on.get_ref());
        for estimate in estimates {
            let on = *estimate.on.get_ref();
            let in_scope_then = on > added && removed.is_none_or(|r| on < r);
            let before = item.points_on(Date(on.0.yesterday().unwrap_or(on.0)));
            let delta = *estimate.points.get_ref() - before;
            if in_scope_then && delta != 0.0 {
                changes.push(ScopeChange {
                    date: on,
                    item: id.clone(),
                    kind: ScopeChangeKind::Reestimated,
                    delta: Points(delta),
                });
            }
        }
        // Removed on the start day, an item was never committed: no change to list.
        if let Some(removed) = removed.filter(|r| *r >= added && *r > start) {
            // The item leaves with the points it had in scope: those at the end of the day
            // before (or on the day it joined, when that is the same day).
            let basis = Date(removed.0.yesterday().unwrap_or(removed.0)).max(added);
            changes.push(ScopeChange {
                date: removed,
                item: id,
                kind: ScopeChangeKind::Removed,
                delta: Points(-item.size_on(basis, unit)),
            });
        }
    }
    changes.retain(|c| c.date <= last);
    changes.sort_by_key(|c| c.date);
    changes
}

fn item_lists(items: &[Item], start: Date, reference: Date, started: bool) -> ItemLists {
    let mut lists = ItemLists::default();
    for item in items {
        let id = item.id.get_ref().clone();
        if item.done_before(start) {
            lists.completed_outside.push(id);
            continue;
        }
        if item.removed(start).is_some_and(|r| r <= reference) {
            lists.removed.push(id.clone());
        } else if item.in_scope(start, reference) || !started {
            if item.done_by(reference) {
                lists.completed.push(id.clone());
            } else {
                lists.not_completed.push(id.clone());
            }
        }
        if item
            .added_on
            .as_ref()
            .is_some_and(|a| *a.get_ref() > start && *a.get_ref() <= reference)
        {
            lists.added.push(id);
        }
    }
    lists
}

/// Done when every named item is done, in progress when any has started, else not started.
/// Removed items do not count (nor do ids that name no item, a validation error).
pub fn goal_status(named: &[&Item], start: Date, reference: Date) -> Progress {
    let named: Vec<&Item> = named
        .iter()
        .copied()
        .filter(|i| i.removed(start).is_none_or(|r| r > reference))
        .collect();
    if named.is_empty() {
        return Progress::NotStarted;
    }
    let done = named.iter().filter(|i| i.done_by(reference)).count();
    if done == named.len() {
        Progress::Done
    } else if done > 0
        || named
            .iter()
            .any(|i| i.status_on(reference) == ItemStatus::InProgress)
    {
        Progress::InProgress
    } else {
        Progress::NotStarted
    }
}

#[cfg(test)]
mod tests;

/// Working days left after the as-of date, up to the end of the sprint (all of them before it
/// starts).
pub fn working_days_left(calendar: &Calendar, start: Date, end: Date, as_of: Date) -> u32 {
    let from = if as_of < start { start } else { as_of.next() };
    calendar.working_days_between(from, end)
}

/// Working days from the start up to the last reported day, both counted.
pub fn elapsed_working_days(calendar: &Calendar, start: Date, figures: &SprintFigures) -> u32 {
    figures
        .last_reported
        .map_or(0, |last| calendar.working_days_between(start, last))
}

/// Points added to and removed from the scope after the start: added items and upward
/// re-estimates, and removed items and downward re-estimates (both positive).
pub fn scope_added_removed(changes: &[ScopeChange]) -> (f64, f64) {
    let added = total(
        changes
            .iter()
            .filter(|c| c.kind != ScopeChangeKind::Removed && c.delta.0 > 0.0)
            .map(|c| c.delta.0),
    );
    let removed = total(
        changes
            .iter()
            .filter(|c| c.delta.0 < 0.0)
            .map(|c| -c.delta.0),
    );
    (added, removed)
}
