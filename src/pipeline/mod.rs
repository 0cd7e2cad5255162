//! The build: load → validate → metrics → views (with charts) → render → files.
//!
//! [`generate`] renders the site page by page into a [`Sink`]: a staging folder for `build`
//! (swapped in at the end), memory for `serve`, nowhere for `check`. Pages are built, rendered
//! and written in parallel, one at a time per thread, so memory does not grow with the site's
//! output. The [`Prepared`] site it leaves behind re-renders what an edit touches
//! ([`Prepared::apply_edits`]), which is all `serve` needs. Per-phase timings are kept for
//! `-v`.

mod html;
mod incremental;
mod links;
mod output;
mod prepared;
mod publishing;
mod staging;
mod swap;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::analysis::{self, Analysis, Request};
use crate::console::Failure;
use crate::diagnostics::{self, Diagnostic, any_error, io_words, sorted};
use crate::encryption::Secret;
use crate::load::{self, Loaded};
use crate::model::paths::{CONFIG_FILE, normalized_base_url};
use crate::model::{Date, FileId, PlaintextOutput, Site};
use crate::outputs::{
    Assets, Badges, Cards, Exports, Feed, Output, PageTimes, Pages, PagesDone, Publishing,
    RenderContext, Sink,
};
use crate::publish;
use crate::render::Renderer;
use links::{BrokenLink, LinkIndex, Origin};

pub use crate::outputs::{Discard, Files, Memory};
pub use prepared::{Job, Prepared};
pub use staging::absolute;
use staging::{Staging, check_output_dir};
use swap::OutputLock;

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
    pub progress: Option<Arc<PagesDone>>,
    /// Told the path of the output's lock file when another build holds it, before this one
    /// waits for it (`build` only).
    pub on_wait: Option<fn(&std::path::Path)>,
    /// `--encrypt` (`Some(true)`) or `--no-encrypt` (`Some(false)`), over `[publish] encrypt`.
    pub encrypt: Option<bool>,
    /// The password of an encrypted site, from the environment, with the key derived from it:
    /// shared by the builds of one `serve`.
    pub secret: Option<Arc<Secret>>,
    /// Leave an encrypted site's pages unsealed, as `check` does: no password is needed, and
    /// the files the site leaves out are left out all the same (nothing is written).
    pub unsealed: bool,
}

impl BuildOptions {
    /// What the build asks of the front half.
    fn request(&self) -> Request<'_> {
        Request {
            root: &self.root,
            as_of: self.as_of,
            base_url: self.base_url.clone(),
            files: Vec::new(),
        }
    }
}

/// A step of the build, for `build -v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Load,
    Validate,
    Metrics,
    /// Deriving an encrypted site's key (and rendering its password form).
    Key,
    Pages,
    /// Building pages' contexts, CPU time summed over threads (part of [`Phase::Pages`]).
    Contexts,
    /// Drawing charts, CPU time summed over threads (part of [`Phase::Pages`]).
    Charts,
    /// Rendering templates, CPU time summed over threads (part of [`Phase::Pages`]).
    Templates,
    /// Writing pages, CPU time summed over threads (part of [`Phase::Pages`]).
    Writing,
    Files,
    Links,
    Swap,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Load => "load",
            Phase::Validate => "validate",
            Phase::Metrics => "metrics",
            Phase::Key => "key",
            Phase::Pages => "pages",
            Phase::Contexts => "contexts (cpu)",
            Phase::Charts => "charts (cpu)",
            Phase::Templates => "templates (cpu)",
            Phase::Writing => "writing (cpu)",
            Phase::Files => "files",
            Phase::Links => "links",
            Phase::Swap => "swap",
        }
    }

    /// A part of another phase's time (CPU summed over threads), not wall time of its own.
    pub fn is_part(self) -> bool {
        matches!(
            self,
            Phase::Contexts | Phase::Charts | Phase::Templates | Phase::Writing
        )
    }
}

/// How long each phase took, in order.
pub type Timings = Vec<(Phase, Duration)>;

/// What a successful generation produced.
#[derive(Debug)]
pub struct Generated {
    /// Every file written, by path relative to the output root, sorted.
    pub paths: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub as_of: Date,
    pub sprint_pages: usize,
    pub charts: usize,
    pub timings: Timings,
}

