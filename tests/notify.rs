//! `sprintgen notify` against a local receiver on 127.0.0.1 that answers as Slack's and
//! Teams' incoming webhooks document (`ok`, `invalid_blocks`, 202, 429 with `Retry-After`):
//! each payload's shape and limits, the links to the published site, retries, refusals that
//! say what the service said, `--only-changes`, and a webhook address that is never printed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use crate::common::fake::{Fake, Request, Response};
use crate::common::{self, assert_success, repo_root};

const BASE: &str = "https://org.github.io/alphapulse/";
/// The webhook's secret part, which nothing may print.
const SECRET: &str = "/services/T0001/B0002/XXXXSECRETXXXX";

fn text(status: u16, body: &str) -> Response {
    Response::json(status, body).with_header("Content-Type", "text/plain; charset=utf-8")
}

/// Runs `notify` in `site` with the webhook at `fake` (in the environment, as a workflow
/// passes its secret).
fn notify(site: &Path, fake: &Fake, args: &[&str]) -> Output {
    common::sprintgen_command()
        .arg("notify")
        .args(args)
        .env("SPRINTGEN_WEBHOOK_URL", format!("{}{SECRET}", fake.url))
        .current_dir(site)
        .output()
        .unwrap()
}

fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn bodies(fake: &Fake) -> Vec<Value> {
    fake.requests()
        .iter()
        .map(|r: &Request| {
            assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", SECRET));
            assert_eq!(r.header("content-type"), Some("application/json"));
            serde_json::from_str(&r.body).expect("the payload is JSON")
        })
        .collect()
}

fn chars(value: &Value) -> usize {
    value.as_str().expect("a text").chars().count()
}

/// Block Kit's rules for what `notify` sends (api.slack.com/reference/block-kit): the block
/// types, at most 50 blocks, and each text's limit.
fn check_slack(message: &Value) {
    assert!(chars(&message["text"]) > 0, "a notification text");
    let blocks = message["blocks"].as_array().unwrap();
    assert!(!blocks.is_empty() && blocks.len() <= 50);
    for block in blocks {
        match block["type"].as_str().unwrap() {
            "header" => {
                assert_eq!(block["text"]["type"], "plain_text");
                assert!(chars(&block["text"]["text"]) <= 150);
            }
            "section" => {
                assert_eq!(block["text"]["type"], "mrkdwn");
                assert!(chars(&block["text"]["text"]) <= 3000);
            }
            "image" => {
                assert!(chars(&block["alt_text"]) <= 2000);
                assert!(block["image_url"].as_str().unwrap().starts_with("https://"));
            }
            "actions" => {
                let elements = block["elements"].as_array().unwrap();
                assert!(elements.len() <= 25);
                let ids: BTreeSet<&str> = elements
                    .iter()
                    .map(|e| e["action_id"].as_str().unwrap())
                    .collect();
                assert_eq!(ids.len(), elements.len(), "action ids are unique");
                for button in elements {
                    assert_eq!(button["type"], "button");
                    assert!(chars(&button["text"]["text"]) <= 75);
                    assert!(chars(&button["url"]) <= 3000);
                }
            }
            "context" => assert!(block["elements"].as_array().unwrap().len() <= 10),
            other => panic!("a block type notify does not send: {other}"),
        }
    }
}

