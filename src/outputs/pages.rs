//! The site's HTML pages: one [`Job`] per page, built, rendered and written in parallel, one
//! page per thread at a time, so that memory does not grow with the site.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{Exposure, Output, RenderContext, Sink, Written, put};
use crate::diagnostics::Diagnostic;
use crate::model::FreePage;
use crate::views::{self, Page};

/// One page to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Index,
    Team(usize),
    Sprint(usize, usize),
    /// A release, by its index in the site's releases.
    Release(usize),
    /// A free page, by its index in the site's pages.
    Free(usize),
    NotFound,
}

impl Job {
    /// Every page of the site.
    pub fn all(cx: &RenderContext) -> Vec<Job> {
        let site = &cx.analysis.site;
        let mut jobs = vec![Job::Index, Job::NotFound];
        for (t, team) in site.teams.iter().enumerate() {
            jobs.push(Job::Team(t));
            jobs.extend((0..team.sprints.len()).map(|i| Job::Sprint(t, i)));
        }
        jobs.extend((0..site.releases.len()).map(Job::Release));
        jobs.extend(
            site.pages
                .iter()
                .enumerate()
                .filter(|(_, p)| cx.drafts || !p.front.draft)
                .map(|(i, _)| Job::Free(i)),
        );
        jobs
    }
}

/// Pages rendered so far, out of how many (for a progress bar).
#[derive(Debug, Default)]
pub struct PagesDone {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

/// CPU time spent in each part of rendering pages, summed over threads (for `build -v`).
#[derive(Debug, Default)]
pub struct PageTimes {
    pub contexts: AtomicU64,
    pub charts: AtomicU64,
    pub templates: AtomicU64,
    pub writing: AtomicU64,
}

impl PageTimes {
    fn add(counter: &AtomicU64, time: Duration) {
        counter.fetch_add(time.as_nanos() as u64, Ordering::Relaxed);
    }

    /// A counter's total.
    pub fn total(counter: &AtomicU64) -> Duration {
        Duration::from_nanos(counter.load(Ordering::Relaxed))
    }
}

/// Shown each page as it is written: its path and HTML.
pub type Inspect<'a> = &'a (dyn Fn(&str, &str) + Sync);

/// The pages of `jobs`, with what the build watches them by.
#[derive(Default)]
pub struct Pages<'a> {
    pub jobs: &'a [Job],
    /// The build's link check.
    pub inspect: Option<Inspect<'a>>,
    pub progress: Option<&'a PagesDone>,
    pub times: Option<&'a PageTimes>,
}

impl Output for Pages<'_> {
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        if let Some(progress) = self.progress {
            progress.total.store(self.jobs.len(), Ordering::Relaxed);
        }
        let free = cx.free_pages();
        let rendered: Vec<Result<(String, usize), Diagnostic>> = self
            .jobs
            .par_iter()
            .map(|&job| self.write_page(cx, job, &free, sink))
            .collect();
        let mut written = Written::default();
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok((path, charts)) => {
                    written.paths.push(path);
                    written.charts += charts;
                }
                Err(diagnostic) if !errors.contains(&diagnostic) => errors.push(diagnostic),
                Err(_) => {}
            }
        }
        match errors.is_empty() {
            true => Ok(written),
            false => Err(errors),
        }
    }

    fn exposure(&self) -> Exposure {
        Exposure::Sealed
    }
}

impl Pages<'_> {
    /// Builds, renders and writes one page; its path and the charts drawn.
    fn write_page(
        &self,
        cx: &RenderContext,
        job: Job,
        free: &[&FreePage],
        sink: &dyn Sink,
    ) -> Result<(String, usize), Diagnostic> {
        let times = self.times;
        let time = |counter: fn(&PageTimes) -> &AtomicU64, spent: Duration| {
            if let Some(times) = times {
                PageTimes::add(counter(times), spent);
            }
        };
        let clock = Instant::now();
        let page = page(cx, job, free)?;
        time(
            |t| &t.contexts,
            clock.elapsed().saturating_sub(page.chart_time),
        );
        time(|t| &t.charts, page.chart_time);
        let clock = Instant::now();
        let html = cx.templates.render(page.template, &page.context)?;
        if let Some(inspect) = self.inspect {
            inspect(&page.path, &html);
        }
        time(|t| &t.templates, clock.elapsed());
        let clock = Instant::now();
        put(sink, &page.path, html.as_bytes())?;
        time(|t| &t.writing, clock.elapsed());
        if let Some(progress) = self.progress {
            progress.done.fetch_add(1, Ordering::Relaxed);
        }
        Ok((page.path, page.charts))
    }
}

/// The page of one job, built from the analysis.
fn page(cx: &RenderContext, job: Job, free: &[&FreePage]) -> Result<Page, Diagnostic> {
    let analysis = cx.analysis;
    let (site, figures, as_of) = (&analysis.site, &analysis.figures, analysis.days.as_of);
    let releases = &analysis.releases;
    match job {
        Job::Index => views::index_page(site, free, figures, releases, as_of),
        Job::Team(t) => views::team_page(site, &site.teams[t], free, &figures[t], releases, as_of),
        Job::Sprint(t, i) => views::sprint_page(site, &site.teams[t], &figures[t], i, as_of),
        Job::Release(r) => {
            views::release_page(site, &site.releases[r], &releases[r], figures, as_of)
        }
        Job::Free(i) => views::free_page(site, &site.pages[i], as_of),
        Job::NotFound => {
            let own = (cx.asset_text("style.css"), cx.asset_text("favicon.svg"));
            views::not_found_page(site, own, as_of)
        }
    }
}
