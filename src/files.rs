//! Writing a user's files safely: a new file only where none is (one that appeared in the
//! meantime is never replaced), and a replaced file through a temporary file beside it that
//! takes its place in one rename, so an interrupted write never leaves half a file; and the
//! lock that makes the commands writing a site's data files take turns ([`EditLock`]).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::paths::{CONTENT_DIR, EDIT_LOCK};

/// Creates the file at `path` (and its folder) with `bytes`, refusing to replace a file. The
/// bytes go to a temporary file first, which is then linked under the new name (a link, unlike
/// a rename, fails when the name is taken), so an interrupted write leaves no half file.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (folder, temporary) = temporary_beside(path);
    std::fs::create_dir_all(folder)?;
    let written = write_temporary(&temporary, bytes, None).and_then(|()| {
        match std::fs::hard_link(&temporary, path) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                // A file system without hard links: create the file in place.
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                    .and_then(|mut f| f.write_all(bytes))
            }
            linked => linked,
        }
    });
    let _ = std::fs::remove_file(&temporary);
    written
}

/// The folder of `path` and the temporary file a write to `path` goes through: named
/// `.<name>.sprintgen-<process id>`, so the next command that holds the [`EditLock`] can
/// tell the leftover of a killed write ([`is_leftover`]), and `.gitignore` can ignore it
/// meanwhile (`.*.sprintgen-*`).
fn temporary_beside(path: &Path) -> (&Path, PathBuf) {
    // A bare file name has the empty path as its parent, which names the working folder here
    // too (`create_dir_all` accepts it, `join` keeps the name relative).
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.sprintgen-{}", std::process::id()));
    (folder, temporary)
}

/// Creates `temporary` with `bytes` (and the permissions of `like`, when given), on disk.
fn write_temporary(temporary: &Path, bytes: &[u8], like: Option<&Path>) -> io::Result<()> {
    // A leftover of a killed process that had this process's id.
    let _ = std::fs::remove_file(temporary);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temporary)?;
    file.write_all(bytes)?;
    if let Some(metadata) = like.and_then(|like| std::fs::metadata(like).ok()) {
        file.set_permissions(metadata.permissions())?;
    }
    file.sync_all()
}

/// Writes `bytes` to `path` atomically, creating the folder if needed and keeping the
/// permissions of the file it replaces.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (folder, temporary) = temporary_beside(path);
    std::fs::create_dir_all(folder)?;
    let written = write_temporary(&temporary, bytes, Some(path))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Why [`replace_checked`] did not write.
#[derive(Debug)]
pub enum NotReplaced {
    /// The file no longer holds the text it was read with: someone saved it in the meantime.
    Changed,
    Io(io::Error),
}

/// Replaces the file at `path` with `after` (as [`write_atomic`]), unless it no longer holds
/// `before`. Under the [`EditLock`] no sprintgen command writes the file between the check and
/// the rename; the check catches a save from an editor before the command took the lock.
pub fn replace_checked(path: &Path, before: &str, after: &str) -> Result<(), NotReplaced> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(before) {
        return Err(NotReplaced::Changed);
    }
    write_atomic(path, after.as_bytes()).map_err(NotReplaced::Io)
}

/// The right to change a site's data files, held by a command from before it reads them until
/// its last rename, so that two commands never both read the same text and the second never
/// writes over the first's change: the second waits, then reads the first one's result.
/// Released when dropped, or by the operating system when the process dies. The lock file is
/// removed on release where the platform allows, so a site keeps no trace of an edit.
pub struct EditLock {
    file: File,
    path: PathBuf,
    /// Temporary files of killed writes that taking the lock removed, relative to the site.
    pub removed: Vec<String>,
}

impl EditLock {
    /// Takes the lock of the site at `root` (the file [`EDIT_LOCK`] in it), waiting for the
    /// command that holds it (after telling `on_wait` the lock file's path), then removes the
    /// temporary files that killed writes left: no other command is writing while it is held.
    pub fn acquire(root: &Path, on_wait: impl FnOnce(&Path)) -> io::Result<EditLock> {
        let path = root.join(EDIT_LOCK);
        let mut on_wait = Some(on_wait);
        let file = loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if let Some(on_wait) = on_wait.take() {
                        on_wait(&path);
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(error)) => return Err(error),
            }
            // The holder before removed the file it locked: this lock is on a file no other
            // command can find, so take the one now at the path.
            if still_at(&file, &path) {
                break file;
            }
        };
        let removed = remove_leftovers(root)?;
        Ok(EditLock {
            file,
            path,
            removed,
        })
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Removed while still held: a command waiting on this file sees it gone and locks
        // the path anew (`still_at`).
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Whether the open `file` is the file at `path` (always, where a file that is open cannot be
/// removed).
fn still_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Ok(open), Ok(named)) = (file.metadata(), std::fs::metadata(path)) else {
            return false;
        };
        open.dev() == named.dev() && open.ino() == named.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Removes the temporary files of writes that were killed, in the site's folder and under
