//! A team's velocity: per-sprint say/do and its change, and the average over a window of
//! closed sprints.

use serde::Serialize;

use super::{Points, ratio};
use crate::model::{SprintStatus, total};

/// What velocity needs to know of one sprint.
#[derive(Clone, Copy, Debug)]
pub struct SprintResult {
    pub number: u32,
    pub status: SprintStatus,
    pub committed: f64,
    pub completed: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct VelocityRow {
    pub number: u32,
    pub status: SprintStatus,
    pub committed: Points,
    pub completed: Points,
    pub say_do: Option<f64>,
    /// say/do as a whole percentage (87 for 13/15).
    pub say_do_percent: Option<i64>,
    /// Change of say/do from the previous closed sprint, in percentage points.
    pub change_pp: Option<i64>,
    /// Average completed over the window of closed sprints ending here (closed sprints only).
    pub rolling_average: Option<Points>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Velocity {
    pub window: usize,
    /// Average completed over the last `window` closed sprints.
    pub average: Option<Points>,
    /// How many closed sprints the average rests on (fewer than `window` early on).
    pub average_of: usize,
    pub rows: Vec<VelocityRow>,
}

pub fn compute(sprints: &[SprintResult], window: usize) -> Velocity {
    let window = window.max(1);
    let mut rows = Vec::with_capacity(sprints.len());
    let mut closed: Vec<f64> = Vec::new();
    let mut previous_closed_say_do: Option<f64> = None;
    for sprint in sprints {
        let is_closed = sprint.status == SprintStatus::Closed;
        let say_do = match sprint.status {
            SprintStatus::Planned => None,
            _ => ratio(sprint.completed, sprint.committed),
        };
        let exact = (sprint.committed > 0.0).then(|| sprint.completed / sprint.committed);
        let change_pp = match (is_closed, exact, previous_closed_say_do) {
            (true, Some(now), Some(before)) => Some(((now - before) * 100.0).round() as i64),
            _ => None,
        };
        if is_closed {
            previous_closed_say_do = exact;
            closed.push(sprint.completed);
        }
        rows.push(VelocityRow {
            number: sprint.number,
            status: sprint.status,
            committed: Points(sprint.committed),
            completed: Points(sprint.completed),
            say_do,
            say_do_percent: exact
                .filter(|_| say_do.is_some())
                .map(|r| (r * 100.0).round() as i64),
            change_pp,
            rolling_average: is_closed.then(|| Points(average(last(&closed, window)))),
        });
    }
    let recent = last(&closed, window);
    Velocity {
        window,
        average: (!recent.is_empty()).then(|| Points(average(recent))),
        average_of: recent.len(),
        rows,
    }
}

fn last(values: &[f64], n: usize) -> &[f64] {
    &values[values.len().saturating_sub(n)..]
}

fn average(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        total(values.iter().copied()) / values.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sprint(number: u32, status: SprintStatus, committed: f64, completed: f64) -> SprintResult {
        SprintResult {
            number,
            status,
            committed,
            completed,
        }
    }

    #[test]
    fn the_seed_velocity_table() {
        use SprintStatus::*;
        let v = compute(
            &[
                sprint(1, Closed, 15.0, 13.0),
                sprint(2, Closed, 25.0, 21.0),
                sprint(3, Closed, 34.0, 40.0),
                sprint(4, Active, 13.0, 4.0),
                sprint(5, Planned, 21.0, 0.0),
            ],
            3,
        );
        let percents: Vec<_> = v.rows.iter().map(|r| r.say_do_percent).collect();
        assert_eq!(percents, [Some(87), Some(84), Some(118), Some(31), None]);
        let changes: Vec<_> = v.rows.iter().map(|r| r.change_pp).collect();
        assert_eq!(changes, [None, Some(-3), Some(34), None, None]);
        assert_eq!(v.rows[3].say_do, Some(0.3077));
        assert_eq!(v.average.unwrap().to_string(), "24.67");
        assert_eq!(v.average_of, 3);
        assert_eq!(v.rows[0].rolling_average.unwrap().0, 13.0);
        assert_eq!(v.rows[1].rolling_average.unwrap().0, 17.0);
    }

    #[test]
    fn a_sprint_that_committed_nothing_has_no_say_do_to_change_from() {
        use SprintStatus::*;
        // Sprint 2 committed nothing: no say/do, and sprint 3 has no change from it; sprint 4
        // changes from sprint 3 (80% → 50%).
        let v = compute(
            &[
                sprint(1, Closed, 10.0, 10.0),
                sprint(2, Closed, 0.0, 4.0),
                sprint(3, Closed, 10.0, 8.0),
                sprint(4, Closed, 10.0, 5.0),
            ],
            3,
        );
        let say_do: Vec<_> = v.rows.iter().map(|r| r.say_do_percent).collect();
        assert_eq!(say_do, [Some(100), None, Some(80), Some(50)]);
        let changes: Vec<_> = v.rows.iter().map(|r| r.change_pp).collect();
        assert_eq!(changes, [None, None, None, Some(-30)]);
        // What it completed still counts towards the velocity: (4 + 8 + 5) / 3.
        assert_eq!(v.average.unwrap().to_string(), "5.67");
    }

    #[test]
    fn the_average_uses_only_the_last_window_of_closed_sprints() {
        use SprintStatus::*;
        let v = compute(
            &[
                sprint(1, Closed, 10.0, 10.0),
                sprint(2, Closed, 10.0, 20.0),
                sprint(3, Closed, 10.0, 30.0),
                sprint(4, Active, 10.0, 100.0),
            ],
            2,
        );
        assert_eq!(v.average.unwrap().0, 25.0);
        assert_eq!(v.average_of, 2);
    }

    #[test]
    fn no_closed_sprint_means_no_average() {
        let v = compute(&[sprint(1, SprintStatus::Active, 5.0, 1.0)], 3);
        assert!(v.average.is_none());
        assert_eq!(v.rows[0].rolling_average, None);
    }
}
