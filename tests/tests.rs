//! sprintgen's integration tests, in one crate (as ripgrep's `tests/tests.rs`): one binary to
//! link, and each module a part of the product used as users use it. Run one part with
//! `cargo test --test integration MODULE::` (e.g. `cli::`).

mod common;

mod action;
mod architecture;
mod as_of;
mod cli;
mod edit;
mod editing_safety;
mod example_site;
mod exports;
mod fixtures;
mod fuzz_regressions;
mod import;
mod inputs;
mod notify;
mod output_safety;
mod previews;
mod private;
mod reports;
mod schema;
mod serve;
mod sync;
mod themes;
mod workflow;
