//! A team's trends (say/do, carry-over, scope change, points per person-day), from its closed
//! sprints only, as Jira's velocity chart counts them. A sprint in progress has done only
//! part of its work: counted with the finished ones, its first day reads as a collapse
//! (say/do falling from 118% to 31%, carry-over jumping to its whole scope). A planned one
//! has done none.

use serde::Serialize;

use super::Capacity;
use super::sprint::SprintFigures;
use super::velocity::VelocityRow;
use crate::model::SprintStatus;

/// The trends over a team's closed sprints: each list holds one value per sprint of
/// `sprints`, `None` where the sprint has none (say/do of a sprint that committed nothing,
/// the scope change of one kept in summary form, points per person-day without members).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Trends {
    /// The sprints counted: the closed ones, by index in the team's sprints.
    pub sprints: Vec<usize>,
    /// Say/do as a whole percentage.
    pub say_do: Vec<Option<f64>>,
    /// What each left undone.
    pub carry_over: Vec<Option<f64>>,
    /// The net scope added (or removed) after it started.
    pub scope_change: Vec<Option<f64>>,
    /// Completed points per person-day, rounded as pages print it.
    pub points_per_person_day: Vec<Option<f64>>,
}

/// The trends of a team's sprints, from their figures, velocity rows and capacity (all in
/// the team's sprint order).
pub fn trends(
    sprints: &[SprintFigures],
    velocity: &[VelocityRow],
    capacity: &[Capacity],
) -> Trends {
    let closed: Vec<usize> = sprints
        .iter()
        .enumerate()
        .filter(|(_, f)| f.status == SprintStatus::Closed)
        .map(|(i, _)| i)
        .collect();
    let each = |value: &dyn Fn(usize) -> Option<f64>| closed.iter().map(|&i| value(i)).collect();
    Trends {
        say_do: each(&|i| velocity[i].say_do_percent.map(|p| p as f64)),
        carry_over: each(&|i| sprints[i].carry_over.map(|p| p.0)),
        scope_change: each(&|i| {
            let f = &sprints[i];
            (!f.summary_form).then(|| f.scope.net.map_or(0.0, |p| p.0))
        }),
        points_per_person_day: each(&|i| capacity[i].points_per_person_day.map(|p| p.rounded())),
        sprints: closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::sprint::{Reading, compute};
    use crate::metrics::velocity::{self, SprintResult};
    use crate::metrics::{Points, team};
    use crate::model::{Calendar, Date, SprintFile};

    /// Three sprints as of Wednesday 2025-10-15: sprint 1 (Mon 29 Sep – Fri 10 Oct) closed with
    /// 8 of its 10 points done and 2 points added on its second day; sprint 2 (from Mon 13 Oct)
    /// active with 5 of 10 done so far; sprint 3 planned.
    #[test]
    fn only_closed_sprints_count() {
        let sprint = |text: &str| -> SprintFile { toml::from_str(text).unwrap() };
        let files = [
            sprint(concat!(
                "number = 1\ntitle = \"a\"\nstart = 2025-09-29\nend = 2025-10-10\n",
                "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 8\nstatus = \"done\"\ndone_on = 2025-10-08\n",
                "[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 2\n",
                "[[items]]\nid = \"C\"\ntitle = \"c\"\npoints = 2\nadded_on = 2025-09-30\n",
            )),
            sprint(concat!(
                "number = 2\ntitle = \"b\"\nstart = 2025-10-13\nend = 2025-10-24\n",
                "[[items]]\nid = \"D\"\ntitle = \"d\"\npoints = 5\nstatus = \"done\"\ndone_on = 2025-10-14\n",
                "[[items]]\nid = \"E\"\ntitle = \"e\"\npoints = 5\n",
            )),
            sprint(concat!(
                "number = 3\ntitle = \"c\"\nstart = 2025-10-27\nend = 2025-11-07\n",
                "[[items]]\nid = \"F\"\ntitle = \"f\"\npoints = 13\n",
            )),
        ];
        let as_of = Date::new(2025, 10, 15).unwrap();
        let figures: Vec<_> = files
            .iter()
            .map(|s| compute(s, &Calendar::default(), as_of, Reading::default()))
            .collect();
        let results: Vec<SprintResult> = figures
            .iter()
            .enumerate()
            .map(|(i, f)| SprintResult {
                number: i as u32 + 1,
                status: f.status,
                committed: f.committed.0,
                completed: f.completed.0,
            })
            .collect();
        let rows = velocity::compute(&results, 3).rows;
        // Two people: 2 × 10 working days = 20 person-days a sprint.
        let capacity = team::capacity(2.0, &figures);
        let t = trends(&figures, &rows, &capacity);
        assert_eq!(t.sprints, [0]);
        // 8 of the 10 committed; 4 left (B and the added C); +2 added; 8 / 20 = 0.4.
        assert_eq!(t.say_do, [Some(80.0)]);
        assert_eq!(t.carry_over, [Some(4.0)]);
        assert_eq!(t.scope_change, [Some(2.0)]);
        assert_eq!(t.points_per_person_day, [Some(0.4)]);
        // The active sprint has figures of its own, which the trends leave out.
        assert_eq!(rows[1].say_do_percent, Some(50));
        assert_eq!(capacity[1].points_per_person_day, Some(Points(0.25)));
    }
}
