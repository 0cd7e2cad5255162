//! The data each page template receives (the theme contract, documented in `docs/themes.md`).
//!
//! Views are serialisable values built from the model and the computed figures: templates only
//! lay them out, they never compute. The sprint page and the part every page shares are typed
//! structs (nine pages in ten of a large site are sprint pages, and a typed view goes into
//! Tera's context in one pass); the few team, portfolio and free pages are `json!` values. Every value that comes from data stays a string here and is
//! escaped by Tera when rendered; only chart SVG and rendered Markdown are marked safe, through
//! the `safe` and `markdown` filters.

use std::cell::Cell;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use crate::charts::{self, TrendKind};
use crate::markdown::is_safe_url;
use crate::metrics::flow::FlowDay;
use crate::metrics::sprint::{
    AT_RISK_GAP, Health, ON_TRACK_GAP, ScopeChangeKind, SprintFigures, health,
};
use crate::metrics::velocity::VelocityRow;
use crate::metrics::{Capacity, Points, TeamFigures};
use crate::model::{
    BlockerStatus, Criterion, Date, Decision, FreePage, Gate, Item, ItemStatus, Level, Member,
    Progress, RiskStatus, Site, Sprint, SprintStatus, Task, Team,
};

/// A page to render: its output path (relative to the output root), its template and context.
#[derive(Debug)]
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Context,
    /// SVG charts drawn for this page, for the build summary.
    pub charts: usize,
    /// Time spent drawing them, for `build -v`.
    pub chart_time: Duration,
}

/// Adds up the time spent drawing a page's charts.
#[derive(Default)]
struct ChartClock(Cell<Duration>);

impl ChartClock {
    fn draw<T>(&self, chart: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let drawn = chart();
        self.0.set(self.0.get() + started.elapsed());
        drawn
    }
}

/// The header lists every team up to this many.
const NAV_TEAMS: usize = 12;

/// Relative prefix from a page at `depth` folders below the root back to the root.
fn root_prefix(depth: usize) -> String {
    "../".repeat(depth)
}

/// What every page receives.
#[derive(Serialize)]
struct CommonView<'a> {
    site: SiteView<'a>,
    root: String,
    page_title: &'a str,
    breadcrumbs: Vec<Crumb<'a>>,
    /// Every team in the header while they fit; with more, the header links to the portfolio
    /// (and listing them on each page would cost teams × pages).
    nav: Vec<NavTeam<'a>>,
    team_count: usize,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    as_of: Date,
    generator: &'static str,
}

/// One step of the breadcrumb trail; the current page has no URL.
#[derive(Serialize)]
struct Crumb<'a> {
    title: &'a str,
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct NavTeam<'a> {
    slug: &'a str,
    name: &'a str,
}

fn common<'a>(
    site: &'a Site,
    as_of: Date,
    depth: usize,
    title: &'a str,
    breadcrumbs: Vec<Crumb<'a>>,
) -> Context {
    let view = CommonView {
        site: SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            as_of,
            generator: concat!("sprintgen ", env!("CARGO_PKG_VERSION")),
        },
        root: root_prefix(depth),
        page_title: title,
        breadcrumbs,
        nav: if site.teams.len() <= NAV_TEAMS {
            site.teams
                .iter()
                .map(|t| NavTeam {
                    slug: &t.slug,
                    name: &t.config.name,
                })
                .collect()
        } else {
            Vec::new()
        },
        team_count: site.teams.len(),
    };
    Context::from_serialize(&view).unwrap_or_default()
}

/// The context of a page from its common part and its own values.
fn merge(mut context: Context, extra: Value) -> Context {
    if let Value::Object(extra) = extra {
        for (key, value) in extra {
            context.insert(key, &value);
        }
    }
    context
}

