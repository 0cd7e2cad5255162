//! Link previews: what a link to a sprint, team, release or portfolio page unfurls as in chat,
//! mail and social sites. The page's Open Graph and Twitter-card tags ([`PreviewView`], in
//! `base.html`) and the PNG card beside it ([`CardView`], which `outputs::Cards` draws) are
//! built here from the page's headline. Which pages get a card is decided here once
//! ([`card_pages`]), so a page's `og:image` and the files a build writes always agree.

use super::contract::{HeadlineView, HealthCountView, PreviewImageView, PreviewView};
use super::headline::{ReleaseHeadline, SprintHeadline, team_headline};
use super::index::portfolio;
use super::team::sprint_labels;
use crate::charts::{self, Chart};
use crate::diagnostics::Diagnostic;
use crate::metrics::TeamFigures;
use crate::metrics::release::ReleaseFigures;
use crate::model::paths::{
    card_image, normalized_base_url, page_url, release_page, sprint_page, team_page,
};
use crate::model::{CardPages, Date, Site, SprintStatus, Team, label};

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
    let team_cards = matches!(site.config.build.cards, CardPages::All | CardPages::Teams);
    for (t, f) in figures.iter().enumerate() {
        if team_cards {
            pages.push(CardPage::Team(t));
        }
        let sprints = (0..f.sprints.len()).filter(|&i| sprint_has_card(site, f, i));
        pages.extend(sprints.map(|i| CardPage::Sprint(t, i)));
    }
    pages.extend((0..site.releases.len()).map(CardPage::Release));
    pages
}

/// Whether the site draws cards at all: not without a `base_url`, nor for an encrypted site,
/// whose cards would show what its password keeps (the build leaves them out).
fn cards_wanted(site: &Site) -> bool {
    base_url(site).is_some()
        && site.config.build.cards != CardPages::None
        && !*site.config.publish.encrypt.get_ref()
}

/// Whether sprint `index` of a team gets a card: every sprint's with `cards = "all"`, else the
/// current sprint's (the one its team page and the portfolio lead with).
fn sprint_has_card(site: &Site, figures: &TeamFigures, index: usize) -> bool {
    match site.config.build.cards {
        CardPages::All => true,
        CardPages::Teams | CardPages::Current => figures.current_sprint() == Some(index),
        CardPages::None => false,
    }
}

fn base_url(site: &Site) -> Option<String> {
    site.config
        .base_url
        .as_deref()
        .and_then(normalized_base_url)
}

/// What a card shows beside its headline.
pub enum CardChart {
    /// The page's main chart: a sprint's burndown, a team's velocity, a release's burn-up.
    Drawn(Chart),
    /// The portfolio's teams by health.
    Health(HealthCountView),
    /// A sprint kept in summary form, which has no daily figures to draw: its totals, each
    /// as an amount and what it is ("34 SP", "committed").
    Totals(Vec<(String, &'static str)>),
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
    /// The page's headline, part by part ("Day 1 of 9", "4 of 13 SP done (31%)", …): a card
    /// draws one to a line.
    pub parts: Vec<String>,
    /// How things stand, as the headline's tone (`on-track`, `at-risk`, `off-track`, `done`).
    pub tone: Option<&'static str>,
    /// The part of the headline that says how it is going, drawn as a badge in its colour.
    pub tone_part: Option<usize>,
    pub chart: CardChart,
    /// "AlphaPulse delivery reports · as of Tue 28 Oct 2025".
    pub footer: String,
}

/// What a card is made of, before its headline is split: the page's path, the kicker, the
/// title, the headline and the chart.
type Parts = (String, String, String, HeadlineView, CardChart);

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
            let (counts, headline) = portfolio(site, figures, releases);
            let title = site.config.title.clone();
            let kicker = "Portfolio".to_string();
            (
                "index.html".to_string(),
                kicker,
                title,
                headline,
                CardChart::Health(counts),
            )
        }
        CardPage::Team(t) => team_parts(site, &site.teams[t], &figures[t])?,
        CardPage::Sprint(t, i) => sprint_parts(&site.teams[t], &figures[t], i)?,
        CardPage::Release(r) => release_parts(site, figures, r, &releases[r])?,
    };
    let parts = parts(&headline);
    Ok(CardView {
        path: card_image(&page_path),
        kicker,
        title,
        tone_part: tone_part(&parts, headline.tone),
        parts,
        tone: headline.tone,
        chart,
        footer: format!("{} · as of {}", site.config.title, full_date(as_of)),
    })
}

