//! The history GitHub does not keep, read back from the sprint files: what each file says
//! about an item (when it joined and left, its estimates, its start, its status) is its
//! history up to the last sync, and whatever the project shows differently today happened
//! today. An item that joined an iteration whose file exists joined today (the first sync of
//! an iteration dates items by their creation, as the import does); one that left an
//! iteration while it ran left today; an estimate that differs changed today; an item the
//! files show to do and the project in progress started today; a done item the project shows
//! open again was reopened today.
//!
//! Only items the project knows, or whose ids read as GitHub's (`repo#12`, a draft's
//! `PVTI_…`), are the tracker's: the others were written by hand and are left alone.

use std::collections::{BTreeMap, BTreeSet};

use super::{Iteration, Now};
use crate::diagnostics::Diagnostic;
use crate::import::model::{Context, Estimate, Export, Item, Membership};
use crate::model::{self, Date, ItemStatus, Team};

/// What one sprint file says about one item.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    /// Index into the iterations.
    pub iteration: usize,
    pub start: Date,
    pub end: Date,
    pub item: &'a model::Item,
}

impl Record<'_> {
    /// The day it joined: `added_on`, else the start.
    fn joined(&self) -> Date {
        self.item
            .added_on
            .as_ref()
            .map_or(self.start, |d| *d.get_ref())
    }

    fn removed(&self) -> Option<Date> {
        self.item.removed_on.as_ref().map(|d| *d.get_ref())
    }

    fn status(&self) -> ItemStatus {
        *self.item.status.get_ref()
    }
}

/// Adds to `export` every iteration, and every item of the project or of the files with
/// its history (the files') and today's changes; the `unknown` items (whose status no one
/// maps) are left as the files have them.
pub fn reconcile(
    nows: &[Now],
    unknown: &BTreeSet<String>,
    iterations: &[Iteration],
    team: Option<&Team>,
    context: &Context,
    export: &mut Export,
) {
    let sprint: Vec<usize> = iterations
        .iter()
        .map(|i| export.sprint_index(i.sprint.clone()))
        .collect();
    let mut records = records(team, iterations, nows);
    records.retain(|id, _| !unknown.contains(id));
    let synced = |i: usize| {
        team.is_some_and(|t| {
            t.sprints
                .iter()
                .any(|s| *s.data.start.get_ref() == iterations[i].sprint.start)
        })
    };
    let mut ids: Vec<&str> = nows.iter().map(|n| n.id.as_str()).collect();
    ids.extend(records.keys().map(String::as_str));
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let now = nows.iter().find(|n| n.id == id);
        let recorded = records.get(id).map_or(&[][..], Vec::as_slice);
        export.tracked.insert(id.to_string());
        let stays = memberships(now, recorded, &synced, iterations, context.as_of);
        if stays.is_empty() {
            continue;
        }
        let Some(mut item) = item(id, now, recorded, context.as_of) else {
            export.skip(format!("`{id}` (GitHub project item)"), "no estimate");
            continue;
        };
        if item.done.is_none() && now.is_some_and(|n| n.status == ItemStatus::Done) {
            let last = stays
                .last()
                .map_or(context.as_of, |s| iterations[s.0].sprint.end);
            item.done = Some(assumed_close(id, last.min(context.as_of), export));
        }
        item.sprints = stays
            .into_iter()
            .map(|(i, joined, left)| Membership {
                sprint: sprint[i],
                joined,
                left,
            })
            .collect();
        export.items.push(item);
    }
}

/// A done item without a close date seen for the first time: taken as closed on `day`, the
/// iteration's last day (or today, if earlier), with a warning.
fn assumed_close(id: &str, day: Date, export: &mut Export) -> Date {
    export.warnings.push(
        Diagnostic::warning(format!(
            "`{id}` has no close date: taken as closed on {day}, the iteration's last day"
        ))
        .with_hint(
            "a draft has none; convert it to an issue, which GitHub dates when it is closed",
        ),
    );
    day
}

