//! What a sync reads and where: the `[sync]` table of each team's `team.toml`, overridden by
//! the command line, and the credentials, which come from the environment only.

use std::path::Path;

use base64::Engine;
use jiff::tz::TimeZone;

use crate::analysis;
use crate::console::Failure;
use crate::diagnostics::Diagnostic;
use crate::import::Tracker;
use crate::load;
use crate::model::{ItemStatus, Site, SyncConfig, SyncTracker, Team, time_zone};

/// Linear's GraphQL endpoint.
pub const LINEAR_API: &str = "https://api.linear.app/graphql";
/// GitHub's GraphQL endpoint (GitHub Enterprise Server: `https://HOST/api/graphql`).
pub const GITHUB_API: &str = "https://api.github.com/graphql";

/// What the command line says: a tracker, the team, and any of `[sync]`'s settings.
#[derive(Debug, Default)]
pub struct Flags {
    pub tracker: Option<Tracker>,
    pub team: String,
    pub url: Option<String>,
    pub board: Option<u64>,
    pub team_key: Option<String>,
    pub project: Option<String>,
    pub points_field: Option<String>,
    pub iteration_field: Option<String>,
    pub status_field: Option<String>,
    pub status_map: Vec<(String, ItemStatus)>,
    pub tz: Option<TimeZone>,
}

/// Everything one team's sync needs to know, but the credentials.
#[derive(Debug)]
pub struct Settings {
    pub tracker: Tracker,
    /// The service's address: Jira's site, or the GraphQL endpoint.
    pub url: String,
    pub board: u64,
    pub team_key: String,
    /// GitHub's project: its owner's login and its number.
    pub project: (String, u64),
    pub points_field: Option<String>,
    pub iteration_field: Option<String>,
    pub status_field: Option<String>,
    pub status_map: Vec<(String, ItemStatus)>,
    pub tz: TimeZone,
}

/// One team to sync.
#[derive(Debug)]
pub struct Target {
    pub team: String,
    pub settings: Settings,
}