fn team_parts(site: &Site, team: &Team, f: &TeamFigures) -> Result<Parts, Diagnostic> {
    let name = &team.config.name;
    let labels = sprint_labels(team);
    let chart = charts::velocity_chart(&f.velocity, &labels, name, f.unit)?;
    let kicker = format!("Team · {}", site.config.title);
    let headline = team_headline(team, f);
    Ok((
        team_page(&team.slug),
        kicker,
        name.clone(),
        headline,
        drawn(chart),
    ))
}

fn sprint_parts(team: &Team, f: &TeamFigures, index: usize) -> Result<Parts, Diagnostic> {
    let sprint = &team.sprints[index];
    let number = sprint.data.number.get_ref();
    let title = format!("Sprint {number}: {}", sprint.data.title);
    let figures = &f.sprints[index];
    let chart = match charts::sprint_charts(figures, None, &title, f.unit)?.burndown {
        Some(chart) => CardChart::Drawn(chart),
        None if figures.summary_form => CardChart::Totals(vec![
            (f.unit.amount(&figures.committed.to_string()), "committed"),
            (f.unit.amount(&figures.completed.to_string()), "completed"),
        ]),
        None => CardChart::Nothing,
    };
    let kicker = format!("{} · Sprint {number}", team.config.name);
    let headline = sprint_headline(team, f, index);
    let path = sprint_page(&team.slug, &sprint.slug);
    Ok((path, kicker, sprint.data.title.clone(), headline, chart))
}

fn release_parts(
    site: &Site,
    figures: &[TeamFigures],
    r: usize,
    f: &ReleaseFigures,
) -> Result<Parts, Diagnostic> {
    let release = &site.releases[r];
    let (data, target) = (&release.data, *release.data.target.get_ref());
    let chart = charts::release_burnup(f, target, &data.title)?;
    let kicker = format!("Release · target {}", day(target, "%-d %b %Y"));
    let teams = data
        .team_slugs()
        .filter_map(|slug| site.team_index(slug))
        .map(|t| (&site.teams[t], &figures[t]))
        .collect();
    let headline = ReleaseHeadline {
        figures: f,
        target,
        teams,
    }
    .view();
    let path = release_page(&release.slug);
    Ok((path, kicker, data.title.clone(), headline, drawn(chart)))
}

/// A sprint's headline as its own page says it.
fn sprint_headline(team: &Team, figures: &TeamFigures, index: usize) -> HeadlineView {
    SprintHeadline {
        sprint: &team.sprints[index],
        figures: &figures.sprints[index],
        team: figures,
        link: "",
    }
    .view()
}

/// The parts of a headline's line, as it joins them.
fn parts(headline: &HeadlineView) -> Vec<String> {
    headline.text.split(" · ").map(str::to_string).collect()
}

/// Which part says the state in words: the tone's ("At risk"), or, before there is one, the
/// state a sprint's headline ends with ("Not started", "No figures reported yet").
fn tone_part(parts: &[String], tone: Option<&str>) -> Option<usize> {
    match tone {
        Some(tone) => parts.iter().position(|p| *p == label(tone)),
        None => (parts.len() > 1).then(|| parts.len() - 1),
    }
}

/// "Tue 28 Oct 2025".
pub fn full_date(date: Date) -> String {
    day(date, "%a %-d %b %Y")
}

