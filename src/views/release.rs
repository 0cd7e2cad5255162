//! `releases/<slug>/index.html`: a release across teams, its burn-up, forecast and verdict.

use super::contract::{
    AddedItemView, Crumb, ForecastRuleView, ReleaseFiguresView, ReleasePageView,
    ReleaseProgressView, ReleaseView, UnitView,
};
use super::headline::ReleaseHeadline;
use super::preview::{page_card, preview};
use super::{ChartClock, Page, common, context, verdict_view};
use crate::charts;
use crate::diagnostics::Diagnostic;
use crate::metrics::TeamFigures;
use crate::metrics::forecast::MIN_HISTORY;
use crate::metrics::release::{AT_RISK_PERCENT, GroupProgress, ON_TRACK_PERCENT, ReleaseFigures};
use crate::model::paths::release_page as release_page_path;
use crate::model::{Date, Item, Release, Site, Team};

pub fn release_page(
    site: &Site,
    release: &Release,
    f: &ReleaseFigures,
    figures: &[TeamFigures],
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let path = release_page_path(&release.slug);
    let data = &release.data;
    let target = *data.target.get_ref();
    let indices: Vec<usize> = data
        .team_slugs()
        .filter_map(|slug| site.team_index(slug))
        .collect();
    let teams: Vec<&Team> = indices.iter().map(|&t| &site.teams[t]).collect();
    let clock = ChartClock::default();
    let title = format!("Release: {}", data.title);
    let chart = clock.draw(|| charts::release_burnup(f, target, &data.title))?;
    let headline = ReleaseHeadline {
        figures: f,
        target,
        teams: indices
            .iter()
            .map(|&t| (&site.teams[t], &figures[t]))
            .collect(),
    };
    let view = ReleasePageView {
        headline: headline.view(),
        release: ReleaseView {
            slug: &release.slug,
            title: &data.title,
            description: data.description.as_deref(),
            target,
            start: f.start,
            epics: data.epic_names(),
            id_prefixes: data.prefixes(),
        },
        unit: UnitView::of(f.unit),
        verdict: verdict_view(release, f),
        figures: figures_view(f),
        teams: teams
            .iter()
            .zip(&f.teams)
            .map(|(team, p)| progress_view(&team.config.name, Some(&team.slug), p))
            .collect(),
        epics: f
            .epics
            .iter()
            .map(|p| progress_view(p.name.as_deref().unwrap_or("Other items"), None, p))
            .collect(),
        burnup: &f.burnup,
        chart,
        added: added_items(site, f, &teams),
        forecast: f.forecast.as_ref(),
        forecast_rule: ForecastRuleView {
            on_track_percent: ON_TRACK_PERCENT,
            at_risk_percent: AT_RISK_PERCENT,
            min_history: MIN_HISTORY,
        },
    };
    let crumbs = vec![Crumb {
        title: &data.title,
        url: None,
    }];
    let mut common = common(site, as_of, 2, &title, crumbs);
    let card = page_card(site, &path);
    common.preview = Some(preview(
        site,
        &path,
        title.clone(),
        &view.headline.text,
        card,
    ));
    let context = context(&path, &common, &view)?;
    Ok(clock.page(path, "release.html", context))
}

fn figures_view(f: &ReleaseFigures) -> ReleaseFiguresView {
    ReleaseFiguresView {
        items: f.items,
        scope: f.scope,
        completed: f.completed,
        in_progress: f.in_progress,
        todo: f.todo,
        remaining: f.remaining,
        percent_done: f.percent_done,
        percent_in_progress: f.percent_in_progress,
        scope_at_start: f.scope_at_start,
        scope_change: (f.scope_change.rounded() != 0.0).then(|| f.scope_change.signed()),
        scope_change_percent: f.scope_change_percent,
    }
}

/// The items added since the start, with their team and title.
fn added_items<'a>(
    site: &Site,
    f: &'a ReleaseFigures,
    teams: &[&'a Team],
) -> Vec<AddedItemView<'a>> {
    f.added
        .iter()
        .filter_map(|a| {
            let team = teams.get(a.team)?;
            let item = latest_item(team, &a.item);
            Some(AddedItemView {
                team: &team.config.name,
                team_slug: &team.slug,
                item: &a.item,
                title: item.map(|i| i.title.as_str()),
                url: item.and_then(|i| site.item_link(team, i)),
                date: a.date,
                size: a.size,
            })
        })
        .collect()
}

fn progress_view<'a>(
    name: &'a str,
    slug: Option<&'a str>,
    p: &GroupProgress,
) -> ReleaseProgressView<'a> {
    ReleaseProgressView {
        name,
        slug,
        done: p.done,
        in_progress: p.in_progress,
        todo: p.todo,
        total: p.total,
        percent_done: p.percent_done,
    }
}

/// A team's item as the last sprint that holds it has it.
fn latest_item<'a>(team: &'a Team, id: &str) -> Option<&'a Item> {
    team.sprints
        .iter()
        .rev()
        .flat_map(|s| &s.data.items)
        .find(|i| i.id.get_ref() == id)
}
