//! `themes/<name>/theme.toml`: what a theme asks of the pages it lays out.

use schemars::JsonSchema;
use serde::Deserialize;

/// A theme's settings. Every field is optional; a theme without the file (the default one)
/// gets the defaults.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// Sections a page leaves out when they have nothing to show, which this theme wants
    /// shown anyway (with its "none recorded" text).
    #[serde(default)]
    pub show_empty_sections: Vec<Section>,
    /// Sections the theme's or the site's templates hide by overriding their block with
    /// nothing: not part of `theme.toml`, found in the templates when they are loaded.
    #[serde(skip)]
    pub hidden: Vec<Section>,
}

impl ThemeConfig {
    /// Whether a page shows `section`: when it has data, or when the theme asks for it, and
    /// the templates do not hide it.
    pub fn shows(&self, section: Section, has_data: bool) -> bool {
        (has_data || self.show_empty_sections.contains(&section)) && !self.hidden.contains(&section)
    }
}

/// A section of a page that is left out when it has no data (docs/themes.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    // The sprint page.
    Goals,
    Criteria,
    Standups,
    Backlog,
    Deliverables,
    Risks,
    Blockers,
    Schedule,
    Notes,
    Gates,
    Next,
    References,
    // The team page.
    Members,
    Releases,
}

impl Section {
    /// The section called `name` (its block's name in the page templates).
    pub fn named(name: &str) -> Option<Section> {
        let name = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name);
        Section::deserialize(name).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn sections_are_named_as_their_blocks() {
        assert_eq!(Section::named("gates"), Some(Section::Gates));
        assert_eq!(Section::named("references"), Some(Section::References));
        assert_eq!(Section::named("content"), None);
    }
}
