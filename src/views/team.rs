//! `<team>/index.html`: velocity, trends, the sprint table, forecast, members and capacity.

use super::contract::{
    CapacityRowView, Crumb, ForecastView, MemberView, TeamPageView, TeamSectionsView,
    TeamSprintView, TeamView, TrendValueView, TrendView, UnitView, VelocityView,
};
use super::free::page_links;
use super::headline::team_headline;
use super::index::current_sprint;
use super::preview::{preview, team_card};
use super::{ChartClock, Page, common, context, release_links};
use crate::charts::{self, TrendKind};
use crate::diagnostics::Diagnostic;
use crate::metrics::forecast::MIN_HISTORY;
use crate::metrics::release::ReleaseFigures;
use crate::metrics::row::sprint_rows;
use crate::metrics::{Points, TeamFigures};
use crate::model::paths::team_page as team_page_path;
use crate::model::{Date, FreePage, Section, Site, SprintStatus, Team, Unit};

pub fn team_page(
    site: &Site,
    team: &Team,
    pages: &[&FreePage],
    figures: &TeamFigures,
    releases: &[ReleaseFigures],
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let path = team_page_path(&team.slug);
    let labels = sprint_labels(team);
    let name = &team.config.name;
    let clock = ChartClock::default();
    let unit = figures.unit;
    let velocity_chart =
        clock.draw(|| charts::velocity_chart(&figures.velocity, &labels, name, unit))?;
    let releases = release_links(site, releases, |r| {
        r.data.team_slugs().any(|slug| slug == team.slug)
    });
    let current = match figures.current_sprint() {
        Some(i) => Some(current_sprint(team, figures, i, as_of, Some(&clock))?),
        None => None,
    };
    let view = TeamPageView {
        headline: team_headline(team, figures),
        current,
        team: team_view(team),
        unit: UnitView::of(unit),
        show: TeamSectionsView {
            members: site
                .theme
                .shows(Section::Members, !team.config.members.is_empty()),
            releases: site.theme.shows(Section::Releases, !releases.is_empty()),
        },
        releases,
        sprints: sprint_views(team, figures),
        pages: page_links(pages, Some(&team.slug)),
        trends: trends(figures, &labels, &clock, unit)?,
        capacity: team
            .sprints
            .iter()
            .zip(&figures.capacity)
            .map(|(s, &capacity)| CapacityRowView {
                number: *s.data.number.get_ref(),
                capacity,
            })
            .collect(),
        current_index: figures.current_sprint(),
        in_progress: figures
            .sprints
            .iter()
            .zip(&team.sprints)
            .find(|(f, _)| f.status == SprintStatus::Active)
            .map(|(_, s)| *s.data.number.get_ref()),
        velocity: VelocityView {
            window: figures.velocity.window,
            average: figures.velocity.average,
            average_of: figures.velocity.average_of,
            chart: velocity_chart,
        },
        forecast: ForecastView {
            backlog: figures.backlog,
            history: figures.history.iter().map(|v| Points(*v)).collect(),
            min_history: MIN_HISTORY,
            result: figures.forecast,
        },
    };
    let crumbs = vec![Crumb {
        title: name,
        url: None,
    }];
    let mut common = common(site, as_of, 1, name, crumbs);
    let (title, card) = (name.clone(), team_card(site, team, figures));
    common.preview = Some(preview(site, &path, title, &view.headline.text, card));
    let context = context(&path, &common, &view)?;
    Ok(clock.page(path, "team.html", context))
}

/// Each sprint's short label ("S4"), for the charts' x axes.
pub(super) fn sprint_labels(team: &Team) -> Vec<String> {
    team.sprints
        .iter()
        .map(|s| format!("S{}", s.data.number.get_ref()))
        .collect()
}

/// The rows of the sprint table.
fn sprint_views<'a>(team: &'a Team, figures: &TeamFigures) -> Vec<TeamSprintView<'a>> {
    sprint_rows(team, figures)
        .into_iter()
        .zip(&team.sprints)
        .zip(&figures.velocity.rows)
        .map(|((row, sprint), v)| TeamSprintView {
            row,
            phase: sprint.data.phase.as_deref(),
            say_do_percent: v.say_do_percent,
            rolling_average: v.rolling_average,
        })
        .collect()
}

