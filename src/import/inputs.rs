//! The files of one import, read and recognised by their content (a CSV header, a JSON shape),
//! so they may come in any order.

use std::ops::Range;
use std::path::Path;

use clap::ValueEnum;
use serde_json::Value;

use super::model::Tracker;
use super::table;
use crate::diagnostics::{Diagnostic, io_words};
use crate::load;
use crate::model::SourceFile;

pub struct Input {
    pub file: SourceFile,
    pub shape: Shape,
    /// What to know about how it was read (another encoding than UTF-8).
    pub warning: Option<Diagnostic>,
}

/// What a file holds, judged from its content alone.
pub enum Shape {
    /// A CSV file, with the tracker whose export its columns are, when they say.
    Csv(Option<Tracker>),
    /// A Jira board's sprint list (`GET /rest/agile/1.0/board/{id}/sprint`).
    JiraSprints(Value),
    /// Jira issues with their change history (`…/search/jql?…&expand=changelog`).
    JiraChangelog(Value),
    /// `gh project item-list … --format json`.
    GithubItems(Value),
    /// `gh issue list … --json number,closedAt,createdAt,assignees`.
    GithubIssues(Value),
    /// JSON of no shape sprintgen knows.
    OtherJson,
}

impl Shape {
    /// The shape in words, for "cannot place" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Shape::Csv(None) => "a CSV file",
            Shape::Csv(Some(Tracker::Linear)) => "Linear's issues CSV",
            Shape::Csv(Some(Tracker::Jira)) => "Jira's issues CSV",
            Shape::Csv(Some(Tracker::Github)) => "a GitHub project view's CSV",
            Shape::JiraSprints(_) => "a Jira sprint list",
            Shape::JiraChangelog(_) => "Jira issues with their change history",
            Shape::GithubItems(_) => "a GitHub project's items",
            Shape::GithubIssues(_) => "a GitHub issue list",
            Shape::OtherJson => "JSON of an unknown shape",
        }
    }
}

impl Input {
    /// The tracker whose export this is, when its content says.
    pub fn tracker(&self) -> Option<Tracker> {
        match &self.shape {
            Shape::Csv(tracker) => *tracker,
            Shape::JiraSprints(_) | Shape::JiraChangelog(_) => Some(Tracker::Jira),
            Shape::GithubItems(_) | Shape::GithubIssues(_) => Some(Tracker::Github),
            Shape::OtherJson => None,
        }
    }
}

/// Reads every file, reporting all that cannot be read or parsed at once. A file over
/// `max_bytes` (the site's `[build] max_input_mb`) is refused as the loader refuses one.
pub fn read_all(paths: &[impl AsRef<Path>], max_bytes: u64) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match read(path.as_ref(), max_bytes) {
            Ok(input) => inputs.push(input),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems)
    }
}

fn read(path: &Path, max_bytes: u64) -> Result<Input, Diagnostic> {
    let shown = path.display().to_string();
    let bytes = load::read_capped(path, &shown, Some(max_bytes)).map_err(|e| {
        Diagnostic::error(format!("cannot read `{shown}`: {}", io_words(&e))).in_file(&shown)
    })??;
    parse(shown, bytes)
}

/// An input from its bytes, named `shown`: decoded as a spreadsheet may have saved it, and
/// recognised by its content.
pub fn parse(shown: String, bytes: Vec<u8>) -> Result<Input, Diagnostic> {
    let (text, warning) = decode(bytes, &shown);
    let file = SourceFile::new(shown, text);
    // JSON starts with an object or an array (written as escapes, which keep the braces of
    // this function balanced for tools that count them).
    let shape = if file.text.trim_start().starts_with(['\x7b', '\x5b']) {
        let value: Value = serde_json::from_str(&file.text).map_err(|e| {
            let at = offset_of(&file.text, e.line(), e.column());
            Diagnostic::error(format!("the file is not valid JSON: {e}")).at(&file, at..at)
        })?;
        json_shape(value)
    } else {
        Shape::Csv(csv_tracker(&table::header(&file.text)))
    };
    Ok(Input {
        file,
        shape,
        warning,
    })
}

