//! The theme contract: every value a page template receives, as typed structs that
//! `docs/themes.md` documents field by field. Builders in the sibling modules fill them from
//! the model and the computed figures; templates only lay them out, they never compute.
//!
//! Every value that comes from data stays a string here and is escaped by Tera when rendered;
//! only chart SVG and rendered Markdown are marked safe, through the `safe` and `markdown`
//! filters. A chart with a key is a [`Chart`]: `{svg, legend}`, the legend's labels escaped
//! like any text.

use serde::Serialize;

pub use crate::charts::Chart;

use crate::metrics::flow::FlowDay;
use crate::metrics::forecast::Forecast;
use crate::metrics::health::Health;
use crate::metrics::release::{BurnupPoint, ReleaseForecast, Verdict};
use crate::metrics::row::SprintRow;
use crate::metrics::sprint::ScopeChangeKind;
use crate::metrics::velocity::VelocityRow;
use crate::metrics::{Capacity, Points};
use crate::model::{
    BlockerStatus, Criterion, Date, Decision, Gate, ItemStatus, Level, Member, Progress,
    RiskStatus, SprintStatus, Task, Unit,
};

// Every page.

/// What every page receives.
#[derive(Serialize)]
pub struct CommonView<'a> {
    pub site: SiteView<'a>,
    pub root: String,
    pub page_title: &'a str,
    /// The title every printed page carries in its header: the page's title after the
    /// breadcrumbs above it ("AlphaPulse · Sprint 4: …"), so that a loose page of a
    /// steering pack can be placed.
    pub print_title: String,
    pub breadcrumbs: Vec<Crumb<'a>>,
    /// Every team in the header while they fit; with more, the header links to the portfolio
    /// (and listing them on each page would cost teams × pages).
    pub nav: Vec<NavTeam<'a>>,
    pub team_count: usize,
    /// The link preview's tags, on the pages that have them.
    pub preview: Option<PreviewView>,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// `base_url` with one trailing slash, when the site has a valid one: for absolute links
    /// (the 404 page, the Markdown reports).
    pub base_url: Option<String>,
    pub as_of: Date,
    pub generator: &'static str,
}

/// What a link to the page unfurls as in chat, mail and social sites: the Open Graph and
/// Twitter-card tags of `base.html`. Only the sprint, team, release and portfolio pages have
/// one; the tags that need an absolute URL are left out without `base_url`.
#[derive(Serialize)]
pub struct PreviewView {
    /// "Sprint 4: Phase 3 Kickoff · AlphaPulse".
    pub title: String,
    /// The page's headline in words (`headline.text`).
    pub description: String,
    /// The page's absolute URL.
    pub url: Option<String>,
    /// The page's PNG card, beside it.
    pub image: Option<PreviewImageView>,
    /// Twitter's card type: `summary_large_image` with an image, else `summary`.
    pub twitter_card: &'static str,
}

/// A page's PNG card (1200×630, as Open Graph asks for a large image).
#[derive(Serialize)]
pub struct PreviewImageView {
    /// Its absolute URL.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// What it shows, for readers who cannot see it.
    pub alt: String,
}

/// One step of the breadcrumb trail; the current page has no URL.
#[derive(Serialize)]
pub struct Crumb<'a> {
    pub title: &'a str,
    pub url: Option<&'static str>,
}

#[derive(Serialize)]
pub struct NavTeam<'a> {
    pub slug: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct HealthView {
    pub status: Health,
    pub gap_percent: i64,
    /// The sprint is over: its health is how it ended, and pages say so in the past tense.
    pub finished: bool,
}

/// The unit a page's (or a team's) figures count in, with its words: templates write
/// `{{ figures.total | amount(unit=unit) }}` ("13 SP", "13 issues", "1 issue").
#[derive(Clone, Copy, Serialize)]
pub struct UnitView {
    /// `points` or `issues`.
    pub name: Unit,
    /// After a number: "SP", "issues".
    pub short: &'static str,
    /// In a sentence without a number: "story points", "issues".
    pub noun: &'static str,
    /// A column heading: "Points", "Issues".
    pub title: &'static str,
}

