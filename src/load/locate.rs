//! Finding a site and a team in it: the site folder from anywhere below it (as cargo finds
//! `Cargo.toml`), and the team a command means.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::paths::CONFIG_FILE;
use crate::model::{Site, Team};

/// The nearest folder from the working directory upwards that holds `sprintgen.toml`, as a
/// relative path (`.`, `..`, `../..`) so messages stay short. Without one, `.`: loading it then
/// says that it is not a site and how to make one.
pub fn find_site_root() -> PathBuf {
    let Ok(start) = std::env::current_dir() else {
        return PathBuf::from(".");
    };
    site_root_above(&start).unwrap_or_else(|| PathBuf::from("."))
}

/// The site folder at or above `start` (absolute), relative to `start`.
fn site_root_above(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .enumerate()
        .find(|(_, folder)| folder.join(CONFIG_FILE).is_file())
        .map(|(depth, _)| match depth {
            0 => PathBuf::from("."),
            _ => std::iter::repeat_n("..", depth).collect(),
        })
}

/// The team named by `--team`, else the only one, else the one whose folder the command runs
/// in (or below).
pub fn choose_team<'a>(site: &'a Site, slug: Option<&str>) -> Result<&'a Team, Diagnostic> {
    if slug.is_none()
        && site.teams.len() > 1
        && let Some(here) = team_here(site)
    {
        return Ok(here);
    }
    let names = || {
        site.teams
            .iter()
            .map(|t| format!("`{}`", t.slug))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (slug, site.teams.as_slice()) {
        (Some(slug), teams) => teams.iter().find(|t| t.slug == slug).ok_or_else(|| {
            Diagnostic::error(format!("there is no team `{slug}`"))
                .with_hint(format!("the teams are {}", names()))
        }),
        (None, [only]) => Ok(only),
        (None, []) => Err(Diagnostic::error("the site has no team yet")
            .with_hint("create one with `sprintgen new team SLUG --name NAME`")),
        (None, _) => Err(Diagnostic::error("the site has several teams")
            .with_hint(format!("choose one with --team: {}", names()))),
    }
}

/// The team whose folder holds the working directory.
fn team_here(site: &Site) -> Option<&Team> {
    let here = std::env::current_dir().ok()?.canonicalize().ok()?;
    site.teams.iter().find(|team| {
        site.sources[team.file]
            .disk
            .as_deref()
            .and_then(Path::parent)
            .and_then(|folder| folder.canonicalize().ok())
            .is_some_and(|folder| here.starts_with(folder))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_is_the_nearest_folder_above_with_its_configuration() {
        let base = std::env::temp_dir().join(format!("sprintgen-locate-{}", std::process::id()));
        let deep = base.join("site/content/team/notes");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(site_root_above(&deep), None);
        std::fs::write(base.join("site").join(CONFIG_FILE), "title = \"x\"\n").unwrap();
        assert_eq!(site_root_above(&deep), Some(PathBuf::from("../../..")));
        assert_eq!(
            site_root_above(&base.join("site")),
            Some(PathBuf::from("."))
        );
        std::fs::remove_dir_all(base).unwrap();
    }
}
