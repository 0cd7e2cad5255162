//! `<team>/<sprint>/index.html`: the full report, built section by section. Each builder fills
//! the part of [`SprintPageView`] that one section of the template shows.

use std::collections::HashMap;

use super::contract::{
    BlockerView, Crumb, CycleTimeView, DayView, DeliverableView, EpicView, FiguresView, FlowView,
    GoalItemView, GoalView, ItemView, ListsView, NextItemView, NextSprintView, ReferenceView,
    RiskCell, RiskRow, RiskView, ScheduleView, ScopeChangeView, SprintChartsView, SprintLinkView,
    SprintPageView, SprintSectionsView, SprintTeamView, SprintView, StandupView, StatusChangeView,
    UnitView,
};
use super::headline::SprintHeadline;
use super::preview::{preview, sprint_card};
use super::{ChartClock, Page, common, context, health_view};
use crate::charts::{self, Chart, SprintCharts};
use crate::diagnostics::Diagnostic;
use crate::markdown::is_safe_url;
use crate::metrics::risk::severity;
use crate::metrics::sprint::{EpicFigures, SprintFigures, elapsed_working_days};
use crate::metrics::{Points, TeamFigures, whole_percent};
use crate::model::paths::sprint_page as sprint_page_path;
use crate::model::{
    Date, Item, ItemStatus, Level, Risk, Section, Site, Sprint, Team, ThemeConfig, Unit,
};

/// What every section builder reads: the sprint, its team and their figures.
struct Report<'a> {
    site: &'a Site,
    team: &'a Team,
    theme: &'a ThemeConfig,
    unit: Unit,
    figures: &'a TeamFigures,
    index: usize,
    sprint: &'a Sprint,
    f: &'a SprintFigures,
    start: Date,
    as_of: Date,
    /// Item positions by id, for the lists and scope changes that name items.
    positions: HashMap<&'a str, usize>,
}

pub fn sprint_page(
    site: &Site,
    team: &Team,
    figures: &TeamFigures,
    index: usize,
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let sprint = &team.sprints[index];
    let data = &sprint.data;
    let mut positions = HashMap::with_capacity(data.items.len());
    for (n, item) in data.items.iter().enumerate() {
        positions.entry(item.id.get_ref().as_str()).or_insert(n);
    }
    let report = Report {
        site,
        team,
        theme: &site.theme,
        unit: figures.unit,
        figures,
        index,
        sprint,
        f: &figures.sprints[index],
        start: *data.start.get_ref(),
        as_of,
        positions,
    };
    let path = sprint_page_path(&team.slug, &sprint.slug);
    let title = format!("Sprint {}: {}", data.number.get_ref(), data.title);
    let clock = ChartClock::default();
    let charts = clock.draw(|| {
        charts::sprint_charts(
            report.f,
            figures.flows[index].as_ref(),
            &title,
            figures.unit,
        )
    })?;
    let view = report.view(charts, &path)?;
    let crumb = format!("Sprint {}", data.number.get_ref());
    let crumbs = vec![
        Crumb {
            title: &team.config.name,
            url: Some("../index.html"),
        },
        Crumb {
            title: &crumb,
            url: None,
        },
    ];
    let mut common = common(site, as_of, 2, &title, crumbs);
    let card = sprint_card(site, team, figures, index);
    let preview_title = format!("{title} · {}", team.config.name);
    common.preview = Some(preview(
        site,
        &path,
        preview_title,
        &view.headline.text,
        card,
    ));
    let context = context(&path, &common, &view)?;
    Ok(clock.page(path, "sprint.html", context))
}

