use std::process::ExitCode;

use clap::Parser;

/// Building a site allocates millions of small strings and maps on every thread; mimalloc's
/// thread-local heaps spend a third of the time glibc's allocator does on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sprintgen::cli::run(sprintgen::cli::Cli::parse())
}
