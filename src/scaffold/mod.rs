//! Files sprintgen writes for the user: a new site (`init`), a new team (`new team`) and the
//! next sprint (`new sprint`). None of them overwrites anything, and each TOML file starts with
//! the `#:schema` directive that points editors to its JSON Schema.

mod workflow;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, io_words};
use crate::encryption::Random;
use crate::files;
use crate::metrics::Points;
use crate::model::paths::{CONFIG_FILE, CONTENT_DIR, TEAM_FILE, is_slug};
use crate::model::{Calendar, Date, ItemStatus, SALT_BYTES, Site, Sprint, SyncTracker, Team};
use crate::schema::{self, FileKind, directive};

/// What `.gitignore` keeps out of git: the default output, the work files a build keeps
/// beside whatever folder it writes (`.public.sprintgen-lock`, or `.docs.sprintgen-lock` for
/// `build -o docs`, at any depth), and what `notify --only-changes` last posted (a workflow
/// keeps it in its cache; `.sprintgen/schemas/` beside it is committed).
const IGNORE_RULES: [&str; 3] = [
    "/public/",
    ".*.sprintgen-*",
    "/.sprintgen/notify-state.json",
];

/// What `init` did.
#[derive(Debug, Default)]
pub struct Initialised {
    /// The files written (or, for the schemas, refreshed).
    pub written: Vec<PathBuf>,
    /// The rules added to a `.gitignore` that was there (with `--force`).
    pub ignore_added: Vec<&'static str>,
    /// The `[publish]` table of an encrypted site, when a `sprintgen.toml` was there (with
    /// `--force`) and is kept: for the user to add.
    pub publish_to_add: Option<String>,
}

/// Creates a working site in `dir`: config, one team with a sprint in progress (dated around
/// `today`), `.gitignore` and the Pages workflow (syncing from `sync`'s tracker when given;
/// encrypted, with a salt of its own, for `encrypt`; posting to `notify`'s chat service when
/// given).
/// With `force`, adds to a folder in use only the files it lacks, and the ignore rules its
/// `.gitignore` lacks.
pub fn init(
    dir: &Path,
    force: bool,
    today: Date,
    sync: Option<SyncTracker>,
    encrypt: bool,
    notify: Option<&str>,
) -> Result<Initialised, Diagnostic> {
    if dir.is_dir() && !force {
        let occupied = std::fs::read_dir(dir)
            .map_err(|e| {
                Diagnostic::error(format!("cannot read `{}`: {}", dir.display(), io_words(&e)))
            })?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != ".git");
        if occupied {
            return Err(Diagnostic::error(format!("`{}` is not empty", dir.display()))
                .with_hint("run `sprintgen init` in an empty folder, or pass --force to add only the files that are missing"));
        }
    }
    let title = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Sprint reports".to_string());
    let team = format!("{CONTENT_DIR}/my-team/{TEAM_FILE}");
    let sprint = format!("{CONTENT_DIR}/my-team/sprint-01.toml");
    let publish = match encrypt {
        true => publish_table(
            Random::from_environment()
                .salt()
                .map_err(Diagnostic::error)?,
        ),
        false => String::new(),
    };
    let files = [
        (
            CONFIG_FILE.to_string(),
            directive(FileKind::Site, CONFIG_FILE) + &config_toml(&title) + &publish,
        ),
        (team.clone(), directive(FileKind::Team, &team) + TEAM_TOML),
        (
            sprint.clone(),
            directive(FileKind::Sprint, &sprint) + &sample_sprint(today, &site_calendar(dir)),
        ),
        (".gitignore".to_string(), IGNORE_RULES.join("\n") + "\n"),
        (
            ".github/workflows/sprintgen.yml".to_string(),
            workflow::workflow(&workflow::default_branch(dir), sync, encrypt, notify),
        ),
    ];
    let mut done = Initialised::default();
    for (relative, text) in files {
        let path = dir.join(&relative);
        if path.exists() {
            if relative == CONFIG_FILE && encrypt {
                done.publish_to_add = Some(publish.trim_start().to_string());
            }
            continue;
        }
        write_new(&path, &text)?;
        done.written.push(path);
    }
    done.ignore_added = complete_ignore_file(&dir.join(".gitignore"))?;
    done.written.extend(schema::write(dir)?);
    Ok(done)
}