#[test]
fn slack_gets_each_team_s_headline_what_needs_attention_its_card_and_links() {
    let fake = Fake::start(|_| text(200, "ok"));
    let out = notify(&repo_root(), &fake, &["slack"]);
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "posted AlphaPulse, sprint 4 to Slack\nposted Beacon, sprint 4 to Slack\n"
    );
    assert!(!printed(&out).contains(SECRET));
    let messages = bodies(&fake);
    assert_eq!(messages.len(), 2);
    messages.iter().for_each(check_slack);
    let alpha = &messages[0]["blocks"];
    assert_eq!(
        alpha[0]["text"]["text"],
        "AlphaPulse · Sprint 4: Phase 3 Kickoff - Load Testing & Initial Implementation"
    );
    assert_eq!(
        alpha[1]["text"]["text"],
        ":large_green_circle: *Day 1 of 9 · 4 of 13 SP done (31%) · On track*"
    );
    let attention = alpha[2]["text"]["text"].as_str().unwrap();
    assert!(attention.contains(&format!(
        "<{BASE}alphapulse/sprint-04/#blockers|Open blocker, high impact: Staging environment access>"
    )));
    // The card by its published address (the file a build writes there), with the day in
    // the query, so that a chat service that keeps images by address fetches each day's.
    let image = alpha[3]["image_url"].as_str().unwrap();
    assert_eq!(
        image,
        format!("{BASE}alphapulse/sprint-04/card.png?as-of=2025-10-28")
    );
    let image = image.strip_suffix("?as-of=2025-10-28").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    assert_success(&common::sprintgen(
        &["build", "-q", "-o", output.to_str().unwrap()],
        &repo_root(),
    ));
    assert!(output.join(image.strip_prefix(BASE).unwrap()).is_file());
    assert_eq!(
        alpha[4]["elements"][0]["url"],
        format!("{BASE}alphapulse/sprint-04/")
    );
    // The headline is the one the page's preview says.
    let page = std::fs::read_to_string(output.join("alphapulse/sprint-04/index.html")).unwrap();
    assert!(page.contains(
        "<meta property=\"og:description\" content=\"Day 1 of 9 · 4 of 13 SP done (31%) · On track\">"
    ));
}

#[test]
fn teams_gets_an_adaptive_card_of_version_1_4() {
    // A Workflows webhook accepts with 202 and no body.
    let fake = Fake::start(|_| text(202, ""));
    let out = notify(&repo_root(), &fake, &["teams", "--team", "beacon"]);
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "posted Beacon, sprint 4 to Microsoft Teams\n"
    );
    let messages = bodies(&fake);
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message["type"], "message");
    let attachments = message["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(
        attachments[0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let card = &attachments[0]["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(card["version"], "1.4");
    assert_eq!(
        card["$schema"],
        "http://adaptivecards.io/schemas/adaptive-card.json"
    );
    for element in card["body"].as_array().unwrap() {
        match element["type"].as_str().unwrap() {
            "TextBlock" => assert_eq!(element["text"], "Needs attention"),
            "RichTextBlock" => assert!(chars(&element["inlines"][0]["text"]) > 0),
            "Image" => {
                assert_eq!(
                    element["url"],
                    format!("{BASE}beacon/sprint-04/card.png?as-of=2025-10-28")
                );
                assert!(chars(&element["altText"]) > 0);
            }
            other => panic!("an element notify does not send: {other}"),
        }
    }
    let run = &card["body"][2]["inlines"][0];
    assert_eq!(run["text"], "Day 1 of 9 · 0 of 9 SP done (0%) · At risk");
    assert_eq!(run["color"], "Warning");
    // What needs attention opens its section.
    let item = &card["body"][5]["inlines"][1];
    assert_eq!(item["text"], "11% of the scope behind the ideal line");
    assert_eq!(
        item["selectAction"]["url"],
        format!("{BASE}beacon/sprint-04/#burndown")
    );
    for action in card["actions"].as_array().unwrap() {
        assert_eq!(action["type"], "Action.OpenUrl");
        assert!(action["url"].as_str().unwrap().starts_with(BASE));
    }
}

#[test]
fn any_other_webhook_gets_the_notice_as_plain_json() {
    let fake = Fake::start(|_| text(204, ""));
    let out = notify(&repo_root(), &fake, &["webhook", "--team", "alphapulse"]);
    assert_success(&out);
    let messages = bodies(&fake);
    let document = &messages[0];
    assert_eq!(document["team"]["slug"], "alphapulse");
    assert_eq!(document["sprint"]["number"], 4);
    assert_eq!(document["sprint"]["status"], "active");
    assert_eq!(document["health"], "on-track");
    assert_eq!(document["as_of"], "2025-10-28");
    assert_eq!(
        document["parts"],
        serde_json::json!(["Day 1 of 9", "4 of 13 SP done (31%)", "On track"])
    );
    assert_eq!(
        document["attention"][1]["text"],
        "Critical goal not started: Load Testing Validation"
    );
    assert_eq!(
        document["attention"][1]["url"],
        format!("{BASE}alphapulse/sprint-04/#goals")
    );
}

#[test]
fn a_rate_limit_is_waited_out_as_the_service_asks() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let fake = Fake::start(move |_| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => text(429, "rate_limited").with_header("Retry-After", "0"),
        _ => text(200, "ok"),
    });
    let out = notify(&repo_root(), &fake, &["slack", "--team", "alphapulse"]);
    assert_success(&out);
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(bodies(&fake)[0], bodies(&fake)[1]);
}