/// The headline at the top of a sprint, team, release and portfolio page (`headline` in
/// each): where things stand in one line, and what needs attention.
#[derive(Serialize)]
pub struct HeadlineView {
    /// The state in one line of words ("Day 1 of 9 · 4 of 13 SP done (31%) · On track"):
    /// shown at the top of the page, and the page's description elsewhere (a link preview, a
    /// notification).
    pub text: String,
    /// How things stand, for the line's colour: a health (`on-track`, `at-risk`,
    /// `off-track`), a release's verdict (also `done`, `unknown`), or none before the start.
    pub tone: Option<&'static str>,
    /// What needs attention, most pressing first, each linking to where it is explained.
    pub attention: Vec<AttentionView>,
}

/// One thing that needs attention, for the headline.
#[derive(Serialize)]
pub struct AttentionView {
    pub text: String,
    /// Its section on this page (`#blockers`) or the page that explains it.
    pub url: String,
    /// What it is about, when its text holds a figure that moves from day to day ("of the
    /// scope behind the ideal line" for "11% of the scope behind the ideal line"), so that
    /// `notify --only-changes` does not take the figure alone for news; `None`: its text.
    #[serde(skip)]
    pub topic: Option<&'static str>,
    /// How pressing it is: `high`, `medium` or `low`.
    pub level: Level,
}

/// A release as other pages list it.
#[derive(Serialize)]
pub struct ReleaseLinkView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub target: Date,
    pub percent_done: u32,
    pub verdict: VerdictView,
    pub unit: UnitView,
    pub scope: Points,
    pub completed: Points,
    /// The names of its teams.
    pub teams: Vec<&'a str>,
}

/// Where a release stands against its target.
#[derive(Serialize)]
pub struct VerdictView {
    pub status: Verdict,
    /// The whole percentage of forecast trials done by the target (none without a forecast).
    pub percent_by_target: Option<u32>,
    pub target: Date,
}

/// A link to a free page: newest first in lists, relative to the page listing it.
#[derive(Serialize)]
pub struct PageLinkView<'a> {
    pub title: &'a str,
    pub date: Option<Date>,
    pub description: Option<&'a str>,
    pub draft: bool,
    pub url: String,
}

// `index.html`: the portfolio.

#[derive(Serialize)]
pub struct IndexView<'a> {
    pub headline: HeadlineView,
    /// Every team, in folder order.
    pub teams: Vec<TeamCardView<'a>>,
    /// How many teams are on track, at risk and off track.
    pub summary: HealthCountView,
    /// One row per team, off track first.
    pub current: Vec<PortfolioRowView<'a>>,
    /// The sections of the portfolio: one per group, those without a group last.
    pub groups: Vec<GroupView<'a>>,
    /// Whether any team has a `group`.
    pub grouped: bool,
    pub releases: Vec<ReleaseLinkView<'a>>,
    pub pages: Vec<PageLinkView<'a>>,
    pub health_rule: HealthRuleView,
}

/// Teams by the health of their current sprint.
#[derive(Clone, Copy, Default, Serialize)]
pub struct HealthCountView {
    pub teams: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    /// Teams whose current sprint has not started, or without sprints.
    pub not_started: usize,
}

/// A team's line in the portfolio table.
#[derive(Serialize)]
pub struct PortfolioRowView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub group: Option<&'a str>,
    pub unit: UnitView,
    /// As on the card.
    pub current: Option<PortfolioSprintView<'a>>,
    pub last_say_do: Option<i64>,
    pub average_velocity: Option<Points>,
}

#[derive(Serialize)]
pub struct PortfolioSprintView<'a> {
    pub number: u32,
    pub slug: &'a str,
    pub title: &'a str,
    pub status: SprintStatus,
    pub percent_completed: u32,
    pub completed: Points,
    pub total: Points,
    pub days_left: u32,
    pub health: Option<HealthView>,
}

/// A section of the portfolio: a group of teams, or the teams without a group.
#[derive(Serialize)]
pub struct GroupView<'a> {
    /// `None` for the teams without a group.
    pub name: Option<&'a str>,
    /// The section's anchor.
    pub id: String,
    pub summary: HealthCountView,
    /// Cards for a group of a few teams, else a list of links.
    pub cards: bool,
    /// Indices of its teams in `teams`.
    pub teams: Vec<usize>,
}

/// A team's card on the portfolio.
#[derive(Serialize)]
pub struct TeamCardView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub group: Option<&'a str>,
    pub unit: UnitView,
    pub sprint_count: usize,
    /// The active sprint, else the next planned one, else the last.
    pub current: Option<CurrentSprintView<'a>>,
    pub last_say_do: Option<i64>,
    pub last_closed_number: Option<u32>,
    pub average_velocity: Option<Points>,
    pub velocity_window: usize,
}

