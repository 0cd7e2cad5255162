//! Walks a site on disk and parses its TOML files into [`Site`].
//!
//! Loading never stops at the first bad file: every file is read and parsed, and all problems
//! come back together so one run shows everything that needs fixing.

use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{
    FileId, FreePage, FrontMatter, Site, SiteConfig, SourceFile, Sprint, SprintFile, Team,
    TeamConfig,
};
use crate::validate::placeholders;

pub const CONFIG_FILE: &str = "sprintgen.toml";
pub const CONTENT_DIR: &str = "content";
pub const TEAM_FILE: &str = "team.toml";

/// Loads the site rooted at `root` with the warnings found on the way, or returns every
/// problem found.
pub fn load_site(root: &Path) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut loader = Loader::default();
    let config = loader.parse_file::<SiteConfig>(root, CONFIG_FILE);
    let teams = loader.load_teams(root);
    match config {
        Some(config) if loader.diagnostics.iter().all(|d| !d.is_error()) => Ok((
            Site {
                config,
                teams,
                pages: loader.pages,
                sources: loader.sources,
            },
            loader.diagnostics,
        )),
        _ => Err(loader.diagnostics),
    }
}

/// Parses one TOML document held in memory: the part of loading that needs no disk, for tests
/// and fuzzing.
pub fn parse_document<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    toml::from_str(&file.text).map_err(|error| toml_error(file, &error, 0))
}

/// Splits a Markdown page into its `+++` TOML front matter and its body.
pub fn parse_page(file: &SourceFile) -> Result<(FrontMatter, String), Diagnostic> {
    let text = &file.text;
    let opening = ["+++\n", "+++\r\n"]
        .iter()
        .find(|o| text.starts_with(*o))
        .ok_or_else(|| {
            Diagnostic::error("a page must start with TOML front matter between `+++` lines")
                .at(file, 0..text.find('\n').unwrap_or(text.len()))
                .with_hint("start the file with `+++`, `title = \"…\"`, `+++`")
        })?;
    let start = opening.len();
    let close = text[start..]
        .match_indices("+++")
        .map(|(i, _)| start + i)
        .find(|&i| {
            text[..i].ends_with('\n')
                && text[i + 3..]
                    .lines()
                    .next()
                    .is_none_or(|rest| rest.trim().is_empty())
        })
        .ok_or_else(|| {
            Diagnostic::error("the front matter is not closed")
                .at(file, 0..3)
                .with_hint("end the front matter with a line holding only `+++`")
        })?;
    let front =
        toml::from_str(&text[start..close]).map_err(|error| toml_error(file, &error, start))?;
    let body = text[close + 3..]
        .trim_start_matches(['\r', '\n'])
        .to_string();
    Ok((front, body))
}

#[derive(Default)]
struct Loader {
    sources: Vec<SourceFile>,
    pages: Vec<FreePage>,
    diagnostics: Vec<Diagnostic>,
}

impl Loader {
    /// Reads and parses `root/relative`, recording the source for later diagnostics.
    fn parse_file<T: DeserializeOwned>(&mut self, root: &Path, relative: &str) -> Option<T> {
        let file = self.read_source(root, relative)?;
        let parsed = parse_document(&self.sources[file]);
        self.done_with(file, parsed.is_ok());
        parsed.map_err(|d| self.diagnostics.push(d)).ok()
    }

    /// After parsing: a file that parsed is checked for placeholders left in its text, then
    /// the text is released (see [`SourceFile::text`]).
    fn done_with(&mut self, file: FileId, parsed: bool) {
        if parsed {
            self.diagnostics.extend(placeholders(&self.sources[file]));
        }
        self.sources[file].release();
    }

