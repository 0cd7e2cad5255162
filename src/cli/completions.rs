//! `sprintgen completions SHELL`: the completion script of a shell, on stdout.

use clap::CommandFactory;

use super::{Cli, CompletionsArgs};
use crate::report::Failure;

pub(super) fn run(args: CompletionsArgs) -> Result<(), Failure> {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "sprintgen",
        &mut std::io::stdout(),
    );
    Ok(())
}
