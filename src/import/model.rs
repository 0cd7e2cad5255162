//! What every tracker's export is read into: sprints with their dates, and items with the
//! dated events the exports record (created, started, done, cancelled, joined and left a
//! sprint, re-estimated). Each tracker's reader fills it; `sprint_toml` decides from it what
//! each sprint file says, by the same rules for every tracker.

use std::collections::BTreeSet;

use jiff::tz::TimeZone;

use crate::diagnostics::Diagnostic;
use crate::model::{Date, ItemStatus};

/// The tracker an export comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tracker {
    Linear,
    Jira,
    Github,
}

impl Tracker {
    pub fn name(self) -> &'static str {
        match self {
            Tracker::Linear => "Linear",
            Tracker::Jira => "Jira",
            Tracker::Github => "GitHub Projects",
        }
    }
}

/// What a reader needs besides the files.
pub struct Context {
    pub statuses: StatusMap,
    /// `--points-field`: the column or field holding the points.
    pub points_field: Option<String>,
    pub tz: TimeZone,
    /// The day the import describes: the site's as-of date.
    pub as_of: Date,
}

/// One sprint (a Linear cycle, a Jira sprint, a GitHub iteration).
#[derive(Clone, Debug, PartialEq)]
pub struct Sprint {
    pub title: String,
    /// The tracker's own number for it, when it has one (Linear's cycle number).
    pub number: Option<u32>,
    pub start: Date,
    pub end: Date,
    /// The sprint's goal, when the tracker records one.
    pub goal: Option<String>,
}

/// One issue, story or draft, with what the export says happened to it.
#[derive(Clone, Debug, Default)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub epic: Option<String>,
    pub owner: Option<String>,
    pub points: Estimate,
    pub created: Option<Date>,
    /// When work on it started.
    pub started: Option<Date>,
    /// The tracker shows it in progress but records no start date.
    pub in_progress: bool,
    /// When it was done, if it is done now.
    pub done: Option<Date>,
    /// When it was cancelled, if it is cancelled now.
    pub cancelled: Option<Date>,
    /// The sprints it was in, in date order.
    pub sprints: Vec<Membership>,
    /// Its status changes in date order, when the tracker keeps a history: a sprint in which
    /// it was done and then reopened records them as the item's `history`.
    pub statuses: Vec<(Date, ItemStatus)>,
    /// Where it was read from, for the report: `issues.csv row 7`.
    pub origin: String,
    /// Where it opens in the tracker, when the export says (an item's `url`).
    pub url: Option<String>,
}

/// An item's points over time: `initial` until the first change, each change from its day on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Estimate {
    pub initial: f64,
    /// Sorted by date; several on one day leave the last one.
    pub changes: Vec<(Date, f64)>,
}

impl Estimate {
    pub fn fixed(points: f64) -> Estimate {
        Estimate {
            initial: points,
            changes: Vec::new(),
        }
    }

    /// The points at the end of `day`.
    pub fn on(&self, day: Date) -> f64 {
        self.changes
            .iter()
            .rev()
            .find(|(on, _)| *on <= day)
            .map_or(self.initial, |(_, points)| *points)
    }
}

/// An item's time in one sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    /// Index into [`Export::sprints`].
    pub sprint: usize,
    /// When it joined, when the export says (otherwise its creation decides).
    pub joined: Option<Date>,
    /// When it left while the sprint ran.
    pub left: Option<Date>,
}

/// A row or an item that was not imported, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// `ENG-12 (issues.csv row 9)`.
    pub what: String,
    pub reason: String,
}

/// Everything read from one import's files.
#[derive(Debug, Default)]
pub struct Export {
    /// A name for the team, when the export has one (Linear's team, Jira's project).
    pub team_name: Option<String>,
    pub sprints: Vec<Sprint>,
    pub items: Vec<Item>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Diagnostic>,
    /// When the tracker was read whole (`sync`), the ids of the items it holds and could
    /// read: an item of a sprint file with one of these ids that the tracker no longer places
    /// in that sprint is taken out of the file, while items written by hand (ids the tracker
    /// does not know) and items it could not read (skipped) stay as they are.
    pub tracked: BTreeSet<String>,
}

impl Export {
    /// The index of `sprint`, adding it when new (the same title and dates are one sprint).
    pub fn sprint_index(&mut self, sprint: Sprint) -> usize {
        if let Some(i) = self.sprints.iter().position(|s| *s == sprint) {
            return i;
        }
        self.sprints.push(sprint);
        self.sprints.len() - 1
    }

    pub fn skip(&mut self, what: String, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            what,
            reason: reason.into(),
        });
    }
}

/// Tracker status names as the data format's statuses: `--status-map` first, then the
/// defaults every tracker's standard workflow uses.
#[derive(Clone, Debug, Default)]
pub struct StatusMap {
    pub explicit: Vec<(String, ItemStatus)>,
}

/// The names of the trackers' standard workflows.
const DEFAULT_STATUSES: [(&str, ItemStatus); 8] = [
    ("To Do", ItemStatus::Todo),
    ("Todo", ItemStatus::Todo),
    ("Backlog", ItemStatus::Todo),
    ("In Progress", ItemStatus::InProgress),
    ("In Review", ItemStatus::InProgress),
    ("Done", ItemStatus::Done),
    ("Canceled", ItemStatus::Removed),
    ("Cancelled", ItemStatus::Removed),
];

