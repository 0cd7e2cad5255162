//! `sprintgen.toml` and `team.toml`: the site's and the teams' settings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::date::{Date, Weekday};
use super::number::total;
use super::paths::{base_url_problem, host_name_problem, is_plain_name};
use super::sprint::ItemStatus;
use super::unit::Unit;

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The address the site is published at: an absolute http or https URL.
    #[serde(default, deserialize_with = "base_url")]
    pub base_url: Option<String>,
    /// The name of a folder of `themes/`: a name, never a path, so that no setting can make a
    /// build read templates or publish files from outside the site.
    #[serde(default = "default_theme", deserialize_with = "theme_name")]
    #[schemars(pattern(r"^[^./\\:][^/\\:]*$"))]
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
    /// How the site is published: readable by anyone, or encrypted for those with the password.
    #[serde(default)]
    pub publish: PublishConfig,
    /// A custom domain for GitHub Pages, written to `CNAME`: a host name.
    #[serde(default, deserialize_with = "host_name")]
    pub cname: Option<String>,
    /// What every team's figures count, unless its `team.toml` says otherwise: story points
    /// (the default) or issues, one per item.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Where an item opens in the tracker, `{id}` standing for its id; a team's `item_url` and
    /// an item's `url` win over it.
    #[serde(default, deserialize_with = "super::links::item_url_template")]
    #[schemars(pattern(r"^https?://[^/\s][^\s]*\{id\}"))]
    pub item_url: Option<String>,
    /// Where editors find the file's JSON Schema: read by them, ignored by sprintgen.
    #[serde(default, rename = "$schema")]
    #[schemars(with = "Option<String>")]
    _schema: Option<serde::de::IgnoredAny>,
}

fn default_theme() -> String {
    "default".to_string()
}

fn theme_name<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let name = String::deserialize(deserializer)?;
    if is_plain_name(&name) {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "the theme `{name}` is not a name: `theme` names a folder of `themes/`, without `/`, `\\` or a leading `.`"
        )))
    }
}

fn base_url<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let url = String::deserialize(deserializer)?;
    match base_url_problem(&url) {
        None => Ok(Some(url)),
        Some(problem) => Err(serde::de::Error::custom(problem)),
    }
}

fn host_name<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let name = String::deserialize(deserializer)?;
    match host_name_problem(name.trim()) {
        None => Ok(Some(name)),
        Some(problem) => Err(serde::de::Error::custom(problem)),
    }
}

#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Replaces the inherited working weekdays when set.
    #[serde(default)]
    pub working_days: Option<Vec<Weekday>>,
    /// Adds to the inherited holidays.
    #[serde(default)]
    pub holidays: Vec<Date>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// The largest input file sprintgen reads (sprint and team files, pages, templates), in
    /// megabytes of 1,000,000 bytes: parsing holds many times a file's size in memory, so a
    /// runaway file (a log pasted into a note, a generated file gone wrong) is refused with a
    /// clear error rather than exhausting the machine. Static files are copied, not parsed, and
    /// have no limit.
    #[serde(default = "default_max_input_mb")]
    pub max_input_mb: u64,
    /// Which pages get a PNG card for their link preview (drawing one costs as much as some
    /// ten pages): by default the portfolio, the releases and each team's current sprint, the
    /// pages people share (BENCHMARKS.md, "Link preview cards").
    #[serde(default)]
    pub cards: CardPages,
}

/// Which pages get a PNG card for their link preview (`[build] cards`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CardPages {
    /// Every sprint page too.
    All,
    /// A card of its own (the velocity chart) for each team page too.
    Teams,
    /// The portfolio, the releases and each team's current sprint; a team page's preview
    /// shows its current sprint's card.
    #[default]
    Current,
    /// No cards: previews show the title and the headline only.
    None,
}

impl BuildConfig {
    /// [`BuildConfig::max_input_mb`] in bytes.
    pub fn max_input_bytes(&self) -> u64 {
        self.max_input_mb.saturating_mul(1_000_000)
    }
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output_dir: default_output_dir(),
            max_input_mb: default_max_input_mb(),
            cards: CardPages::default(),
        }
    }
}

/// The default of [`BuildConfig::max_input_mb`]: a sprint file of 10 MB holds some 50,000
/// items, far more than any real sprint.
pub const DEFAULT_MAX_INPUT_MB: u64 = 10;

fn default_max_input_mb() -> u64 {
    DEFAULT_MAX_INPUT_MB
}

