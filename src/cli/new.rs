//! `sprintgen new sprint`: the next sprint file of a team.

use super::{NewSprintArgs, choose_team};
use crate::load;
use crate::report::Failure;
use crate::scaffold;

pub(super) fn sprint(args: NewSprintArgs) -> Result<(), Failure> {
    let (site, _) = load::load_site(&args.root).map_err(Failure::content)?;
    let (_, team) = choose_team(&site, args.team.as_deref()).map_err(Failure::usage)?;
    let path = scaffold::new_sprint(&args.root, &site, team).map_err(Failure::usage)?;
    println!("{}", path.display());
    Ok(())
}
