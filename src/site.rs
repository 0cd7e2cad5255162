//! The build pipeline: load → validate → metrics → pages (with charts) → render → files.
//!
//! [`generate`] renders the site page by page into a [`Sink`]: a staging folder for `build`
//! (swapped in at the end), memory for `serve`, nowhere for `check`. Pages are built, rendered
//! and written in parallel, one at a time per thread, so memory does not grow with the site's
//! output. Per-phase timings are kept for `-v`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::links::LinkIndex;
use crate::metrics::calendar::Calendar;
use crate::metrics::{self, TeamFigures};
use crate::model::{Date, FreePage, Site};
use crate::output::{self, Files, Sink, Staging};
use crate::pages;
use crate::render::{self, Renderer};
use crate::{export, load, publish, validate};

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `[build] output_dir`; relative to the current folder.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub as_of: Option<Date>,
    /// Build pages marked `draft = true` too.
    pub drafts: bool,
    /// Counts rendered pages, for a progress bar.
    pub progress: Option<Arc<Progress>>,
}

/// Pages rendered so far, out of how many.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

/// What a successful generation produced.
#[derive(Debug)]
pub struct Generated {
    /// Every file written, by path relative to the output root, sorted.
    pub paths: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub as_of: Date,
    pub sprint_pages: usize,
    pub charts: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Today in UTC: the as-of date when neither `--as-of` nor `as_of` in the config is set.
pub fn today() -> Date {
    Date(
        jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date(),
    )
}

/// Loads, validates, computes and renders the site at `options.root` into `sink`.
/// Errors (and the warnings found alongside them) come back sorted by file and line.
pub fn generate(options: &BuildOptions, sink: &dyn Sink) -> Result<Generated, Vec<Diagnostic>> {
    let clock = Instant::now();
    let (site, warnings) = load::load_site(&options.root).map_err(sorted)?;
    let load_time = clock.elapsed();
    let mut generated = generate_from(site, warnings, options, sink)?;
    generated.timings.insert(0, ("load", load_time));
    Ok(generated)
}

/// One page to render: built, rendered and written in one go, so that no more than a page per
/// thread is ever held in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Index,
    Team(usize),
    Sprint(usize, usize),
    /// A free page, by its index in [`Site::pages`].
    Free(usize),
    NotFound,
}

/// A validated site with its figures and templates: everything needed to render any of its
/// pages. `serve` keeps one to re-render only what an edit touches.
pub struct Prepared {
    pub site: Site,
    pub figures: Vec<TeamFigures>,
    pub as_of: Date,
    renderer: Renderer,
    drafts: bool,
}

/// CPU time spent in each part of rendering a page, summed over threads (for `-v`).
#[derive(Default)]
struct PageTimes {
    context: AtomicU64,
    charts: AtomicU64,
    render: AtomicU64,
    write: AtomicU64,
}

impl PageTimes {
    fn add(counter: &AtomicU64, time: Duration) {
        counter.fetch_add(time.as_nanos() as u64, Ordering::Relaxed);
    }
}

impl Prepared {
    /// Validates the site and computes its figures; `problems` holds the warnings found while
    /// loading. Returns the site ready to render and all warnings, or every problem.
    pub fn new(
        mut site: Site,
        mut problems: Vec<Diagnostic>,
        options: &BuildOptions,
        timings: &mut Vec<(&'static str, Duration)>,
    ) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
        let clock = Instant::now();
        if let Some(url) = &options.base_url {
            site.config.base_url = Some(url.clone());
        }
        let as_of = options.as_of.or(site.config.as_of).unwrap_or_else(today);
        problems.extend(validate::validate(&site, as_of));
        timings.push(("validate", clock.elapsed()));
        if problems.iter().any(Diagnostic::is_error) {
            return Err(sorted(problems));
        }
        let clock = Instant::now();
        let site_calendar = Calendar::default().overlay(&site.config.calendar);
        let figures: Vec<TeamFigures> = site
            .teams
            .par_iter()
            .map(|team| metrics::team(team, &site_calendar, as_of))
            .collect();
        timings.push(("metrics", clock.elapsed()));
        let renderer = Renderer::new(
            &options.root,
            &site.config.theme,
            site.config.markdown.allow_html,
        )
        .map_err(|mut errors| {
            problems.append(&mut errors);
            sorted(std::mem::take(&mut problems))
        })?;
        let prepared = Prepared {
            site,
            figures,
            as_of,
            renderer,
            drafts: options.drafts,
        };
        Ok((prepared, problems))
    }

    /// Recomputes one team's figures after its data changed.
    pub fn refresh_team(&mut self, team: usize) {
        let site_calendar = Calendar::default().overlay(&self.site.config.calendar);
        self.figures[team] = metrics::team(&self.site.teams[team], &site_calendar, self.as_of);
    }

