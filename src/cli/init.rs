//! `sprintgen init`: a new site.

use super::InitArgs;
use crate::model::Date;
use crate::report::Failure;
use crate::report::errln;
use crate::scaffold;

pub(super) fn run(args: InitArgs) -> Result<(), Failure> {
    let done = scaffold::init(&args.dir, args.force, Date::today()).map_err(Failure::usage)?;
    for path in &done.written {
        errln!("created {}", path.display());
    }
    if !done.ignore_added.is_empty() {
        errln!(
            "added to {}: {}",
            args.dir.join(".gitignore").display(),
            done.ignore_added.join(" ")
        );
    }
    errln!("next: cd {} && sprintgen serve --open", args.dir.display());
    Ok(())
}