/// The text of a file as a spreadsheet may have saved it: UTF-8 (with or without a byte-order
/// mark), UTF-16 with its mark (a spreadsheet's "Unicode text"), or else Windows-1252, the
/// encoding of a CSV saved by a spreadsheet on Windows in Western Europe and the Americas
/// (ISO-8859-1 files read the same), with a warning saying so.
fn decode(bytes: Vec<u8>, shown: &str) -> (String, Option<Diagnostic>) {
    let utf16 = |bytes: &[u8], pair: fn([u8; 2]) -> u16| {
        let units = bytes.chunks_exact(2).map(|p| pair([p[0], p[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    let text = match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let warning = Diagnostic::warning(format!(
                    "`{shown}` is not UTF-8 text: it was read as Windows-1252, as a spreadsheet on Windows saves it"
                ))
                .in_file(shown)
                .with_hint(format!(
                    "if its letters come out wrong, it is in another encoding: convert it to UTF-8 first, e.g. from a Mac's with `iconv -f MACINTOSH -t UTF-8 '{shown}' > utf8.csv`"
                ));
                return (windows_1252(error.as_bytes()), Some(warning));
            }
        },
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest.to_string(), None),
        None => (text, None),
    }
}

/// Windows-1252 text: Latin-1, but for the printable characters it puts at 0x80–0x9F.
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// The tracker whose export a CSV header is: Jira's (`Issue key`), Linear's (`Cycle Number`,
/// or `ID`, `Team` and `Title`), or a GitHub project view's (`Title`, `URL` and the project's
/// columns).
fn csv_tracker(header: &[String]) -> Option<Tracker> {
    let has = |name: &str| header.iter().any(|h| h.eq_ignore_ascii_case(name));
    if has("Issue key") {
        Some(Tracker::Jira)
    } else if has("Cycle Number") || (has("ID") && has("Team") && has("Title")) {
        Some(Tracker::Linear)
    } else if has("Title")
        && has("URL")
        && (has("Repository") || has("Assignees") || has("Linked pull requests"))
    {
        Some(Tracker::Github)
    } else {
        None
    }
}

/// An error for each file that is another tracker's export than the one imported (naming
/// it), and for a GitHub project view's CSV, which has no iteration dates.
pub fn refuse_foreign(inputs: &[Input], importing: Tracker) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = inputs
        .iter()
        .filter_map(|input| foreign(input, importing))
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

fn foreign(input: &Input, importing: Tracker) -> Option<Diagnostic> {
    let origin = input.tracker()?;
    let path = &input.file.path;
    if origin == importing {
        return matches!(input.shape, Shape::Csv(Some(Tracker::Github))).then(|| {
            Diagnostic::error("this is a GitHub project view's CSV, which has no iteration dates")
                .in_file(path.clone())
                .with_hint("export the project's items as JSON instead: gh project item-list N --owner O --format json -L 1000")
        });
    }
    let command = origin
        .to_possible_value()
        .map_or(String::new(), |v| v.get_name().to_string());
    Some(
        Diagnostic::error(format!(
            "this is a {} export ({}), not a {} one",
            origin.name(),
            input.shape.describe(),
            importing.name()
        ))
        .in_file(path.clone())
        .with_hint(format!(
            "import it with `sprintgen import {command} {path} …`, or give the {} export",
            importing.name()
        )),
    )
}

fn json_shape(value: Value) -> Shape {
    let first = |list: &str| value.get(list).and_then(|v| v.get(0)).cloned();
    if value.get("values").is_some_and(Value::is_array)
        && first("values").is_none_or(|s| s.get("name").is_some() && s.get("state").is_some())
    {
        return Shape::JiraSprints(value);
    }
    if value.get("issues").is_some_and(Value::is_array)
        && first("issues").is_none_or(|i| i.get("key").is_some())
    {
        return Shape::JiraChangelog(value);
    }
    if value.get("items").is_some_and(Value::is_array) {
        return Shape::GithubItems(value);
    }
    if value
        .as_array()
        .is_some_and(|list| list.iter().all(|i| i.get("number").is_some()))
    {
        return Shape::GithubIssues(value);
    }
    Shape::OtherJson
}

/// The error for a file the import cannot use.
pub fn cannot_place(input: &Input, tracker: &str, reads: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot place this file: it is {}, which a {tracker} import does not read",
        input.shape.describe()
    ))
    .in_file(input.file.path.clone())
    .with_hint(format!("a {tracker} import reads {reads}"))
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .fold(0, |sum, line| sum + line.len());
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Where `value` first appears in a JSON file as a string, for errors about a value whose
/// place serde_json does not keep.
pub fn locate(file: &SourceFile, value: &str) -> Range<usize> {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    file.text
        .find(&quoted)
        .map_or(0..0, |start| start..start + quoted.len())
}