impl<'a> Report<'a> {
    /// The page's values, section by section.
    fn view(&self, charts: SprintCharts, path: &str) -> Result<SprintPageView<'a>, Diagnostic> {
        let data = &self.sprint.data;
        let (items, lists) = self.backlog(path)?;
        Ok(SprintPageView {
            headline: SprintHeadline {
                sprint: self.sprint,
                figures: self.f,
                team: self.figures,
                link: "",
            }
            .view(),
            team: self.team_view(),
            unit: UnitView::of(self.unit),
            show: self.sections(),
            sprint: self.header(),
            figures: self.figures_view(),
            charts: SprintChartsView {
                burndown: charts.burndown,
                burnup: charts.burnup,
            },
            goals: self.goals(),
            criteria: &data.criteria,
            criteria_done: data.criteria.iter().filter(|c| c.done).count(),
            scope_changes: self.scope_changes(),
            deliverables: self.deliverables(),
            risks: risks(&data.risks),
            risk_matrix: risk_matrix(&data.risks),
            blockers: self.blockers(),
            health: health_view(self.f),
            capacity: self.figures.capacity[self.index],
            flow: self.flow(charts.flow),
            schedule: self.schedule(),
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
            velocity: &self.figures.velocity.rows[..=self.index],
            velocity_average: self.figures.velocity.average,
            velocity_window: self.figures.velocity.window,
            next_sprint: self.next_sprint(),
            previous_sprint: self.previous_sprint(),
            days: self.days(),
            standups: self.standups(),
            epics: epics(&self.f.epics, &items),
            lists,
        })
    }

    /// The sections with something to show, and those the theme shows anyway.
    fn sections(&self) -> SprintSectionsView {
        let data = &self.sprint.data;
        let f = self.f;
        let show = |section, has_data| self.theme.shows(section, has_data);
        SprintSectionsView {
            goals: show(
                Section::Goals,
                !data.goals.is_empty() || !data.criteria.is_empty(),
            ),
            criteria: show(Section::Criteria, !data.criteria.is_empty()),
            standups: show(Section::Standups, !data.standups.is_empty()),
            backlog: show(Section::Backlog, !data.items.is_empty() || f.summary_form),
            deliverables: show(Section::Deliverables, !data.deliverables.is_empty()),
            risks: show(Section::Risks, !data.risks.is_empty()),
            blockers: show(Section::Blockers, !data.blockers.is_empty()),
            schedule: show(Section::Schedule, !data.schedule.is_empty()),
            notes: show(
                Section::Notes,
                !data.decisions.is_empty()
                    || !data.lessons.is_empty()
                    || !data.shoutouts.is_empty(),
            ),
            gates: show(Section::Gates, !data.gates.is_empty()),
            next: show(
                Section::Next,
                self.team.sprints.get(self.index + 1).is_some(),
            ),
            references: show(Section::References, !data.references.is_empty()),
        }
    }

    fn item(&self, id: &str) -> Option<&'a Item> {
        let items: &'a [Item] = &self.sprint.data.items;
        self.positions.get(id).map(|&n| &items[n])
    }

    fn item_title(&self, id: &str) -> Option<&'a str> {
        self.item(id).map(|i| i.title.as_str())
    }

    /// Where the item with this id opens in the tracker.
    fn item_link(&self, id: &str) -> Option<String> {
        self.item(id)
            .and_then(|item| self.site.item_link(self.team, item))
    }

    fn team_view(&self) -> SprintTeamView<'a> {
        let config = &self.team.config;
        SprintTeamView {
            slug: &self.team.slug,
            name: &config.name,
            members: &config.members,
            headcount: config.headcount(),
            fte: Points(config.fte()),
        }
    }

    /// The header: title, dates, status and working days.
    fn header(&self) -> SprintView<'a> {
        let (data, f, start) = (&self.sprint.data, self.f, self.start);
        let end = *data.end.get_ref();
        SprintView {
            number: *data.number.get_ref(),
            slug: &self.sprint.slug,
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
            elapsed_working_days: elapsed_working_days(&self.figures.calendar, start, f),
            summary_form: f.summary_form,
        }
    }

    /// Progress and scope-change totals.
    fn figures_view(&self) -> FiguresView {
        let f = self.f;
        FiguresView {
            committed: f.committed,
            total: f.total,
            completed: f.completed,
            in_progress: f.in_progress,
            not_started: f.not_started,
            remaining: f.remaining,
            percent_completed: f.percent_completed,
            percent_in_progress: f.percent_in_progress,
            percent_not_started: f.percent_not_started,
            say_do_percent: f.say_do.map(whole_percent),
            scope_added: f.scope.added,
            scope_removed: f.scope.removed,
            scope_increase_percent: f.scope.increase_percent,
            scope_net: f.scope.net.map(Points::signed),
        }
    }

    fn goals(&self) -> Vec<GoalView<'a>> {
        let data = &self.sprint.data;
        data.goals
            .iter()
            .zip(&self.f.goals)
            .map(|(g, &status)| GoalView {
                title: &g.title,
                detail: g.detail.as_deref(),
                critical: g.critical,
                status,
                items: g
                    .items
                    .iter()
                    .map(|i| GoalItemView {
                        id: i.get_ref(),
                        url: self.item_link(i.get_ref()),
                    })
                    .collect(),
            })
            .collect()
    }

    fn scope_changes(&self) -> Vec<ScopeChangeView<'a>> {
        self.f
            .scope_changes
            .iter()
            .map(|c| ScopeChangeView {
                date: c.date,
                item: &c.item,
                title: self.item_title(&c.item),
                url: self.item_link(&c.item),
                kind: c.kind,
                delta: c.delta,
                signed_delta: c.delta.signed(),
            })
            .collect()
    }

    fn deliverables(&self) -> Vec<DeliverableView<'a>> {
        let data = &self.sprint.data;
        data.deliverables
            .iter()
            .map(|d| DeliverableView {
                name: &d.name,
                status: d.status,
                notes: d.notes.as_deref(),
                link: safe_link(d.link.as_ref()),
            })
            .collect()
    }

    /// Blockers with their age in working days, up to their resolution or the as-of date.
    fn blockers(&self) -> Vec<BlockerView<'a>> {
        let data = &self.sprint.data;
        data.blockers
            .iter()
            .map(|b| {
                let raised = b.raised_on.as_ref().map(|d| *d.get_ref());
                let until = b.resolved_on.as_ref().map_or(self.as_of, |d| *d.get_ref());
                BlockerView {
                    title: &b.title,
                    impact: b.impact,
                    owner: b.owner.as_deref(),
                    status: b.status,
                    resolution: b.resolution.as_deref(),
                    raised_on: raised,
                    age_working_days: raised
                        .map(|r| self.figures.calendar.working_days_between(r, until)),
                }
            })
            .collect()
    }

    fn flow(&self, chart: Option<Chart>) -> Option<FlowView<'a>> {
        let flow = self.figures.flows[self.index].as_ref()?;
        Some(FlowView {
            chart,
            days: &flow.days,
            median_cycle_time: flow.median_cycle_time.map(Points),
            cycle_times: flow
                .cycle_times
                .iter()
                .map(|c| CycleTimeView {
                    item: &c.item,
                    title: self.item_title(&c.item),
                    url: self.item_link(&c.item),
                    started_on: c.started_on,
                    done_on: c.done_on,
                    working_days: c.working_days,
                })
                .collect(),
        })
    }

    fn schedule(&self) -> Vec<ScheduleView<'a>> {
        let data = &self.sprint.data;
        data.schedule
            .iter()
            .map(|e| {
                let date = *e.date.get_ref();
                ScheduleView {
                    date,
                    weekday: date.weekday_name(),
                    week: self.start.days_until(date).div_euclid(7) + 1,
                    activities: &e.activities,
                    owner: e.owner.as_deref(),
                    status: e.status,
                }
            })
            .collect()
    }

    /// The next sprint's preview: its stories at their sizes in its figures, those already
    /// done marked as such.
    fn next_sprint(&self) -> Option<NextSprintView<'a>> {
        let next = self.team.sprints.get(self.index + 1)?;
        let figures = &self.figures.sprints[self.index + 1];
        let items: Vec<NextItemView<'a>> = next
            .data
            .items
            .iter()
            .zip(&figures.item_sizes)
            .filter(|(i, _)| *i.status.get_ref() != ItemStatus::Removed)
            .map(|(i, &points)| NextItemView {
                id: i.id.get_ref(),
                title: &i.title,
                url: self.site.item_link(self.team, i),
                points,
                done_on: (*i.status.get_ref() == ItemStatus::Done)
                    .then(|| i.done_on.as_ref().map(|d| *d.get_ref()))
                    .flatten(),
            })
            .collect();
        Some(NextSprintView {
            number: *next.data.number.get_ref(),
            title: &next.data.title,
            slug: &next.slug,
            start: *next.data.start.get_ref(),
            end: *next.data.end.get_ref(),
            total: figures.total,
            done: items.iter().filter(|i| i.done_on.is_some()).count(),
            items,
        })
    }

    fn previous_sprint(&self) -> Option<SprintLinkView<'a>> {
        let previous = &self.team.sprints[self.index.checked_sub(1)?];
        Some(SprintLinkView {
            number: *previous.data.number.get_ref(),
            title: &previous.data.title,
            slug: &previous.slug,
        })
    }

    /// The burndown's table: each calendar day's ideal and actual values.
    fn days(&self) -> Vec<DayView> {
        self.f
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
            .collect()
    }

    /// The stand-up log, each entry with its working-day number in the sprint.
    fn standups(&self) -> Vec<StandupView<'a>> {
        let calendar = &self.figures.calendar;
        let data = &self.sprint.data;
        data.standups
            .iter()
            .map(|s| {
                let date = *s.date.get_ref();
                StandupView {
                    date,
                    weekday: date.weekday_name(),
                    day: calendar
                        .is_working(date)
                        .then(|| calendar.working_days_between(self.start, date)),
                    title: s.title.as_deref(),
                    planned: &s.planned,
                    completed: &s.completed,
                    blockers: &s.blockers,
                    next: &s.next,
                    notes: &s.notes,
                }
            })
            .collect()
    }

    /// Every item once as a Tera value, shared (reference-counted) by the backlog and Jira's
    /// lists, which show each item again: a sprint page's largest part.
    fn backlog(&self, path: &str) -> Result<(Vec<tera::Value>, ListsView), Diagnostic> {
        let data = &self.sprint.data;
        let items: Vec<tera::Value> = data
            .items
            .iter()
            .zip(&self.f.item_sizes)
            .map(|(i, &size)| {
                let mut view = item_view(i, size, self.start, self.unit);
                view.url = self.site.item_link(self.team, i);
                tera::Value::try_from_serializable(&view).map_err(|e| {
                    Diagnostic::error(format!("cannot prepare the page `{path}`: {e}"))
                })
            })
            .collect::<Result<_, _>>()?;
        let list = |ids: &[String]| -> Vec<tera::Value> {
            ids.iter()
                .filter_map(|id| self.positions.get(id.as_str()))
                .map(|&n| items[n].clone())
                .collect()
        };
        let lists = &self.f.lists;
        let lists = ListsView {
            completed: list(&lists.completed),
            not_completed: list(&lists.not_completed),
            removed: list(&lists.removed),
            added: list(&lists.added),
            completed_outside: list(&lists.completed_outside),
        };
        Ok((items, lists))
    }
}

