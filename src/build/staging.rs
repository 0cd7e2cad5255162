//! Writing the site to disk: into a staging folder first, then swapped in place, so a failed
//! or interrupted build never leaves a half-written site and never touches files sprintgen did
//! not create.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::output::{Sink, lock, safe_join};
use crate::diagnostics::Diagnostic;
use crate::model::paths::{CONFIG_FILE, CONTENT_DIR};

/// Marks a folder as sprintgen's output; only such a folder is ever replaced.
pub const MARKER: &str = ".sprintgen-output";

/// Refuses output folders whose replacement would destroy the user's work.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let shown = output.display();
    let suggestion = format!(
        "use a folder of its own, such as `{}`",
        root.join("public").display()
    );
    let refuse = |why: String| Err(Diagnostic::error(why).with_hint(suggestion.clone()));
    if out == root {
        return refuse(format!(
            "refusing to write the site into `{shown}`: it is the site's own folder"
        ));
    }
    if root.starts_with(&out) {
        return refuse(format!(
            "refusing to write the site into `{shown}`: it contains the site's own folder"
        ));
    }
    if std::env::var_os("HOME").is_some_and(|home| absolute(Path::new(&home)) == out) {
        return refuse(format!(
            "refusing to write the site into `{shown}`: it is your home folder"
        ));
    }
    if out.parent().is_none() {
        return refuse(format!(
            "refusing to write the site into `{shown}`: it is the root of the file system"
        ));
    }
    if out.join(CONTENT_DIR).exists() || out.join(CONFIG_FILE).exists() {
        return refuse(format!(
            "refusing to write the site into `{shown}`: it holds `{CONTENT_DIR}/` or `{CONFIG_FILE}`, so it looks like a site's sources"
        ));
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let foreign = fs::read_dir(&out)
            .map_err(|e| Diagnostic::error(format!("cannot read `{shown}`: {e}")))?
            .filter_map(Result::ok)
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if foreign {
            return Err(Diagnostic::error(format!(
                "refusing to replace `{shown}`: it holds files that sprintgen did not create"
            ))
            .with_hint(format!("move them away or delete the folder; sprintgen only replaces folders with its `{MARKER}` marker")));
        }
    } else if out.exists() && !out.is_dir() {
        return refuse(format!(
            "refusing to write the site into `{shown}`: it is a file"
        ));
    }
    Ok(())
}

