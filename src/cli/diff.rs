//! `sprintgen diff BASE_DIR`: what the data in this site changes in the figures of another
//! copy of it (a pull request against its base branch), as Markdown on stdout.

use super::DiffArgs;
use crate::pipeline::{self, BuildOptions};
use crate::report::{self, Failure, Format};
use crate::report::{errln, outln};

pub(super) fn run(args: DiffArgs) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.site.root.site(),
        as_of: args.site.as_of,
        ..BuildOptions::default()
    };
    let (head, warnings) = pipeline::prepare(&options).map_err(Failure::content)?;
    report::print(&warnings, Format::Human);
    // Both as of the same day, so that only the data makes a difference.
    let base_options = BuildOptions {
        root: args.base.clone(),
        as_of: Some(head.as_of),
        ..BuildOptions::default()
    };
    let (base, _) = pipeline::prepare(&base_options).map_err(|diagnostics| {
        errln!("the base site in `{}` does not build:", args.base.display());
        Failure::content(diagnostics)
    })?;
    let text = head
        .changes_since(&base, &args.base.display().to_string())
        .map_err(|d| Failure::content(vec![d]))?;
    outln!("{}", text.trim_end());
    Ok(())
}