#[test]
fn a_refusal_says_what_the_service_said_and_never_shows_the_address() {
    let fake = Fake::start(|_| text(400, "invalid_blocks"));
    let out = notify(&repo_root(), &fake, &["slack"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "AlphaPulse, sprint 4: Slack refused the message (HTTP 400 to POST http://127.0.0.1:"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("/…): invalid_blocks"), "{stderr}");
    assert!(!printed(&out).contains(SECRET), "{stderr}");
    // It stopped at the first refusal.
    assert_eq!(fake.requests().len(), 1);
    let gone = Fake::start(|_| text(404, "no_service"));
    let out = notify(&repo_root(), &gone, &["teams", "--team", "beacon"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no_service") && stderr.contains("revoked"),
        "{stderr}"
    );
}

#[test]
fn only_changes_posts_a_team_again_only_when_its_health_or_attention_changed() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_example(&site, "");
    let fake = Fake::start(|_| text(200, "ok"));
    let run = |args: &[&str]| {
        let mut all = vec!["slack", "--only-changes"];
        all.extend(args);
        let out = notify(&site, &fake, &all);
        assert_success(&out);
        out
    };
    run(&[]);
    assert_eq!(fake.requests().len(), 2);
    let state = site.join(".sprintgen/notify-state.json");
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(kept["posted"]["slack"]["beacon"]["health"], "at-risk");
    // Nothing changed: nothing posted, and it says so.
    let again = run(&[]);
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        "AlphaPulse, sprint 4: unchanged since the last post, not posted\nBeacon, sprint 4: unchanged since the last post, not posted\n"
    );
    // The blocker is resolved: AlphaPulse's attention list changed, Beacon's did not.
    let file = site.join("content/alphapulse/sprint-04.toml");
    let sprint = std::fs::read_to_string(&file).unwrap();
    let resolved = sprint.replacen(
        "status = \"open\"\nresolution",
        "status = \"resolved\"\nresolution",
        1,
    );
    assert_ne!(resolved, sprint);
    std::fs::write(&file, resolved).unwrap();
    let third = run(&[]);
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(
        String::from_utf8_lossy(&third.stdout),
        "posted AlphaPulse, sprint 4 to Slack\n"
    );
    // A dry run shows what would be posted and records nothing.
    let before = std::fs::read_to_string(&state).unwrap();
    let dry = run(&["--dry-run"]);
    assert_eq!(String::from_utf8_lossy(&dry.stdout), "");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), before);
}

