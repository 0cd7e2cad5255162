//! `sprintgen fmt [--check]`: the site's TOML files in canonical form, or (`--check`) the diff
//! of the files that are not, failing like `cargo fmt --check`.

use super::FmtArgs;
use super::edit::lock_site;
use crate::console::Failure;
use crate::console::{errln, out};
use crate::diagnostics::Diagnostic;
use crate::edit::{self, fmt};

pub(super) fn run(args: FmtArgs) -> Result<(), Failure> {
    let root = args.root.site();
    let _lock = (!args.check).then(|| lock_site(&root)).transpose()?;
    let formatted = fmt::site(&root).map_err(Failure::content)?;
    if args.check {
        for file in &formatted {
            out!("{}", edit::diff(&file.path, &file.before, &file.after));
        }
        if formatted.is_empty() {
            return Ok(());
        }
        let count = formatted.len();
        let files = if count == 1 { "file is" } else { "files are" };
        return Err(Failure::content(vec![
            Diagnostic::error(format!("{count} {files} not in canonical form"))
                .with_hint("`sprintgen fmt` formats them"),
        ])
        .with_summary(""));
    }
    fmt::write(&root, &formatted).map_err(Failure::usage)?;
    for file in &formatted {
        errln!("formatted {}", file.path);
    }
    Ok(())
}
