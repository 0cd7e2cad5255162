//! `data/<team>.json` and `data/releases/<slug>.json`: every computed figure of a team and of
//! a release, for other tools and for tests.
//!
//! The keys are a public contract (README, "JSON export"): extend, never rename. They are typed
//! structs, so the compiler checks every one, and they go through [`serde_json::Value`] on the
//! way out, whose maps sort their keys: the file's key order is alphabetical whatever the
//! order of the fields here.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::html_safe_json;
use crate::metrics::forecast::Forecast;
use crate::metrics::health::{Health, health};
use crate::metrics::release::{
    AddedItem, BurnupPoint, GroupProgress, ReleaseFigures, ReleaseForecast, Verdict,
};
use crate::metrics::row::{SprintRow, sprint_row, sprint_rows};
use crate::metrics::sprint::working_days_left;
use crate::metrics::sprint::{ItemLists, ScopeChange};
use crate::metrics::{Capacity, Points, TeamFigures};
use crate::model::{Date, Progress, Release, Site, Team, Unit};

#[derive(Serialize)]
struct TeamExport<'a> {
    team: TeamName<'a>,
    as_of: Date,
    /// What every figure counts: `points` or `issues`.
    unit: Unit,
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
    /// The team's person-days in the sprint and what it completed per person-day.
    capacity: Capacity,
    /// End-of-day values up to the last reported day.
    days: Vec<DayExport>,
    /// The ideal line for every calendar day of the sprint.
    ideal: Vec<Points>,
    scope_changes: &'a [ScopeChange],
    lists: &'a ItemLists,
    goals: Vec<GoalExport<'a>>,
    /// The items by epic with their sizes, which add up to `total`.
    epics: Vec<EpicExport<'a>>,
}

#[derive(Serialize)]
struct EpicExport<'a> {
    /// `null` for the items without an epic.
    name: Option<&'a str>,
    total: Points,
    status: Progress,
    /// The ids of its items, removed ones included.
    items: Vec<&'a str>,
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
        unit: figures.unit,
        velocity: VelocityExport {
            window: figures.velocity.window,
            average: figures.velocity.average,
            average_of: figures.velocity.average_of,
            backlog: figures.backlog,
            forecast: figures.forecast,
        },
        sprints: sprints(team, figures),
    };
    Ok((path.clone(), to_json(&path, &export)?))
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

/// Pretty JSON through [`serde_json::Value`], whose maps sort their keys, with markup
/// characters escaped ([`html_safe_json`]): data never becomes markup, even in a file.
fn pretty(value: &impl Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&serde_json::to_value(value)?).map(|json| html_safe_json(&json))
}

/// Pretty JSON with sorted keys and a final newline, for the file at `path`.
fn to_json(path: &str, export: &impl Serialize) -> Result<Vec<u8>, Diagnostic> {
    let text =
        pretty(export).map_err(|e| Diagnostic::error(format!("cannot write `{path}`: {e}")))?;
    Ok(format!("{text}\n").into_bytes())
}

#[derive(Serialize)]
struct ReleaseExport<'a> {
    release: ReleaseName<'a>,
    as_of: Date,
    unit: Unit,
    start: Date,
    items: usize,
    scope: Points,
    completed: Points,
    in_progress: Points,
    todo: Points,
    remaining: Points,
    percent_done: u32,
    scope_at_start: Points,
    scope_change: Points,
    added: Vec<AddedExport<'a>>,
    burnup: &'a [BurnupPoint],
    epics: &'a [GroupProgress],
    teams: Vec<TeamProgressExport<'a>>,
    forecast: Option<&'a ReleaseForecast>,
    verdict: Verdict,
    percent_by_target: Option<u32>,
}

#[derive(Serialize)]
struct ReleaseName<'a> {
    slug: &'a str,
    title: &'a str,
    target: Date,
    teams: Vec<&'a str>,
    epics: Vec<&'a str>,
    id_prefixes: Vec<&'a str>,
}

/// A team's part of a release, by its slug.
#[derive(Serialize)]
struct TeamProgressExport<'a> {
    team: &'a str,
    done: Points,
    in_progress: Points,
    todo: Points,
    total: Points,
    percent_done: u32,
}

#[derive(Serialize)]
struct AddedExport<'a> {
    team: &'a str,
    item: &'a str,
    date: Date,
    size: Points,
}

/// The export of one release: its path in the output and its bytes.
pub fn release_json(
    release: &Release,
    f: &ReleaseFigures,
    as_of: Date,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let path = crate::model::paths::release_export(&release.slug);
    let data = &release.data;
    let export = ReleaseExport {
        release: ReleaseName {
            slug: &release.slug,
            title: &data.title,
            target: *data.target.get_ref(),
            teams: data.team_slugs().collect(),
            epics: data.epic_names(),
            id_prefixes: data.prefixes(),
        },
        as_of,
        unit: f.unit,
        start: f.start,
        items: f.items,
        scope: f.scope,
        completed: f.completed,
        in_progress: f.in_progress,
        todo: f.todo,
        remaining: f.remaining,
        percent_done: f.percent_done,
        scope_at_start: f.scope_at_start,
        scope_change: f.scope_change,
        added: added(f),
        burnup: &f.burnup,
        epics: &f.epics,
        teams: f.teams.iter().map(team_progress).collect(),
        forecast: f.forecast.as_ref(),
        verdict: f.verdict,
        percent_by_target: f.percent_by_target,
    };
    Ok((path.clone(), to_json(&path, &export)?))
}

fn sprints<'a>(team: &'a Team, figures: &'a TeamFigures) -> Vec<SprintExport<'a>> {
    sprint_rows(team, figures)
        .into_iter()
        .zip(&team.sprints)
        .zip(&figures.sprints)
        .zip(&figures.capacity)
        .map(|(((row, sprint), f), &capacity)| SprintExport {
            row,
            capacity,
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
            epics: f
                .epics
                .iter()
                .map(|e| EpicExport {
                    name: e.name.as_deref(),
                    total: e.size,
                    status: e.status,
                    items: e
                        .items
                        .iter()
                        .map(|&n| sprint.data.items[n].id.get_ref().as_str())
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn added(f: &ReleaseFigures) -> Vec<AddedExport<'_>> {
    f.added
        .iter()
        .map(|a: &AddedItem| AddedExport {
            team: f
                .teams
                .get(a.team)
                .and_then(|t| t.name.as_deref())
                .unwrap_or_default(),
            item: &a.item,
            date: a.date,
            size: a.size,
        })
        .collect()
}

fn team_progress(t: &GroupProgress) -> TeamProgressExport<'_> {
    TeamProgressExport {
        team: t.name.as_deref().unwrap_or_default(),
        done: t.done,
        in_progress: t.in_progress,
        todo: t.todo,
        total: t.total,
        percent_done: t.percent_done,
    }
}