/// The small trend charts of a team page, each with its values for the table beside it.
fn trends(figures: &TeamFigures, labels: &[String], clock: &ChartClock) -> Vec<Value> {
    let started = |f: &SprintFigures| f.status != SprintStatus::Planned;
    let say_do: Vec<Option<f64>> = figures
        .velocity
        .rows
        .iter()
        .map(|r| r.say_do_percent.map(|p| p as f64))
        .collect();
    let carry_over: Vec<Option<f64>> = figures
        .sprints
        .iter()
        .map(|f| started(f).then(|| (f.total.0 - f.completed.0).max(0.0)))
        .collect();
    let scope_change: Vec<Option<f64>> = figures
        .sprints
        .iter()
        .map(|f| {
            (started(f) && !f.summary_form).then(|| f.scope_changes.iter().map(|c| c.delta.0).sum())
        })
        .collect();
    let throughput: Vec<Option<f64>> = figures
        .capacity
        .iter()
        .map(|c| c.points_per_person_day.map(|p| p.rounded()))
        .collect();
    [
        ("trend-say-do", "Say/do", "Completed ÷ committed, per sprint.", "%", say_do, TrendKind::Line),
        ("trend-carry-over", "Carry-over", "Points not completed by the end of the sprint (so far, for the active one).", "", carry_over, TrendKind::Bars),
        ("trend-scope", "Scope change", "Net points added (or removed) after the sprint started.", "", scope_change, TrendKind::Bars),
        ("trend-throughput", "Points per person-day", "Completed points ÷ (FTE × working days).", "", throughput, TrendKind::Line),
    ]
    .into_iter()
    .map(|(id, title, explanation, unit, values, kind)| {
        json!({
            "id": id,
            "title": title,
            "explanation": explanation,
            "unit": unit,
            "chart": clock.draw(|| charts::trend_chart(id, &format!("{title} per sprint"), unit, labels, &values, kind)),
            "values": labels.iter().zip(&values).map(|(l, v)| json!({ "sprint": l, "value": v.map(Points) })).collect::<Vec<_>>(),
        })
    })
    .collect()
}

/// Links to the free pages of a team (or of the site, for `None`), newest first, relative to
/// the team page (or the index), whose folder holds them.
fn page_links(pages: &[&FreePage], team: Option<&str>) -> Vec<Value> {
    let mut list: Vec<&&FreePage> = pages.iter().filter(|p| p.team.as_deref() == team).collect();
    list.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.front.title.cmp(&b.front.title))
    });
    list.iter()
        .map(|p| {
            json!({
                "title": p.front.title,
                "date": p.front.date,
                "description": p.front.description,
                "draft": p.front.draft,
                "url": format!("{}/index.html", p.slug),
            })
        })
        .collect()
}

/// The output path of a free page.
pub fn free_page_path(page: &FreePage) -> String {
    match &page.team {
        Some(team) => format!("{team}/{}/index.html", page.slug),
        None => format!("{}/index.html", page.slug),
    }
}

pub fn free_page(site: &Site, page: &FreePage, as_of: Date) -> Page {
    let depth = if page.team.is_some() { 2 } else { 1 };
    let team = page
        .team
        .as_deref()
        .and_then(|slug| site.teams.iter().find(|t| t.slug == slug));
    let mut breadcrumbs = Vec::new();
    if let Some(team) = team {
        breadcrumbs.push(Crumb {
            title: &team.config.name,
            url: Some("../index.html"),
        });
    }
    breadcrumbs.push(Crumb {
        title: &page.front.title,
        url: None,
    });
    Page {
        path: free_page_path(page),
        template: "page.html",
        context: merge(
            common(site, as_of, depth, &page.front.title, breadcrumbs),
            json!({
                "team": team.map(|t| json!({ "slug": t.slug, "name": t.config.name })),
                "page": {
                    "slug": page.slug,
                    "title": page.front.title,
                    "date": page.front.date,
                    "description": page.front.description,
                    "draft": page.front.draft,
                    "body": page.body,
                },
            }),
        ),
        charts: 0,
        chart_time: Duration::ZERO,
    }
}

#[derive(Serialize)]
struct HealthView {
    status: Health,
    gap_percent: i64,
}

fn health_view(figures: &SprintFigures) -> Option<HealthView> {
    health(figures).map(|(status, gap)| HealthView {
        status,
        gap_percent: (gap * 100.0).round() as i64,
    })
}

/// A link from the data, or `None` when it is not safe to publish (the page then shows the
/// title without a link; `check` reports it).
fn safe_link(link: Option<&toml::Spanned<String>>) -> Option<&str> {
    link.map(|l| l.get_ref().as_str())
        .filter(|l| is_safe_url(l))
}

/// The sprint a team's card and page lead with: the active one, else the next planned one,
/// else the last.
pub fn current_sprint_index(figures: &TeamFigures) -> Option<usize> {
    let find = |status| figures.sprints.iter().position(|f| f.status == status);
    find(SprintStatus::Active)
        .or_else(|| find(SprintStatus::Planned))
        .or_else(|| figures.sprints.len().checked_sub(1))
}

