//! User-facing errors and warnings: where (`file:line:col`), what was expected, and how to fix it.
//!
//! Every diagnostic carries the quoted source line so that it reads the same in a terminal, in a
//! CI log or in a test assertion; the location is resolved once, when the diagnostic is made.

use std::fmt;
use std::ops::Range;

use crate::model::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// The whole source line, for the quote under the message.
    pub source_line: String,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
}

impl Location {
    /// Resolves a byte span of `file` to a line and column.
    pub fn of_span(file: &SourceFile, span: Range<usize>) -> Location {
        let text = &*file.text();
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let line = text[..start].matches('\n').count() + 1;
        // A byte-order mark opening the file is invisible in editors: it takes no column.
        let bom = usize::from(line_start == 0 && text.starts_with('\u{FEFF}') && start > 0);
        let column = text[line_start..start].chars().count() + 1 - bom;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        Location {
            path: file.path.clone(),
            line,
            column,
            source_line,
            width,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where the problem is; `None` for problems that belong to no file (a missing folder).
    pub location: Option<Box<Location>>,
    /// A file the problem belongs to when no position in it is known.
    pub path: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            path: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at a span of a file.
    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Diagnostic {
        self.path = Some(file.path.clone());
        self.location = Some(Box::new(Location::of_span(file, span)));
        self
    }

    /// Names the file without a position.
    pub fn in_file(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, `file`, or nothing.
    pub fn position(&self) -> Option<String> {
        match (&self.location, &self.path) {
            (Some(l), _) => Some(format!("{}:{}:{}", l.path, l.line, l.column)),
            (None, Some(path)) => Some(path.clone()),
            (None, None) => None,
        }
    }

    fn sort_key(&self) -> (Option<&str>, usize, usize, Severity) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        (self.path.as_deref(), line, column, self.severity)
    }
}

/// Renders like rustc: the message, an arrow to the position, the quoted line and a caret.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity.label(), self.message)?;
        if let Some(position) = self.position() {
            let gutter = self
                .location
                .as_ref()
                .map_or(1, |l| l.line.to_string().len());
            writeln!(f, "{:gutter$}--> {position}", "")?;
            if let Some(l) = &self.location {
                writeln!(f, "{:gutter$} |", "")?;
                // Shown as `�`, like rustc: the raw characters would reorder the line on screen.
                let shown: String = l
                    .source_line
                    .chars()
                    .map(|c| {
                        if invisible_char(c).is_some() {
                            '\u{FFFD}'
                        } else {
                            c
                        }
                    })
                    .collect();
                writeln!(f, "{} | {shown}", l.line)?;
                let pad: String = l
                    .source_line
                    .chars()
                    .take(l.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{:gutter$} | {pad}{}", "", "^".repeat(l.width))?;
            }
            if let Some(hint) = &self.hint {
                writeln!(f, "{:gutter$} = help: {hint}", "")?;
            }
        } else if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line and column, the order users read them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// [`sort`], for a list that is handed on.
pub fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    sort(&mut diagnostics);
    diagnostics
}

/// True when any of `diagnostics` is an error (the rest are warnings).
pub fn any_error(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// The one candidate closest to a misspelt name (see [`closest`]), when there is one.
pub fn nearest<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(typo, candidates, 1).into_iter().next()
}

/// The hint for a misspelt name, worded once for every message: "did you mean `points`?", or
/// "did you mean one of `LT-2`, `LT-3`?"; `None` without a name to offer. The names are shown
/// as given (`sprint.title`, with the object it belongs to).
pub fn did_you_mean(names: &[impl std::fmt::Display]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        several => {
            let quoted: Vec<String> = several.iter().map(|n| format!("`{n}`")).collect();
            Some(format!("did you mean one of {}?", quoted.join(", ")))
        }
    }
}

/// The hint for a misspelt name among `candidates` (see [`nearest`] and [`did_you_mean`]).
pub fn hint_for<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(&closest(typo, candidates, 1))
}

