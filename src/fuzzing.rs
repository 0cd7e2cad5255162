//! Entry points for the fuzz targets (`fuzz/`) and their regression tests, never touching the
//! disk: the whole pipeline over one in-memory sprint file (load → validate → metrics → charts
//! → render, with the default theme built once per process); each tracker's import reader over
//! in-memory exports; an edit applied to arbitrary sprint text. And the pipeline over a whole
//! site read from a folder and rendered into memory, for the regression test of the fixture
//! corpus.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::diagnostics::Diagnostic;
use crate::edit::{self, Change, ItemChange, NewItem, StandupEntries};
use crate::import;
pub use crate::import::Tracker;
use crate::load::Loaded;
use crate::load::{parse_document, placeholders};
use crate::model::{
    Date, Site, SiteConfig, SourceFile, Sprint, SprintFile, Team, TeamConfig, ThemeConfig,
};
use crate::pipeline::{BuildOptions, Discard, Memory, generate, generate_loaded};
use crate::render::Renderer;

const CONFIG: &str = "title = \"Fuzz\"\n";
const TEAM: &str = "name = \"Fuzz team\"\n[[members]]\nrole = \"Dev\"\nfte = 1.0\n";
const PAST_SPRINT: &str = "number = 0\ntitle = \"Past\"\nstart = 2025-01-06\nend = 2025-01-17\ncommitted = 10\ncompleted = 8\n";
/// Separates an optional `team.toml` from the sprint file in a fuzz input.
pub const TEAM_SEPARATOR: &str = "\n=====\n";

/// Runs the pipeline; returns the number of generated files, or the rendered diagnostics.
/// Must never panic, whatever the bytes.
pub fn run(bytes: &[u8]) -> Result<usize, String> {
    let text = String::from_utf8_lossy(bytes);
    let (team_text, sprint_text) = text.split_once(TEAM_SEPARATOR).unwrap_or((TEAM, &text));
    let sources = vec![
        source("sprintgen.toml", CONFIG),
        source("content/fuzz/team.toml", team_text),
        source("content/fuzz/sprint-00.toml", PAST_SPRINT),
        source("content/fuzz/sprint-01.toml", sprint_text),
    ];
    let render = |diagnostics: Vec<Diagnostic>| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<String>()
    };
    let config: SiteConfig = parse_document(&sources[0]).map_err(render)?;
    let team: TeamConfig = parse_document(&sources[1]).map_err(render)?;
    let past: SprintFile = parse_document(&sources[2]).map_err(render)?;
    let sprint: SprintFile = parse_document(&sources[3]).map_err(render)?;
    let mut sprints = vec![
        Sprint {
            slug: "sprint-00".into(),
            file: 2,
            data: past,
        },
        Sprint {
            slug: "sprint-01".into(),
            file: 3,
            data: sprint,
        },
    ];
    sprints.sort_by_key(|s| *s.data.number.get_ref());
    // The loader's text checks, as loading runs them after parsing each file.
    let warnings = sources.iter().flat_map(placeholders).collect();
    let site = Site {
        config,
        teams: vec![Team {
            slug: "fuzz".into(),
            file: 1,
            config: team,
            sprints,
        }],
        releases: Vec::new(),
        pages: Vec::new(),
        theme: ThemeConfig::default(),
        sources,
    };
    let options = BuildOptions {
        root: FUZZ_ROOT.into(),
        as_of: Date::new(2025, 11, 5),
        ..BuildOptions::default()
    };
    let templates = Renderer::clone(&default_theme(site.config.markdown.allow_html));
    generate_loaded(
        Loaded::in_memory(site, warnings),
        &options,
        Some(templates),
        &Discard,
    )
    .map(|(generated, _)| generated.paths.len())
    .map_err(render)
}

/// The as-of day of every fuzz input.
fn fuzz_day() -> Date {
    Date::new(2025, 11, 5).expect("a day of the calendar")
}

/// A site root that does not exist: nothing is read from the disk.
const FUZZ_ROOT: &str = "/nonexistent/sprintgen-fuzz-root";

/// The default theme's templates, built once per process for each HTML policy: the fuzz
/// target's inputs differ in their data, not in their theme.
fn default_theme(allow_html: bool) -> Arc<Renderer> {
    static BUILT: [OnceLock<Arc<Renderer>>; 2] = [OnceLock::new(), OnceLock::new()];
    Arc::clone(BUILT[usize::from(allow_html)].get_or_init(|| {
        let renderer = Renderer::new(Path::new(FUZZ_ROOT), "default", allow_html, u64::MAX);
        Arc::new(renderer.expect("the default theme builds"))
    }))
}

