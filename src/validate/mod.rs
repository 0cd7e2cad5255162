//! Checks that need more than one value: dates against each other and the as-of date, ids
//! against each other, totals against items, page URLs against each other, releases against
//! the teams they name. Each diagnostic
//! points at the offending value. Parsing (in `load`) has already checked every single value's
//! type and spelling.

mod pages;
mod release;
mod sprint;
mod team;
#[cfg(test)]
mod tests;

use crate::diagnostics::Diagnostic;
use crate::model::paths::{CONFIG_FILE, normalized_base_url};
use crate::model::{Date, Site, Team};

/// Longer sprints are almost always a mistyped year, and would make every chart and series
/// as long as the typo.
pub const MAX_SPRINT_DAYS: i64 = 120;

/// All problems of a loaded site, errors and warnings.
pub fn validate(site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    settings(site, &mut out);
    for team in &site.teams {
        out.extend(validate_team(site, team, as_of));
    }
    pages::validate_pages(site, &mut out);
    release::validate_releases(site, &mut out);
    out
}

/// The site's settings: `base_url` (or `--base-url`, which replaces it) makes the absolute
/// URLs of the feed and the sitemap.
fn settings(site: &Site, out: &mut Vec<Diagnostic>) {
    if let Some(url) = &site.config.base_url
        && normalized_base_url(url).is_none()
    {
        out.push(
            Diagnostic::error(format!(
                "`base_url` must be an absolute http(s) URL, such as https://org.github.io/repo/, not `{url}`"
            ))
            .in_file(CONFIG_FILE),
        );
    }
}

/// The problems of one team and its sprints (also after an edit to one of its files).
pub fn validate_team(site: &Site, team: &Team, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    team::validate_team(site, team, as_of, &mut out);
    out
}