fn team_view(team: &Team) -> TeamView<'_> {
    TeamView {
        slug: &team.slug,
        name: &team.config.name,
        description: team.config.description.as_deref(),
        group: team.config.group.as_deref(),
        members: team
            .config
            .members
            .iter()
            .map(|m| MemberView {
                role: &m.role,
                count: m.count,
                fte: Points(m.fte),
            })
            .collect(),
        headcount: team.config.headcount(),
        fte: Points(team.config.fte()),
    }
}

/// One trend chart's definition: what it shows and how it draws it.
struct Trend {
    id: &'static str,
    title: String,
    explanation: String,
    unit: &'static str,
    kind: TrendKind,
}

/// The trends of a team page, in words of its unit.
fn trend_definitions(unit: Unit) -> [Trend; 4] {
    let (noun, short) = match unit {
        Unit::Points => ("points", "Points"),
        Unit::Issues => ("issues", "Issues"),
    };
    [
        Trend {
            id: "trend-say-do",
            title: "Say/do".into(),
            explanation: "Completed ÷ committed, per sprint.".into(),
            unit: "%",
            kind: TrendKind::Line,
        },
        Trend {
            id: "trend-carry-over",
            title: "Carry-over".into(),
            explanation: format!("{short} not completed by the end of the sprint."),
            unit: "",
            kind: TrendKind::Bars,
        },
        Trend {
            id: "trend-scope",
            title: "Scope change".into(),
            explanation: format!("Net {noun} added (or removed) after the sprint started."),
            unit: "",
            kind: TrendKind::Bars,
        },
        Trend {
            id: "trend-throughput",
            title: format!("{short} per person-day"),
            explanation: format!("Completed {noun} ÷ (FTE × working days)."),
            unit: "",
            kind: TrendKind::Line,
        },
    ]
}

/// Why a trend has no chart, in one sentence, when a chart would show nothing: no closed
/// sprint, none with a value, a team without members to divide by, or nothing but zeros.
fn empty_trend(id: &str, values: &[Option<f64>], without_members: bool) -> Option<&'static str> {
    let shown: Vec<f64> = values.iter().flatten().copied().collect();
    if id == "trend-throughput" && without_members {
        return Some("It needs the team members and their FTE, listed in team.toml.");
    }
    if values.is_empty() {
        return Some("No sprint is closed yet.");
    }
    if shown.is_empty() {
        return Some(match id {
            "trend-scope" => {
                "The closed sprints are kept in summary form, without their scope changes."
            }
            _ => "No closed sprint has a value to show.",
        });
    }
    let all_zero = shown.iter().all(|v| *v == 0.0);
    match id {
        "trend-scope" if all_zero => Some("No scope change in these sprints."),
        "trend-carry-over" if all_zero => Some("Nothing carried over in these sprints."),
        _ => None,
    }
}

/// The small trend charts of a team page, each with its values for the table beside it: the
/// closed sprints' (`metrics::trends`).
fn trends(
    figures: &TeamFigures,
    labels: &[String],
    clock: &ChartClock,
    unit: Unit,
) -> Result<Vec<TrendView>, Diagnostic> {
    let t = &figures.trends;
    let labels: Vec<String> = t.sprints.iter().map(|&i| labels[i].clone()).collect();
    let without_members = figures.capacity.iter().all(|c| c.fte.0 <= 0.0);
    trend_definitions(unit)
        .into_iter()
        .zip([
            &t.say_do,
            &t.carry_over,
            &t.scope_change,
            &t.points_per_person_day,
        ])
        .map(|(trend, values)| {
            let title = format!("{} per sprint", trend.title);
            let empty = empty_trend(trend.id, values, without_members);
            let chart = match empty {
                Some(_) => None,
                None => clock.draw(|| {
                    charts::trend_chart(trend.id, &title, trend.unit, &labels, values, trend.kind)
                })?,
            };
            Ok(TrendView {
                id: trend.id,
                title: trend.title,
                explanation: trend.explanation,
                unit: trend.unit,
                chart,
                empty,
                values: labels
                    .iter()
                    .zip(values)
                    .map(|(l, v)| TrendValueView {
                        sprint: l.clone(),
                        value: v.map(Points),
                    })
                    .collect(),
            })
        })
        .collect()
}
