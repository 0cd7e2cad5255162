//! The command line: the arguments (clap), and one handler per command, each in its own file.
//! A handler prints what the command produces and returns a [`Failure`] when it fails; `main`
//! prints that once and picks the exit code.

mod build;
mod check;
mod completions;
mod diff;
mod edit;
mod fmt;
mod import;
mod init;
mod item;
mod new;
mod notify;
mod progress;
mod report;
mod schema;
mod serve;
mod standup;
mod sync;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{ArgGroup, Args, Parser, Subcommand};

use crate::console::{Failure, Format};
use crate::diagnostics::Diagnostic;
use crate::encryption::{PASSWORD_VARIABLE, Password, Random, Secret};
use crate::load;
use crate::model::Date;
use crate::schema::FileKind;

#[derive(Debug, Parser)]
#[command(
    name = "sprintgen",
    version,
    about = "Turns sprint data kept as TOML in git into a static website of sprint reports",
    long_about = "Turns sprint data kept as TOML in git into a static website of sprint reports: \
a page per sprint with burndown and burn-up charts, a page per team with velocity and forecast, \
and a portfolio index. Run it in a site folder (one holding sprintgen.toml and content/) or any folder inside one.",
    after_help = "Examples:\n  sprintgen init reports           start a site with a sample team and a Pages workflow\n  sprintgen serve --open           preview at http://127.0.0.1:1111/, reloading on every save\n  sprintgen new sprint             write the next sprint file of the (only) team\n  sprintgen item done LT           record that item LT of the active sprint is done today\n  sprintgen standup --done \"Login page\" --next \"Sign-up\"\n                                   record today's stand-up\n  sprintgen check --format github  annotate a pull request with the problems found\n  sprintgen build --as-of 2025-10-28\n                                   build the site into public/ as of that day\n\nEvery command works from any folder inside the site, as cargo does."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Load, validate and render everything in memory, writing nothing; exit 1 on errors
    Check(CheckArgs),
    /// Serve the site on localhost, rebuilding and reloading the browser on every change
    Serve(ServeArgs),
    /// Create a new site: a sample team and sprint, .gitignore and a GitHub Pages workflow
    Init(InitArgs),
    /// Create the next sprint file of a team, or a new team
    #[command(subcommand)]
    New(NewCommand),
    /// Print a sprint's report, or every team's current sprint, as Markdown or JSON
    Report(ReportArgs),
    /// Print how the figures differ from those of another copy of the site (a pull request's
    /// base branch checked out in BASE_DIR), as Markdown
    Diff(DiffArgs),
    /// Turn a tracker's exports (Linear, Jira, GitHub Projects) into sprint files
    Import(ImportArgs),
    /// Bring sprint files up to date from a tracker's API (Jira, Linear, GitHub Projects):
    /// every team with [sync] in its team.toml, or what a tracker's flags name
    Sync(SyncArgs),
    /// Post each team's current sprint (its headline, what needs attention and its card) to a
    /// Slack, Microsoft Teams or other webhook
    Notify(NotifyArgs),
    /// Change an item of a sprint: add, start, done, remove, reopen, estimate
    #[command(subcommand)]
    Item(ItemCommand),
    /// Record a stand-up: what was done, planned, blocking and next
    Standup(StandupArgs),
    /// Print a file kind's JSON Schema, or write all of them for editors (--write)
    Schema(SchemaArgs),
    /// Put the site's TOML files in canonical form: key order and blank lines, values untouched
    Fmt(FmtArgs),
    /// Print a shell's completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The site to compare with, such as the base branch checked out in another folder
    #[arg(value_name = "BASE_DIR")]
    pub base: PathBuf,
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub plaintext: PlaintextArgs,
}

/// For the commands that print a site's figures.
#[derive(Debug, Args)]
pub struct PlaintextArgs {
    /// Print it although the site is encrypted ([publish] encrypt): for a terminal or a
    /// private channel, never a public job summary
    #[arg(long)]
    pub plaintext: bool,
}

