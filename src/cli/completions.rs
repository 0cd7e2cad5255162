//! `sprintgen completions SHELL`: the completion script of a shell, on stdout.

use clap::CommandFactory;

use super::{Cli, CompletionsArgs};
use crate::console::{Failure, out};

pub(super) fn run(args: CompletionsArgs) -> Result<(), Failure> {
    // Into memory first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "sprintgen", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    Ok(())
}
