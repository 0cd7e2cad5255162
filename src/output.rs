//! Writing the site: into a staging folder first, then swapped in place, so a failed or
//! interrupted build never leaves a half-written site and never touches files sprintgen did
//! not create.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::load::{CONFIG_FILE, CONTENT_DIR};

/// Marks a folder as sprintgen's output; only such a folder is ever replaced.
pub const MARKER: &str = ".sprintgen-output";

/// Output files by path relative to the output root (`/`-separated); sorted for determinism.
pub type Files = BTreeMap<String, Vec<u8>>;

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

/// Writes `files` as the new content of `output`, keeping the dotfiles (`.git`, `CNAME`-style
/// files are not dotfiles and are replaced) at the root of the previous output.
pub fn write_site(output: &Path, files: &Files) -> io::Result<()> {
    let output = absolute(output);
    let parent = output
        .parent()
        .ok_or_else(|| io::Error::other("the output folder has no parent"))?;
    fs::create_dir_all(parent)?;
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    recover_interrupted(parent, &name, &output)?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.sprintgen-staging-{pid}"));
    let retired = parent.join(format!(".{name}.sprintgen-old-{pid}"));

    if let Err(error) = write_tree(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }

    if output.exists() {
        fs::rename(&output, &retired)?;
        if let Err(error) = fs::rename(&staging, &output) {
            // Put the previous site back rather than leave nothing.
            let _ = fs::rename(&retired, &output);
            let _ = fs::remove_dir_all(&staging);
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
        fs::remove_dir_all(&retired)?;
    } else {
        fs::rename(&staging, &output)?;
    }
    Ok(())
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

fn write_tree(dir: &Path, files: &Files) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join(MARKER),
        "This folder is generated by sprintgen; it is replaced on every build.\n",
    )?;
    for (relative, bytes) in files {
        let path = safe_join(dir, relative)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)?;
    }
    Ok(())
}

/// Joins a generated relative path, refusing anything that could leave `dir`.
fn safe_join(dir: &Path, relative: &str) -> io::Result<PathBuf> {
    let path = Path::new(relative);
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(dir.join(path))
    } else {
        Err(io::Error::other(format!(
            "refusing to write `{relative}` outside the output folder"
        )))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let dir = Path::new("/tmp/out");
        assert!(safe_join(dir, "a/b.html").is_ok());
        assert!(safe_join(dir, "../x").is_err());
        assert!(safe_join(dir, "/etc/passwd").is_err());
    }
}
