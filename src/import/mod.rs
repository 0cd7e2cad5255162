//! `sprintgen import`: a tracker's exports (files the user downloaded; no network, no tokens)
//! into ordinary sprint files.
//!
//! One reader per tracker turns its files into the neutral [`model`]; [`sprint_toml`] decides
//! what each sprint file says by the same rules for every tracker and writes new files;
//! [`update`] merges into files imported before. Before anything is written, the new files go
//! through the real pipeline in memory (load, validate, metrics), so an import that would not
//! pass `check` writes nothing, and the report's figures are the ones a build computes.
//!
//! `sync` reads a tracker's API into the same model and hands it to [`import_with`], so both
//! commands write sprint files by one set of rules.

mod github;
mod inputs;
mod jira;
mod linear;
pub mod model;
mod sprint_toml;
mod summary;
mod table;
pub mod time;
mod update;

use std::path::{Path, PathBuf};

use crate::analysis::{self, Request};
use crate::console::Failure;
use crate::diagnostics::{Diagnostic, io_words};
use crate::files;
use crate::load::{self, FileText, Loaded};
use crate::metrics::sprint::SprintFigures;
use crate::model::paths::{CONFIG_FILE, CONTENT_DIR, TEAM_FILE, is_slug};
use crate::model::{Date, ItemStatus, Site, Team};
use crate::schema::{self, FileKind};

pub use github::item_key as github_item_key;
pub use jira::history::Changes;
pub use jira::{JiraApi, category_status as jira_category, read_api as read_jira_api};
pub use model::{Tracker, parse_status_mapping};
pub use time::zone;

pub struct Options {
    pub root: PathBuf,
    pub tracker: Tracker,
    pub files: Vec<PathBuf>,
    pub team: String,
    pub status_map: Vec<(String, ItemStatus)>,
    pub points_field: Option<String>,
    pub tz: jiff::tz::TimeZone,
    pub update: bool,
    pub dry_run: bool,
    /// The export comes from the tracker's API (`sync`), not from files.
    pub sync: bool,
}

/// A file the import writes (or would write, in a dry run).
pub struct Planned {
    /// Relative to the site root, `/`-separated.
    pub path: String,
    pub text: String,
    pub existed: bool,
    /// An existing file the import leaves byte for byte as it was (it is not written).
    pub unchanged: bool,
    /// The text an existing file had when the import read it: it is replaced only if it still
    /// has it.
    read: Option<String>,
}

/// What an import did, for the command to print.
pub struct Outcome {
    pub files: Vec<Planned>,
    pub report: String,
    pub warnings: Vec<Diagnostic>,
}

/// One sprint of the import, from the export to its file.
struct SprintPlan {
    /// Index into the export's sprints.
    sprint: usize,
    number: u32,
    items: Vec<sprint_toml::SprintItem>,
    file: Planned,
    merged: Option<update::Merged>,
    /// Items of the tracker's taken out of the file: it no longer places them in the sprint.
    dropped: usize,
}

/// Reads the exports, plans the files, checks them in memory and writes them (unless
/// `dry_run`); nothing is written when anything fails.
pub fn import(options: &Options) -> Result<Outcome, Failure> {
    import_with(options, |site, context| {
        let max_bytes = site.config.build.max_input_bytes();
        let inputs = inputs::read_all(&options.files, max_bytes).map_err(nothing_written)?;
        inputs::refuse_foreign(&inputs, options.tracker).map_err(nothing_written)?;
        let mut export =
            read_tracker(options.tracker, &inputs, context).map_err(nothing_written)?;
        // How the files were read (a Windows-1252 file, say) comes first.
        let mut warnings: Vec<Diagnostic> = inputs.into_iter().filter_map(|i| i.warning).collect();
        warnings.append(&mut export.warnings);
        export.warnings = warnings;
        Ok(export)
    })
}

fn nothing_written(problems: Vec<Diagnostic>) -> Failure {
    Failure::content(problems).with_summary("; nothing was written")
}

