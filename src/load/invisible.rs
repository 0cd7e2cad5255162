//! Invisible characters in a file's text: bidirectional controls make a line display in
//! another order than it is stored ("Trojan Source"), zero-width spaces hide inside words.
//! A report built from such text says something other than what reviewers read in the pull
//! request, so each one gets a warning, as rustc's `text_direction_codepoint_in_literal` lint
//! does. Ids are checked for the rest of the invisible characters by validation.

use crate::diagnostics::{Diagnostic, describe_invisible, invisible_char};
use crate::model::SourceFile;

/// A warning for each character of `file` that is suspect wherever it appears (comments
/// included: they are part of what a reviewer reads). A byte-order mark opening the file is
/// the editor's, not the text's.
pub fn invisible_characters(file: &SourceFile) -> Vec<Diagnostic> {
    let text = file.text.strip_prefix('\u{FEFF}').unwrap_or(&file.text);
    let skipped = file.text.len() - text.len();
    text.char_indices()
        .filter_map(|(at, c)| {
            let (name, everywhere) = invisible_char(c)?;
            everywhere.then(|| {
                let at = skipped + at;
                Diagnostic::warning(format!(
                    "invisible character {} in the text: it can make the text read differently from what it holds",
                    describe_invisible(c, name)
                ))
                .at(file, at..at + c.len_utf8())
                .with_hint(format!(
                    "remove it; if it is meant to be there, write it as an escape (`\\u{:04X}` in a TOML string)",
                    u32::from(c)
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_and_zero_width_spaces_are_reported_where_they_are() {
        let file = SourceFile::new(
            "content/t/sprint-01.toml",
            "\u{FEFF}id = \"A\u{202E}1\"\n# a\u{200B}b\nnotes = \"👩\u{200D}💻\"\n",
        );
        let found: Vec<String> = invisible_characters(&file)
            .iter()
            .map(|d| format!("{} {}", d.position().unwrap(), d.message))
            .collect();
        assert_eq!(
            found,
            [
                "content/t/sprint-01.toml:1:8 invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in the text: it can make the text read differently from what it holds",
                "content/t/sprint-01.toml:2:4 invisible character U+200B (ZERO WIDTH SPACE) in the text: it can make the text read differently from what it holds",
            ]
        );
    }

    #[test]
    fn the_caret_underlines_the_one_character_even_at_the_start_of_the_file() {
        let file = SourceFile::new("content/t/sprint-01.toml", "\u{200B}id = \"A\u{202E}1\"\n");
        let found: Vec<(String, usize)> = invisible_characters(&file)
            .iter()
            .map(|d| {
                let location = d.location.as_ref().unwrap();
                (d.position().unwrap(), location.width)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("content/t/sprint-01.toml:1:1".to_string(), 1),
                ("content/t/sprint-01.toml:1:9".to_string(), 1),
            ]
        );
    }
}