/// Working days left after the as-of date, up to the end of the sprint.
fn working_days_left(sprint: &Sprint, figures: &TeamFigures, as_of: Date) -> u32 {
    let end = *sprint.data.end.get_ref();
    let start = *sprint.data.start.get_ref();
    let from = if as_of < start { start } else { as_of.next() };
    figures.calendar.working_days_between(from, end)
}

pub fn index_page(site: &Site, pages: &[&FreePage], figures: &[TeamFigures], as_of: Date) -> Page {
    let clock = ChartClock::default();
    let cards: Vec<Value> = site
        .teams
        .iter()
        .zip(figures)
        .map(|(team, f)| {
            let current = current_sprint_index(f).map(|i| {
                let sprint = &team.sprints[i];
                let sf = &f.sprints[i];
                json!({
                    "number": sprint.data.number.get_ref(),
                    "title": sprint.data.title,
                    "slug": sprint.slug,
                    "status": sf.status,
                    "start": sprint.data.start.get_ref(),
                    "end": sprint.data.end.get_ref(),
                    "total": sf.total,
                    "completed": sf.completed,
                    "remaining": Points(sf.total.0 - sf.completed.0),
                    "percent_completed": sf.percent_completed,
                    "days_left": working_days_left(sprint, f, as_of),
                    "sparkline": clock.draw(|| charts::sparkline(sf, &format!("spark-{}", team.slug), &sprint.data.title)),
                    "health": health_view(sf),
                })
            });
            let last_closed = f.velocity.rows.iter().rev().find(|r| r.status == SprintStatus::Closed);
            json!({
                "slug": team.slug,
                "name": team.config.name,
                "description": team.config.description,
                "sprint_count": team.sprints.len(),
                "current": current,
                "last_say_do": last_closed.and_then(|r| r.say_do_percent),
                "last_closed_number": last_closed.map(|r| r.number),
                "average_velocity": f.velocity.average,
                "velocity_window": f.velocity.window,
            })
        })
        .collect();
    let charts = cards
        .iter()
        .filter(|c| c["current"]["sparkline"].is_string())
        .count();
    Page {
        path: "index.html".into(),
        template: "index.html",
        context: merge(
            common(site, as_of, 0, &site.config.title, Vec::new()),
            json!({
                "teams": cards,
                "pages": page_links(pages, None),
                "health_rule": {
                    "on_track_percent": (ON_TRACK_GAP * 100.0).round() as i64,
                    "at_risk_percent": (AT_RISK_GAP * 100.0).round() as i64,
                },
            }),
        ),
        charts,
        chart_time: clock.0.get(),
    }
}

/// The 404 page is served at any unknown URL, so relative links cannot work there: its links
/// start from `base_url` when the site has one.
pub fn not_found_page(site: &Site, as_of: Date) -> Page {
    let mut context = common(site, as_of, 0, "Page not found", Vec::new());
    context.insert(
        "root",
        &site
            .config
            .base_url
            .as_deref()
            .and_then(crate::publish::normalized_base_url)
            .unwrap_or_default(),
    );
    Page {
        path: "404.html".into(),
        template: "404.html",
        context,
        charts: 0,
        chart_time: Duration::ZERO,
    }
}

