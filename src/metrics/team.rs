//! Every figure of one team: its sprints', velocity, forecast, flow and capacity.

use rayon::prelude::*;
use serde::Serialize;

use super::{Points, flow, forecast, sprint, trends, velocity};
use crate::model::{Calendar, Date, Site, SprintStatus, Team, Unit, total};

/// All figures of one team.
#[derive(Clone, Debug)]
pub struct TeamFigures {
    pub calendar: Calendar,
    /// What every figure counts: points or issues.
    pub unit: Unit,
    /// In the team's sprint order (by number).
    pub sprints: Vec<sprint::SprintFigures>,
    pub velocity: velocity::Velocity,
    /// Points in planned sprints: what the forecast covers.
    pub backlog: Points,
    pub forecast: Option<forecast::Forecast>,
    /// Completed points of the closed sprints the forecast samples.
    pub history: Vec<f64>,
    /// Per sprint: the flow, when its items record `started_on`.
    pub flows: Vec<Option<flow::Flow>>,
    /// Per sprint: the team's capacity and what it delivered per person-day.
    pub capacity: Vec<Capacity>,
    /// Say/do, carry-over, scope change and points per person-day of the closed sprints.
    pub trends: trends::Trends,
}

impl TeamFigures {
    /// The sprint a team's card, page and report lead with: the active one, else the next
    /// planned one, else the last.
    pub fn current_sprint(&self) -> Option<usize> {
        let find = |status| self.sprints.iter().position(|f| f.status == status);
        find(SprintStatus::Active)
            .or_else(|| find(SprintStatus::Planned))
            .or_else(|| self.sprints.len().checked_sub(1))
    }
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Capacity {
    /// The members' FTE summed.
    pub fte: Points,
    pub working_days: u32,
    /// FTE × working days.
    pub person_days: Points,
    /// Completed points per person-day, once the sprint has started.
    pub points_per_person_day: Option<Points>,
}

/// Every team's figures, computed in parallel.
pub fn all_teams(site: &Site, as_of: Date) -> Vec<TeamFigures> {
    site.teams
        .par_iter()
        .map(|team| team_figures(site, team, as_of))
        .collect()
}

/// Computes every figure of a team from its data, the site's settings and the as-of date.
pub fn team_figures(site: &Site, team: &Team, as_of: Date) -> TeamFigures {
    let team_calendar = site.calendar().for_team(&team.config);
    let unit = site.unit(team);
    let mut flows = Vec::with_capacity(team.sprints.len());
    let sprints: Vec<sprint::SprintFigures> = team
        .sprints
        .iter()
        .map(|s| {
            let calendar = team_calendar.for_sprint(&s.data);
            let rules = sprint::Reading {
                baseline: s.data.ideal_baseline.unwrap_or(team.config.ideal_baseline),
                unit,
            };
            let figures = sprint::compute(&s.data, &calendar, as_of, rules);
            flows.push(flow::compute(&s.data, &figures, &calendar, unit));
            figures
        })
        .collect();
    let results: Vec<velocity::SprintResult> = team
        .sprints
        .iter()
        .zip(&sprints)
        .map(|(s, f)| velocity::SprintResult {
            number: *s.data.number.get_ref(),
            status: f.status,
            committed: f.committed.0,
            completed: f.completed.0,
        })
        .collect();
    let velocity = velocity::compute(&results, *team.config.velocity_window.get_ref());
    let history: Vec<f64> = sprints
        .iter()
        .filter(|f| f.status == SprintStatus::Closed)
        .map(|f| f.completed.0)
        .collect();
    let backlog = total(
        sprints
            .iter()
            .filter(|f| f.status == SprintStatus::Planned)
            .map(|f| f.total.0),
    );
    let capacity = capacity(team.config.fte(), &sprints);
    TeamFigures {
        calendar: team_calendar,
        unit,
        flows,
        trends: trends::trends(&sprints, &velocity.rows, &capacity),
        capacity,
        forecast: forecast::forecast(backlog, &history),
        backlog: Points(backlog),
        history,
        velocity,
        sprints,
    }
}

/// Per sprint, the team's person-days and the completed points per person-day.
pub(super) fn capacity(fte: f64, sprints: &[sprint::SprintFigures]) -> Vec<Capacity> {
    sprints
        .iter()
        .map(|f| {
            let person_days = fte * f64::from(f.working_days);
            Capacity {
                fte: Points(fte),
                working_days: f.working_days,
                person_days: Points(person_days),
                points_per_person_day: (f.status != SprintStatus::Planned && person_days > 0.0)
                    .then(|| Points(f.completed.0 / person_days)),
            }
        })
        .collect()
}
