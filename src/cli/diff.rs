//! `sprintgen diff BASE_DIR`: what the data in this site changes in the figures of another
//! copy of it (a pull request against its base branch), as Markdown on stdout.

use super::DiffArgs;
use crate::analysis::{self, Request};
use crate::console::{self, Failure, Format};
use crate::console::{errln, outln};
use crate::outputs::{Changes, Document, WITHHELD_REPORT};
use crate::pipeline::{self, BuildOptions};

pub(super) fn run(args: DiffArgs) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.site.root.site(),
        as_of: args.site.as_of,
        ..BuildOptions::default()
    };
    let (head, warnings) = pipeline::prepare(&options).map_err(Failure::content)?;
    console::print(&warnings, Format::Human);
    if args.plaintext.withheld(&head) {
        outln!("{WITHHELD_REPORT}");
        return Ok(());
    }
    let base_request = Request {
        as_of: Some(head.analysis.days.as_of),
        ..Request::new(&args.base)
    };
    let (base, _) = analysis::analyse(&base_request).map_err(|diagnostics| {
        errln!("the base site in `{}` does not build:", args.base.display());
        Failure::content(diagnostics)
    })?;
    let changes = Changes {
        base: &base,
        base_name: &args.base.display().to_string(),
    };
    let text = changes
        .render(&head.context())
        .map_err(|d| Failure::content(vec![d]))?;
    outln!("{}", text.trim_end());
    Ok(())
}