/// What went wrong with a file, in words rather than the system's ("no such file" rather than
/// "No such file or directory (os error 2)").
pub fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::AlreadyExists => "it already exists".to_string(),
        ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder".to_string(),
        ErrorKind::DirectoryNotEmpty => "the folder is not empty".to_string(),
        ErrorKind::StorageFull => "the disk is full".to_string(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        ErrorKind::InvalidData => "it is not UTF-8 text".to_string(),
        ErrorKind::AddrInUse => "the address is already in use".to_string(),
        ErrorKind::ResourceBusy => {
            "it is busy (a mount point, or in use), so it cannot be moved or replaced".to_string()
        }
        ErrorKind::AddrNotAvailable => "the address is not available on this machine".to_string(),
        _ => {
            let text = error.to_string();
            // "… (os error 28)": the number says nothing to a reader.
            match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

/// Characters that change how text reads without being seen, with their Unicode names, and
/// whether they are suspect wherever they appear (`true`) or only in ids (`false`).
///
/// Suspect everywhere: the bidirectional embeddings, overrides and isolates that rustc's
/// `text_direction_codepoint_in_literal` lint reports (they make a line display in another
/// order than it is stored, the "Trojan Source" attack), and zero-width spaces. Suspect in ids
/// only: the zero-width joiners and direction marks, which right-to-left scripts and emoji
/// sequences (👩‍💻) need in running text, but which make two ids that look alike differ.
pub fn invisible_char(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        '\u{202A}' => ("LEFT-TO-RIGHT EMBEDDING", true),
        '\u{202B}' => ("RIGHT-TO-LEFT EMBEDDING", true),
        '\u{202C}' => ("POP DIRECTIONAL FORMATTING", true),
        '\u{202D}' => ("LEFT-TO-RIGHT OVERRIDE", true),
        '\u{202E}' => ("RIGHT-TO-LEFT OVERRIDE", true),
        '\u{2066}' => ("LEFT-TO-RIGHT ISOLATE", true),
        '\u{2067}' => ("RIGHT-TO-LEFT ISOLATE", true),
        '\u{2068}' => ("FIRST STRONG ISOLATE", true),
        '\u{2069}' => ("POP DIRECTIONAL ISOLATE", true),
        '\u{200B}' => ("ZERO WIDTH SPACE", true),
        '\u{2060}' => ("WORD JOINER", true),
        '\u{FEFF}' => ("ZERO WIDTH NO-BREAK SPACE", true),
        '\u{200C}' => ("ZERO WIDTH NON-JOINER", false),
        '\u{200D}' => ("ZERO WIDTH JOINER", false),
        '\u{200E}' => ("LEFT-TO-RIGHT MARK", false),
        '\u{200F}' => ("RIGHT-TO-LEFT MARK", false),
        '\u{061C}' => ("ARABIC LETTER MARK", false),
        _ => return None,
    })
}

/// How an invisible character is named in messages: `U+202E (RIGHT-TO-LEFT OVERRIDE)`.
pub fn describe_invisible(c: char, name: &str) -> String {
    format!("U+{:04X} ({name})", u32::from(c))
}

/// `text` with its invisible characters written as escapes (`\u{202E}`), for messages.
pub fn escape_invisible(text: &str) -> String {
    text.chars()
        .map(|c| match invisible_char(c) {
            Some(_) => format!("\\u{{{:04X}}}", u32::from(c)),
            None => c.to_string(),
        })
        .collect()
}

