//! Link previews: what a link to a sprint, team, release or portfolio page unfurls as in chat,
//! mail and social sites. The page's Open Graph and Twitter-card tags ([`PreviewView`], in
//! `base.html`) and the PNG card beside it ([`CardView`], which `outputs::Cards` draws) are
//! built here from the page's headline. Which pages get a card is decided here once
//! ([`card_pages`]), so a page's `og:image` and the files a build writes always agree.

use super::contract::{HeadlineView, PreviewImageView, PreviewView};
use super::headline::{
    full_date, health_part, long_date, portfolio_headline, release_headline, sprint_headline,
    team_headline,
};
use super::index::count;
use super::team::sprint_labels;
use crate::charts::{self, Chart};
use crate::diagnostics::Diagnostic;
use crate::metrics::TeamFigures;
use crate::metrics::release::ReleaseFigures;
use crate::model::paths::{
    card_image, normalized_base_url, page_url, release_page, sprint_page, team_page,
};
use crate::model::{CardPages, Date, Site};

use super::contract::HealthCountView;

/// A card's size in pixels: what Open Graph and Twitter ask of a large preview image (1.91:1).
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

/// A page that can have a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardPage {
    Portfolio,
    Team(usize),
    /// A team's sprint, by team and sprint index.
    Sprint(usize, usize),
    /// A release, by its index in the site's releases.
    Release(usize),
}

/// The pages that get a card, in the site's order: none without a `base_url` (a preview's
/// image needs an absolute URL, and nothing else shows a card), else as `[build] cards` says.
pub fn card_pages(site: &Site, figures: &[TeamFigures]) -> Vec<CardPage> {
    if !cards_wanted(site) {
        return Vec::new();
    }
    let mut pages = vec![CardPage::Portfolio];
    for (t, f) in figures.iter().enumerate() {
        pages.push(CardPage::Team(t));
        let sprints = (0..f.sprints.len()).filter(|&i| sprint_has_card(site, f, i));
        pages.extend(sprints.map(|i| CardPage::Sprint(t, i)));
    }
    pages.extend((0..site.releases.len()).map(CardPage::Release));
    pages
}

/// Whether the site draws cards at all.
fn cards_wanted(site: &Site) -> bool {
    base_url(site).is_some() && site.config.build.cards != CardPages::None
}

/// Whether sprint `index` of a team gets a card: every sprint's with `cards = "all"`, else the
/// current sprint's (the one its team page and the portfolio lead with).
fn sprint_has_card(site: &Site, figures: &TeamFigures, index: usize) -> bool {
    match site.config.build.cards {
        CardPages::All => true,
        CardPages::Current => figures.current_sprint() == Some(index),
        CardPages::None => false,
    }
}

fn base_url(site: &Site) -> Option<String> {
    site.config.base_url.as_deref().and_then(normalized_base_url)
}

/// What a card shows beside its headline.
pub enum CardChart {
    /// The page's main chart: a sprint's burndown, a team's velocity, a release's burn-up.
    Drawn(Chart),
    /// The portfolio's teams by health.
    Health(HealthCountView),
    /// A page whose chart has nothing to show yet (a sprint without days, a release without
    /// items).
    Nothing,
}

/// What a PNG card shows, in the words of its page.
pub struct CardView {
    /// Where it goes, relative to the output root.
    pub path: String,
    /// A short line above the title: "AlphaPulse · Sprint 4".
    pub kicker: String,
    pub title: String,
    pub headline: HeadlineView,
    /// The part of the headline that says how it is going, drawn in its colour.
    pub health_part: Option<usize>,
    pub chart: CardChart,
    /// "AlphaPulse delivery reports · as of Tue 28 Oct 2025".
    pub footer: String,
}

