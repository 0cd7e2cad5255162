//! When an item is part of its sprint, how big it is on a day, and whether it is done: the
//! rules of the data format (docs/format.md, "What is computed") that the figures, the
//! validation of summary-form totals and the release figures all share.
//!
//! The start day is symmetric: an item added on or before the start day is committed, and an
//! item removed on the start day never was (it is listed as removed, with no scope change).
//! Values are end-of-day values.

use super::{Date, Item, ItemStatus, Unit};

impl Item {
    /// The day it joined the sprint: its `added_on`, never earlier than the start (an item
    /// added before the sprint began was there when it began).
    pub fn added(&self, start: Date) -> Date {
        self.added_on
            .as_ref()
            .map_or(start, |d| (*d.get_ref()).max(start))
    }

    /// The day it left the sprint: its `removed_on`, or the start for `status = "removed"`
    /// without a date (which validation reports).
    pub fn removed(&self, start: Date) -> Option<Date> {
        match (&self.removed_on, self.status.get_ref()) {
            (Some(date), _) => Some(*date.get_ref()),
            (None, ItemStatus::Removed) => Some(start),
            (None, _) => None,
        }
    }

    /// Finished before the sprint started: "completed outside this sprint", never in scope.
    pub fn done_before(&self, start: Date) -> bool {
        self.done_on.as_ref().is_some_and(|d| *d.get_ref() < start)
    }

    /// In the sprint's scope at the end of `day`.
    pub fn in_scope(&self, start: Date, day: Date) -> bool {
        self.added(start) <= day
            && self.removed(start).is_none_or(|removed| day < removed)
            && !self.done_before(start)
    }

    /// Part of the commitment: in scope at the end of the start day. Added on the start day
    /// counts; removed on the start day does not.
    pub fn committed(&self, start: Date) -> bool {
        self.in_scope(start, start)
    }

    /// Done at the end of `day`: by its history when it has one (done, reopened, done again),
    /// else from `done_on` on.
    pub fn done_by(&self, day: Date) -> bool {
        if self.history.is_empty() {
            self.done_on.as_ref().is_some_and(|d| *d.get_ref() <= day)
        } else {
            self.status_on(day) == ItemStatus::Done
        }
    }

    /// Its status at the end of `day`: the last history entry up to that day (to do before the
    /// first), or, without history, done from `done_on` on and otherwise its `status` (an item
    /// done later counts as not started).
    pub fn status_on(&self, day: Date) -> ItemStatus {
        if self.history.is_empty() {
            return match *self.status.get_ref() {
                _ if self.done_by(day) => ItemStatus::Done,
                ItemStatus::Done => ItemStatus::Todo,
                status => status,
            };
        }
        self.history
            .iter()
            .rev()
            .find(|change| *change.on.get_ref() <= day)
            .map_or(ItemStatus::Todo, |change| *change.status.get_ref())
    }

    /// Its points on `day`: the latest re-estimate dated on or before it, else `points`.
    pub fn points_on(&self, day: Date) -> f64 {
        self.estimates
            .iter()
            .filter(|e| *e.on.get_ref() <= day)
            .max_by_key(|e| *e.on.get_ref())
            .map_or(*self.points.get_ref(), |e| *e.points.get_ref())
    }

    /// What it counts for on `day`: its points, or one issue.
    pub fn size_on(&self, day: Date, unit: Unit) -> f64 {
        match unit {
            Unit::Points => self.points_on(day),
            Unit::Issues => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SprintFile;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn items(text: &str) -> Vec<Item> {
        let header = "number = 1\ntitle = \"S\"\nstart = 2025-11-03\nend = 2025-11-14\n";
        toml::from_str::<SprintFile>(&format!("{header}{text}"))
            .unwrap()
            .items
    }

    /// The start day is symmetric: what is added that day is committed, what is removed that
    /// day never was.
    #[test]
    fn the_start_day_is_symmetric() {
        let start = d("2025-11-03");
        let items = items(concat!(
            "[[items]]\nid = \"ADDED\"\ntitle = \"a\"\nadded_on = 2025-11-03\n",
            "[[items]]\nid = \"REMOVED\"\ntitle = \"r\"\nstatus = \"removed\"\nremoved_on = 2025-11-03\n",
            "[[items]]\nid = \"EARLY\"\ntitle = \"e\"\nadded_on = 2025-10-30\n",
            "[[items]]\nid = \"LATER\"\ntitle = \"l\"\nstatus = \"removed\"\nremoved_on = 2025-11-04\n",
        ));
        let committed: Vec<&str> = items
            .iter()
            .filter(|i| i.committed(start))
            .map(|i| i.id.get_ref().as_str())
            .collect();
        assert_eq!(committed, ["ADDED", "EARLY", "LATER"]);
        assert_eq!(items[2].added(start), start, "added before the start");
    }

    #[test]
    fn history_decides_when_an_item_is_done() {
        let items = items(concat!(
            "[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"done\"\ndone_on = 2025-11-07\n",
            "history = [{ on = 2025-11-04, status = \"done\" }, { on = 2025-11-05, status = \"in-progress\" }, { on = 2025-11-07, status = \"done\" }]\n",
        ));
        let done: Vec<bool> = [
            "2025-11-03",
            "2025-11-04",
            "2025-11-05",
            "2025-11-06",
            "2025-11-07",
        ]
        .iter()
        .map(|day| items[0].done_by(d(day)))
        .collect();
        assert_eq!(done, [false, true, false, false, true]);
        assert_eq!(items[0].status_on(d("2025-11-06")), ItemStatus::InProgress);
        assert_eq!(items[0].status_on(d("2025-11-03")), ItemStatus::Todo);
    }

    #[test]
    fn without_history_an_item_is_done_from_its_done_date_on() {
        let items = items(concat!(
            "[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"done\"\ndone_on = 2025-11-05\n",
            "[[items]]\nid = \"B\"\ntitle = \"b\"\nstatus = \"in-progress\"\n",
        ));
        let on = |day: &str| [items[0].status_on(d(day)), items[1].status_on(d(day))];
        assert_eq!(on("2025-11-04"), [ItemStatus::Todo, ItemStatus::InProgress]);
        assert_eq!(on("2025-11-05"), [ItemStatus::Done, ItemStatus::InProgress]);
    }

    #[test]
    fn an_issue_counts_one_whatever_its_points() {
        let items = items(
            "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 5\nestimates = [{ on = 2025-11-05, points = 8 }]\n",
        );
        assert_eq!(items[0].size_on(d("2025-11-06"), Unit::Points), 8.0);
        assert_eq!(items[0].size_on(d("2025-11-06"), Unit::Issues), 1.0);
    }
}