/// Appends to an existing `.gitignore` the rules of [`IGNORE_RULES`] it lacks; returns them.
fn complete_ignore_file(path: &Path) -> Result<Vec<&'static str>, Diagnostic> {
    let cannot = |verb: &str, e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot {verb} `{}`: {}",
            path.display(),
            io_words(&e)
        ))
    };
    let text = std::fs::read_to_string(path).map_err(|e| cannot("read", e))?;
    let missing = missing_ignore_rules(&text);
    if !missing.is_empty() {
        let mut completed = text.clone();
        if !completed.is_empty() && !completed.ends_with('\n') {
            completed.push('\n');
        }
        completed.push_str(
            "# sprintgen: the output, a build's work files beside it, notify's last posts\n",
        );
        missing
            .iter()
            .for_each(|rule| completed.push_str(&format!("{rule}\n")));
        files::write_atomic(path, completed.as_bytes()).map_err(|e| cannot("write", e))?;
    }
    Ok(missing)
}

/// The rules of [`IGNORE_RULES`] that a `.gitignore` lacks (the output folder written any of
/// the ways git reads alike: `public`, `public/`, `/public`, `/public/`).
fn missing_ignore_rules(text: &str) -> Vec<&'static str> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    IGNORE_RULES
        .into_iter()
        .filter(|rule| {
            let bare = rule.trim_matches('/');
            !lines.iter().any(|line| match rule.starts_with('/') {
                true => line.trim_matches('/') == bare && !line.starts_with('!'),
                false => line == rule,
            })
        })
        .collect()
}

/// The new site's `.gitignore`: the output, and sprintgen's work files (a build's beside its
/// output, an edit's lock and the temporary file of a write that was killed).
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    files::write_new(path, text.as_bytes()).map_err(|e| {
        Diagnostic::error(format!(
            "cannot write `{}`: {}",
            path.display(),
            io_words(&e)
        ))
    })
}

fn config_toml(title: &str) -> String {
    format!(
        "title = {}\ndescription = \"Sprint reports, computed from the sprint data in this repository.\"\n# base_url = \"https://your-org.github.io/your-repo/\"  # for the feed and sitemap; CI passes --base-url\ntheme = \"default\"\n\n[calendar]\nworking_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nholidays = []\n\n[build]\noutput_dir = \"public\"\n",
        toml_string(title)
    )
}

/// The `[publish]` table of an encrypted site, with its salt.
fn publish_table(salt: [u8; SALT_BYTES]) -> String {
    let hex: String = salt.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "\n# Every page encrypted, readable with the password in SPRINTGEN_PASSWORD (README, \"Private\n# reports\"). The salt is not secret: kept from build to build, it lets a browser that\n# remembers the password keep it after the next build.\n[publish]\nencrypt = true\nsalt = \"{hex}\"\n"
    )
}

const TEAM_TOML: &str = r#"name = "My team"
description = "What the team builds, in a sentence."
velocity_window = 3

[[members]]
role = "Developer"
count = 3
fte = 3.0

[[members]]
role = "Designer"
count = 1
fte = 0.5

# Keep the sprints up to date from a tracker with `sprintgen sync` (README, "Syncing from a
# tracker"); the credentials come from the environment, never from this file.
# [sync]
# tracker = "jira"
# url = "https://acme.atlassian.net"
# board = 7
"#;

/// What `new team` writes after the team's name: the fields to fill in, as comments.
const NEW_TEAM_REST: &str = r#"# description = "What the team builds, in a sentence."
velocity_window = 3

# [[members]]
# role = "Developer"
# count = 3
# fte = 3.0
"#;

/// The calendar of the site `init` completes (`--force` over an existing `sprintgen.toml`),
/// else the default one, which is also the one `init` writes.
fn site_calendar(dir: &Path) -> Calendar {
    crate::load::site_config(dir)
        .map(|config| Calendar::default().overlay(&config.calendar))
        .unwrap_or_default()
}

