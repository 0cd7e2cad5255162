//! `sprintgen build`: the site into its output folder, with a summary line (and per-phase
//! timings with `-v`).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use indicatif::HumanCount;

use super::progress::ProgressBar;
use super::{BuildArgs, secret_from_environment};
use crate::console::errln;
use crate::console::{self, Failure, Format};
use crate::pipeline::{self, BuildOptions};

/// Says why the build does not start yet: another build holds the output's lock.
fn waiting(lock: &Path) {
    errln!(
        "waiting for another sprintgen build into the same folder to finish (it holds `{}`)",
        lock.display()
    );
}

pub(super) fn run(args: BuildArgs) -> Result<(), Failure> {
    let progress_bar = (!args.quiet && std::io::stderr().is_terminal()).then(ProgressBar::start);
    let options = BuildOptions {
        root: args.site.root.site(),
        output: args.output,
        base_url: args.base_url,
        as_of: args.site.as_of,
        drafts: args.drafts,
        progress: progress_bar.as_ref().map(|bar| Arc::clone(&bar.progress)),
        on_wait: Some(waiting),
        encrypt: args.encryption.choice(),
        secret: secret_from_environment()?,
        unsealed: false,
    };
    let result = pipeline::build(&options);
    drop(progress_bar);
    let built = result?;
    let generated = &built.generated;
    if !args.quiet {
        console::print(&generated.warnings, Format::Human);
    }
    if args.verbose {
        for (phase, time) in &generated.timings {
            let indent = if phase.is_part() { "  " } else { "" };
            let name = format!("{indent}{}", phase.name());
            errln!("{name:<28} {:>9.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
    if !args.quiet {
        errln!(
            "built {} sprint pages, {} charts, as of {} into {} in {:.2} s",
            HumanCount(generated.sprint_pages as u64),
            HumanCount(generated.charts as u64),
            generated.as_of,
            built.output.display(),
            generated.total_time().as_secs_f64()
        );
    }
    Ok(())
}
