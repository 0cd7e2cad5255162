//! Putting a finished staging folder in place of the output, so that a build killed at any
//! moment leaves either the previous site or the new one, and never loses the user's files
//! kept in the output (dotfiles such as `.git`, and anything the build did not write).
//!
//! Everything a build keeps beside the output `public` is named `.public.sprintgen-<what>`:
//! - `lock`: an advisory lock held for the whole build, so that two builds into the same
//!   output take turns (the second waits) and recovery never touches a live build's folders;
//! - `staging`: the folder the build writes into;
//! - `swap`: the journal, written once the staging folder is complete: from then on the swap
//!   is finished by whoever gets there, this build or the next;
//! - `old`: the previous output while the swap runs;
//! - `previous`: the spare, the output replaced by the last build, reused by the next one.
//!
//! The swap's steps, each one rename: the user's files move from the output into the
//! staging folder, the output moves aside to `old`, the staging folder becomes the output, and
//! `old` becomes the spare. Each step is visible on disk, so the next build, finding the
//! journal, sees how far the swap got and does the rest ([`recover`]). A staging folder without
//! a journal is an unfinished build's, and is deleted.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
#[cfg(feature = "test-hooks")]
use std::io::BufRead;
use std::path::{Path, PathBuf};
#[cfg(feature = "test-hooks")]
use std::sync::OnceLock;

#[cfg(feature = "test-hooks")]
use crate::console::errln;
use crate::model::paths::{OUTPUT_MARKER, is_output_work_name, output_work_name};

/// Where a build keeps its folders and files beside an output.
pub struct Layout {
    pub output: PathBuf,
    pub parent: PathBuf,
    pub staging: PathBuf,
    pub spare: PathBuf,
    retired: PathBuf,
    journal: PathBuf,
    lock: PathBuf,
    /// The output's folder name, for the names of an older sprintgen's leftovers.
    name: String,
}

impl Layout {
    /// `output` must be absolute and normalised (see [`super::absolute`]).
    fn new(output: PathBuf) -> io::Result<Layout> {
        let parent = output
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent"))?
            .to_path_buf();
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let beside = |what: &str| parent.join(output_work_name(&name, what));
        Ok(Layout {
            staging: beside("staging"),
            spare: beside("previous"),
            retired: beside("old"),
            journal: beside("swap"),
            lock: beside("lock"),
            output,
            parent,
            name,
        })
    }
}

/// The right to write an output folder, held from before the previous build's leftovers are
/// cleaned up until the new site is in place; released when dropped (or when the process
/// dies: the operating system drops the lock with the file).
pub struct OutputLock {
    _file: File,
    pub layout: Layout,
}

impl OutputLock {
    /// Takes the lock beside `output`, waiting for a build that holds it (after telling
    /// `on_wait` the lock file's path), then finishes or cleans up what an interrupted build
    /// left. Waiting rather than refusing lets scripts and CI jobs that start builds close
    /// together simply run them one after the other, as `cargo` does with its build folder.
    pub fn acquire(output: PathBuf, on_wait: Option<fn(&Path)>) -> io::Result<OutputLock> {
        let layout = Layout::new(output)?;
        fs::create_dir_all(&layout.parent)?;
        expect_kind(&layout.lock, false, "its build lock")?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&layout.lock)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                if let Some(on_wait) = on_wait {
                    on_wait(&layout.lock);
                }
                file.lock()?;
            }
            Err(TryLockError::Error(error)) => return Err(error),
        }
        test_hook("locked");
        recover(&layout)?;
        Ok(OutputLock {
            _file: file,
            layout,
        })
    }
}

/// Swaps the complete staging folder in as the output, keeping the output's dotfiles and its
/// permissions; the replaced output becomes the spare. On an error the previous output is put
/// back as it was; if even that fails, the journal stays for the next build to finish the swap.
pub fn swap_in(layout: &Layout) -> io::Result<()> {
    write_journal(layout)?;
    test_hook("journal-written");
    let mut moved = Vec::new();
    if let Err(error) = swap_steps(layout, &mut moved) {
        return Err(match roll_back(layout, &moved) {
            Ok(()) => error,
            Err(_) => io::Error::new(
                error.kind(),
                format!("{error} (the next build finishes the swap)"),
            ),
        });
    }
    finish(layout);
    Ok(())
}

/// Whether a swap began (its journal exists) and is left for the next build to finish.
pub fn swap_pending(layout: &Layout) -> bool {
    layout.journal.exists()
}

fn swap_steps(layout: &Layout, moved: &mut Vec<OsString>) -> io::Result<()> {
    if is_dir_no_follow(&layout.output) {
        move_users_files(&layout.output, &layout.staging, moved)?;
        test_hook("dotfiles-moved");
        fs::rename(&layout.output, &layout.retired)?;
        test_hook("output-retired");
        test_failure("output-retired")?;
    }
    // The new output keeps the permissions of the one it replaces.
    if let Ok(meta) = fs::metadata(&layout.retired) {
        fs::set_permissions(&layout.staging, meta.permissions())?;
    }
    fs::rename(&layout.staging, &layout.output)?;
    test_hook("staging-swapped");
    Ok(())
}

