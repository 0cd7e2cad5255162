//! `sprintgen notify`: each team's current sprint posted to a chat's incoming webhook, in the
//! words of its page's headline, with its PNG card by its published address and links to its
//! pages ([`payload`]: Slack, Microsoft Teams, or a plain JSON document). Posting goes through
//! the sync's HTTP client (HTTPS only, retries with backoff on 429 and 5xx, every failure an
//! error naming what the service said); the webhook's address, which is its secret, is never
//! printed. With `--only-changes`, a team is posted only when its sprint, its health or what
//! needs attention changed since the last post ([`state`]).

mod payload;
mod state;

use std::path::Path;

use serde_json::Value;

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::load::choose_team;
use crate::sync::{Client, Service};
use crate::views::{self, NoticeView};

pub use payload::{Format, payload};
pub use state::{Posted, State, state_path};

/// The environment variable the webhook's address is read from.
pub const URL_VARIABLE: &str = "SPRINTGEN_WEBHOOK_URL";

/// One message to post: about one team.
#[derive(Debug)]
pub struct Message {
    /// The team's slug.
    pub team: String,
    /// "AlphaPulse, sprint 4", for what the command prints.
    pub label: String,
    /// What the state file keeps of it.
    pub posted: Posted,
    pub payload: Value,
}

/// The messages in `format` about every team's current sprint, or `team`'s alone; a team
/// without sprints has none (an error when it was asked for by name).
pub fn messages(
    analysis: &Analysis,
    format: Format,
    team: Option<&str>,
) -> Result<Vec<Message>, Diagnostic> {
    let site = &analysis.site;
    let teams: Vec<usize> = match team {
        Some(slug) => {
            let chosen = choose_team(site, Some(slug))?;
            vec![site.team_index(&chosen.slug).unwrap_or_default()]
        }
        None => (0..site.teams.len()).collect(),
    };
    let mut messages = Vec::new();
    for t in teams {
        let notice = views::notice(site, &analysis.figures, t, analysis.days.as_of);
        match notice {
            Some(notice) => messages.push(message(format, &notice)),
            None if team.is_some() => {
                return Err(Diagnostic::error(format!(
                    "the team `{}` has no sprint yet: there is nothing to post",
                    site.teams[t].slug
                ))
                .with_hint("write one with `sprintgen new sprint`"));
            }
            None => {}
        }
    }
    Ok(messages)
}

fn message(format: Format, notice: &NoticeView) -> Message {
    Message {
        team: notice.team_slug.clone(),
        label: format!("{}, sprint {}", notice.team, notice.sprint_number),
        posted: Posted::of(notice),
        payload: payload(format, notice),
    }
}

/// What became of one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    Posted,
    /// Left out: nothing changed since the last post (`--only-changes`).
    Unchanged,
}

/// What the client says about each service in its errors.
pub fn service(format: Format) -> Service {
    const REVOKED: &str = "the webhook's address may have been revoked, or its channel archived or deleted: make a new one and put it in SPRINTGEN_WEBHOOK_URL";
    match format {
        Format::Slack => Service {
            name: "Slack",
            credentials: REVOKED,
            permission: "check the incoming webhook's app and channel in Slack",
        },
        Format::Teams => Service {
            name: "Microsoft Teams",
            credentials: REVOKED,
            permission: "check the workflow or connector that gave the webhook's address",
        },
        Format::Webhook => Service {
            name: "the webhook",
            credentials: "check the address in SPRINTGEN_WEBHOOK_URL and what the receiver expects",
            permission: "check what the receiver expects",
        },
    }
}

/// Where `post` records what it posted: the state, and the file it is kept in.
pub struct Record<'a> {
    pub state: State,
    pub path: &'a Path,
    /// Leave out the teams whose state is unchanged since the last post.
    pub only_changes: bool,
}

