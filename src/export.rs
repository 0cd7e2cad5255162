//! `data/<team>.json`: every computed figure of a team, for other tools and for tests.
//!
//! The keys are a public contract (README, "JSON export"): extend, never rename. They are typed
//! structs, so the compiler checks every one, and they go through [`serde_json::Value`] on the
//! way out, whose maps sort their keys: the file's key order is alphabetical whatever the
//! order of the fields here.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::metrics::forecast::Forecast;
use crate::metrics::row::{SprintRow, sprint_rows};
use crate::metrics::sprint::{ItemLists, ScopeChange};
use crate::metrics::{Points, TeamFigures};
use crate::model::{Date, Progress, Team};

#[derive(Serialize)]
struct TeamExport<'a> {
    team: TeamName<'a>,
    as_of: Date,
    velocity: VelocityExport,
    sprints: Vec<SprintExport<'a>>,
}

#[derive(Serialize)]
struct TeamName<'a> {
    slug: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct VelocityExport {
    window: usize,
    average: Option<Points>,
    average_of: usize,
    backlog: Points,
    forecast: Option<Forecast>,
}

#[derive(Serialize)]
struct SprintExport<'a> {
    #[serde(flatten)]
    row: SprintRow<'a>,
    in_progress: Points,
    not_started: Points,
    percent_in_progress: u32,
    percent_not_started: u32,
    say_do: Option<f64>,
    /// End-of-day values up to the last reported day.
    days: Vec<DayExport>,
    /// The ideal line for every calendar day of the sprint.
    ideal: Vec<Points>,
    scope_changes: &'a [ScopeChange],
    lists: &'a ItemLists,
    goals: Vec<GoalExport<'a>>,
}

#[derive(Serialize)]
struct DayExport {
    date: Date,
    working: bool,
    ideal: Points,
    remaining: Points,
    completed: Points,
    scope: Points,
}

#[derive(Serialize)]
struct GoalExport<'a> {
    title: &'a str,
    status: Progress,
}

/// The export of one team: its path in the output and its bytes (pretty JSON and a newline).
pub fn team_json(
    team: &Team,
    figures: &TeamFigures,
    as_of: Date,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let path = crate::model::paths::team_export(&team.slug);
    let export = TeamExport {
        team: TeamName {
            slug: &team.slug,
            name: &team.config.name,
        },
        as_of,
        velocity: VelocityExport {
            window: figures.velocity.window,
            average: figures.velocity.average,
            average_of: figures.velocity.average_of,
            backlog: figures.backlog,
            forecast: figures.forecast,
        },
        sprints: sprints(team, figures),
    };
    let fail = |e: serde_json::Error| Diagnostic::error(format!("cannot write `{path}`: {e}"));
    let value = serde_json::to_value(&export).map_err(fail)?;
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(fail)?;
    bytes.push(b'\n');
    Ok((path, bytes))
}

fn sprints<'a>(team: &'a Team, figures: &'a TeamFigures) -> Vec<SprintExport<'a>> {
    sprint_rows(team, figures)
        .into_iter()
        .zip(&team.sprints)
        .zip(&figures.sprints)
        .map(|((row, sprint), f)| SprintExport {
            row,
            in_progress: f.in_progress,
            not_started: f.not_started,
            percent_in_progress: f.percent_in_progress,
            percent_not_started: f.percent_not_started,
            say_do: f.say_do,
            days: f
                .days
                .iter()
                .filter_map(|d| {
                    d.actual.map(|a| DayExport {
                        date: d.date,
                        working: d.working,
                        ideal: d.ideal,
                        remaining: a.remaining,
                        completed: a.completed,
                        scope: a.scope,
                    })
                })
                .collect(),
            ideal: f.days.iter().map(|d| d.ideal).collect(),
            scope_changes: &f.scope_changes,
            lists: &f.lists,
            goals: sprint
                .data
                .goals
                .iter()
                .zip(&f.goals)
                .map(|(g, &status)| GoalExport {
                    title: &g.title,
                    status,
                })
                .collect(),
        })
        .collect()
}
