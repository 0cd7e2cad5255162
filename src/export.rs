//! `data/<team>.json`: every computed figure of a team, for other tools and for tests.
//!
//! The keys are a public contract (README, "JSON export"): extend, never rename. They are typed
//! structs, so the compiler checks every one, and they go through [`serde_json::Value`] on the
//! way out, whose maps sort their keys: the file's key order is alphabetical whatever the
//! order of the fields here.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::metrics::forecast::Forecast;
use crate::metrics::health::{Health, health};
use crate::metrics::row::{SprintRow, sprint_row, sprint_rows};
use crate::metrics::sprint::working_days_left;
use crate::metrics::sprint::{ItemLists, ScopeChange};
use crate::metrics::{Points, TeamFigures};
use crate::model::{Date, Progress, Site, Team};

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
    let text =
        pretty(&export).map_err(|e| Diagnostic::error(format!("cannot write `{path}`: {e}")))?;
    Ok((path, format!("{text}\n").into_bytes()))
}

/// One sprint's figures with its team and the as-of date, as pretty JSON (`sprintgen report
/// --format json`): the sprint's entry of the team's export.
pub fn sprint_json(
    team: &Team,
    figures: &TeamFigures,
    index: usize,
    as_of: Date,
) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct SprintReport<'a> {
        team: TeamName<'a>,
        as_of: Date,
        sprint: SprintExport<'a>,
    }
    let report = SprintReport {
        team: TeamName {
            slug: &team.slug,
            name: &team.config.name,
        },
        as_of,
        sprint: sprints(team, figures).swap_remove(index),
    };
    pretty(&report).map_err(|e| Diagnostic::error(format!("cannot write the JSON: {e}")))
}

/// Each team's current sprint with its health and working days left, as pretty JSON
/// (`sprintgen report --summary --format json`).
pub fn portfolio_json(
    site: &Site,
    figures: &[TeamFigures],
    as_of: Date,
) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Portfolio<'a> {
        as_of: Date,
        teams: Vec<TeamSummary<'a>>,
    }
    #[derive(Serialize)]
    struct TeamSummary<'a> {
        slug: &'a str,
        name: &'a str,
        current: Option<CurrentSprint<'a>>,
    }
    #[derive(Serialize)]
    struct CurrentSprint<'a> {
        #[serde(flatten)]
        row: SprintRow<'a>,
        health: Option<Health>,
        days_left: u32,
    }
    let teams = site
        .teams
        .iter()
        .zip(figures)
        .map(|(team, f)| TeamSummary {
            slug: &team.slug,
            name: &team.config.name,
            current: f.current_sprint().map(|i| {
                let sprint = &team.sprints[i].data;
                CurrentSprint {
                    row: sprint_row(team, f, i),
                    health: health(&f.sprints[i]).map(|(status, _)| status),
                    days_left: working_days_left(
                        &f.calendar,
                        *sprint.start.get_ref(),
                        *sprint.end.get_ref(),
                        as_of,
                    ),
                }
            }),
        })
        .collect();
    pretty(&Portfolio { as_of, teams })
        .map_err(|e| Diagnostic::error(format!("cannot write the JSON: {e}")))
}

/// Pretty JSON through [`serde_json::Value`], whose maps sort their keys.
fn pretty(value: &impl Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&serde_json::to_value(value)?)
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
