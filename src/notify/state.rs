//! What `notify` last posted, so that `--only-changes` posts a team again only when its
//! sprint, its health or its list of what needs attention changed: a small JSON file
//! (`.sprintgen/notify-state.json` by default) that a workflow keeps between runs in its
//! cache. Written after each post that succeeded, through a temporary file and a rename.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::payload::Format;
use crate::diagnostics::{Diagnostic, io_words};
use crate::model::SourceFile;
use crate::views::NoticeView;

/// Where the state is kept unless `--state` says otherwise, relative to the site.
pub const DEFAULT_STATE: &str = ".sprintgen/notify-state.json";

/// What was posted about a team: enough to tell whether there is news.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Posted {
    /// The sprint's slug: a new sprint is news.
    pub sprint: String,
    /// How it is going (`at-risk`), or `none` before it starts.
    pub health: String,
    /// What needs attention, by topic: a blocker, a goal, "of the scope behind the ideal
    /// line" (not how far, which moves every day the sprint stays behind).
    pub attention: Vec<String>,
}

impl Posted {
    pub fn of(notice: &NoticeView) -> Posted {
        Posted {
            sprint: notice.sprint_slug.clone(),
            health: notice.tone.unwrap_or("none").to_string(),
            attention: notice.attention.iter().map(|a| a.topic.clone()).collect(),
        }
    }
}

/// The state file's content: per format, per team.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    #[serde(default)]
    posted: BTreeMap<String, BTreeMap<String, Posted>>,
}

impl State {
    /// The state at `path`; empty when there is no file yet. A file that is not a state is an
    /// error at its line and column, with what to do.
    pub fn read(path: &Path) -> Result<State, Diagnostic> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot read `{}`: {}",
                    path.display(),
                    io_words(&e)
                )));
            }
        };
        serde_json::from_str(&text).map_err(|e| {
            let file = SourceFile::new(path.display().to_string(), text.as_str());
            let at = offset(&text, e.line(), e.column());
            Diagnostic::error(format!("this is not what `sprintgen notify` keeps: {e}"))
                .at(&file, at..at + 1)
                .with_hint("delete the file to post every team once more and start again")
        })
    }

    /// Whether `posted` is what was last posted about `team` in `format`.
    pub fn unchanged(&self, format: Format, team: &str, posted: &Posted) -> bool {
        self.posted
            .get(format.key())
            .and_then(|teams| teams.get(team))
            == Some(posted)
    }

    pub fn record(&mut self, format: Format, team: &str, posted: Posted) {
        let teams = self.posted.entry(format.key().to_string()).or_default();
        teams.insert(team.to_string(), posted);
    }

    /// Writes the state to `path`, creating its folder.
    pub fn write(&self, path: &Path) -> Result<(), Diagnostic> {
        let failed = |e: std::io::Error| {
            Diagnostic::error(format!(
                "cannot write `{}`: {}",
                path.display(),
                io_words(&e)
            ))
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(failed)?;
        }
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        crate::files::write_atomic(path, text.as_bytes()).map_err(failed)
    }
}

/// The byte offset of serde_json's line and column (both from 1).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for earlier in text.split_inclusive('\n').take(line.saturating_sub(1)) {
        start += earlier.len();
    }
    (start + column.saturating_sub(1)).min(text.len())
}

/// The state file: `--state`, else [`DEFAULT_STATE`] in the site.
pub fn state_path(root: &Path, given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| root.join(DEFAULT_STATE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(health: &str, attention: &[&str]) -> Posted {
        Posted {
            sprint: "sprint-04".into(),
            health: health.into(),
            attention: attention.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn a_team_is_unchanged_only_with_the_same_sprint_health_and_attention_in_that_format() {
        let mut state = State::default();
        let before = posted("at-risk", &["Blocker: VPN"]);
        assert!(!state.unchanged(Format::Slack, "core", &before));
        state.record(Format::Slack, "core", before.clone());
        assert!(state.unchanged(Format::Slack, "core", &before));
        assert!(!state.unchanged(Format::Teams, "core", &before));
        assert!(!state.unchanged(Format::Slack, "web", &before));
        assert!(!state.unchanged(
            Format::Slack,
            "core",
            &posted("off-track", &["Blocker: VPN"])
        ));
        assert!(!state.unchanged(Format::Slack, "core", &posted("at-risk", &[])));
        let next = Posted {
            sprint: "sprint-05".into(),
            ..before
        };
        assert!(!state.unchanged(Format::Slack, "core", &next));
    }

    #[test]
    fn the_state_is_written_and_read_back_and_a_broken_one_is_pointed_at() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/state.json");
        assert_eq!(State::read(&path).unwrap(), State::default());
        let mut state = State::default();
        state.record(Format::Teams, "core", posted("on-track", &["a"]));
        state.write(&path).unwrap();
        assert_eq!(State::read(&path).unwrap(), state);
        std::fs::write(&path, "{\n  \"posted\": {\n    \"teams\": 3\n  }\n}\n").unwrap();
        let error = State::read(&path).unwrap_err();
        assert!(
            error.position().unwrap().ends_with("state.json:3:14"),
            "{error:?}"
        );
        assert!(error.message.contains("not what `sprintgen notify` keeps"));
    }

    #[test]
    fn offsets_count_lines_and_columns_from_one() {
        assert_eq!(offset("ab\ncd", 2, 2), 4);
        assert_eq!(offset("ab", 1, 1), 0);
        assert_eq!(offset("ab", 9, 9), 2);
    }
}