pub fn team_page(
    site: &Site,
    team: &Team,
    pages: &[&FreePage],
    figures: &TeamFigures,
    as_of: Date,
) -> Page {
    let labels: Vec<String> = team
        .sprints
        .iter()
        .map(|s| format!("S{}", s.data.number.get_ref()))
        .collect();
    let sprints: Vec<Value> = team
        .sprints
        .iter()
        .zip(&figures.sprints)
        .zip(&figures.velocity.rows)
        .map(|((s, f), v)| {
            json!({
                "number": s.data.number.get_ref(),
                "slug": s.slug,
                "title": s.data.title,
                "phase": s.data.phase,
                "start": s.data.start.get_ref(),
                "end": s.data.end.get_ref(),
                "status": f.status,
                "working_days": f.working_days,
                "committed": f.committed,
                "total": f.total,
                "completed": f.completed,
                "percent_completed": f.percent_completed,
                "say_do_percent": v.say_do_percent,
                "change_pp": v.change_pp,
                "rolling_average": v.rolling_average,
            })
        })
        .collect();
    let members: Vec<Value> = team
        .config
        .members
        .iter()
        .map(|m| json!({ "role": m.role, "count": m.count, "fte": Points(m.fte) }))
        .collect();
    let fte: f64 = team.config.members.iter().map(|m| m.fte).sum();
    let headcount: u32 = team.config.members.iter().map(|m| m.count).sum();
    let name = &team.config.name;
    let clock = ChartClock::default();
    let velocity_chart = clock.draw(|| charts::velocity_chart(&figures.velocity, &labels, name));
    let velocity_chart_drawn = velocity_chart.is_some();
    let trends = trends(figures, &labels, &clock);
    let trend_charts = trends.iter().filter(|t| t["chart"].is_string()).count();
    Page {
        path: format!("{}/index.html", team.slug),
        template: "team.html",
        context: merge(
            common(
                site,
                as_of,
                1,
                name,
                vec![Crumb {
                    title: name,
                    url: None,
                }],
            ),
            json!({
                "team": {
                    "slug": team.slug,
                    "name": name,
                    "description": team.config.description,
                    "members": members,
                    "headcount": headcount,
                    "fte": Points(fte),
                },
                "sprints": sprints,
                "pages": page_links(pages, Some(&team.slug)),
                "trends": trends,
                "capacity": team.sprints.iter().zip(&figures.capacity).map(|(s, c)| json!({
                    "number": s.data.number.get_ref(),
                    "fte": c.fte,
                    "working_days": c.working_days,
                    "person_days": c.person_days,
                    "points_per_person_day": c.points_per_person_day,
                })).collect::<Vec<_>>(),
                "current_index": current_sprint_index(figures),
                "velocity": {
                    "window": figures.velocity.window,
                    "average": figures.velocity.average,
                    "average_of": figures.velocity.average_of,
                    "chart": velocity_chart,
                },
                "forecast": {
                    "backlog": figures.backlog,
                    "history": figures.history.iter().map(|v| Points(*v)).collect::<Vec<_>>(),
                    "min_history": crate::metrics::forecast::MIN_HISTORY,
                    "result": figures.forecast,
                },
            }),
        ),
        charts: usize::from(velocity_chart_drawn) + trend_charts,
        chart_time: clock.0.get(),
    }
}

