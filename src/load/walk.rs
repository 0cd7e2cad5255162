//! Reading folders: sorted, with every unreadable entry and link loop reported.

use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::model::paths::CONTENT_DIR;

/// The entries below `root/dir` (to `max_depth`, or all the way down), sorted by name so the
/// output never depends on the file system's order. Unreadable entries and symbolic-link loops
/// become diagnostics instead of being skipped silently.
pub fn walk(
    root: &Path,
    dir: &str,
    max_depth: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<walkdir::DirEntry> {
    let mut walker = WalkDir::new(root.join(dir))
        .min_depth(1)
        .sort_by_file_name();
    if let Some(depth) = max_depth {
        walker = walker.max_depth(depth);
    }
    walker
        .into_iter()
        .filter_map(|entry| {
            entry
                .map_err(|error| diagnostics.push(walk_error(root, &error)))
                .ok()
        })
        .collect()
}

/// Every file below `root/dir` (none when the folder does not exist), as its `/`-separated
/// path relative to `dir` with its contents; dotfiles are skipped.
pub fn read_files(
    root: &Path,
    dir: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walk(root, dir, None, diagnostics) {
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_file() || hidden {
            continue;
        }
        let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path());
        let name = relative.to_string_lossy().replace('\\', "/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push((name, bytes)),
            Err(error) => diagnostics.push(
                Diagnostic::error(format!("cannot read `{dir}/{name}`: {error}"))
                    .in_file(format!("{dir}/{name}")),
            ),
        }
    }
    files
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map_or_else(
        || CONTENT_DIR.to_string(),
        |p| p.strip_prefix(root).unwrap_or(p).display().to_string(),
    );
    let reason = if error.loop_ancestor().is_some() {
        "a symbolic link loops back to a folder above it".to_string()
    } else {
        error
            .io_error()
            .map_or_else(|| error.to_string(), ToString::to_string)
    };
    Diagnostic::error(format!("cannot read `{path}`: {reason}")).in_file(path)
}
