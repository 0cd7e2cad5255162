//! The data as it stood at the end of an earlier day: what `--as-of` shows. Every dated record
//! after that day has not happened yet: an item done later is in progress (to do if it had
//! not started), an item added later is not in the sprint, one removed later is still in it,
//! its later re-estimates and status changes are not made, later stand-ups, decisions and
//! blockers are not there, and a blocker resolved later is open. Records without a date (tasks,
//! criteria, deliverables, gates, risks, the schedule, which is a plan) are shown as written.

use std::collections::BTreeSet;

use toml::Spanned;

use super::{Date, Item, ItemStatus, Site, SprintFile};

/// The day a run describes, and the day its data is checked against: the as-of rule, in one
/// place. The as-of date is the command's `--as-of`, else `as_of` in sprintgen.toml, else
/// today. The data is checked against the day it was recorded up to (`as_of` in
/// sprintgen.toml, else today), or the as-of date when that is later: with an earlier
/// `--as-of` the site is shown as it stood then, while a date after today is still caught as
/// a typo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Days {
    pub as_of: Date,
    pub checked: Date,
}

impl Days {
    /// The days of a run asked for `requested` (`--as-of`) on a site configured with
    /// `configured` (`as_of` in sprintgen.toml).
    pub fn resolve(requested: Option<Date>, configured: Option<Date>) -> Days {
        let recorded = configured.unwrap_or_else(Date::today);
        let as_of = requested.unwrap_or(recorded);
        Days {
            as_of,
            checked: recorded.max(as_of),
        }
    }

    /// The site is shown as it stood on a day before the one its data is recorded up to.
    pub fn looks_back(self) -> bool {
        self.as_of < self.checked
    }
}

impl Site {
    /// Every sprint of the site as of the end of `day` (see [`SprintFile::as_of`]).
    pub fn as_of(&self, day: Date) -> Site {
        let mut site = self.clone();
        for team in &mut site.teams {
            for sprint in &mut team.sprints {
                sprint.data = sprint.data.as_of(day);
            }
        }
        site
    }
}

impl SprintFile {
    /// The sprint as it stood at the end of `day`.
    pub fn as_of(&self, day: Date) -> SprintFile {
        let mut sprint = self.clone();
        let later = |date: &Spanned<Date>| *date.get_ref() > day;
        let (added_later, items): (Vec<Item>, Vec<Item>) = sprint
            .items
            .into_iter()
            .partition(|item| item.added_on.as_ref().is_some_and(later));
        sprint.items = items.into_iter().map(|item| item.into_day(day)).collect();
        // A goal names only the items the sprint had that day.
        let gone: BTreeSet<&str> = added_later
            .iter()
            .map(|i| i.id.get_ref().as_str())
            .collect();
        for goal in &mut sprint.goals {
            goal.items
                .retain(|id| !gone.contains(id.get_ref().as_str()));
        }
        sprint.standups.retain(|standup| !later(&standup.date));
        sprint.decisions.retain(|decision| decision.date <= day);
        sprint
            .blockers
            .retain(|blocker| !blocker.raised_on.as_ref().is_some_and(later));
        for blocker in &mut sprint.blockers {
            if blocker.resolved_on.as_ref().is_some_and(later) {
                blocker.resolved_on = None;
                blocker.status = super::BlockerStatus::Open;
                blocker.resolution = None;
            }
        }
        if sprint.updated.is_some_and(|updated| updated > day) {
            sprint.updated = None;
        }
        // How the sprint ended, set by hand, and its summary-form result are known at its end.
        if day < *sprint.end.get_ref() {
            sprint.status = None;
            sprint.completed = None;
        }
        sprint
    }
}