fn default_output_dir() -> String {
    "public".to_string()
}

#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML inside Markdown is escaped unless the site opts in.
    #[serde(default)]
    pub allow_html: bool,
}

/// `[publish]`: whether the site is encrypted (README, "Private reports") and what an encrypted
/// site still publishes readable.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishConfig {
    /// Publish every page encrypted, readable with the password in `SPRINTGEN_PASSWORD`. Kept
    /// with its place, which the error for a missing password points at.
    #[serde(default = "not_encrypted")]
    #[schemars(with = "bool")]
    pub encrypt: Spanned<bool>,
    /// The salt of the key's derivation, kept from build to build so that a browser that
    /// remembers the key keeps it across rebuilds; a new one for every build when missing.
    #[serde(default, deserialize_with = "salt")]
    #[schemars(with = "Option<String>", pattern(r"^[0-9a-fA-F]{32}$"))]
    pub salt: Option<[u8; SALT_BYTES]>,
    /// The outputs an encrypted site publishes readable all the same, each by name.
    #[serde(default)]
    pub plaintext: Vec<PlaintextOutput>,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            encrypt: not_encrypted(),
            salt: None,
            plaintext: Vec::new(),
        }
    }
}

fn not_encrypted() -> Spanned<bool> {
    Spanned::new(0..0, false)
}

/// The bytes of a salt: 16, as 32 hexadecimal digits.
pub const SALT_BYTES: usize = 16;

fn salt<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<[u8; SALT_BYTES]>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_salt(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// A salt written as 32 hexadecimal digits.
pub fn parse_salt(text: &str) -> Result<[u8; SALT_BYTES], String> {
    let digits: Vec<u8> = text
        .chars()
        .map_while(|c| c.to_digit(16).map(|d| d as u8))
        .collect();
    if digits.len() != text.chars().count() || digits.len() != 2 * SALT_BYTES {
        return Err(format!(
            "`{text}` is not a salt: expected {} hexadecimal digits, such as `sprintgen init --encrypt` writes",
            2 * SALT_BYTES
        ));
    }
    let mut salt = [0; SALT_BYTES];
    for (byte, pair) in salt.iter_mut().zip(digits.chunks(2)) {
        *byte = pair[0] << 4 | pair[1];
    }
    Ok(salt)
}

/// What an encrypted site may publish readable, when `[publish] plaintext` names it. Anything
/// not named here is left out of an encrypted site (or, for the pages, encrypted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlaintextOutput {
    /// The JSON exports, `data/**.json`.
    Exports,
    /// `feed.xml`.
    Feed,
    /// `sitemap.xml`.
    Sitemap,
    /// The teams' status badges, `badges/*`.
    Badges,
    /// The static files besides the stylesheet and icon the password form needs: the site's
    /// `static/` folder and the theme's.
    Static,
    /// What `report` and `diff` print (the Markdown that workflows put in job summaries).
    Reports,
}

/// `content/<team>/team.toml`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_velocity_window")]
    #[schemars(with = "usize", range(min = 1))]
    pub velocity_window: Spanned<usize>,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub calendar: CalendarConfig,
    /// How the burndown's ideal line is drawn; a sprint can override it.
    #[serde(default)]
    pub ideal_baseline: IdealBaseline,
    /// What the team's figures count (points or issues); overrides the site's `unit`.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// The portfolio section the team is listed under (a department, a product line, a
    /// train); teams without one are listed together.
    #[serde(default)]
    pub group: Option<String>,
    /// Where the team's items open in the tracker, `{id}` standing for an item's id; over the
    /// site's `item_url`, under an item's `url`.
    #[serde(default, deserialize_with = "super::links::item_url_template")]
    #[schemars(pattern(r"^https?://[^/\s][^\s]*\{id\}"))]
    pub item_url: Option<String>,
    /// Where `sprintgen sync` reads the team's sprints.
    #[serde(default)]
    pub sync: Option<SyncConfig>,
    /// Where editors find the file's JSON Schema: read by them, ignored by sprintgen.
    #[serde(default, rename = "$schema")]
    #[schemars(with = "Option<String>")]
    _schema: Option<serde::de::IgnoredAny>,
}