/// The card of one page.
pub fn card(
    site: &Site,
    figures: &[TeamFigures],
    releases: &[ReleaseFigures],
    as_of: Date,
    page: CardPage,
) -> Result<CardView, Diagnostic> {
    let (page_path, kicker, title, headline, chart) = match page {
        CardPage::Portfolio => {
            let counts = count(figures.iter());
            let headline = portfolio_headline(site, figures, counts);
            let kicker = "Portfolio".to_string();
            let title = site.config.title.clone();
            ("index.html".to_string(), kicker, title, headline, CardChart::Health(counts))
        }
        CardPage::Team(t) => {
            let (team, f) = (&site.teams[t], &figures[t]);
            let name = &team.config.name;
            let labels = sprint_labels(team);
            let chart = charts::velocity_chart(&f.velocity, &labels, name, f.unit)?;
            let kicker = format!("Team · {}", site.config.title);
            let headline = team_headline(team, f);
            (team_page(&team.slug), kicker, name.clone(), headline, drawn(chart))
        }
        CardPage::Sprint(t, i) => {
            let (team, f) = (&site.teams[t], &figures[t]);
            let sprint = &team.sprints[i];
            let number = sprint.data.number.get_ref();
            let title = format!("Sprint {number}: {}", sprint.data.title);
            let chart = charts::sprint_charts(&f.sprints[i], None, &title, f.unit)?.burndown;
            let kicker = format!("{} · Sprint {number}", team.config.name);
            let headline = sprint_headline(team, f, i);
            let path = sprint_page(&team.slug, &sprint.slug);
            (path, kicker, sprint.data.title.clone(), headline, drawn(chart))
        }
        CardPage::Release(r) => {
            let (release, f) = (&site.releases[r], &releases[r]);
            let (data, target) = (&release.data, *release.data.target.get_ref());
            let chart = charts::release_burnup(f, target, &data.title)?;
            let kicker = format!("Release · target {}", long_date(target));
            let headline = release_headline(f, target);
            let path = release_page(&release.slug);
            (path, kicker, data.title.clone(), headline, drawn(chart))
        }
    };
    Ok(CardView {
        path: card_image(&page_path),
        kicker,
        title,
        health_part: health_part(&headline),
        headline,
        chart,
        footer: format!("{} · as of {}", site.config.title, full_date(as_of)),
    })
}

fn drawn(chart: Option<Chart>) -> CardChart {
    chart.map_or(CardChart::Nothing, CardChart::Drawn)
}

/// What each kind of card shows beside its headline, for the image's alternative text.
pub(super) const PORTFOLIO_CHART: &str = "the teams by health";
pub(super) const TEAM_CHART: &str = "the velocity chart";
pub(super) const SPRINT_CHART: &str = "the burndown";
pub(super) const RELEASE_CHART: &str = "the burn-up";

/// The link preview of the page at `path` (relative to the output root), titled `title`,
/// saying `headline`; with the image of its card when it has one, which shows `card` (one of
/// the words above) beside the headline.
pub(super) fn preview(
    site: &Site,
    path: &str,
    title: String,
    headline: &HeadlineView,
    card: Option<&str>,
) -> PreviewView {
    let base = base_url(site);
    let image = match (&base, card) {
        (Some(base), Some(chart)) if cards_wanted(site) => Some(PreviewImageView {
            url: format!("{base}{}", card_image(path)),
            width: CARD_WIDTH,
            height: CARD_HEIGHT,
            alt: format!("{title}: {}; with {chart}.", headline.text),
        }),
        _ => None,
    };
    PreviewView {
        twitter_card: match image {
            Some(_) => "summary_large_image",
            None => "summary",
        },
        url: base.map(|base| page_url(&base, path)),
        title,
        description: headline.text.clone(),
        image,
    }
}

/// What the card of sprint `index` shows beside its headline, if the sprint has a card.
pub(super) fn sprint_card(site: &Site, figures: &TeamFigures, index: usize) -> Option<&'static str> {
    sprint_has_card(site, figures, index).then_some(SPRINT_CHART)
}