pub fn sprint_page(
    site: &Site,
    team: &Team,
    figures: &TeamFigures,
    index: usize,
    as_of: Date,
) -> Page {
    let sprint = &team.sprints[index];
    let f = &figures.sprints[index];
    let data = &sprint.data;
    let start = *data.start.get_ref();
    let end = *data.end.get_ref();
    let title = format!("Sprint {}: {}", data.number.get_ref(), data.title);
    let item_index = |id: &str| data.items.iter().position(|i| i.id.get_ref() == id);
    let item_title = |id: &str| item_index(id).map(|n| data.items[n].title.as_str());
    // Each item once as a Tera value, shared (reference-counted) by the backlog and the lists.
    let items: Vec<tera::Value> = data
        .items
        .iter()
        .map(|i| {
            tera::Value::try_from_serializable(&item_view(i, start, f))
                .unwrap_or_else(|_| tera::Value::from(()))
        })
        .collect();
    let list = |ids: &[String]| -> Vec<tera::Value> {
        ids.iter()
            .filter_map(|id| item_index(id))
            .map(|n| items[n].clone())
            .collect()
    };
    let working_day_number = |date: Date| -> Option<u32> {
        figures
            .calendar
            .is_working(date)
            .then(|| figures.calendar.working_days_between(start, date))
    };
    let elapsed = match f.status {
        SprintStatus::Planned => 0,
        SprintStatus::Closed => f.working_days,
        SprintStatus::Active => figures.calendar.working_days_between(start, as_of.min(end)),
    };

    let standups: Vec<StandupView> = data
        .standups
        .iter()
        .map(|s| {
            let date = *s.date.get_ref();
            StandupView {
                date,
                weekday: date.weekday_name(),
                day: working_day_number(date),
                title: s.title.as_deref(),
                planned: &s.planned,
                completed: &s.completed,
                blockers: &s.blockers,
                next: &s.next,
                notes: &s.notes,
            }
        })
        .collect();
    let days: Vec<DayView> = f
        .days
        .iter()
        .map(|d| DayView {
            date: d.date,
            weekday: d.date.weekday_name(),
            working: d.working,
            ideal: d.ideal,
            remaining: d.actual.map(|a| a.remaining),
            completed: d.actual.map(|a| a.completed),
            scope: d.actual.map(|a| a.scope),
        })
        .collect();
    let added: f64 = f
        .scope_changes
        .iter()
        .filter(|c| c.kind != ScopeChangeKind::Removed && c.delta.0 > 0.0)
        .map(|c| c.delta.0)
        .sum();
    let removed: f64 = f
        .scope_changes
        .iter()
        .filter(|c| c.delta.0 < 0.0)
        .map(|c| -c.delta.0)
        .sum();

    let team_name = &team.config.name;
    let clock = ChartClock::default();
    let charts::SprintCharts {
        burndown,
        burnup,
        flow: flow_chart,
    } = clock.draw(|| charts::sprint_charts(f, figures.flows[index].as_ref(), &title));
    let chart_count = usize::from(burndown.is_some())
        + usize::from(burnup.is_some())
        + usize::from(flow_chart.is_some());
    let crumb = format!("Sprint {}", data.number.get_ref());
    let mut context = common(
        site,
        as_of,
        2,
        &title,
        vec![
            Crumb {
                title: team_name,
                url: Some("../index.html"),
            },
            Crumb {
                title: &crumb,
                url: None,
            },
        ],
    );
    let view = SprintPageView {
        team: SprintTeamView {
            slug: &team.slug,
            name: team_name,
            members: &team.config.members,
            headcount: team.config.members.iter().map(|m| m.count).sum(),
            fte: Points(team.config.members.iter().map(|m| m.fte).sum()),
        },
        sprint: SprintView {
            number: *data.number.get_ref(),
            slug: &sprint.slug,
            title: &data.title,
            phase: data.phase.as_deref(),
            summary: data.summary.as_deref(),
            start,
            start_weekday: start.weekday_name(),
            end,
            end_weekday: end.weekday_name(),
            calendar_days: start.days_until(end) + 1,
            updated: data.updated,
            status: f.status,
            working_days: f.working_days,
            elapsed_working_days: elapsed,
            summary_form: f.summary_form,
        },
        figures: FiguresView {
            committed: f.committed,
            total: f.total,
            completed: f.completed,
            in_progress: f.in_progress,
            not_started: f.not_started,
            remaining: Points(f.total.0 - f.completed.0),
            percent_completed: f.percent_completed,
            percent_in_progress: f.percent_in_progress,
            percent_not_started: f.percent_not_started,
            say_do_percent: f.say_do.map(|r| (r * 100.0).round() as i64),
            scope_added: Points(added),
            scope_removed: Points(removed),
            scope_increase_percent: crate::metrics::percent(added, f.committed.0),
            scope_net: (added - removed != 0.0).then(|| Points(added - removed).signed()),
        },
        charts: SprintChartsView { burndown, burnup },
        goals: data
            .goals
            .iter()
            .zip(&f.goals)
            .map(|(g, &status)| GoalView {
                title: &g.title,
                detail: g.detail.as_deref(),
                critical: g.critical,
                status,
                items: g.items.iter().map(|i| i.get_ref().as_str()).collect(),
            })
            .collect(),
        criteria: &data.criteria,
        criteria_done: data.criteria.iter().filter(|c| c.done).count(),
        scope_changes: f
            .scope_changes
            .iter()
            .map(|c| ScopeChangeView {
                date: c.date,
                item: &c.item,
                title: item_title(&c.item),
                kind: c.kind,
                delta: c.delta,
                signed_delta: c.delta.signed(),
            })
            .collect(),
        deliverables: data
            .deliverables
            .iter()
            .map(|d| DeliverableView {
                name: &d.name,
                status: d.status,
                notes: d.notes.as_deref(),
                link: safe_link(d.link.as_ref()),
            })
            .collect(),
        risks: data
            .risks
            .iter()
            .enumerate()
            .map(|(n, r)| RiskView {
                number: n + 1,
                title: &r.title,
                likelihood: r.likelihood,
                impact: r.impact,
                severity: severity(r.likelihood, r.impact),
                mitigation: r.mitigation.as_deref(),
                status: r.status,
            })
            .collect(),
        risk_matrix: risk_matrix(&data.risks),
        blockers: data
            .blockers
            .iter()
            .map(|b| {
                let raised = b.raised_on.as_ref().map(|d| *d.get_ref());
                let until = b.resolved_on.as_ref().map_or(as_of, |d| *d.get_ref());
                BlockerView {
                    title: &b.title,
                    impact: b.impact,
                    owner: b.owner.as_deref(),
                    status: b.status,
                    resolution: b.resolution.as_deref(),
                    raised_on: raised,
                    age_working_days: raised
                        .map(|r| figures.calendar.working_days_between(r, until)),
                }
            })
            .collect(),
        health: health_view(f),
        capacity: figures.capacity[index],
        flow: figures.flows[index].as_ref().map(|flow| FlowView {
            chart: flow_chart,
            days: &flow.days,
            median_cycle_time: flow.median_cycle_time.map(Points),
            cycle_times: flow
                .cycle_times
                .iter()
                .map(|c| CycleTimeView {
                    item: &c.item,
                    title: item_title(&c.item),
                    started_on: c.started_on,
                    done_on: c.done_on,
                    working_days: c.working_days,
                })
                .collect(),
        }),
        schedule: data
            .schedule
            .iter()
            .map(|e| {
                let date = *e.date.get_ref();
                ScheduleView {
                    date,
                    weekday: date.weekday_name(),
                    week: start.days_until(date).div_euclid(7) + 1,
                    activities: &e.activities,
                    owner: e.owner.as_deref(),
                    status: e.status,
                }
            })
            .collect(),
        decisions: &data.decisions,
        lessons: &data.lessons,
        shoutouts: &data.shoutouts,
        gates: &data.gates,
        references: data
            .references
            .iter()
            .map(|r| ReferenceView {
                title: &r.title,
                url: safe_link(r.url.as_ref()),
            })
            .collect(),
        velocity: &figures.velocity.rows[..=index],
        velocity_average: figures.velocity.average,
        velocity_window: figures.velocity.window,
        next_sprint: team.sprints.get(index + 1).map(|n| NextSprintView {
            number: *n.data.number.get_ref(),
            title: &n.data.title,
            slug: &n.slug,
            start: *n.data.start.get_ref(),
            end: *n.data.end.get_ref(),
            total: figures.sprints[index + 1].total,
            items: n
                .data
                .items
                .iter()
                .filter(|i| *i.status.get_ref() != ItemStatus::Removed)
                .map(|i| NextItemView {
                    id: i.id.get_ref(),
                    title: &i.title,
                    points: Points(*i.points.get_ref()),
                })
                .collect(),
        }),
        previous_sprint: index.checked_sub(1).map(|p| {
            let s = &team.sprints[p];
            SprintLinkView {
                number: *s.data.number.get_ref(),
                title: &s.data.title,
                slug: &s.slug,
            }
        }),
        days,
        standups,
        epics: epics(&data.items, &items),
        lists: ListsView {
            completed: list(&f.lists.completed),
            not_completed: list(&f.lists.not_completed),
            removed: list(&f.lists.removed),
            added: list(&f.lists.added),
            completed_outside: list(&f.lists.completed_outside),
        },
    };
    context.extend(Context::from_serialize(&view).unwrap_or_default());
    Page {
        path: format!("{}/{}/index.html", team.slug, sprint.slug),
        template: "sprint.html",
        context,
        charts: chart_count,
        chart_time: clock.0.get(),
    }
}