impl PlaintextArgs {
    /// Whether to print in place of the document the note that an encrypted site's figures are
    /// withheld: unless `--plaintext` is given, or the site names `reports` in its
    /// `[publish] plaintext`. Said on stderr too, with how to print them.
    fn withheld(&self, prepared: &crate::pipeline::Prepared) -> bool {
        let publish = &prepared.analysis.site.config.publish;
        let withheld = !self.plaintext && crate::outputs::withholds_reports(publish);
        if withheld {
            crate::console::errln!(
                "note: the site is encrypted ([publish] encrypt), so its figures are not printed: a workflow would put them in a job summary. Pass --plaintext to print them here, or name \"reports\" in [publish] plaintext"
            );
        }
        withheld
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The team's folder name under content/ (needed when the site has several teams)
    #[arg(long, value_name = "TEAM", conflicts_with = "summary")]
    pub team: Option<String>,
    /// The sprint's number (default: the team's active sprint, else the next planned one,
    /// else the last)
    #[arg(long, value_name = "N", conflicts_with = "summary")]
    pub sprint: Option<u32>,
    /// Every team's current sprint in a table, for a workflow's job summary
    #[arg(long)]
    pub summary: bool,
    /// Markdown (GitHub-flavoured, with a Mermaid burndown) or the figures as JSON
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// The URL the site is published at, for links to the pages
    #[arg(long, value_name = "URL", value_parser = base_url_arg)]
    pub base_url: Option<String>,
    /// Cut the Markdown at a line boundary to at most this many bytes, with a note (GitHub's
    /// job summaries take at most 1 MiB)
    #[arg(long, value_name = "BYTES")]
    pub max_bytes: Option<usize>,
    #[command(flatten)]
    pub plaintext: PlaintextArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "Files (in any order; each is recognised by its content):
  linear  the issues CSV of Export issues
  jira    the issues CSV (Export issues > CSV, all fields); the board's sprint list saved as
          JSON (GET /rest/agile/1.0/board/{id}/sprint, every page: the README's \"Jira's sprint
          list\" has the command); optionally the issues with their change history
          (GET /rest/api/3/search/jql?jql=...&expand=changelog)
  github  gh project item-list N --owner O --format json -L 1000; optionally, per repository,
          gh issue list --state all --json number,closedAt,createdAt,assignees,url --limit 1000

Examples:
  sprintgen import linear issues.csv --team web --dry-run
  sprintgen import jira export.csv sprints-*.json changelog.json --team platform --tz Europe/Berlin
  sprintgen import jira export.csv sprints-*.json --team platform --status-map \"Won't Do=removed\"
  sprintgen import github items.json issues.json --team app --points-field \"Story Points\"")]
pub struct ImportArgs {
    /// The tracker the files come from
    #[arg(value_enum)]
    pub tracker: crate::import::Tracker,
    /// The exported files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The team's folder name under content/ (created with team.toml when missing)
    #[arg(long, value_name = "SLUG")]
    pub team: String,
    #[command(flatten)]
    pub root: RootArgs,
    /// What a tracker status means: todo, in-progress, done or removed, e.g. "Won't Do=removed"
    /// or "In QA=in-progress" (repeatable)
    #[arg(long, value_name = "NAME=STATUS", value_parser = crate::import::parse_status_mapping)]
    pub status_map: Vec<(String, crate::model::ItemStatus)>,
    /// The column or field holding the points, when it is not the tracker's usual one
    #[arg(long, value_name = "NAME")]
    pub points_field: Option<String>,
    /// The time zone timestamps are turned into dates in (an IANA name)
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = crate::import::zone)]
    pub tz: jiff::tz::TimeZone,
    /// Import into sprint files imported before, keeping everything written by hand
    #[arg(long)]
    pub update: bool,
    /// Print the files and the report without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Credentials come from the environment only: JIRA_EMAIL and JIRA_API_TOKEN, LINEAR_API_KEY,
GITHUB_TOKEN or GH_TOKEN.

Examples:
  sprintgen sync                   every team with a [sync] table in its team.toml
  sprintgen sync --team platform --dry-run
                                   one team, printing the changes as a diff
  sprintgen sync jira --url https://acme.atlassian.net --board 7 --team platform
  sprintgen sync linear --team-key ENG --team web
  sprintgen sync github --project acme/5 --team app"
)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub tracker: Option<SyncCommand>,
    /// Only this team (its folder name under content/)
    #[arg(long, value_name = "SLUG")]
    pub team: Option<String>,
    #[command(flatten)]
    pub common: SyncCommon,
}

