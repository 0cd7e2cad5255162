//! A validated site with its figures and templates: everything needed to render any of its
//! pages, in parallel, into a [`Sink`].

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::links::{BrokenLink, LinkIndex, Origin};
use super::output::{Files, Sink};
use super::{BuildOptions, Generated, Phase, Progress, Timings};
use crate::diagnostics::{Diagnostic, any_error, io_words, sorted};
use crate::metrics::compare::compare;
use crate::metrics::release::{ReleaseFigures, all_releases};
use crate::metrics::{self, TeamFigures};
use crate::model::paths::{
    CONFIG_FILE, STATIC_DIR, THEMES_DIR, free_page, normalized_base_url, sprint_page, team_badge,
    team_page,
};
use crate::model::{Date, FileId, FreePage, Section, Site};
use crate::render::{DEFAULT_STATIC, Renderer};
use crate::views::{self, Page};
use crate::{export, load, publish, validate};

/// One page to render: built, rendered and written in one go, so that no more than a page per
/// thread is ever held in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Index,
    Team(usize),
    Sprint(usize, usize),
    /// A release, by its index in [`Site::releases`].
    Release(usize),
    /// A free page, by its index in [`Site::pages`].
    Free(usize),
    NotFound,
}

/// A validated site with its figures and templates. `serve` keeps one to re-render only what
/// an edit touches.
pub struct Prepared {
    pub site: Site,
    pub figures: Vec<TeamFigures>,
    /// Per release, in the site's order.
    pub releases: Vec<ReleaseFigures>,
    pub as_of: Date,
    /// The day the data is checked against: the as-of date, or the day the data was recorded
    /// up to (`as_of` in sprintgen.toml, else today) when `--as-of` is earlier and the site is
    /// shown as it stood then.
    pub(super) checked: Date,
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

    fn into_timings(self) -> [(Phase, Duration); 4] {
        let cpu = |counter: AtomicU64| Duration::from_nanos(counter.into_inner());
        [
            (Phase::Contexts, cpu(self.context)),
            (Phase::Charts, cpu(self.charts)),
            (Phase::Templates, cpu(self.render)),
            (Phase::Writing, cpu(self.write)),
        ]
    }
}

