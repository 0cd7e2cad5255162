//! What in a sprint needs a reader's attention, for the headline at the top of its pages: the
//! blockers still open (the highest impact first), the critical goals not started while it
//! runs (or not done once it is over) and the high risks still open. A stakeholder who reads
//! only the first screen sees these before anything else.

use serde::Serialize;

use super::risk::severity;
use crate::model::{BlockerStatus, Level, Progress, RiskStatus, SprintFile, SprintStatus};

/// One thing that needs attention, by its place in the sprint file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Concern {
    /// An open blocker (its index in `blockers`) and its impact.
    Blocker { index: usize, impact: Option<Level> },
    /// A critical goal (its index in `goals`) that has not started while the sprint runs, or
    /// is not done now that it is over.
    CriticalGoal { index: usize, status: Progress },
    /// The risks of high severity (likelihood × impact) not yet mitigated or closed.
    HighRisks { count: usize },
}

/// The concerns of a sprint, most pressing first: open blockers by impact (high, medium,
/// low, then those without one; in file order within each), then the critical goals, then
/// the high risks. `goals` are the goals' statuses as of the day (`SprintFigures::goals`).
pub fn concerns(sprint: &SprintFile, status: SprintStatus, goals: &[Progress]) -> Vec<Concern> {
    let mut blockers: Vec<(usize, Option<Level>)> = sprint
        .blockers
        .iter()
        .enumerate()
        .filter(|(_, b)| b.status == BlockerStatus::Open)
        .map(|(index, b)| (index, b.impact))
        .collect();
    // Stable: blockers of one impact keep the file's order; `None` sorts below every level.
    blockers.sort_by_key(|(_, impact)| std::cmp::Reverse(*impact));
    let blockers = blockers
        .into_iter()
        .map(|(index, impact)| Concern::Blocker { index, impact });
    let goals = sprint
        .goals
        .iter()
        .zip(goals)
        .enumerate()
        .filter(|(_, (goal, progress))| goal.critical && lagging(status, **progress))
        .map(|(index, (_, &status))| Concern::CriticalGoal { index, status });
    let high_risks = sprint
        .risks
        .iter()
        .filter(|r| severity(r.likelihood, r.impact) == Level::High)
        .filter(|r| !matches!(r.status, RiskStatus::Mitigated | RiskStatus::Closed))
        .count();
    blockers
        .chain(goals)
        .chain((high_risks > 0).then_some(Concern::HighRisks { count: high_risks }))
        .collect()
}

/// A critical goal lags when the sprint runs and it has not started, or when the sprint is
/// over and it is not done. Before the start nothing has started, which is no concern.
fn lagging(sprint: SprintStatus, goal: Progress) -> bool {
    match sprint {
        SprintStatus::Planned => false,
        SprintStatus::Active => matches!(goal, Progress::NotStarted | Progress::Planned),
        SprintStatus::Closed => goal != Progress::Done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sprint(extra: &str) -> SprintFile {
        let text =
            format!("number = 1\ntitle = \"S\"\nstart = 2025-10-27\nend = 2025-11-07\n{extra}");
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn open_blockers_come_first_by_impact_then_in_file_order() {
        let s = sprint(concat!(
            "[[blockers]]\ntitle = \"a\"\nimpact = \"low\"\n",
            "[[blockers]]\ntitle = \"b\"\n",
            "[[blockers]]\ntitle = \"c\"\nimpact = \"high\"\nstatus = \"resolved\"\n",
            "[[blockers]]\ntitle = \"d\"\nimpact = \"high\"\n",
            "[[blockers]]\ntitle = \"e\"\nimpact = \"medium\"\n",
            "[[blockers]]\ntitle = \"f\"\nimpact = \"high\"\n",
        ));
        let found = concerns(&s, SprintStatus::Active, &[]);
        let order: Vec<usize> = found
            .iter()
            .map(|c| match c {
                Concern::Blocker { index, .. } => *index,
                other => panic!("{other:?}"),
            })
            .collect();
        // d and f (high, in file order), e (medium), a (low), b (no impact); c is resolved.
        assert_eq!(order, [3, 5, 4, 0, 1]);
    }

    #[test]
    fn a_critical_goal_needs_attention_while_not_started_and_when_left_undone() {
        let s = sprint(concat!(
            "[[goals]]\ntitle = \"g1\"\ncritical = true\n",
            "[[goals]]\ntitle = \"g2\"\ncritical = true\n",
            "[[goals]]\ntitle = \"g3\"\n",
        ));
        let (ns, ip, done) = (Progress::NotStarted, Progress::InProgress, Progress::Done);
        let goal = |index, status| Concern::CriticalGoal { index, status };
        // Running: the one not started (g3 is not critical).
        assert_eq!(
            concerns(&s, SprintStatus::Active, &[ns, ip, ns]),
            [goal(0, ns)]
        );
        // Over: every critical goal not done.
        assert_eq!(
            concerns(&s, SprintStatus::Closed, &[ip, done, ns]),
            [goal(0, ip)]
        );
        // Before the start: none.
        assert_eq!(concerns(&s, SprintStatus::Planned, &[ns, ns, ns]), []);
    }

    #[test]
    fn high_risks_still_open_are_counted_after_blockers_and_goals() {
        let s = sprint(concat!(
            "[[risks]]\ntitle = \"r1\"\nlikelihood = \"medium\"\nimpact = \"high\"\n",
            "[[risks]]\ntitle = \"r2\"\nlikelihood = \"high\"\nimpact = \"high\"\nstatus = \"monitoring\"\n",
            "[[risks]]\ntitle = \"r3\"\nlikelihood = \"high\"\nimpact = \"medium\"\nstatus = \"mitigated\"\n",
            "[[risks]]\ntitle = \"r4\"\nlikelihood = \"low\"\nimpact = \"high\"\n",
            "[[blockers]]\ntitle = \"b\"\n",
        ));
        // r1 (2 × 3 = 6) and r2 (9) are high and open; r3 is mitigated; r4 (1 × 3) is medium.
        assert_eq!(
            concerns(&s, SprintStatus::Active, &[]),
            [
                Concern::Blocker {
                    index: 0,
                    impact: None
                },
                Concern::HighRisks { count: 2 }
            ]
        );
    }
}