/// Everything `import` does once `read` has turned the tracker's data into the neutral model
/// (given the site as it is and what the readers need): plans the files, checks them in
/// memory and writes them (unless `dry_run`); nothing is written when anything fails.
pub fn import_with(
    options: &Options,
    read: impl FnOnce(&Site, &model::Context) -> Result<model::Export, Failure>,
) -> Result<Outcome, Failure> {
    if !is_slug(&options.team) {
        return Err(Failure::usage(
            Diagnostic::error(format!("`{}` cannot be a team's folder name", options.team))
                .with_hint("use lowercase letters, digits and `-` only, e.g. `platform-team`"),
        ));
    }
    let loaded = load::load(&options.root);
    let (site, days, _) = analysis::check(loaded, None).map_err(nothing_written)?;
    let as_of = days.as_of;
    let context = model::Context {
        statuses: model::StatusMap {
            explicit: options.status_map.clone(),
        },
        points_field: options.points_field.clone(),
        tz: options.tz.clone(),
        as_of,
    };
    let mut export = read(&site, &context)?;
    let team = site.teams.iter().find(|t| t.slug == options.team);
    let templated =
        site.config.item_url.is_some() || team.is_some_and(|t| t.config.item_url.is_some());
    export
        .warnings
        .extend(unlinked(options, &export, templated));
    let plans = plan(options, &site, team, &mut export)?;
    let team_file = team.is_none().then(|| team_file(options, &export));
    let (figures, warnings) = verify(
        &options.root,
        site,
        &options.team,
        team_file.as_ref(),
        &plans,
    )
    .map_err(nothing_written)?;
    let mut files: Vec<Planned> = team_file.into_iter().collect();
    let report = summary::render(&summary::ImportSummary {
        tracker: options.tracker,
        team: &options.team,
        plans: &plans,
        export: &export,
        figures: &figures,
        as_of,
        dry_run: options.dry_run,
        sync: options.sync,
    });
    files.extend(plans.into_iter().map(|p| p.file));
    if !options.dry_run {
        write(&options.root, &files).map_err(Failure::usage)?;
    }
    let mut all_warnings = export.warnings;
    all_warnings.extend(warnings);
    Ok(Outcome {
        files,
        report,
        warnings: all_warnings,
    })
}

/// A warning when the items come without links to the tracker (Linear's CSV has none) and no
/// `item_url` makes them: their ids would stay text on the pages.
fn unlinked(options: &Options, export: &model::Export, templated: bool) -> Option<Diagnostic> {
    let count = export.items.iter().filter(|i| i.url.is_none()).count();
    if templated || count == 0 || count < export.items.len() {
        return None;
    }
    let example = match options.tracker {
        Tracker::Linear => "https://linear.app/WORKSPACE/issue/{id}",
        _ => "https://tracker.example/browse/{id}",
    };
    Some(
        Diagnostic::warning(format!(
            "the export links none of its {count} items to the tracker, so their ids stay text on the pages"
        ))
        .with_hint(format!(
            "to link them, set item_url = \"{example}\" in {CONTENT_DIR}/{}/{TEAM_FILE} (or in {CONFIG_FILE} for every team)",
            options.team
        )),
    )
}

/// Reads files held in memory (name, bytes) as `tracker`'s export, as `import` reads the files
/// it is given, up to the neutral model: for the fuzz targets of `fuzz/`. Returns the
/// number of sprints and of items read.
pub fn read_export(
    tracker: Tracker,
    files: Vec<(String, Vec<u8>)>,
    as_of: Date,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let inputs = files
        .into_iter()
        .map(|(name, bytes)| inputs::parse(name, bytes))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| vec![d])?;
    let context = model::Context {
        statuses: model::StatusMap::default(),
        points_field: None,
        tz: jiff::tz::TimeZone::UTC,
        as_of,
    };
    let export = read_tracker(tracker, &inputs, &context)?;
    Ok((export.sprints.len(), export.items.len()))
}

/// The export of `tracker` in `inputs`.
fn read_tracker(
    tracker: Tracker,
    inputs: &[inputs::Input],
    context: &model::Context,
) -> Result<model::Export, Vec<Diagnostic>> {
    match tracker {
        Tracker::Linear => linear::read(inputs, context),
        Tracker::Jira => jira::read(inputs, context),
        Tracker::Github => github::read(inputs, context),
    }
}

/// `content/<team>/team.toml` for a team the site does not have yet.
fn team_file(options: &Options, export: &model::Export) -> Planned {
    let name = export.team_name.as_deref().unwrap_or(&options.team);
    let path = format!("{CONTENT_DIR}/{}/{TEAM_FILE}", options.team);
    let mut text = schema_line(&options.root, FileKind::Team, &path).unwrap_or_default();
    text.push_str(&format!("name = {}\n", toml_edit::Value::from(name)));
    Planned {
        path,
        text,
        existed: false,
        unchanged: false,
        read: None,
    }
}

/// The `#:schema` line for the file at `path` (relative to the site), when the site has that
/// schema: editors that read the directive then check and complete the file.
fn schema_line(root: &Path, kind: FileKind, path: &str) -> Option<String> {
    root.join(kind.schema_path())
        .is_file()
        .then(|| schema::directive(kind, path))
}