impl Item {
    /// The item as it stood at the end of `day`, in a sprint it had joined by then: its status
    /// that day is its last status change up to it (to do before the first); without a
    /// history, done when `done_on` has come, else in progress once started.
    fn into_day(mut self, day: Date) -> Item {
        let later =
            |date: &Option<Spanned<Date>>| date.as_ref().is_some_and(|d| *d.get_ref() > day);
        let started_later = later(&self.started_on);
        let had_history = !self.history.is_empty();
        let changed = later(&self.done_on)
            || later(&self.removed_on)
            || started_later
            || self.history.iter().any(|change| *change.on.get_ref() > day);
        self.estimates.retain(|e| *e.on.get_ref() <= day);
        if !changed {
            return self;
        }
        self.history.retain(|change| *change.on.get_ref() <= day);
        for date in [
            &mut self.done_on,
            &mut self.removed_on,
            &mut self.started_on,
        ] {
            if date.as_ref().is_some_and(|d| *d.get_ref() > day) {
                *date = None;
            }
        }
        let recorded = *self.status.get_ref();
        let status = if self.removed_on.is_some() {
            ItemStatus::Removed
        } else if let Some(last) = self.history.last() {
            *last.status.get_ref()
        } else if had_history {
            ItemStatus::Todo
        } else if self.done_on.is_some() {
            ItemStatus::Done
        } else if self.started_on.is_some()
            || (recorded == ItemStatus::InProgress && !started_later)
        {
            ItemStatus::InProgress
        } else {
            ItemStatus::Todo
        };
        self.status = Spanned::new(self.status.span(), status);
        if status != ItemStatus::Done {
            self.done_on = None;
        } else if let Some(last) = self.history.last() {
            // Done, reopened, done again later: it was done on the day of its last change.
            self.done_on = Some(last.on.clone());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// `--as-of` wins over the configuration; the data is checked against the later day.
    #[test]
    fn the_as_of_rule() {
        let (earlier, configured, later) = (d("2025-10-27"), d("2025-10-28"), d("2025-11-03"));
        let days = Days::resolve(Some(earlier), Some(configured));
        assert_eq!((days.as_of, days.checked), (earlier, configured));
        assert!(days.looks_back());
        let days = Days::resolve(Some(later), Some(configured));
        assert_eq!((days.as_of, days.checked), (later, later));
        assert!(!days.looks_back());
        let days = Days::resolve(None, Some(configured));
        assert_eq!((days.as_of, days.checked), (configured, configured));
    }

    const SPRINT: &str = r#"
number = 1
title = "S"
start = 2026-11-23
end = 2026-12-04
updated = 2026-11-27
status = "closed"

[[goals]]
title = "G"
items = ["A", "E"]

[[items]]
id = "A"
title = "done on the 26th, started on the 24th"
points = 3
status = "done"
started_on = 2026-11-24
done_on = 2026-11-26

[[items]]
id = "B"
title = "done on the 25th, start not recorded"
points = 2
status = "done"
done_on = 2026-11-25

[[items]]
id = "C"
title = "in progress since the 25th"
points = 5
status = "in-progress"
started_on = 2026-11-25

[[items]]
id = "D"
title = "removed on the 25th"
points = 1
status = "removed"
removed_on = 2026-11-25

[[items]]
id = "E"
title = "added on the 25th, re-estimated on the 26th"
points = 2
added_on = 2026-11-25
estimates = [{ on = 2026-11-26, points = 4 }]

[[items]]
id = "F"
title = "done on the 24th, reopened on the 25th, done again on the 26th"
points = 1
status = "done"
done_on = 2026-11-26
history = [
  { on = 2026-11-23, status = "in-progress" },
  { on = 2026-11-24, status = "done" },
  { on = 2026-11-25, status = "in-progress" },
  { on = 2026-11-26, status = "done" },
]

[[standups]]
date = 2026-11-24

[[standups]]
date = 2026-11-26

[[blockers]]
title = "raised on the 24th, resolved on the 26th"
status = "resolved"
resolution = "fixed"
raised_on = 2026-11-24
resolved_on = 2026-11-26

[[blockers]]
title = "raised on the 25th"
raised_on = 2026-11-25

[[decisions]]
date = 2026-11-25
text = "d"
"#;

    fn sprint() -> SprintFile {
        toml::from_str(SPRINT).unwrap()
    }

    /// Each item as `id status done_on`.
    fn items(sprint: &SprintFile) -> Vec<String> {
        sprint
            .items
            .iter()
            .map(|i| {
                let done = i.done_on.as_ref().map(|d| d.get_ref().to_string());
                format!(
                    "{} {} {}",
                    i.id.get_ref(),
                    i.status.get_ref().as_str(),
                    done.unwrap_or("-".into())
                )
            })
            .collect()
    }

    #[test]
    fn the_day_everything_was_recorded_changes_nothing_but_the_hand_set_end() {
        let later = sprint().as_of(d("2026-12-04"));
        assert_eq!(
            items(&later),
            [
                "A done 2026-11-26",
                "B done 2026-11-25",
                "C in-progress -",
                "D removed -",
                "E todo -",
                "F done 2026-11-26"
            ]
        );
        assert_eq!(later.status, sprint().status);
        assert_eq!(
            (
                later.standups.len(),
                later.blockers.len(),
                later.decisions.len()
            ),
            (2, 2, 1)
        );
    }

    #[test]
    fn on_the_24th() {
        let s = sprint().as_of(d("2026-11-24"));
        // A had started; B's start is not recorded, so it was to do; C had not started; D was
        // still in the sprint; E had not joined it; F was done for the first time.
        assert_eq!(
            items(&s),
            [
                "A in-progress -",
                "B todo -",
                "C todo -",
                "D todo -",
                "F done 2026-11-24"
            ]
        );
        assert!(s.items[0].started_on.is_some() && s.items[2].started_on.is_none());
        assert_eq!(s.items[3].removed_on, None);
        assert_eq!(s.items[4].history.len(), 2);
        assert_eq!(s.goals[0].items.len(), 1, "E is not in the sprint yet");
        assert_eq!(s.standups.len(), 1);
        assert_eq!(s.blockers.len(), 1);
        assert_eq!(s.blockers[0].status, crate::model::BlockerStatus::Open);
        assert_eq!(
            (
                s.blockers[0].resolved_on.clone(),
                s.blockers[0].resolution.clone()
            ),
            (None, None)
        );
        assert!(s.decisions.is_empty());
        assert_eq!((s.updated, s.status), (None, None));
    }

    #[test]
    fn on_the_25th() {
        let s = sprint().as_of(d("2026-11-25"));
        assert_eq!(
            items(&s),
            [
                "A in-progress -",
                "B done 2026-11-25",
                "C in-progress -",
                "D removed -",
                "E todo -",
                "F in-progress -"
            ]
        );
        // E joined at 2 points; its re-estimate comes the next day.
        assert!(s.items[4].estimates.is_empty());
        assert_eq!(s.goals[0].items.len(), 2);
        assert_eq!(
            (s.standups.len(), s.blockers.len(), s.decisions.len()),
            (1, 2, 1)
        );
    }

    #[test]
    fn before_the_sprint() {
        let s = sprint().as_of(d("2026-11-20"));
        assert_eq!(
            items(&s),
            ["A todo -", "B todo -", "C todo -", "D todo -", "F todo -"]
        );
        assert!(s.items[4].history.is_empty());
        assert!(s.standups.is_empty() && s.blockers.is_empty());
    }
}
