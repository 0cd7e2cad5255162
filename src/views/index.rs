//! `index.html`: the portfolio, a card per team with its current sprint.

use super::contract::{CurrentSprintView, HealthRuleView, IndexView, TeamCardView};
use super::free::page_links;
use super::{ChartClock, Page, common, context, health_view};
use crate::charts;
use crate::diagnostics::Diagnostic;
use crate::metrics::health::{AT_RISK_GAP, ON_TRACK_GAP};
use crate::metrics::row::sprint_row;
use crate::metrics::sprint::working_days_left;
use crate::metrics::{Points, TeamFigures};
use crate::model::{Date, FreePage, Site, SprintStatus, Team};

pub fn index_page(
    site: &Site,
    pages: &[&FreePage],
    figures: &[TeamFigures],
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let path = "index.html".to_string();
    let clock = ChartClock::default();
    let view = IndexView {
        teams: site
            .teams
            .iter()
            .zip(figures)
            .map(|(team, f)| team_card(team, f, as_of, &clock))
            .collect::<Result<_, _>>()?,
        pages: page_links(pages, None),
        health_rule: HealthRuleView {
            on_track_percent: (ON_TRACK_GAP * 100.0).round() as i64,
            at_risk_percent: (AT_RISK_GAP * 100.0).round() as i64,
        },
    };
    let common = common(site, as_of, 0, &site.config.title, Vec::new());
    let context = context(&path, &common, &view)?;
    Ok(clock.page(path, "index.html", context))
}

fn team_card<'a>(
    team: &'a Team,
    f: &TeamFigures,
    as_of: Date,
    clock: &ChartClock,
) -> Result<TeamCardView<'a>, Diagnostic> {
    let current = match f.current_sprint() {
        Some(i) => Some(current_sprint(team, f, i, as_of, clock)?),
        None => None,
    };
    let last_closed = f
        .velocity
        .rows
        .iter()
        .rev()
        .find(|r| r.status == SprintStatus::Closed);
    Ok(TeamCardView {
        slug: &team.slug,
        name: &team.config.name,
        description: team.config.description.as_deref(),
        sprint_count: team.sprints.len(),
        current,
        last_say_do: last_closed.and_then(|r| r.say_do_percent),
        last_closed_number: last_closed.map(|r| r.number),
        average_velocity: f.velocity.average,
        velocity_window: f.velocity.window,
    })
}

fn current_sprint<'a>(
    team: &'a Team,
    f: &TeamFigures,
    index: usize,
    as_of: Date,
    clock: &ChartClock,
) -> Result<CurrentSprintView<'a>, Diagnostic> {
    let sprint = &team.sprints[index];
    let sf = &f.sprints[index];
    let (start, end) = (*sprint.data.start.get_ref(), *sprint.data.end.get_ref());
    let spark_id = format!("spark-{}", team.slug);
    Ok(CurrentSprintView {
        row: sprint_row(team, f, index),
        remaining: Points(sf.total.0 - sf.completed.0),
        days_left: working_days_left(&f.calendar, start, end, as_of),
        sparkline: clock.draw(|| charts::sparkline(sf, &spark_id, &sprint.data.title))?,
        health: health_view(sf),
    })
}
