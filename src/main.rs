use std::process::ExitCode;

use clap::Parser;

/// Building a site allocates millions of small strings and maps on every thread: with glibc's
/// allocator a fifth of the build's CPU time went to malloc and free, and mimalloc took the
/// 10,000-sprint benchmark from 5.3 s to 4.6 s. Built without transparent huge pages
/// (`no_thp`), which kept 2 MiB pages resident for small heaps: 218 → 188 MB peak.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The one place that prints a command's failure and picks the exit code: 0 success, 1 content
/// errors, 2 usage errors (clap exits with 2 on bad arguments before this).
fn main() -> ExitCode {
    match sprintgen::cli::run(sprintgen::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.print();
            ExitCode::from(failure.exit_code())
        }
    }
}
