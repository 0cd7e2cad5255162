//! Plain data types for everything a site holds on disk, deserialized straight from TOML.
//!
//! These types are the data-format contract of `README.md`/`docs/format.md`: every table is
//! `deny_unknown_fields` so a typo is an error rather than silently ignored data, and the values
//! that validation points at are wrapped in [`Spanned`] so a diagnostic can name their line and
//! column.

use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A calendar date (TOML local date, `2025-10-28`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Builds a date from its parts; `None` when the parts are not a real date.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The day after, saturating at the end of jiff's range (year 9999).
    pub fn next(self) -> Date {
        Date(self.0.tomorrow().unwrap_or(self.0))
    }

    /// Calendar days from `self` to `later` (0 when equal, negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        let span = self.0.until(later.0).unwrap_or_default();
        i64::from(span.get_days())
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday_index(self) -> usize {
        self.0.weekday().to_monday_zero_offset() as usize
    }

    /// The English weekday name, computed from the date ("Tuesday").
    pub fn weekday_name(self) -> &'static str {
        WEEKDAY_NAMES[self.weekday_index()]
    }

    /// Parses `YYYY-MM-DD` (used for `--as-of` on the command line).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if text.trim().len() != 10 {
            return None;
        }
        Date::new(year, month, day)
    }
}

pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::value::Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(date), None, None) => {
                Date::new(date.year as i16, date.month as i8, date.day as i8)
                    .ok_or_else(|| D::Error::custom(format!("`{value}` is not a calendar date")))
            }
            _ => Err(D::Error::custom(format!(
                "expected a date such as 2025-10-28, found the date-time `{value}`"
            ))),
        }
    }
}

/// A day of the week as written in `working_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// `sprintgen.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The date the reports are "as of"; `--as-of` overrides it, today is the fallback.
    #[serde(default)]
    pub as_of: Option<Date>,
    #[serde(default)]
    pub calendar: CalendarConfig,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    #[serde(default)]
    pub cname: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Replaces the inherited working weekdays when set.
    #[serde(default)]
    pub working_days: Option<Vec<Weekday>>,
    /// Adds to the inherited holidays.
    #[serde(default)]
    pub holidays: Vec<Date>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output_dir: default_output_dir(),
        }
    }
}

fn default_output_dir() -> String {
    "public".to_string()
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML inside Markdown is escaped unless the site opts in.
    #[serde(default)]
    pub allow_html: bool,
}

/// `content/<team>/team.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_velocity_window")]
    pub velocity_window: Spanned<usize>,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub calendar: CalendarConfig,
    /// How the burndown's ideal line is drawn; a sprint can override it.
    #[serde(default)]
    pub ideal_baseline: IdealBaseline,
}

/// Where the burndown's ideal line starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdealBaseline {
    /// From the committed scope at the start to zero at the end, as Jira draws it.
    #[default]
    Initial,
    /// Redrawn after each scope change: from the changed value to zero at the end.
    Current,
}

fn default_velocity_window() -> Spanned<usize> {
    Spanned::new(0..0, 3)
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub role: String,
    #[serde(default = "one")]
    pub count: u32,
    pub fte: f64,
}

fn one() -> u32 {
    1
}

/// `content/<team>/sprint-NN.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SprintFile {
    pub number: Spanned<u32>,
    pub title: String,
    #[serde(default)]
    pub phase: Option<String>,
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Overrides the status derived from the dates and the as-of date.
    #[serde(default)]
    pub status: Option<SprintStatus>,
    /// Summary form, for past sprints kept without items.
    #[serde(default)]
    pub committed: Option<Spanned<f64>>,
    #[serde(default)]
    pub completed: Option<Spanned<f64>>,
    /// Days off for this sprint only (on top of the site and team holidays).
    #[serde(default)]
    pub holidays: Vec<Date>,
    /// Overrides the team's `ideal_baseline` for this sprint.
    #[serde(default)]
    pub ideal_baseline: Option<IdealBaseline>,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub standups: Vec<Standup>,
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub blockers: Vec<Blocker>,
    #[serde(default)]
    pub schedule: Vec<ScheduleEntry>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub lessons: Vec<String>,
    #[serde(default)]
    pub shoutouts: Vec<String>,
    #[serde(default)]
    pub gates: Vec<Gate>,
    #[serde(default)]
    pub references: Vec<Reference>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SprintStatus {
    Planned,
    Active,
    Closed,
}

