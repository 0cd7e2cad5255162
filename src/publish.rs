//! What GitHub Pages and feed readers need beyond the pages: `feed.xml` (Atom), `sitemap.xml`
//! and `CNAME`. Feed and sitemap need absolute URLs, so they exist only with a `base_url`.

use crate::charts::escape;
use crate::metrics::TeamFigures;
use crate::metrics::sprint::SprintFigures;
use crate::model::{Date, Site, Sprint, SprintStatus, Team};

/// `base_url` with exactly one trailing slash, if it is an absolute http(s) URL.
pub fn normalized_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let absolute = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len();
    absolute.then(|| format!("{}/", url.trim_end_matches('/')))
}

/// The URL of an output page: its folder, as GitHub Pages serves `folder/index.html`.
fn page_url(base: &str, path: &str) -> String {
    format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))
}

fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// How many sprint reports the feed lists: readers want what changed lately, and a site with
/// years of sprints would otherwise publish a feed of megabytes.
pub const FEED_ENTRIES: usize = 50;

/// An Atom feed of the [`FEED_ENTRIES`] most recently updated sprint reports, newest first.
pub fn feed(site: &Site, figures: &[TeamFigures], base: &str, as_of: Date) -> String {
    let mut sprints: Vec<(Date, &Team, &Sprint, &SprintFigures)> = Vec::new();
    for (team, f) in site.teams.iter().zip(figures) {
        for (sprint, sf) in team.sprints.iter().zip(&f.sprints) {
            let data = &sprint.data;
            let updated = data.updated.unwrap_or_else(|| match sf.status {
                SprintStatus::Planned => *data.start.get_ref(),
                SprintStatus::Active => as_of.min(*data.end.get_ref()),
                SprintStatus::Closed => *data.end.get_ref(),
            });
            sprints.push((updated, team, sprint, sf));
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
    for (updated, team, sprint, sf) in sprints {
        let data = &sprint.data;
        let url = page_url(base, &format!("{}/{}/index.html", team.slug, sprint.slug));
        let summary = format!(
            "{} sprint, {} to {}: {} of {} story points completed ({}%).",
            crate::render::label(match sf.status {
                SprintStatus::Planned => "planned",
                SprintStatus::Active => "active",
                SprintStatus::Closed => "closed",
            }),
            data.start.get_ref(),
            data.end.get_ref(),
            sf.completed,
            sf.total,
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

/// Every HTML page but the 404 page, as absolute URLs; `paths` are the output's files.
pub fn sitemap(paths: &[String], base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&page_url(base, path))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_with_one_slash() {
        assert_eq!(
            normalized_base_url("https://org.github.io/repo").as_deref(),
            Some("https://org.github.io/repo/")
        );
        assert_eq!(
            normalized_base_url("https://org.github.io/repo//").as_deref(),
            Some("https://org.github.io/repo/")
        );
        assert_eq!(normalized_base_url("/repo/"), None);
        assert_eq!(normalized_base_url("javascript:alert(1)"), None);
    }

    #[test]
    fn sitemap_lists_pages_by_folder() {
        let files: Vec<String> = ["404.html", "a/index.html", "index.html", "style.css"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            sitemap(&files, "https://x.io/r/"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://x.io/r/a/</loc></url>\n  <url><loc>https://x.io/r/</loc></url>\n</urlset>\n"
        );
    }
}
