//! What `sprintgen notify` posts, one message per team, in each service's format: Slack's
//! Block Kit, a Microsoft Teams Adaptive Card (the card Teams' incoming webhooks and its
//! Workflows "when a Teams webhook request is received" accept), or a plain JSON document for
//! anything else. Every text comes from the notice (the sprint's headline, in the words of
//! its page) and is cut to the service's limits, so no data makes a message the service
//! refuses; JSON is written by serde, so no text can break it.

use serde::Serialize;
use serde_json::{Value, json};

use crate::metrics::health::Health;
use crate::model::{Date, SprintStatus};
use crate::views::{NoticeItem, NoticeView, full_date};

/// The services `notify` posts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Slack incoming webhook: Block Kit.
    Slack,
    /// A Microsoft Teams incoming webhook or Workflows webhook: an Adaptive Card.
    Teams,
    /// Any other webhook: the notice as a plain JSON document.
    Webhook,
}

impl Format {
    /// The service's name, as messages say it.
    pub fn service(self) -> &'static str {
        match self {
            Format::Slack => "Slack",
            Format::Teams => "Microsoft Teams",
            Format::Webhook => "the webhook",
        }
    }

    /// The name a state file keeps this format's posts under.
    pub fn key(self) -> &'static str {
        match self {
            Format::Slack => "slack",
            Format::Teams => "teams",
            Format::Webhook => "webhook",
        }
    }
}

/// The message for `notice` in `format`.
pub fn payload(format: Format, notice: &NoticeView) -> Value {
    match format {
        Format::Slack => slack(notice),
        Format::Teams => teams(notice),
        Format::Webhook => webhook(notice),
    }
}

/// Block Kit's limits (api.slack.com/reference/block-kit): characters of a header's text, of
/// a section's text, of an image's alternative text and of a button's label.
pub const SLACK_HEADER: usize = 150;
pub const SLACK_SECTION: usize = 3000;
pub const SLACK_ALT: usize = 2000;
pub const SLACK_BUTTON: usize = 75;
/// At most this many things that need attention are listed, each in at most [`ITEM`]
/// characters (so that ten with their links fit a section); the rest are counted.
const ATTENTION_LISTED: usize = 10;
const ITEM: usize = 150;

/// "AlphaPulse · Sprint 4".
fn kicker(notice: &NoticeView) -> String {
    format!("{} · Sprint {}", notice.team, notice.sprint_number)
}

/// A Slack message: the sprint as a header, the headline, what needs attention (each linking
/// to its section), the card, links to the pages, and the site and day.
fn slack(notice: &NoticeView) -> Value {
    let header = format!("{}: {}", kicker(notice), notice.sprint_title);
    let headline = format!(
        "{} *{}*",
        slack_mark(notice.headline.health),
        slack_escape(&notice.headline.text)
    );
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&clean(&header), SLACK_HEADER), "emoji": false}}),
        json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&headline, SLACK_SECTION)}}),
    ];
    if !notice.attention.is_empty() {
        let lines = listed(&notice.attention, |item| {
            let text = slack_escape(&cut(&item.text, ITEM)).replace('|', "¦");
            match &item.url {
                Some(url) => format!("• <{url}|{text}>"),
                None => format!("• {text}"),
            }
        });
        let text = format!("*Needs attention*\n{}", lines.join("\n"));
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&text, SLACK_SECTION)}}));
    }
    if let Some(url) = &notice.image_url {
        blocks.push(json!({"type": "image", "image_url": url, "alt_text": cut(&clean(&notice.image_alt), SLACK_ALT)}));
    }
    let buttons: Vec<Value> = links(notice)
        .into_iter()
        .enumerate()
        .map(|(n, (label, url))| json!({"type": "button", "action_id": format!("sprintgen-link-{n}"), "text": {"type": "plain_text", "text": cut(label, SLACK_BUTTON)}, "url": url}))
        .collect();
    if !buttons.is_empty() {
        blocks.push(json!({"type": "actions", "elements": buttons}));
    }
    let context = format!(
        "{} · as of {}",
        slack_escape(&notice.site),
        full_date(notice.as_of)
    );
    blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(&context, SLACK_SECTION)}]}));
    let text = format!("{}: {}", kicker(notice), notice.headline.text);
    json!({"text": cut(&slack_escape(&text), SLACK_SECTION), "blocks": blocks})
}

/// An emoji for the health, so the state shows before a word is read.
fn slack_mark(health: Option<Health>) -> &'static str {
    match health {
        Some(Health::OnTrack) => ":large_green_circle:",
        Some(Health::AtRisk) => ":large_yellow_circle:",
        Some(Health::OffTrack) => ":red_circle:",
        None => ":white_circle:",
    }
}

