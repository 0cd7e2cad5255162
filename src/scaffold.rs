//! Files sprintgen writes for the user: a new site (`init`) and the next sprint
//! (`new sprint`). Both refuse to overwrite anything.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::model::paths::{CONFIG_FILE, CONTENT_DIR};
use crate::model::{Calendar, Date, ItemStatus, Site, Sprint, Team};

/// The GitHub Actions workflow `init` writes: check on every pull request, build and deploy
/// to GitHub Pages on the default branch, with the official Pages actions.
pub const WORKFLOW: &str = r#"# Checks the sprint data on every pull request (errors show inline on the diff) and publishes
# the reports to GitHub Pages from the default branch.
# In the repository settings, set Pages > Build and deployment > Source to "GitHub Actions".
name: Sprint reports

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages-${{ github.ref }}
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install sprintgen
        run: cargo install --locked sprintgen
      - name: Check the sprint data
        run: sprintgen check --format github
      - name: Configure Pages
        id: pages
        if: github.event_name != 'pull_request'
        uses: actions/configure-pages@v5
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: sprintgen build ${BASE_URL:+--base-url "$BASE_URL/"}
      - name: Upload the site
        if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    if: github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"#;

/// Creates a working site in `dir`: config, one team with a sprint in progress (dated around
/// `today`), `.gitignore` and the Pages workflow. Returns the files written.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.is_dir() && !force {
        let occupied = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::error(format!("cannot read `{}`: {e}", dir.display())))?
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
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Sprint reports".to_string());
    let files = [
        (CONFIG_FILE.to_string(), config_toml(&title)),
        (
            format!("{CONTENT_DIR}/my-team/team.toml"),
            TEAM_TOML.to_string(),
        ),
        (
            format!("{CONTENT_DIR}/my-team/sprint-01.toml"),
            sample_sprint(today),
        ),
        (
            ".gitignore".to_string(),
            "/public/\n/.public.sprintgen-*/\n".to_string(),
        ),
        (
            ".github/workflows/sprintgen.yml".to_string(),
            WORKFLOW.to_string(),
        ),
    ];
    let mut written = Vec::new();
    for (relative, text) in files {
        let path = dir.join(&relative);
        if path.exists() {
            continue;
        }
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let fail =
        |e: std::io::Error| Diagnostic::error(format!("cannot write `{}`: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    // `create_new` refuses to replace a file that appeared in the meantime.
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(fail)
}

fn config_toml(title: &str) -> String {
    format!(
        "title = {}\ndescription = \"Sprint reports, computed from the sprint data in this repository.\"\n# base_url = \"https://your-org.github.io/your-repo/\"  # for the feed and sitemap; CI passes --base-url\ntheme = \"default\"\n\n[calendar]\nworking_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nholidays = []\n\n[build]\noutput_dir = \"public\"\n",
        toml_string(title)
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
"#;

/// A two-week sprint started on the Monday of `today`'s week, with some work done today.
fn sample_sprint(today: Date) -> String {
    let start = today.add_days(-(today.weekday_index() as i64));
    let end = start.add_days(11);
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
done_on = {today}
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
date = {today}
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
    let text = next_sprint_toml(last, &calendar);
    let number = last.data.number.get_ref() + 1;
    let path = root
        .join(CONTENT_DIR)
        .join(&team.slug)
        .join(format!("sprint-{number:02}.toml"));
    if path.exists() {
        return Err(
            Diagnostic::error(format!("`{}` already exists", path.display()))
                .with_hint("sprintgen never overwrites a sprint file; rename or remove it first"),
        );
    }
    write_new(&path, &text)?;
    Ok(path)
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
    use crate::model::SprintFile;

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