/// Progress of a goal, deliverable or schedule entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Progress {
    NotStarted,
    Planned,
    InProgress,
    Done,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub title: String,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub critical: bool,
    /// Item ids whose progress decides the goal's status.
    #[serde(default)]
    pub items: Vec<Spanned<String>>,
    /// An explicit status for a goal without items.
    #[serde(default)]
    pub status: Option<Progress>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    Todo,
    InProgress,
    Done,
    Removed,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub epic: Option<String>,
    #[serde(default = "zero_points")]
    pub points: Spanned<f64>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "todo")]
    pub status: Spanned<ItemStatus>,
    /// When work on it started: enables the cumulative flow chart and cycle times.
    #[serde(default)]
    pub started_on: Option<Spanned<Date>>,
    #[serde(default)]
    pub done_on: Option<Spanned<Date>>,
    #[serde(default)]
    pub added_on: Option<Spanned<Date>>,
    #[serde(default)]
    pub removed_on: Option<Spanned<Date>>,
    #[serde(default)]
    pub estimates: Vec<Estimate>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// The sprint number this unfinished item was carried over from (`sprintgen new sprint`).
    #[serde(default)]
    pub carried_from: Option<u32>,
}

fn zero_points() -> Spanned<f64> {
    Spanned::new(0..0, 0.0)
}

fn todo() -> Spanned<ItemStatus> {
    Spanned::new(0..0, ItemStatus::Todo)
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    pub on: Spanned<Date>,
    pub points: Spanned<f64>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standup {
    pub date: Spanned<Date>,
    /// A label for a special day ("Mid-sprint review").
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub planned: Vec<String>,
    #[serde(default)]
    pub completed: Vec<String>,
    #[serde(default)]
    pub blockers: Vec<String>,
    #[serde(default)]
    pub next: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    pub name: String,
    pub status: Progress,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub link: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    Medium,
    High,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskStatus {
    Planned,
    Active,
    Monitoring,
    Mitigated,
    Closed,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub title: String,
    pub likelihood: Level,
    pub impact: Level,
    #[serde(default)]
    pub mitigation: Option<String>,
    #[serde(default = "active_risk")]
    pub status: RiskStatus,
}

fn active_risk() -> RiskStatus {
    RiskStatus::Active
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockerStatus {
    Open,
    Resolved,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocker {
    pub title: String,
    #[serde(default)]
    pub impact: Option<Level>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "open_blocker")]
    pub status: BlockerStatus,
    #[serde(default)]
    pub resolution: Option<String>,
    /// When it was raised: the page shows its age in working days.
    #[serde(default)]
    pub raised_on: Option<Spanned<Date>>,
    #[serde(default)]
    pub resolved_on: Option<Spanned<Date>>,
}

fn open_blocker() -> BlockerStatus {
    BlockerStatus::Open
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEntry {
    pub date: Spanned<Date>,
    pub activities: Vec<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "planned")]
    pub status: Progress,
}

fn planned() -> Progress {
    Progress::Planned
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub date: Date,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateStatus {
    Pass,
    Fail,
    InProgress,
    Pending,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub name: String,
    pub status: GateStatus,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// One file that was read, kept so diagnostics can quote its lines.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the site root, with `/` separators: what users see in messages.
    pub path: String,
    /// The text while the file is being parsed. A file read from disk releases it afterwards
    /// (a large site's texts would otherwise stay in memory for the whole build) and
    /// [`SourceFile::text`] reads it again for the rare diagnostic that quotes it.
    pub text: String,
    /// Where the file was read from, when it was.
    pub disk: Option<std::path::PathBuf>,
}

impl SourceFile {
    /// A file held in memory only (templates, tests, fuzzing).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            disk: None,
        }
    }

    /// The file's text, read again from disk if it was released.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.disk {
            Some(disk) if self.text.is_empty() => std::fs::read_to_string(disk)
                .map(std::borrow::Cow::Owned)
                .unwrap_or_default(),
            _ => std::borrow::Cow::Borrowed(&self.text),
        }
    }

    /// Frees the text of a file that can be read again.
    pub fn release(&mut self) {
        if self.disk.is_some() {
            self.text = String::new();
        }
    }
}

/// The TOML front matter of a free Markdown page, between `+++` lines.
#[derive(Clone, Debug, Deserialize)]
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

/// Index into [`Site::sources`].
pub type FileId = usize;

/// A whole site as loaded from disk, before anything is computed.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub teams: Vec<Team>,
    /// Free Markdown pages, sorted by path.
    pub pages: Vec<FreePage>,
    pub sources: Vec<SourceFile>,
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
