//! What the edit commands (`item …`, `standup`) share: the sprint and day they change, and how
//! a change is shown (`--dry-run`) or written, then summed up in one line.

use super::EditArgs;
use crate::console::{self, Failure, Format};
use crate::console::{errln, out, outln};
use crate::edit::{self, Change, Target};

/// Prepares `change` to the sprint `args` name; prints its diff (`--dry-run`) or writes it,
/// then the summary line.
pub(super) fn apply(args: EditArgs, change: Change) -> Result<(), Failure> {
    let root = args.root.site();
    let target = Target {
        team: args.team,
        sprint: args.sprint,
        on: args.on,
        force: args.force,
    };
    let edit = edit::prepare(&root, &target, &change)?;
    console::print(&edit.warnings, Format::Human);
    if args.dry_run {
        out!("{}", edit.diff());
        outln!("{}", edit.summary);
        errln!("dry run: `{}` was not changed", edit.path);
        return Ok(());
    }
    edit.write().map_err(Failure::usage)?;
    outln!("{}", edit.summary);
    Ok(())
}
