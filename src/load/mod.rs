//! Walks a site on disk and parses its TOML files into [`Site`].
//!
//! Loading never stops at the first bad file: every file is read and parsed, and all problems
//! come back together so one run shows everything that needs fixing. The checks that need a
//! file's text (placeholders) run here, right after each file is parsed; the text is then
//! released, so a large site's sources are not all held in memory.

mod invisible;
mod locate;
mod placeholders;
mod take_in;
mod toml;
mod walk;

use std::path::Path;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::paths::{
    CONFIG_FILE, CONTENT_DIR, RELEASES_DIR, TEAM_FILE, THEME_FILE, THEMES_DIR, is_slug,
};
use crate::model::{
    BuildConfig, FileId, FreePage, Release, ReleaseFile, Site, SiteConfig, SourceFile, Sprint,
    SprintFile, Team, TeamConfig, ThemeConfig,
};

pub use locate::{choose_team, find_site_root};
pub use placeholders::placeholders;
pub use take_in::FileText;
pub use toml::{Failed, parse_document, parse_page, parse_recovering};
use walk::read_input;
pub use walk::{read_capped, read_files, walk};

/// A file's data with the warnings about its text, or every error in it.
pub type Parsed<T> = Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>;

/// What loading found: every problem, and the site as far as it loaded, for the rules that
/// check more than one value to look at the rest of a site that has errors.
#[derive(Debug)]
pub struct Loaded {
    /// `None` when the site's configuration did not load.
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
    /// The lines of files whose data lost a value to an error (by path, first and last line).
    damaged: Vec<(String, usize, usize)>,
}

impl Loaded {
    /// A site built in memory rather than read (the fuzz targets'), with the warnings its
    /// files' texts gave.
    pub fn in_memory(site: Site, warnings: Vec<Diagnostic>) -> Loaded {
        Loaded {
            site: Some(site),
            diagnostics: warnings,
            damaged: Vec::new(),
        }
    }

    /// Whether a problem lies where data was lost to an error, so may only follow from it.
    pub fn after_damage(&self, diagnostic: &Diagnostic) -> bool {
        let Some(location) = &diagnostic.location else {
            return false;
        };
        self.damaged.iter().any(|(path, first, last)| {
            *path == location.path && (*first..=*last).contains(&location.line)
        })
    }
}

/// Loads the site rooted at `root`: everything that reads, and every problem on the way. A file
/// with errors is part of the site when the rest of it reads (see [`Failed::recovered`]).
pub fn load(root: &Path) -> Loaded {
    if !root.join(CONFIG_FILE).exists() {
        // Not a site at all: that one error, not also each of its missing parts.
        return Loaded {
            site: None,
            diagnostics: vec![not_a_site(root)],
            damaged: Vec::new(),
        };
    }
    let mut loader = Loader::default();
    let config = loader.parse_settings::<SiteConfig>(root, CONFIG_FILE);
    loader.max_input = config.as_ref().map_or_else(
        || BuildConfig::default().max_input_bytes(),
        |c| c.build.max_input_bytes(),
    );
    let theme = config
        .as_ref()
        .map(|c| loader.load_theme(root, &c.theme))
        .unwrap_or_default();
    let teams = loader.load_teams(root);
    let releases = loader.load_releases(root);
    Loaded {
        site: config.map(|config| Site {
            config,
            teams,
            releases,
            pages: loader.pages,
            theme,
            sources: loader.sources,
        }),
        diagnostics: loader.diagnostics,
        damaged: loader.damaged,
    }
}

/// A folder without `sprintgen.toml`. Without `--root` the site is looked for from the working
/// folder upwards, and the root is `.` when none was found.
fn not_a_site(root: &Path) -> Diagnostic {
    let here = std::env::current_dir().ok();
    let searched = root == Path::new(".") || here.as_deref() == Some(root);
    let message = match searched {
        true => format!(
            "not in a sprintgen site: there is no `{CONFIG_FILE}` here (`{}`) or in any folder above",
            here.unwrap_or_default().display()
        ),
        false => format!(
            "`{}` is not a sprintgen site: it has no `{CONFIG_FILE}`",
            root.display()
        ),
    };
    Diagnostic::error(message).with_hint(
        "run sprintgen inside a site (in any folder below its `sprintgen.toml`), pass --root, or create a site with `sprintgen init`",
    )
}

/// The site's configuration alone (to find the output folder before loading the rest), or
/// `None` when it does not load: loading the whole site says why.
pub fn site_config(root: &Path) -> Option<SiteConfig> {
    Loader::default().parse_settings::<SiteConfig>(root, CONFIG_FILE)
}