/// The sprint page's own values (docs/themes.md), beside [`CommonView`]. Typed rather than
/// built as JSON: nine pages in ten of a large site are sprint pages, and a typed view goes
/// into Tera's context in one pass.
#[derive(Serialize)]
struct SprintPageView<'a> {
    team: SprintTeamView<'a>,
    sprint: SprintView<'a>,
    figures: FiguresView,
    charts: SprintChartsView,
    goals: Vec<GoalView<'a>>,
    criteria: &'a [Criterion],
    criteria_done: usize,
    scope_changes: Vec<ScopeChangeView<'a>>,
    deliverables: Vec<DeliverableView<'a>>,
    risks: Vec<RiskView<'a>>,
    risk_matrix: Vec<RiskRow>,
    blockers: Vec<BlockerView<'a>>,
    health: Option<HealthView>,
    capacity: Capacity,
    flow: Option<FlowView<'a>>,
    schedule: Vec<ScheduleView<'a>>,
    decisions: &'a [Decision],
    lessons: &'a [String],
    shoutouts: &'a [String],
    gates: &'a [Gate],
    references: Vec<ReferenceView<'a>>,
    /// The velocity rows up to this sprint.
    velocity: &'a [VelocityRow],
    velocity_average: Option<Points>,
    velocity_window: usize,
    next_sprint: Option<NextSprintView<'a>>,
    previous_sprint: Option<SprintLinkView<'a>>,
    days: Vec<DayView>,
    standups: Vec<StandupView<'a>>,
    epics: Vec<EpicView<'a>>,
    lists: ListsView,
}

#[derive(Serialize)]
struct SprintTeamView<'a> {
    slug: &'a str,
    name: &'a str,
    members: &'a [Member],
    headcount: u32,
    fte: Points,
}

