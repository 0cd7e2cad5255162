//! `sprintgen check`: everything `build` does, in memory, writing nothing; then every problem
//! in the chosen format.

use super::CheckArgs;
use crate::console::errln;
use crate::console::{self, Failure, Format};
use crate::pipeline::{self, BuildOptions, Discard};

pub(super) fn run(args: CheckArgs) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.site.root.site(),
        as_of: args.site.as_of,
        // Check drafts too: they will be published one day.
        drafts: true,
        // No password needed: an encrypted site is checked with what it leaves out, unsealed.
        unsealed: true,
        ..BuildOptions::default()
    };
    let warnings = match pipeline::generate(&options, &Discard) {
        Ok((generated, _)) => generated.warnings,
        Err(diagnostics) => return Err(Failure::content(diagnostics).in_format(args.format)),
    };
    if args.strict && !warnings.is_empty() {
        return Err(Failure::content(warnings).in_format(args.format));
    }
    console::print(&warnings, args.format);
    if args.format == Format::Human {
        if warnings.is_empty() {
            errln!("no problems found");
        } else {
            errln!("{}", console::summary(&warnings));
        }
    }
    Ok(())
}
