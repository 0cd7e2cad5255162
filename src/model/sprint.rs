//! `content/<team>/sprint-NN.toml`: one sprint and every table it may hold.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::config::IdealBaseline;
use super::date::Date;

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SprintFile {
    #[schemars(with = "u32")]
    pub number: Spanned<u32>,
    pub title: String,
    #[serde(default)]
    pub phase: Option<String>,
    #[schemars(with = "Date")]
    pub start: Spanned<Date>,
    #[schemars(with = "Date")]
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
    #[schemars(with = "Option<f64>", range(min = 0, max = MAX_POINTS))]
    pub committed: Option<Spanned<f64>>,
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 0, max = MAX_POINTS))]
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
    /// Where editors find the file's JSON Schema: read by them, ignored by sprintgen.
    #[serde(default, rename = "$schema")]
    #[schemars(with = "Option<String>")]
    _schema: Option<serde::de::IgnoredAny>,
}

/// More points than this in one value is a typo, and would flatten every chart.
pub const MAX_POINTS: f64 = 100_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SprintStatus {
    Planned,
    Active,
    Closed,
}

impl SprintStatus {
    /// The value as the data format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SprintStatus::Planned => "planned",
            SprintStatus::Active => "active",
            SprintStatus::Closed => "closed",
        }
    }
}

/// Progress of a goal, deliverable or schedule entry.
// The variants are the data format's words (`in-progress`), not names of their own.
#[allow(clippy::enum_variant_names)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Progress {
    NotStarted,
    Planned,
    InProgress,
    Done,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["items"] }))]
pub struct Goal {
    pub title: String,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub critical: bool,
    /// Item ids whose progress decides the goal's status.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub items: Vec<Spanned<String>>,
    /// An explicit status for a goal without items.
    #[serde(default)]
    pub status: Option<Progress>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["done"] }))]
pub struct Criterion {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    Todo,
    InProgress,
    Done,
    Removed,
}

impl ItemStatus {
    /// The value as the data format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Todo => "todo",
            ItemStatus::InProgress => "in-progress",
            ItemStatus::Done => "done",
            ItemStatus::Removed => "removed",
        }
    }
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["points", "status"] }))]
// The status and its date go together: an editor can say so as they are typed.
#[schemars(extend("allOf" = [
    { "if": { "properties": { "status": { "const": "done" } }, "required": ["status"] },
      "then": { "required": ["done_on"] } },
    { "if": { "required": ["done_on"] },
      "then": { "properties": { "status": { "const": "done" } }, "required": ["status"] } },
    { "if": { "properties": { "status": { "const": "removed" } }, "required": ["status"] },
      "then": { "required": ["removed_on"] } },
    { "if": { "required": ["removed_on"] },
      "then": { "properties": { "status": { "const": "removed" } }, "required": ["status"] } },
]))]
pub struct Item {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub epic: Option<String>,
    #[serde(default = "zero_points")]
    #[schemars(with = "f64", range(min = 0, max = MAX_POINTS))]
    pub points: Spanned<f64>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "todo")]
    #[schemars(with = "ItemStatus")]
    pub status: Spanned<ItemStatus>,
    /// When work on it started: enables the cumulative flow chart and cycle times.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub started_on: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub done_on: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub added_on: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub removed_on: Option<Spanned<Date>>,
    #[serde(default)]
    pub estimates: Vec<Estimate>,
    /// Status changes in date order, for an item whose status went back and forth (done,
    /// reopened, done again): the burndown follows them. The last one is the item's `status`.
    #[serde(default)]
    pub history: Vec<StatusChange>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// The sprint number this unfinished item was carried over from (`sprintgen new sprint`).
    #[serde(default)]
    pub carried_from: Option<u32>,
    /// Where the item opens in the tracker, over the team's or the site's `item_url`. A boxed
    /// `str`: a site holds hundreds of thousands of items, most without one.
    #[serde(default, deserialize_with = "super::links::item_url")]
    #[schemars(pattern(r"^https?://[^/\s][^\s]*$"))]
    pub url: Option<Box<str>>,
}

fn zero_points() -> Spanned<f64> {
    Spanned::new(0..0, 0.0)
}

fn todo() -> Spanned<ItemStatus> {
    Spanned::new(0..0, ItemStatus::Todo)
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    #[schemars(with = "Date")]
    pub on: Spanned<Date>,
    #[schemars(with = "f64", range(min = 0, max = MAX_POINTS))]
    pub points: Spanned<f64>,
}

/// One entry of an item's `history`: from this day on, the item had this status.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    #[schemars(with = "Date")]
    pub on: Spanned<Date>,
    #[schemars(with = "ItemStatus")]
    pub status: Spanned<ItemStatus>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["completed", "next"] }))]
pub struct Standup {
    #[schemars(with = "Date")]
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

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    pub name: String,
    pub status: Progress,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub link: Option<Spanned<String>>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    /// The value as the data format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskStatus {
    /// Raised and not yet dealt with: the word most risk registers start with.
    Open,
    Planned,
    Active,
    Monitoring,
    Mitigated,
    Closed,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["mitigation", "status"] }))]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BlockerStatus {
    Open,
    Resolved,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["owner", "raised_on"] }))]
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
    #[schemars(with = "Option<Date>")]
    pub raised_on: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub resolved_on: Option<Spanned<Date>>,
}

fn open_blocker() -> BlockerStatus {
    BlockerStatus::Open
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEntry {
    #[schemars(with = "Date")]
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

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub date: Date,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GateStatus {
    Pass,
    Fail,
    InProgress,
    Pending,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub name: String,
    pub status: GateStatus,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::SprintStatus;

    #[test]
    fn a_status_reads_as_the_data_format_writes_it() {
        for status in [
            SprintStatus::Planned,
            SprintStatus::Active,
            SprintStatus::Closed,
        ] {
            let written = serde_json::to_string(&status).unwrap();
            assert_eq!(written, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(SprintStatus::Active.as_str(), "active");
    }
}