impl Generated {
    /// The wall time of the whole build.
    pub fn total_time(&self) -> Duration {
        self.timings
            .iter()
            .filter(|(phase, _)| !phase.is_part())
            .fold(Duration::ZERO, |sum, (_, time)| sum + *time)
    }
}

/// Analyses and renders the site at `options.root` into `sink`; returns what was generated
/// and the prepared site, for incremental updates. Errors (and the warnings found alongside
/// them) come back sorted by file and line.
pub fn generate(
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<(Generated, Prepared), Vec<Diagnostic>> {
    let clock = Instant::now();
    let loaded = load::load(&options.root);
    let load_time = clock.elapsed();
    let (mut generated, prepared) = generate_loaded(loaded, options, None, sink)?;
    generated.timings[0].1 += load_time;
    Ok((generated, prepared))
}

/// Analyses the site without rendering it, for the commands that print one part of it
/// (`report`, `diff`). Returns it with the warnings found.
pub fn prepare(options: &BuildOptions) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (analysis, mut warnings) = analysis::analyse(&options.request())?;
    let (prepared, found) = Prepared::new(analysis, &options.root, None, options.drafts)
        .map_err(|errors| sorted([warnings.clone(), errors].concat()))?;
    warnings.extend(found);
    Ok((prepared, warnings))
}

/// Everything after loading, for a site already read (the fuzz targets start here, with
/// templates built once for all their inputs).
pub fn generate_loaded(
    loaded: Loaded,
    options: &BuildOptions,
    templates: Option<Renderer>,
    sink: &dyn Sink,
) -> Result<(Generated, Prepared), Vec<Diagnostic>> {
    let (analysis, mut warnings) = analysis::analyse_loaded(loaded, &options.request())?;
    let (mut prepared, found) = Prepared::new(analysis, &options.root, templates, options.drafts)
        .map_err(|errors| sorted([warnings.clone(), errors].concat()))?;
    warnings.extend(found);
    let clock = Instant::now();
    let (publishing, found) = publishing::publishing(&prepared, options)
        .map_err(|errors| sorted([warnings.clone(), errors].concat()))?;
    let key_time = clock.elapsed();
    let encrypted = matches!(publishing, Publishing::Encrypted(_));
    prepared.set_publishing(publishing);
    warnings.extend(found);
    let times = prepared.analysis.times;
    // Loading the files is the caller's; taking in those given in memory is counted here.
    let mut timings = vec![
        (Phase::Load, times.load),
        (Phase::Validate, times.validate),
        (Phase::Metrics, times.metrics),
    ];
    if encrypted {
        timings.push((Phase::Key, key_time));
    }
    let generated = write_site(
        &prepared,
        warnings,
        sink,
        options.progress.as_deref(),
        &mut timings,
    )?;
    Ok((
        Generated {
            timings,
            ..generated
        },
        prepared,
    ))
}

/// Writes every output of the site into `sink`, then the sitemap, then checks the links
/// between the files. `problems` holds the warnings found so far.
fn write_site(
    prepared: &Prepared,
    mut problems: Vec<Diagnostic>,
    sink: &dyn Sink,
    progress: Option<&PagesDone>,
    timings: &mut Timings,
) -> Result<Generated, Vec<Diagnostic>> {
    let cx = prepared.context();
    let clock = Instant::now();
    let links = LinkIndex::default();
    let times = PageTimes::default();
    let inspect = |page: &str, html: &str| links.add_page(page, html);
    let jobs = Job::all(&cx);
    let pages = Pages {
        jobs: &jobs,
        inspect: Some(&inspect),
        progress,
        times: Some(&times),
    };
    let failed =
        |errors: Vec<Diagnostic>, problems: &[Diagnostic]| sorted([problems, &errors].concat());
    let written = prepared
        .write(&pages, sink)
        .map_err(|e| failed(e, &problems))?;
    timings.push((Phase::Pages, clock.elapsed()));
    timings.extend([
        (Phase::Contexts, PageTimes::total(&times.contexts)),
        (Phase::Charts, PageTimes::total(&times.charts)),
        (Phase::Templates, PageTimes::total(&times.templates)),
        (Phase::Writing, PageTimes::total(&times.writing)),
    ]);

    let clock = Instant::now();
    let mut paths = written.paths;
    let others: [&dyn Output; 5] = [&Exports::all(&cx), &Badges, &Cards, &Assets, &Feed];
    for output in others {
        paths.extend(
            prepared
                .write(output, sink)
                .map_err(|e| failed(e, &problems))?
                .paths,
        );
    }
    if prepared.publishing().publishes(PlaintextOutput::Sitemap) {
        let sitemap = write_sitemap(&cx, &paths, sink).map_err(|e| failed(vec![e], &problems))?;
        paths.extend(sitemap);
    }
    paths.sort();
    paths.dedup();
    timings.push((Phase::Files, clock.elapsed()));

    let clock = Instant::now();
    problems.extend(links.check(&paths).iter().map(|b| broken_link(prepared, b)));
    timings.push((Phase::Links, clock.elapsed()));
    if any_error(&problems) {
        return Err(sorted(problems));
    }
    let site = &prepared.analysis.site;
    Ok(Generated {
        paths,
        warnings: sorted(problems),
        as_of: prepared.analysis.days.as_of,
        sprint_pages: site
            .teams
            .iter()
            .fold(0, |pages, t| pages + t.sprints.len()),
        charts: written.charts,
        timings: Timings::new(),
    })
}