/// A staging folder beside the output: the build writes into it, and [`Staging::commit`]
/// swaps it in, keeping the dotfiles (such as `.git`) of the previous output.
///
/// The output it replaces is not deleted but kept beside it as the *spare*
/// (`.public.sprintgen-previous`), and the next build writes into the spare: a file whose
/// bytes are already there is left alone, a changed one is overwritten in place, and files
/// the new build does not produce are removed at the end. Rebuilding a site then writes only
/// what changed, and creates and deletes no files for the pages that stay. That matters more
/// than it seems: deleting 10,000 files and creating 10,000 new ones costs seconds of kernel
/// time (on ext4 without a journal, each new inode skips past every recently deleted one).
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    spare: PathBuf,
    /// The folder is a previous build's, so it may hold files this build must not leave.
    reused: bool,
    /// Folders already created, so each costs one `mkdir` rather than one per file.
    created: Mutex<HashSet<PathBuf>>,
    /// Files this build produced (tracked only in a reused folder, to prune the others).
    written: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    pub fn create(output: &Path) -> io::Result<Staging> {
        let output = absolute(output);
        let parent = output
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent"))?
            .to_path_buf();
        fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        recover_interrupted(&parent, &name, &output)?;
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.sprintgen-staging-{pid}"));
        let spare = parent.join(format!(".{name}.sprintgen-previous"));
        // Only a folder sprintgen marked is reused; a concurrent build may have taken it.
        let reused = is_dir_no_follow(&spare)
            && spare.join(MARKER).is_file()
            && fs::rename(&spare, &dir).is_ok();
        if !reused {
            fs::create_dir_all(&dir)?;
        }
        let staging = Staging {
            retired: parent.join(format!(".{name}.sprintgen-old-{pid}")),
            output,
            dir,
            spare,
            reused,
            created: Mutex::default(),
            written: Mutex::default(),
        };
        staging.put(
            MARKER,
            b"This folder is generated by sprintgen; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Drops what the build wrote: the previous output stays as it was. A reused folder
    /// goes back to being the spare (whatever it holds, the next build compares every file).
    pub fn discard(self) {
        if !(self.reused && fs::rename(&self.dir, &self.spare).is_ok()) {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }

    /// Swaps the staging folder in as the output; the replaced output becomes the spare.
    pub fn commit(self) -> io::Result<()> {
        if self.reused {
            self.prune()?;
        }
        let Staging {
            output,
            dir,
            retired,
            spare,
            ..
        } = self;
        if !output.exists() {
            return fs::rename(&dir, &output);
        }
        fs::rename(&output, &retired)?;
        if let Err(error) = fs::rename(&dir, &output) {
            // Put the previous site back rather than leave nothing.
            let _ = fs::rename(&retired, &output);
            let _ = fs::remove_dir_all(&dir);
            return Err(error);
        }
        for entry in fs::read_dir(&retired)?.filter_map(Result::ok) {
            let file_name = entry.file_name();
            let keep =
                file_name.to_string_lossy().starts_with('.') && !output.join(&file_name).exists();
            if keep {
                fs::rename(entry.path(), output.join(&file_name))?;
            }
        }
        if spare.exists() || fs::rename(&retired, &spare).is_err() {
            fs::remove_dir_all(&retired)?;
        }
        Ok(())
    }

    /// Removes from a reused folder every file and folder this build did not produce.
    fn prune(&self) -> io::Result<()> {
        let written = lock(&self.written);
        let created = lock(&self.created);
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(io::Error::other)?;
            let path = entry.path();
            if entry.file_type().is_dir() {
                if !created.contains(path) {
                    // Fails, as it should, while the folder still holds a produced file.
                    let _ = fs::remove_dir(path);
                }
            } else if !written.contains(path) {
                fs::remove_file(path)?;
            }
        }
        Ok(())
    }

    /// Writes `bytes` at `target` in a reused folder, unless they are already there.
    fn put_reused(&self, target: &Path, bytes: &[u8]) -> io::Result<()> {
        match fs::symlink_metadata(target) {
            Ok(meta) if meta.is_file() => {
                let same = meta.len() == bytes.len() as u64 && fs::read(target)? == bytes;
                if !same {
                    fs::write(target, bytes)?;
                }
            }
            // A folder or a link where this build puts a file.
            Ok(meta) if meta.is_dir() => {
                fs::remove_dir_all(target)?;
                fs::write(target, bytes)?;
            }
            Ok(_) => {
                fs::remove_file(target)?;
                fs::write(target, bytes)?;
            }
            Err(_) => fs::write(target, bytes)?,
        }
        lock(&self.written).insert(target.to_path_buf());
        Ok(())
    }

    /// Creates the folders above `target`. In a reused folder, anything but a real folder
    /// where one must go is removed first, from the top down: a file (a page that became a
    /// section) or a link, which must not lead the build's writes out of the folder.
    fn make_parent(&self, target: &Path) -> io::Result<()> {
        let Some(parent) = target.parent() else {
            return Ok(());
        };
        if lock(&self.created).contains(parent) {
            return Ok(());
        }
        if self.reused {
            let mut below: Vec<&Path> = parent
                .ancestors()
                .take_while(|a| *a != self.dir && a.starts_with(&self.dir))
                .collect();
            below.reverse();
            for folder in below {
                match fs::symlink_metadata(folder) {
                    Ok(meta) if meta.is_dir() => {}
                    Ok(_) => fs::remove_file(folder)?,
                    // Nothing there, so nothing deeper either.
                    Err(_) => break,
                }
            }
        }
        fs::create_dir_all(parent)?;
        lock(&self.created).insert(parent.to_path_buf());
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = safe_join(&self.dir, path)?;
        self.make_parent(&target)?;
        if self.reused {
            self.put_reused(&target, bytes)
        } else {
            fs::write(target, bytes)
        }
    }
}

/// A folder, and not a link to one.
fn is_dir_no_follow(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Cleans up after a build that was killed half way: a staging folder is dropped, and a
/// previous site that was moved aside but not yet replaced is put back.
fn recover_interrupted(parent: &Path, name: &str, output: &Path) -> io::Result<()> {
    let staging_prefix = format!(".{name}.sprintgen-staging-");
    let retired_prefix = format!(".{name}.sprintgen-old-");
    for entry in fs::read_dir(parent)?.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&staging_prefix) {
            fs::remove_dir_all(entry.path())?;
        } else if file_name.starts_with(&retired_prefix) {
            if output.exists() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::rename(entry.path(), output)?;
            }
        }
    }
    Ok(())
}

/// An absolute, lexically normalised path (without resolving symbolic links of missing parts).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    if let Ok(real) = joined.canonicalize() {
        return real;
    }
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    match (normal.parent(), normal.file_name()) {
        (Some(parent), Some(name)) if parent.exists() => absolute(parent).join(name),
        _ => normal,
    }
}
