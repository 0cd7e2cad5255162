//! A release across teams: a burn-up of its items over the teams' sprints, progress per epic and
//! per team, the scope added since its start, and a Monte Carlo forecast of its completion date
//! from the teams' combined velocity, judged against its target date.
//!
//! The rules (docs/format.md, "Releases"):
//! - the release's items are the matching items of its teams' sprints that end on or after its
//!   start; an item carried over from sprint to sprint (the same id in one team) is one item,
//!   whose state on a day is its latest occurrence in a sprint started by then (its first
//!   occurrence before that);
//! - an item is part of the release from the start, or from its `added_on` when it joined its
//!   first sprint after that sprint started (scope added); it leaves when its last occurrence
//!   is removed;
//! - the burn-up has a point at the start (what was done before it) and one at the end of each
//!   of the teams' sprints (the as-of date for a sprint in progress);
//! - the forecast samples the teams' combined velocity: the completed values of their closed
//!   sprints, summed by recency (the last closed sprints of every team together, then the ones
//!   before...), as many as the team with the fewest closed sprints has. N sprints from the
//!   as-of date are N times the longest of the teams' sprint cadences.

use serde::Serialize;

use super::forecast::Outcomes;
use super::{Points, TeamFigures, percent};
use crate::model::{Date, Item, ItemStatus, ReleaseFile, Site, SprintStatus, Team, Unit, total};

/// Where the release stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every item is done.
    Done,
    /// At least 85% of the forecast's trials finish by the target.
    OnTrack,
    /// At least 50%.
    AtRisk,
    /// Fewer, or the target has passed.
    OffTrack,
    /// No forecast (too little history) or no item.
    Unknown,
}

impl Verdict {
    /// The value as pages and exports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Done => "done",
            Verdict::OnTrack => "on-track",
            Verdict::AtRisk => "at-risk",
            Verdict::OffTrack => "off-track",
            Verdict::Unknown => "unknown",
        }
    }
}

/// The share of trials by the target from which a release is on track, and at risk.
pub const ON_TRACK_PERCENT: u32 = 85;
pub const AT_RISK_PERCENT: u32 = 50;

#[derive(Clone, Debug)]
pub struct ReleaseFigures {
    pub unit: Unit,
    pub start: Date,
    /// How many items make up the release now.
    pub items: usize,
    /// The burn-up, in date order.
    pub burnup: Vec<BurnupPoint>,
    pub scope: Points,
    pub completed: Points,
    pub in_progress: Points,
    pub todo: Points,
    pub remaining: Points,
    pub percent_done: u32,
    pub percent_in_progress: u32,
    pub scope_at_start: Points,
    /// Scope now minus scope at the start: added items, re-estimates and removals.
    pub scope_change: Points,
    /// The scope change's size as a share of the scope at the start.
    pub scope_change_percent: u32,
    /// The items that joined after the start, in date order.
    pub added: Vec<AddedItem>,
    pub epics: Vec<GroupProgress>,
    /// Per team, in the release's order.
    pub teams: Vec<GroupProgress>,
    pub forecast: Option<ReleaseForecast>,
    pub verdict: Verdict,
    /// The whole percentage of forecast trials done by the target (100 when done, 0 once the
    /// target has passed).
    pub percent_by_target: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BurnupPoint {
    pub date: Date,
    pub completed: Points,
    pub scope: Points,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AddedItem {
    /// The index of the team in the release's `teams`.
    pub team: usize,
    pub item: String,
    pub date: Date,
    pub size: Points,
}

/// Done, in progress and to do of a part of the release (an epic or a team).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupProgress {
    /// The epic's name (`None` for items without one), or the team's slug.
    pub name: Option<String>,
    pub done: Points,
    pub in_progress: Points,
    pub todo: Points,
    pub total: Points,
    pub percent_done: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReleaseForecast {
    /// The combined completed values sampled, oldest first.
    pub history: Vec<Points>,
    /// Calendar days per sprint.
    pub sprint_days: i64,
    pub p50_sprints: u32,
    pub p85_sprints: u32,
    pub p50_date: Date,
    pub p85_date: Date,
}

/// One team of a release, with its figures.
pub struct ReleaseTeam<'a> {
    pub team: &'a Team,
    pub figures: &'a TeamFigures,
}

/// An item in one sprint.
struct Occurrence<'a> {
    item: &'a Item,
    start: Date,
    end: Date,
}

