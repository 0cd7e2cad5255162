//! `sprintgen sync`: a tracker's API (Jira Cloud's REST API, Linear's and GitHub's GraphQL
//! APIs) read into the import's neutral model, then written by the import's own path
//! (`import::import_with`): the same rules, the same `--update` merge that keeps what was
//! written by hand, the same check before anything is written. A second sync with nothing
//! new in the tracker changes no byte.
//!
//! `settings.rs` decides what to sync (the `[sync]` tables of `team.toml`, overridden by the
//! command line) and reads the credentials (from the environment only); `client.rs` talks
//! HTTP; `jira.rs`, `linear.rs` and `github.rs` fetch each tracker's data and read it.

mod client;
mod github;
mod jira;
mod linear;
mod settings;

use std::path::Path;

use crate::console::{Failure, FailureKind};
use crate::import::{self, Options, Outcome, Tracker};

pub use client::{Answer, Client, Service, Wait, checked_base, retry_wait};
pub use settings::{Flags, Target, targets};

/// Syncs one team: fetches its tracker's data and writes its sprint files (prints nothing).
/// `env` reads the environment, where the credentials are.
pub fn sync_team(
    root: &Path,
    target: &Target,
    dry_run: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Outcome, Failure> {
    let settings = &target.settings;
    let authorization = settings::credentials(settings.tracker, env).map_err(Failure::usage)?;
    let options = Options {
        root: root.to_path_buf(),
        tracker: settings.tracker,
        files: Vec::new(),
        team: target.team.clone(),
        status_map: settings.status_map.clone(),
        points_field: settings.points_field.clone(),
        tz: settings.tz.clone(),
        update: true,
        dry_run,
        sync: true,
    };
    let fetched = |site: &crate::model::Site, context: &import::model::Context| {
        let read = match settings.tracker {
            Tracker::Jira => jira::read(settings, authorization.clone(), context),
            Tracker::Linear => linear::read(settings, authorization.clone(), context),
            Tracker::Github => {
                let team = site.teams.iter().find(|t| t.slug == target.team);
                github::read(settings, authorization.clone(), team, context)
            }
        };
        // The tracker could not be read: the command cannot run as asked (exit 2).
        read.map_err(|problems| Failure {
            kind: FailureKind::Usage,
            ..Failure::content(problems).with_summary("; nothing was written")
        })
    };
    import::import_with(&options, fetched)
}
