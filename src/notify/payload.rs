//! What `sprintgen notify` posts, one message per team, in each service's format: Slack's
//! Block Kit, a Microsoft Teams Adaptive Card (the card Teams' incoming webhooks and its
//! Workflows "when a Teams webhook request is received" accept), or a plain JSON document for
//! anything else. Every text comes from the notice (the sprint's headline, in the words of
//! its page) and is cut to the service's limits, so no data makes a message the service
//! refuses; JSON is written by serde, so no text can break it.

use serde::Serialize;
use serde_json::{Value, json};

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
        slack_mark(notice.tone),
        slack_escape(&notice.headline)
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
    let text = format!("{}: {}", kicker(notice), notice.headline);
    json!({"text": cut(&slack_escape(&text), SLACK_SECTION), "blocks": blocks})
}

/// An emoji for the sprint's health, so the state shows before a word is read.
fn slack_mark(tone: Option<&str>) -> &'static str {
    match tone {
        Some("on-track") => ":large_green_circle:",
        Some("at-risk") => ":large_yellow_circle:",
        Some("off-track") => ":red_circle:",
        _ => ":white_circle:",
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
/// the card image, what needs attention (each linking to its section), and buttons to the
/// pages. Every text from the data is a `TextRun`, which Teams shows as it is: a `TextBlock`
/// reads Markdown, so a title such as `[Pay here](https://…)` would become a link.
fn teams(notice: &NoticeView) -> Value {
    let colour = match notice.tone {
        Some("on-track") => "Good",
        Some("at-risk") => "Warning",
        Some("off-track") => "Attention",
        _ => "Default",
    };
    let mut body = vec![
        plain(&kicker(notice), json!({"size": "Small", "isSubtle": true})),
        plain(
            &notice.sprint_title,
            json!({"size": "Large", "weight": "Bolder"}),
        ),
        plain(
            &notice.headline,
            json!({"weight": "Bolder", "color": colour}),
        ),
    ];
    if let Some(url) = &notice.image_url {
        body.push(json!({"type": "Image", "url": url, "altText": cut(&clean(&notice.image_alt), TEAMS_TEXT), "size": "Stretch"}));
    }
    if !notice.attention.is_empty() {
        body.push(json!({"type": "TextBlock", "text": "Needs attention", "weight": "Bolder", "spacing": "Medium", "wrap": true}));
        body.extend(
            notice
                .attention
                .iter()
                .take(ATTENTION_LISTED)
                .map(teams_item),
        );
        if notice.attention.len() > ATTENTION_LISTED {
            let more = format!("…and {} more", notice.attention.len() - ATTENTION_LISTED);
            body.push(json!({"type": "TextBlock", "text": more, "spacing": "None", "wrap": true}));
        }
    }
    let footer = format!("{} · as of {}", notice.site, full_date(notice.as_of));
    body.push(plain(&footer, json!({"size": "Small", "isSubtle": true})));
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

/// At most this many characters of one text from the data in a Teams card: a whole card must
/// stay under the 28 KB Teams takes.
const TEAMS_TEXT: usize = 500;

/// Text from the data as a paragraph of one `TextRun` in `style` (its colour, size, weight).
fn plain(text: &str, style: Value) -> Value {
    let mut run = json!({"type": "TextRun", "text": cut(&clean(text), TEAMS_TEXT)});
    if let (Some(run), Value::Object(style)) = (run.as_object_mut(), style) {
        run.extend(style);
    }
    json!({"type": "RichTextBlock", "inlines": [run]})
}

/// One thing that needs attention as a bullet whose text opens its section.
fn teams_item(item: &NoticeItem) -> Value {
    let mut run = json!({"type": "TextRun", "text": cut(&clean(&item.text), ITEM)});
    if let (Some(url), Some(run)) = (&item.url, run.as_object_mut()) {
        run.insert("color".into(), json!("Accent"));
        run.insert(
            "selectAction".into(),
            json!({"type": "Action.OpenUrl", "url": url}),
        );
    }
    json!({"type": "RichTextBlock", "spacing": "None", "inlines": [{"type": "TextRun", "text": "• "}, run]})
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
    health: Option<&'a str>,
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
        headline: &notice.headline,
        parts: &notice.parts,
        health: notice.tone,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A notice whose every text is hostile: markup, Slack's mentions and links, JSON's
    /// quotes and escapes, line breaks, and far longer than any limit.
    fn hostile() -> NoticeView {
        let evil = "<!channel> <@U123> </script>\"quoted\" \\ & <https://evil.example|click> [Pay](https://evil.example) **bold**\n";
        let long = evil.repeat(60);
        NoticeView {
            site: long.clone(),
            team_slug: "core".into(),
            team: evil.into(),
            sprint_number: 7,
            sprint_slug: "sprint-07".into(),
            sprint_title: long.clone(),
            status: SprintStatus::Active,
            start: Date::parse("2025-11-03").unwrap(),
            end: Date::parse("2025-11-14").unwrap(),
            as_of: Date::parse("2025-11-07").unwrap(),
            headline: long.clone(),
            parts: vec![long.clone()],
            tone: Some("off-track"),
            attention: (0..14)
                .map(|n| NoticeItem {
                    text: format!("{n} {long}"),
                    url: Some(format!("https://org.example/r/core/sprint-07/#blockers{n}")),
                    topic: format!("{n}"),
                })
                .collect(),
            sprint_url: Some("https://org.example/r/core/sprint-07/".into()),
            team_url: Some("https://org.example/r/core/".into()),
            image_url: Some("https://org.example/r/core/sprint-07/card.png".into()),
            image_alt: long,
        }
    }

    fn text_of(block: &Value) -> &str {
        block
            .pointer("/text/text")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    #[test]
    fn a_slack_message_keeps_to_block_kit_s_limits_and_escapes_every_text() {
        let message = payload(Format::Slack, &hostile());
        let blocks = message["blocks"].as_array().unwrap();
        let types: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(
            types,
            [
                "header", "section", "section", "image", "actions", "context"
            ]
        );
        assert!(text_of(&blocks[0]).chars().count() <= SLACK_HEADER);
        assert!(text_of(&blocks[1]).chars().count() <= SLACK_SECTION);
        assert!(text_of(&blocks[2]).chars().count() <= SLACK_SECTION);
        assert!(blocks[3]["alt_text"].as_str().unwrap().chars().count() <= SLACK_ALT);
        for button in blocks[4]["elements"].as_array().unwrap() {
            assert!(text_of(button).chars().count() <= SLACK_BUTTON);
        }
        // Ten things that need attention, then a count of the rest.
        let attention = text_of(&blocks[2]);
        assert!(attention.contains("…and 4 more"), "{attention}");
        assert_eq!(attention.matches("• <https://org.example/").count(), 10);
        // No mention, no link of the data's own, no line break from the data.
        for text in [
            text_of(&blocks[1]),
            attention,
            message["text"].as_str().unwrap(),
        ] {
            assert!(
                !text.contains("<!channel>") && !text.contains("<@U123>"),
                "{text}"
            );
            assert!(!text.contains("<https://evil"), "{text}");
            assert!(text.contains("&lt;!channel&gt;"), "{text}");
        }
        assert!(!text_of(&blocks[0]).contains('\n'));
        assert!(text_of(&blocks[1]).starts_with(":red_circle: *"));
        // The JSON reads back as the same value: quotes and backslashes are escaped.
        let text = serde_json::to_string(&message).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), message);
    }

    #[test]
    fn a_teams_message_is_an_adaptive_card_of_version_1_4() {
        let message = payload(Format::Teams, &hostile());
        assert_eq!(message["type"], "message");
        let attachment = &message["attachments"][0];
        assert_eq!(
            attachment["contentType"],
            "application/vnd.microsoft.card.adaptive"
        );
        let card = &attachment["content"];
        assert_eq!(card["type"], "AdaptiveCard");
        assert_eq!(card["version"], TEAMS_CARD_VERSION);
        assert_eq!(TEAMS_CARD_VERSION, "1.4");
        let body = card["body"].as_array().unwrap();
        assert_eq!(body[2]["inlines"][0]["color"], "Attention");
        assert_eq!(
            body[3]["url"],
            "https://org.example/r/core/sprint-07/card.png"
        );
        // Text from the data is only ever in a `TextRun`, which Teams does not read as
        // Markdown; a `TextBlock` (which does) holds sprintgen's own words alone.
        for block in body {
            match block["type"].as_str().unwrap() {
                "TextBlock" => {
                    let text = block["text"].as_str().unwrap();
                    assert!(text == "Needs attention" || text == "…and 4 more", "{text}");
                }
                "RichTextBlock" => {
                    for run in block["inlines"].as_array().unwrap() {
                        assert_eq!(run["type"], "TextRun");
                        let text = run["text"].as_str().unwrap();
                        assert!(!text.contains('\n') && text.chars().count() <= 500);
                    }
                }
                "Image" => assert!(block["altText"].as_str().unwrap().chars().count() <= 500),
                other => panic!("an element notify does not send: {other}"),
            }
        }
        // Ten of the fourteen things that need attention, each opening its section.
        let items: Vec<&Value> = body.iter().filter_map(|b| b["inlines"].get(1)).collect();
        assert_eq!(items.len(), 10);
        assert_eq!(
            items[3]["selectAction"],
            json!({"type": "Action.OpenUrl", "url": "https://org.example/r/core/sprint-07/#blockers3"})
        );
        let actions: Vec<&str> = card["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["url"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "https://org.example/r/core/sprint-07/",
                "https://org.example/r/core/"
            ]
        );
    }

    #[test]
    fn the_plain_document_names_the_team_the_sprint_and_its_headline() {
        let mut notice = hostile();
        notice.attention.truncate(1);
        notice.team = "Core".into();
        let document = payload(Format::Webhook, &notice);
        assert_eq!(document["team"]["slug"], "core");
        assert_eq!(document["team"]["name"], "Core");
        assert_eq!(document["sprint"]["number"], 7);
        assert_eq!(document["sprint"]["status"], "active");
        assert_eq!(document["sprint"]["start"], "2025-11-03");
        assert_eq!(document["as_of"], "2025-11-07");
        assert_eq!(document["health"], "off-track");
        assert_eq!(document["headline"], notice.headline.as_str());
        assert_eq!(
            document["attention"][0]["url"],
            "https://org.example/r/core/sprint-07/#blockers0"
        );
        assert_eq!(
            document["image"],
            "https://org.example/r/core/sprint-07/card.png"
        );
    }

    #[test]
    fn text_is_cut_by_characters_with_an_ellipsis() {
        assert_eq!(cut("Sprint", 6), "Sprint");
        assert_eq!(cut("Sprint", 4), "Spr…");
        assert_eq!(cut("über", 2), "ü…");
        assert_eq!(clean("a\nb\tc"), "a b c");
    }
}