impl Prepared {
    /// Validates the site and computes its figures; `problems` holds the warnings found while
    /// loading. Returns the site ready to render and all warnings, or every problem.
    pub fn new(
        mut site: Site,
        mut problems: Vec<Diagnostic>,
        options: &BuildOptions,
        timings: &mut Timings,
    ) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
        let clock = Instant::now();
        if let Some(url) = &options.base_url {
            site.config.base_url = Some(url.clone());
        }
        let (as_of, checked) = super::days(&site.config, options);
        problems.extend(validate::validate(&site, checked));
        timings.push((Phase::Validate, clock.elapsed()));
        if any_error(&problems) {
            return Err(sorted(problems));
        }
        if as_of < checked {
            site = site.as_of(as_of);
        }
        let clock = Instant::now();
        let figures = metrics::all_teams(&site, as_of);
        let releases = all_releases(&site, &figures, as_of);
        timings.push((Phase::Metrics, clock.elapsed()));
        let config = &site.config;
        let templates = options.templates.as_deref().cloned().map(Ok);
        let renderer = match templates.unwrap_or_else(|| {
            Renderer::new(
                &options.root,
                &config.theme,
                config.markdown.allow_html,
                config.build.max_input_bytes(),
            )
        }) {
            Ok(renderer) => renderer,
            Err(errors) => {
                problems.extend(errors);
                return Err(sorted(problems));
            }
        };
        site.theme.hidden = renderer
            .emptied_blocks(&["sprint.html", "team.html"])
            .iter()
            .filter_map(|block| Section::named(block))
            .collect();
        let prepared = Prepared {
            site,
            figures,
            releases,
            as_of,
            checked,
            renderer,
            drafts: options.drafts,
        };
        Ok((prepared, problems))
    }

    /// Renders every page and writes every file of the site into `sink`, then checks the
    /// links between them. `problems` holds the warnings found so far.
    pub(super) fn generate(
        &self,
        mut problems: Vec<Diagnostic>,
        root: &Path,
        sink: &dyn Sink,
        progress: Option<&Progress>,
        mut timings: Timings,
    ) -> Result<Generated, Vec<Diagnostic>> {
        let clock = Instant::now();
        let times = PageTimes::default();
        let links = LinkIndex::default();
        let (mut written, charts) =
            match self.render_timed(&self.all_jobs(), sink, progress, &times, &links) {
                Ok(rendered) => rendered,
                Err(errors) => {
                    problems.extend(errors);
                    return Err(sorted(problems));
                }
            };
        timings.push((Phase::Pages, clock.elapsed()));
        timings.extend(times.into_timings());

        let clock = Instant::now();
        written.extend(self.write_exports(sink).map_err(|d| vec![d])?);
        let files = self.other_files(root, &written, &mut problems);
        files
            .par_iter()
            .try_for_each(|(path, bytes)| sink.put(path, bytes).map_err(|e| write_error(path, &e)))
            .map_err(|d| vec![d])?;
        let mut paths: Vec<String> = written.into_iter().chain(files.into_keys()).collect();
        paths.sort();
        paths.dedup();
        timings.push((Phase::Files, clock.elapsed()));

        let clock = Instant::now();
        problems.extend(links.check(&paths).iter().map(|b| self.broken_link(b)));
        timings.push((Phase::Links, clock.elapsed()));
        if any_error(&problems) {
            return Err(sorted(problems));
        }
        Ok(Generated {
            paths,
            warnings: sorted(problems),
            as_of: self.as_of,
            sprint_pages: self
                .site
                .teams
                .iter()
                .fold(0, |pages, t| pages + t.sprints.len()),
            charts,
            timings,
        })
    }

    /// A broken link's diagnostic, at the place it was written: the first of the data files
    /// that feed its page, then of the templates, whose text holds the link (found the way a
    /// reader would look for it); else at the generated page.
    fn broken_link(&self, broken: &BrokenLink) -> Diagnostic {
        for file in self.page_sources(&broken.page) {
            let source = &self.site.sources[file];
            let found = source.text().find(&broken.link);
            if let Some(at) = found {
                return broken.diagnostic(Some((source, at..at + broken.link.len())), Origin::Data);
            }
        }
        // Not in the data: the templates are what is left.
        broken.diagnostic(self.renderer.find_text(&broken.link), Origin::Template)
    }

    /// The data files a generated page shows, the most specific first.
    fn page_sources(&self, page: &str) -> Vec<FileId> {
        let site = &self.site;
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

    /// Recomputes one team's figures after its data changed, and those of its releases.
    pub(super) fn refresh_team(&mut self, team: usize) {
        self.figures[team] = metrics::team_figures(&self.site, &self.site.teams[team], self.as_of);
        for r in self.releases_of(team) {
            let release = &self.site.releases[r].data;
            self.releases[r] =
                metrics::release::release_figures(&self.site, &self.figures, release, self.as_of);
        }
    }

    /// The releases a team works on, by index.
    pub fn releases_of(&self, team: usize) -> Vec<usize> {
        let slug = &self.site.teams[team].slug;
        (0..self.site.releases.len())
            .filter(|&r| self.site.releases[r].data.team_slugs().any(|s| s == slug))
            .collect()
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
        jobs.extend((0..self.site.releases.len()).map(Job::Release));
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
    ) -> Result<(Vec<String>, usize), Vec<Diagnostic>> {
        self.render_timed(
            jobs,
            sink,
            None,
            &PageTimes::default(),
            &LinkIndex::default(),
        )
    }

    /// The page of one job, built from the site and its figures.
    fn page(&self, job: Job, free: &[&FreePage]) -> Result<Page, Diagnostic> {
        let (site, figures, as_of) = (&self.site, &self.figures, self.as_of);
        let releases = &self.releases;
        match job {
            Job::Index => views::index_page(site, free, figures, releases, as_of),
            Job::Team(t) => {
                views::team_page(site, &site.teams[t], free, &figures[t], releases, as_of)
            }
            Job::Sprint(t, i) => views::sprint_page(site, &site.teams[t], &figures[t], i, as_of),
            Job::Release(r) => views::release_page(site, &site.releases[r], &releases[r], as_of),
            Job::Free(i) => views::free_page(site, &site.pages[i], as_of),
            Job::NotFound => views::not_found_page(site, as_of),
        }
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
        let free = self.free_pages();
        let rendered: Vec<Result<(String, usize), Diagnostic>> = jobs
            .par_iter()
            .map(|&job| {
                let clock = Instant::now();
                let page = self.page(job, &free)?;
                PageTimes::add(
                    &times.context,
                    clock.elapsed().saturating_sub(page.chart_time),
                );
                PageTimes::add(&times.charts, page.chart_time);
                let clock = Instant::now();
                let html = self.renderer.render(page.template, &page.context)?;
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
        let mut paths = Vec::with_capacity(rendered.len());
        let mut charts = 0;
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok((path, page_charts)) => {
                    paths.push(path);
                    charts += page_charts;
                }
                Err(diagnostic) if !errors.contains(&diagnostic) => errors.push(diagnostic),
                Err(_) => {}
            }
        }
        if errors.is_empty() {
            Ok((paths, charts))
        } else {
            Err(errors)
        }
    }

    /// A sprint's report as Markdown (`report.md`).
    pub fn sprint_report(&self, team: usize, sprint: usize) -> Result<String, Diagnostic> {
        let page = views::sprint_report(
            &self.site,
            &self.site.teams[team],
            &self.figures[team],
            sprint,
            self.as_of,
        )?;
        self.renderer.render(page.template, &page.context)
    }

    /// Each team's current sprint as Markdown (`summary.md`).
    pub fn portfolio_summary(&self) -> Result<String, Diagnostic> {
        let page = views::portfolio_summary(
            &self.site,
            &self.free_pages(),
            &self.figures,
            &self.releases,
            self.as_of,
        )?;
        self.renderer.render(page.template, &page.context)
    }

    /// What this site's data changes in the figures of `base` (the same site before the
    /// change, prepared as of the same day), as Markdown (`diff.md`).
    pub fn changes_since(&self, base: &Prepared, base_name: &str) -> Result<String, Diagnostic> {
        let changes = compare((&base.site, &base.figures), (&self.site, &self.figures));
        let page = views::changes_page(&self.site, &changes, base_name, self.as_of)?;
        self.renderer.render(page.template, &page.context)
    }

    /// A sprint's figures as JSON (its entry of the team's export).
    pub fn sprint_json(&self, team: usize, sprint: usize) -> Result<String, Diagnostic> {
        export::sprint_json(
            &self.site.teams[team],
            &self.figures[team],
            sprint,
            self.as_of,
        )
    }

    /// Each team's current sprint as JSON.
    pub fn portfolio_json(&self) -> Result<String, Diagnostic> {
        export::portfolio_json(&self.site, &self.figures, self.as_of)
    }

    /// `data/<team>.json` for one team: its path and bytes.
    pub fn team_json(&self, team: usize) -> Result<(String, Vec<u8>), Diagnostic> {
        export::team_json(&self.site.teams[team], &self.figures[team], self.as_of)
    }

    /// `data/releases/<slug>.json` for one release: its path and bytes.
    pub fn release_json(&self, release: usize) -> Result<(String, Vec<u8>), Diagnostic> {
        export::release_json(
            &self.site.releases[release],
            &self.releases[release],
            self.as_of,
        )
    }

    /// The Atom feed, when the site has a valid `base_url`.
    pub fn feed(&self) -> Option<Vec<u8>> {
        let base = normalized_base_url(self.site.config.base_url.as_deref()?)?;
        Some(publish::feed(&self.site, &self.figures, &base, self.as_of).into_bytes())
    }

    /// Writes every team's and release's JSON export as soon as it is serialised (together
    /// they are as large as the sprint data); returns their paths.
    fn write_exports(&self, sink: &dyn Sink) -> Result<Vec<String>, Diagnostic> {
        let teams = self.site.teams.len();
        (0..teams + self.site.releases.len())
            .into_par_iter()
            .map(|n| {
                let (path, bytes) = if n < teams {
                    self.team_json(n)?
                } else {
                    self.release_json(n - teams)?
                };
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
        root: &Path,
        written: &[String],
        problems: &mut Vec<Diagnostic>,
    ) -> Files {
        let config = &self.site.config;
        let mut files = Files::new();
        files.insert(".nojekyll".into(), Vec::new());
        if let Some(cname) = &config.cname {
            files.insert("CNAME".into(), format!("{}\n", cname.trim()).into_bytes());
        }
        for (team, figures) in self.site.teams.iter().zip(&self.figures) {
            let badge = publish::badge(team, figures);
            files.insert(team_badge(&team.slug, "svg"), badge.svg().into_bytes());
            files.insert(
                team_badge(&team.slug, "json"),
                badge.shields_json().into_bytes(),
            );
        }
        for (name, text) in DEFAULT_STATIC {
            files.insert((*name).to_string(), text.as_bytes().to_vec());
        }
        let theme_static = format!("{THEMES_DIR}/{}/static", config.theme);
        for dir in [theme_static.as_str(), STATIC_DIR] {
            files.extend(load::read_files(root, dir, None, problems));
        }
        match config.base_url.as_deref().map(normalized_base_url) {
            Some(Some(base)) => {
                let feed = publish::feed(&self.site, &self.figures, &base, self.as_of);
                files.insert("feed.xml".into(), feed.into_bytes());
                let mut paths: Vec<String> =
                    written.iter().cloned().chain(files.keys().cloned()).collect();
                paths.sort();
                files.insert("sitemap.xml".into(), publish::sitemap(&paths, &base).into_bytes());
            }
            Some(None) => problems.push(
                Diagnostic::error(format!(
                    "`base_url` must be an absolute http(s) URL, such as https://org.github.io/repo/, not `{}`",
                    config.base_url.as_deref().unwrap_or_default()
                ))
                .in_file(CONFIG_FILE),
            ),
            // Only `build` warns about that: `check` and `serve` publish nothing.
            None => {}
        }
        files
    }
}

fn write_error(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write `{path}`: {}", io_words(error)))
}