#[derive(Serialize)]
struct SprintView<'a> {
    number: u32,
    slug: &'a str,
    title: &'a str,
    phase: Option<&'a str>,
    summary: Option<&'a str>,
    start: Date,
    start_weekday: &'static str,
    end: Date,
    end_weekday: &'static str,
    calendar_days: i64,
    updated: Option<Date>,
    status: SprintStatus,
    working_days: u32,
    elapsed_working_days: u32,
    summary_form: bool,
}

#[derive(Serialize)]
struct FiguresView {
    committed: Points,
    total: Points,
    completed: Points,
    in_progress: Points,
    not_started: Points,
    remaining: Points,
    percent_completed: u32,
    percent_in_progress: u32,
    percent_not_started: u32,
    say_do_percent: Option<i64>,
    scope_added: Points,
    scope_removed: Points,
    scope_increase_percent: u32,
    /// Net scope change with its sign ("+3"), or `None` when there was none.
    scope_net: Option<String>,
}

#[derive(Serialize)]
struct SprintChartsView {
    burndown: Option<String>,
    burnup: Option<String>,
}

#[derive(Serialize)]
struct GoalView<'a> {
    title: &'a str,
    detail: Option<&'a str>,
    critical: bool,
    status: Progress,
    items: Vec<&'a str>,
}

#[derive(Serialize)]
struct ScopeChangeView<'a> {
    date: Date,
    item: &'a str,
    title: Option<&'a str>,
    kind: ScopeChangeKind,
    delta: Points,
    signed_delta: String,
}

#[derive(Serialize)]
struct DeliverableView<'a> {
    name: &'a str,
    status: Progress,
    notes: Option<&'a str>,
    link: Option<&'a str>,
}

#[derive(Serialize)]
struct RiskView<'a> {
    number: usize,
    title: &'a str,
    likelihood: Level,
    impact: Level,
    severity: &'static str,
    mitigation: Option<&'a str>,
    status: RiskStatus,
}

#[derive(Serialize)]
struct BlockerView<'a> {
    title: &'a str,
    impact: Option<Level>,
    owner: Option<&'a str>,
    status: BlockerStatus,
    resolution: Option<&'a str>,
    raised_on: Option<Date>,
    age_working_days: Option<u32>,
}

#[derive(Serialize)]
struct FlowView<'a> {
    chart: Option<String>,
    days: &'a [FlowDay],
    median_cycle_time: Option<Points>,
    cycle_times: Vec<CycleTimeView<'a>>,
}

#[derive(Serialize)]
struct CycleTimeView<'a> {
    item: &'a str,
    title: Option<&'a str>,
    started_on: Date,
    done_on: Date,
    working_days: u32,
}

#[derive(Serialize)]
struct ScheduleView<'a> {
    date: Date,
    weekday: &'static str,
    /// The week of the sprint, from 1.
    week: i64,
    activities: &'a [String],
    owner: Option<&'a str>,
    status: Progress,
}

#[derive(Serialize)]
struct ReferenceView<'a> {
    title: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct NextSprintView<'a> {
    number: u32,
    title: &'a str,
    slug: &'a str,
    start: Date,
    end: Date,
    total: Points,
    items: Vec<NextItemView<'a>>,
}

#[derive(Serialize)]
struct NextItemView<'a> {
    id: &'a str,
    title: &'a str,
    points: Points,
}

#[derive(Serialize)]
struct SprintLinkView<'a> {
    number: u32,
    title: &'a str,
    slug: &'a str,
}

/// A backlog item as the templates see it (docs/themes.md, `epics[].items`). A sprint page
/// shows every item twice (backlog and lists), its largest part: each is converted into a
/// Tera value once and shared.
#[derive(Serialize)]
struct ItemView<'a> {
    id: &'a str,
    title: &'a str,
    epic: Option<&'a str>,
    points: Points,
    original_points: Points,
    reestimated: bool,
    owner: Option<&'a str>,
    status: ItemStatus,
    done_on: Option<Date>,
    added_on: Option<Date>,
    removed_on: Option<Date>,
    added_after_start: bool,
    carried_from: Option<u32>,
    notes: Option<&'a str>,
    tasks: &'a [Task],
    tasks_done: usize,
}