/// Takes in the new text of a sprint file already loaded (after an edit, for `serve`): parsed
/// and checked for placeholders, as loading does, then released again.
pub fn reparse_sprint(source: &mut SourceFile, text: String) -> Parsed<SprintFile> {
    source.text = text;
    let parsed = parse_sprint(source);
    source.release();
    parsed
}

/// A sprint file's data and the warnings about its text.
fn parse_sprint(source: &SourceFile) -> Parsed<SprintFile> {
    parse_recovering(source)
        .map(|data| (data, text_warnings(source)))
        .map_err(|failed| failed.errors)
}

/// [`parse_sprint`], keeping what of a sprint file with errors reads, with the lines whose data
/// lost a value.
fn parse_sprint_recovering(
    source: &SourceFile,
) -> Result<(SprintFile, Vec<Diagnostic>), Failed<SprintFile>> {
    parse_recovering(source).map(|data| (data, text_warnings(source)))
}

/// The checks that need a file's text, run while it is in memory: placeholders left in it,
/// and invisible characters that make it read differently from what it says.
fn text_warnings(source: &SourceFile) -> Vec<Diagnostic> {
    let mut warnings = placeholders(source);
    warnings.extend(invisible::invisible_characters(source));
    warnings
}

struct Loader {
    sources: Vec<SourceFile>,
    pages: Vec<FreePage>,
    diagnostics: Vec<Diagnostic>,
    /// See [`Loaded::damaged`].
    damaged: Vec<(String, usize, usize)>,
    /// The largest file read, in bytes (see [`BuildConfig::max_input_mb`]).
    max_input: u64,
}

impl Default for Loader {
    fn default() -> Loader {
        Loader {
            sources: Vec::new(),
            pages: Vec::new(),
            diagnostics: Vec::new(),
            damaged: Vec::new(),
            max_input: BuildConfig::default().max_input_bytes(),
        }
    }
}

impl Loader {
    /// Reads and parses `root/relative`, recording the source for later diagnostics.
    fn parse_file<T: DeserializeOwned + JsonSchema>(
        &mut self,
        root: &Path,
        relative: &str,
    ) -> Option<T> {
        let file = self.read_source(root, relative)?;
        let parsed = parse_recovering(&self.sources[file]);
        let parsed = parsed.or_else(|failed| self.recovered(file, failed).ok_or(()));
        self.done_with(file, parsed.is_ok());
        parsed.ok()
    }

    /// Reads and parses `root/relative`, a file of settings: when a value of it was lost to
    /// an error, nothing of it is used (the calendar of a team, say, changes every sprint of
    /// it), while a misspelt key alone loses nothing.
    fn parse_settings<T: DeserializeOwned + JsonSchema>(
        &mut self,
        root: &Path,
        relative: &str,
    ) -> Option<T> {
        let file = self.read_source(root, relative)?;
        let parsed = match parse_recovering(&self.sources[file]) {
            Ok(data) => Some(data),
            Err(mut failed) => {
                if failed.recovered.as_ref().is_some_and(|r| !r.1.is_empty()) {
                    failed.recovered = None;
                }
                self.recovered(file, failed)
            }
        };
        self.done_with(file, parsed.is_some());
        parsed
    }

    /// Takes in the errors of a file that did not parse, and what of it still reads.
    fn recovered<T>(&mut self, file: FileId, failed: Failed<T>) -> Option<T> {
        self.diagnostics.extend(failed.errors);
        let (data, damaged) = *failed.recovered?;
        let source = &self.sources[file];
        for span in damaged {
            let first = Location::of_span(source, span.start..span.start).line;
            let last = Location::of_span(source, span.end..span.end).line;
            self.damaged.push((source.path.clone(), first, last));
        }
        Some(data)
    }

    /// After parsing: a file that parsed is checked for placeholders and invisible
    /// characters in its text, then the text is released (see [`SourceFile::text`]).
    fn done_with(&mut self, file: FileId, parsed: bool) {
        if parsed {
            self.diagnostics.extend(text_warnings(&self.sources[file]));
        }
        self.sources[file].release();
    }

    /// Reads `root/relative` into [`Self::sources`], returning its id.
    fn read_source(&mut self, root: &Path, relative: &str) -> Option<FileId> {
        let bytes = read_input(root, relative, Some(self.max_input), &mut self.diagnostics)?;
        let Ok(text) = String::from_utf8(bytes) else {
            self.diagnostics.push(
                Diagnostic::error(format!("`{relative}` is not UTF-8 text")).in_file(relative),
            );
            return None;
        };
        self.sources.push(SourceFile {
            path: relative.to_string(),
            text,
            disk: Some(root.join(relative)),
        });
        Some(self.sources.len() - 1)
    }