#[derive(Serialize)]
pub struct CurrentSprintView<'a> {
    #[serde(flatten)]
    pub row: SprintRow<'a>,
    pub remaining: Points,
    pub days_left: u32,
    pub sparkline: Option<String>,
    pub health: Option<HealthView>,
}

/// The health rule's thresholds, for stating it on the page.
#[derive(Serialize)]
pub struct HealthRuleView {
    pub on_track_percent: i64,
    pub at_risk_percent: i64,
}

// `team.html`.

#[derive(Serialize)]
pub struct TeamPageView<'a> {
    pub headline: HeadlineView,
    /// The sprint the page leads with, as the portfolio's card shows it.
    pub current: Option<CurrentSprintView<'a>>,
    pub team: TeamView<'a>,
    pub unit: UnitView,
    /// The releases the team works on.
    pub releases: Vec<ReleaseLinkView<'a>>,
    /// Which sections the page shows (those with data, and those the theme asks for).
    pub show: TeamSectionsView,
    pub sprints: Vec<TeamSprintView<'a>>,
    pub pages: Vec<PageLinkView<'a>>,
    pub trends: Vec<TrendView>,
    pub capacity: Vec<CapacityRowView>,
    /// Index in `sprints` of the sprint the page leads with.
    pub current_index: Option<usize>,
    /// The number of the sprint in progress, which the trends and the average velocity count
    /// only once it is closed.
    pub in_progress: Option<u32>,
    pub velocity: VelocityView,
    pub forecast: ForecastView,
}

#[derive(Serialize)]
pub struct TeamSectionsView {
    pub members: bool,
    pub releases: bool,
}

#[derive(Serialize)]
pub struct TeamView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub group: Option<&'a str>,
    pub members: Vec<MemberView<'a>>,
    pub headcount: u32,
    pub fte: Points,
}

#[derive(Serialize)]
pub struct MemberView<'a> {
    pub role: &'a str,
    pub count: u32,
    pub fte: Points,
}

/// A row of the team's sprint table.
#[derive(Serialize)]
pub struct TeamSprintView<'a> {
    #[serde(flatten)]
    pub row: SprintRow<'a>,
    pub phase: Option<&'a str>,
    pub say_do_percent: Option<i64>,
    pub rolling_average: Option<Points>,
}

/// A small chart of one value per sprint, with the values for the table beside it.
#[derive(Serialize)]
pub struct TrendView {
    pub id: &'static str,
    pub title: String,
    pub explanation: String,
    pub unit: &'static str,
    pub chart: Option<String>,
    /// Why there is no chart, in one sentence, when there is none.
    pub empty: Option<&'static str>,
    pub values: Vec<TrendValueView>,
}

#[derive(Serialize)]
pub struct TrendValueView {
    /// The sprint's short label ("S4").
    pub sprint: String,
    pub value: Option<Points>,
}

#[derive(Serialize)]
pub struct CapacityRowView {
    pub number: u32,
    #[serde(flatten)]
    pub capacity: Capacity,
}

#[derive(Serialize)]
pub struct VelocityView {
    pub window: usize,
    pub average: Option<Points>,
    pub average_of: usize,
    pub chart: Option<Chart>,
}

#[derive(Serialize)]
pub struct ForecastView {
    pub backlog: Points,
    pub history: Vec<Points>,
    pub min_history: usize,
    pub result: Option<Forecast>,
}

// `page.html` and `404.html`.

#[derive(Serialize)]
pub struct FreePageView<'a> {
    pub team: Option<TeamLinkView<'a>>,
    pub page: PageView<'a>,
}

#[derive(Serialize)]
pub struct TeamLinkView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub date: Option<Date>,
    pub description: Option<&'a str>,
    pub draft: bool,
    /// Markdown.
    pub body: &'a str,
}

/// The 404 page is served at any URL, so its links start from `base_url` (when the site has
/// one) instead of a relative path.
#[derive(Serialize)]
pub struct NotFoundView<'a> {
    pub root: String,
    /// The site's stylesheet, and its icon as a `data:` URL, which the page holds in itself.
    pub stylesheet: Option<&'a str>,
    pub icon: Option<String>,
}

