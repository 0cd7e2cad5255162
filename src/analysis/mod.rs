//! The front half of every command: load the site, take in the files a command would write,
//! check everything, and compute the figures as of the run's day. `build`, `check`, `serve`,
//! `report`, `diff`, the edits, `new` and `import` all start here, so every command reports
//! the same problems for the same site. [`Analysis::apply_edits`] takes in saved sprint files
//! without loading the rest again, for `serve`.

mod incremental;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, any_error, sorted};
use crate::load::{self, FileText, Loaded};
use crate::metrics::release::{ReleaseFigures, all_releases};
use crate::metrics::{self, TeamFigures};
use crate::model::{Date, Days, Site};
use crate::validate;

pub use incremental::Update;

/// What a command asks of the front half.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub root: &'a Path,
    /// `--as-of`, when given.
    pub as_of: Option<Date>,
    /// `--base-url`, which replaces `base_url` in sprintgen.toml.
    pub base_url: Option<String>,
    /// Files the command would write, checked in place of the disk's (see [`Loaded::take_in`]).
    pub files: Vec<FileText>,
}

/// A site that loaded and passed every check, with its figures as of [`Days::as_of`] (the data
/// itself as it stood that day when the run looks back).
#[derive(Clone, Debug)]
pub struct Analysis {
    pub site: Site,
    pub figures: Vec<TeamFigures>,
    /// Per release, in the site's order.
    pub releases: Vec<ReleaseFigures>,
    pub days: Days,
    /// How long each step took, for `build -v`.
    pub times: Times,
}

/// The time of each step of the front half.
#[derive(Clone, Copy, Debug, Default)]
pub struct Times {
    pub load: Duration,
    pub validate: Duration,
    pub metrics: Duration,
}

impl<'a> Request<'a> {
    /// The site at `root` as it is, as of the day the configuration or the clock says.
    pub fn new(root: &'a Path) -> Request<'a> {
        Request {
            root,
            as_of: None,
            base_url: None,
            files: Vec::new(),
        }
    }
}

/// Loads the site at `request.root` and analyses it (see [`analyse_loaded`]).
pub fn analyse(request: &Request) -> Result<(Analysis, Vec<Diagnostic>), Vec<Diagnostic>> {
    let clock = Instant::now();
    let loaded = load::load(request.root);
    let load_time = clock.elapsed();
    let (mut analysis, warnings) = analyse_loaded(loaded, request)?;
    analysis.times.load += load_time;
    Ok((analysis, warnings))
}

/// Takes the request's files into a loaded site, checks it and computes its figures. Returns
/// the analysis with its warnings, or every problem found, sorted by file and line.
pub fn analyse_loaded(
    mut loaded: Loaded,
    request: &Request,
) -> Result<(Analysis, Vec<Diagnostic>), Vec<Diagnostic>> {
    let clock = Instant::now();
    for file in &request.files {
        loaded.take_in(file);
    }
    if let (Some(site), Some(url)) = (&mut loaded.site, &request.base_url) {
        site.config.base_url = Some(url.clone());
    }
    let mut times = Times {
        load: clock.elapsed(),
        ..Times::default()
    };
    let clock = Instant::now();
    let (site, days, warnings) = check(loaded, request.as_of)?;
    times.validate = clock.elapsed();
    let clock = Instant::now();
    let site = match days.looks_back() {
        true => site.as_of(days.as_of),
        false => site,
    };
    let figures = metrics::all_teams(&site, days.as_of);
    let releases = all_releases(&site, &figures, days.as_of);
    times.metrics = clock.elapsed();
    let analysis = Analysis {
        site,
        figures,
        releases,
        days,
        times,
    };
    Ok((analysis, warnings))
}

/// Every problem of a loaded site: its loading's, and those of the rules across values. When
/// it has errors, the part of it that loaded is checked too (each team and its sprints,
/// leaving out what may only follow from the errors), so that one run shows every problem.
/// Returns the site that passed, its days and its warnings.
pub fn check(
    loaded: Loaded,
    as_of: Option<Date>,
) -> Result<(Site, Days, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Loaded {
        site, diagnostics, ..
    } = &loaded;
    let Some(site) = site else {
        return Err(sorted(diagnostics.clone()));
    };
    let days = Days::resolve(as_of, site.config.as_of);
    if any_error(diagnostics) {
        let mut problems: Vec<Diagnostic> = site
            .teams
            .iter()
            .flat_map(|team| validate::validate_team(site, team, days.checked))
            .filter(|problem| !loaded.after_damage(problem))
            .collect();
        problems.extend(loaded.diagnostics);
        return Err(sorted(problems));
    }
    let mut problems = loaded.diagnostics;
    let site = loaded.site.expect("checked above");
    problems.extend(validate::validate(&site, days.checked));
    if any_error(&problems) {
        return Err(sorted(problems));
    }
    Ok((site, days, problems))
}

impl Analysis {
    /// Recomputes one team's figures after its data changed, and those of its releases.
    pub fn refresh_team(&mut self, team: usize) {
        let as_of = self.days.as_of;
        self.figures[team] = metrics::team_figures(&self.site, &self.site.teams[team], as_of);
        for r in self.releases_of(team) {
            let release = &self.site.releases[r].data;
            self.releases[r] =
                metrics::release::release_figures(&self.site, &self.figures, release, as_of);
        }
    }

    /// The releases a team works on, by index.
    pub fn releases_of(&self, team: usize) -> Vec<usize> {
        let slug = &self.site.teams[team].slug;
        (0..self.site.releases.len())
            .filter(|&r| self.site.releases[r].data.team_slugs().any(|s| s == slug))
            .collect()
    }
}