/// Separates the files of one import fuzz input.
pub const FILE_SEPARATOR: &str = "\n=====\n";

/// Arbitrary bytes as the files of `tracker`'s export (separated by [`FILE_SEPARATOR`])
/// through its reader; returns the number of sprints and items read, or the diagnostics.
/// Must never panic, whatever the bytes.
pub fn import(tracker: Tracker, bytes: &[u8]) -> Result<(usize, usize), String> {
    let files = split_bytes(bytes, FILE_SEPARATOR.as_bytes())
        .into_iter()
        .enumerate()
        .map(|(i, part)| (format!("export-{i}"), part.to_vec()))
        .collect();
    import::read_export(tracker, files, fuzz_day())
        .map_err(|diagnostics| diagnostics.iter().map(ToString::to_string).collect())
}

fn split_bytes<'a>(bytes: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = bytes;
    while let Some(at) = memchr::memmem::find(rest, separator) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

/// Arbitrary bytes as an edit: the first byte chooses the change (and the item it is made to,
/// among the file's), the rest is the sprint file's text. When the text is a sprint file and
/// the change can be made, the new text must still be one, with every item the old one had:
/// an edit never breaks a file or loses an item. Returns the new text; panics on a broken
/// promise; must not panic otherwise.
pub fn edit(bytes: &[u8]) -> Option<String> {
    let (&choice, rest) = bytes.split_first()?;
    let text = String::from_utf8_lossy(rest);
    let before: SprintFile = parse_document(&source("sprint-01.toml", &text)).ok()?;
    let ids: Vec<String> = before
        .items
        .iter()
        .map(|i| i.id.get_ref().clone())
        .collect();
    let id = ids
        .get(usize::from(choice >> 3) % ids.len().max(1))
        .cloned()
        .unwrap_or_else(|| "FZ-1".into());
    let on = fuzz_day();
    let change = match choice % 8 {
        0 => ItemChange::Add(NewItem {
            title: "Fuzz item".into(),
            points: f64::from(choice >> 3),
            epic: (choice & 0x40 != 0).then(|| "Fuzz".into()),
            owner: None,
        }),
        1 => ItemChange::Start,
        2 => ItemChange::Done,
        3 => ItemChange::Remove,
        4 => ItemChange::Reopen,
        5 => ItemChange::Estimate(f64::from(choice >> 3) / 2.0),
        _ => {
            let entries = StandupEntries {
                planned: vec!["plan".into()],
                completed: vec![],
                blockers: vec!["blocked".into()],
                next: vec![],
            };
            return check_edit(&before, &text, on, &Change::Standup(entries));
        }
    };
    check_edit(&before, &text, on, &Change::Item { id, change })
}

/// Applies `change` and checks that the new text is a sprint file with every item the old
/// one had (see [`edit`]).
fn check_edit(before: &SprintFile, text: &str, on: Date, change: &Change) -> Option<String> {
    let after = edit::change_text(text, before, on, change).ok()?;
    let parsed: SprintFile = match parse_document(&source("sprint-01.toml", &after)) {
        Ok(parsed) => parsed,
        Err(problems) => panic!("the edit broke the file: {problems:?}\n{after}"),
    };
    // `item remove` before the sprint's start deletes the item's entry: that one may go.
    let removed = match change {
        Change::Item {
            id,
            change: ItemChange::Remove,
        } => Some(id.as_str()),
        _ => None,
    };
    for item in before
        .items
        .iter()
        .filter(|i| Some(i.id.get_ref().as_str()) != removed)
    {
        let kept = parsed
            .items
            .iter()
            .any(|i| i.id.get_ref() == item.id.get_ref());
        assert!(kept, "the edit lost item {:?}\n{after}", item.id.get_ref());
    }
    Some(after)
}

fn source(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, text)
}

/// What a site rendered in memory: the generated files by path, and the warnings.
pub type Rendered = (Vec<String>, Vec<String>);

/// Runs the whole pipeline over the site at `root` (load, validate, metrics, charts, render,
/// links), keeping the output in memory. Returns the generated paths and the warnings, or
/// every diagnostic of a failed build; each diagnostic as `report` prints it.
pub fn run_site(root: &Path) -> Result<Rendered, Vec<String>> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let show = |diagnostics: &[Diagnostic]| diagnostics.iter().map(ToString::to_string).collect();
    let (generated, _) = generate(&options, &Memory::default()).map_err(|d| show(&d))?;
    Ok((generated.paths, show(&generated.warnings)))
}