/// Numbers, paths and texts of the import's sprints. The export's sprints are numbered by
/// start date after the team's sprints; a sprint that starts on the day one of the team's
/// sprints starts is that sprint, which only `--update` may import into.
fn plan(
    options: &Options,
    site: &Site,
    team: Option<&Team>,
    export: &mut model::Export,
) -> Result<Vec<SprintPlan>, Failure> {
    let existing = |sprint: &model::Sprint| {
        team.and_then(|t| {
            t.sprints
                .iter()
                .find(|s| *s.data.start.get_ref() == sprint.start)
        })
    };
    let mut order: Vec<usize> = (0..export.sprints.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&export.sprints[a], &export.sprints[b]);
        (a.start, &a.title).cmp(&(b.start, &b.title))
    });
    if !options.update {
        let taken: Vec<String> = order
            .iter()
            .filter_map(|&i| existing(&export.sprints[i]).map(|s| (i, s)))
            .map(|(i, s)| format!("`{}` is `{}`", export.sprints[i].title, site.path_of(s)))
            .collect();
        if !taken.is_empty() {
            return Err(Failure::usage(
                Diagnostic::error(format!(
                    "the team already has sprints starting on the days of the export's: {}",
                    taken.join(", ")
                ))
                .with_hint("pass --update to import into those files (hand-written parts stay)"),
            ));
        }
    }
    // A sprint none of whose items can be imported gets no file: a first pass finds them.
    // When the tracker was read whole (`sync`), such a sprint's file is still updated, as
    // the tracker may have moved every item out of it, and one without a file (the
    // tracker's empty sprints) goes unmentioned.
    let provisional = numbers(export, &order, team, &[]);
    let whole = !export.tracked.is_empty();
    let empty: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| {
            sprint_toml::sprint_items(export, i, &provisional)
                .0
                .is_empty()
                && !(whole && existing(&export.sprints[i]).is_some())
        })
        .collect();
    for &i in empty.iter().filter(|_| !whole) {
        let what = format!("`{}`", export.sprints[i].title);
        export.skip(what, "no item of this sprint could be imported");
    }
    order.retain(|i| !empty.contains(i));
    let numbers = numbers(export, &order, team, &empty);
    let mut plans = Vec::new();
    for &i in &order {
        let number = numbers[i].expect("numbered");
        let (items, skipped) = sprint_toml::sprint_items(export, i, &numbers);
        export.skipped.extend(skipped);
        let plan = match existing(&export.sprints[i]) {
            Some(sprint) => updated(options, site, sprint, export, i, items)?,
            None => created(options, export, i, number, items)?,
        };
        plans.push(plan);
    }
    Ok(plans)
}

/// Each export sprint's number (`None` for those in `skip`): the number of the team's sprint
/// it is, else the next after the team's last, in start order. Linear's cycle numbers are
/// kept when they follow the team's last number in that order.
fn numbers(
    export: &model::Export,
    order: &[usize],
    team: Option<&Team>,
    skip: &[usize],
) -> Vec<Option<u32>> {
    let existing = |i: usize| {
        team.and_then(|t| {
            t.sprints
                .iter()
                .find(|s| *s.data.start.get_ref() == export.sprints[i].start)
        })
        .map(|s| *s.data.number.get_ref())
    };
    let last = team
        .and_then(|t| t.sprints.iter().map(|s| *s.data.number.get_ref()).max())
        .unwrap_or(0);
    let new: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| !skip.contains(&i) && existing(i).is_none())
        .collect();
    let own: Vec<Option<u32>> = new.iter().map(|&i| export.sprints[i].number).collect();
    let keep_own = own.iter().all(Option::is_some)
        && own.windows(2).all(|w| w[0] < w[1])
        && own.first().is_none_or(|n| n.is_some_and(|n| n > last));
    let mut numbers = vec![None; export.sprints.len()];
    let mut next = last;
    for &i in order.iter().filter(|i| !skip.contains(i)) {
        numbers[i] = existing(i).or_else(|| {
            next += 1;
            Some(if keep_own {
                export.sprints[i].number.unwrap_or(next)
            } else {
                next
            })
        });
    }
    numbers
}

/// A new sprint file; an error when its name is taken (nothing is overwritten).
fn created(
    options: &Options,
    export: &model::Export,
    i: usize,
    number: u32,
    items: Vec<sprint_toml::SprintItem>,
) -> Result<SprintPlan, Failure> {
    let sprint = &export.sprints[i];
    let path = format!("{CONTENT_DIR}/{}/sprint-{number:02}.toml", options.team);
    if options.root.join(&path).exists() {
        return Err(Failure::usage(
            Diagnostic::error(format!("`{path}` already exists"))
                .with_hint("sprintgen never overwrites a file; rename or remove it first"),
        ));
    }
    let header = sprint_toml::Header {
        number,
        title: &sprint.title,
        start: sprint.start,
        end: sprint.end,
        goal: sprint.goal.as_deref(),
    };
    let schema = schema_line(&options.root, FileKind::Sprint, &path);
    let text = sprint_toml::sprint_file(&header, &items, schema.as_deref());
    Ok(SprintPlan {
        sprint: i,
        number,
        items,
        file: Planned {
            path,
            text,
            existed: false,
            unchanged: false,
            read: None,
        },
        merged: None,
        dropped: 0,
    })
}

