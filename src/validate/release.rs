//! Releases: the teams they name exist, once each, and count in one unit; the target follows
//! the start; the epics they name are epics of those teams, and some item matches.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, hint_for};
use crate::model::{Release, Site, Team};

pub(super) fn validate_releases(site: &Site, out: &mut Vec<Diagnostic>) {
    for release in &site.releases {
        validate_release(site, release, out);
    }
}

fn validate_release(site: &Site, release: &Release, out: &mut Vec<Diagnostic>) {
    let file = &site.sources[release.file];
    let data = &release.data;
    let mut teams: Vec<&Team> = Vec::new();
    let mut seen = BTreeSet::new();
    if data.teams.get_ref().is_empty() {
        out.push(
            Diagnostic::error("a release needs at least one team")
                .at(file, data.teams.span())
                .with_hint("name the team folders under `content/`: `teams = [\"alphapulse\"]`"),
        );
    }
    for slug in data.teams.get_ref() {
        let name = slug.get_ref().as_str();
        if !seen.insert(name) {
            out.push(
                Diagnostic::error(format!("the team `{name}` is named twice"))
                    .at(file, slug.span()),
            );
            continue;
        }
        match site.team_index(name) {
            Some(t) => teams.push(&site.teams[t]),
            None => {
                let mut d = Diagnostic::error(format!(
                    "the release names the team `{name}`, which does not exist"
                ))
                .at(file, slug.span());
                let close = hint_for(name, site.teams.iter().map(|t| t.slug.as_str()));
                d = match close {
                    Some(close) => d.with_hint(close),
                    None => {
                        d.with_hint("teams are the folders under `content/` with a `team.toml`")
                    }
                };
                out.push(d);
            }
        }
    }
    units(site, release, &teams, out);
    if let Some(start) = &data.start
        && data.target.get_ref() < start.get_ref()
    {
        out.push(
            Diagnostic::error(format!(
                "the release is due on {}, before it starts ({})",
                data.target.get_ref(),
                start.get_ref()
            ))
            .at(file, data.target.span()),
        );
    }
    filter(site, release, &teams, out);
}

/// The teams of a release count in one unit: points and issues do not add up.
fn units(site: &Site, release: &Release, teams: &[&Team], out: &mut Vec<Diagnostic>) {
    let Some(first) = teams.first() else {
        return;
    };
    let unit = site.unit(first);
    if let Some(other) = teams.iter().find(|t| site.unit(t) != unit) {
        out.push(
            Diagnostic::error(format!(
                "the teams of this release count in different units: `{}` counts {}, `{}` {}",
                first.slug,
                unit.as_str(),
                other.slug,
                site.unit(other).as_str()
            ))
            .at(&site.sources[release.file], release.data.teams.span())
            .with_hint("set the same `unit` in their `team.toml`"),
        );
    }
}

/// Warnings for a filter that misses: an epic none of the teams' items has, or no matching
/// item at all.
fn filter(site: &Site, release: &Release, teams: &[&Team], out: &mut Vec<Diagnostic>) {
    let file = &site.sources[release.file];
    let data = &release.data;
    let items = || {
        teams
            .iter()
            .flat_map(|t| &t.sprints)
            .flat_map(|s| &s.data.items)
    };
    let known: BTreeSet<&str> = items().filter_map(|i| i.epic.as_deref()).collect();
    for epic in &data.epics {
        let name = epic.get_ref().as_str();
        if known.contains(name) {
            continue;
        }
        let mut d = Diagnostic::warning(format!(
            "no item of the release's teams has the epic `{name}`"
        ))
        .at(file, epic.span());
        if let Some(close) = hint_for(name, known.iter().copied()) {
            d = d.with_hint(close);
        }
        out.push(d);
    }
    if !teams.is_empty() && !items().any(|i| data.matches(i)) {
        let span = data
            .epics
            .first()
            .or(data.id_prefixes.first())
            .map_or(data.teams.span(), |s| s.span());
        out.push(
            Diagnostic::warning("no item of the release's teams matches its `epics` and `id_prefixes`")
                .at(file, span)
                .with_hint("an item matches when its epic is one of `epics` (if given) and its id starts with one of `id_prefixes` (if given)"),
        );
    }
}
