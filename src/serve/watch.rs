//! Watching the sources: events are gathered until the sources are quiet, then an edit to
//! existing sprint files is applied incrementally and anything else rebuilds the site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::{Shared, rebuild, show_errors};
use crate::analysis::Update;
use crate::console::errln;
use crate::console::{self, Format};
use crate::diagnostics::Diagnostic;
use crate::model::paths::{
    CONFIG_FILE, CONTENT_DIR, STATIC_DIR, TEAM_FILE, TEMPLATES_DIR, THEMES_DIR,
};
use crate::outputs::{Exports, Feed, Output, Pages};
use crate::pipeline::{BuildOptions, Files, Job, Memory, Prepared};

/// How long the sources must be quiet before a rebuild: editors save in several steps.
const DEBOUNCE: Duration = Duration::from_millis(15);

pub(super) fn watch_loop(
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
        prepared = match prepared {
            Some(site) if !structural => update(site, &changed, options, state),
            _ => rebuild(options, state),
        };
    }
}

/// Applies an edit to sprint files: the edited pages are served first, then everything else
/// they feed. Returns the site for the next edit, or `None` when the next change must build
/// everything anew (the edit is broken, or needs a full build that failed).
fn update(
    mut prepared: Prepared,
    changed: &BTreeSet<PathBuf>,
    options: &BuildOptions,
    state: &Shared,
) -> Option<Prepared> {
    let clock = Instant::now();
    let update = match prepared.apply_edits(&options.root, changed) {
        Ok(Update::NeedsFullAnalysis) => return rebuild(options, state),
        Ok(update) => update,
        Err(errors) => return broken(state, &errors),
    };
    let Update::Applied {
        teams, warnings, ..
    } = &update
    else {
        return rebuild(options, state);
    };
    console::print(warnings, Format::Human);
    let edited = match render(&prepared, &prepared.edited_pages(&update)) {
        Ok(files) => files,
        Err(errors) => return broken(state, &errors),
    };
    publish(state, edited);
    errln!(
        "updated the edited sprint in {} ms",
        clock.elapsed().as_millis()
    );
    // Everything else the edit feeds: pages, the teams' and releases' exports, the feed.
    let jobs = prepared.other_pages(&update);
    let pages = Pages {
        jobs: &jobs,
        ..Pages::default()
    };
    let exports = Exports {
        teams: teams.iter().copied().collect(),
        releases: update.releases(&prepared.analysis),
    };
    let sink = Memory::default();
    for output in [&pages as &dyn Output, &exports, &Feed] {
        if let Err(errors) = prepared.write(output, &sink) {
            return broken(state, &errors);
        }
    }
    let rest = sink.into_files();
    publish(state, rest);
    errln!("updated the rest in {} ms", clock.elapsed().as_millis());
    Some(prepared)
}

/// Renders pages into memory.
fn render(prepared: &Prepared, jobs: &[Job]) -> Result<Files, Vec<Diagnostic>> {
    let sink = Memory::default();
    prepared.render(jobs, &sink)?;
    Ok(sink.into_files())
}

/// Serves updated files and tells open pages to reload.
fn publish(state: &Shared, files: Files) {
    if let Ok(mut state) = state.write() {
        state.files.extend(files);
        state.errors = None;
        state.version += 1;
    }
}

/// Shows the errors of a broken edit; the next change builds everything anew.
fn broken<T>(state: &Shared, errors: &[Diagnostic]) -> Option<T> {
    if let Ok(mut state) = state.write() {
        state.version += 1;
        show_errors(&mut state, errors);
    }
    None
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
            && relative.file_name().is_some_and(|n| n != TEAM_FILE);
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
            || [CONTENT_DIR, TEMPLATES_DIR, THEMES_DIR, STATIC_DIR]
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
    use notify::{Event, EventKind};

    /// What one event asks for: the sprint files to update, and whether to rebuild everything.
    fn noted(kind: EventKind, path: &str) -> (Vec<PathBuf>, bool) {
        let root = Path::new("/site");
        let event = Ok(Event::new(kind).add_path(root.join(path)));
        let mut changed = BTreeSet::new();
        let mut structural = false;
        super::note_event(&event, root, &mut changed, &mut structural);
        (changed.into_iter().collect(), structural)
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Content));

    #[test]
    fn a_written_sprint_file_is_updated_on_its_own() {
        let sprint = "content/team-a/sprint-01.toml";
        assert_eq!(
            noted(WRITE, sprint),
            (vec![Path::new("/site").join(sprint)], false)
        );
        let any = EventKind::Modify(ModifyKind::Any);
        assert_eq!(noted(any, sprint).0.len(), 1);
    }

    #[test]
    fn other_source_changes_rebuild_everything() {
        for (kind, path) in [
            (WRITE, "content/team-a/team.toml"),
            (WRITE, "content/team-a/notes.md"),
            (WRITE, "sprintgen.toml"),
            (WRITE, "themes/default/templates/sprint.html"),
            (WRITE, "static/logo.svg"),
            (
                EventKind::Create(CreateKind::File),
                "content/team-a/sprint-02.toml",
            ),
            (
                EventKind::Remove(RemoveKind::File),
                "content/team-a/sprint-01.toml",
            ),
        ] {
            assert_eq!(noted(kind, path), (vec![], true), "{path}");
        }
    }

    #[test]
    fn changes_outside_the_sources_and_editors_files_are_ignored() {
        for path in [
            ".git/index",
            "public/index.html",
            "README.md",
            "content/team-a/.sprint-01.toml.swp",
            "content/team-a/sprint-01.toml~",
            "content/team-a/4913",
        ] {
            assert_eq!(noted(WRITE, path), (vec![], false), "{path}");
        }
        let read = EventKind::Access(notify::event::AccessKind::Any);
        assert_eq!(
            noted(read, "content/team-a/sprint-01.toml"),
            (vec![], false)
        );
    }
}
