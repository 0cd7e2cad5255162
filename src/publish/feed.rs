//! `feed.xml`: an Atom feed of the most recently updated sprint reports.

use crate::markdown::escape;
use crate::metrics::TeamFigures;
use crate::metrics::sprint::SprintFigures;
use crate::model::paths::{page_url, sprint_page};
use crate::model::{Date, Site, Sprint, Team, Unit, label};

fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// How many sprint reports the feed lists: readers want what changed lately, and a site with
/// years of sprints would otherwise publish a feed of megabytes.
pub const FEED_ENTRIES: usize = 50;

/// The day a sprint's report last changed, as far as the data tells, never after `as_of`:
/// its `updated` date, else its last reported day. A planned sprint without `updated` has
/// had no update yet (its start is still to come), so it has no date and no feed entry.
fn last_update(sprint: &Sprint, figures: &SprintFigures, as_of: Date) -> Option<Date> {
    let updated = sprint.data.updated.or(figures.last_reported)?;
    Some(updated.min(as_of))
}

/// An Atom feed of the [`FEED_ENTRIES`] most recently updated sprint reports, newest first.
pub fn feed(site: &Site, figures: &[TeamFigures], base: &str, as_of: Date) -> String {
    let mut sprints: Vec<(Date, &Team, &Sprint, &SprintFigures, Unit)> = Vec::new();
    for (team, f) in site.teams.iter().zip(figures) {
        for (sprint, sf) in team.sprints.iter().zip(&f.sprints) {
            if let Some(updated) = last_update(sprint, sf, as_of) {
                sprints.push((updated, team, sprint, sf, f.unit));
            }
        }
    }
    // Newest first; the sort is stable, so ties keep the team and sprint order.
    sprints.sort_by_key(|s| std::cmp::Reverse(s.0));
    sprints.truncate(FEED_ENTRIES);
    let updated = sprints.first().map_or(as_of, |s| s.0);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <generator version=\"{}\">sprintgen</generator>\n",
        escape(&site.config.title),
        escape(base),
        escape(base),
        escape(base),
        rfc3339(updated),
        escape(&site.config.title),
        env!("CARGO_PKG_VERSION"),
    );
    for (updated, team, sprint, sf, unit) in sprints {
        let data = &sprint.data;
        let url = page_url(base, &sprint_page(&team.slug, &sprint.slug));
        let summary = format!(
            "{} sprint, {} to {}: {} of {} {} completed ({}%).",
            label(sf.status.as_str()),
            data.start.get_ref(),
            data.end.get_ref(),
            sf.completed,
            sf.total,
            unit.noun(),
            sf.percent_completed
        );
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&format!(
                "{}: Sprint {}: {}",
                team.config.name,
                data.number.get_ref(),
                data.title
            )),
            escape(&url),
            escape(&url),
            rfc3339(updated),
            escape(&summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
