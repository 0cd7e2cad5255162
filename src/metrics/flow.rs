//! Flow, for sprints whose items record `started_on`: the cumulative flow diagram (to do, in
//! progress and done points at the end of each day) and cycle times from start to done.

use serde::Serialize;

use super::Points;
use super::sprint::SprintFigures;
use crate::model::{Calendar, Date, SprintFile, Unit};

#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    pub days: Vec<FlowDay>,
    pub cycle_times: Vec<CycleTime>,
    /// The median cycle time in working days; `None` without finished started items.
    pub median_cycle_time: Option<f64>,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct FlowDay {
    pub date: Date,
    pub todo: Points,
    pub in_progress: Points,
    pub done: Points,
}

#[derive(Clone, Debug, Serialize)]
pub struct CycleTime {
    pub item: String,
    pub started_on: Date,
    pub done_on: Date,
    /// Working days from start to done, both counted: done the day it started is 1.
    pub working_days: u32,
}

/// The flow of a sprint, or `None` when none of its items records `started_on`.
pub fn compute(
    sprint: &SprintFile,
    figures: &SprintFigures,
    calendar: &Calendar,
    unit: Unit,
) -> Option<Flow> {
    if sprint.items.iter().all(|i| i.started_on.is_none()) {
        return None;
    }
    let start = *sprint.start.get_ref();
    let date_of = |d: &Option<toml::Spanned<Date>>| d.as_ref().map(|d| *d.get_ref());
    let days = figures
        .days
        .iter()
        .filter(|d| d.actual.is_some())
        .map(|day| {
            let mut flow = FlowDay {
                date: day.date,
                todo: Points(0.0),
                in_progress: Points(0.0),
                done: Points(0.0),
            };
            for item in sprint.items.iter().filter(|i| i.in_scope(start, day.date)) {
                let points = item.size_on(day.date, unit);
                let bucket = if item.done_by(day.date) {
                    &mut flow.done
                } else if date_of(&item.started_on).is_some_and(|d| d <= day.date) {
                    &mut flow.in_progress
                } else {
                    &mut flow.todo
                };
                bucket.0 += points;
            }
            flow
        })
        .collect();
    let mut cycle_times: Vec<CycleTime> = sprint
        .items
        .iter()
        .filter_map(|item| {
            let (started_on, done_on) = (date_of(&item.started_on)?, date_of(&item.done_on)?);
            (started_on <= done_on).then(|| CycleTime {
                item: item.id.get_ref().clone(),
                started_on,
                done_on,
                working_days: calendar.working_days_between(started_on, done_on),
            })
        })
        .collect();
    cycle_times.sort_by(|a, b| a.done_on.cmp(&b.done_on).then_with(|| a.item.cmp(&b.item)));
    let median_cycle_time = median(
        cycle_times
            .iter()
            .map(|c| f64::from(c.working_days))
            .collect(),
    );
    Some(Flow {
        days,
        cycle_times,
        median_cycle_time,
    })
}

/// The middle value, or the mean of the two middle ones.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::sprint::Reading;

    #[test]
    fn cumulative_flow_and_cycle_times_by_hand() {
        // Mon 2025-11-03 to Fri 2025-11-14; Tue 11 Nov is a holiday.
        let sprint: SprintFile = toml::from_str(
            r#"number = 1
title = "Flow"
start = 2025-11-03
end = 2025-11-14
holidays = [2025-11-11]

[[items]]
id = "A"
title = "same day"
points = 2
started_on = 2025-11-03
status = "done"
done_on = 2025-11-03

[[items]]
id = "B"
title = "over a weekend and a holiday"
points = 3
started_on = 2025-11-06
status = "done"
done_on = 2025-11-12

[[items]]
id = "C"
title = "in progress"
points = 5
started_on = 2025-11-04
status = "in-progress"

[[items]]
id = "D"
title = "not started"
points = 1
"#,
        )
        .unwrap();
        let mut calendar = Calendar::default();
        calendar.add_holidays(&sprint.holidays);
        let as_of = Date::parse("2025-11-12").unwrap();
        let figures = super::super::sprint::compute(&sprint, &calendar, as_of, Reading::default());
        let flow = compute(&sprint, &figures, &calendar, Unit::Points).unwrap();
        let day = |date: &str| {
            let d = flow
                .days
                .iter()
                .find(|d| d.date.to_string() == date)
                .unwrap();
            (d.todo.0, d.in_progress.0, d.done.0)
        };
        assert_eq!(day("2025-11-03"), (9.0, 0.0, 2.0));
        assert_eq!(day("2025-11-04"), (4.0, 5.0, 2.0));
        assert_eq!(day("2025-11-06"), (1.0, 8.0, 2.0));
        assert_eq!(day("2025-11-12"), (1.0, 5.0, 5.0));
        assert_eq!(flow.days.len(), 10, "to the as-of date");
        // A: Mon 3 to Mon 3 = 1. B: Thu 6, Fri 7, Mon 10, Wed 12 (Tue 11 is a holiday) = 4.
        let times: Vec<(&str, u32)> = flow
            .cycle_times
            .iter()
            .map(|c| (c.item.as_str(), c.working_days))
            .collect();
        assert_eq!(times, [("A", 1), ("B", 4)]);
        assert_eq!(flow.median_cycle_time, Some(2.5));
    }

    #[test]
    fn no_started_dates_no_flow() {
        let sprint: SprintFile =
            toml::from_str("number = 1\ntitle = \"x\"\nstart = 2025-11-03\nend = 2025-11-14\n[[items]]\nid = \"A\"\ntitle = \"a\"\n").unwrap();
        let calendar = Calendar::default();
        let figures = super::super::sprint::compute(
            &sprint,
            &calendar,
            Date::parse("2025-11-05").unwrap(),
            Reading::default(),
        );
        assert!(compute(&sprint, &figures, &calendar, Unit::Points).is_none());
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
