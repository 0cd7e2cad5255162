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
            name: "The webhook",
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