fn item_view<'a>(item: &'a Item, start: Date, f: &SprintFigures) -> ItemView<'a> {
    let date = |d: &Option<toml::Spanned<Date>>| d.as_ref().map(|d| *d.get_ref());
    ItemView {
        id: item.id.get_ref(),
        title: &item.title,
        epic: item.epic.as_deref(),
        points: Points(crate::metrics::sprint::points_on(
            item,
            f.days.last().map_or(start, |d| d.date),
        )),
        original_points: Points(*item.points.get_ref()),
        reestimated: !item.estimates.is_empty(),
        owner: item.owner.as_deref(),
        status: *item.status.get_ref(),
        done_on: date(&item.done_on),
        added_on: date(&item.added_on),
        removed_on: date(&item.removed_on),
        added_after_start: date(&item.added_on).is_some_and(|a| a > start),
        carried_from: item.carried_from,
        notes: item.notes.as_deref(),
        tasks: &item.tasks,
        tasks_done: item.tasks.iter().filter(|t| t.done).count(),
    }
}

#[derive(Serialize)]
struct EpicView<'a> {
    name: &'a str,
    points: Points,
    status: Progress,
    /// [`ItemView`]s.
    items: Vec<tera::Value>,
}

/// Items grouped by epic in order of first appearance, each group with its points and status;
/// `values` are the items as Tera values, in the same order.
fn epics<'a>(items: &'a [Item], values: &[tera::Value]) -> Vec<EpicView<'a>> {
    let mut order: Vec<Option<&str>> = Vec::new();
    for item in items {
        let epic = item.epic.as_deref();
        if !order.contains(&epic) {
            order.push(epic);
        }
    }
    order
        .into_iter()
        .map(|epic| {
            let (members, member_values): (Vec<&Item>, Vec<tera::Value>) = items
                .iter()
                .zip(values)
                .filter(|(i, _)| i.epic.as_deref() == epic)
                .map(|(i, v)| (i, v.clone()))
                .unzip();
            let active: Vec<&&Item> = members
                .iter()
                .filter(|i| *i.status.get_ref() != ItemStatus::Removed)
                .collect();
            let status = if !active.is_empty()
                && active
                    .iter()
                    .all(|i| *i.status.get_ref() == ItemStatus::Done)
            {
                Progress::Done
            } else if active.iter().any(|i| {
                matches!(
                    i.status.get_ref(),
                    ItemStatus::Done | ItemStatus::InProgress
                )
            }) {
                Progress::InProgress
            } else {
                Progress::NotStarted
            };
            EpicView {
                name: epic.unwrap_or("Other items"),
                points: Points(active.iter().map(|i| *i.points.get_ref()).sum()),
                status,
                items: member_values,
            }
        })
        .collect()
}

/// The Jira sprint-report lists, each of [`ItemView`]s.
#[derive(Serialize)]
struct ListsView {
    completed: Vec<tera::Value>,
    not_completed: Vec<tera::Value>,
    removed: Vec<tera::Value>,
    added: Vec<tera::Value>,
    completed_outside: Vec<tera::Value>,
}

#[derive(Serialize)]
struct DayView {
    date: Date,
    weekday: &'static str,
    working: bool,
    ideal: Points,
    remaining: Option<Points>,
    completed: Option<Points>,
    scope: Option<Points>,
}

#[derive(Serialize)]
struct StandupView<'a> {
    date: Date,
    weekday: &'static str,
    /// The working-day number within the sprint.
    day: Option<u32>,
    title: Option<&'a str>,
    planned: &'a [String],
    completed: &'a [String],
    blockers: &'a [String],
    next: &'a [String],
    notes: &'a [String],
}

/// Likelihood × impact, both scored 1–3: 6 or more is high, 3–4 medium, below low.
fn severity(likelihood: Level, impact: Level) -> &'static str {
    let score = (likelihood as u8 + 1) * (impact as u8 + 1);
    match score {
        6.. => "high",
        3..=5 => "medium",
        _ => "low",
    }
}

#[derive(Serialize)]
struct RiskRow {
    likelihood: Level,
    cells: Vec<RiskCell>,
}

#[derive(Serialize)]
struct RiskCell {
    impact: Level,
    severity: &'static str,
    /// The numbers of the risks in this cell.
    risks: Vec<usize>,
}

/// Rows from high to low likelihood, columns from low to high impact; each cell lists the
/// numbers of the risks in it.
fn risk_matrix(risks: &[crate::model::Risk]) -> Vec<RiskRow> {
    let levels = [Level::High, Level::Medium, Level::Low];
    levels
        .iter()
        .map(|&likelihood| RiskRow {
            likelihood,
            cells: levels
                .iter()
                .rev()
                .map(|&impact| RiskCell {
                    impact,
                    severity: severity(likelihood, impact),
                    risks: risks
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.likelihood == likelihood && r.impact == impact)
                        .map(|(n, _)| n + 1)
                        .collect(),
                })
                .collect(),
        })
        .collect()
}
