//! `sprintgen import`: a tracker's exports into sprint files, then the report.

use super::ImportArgs;
use super::edit::lock_site;
use crate::console::{self, Failure, Format};
use crate::console::{out, outln};
use crate::import::{self, Options};

pub(super) fn run(args: ImportArgs) -> Result<(), Failure> {
    let options = Options {
        root: args.root.site(),
        tracker: args.tracker,
        files: args.files,
        team: args.team,
        status_map: args.status_map,
        points_field: args.points_field,
        tz: args.tz,
        update: args.update,
        dry_run: args.dry_run,
        sync: false,
    };
    let _lock = (!options.dry_run)
        .then(|| lock_site(&options.root))
        .transpose()?;
    let outcome = import::import(&options)?;
    if options.dry_run {
        for file in &outcome.files {
            let verb = if file.existed { "update" } else { "create" };
            outln!("--- would {verb} {}\n{}", file.path, file.text);
        }
    }
    out!("{}", outcome.report);
    console::print(&outcome.warnings, Format::Human);
    Ok(())
}
