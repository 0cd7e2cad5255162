//! Helpers of the writers of the output folder (the staging folder, the swap).

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A mutex whose data stays usable after a panic elsewhere (the build reports the panic).
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Joins a generated relative path, refusing anything that could leave `dir`.
pub(super) fn safe_join(dir: &Path, relative: &str) -> io::Result<PathBuf> {
    let path = Path::new(relative);
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(dir.join(path))
    } else {
        Err(io::Error::other(format!(
            "refusing to write `{relative}` outside the output folder"
        )))
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