/// Text for Slack's `mrkdwn`: `&`, `<` and `>` as entities, as Slack asks (else `<!channel>`
/// in a title would notify a whole channel), and no line breaks.
fn slack_escape(text: &str) -> String {
    clean(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Adaptive Card schema version of the card: 1.4 is what Teams renders on every client
/// (desktop, web and mobile) and what its Workflows' webhook posts.
pub const TEAMS_CARD_VERSION: &str = "1.4";

/// A Teams message: an Adaptive Card with the sprint, its headline in the health's colour,
/// the card image, what needs attention, and buttons to the pages.
fn teams(notice: &NoticeView) -> Value {
    let colour = match notice.headline.health {
        Some(Health::OnTrack) => "Good",
        Some(Health::AtRisk) => "Warning",
        Some(Health::OffTrack) => "Attention",
        None => "Default",
    };
    let mut body = vec![
        json!({"type": "TextBlock", "text": clean(&kicker(notice)), "size": "Small", "isSubtle": true, "wrap": true}),
        json!({"type": "TextBlock", "text": clean(&notice.sprint_title), "size": "Large", "weight": "Bolder", "wrap": true}),
        json!({"type": "TextBlock", "text": clean(&notice.headline.text), "weight": "Bolder", "color": colour, "wrap": true}),
    ];
    if let Some(url) = &notice.image_url {
        body.push(json!({"type": "Image", "url": url, "altText": clean(&notice.image_alt), "size": "Stretch"}));
    }
    if !notice.attention.is_empty() {
        body.push(json!({"type": "TextBlock", "text": "Needs attention", "weight": "Bolder", "spacing": "Medium", "wrap": true}));
        let lines = listed(&notice.attention, |item| {
            format!("• {}", clean(&cut(&item.text, ITEM)))
        });
        body.extend(lines.into_iter().map(
            |line| json!({"type": "TextBlock", "text": line, "spacing": "None", "wrap": true}),
        ));
    }
    let footer = format!(
        "{} · as of {}",
        clean(&notice.site),
        full_date(notice.as_of)
    );
    body.push(json!({"type": "TextBlock", "text": footer, "size": "Small", "isSubtle": true, "wrap": true}));
    let actions: Vec<Value> = links(notice)
        .into_iter()
        .map(|(title, url)| json!({"type": "Action.OpenUrl", "title": title, "url": url}))
        .collect();
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": TEAMS_CARD_VERSION,
                "msteams": {"width": "Full"},
                "body": body,
                "actions": actions,
            }
        }]
    })
}

/// The plain JSON document (README, "Posting the headline"): its keys are a public contract.
#[derive(Serialize)]
struct Document<'a> {
    site: &'a str,
    as_of: Date,
    team: TeamPart<'a>,
    sprint: SprintPart<'a>,
    headline: &'a str,
    parts: &'a [String],
    health: Option<Health>,
    attention: Vec<ItemPart<'a>>,
    image: Option<&'a str>,
}

#[derive(Serialize)]
struct TeamPart<'a> {
    slug: &'a str,
    name: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct SprintPart<'a> {
    number: u32,
    slug: &'a str,
    title: &'a str,
    status: SprintStatus,
    start: Date,
    end: Date,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemPart<'a> {
    text: &'a str,
    url: Option<&'a str>,
}

fn webhook(notice: &NoticeView) -> Value {
    let document = Document {
        site: &notice.site,
        as_of: notice.as_of,
        team: TeamPart {
            slug: &notice.team_slug,
            name: &notice.team,
            url: notice.team_url.as_deref(),
        },
        sprint: SprintPart {
            number: notice.sprint_number,
            slug: &notice.sprint_slug,
            title: &notice.sprint_title,
            status: notice.status,
            start: notice.start,
            end: notice.end,
            url: notice.sprint_url.as_deref(),
        },
        headline: &notice.headline.text,
        parts: &notice.headline.parts,
        health: notice.headline.health,
        attention: notice
            .attention
            .iter()
            .map(|item| ItemPart {
                text: &item.text,
                url: item.url.as_deref(),
            })
            .collect(),
        image: notice.image_url.as_deref(),
    };
    serde_json::to_value(document).unwrap_or(Value::Null)
}

/// The links a message offers: the sprint's report and the team's page, when the site has a
/// `base_url`.
fn links(notice: &NoticeView) -> Vec<(&'static str, &str)> {
    [
        ("Open the sprint report", notice.sprint_url.as_deref()),
        ("Team page", notice.team_url.as_deref()),
    ]
    .into_iter()
    .filter_map(|(label, url)| Some((label, url?)))
    .collect()
}

/// The first [`ATTENTION_LISTED`] items as `line` writes them, and how many more there are.
fn listed(items: &[NoticeItem], line: impl Fn(&NoticeItem) -> String) -> Vec<String> {
    let mut lines: Vec<String> = items.iter().take(ATTENTION_LISTED).map(line).collect();
    if items.len() > ATTENTION_LISTED {
        lines.push(format!("…and {} more", items.len() - ATTENTION_LISTED));
    }
    lines
}

/// Text from data on one line: control characters (line breaks among them) become spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` in at most `max` characters, ended with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut kept: String = text.chars().take(max.saturating_sub(1)).collect();
    kept.push('…');
    kept
}
