//! `content/releases/<slug>.toml`: a release across teams, and the items that make it up.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{Date, FileId, Item};

/// A release: the items of some teams' sprints that deliver it, and when it is due.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFile {
    pub title: String,
    /// The date the release is due: the forecast is judged against it.
    #[schemars(with = "Date")]
    pub target: Spanned<Date>,
    /// When work on the release started; by default the start of the first sprint holding one
    /// of its items. Sprints that ended before it are not part of the release.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub start: Option<Spanned<Date>>,
    /// The teams (folder names under `content/`) whose sprints hold the release's items: at
    /// least one, each once.
    #[schemars(with = "Vec<String>", length(min = 1), extend("uniqueItems" = true))]
    pub teams: Spanned<Vec<Spanned<String>>>,
    /// Only items of these epics; every epic when empty.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub epics: Vec<Spanned<String>>,
    /// Only items whose id starts with one of these; every id when empty.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub id_prefixes: Vec<Spanned<String>>,
    /// (md)
    #[serde(default)]
    pub description: Option<String>,
    /// Where editors find the file's JSON Schema: read by them, ignored by sprintgen.
    #[serde(default, rename = "$schema")]
    #[schemars(with = "Option<String>")]
    _schema: Option<serde::de::IgnoredAny>,
}

impl ReleaseFile {
    /// Whether an item belongs to the release: of one of its epics (if it names any) and with
    /// one of its id prefixes (if it names any).
    pub fn matches(&self, item: &Item) -> bool {
        let epic = self.epics.is_empty()
            || item
                .epic
                .as_deref()
                .is_some_and(|e| self.epics.iter().any(|wanted| wanted.get_ref() == e));
        let id = item.id.get_ref();
        let prefix = self.id_prefixes.is_empty()
            || self
                .id_prefixes
                .iter()
                .any(|p| id.starts_with(p.get_ref().as_str()));
        epic && prefix
    }

    /// The epics it takes, as written.
    pub fn epic_names(&self) -> Vec<&str> {
        self.epics.iter().map(|e| e.get_ref().as_str()).collect()
    }

    /// The id prefixes it takes, as written.
    pub fn prefixes(&self) -> Vec<&str> {
        self.id_prefixes
            .iter()
            .map(|p| p.get_ref().as_str())
            .collect()
    }

    /// The team slugs it names, in its order.
    pub fn team_slugs(&self) -> impl Iterator<Item = &str> {
        self.teams.get_ref().iter().map(|t| t.get_ref().as_str())
    }
}

#[derive(Clone, Debug)]
pub struct Release {
    /// The file stem, validated as a URL slug.
    pub slug: String,
    pub file: FileId,
    pub data: ReleaseFile,
}

#[cfg(test)]
mod tests {
    use super::ReleaseFile;

    #[test]
    fn a_release_names_its_epics_and_prefixes_as_written() {
        let release: ReleaseFile = toml::from_str(
            "title = \"R\"\ntarget = 2025-12-19\nteams = [\"a\"]\nepics = [\"E 1\", \"E: 2\"]\nid_prefixes = [\"TA-\", \"DB-\"]\n",
        )
        .unwrap();
        assert_eq!(release.epic_names(), ["E 1", "E: 2"]);
        assert_eq!(release.prefixes(), ["TA-", "DB-"]);
    }
}
