//! Reading folders: sorted, with every unreadable entry and link loop reported.
//!
//! Symbolic links are followed when they lead to a place inside the site folder (a team folder
//! shared under two names, a sprint file kept elsewhere in the repository), with loops
//! detected; a link that leads outside the site, or nowhere, is an error. Nothing is ever
//! skipped silently: a pull request that adds a link must not quietly drop a team, nor
//! publish or quote a file from outside the site (say, from the CI machine's home folder).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, io_words};
use crate::model::paths::{CONTENT_DIR, OUTPUT_MARKER, is_output_work_name};

/// The entries below `root/dir` (to `max_depth`, or all the way down), sorted by name so the
/// output never depends on the file system's order. Unreadable entries, links that leave the
/// site and link loops become diagnostics instead of being skipped silently.
pub fn walk(
    root: &Path,
    dir: &str,
    max_depth: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<walkdir::DirEntry> {
    let site = real_root(root);
    if let Err(diagnostic) = inside_site(root, &site, &root.join(dir)) {
        diagnostics.push(diagnostic);
        return Vec::new();
    }
    let mut walker = WalkDir::new(root.join(dir))
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name();
    if let Some(depth) = max_depth {
        walker = walker.max_depth(depth);
    }
    let mut entries = Vec::new();
    let mut iter = walker.into_iter();
    while let Some(entry) = iter.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(walk_error(root, &error));
                continue;
            }
        };
        // Linked files are checked when they are read (see `read_input`).
        if entry.path_is_symlink()
            && entry.file_type().is_dir()
            && let Err(diagnostic) = inside_site(root, &site, entry.path())
        {
            diagnostics.push(diagnostic);
            iter.skip_current_dir();
            continue;
        }
        entries.push(entry);
    }
    entries
}

/// Every file below `root/dir` (none when the folder does not exist), as its `/`-separated
/// path relative to `dir` with its contents; dotfiles are skipped, and so are the folders a
/// build keeps beside its output and output folders themselves (with a warning: they are
/// sprintgen's, and would otherwise be published again inside the next output). Files over
/// `max_bytes` are refused with an error.
pub fn read_files(
    root: &Path,
    dir: &str,
    max_bytes: Option<u64>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut skipped: Vec<PathBuf> = Vec::new();
    for entry in walk(root, dir, None, diagnostics) {
        if skipped.iter().any(|s| entry.path().starts_with(s)) {
            continue;
        }
        let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path());
        let name = relative.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() && is_sprintgen_folder(entry.path()) {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "`{dir}/{name}` is a folder of sprintgen's own output, so it is not copied"
                ))
                .in_file(format!("{dir}/{name}"))
                .with_hint("delete it, or move it out of the site's folders"),
            );
            skipped.push(entry.path().to_path_buf());
            continue;
        }
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_file() || hidden {
            continue;
        }
        if let Some(bytes) = read_input(root, &format!("{dir}/{name}"), max_bytes, diagnostics) {
            files.push((name, bytes));
        }
    }
    files
}

/// An output folder (it holds sprintgen's marker) or one a build keeps beside its output.
fn is_sprintgen_folder(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    is_output_work_name(&name) || path.join(OUTPUT_MARKER).is_file()
}

/// Reads the file at `relative` under `root`, refusing one over `max_bytes` before reading
/// it, and a link to a file outside the site; problems become diagnostics.
pub fn read_input(
    root: &Path,
    relative: &str,
    max_bytes: Option<u64>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let path = root.join(relative);
    let linked = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if linked && let Err(diagnostic) = inside_site(root, &real_root(root), &path) {
        diagnostics.push(diagnostic);
        return None;
    }
    let result = read_capped(&path, relative, max_bytes);
    match result {
        Ok(Ok(bytes)) => Some(bytes),
        Ok(Err(diagnostic)) => {
            diagnostics.push(diagnostic);
            None
        }
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot read `{relative}`: {}", io_words(&error)))
                    .in_file(relative),
            );
            None
        }
    }
}

/// Reads the file at `path` (named `shown` in messages), refusing one over `max_bytes` before
/// reading it, and cutting off one that grows past it while it is read (a pipe, a device such
/// as `/dev/zero`): never more than the limit is read. The outer error is the file system's.
pub fn read_capped(
    path: &Path,
    shown: &str,
    max_bytes: Option<u64>,
) -> std::io::Result<Result<Vec<u8>, Diagnostic>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let Some(limit) = max_bytes else {
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        std::io::Read::read_to_end(&mut &file, &mut bytes)?;
        return Ok(Ok(bytes));
    };
    if size > limit {
        return Ok(Err(too_large(shown, size, limit)));
    }
    // The file may grow while it is read: never read more than the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)?;
    Ok(if bytes.len() as u64 > limit {
        Err(too_large(shown, bytes.len() as u64, limit))
    } else {
        Ok(bytes)
    })
}

