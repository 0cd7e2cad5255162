//! `sprintgen import`: a tracker's exports into sprint files, then the report.

use super::ImportArgs;
use super::edit::lock_site;
use crate::import::{self, Options};
use crate::report::{self, Failure, Format};
use crate::report::{out, outln};

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
    report::print(&outcome.warnings, Format::Human);
    Ok(())
}