/// `locked.html`: what an encrypted site publishes in place of each page (README, "Private
/// reports"). It holds nothing of the site's data: where the stylesheet is, the stylesheet and
/// icon themselves on the 404 page (served at any URL, as [`NotFoundView`]), and the sealed page.
#[derive(Serialize)]
pub struct LockedPageView<'a> {
    pub root: &'a str,
    pub stylesheet: Option<&'a str>,
    pub icon: Option<String>,
    pub locked: LockedView<'a>,
}

/// What the browser needs to open a sealed page: the key's derivation (salt and rounds), the
/// key check (which tells a wrong password from a damaged page), and the page. The sealed
/// values are base64 of the 12-byte nonce, the ciphertext and the 16-byte tag.
#[derive(Serialize)]
pub struct LockedView<'a> {
    pub salt: &'a str,
    pub iterations: u32,
    pub check: &'a str,
    pub page: &'a str,
    /// Whether this is the 404 page, which a host shows at any address: its sealed text is
    /// bound to `404.html`, every other page's to its own address (`encryption::page_label`).
    pub not_found: bool,
}

// `sprint.html`.

/// The sprint page's own values (docs/themes.md), beside [`CommonView`]. Typed rather than
/// built as JSON: nine pages in ten of a large site are sprint pages, and a typed view goes
/// into Tera's context in one pass.
#[derive(Serialize)]
pub struct SprintPageView<'a> {
    pub headline: HeadlineView,
    pub team: SprintTeamView<'a>,
    pub unit: UnitView,
    /// Which sections the page shows (those with data, and those the theme asks for).
    pub show: SprintSectionsView,
    pub sprint: SprintView<'a>,
    pub figures: FiguresView,
    pub charts: SprintChartsView,
    pub goals: Vec<GoalView<'a>>,
    pub criteria: &'a [Criterion],
    pub criteria_done: usize,
    pub scope_changes: Vec<ScopeChangeView<'a>>,
    pub deliverables: Vec<DeliverableView<'a>>,
    pub risks: Vec<RiskView<'a>>,
    pub risk_matrix: Vec<RiskRow>,
    pub blockers: Vec<BlockerView<'a>>,
    pub health: Option<HealthView>,
    pub capacity: Capacity,
    pub flow: Option<FlowView<'a>>,
    pub schedule: Vec<ScheduleView<'a>>,
    pub decisions: &'a [Decision],
    pub lessons: &'a [String],
    pub shoutouts: &'a [String],
    pub gates: &'a [Gate],
    pub references: Vec<ReferenceView<'a>>,
    /// The velocity rows up to this sprint.
    pub velocity: &'a [VelocityRow],
    pub velocity_average: Option<Points>,
    pub velocity_window: usize,
    pub next_sprint: Option<NextSprintView<'a>>,
    pub previous_sprint: Option<SprintLinkView<'a>>,
    pub days: Vec<DayView>,
    pub standups: Vec<StandupView<'a>>,
    pub epics: Vec<EpicView<'a>>,
    pub lists: ListsView,
}

#[derive(Serialize)]
pub struct SprintSectionsView {
    pub goals: bool,
    pub criteria: bool,
    pub standups: bool,
    pub backlog: bool,
    pub deliverables: bool,
    pub risks: bool,
    pub blockers: bool,
    pub schedule: bool,
    pub notes: bool,
    pub gates: bool,
    pub next: bool,
    pub references: bool,
}

#[derive(Serialize)]
pub struct SprintTeamView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub members: &'a [Member],
    pub headcount: u32,
    pub fte: Points,
}

#[derive(Serialize)]
pub struct SprintView<'a> {
    pub number: u32,
    pub slug: &'a str,
    pub title: &'a str,
    pub phase: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub start: Date,
    pub start_weekday: &'static str,
    pub end: Date,
    pub end_weekday: &'static str,
    pub calendar_days: i64,
    pub updated: Option<Date>,
    pub status: SprintStatus,
    pub working_days: u32,
    pub elapsed_working_days: u32,
    pub summary_form: bool,
}

#[derive(Serialize)]
pub struct FiguresView {
    pub committed: Points,
    pub total: Points,
    pub completed: Points,
    pub in_progress: Points,
    pub not_started: Points,
    pub remaining: Points,
    pub percent_completed: u32,
    pub percent_in_progress: u32,
    pub percent_not_started: u32,
    pub say_do_percent: Option<i64>,
    pub scope_added: Points,
    pub scope_removed: Points,
    pub scope_increase_percent: u32,
    /// Net scope change with its sign ("+3"), or `None` when there was none.
    pub scope_net: Option<String>,
}