/// Undoes the steps of a failed swap: the previous output and its dotfiles go back.
fn roll_back(layout: &Layout, moved: &[OsString]) -> io::Result<()> {
    test_failure("roll-back")?;
    if fs::symlink_metadata(&layout.output).is_err() && is_dir_no_follow(&layout.retired) {
        fs::rename(&layout.retired, &layout.output)?;
    }
    for name in moved.iter().rev() {
        fs::rename(layout.staging.join(name), layout.output.join(name))?;
    }
    fs::remove_file(&layout.journal)
}

/// The last step: the replaced output becomes the spare, and the journal goes. The new site is
/// in place already, so a failure here is left for the next build's recovery to finish.
fn finish(layout: &Layout) {
    if keep_spare(layout).is_ok() {
        test_hook("spare-kept");
        if fs::remove_file(&layout.journal).is_ok() {
            sync_dir(&layout.parent);
        }
    }
}

/// The replaced output, moved aside during the swap, becomes the spare (or is deleted when a
/// spare is there already).
fn keep_spare(layout: &Layout) -> io::Result<()> {
    if !is_dir_no_follow(&layout.retired) {
        return Ok(());
    }
    let taken = fs::symlink_metadata(&layout.spare).is_ok();
    if taken || fs::rename(&layout.retired, &layout.spare).is_err() {
        fs::remove_dir_all(&layout.retired)?;
    }
    Ok(())
}

/// Moves the user's entries of `from` (see [`users_entries`]) that `to` does not have into
/// `to`, recording their names. Files the build writes itself (`.nojekyll`, the marker) are
/// the build's.
fn move_users_files(from: &Path, to: &Path, moved: &mut Vec<OsString>) -> io::Result<()> {
    for name in users_entries(from)? {
        if fs::symlink_metadata(to.join(&name)).is_err() {
            fs::rename(from.join(&name), to.join(&name))?;
            moved.push(name);
            test_hook("dotfile-moved");
        }
    }
    Ok(())
}

/// The entries of the output `output` that are the user's, not its build's: dotfiles and
/// dot-folders (but sprintgen's own work files, such as the lock of an output nested in this
/// one, which are never published), and any other entry the build that wrote the output did
/// not write (a `CNAME` or `robots.txt` put there by hand), as its marker lists them. A
/// marker of an older sprintgen lists nothing, and then only dotfiles are the user's.
pub fn users_entries(output: &Path) -> io::Result<Vec<OsString>> {
    let built = built_names(output);
    let mut names = Vec::new();
    for entry in fs::read_dir(output)? {
        let name = entry?.file_name();
        let shown = name.to_string_lossy();
        let users = if shown.starts_with('.') {
            !is_output_work_name(&shown)
        } else {
            built
                .as_ref()
                .is_some_and(|built| !built.iter().any(|b| *b == shown))
        };
        if users {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The first line of the output's marker; the names of the entries the build wrote follow it,
/// one a line.
pub const MARKER_TEXT: &str = "This folder is generated by sprintgen; it is replaced on every build, keeping the files below the list, which are yours.";

/// The names the build that wrote `output` put at its root, from its marker.
fn built_names(output: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(output.join(OUTPUT_MARKER)).ok()?;
    let mut lines = text.lines();
    (lines.next() == Some(MARKER_TEXT)).then(|| lines.map(str::to_string).collect())
}

/// The journal marks the staging folder as complete. Its name is what counts; the text is for
/// whoever finds it.
fn write_journal(layout: &Layout) -> io::Result<()> {
    let text = format!(
        "sprintgen is swapping `{}` in as `{}`.\nIf this file is still here, that build was interrupted, and the next build into the same folder finishes the swap.\n",
        layout.staging.display(),
        layout.output.display()
    );
    let mut file = File::create(&layout.journal)?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    file.sync_all()?;
    sync_dir(&layout.parent);
    Ok(())
}

/// Makes the renames in `dir` durable, where the platform can (best effort: a crash of the
/// process needs none of it, only a crash of the machine).
fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Finishes or undoes what an interrupted build left beside the output. Runs with the lock
/// held, so whatever is found belongs to a build that is no longer running.
fn recover(layout: &Layout) -> io::Result<()> {
    expect_kind(&layout.journal, false, "the journal of a swap")?;
    expect_kind(&layout.retired, true, "the previous site while a swap runs")?;
    let pending = swap_pending(layout);
    if pending && is_dir_no_follow(&layout.staging) {
        // The staging folder was complete: do the steps the build did not get to.
        swap_steps(layout, &mut Vec::new())?;
    } else if !pending && fs::symlink_metadata(&layout.staging).is_ok() {
        // Killed while writing: any of its files may be cut short.
        remove_any(&layout.staging)?;
    }
    if is_dir_no_follow(&layout.retired) {
        if fs::symlink_metadata(&layout.output).is_err() {
            fs::rename(&layout.retired, &layout.output)?;
        } else {
            keep_spare(layout)?;
        }
    }
    if pending {
        fs::remove_file(&layout.journal)?;
        sync_dir(&layout.parent);
    }
    recover_older_version(layout)
}

/// The leftovers of sprintgen versions before the lock and the journal, named with a process
/// id: a staging folder is dropped, and a previous site moved aside but not replaced goes back.
fn recover_older_version(layout: &Layout) -> io::Result<()> {
    let staging_prefix = output_work_name(&layout.name, "staging-");
    let retired_prefix = output_work_name(&layout.name, "old-");
    for entry in fs::read_dir(&layout.parent)?.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&staging_prefix) {
            remove_any(&entry.path())?;
        } else if file_name.starts_with(&retired_prefix) {
            if fs::symlink_metadata(&layout.output).is_ok() {
                remove_any(&entry.path())?;
            } else {
                fs::rename(entry.path(), &layout.output)?;
            }
        }
    }
    Ok(())
}

/// Refuses an entry of the wrong kind (or a link) where sprintgen keeps one of its work files
/// or folders: it is not sprintgen's, so the error names it and says how to remove it.
fn expect_kind(path: &Path, folder: bool, what: &str) -> io::Result<()> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.is_dir() == folder && !meta.file_type().is_symlink() {
        return Ok(());
    }
    let found = if meta.file_type().is_symlink() {
        "a link"
    } else if meta.is_dir() {
        "a folder"
    } else {
        "a file"
    };
    let kept = if folder { "a folder" } else { "a file" };
    let shown = path.display();
    Err(io::Error::other(format!(
        "`{shown}` is {found}, where sprintgen keeps {kept} ({what}), so it is not sprintgen's; move it away or delete it (`rm -r '{shown}'`), then build again"
    )))
}