/// The candidates closest to a name a user mistyped (ignoring case, so `lt` finds `LT`): all
/// those at the smallest distance, up to `count`, when that distance makes a likely typo.
pub fn closest<'a>(
    typo: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Vec<&'a str> {
    let typo = typo.to_lowercase();
    let close: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&typo, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= c.len().max(typo.len()).div_ceil(3))
        .collect();
    let best = close.iter().map(|(d, _)| *d).min();
    close
        .into_iter()
        .filter(|(d, _)| Some(*d) == best)
        .take(count)
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/a/sprint-01.toml", text)
    }

    #[test]
    fn invisible_characters_are_quoted_as_replacement_characters() {
        let f = file("title = \"a\u{202E}b\"\n");
        let d = Diagnostic::warning("w").at(&f, 10..13);
        assert!(d.to_string().contains("1 | title = \"a\u{FFFD}b\""), "{d}");
        assert_eq!(
            invisible_char('\u{200D}'),
            Some(("ZERO WIDTH JOINER", false))
        );
        assert_eq!(invisible_char('a'), None);
    }

    #[test]
    fn location_counts_lines_and_columns_from_one() {
        let f = file("a = 1\nbb = \"é\"\n");
        let l = Location::of_span(&f, 11..15);
        assert_eq!((l.line, l.column, l.width), (2, 6, 3));
        assert_eq!(l.source_line, "bb = \"é\"");
    }

    #[test]
    fn display_quotes_the_line_with_a_caret() {
        let f = file("number = 4\npionts = 3\n");
        let d = Diagnostic::error("unknown field `pionts`")
            .at(&f, 11..17)
            .with_hint("did you mean `points`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `pionts`\n --> content/a/sprint-01.toml:2:1\n  |\n2 | pionts = 3\n  | ^^^^^^\n  = help: did you mean `points`?\n"
        );
    }

    #[test]
    fn system_errors_in_words() {
        use std::io::{Error, ErrorKind};
        let missing = std::fs::read("/nonexistent/sprintgen.toml").unwrap_err();
        assert_eq!(io_words(&missing), "no such file or folder");
        assert_eq!(
            io_words(&std::io::Error::from_raw_os_error(5)),
            "Input/output error"
        );
        // The system's own words for a refused access are capitalised: ours are not.
        assert_eq!(
            io_words(&std::io::Error::from_raw_os_error(13)),
            "permission denied"
        );
        for (kind, words) in [
            (ErrorKind::PermissionDenied, "permission denied"),
            (ErrorKind::AlreadyExists, "it already exists"),
            (ErrorKind::IsADirectory, "it is a folder, not a file"),
            (
                ErrorKind::NotADirectory,
                "a part of the path is a file, not a folder",
            ),
            (ErrorKind::DirectoryNotEmpty, "the folder is not empty"),
            (ErrorKind::StorageFull, "the disk is full"),
            (
                ErrorKind::ReadOnlyFilesystem,
                "the file system is read-only",
            ),
            (ErrorKind::InvalidData, "it is not UTF-8 text"),
            (ErrorKind::AddrInUse, "the address is already in use"),
            (
                ErrorKind::AddrNotAvailable,
                "the address is not available on this machine",
            ),
        ] {
            assert_eq!(io_words(&Error::from(kind)), words, "{kind:?}");
        }
        // Only a trailing "(os error N)" goes.
        assert_eq!(
            io_words(&Error::other("odd (os error 9) here")),
            "odd (os error 9) here"
        );
        assert_eq!(io_words(&Error::other("odd (os error 9)")), "odd");
    }

    #[test]
    fn every_direction_control_and_zero_width_character_is_invisible() {
        let everywhere = ('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200B}', '\u{2060}', '\u{FEFF}']);
        for c in everywhere {
            assert!(invisible_char(c).is_some_and(|(_, all)| all), "{c:?}");
        }
        for c in ['\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}'] {
            assert!(invisible_char(c).is_some_and(|(_, all)| !all), "{c:?}");
        }
        for c in ['a', ' ', '\u{00A0}', '\u{2065}', '\u{202F}', '\u{200A}'] {
            assert_eq!(invisible_char(c), None, "{c:?}");
        }
        assert_eq!(
            invisible_char('\u{202E}').map(|(name, _)| describe_invisible('\u{202E}', name)),
            Some("U+202E (RIGHT-TO-LEFT OVERRIDE)".to_string())
        );
        assert_eq!(
            escape_invisible("a\u{202E}b\u{200D}c"),
            "a\\u{202E}b\\u{200D}c"
        );
    }

    #[test]
    fn spans_inside_a_character_or_at_a_byte_order_mark_land_on_a_column() {
        // A span starting inside `é` (bytes 1..3) starts at the `é`.
        let l = Location::of_span(&file("\u{e9}t = 1\n"), 1..3);
        assert_eq!((l.line, l.column), (1, 1));
        // The byte-order mark takes no column, and a span before it is still column 1.
        let bom = file("\u{FEFF}a = 1\n");
        assert_eq!(Location::of_span(&bom, 3..4).column, 1);
        assert_eq!(Location::of_span(&bom, 0..0).column, 1);
    }

    #[test]
    fn the_caret_keeps_the_tabs_of_the_line() {
        let f = file("\tx =\t1\n");
        let d = Diagnostic::error("e").at(&f, 5..6);
        assert!(
            d.to_string().contains("1 | \tx =\t1\n  | \t   \t^\n"),
            "{d}"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["points", "title", "status"];
        assert_eq!(nearest("pionts", fields), Some("points"));
        assert_eq!(nearest("owner", fields), None);
        assert_eq!(
            hint_for("Titel", fields).as_deref(),
            Some("did you mean `title`?")
        );
        assert_eq!(
            did_you_mean(&["LT-2", "LT-3"]).as_deref(),
            Some("did you mean one of `LT-2`, `LT-3`?")
        );
        assert_eq!(did_you_mean(&[] as &[&str]), None);
    }

    #[test]
    fn the_closest_ids_come_first_whatever_their_case() {
        let ids = ["CICD", "LT", "HELM", "LT-2", "LT-3"];
        assert_eq!(closest("lt", ids, 3), ["LT"]);
        assert_eq!(closest("LT-4", ids, 3), ["LT-2", "LT-3"]);
        assert_eq!(closest("HELN", ids, 3), ["HELM"]);
        assert!(closest("zzzzzz", ids, 3).is_empty());
    }
}