fn day(date: Date, format: &str) -> String {
    date.0.strftime(format).to_string()
}

fn drawn(chart: Option<Chart>) -> CardChart {
    chart.map_or(CardChart::Nothing, CardChart::Drawn)
}

/// What each kind of card shows beside its headline, for the image's alternative text.
const PORTFOLIO_CHART: &str = "the teams by health";
const TEAM_CHART: &str = "the velocity chart";
const SPRINT_CHART: &str = "the burndown";
const RELEASE_CHART: &str = "the burn-up";

/// A page's card as its preview shows it: the image's path in the output, and what it shows
/// beside the headline.
pub(super) struct PreviewCard {
    path: String,
    shows: String,
}

/// The card of the page at `path` that always has one when the site draws cards (the
/// portfolio and the releases).
pub(super) fn page_card(site: &Site, path: &str) -> Option<PreviewCard> {
    let shows = match path {
        "index.html" => PORTFOLIO_CHART,
        _ => RELEASE_CHART,
    };
    cards_wanted(site).then(|| PreviewCard {
        path: card_image(path),
        shows: shows.to_string(),
    })
}

/// The card of sprint `index` of `team`, if it has one.
pub(super) fn sprint_card(
    site: &Site,
    team: &Team,
    figures: &TeamFigures,
    index: usize,
) -> Option<PreviewCard> {
    let has = cards_wanted(site) && sprint_has_card(site, figures, index);
    has.then(|| PreviewCard {
        path: card_image(&sprint_page(&team.slug, &team.sprints[index].slug)),
        shows: SPRINT_CHART.to_string(),
    })
}

/// The card a team page's preview shows: its own (the velocity chart) with `cards = "teams"`
/// or `"all"`; else its current sprint's, which the default draws anyway, so a team page's
/// link still unfurls with a picture of where its sprint stands.
pub(super) fn team_card(site: &Site, team: &Team, figures: &TeamFigures) -> Option<PreviewCard> {
    match site.config.build.cards {
        CardPages::All | CardPages::Teams if cards_wanted(site) => Some(PreviewCard {
            path: card_image(&team_page(&team.slug)),
            shows: TEAM_CHART.to_string(),
        }),
        _ => {
            let index = figures.current_sprint()?;
            let card = sprint_card(site, team, figures, index)?;
            let number = team.sprints[index].data.number.get_ref();
            Some(PreviewCard {
                shows: format!("the burndown of sprint {number}"),
                ..card
            })
        }
    }
}