/// The dates of the sample sprint, valid on any day `init` runs: the work is done and the
/// stand-up held on the last working day up to `today`, the sprint starts on the Monday of
/// that week and spans today, two weeks long (or whole weeks more, after a long holiday).
#[derive(Debug, PartialEq, Eq)]
struct SampleDates {
    start: Date,
    end: Date,
    worked: Date,
}

impl SampleDates {
    fn new(today: Date, calendar: &Calendar) -> SampleDates {
        let worked = (0..366)
            .map(|d| today.add_days(-d))
            .find(|d| calendar.is_working(*d))
            .unwrap_or(today);
        let start = worked.add_days(-(worked.weekday_index() as i64));
        let weeks = ((start.days_until(today) - 11).max(0) + 6) / 7;
        let end = start.add_days(11 + 7 * weeks);
        SampleDates { start, end, worked }
    }
}

/// A two-week sprint in progress, with some work done (see [`SampleDates`]).
fn sample_sprint(today: Date, calendar: &Calendar) -> String {
    let SampleDates { start, end, worked } = SampleDates::new(today, calendar);
    format!(
        r#"number = 1
title = "First sprint"
start = {start}
end = {end}
updated = {today}
summary = "Edit `content/my-team/sprint-01.toml` and run `sprintgen serve` to see this page change."

[[goals]]
title = "Ship the sign-up flow"
critical = true
items = ["APP-1", "APP-2"]

[[criteria]]
text = "New users can sign up and log in"
done = false

[[items]]
id = "APP-1"
title = "Sign-up form"
epic = "Sign-up"
points = 3
owner = "Developer"
status = "done"
done_on = {worked}
tasks = [{{ text = "Form fields and validation", done = true }}]

[[items]]
id = "APP-2"
title = "E-mail confirmation"
epic = "Sign-up"
points = 5
owner = "Developer"
status = "in-progress"

[[items]]
id = "APP-3"
title = "Login page"
epic = "Login"
points = 3
owner = "Designer"

[[standups]]
date = {worked}
completed = ["Sign-up form merged"]
next = ["E-mail confirmation"]

[[risks]]
title = "E-mail provider not chosen yet"
likelihood = "medium"
impact = "high"
mitigation = "Decide by Wednesday; fall back to SMTP"
status = "active"
"#
    )
}

/// Writes the next sprint of `team` after its last one: number + 1, starting on the next
/// working day after the last end, as long (in calendar days), with the unfinished items
/// carried over. Returns the new file's path.
pub fn new_sprint(root: &Path, site: &Site, team: &Team) -> Result<PathBuf, Diagnostic> {
    let last = team.sprints.last().ok_or_else(|| {
        Diagnostic::error(format!(
            "the team `{}` has no sprint to continue from",
            team.slug
        ))
        .with_hint(format!(
            "write `{CONTENT_DIR}/{}/sprint-01.toml` by hand first",
            team.slug
        ))
    })?;
    let calendar = site.calendar().for_team(&team.config);
    let number = last.data.number.get_ref() + 1;
    let relative = format!("{CONTENT_DIR}/{}/sprint-{number:02}.toml", team.slug);
    let text = directive(FileKind::Sprint, &relative) + &next_sprint_toml(last, &calendar);
    let path = root.join(&relative);
    if path.exists() {
        return Err(
            Diagnostic::error(format!("`{}` already exists", path.display()))
                .with_hint("sprintgen never overwrites a sprint file; rename or remove it first"),
        );
    }
    write_new(&path, &text)?;
    Ok(path)
}

