//! sprintgen: a static site generator for sprint reports.
//!
//! The build is a one-way pipeline, one module per step:
//! [`cli`] → [`site`] → [`load`] → [`model`] → [`validate`] → [`metrics`] → [`charts`] →
//! [`render`] → [`output`].

pub mod charts;
pub mod cli;
pub mod diagnostics;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod links;
pub mod load;
pub mod markdown;
pub mod metrics;
pub mod model;
pub mod output;
pub mod pages;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod validate;
