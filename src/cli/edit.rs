//! What the edit commands (`item …`, `standup`) share: the sprint and day they change, and how
//! a change is shown (`--dry-run`) or written, then summed up in one line; and the site's edit
//! lock, which every command that writes the site's files (`item`, `standup`, `fmt`,
//! `import`, `new`, `schema --write`) takes before it reads them.

use std::path::Path;

use super::EditArgs;
use crate::console::{self, Failure, Format};
use crate::console::{errln, out, outln};
use crate::diagnostics::{Diagnostic, io_words};
use crate::edit::{self, Change, Target};
use crate::files::EditLock;
use crate::model::paths::CONFIG_FILE;

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
    let _lock = (!args.dry_run).then(|| lock_site(&root)).transpose()?;
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

/// Takes the edit lock of the site at `root` (see [`EditLock`]), waiting for a command that
/// holds it, and says which leftovers of killed commands it removed. A folder that is not a
/// site gets no lock: the command then says what is wrong with it, as it loads the site.
pub(super) fn lock_site(root: &Path) -> Result<Option<EditLock>, Failure> {
    if !root.join(CONFIG_FILE).is_file() {
        return Ok(None);
    }
    let lock = EditLock::acquire(root, |path| {
        errln!(
            "waiting for another sprintgen command changing this site's files to finish (it holds `{}`)",
            path.display()
        );
    })
    .map_err(|e| {
        Failure::usage(
            Diagnostic::error(format!(
                "cannot lock the site in `{}` for editing: {}",
                root.display(),
                io_words(&e)
            ))
            .with_hint("nothing was written"),
        )
    })?;
    for path in &lock.removed {
        errln!("removed `{path}`, the temporary file of an interrupted sprintgen command");
    }
    Ok(Some(lock))
}