/// `[sync]` of a `team.toml`: the tracker `sprintgen sync` reads the team's sprints from, and
/// how its data reads. Never credentials: those come from the environment only.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    #[schemars(with = "SyncTracker")]
    pub tracker: Spanned<SyncTracker>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub board: Option<u64>,
    #[serde(default)]
    pub team_key: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub points_field: Option<String>,
    #[serde(default)]
    pub iteration_field: Option<String>,
    #[serde(default)]
    pub status_field: Option<String>,
    #[serde(default)]
    pub status_map: BTreeMap<String, ItemStatus>,
    /// Checked when the file is read, so a misspelt zone is reported at its line.
    #[serde(default, deserialize_with = "zone_name")]
    pub tz: Option<String>,
}

/// The trackers `sprintgen sync` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SyncTracker {
    Jira,
    Linear,
    Github,
}

/// The time zone an IANA name (or `UTC`) names.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    jiff::tz::TimeZone::get(name).map_err(|_| {
        format!("`{name}` is not a time zone; expected an IANA name such as Europe/Berlin, or UTC")
    })
}

fn zone_name<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let name = String::deserialize(deserializer)?;
    time_zone(&name).map_err(serde::de::Error::custom)?;
    Ok(Some(name))
}

/// Where the burndown's ideal line starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IdealBaseline {
    /// From the committed scope at the start to zero at the end, as Jira draws it.
    #[default]
    Initial,
    /// Redrawn after each scope change: from the changed value to zero at the end.
    Current,
}

impl TeamConfig {
    /// The members' FTE, summed.
    pub fn fte(&self) -> f64 {
        total(self.members.iter().map(|m| m.fte))
    }

    /// How many people the team has.
    pub fn headcount(&self) -> u32 {
        self.members.iter().fold(0, |people, m| people + m.count)
    }
}

fn default_velocity_window() -> Spanned<usize> {
    Spanned::new(0..0, 3)
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-taplo" = { "initKeys": ["count"] }))]
pub struct Member {
    pub role: String,
    #[serde(default = "one")]
    pub count: u32,
    #[schemars(range(min = 0))]
    pub fte: f64,
}

fn one() -> u32 {
    1
}

#[cfg(test)]
mod tests {
    use super::{SiteConfig, TeamConfig};

    #[test]
    fn a_build_table_gets_the_documented_defaults_for_what_it_leaves_out() {
        let site: SiteConfig = toml::from_str("title = \"T\"\n").unwrap();
        assert_eq!(site.build.output_dir, "public");
        assert_eq!(site.build.max_input_bytes(), 10_000_000);
        let site: SiteConfig =
            toml::from_str("title = \"T\"\n[build]\nmax_input_mb = 2\n").unwrap();
        assert_eq!(site.build.output_dir, "public");
        let site: SiteConfig =
            toml::from_str("title = \"T\"\n[build]\noutput_dir = \"site\"\n").unwrap();
        assert_eq!(site.build.max_input_bytes(), 10_000_000);
    }

    #[test]
    fn a_salt_is_32_hexadecimal_digits() {
        let salt = super::parse_salt("00ff10A0000000000000000000000001").unwrap();
        assert_eq!(salt[..4], [0x00, 0xff, 0x10, 0xa0]);
        assert_eq!(salt[15], 1);
        for bad in [
            "",
            "00ff",
            "0g000000000000000000000000000000",
            "00ff10a00000000000000000000000011",
            "é0000000000000000000000000000000",
        ] {
            let error = super::parse_salt(bad).unwrap_err();
            assert!(
                error.contains("expected 32 hexadecimal digits"),
                "{bad}: {error}"
            );
        }
        let site: SiteConfig = toml::from_str(
            "title = \"T\"\n[publish]\nencrypt = true\nplaintext = [\"badges\", \"reports\"]\n",
        )
        .unwrap();
        assert!(*site.publish.encrypt.get_ref());
        assert_eq!(site.publish.salt, None);
        assert_eq!(
            site.publish.plaintext,
            [
                super::PlaintextOutput::Badges,
                super::PlaintextOutput::Reports
            ]
        );
        let site: SiteConfig = toml::from_str("title = \"T\"\n").unwrap();
        assert!(!*site.publish.encrypt.get_ref());
    }

    #[test]
    fn a_teams_headcount_adds_up_each_roles_people() {
        let team: TeamConfig = toml::from_str(
            "name = \"T\"\n[[members]]\nrole = \"Developer\"\ncount = 2\nfte = 2.0\n[[members]]\nrole = \"Designer\"\nfte = 0.5\n",
        )
        .unwrap();
        assert_eq!(team.headcount(), 3);
        assert_eq!(team.fte(), 2.5);
    }
}