/// Each item's records, by id, in the order of their sprints.
fn records<'a>(
    team: Option<&'a Team>,
    iterations: &[Iteration],
    nows: &[Now],
) -> BTreeMap<String, Vec<Record<'a>>> {
    let mut found: BTreeMap<String, Vec<Record<'a>>> = BTreeMap::new();
    for sprint in team.into_iter().flat_map(|t| &t.sprints) {
        let start = *sprint.data.start.get_ref();
        let Some(iteration) = iterations.iter().position(|i| i.sprint.start == start) else {
            continue;
        };
        for item in &sprint.data.items {
            let id = item.id.get_ref();
            if nows.iter().any(|n| n.id == *id) || is_github_id(id) {
                found.entry(id.clone()).or_default().push(Record {
                    iteration,
                    start,
                    end: *sprint.data.end.get_ref(),
                    item,
                });
            }
        }
    }
    for list in found.values_mut() {
        list.sort_by_key(|r| r.start);
    }
    found
}

/// `repo#12`, `owner/repo#12`, or a draft's project item id.
fn is_github_id(id: &str) -> bool {
    id.starts_with("PVTI_")
        || id
            .rsplit_once('#')
            .is_some_and(|(repo, n)| !repo.is_empty() && n.parse::<u64>().is_ok())
}

/// The iterations the item was in: (iteration, joined, left). Each file's stay, ended by
/// today when the item is no longer in that iteration while it runs (and dropped when it left
/// before the start); and the iteration it is in now, joined today when that iteration's file
/// was written before and it has begun.
fn memberships(
    now: Option<&Now>,
    records: &[Record],
    synced: &dyn Fn(usize) -> bool,
    iterations: &[Iteration],
    today: Date,
) -> Vec<(usize, Option<Date>, Option<Date>)> {
    let current = now.and_then(|n| n.iteration);
    let mut stays = Vec::new();
    for r in records {
        let mut left = r.removed();
        if current == Some(r.iteration) {
            left = None;
        } else if left.is_none() && today < r.start {
            continue;
        } else if left.is_none() && today <= r.end {
            left = Some(today);
        }
        stays.push((r.iteration, Some(r.joined()), left));
    }
    if let Some(i) = current.filter(|i| !records.iter().any(|r| r.iteration == *i)) {
        let start = iterations[i].sprint.start;
        let joined = (synced(i) && today > start).then_some(today);
        stays.push((i, joined, None));
    }
    stays.sort_by_key(|(i, _, _)| iterations[*i].sprint.start);
    stays
}

/// The item with its estimates, dates and status changes: the files' history, then today's
/// changes; `None` without an estimate in the project or the files.
fn item(id: &str, now: Option<&Now>, records: &[Record], today: Date) -> Option<Item> {
    let latest = records.last();
    let points = estimate(now.and_then(|n| n.points), records, today)?;
    let status = now.map_or_else(
        || latest.map_or(ItemStatus::Todo, Record::status),
        |n| n.status,
    );
    let recorded = |pick: fn(&model::Item) -> Option<Date>| -> Option<Date> {
        records.iter().filter_map(|r| pick(r.item)).min()
    };
    let started_on = |i: &model::Item| i.started_on.as_ref().map(|d| *d.get_ref());
    let done_on = |i: &model::Item| i.done_on.as_ref().map(|d| *d.get_ref());
    let seen_to_do = latest.is_some_and(|r| r.status() == ItemStatus::Todo);
    let started = recorded(started_on)
        .or_else(|| (status == ItemStatus::InProgress && seen_to_do).then_some(today));
    let last_done = records.iter().rev().find_map(|r| done_on(r.item));
    let closed = now.and_then(|n| n.closed);
    let done = match status {
        ItemStatus::Done => closed.or(last_done).or_else(|| latest.map(|_| today)),
        _ => None,
    };
    let cancelled = (status == ItemStatus::Removed).then(|| closed.unwrap_or(today));
    let title = now
        .map(|n| n.title.clone())
        .or_else(|| latest.map(|r| r.item.title.clone()))
        .unwrap_or_default();
    Some(Item {
        id: id.to_string(),
        title,
        epic: latest.and_then(|r| r.item.epic.clone()),
        owner: now
            .map(|n| n.owner.clone())
            .unwrap_or_else(|| latest.and_then(|r| r.item.owner.clone())),
        points,
        created: now.and_then(|n| n.created),
        started,
        in_progress: status == ItemStatus::InProgress,
        done,
        cancelled,
        statuses: statuses(records, status, done, today),
        origin: "GitHub project".to_string(),
        url: now
            .and_then(|n| n.url.clone())
            .or_else(|| latest.and_then(|r| r.item.url.as_deref().map(str::to_string))),
        ..Item::default()
    })
}