    /// The theme's `theme.toml`, when it has one.
    fn load_theme(&mut self, root: &Path, theme: &str) -> ThemeConfig {
        let path = format!("{THEMES_DIR}/{theme}/{THEME_FILE}");
        if !root.join(&path).is_file() {
            return ThemeConfig::default();
        }
        self.parse_file(root, &path).unwrap_or_default()
    }

    /// The releases under `content/releases/`, one TOML file each, sorted by file name.
    fn load_releases(&mut self, root: &Path) -> Vec<Release> {
        let folder = format!("{CONTENT_DIR}/{RELEASES_DIR}");
        if !root.join(&folder).is_dir() {
            return Vec::new();
        }
        let mut releases = Vec::new();
        for entry in walk(root, &folder, Some(1), &mut self.diagnostics) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{folder}/{name}");
            let stem = name.strip_suffix(".toml");
            if name.starts_with('.') || !entry.file_type().is_file() {
                continue;
            }
            let Some(stem) = stem else {
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{path}` is not a release file, so it is ignored"
                    ))
                    .in_file(path)
                    .with_hint("releases are TOML files, `content/releases/<slug>.toml`"),
                );
                continue;
            };
            if !is_slug(stem) {
                self.diagnostics.push(
                    Diagnostic::error(format!("the file name `{name}` cannot be part of a URL"))
                        .in_file(path)
                        .with_hint("use lowercase letters, digits and `-` only, e.g. `v2-0.toml`"),
                );
                continue;
            }
            let file = self.sources.len();
            if let Some(data) = self.parse_file::<ReleaseFile>(root, &path) {
                releases.push(Release {
                    slug: stem.to_string(),
                    file,
                    data,
                });
            }
        }
        releases
    }

    /// Loads a free Markdown page, if its name can be a URL slug.
    fn load_page(&mut self, root: &Path, folder: &str, name: &str, team: Option<&str>) {
        let path = format!("{folder}/{name}");
        let stem = name.trim_end_matches(".md");
        if !is_slug(stem) {
            self.diagnostics.push(
                Diagnostic::error(format!("the file name `{name}` cannot be part of a URL"))
                    .in_file(path)
                    .with_hint(
                        "use lowercase letters, digits and `-` only, e.g. `retrospective.md`",
                    ),
            );
            return;
        }
        let Some(file) = self.read_source(root, &path) else {
            return;
        };
        let parsed = parse_page(&self.sources[file]);
        self.done_with(file, parsed.is_ok());
        match parsed {
            Ok((front, body)) => self.pages.push(FreePage {
                slug: stem.to_string(),
                team: team.map(str::to_string),
                file,
                front,
                body,
            }),
            Err(diagnostics) => self.diagnostics.extend(diagnostics),
        }
    }

    fn load_teams(&mut self, root: &Path) -> Vec<Team> {
        let content = root.join(CONTENT_DIR);
        if !content.is_dir() {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "no `{CONTENT_DIR}/` folder in `{}`",
                    root.display()
                ))
                .with_hint("each team is a folder `content/<team>/` holding `team.toml`"),
            );
            return Vec::new();
        }
        let team_slugs = self.team_folders(root);
        // Teams load in parallel, each into a loader of its own, merged in folder order.
        let loaded: Vec<(Loader, Option<Team>)> = team_slugs
            .par_iter()
            .map(|slug| {
                let mut loader = Loader {
                    max_input: self.max_input,
                    ..Loader::default()
                };
                let team = loader.load_team(root, slug);
                (loader, team)
            })
            .collect();
        let mut teams = Vec::with_capacity(loaded.len());
        for (loader, team) in loaded {
            teams.extend(self.absorb(loader, team));
        }
        teams
    }

    /// The team folders under `content/` (loading the site's free pages on the way).
    fn team_folders(&mut self, root: &Path) -> Vec<String> {
        let mut team_slugs = Vec::new();
        for entry in walk(root, CONTENT_DIR, Some(1), &mut self.diagnostics) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if name.ends_with(".md") && entry.file_type().is_file() {
                self.load_page(root, CONTENT_DIR, &name, None);
                continue;
            }
            if name == RELEASES_DIR {
                continue;
            }
            if !entry.file_type().is_dir() {
                let path = format!("{CONTENT_DIR}/{name}");
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{path}` is not a page or a team folder, so it is ignored"
                    ))
                    .in_file(path)
                    .with_hint(
                        "`content/` holds a folder per team, `releases/`, and pages (`.md`)",
                    ),
                );
                continue;
            }
            if !is_slug(&name) {
                self.diagnostics.push(
                    Diagnostic::error(format!("the team folder `{name}` cannot be part of a URL"))
                        .in_file(format!("{CONTENT_DIR}/{name}"))
                        .with_hint("rename it with lowercase letters, digits and `-` only, e.g. `platform-team`"),
                );
                continue;
            }
            team_slugs.push(name);
        }
        team_slugs
    }

    /// Takes in what another loader read, renumbering its files after this one's.
    fn absorb(&mut self, other: Loader, team: Option<Team>) -> Option<Team> {
        let offset = self.sources.len();
        self.sources.extend(other.sources);
        self.diagnostics.extend(other.diagnostics);
        self.damaged.extend(other.damaged);
        self.pages
            .extend(other.pages.into_iter().map(|page| FreePage {
                file: page.file + offset,
                ..page
            }));
        team.map(|team| Team {
            file: team.file + offset,
            sprints: team
                .sprints
                .into_iter()
                .map(|sprint| Sprint {
                    file: sprint.file + offset,
                    ..sprint
                })
                .collect(),
            ..team
        })
    }

    fn load_team(&mut self, root: &Path, slug: &str) -> Option<Team> {
        let folder = format!("{CONTENT_DIR}/{slug}");
        let config = self.team_config(root, &folder);
        let sprint_files = self.sprint_files(root, &folder, slug);
        let sprints = self.parse_sprints(sprint_files);
        let (file, config) = config?;
        Some(Team {
            slug: slug.to_string(),
            file,
            config,
            sprints,
        })
    }

    /// `team.toml` of a team folder, with its file id.
    fn team_config(&mut self, root: &Path, folder: &str) -> Option<(FileId, TeamConfig)> {
        let team_path = format!("{folder}/{TEAM_FILE}");
        if !root.join(&team_path).is_file() {
            self.diagnostics.push(
                Diagnostic::error(format!("the team folder `{folder}` has no `{TEAM_FILE}`"))
                    .in_file(folder.to_string())
                    .with_hint("add `team.toml` with at least `name = \"…\"`"),
            );
            return None;
        }
        let file = self.sources.len();
        self.parse_settings::<TeamConfig>(root, &team_path)
            .map(|config| (file, config))
    }

    /// Reads a team folder's sprint files (by slug and file id), loading its free pages and
    /// reporting the files that are neither.
    fn sprint_files(&mut self, root: &Path, folder: &str, team: &str) -> Vec<(String, FileId)> {
        let mut sprint_files = Vec::new();
        for entry in walk(root, folder, Some(1), &mut self.diagnostics) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && entry.file_type().is_file() {
                self.load_page(root, folder, &name, Some(team));
                continue;
            }
            if name == TEAM_FILE || name.starts_with('.') || !entry.file_type().is_file() {
                continue;
            }
            let path = format!("{folder}/{name}");
            let Some(stem) = name
                .strip_suffix(".toml")
                .filter(|stem| stem.to_ascii_lowercase().starts_with("sprint"))
            else {
                // Any other file, `notes.txt` as much as `backlog.toml`.
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{path}` is not `team.toml`, a sprint file or a page, so it is ignored"
                    ))
                    .in_file(path)
                    .with_hint("a team folder holds `team.toml`, sprint files (`sprint-NN.toml`: TOML files whose name starts with `sprint`) and pages (`.md`)"),
                );
                continue;
            };
            if !is_slug(stem) {
                self.diagnostics.push(
                    Diagnostic::error(format!("the file name `{name}` cannot be part of a URL"))
                        .in_file(path)
                        .with_hint(
                            "use lowercase letters, digits and `-` only, e.g. `sprint-04.toml`",
                        ),
                );
                continue;
            }
            if let Some(file) = self.read_source(root, &path) {
                sprint_files.push((stem.to_string(), file));
            }
        }
        sprint_files
    }

    /// Parses a team's sprint files in parallel (parsing is the costly part of loading),
    /// checking each for placeholders while its text is at hand; sorted by number.
    fn parse_sprints(&mut self, sprint_files: Vec<(String, FileId)>) -> Vec<Sprint> {
        let parsed: Vec<_> = sprint_files
            .par_iter()
            .map(|(_, file)| parse_sprint_recovering(&self.sources[*file]))
            .collect();
        let mut sprints = Vec::with_capacity(parsed.len());
        for ((slug, file), result) in sprint_files.into_iter().zip(parsed) {
            let data = match result {
                Ok((data, warnings)) => {
                    self.diagnostics.extend(warnings);
                    Some(data)
                }
                Err(failed) => self.recovered(file, failed),
            };
            self.sources[file].release();
            sprints.extend(data.map(|data| Sprint { slug, file, data }));
        }
        sprints.sort_by_key(|s| (*s.data.number.get_ref(), s.slug.clone()));
        sprints
    }
}