/// A backlog item as the templates see it, with its size on the sprint's last reported day.
fn item_view(item: &Item, size: Points, start: Date, unit: Unit) -> ItemView<'_> {
    let date = |d: &Option<toml::Spanned<Date>>| d.as_ref().map(|d| *d.get_ref());
    let issues = unit == Unit::Issues;
    ItemView {
        id: item.id.get_ref(),
        title: &item.title,
        url: None,
        epic: item.epic.as_deref(),
        points: size,
        original_points: Points(if issues { 1.0 } else { *item.points.get_ref() }),
        reestimated: !issues && !item.estimates.is_empty(),
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
        history: item
            .history
            .iter()
            .map(|c| StatusChangeView {
                on: *c.on.get_ref(),
                status: *c.status.get_ref(),
            })
            .collect(),
    }
}

/// A link from the data, or `None` when it is not safe to publish (the page then shows the
/// title without a link; `check` reports it).
fn safe_link(link: Option<&toml::Spanned<String>>) -> Option<&str> {
    link.map(|l| l.get_ref().as_str())
        .filter(|l| is_safe_url(l))
}

fn risks(risks: &[Risk]) -> Vec<RiskView<'_>> {
    risks
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
        .collect()
}

/// Rows from high to low likelihood, columns from low to high impact; each cell lists the
/// numbers of the risks in it.
fn risk_matrix(risks: &[Risk]) -> Vec<RiskRow> {
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

/// The epics of the figures with their items as Tera values (`values`, in file order).
fn epics<'a>(epics: &'a [EpicFigures], values: &[tera::Value]) -> Vec<EpicView<'a>> {
    epics
        .iter()
        .map(|epic| EpicView {
            name: epic.name.as_deref().unwrap_or("Other items"),
            points: epic.size,
            status: epic.status,
            items: epic.items.iter().map(|&n| values[n].clone()).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows from high to low likelihood, columns from low to high impact, each cell with its
    /// risks' numbers and its severity.
    #[test]
    fn the_risk_matrix_places_each_risk_by_likelihood_and_impact() {
        let risk = |likelihood, impact| Risk {
            title: "r".into(),
            likelihood,
            impact,
            mitigation: None,
            status: crate::model::RiskStatus::Active,
        };
        let risks = [
            risk(Level::High, Level::Low),
            risk(Level::Low, Level::High),
            risk(Level::High, Level::Low),
        ];
        let matrix = risk_matrix(&risks);
        let cells: Vec<Vec<(Level, Vec<usize>)>> = matrix
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|c| (c.impact, c.risks.clone()))
                    .collect()
            })
            .collect();
        let (l, m, h) = (Level::Low, Level::Medium, Level::High);
        assert_eq!(
            matrix.iter().map(|r| r.likelihood).collect::<Vec<_>>(),
            [h, m, l]
        );
        assert_eq!(
            cells,
            [
                vec![(l, vec![1, 3]), (m, vec![]), (h, vec![])],
                vec![(l, vec![]), (m, vec![]), (h, vec![])],
                vec![(l, vec![]), (m, vec![]), (h, vec![2])],
            ]
        );
        assert_eq!(matrix[0].cells[2].severity, severity(h, h));
    }
}