impl StatusMap {
    /// What `--status-map` says about `name` (names compare ignoring case).
    pub fn explicit(&self, name: &str) -> Option<ItemStatus> {
        self.explicit
            .iter()
            .rev()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
            .map(|(_, s)| *s)
    }

    /// `--status-map`, then the defaults.
    pub fn resolve(&self, name: &str) -> Option<ItemStatus> {
        self.explicit(name).or_else(|| default_status(name))
    }
}

pub fn default_status(name: &str) -> Option<ItemStatus> {
    DEFAULT_STATUSES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, s)| *s)
}

/// Why an item with a status no map names is skipped, with the `--status-map` that would take
/// it (see [`likely_status`]).
pub fn unknown_status(name: &str) -> String {
    format!(
        "unknown status `{name}` (map it with --status-map \"{name}={}\")",
        likely_status(name)
    )
}

/// The status a tracker's status name most likely means, from its words, as `--status-map`
/// writes it: a cancellation (`Won't Do`, `Duplicate`, `Rejected`) is `removed`, a finish
/// (`Closed`, `Resolved`, `Released`) `done`, a waiting state (`Open`, `Selected for
/// Development`) `todo`, and anything else (`In QA`, `Blocked`, `Ready for QA`) work in
/// progress.
pub fn likely_status(name: &str) -> &'static str {
    const REMOVED: [&str; 11] = [
        "won't",
        "wont",
        "won\u{2019}t",
        "not do",
        "cancel",
        "reject",
        "duplicate",
        "obsolete",
        "declined",
        "abandon",
        "invalid",
    ];
    const DONE: [&str; 9] = [
        "done", "closed", "resolved", "complete", "released", "shipped", "deployed", "merged",
        "finished",
    ];
    const TODO: [&str; 9] = [
        "to do",
        "todo",
        "open",
        "new",
        "backlog",
        "selected",
        "ready for dev",
        "planned",
        "triage",
    ];
    let name = name.trim().to_lowercase();
    if REMOVED.iter().any(|word| name.contains(word)) {
        "removed"
    } else if DONE.iter().any(|word| name.contains(word)) {
        "done"
    } else if TODO.iter().any(|word| name.starts_with(word)) {
        "todo"
    } else {
        "in-progress"
    }
}

/// Parses `--status-map NAME=STATUS`.
pub fn parse_status_mapping(text: &str) -> Result<(String, ItemStatus), String> {
    let (name, status) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("`{text}` is not NAME=STATUS, such as \"In QA=in-progress\""))?;
    let status = match status.trim() {
        "todo" => ItemStatus::Todo,
        "in-progress" => ItemStatus::InProgress,
        "done" => ItemStatus::Done,
        "removed" => ItemStatus::Removed,
        other => {
            return Err(format!(
                "`{other}` is not a status; expected todo, in-progress, done or removed"
            ));
        }
    };
    Ok((name.trim().to_string(), status))
}

/// A natural sort key for item ids: `ENG-9` before `ENG-10`.
pub fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = id;
    while !rest.is_empty() {
        let text_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (text, tail) = rest.split_at(text_end);
        let digits_end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, tail) = tail.split_at(digits_end);
        key.push((text.to_string(), digits.parse().unwrap_or(u64::MAX)));
        rest = tail;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_change_from_their_day_on() {
        let d = |day| Date::new(2026, 3, day).unwrap();
        let estimate = Estimate {
            initial: 3.0,
            changes: vec![(d(4), 5.0), (d(4), 8.0), (d(6), 2.0)],
        };
        assert_eq!(estimate.on(d(3)), 3.0);
        assert_eq!(estimate.on(d(4)), 8.0);
        assert_eq!(estimate.on(d(5)), 8.0);
        assert_eq!(estimate.on(d(9)), 2.0);
    }

    #[test]
    fn status_names_map_through_the_flag_then_the_defaults() {
        let map = StatusMap {
            explicit: vec![parse_status_mapping("In QA=in-progress").unwrap()],
        };
        assert_eq!(map.resolve("in qa"), Some(ItemStatus::InProgress));
        assert_eq!(map.resolve("Todo"), Some(ItemStatus::Todo));
        assert_eq!(map.resolve("DONE"), Some(ItemStatus::Done));
        assert_eq!(map.resolve("Blocked"), None);
        assert!(parse_status_mapping("Blocked").is_err());
        assert!(parse_status_mapping("Blocked=stuck").is_err());
    }

    #[test]
    fn an_unknown_status_gets_the_map_its_words_suggest() {
        let cases = [
            ("Won't Do", "removed"),
            ("Won’t fix", "removed"),
            ("Duplicate", "removed"),
            ("Cancelled by customer", "removed"),
            ("Not done", "removed"),
            ("Closed", "done"),
            ("Resolved", "done"),
            ("Released", "done"),
            ("Open", "todo"),
            ("Selected for Development", "todo"),
            ("Ready for development", "todo"),
            ("Ready for QA", "in-progress"),
            ("In QA", "in-progress"),
            ("Blocked", "in-progress"),
        ];
        for (name, status) in cases {
            assert_eq!(likely_status(name), status, "{name}");
            // What it suggests is a mapping the flag takes.
            assert!(parse_status_mapping(&format!("{name}={status}")).is_ok());
        }
        assert_eq!(
            unknown_status("Won't Do"),
            "unknown status `Won't Do` (map it with --status-map \"Won't Do=removed\")"
        );
    }

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["ENG-10", "ENG-9", "web#2", "DOC-1", "ENG-100"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(ids, ["DOC-1", "ENG-9", "ENG-10", "ENG-100", "web#2"]);
    }
}
