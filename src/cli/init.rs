//! `sprintgen init`: a new site.

use super::InitArgs;
use crate::model::Date;
use crate::report::Failure;
use crate::report::errln;
use crate::scaffold;

pub(super) fn run(args: InitArgs) -> Result<(), Failure> {
    let written = scaffold::init(&args.dir, args.force, Date::today()).map_err(Failure::usage)?;
    for path in &written {
        errln!("created {}", path.display());
    }
    errln!("next: cd {} && sprintgen serve --open", args.dir.display());
    Ok(())
}
