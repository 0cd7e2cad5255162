//! Free Markdown pages, the links to them, and the 404 page.

use super::contract::{Crumb, FreePageView, NotFoundView, PageLinkView, PageView, TeamLinkView};
use super::{ChartClock, Page, common, context};
use crate::diagnostics::Diagnostic;
use crate::model::paths::{free_page as free_page_path, normalized_base_url};
use crate::model::{Date, FreePage, Site};

pub fn free_page(site: &Site, page: &FreePage, as_of: Date) -> Result<Page, Diagnostic> {
    let depth = if page.team.is_some() { 2 } else { 1 };
    let team = page
        .team
        .as_deref()
        .and_then(|slug| site.teams.iter().find(|t| t.slug == slug));
    let mut breadcrumbs = Vec::new();
    if let Some(team) = team {
        breadcrumbs.push(Crumb {
            title: &team.config.name,
            url: Some("../index.html"),
        });
    }
    breadcrumbs.push(Crumb {
        title: &page.front.title,
        url: None,
    });
    let view = FreePageView {
        team: team.map(|t| TeamLinkView {
            slug: &t.slug,
            name: &t.config.name,
        }),
        page: PageView {
            slug: &page.slug,
            title: &page.front.title,
            date: page.front.date,
            description: page.front.description.as_deref(),
            draft: page.front.draft,
            body: &page.body,
        },
    };
    let path = free_page_path(page.team.as_deref(), &page.slug);
    let common = common(site, as_of, depth, &page.front.title, breadcrumbs);
    let context = context(&path, &common, &view)?;
    Ok(ChartClock::default().page(path, "page.html", context))
}

/// The 404 page is served at any unknown URL, so relative links cannot work there: its links
/// start from `base_url` when the site has one, and it carries its stylesheet and icon (the
/// texts of `style.css` and `favicon.svg`) in itself, so that it is styled at any depth of a
/// subpath and opened from a downloaded folder alike.
pub fn not_found_page<'a>(
    site: &'a Site,
    (stylesheet, icon): (Option<&'a str>, Option<&'a str>),
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let path = "404.html".to_string();
    let view = NotFoundView {
        root: site
            .config
            .base_url
            .as_deref()
            .and_then(normalized_base_url)
            .unwrap_or_default(),
        stylesheet,
        icon: icon.map(svg_data_url),
    };
    let common = common(site, as_of, 0, "Page not found", Vec::new());
    let context = context(&path, &common, &view)?;
    Ok(ChartClock::default().page(path, "404.html", context))
}

/// An SVG image as a `data:` URL, every byte but letters, digits and `-_.~` percent-encoded.
pub(super) fn svg_data_url(svg: &str) -> String {
    let mut url = String::from("data:image/svg+xml,");
    for byte in svg.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Links to the free pages of a team (or of the site, for `None`), newest first, relative to
/// the team page (or the index), whose folder holds them.
pub(super) fn page_links<'a>(pages: &[&'a FreePage], team: Option<&str>) -> Vec<PageLinkView<'a>> {
    let mut list: Vec<&FreePage> = pages
        .iter()
        .copied()
        .filter(|p| p.team.as_deref() == team)
        .collect();
    list.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.front.title.cmp(&b.front.title))
    });
    list.into_iter()
        .map(|p| PageLinkView {
            title: &p.front.title,
            date: p.front.date,
            description: p.front.description.as_deref(),
            draft: p.front.draft,
            url: format!("{}/index.html", p.slug),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// Markup and spaces are percent-encoded; letters and digits stay.
    #[test]
    fn an_svg_becomes_a_data_url() {
        assert_eq!(
            super::svg_data_url("<svg a=\"1\"/>é"),
            "data:image/svg+xml,%3Csvg%20a%3D%221%22%2F%3E%C3%A9"
        );
    }
}