#[derive(Serialize)]
pub struct SprintChartsView {
    pub burndown: Option<Chart>,
    pub burnup: Option<Chart>,
}

#[derive(Serialize)]
pub struct GoalView<'a> {
    pub title: &'a str,
    pub detail: Option<&'a str>,
    pub critical: bool,
    pub status: Progress,
    pub items: Vec<GoalItemView<'a>>,
}

/// An item a goal names, with where it opens in the tracker (none for an item the sprint does
/// not hold, or without a link).
#[derive(Serialize)]
pub struct GoalItemView<'a> {
    pub id: &'a str,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct ScopeChangeView<'a> {
    pub date: Date,
    pub item: &'a str,
    pub title: Option<&'a str>,
    /// Where the item opens in the tracker (or none).
    pub url: Option<String>,
    pub kind: ScopeChangeKind,
    pub delta: Points,
    pub signed_delta: String,
}

#[derive(Serialize)]
pub struct DeliverableView<'a> {
    pub name: &'a str,
    pub status: Progress,
    pub notes: Option<&'a str>,
    pub link: Option<&'a str>,
}

#[derive(Serialize)]
pub struct RiskView<'a> {
    pub number: usize,
    pub title: &'a str,
    pub likelihood: Level,
    pub impact: Level,
    pub severity: Level,
    pub mitigation: Option<&'a str>,
    pub status: RiskStatus,
}

#[derive(Serialize)]
pub struct BlockerView<'a> {
    pub title: &'a str,
    pub impact: Option<Level>,
    pub owner: Option<&'a str>,
    pub status: BlockerStatus,
    pub resolution: Option<&'a str>,
    pub raised_on: Option<Date>,
    pub age_working_days: Option<u32>,
}

#[derive(Serialize)]
pub struct FlowView<'a> {
    pub chart: Option<Chart>,
    pub days: &'a [FlowDay],
    pub median_cycle_time: Option<Points>,
    pub cycle_times: Vec<CycleTimeView<'a>>,
}

#[derive(Serialize)]
pub struct CycleTimeView<'a> {
    pub item: &'a str,
    pub title: Option<&'a str>,
    /// Where the item opens in the tracker (or none).
    pub url: Option<String>,
    pub started_on: Date,
    pub done_on: Date,
    pub working_days: u32,
}

#[derive(Serialize)]
pub struct ScheduleView<'a> {
    pub date: Date,
    pub weekday: &'static str,
    /// The week of the sprint, from 1.
    pub week: i64,
    pub activities: &'a [String],
    pub owner: Option<&'a str>,
    pub status: Progress,
}

#[derive(Serialize)]
pub struct ReferenceView<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct NextSprintView<'a> {
    pub number: u32,
    pub title: &'a str,
    pub slug: &'a str,
    pub start: Date,
    pub end: Date,
    pub total: Points,
    pub items: Vec<NextItemView<'a>>,
    /// How many of its items are already done (carried over, then finished): a preview
    /// should not offer them as work to come.
    pub done: usize,
}

#[derive(Serialize)]
pub struct NextItemView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Where the item opens in the tracker (or none).
    pub url: Option<String>,
    pub points: Points,
    /// The day it was done, when it already is.
    pub done_on: Option<Date>,
}

#[derive(Serialize)]
pub struct SprintLinkView<'a> {
    pub number: u32,
    pub title: &'a str,
    pub slug: &'a str,
}

/// A backlog item as the templates see it (docs/themes.md, `epics[].items`). A sprint page
/// shows every item twice (backlog and lists), its largest part: each is converted into a
/// Tera value once and shared.
#[derive(Serialize)]
pub struct ItemView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Where the item opens in the tracker: its `url`, else the team's or the site's
    /// `item_url` with its id (or none).
    pub url: Option<String>,
    pub epic: Option<&'a str>,
    pub points: Points,
    pub original_points: Points,
    pub reestimated: bool,
    pub owner: Option<&'a str>,
    pub status: ItemStatus,
    pub done_on: Option<Date>,
    pub added_on: Option<Date>,
    pub removed_on: Option<Date>,
    pub added_after_start: bool,
    pub carried_from: Option<u32>,
    pub notes: Option<&'a str>,
    pub tasks: &'a [Task],
    pub tasks_done: usize,
    /// Its status changes, when it went back and forth.
    pub history: Vec<StatusChangeView>,
}

