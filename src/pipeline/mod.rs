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
mod staging;
mod swap;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use crate::diagnostics::{self, Diagnostic, io_words, sorted};
use crate::model::paths::CONFIG_FILE;
use crate::model::{Date, Site, SiteConfig};
use crate::report::Failure;
use crate::{load, validate};

pub use incremental::Edit;
pub use output::{Discard, Files, Memory, Sink};
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
    pub progress: Option<Arc<Progress>>,
    /// Told the path of the output's lock file when another build holds it, before this one
    /// waits for it (`build` only).
    pub on_wait: Option<fn(&std::path::Path)>,
    /// Templates built beforehand, used instead of the site's theme: the fuzz targets build
    /// the default theme once rather than once per input.
    pub templates: Option<Arc<crate::render::Renderer>>,
}

/// Pages rendered so far, out of how many.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

/// A step of the build, for `build -v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Load,
    Validate,
    Metrics,
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

/// Loads, validates, computes and renders the site at `options.root` into `sink`; returns
/// what was generated and the prepared site, for incremental updates. Errors (and the
/// warnings found alongside them) come back sorted by file and line.
pub fn generate(
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<(Generated, Prepared), Vec<Diagnostic>> {
    let clock = Instant::now();
    let (site, warnings) = load(options)?;
    let load_time = clock.elapsed();
    let (mut generated, prepared) = generate_site(site, warnings, options, sink)?;
    generated.timings.insert(0, (Phase::Load, load_time));
    Ok((generated, prepared))
}

/// Loads, validates and computes the site without rendering it: for the commands that show
/// one part of it (`report`, `diff`). Returns it with the warnings found.
pub fn prepare(options: &BuildOptions) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (site, warnings) = load(options)?;
    Prepared::new(site, warnings, options, &mut Timings::new())
}

/// Everything after loading, for a site already in memory (the fuzz target starts here).
/// `warnings` are those found while loading.
pub fn generate_site(
    site: Site,
    warnings: Vec<Diagnostic>,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<(Generated, Prepared), Vec<Diagnostic>> {
    let mut timings = Timings::new();
    let (prepared, warnings) = Prepared::new(site, warnings, options, &mut timings)?;
    let generated = prepared.generate(
        warnings,
        &options.root,
        sink,
        options.progress.as_deref(),
        timings,
    )?;
    Ok((generated, prepared))
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
            // Loading the whole site reports what is wrong with the configuration.
            None => return Err(nothing_written(load_errors(options))),
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
    let (site, warnings) = load(options).map_err(nothing_written)?;
    let load_time = clock.elapsed();
    let without_base_url = options.base_url.is_none() && site.config.base_url.is_none();
    let mut staging = Staging::create(&lock).map_err(cannot_write)?;
    let mut result = generate_site(site, warnings, options, &staging);
    if result.is_err() && staging.full_in_spare() {
        // The reused spare may hold most of a site: drop it, and try once in a new folder.
        staging.discard();
        let (site, warnings) = load(options).map_err(nothing_written)?;
        staging = Staging::create_new(&lock).map_err(cannot_write)?;
        result = generate_site(site, warnings, options, &staging);
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
                "no `base_url`, so there is no feed.xml or sitemap.xml: they need absolute URLs",
            )
            .in_file(CONFIG_FILE)
            .with_hint("set `base_url` in sprintgen.toml or pass --base-url"),
        );
        diagnostics::sort(&mut generated.warnings);
    }
    let clock = Instant::now();
    staging.commit().map_err(cannot_write)?;
    generated.timings.insert(0, (Phase::Load, load_time));
    generated.timings.push((Phase::Swap, clock.elapsed()));
    Ok(Built { generated, output })
}

/// Everything wrong with a site that does not load.
fn load_errors(options: &BuildOptions) -> Vec<Diagnostic> {
    load(options).err().unwrap_or_default()
}

/// Loads the site, with the warnings found. When it has errors, the part of it that loaded is
/// checked too (each team and its sprints, leaving out what may only follow from the errors),
/// so that one run shows every problem: a typo in one file hides nothing in another, nor an
/// end date before the start in its own.
fn load(options: &BuildOptions) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loaded = load::load(&options.root);
    let mut problems = match loaded.site {
        Some(site) if !diagnostics::any_error(&loaded.diagnostics) => {
            return Ok((site, loaded.diagnostics));
        }
        Some(ref site) => {
            let (_, checked) = days(&site.config, options);
            site.teams
                .iter()
                .flat_map(|team| validate::validate_team(site, team, checked))
                .filter(|problem| !loaded.after_damage(problem))
                .collect()
        }
        None => Vec::new(),
    };
    problems.extend(loaded.diagnostics);
    Err(sorted(problems))
}

/// The as-of date, and the day the data is checked against: the as-of date, or the day the
/// data was recorded up to (`as_of` in sprintgen.toml, else today) when `--as-of` is earlier
/// and the site is shown as it stood then (a date after today is still caught as a typo).
fn days(config: &SiteConfig, options: &BuildOptions) -> (Date, Date) {
    let recorded = config.as_of.unwrap_or_else(Date::today);
    let as_of = options.as_of.unwrap_or(recorded);
    (as_of, recorded.max(as_of))
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
