//! A team's settings and its sprints as a sequence: unique numbers, no overlaps.

use std::collections::BTreeMap;

use super::sprint::{Context, validate_sprint};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Site, Sprint, Team};

pub(super) fn validate_team(site: &Site, team: &Team, as_of: Date, out: &mut Vec<Diagnostic>) {
    settings(site, team, out);
    let calendar = site.calendar().for_team(&team.config);
    let mut numbers: BTreeMap<u32, &Sprint> = BTreeMap::new();
    for sprint in &team.sprints {
        let sprint_file = &site.sources[sprint.file];
        let number = &sprint.data.number;
        if let Some(first) = numbers.get(number.get_ref()) {
            out.push(
                Diagnostic::error(format!(
                    "sprint number {} is already used by `{}`",
                    number.get_ref(),
                    site.path_of(first)
                ))
                .at(sprint_file, number.span())
                .with_hint("each sprint of a team needs its own number"),
            );
        } else {
            numbers.insert(*number.get_ref(), sprint);
        }
        let context = Context {
            calendar: &calendar.for_sprint(&sprint.data),
            as_of,
            unit: site.unit(team),
        };
        validate_sprint(sprint_file, sprint, &context, out);
    }
    overlaps(site, team, out);
}

/// `team.toml`: the velocity window and the members' FTE.
fn settings(site: &Site, team: &Team, out: &mut Vec<Diagnostic>) {
    let file = &site.sources[team.file];
    let window = &team.config.velocity_window;
    if *window.get_ref() == 0 {
        out.push(Diagnostic::error("`velocity_window` must be at least 1").at(file, window.span()));
    }
    for member in &team.config.members {
        if member.fte < 0.0 || !member.fte.is_finite() {
            out.push(
                Diagnostic::error(format!(
                    "the FTE of `{}` must be a number of at least 0",
                    member.role
                ))
                .in_file(file.path.clone()),
            );
        }
    }
}

/// Sprints of one team, in date order, should not overlap.
fn overlaps(site: &Site, team: &Team, out: &mut Vec<Diagnostic>) {
    // A sprint that ends before it starts is reported as such, and overlaps nothing.
    let mut by_start: Vec<&Sprint> = team
        .sprints
        .iter()
        .filter(|s| s.data.start.get_ref() <= s.data.end.get_ref())
        .collect();
    by_start.sort_by_key(|s| *s.data.start.get_ref());
    for pair in by_start.windows(2) {
        let (earlier, later) = (pair[0], pair[1]);
        if later.data.start.get_ref() <= earlier.data.end.get_ref() {
            out.push(
                Diagnostic::warning(format!(
                    "this sprint starts on {} but `{}` runs until {}",
                    later.data.start.get_ref(),
                    site.path_of(earlier),
                    earlier.data.end.get_ref()
                ))
                .at(&site.sources[later.file], later.data.start.span())
                .with_hint("sprints of one team should not overlap"),
            );
        }
    }
}