/// The points over time: each file's points from the day the item joined, its estimates,
/// then today's value when it differs.
fn estimate(now: Option<f64>, records: &[Record], today: Date) -> Option<Estimate> {
    let mut changes: Vec<(Date, f64)> = Vec::new();
    for r in records {
        changes.push((r.joined(), *r.item.points.get_ref()));
        changes.extend(
            r.item
                .estimates
                .iter()
                .map(|e| (*e.on.get_ref(), *e.points.get_ref())),
        );
    }
    changes.sort_by_key(|(day, _)| *day);
    let mut estimate = match changes.first() {
        Some(&(_, first)) => Estimate {
            initial: first,
            changes: changes[1..].to_vec(),
        },
        None => Estimate::fixed(now?),
    };
    if let Some(points) = now.filter(|p| *p != estimate.on(today)) {
        estimate.changes.push((today, points));
    }
    Some(estimate)
}

/// The item's status changes, when it was ever reopened: the files' histories (or their start
/// and done days), then a reopen today (done in the files, open in the project) or a done
/// again. Empty otherwise: `started_on` and `done_on` say it all.
fn statuses(
    records: &[Record],
    status: ItemStatus,
    done: Option<Date>,
    today: Date,
) -> Vec<(Date, ItemStatus)> {
    let mut changes: Vec<(Date, ItemStatus)> = records
        .iter()
        .flat_map(|r| r.item.history.iter())
        .map(|h| (*h.on.get_ref(), *h.status.get_ref()))
        .collect();
    if changes.is_empty() {
        for r in records {
            if let Some(day) = r.item.started_on.as_ref() {
                changes.push((*day.get_ref(), ItemStatus::InProgress));
            }
            if let Some(day) = r
                .item
                .done_on
                .as_ref()
                .filter(|_| r.status() == ItemStatus::Done)
            {
                changes.push((*day.get_ref(), ItemStatus::Done));
            }
        }
    }
    changes.sort_by_key(|(day, _)| *day);
    changes.dedup();
    let last = changes.last().map(|(_, s)| *s);
    match (last, status) {
        (Some(ItemStatus::Done), ItemStatus::Todo | ItemStatus::InProgress) => {
            changes.push((today, status));
        }
        (Some(s), ItemStatus::Done) if s != ItemStatus::Done => {
            changes.push((done.unwrap_or(today), ItemStatus::Done));
        }
        _ => {}
    }
    let reopened = changes
        .windows(2)
        .any(|w| w[0].1 == ItemStatus::Done && w[1].1 != ItemStatus::Done);
    if reopened { changes } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Sprint;
    use crate::model::SprintFile;

    fn day(d: i8) -> Date {
        Date::new(2026, 4, d).unwrap()
    }

    /// Iteration 0 runs 1 to 10 April, iteration 1 from 13 to 24 April.
    fn iterations() -> Vec<Iteration> {
        [(1, 10), (13, 24)]
            .iter()
            .enumerate()
            .map(|(n, &(start, end))| Iteration {
                id: format!("it{n}"),
                sprint: Sprint {
                    title: format!("Sprint {n}"),
                    number: None,
                    start: day(start),
                    end: day(end),
                    goal: None,
                },
            })
            .collect()
    }

    fn file(items: &str) -> SprintFile {
        toml::from_str(&format!(
            "number = 1\ntitle = \"S\"\nstart = 2026-04-01\nend = 2026-04-10\n{items}"
        ))
        .unwrap()
    }

    fn record(file: &SprintFile) -> Record<'_> {
        Record {
            iteration: 0,
            start: day(1),
            end: day(10),
            item: &file.items[0],
        }
    }

    fn now(iteration: Option<usize>, status: ItemStatus, points: f64) -> Now {
        Now {
            id: "web#1".into(),
            title: "T".into(),
            owner: None,
            created: None,
            closed: None,
            status,
            points: Some(points),
            iteration,
            url: None,
        }
    }

    #[test]
    fn joining_and_leaving_are_dated_today() {
        let its = iterations();
        let synced = |_| true;
        let f = file("[[items]]\nid = \"web#1\"\ntitle = \"T\"\npoints = 3\n");
        let r = [record(&f)];
        let stays = |n: Option<&Now>, records: &[Record], today| {
            memberships(n, records, &synced, &its, today)
        };
        // Still there: the file's stay, unchanged.
        let here = now(Some(0), ItemStatus::Todo, 3.0);
        assert_eq!(stays(Some(&here), &r, day(6)), [(0, Some(day(1)), None)]);
        // Moved to the next iteration while the first runs: left today, joins the next when it
        // begins (its file not written yet: by its creation).
        let moved = now(Some(1), ItemStatus::Todo, 3.0);
        assert_eq!(
            stays(Some(&moved), &r, day(6)),
            [(0, Some(day(1)), Some(day(6))), (1, None, None)]
        );
        // Moved after the first ended: carried over, the first stay whole.
        assert_eq!(
            stays(Some(&moved), &r, day(14)),
            [(0, Some(day(1)), None), (1, Some(day(14)), None)]
        );
        // Gone from the project before the iteration began: not in it at all.
        assert_eq!(stays(None, &r, day(1).add_days(-3)), Vec::new());
        // New in a running iteration whose file exists: joined today.
        assert_eq!(stays(Some(&here), &[], day(6)), [(0, Some(day(6)), None)]);
    }

    #[test]
    fn a_changed_estimate_and_a_reopen_are_dated_today() {
        let f = file(
            "[[items]]\nid = \"web#1\"\ntitle = \"T\"\npoints = 3\nstatus = \"done\"\nstarted_on = 2026-04-02\ndone_on = 2026-04-03\nestimates = [{ on = 2026-04-02, points = 5 }]\n",
        );
        let r = [record(&f)];
        let reopened = now(Some(0), ItemStatus::InProgress, 8.0);
        let item = item("web#1", Some(&reopened), &r, day(6)).unwrap();
        assert_eq!(item.points.initial, 3.0);
        assert_eq!(item.points.changes, [(day(2), 5.0), (day(6), 8.0)]);
        assert_eq!(item.started, Some(day(2)));
        assert_eq!(item.done, None);
        assert_eq!(
            item.statuses,
            [
                (day(2), ItemStatus::InProgress),
                (day(3), ItemStatus::Done),
                (day(6), ItemStatus::InProgress)
            ]
        );
        // Unchanged: no new estimate, no status changes to record.
        let same = now(Some(0), ItemStatus::Done, 5.0);
        let item = super::item("web#1", Some(&same), &r, day(6)).unwrap();
        assert_eq!(item.points.changes, [(day(2), 5.0)]);
        assert_eq!((item.done, item.statuses.len()), (Some(day(3)), 0));
    }

    #[test]
    fn an_item_shown_to_do_and_now_in_progress_started_today() {
        let f = file("[[items]]\nid = \"web#1\"\ntitle = \"T\"\npoints = 3\n");
        let r = [record(&f)];
        let started = now(Some(0), ItemStatus::InProgress, 3.0);
        assert_eq!(
            item("web#1", Some(&started), &r, day(7)).unwrap().started,
            Some(day(7))
        );
        assert_eq!(
            item("web#1", Some(&started), &[], day(7)).unwrap().started,
            None
        );
    }

    #[test]
    fn github_ids_are_told_from_hand_written_ones() {
        assert!(is_github_id("web#12") && is_github_id("acme/web#3") && is_github_id("PVTI_lADOB"));
        assert!(!is_github_id("HAND-1") && !is_github_id("#3") && !is_github_id("web#x"));
    }
}