/// A release item: one id of one team, in every sprint that holds it (in sprint order).
struct ReleaseItem<'a> {
    team: usize,
    occurrences: Vec<Occurrence<'a>>,
    joined: Date,
    left: Option<Date>,
}

impl ReleaseItem<'_> {
    /// Its occurrence that speaks for it on `day`: the latest in a sprint started by then,
    /// else the first.
    fn on(&self, day: Date) -> &Occurrence<'_> {
        self.occurrences
            .iter()
            .rev()
            .find(|o| o.start <= day)
            .unwrap_or(&self.occurrences[0])
    }

    fn in_release(&self, day: Date) -> bool {
        self.joined <= day && self.left.is_none_or(|left| day < left)
    }

    fn size(&self, day: Date, unit: Unit) -> f64 {
        let o = self.on(day);
        o.item.size_on(day.clamp(o.start, o.end), unit)
    }

    fn done_by(&self, day: Date) -> bool {
        self.on(day).item.done_by(day)
    }

    fn in_progress(&self, day: Date) -> bool {
        !self.done_by(day) && self.on(day).item.status_on(day) == ItemStatus::InProgress
    }

    fn epic(&self, day: Date) -> Option<&str> {
        self.on(day).item.epic.as_deref()
    }

    fn id(&self) -> &str {
        self.occurrences[0].item.id.get_ref()
    }
}

/// Every release's figures, in the site's order.
pub fn all_releases(site: &Site, figures: &[TeamFigures], as_of: Date) -> Vec<ReleaseFigures> {
    site.releases
        .iter()
        .map(|r| release_figures(site, figures, &r.data, as_of))
        .collect()
}

/// One release's figures, from its teams' (those that exist: validation reports the others).
pub fn release_figures(
    site: &Site,
    figures: &[TeamFigures],
    release: &ReleaseFile,
    as_of: Date,
) -> ReleaseFigures {
    let teams: Vec<ReleaseTeam> = release
        .team_slugs()
        .filter_map(|slug| site.team_index(slug))
        .map(|t| ReleaseTeam {
            team: &site.teams[t],
            figures: &figures[t],
        })
        .collect();
    compute(release, &teams, as_of)
}

/// Every figure of a release as of `as_of`. `teams` are the release's teams, in its order;
/// they share one unit (validation checks it).
pub fn compute(release: &ReleaseFile, teams: &[ReleaseTeam], as_of: Date) -> ReleaseFigures {
    let unit = teams.first().map_or(Unit::Points, |t| t.figures.unit);
    let start = release
        .start
        .as_ref()
        .map(|s| *s.get_ref())
        .unwrap_or_else(|| {
            first_start(release, teams).unwrap_or(as_of.min(*release.target.get_ref()))
        });
    let items = release_items(release, teams, start);
    let live: Vec<&ReleaseItem> = items.iter().filter(|i| i.in_release(as_of)).collect();
    let burnup = burnup(&items, teams, start, as_of, unit);
    let sum = |pred: &dyn Fn(&ReleaseItem) -> bool| {
        Points(total(
            live.iter().filter(|i| pred(i)).map(|i| i.size(as_of, unit)),
        ))
    };
    let scope = sum(&|_| true);
    let completed = sum(&|i| i.done_by(as_of));
    let in_progress = sum(&|i| i.in_progress(as_of));
    let remaining = Points(scope.0 - completed.0);
    let scope_at_start = burnup.first().map_or(Points(0.0), |p| p.scope);
    let forecast = forecast(teams, remaining.0, as_of);
    let (verdict, percent_by_target) = verdict(
        live.len(),
        remaining.0,
        forecast.as_ref(),
        *release.target.get_ref(),
        as_of,
    );
    ReleaseFigures {
        unit,
        start,
        items: live.len(),
        scope,
        completed,
        in_progress,
        todo: Points(remaining.0 - in_progress.0),
        remaining,
        percent_done: percent(completed.0, scope.0),
        percent_in_progress: percent(in_progress.0, scope.0),
        scope_at_start,
        scope_change: Points(scope.0 - scope_at_start.0),
        scope_change_percent: percent((scope.0 - scope_at_start.0).abs(), scope_at_start.0),
        added: added_items(&live, start, as_of, unit),
        epics: progress_by(&live, as_of, unit, |i| i.epic(as_of).map(str::to_string)),
        teams: (0..teams.len())
            .map(|t| {
                let own: Vec<&ReleaseItem> = live.iter().copied().filter(|i| i.team == t).collect();
                GroupProgress {
                    name: Some(teams[t].team.slug.clone()),
                    ..progress(&own, as_of, unit)
                }
            })
            .collect(),
        burnup,
        forecast: forecast.map(|(f, _)| f),
        verdict,
        percent_by_target,
    }
}

