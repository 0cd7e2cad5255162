//! Plain data: everything a site holds on disk, as deserialized straight from TOML, and the
//! rules every later step shares about it (dates, working days, URL paths, status words).
//!
//! The file types are the data-format contract of `README.md` and `docs/format.md`: every table
//! is `deny_unknown_fields` so a typo is an error rather than silently ignored data, and the
//! values that validation points at are wrapped in [`toml::Spanned`] so a diagnostic can name
//! their line and column. Nothing here reads the disk but [`SourceFile::text`].

mod as_of;
pub mod calendar;
mod config;
mod date;
pub mod links;
mod number;
mod page;
pub mod paths;
mod release;
mod scope;
mod source;
mod sprint;
mod theme;
mod unit;

pub use as_of::Days;
pub use calendar::Calendar;
pub use config::{
    BuildConfig, CalendarConfig, CardPages, IdealBaseline, Member, PlaintextOutput, PublishConfig,
    SALT_BYTES, SiteConfig, SyncConfig, SyncTracker, TeamConfig, time_zone,
};
pub use date::{Date, Weekday};
pub use number::total;
pub use page::{FreePage, FrontMatter};
pub use release::{Release, ReleaseFile};
pub use source::SourceFile;
pub use sprint::{
    BlockerStatus, Criterion, Decision, Gate, Item, ItemStatus, Level, MAX_POINTS, Progress, Risk,
    RiskStatus, SprintFile, SprintStatus, Task,
};
pub use theme::{Section, ThemeConfig};
pub use unit::Unit;

/// Index into [`Site::sources`].
pub type FileId = usize;

/// A whole site as loaded from disk, before anything is computed.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub teams: Vec<Team>,
    /// Releases across teams, sorted by file name.
    pub releases: Vec<Release>,
    /// Free Markdown pages, sorted by path.
    pub pages: Vec<FreePage>,
    /// What the theme asks of the pages (its `theme.toml`).
    pub theme: ThemeConfig,
    pub sources: Vec<SourceFile>,
}

impl Site {
    /// The site's working days: the default weekdays with `[calendar]` of `sprintgen.toml`.
    pub fn calendar(&self) -> Calendar {
        Calendar::default().overlay(&self.config.calendar)
    }

    /// Where a sprint was read from, as users see it in messages.
    pub fn path_of(&self, sprint: &Sprint) -> &str {
        &self.sources[sprint.file].path
    }

    /// What a team's figures count: its own `unit`, else the site's, else points.
    pub fn unit(&self, team: &Team) -> Unit {
        team.config.unit.or(self.config.unit).unwrap_or_default()
    }

    /// The index of the team with this slug.
    pub fn team_index(&self, slug: &str) -> Option<usize> {
        self.teams.iter().position(|t| t.slug == slug)
    }
}

#[derive(Clone, Debug)]
pub struct Team {
    /// The folder name under `content/`, validated as a URL slug.
    pub slug: String,
    pub file: FileId,
    pub config: TeamConfig,
    /// Sorted by sprint number.
    pub sprints: Vec<Sprint>,
}

#[derive(Clone, Debug)]
pub struct Sprint {
    /// The file stem (`sprint-04`), validated as a URL slug.
    pub slug: String,
    pub file: FileId,
    pub data: SprintFile,
}

/// A kebab-case value of the data format as a word on a page: `in-progress` → "In progress".
/// Templates reach it as the `label` filter; the feed uses it for sprint statuses.
pub fn label(value: &str) -> String {
    let words = value.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_are_words() {
        assert_eq!(super::label("in-progress"), "In progress");
        assert_eq!(super::label("not-started"), "Not started");
        assert_eq!(super::label(""), "");
    }

    #[test]
    fn the_sites_calendar_is_its_config_over_the_default_weekdays() {
        let config = "title = \"T\"\n[calendar]\nworking_days = [\"mon\", \"tue\", \"wed\"]\nholidays = [2025-11-04]\n";
        let site = super::Site {
            config: toml::from_str(config).unwrap(),
            teams: Vec::new(),
            releases: Vec::new(),
            pages: Vec::new(),
            theme: Default::default(),
            sources: Vec::new(),
        };
        let calendar = site.calendar();
        // The week of Monday 3 November 2025: Tuesday is a holiday, Thursday not a working day.
        let working: Vec<bool> = (3..=9)
            .map(|day| calendar.is_working(crate::model::Date::new(2025, 11, day).unwrap()))
            .collect();
        assert_eq!(working, [true, false, true, false, false, false, false]);
    }
}
