//! Writing the site to disk: into a staging folder first, then swapped in place, so a failed
//! or interrupted build never leaves a half-written site and never touches files sprintgen did
//! not create.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::output::{lock, safe_join};
use super::swap::{
    Layout, MARKER_TEXT, OutputLock, disk_full_at, is_dir_no_follow, swap_in, swap_pending,
    test_hook, users_entries,
};
use crate::diagnostics::{Diagnostic, io_words};
use crate::model::paths::{
    CONFIG_FILE, CONTENT_DIR, INPUT_DIRS, OUTPUT_MARKER, is_output_work_name,
};
use crate::outputs::Sink;

/// Refuses output folders whose replacement would destroy the user's work, or feed the
/// output back into the next build.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let shown = output.display();
    if let Some(why) = dangerous_output(&root, &out) {
        return Err(
            Diagnostic::error(format!("refusing to write the site into `{shown}`: {why}"))
                .with_hint(format!(
                    "use a folder of its own, such as `{}`",
                    root.join("public").display()
                )),
        );
    }
    if let Ok(target) = fs::read_link(&out) {
        // A link `absolute` could not resolve: its target is missing (or a loop).
        return Err(Diagnostic::error(format!(
            "refusing to write the site into `{shown}`: it is a symbolic link to `{}`, which does not exist",
            target.display()
        ))
        .with_hint("create the folder it points to, or remove the link"));
    }
    if out.is_dir() && !out.join(OUTPUT_MARKER).exists() {
        let foreign = fs::read_dir(&out)
            .map_err(|e| Diagnostic::error(format!("cannot read `{shown}`: {}", io_words(&e))))?
            .filter_map(Result::ok)
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if foreign {
            return Err(Diagnostic::error(format!(
                "refusing to replace `{shown}`: it holds files that sprintgen did not create"
            ))
            .with_hint(format!("move them away or delete the folder; sprintgen only replaces folders with its `{OUTPUT_MARKER}` marker")));
        }
    }
    Ok(())
}

/// Why the absolute output folder `out` must not be the output of the site at `root`.
fn dangerous_output(root: &Path, out: &Path) -> Option<String> {
    let home = std::env::var_os("HOME").map(|home| absolute(Path::new(&home)));
    let input = INPUT_DIRS
        .iter()
        .find(|dir| out.starts_with(root.join(dir)) || out.starts_with(absolute(&root.join(dir))));
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    Some(if out == root {
        "it is the site's own folder".to_string()
    } else if root.starts_with(out) {
        "it contains the site's own folder".to_string()
    } else if let Some(dir) = input {
        format!(
            "it is inside the site's `{dir}/` folder, which each build reads, so every build would take in the one before"
        )
    } else if home.is_some_and(|home| home == out) {
        "it is your home folder".to_string()
    } else if out.parent().is_none() {
        "it is the root of the file system".to_string()
    } else if out.join(CONTENT_DIR).exists() || out.join(CONFIG_FILE).exists() {
        format!("it holds `{CONTENT_DIR}/` or `{CONFIG_FILE}`, so it looks like a site's sources")
    } else if is_output_work_name(&name) {
        "it is one of the folders sprintgen keeps beside an output".to_string()
    } else if out.exists() && !out.is_dir() {
        "it is a file".to_string()
    } else if is_mount_point(out) {
        format!(
            "it is a mount point (a Docker volume, say), which a build cannot replace, since it swaps the new site in by renaming folders; build into a folder inside it, such as `{}`, or mount the folder above it",
            out.join("site").display()
        )
    } else {
        return None;
    })
}

/// Whether the folder `path` (absolute, with its links resolved) is where a file system is
/// mounted: on another device than its parent, or (a bind mount on the same device) listed as a
/// mount point by Linux.
fn is_mount_point(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let device = |p: &Path| fs::metadata(p).map(|m| m.dev()).ok();
        if let (Some(parent), Some(own)) = (path.parent(), device(path))
            && device(parent).is_some_and(|d| d != own)
        {
            return true;
        }
    }
    fs::read_to_string("/proc/self/mountinfo")
        .is_ok_and(|table| mount_points(&table).any(|point| point == path))
}

