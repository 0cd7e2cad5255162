//! `sprintgen notify`: each team's current sprint posted to a Slack, Microsoft Teams or plain
//! webhook; with `--dry-run`, the messages printed instead. The webhook's address is read
//! from `SPRINTGEN_WEBHOOK_URL` (or `--url`) and never printed.

use super::NotifyArgs;
use crate::analysis::{self, Request};
use crate::console::{self, Failure, FailureKind, Format};
use crate::console::{errln, outln};
use crate::diagnostics::Diagnostic;
use crate::model::paths::CONFIG_FILE;
use crate::notify::{self, Record, Sent, State, URL_VARIABLE};
use crate::sync::Client;

pub(super) fn run(args: NotifyArgs) -> Result<(), Failure> {
    let root = args.site.root.site();
    let request = Request {
        base_url: args.base_url.clone(),
        as_of: args.site.as_of,
        ..Request::new(&root)
    };
    let (analysis, mut warnings) = analysis::analyse(&request).map_err(Failure::content)?;
    if analysis.site.config.base_url.is_none() {
        warnings.push(
            Diagnostic::warning(
                "no `base_url`, so the messages have no links and no card: they need absolute URLs",
            )
            .in_file(CONFIG_FILE)
            .with_hint("set `base_url` in sprintgen.toml or pass --base-url"),
        );
    }
    console::print(&warnings, Format::Human);
    let format = args.format;
    let messages =
        notify::messages(&analysis, format, args.team.as_deref()).map_err(Failure::usage)?;
    if messages.is_empty() {
        errln!("no team has a sprint yet: nothing to post");
        return Ok(());
    }
    let recording = args.only_changes || args.state.is_some();
    let path = notify::state_path(&root, args.state);
    let state = match recording {
        true => State::read(&path).map_err(Failure::usage)?,
        false => State::default(),
    };
    if args.dry_run {
        for message in &messages {
            if args.only_changes && state.unchanged(format, &message.team, &message.posted) {
                errln!(
                    "{}: unchanged since the last post, would not be posted",
                    message.label
                );
                continue;
            }
            let text = serde_json::to_string_pretty(&message.payload).unwrap_or_default();
            outln!("{text}");
        }
        errln!("dry run: nothing was posted");
        return Ok(());
    }
    let url = args
        .url
        .or_else(|| std::env::var(URL_VARIABLE).ok())
        .filter(|url| !url.trim().is_empty())
        .ok_or_else(|| {
            Failure::usage(
                Diagnostic::error("there is no webhook address to post to")
                    .with_hint(format!("set {URL_VARIABLE} (in a workflow, from a secret) or pass --url; --dry-run prints the messages without posting")),
            )
        })?;
    let client = Client::webhook(&url, notify::service(format)).map_err(Failure::usage)?;
    let record = recording.then(|| Record {
        state,
        path: &path,
        only_changes: args.only_changes,
    });
    let service = notify::service(format).name;
    let mut told = |message: &notify::Message, sent| match sent {
        Sent::Posted => outln!("posted {} to {service}", message.label),
        Sent::Unchanged => errln!(
            "{}: unchanged since the last post, not posted",
            message.label
        ),
    };
    notify::post(&client, format, &messages, record, &mut told).map_err(|d| Failure {
        kind: FailureKind::Usage,
        ..Failure::content(vec![d]).with_summary("; the teams after it were not posted")
    })
}
