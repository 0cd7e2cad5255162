//! sprintgen: a static site generator for sprint reports.
//!
//! The build is a one-way pipeline (ARCHITECTURE.md draws it): [`cli`] → `pipeline` → `load` →
//! `model` → `validate` → `metrics` → `views` (with `charts`) → `render` → the output, with
//! `export` and `publish` writing the other files, `serve`, `scaffold`, `import`, `sync` and
//! `edit` serving the other commands (`edit` changes sprint files in place, `sync` reads the
//! trackers' APIs), `schema` deriving the
//! editors' JSON Schemas from `model`, and `report` printing every problem. Modules only import from modules below them
//! in that order (`tests/architecture.rs` checks it); `model` and `diagnostics` are the leaves.
//!
//! The library exists for the binary, the tests, the examples and the fuzz target: what they
//! need is re-exported here, and everything else stays private.

mod analysis;
mod charts;
pub mod cli;
mod console;
mod diagnostics;
mod edit;
mod encryption;
mod export;
mod files;
#[doc(hidden)]
pub mod fuzzing;
mod import;
mod load;
mod markdown;
mod metrics;
mod model;
mod notify;
mod outputs;
mod pipeline;
mod publish;
mod render;
mod scaffold;
mod schema;
mod serve;
pub mod sync;
mod validate;
mod views;

pub use console::Failure;
pub use metrics::forecast::SplitMix64;
pub use pipeline::{BuildOptions, Built, Generated, build};
pub use serve::{Limits as ServeLimits, Running, start as serve, start_with as serve_with};
