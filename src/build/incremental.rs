//! Incremental rebuilds: when only existing sprint files change, re-parse them, re-validate
//! and recompute their teams, and re-render just the pages they feed. `serve` calls this on
//! every save; anything else (a new or removed file, a template, the config) needs a full
//! build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Prepared;
use super::prepared::Job;
use crate::diagnostics::{Diagnostic, any_error, sorted};
use crate::load::reparse_sprint;
use crate::validate;

/// What an edit does to a prepared site.
#[derive(Debug)]
pub enum Edit {
    /// The edited sprints are taken in: render [`Edit::edited_pages`] first (what the user is
    /// looking at), then [`Edit::other_pages`] and [`Edit::teams`]' exports.
    Applied {
        /// The edited sprints, as (team, sprint) indices.
        sprints: Vec<(usize, usize)>,
        /// Their teams, whose figures were recomputed.
        teams: BTreeSet<usize>,
        /// Warnings about the edited files.
        warnings: Vec<Diagnostic>,
    },
    /// The change needs a full build: a path that is not a sprint file already loaded, a file
    /// that vanished, or a sprint whose number changed.
    NeedsRebuild,
}

impl Edit {
    /// The edited sprints' pages.
    pub fn edited_pages(&self) -> Vec<Job> {
        match self {
            Edit::Applied { sprints, .. } => {
                sprints.iter().map(|&(t, i)| Job::Sprint(t, i)).collect()
            }
            Edit::NeedsRebuild => Vec::new(),
        }
    }

    /// Every other page an edit feeds: the index, and the teams' pages and other sprints
    /// (their velocity rows and next-sprint previews may have changed).
    pub fn other_pages(&self, prepared: &Prepared) -> Vec<Job> {
        let Edit::Applied { teams, .. } = self else {
            return Vec::new();
        };
        let edited = self.edited_pages();
        let mut jobs = vec![Job::Index];
        for &t in teams {
            jobs.push(Job::Team(t));
            jobs.extend(
                (0..prepared.site.teams[t].sprints.len())
                    .map(|i| Job::Sprint(t, i))
                    .filter(|job| !edited.contains(job)),
            );
        }
        jobs
    }
}

impl Prepared {
    /// Takes in edits to the files at `changed` (absolute paths under `root`). On success the
    /// site and the figures of the edited teams are current. On error the edited files are
    /// broken: the site is left half-updated, and the caller must build it anew once they are
    /// fixed.
    pub fn apply_edits(
        &mut self,
        root: &Path,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<Edit, Vec<Diagnostic>> {
        let mut sprints = Vec::new();
        let mut warnings = Vec::new();
        for path in changed {
            let Some((t, i)) = self.sprint_at(root, path) else {
                return Ok(Edit::NeedsRebuild);
            };
            // A file grown over the limit, or replaced by a link: the full load says why.
            let limit = self.site.config.build.max_input_bytes();
            let plain =
                std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() <= limit);
            let text = plain.then(|| std::fs::read_to_string(path).ok()).flatten();
            let Some(text) = text else {
                return Ok(Edit::NeedsRebuild);
            };
            let sprint = &mut self.site.teams[t].sprints[i];
            let (data, placeholders) =
                reparse_sprint(&mut self.site.sources[sprint.file], text).map_err(|d| vec![d])?;
            if data.number.get_ref() != sprint.data.number.get_ref() {
                return Ok(Edit::NeedsRebuild);
            }
            sprint.data = data;
            warnings.extend(placeholders);
            sprints.push((t, i));
        }
        let teams: BTreeSet<usize> = sprints.iter().map(|(t, _)| *t).collect();
        for &t in &teams {
            warnings.extend(validate::validate_team(
                &self.site,
                &self.site.teams[t],
                self.as_of,
            ));
        }
        if any_error(&warnings) {
            return Err(sorted(warnings));
        }
        for &t in &teams {
            self.refresh_team(t);
        }
        Ok(Edit::Applied {
            sprints,
            teams,
            warnings: sorted(warnings),
        })
    }

    /// The (team, sprint) indices of the sprint file at `path`.
    fn sprint_at(&self, root: &Path, path: &Path) -> Option<(usize, usize)> {
        let relative = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        self.site.teams.iter().enumerate().find_map(|(t, team)| {
            team.sprints
                .iter()
                .position(|s| self.site.path_of(s) == relative)
                .map(|i| (t, i))
        })
    }
}
