//! `sprintgen serve`: builds the site in memory, serves it on localhost, rebuilds when the
//! sources change and makes open pages reload.
//!
//! Pages are served from the in-memory build, never from the disk, so no request can reach a
//! file outside the site. A failed rebuild keeps the last good site and shows the diagnostics
//! over every page until the sources are fixed.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::charts::escape;
use crate::cli::{Format, print_diagnostics};
use crate::diagnostics::Diagnostic;
use crate::load::parse_document;
use crate::load::{CONFIG_FILE, CONTENT_DIR};
use crate::model::SprintFile;
use crate::output::Files;
use crate::output::Memory;
use crate::site::{BuildOptions, Job, Prepared, generate_prepared};

/// How long the sources must be quiet before a rebuild: editors save in several steps.
const DEBOUNCE: Duration = Duration::from_millis(15);
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

/// Builds the site, binds `address` and starts serving and watching in the background.
pub fn start(mut options: BuildOptions, address: &str) -> Result<Running, String> {
    // The watcher reports absolute paths: compare them with an absolute root.
    options.root = crate::output::absolute(&options.root);
    let server =
        tiny_http::Server::http(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| format!("cannot listen on {address}: not an IP address"))?;
    let state: Shared = Arc::default();
    let prepared = rebuild(&options, &state);

    let (sender, events) = channel();
    let mut watcher = notify::recommended_watcher(sender)
        .map_err(|e| format!("cannot watch the sources: {e}"))?;
    watcher
        .watch(&options.root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch `{}`: {e}", options.root.display()))?;
    for dir in [CONTENT_DIR, "templates", "themes", "static"] {
        let path = options.root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch `{}`: {e}", path.display()))?;
        }
    }

    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || watch_loop(&options, &rebuild_state, &events, prepared));
    let serve_state = Arc::clone(&state);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let state = Arc::clone(&serve_state);
            std::thread::spawn(move || respond(request, &state));
        }
    });
    Ok(Running {
        address: bound,
        state,
        _watcher: watcher,
    })
}

