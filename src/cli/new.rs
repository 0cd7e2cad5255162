//! `sprintgen new sprint` and `sprintgen new team`: a team's next sprint file, or a new team.

use super::edit::lock_site;
use super::{NewSprintArgs, NewTeamArgs};
use crate::analysis::{self, Request};
use crate::console::Failure;
use crate::console::errln;
use crate::console::outln;
use crate::load;
use crate::model::paths::SCHEMA_DIR;
use crate::scaffold;

pub(super) fn sprint(args: NewSprintArgs) -> Result<(), Failure> {
    let root = args.root.site();
    let _lock = lock_site(&root)?;
    let (analysis, _) = analysis::analyse(&Request::new(&root)).map_err(Failure::content)?;
    let site = &analysis.site;
    let team = load::choose_team(site, args.team.as_deref()).map_err(Failure::usage)?;
    let path = scaffold::new_sprint(&root, site, team).map_err(Failure::usage)?;
    outln!("{}", path.display());
    schema_note(&root);
    Ok(())
}

pub(super) fn team(args: NewTeamArgs) -> Result<(), Failure> {
    let root = args.root.site();
    let _lock = lock_site(&root)?;
    let (analysis, _) = analysis::analyse(&Request::new(&root)).map_err(Failure::content)?;
    let today = analysis.days.as_of;
    let written = scaffold::new_team(&root, &analysis.site, &args.slug, &args.name, today)
        .map_err(Failure::usage)?;
    for path in &written {
        outln!("{}", path.display());
    }
    schema_note(&root);
    Ok(())
}

/// New files name their schema in a `#:schema` line: say how to write it when it is missing.
fn schema_note(root: &std::path::Path) {
    if !root.join(SCHEMA_DIR).is_dir() {
        errln!(
            "note: run `sprintgen schema --write` so that editors find the schema the new files name"
        );
    }
}
