//! Free Markdown pages: a team's or the site's, with TOML front matter.

use schemars::JsonSchema;
use serde::Deserialize;

use super::FileId;
use super::date::Date;

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub date: Option<Date>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub description: Option<String>,
}

/// A free Markdown page: a team's (`content/<team>/<slug>.md`) or the site's (`content/<slug>.md`).
#[derive(Clone, Debug)]
pub struct FreePage {
    pub slug: String,
    /// The team folder it belongs to; `None` for a site-level page.
    pub team: Option<String>,
    pub file: FileId,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
}