    fn free_pages(&self) -> Vec<&FreePage> {
        self.site
            .pages
            .iter()
            .filter(|p| self.drafts || !p.front.draft)
            .collect()
    }

    /// Every page of the site.
    pub fn all_jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Index, Job::NotFound];
        for (t, team) in self.site.teams.iter().enumerate() {
            jobs.push(Job::Team(t));
            jobs.extend((0..team.sprints.len()).map(|i| Job::Sprint(t, i)));
        }
        jobs.extend(
            self.site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| self.drafts || !p.front.draft)
                .map(|(i, _)| Job::Free(i)),
        );
        jobs
    }

    /// Builds, renders and writes the pages of `jobs` in parallel; returns their paths and the
    /// number of charts drawn.
    pub fn render(
        &self,
        jobs: &[Job],
        sink: &dyn Sink,
        progress: Option<&Progress>,
    ) -> Result<(Vec<String>, usize), Vec<Diagnostic>> {
        self.render_timed(
            jobs,
            sink,
            progress,
            &PageTimes::default(),
            &LinkIndex::default(),
        )
    }

    fn render_timed(
        &self,
        jobs: &[Job],
        sink: &dyn Sink,
        progress: Option<&Progress>,
        times: &PageTimes,
        links: &LinkIndex,
    ) -> Result<(Vec<String>, usize), Vec<Diagnostic>> {
        if let Some(progress) = progress {
            progress.total.store(jobs.len(), Ordering::Relaxed);
        }
        let (site, figures, as_of) = (&self.site, &self.figures, self.as_of);
        let free = self.free_pages();
        let rendered: Vec<Result<(String, usize), Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                let clock = Instant::now();
                let page = match *job {
                    Job::Index => pages::index_page(site, &free, figures, as_of),
                    Job::Team(t) => {
                        pages::team_page(site, &site.teams[t], &free, &figures[t], as_of)
                    }
                    Job::Sprint(t, i) => {
                        pages::sprint_page(site, &site.teams[t], &figures[t], i, as_of)
                    }
                    Job::Free(i) => pages::free_page(site, &site.pages[i], as_of),
                    Job::NotFound => pages::not_found_page(site, as_of),
                };
                PageTimes::add(
                    &times.context,
                    clock.elapsed().saturating_sub(page.chart_time),
                );
                PageTimes::add(&times.charts, page.chart_time);
                let clock = Instant::now();
                let html = self.renderer.render(&page)?;
                links.add_page(&page.path, &html);
                PageTimes::add(&times.render, clock.elapsed());
                let clock = Instant::now();
                sink.put(&page.path, html.as_bytes())
                    .map_err(|e| write_error(&page.path, &e))?;
                PageTimes::add(&times.write, clock.elapsed());
                if let Some(progress) = progress {
                    progress.done.fetch_add(1, Ordering::Relaxed);
                }
                Ok((page.path, page.charts))
            })
            .collect();
        let mut scanned = Vec::with_capacity(rendered.len());
        let mut charts = 0;
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok((path, page_charts)) => {
                    scanned.push(path);
                    charts += page_charts;
                }
                Err(diagnostic) if !errors.contains(&diagnostic) => errors.push(diagnostic),
                Err(_) => {}
            }
        }
        if errors.is_empty() {
            Ok((scanned, charts))
        } else {
            Err(errors)
        }
    }

    /// `data/<team>.json` for one team.
    pub fn team_json(&self, team: usize) -> (String, Vec<u8>) {
        let json = export::team_json(&self.site.teams[team], &self.figures[team], self.as_of);
        let mut bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
        bytes.push(b'\n');
        (format!("data/{}.json", self.site.teams[team].slug), bytes)
    }

    /// The Atom feed, when the site has a valid `base_url`.
    pub fn feed(&self) -> Option<Vec<u8>> {
        let base = publish::normalized_base_url(self.site.config.base_url.as_deref()?)?;
        Some(publish::feed(&self.site, &self.figures, &base, self.as_of).into_bytes())
    }

    /// Writes every team's JSON export as soon as it is serialised (together they are as
    /// large as the sprint data); returns their paths.
    fn write_exports(&self, sink: &dyn Sink) -> Result<Vec<String>, Diagnostic> {
        (0..self.site.teams.len())
            .into_par_iter()
            .map(|t| {
                let (path, bytes) = self.team_json(t);
                sink.put(&path, &bytes)
                    .map_err(|e| write_error(&path, &e))?;
                Ok(path)
            })
            .collect()
    }

    /// Everything but the pages and the JSON export: publishing files and static assets;
    /// `written` are the paths of the files already written, for the sitemap.
    fn other_files(
        &self,
        root: &std::path::Path,
        written: &[String],
        problems: &mut Vec<Diagnostic>,
    ) -> Files {
        let site = &self.site;
        let mut files = Files::new();
        files.insert(".nojekyll".into(), Vec::new());
        if let Some(cname) = &site.config.cname {
            files.insert("CNAME".into(), format!("{}\n", cname.trim()).into_bytes());
        }
        for (name, text) in render::DEFAULT_STATIC {
            files.insert((*name).to_string(), text.as_bytes().to_vec());
        }
        let theme_static = format!("themes/{}/static", site.config.theme);
        for dir in [theme_static.as_str(), "static"] {
            files.extend(load::read_files(root, dir, problems));
        }
        match site.config.base_url.as_deref().map(publish::normalized_base_url) {
            Some(Some(base)) => {
                files.insert("feed.xml".into(), self.feed().unwrap_or_default());
                let mut paths: Vec<String> = written.iter().cloned().chain(files.keys().cloned()).collect();
                paths.sort();
                files.insert("sitemap.xml".into(), publish::sitemap(&paths, &base).into_bytes());
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
        files
    }
}

/// Everything after loading, for a site already in memory (the fuzz target starts here).
/// `problems` holds the warnings found while loading.
pub fn generate_from(
    site: Site,
    problems: Vec<Diagnostic>,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<Generated, Vec<Diagnostic>> {
    generate_prepared(site, problems, options, sink).map(|(generated, _)| generated)
}

/// [`generate_from`], also returning the prepared site for incremental updates.
pub fn generate_prepared(
    site: Site,
    problems: Vec<Diagnostic>,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<(Generated, Prepared), Vec<Diagnostic>> {
    let mut timings = Vec::new();
    let (prepared, mut problems) = Prepared::new(site, problems, options, &mut timings)?;

    let clock = Instant::now();
    let times = PageTimes::default();
    let links = LinkIndex::default();
    let jobs = prepared.all_jobs();
    let (page_paths, charts) = prepared
        .render_timed(&jobs, sink, options.progress.as_deref(), &times, &links)
        .map_err(|mut errors| {
            problems.append(&mut errors);
            sorted(std::mem::take(&mut problems))
        })?;
    timings.push(("pages", clock.elapsed()));
    let cpu = |counter: &AtomicU64| Duration::from_nanos(counter.load(Ordering::Relaxed));
    timings.push(("  contexts (cpu)", cpu(&times.context)));
    timings.push(("  charts (cpu)", cpu(&times.charts)));
    timings.push(("  templates (cpu)", cpu(&times.render)));
    timings.push(("  writing (cpu)", cpu(&times.write)));

    let clock = Instant::now();
    let mut written = page_paths;
    written.extend(prepared.write_exports(sink).map_err(|d| vec![d])?);
    let files = prepared.other_files(&options.root, &written, &mut problems);
    files
        .par_iter()
        .try_for_each(|(path, bytes)| sink.put(path, bytes).map_err(|e| write_error(path, &e)))
        .map_err(|d| vec![d])?;
    let mut paths: Vec<String> = written.into_iter().chain(files.into_keys()).collect();
    paths.sort();
    paths.dedup();
    timings.push(("files", clock.elapsed()));

    let clock = Instant::now();
    problems.extend(links.check(&paths));
    timings.push(("links", clock.elapsed()));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(sorted(problems));
    }
    let generated = Generated {
        paths,
        warnings: sorted(problems),
        as_of: prepared.as_of,
        sprint_pages: prepared.site.teams.iter().map(|t| t.sprints.len()).sum(),
        charts,
        timings,
    };
    Ok((generated, prepared))
}

fn write_error(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write `{path}`: {error}"))
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
}

/// Builds the site into a staging folder beside the output and swaps it in only when
/// everything succeeded.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let clock = Instant::now();
    let (site, warnings) =
        load::load_site(&options.root).map_err(|d| BuildError::Content(sorted(d)))?;
    let load_time = clock.elapsed();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&site.config.build.output_dir));
    output::check_output_dir(&options.root, &output).map_err(BuildError::Output)?;
    let staging = Staging::create(&output).map_err(|e| {
        BuildError::Output(Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            output.display()
        )))
    })?;
    let mut generated = match generate_from(site, warnings, options, &staging) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            staging.discard();
            return Err(BuildError::Content(diagnostics));
        }
    };
    let clock = Instant::now();
    staging.commit().map_err(|e| {
        BuildError::Output(Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            output.display()
        )))
    })?;
    generated.timings.insert(0, ("load", load_time));
    generated.timings.push(("swap", clock.elapsed()));
    Ok(Built { generated, output })
}
