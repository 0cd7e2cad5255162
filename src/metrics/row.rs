//! One row per sprint: the figures every list of a team's sprints starts from. The team page's
//! sprint table and the JSON export (whose keys are a public contract) both flatten it into
//! their own rows, so a key can change only here, where the compiler checks every use.

use serde::Serialize;

use super::{Points, TeamFigures};
use crate::model::{Date, SprintStatus, Team};

#[derive(Clone, Debug, Serialize)]
pub struct SprintRow<'a> {
    pub number: u32,
    pub slug: &'a str,
    pub title: &'a str,
    pub start: Date,
    pub end: Date,
    pub status: SprintStatus,
    pub working_days: u32,
    pub committed: Points,
    pub total: Points,
    pub completed: Points,
    pub percent_completed: u32,
    /// Change of say/do from the previous closed sprint, in percentage points.
    pub change_pp: Option<i64>,
}

/// The rows of a team's sprints, in sprint order.
pub fn sprint_rows<'a>(team: &'a Team, figures: &TeamFigures) -> Vec<SprintRow<'a>> {
    (0..team.sprints.len())
        .map(|i| sprint_row(team, figures, i))
        .collect()
}

/// The row of a team's sprint `index`.
pub fn sprint_row<'a>(team: &'a Team, figures: &TeamFigures, index: usize) -> SprintRow<'a> {
    let (sprint, f) = (&team.sprints[index], &figures.sprints[index]);
    SprintRow {
        number: *sprint.data.number.get_ref(),
        slug: &sprint.slug,
        title: &sprint.data.title,
        start: *sprint.data.start.get_ref(),
        end: *sprint.data.end.get_ref(),
        status: f.status,
        working_days: f.working_days,
        committed: f.committed,
        total: f.total,
        completed: f.completed,
        percent_completed: f.percent_completed,
        change_pp: figures.velocity.rows[index].change_pp,
    }
}
