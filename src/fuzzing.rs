//! The whole pipeline over one in-memory sprint file, for the fuzz target (`fuzz/`) and its
//! regression tests: load → validate → metrics → charts → render, never touching the disk;
//! and over a whole site read from a folder and rendered into memory, for the regression test
//! of the fixture corpus.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::load::{parse_document, placeholders};
use crate::model::{
    Date, Site, SiteConfig, SourceFile, Sprint, SprintFile, Team, TeamConfig, ThemeConfig,
};
use crate::pipeline::{BuildOptions, Discard, Memory, generate, generate_loaded};

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
        root: "/nonexistent/sprintgen-fuzz-root".into(),
        as_of: Date::new(2025, 11, 5),
        ..BuildOptions::default()
    };
    generate_loaded(Loaded::in_memory(site, warnings), &options, None, &Discard)
        .map(|(generated, _)| generated.paths.len())
        .map_err(render)
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
