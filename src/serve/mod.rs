//! `sprintgen serve`: builds the site in memory, serves it on localhost, rebuilds when the
//! sources change and makes open pages reload.
//!
//! This module keeps HTTP, watching and the served state; the build (full or incremental) is
//! the build module's. Pages are served from the in-memory build, never from the disk, so no
//! request can reach a file outside the site. A failed first build stops the command (there is
//! nothing to serve); a failed rebuild keeps the last good site and shows the diagnostics over
//! every page until the sources are fixed.

mod http;
mod server;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::channel;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use notify::{RecursiveMode, Watcher};

use server::AllowedHosts;
pub use server::Limits;

use crate::console::errln;
use crate::console::{self, Failure, Format};
use crate::diagnostics::{Diagnostic, io_words};
use crate::model::paths::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::pipeline::{self, BuildOptions, Files, Memory, Prepared};

/// Where open pages poll for the version counter.
const VERSION_PATH: &str = "/__sprintgen/version";

/// What the server shows: the last good site, the current errors, and a version that changes
/// on every rebuild so that open pages know to reload.
#[derive(Default)]
struct State {
    files: Files,
    errors: Option<String>,
    version: u64,
}

type Shared = Arc<RwLock<State>>;

/// A running server.
pub struct Running {
    pub address: SocketAddr,
    state: Shared,
    _watcher: notify::RecommendedWatcher,
}

impl Running {
    /// The rebuild counter (for tests and the log).
    pub fn version(&self) -> u64 {
        self.state.read().map_or(0, |s| s.version)
    }
}

/// Builds the site, binds `address` and starts serving and watching in the background. When
/// the first build fails there is no good site to serve: that fails with its errors.
pub fn start(options: BuildOptions, address: &str) -> Result<Running, Failure> {
    start_with(options, address, Limits::default())
}

/// [`start`], with the server's limits chosen (tests use small ones).
pub fn start_with(
    mut options: BuildOptions,
    address: &str,
    limits: Limits,
) -> Result<Running, Failure> {
    // The watcher reports absolute paths: compare them with an absolute root.
    options.root = pipeline::absolute(&options.root);
    let listener =
        TcpListener::bind(address).map_err(|e| Failure::usage(cannot_listen(address, &e)))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::usage(cannot_listen(address, &e)))?;
    let state: Shared = Arc::default();
    let prepared = first_build(&options, &state)?;
    let prepared = Some(prepared);

    let (sender, events) = channel();
    let mut watcher = notify::recommended_watcher(sender)
        .map_err(|e| Failure::usage(Diagnostic::error(format!("cannot watch the sources: {e}"))))?;
    let watch = |watcher: &mut notify::RecommendedWatcher, path: &std::path::Path, mode| {
        watcher.watch(path, mode).map_err(|e| {
            Failure::usage(Diagnostic::error(format!(
                "cannot watch `{}`: {e}",
                path.display()
            )))
        })
    };
    watch(&mut watcher, &options.root, RecursiveMode::NonRecursive)?;
    for dir in [CONTENT_DIR, TEMPLATES_DIR, THEMES_DIR, STATIC_DIR] {
        let path = options.root.join(dir);
        if path.is_dir() {
            watch(&mut watcher, &path, RecursiveMode::Recursive)?;
        }
    }

    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || watch::watch_loop(&options, &rebuild_state, &events, prepared));
    let hosts = AllowedHosts::new(bound.ip(), address);
    server::spawn(listener, Arc::clone(&state), hosts, limits);
    Ok(Running {
        address: bound,
        state,
        _watcher: watcher,
    })
}

/// Why the server could not bind, with a hint when another program holds the port.
fn cannot_listen(address: &str, error: &std::io::Error) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("cannot listen on {address}: {}", io_words(error)));
    if error.kind() == std::io::ErrorKind::AddrInUse {
        diagnostic.with_hint("another program may use the port; try --port")
    } else {
        diagnostic
    }
}

/// The first build, into memory: the site to serve, or the errors that leave nothing to serve.
fn first_build(options: &BuildOptions, state: &Shared) -> Result<Prepared, Failure> {
    let clock = Instant::now();
    let sink = Memory::default();
    let (generated, prepared) = pipeline::generate(options, &sink).map_err(|diagnostics| {
        Failure::content(diagnostics).with_summary("; there is no site to serve")
    })?;
    console::print(&generated.warnings, Format::Human);
    errln!("built in {} ms", clock.elapsed().as_millis());
    if let Ok(mut state) = state.write() {
        state.version += 1;
        state.files = sink.into_files();
    }
    Ok(prepared)
}

/// Builds the whole site into memory; returns the prepared site for incremental updates.
fn rebuild(options: &BuildOptions, state: &Shared) -> Option<Prepared> {
    let clock = Instant::now();
    let sink = Memory::default();
    let result = pipeline::generate(options, &sink);
    let Ok(mut state) = state.write() else {
        return None;
    };
    state.version += 1;
    match result {
        Ok((generated, prepared)) => {
            console::print(&generated.warnings, Format::Human);
            errln!("rebuilt in {} ms", clock.elapsed().as_millis());
            state.files = sink.into_files();
            state.errors = None;
            Some(prepared)
        }
        Err(diagnostics) => {
            show_errors(&mut state, &diagnostics);
            None
        }
    }
}

/// Prints the errors and puts them over every page.
fn show_errors(state: &mut State, diagnostics: &[Diagnostic]) {
    console::print(diagnostics, Format::Human);
    errln!("the build failed; still serving the last good site");
    state.errors = Some(
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// Opens `url` in the desktop's browser, best effort.
pub fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(command).arg(url).spawn() {
        errln!("could not open a browser ({command}: {error}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Error, ErrorKind};

    #[test]
    fn a_port_in_use_gets_a_hint_and_other_bind_errors_none() {
        let in_use = super::cannot_listen("127.0.0.1:1111", &Error::from(ErrorKind::AddrInUse));
        assert_eq!(
            in_use.to_string(),
            "error: cannot listen on 127.0.0.1:1111: the address is already in use\n  = help: another program may use the port; try --port\n"
        );
        let denied =
            super::cannot_listen("127.0.0.1:80", &Error::from(ErrorKind::PermissionDenied));
        assert_eq!(
            denied.to_string(),
            "error: cannot listen on 127.0.0.1:80: permission denied\n"
        );
    }
}