/// Beacon stays at risk from 28 to 29 October, 11% and then 22% of its scope behind the ideal
/// line: the figure moves every day a sprint is behind, which is no news; off track on the
/// 30th is.
#[test]
fn only_changes_takes_a_day_further_behind_for_no_news_and_a_worse_health_for_news() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_example(&site, "");
    let fake = Fake::start(|_| text(200, "ok"));
    let run = |day: &str| {
        let out = notify(
            &site,
            &fake,
            &[
                "slack",
                "--only-changes",
                "--team",
                "beacon",
                "--as-of",
                day,
            ],
        );
        assert_success(&out);
        fake.requests().len()
    };
    assert_eq!(run("2025-10-28"), 1);
    let first = &bodies(&fake)[0];
    assert!(
        first["blocks"][2]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("11% of the scope behind")
    );
    assert_eq!(run("2025-10-29"), 1, "still at risk, only further behind");
    assert_eq!(run("2025-10-30"), 2, "off track now");
    let last = &bodies(&fake)[1];
    assert!(
        last["blocks"][2]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("33% of the scope behind")
    );
}

#[test]
fn a_dry_run_prints_the_messages_and_needs_no_address() {
    let out = common::sprintgen_command()
        .args(["notify", "teams", "--dry-run", "--root"])
        .arg(repo_root())
        .env_remove("SPRINTGEN_WEBHOOK_URL")
        .output()
        .unwrap();
    assert_success(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let messages: Vec<Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect();
    assert_eq!(messages.len(), 2);
    assert!(
        messages
            .iter()
            .all(|m| m["attachments"][0]["content"]["version"] == "1.4")
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("dry run: nothing was posted"));
    let without = common::sprintgen_command()
        .args(["notify", "slack", "--root"])
        .arg(repo_root())
        .env_remove("SPRINTGEN_WEBHOOK_URL")
        .output()
        .unwrap();
    assert_eq!(without.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&without.stderr).contains("set SPRINTGEN_WEBHOOK_URL"));
}

#[test]
fn a_hostile_title_cannot_break_a_payload_or_ping_a_channel() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let sprint = common::VALID_SPRINT.replace(
        "title = \"First\"",
        r#"title = "<!channel> \"}]} <@U1> & <https://evil.example|click> \\ \n done""#,
    );
    common::write_site(site, &sprint);
    std::fs::write(
        site.join("content/team-a/team.toml"),
        "name = \"<!here> A\"\n",
    )
    .unwrap();
    let title = "<!channel> \"}]} <@U1> & <https://evil.example|click> \\ \n done";
    let send = |format: &str| {
        let fake = Fake::start(|_| text(200, "ok"));
        assert_success(&notify(site, &fake, &[format]));
        bodies(&fake).remove(0)
    };
    let slack = send("slack");
    check_slack(&slack);
    // Slack reads mentions and links in `mrkdwn` and the notification text: there they are
    // escaped; a header's `plain_text` is shown as it is.
    let blocks = slack["blocks"].as_array().unwrap();
    let sections = blocks.iter().filter(|b| b["type"] == "section");
    for text in sections.map(|b| &b["text"]["text"]).chain([&slack["text"]]) {
        let text = text.as_str().unwrap();
        assert!(
            !text.contains("<!channel>") && !text.contains("<@U1>"),
            "{text}"
        );
        assert!(!text.contains("<https://evil"), "{text}");
    }
    assert!(
        slack["text"]
            .as_str()
            .unwrap()
            .starts_with("&lt;!here&gt; A · Sprint 1: ")
    );
    assert_eq!(
        slack["blocks"][0]["text"]["text"],
        "<!here> A · Sprint 1: <!channel> \"}]} <@U1> & <https://evil.example|click> \\   done"
    );
    // Teams reads Markdown in a `TextBlock`, not in a `TextRun`: the title is in a run.
    let teams = send("teams");
    let body = teams["attachments"][0]["content"]["body"]
        .as_array()
        .unwrap();
    assert!(
        body.iter()
            .all(|b| b["type"] != "TextBlock" || b["text"] == "Needs attention")
    );
    assert_eq!(
        body[1]["inlines"][0]["text"],
        "<!channel> \"}]} <@U1> & <https://evil.example|click> \\   done"
    );
    assert_eq!(send("webhook")["sprint"]["title"], title);
}