/// The mount points of a `/proc/self/mountinfo` table (the fifth field, with its octal
/// escapes for blanks undone).
fn mount_points(table: &str) -> impl Iterator<Item = PathBuf> + '_ {
    table.lines().filter_map(|line| {
        let field = line.split(' ').nth(4)?;
        let mut point = String::new();
        let mut rest = field;
        while let Some(at) = rest.find('\\') {
            point.push_str(&rest[..at]);
            let code = rest
                .get(at + 1..at + 4)
                .and_then(|c| u8::from_str_radix(c, 8).ok());
            match code {
                Some(byte) => {
                    point.push(char::from(byte));
                    rest = &rest[at + 4..];
                }
                None => {
                    point.push('\\');
                    rest = &rest[at + 1..];
                }
            }
        }
        point.push_str(rest);
        Some(PathBuf::from(point))
    })
}

/// A staging folder beside the output: the build writes into it, and [`Staging::commit`]
/// swaps it in (see the `swap` module), keeping the dotfiles (such as `.git`) of the previous
/// output. It exists only while the build holds the output's [`OutputLock`].
///
/// The output it replaces is not deleted but kept beside it as the *spare*
/// (`.public.sprintgen-previous`), and the next build writes into the spare: a file whose
/// bytes are already there is left alone, a changed one is written anew beside it and renamed
/// over it, and files the new build does not produce are removed at the end. Rebuilding a site
/// then writes only what changed, and creates and deletes no files for the pages that stay.
/// That matters more than it seems: deleting 10,000 files and creating 10,000 new ones costs
/// seconds of kernel time (on ext4 without a journal, each new inode skips past every recently
/// deleted one). Renaming a new file over the old one rather than rewriting it in place means
/// that a file with other names (a hard link, say from `cp -al public backup`) is never
/// written through, and that no file is ever seen half-written.
pub struct Staging<'a> {
    layout: &'a Layout,
    /// The folder is a previous build's, so it may hold files this build must not leave.
    reused: bool,
    /// Folders already created, so each costs one `mkdir` rather than one per file.
    created: Mutex<HashSet<PathBuf>>,
    /// Files this build produced (tracked only in a reused folder, to prune the others).
    written: Mutex<HashSet<PathBuf>>,
    /// Files written into a reused folder, for the test hook that simulates a full disk.
    writes: AtomicUsize,
    /// A write failed for lack of space.
    full: AtomicBool,
}