/// What every sync takes.
#[derive(Debug, Args)]
pub struct SyncCommon {
    #[command(flatten)]
    pub root: RootArgs,
    /// Print the changes as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Jira Cloud: a board's sprints and issues with their changelogs (JIRA_EMAIL and
    /// JIRA_API_TOKEN)
    Jira(JiraSyncArgs),
    /// Linear: a team's cycles and issues with their history (LINEAR_API_KEY)
    Linear(LinearSyncArgs),
    /// GitHub Projects: a project's iterations and items (GITHUB_TOKEN or GH_TOKEN)
    Github(GithubSyncArgs),
}

#[derive(Debug, Args)]
pub struct JiraSyncArgs {
    /// The Jira site, such as https://acme.atlassian.net [default: `url` in [sync]]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The board's id, from its address (…/boards/7) [default: `board` in [sync]]
    #[arg(long, value_name = "ID")]
    pub board: Option<u64>,
    #[command(flatten)]
    pub shared: SyncTrackerArgs,
}

#[derive(Debug, Args)]
pub struct LinearSyncArgs {
    /// The Linear team's key, the prefix of its issue ids (ENG) [default: `team_key` in [sync]]
    #[arg(long, value_name = "KEY")]
    pub team_key: Option<String>,
    /// Linear's GraphQL endpoint [default: `url` in [sync], else https://api.linear.app/graphql]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    #[command(flatten)]
    pub shared: SyncTrackerArgs,
}

#[derive(Debug, Args)]
pub struct GithubSyncArgs {
    /// The project as OWNER/NUMBER (acme/5 for github.com/orgs/acme/projects/5) [default:
    /// `project` in [sync]]
    #[arg(long, value_name = "OWNER/NUMBER")]
    pub project: Option<String>,
    /// GitHub's GraphQL endpoint [default: `url` in [sync], else
    /// https://api.github.com/graphql; GitHub Enterprise Server: https://HOST/api/graphql]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The iteration field [default: the one named Sprint or Iteration, else the only one]
    #[arg(long, value_name = "NAME")]
    pub iteration_field: Option<String>,
    /// The single-select field holding the status [default: Status]
    #[arg(long, value_name = "NAME")]
    pub status_field: Option<String>,
    #[command(flatten)]
    pub shared: SyncTrackerArgs,
}

