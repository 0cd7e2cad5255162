//! What each page shows: one builder per page kind turns the model and the computed figures
//! into the typed values of the theme contract ([`contract`], documented in `docs/themes.md`),
//! drawing the page's charts on the way. A page is a path, a template and a Tera context.

mod contract;
mod documents;
mod free;
mod headline;
mod index;
mod locked;
mod preview;
mod release;
mod sprint;
mod team;

use std::cell::Cell;
use std::time::{Duration, Instant};

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::metrics::health::health;
use crate::metrics::release::ReleaseFigures;
use crate::metrics::sprint::SprintFigures;
use crate::metrics::whole_percent;
use crate::model::paths::{normalized_base_url, root_prefix};
use crate::model::{Date, Release, Site, SprintStatus, Unit};
use contract::{
    CommonView, Crumb, HealthView, NavTeam, ReleaseLinkView, SiteView, UnitView, VerdictView,
};

pub use contract::{HealthCountView, LockedView};
pub use documents::{changes_page, portfolio_summary, sprint_report};
pub use free::{free_page, not_found_page};
pub use index::index_page;
pub use locked::locked_page;
pub use preview::{
    CARD_HEIGHT, CARD_WIDTH, CardChart, CardPage, CardView, NoticeItem, NoticeView, card,
    card_pages, full_date, notice,
};
pub use release::release_page;
pub use sprint::sprint_page;
pub use team::team_page;

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

/// The header lists every team up to this many.
const NAV_TEAMS: usize = 12;

/// Counts a page's charts and adds up the time spent drawing them.
#[derive(Default)]
struct ChartClock {
    time: Cell<Duration>,
    drawn: Cell<usize>,
}

impl ChartClock {
    /// Draws a page's chart or charts, counting them and their time.
    fn draw<T: Drawn>(
        &self,
        charts: impl FnOnce() -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic> {
        let started = Instant::now();
        let drawn = charts()?;
        self.time.set(self.time.get() + started.elapsed());
        self.drawn.set(self.drawn.get() + drawn.count());
        Ok(drawn)
    }

    /// A page with this clock's charts.
    fn page(self, path: String, template: &'static str, context: Context) -> Page {
        Page {
            path,
            template,
            context,
            charts: self.drawn.get(),
            chart_time: self.time.get(),
        }
    }
}

/// Charts as the chart functions return them: one that may have had nothing to show, or a
/// sprint's set.
trait Drawn {
    fn count(&self) -> usize;
}

impl Drawn for Option<String> {
    fn count(&self) -> usize {
        usize::from(self.is_some())
    }
}

impl Drawn for Option<crate::charts::Chart> {
    fn count(&self) -> usize {
        usize::from(self.is_some())
    }
}

impl Drawn for crate::charts::SprintCharts {
    fn count(&self) -> usize {
        [&self.burndown, &self.burnup, &self.flow]
            .iter()
            .filter(|c| c.is_some())
            .count()
    }
}

/// What every page receives, for a page `depth` folders below the root.
fn common<'a>(
    site: &'a Site,
    as_of: Date,
    depth: usize,
    title: &'a str,
    breadcrumbs: Vec<Crumb<'a>>,
) -> CommonView<'a> {
    CommonView {
        site: SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            base_url: site
                .config
                .base_url
                .as_deref()
                .and_then(normalized_base_url),
            as_of,
            generator: concat!("sprintgen ", env!("CARGO_PKG_VERSION")),
        },
        root: root_prefix(depth),
        page_title: title,
        print_title: print_title(&breadcrumbs, title),
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
        preview: None,
    }
}

