//! sprintgen: a static site generator for sprint reports.
//!
//! The build is a one-way pipeline, one module per step:
//! [`cli`] → [`site`] → [`load`] → [`model`] → [`validate`] → [`metrics`] → [`charts`] →
//! [`render`] → [`output`].

pub mod diagnostics;
pub mod load;
pub mod metrics;
pub mod model;