/// The start of the first sprint holding a matching item, when the release sets none.
fn first_start(release: &ReleaseFile, teams: &[ReleaseTeam]) -> Option<Date> {
    teams
        .iter()
        .flat_map(|t| &t.team.sprints)
        .filter(|s| s.data.items.iter().any(|i| release.matches(i)))
        .map(|s| *s.data.start.get_ref())
        .min()
}

/// The release's items, each team's in order of first appearance.
fn release_items<'a>(
    release: &ReleaseFile,
    teams: &[ReleaseTeam<'a>],
    start: Date,
) -> Vec<ReleaseItem<'a>> {
    let mut items: Vec<ReleaseItem<'a>> = Vec::new();
    for (t, team) in teams.iter().enumerate() {
        let first = items.len();
        for sprint in team
            .team
            .sprints
            .iter()
            .filter(|s| *s.data.end.get_ref() >= start)
        {
            let (sprint_start, end) = (*sprint.data.start.get_ref(), *sprint.data.end.get_ref());
            for item in sprint.data.items.iter().filter(|i| release.matches(i)) {
                let occurrence = Occurrence {
                    item,
                    start: sprint_start,
                    end,
                };
                let id = item.id.get_ref();
                match items[first..].iter_mut().find(|i| i.id() == id) {
                    Some(known) => known.occurrences.push(occurrence),
                    None => items.push(ReleaseItem {
                        team: t,
                        joined: joined(item, sprint_start, start),
                        left: None,
                        occurrences: vec![occurrence],
                    }),
                }
            }
        }
    }
    for item in &mut items {
        let last = &item.occurrences[item.occurrences.len() - 1];
        item.left = last.item.removed(last.start);
    }
    items
}

/// When an item joined the release: the start, unless it joined its first sprint after that
/// sprint had started (scope added mid-sprint).
fn joined(item: &Item, sprint_start: Date, start: Date) -> Date {
    let added = item.added(sprint_start);
    if added > sprint_start {
        added.max(start)
    } else {
        start
    }
}

/// The burn-up: the start (what was done before it, the scope planned then), then the end of
/// each of the teams' sprints (the as-of date for one in progress) since the start.
fn burnup(
    items: &[ReleaseItem],
    teams: &[ReleaseTeam],
    start: Date,
    as_of: Date,
    unit: Unit,
) -> Vec<BurnupPoint> {
    let mut dates: Vec<Date> = teams
        .iter()
        .flat_map(|t| t.figures.sprints.iter())
        .filter_map(|f| f.last_reported)
        .filter(|d| *d >= start && *d <= as_of)
        .collect();
    dates.sort();
    dates.dedup();
    let before_start = Date(start.0.yesterday().unwrap_or(start.0));
    let point = |date: Date, done_by: Date| {
        let live = items.iter().filter(|i| i.in_release(date));
        let (mut completed, mut scope) = (Vec::new(), Vec::new());
        for item in live {
            let size = item.size(date, unit);
            scope.push(size);
            if item.done_by(done_by) {
                completed.push(size);
            }
        }
        BurnupPoint {
            date,
            completed: Points(total(completed)),
            scope: Points(total(scope)),
        }
    };
    std::iter::once(point(start, before_start))
        .chain(dates.into_iter().map(|d| point(d, d)))
        .collect()
}

/// The items that joined after the start, with their size now.
fn added_items(live: &[&ReleaseItem], start: Date, as_of: Date, unit: Unit) -> Vec<AddedItem> {
    let mut added: Vec<AddedItem> = live
        .iter()
        .filter(|i| i.joined > start)
        .map(|i| AddedItem {
            team: i.team,
            item: i.id().to_string(),
            date: i.joined,
            size: Points(i.size(as_of, unit)),
        })
        .collect();
    added.sort_by_key(|a| a.date);
    added
}