#[derive(Serialize)]
pub struct StatusChangeView {
    pub on: Date,
    pub status: ItemStatus,
}

#[derive(Serialize)]
pub struct EpicView<'a> {
    pub name: &'a str,
    pub points: Points,
    pub status: Progress,
    /// [`ItemView`]s.
    pub items: Vec<tera::Value>,
}

/// The Jira sprint-report lists, each of [`ItemView`]s.
#[derive(Serialize)]
pub struct ListsView {
    pub completed: Vec<tera::Value>,
    pub not_completed: Vec<tera::Value>,
    pub removed: Vec<tera::Value>,
    pub added: Vec<tera::Value>,
    pub completed_outside: Vec<tera::Value>,
}

#[derive(Serialize)]
pub struct DayView {
    pub date: Date,
    pub weekday: &'static str,
    pub working: bool,
    pub ideal: Points,
    pub remaining: Option<Points>,
    pub completed: Option<Points>,
    pub scope: Option<Points>,
}

#[derive(Serialize)]
pub struct StandupView<'a> {
    pub date: Date,
    pub weekday: &'static str,
    /// The working-day number within the sprint.
    pub day: Option<u32>,
    pub title: Option<&'a str>,
    pub planned: &'a [String],
    pub completed: &'a [String],
    pub blockers: &'a [String],
    pub next: &'a [String],
    pub notes: &'a [String],
}

#[derive(Serialize)]
pub struct RiskRow {
    pub likelihood: Level,
    pub cells: Vec<RiskCell>,
}

#[derive(Serialize)]
pub struct RiskCell {
    pub impact: Level,
    pub severity: Level,
    /// The numbers of the risks in this cell.
    pub risks: Vec<usize>,
}

// `release.html`.

#[derive(Serialize)]
pub struct ReleasePageView<'a> {
    pub headline: HeadlineView,
    pub release: ReleaseView<'a>,
    pub unit: UnitView,
    pub verdict: VerdictView,
    pub figures: ReleaseFiguresView,
    /// Per team, in the release's order.
    pub teams: Vec<ReleaseProgressView<'a>>,
    pub epics: Vec<ReleaseProgressView<'a>>,
    pub burnup: &'a [BurnupPoint],
    pub chart: Option<Chart>,
    pub added: Vec<AddedItemView<'a>>,
    pub forecast: Option<&'a ReleaseForecast>,
    pub forecast_rule: ForecastRuleView,
}

#[derive(Serialize)]
pub struct ReleaseView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    /// Markdown.
    pub description: Option<&'a str>,
    pub target: Date,
    pub start: Date,
    pub epics: Vec<&'a str>,
    pub id_prefixes: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct ReleaseFiguresView {
    pub items: usize,
    pub scope: Points,
    pub completed: Points,
    pub in_progress: Points,
    pub todo: Points,
    pub remaining: Points,
    pub percent_done: u32,
    pub percent_in_progress: u32,
    pub scope_at_start: Points,
    /// The change of scope since the start with its sign ("+3", "-1"), or none.
    pub scope_change: Option<String>,
    /// Its size as a share of the scope at the start.
    pub scope_change_percent: u32,
}

/// Done, in progress and to do of a team's or an epic's part of a release.
#[derive(Serialize)]
pub struct ReleaseProgressView<'a> {
    pub name: &'a str,
    /// The team's slug, for a team.
    pub slug: Option<&'a str>,
    pub done: Points,
    pub in_progress: Points,
    pub todo: Points,
    pub total: Points,
    pub percent_done: u32,
}

#[derive(Serialize)]
pub struct AddedItemView<'a> {
    pub team: &'a str,
    pub team_slug: &'a str,
    pub item: &'a str,
    pub title: Option<&'a str>,
    /// Where the item opens in the tracker (or none).
    pub url: Option<String>,
    pub date: Date,
    pub size: Points,
}

/// The verdict's thresholds and the forecast's minimum history, for stating the rule.
#[derive(Serialize)]
pub struct ForecastRuleView {
    pub on_track_percent: u32,
    pub at_risk_percent: u32,
    pub min_history: usize,
}
