//! What a change to the sprint data does to the figures (`sprintgen diff`): the same site
//! before and after, computed as of the same day, compared team by team and sprint by sprint.
//! Only what changed is listed.

use serde::Serialize;

use super::health::{Health, health};
use super::sprint::SprintFigures;
use super::{Points, TeamFigures};
use crate::model::{Item, ItemStatus, Site, Sprint, SprintFile, Team, Unit};

/// A site and its figures.
pub type Computed<'a> = (&'a Site, &'a [TeamFigures]);

#[derive(Debug, Serialize)]
pub struct SiteChanges {
    pub teams: Vec<TeamChanges>,
    /// Names of the teams only the new data has, and only the old data had.
    pub added_teams: Vec<String>,
    pub removed_teams: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TeamChanges {
    pub slug: String,
    pub name: String,
    /// What the team's figures count.
    pub unit: Unit,
    pub sprints: Vec<SprintChanges>,
    /// Numbers of the sprints only the new data has, and only the old data had.
    pub added_sprints: Vec<u32>,
    pub removed_sprints: Vec<u32>,
    pub velocity_average: Change<Option<Points>>,
    /// The forecast's sprints at 50 % and 85 %, as "1–2" (none without enough history).
    pub forecast: Change<Option<String>>,
}

#[derive(Debug, Serialize)]
pub struct SprintChanges {
    pub number: u32,
    pub title: String,
    pub committed: Change<Points>,
    pub completed: Change<Points>,
    pub remaining: Change<Points>,
    pub scope: Change<Points>,
    pub health: Change<Option<Health>>,
    pub items: ItemChanges,
}

/// What happened to the sprint's items, by id in file order.
#[derive(Debug, Default, Serialize)]
pub struct ItemChanges {
    /// Done now, not before.
    pub done: Vec<String>,
    /// Done before, not any more.
    pub reopened: Vec<String>,
    /// New to the data and in the sprint's scope.
    pub added: Vec<String>,
    /// New to the data, added and removed on the same day: no change of scope.
    pub added_and_removed: Vec<String>,
    /// Taken out of the sprint (`removed` now, not before).
    pub removed: Vec<String>,
    /// No longer in the data at all.
    pub gone: Vec<String>,
    /// A new size on the last reported day (points only: an issue is always one).
    pub reestimated: Vec<Reestimate>,
}

impl ItemChanges {
    fn any(&self) -> bool {
        [
            &self.done,
            &self.reopened,
            &self.added,
            &self.added_and_removed,
            &self.removed,
            &self.gone,
        ]
        .iter()
        .any(|ids| !ids.is_empty())
            || !self.reestimated.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct Reestimate {
    pub id: String,
    pub size: Change<Points>,
}

/// A value before and after; `delta` is the signed difference of numbers that changed.
#[derive(Debug, Serialize)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
    pub changed: bool,
    pub delta: Option<String>,
}

impl<T: PartialEq> Change<T> {
    fn of(before: T, after: T) -> Change<T> {
        Change {
            changed: before != after,
            before,
            after,
            delta: None,
        }
    }
}

impl Change<Points> {
    fn points(before: f64, after: f64) -> Change<Points> {
        let (before, after) = (Points(before), Points(after));
        let changed = before.rounded() != after.rounded();
        Change {
            before,
            after,
            changed,
            delta: changed.then(|| Points(after.0 - before.0).signed()),
        }
    }
}

/// How the figures of `head` differ from those of `base`.
pub fn compare(base: Computed, head: Computed) -> SiteChanges {
    let find = |site: &Site, slug: &str| site.teams.iter().position(|t| t.slug == slug);
    let teams = head
        .0
        .teams
        .iter()
        .enumerate()
        .filter_map(|(h, team)| {
            let b = find(base.0, &team.slug)?;
            compare_team((&base.0.teams[b], &base.1[b]), (team, &head.1[h]))
        })
        .collect();
    let names_missing_from = |from: &Site, other: &Site| -> Vec<String> {
        from.teams
            .iter()
            .filter(|t| find(other, &t.slug).is_none())
            .map(|t| t.config.name.clone())
            .collect()
    };
    SiteChanges {
        teams,
        added_teams: names_missing_from(head.0, base.0),
        removed_teams: names_missing_from(base.0, head.0),
    }
}

fn compare_team(base: (&Team, &TeamFigures), head: (&Team, &TeamFigures)) -> Option<TeamChanges> {
    let number = |s: &Sprint| *s.data.number.get_ref();
    let index = |team: &Team, n: u32| team.sprints.iter().position(|s| number(s) == n);
    let sprints: Vec<SprintChanges> = head
        .0
        .sprints
        .iter()
        .enumerate()
        .filter_map(|(h, sprint)| {
            let b = index(base.0, number(sprint))?;
            compare_sprint(base, b, head, h)
        })
        .collect();
    let numbers_missing_from = |from: &Team, other: &Team| -> Vec<u32> {
        from.sprints
            .iter()
            .map(number)
            .filter(|n| index(other, *n).is_none())
            .collect()
    };
    let forecast = |f: &TeamFigures| {
        f.forecast
            .map(|f| format!("{}–{}", f.p50_sprints, f.p85_sprints))
    };
    let changes = TeamChanges {
        slug: head.0.slug.clone(),
        name: head.0.config.name.clone(),
        unit: head.1.unit,
        sprints,
        added_sprints: numbers_missing_from(head.0, base.0),
        removed_sprints: numbers_missing_from(base.0, head.0),
        velocity_average: Change::of(base.1.velocity.average, head.1.velocity.average),
        forecast: Change::of(forecast(base.1), forecast(head.1)),
    };
    let unchanged = changes.sprints.is_empty()
        && changes.added_sprints.is_empty()
        && changes.removed_sprints.is_empty()
        && !changes.velocity_average.changed
        && !changes.forecast.changed;
    (!unchanged).then_some(changes)
}

fn compare_sprint(
    base: (&Team, &TeamFigures),
    b: usize,
    head: (&Team, &TeamFigures),
    h: usize,
) -> Option<SprintChanges> {
    let (before, after) = (&base.1.sprints[b], &head.1.sprints[h]);
    let sprint = &head.0.sprints[h].data;
    let changes = SprintChanges {
        number: *sprint.number.get_ref(),
        title: sprint.title.clone(),
        committed: Change::points(before.committed.0, after.committed.0),
        completed: Change::points(before.completed.0, after.completed.0),
        remaining: Change::points(
            before.total.0 - before.completed.0,
            after.total.0 - after.completed.0,
        ),
        scope: Change::points(before.total.0, after.total.0),
        health: Change::of(
            health(before).map(|(h, _)| h),
            health(after).map(|(h, _)| h),
        ),
        items: item_changes(
            (&base.0.sprints[b].data, before),
            (sprint, after),
            head.1.unit,
        ),
    };
    let figures_changed = [
        &changes.committed,
        &changes.completed,
        &changes.remaining,
        &changes.scope,
    ]
    .iter()
    .any(|c| c.changed);
    let changed = figures_changed || changes.health.changed || changes.items.any();
    changed.then_some(changes)
}

/// A sprint's data with its figures.
type SprintWithFigures<'a> = (&'a SprintFile, &'a SprintFigures);

/// What happened to each item between the two versions of a sprint.
fn item_changes(base: SprintWithFigures, head: SprintWithFigures, unit: Unit) -> ItemChanges {
    let start = *head.0.start.get_ref();
    let old = |id: &String| {
        let items = &base.0.items;
        let n = items.iter().position(|o| o.id.get_ref() == id)?;
        Some((&items[n], base.1.item_sizes.get(n).copied()))
    };
    let mut changes = ItemChanges::default();
    for (n, item) in head.0.items.iter().enumerate() {
        let id = item.id.get_ref();
        let Some((was, old_size)) = old(id) else {
            match item.removed(start) == Some(item.added(start)) {
                true => changes.added_and_removed.push(id.clone()),
                false => changes.added.push(id.clone()),
            }
            continue;
        };
        let flags = [
            (is_done(item) && !is_done(was), &mut changes.done),
            (is_done(was) && !is_done(item), &mut changes.reopened),
            (is_removed(item) && !is_removed(was), &mut changes.removed),
        ];
        for (happened, list) in flags {
            if happened {
                list.push(id.clone());
            }
        }
        let new_size = head.1.item_sizes.get(n).copied();
        if let (Unit::Points, Some(before), Some(after)) = (unit, old_size, new_size) {
            let size = Change::points(before.0, after.0);
            if size.changed {
                changes.reestimated.push(Reestimate {
                    id: id.clone(),
                    size,
                });
            }
        }
    }
    changes.gone = base
        .0
        .items
        .iter()
        .filter(|o| {
            !head
                .0
                .items
                .iter()
                .any(|i| i.id.get_ref() == o.id.get_ref())
        })
        .map(|o| o.id.get_ref().clone())
        .collect();
    changes
}

fn is_done(item: &Item) -> bool {
    *item.status.get_ref() == ItemStatus::Done
}

fn is_removed(item: &Item) -> bool {
    *item.status.get_ref() == ItemStatus::Removed
}