/// An error about a value of a JSON file, pointing at it.
pub fn json_error(file: &SourceFile, value: &str, message: String) -> Diagnostic {
    Diagnostic::error(message).at(file, locate(file, value))
}

/// A string field of a JSON object, trimmed; `None` when absent, null or empty.
pub fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_are_recognised_by_shape() {
        let shape = |text: &str| json_shape(serde_json::from_str(text).unwrap()).describe();
        assert_eq!(
            shape(r#"{"values":[{"id":1,"name":"S1","state":"closed"}]}"#),
            "a Jira sprint list"
        );
        assert_eq!(
            shape(r#"{"issues":[{"key":"A-1","changelog":{}}]}"#),
            "Jira issues with their change history"
        );
        assert_eq!(
            shape(r#"{"items":[],"totalCount":0}"#),
            "a GitHub project's items"
        );
        assert_eq!(shape(r#"[{"number":1}]"#), "a GitHub issue list");
        assert_eq!(shape(r#"{"hello":1}"#), "JSON of an unknown shape");
        // A list of values whose entries are not sprints (no `state`) is not a sprint list.
        assert_eq!(
            shape(r#"{"values":[{"id":1,"name":"S1"}]}"#),
            "JSON of an unknown shape"
        );
        assert_eq!(shape(r#"{"values":[]}"#), "a Jira sprint list");
    }

    #[test]
    fn csv_files_are_recognised_by_their_columns() {
        let tracker = |header: &str| csv_tracker(&table::header(header));
        assert_eq!(
            tracker("ID,Team,Title,Status,Estimate,Cycle Number\n"),
            Some(Tracker::Linear)
        );
        assert_eq!(
            tracker("Summary;Issue key;Issue id;Sprint\n"),
            Some(Tracker::Jira)
        );
        assert_eq!(
            tracker("Title\tURL\tAssignees\tStatus\n"),
            Some(Tracker::Github)
        );
        assert_eq!(tracker("Key,Summary\n"), None);
    }

    #[test]
    fn text_is_read_in_the_encoding_a_spreadsheet_saved_it_in() {
        let read = |bytes: &[u8]| decode(bytes.to_vec(), "x.csv");
        assert_eq!(read("Zoë,€\n".as_bytes()), ("Zoë,€\n".to_string(), None));
        assert_eq!(read(b"\xEF\xBB\xBFID\n").0, "ID\n");
        // Windows-1252: Latin-1 letters, and the euro sign and quotes at 0x80–0x9F.
        let (text, warning) = read(b"Zo\xEB \x80 \x93x\x94 \x81");
        assert_eq!(text, "Zoë € “x” \u{81}");
        let warning = warning.expect("a warning");
        assert_eq!(
            warning.message,
            "`x.csv` is not UTF-8 text: it was read as Windows-1252, as a spreadsheet on Windows saves it"
        );
        assert!(
            warning
                .hint
                .unwrap()
                .contains("iconv -f MACINTOSH -t UTF-8 'x.csv' > utf8.csv")
        );
        // UTF-16 with its byte-order mark, either way round.
        assert_eq!(read(b"\xFF\xFEI\0D\0\t\0\xEB\0").0, "ID\të");
        assert_eq!(read(b"\xFE\xFF\0I\0D").0, "ID");
    }

    #[test]
    fn positions_become_offsets() {
        assert_eq!(offset_of("ab\ncd\n", 2, 2), 4);
        assert_eq!(offset_of("ab", 9, 9), 2);
        let file = SourceFile::new("s.json", r#"{"a": "x", "b": "bad"}"#);
        assert_eq!(locate(&file, "bad"), 16..21);
    }
}
