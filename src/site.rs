//! The build pipeline: load → validate → metrics → pages (with charts) → render → files.
//!
//! [`generate`] produces the whole site in memory, which `check` uses as is; [`build`] then
//! writes it through [`crate::output`]. Per-phase timings are kept for `-v`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::metrics::calendar::Calendar;
use crate::metrics::{self, TeamFigures};
use crate::model::{Date, FreePage, Site};
use crate::output::{self, Files};
use crate::pages::{self, Page};
use crate::render::{self, Renderer};
use crate::{export, links, load, publish, validate};

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `[build] output_dir`; relative to the current folder.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub as_of: Option<Date>,
    /// Build pages marked `draft = true` too.
    pub drafts: bool,
}

/// What a successful generation produced.
#[derive(Debug)]
pub struct Generated {
    pub files: Files,
    pub warnings: Vec<Diagnostic>,
    pub as_of: Date,
    pub sprint_pages: usize,
    pub charts: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// Where the site goes unless `-o` says otherwise.
    pub configured_output: PathBuf,
}

/// Today in UTC: the as-of date when neither `--as-of` nor `as_of` in the config is set.
pub fn today() -> Date {
    Date(
        jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date(),
    )
}

/// Loads, validates, computes and renders the site at `options.root`, in memory.
/// Errors (and the warnings found alongside them) come back sorted by file and line.
pub fn generate(options: &BuildOptions) -> Result<Generated, Vec<Diagnostic>> {
    let clock = Instant::now();
    let (site, warnings) = load::load_site(&options.root).map_err(sorted)?;
    let load_time = clock.elapsed();
    let mut generated = generate_from(site, warnings, options)?;
    generated.timings.insert(0, ("load", load_time));
    Ok(generated)
}

/// Everything after loading, for a site already in memory (the fuzz target starts here).
/// `problems` holds the warnings found while loading.
pub fn generate_from(
    mut site: Site,
    mut problems: Vec<Diagnostic>,
    options: &BuildOptions,
) -> Result<Generated, Vec<Diagnostic>> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    if let Some(url) = &options.base_url {
        site.config.base_url = Some(url.clone());
    }

    let as_of = options.as_of.or(site.config.as_of).unwrap_or_else(today);
    problems.extend(validate::validate(&site, as_of));
    lap("validate", &mut timings);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(sorted(problems));
    }

    let site_calendar = Calendar::default().overlay(&site.config.calendar);
    let figures: Vec<TeamFigures> = site
        .teams
        .par_iter()
        .map(|team| metrics::team(team, &site_calendar, as_of))
        .collect();
    lap("metrics", &mut timings);

    let page_list = collect_pages(&site, &figures, as_of, options.drafts);
    let charts = page_list.iter().map(|p| p.charts).sum();
    lap("charts", &mut timings);

    let renderer = Renderer::new(
        &options.root,
        &site.config.theme,
        site.config.markdown.allow_html,
    )?;
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = page_list
        .par_iter()
        .map(|page| {
            renderer
                .render(page)
                .map(|html| (page.path.clone(), html.into_bytes()))
        })
        .collect();
    let mut files = Files::new();
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(diagnostic) => {
                if !errors.contains(&diagnostic) {
                    errors.push(diagnostic);
                }
            }
        }
    }
    if !errors.is_empty() {
        problems.extend(errors);
        return Err(sorted(problems));
    }
    lap("render", &mut timings);

    for (team, f) in site.teams.iter().zip(&figures) {
        let json = export::team_json(team, f, as_of);
        let mut bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
        bytes.push(b'\n');
        files.insert(format!("data/{}.json", team.slug), bytes);
    }
    files.insert(".nojekyll".into(), Vec::new());
    if let Some(cname) = &site.config.cname {
        files.insert("CNAME".into(), format!("{}\n", cname.trim()).into_bytes());
    }
    match site.config.base_url.as_deref().map(publish::normalized_base_url) {
        Some(Some(base)) => {
            files.insert("feed.xml".into(), publish::feed(&site, &figures, &base, as_of).into_bytes());
            let sitemap = publish::sitemap(&files, &base);
            files.insert("sitemap.xml".into(), sitemap.into_bytes());
        }
        Some(None) => problems.push(
            Diagnostic::error(format!(
                "`base_url` must be an absolute http(s) URL, such as https://org.github.io/repo/, not `{}`",
                site.config.base_url.as_deref().unwrap_or_default()
            ))
            .in_file(load::CONFIG_FILE),
        ),
        None => problems.push(
            Diagnostic::warning("no `base_url`, so there is no feed.xml or sitemap.xml: they need absolute URLs")
                .in_file(load::CONFIG_FILE)
                .with_hint("set `base_url` in sprintgen.toml or pass --base-url"),
        ),
    }
    for (name, text) in render::DEFAULT_STATIC {
        files.insert((*name).to_string(), text.as_bytes().to_vec());
    }
    let theme_static = format!("themes/{}/static", site.config.theme);
    for dir in [theme_static.as_str(), "static"] {
        add_static(&options.root, dir, &mut files, &mut problems);
    }
    lap("static", &mut timings);
    problems.extend(links::check(&files));
    lap("links", &mut timings);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(sorted(problems));
    }

    Ok(Generated {
        files,
        warnings: sorted(problems),
        as_of,
        sprint_pages: site.teams.iter().map(|t| t.sprints.len()).sum(),
        charts,
        timings,
        configured_output: options.root.join(&site.config.build.output_dir),
    })
}

fn collect_pages(site: &Site, figures: &[TeamFigures], as_of: Date, drafts: bool) -> Vec<Page> {
    let free: Vec<&FreePage> = site
        .pages
        .iter()
        .filter(|p| drafts || !p.front.draft)
        .collect();
    let mut list = vec![pages::index_page(site, &free, figures, as_of)];
    let per_team: Vec<Vec<Page>> = site
        .teams
        .par_iter()
        .zip(figures)
        .map(|(team, f)| {
            let mut team_pages = vec![pages::team_page(site, team, &free, f, as_of)];
            team_pages.extend(
                (0..team.sprints.len()).map(|i| pages::sprint_page(site, team, f, i, as_of)),
            );
            team_pages
        })
        .collect();
    list.extend(per_team.into_iter().flatten());
    list.extend(free.iter().map(|p| pages::free_page(site, p, as_of)));
    list.push(pages::not_found_page(site, as_of));
    list
}

/// Copies a static folder into the output root; later folders override earlier files.
fn add_static(root: &Path, dir: &str, files: &mut Files, problems: &mut Vec<Diagnostic>) {
    files.extend(load::read_files(root, dir, problems));
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut diagnostics);
    diagnostics
}

/// Why a build failed: bad content (exit 1) or a refused output folder (exit 2).
#[derive(Debug)]
pub enum BuildError {
    Content(Vec<Diagnostic>),
    Output(Diagnostic),
}

#[derive(Debug)]
pub struct Built {
    pub generated: Generated,
    pub output: PathBuf,
    pub write_time: Duration,
}

/// Generates the site and swaps it into the output folder.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let generated = generate(options).map_err(BuildError::Content)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| generated.configured_output.clone());
    output::check_output_dir(&options.root, &output).map_err(BuildError::Output)?;
    let clock = Instant::now();
    output::write_site(&output, &generated.files).map_err(|e| {
        BuildError::Output(Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            output.display()
        )))
    })?;
    Ok(Built {
        generated,
        output,
        write_time: clock.elapsed(),
    })
}