/// Writes a new team's folder: `team.toml` named `name` and its first sprint, two weeks from
/// the first working day on or after `today`. Returns the files written.
pub fn new_team(
    root: &Path,
    site: &Site,
    slug: &str,
    name: &str,
    today: Date,
) -> Result<Vec<PathBuf>, Diagnostic> {
    if !is_slug(slug) {
        return Err(
            Diagnostic::error(format!("`{slug}` cannot be a team's folder name")).with_hint(
                "it is part of URLs: use lowercase letters, digits and `-`, e.g. `platform-team`",
            ),
        );
    }
    let folder = format!("{CONTENT_DIR}/{slug}");
    if root.join(&folder).exists() {
        return Err(Diagnostic::error(format!("`{folder}` already exists"))
            .with_hint("sprintgen never overwrites a team; choose another name"));
    }
    let calendar = site.calendar();
    let start = (0..366)
        .map(|d| today.add_days(d))
        .find(|d| calendar.is_working(*d))
        .unwrap_or(today);
    let end = (0..14)
        .rev()
        .map(|d| start.add_days(d))
        .find(|d| calendar.is_working(*d))
        .unwrap_or(start);
    let team = format!("{folder}/{TEAM_FILE}");
    let sprint = format!("{folder}/sprint-01.toml");
    let files = [
        (
            team.clone(),
            format!(
                "{}name = {}\n{NEW_TEAM_REST}",
                directive(FileKind::Team, &team),
                toml_string(name)
            ),
        ),
        (
            sprint.clone(),
            format!(
                "{}number = 1\ntitle = \"Sprint 1\"\nstart = {start}\nend = {end}\n",
                directive(FileKind::Sprint, &sprint)
            ),
        ),
    ];
    let mut written = Vec::new();
    for (relative, text) in files {
        let path = root.join(relative);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// The text of the sprint after `last` (pure, for tests).
pub fn next_sprint_toml(last: &Sprint, calendar: &Calendar) -> String {
    let data = &last.data;
    let (start, end) = (*data.start.get_ref(), *data.end.get_ref());
    let mut next_start = end.next();
    for _ in 0..366 {
        if calendar.is_working(next_start) {
            break;
        }
        next_start = next_start.next();
    }
    let length = start.days_until(end).max(0);
    let next_end = next_start.add_days(length);
    let number = data.number.get_ref() + 1;
    let mut text = format!(
        "number = {number}\ntitle = {}\n",
        toml_string(&format!("Sprint {number}"))
    );
    if let Some(phase) = &data.phase {
        text.push_str(&format!("phase = {}\n", toml_string(phase)));
    }
    text.push_str(&format!("start = {next_start}\nend = {next_end}\n"));
    let unfinished = data.items.iter().filter(|i| {
        matches!(
            i.status.get_ref(),
            ItemStatus::Todo | ItemStatus::InProgress
        )
    });
    for item in unfinished {
        text.push_str(&format!(
            "\n[[items]]\nid = {}\ntitle = {}\n",
            toml_string(item.id.get_ref()),
            toml_string(&item.title)
        ));
        if let Some(epic) = &item.epic {
            text.push_str(&format!("epic = {}\n", toml_string(epic)));
        }
        text.push_str(&format!("points = {}\n", Points(item.points_on(end))));
        if let Some(owner) = &item.owner {
            text.push_str(&format!("owner = {}\n", toml_string(owner)));
        }
        if *item.status.get_ref() == ItemStatus::InProgress {
            text.push_str("status = \"in-progress\"\n");
        }
        text.push_str(&format!("carried_from = {}\n", data.number.get_ref()));
        if let Some(notes) = &item.notes {
            text.push_str(&format!("notes = {}\n", toml_string(notes)));
        }
        if !item.tasks.is_empty() {
            text.push_str("tasks = [\n");
            for task in &item.tasks {
                text.push_str(&format!(
                    "  {{ text = {}, done = {} }},\n",
                    toml_string(&task.text),
                    task.done
                ));
            }
            text.push_str("]\n");
        }
    }
    text
}

/// A TOML basic string with everything escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ignore_file_lacks_the_rules_it_has_in_no_form() {
        assert_eq!(missing_ignore_rules(""), IGNORE_RULES);
        assert_eq!(
            missing_ignore_rules("target/\npublic\n/.public.sprintgen-*\n"),
            [".*.sprintgen-*", "/.sprintgen/notify-state.json"]
        );
        for output in ["public", "public/", "/public", " /public/ "] {
            let text = format!("{output}\n.*.sprintgen-*\n.sprintgen/notify-state.json\n");
            assert!(missing_ignore_rules(&text).is_empty(), "{output}");
        }
        assert_eq!(missing_ignore_rules("!/public/\n"), IGNORE_RULES);
        assert_eq!(missing_ignore_rules("/public/docs/\n"), IGNORE_RULES);
        assert_eq!(
            missing_ignore_rules("/public/\n.*.sprintgen-*\n/.sprintgen/\n"),
            ["/.sprintgen/notify-state.json"]
        );
    }
    use crate::model::SprintFile;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_sample_sprint_spans_today_with_its_work_on_the_last_working_day() {
        let dates = |today, calendar: &Calendar| {
            let SampleDates { start, end, worked } = SampleDates::new(day(today), calendar);
            (start.to_string(), end.to_string(), worked.to_string())
        };
        let weekdays = Calendar::default();
        let expect = |start: &str, end: &str, worked: &str| {
            (start.to_string(), end.to_string(), worked.to_string())
        };
        // Monday 7 December 2026: the work is today's, the sprint starts today.
        assert_eq!(
            dates("2026-12-07", &weekdays),
            expect("2026-12-07", "2026-12-18", "2026-12-07")
        );
        // Wednesday: the week's Monday.
        assert_eq!(
            dates("2026-12-09", &weekdays),
            expect("2026-12-07", "2026-12-18", "2026-12-09")
        );
        // Saturday and Sunday: Friday's work, the sprint of that week.
        for weekend in ["2026-12-05", "2026-12-06"] {
            assert_eq!(
                dates(weekend, &weekdays),
                expect("2026-11-30", "2026-12-11", "2026-12-04")
            );
        }
        // A Monday that is a holiday: the Friday before, in the previous week's sprint.
        let mut holiday = Calendar::default();
        holiday.add_holidays(&[day("2026-12-07")]);
        assert_eq!(
            dates("2026-12-07", &holiday),
            expect("2026-11-30", "2026-12-11", "2026-12-04")
        );
        // On 1 January 2027 after two weeks off, the sprint runs a week longer to span it.
        let mut winter = Calendar::default();
        winter.add_holidays(
            &Calendar::days(day("2026-12-21"), day("2027-01-01")).collect::<Vec<_>>(),
        );
        assert_eq!(
            dates("2027-01-01", &winter),
            expect("2026-12-14", "2027-01-01", "2026-12-18")
        );
    }

    #[test]
    fn the_next_sprint_follows_the_last_and_carries_unfinished_work() {
        let data: SprintFile = toml::from_str(
            r#"number = 4
title = "Four"
phase = "Phase 3"
start = 2025-10-28
end = 2025-11-08

[[items]]
id = "LT"
title = "Load \"testing\""
points = 9
estimates = [{ on = 2025-11-03, points = 8 }]
tasks = [{ text = "Scripts", done = true }, { text = "Run", done = false }]

[[items]]
id = "CI"
title = "Done already"
points = 2
status = "done"
done_on = 2025-10-28

[[items]]
id = "WIP"
title = "Half way"
points = 3
status = "in-progress"

[[items]]
id = "GONE"
title = "Dropped"
points = 1
status = "removed"
removed_on = 2025-10-30
"#,
        )
        .unwrap();
        let last = Sprint {
            slug: "sprint-04".into(),
            file: 0,
            data,
        };
        let text = next_sprint_toml(&last, &Calendar::default());
        // Ends on Saturday 8 Nov; Monday 10 Nov is the next working day; 11 days later.
        assert_eq!(
            text,
            r#"number = 5
title = "Sprint 5"
phase = "Phase 3"
start = 2025-11-10
end = 2025-11-21

[[items]]
id = "LT"
title = 'Load "testing"'
points = 8
carried_from = 4
tasks = [
  { text = "Scripts", done = true },
  { text = "Run", done = false },
]

[[items]]
id = "WIP"
title = "Half way"
points = 3
status = "in-progress"
carried_from = 4
"#
        );
        let parsed: SprintFile = toml::from_str(&text).unwrap();
        assert_eq!(parsed.items.len(), 2);
    }
}