/// The link preview of the page at `path` (relative to the output root), titled `title`,
/// described by its headline's line, with the image of `card`.
pub(super) fn preview(
    site: &Site,
    path: &str,
    title: String,
    headline: &str,
    card: Option<PreviewCard>,
) -> PreviewView {
    let base = base_url(site);
    let image = match (&base, card) {
        (Some(base), Some(card)) => Some(PreviewImageView {
            url: format!("{base}{}", card.path),
            width: CARD_WIDTH,
            height: CARD_HEIGHT,
            alt: format!("{title}: {headline}; with {}.", card.shows),
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
        description: headline.to_string(),
        image,
    }
}

/// What `sprintgen notify` says about a team: its current sprint's headline, with the
/// addresses of its pages and card when the site has a `base_url`.
#[derive(Debug)]
pub struct NoticeView {
    pub site: String,
    pub team_slug: String,
    pub team: String,
    pub sprint_number: u32,
    pub sprint_slug: String,
    pub sprint_title: String,
    pub status: SprintStatus,
    pub start: Date,
    pub end: Date,
    pub as_of: Date,
    /// The sprint's headline, as its page says it.
    pub headline: String,
    /// Its parts, as the line joins them.
    pub parts: Vec<String>,
    /// How the sprint is going (`on-track`, `at-risk`, `off-track`), once it has started.
    pub tone: Option<&'static str>,
    /// What needs attention, each with the address of the section that shows it.
    pub attention: Vec<NoticeItem>,
    pub sprint_url: Option<String>,
    pub team_url: Option<String>,
    /// The sprint's card, when it has one.
    pub image_url: Option<String>,
    /// What the card shows, for readers who cannot see it.
    pub image_alt: String,
}

/// One thing that needs attention, and where it is shown.
#[derive(Debug, PartialEq)]
pub struct NoticeItem {
    pub text: String,
    pub url: Option<String>,
    /// What it is about, the same from day to day while it stays a concern: its text, less a
    /// figure that moves daily (how far behind the ideal line).
    pub topic: String,
}

/// The notice of team `t`'s current sprint; none for a team without sprints.
pub fn notice(site: &Site, figures: &[TeamFigures], t: usize, as_of: Date) -> Option<NoticeView> {
    let (team, f) = (&site.teams[t], &figures[t]);
    let index = f.current_sprint()?;
    let sprint = &team.sprints[index];
    let data = &sprint.data;
    let headline = sprint_headline(team, f, index);
    let base = base_url(site);
    let address = |page: &str| base.as_deref().map(|base| page_url(base, page));
    let page = sprint_page(&team.slug, &sprint.slug);
    let title = format!("Sprint {}: {}", data.number.get_ref(), data.title);
    let image = sprint_has_card(site, f, index) && cards_wanted(site);
    Some(NoticeView {
        site: site.config.title.clone(),
        team_slug: team.slug.clone(),
        team: team.config.name.clone(),
        sprint_number: *data.number.get_ref(),
        sprint_slug: sprint.slug.clone(),
        sprint_title: data.title.clone(),
        status: f.sprints[index].status,
        start: *data.start.get_ref(),
        end: *data.end.get_ref(),
        as_of,
        attention: headline
            .attention
            .iter()
            .map(|a| NoticeItem {
                text: a.text.clone(),
                url: address(&page).map(|url| resolved(&url, &a.url)),
                topic: a.topic.map_or_else(|| a.text.clone(), str::to_string),
            })
            .collect(),
        // The card's address keeps its name from day to day, and chat services keep the image
        // of an address they fetched: the day in the query makes each day's post fetch anew.
        image_url: base
            .as_deref()
            .filter(|_| image)
            .map(|base| format!("{base}{}?as-of={as_of}", card_image(&page))),
        image_alt: format!(
            "{title} · {}: {}; with {SPRINT_CHART}.",
            team.config.name, headline.text
        ),
        sprint_url: address(&page),
        team_url: address(&team_page(&team.slug)),
        parts: parts(&headline),
        tone: headline.tone,
        headline: headline.text,
    })
}

/// A link of a page whose address is `page` (a folder's, ending in `/`) as an absolute
/// address: a fragment of the page, or a path from its folder (`../index.html`).
fn resolved(page: &str, link: &str) -> String {
    if link.starts_with('#') {
        return format!("{page}{link}");
    }
    let mut folder = page.trim_end_matches('/').to_string();
    let mut rest = link;
    while let Some(up) = rest.strip_prefix("../") {
        folder.truncate(folder.rfind('/').unwrap_or(folder.len()));
        rest = up;
    }
    format!(
        "{folder}/{}",
        rest.strip_suffix("index.html").unwrap_or(rest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_is_the_part_that_says_the_state_with_or_without_a_health() {
        let parts = |text: &str| text.split(" · ").map(str::to_string).collect::<Vec<_>>();
        let running = parts("Day 6 of 9 · 8 of 13 SP done (62%) · At risk");
        assert_eq!(tone_part(&running, Some("at-risk")), Some(2));
        let planned = parts("Starts Tue 11 Nov · 21 SP planned · Not started");
        assert_eq!(tone_part(&planned, None), Some(2));
        assert_eq!(tone_part(&parts("No sprints yet"), None), None);
    }
}