/// The breadcrumbs above the page, then its title: "AlphaPulse · Sprint 4: Kickoff".
fn print_title(breadcrumbs: &[Crumb], title: &str) -> String {
    let above = breadcrumbs.len().saturating_sub(1);
    breadcrumbs[..above]
        .iter()
        .map(|c| c.title)
        .chain([title])
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A page's Tera context: the common values, then the page's own.
fn context(path: &str, common: &CommonView, own: &impl Serialize) -> Result<Context, Diagnostic> {
    let fail = |e: tera::Error| Diagnostic::error(format!("cannot prepare the page `{path}`: {e}"));
    let mut context = Context::from_serialize(common).map_err(fail)?;
    context.extend(Context::from_serialize(own).map_err(fail)?);
    Ok(context)
}

fn health_view(figures: &SprintFigures) -> Option<HealthView> {
    health(figures).map(|(status, gap)| HealthView {
        status,
        gap_percent: whole_percent(gap),
        finished: figures.status == SprintStatus::Closed,
    })
}

impl UnitView {
    fn of(unit: Unit) -> UnitView {
        UnitView {
            name: unit,
            short: unit.short(),
            noun: unit.noun(),
            title: unit.title(),
        }
    }
}

/// Releases as the portfolio and the team pages list them: those `keep` selects, in the
/// site's order.
fn release_links<'a>(
    site: &'a Site,
    releases: &[ReleaseFigures],
    keep: impl Fn(&Release) -> bool,
) -> Vec<ReleaseLinkView<'a>> {
    site.releases
        .iter()
        .zip(releases)
        .filter(|(r, _)| keep(r))
        .map(|(r, f)| ReleaseLinkView {
            slug: &r.slug,
            title: &r.data.title,
            target: *r.data.target.get_ref(),
            percent_done: f.percent_done,
            verdict: verdict_view(r, f),
            unit: UnitView::of(f.unit),
            scope: f.scope,
            completed: f.completed,
            teams: r
                .data
                .team_slugs()
                .filter_map(|slug| site.team_index(slug))
                .map(|t| site.teams[t].config.name.as_str())
                .collect(),
        })
        .collect()
}

fn verdict_view(release: &Release, f: &ReleaseFigures) -> VerdictView {
    VerdictView {
        status: f.verdict,
        percent_by_target: f.percent_by_target,
        target: *release.data.target.get_ref(),
    }
}

#[cfg(test)]
mod tests {
    use super::{ChartClock, Context, common};
    use crate::charts::{Chart, SprintCharts};
    use crate::model::{Date, Site, Team};

    /// A site of `teams` teams without sprints.
    fn site_of(teams: usize) -> Site {
        let team = |n: usize| Team {
            slug: format!("t{n}"),
            file: 0,
            config: toml::from_str(&format!("name = \"Team {n}\"")).unwrap(),
            sprints: Vec::new(),
        };
        Site {
            config: toml::from_str("title = \"T\"").unwrap(),
            teams: (1..=teams).map(team).collect(),
            releases: Vec::new(),
            pages: Vec::new(),
            theme: Default::default(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn the_header_lists_up_to_twelve_teams_then_links_to_the_portfolio() {
        let as_of = Date::new(2025, 11, 5).unwrap();
        let twelve = site_of(12);
        let view = common(&twelve, as_of, 1, "P", Vec::new());
        let names: Vec<&str> = view.nav.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), 12);
        assert_eq!((names[0], names[11]), ("Team 1", "Team 12"));
        let thirteen = site_of(13);
        let view = common(&thirteen, as_of, 1, "P", Vec::new());
        assert!(view.nav.is_empty());
        assert_eq!(view.team_count, 13);
    }

    #[test]
    fn a_page_counts_the_charts_that_were_drawn() {
        let chart = || Chart {
            svg: "<svg/>".into(),
            legend: Vec::new(),
        };
        let clock = ChartClock::default();
        let sprint = SprintCharts {
            burndown: Some(chart()),
            burnup: Some(chart()),
            flow: None,
        };
        clock.draw(|| Ok(sprint)).unwrap();
        clock.draw(|| Ok(Some(chart()))).unwrap();
        clock.draw(|| Ok(None::<Chart>)).unwrap();
        clock.draw(|| Ok(Some("<svg/>".to_string()))).unwrap();
        clock.draw(|| Ok(None::<String>)).unwrap();
        let page = clock.page("a/index.html".into(), "sprint.html", Context::new());
        assert_eq!(page.charts, 4);
    }
}
