use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    sprintgen::cli::run(sprintgen::cli::Cli::parse())
}