    /// Reads `root/relative` into [`Self::sources`], returning its id.
    fn read_source(&mut self, root: &Path, relative: &str) -> Option<FileId> {
        let text = match std::fs::read_to_string(root.join(relative)) {
            Ok(text) => text,
            Err(error) => {
                let mut diagnostic =
                    Diagnostic::error(format!("cannot read `{relative}`: {error}"))
                        .in_file(relative);
                if relative == CONFIG_FILE && error.kind() == std::io::ErrorKind::NotFound {
                    diagnostic = diagnostic.with_hint(format!(
                        "`{}` is not a sprintgen site: pass --root, or create one with `sprintgen init`",
                        root.display()
                    ));
                }
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        self.sources.push(SourceFile {
            path: relative.to_string(),
            text,
            disk: Some(root.join(relative)),
        });
        Some(self.sources.len() - 1)
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
            Err(diagnostic) => self.diagnostics.push(diagnostic),
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
            if !entry.file_type().is_dir() {
                continue;
            }
            let folder = format!("{CONTENT_DIR}/{name}");
            if !is_slug(&name) {
                self.diagnostics.push(
                    Diagnostic::error(format!("the team folder `{name}` cannot be part of a URL"))
                        .in_file(folder)
                        .with_hint("rename it with lowercase letters, digits and `-` only, e.g. `platform-team`"),
                );
                continue;
            }
            team_slugs.push(name);
        }
        // Teams load in parallel, each into a loader of its own, merged in folder order.
        let loaded: Vec<(Loader, Option<Team>)> = team_slugs
            .par_iter()
            .map(|slug| {
                let mut loader = Loader::default();
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

    /// Takes in what another loader read, renumbering its files after this one's.
    fn absorb(&mut self, other: Loader, team: Option<Team>) -> Option<Team> {
        let offset = self.sources.len();
        self.sources.extend(other.sources);
        self.diagnostics.extend(other.diagnostics);
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
        let team_path = format!("{folder}/{TEAM_FILE}");
        if !root.join(&team_path).is_file() {
            self.diagnostics.push(
                Diagnostic::error(format!("the team folder `{folder}` has no `{TEAM_FILE}`"))
                    .in_file(folder.clone())
                    .with_hint("add `team.toml` with at least `name = \"…\"`"),
            );
        }
        let config = if root.join(&team_path).is_file() {
            let file = self.sources.len();
            self.parse_file::<TeamConfig>(root, &team_path)
                .map(|config| (file, config))
        } else {
            None
        };
        let mut sprint_files: Vec<(String, FileId)> = Vec::new();
        for entry in walk(root, &folder, Some(1), &mut self.diagnostics) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && entry.file_type().is_file() {
                self.load_page(root, &folder, &name, Some(slug));
                continue;
            }
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            if name == TEAM_FILE || !entry.file_type().is_file() {
                continue;
            }
            let path = format!("{folder}/{name}");
            if !stem.to_ascii_lowercase().starts_with("sprint") {
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{path}` is neither `team.toml` nor a sprint file, so it is ignored"
                    ))
                    .in_file(path)
                    .with_hint("sprint files are named `sprint-NN.toml`"),
                );
                continue;
            }
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
        // Parsing is the costly part of loading: the files of a team are parsed in parallel,
        // and checked for placeholders while their texts are at hand.
        let parsed: Vec<Result<(SprintFile, Vec<Diagnostic>), Diagnostic>> = sprint_files
            .par_iter()
            .map(|(_, file)| {
                let source = &self.sources[*file];
                parse_document(source).map(|data| (data, placeholders(source)))
            })
            .collect();
        let mut sprints = Vec::with_capacity(parsed.len());
        for ((slug, file), result) in sprint_files.into_iter().zip(parsed) {
            self.sources[file].release();
            match result {
                Ok((data, warnings)) => {
                    self.diagnostics.extend(warnings);
                    sprints.push(Sprint { slug, file, data });
                }
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
        sprints.sort_by_key(|s| (*s.data.number.get_ref(), s.slug.clone()));
        let (file, config) = config?;
        Some(Team {
            slug: slug.to_string(),
            file,
            config,
            sprints,
        })
    }
}

/// The entries below `root/dir` (to `max_depth`, or all the way down), sorted by name so the
/// output never depends on the file system's order. Unreadable entries and symbolic-link loops
/// become diagnostics instead of being skipped silently.
pub fn walk(
    root: &Path,
    dir: &str,
    max_depth: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<walkdir::DirEntry> {
    let mut walker = WalkDir::new(root.join(dir))
        .min_depth(1)
        .sort_by_file_name();
    if let Some(depth) = max_depth {
        walker = walker.max_depth(depth);
    }
    walker
        .into_iter()
        .filter_map(|entry| {
            entry
                .map_err(|error| diagnostics.push(walk_error(root, &error)))
                .ok()
        })
        .collect()
}

/// Every file below `root/dir` (none when the folder does not exist), as its `/`-separated
/// path relative to `dir` with its contents; dotfiles are skipped.
pub fn read_files(
    root: &Path,
    dir: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walk(root, dir, None, diagnostics) {
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_file() || hidden {
            continue;
        }
        let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path());
        let name = relative.to_string_lossy().replace('\\', "/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push((name, bytes)),
            Err(error) => diagnostics.push(
                Diagnostic::error(format!("cannot read `{dir}/{name}`: {error}"))
                    .in_file(format!("{dir}/{name}")),
            ),
        }
    }
    files
}

/// A URL slug: lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit.
pub fn is_slug(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map_or_else(
        || CONTENT_DIR.to_string(),
        |p| p.strip_prefix(root).unwrap_or(p).display().to_string(),
    );
    let reason = if error.loop_ancestor().is_some() {
        "a symbolic link loops back to a folder above it".to_string()
    } else {
        error
            .io_error()
            .map_or_else(|| error.to_string(), ToString::to_string)
    };
    Diagnostic::error(format!("cannot read `{path}`: {reason}")).in_file(path)
}

/// Turns a toml/serde error into a diagnostic at its span, adding a "did you mean" for
/// misspelt field names and allowed values.
fn toml_error(file: &SourceFile, error: &toml::de::Error, offset: usize) -> Diagnostic {
    let span = error
        .span()
        .map_or(offset..offset, |s| s.start + offset..s.end + offset);
    let mut message = error.message().trim_end().to_string();
    if message == "duplicate key"
        && let Some(key) = file.text.get(span.clone())
    {
        message = format!("duplicate key `{}`", key.trim());
    }
    let hint = suggestion(&message).or_else(|| {
        (message.starts_with("invalid type: string")
            && message.ends_with("expected a TOML datetime"))
        .then(|| "write dates without quotes, such as `start = 2025-10-28`".to_string())
    });
    let diagnostic = Diagnostic::error(message).at(file, span);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" and "unknown variant" messages,
/// the closest allowed name.
fn suggestion(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (typo, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(typo, candidates.iter().copied()).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sprint_file(text: &str) -> SourceFile {
        SourceFile::new("content/t/sprint-01.toml", text)
    }

    const HEADER: &str = "number = 1\ntitle = \"S\"\nstart = 2025-10-27\nend = 2025-11-07\n";

    #[test]
    fn unknown_field_names_line_column_and_suggestion() {
        let text = format!("{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\npionts = 3\n");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        let l = d.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (8, 1));
        assert!(
            d.message.starts_with("unknown field `pionts`"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `points`?"));
    }

    #[test]
    fn type_error_points_at_the_value() {
        let text = HEADER.replace("number = 1", "number = \"one\"");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        let l = d.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (1, 10));
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn unknown_status_lists_the_allowed_values() {
        let text = format!("{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"dne\"\n");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        assert!(
            d.message
                .contains("`todo`, `in-progress`, `done`, `removed`"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `done`?"));
    }

    #[test]
    fn a_date_time_is_not_a_date() {
        let text = HEADER.replace("start = 2025-10-27", "start = 2025-10-27T10:00:00");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        assert!(
            d.message.contains("expected a date such as 2025-10-28"),
            "{}",
            d.message
        );
        assert_eq!(d.location.unwrap().line, 3);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("sprint-04"));
        assert!(!is_slug("Sprint 4"));
        assert!(!is_slug("../x"));
        assert!(!is_slug(""));
    }
}