/// The teams to sync. With a tracker on the command line, the one team `flags` names, the
/// flags filling in or overriding its `[sync]` (when that names the same tracker); without,
/// every team with a `[sync]` table (or only the team `flags.team` names, when given).
pub fn targets(root: &Path, flags: Flags) -> Result<Vec<Target>, Failure> {
    let nothing = |d| Failure::content(d).with_summary("; nothing was written");
    let (site, _, _) = analysis::check(load::load(root), None).map_err(nothing)?;
    let team = |slug: &str| site.teams.iter().find(|t| t.slug == slug);
    if let Some(tracker) = flags.tracker {
        let config = team(&flags.team)
            .and_then(|t| t.config.sync.as_ref())
            .filter(|c| tracker_of(c) == tracker);
        let settings = settings(tracker, config, flags.clone_rest(), |key| {
            missing_flag(tracker, key)
        })
        .map_err(Failure::usage)?;
        return Ok(vec![Target {
            team: flags.team,
            settings,
        }]);
    }
    let configured: Vec<&Team> = site
        .teams
        .iter()
        .filter(|t| t.config.sync.is_some())
        .filter(|t| flags.team.is_empty() || t.slug == flags.team)
        .collect();
    if configured.is_empty() {
        return Err(Failure::usage(nothing_configured(&site, &flags.team)));
    }
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    for team in configured {
        let config = team.config.sync.as_ref().expect("configured");
        let tracker = tracker_of(config);
        let found = settings(tracker, Some(config), flags.clone_rest(), |key| {
            missing_key(&site, team, config, key)
        });
        match found {
            Ok(settings) => targets.push(Target {
                team: team.slug.clone(),
                settings,
            }),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(targets)
    } else {
        Err(Failure::content(problems).with_summary("; nothing was written"))
    }
}

impl Flags {
    /// The settings of the flags, for one team.
    fn clone_rest(&self) -> Flags {
        Flags {
            tracker: self.tracker,
            team: self.team.clone(),
            url: self.url.clone(),
            board: self.board,
            team_key: self.team_key.clone(),
            project: self.project.clone(),
            points_field: self.points_field.clone(),
            iteration_field: self.iteration_field.clone(),
            status_field: self.status_field.clone(),
            status_map: self.status_map.clone(),
            tz: self.tz.clone(),
        }
    }
}

fn tracker_of(config: &SyncConfig) -> Tracker {
    match config.tracker.get_ref() {
        SyncTracker::Jira => Tracker::Jira,
        SyncTracker::Linear => Tracker::Linear,
        SyncTracker::Github => Tracker::Github,
    }
}

/// `config` overridden by `flags`; `missing` words the error for a setting neither has.
fn settings(
    tracker: Tracker,
    config: Option<&SyncConfig>,
    flags: Flags,
    missing: impl Fn(&str) -> Diagnostic,
) -> Result<Settings, Diagnostic> {
    let pick = |flag: Option<String>, key: Option<&String>| flag.or_else(|| key.cloned());
    let url = pick(flags.url, config.and_then(|c| c.url.as_ref()));
    let url = match (tracker, url) {
        (_, Some(url)) => url,
        (Tracker::Jira, None) => return Err(missing("url")),
        (Tracker::Linear, None) => LINEAR_API.to_string(),
        (Tracker::Github, None) => GITHUB_API.to_string(),
    };
    let board = flags.board.or(config.and_then(|c| c.board));
    let team_key = pick(flags.team_key, config.and_then(|c| c.team_key.as_ref()));
    let project = pick(flags.project, config.and_then(|c| c.project.as_ref()));
    let needed = match tracker {
        Tracker::Jira => board.is_none().then_some("board"),
        Tracker::Linear => team_key.is_none().then_some("team_key"),
        Tracker::Github => project.is_none().then_some("project"),
    };
    if let Some(key) = needed {
        return Err(missing(key));
    }
    let project = match project {
        Some(text) => parse_project(&text).map_err(Diagnostic::error)?,
        None => (String::new(), 0),
    };
    let mut status_map: Vec<(String, ItemStatus)> = config
        .map(|c| c.status_map.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default();
    status_map.extend(flags.status_map);
    let tz = match (flags.tz, config.and_then(|c| c.tz.as_deref())) {
        (Some(tz), _) => tz,
        (None, Some(name)) => time_zone(name).map_err(Diagnostic::error)?,
        (None, None) => TimeZone::UTC,
    };
    Ok(Settings {
        tracker,
        url,
        board: board.unwrap_or_default(),
        team_key: team_key.unwrap_or_default(),
        project,
        points_field: pick(
            flags.points_field,
            config.and_then(|c| c.points_field.as_ref()),
        ),
        iteration_field: pick(
            flags.iteration_field,
            config.and_then(|c| c.iteration_field.as_ref()),
        ),
        status_field: pick(
            flags.status_field,
            config.and_then(|c| c.status_field.as_ref()),
        ),
        status_map,
        tz,
    })
}

/// `OWNER/NUMBER`: a GitHub project's owner and number.
pub fn parse_project(text: &str) -> Result<(String, u64), String> {
    text.trim()
        .split_once('/')
        .and_then(|(owner, number)| {
            let number = number.parse::<u64>().ok().filter(|n| *n > 0)?;
            (!owner.is_empty() && !owner.contains(char::is_whitespace))
                .then(|| (owner.to_string(), number))
        })
        .ok_or_else(|| {
            format!("`{text}` is not a project as OWNER/NUMBER, such as acme/5 (from github.com/orgs/acme/projects/5)")
        })
}

/// The flag for each `[sync]` key, and an example value.
fn flag_of(key: &str) -> (&'static str, &'static str) {
    match key {
        "url" => ("--url", "https://acme.atlassian.net"),
        "board" => ("--board", "7"),
        "team_key" => ("--team-key", "\"ENG\""),
        _ => ("--project", "\"acme/5\""),
    }
}

fn missing_flag(tracker: Tracker, key: &str) -> Diagnostic {
    let (flag, example) = flag_of(key);
    Diagnostic::error(format!(
        "`sync {}` needs {flag}",
        format!("{tracker:?}").to_lowercase()
    ))
    .with_hint(format!(
        "pass {flag} {}, or set `{key} = {example}` in [sync] of the team's team.toml",
        example.trim_matches('"')
    ))
}

fn missing_key(site: &Site, team: &Team, config: &SyncConfig, key: &str) -> Diagnostic {
    let (_, example) = flag_of(key);
    let file = &site.sources[team.file];
    Diagnostic::error(format!(
        "[sync] syncs {} but has no `{key}`",
        tracker_of(config).name()
    ))
    .at(file, config.tracker.span())
    .with_hint(format!("add `{key} = {example}` to [sync]"))
}

fn nothing_configured(site: &Site, team: &str) -> Diagnostic {
    let message = match site.teams.iter().any(|t| t.slug == team) {
        true => format!("the team `{team}` has no [sync] table in its team.toml"),
        false if !team.is_empty() => format!("the site has no team `{team}`"),
        false => "no team has a [sync] table in its team.toml".to_string(),
    };
    Diagnostic::error(message).with_hint(
        "add one (`[sync]` with `tracker = \"jira\"`, `url` and `board`; see docs/format.md), or name the tracker: sprintgen sync jira --url URL --board ID --team SLUG",
    )
}

/// The `Authorization` header for `tracker`, from the environment (never from a file); an
/// error naming the variable to set.
pub fn credentials(
    tracker: Tracker,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Diagnostic> {
    let read = |name: &str| {
        env(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let missing = |name: &str, what: &str| {
        Diagnostic::error(format!("set {name}: {what}")).with_hint(
            "credentials come from the environment only, never from files (in a workflow: from the repository's secrets, see the README)",
        )
    };
    match tracker {
        Tracker::Jira => {
            let email = read("JIRA_EMAIL").ok_or_else(|| {
                missing("JIRA_EMAIL", "`sync jira` needs the email of the Atlassian account whose API token is in JIRA_API_TOKEN")
            })?;
            let token = read("JIRA_API_TOKEN").ok_or_else(|| {
                missing("JIRA_API_TOKEN", "`sync jira` needs an API token of the account in JIRA_EMAIL (https://id.atlassian.com/manage-profile/security/api-tokens)")
            })?;
            let pair = base64::engine::general_purpose::STANDARD.encode(format!("{email}:{token}"));
            Ok(format!("Basic {pair}"))
        }
        Tracker::Linear => read("LINEAR_API_KEY").ok_or_else(|| {
            missing("LINEAR_API_KEY", "`sync linear` needs a Linear API key (Settings > Security & access > Personal API keys)")
        }),
        Tracker::Github => read("GITHUB_TOKEN")
            .or_else(|| read("GH_TOKEN"))
            .map(|token| format!("Bearer {token}"))
            .ok_or_else(|| {
                missing("GITHUB_TOKEN (or GH_TOKEN)", "`sync github` needs a token that may read the project (scope `read:project`, and `repo` for private repositories)")
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn credentials_come_from_the_environment_and_a_missing_one_is_named() {
        let jira = env(&[
            ("JIRA_EMAIL", "ada@example.com"),
            ("JIRA_API_TOKEN", "t0ken"),
        ]);
        assert_eq!(
            credentials(Tracker::Jira, &jira).unwrap(),
            "Basic YWRhQGV4YW1wbGUuY29tOnQwa2Vu"
        );
        let half = env(&[("JIRA_EMAIL", "ada@example.com"), ("JIRA_API_TOKEN", " ")]);
        let error = credentials(Tracker::Jira, &half).unwrap_err();
        assert!(
            error.message.starts_with("set JIRA_API_TOKEN: "),
            "{error:?}"
        );
        let none = env(&[]);
        assert!(
            credentials(Tracker::Linear, &none)
                .unwrap_err()
                .message
                .starts_with("set LINEAR_API_KEY: ")
        );
        assert!(
            credentials(Tracker::Github, &none)
                .unwrap_err()
                .message
                .starts_with("set GITHUB_TOKEN (or GH_TOKEN): ")
        );
        let gh = env(&[("GH_TOKEN", "ghp_x")]);
        assert_eq!(credentials(Tracker::Github, &gh).unwrap(), "Bearer ghp_x");
        let linear = env(&[("LINEAR_API_KEY", "lin_api_x")]);
        assert_eq!(credentials(Tracker::Linear, &linear).unwrap(), "lin_api_x");
    }

    #[test]
    fn a_project_is_owner_and_number() {
        assert_eq!(parse_project("acme/5"), Ok(("acme".into(), 5)));
        for bad in ["acme", "acme/x", "/5", "acme/0", "a b/5"] {
            assert!(parse_project(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_override_the_table_and_fill_what_it_leaves_out() {
        let config: SyncConfig = toml::from_str(
            "tracker = \"jira\"\nurl = \"https://a.atlassian.net\"\nboard = 7\ntz = \"Europe/Berlin\"\nstatus_map = { \"In QA\" = \"in-progress\" }\n",
        )
        .unwrap();
        let flags = Flags {
            board: Some(9),
            status_map: vec![("Blocked".into(), ItemStatus::Todo)],
            ..Flags::default()
        };
        let s = settings(Tracker::Jira, Some(&config), flags, |k| {
            Diagnostic::error(k.to_string())
        })
        .unwrap();
        assert_eq!((s.url.as_str(), s.board), ("https://a.atlassian.net", 9));
        assert_eq!(s.tz.iana_name(), Some("Europe/Berlin"));
        assert_eq!(
            s.status_map,
            [
                ("In QA".to_string(), ItemStatus::InProgress),
                ("Blocked".to_string(), ItemStatus::Todo)
            ]
        );
        let missing = settings(Tracker::Jira, None, Flags::default(), |k| {
            Diagnostic::error(k.to_string())
        });
        assert_eq!(missing.unwrap_err().message, "url");
        let linear = settings(
            Tracker::Linear,
            None,
            Flags {
                team_key: Some("ENG".into()),
                ..Flags::default()
            },
            |k| Diagnostic::error(k.to_string()),
        )
        .unwrap();
        assert_eq!(linear.url, LINEAR_API);
        assert_eq!(
            missing_flag(Tracker::Github, "project").message,
            "`sync github` needs --project"
        );
    }
}