/// `sitemap.xml`, listing every file written before it, when the site has a `base_url`.
fn write_sitemap(
    cx: &RenderContext,
    written: &[String],
    sink: &dyn Sink,
) -> Result<Option<String>, Diagnostic> {
    let base = cx.analysis.site.config.base_url.as_deref();
    let Some(base) = base.and_then(normalized_base_url) else {
        return Ok(None);
    };
    let mut paths = written.to_vec();
    paths.sort();
    let sitemap = publish::sitemap(&paths, &base);
    sink.put("sitemap.xml", sitemap.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot write `sitemap.xml`: {}", io_words(&e))))?;
    Ok(Some("sitemap.xml".into()))
}

/// A broken link's diagnostic, with the help of an encrypted site when the link is to a file
/// such a site leaves out.
fn broken_link(prepared: &Prepared, broken: &BrokenLink) -> Diagnostic {
    let diagnostic = broken_link_at(prepared, broken);
    let target = broken.link.split(['#', '?']).next().unwrap_or_default();
    let page = target.is_empty() || target.ends_with('/') || target.ends_with(".html");
    match prepared.publishing().encrypts() && !page {
        true => diagnostic.with_hint(
            "an encrypted site publishes readable only the files its pages' password forms need (style.css, favicon.svg); name an output in `[publish] plaintext` to publish it (README, \"Private reports\")",
        ),
        false => diagnostic,
    }
}

/// A broken link's diagnostic, at the place it was written: the first of the data files
/// that feed its page, then of the templates, whose text holds the link (found the way a
/// reader would look for it); else at the generated page.
fn broken_link_at(prepared: &Prepared, broken: &BrokenLink) -> Diagnostic {
    let site = &prepared.analysis.site;
    for file in page_sources(&prepared.analysis, &broken.page) {
        let source = &site.sources[file];
        let found = source.text().find(&broken.link);
        if let Some(at) = found {
            return broken.diagnostic(Some((source, at..at + broken.link.len())), Origin::Data);
        }
    }
    // Not in the data: the templates are what is left.
    broken.diagnostic(
        prepared.templates().find_text(&broken.link),
        Origin::Template,
    )
}

/// The data files a generated page shows, the most specific first.
fn page_sources(analysis: &Analysis, page: &str) -> Vec<FileId> {
    use crate::model::paths::{free_page, sprint_page, team_page};
    let site = &analysis.site;
    for team in &site.teams {
        let sprints = team.sprints.iter().map(|s| s.file);
        if page == team_page(&team.slug) {
            return std::iter::once(team.file).chain(sprints).collect();
        }
        if let Some(sprint) = team
            .sprints
            .iter()
            .find(|s| page == sprint_page(&team.slug, &s.slug))
        {
            return vec![sprint.file, team.file];
        }
    }
    if let Some(free) = site
        .pages
        .iter()
        .find(|p| page == free_page(p.team.as_deref(), &p.slug))
    {
        return vec![free.file];
    }
    // The index and the 404 page: the site's settings, and the teams'.
    let config = site.sources.iter().position(|s| s.path == CONFIG_FILE);
    config
        .into_iter()
        .chain(site.teams.iter().map(|t| t.file))
        .collect()
}

/// Whether the site publishes a file that needs its `base_url` (the feed or the sitemap).
fn publishes_absolute_urls(site: &Site, options: &BuildOptions) -> bool {
    let plaintext = &site.config.publish.plaintext;
    !publishing::encrypts(site, options)
        || [PlaintextOutput::Feed, PlaintextOutput::Sitemap]
            .iter()
            .any(|output| plaintext.contains(output))
}

#[derive(Debug)]
pub struct Built {
    pub generated: Generated,
    pub output: PathBuf,
}

/// Builds the site into a staging folder beside the output and swaps it in only when
/// everything succeeded. The output's lock is held from before the site is read until the new
/// site is in place, so a build never reads or replaces what another one is writing, and what
/// an interrupted build left is put right first, even when this build then fails.
pub fn build(options: &BuildOptions) -> Result<Built, Failure> {
    let clock = Instant::now();
    let nothing_written =
        |diagnostics| Failure::content(sorted(diagnostics)).with_summary("; nothing was written");
    let output = match &options.output {
        Some(output) => output.clone(),
        None => match load::site_config(&options.root) {
            Some(config) => options.root.join(config.build.output_dir),
            // Analysing the whole site reports what is wrong with the configuration.
            None => {
                let errors = analysis::analyse(&options.request())
                    .err()
                    .unwrap_or_default();
                return Err(nothing_written(errors));
            }
        },
    };
    check_output_dir(&options.root, &output).map_err(Failure::usage)?;
    let cannot_write = |e: std::io::Error| {
        Failure::usage(Diagnostic::error(format!(
            "cannot write `{}`: {}",
            output.display(),
            io_words(&e)
        )))
    };
    let lock = OutputLock::acquire(absolute(&output), options.on_wait).map_err(cannot_write)?;
    let loaded = load::load(&options.root);
    let load_time = clock.elapsed();
    // An encrypted build without its password fails before anything is written.
    if let Some(site) = loaded
        .site
        .as_ref()
        .filter(|s| publishing::encrypts(s, options))
    {
        publishing::secret(site, options).map_err(|d| nothing_written(vec![d]))?;
    }
    let without_base_url = options.base_url.is_none()
        && loaded
            .site
            .as_ref()
            .is_some_and(|s| s.config.base_url.is_none() && publishes_absolute_urls(s, options));
    let mut staging = Staging::create(&lock).map_err(cannot_write)?;
    let mut result = generate_loaded(loaded, options, None, &staging);
    if result.is_err() && staging.full_in_spare() {
        // The reused spare may hold most of a site: drop it, and try once in a new folder.
        staging.discard();
        let loaded = load::load(&options.root);
        staging = Staging::create_new(&lock).map_err(cannot_write)?;
        result = generate_loaded(loaded, options, None, &staging);
    }
    let mut generated = match result {
        Ok((generated, _)) => generated,
        Err(diagnostics) => {
            let diagnostics = staging.explain_full_disk(diagnostics);
            staging.discard();
            return Err(nothing_written(diagnostics));
        }
    };
    if without_base_url {
        generated.warnings.push(
            Diagnostic::warning(
                "no `base_url`, so there is no feed.xml or sitemap.xml and link previews have no image or address: they need absolute URLs",
            )
            .in_file(CONFIG_FILE)
            .with_hint("set `base_url` in sprintgen.toml or pass --base-url"),
        );
        diagnostics::sort(&mut generated.warnings);
    }
    generated.timings[0].1 += load_time;
    let clock = Instant::now();
    staging.commit().map_err(cannot_write)?;
    generated.timings.push((Phase::Swap, clock.elapsed()));
    Ok(Built { generated, output })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_time_leaves_out_the_parts_of_a_phase() {
        let ms = Duration::from_millis;
        let generated = Generated {
            paths: Vec::new(),
            warnings: Vec::new(),
            as_of: Date::parse("2025-11-05").unwrap(),
            sprint_pages: 0,
            charts: 0,
            timings: vec![
                (Phase::Load, ms(10)),
                (Phase::Pages, ms(40)),
                (Phase::Contexts, ms(25)),
                (Phase::Charts, ms(35)),
                (Phase::Swap, ms(5)),
            ],
        };
        assert_eq!(generated.total_time(), ms(55));
    }
}