fn progress(items: &[&ReleaseItem], day: Date, unit: Unit) -> GroupProgress {
    let sum = |pred: &dyn Fn(&ReleaseItem) -> bool| {
        total(items.iter().filter(|i| pred(i)).map(|i| i.size(day, unit)))
    };
    let (all, done, doing) = (
        sum(&|_| true),
        sum(&|i| i.done_by(day)),
        sum(&|i| i.in_progress(day)),
    );
    GroupProgress {
        name: None,
        done: Points(done),
        in_progress: Points(doing),
        todo: Points(all - done - doing),
        total: Points(all),
        percent_done: percent(done, all),
    }
}

/// GroupProgress per group of items, the groups in order of first appearance.
fn progress_by(
    items: &[&ReleaseItem],
    day: Date,
    unit: Unit,
    key: impl Fn(&ReleaseItem) -> Option<String>,
) -> Vec<GroupProgress> {
    let mut names: Vec<Option<String>> = Vec::new();
    for item in items {
        let name = key(item);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let members: Vec<&ReleaseItem> =
                items.iter().copied().filter(|i| key(i) == name).collect();
            GroupProgress {
                name,
                ..progress(&members, day, unit)
            }
        })
        .collect()
}

/// The teams' closed sprints' completed values, summed by recency: as many sums as the team
/// with the fewest closed sprints has values, oldest first.
pub fn combined_history(histories: &[&[f64]]) -> Vec<f64> {
    let Some(n) = histories.iter().map(|h| h.len()).min() else {
        return Vec::new();
    };
    (0..n)
        .map(|k| total(histories.iter().map(|h| h[h.len() - n + k])))
        .collect()
}

/// Calendar days per sprint: the longest of the teams' cadences, each from its latest started
/// sprint's start to the next sprint's start (or that sprint's length, when none follows).
pub fn sprint_days(teams: &[ReleaseTeam]) -> Option<i64> {
    teams
        .iter()
        .filter_map(|t| {
            let sprints = &t.team.sprints;
            let latest = t
                .figures
                .sprints
                .iter()
                .rposition(|f| f.status != SprintStatus::Planned)?;
            let start = *sprints[latest].data.start.get_ref();
            Some(match sprints.get(latest + 1) {
                Some(next) => start.days_until(*next.data.start.get_ref()),
                None => start.days_until(*sprints[latest].data.end.get_ref()) + 1,
            })
        })
        .filter(|days| *days > 0)
        .max()
}

/// The forecast and its trials, when the teams have history enough.
fn forecast(
    teams: &[ReleaseTeam],
    remaining: f64,
    as_of: Date,
) -> Option<(ReleaseForecast, Outcomes)> {
    let histories: Vec<&[f64]> = teams.iter().map(|t| t.figures.history.as_slice()).collect();
    let history = combined_history(&histories);
    let outcomes = Outcomes::simulate(remaining, &history)?;
    let days = sprint_days(teams)?;
    let date = |sprints: u32| as_of.add_days(i64::from(sprints) * days);
    let (p50, p85) = (outcomes.percentile(50), outcomes.percentile(85));
    Some((
        ReleaseForecast {
            history: history.into_iter().map(Points).collect(),
            sprint_days: days,
            p50_sprints: p50,
            p85_sprints: p85,
            p50_date: date(p50),
            p85_date: date(p85),
        },
        outcomes,
    ))
}

/// The verdict and the share of trials done by the target.
fn verdict(
    items: usize,
    remaining: f64,
    forecast: Option<&(ReleaseForecast, Outcomes)>,
    target: Date,
    as_of: Date,
) -> (Verdict, Option<u32>) {
    if items == 0 {
        return (Verdict::Unknown, None);
    }
    if remaining <= 0.0 {
        return (Verdict::Done, Some(100));
    }
    if as_of > target {
        return (Verdict::OffTrack, Some(0));
    }
    let Some((forecast, outcomes)) = forecast else {
        return (Verdict::Unknown, None);
    };
    let sprints = as_of.days_until(target) / forecast.sprint_days;
    let share = outcomes.percent_within(u32::try_from(sprints).unwrap_or(u32::MAX));
    let verdict = if share >= ON_TRACK_PERCENT {
        Verdict::OnTrack
    } else if share >= AT_RISK_PERCENT {
        Verdict::AtRisk
    } else {
        Verdict::OffTrack
    };
    (verdict, Some(share))
}

#[cfg(test)]
mod tests;