fn too_large(relative: &str, size: u64, limit: u64) -> Diagnostic {
    let mb = |bytes: u64| bytes as f64 / 1e6;
    Diagnostic::error(format!(
        "`{relative}` is {:.1} MB, over the limit of {} MB for an input file",
        mb(size),
        limit / 1_000_000
    ))
    .in_file(relative)
    .with_hint("split it up, or raise `max_input_mb` under `[build]` in sprintgen.toml if it really must be this large")
}

/// The site folder with every link resolved, to compare link targets with.
fn real_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `path` (a link met while walking) leads to a place inside the site.
fn inside_site(root: &Path, site: &Path, path: &Path) -> Result<(), Diagnostic> {
    let shown = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    match path.canonicalize() {
        Ok(real) if real.starts_with(site) => Ok(()),
        Ok(real) => Err(Diagnostic::error(format!(
            "`{shown}` is a symbolic link to `{}`, outside the site folder",
            real.display()
        ))
        .in_file(shown)
        .with_hint("sprintgen reads only files inside the site: copy the file into the site, or make the link point inside it")),
        // A folder that does not exist has nothing to read; a broken link is reported by the walk.
        Err(_) => Ok(()),
    }
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map_or_else(
        || CONTENT_DIR.to_string(),
        |p| p.strip_prefix(root).unwrap_or(p).display().to_string(),
    );
    let reason = if error.loop_ancestor().is_some() {
        "a symbolic link loops back to a folder above it".to_string()
    } else if error
        .path()
        .is_some_and(|p| p.symlink_metadata().is_ok() && !p.exists())
    {
        "it is a symbolic link to something that does not exist".to_string()
    } else {
        error.io_error().map_or_else(|| error.to_string(), io_words)
    };
    Diagnostic::error(format!("cannot read `{path}`: {reason}")).in_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_files_takes_every_file_below_but_hidden_ones_and_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let marker = format!("static/public/{OUTPUT_MARKER}");
        for (path, text) in [
            ("static/a.txt", "a"),
            ("static/img/logo.svg", "<svg/>"),
            ("static/.secret", "s"),
            (marker.as_str(), ""),
            ("static/public/index.html", "old"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        let mut diagnostics = Vec::new();
        let files = read_files(root, "static", None, &mut diagnostics);
        assert_eq!(
            files,
            [
                ("a.txt".to_string(), b"a".to_vec()),
                ("img/logo.svg".to_string(), b"<svg/>".to_vec()),
            ]
        );
        let found: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "warning: `static/public` is a folder of sprintgen's own output, so it is not copied"
            ),
            "{found:?}"
        );
        assert!(read_files(root, "missing", None, &mut diagnostics).is_empty());
    }

    #[test]
    fn an_input_file_may_be_as_large_as_the_limit_and_no_larger() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("limit.toml"), vec![b'#'; 1_000_000]).unwrap();
        std::fs::write(root.join("over.toml"), vec![b'#'; 2_500_000]).unwrap();
        let mut diagnostics = Vec::new();
        let read = read_input(root, "limit.toml", Some(1_000_000), &mut diagnostics);
        assert_eq!(read.map(|bytes| bytes.len()), Some(1_000_000));
        assert!(diagnostics.is_empty());
        assert_eq!(
            read_input(root, "over.toml", Some(1_000_000), &mut diagnostics),
            None
        );
        assert_eq!(
            diagnostics[0].message,
            "`over.toml` is 2.5 MB, over the limit of 1 MB for an input file"
        );
    }

    /// A file that grows while it is read (a pipe has no size to check first) is still cut
    /// off past the limit, not read whole, nor taken in part.
    #[cfg(unix)]
    #[test]
    fn a_file_growing_past_the_limit_while_it_is_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("pipe.toml"))
            .status()
            .unwrap();
        assert!(made.success());
        let writer = {
            let path = root.join("pipe.toml");
            std::thread::spawn(move || {
                use std::io::Write;
                let mut pipe = std::fs::OpenOptions::new().write(true).open(path).unwrap();
                // The reader stops after the limit and a byte: the rest finds the pipe closed.
                let _ = pipe.write_all(&vec![b'#'; 1_000_010]);
            })
        };
        let mut diagnostics = Vec::new();
        let read = read_input(&root, "pipe.toml", Some(1_000_000), &mut diagnostics);
        writer.join().unwrap();
        assert_eq!(read, None);
        assert_eq!(
            diagnostics[0].message,
            "`pipe.toml` is 1.0 MB, over the limit of 1 MB for an input file"
        );
    }
}
