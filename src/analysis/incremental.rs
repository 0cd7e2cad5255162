//! Incremental analysis: when only existing sprint files change, re-parse them, check their
//! teams again and recompute their figures, without loading the rest of the site. `serve`
//! asks for it on every save (through the pipeline, which then re-renders what it feeds);
//! anything else (a new or removed file, the config, a team's settings) needs a full analysis.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Analysis;
use crate::diagnostics::{Diagnostic, any_error, sorted};
use crate::load::reparse_sprint;
use crate::validate;

/// What saved files do to an analysis.
#[derive(Debug)]
pub enum Update {
    /// The saved sprints are taken in and their teams' figures recomputed.
    Applied {
        /// The saved sprints, as (team, sprint) indices.
        sprints: Vec<(usize, usize)>,
        /// Their teams, whose figures were recomputed.
        teams: BTreeSet<usize>,
        /// Warnings about the saved files.
        warnings: Vec<Diagnostic>,
    },
    /// The change needs a full analysis: a path that is not a sprint file already loaded, a
    /// file that vanished or became a link, or a sprint whose number changed.
    NeedsFullAnalysis,
}

impl Update {
    /// The releases of the updated teams, whose figures were recomputed, by index.
    pub fn releases(&self, analysis: &Analysis) -> Vec<usize> {
        let Update::Applied { teams, .. } = self else {
            return Vec::new();
        };
        let mut releases: Vec<usize> = teams
            .iter()
            .flat_map(|&t| analysis.releases_of(t))
            .collect();
        releases.sort_unstable();
        releases.dedup();
        releases
    }
}

impl Analysis {
    /// Takes in the saved files at `changed` (absolute paths under `root`). On success the
    /// site and the figures of the edited teams are current. On error the saved files are
    /// broken: the analysis is left half-updated, and the caller must analyse the site anew
    /// once they are fixed.
    pub fn apply_edits(
        &mut self,
        root: &Path,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let mut sprints = Vec::new();
        let mut warnings = Vec::new();
        for path in changed {
            let Some((t, i)) = self.sprint_at(root, path) else {
                return Ok(Update::NeedsFullAnalysis);
            };
            let Some(text) = self.readable(path) else {
                return Ok(Update::NeedsFullAnalysis);
            };
            let sprint = &mut self.site.teams[t].sprints[i];
            let (data, placeholders) = reparse_sprint(&mut self.site.sources[sprint.file], text)?;
            if data.number.get_ref() != sprint.data.number.get_ref() {
                return Ok(Update::NeedsFullAnalysis);
            }
            sprint.data = data;
            warnings.extend(placeholders);
            sprints.push((t, i));
        }
        let teams: BTreeSet<usize> = sprints.iter().map(|(t, _)| *t).collect();
        for &t in &teams {
            let team = &self.site.teams[t];
            warnings.extend(validate::validate_team(&self.site, team, self.days.checked));
        }
        if self.days.looks_back() {
            for &(t, i) in &sprints {
                let sprint = &mut self.site.teams[t].sprints[i];
                sprint.data = sprint.data.as_of(self.days.as_of);
            }
        }
        if any_error(&warnings) {
            return Err(sorted(warnings));
        }
        for &t in &teams {
            self.refresh_team(t);
        }
        Ok(Update::Applied {
            sprints,
            teams,
            warnings: sorted(warnings),
        })
    }

    /// The text of a saved file, when it is a plain file within the size limit: one grown
    /// over the limit, or replaced by a link, is left to the full load, which says why.
    fn readable(&self, path: &Path) -> Option<String> {
        let limit = self.site.config.build.max_input_bytes();
        let plain = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() <= limit);
        plain.then(|| std::fs::read_to_string(path).ok()).flatten()
    }

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
