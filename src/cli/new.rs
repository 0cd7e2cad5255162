//! `sprintgen new sprint`: the next sprint file of a team.

use super::NewSprintArgs;
use crate::diagnostics::Diagnostic;
use crate::load;
use crate::model::{Site, Team};
use crate::report::Failure;
use crate::report::outln;
use crate::scaffold;

pub(super) fn sprint(args: NewSprintArgs) -> Result<(), Failure> {
    let (site, _) = load::load_site(&args.root).map_err(Failure::content)?;
    let team = choose_team(&site, args.team.as_deref()).map_err(Failure::usage)?;
    let path = scaffold::new_sprint(&args.root, &site, team).map_err(Failure::usage)?;
    outln!("{}", path.display());
    Ok(())
}

/// The team named by `--team`, or the only one.
fn choose_team<'a>(site: &'a Site, slug: Option<&str>) -> Result<&'a Team, Diagnostic> {
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
            .with_hint("create `content/<team>/team.toml` first")),
        (None, _) => Err(Diagnostic::error("the site has several teams")
            .with_hint(format!("choose one with --team: {}", names()))),
    }
}