/// Builds the whole site into memory; returns the prepared site for incremental updates.
fn rebuild(options: &BuildOptions, state: &Shared) -> Option<Prepared> {
    let clock = Instant::now();
    let sink = Memory::default();
    let result = crate::load::load_site(&options.root)
        .and_then(|(site, warnings)| generate_prepared(site, warnings, options, &sink));
    let Ok(mut state) = state.write() else {
        return None;
    };
    state.version += 1;
    match result {
        Ok((generated, prepared)) => {
            print_diagnostics(&generated.warnings, Format::Human);
            eprintln!("rebuilt in {} ms", clock.elapsed().as_millis());
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

fn show_errors(state: &mut State, diagnostics: &[Diagnostic]) {
    print_diagnostics(diagnostics, Format::Human);
    eprintln!("the build failed; still serving the last good site");
    state.errors = Some(
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// What an incremental update achieved.
enum Update {
    /// The changed pages are served.
    Done,
    /// The change needs a full rebuild (a new file, a renamed sprint, a template…).
    NeedsRebuild,
    /// The edited file is broken: the errors are shown; the next change rebuilds everything.
    Broken,
}

/// Re-renders what an edit to existing sprint files touches: first the edited sprint pages
/// (served at once), then the team's other pages, the index, the JSON export and the feed.
fn update_sprints(
    prepared: &mut Prepared,
    changed: &BTreeSet<PathBuf>,
    options: &BuildOptions,
    state: &Shared,
) -> Update {
    let clock = Instant::now();
    let mut touched: Vec<(usize, usize)> = Vec::new();
    let mut placeholder_warnings = Vec::new();
    for path in changed {
        let relative = path
            .strip_prefix(&options.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let found = prepared
            .site
            .teams
            .iter()
            .enumerate()
            .find_map(|(t, team)| {
                team.sprints
                    .iter()
                    .position(|s| prepared.site.sources[s.file].path == relative)
                    .map(|i| (t, i))
            });
        let Some((t, i)) = found else {
            return Update::NeedsRebuild;
        };
        let Ok(text) = std::fs::read_to_string(path) else {
            return Update::NeedsRebuild;
        };
        let file = prepared.site.teams[t].sprints[i].file;
        let source = &mut prepared.site.sources[file];
        source.text = text;
        let parsed: Result<SprintFile, _> = parse_document(source);
        if parsed.is_ok() {
            placeholder_warnings.extend(crate::validate::placeholders(source));
        }
        source.release();
        let data = match parsed {
            Ok(data) => data,
            Err(diagnostic) => {
                if let Ok(mut state) = state.write() {
                    state.version += 1;
                    show_errors(&mut state, &[diagnostic]);
                }
                return Update::Broken;
            }
        };
        if data.number.get_ref() != prepared.site.teams[t].sprints[i].data.number.get_ref() {
            return Update::NeedsRebuild;
        }
        prepared.site.teams[t].sprints[i].data = data;
        touched.push((t, i));
    }
    let teams: BTreeSet<usize> = touched.iter().map(|(t, _)| *t).collect();
    let mut problems = placeholder_warnings;
    for &t in &teams {
        problems.extend(crate::validate::validate_one_team(
            &prepared.site,
            &prepared.site.teams[t],
            prepared.as_of,
        ));
    }
    if problems.iter().any(Diagnostic::is_error) {
        crate::diagnostics::sort(&mut problems);
        if let Ok(mut state) = state.write() {
            state.version += 1;
            show_errors(&mut state, &problems);
        }
        return Update::Broken;
    }
    print_diagnostics(&problems, Format::Human);
    for &t in &teams {
        prepared.refresh_team(t);
    }

    // First the edited pages, then everything else they feed.
    let first: Vec<Job> = touched.iter().map(|&(t, i)| Job::Sprint(t, i)).collect();
    let mut rest: Vec<Job> = vec![Job::Index];
    for &t in &teams {
        rest.push(Job::Team(t));
        rest.extend(
            (0..prepared.site.teams[t].sprints.len())
                .map(|i| Job::Sprint(t, i))
                .filter(|job| !first.contains(job)),
        );
    }
    for (jobs, label) in [(first, "the edited sprint"), (rest, "the rest")] {
        let sink = Memory::default();
        if let Err(errors) = prepared.render(&jobs, &sink, None) {
            if let Ok(mut state) = state.write() {
                state.version += 1;
                show_errors(&mut state, &errors);
            }
            return Update::Broken;
        }
        let mut files = sink.into_files();
        if label == "the rest" {
            files.extend(teams.iter().map(|&t| prepared.team_json(t)));
            if let Some(feed) = prepared.feed() {
                files.insert("feed.xml".into(), feed);
            }
        }
        if let Ok(mut state) = state.write() {
            state.files.extend(files);
            state.errors = None;
            state.version += 1;
        }
        eprintln!("updated {label} in {} ms", clock.elapsed().as_millis());
    }
    Update::Done
}

fn watch_loop(
    options: &BuildOptions,
    state: &Shared,
    events: &Receiver<notify::Result<notify::Event>>,
    mut prepared: Option<Prepared>,
) {
    while let Ok(event) = events.recv() {
        let mut changed = BTreeSet::new();
        let mut structural = false;
        note_event(&event, &options.root, &mut changed, &mut structural);
        if changed.is_empty() && !structural {
            continue;
        }
        // Wait until the sources have been quiet for a moment, then update once.
        loop {
            match events.recv_timeout(DEBOUNCE) {
                Ok(event) => note_event(&event, &options.root, &mut changed, &mut structural),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let update = match (&mut prepared, structural) {
            (Some(site), false) => update_sprints(site, &changed, options, state),
            _ => Update::NeedsRebuild,
        };
        match update {
            Update::Done => {}
            Update::Broken => prepared = None,
            Update::NeedsRebuild => prepared = rebuild(options, state),
        }
    }
}

/// Records a relevant event: a modified sprint file can be updated on its own; anything else
/// (a created or removed file, a template, the config) needs a full rebuild.
fn note_event(
    event: &notify::Result<notify::Event>,
    root: &Path,
    changed: &mut BTreeSet<PathBuf>,
    structural: &mut bool,
) {
    if !is_relevant(event, root) {
        return;
    }
    let Ok(event) = event else { return };
    let modify = matches!(
        event.kind,
        notify::EventKind::Modify(
            notify::event::ModifyKind::Data(_) | notify::event::ModifyKind::Any
        )
    );
    for path in &event.paths {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let is_sprint = relative.starts_with(CONTENT_DIR)
            && relative.extension().is_some_and(|e| e == "toml")
            && relative.file_name().is_some_and(|n| n != "team.toml");
        if modify && is_sprint {
            changed.insert(path.clone());
        } else if !is_temporary(path) {
            *structural = true;
        }
    }
}

/// Changes to sources, not to version control or editors' temporary files. (`serve` writes
/// no output, so the output folder never changes under it.)
fn is_relevant(event: &notify::Result<notify::Event>, root: &Path) -> bool {
    let Ok(event) = event else { return false };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|path| {
        let temporary = is_temporary(path);
        let relative = path.strip_prefix(root).unwrap_or(path);
        let source = relative == Path::new(CONFIG_FILE)
            || [CONTENT_DIR, "templates", "themes", "static"]
                .iter()
                .any(|d| relative.starts_with(d));
        !temporary && source
    })
}

/// Editors' swap, backup and lock files.
fn is_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || name == "4913"
}

fn respond(request: tiny_http::Request, state: &Shared) {
    let url = request.url().to_string();
    let response = match state.read() {
        Ok(state) => answer(&url, &state),
        Err(_) => Answer::status(500, "the server's state is poisoned"),
    };
    let mut reply = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    for (name, value) in [
        ("Content-Type", response.content_type),
        ("Cache-Control", "no-store"),
    ] {
        if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
            reply = reply.with_header(header);
        }
    }
    if let Some(location) = response.location
        && let Ok(header) = tiny_http::Header::from_bytes("Location", location)
    {
        reply = reply.with_header(header);
    }
    let _ = request.respond(reply);
}

struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Answer {
    fn status(status: u16, text: &str) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }
}

/// The response to a request path: a page of the site (with the reload script), the version
/// counter, a redirect from a folder without its slash, or 404.
fn answer(url: &str, state: &State) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == VERSION_PATH {
        return Answer::status(200, &state.version.to_string());
    }
    let Some(key) = site_path(path) else {
        return not_found(state);
    };
    if !key.is_empty()
        && !key.ends_with('/')
        && state.files.contains_key(&format!("{key}/index.html"))
    {
        return Answer {
            location: Some(format!("{path}/")),
            ..Answer::status(301, "moved")
        };
    }
    let key = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key
    };
    match state.files.get(&key) {
        Some(bytes) => {
            let content_type = content_type(&key);
            let body = if content_type.starts_with("text/html") {
                inject(bytes, state)
            } else {
                bytes.clone()
            };
            Answer {
                status: 200,
                content_type,
                body,
                location: None,
            }
        }
        None => not_found(state),
    }
}

fn not_found(state: &State) -> Answer {
    let body = state
        .files
        .get("404.html")
        .map_or_else(|| b"not found".to_vec(), |page| inject(page, state));
    Answer {
        status: 404,
        content_type: "text/html; charset=utf-8",
        body,
        location: None,
    }
}

/// The site-relative file a URL path names, or `None` for anything that could leave the site:
/// `..` segments (also percent-encoded), backslashes, NUL bytes, invalid encodings.
fn site_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    let unsafe_segment = decoded.split('/').any(|s| s == ".." || s == ".");
    if unsafe_segment || decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    Some(decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script, and the error overlay while the build is broken. Only `serve`
/// does this: built sites carry no script.
fn inject(page: &[u8], state: &State) -> Vec<u8> {
    let html = String::from_utf8_lossy(page);
    let mut extra = String::new();
    if let Some(errors) = &state.errors {
        extra.push_str(&format!(
            "<div id=\"sprintgen-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:1000;overflow:auto;background:rgba(20,20,24,.94);color:#fde8e8;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\"><h2 style=\"color:#fca5a5;margin-top:0\">The site does not build</h2><p>Showing the last good build underneath. Fix the problem and save: the page reloads by itself.</p><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            escape(errors)
        ));
    }
    extra.push_str(&format!(
        "<script>(function(){{var seen=null;function poll(){{fetch(\"{VERSION_PATH}\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(v){{if(seen===null){{seen=v}}else if(v!==seen){{location.reload()}}}}).catch(function(){{}}).finally(function(){{setTimeout(poll,300)}})}}poll()}})();</script>"
    ));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
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
        eprintln!("could not open a browser ({command}: {error}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/a/index.html").as_deref(), Some("a/index.html"));
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/a%20b").as_deref(), Some("a b"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "//etc/passwd",
            "/a\\..\\b",
            "/%00",
            "/%zz",
            "x",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
