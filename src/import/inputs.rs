//! The files of one import, read and recognised by their content (a CSV header, a JSON shape),
//! so they may come in any order.

use std::ops::Range;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, io_words};
use crate::load;
use crate::model::SourceFile;

pub struct Input {
    pub file: SourceFile,
    pub shape: Shape,
}

/// What a file holds, judged from its content alone.
pub enum Shape {
    Csv,
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
            Shape::Csv => "a CSV file",
            Shape::JiraSprints(_) => "a Jira sprint list",
            Shape::JiraChangelog(_) => "Jira issues with their change history",
            Shape::GithubItems(_) => "a GitHub project's items",
            Shape::GithubIssues(_) => "a GitHub issue list",
            Shape::OtherJson => "JSON of an unknown shape",
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

/// An input from its bytes, named `shown`: recognised by its content.
pub fn parse(shown: String, bytes: Vec<u8>) -> Result<Input, Diagnostic> {
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::error("the file is not UTF-8 text").in_file(&shown))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
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
        Shape::Csv
    };
    Ok(Input { file, shape })
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
    fn positions_become_offsets() {
        assert_eq!(offset_of("ab\ncd\n", 2, 2), 4);
        assert_eq!(offset_of("ab", 9, 9), 2);
        let file = SourceFile::new("s.json", r#"{"a": "x", "b": "bad"}"#);
        assert_eq!(locate(&file, "bad"), 16..21);
    }
}