impl<'a> Staging<'a> {
    /// Starts the staging folder of the output whose lock is held: the spare, when there is
    /// one that sprintgen marked, else a new folder.
    pub fn create(lock: &'a OutputLock) -> io::Result<Staging<'a>> {
        Staging::start(lock, true)
    }

    /// Starts a new staging folder, not the spare (after a full disk in the spare).
    pub fn create_new(lock: &'a OutputLock) -> io::Result<Staging<'a>> {
        Staging::start(lock, false)
    }

    fn start(output_lock: &'a OutputLock, reuse: bool) -> io::Result<Staging<'a>> {
        let layout = &output_lock.layout;
        let reused = reuse
            && is_dir_no_follow(&layout.spare)
            && layout.spare.join(OUTPUT_MARKER).is_file()
            && fs::rename(&layout.spare, &layout.staging).is_ok();
        if !reused {
            fs::create_dir(&layout.staging)?;
        }
        let staging = Staging {
            layout,
            reused,
            created: Mutex::default(),
            written: Mutex::default(),
            writes: AtomicUsize::new(0),
            full: AtomicBool::new(false),
        };
        // The marker is written in full (with the names) once the site is (`complete`); a
        // reused folder has one already.
        let marker = layout.staging.join(OUTPUT_MARKER);
        if reused {
            lock(&staging.written).insert(marker);
        } else {
            fs::write(marker, format!("{MARKER_TEXT}\n"))?;
        }
        test_hook("staging-created");
        Ok(staging)
    }

    /// Whether this build reused the spare and ran out of space in it: the spare, which may
    /// hold most of a site, is better dropped and the build tried once more in a new folder.
    pub fn full_in_spare(&self) -> bool {
        self.reused && self.full.load(Ordering::Relaxed)
    }

    /// The errors of a build that failed, with those of a full disk (one a file) made one: how
    /// many files could not be written, on which disk, what the build deleted to make room,
    /// and what else may go.
    pub fn explain_full_disk(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if !self.full.load(Ordering::Relaxed) {
            return diagnostics;
        }
        let full = io_words(&io::Error::from(io::ErrorKind::StorageFull));
        let (cut, mut rest): (Vec<_>, Vec<_>) = diagnostics
            .into_iter()
            .partition(|d| d.message.ends_with(&full));
        let output = self.layout.output.display();
        // A reused spare is dropped with the rest; one this build did not use stays.
        let spare = if !self.reused && fs::symlink_metadata(&self.layout.spare).is_ok() {
            format!(
                " `{}`, a spare copy of the previous site, can go;",
                self.layout.spare.display()
            )
        } else {
            String::new()
        };
        rest.insert(
            0,
            Diagnostic::error(format!(
                "cannot write {} of the site's files: the disk that holds `{output}` is full",
                cut.len()
            ))
            .with_hint(format!(
                "free space on that disk and build again: this build keeps nothing of what it wrote;{spare} `{output}` is as it was, and may go too if the site can be missing until the next build"
            )),
        );
        rest
    }

    /// Drops what the build wrote: the previous output stays as it was. A reused folder goes
    /// back to being the spare: its files are each either the old or the new bytes, never cut
    /// short, and the next build compares every one; unless the disk is full, when it goes,
    /// so that the next build has the room. A new folder may hold a file cut short, so it goes.
    pub fn discard(self) {
        let layout = self.layout;
        let kept = self.reused
            && !self.full.load(Ordering::Relaxed)
            && fs::symlink_metadata(&layout.spare).is_err()
            && fs::rename(&layout.staging, &layout.spare).is_ok();
        if !kept {
            let _ = fs::remove_dir_all(&layout.staging);
        }
    }

    /// Swaps the staging folder in as the output; the replaced output becomes the spare.
    pub fn commit(self) -> io::Result<()> {
        test_hook("staging-written");
        if let Err(error) = self.complete() {
            self.discard();
            return Err(error);
        }
        match swap_in(self.layout) {
            Ok(()) => Ok(()),
            // Rolled back: the staging folder is complete, and can be the spare.
            Err(error) if !swap_pending(self.layout) => {
                self.discard();
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// The last steps before the swap: a reused folder pruned, the user's files in the output
    /// checked against the new site's, and the names the build wrote listed in the marker, so
    /// that the next build tells them from files put in the output by hand.
    fn complete(&self) -> io::Result<()> {
        if self.reused {
            self.prune()?;
        }
        let mut names: Vec<String> = fs::read_dir(&self.layout.staging)?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort();
        if is_dir_no_follow(&self.layout.output) {
            let taken = users_entries(&self.layout.output)?
                .into_iter()
                .find(|name| {
                    !name.to_string_lossy().starts_with('.')
                        && names.iter().any(|n| *n == name.to_string_lossy())
                });
            if let Some(name) = taken {
                return Err(io::Error::other(format!(
                    "`{}` is yours (the last build did not write it), and this build writes a file of that name; move it away (in `static/`, every build publishes it), then build again",
                    self.layout.output.join(name).display()
                )));
            }
        }
        let marker = self.layout.staging.join(OUTPUT_MARKER);
        fs::write(marker, format!("{MARKER_TEXT}\n{}\n", names.join("\n")))
    }

    /// Removes from a reused folder every file and folder this build did not produce
    /// (including the temporary file of a write that failed).
    fn prune(&self) -> io::Result<()> {
        let written = lock(&self.written);
        let created = lock(&self.created);
        for entry in walkdir::WalkDir::new(&self.layout.staging)
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
        let same = match fs::symlink_metadata(target) {
            Ok(meta) if meta.is_file() => {
                meta.len() == bytes.len() as u64 && fs::read(target)? == bytes
            }
            // A folder where this build puts a file (a link or anything else is replaced by
            // the rename).
            Ok(meta) if meta.is_dir() => {
                fs::remove_dir_all(target)?;
                false
            }
            _ => false,
        };
        if !same {
            self.replace(target, bytes)?;
        }
        lock(&self.written).insert(target.to_path_buf());
        Ok(())
    }

    /// Writes a new file beside `target` and renames it over `target`. Not `files::write_atomic`:
    /// a rebuild may replace thousands of pages, and syncing each to disk would cost seconds
    /// (the swap's journal is what orders the build), and the temporary file's fixed name lets
    /// a leftover of a killed build be found, replaced and pruned.
    fn replace(&self, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let temporary = target.with_file_name(format!(".{name}.sprintgen-new"));
        // A leftover of an earlier failure (or anything else by that name) could be a link:
        // never write through it, and a folder would block every later build.
        match fs::symlink_metadata(&temporary) {
            Ok(meta) if meta.is_dir() => fs::remove_dir_all(&temporary)?,
            Ok(_) => fs::remove_file(&temporary)?,
            Err(_) => {}
        }
        let written = write_new_file(&temporary, bytes, self.simulate_disk_full())
            .and_then(|()| fs::rename(&temporary, target));
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written
    }

    /// Whether this write is the one `SPRINTGEN_TEST_HOOK=disk-full:N` makes fail.
    fn simulate_disk_full(&self) -> bool {
        let n = self.writes.fetch_add(1, Ordering::Relaxed) + 1;
        disk_full_at() == Some(n)
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
            let mut folder = self.layout.staging.clone();
            let inside = parent.strip_prefix(&folder).unwrap_or(Path::new(""));
            for part in inside.components() {
                folder.push(part);
                match fs::symlink_metadata(&folder) {
                    Ok(meta) if meta.is_dir() => {}
                    Ok(_) => fs::remove_file(&folder)?,
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

impl Sink for Staging<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = safe_join(&self.layout.staging, path)?;
        let written = self.make_parent(&target).and_then(|()| {
            if self.reused {
                self.put_reused(&target, bytes)
            } else {
                fs::write(target, bytes)
            }
        });
        if written
            .as_ref()
            .is_err_and(|e| e.kind() == io::ErrorKind::StorageFull)
        {
            self.full.store(true, Ordering::Relaxed);
        }
        written
    }
}

/// Creates `path`, which must not exist, with `bytes`; with `cut_short`, writes half of them
/// and fails as a full disk would (the test hook).
fn write_new_file(path: &Path, bytes: &[u8], cut_short: bool) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    if cut_short {
        file.write_all(&bytes[..bytes.len() / 2])?;
        return Err(io::Error::from(io::ErrorKind::StorageFull));
    }
    file.write_all(bytes)
}

/// An absolute, lexically normalised path, with the symbolic links of every part that exists
/// resolved, even below a part that does not exist yet: `link-to-content/new/out` is
/// `content/new/out`, so an output there is seen to be inside the inputs.
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
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_points_are_read_from_the_table() {
        let table = "22 27 0:21 / /proc rw,relatime - proc proc rw\n\
                     40 27 8:1 /vol /srv/my\\040site rw - ext4 /dev/sda1 rw\n";
        let points: Vec<PathBuf> = mount_points(table).collect();
        assert_eq!(
            points,
            [PathBuf::from("/proc"), PathBuf::from("/srv/my site")]
        );
    }
}
