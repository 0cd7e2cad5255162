//! The text of a file that was read, kept so that diagnostics can quote its lines.

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the site root, with `/` separators: what users see in messages.
    pub path: String,
    /// The text while the file is being parsed. A file read from disk releases it afterwards
    /// (a large site's texts would otherwise stay in memory for the whole build) and
    /// [`SourceFile::text`] reads it again for the rare diagnostic that quotes it.
    pub text: String,
    /// Where the file was read from, when it was.
    pub disk: Option<std::path::PathBuf>,
}

impl SourceFile {
    /// A file held in memory only (templates, tests, fuzzing).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            disk: None,
        }
    }

    /// The file's text, read again from disk if it was released.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.disk {
            Some(disk) if self.text.is_empty() => std::fs::read_to_string(disk)
                .map(std::borrow::Cow::Owned)
                .unwrap_or_default(),
            _ => std::borrow::Cow::Borrowed(&self.text),
        }
    }

    /// Frees the text of a file that can be read again.
    pub fn release(&mut self) {
        if self.disk.is_some() {
            self.text = String::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn a_released_file_is_read_again_and_a_file_in_memory_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let disk = dir.path().join("sprint-01.toml");
        std::fs::write(&disk, "as on disk now").unwrap();
        let mut read = SourceFile {
            path: "content/a/sprint-01.toml".into(),
            text: "as read".into(),
            disk: Some(disk),
        };
        assert_eq!(read.text(), "as read");
        read.release();
        assert!(read.text.is_empty());
        assert_eq!(read.text(), "as on disk now");

        let mut memory = SourceFile::new("(default theme) templates/base.html", "kept");
        memory.release();
        assert_eq!(memory.text(), "kept");
    }
}