/// Posts each message through `client` (the state's unchanged teams left out when asked), and
/// records each post in the state file as soon as it succeeded, so that a failure later
/// leaves the earlier posts recorded. `told` hears what became of each message. Stops at the
/// first message the service refuses.
pub fn post(
    client: &Client,
    format: Format,
    messages: &[Message],
    mut record: Option<Record>,
    told: &mut dyn FnMut(&Message, Sent),
) -> Result<(), Diagnostic> {
    for message in messages {
        if let Some(record) = &record
            && record.only_changes
            && record
                .state
                .unchanged(format, &message.team, &message.posted)
        {
            told(message, Sent::Unchanged);
            continue;
        }
        client.deliver(&message.payload).map_err(|d| Diagnostic {
            message: format!("{}: {}", message.label, d.message),
            ..d
        })?;
        if let Some(record) = &mut record {
            record
                .state
                .record(format, &message.team, message.posted.clone());
            record.state.write(record.path)?;
        }
        told(message, Sent::Posted);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    /// A receiver on this machine that answers each request with the next of `answers`
    /// (status, body) and keeps the bodies it received.
    fn receiver(answers: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/services/T000/B000/SECRETTOKEN",
            listener.local_addr().unwrap()
        );
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&bodies);
        std::thread::spawn(move || {
            for ((status, body), stream) in answers.into_iter().zip(listener.incoming()) {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap();
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                }
                let mut received = vec![0; length];
                reader.read_exact(&mut received).unwrap();
                kept.lock()
                    .unwrap()
                    .push(String::from_utf8(received).unwrap());
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(body.as_bytes()).unwrap();
            }
        });
        (url, bodies)
    }

    fn message(team: &str) -> Message {
        Message {
            team: team.into(),
            label: format!("{team}, sprint 1"),
            posted: Posted {
                sprint: "sprint-01".into(),
                health: "on-track".into(),
                attention: Vec::new(),
            },
            payload: serde_json::json!({"text": team}),
        }
    }

    fn client(url: &str, waits: &Arc<Mutex<Vec<Duration>>>) -> Client {
        let waits = Arc::clone(waits);
        Client::webhook(url, service(Format::Slack))
            .unwrap()
            .with_sleeper(move |wait| waits.lock().unwrap().push(wait))
    }

    #[test]
    fn a_failing_service_is_tried_again_after_a_backoff_and_each_post_is_recorded() {
        let (url, bodies) = receiver(vec![(503, "rollup_error"), (200, "ok"), (200, "ok")]);
        let waits = Arc::new(Mutex::new(Vec::new()));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let messages = [message("core"), message("web")];
        // One run with `--only-changes` from `state`: who was posted, who was not.
        let run = |state| {
            let record = Record {
                state,
                path: &path,
                only_changes: true,
            };
            let mut told = Vec::new();
            post(
                &client(&url, &waits),
                Format::Slack,
                &messages,
                Some(record),
                &mut |m, sent| told.push((m.team.clone(), sent)),
            )
            .unwrap();
            told
        };
        let told = run(State::default());
        assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1)]);
        assert_eq!(
            *bodies.lock().unwrap(),
            [r#"{"text":"core"}"#; 2]
                .iter()
                .map(|s| s.to_string())
                .chain([r#"{"text":"web"}"#.to_string()])
                .collect::<Vec<_>>()
        );
        assert_eq!(
            told,
            [("core".into(), Sent::Posted), ("web".into(), Sent::Posted)]
        );
        let state = State::read(&path).unwrap();
        assert!(state.unchanged(Format::Slack, "web", &messages[1].posted));
        // The second run with nothing new posts nothing.
        assert_eq!(
            run(state),
            [
                ("core".into(), Sent::Unchanged),
                ("web".into(), Sent::Unchanged)
            ]
        );
    }

    #[test]
    fn a_refusal_names_what_the_service_said_and_never_the_secret_address() {
        let (url, _) = receiver(vec![(404, "no_service")]);
        let waits = Arc::new(Mutex::new(Vec::new()));
        let error = post(
            &client(&url, &waits),
            Format::Slack,
            &[message("core")],
            None,
            &mut |_, _| {},
        )
        .unwrap_err();
        assert!(
            error.message.starts_with(
                "core, sprint 1: Slack refused the message (HTTP 404 to POST http://127.0.0.1:"
            ),
            "{}",
            error.message
        );
        assert!(
            error.message.ends_with("/…): no_service"),
            "{}",
            error.message
        );
        assert!(error.hint.as_deref().unwrap().contains("revoked"));
        assert!(!format!("{error:?}").contains("SECRETTOKEN"));
        assert!(waits.lock().unwrap().is_empty());
    }
}
