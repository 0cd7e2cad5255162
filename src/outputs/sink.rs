//! Where generated files go: a [`Sink`] takes each file as it is rendered, so a build never
//! holds the whole site in memory. `build` writes to a staging folder, `serve` keeps the files
//! in memory, `check` drops them.

use std::collections::BTreeMap;
use std::io;
use std::sync::Mutex;

/// Output files by path relative to the output root (`/`-separated); sorted for determinism.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Where generated files go.
pub trait Sink: Sync {
    /// Stores one file; `path` is relative to the output root, `/`-separated.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Keeps the files in memory (`serve`, tests).
#[derive(Default)]
pub struct Memory(Mutex<Files>);

impl Memory {
    pub fn into_files(self) -> Files {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self
            .0
            .lock()
            .map_err(|_| io::Error::other("a writer panicked"))?;
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Drops the files (`check` renders everything but writes nothing).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
}
