//! Files given in memory rather than read from disk: what an edit or an import would write,
//! taken into a loaded site in place of the disk's copy (or beside the site's files, for a new
//! one), and parsed as loading parses them, so that the front half checks and computes the
//! site as it would be once they are written.

use super::{Loaded, parse_sprint};
use crate::diagnostics::Diagnostic;
use crate::model::paths::{CONTENT_DIR, TEAM_FILE};
use crate::model::{Site, SourceFile, Sprint, Team, TeamConfig};

/// A file's path in the site (`content/<team>/sprint-NN.toml` or `content/<team>/team.toml`)
/// and its new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileText {
    pub path: String,
    pub text: String,
}

/// What a file given in memory is, by its path.
enum Kind<'a> {
    Team { slug: &'a str },
    Sprint { slug: &'a str, stem: &'a str },
}

fn kind(path: &str) -> Option<Kind<'_>> {
    let rest = path.strip_prefix(CONTENT_DIR)?.strip_prefix('/')?;
    let (slug, name) = rest.split_once('/')?;
    if name == TEAM_FILE {
        return Some(Kind::Team { slug });
    }
    let stem = name.strip_suffix(".toml")?;
    stem.to_ascii_lowercase()
        .starts_with("sprint")
        .then_some(Kind::Sprint { slug, stem })
}

impl Loaded {
    /// Takes `file` into the site in place of the file of the same path, or beside the others:
    /// its problems join those of loading. Its text stays in memory, so messages quote it.
    pub fn take_in(&mut self, file: &FileText) {
        let Some(site) = &mut self.site else {
            return;
        };
        let problems = match kind(&file.path) {
            Some(Kind::Team { slug }) => take_in_team(site, slug, file),
            Some(Kind::Sprint { slug, stem }) => take_in_sprint(site, slug, stem, file),
            None => vec![Diagnostic::error(format!(
                "`{}` is not a team's `{TEAM_FILE}` or a sprint file",
                file.path
            ))],
        };
        self.diagnostics.extend(problems);
    }
}

/// The source of `file`: the site's own when it has that path (its text replaced), else a
/// new one. Returns its id.
fn source_of(site: &mut Site, file: &FileText) -> usize {
    let source = SourceFile::new(file.path.clone(), file.text.clone());
    match site.sources.iter().position(|s| s.path == file.path) {
        Some(id) => {
            site.sources[id] = source;
            id
        }
        None => {
            site.sources.push(source);
            site.sources.len() - 1
        }
    }
}

fn take_in_team(site: &mut Site, slug: &str, file: &FileText) -> Vec<Diagnostic> {
    let id = source_of(site, file);
    let config: TeamConfig = match super::parse_document(&site.sources[id]) {
        Ok(config) => config,
        Err(errors) => return errors,
    };
    match site.teams.iter_mut().find(|t| t.slug == slug) {
        Some(team) => {
            team.file = id;
            team.config = config;
        }
        None => {
            site.teams.push(Team {
                slug: slug.to_string(),
                file: id,
                config,
                sprints: Vec::new(),
            });
            site.teams.sort_by(|a, b| a.slug.cmp(&b.slug));
        }
    }
    super::text_warnings(&site.sources[id])
}

fn take_in_sprint(site: &mut Site, slug: &str, stem: &str, file: &FileText) -> Vec<Diagnostic> {
    if !site.teams.iter().any(|t| t.slug == slug) {
        return vec![
            Diagnostic::error(format!(
                "the team folder `{CONTENT_DIR}/{slug}` has no `{TEAM_FILE}`"
            ))
            .in_file(file.path.clone()),
        ];
    }
    let id = source_of(site, file);
    let (data, warnings) = match parse_sprint(&site.sources[id]) {
        Ok(parsed) => parsed,
        Err(errors) => return errors,
    };
    let team = site
        .teams
        .iter_mut()
        .find(|t| t.slug == slug)
        .expect("the team is there: checked above");
    team.sprints.retain(|s| s.file != id);
    team.sprints.push(Sprint {
        slug: stem.to_string(),
        file: id,
        data,
    });
    team.sprints
        .sort_by_key(|s| (*s.data.number.get_ref(), s.slug.clone()));
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &std::path::Path) -> Loaded {
        std::fs::create_dir_all(dir.join("content/a")).unwrap();
        std::fs::write(dir.join("sprintgen.toml"), "title = \"T\"\n").unwrap();
        std::fs::write(dir.join("content/a/team.toml"), "name = \"A\"\n").unwrap();
        std::fs::write(
            dir.join("content/a/sprint-02.toml"),
            "number = 2\ntitle = \"Two\"\nstart = 2025-11-17\nend = 2025-11-28\n",
        )
        .unwrap();
        super::super::load(dir)
    }

    fn file(path: &str, text: &str) -> FileText {
        FileText {
            path: path.into(),
            text: text.into(),
        }
    }

    /// A file of the same path replaces the disk's; a new one joins its team, in number order;
    /// a new team joins in folder order; the texts stay in memory for the messages.
    #[test]
    fn files_in_memory_replace_or_join_the_sites_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut loaded = site(dir.path());
        loaded.take_in(&file(
            "content/a/sprint-02.toml",
            "number = 2\ntitle = \"Renamed\"\nstart = 2025-11-17\nend = 2025-11-28\n",
        ));
        loaded.take_in(&file(
            "content/a/sprint-01.toml",
            "number = 1\ntitle = \"One\"\nstart = 2025-11-03\nend = 2025-11-14\n",
        ));
        loaded.take_in(&file("content/0-new/team.toml", "name = \"New\"\n"));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let site = loaded.site.as_ref().unwrap();
        let teams: Vec<&str> = site.teams.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(teams, ["0-new", "a"]);
        let sprints: Vec<&str> = site.teams[1]
            .sprints
            .iter()
            .map(|s| s.data.title.as_str())
            .collect();
        assert_eq!(sprints, ["One", "Renamed"]);
        let renamed = &site.sources[site.teams[1].sprints[1].file];
        assert!(renamed.disk.is_none() && renamed.text.contains("Renamed"));
    }

    /// A file that does not parse, a sprint of a team that has no `team.toml`, and a path that
    /// is neither kind of file are reported.
    #[test]
    fn what_cannot_be_taken_in_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut loaded = site(dir.path());
        loaded.take_in(&file("content/a/sprint-02.toml", "number = \n"));
        loaded.take_in(&file("content/b/sprint-01.toml", "number = 1\n"));
        loaded.take_in(&file("content/a/notes.txt", ""));
        let mut messages: Vec<(Option<&str>, bool)> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.path.as_deref(), d.is_error()))
            .collect();
        // A syntax error and the required keys it leaves missing.
        messages.dedup();
        assert_eq!(
            messages,
            [
                (Some("content/a/sprint-02.toml"), true),
                (Some("content/b/sprint-01.toml"), true),
                (None, true),
            ]
        );
    }
}
