//! `index.html`: the portfolio. A summary of every team's health, one table line per team
//! (off track first), the releases, then a section per group of teams: cards for a group of a
//! few teams, a list of links for a larger one.

use std::collections::BTreeMap;

use super::contract::{
    CurrentSprintView, GroupView, HeadlineView, HealthCountView, HealthRuleView, IndexView,
    PortfolioRowView, PortfolioSprintView, TeamCardView, UnitView,
};
use super::free::page_links;
use super::headline::portfolio_headline;
use super::preview::{page_card, preview};
use super::{ChartClock, Page, common, context, health_view, release_links};
use crate::charts;
use crate::diagnostics::Diagnostic;
use crate::metrics::health::{AT_RISK_GAP, Health, ON_TRACK_GAP, health};
use crate::metrics::release::ReleaseFigures;
use crate::metrics::row::sprint_row;
use crate::metrics::sprint::working_days_left;
use crate::metrics::{TeamFigures, whole_percent};
use crate::model::{Date, FreePage, Release, Site, SprintStatus, Team};

/// A group of up to this many teams is shown as cards (with a sparkline each); a larger one
/// as a list of links, the table above having every figure.
pub const CARD_GROUP: usize = 6;

pub fn index_page(
    site: &Site,
    pages: &[&FreePage],
    figures: &[TeamFigures],
    releases: &[ReleaseFigures],
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let path = "index.html".to_string();
    let clock = ChartClock::default();
    let groups = groups(site, figures);
    let teams = site
        .teams
        .iter()
        .zip(figures)
        .enumerate()
        .map(|(t, (team, f))| {
            let card = groups.iter().any(|g| g.cards && g.teams.contains(&t));
            team_card(team, f, as_of, card.then_some(&clock))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (summary, headline) = portfolio(site, figures, releases);
    let order = portfolio_order(figures);
    let view = IndexView {
        headline,
        summary,
        current: portfolio_rows(site, figures, &order, as_of),
        grouped: site.teams.iter().any(|t| t.config.group.is_some()),
        groups,
        teams,
        releases: release_links(site, releases, |_| true),
        pages: page_links(pages, None),
        health_rule: HealthRuleView {
            on_track_percent: whole_percent(ON_TRACK_GAP),
            at_risk_percent: whole_percent(AT_RISK_GAP),
        },
    };
    let mut common = common(site, as_of, 0, &site.config.title, Vec::new());
    let (title, card) = (site.config.title.clone(), page_card(site, &path));
    common.preview = Some(preview(site, &path, title, &view.headline.text, card));
    let context = context(&path, &common, &view)?;
    Ok(clock.page(path, "index.html", context))
}

/// The portfolio's teams by health, and its headline.
pub(super) fn portfolio(
    site: &Site,
    figures: &[TeamFigures],
    releases: &[ReleaseFigures],
) -> (HealthCountView, HeadlineView) {
    let summary = count(figures.iter());
    let behind: Vec<(&Team, &TeamFigures)> = portfolio_order(figures)
        .into_iter()
        .map(|t| (&site.teams[t], &figures[t]))
        .collect();
    let with_figures: Vec<(&Release, &ReleaseFigures)> =
        site.releases.iter().zip(releases).collect();
    let headline = portfolio_headline(&summary, &behind, &with_figures);
    (summary, headline)
}

/// The health of a team's current sprint, if it has started.
fn current_health(f: &TeamFigures) -> Option<(Health, f64)> {
    f.current_sprint().and_then(|i| health(&f.sprints[i]))
}

/// How many of these teams are on track, at risk, off track and not started.
pub(super) fn count<'a>(figures: impl Iterator<Item = &'a TeamFigures>) -> HealthCountView {
    let mut summary = HealthCountView::default();
    for f in figures {
        summary.teams += 1;
        match current_health(f).map(|(h, _)| h) {
            Some(Health::OnTrack) => summary.on_track += 1,
            Some(Health::AtRisk) => summary.at_risk += 1,
            Some(Health::OffTrack) => summary.off_track += 1,
            None => summary.not_started += 1,
        }
    }
    summary
}

/// The sections: one per group, by name, then the teams without a group; that last one is
/// left out when no team has a group and there are too many for cards (the table lists them).
fn groups<'a>(site: &'a Site, figures: &[TeamFigures]) -> Vec<GroupView<'a>> {
    let mut by_name: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (t, team) in site.teams.iter().enumerate() {
        by_name
            .entry(team.config.group.as_deref())
            .or_default()
            .push(t);
    }
    // `None` sorts first in a map; the teams without a group come last on the page.
    let ungrouped = by_name.remove(&None);
    let only_ungrouped = by_name.is_empty();
    let mut sections: Vec<(Option<&str>, Vec<usize>)> = by_name.into_iter().collect();
    sections.sort_by(|a, b| natural_order(a.0.unwrap_or(""), b.0.unwrap_or("")));
    if let Some(teams) = ungrouped.filter(|t| !only_ungrouped || t.len() <= CARD_GROUP) {
        sections.push((None, teams));
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(n, (name, teams))| GroupView {
            name,
            id: format!("group-{}", n + 1),
            summary: count(teams.iter().map(|&t| &figures[t])),
            cards: teams.len() <= CARD_GROUP,
            teams,
        })
        .collect()
}

