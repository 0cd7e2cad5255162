//! `sprintgen sync`: each team's tracker into its sprint files, then the import's report per
//! team (the files, and a line of figures per sprint); with `--dry-run`, the changes as a diff.

use std::path::Path;

use super::{SyncArgs, SyncCommand, SyncCommon, SyncTrackerArgs};
use crate::console::{self, Failure, FailureKind, Format};
use crate::console::{errln, out};
use crate::diagnostics::Diagnostic;
use crate::edit;
use crate::import::{Outcome, Tracker};
use crate::sync::{self, Flags};

pub(super) fn run(args: SyncArgs) -> Result<(), Failure> {
    let (flags, common) = flags(args);
    let root = common.root.site();
    let targets = sync::targets(&root, flags)?;
    let env = |name: &str| std::env::var(name).ok();
    let mut failures = Vec::new();
    for target in &targets {
        match sync::sync_team(&root, target, common.dry_run, &env) {
            Ok(outcome) => show(&root, &outcome, common.dry_run),
            Err(failure) if targets.len() > 1 => failures.push(of_team(failure, &target.team)),
            Err(failure) => failures.push(failure),
        }
    }
    match failures.len() {
        0 => Ok(()),
        1 => Err(failures.remove(0)),
        _ => Err(combined(failures)),
    }
}

/// The command line as the sync's flags, and what every sync takes.
fn flags(args: SyncArgs) -> (Flags, SyncCommon) {
    let shared = |tracker, shared: SyncTrackerArgs| {
        let flags = Flags {
            tracker: Some(tracker),
            team: shared.team,
            points_field: shared.points_field,
            status_map: shared.status_map,
            tz: shared.tz,
            ..Flags::default()
        };
        (flags, shared.common)
    };
    let (flags, mut common) = match args.tracker {
        None => {
            let flags = Flags {
                team: args.team.clone().unwrap_or_default(),
                ..Flags::default()
            };
            return (flags, args.common);
        }
        Some(SyncCommand::Jira(jira)) => {
            let (flags, common) = shared(Tracker::Jira, jira.shared);
            let flags = Flags {
                url: jira.url,
                board: jira.board,
                ..flags
            };
            (flags, common)
        }
        Some(SyncCommand::Linear(linear)) => {
            let (flags, common) = shared(Tracker::Linear, linear.shared);
            let flags = Flags {
                url: linear.url,
                team_key: linear.team_key,
                ..flags
            };
            (flags, common)
        }
        Some(SyncCommand::Github(github)) => {
            let (flags, common) = shared(Tracker::Github, github.shared);
            let flags = Flags {
                url: github.url,
                project: github.project,
                iteration_field: github.iteration_field,
                status_field: github.status_field,
                ..flags
            };
            (flags, common)
        }
    };
    // `sprintgen sync --dry-run jira …` is `sprintgen sync jira … --dry-run`.
    common.dry_run |= args.common.dry_run;
    if common.root.root.is_none() {
        common.root.root = args.common.root.root;
    }
    (flags, common)
}

/// A team's report, after the diff of each file that would change in a dry run.
fn show(root: &Path, outcome: &Outcome, dry_run: bool) {
    if dry_run {
        for file in outcome.files.iter().filter(|f| !f.unchanged) {
            let before = match file.existed {
                true => std::fs::read_to_string(root.join(&file.path)).unwrap_or_default(),
                false => String::new(),
            };
            out!("{}", edit::diff(&file.path, &before, &file.text));
        }
    }
    out!("{}\n", outcome.report);
    console::print(&outcome.warnings, Format::Human);
    if dry_run {
        errln!("dry run: nothing was written");
    }
}

/// A team's failure among several teams': its errors say whose they are.
fn of_team(mut failure: Failure, team: &str) -> Failure {
    for d in failure.diagnostics.iter_mut().filter(|d| d.is_error()) {
        d.message = format!("team `{team}`: {}", d.message);
    }
    failure
}

/// The failures of several teams as one: every problem, and the exit code of the worst (the
/// other teams were synced, and their reports printed).
fn combined(failures: Vec<Failure>) -> Failure {
    let usage = failures.iter().any(|f| f.kind == FailureKind::Usage);
    let diagnostics: Vec<Diagnostic> = failures.into_iter().flat_map(|f| f.diagnostics).collect();
    Failure {
        kind: if usage {
            FailureKind::Usage
        } else {
            FailureKind::Content
        },
        ..Failure::content(diagnostics).with_summary("; the teams these name were not synced")
    }
}