/// An existing sprint file with the import merged in.
fn updated(
    options: &Options,
    site: &Site,
    existing: &crate::model::Sprint,
    export: &model::Export,
    i: usize,
    items: Vec<sprint_toml::SprintItem>,
) -> Result<SprintPlan, Failure> {
    let path = site.path_of(existing).to_string();
    let text = std::fs::read_to_string(options.root.join(&path)).map_err(|e| {
        Failure::usage(
            Diagnostic::error(format!("cannot read `{path}`: {}", io_words(&e))).in_file(&path),
        )
    })?;
    let stale = |id: &str| export.tracked.contains(id) && !items.iter().any(|i| i.id == id);
    let in_file = |message| Failure::content(vec![Diagnostic::error(message).in_file(&path)]);
    let (kept, dropped) = update::drop_items(&text, stale).map_err(in_file)?;
    let merged = update::merge(&kept, export.sprints[i].end, &items).map_err(in_file)?;
    Ok(SprintPlan {
        sprint: i,
        number: *existing.data.number.get_ref(),
        items,
        file: Planned {
            unchanged: merged.text == text,
            path,
            text: merged.text.clone(),
            existed: true,
            read: Some(text),
        },
        merged: Some(merged),
        dropped,
    })
}

/// Runs the site with the new files through the front half, in memory: every error fails
/// the import; the warnings about the new files and each planned sprint's figures come back.
fn verify(
    root: &Path,
    site: Site,
    slug: &str,
    team_file: Option<&Planned>,
    plans: &[SprintPlan],
) -> Result<(Vec<SprintFigures>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let planned = team_file.into_iter().chain(plans.iter().map(|p| &p.file));
    let files: Vec<FileText> = planned
        .map(|file| FileText {
            path: file.path.clone(),
            text: file.text.clone(),
        })
        .collect();
    let ours = |d: &Diagnostic| {
        let path = d.path.as_deref();
        files.iter().any(|f| Some(f.path.as_str()) == path)
    };
    let request = Request {
        files: files.clone(),
        ..Request::new(root)
    };
    let (analysis, mut warnings) =
        analysis::analyse_loaded(Loaded::in_memory(site, Vec::new()), &request)?;
    warnings.retain(ours);
    let t = analysis
        .site
        .teams
        .iter()
        .position(|t| t.slug == slug)
        .expect("the import's team is in the site: its file is among the request's");
    let (team, figures) = (&analysis.site.teams[t], &analysis.figures[t]);
    let of_plan = plans
        .iter()
        .map(|plan| {
            let index = team
                .sprints
                .iter()
                .position(|s| analysis.site.sources[s.file].path == plan.file.path)
                .expect("planned sprint");
            figures.sprints[index].clone()
        })
        .collect();
    Ok((of_plan, warnings))
}

/// Writes the files: new ones only where nothing is (a file that appeared in the meantime is
/// not replaced), updated ones through a temporary file renamed over the old one, unless they
/// changed since they were read. The command holds the site's edit lock, so no other
/// sprintgen command writes them in between.
fn write(root: &Path, planned: &[Planned]) -> Result<(), Diagnostic> {
    let changed = |file: &Planned| {
        Diagnostic::error(format!(
            "`{}` changed while it was being imported into",
            file.path
        ))
        .with_hint("nothing was written; run the import again")
    };
    // Every check before the first write, so that a changed file means nothing is written.
    let as_read = |file: &Planned| {
        file.read.as_ref().is_none_or(|before| {
            std::fs::read_to_string(root.join(&file.path)).ok().as_ref() == Some(before)
        })
    };
    if let Some(file) = planned.iter().find(|file| !as_read(file)) {
        return Err(changed(file));
    }
    for file in planned.iter().filter(|f| !f.unchanged) {
        let path = root.join(&file.path);
        let written = match &file.read {
            Some(before) => files::replace_checked(&path, before, &file.text),
            None => files::write_new(&path, file.text.as_bytes()).map_err(files::NotReplaced::Io),
        };
        written.map_err(|why| match why {
            files::NotReplaced::Changed => changed(file),
            files::NotReplaced::Io(e) => {
                Diagnostic::error(format!("cannot write `{}`: {}", file.path, io_words(&e)))
            }
        })?;
    }
    Ok(())
}