/// Names in the order people expect: numbers by their value ("Area 2" before "Area 10"), the
/// rest by their characters.
fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(text: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices().skip(1) {
            let previous = text[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_digit());
            if c.is_ascii_digit() != previous {
                out.push((previous, &text[start..i]));
                start = i;
            }
        }
        if !text.is_empty() {
            let digits = text[start..].starts_with(|c: char| c.is_ascii_digit());
            out.push((digits, &text[start..]));
        }
        out
    }
    let key = |(digits, chunk): &(bool, &str)| -> (String, usize, String) {
        if *digits {
            let trimmed = chunk.trim_start_matches('0');
            (String::new(), trimmed.len(), trimmed.to_string())
        } else {
            (chunk.to_string(), 0, String::new())
        }
    };
    let (a_chunks, b_chunks) = (chunks(a), chunks(b));
    a_chunks
        .iter()
        .map(key)
        .cmp(b_chunks.iter().map(key))
        .then_with(|| a.cmp(b))
}

/// The teams in the portfolio's order: off track first, then at risk, on track and not
/// started; the furthest behind first within each.
pub(super) fn portfolio_order(figures: &[TeamFigures]) -> Vec<usize> {
    let mut order: Vec<(usize, u8, f64)> = figures
        .iter()
        .enumerate()
        .map(|(t, f)| match current_health(f) {
            Some((Health::OffTrack, gap)) => (t, 0, gap),
            Some((Health::AtRisk, gap)) => (t, 1, gap),
            Some((Health::OnTrack, gap)) => (t, 2, gap),
            None => (t, 3, 0.0),
        })
        .collect();
    order.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    order.into_iter().map(|(t, _, _)| t).collect()
}

/// One line per team, in the portfolio's order.
fn portfolio_rows<'a>(
    site: &'a Site,
    figures: &[TeamFigures],
    order: &[usize],
    as_of: Date,
) -> Vec<PortfolioRowView<'a>> {
    order
        .iter()
        .map(|&t| {
            let (team, f) = (&site.teams[t], &figures[t]);
            let (last_say_do, _) = last_closed(f);
            PortfolioRowView {
                slug: &team.slug,
                name: &team.config.name,
                group: team.config.group.as_deref(),
                unit: UnitView::of(f.unit),
                current: f.current_sprint().map(|i| {
                    let (sprint, sf) = (&team.sprints[i], &f.sprints[i]);
                    let (start, end) = (*sprint.data.start.get_ref(), *sprint.data.end.get_ref());
                    PortfolioSprintView {
                        number: *sprint.data.number.get_ref(),
                        slug: &sprint.slug,
                        title: &sprint.data.title,
                        status: sf.status,
                        percent_completed: sf.percent_completed,
                        completed: sf.completed,
                        total: sf.total,
                        days_left: working_days_left(&f.calendar, start, end, as_of),
                        health: health_view(sf),
                    }
                }),
                last_say_do,
                average_velocity: f.velocity.average,
            }
        })
        .collect()
}

/// The say/do and number of the team's last closed sprint.
fn last_closed(f: &TeamFigures) -> (Option<i64>, Option<u32>) {
    let last = f
        .velocity
        .rows
        .iter()
        .rev()
        .find(|r| r.status == SprintStatus::Closed);
    (last.and_then(|r| r.say_do_percent), last.map(|r| r.number))
}

/// A team's card; its sparkline is drawn only when the page shows the card (`clock`).
fn team_card<'a>(
    team: &'a Team,
    f: &TeamFigures,
    as_of: Date,
    clock: Option<&ChartClock>,
) -> Result<TeamCardView<'a>, Diagnostic> {
    let current = match f.current_sprint() {
        Some(i) => Some(current_sprint(team, f, i, as_of, clock)?),
        None => None,
    };
    let (last_say_do, last_closed_number) = last_closed(f);
    Ok(TeamCardView {
        slug: &team.slug,
        name: &team.config.name,
        description: team.config.description.as_deref(),
        group: team.config.group.as_deref(),
        unit: UnitView::of(f.unit),
        sprint_count: team.sprints.len(),
        current,
        last_say_do,
        last_closed_number,
        average_velocity: f.velocity.average,
        velocity_window: f.velocity.window,
    })
}

pub(super) fn current_sprint<'a>(
    team: &'a Team,
    f: &TeamFigures,
    index: usize,
    as_of: Date,
    clock: Option<&ChartClock>,
) -> Result<CurrentSprintView<'a>, Diagnostic> {
    let sprint = &team.sprints[index];
    let sf = &f.sprints[index];
    let (start, end) = (*sprint.data.start.get_ref(), *sprint.data.end.get_ref());
    let spark_id = format!("spark-{}", team.slug);
    let sparkline = match clock {
        Some(clock) => {
            clock.draw(|| charts::sparkline(sf, &spark_id, &sprint.data.title, f.unit))?
        }
        None => None,
    };
    Ok(CurrentSprintView {
        row: sprint_row(team, f, index),
        remaining: sf.remaining,
        days_left: working_days_left(&f.calendar, start, end, as_of),
        sparkline,
        health: health_view(sf),
    })
}

#[cfg(test)]
mod tests {
    use super::natural_order;

    #[test]
    fn groups_sort_by_the_value_of_their_numbers() {
        let mut names = vec!["Area 10", "Area 2", "Area 1", "Payments", "Area 02b", ""];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            ["", "Area 1", "Area 2", "Area 02b", "Area 10", "Payments"]
        );
    }
}