/// What every tracker's sync takes on the command line; each overrides `[sync]`.
#[derive(Debug, Args)]
pub struct SyncTrackerArgs {
    /// The team's folder name under content/ (created with team.toml when missing)
    #[arg(long, value_name = "SLUG")]
    pub team: String,
    /// The field holding the points, when it is not the tracker's usual one
    #[arg(long, value_name = "NAME")]
    pub points_field: Option<String>,
    /// What a tracker status means: todo, in-progress, done or removed (repeatable)
    #[arg(long, value_name = "NAME=STATUS", value_parser = crate::import::parse_status_mapping)]
    pub status_map: Vec<(String, crate::model::ItemStatus)>,
    /// The time zone timestamps become dates in (an IANA name) [default: `tz` in [sync], else
    /// UTC]
    #[arg(long, value_name = "ZONE", value_parser = crate::import::zone)]
    pub tz: Option<jiff::tz::TimeZone>,
    #[command(flatten)]
    pub common: SyncCommon,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The webhook's address comes from SPRINTGEN_WEBHOOK_URL (or --url), and is never printed.
Slack: an incoming webhook (api.slack.com/messaging/webhooks). Microsoft Teams: the address of a
Workflows \"when a Teams webhook request is received\" flow (or of an incoming webhook).

Examples:
  sprintgen notify slack --dry-run      print each team's message as Slack would get it
  sprintgen notify teams --team platform
  sprintgen notify slack --only-changes post a team only when its health or what needs
                                        attention changed since the last post"
)]
pub struct NotifyArgs {
    /// Where to post: slack (Block Kit), teams (an Adaptive Card) or webhook (a plain JSON
    /// document)
    #[arg(value_enum)]
    pub format: crate::notify::Format,
    #[command(flatten)]
    pub site: SiteArgs,
    /// Only this team (its folder name under content/)
    #[arg(long, value_name = "SLUG")]
    pub team: Option<String>,
    /// The webhook's address [default: $SPRINTGEN_WEBHOOK_URL]; the variable is safer, as
    /// others on the machine can see a command's flags
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The URL the site is published at, for the links and the card's image
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print each message as JSON instead of posting it
    #[arg(long)]
    pub dry_run: bool,
    /// Post a team only when its sprint, its health or what needs attention changed since
    /// the last post (kept in the state file)
    #[arg(long)]
    pub only_changes: bool,
    /// The file the last posts are kept in [default: .sprintgen/notify-state.json in the site]
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

/// Where the site is: `--root`, else the nearest folder upwards that holds sprintgen.toml.
#[derive(Debug, Args)]
pub struct RootArgs {
    /// The site folder, holding sprintgen.toml and content/ [default: the nearest folder from
    /// here upwards that holds sprintgen.toml]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

impl RootArgs {
    /// The site folder (found once, here, for every command).
    pub fn site(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(load::find_site_root)
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on (only this machine by default)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the browser
    #[arg(long)]
    pub open: bool,
    /// Also build pages marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub encryption: EncryptionArgs,
}

/// Whether to encrypt the site, over its `[publish] encrypt`.
#[derive(Debug, Args)]
pub struct EncryptionArgs {
    /// Encrypt every page with the password in SPRINTGEN_PASSWORD, whatever [publish] encrypt
    /// says (README, "Private reports")
    #[arg(long, overrides_with = "no_encrypt")]
    pub encrypt: bool,
    /// Do not encrypt, whatever [publish] encrypt says: a preview on this machine
    #[arg(long, overrides_with = "encrypt")]
    pub no_encrypt: bool,
}

impl EncryptionArgs {
    /// The flags' choice: `None` leaves it to the site's settings.
    fn choice(&self) -> Option<bool> {
        match (self.encrypt, self.no_encrypt) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// The site's password from `SPRINTGEN_PASSWORD`, when it is set and not empty. Line breaks
/// are taken out, as a browser's password field takes them out of what is typed or pasted (a
/// secret saved from a file often ends in one).
fn secret_from_environment() -> Result<Option<Arc<Secret>>, Failure> {
    let text = match std::env::var(PASSWORD_VARIABLE) {
        Ok(text) => text,
        Err(std::env::VarError::NotPresent) => return Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(Failure::usage(Diagnostic::error(format!(
                "`{PASSWORD_VARIABLE}` is not UTF-8 text, which a browser's password field cannot take"
            ))));
        }
    };
    let password = Password::new(text.replace(['\r', '\n'], ""));
    Ok(password.map(|p| Arc::new(Secret::new(p, Random::from_environment()))))
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add the missing files to a folder that is not empty (existing files are never replaced)
    #[arg(long)]
    pub force: bool,
    /// Turn on the workflow's daily sync from this tracker (written commented out otherwise)
    #[arg(long, value_enum, value_name = "TRACKER")]
    pub sync: Option<crate::import::Tracker>,
    /// Encrypt the site ([publish] encrypt, with a salt of its own) and pass the repository's
    /// secret SPRINTGEN_PASSWORD to the workflow's build (written commented out otherwise)
    #[arg(long)]
    pub encrypt: bool,
    /// Turn on the workflow's job that posts each team's headline to this chat service after
    /// the deploy (written commented out otherwise)
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub notify: Option<crate::notify::Format>,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write the next sprint after a team's last one: number + 1, the next working day, the
    /// same length, unfinished items carried over
    Sprint(NewSprintArgs),
    /// Write a new team's folder: team.toml and its first two-week sprint
    Team(NewTeamArgs),
}

#[derive(Debug, Args)]
pub struct NewSprintArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// The team's folder name under content/ (needed when the site has several teams)
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewTeamArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// The team's folder name under content/, part of its URLs (e.g. platform-team)
    pub slug: String,
    /// The team's name as pages show it
    #[arg(long)]
    pub name: String,
}

#[derive(Debug, Subcommand)]
pub enum ItemCommand {
    /// Add an item; after the sprint's start it is scope added (`added_on`)
    Add(ItemAddArgs),
    /// Start an item: in progress, `started_on` the day
    Start(ItemArgs),
    /// Finish an item: done, `done_on` the day
    Done(ItemArgs),
    /// Take an item out of the sprint: removed, `removed_on` the day (before the start, its
    /// entry is deleted)
    Remove(ItemArgs),
    /// Put a done item back in progress
    Reopen(ItemArgs),
    /// Re-estimate an item from the day on (an `estimates` entry)
    Estimate(ItemEstimateArgs),
}

/// Which sprint an edit changes, on which day, and how.
#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// The team's folder name under content/ [default: the only team]
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// The sprint's number [default: the team's sprint active on the day]
    #[arg(long, value_name = "N")]
    pub sprint: Option<u32>,
    /// The day it happened (YYYY-MM-DD) [default: `as_of` in sprintgen.toml, else today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    /// Print the change as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Change a sprint that is closed
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ItemArgs {
    /// The item's id
    pub id: String,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ItemAddArgs {
    /// The new item's id, unique within the sprint
    pub id: String,
    /// What the item is
    #[arg(long)]
    pub title: String,
    /// Its estimate in story points
    #[arg(long, value_parser = parse_points, allow_negative_numbers = true)]
    pub points: f64,
    /// The epic it belongs to
    #[arg(long)]
    pub epic: Option<String>,
    /// Who works on it
    #[arg(long)]
    pub owner: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ItemEstimateArgs {
    /// The item's id
    pub id: String,
    /// Its new estimate in story points
    #[arg(value_parser = parse_points, allow_negative_numbers = true)]
    pub points: f64,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("entries").required(true).multiple(true)))]
pub struct StandupArgs {
    /// Something completed (repeat for more)
    #[arg(long, value_name = "TEXT", group = "entries")]
    pub done: Vec<String>,
    /// Something planned for the day
    #[arg(long, value_name = "TEXT", group = "entries")]
    pub planned: Vec<String>,
    /// Something in the way
    #[arg(long, value_name = "TEXT", group = "entries")]
    pub blocker: Vec<String>,
    /// Something to do next
    #[arg(long, value_name = "TEXT", group = "entries")]
    pub next: Vec<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The file kind whose schema to print
    #[arg(value_enum, default_value_t = FileKind::Sprint, conflicts_with = "write")]
    pub kind: FileKind,
    /// Write every schema to .sprintgen/schemas/ and map the files to them in .taplo.toml
    #[arg(long)]
    pub write: bool,
    #[command(flatten)]
    pub root: RootArgs,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing: print what would change and exit 1 if anything would
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub root: RootArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// Report as of this date (YYYY-MM-DD) instead of `as_of` in sprintgen.toml or today; an
    /// earlier date shows the sprints as they stood that day
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Write the site here instead of [build] output_dir
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The URL the site is published at, for absolute links (feed, sitemap, 404 page)
    #[arg(long, value_name = "URL", value_parser = base_url_arg)]
    pub base_url: Option<String>,
    /// Also build pages marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub encryption: EncryptionArgs,
    /// Print per-phase timings
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print errors only
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date; expected YYYY-MM-DD, such as 2025-10-28"))
}

fn parse_points(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && (0.0..=crate::model::MAX_POINTS).contains(p))
        .ok_or_else(|| format!("`{text}` is not a number of points; expected a number from 0 to 100000, such as 3 or 0.5"))
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), Failure> {
    Date::check_clock().map_err(|message| {
        Failure::usage(
            crate::diagnostics::Diagnostic::error(message)
                .with_hint("unset it, or set it to seconds since 1970, e.g. `date +%s`"),
        )
    })?;
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Init(args) => init::run(args),
        Command::New(NewCommand::Sprint(args)) => new::sprint(args),
        Command::New(NewCommand::Team(args)) => new::team(args),
        Command::Item(command) => item::run(command),
        Command::Standup(args) => standup::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Report(args) => report::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Import(args) => import::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Notify(args) => notify::run(args),
    }
}

/// `--base-url`, checked as `base_url` in sprintgen.toml is.
fn base_url_arg(url: &str) -> Result<String, String> {
    match crate::model::paths::base_url_problem(url) {
        None => Ok(url.to_string()),
        Some(problem) => Err(problem),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn points_are_numbers_from_0_to_100000() {
        assert_eq!(super::parse_points("0.5"), Ok(0.5));
        assert_eq!(super::parse_points("0"), Ok(0.0));
        assert_eq!(super::parse_points("100000"), Ok(100_000.0));
        for bad in ["-1", "100001", "1e6", "inf", "NaN", "three", ""] {
            assert!(super::parse_points(bad).is_err(), "{bad}");
        }
    }
}
