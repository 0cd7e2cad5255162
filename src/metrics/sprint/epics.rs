//! The backlog by epic: each epic's size and status, from the same items and the same size
//! rule as the sprint's totals, so the epics add up to the sprint's scope.

use std::collections::HashMap;

use serde::Serialize;

use super::Points;
use crate::model::{Date, Item, ItemStatus, Progress, Unit, total};

/// One epic of a sprint's items (items without an epic form one group, `name: None`).
#[derive(Clone, Debug, Serialize)]
pub struct EpicFigures {
    pub name: Option<String>,
    /// The size of its items counted in the sprint's scope on the reference day.
    pub size: Points,
    pub status: Progress,
    /// Its items, by index in the sprint file, in file order (removed ones included).
    pub items: Vec<usize>,
}

/// Which items count in the sprint's totals on `reference`, and at what size: in scope then,
/// or, before the start, committed.
pub(super) fn counted(item: &Item, start: Date, reference: Date, started: bool) -> bool {
    item.in_scope(start, reference) || (!started && item.committed(start))
}

/// Each item's size on `reference`, in file order (what the backlog shows beside it).
pub(super) fn item_sizes(items: &[Item], reference: Date, unit: Unit) -> Vec<Points> {
    items
        .iter()
        .map(|i| Points(i.size_on(reference, unit)))
        .collect()
}

/// The epics in order of first appearance; one pass over the items, however many epics.
pub(super) fn epics(
    items: &[Item],
    (start, reference, started): (Date, Date, bool),
    unit: Unit,
) -> Vec<EpicFigures> {
    let mut order: Vec<Option<&str>> = Vec::new();
    let mut groups: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    for (n, item) in items.iter().enumerate() {
        let epic = item.epic.as_deref();
        groups
            .entry(epic)
            .or_insert_with(|| {
                order.push(epic);
                Vec::new()
            })
            .push(n);
    }
    order
        .into_iter()
        .map(|epic| {
            let members = groups.remove(&epic).unwrap_or_default();
            let size = total(
                members
                    .iter()
                    .map(|&n| &items[n])
                    .filter(|i| counted(i, start, reference, started))
                    .map(|i| i.size_on(reference, unit)),
            );
            let active: Vec<&Item> = members
                .iter()
                .map(|&n| &items[n])
                .filter(|i| *i.status.get_ref() != ItemStatus::Removed)
                .collect();
            EpicFigures {
                name: epic.map(str::to_string),
                size: Points(size),
                status: epic_status(&active),
                items: members,
            }
        })
        .collect()
}

/// Done when every item still in the sprint is, in progress when any has started.
fn epic_status(active: &[&Item]) -> Progress {
    let status = |i: &&&Item| *i.status.get_ref();
    if !active.is_empty() && active.iter().all(|i| status(&i) == ItemStatus::Done) {
        Progress::Done
    } else if active
        .iter()
        .any(|i| matches!(status(&i), ItemStatus::Done | ItemStatus::InProgress))
    {
        Progress::InProgress
    } else {
        Progress::NotStarted
    }
}
