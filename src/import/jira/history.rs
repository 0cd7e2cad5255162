//! Jira's change history (`expand=changelog`): when an issue joined and left each sprint, how
//! its estimate changed, and when its status moved into progress and to done.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::inputs::{json_error, text};
use super::super::model::{Context, Estimate, Export, Item, default_status};
use super::super::time::{EXPECTED, Moment};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, ItemStatus, SourceFile};

/// The board's sprints as the history names them: by id (and by name, for histories
/// without ids), with their dates.
pub struct BoardIds {
    pub ids: Vec<Option<String>>,
    pub names: Vec<String>,
    pub dates: Vec<Option<(Date, Date)>>,
}

/// One issue's history, oldest first.
#[derive(Default)]
pub struct Changes {
    /// (day, board sprint, joined: true / left: false).
    sprints: Vec<(Date, usize, bool)>,
    /// (day, points before, points after); no value reads as 0.
    points: Vec<(Date, Option<f64>, Option<f64>)>,
    /// (day, the status moved to).
    statuses: Vec<(Date, Option<ItemStatus>)>,
    dates: Vec<Option<(Date, Date)>>,
}

/// A joined or left sprint: (board sprint, joined, left).
pub type Stay = (usize, Option<Date>, Option<Date>);

/// Reads every history file into each issue's changes, by issue key.
pub fn read(
    files: &[(&SourceFile, &Value)],
    board: &BoardIds,
    context: &Context,
    statuses: &BTreeMap<String, ItemStatus>,
    export: &mut Export,
) -> Result<BTreeMap<String, Changes>, Diagnostic> {
    let mut all = BTreeMap::new();
    let points_fields: Vec<String> = match &context.points_field {
        Some(name) => vec![points_field_name(name)],
        None => vec!["story points".into(), "story point estimate".into()],
    };
    for (file, value) in files {
        let issues = value
            .get("issues")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for issue in issues {
            let Some(key) = text(issue, "key") else {
                continue;
            };
            let changelog = issue.get("changelog");
            let histories: Vec<&Value> = changelog
                .and_then(|c| c.get("histories"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .collect();
            let total = changelog
                .and_then(|c| c.get("total"))
                .and_then(Value::as_u64);
            if total.is_some_and(|t| t > histories.len() as u64) {
                export.warnings.push(
                    Diagnostic::warning(format!(
                        "the change history of `{key}` is cut short ({} of {} entries)",
                        histories.len(),
                        total.unwrap_or_default()
                    ))
                    .in_file(file.path.clone())
                    .with_hint(format!("fetch the issue's whole history (GET /rest/api/3/issue/{key}/changelog) or accept the missing changes")),
                );
            }
            let mut entries = Vec::new();
            for history in histories {
                let created = text(history, "created").unwrap_or_default();
                let moment = Moment::parse(created).ok_or_else(|| {
                    json_error(
                        file,
                        created,
                        format!(
                            "the change of `{key}` at `{created}` has no valid time; {EXPECTED}"
                        ),
                    )
                })?;
                entries.push((moment, history));
            }
            entries.sort_by_key(|(moment, _)| sort_key(*moment, context));
            let mut changes = Changes::new(board.dates.clone());
            for (moment, history) in entries {
                let day = moment.date(&context.tz);
                let items = history
                    .get("items")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten();
                for change in items {
                    changes.add(day, change, board, &points_fields, context, statuses);
                }
            }
            all.insert(key.to_string(), changes);
        }
    }
    Ok(all)
}

/// Orders entries by their instant (a local time without zone by itself).
fn sort_key(moment: Moment, context: &Context) -> jiff::civil::DateTime {
    match moment {
        Moment::Instant(t) => t.to_zoned(context.tz.clone()).datetime(),
        Moment::Local(local) => local,
        Moment::Day(day) => day.to_datetime(jiff::civil::Time::midnight()),
    }
}

/// `Custom field (Story Points)` is the field `Story Points` in the history.
fn points_field_name(name: &str) -> String {
    name.strip_prefix("Custom field (")
        .and_then(|n| n.strip_suffix(')'))
        .unwrap_or(name)
        .to_ascii_lowercase()
}

impl Changes {
    /// No changes yet, for an issue of a board whose sprints have these dates.
    pub fn new(dates: Vec<Option<(Date, Date)>>) -> Changes {
        Changes {
            dates,
            ..Changes::default()
        }
    }

    /// On `day` the issue moved from the board sprints `before` to those `after`.
    pub fn sprints_changed(&mut self, day: Date, before: &[usize], after: &[usize]) {
        for &b in after.iter().filter(|b| !before.contains(b)) {
            self.sprints.push((day, b, true));
        }
        for &b in before.iter().filter(|b| !after.contains(b)) {
            self.sprints.push((day, b, false));
        }
    }

    /// On `day` the estimate went from `from` to `to` (no value reads as 0).
    pub fn points_changed(&mut self, day: Date, from: Option<f64>, to: Option<f64>) {
        self.points.push((day, from, to));
    }

    /// On `day` the status moved to `status` (`None`: a status of no known meaning).
    pub fn status_changed(&mut self, day: Date, status: Option<ItemStatus>) {
        self.statuses.push((day, status));
    }

    fn add(
        &mut self,
        day: Date,
        change: &Value,
        board: &BoardIds,
        points_fields: &[String],
        context: &Context,
        statuses: &BTreeMap<String, ItemStatus>,
    ) {
        let field = text(change, "field")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let number = |key| text(change, key).and_then(|t| t.parse::<f64>().ok());
        if field == "sprint" {
            let before = sprint_list(change, "from", "fromString", board);
            let after = sprint_list(change, "to", "toString", board);
            self.sprints_changed(day, &before, &after);
        } else if points_fields.contains(&field) {
            self.points_changed(day, number("fromString"), number("toString"));
        } else if field == "status" {
            let name = text(change, "toString").unwrap_or_default();
            let status = context
                .statuses
                .explicit(name)
                .or_else(|| statuses.get(&name.to_ascii_lowercase()).copied())
                .or_else(|| default_status(name));
            self.status_changed(day, status);
        }
    }

    /// The sprints the issue was in: those the CSV names and those the history shows it in,
    /// with the day it joined (when the history says) and the day it left while the sprint
    /// ran. A sprint it left before the start is not one of them.
    pub fn memberships(&self, named: &[usize]) -> Vec<Stay> {
        let mut boards: Vec<usize> = named.to_vec();
        for &(_, b, _) in &self.sprints {
            if !boards.contains(&b) {
                boards.push(b);
            }
        }
        boards
            .into_iter()
            .filter_map(|b| match self.dates[b] {
                Some((start, end)) => self.stay(b, named.contains(&b), start, end),
                None => named.contains(&b).then_some((b, None, None)),
            })
            .collect()
    }

    fn stay(&self, b: usize, named: bool, start: Date, end: Date) -> Option<Stay> {
        let events: Vec<(Date, bool)> = self
            .sprints
            .iter()
            .filter(|(day, sprint, _)| *sprint == b && *day <= end)
            .map(|&(day, _, joined)| (day, joined))
            .collect();
        let mut inside = events.first().map_or(named, |&(_, joined)| !joined);
        let (mut ever, mut joined, mut left) = (inside, None, None);
        for (day, joins) in events {
            if joins && !inside {
                (inside, ever, joined, left) = (true, true, Some(day), None);
            } else if !joins && inside {
                (inside, left) = (false, Some(day));
            }
        }
        match left {
            _ if !ever => None,
            Some(day) if !inside && day < start => None,
            _ => Some((b, joined, left.filter(|_| !inside))),
        }
    }

    /// The day of the last change to `status`, if any.
    pub fn last_change_to(&self, status: ItemStatus) -> Option<Date> {
        self.statuses
            .iter()
            .rev()
            .find(|(_, s)| *s == Some(status))
            .map(|(day, _)| *day)
    }

    /// Sets the item's estimates, its start, done and cancelled days and its status changes
    /// from the history; `status` is the item's status now.
    pub fn apply(&self, item: &mut Item, status: ItemStatus) {
        if let Some(&(_, first, _)) = self.points.first() {
            item.points = Estimate {
                initial: first.unwrap_or(0.0),
                changes: self
                    .points
                    .iter()
                    .map(|&(day, _, to)| (day, to.unwrap_or(0.0)))
                    .collect(),
            };
        }
        let first = |wanted: ItemStatus| self.statuses.iter().find(|(_, s)| *s == Some(wanted));
        if let Some(&(day, _)) = first(ItemStatus::InProgress) {
            item.started = Some(day);
        }
        match status {
            ItemStatus::Done => item.done = self.last_change_to(status).or(item.done),
            ItemStatus::Removed => item.cancelled = self.last_change_to(status).or(item.cancelled),
            _ => {}
        }
        item.statuses = self
            .statuses
            .iter()
            .filter_map(|&(day, status)| status.map(|s| (day, s)))
            .collect();
        // A history that misses the last change (one to a status of no known meaning) ends
        // where the item is now.
        let now = match status {
            ItemStatus::Done => item.done,
            ItemStatus::Removed => item.cancelled,
            _ => None,
        };
        if let (Some(day), Some(&(last_day, last))) = (now, item.statuses.last())
            && last != status
        {
            item.statuses.push((day.max(last_day), status));
        }
    }
}

/// The board sprints a change lists, by id (`"76, 79"`), else by name.
fn sprint_list(change: &Value, ids: &str, names: &str, board: &BoardIds) -> Vec<usize> {
    let split = |text: &str| -> Vec<String> {
        text.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    match text(change, ids) {
        Some(ids) => split(ids)
            .iter()
            .filter_map(|id| board.ids.iter().position(|b| b.as_deref() == Some(id)))
            .collect(),
        None => split(text(change, names).unwrap_or_default())
            .iter()
            .filter_map(|name| board.names.iter().position(|b| b == name))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_entries_are_ordered_in_the_teams_zone() {
        let context = Context {
            statuses: Default::default(),
            points_field: None,
            tz: crate::import::time::zone("Europe/Berlin").expect("a zone"),
            as_of: Date::new(2026, 3, 31).expect("a date"),
        };
        let key = |text: &str| sort_key(Moment::parse(text).expect(text), &context).to_string();
        // 23:30 UTC is 00:30 the next day in Berlin: after a local 00:10 of that day.
        assert_eq!(key("2026-03-02T23:30:00Z"), "2026-03-03T00:30:00");
        assert_eq!(key("2026-03-03T00:10:00"), "2026-03-03T00:10:00");
        assert_eq!(key("2026-03-03"), "2026-03-03T00:00:00");
    }

    fn day(d: i8) -> Date {
        Date::new(2026, 3, d).expect("a day of March 2026")
    }

    /// Board sprint 0 runs 2 to 13 March; sprint 1, of another board, the same days.
    fn stay(events: &[(i8, usize, bool)], named: bool) -> Option<Stay> {
        let changes = Changes {
            sprints: events.iter().map(|&(d, b, j)| (day(d), b, j)).collect(),
            dates: vec![Some((day(2), day(13))), Some((day(2), day(13)))],
            ..Changes::default()
        };
        changes.stay(0, named, day(2), day(13))
    }

    #[test]
    fn a_stay_is_the_first_join_and_the_first_leave_after_it() {
        // Joined on the 4th, again on the 5th (no change), left on the 9th and the 10th.
        assert_eq!(
            stay(
                &[(4, 0, true), (5, 0, true), (9, 0, false), (10, 0, false)],
                false
            ),
            Some((0, Some(day(4)), Some(day(9))))
        );
        // Another board's events and a leave after the end do not count.
        assert_eq!(
            stay(&[(4, 0, true), (6, 1, false), (16, 0, false)], false),
            Some((0, Some(day(4)), None))
        );
        // Left before the start, never back: not in the sprint.
        assert_eq!(stay(&[(1, 0, false)], true), None);
        // Named on the issue with no history: in it from the start.
        assert_eq!(stay(&[], true), Some((0, None, None)));
        assert_eq!(stay(&[], false), None);
        // Left on the first day: in the sprint at its start, then removed.
        assert_eq!(stay(&[(2, 0, false)], true), Some((0, None, Some(day(2)))));
    }

    /// The history dates what the item's status says (the last such change); the export's own
    /// dates stand for the rest.
    #[test]
    fn the_last_done_or_cancelled_change_dates_the_item() {
        let (todo, doing, done, gone) = (
            ItemStatus::Todo,
            ItemStatus::InProgress,
            ItemStatus::Done,
            ItemStatus::Removed,
        );
        let changes = Changes {
            statuses: [
                (3, doing),
                (5, done),
                (6, doing),
                (8, done),
                (9, gone),
                (10, todo),
            ]
            .into_iter()
            .map(|(d, s)| (day(d), Some(s)))
            .collect(),
            ..Changes::default()
        };
        for (status, done_on, cancelled) in [
            (done, Some(day(8)), None),
            (gone, Some(day(12)), Some(day(9))),
            (todo, Some(day(12)), None),
        ] {
            let mut item = Item {
                done: Some(day(12)),
                ..Item::default()
            };
            changes.apply(&mut item, status);
            assert_eq!(
                (item.started, item.done, item.cancelled),
                (Some(day(3)), done_on, cancelled),
                "{status:?}"
            );
        }
    }

    #[test]
    fn a_change_names_its_sprints_by_id_else_by_name() {
        let board = BoardIds {
            ids: vec![Some("76".into()), None, Some("79".into())],
            names: vec!["S1".into(), "S2".into(), "S3".into()],
            dates: vec![None; 3],
        };
        let change = |value: Value| sprint_list(&value, "to", "toString", &board);
        assert_eq!(
            change(serde_json::json!({"to": "79, 76", "toString": "S2"})),
            [2, 0]
        );
        assert_eq!(change(serde_json::json!({"to": "80"})), Vec::<usize>::new());
        assert_eq!(change(serde_json::json!({"toString": "S2, S3"})), [1, 2]);
    }

    #[test]
    fn a_csv_custom_field_column_names_the_history_field() {
        assert_eq!(
            points_field_name("Custom field (Story Points)"),
            "story points"
        );
        assert_eq!(
            points_field_name("Story point estimate"),
            "story point estimate"
        );
    }
}