/// `content/`, and returns their paths relative to `root`.
fn remove_leftovers(root: &Path) -> io::Result<Vec<String>> {
    let top = walkdir::WalkDir::new(root).min_depth(1).max_depth(1);
    let content = walkdir::WalkDir::new(root.join(CONTENT_DIR)).min_depth(1);
    let mut removed = Vec::new();
    for entry in top.into_iter().chain(content).filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && is_leftover(&name) {
            std::fs::remove_file(entry.path())?;
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            removed.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    removed.sort();
    Ok(removed)
}

/// The temporary file of a write to a TOML file: `.<name>.toml.sprintgen-<process id>`.
fn is_leftover(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.rsplit_once(".toml.sprintgen-"))
        .is_some_and(|(stem, id)| {
            !stem.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = std::env::temp_dir().join(format!("sprintgen-files-{}", std::process::id()));
        let path = dir.join("a/b.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.join("a")).unwrap().count(), 1);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_new_file_is_never_written_over_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/new.toml");
        write_new(&path, b"first").unwrap();
        let error = write_new(&path, b"second").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert_eq!(std::fs::read_dir(dir.path().join("a")).unwrap().count(), 1);
    }

    #[test]
    fn a_changed_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "saved by someone else").unwrap();
        let refused = replace_checked(&path, "as read", "edited");
        assert!(matches!(refused, Err(NotReplaced::Changed)));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "saved by someone else"
        );
        replace_checked(&path, "saved by someone else", "edited").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");
    }

    #[test]
    fn leftovers_are_the_temporary_files_of_toml_writes_only() {
        assert!(is_leftover(".sprint-04.toml.sprintgen-12345"));
        assert!(is_leftover(".sprintgen.toml.sprintgen-7"));
        assert!(!is_leftover(".sprint-04.toml.sprintgen-"));
        assert!(!is_leftover(".sprint-04.toml.sprintgen-new"));
        assert!(!is_leftover(".public.sprintgen-previous"));
        assert!(!is_leftover(".taplo.toml.sprintgen-12x"));
        assert!(!is_leftover("sprint-04.toml.sprintgen-1"));
        assert!(!is_leftover(".toml.sprintgen-1"));
    }

    #[test]
    fn taking_the_lock_removes_what_killed_writes_left() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("content/a");
        std::fs::create_dir_all(&team).unwrap();
        for name in [
            ".sprint-01.toml.sprintgen-99",
            ".other.sprintgen-99",
            "sprint-01.toml",
        ] {
            std::fs::write(team.join(name), "x").unwrap();
        }
        std::fs::write(dir.path().join(".sprintgen.toml.sprintgen-98"), "x").unwrap();
        let lock = EditLock::acquire(dir.path(), |_| panic!("nobody holds the lock")).unwrap();
        assert_eq!(
            lock.removed,
            [
                ".sprintgen.toml.sprintgen-98",
                "content/a/.sprint-01.toml.sprintgen-99"
            ]
        );
        let mut left: Vec<_> = std::fs::read_dir(&team)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [".other.sprintgen-99", "sprint-01.toml"]);
    }

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = EditLock::acquire(dir.path(), |_| panic!("free")).unwrap();
        let root = dir.path().to_path_buf();
        let (told, waiting) = std::sync::mpsc::channel();
        let second = std::thread::spawn(move || {
            EditLock::acquire(&root, |path| {
                told.send(path.to_path_buf()).unwrap();
            })
            .map(|_| ())
        });
        // The second is told it waits (so it did not get the lock), then gets it once the
        // first lets go, although the first removed the file it had locked.
        assert_eq!(waiting.recv().unwrap(), dir.path().join(EDIT_LOCK));
        drop(first);
        second.join().unwrap().unwrap();
        // Released, the lock leaves nothing in the site.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_working_folder() {
        // Unit tests run in the crate's folder; the name is this process's own.
        let name = format!(".files-test-{}", std::process::id());
        write_atomic(Path::new(&name), b"x").unwrap();
        assert_eq!(std::fs::read(&name).unwrap(), b"x");
        std::fs::remove_file(&name).unwrap();
    }
}