/// Removes a folder, or whatever else is found under its name (never following a link).
fn remove_any(path: &Path) -> io::Result<()> {
    if is_dir_no_follow(path) {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// A folder, and not a link to one.
pub fn is_dir_no_follow(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Test-only failure injection, for the crash tests (`tests/output_safety.rs`) and
/// `bench/stress.sh`: the environment variable `SPRINTGEN_TEST_HOOK` names a step of the build
/// and what to do there. `abort:STEP` aborts the process at that step, as if it were killed;
/// `pause:STEP` prints `paused at STEP` on stderr and waits for a line on stdin;
/// `fail:output-retired` makes the swap fail there, as a file system refusing the next rename
/// would (see [`test_failure`]), so the swap is rolled back; `fail:output-retired,roll-back`
/// makes the roll-back fail too, so the swap is left to the next build. The steps, in
/// order: `locked`, `staging-created`, `staging-written`, `journal-written`, `dotfile-moved`
/// (after each dotfile), `dotfiles-moved`, `output-retired`, `staging-swapped`, `spare-kept`.
/// `disk-full:N` makes the N-th file written into a reused folder fail half-way with "no space
/// left" (see [`disk_full_at`]). Nothing else reads the variable, and only test builds have
/// it: the cargo feature `test-hooks`, which `cargo test` turns on (Cargo.toml's
/// dev-dependency on sprintgen itself); a release binary has none of this.
#[cfg(feature = "test-hooks")]
pub fn test_hook(step: &str) {
    match hook_setting() {
        Some(("abort", at)) if at == step => std::process::abort(),
        Some(("pause", at)) if at == step => {
            errln!("paused at {step}");
            let _ = io::stdin().lock().read_line(&mut String::new());
        }
        _ => {}
    }
}

/// Without the feature `test-hooks`, no step does anything.
#[cfg(not(feature = "test-hooks"))]
pub fn test_hook(_step: &str) {}

/// The error `SPRINTGEN_TEST_HOOK=fail:STEP` injects at a step of the swap (see [`test_hook`]).
#[cfg(feature = "test-hooks")]
fn test_failure(step: &str) -> io::Result<()> {
    match hook_setting() {
        Some(("fail", at)) if at.split(',').any(|at| at == step) => Err(io::Error::other(format!(
            "the test hook failed the swap at {step}"
        ))),
        _ => Ok(()),
    }
}

#[cfg(not(feature = "test-hooks"))]
fn test_failure(_step: &str) -> io::Result<()> {
    Ok(())
}

/// The write that `SPRINTGEN_TEST_HOOK=disk-full:N` makes fail (see [`test_hook`]), if any.
#[cfg(feature = "test-hooks")]
pub fn disk_full_at() -> Option<usize> {
    match hook_setting() {
        Some(("disk-full", n)) => n.parse().ok(),
        _ => None,
    }
}

#[cfg(not(feature = "test-hooks"))]
pub fn disk_full_at() -> Option<usize> {
    None
}

#[cfg(feature = "test-hooks")]
fn hook_setting() -> Option<(&'static str, &'static str)> {
    static SETTING: OnceLock<Option<String>> = OnceLock::new();
    SETTING
        .get_or_init(|| std::env::var("SPRINTGEN_TEST_HOOK").ok())
        .as_deref()
        .and_then(|s| s.split_once(':'))
}
