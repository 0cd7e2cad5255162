//! Template placeholders left in text, such as `[YYYY-MM-DD]`, `[Task 1]` or `TBD`: hand-kept
//! reports are full of them, and a published report should not be. The rule needs a file's
//! text, so the loader runs it on each file right after parsing it, while the text is still in
//! memory (see [`SourceFile::text`]).

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::model::SourceFile;

/// Warnings for the placeholders in a file's string values (comments are not published).
pub fn placeholders(file: &SourceFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut open_multiline = None;
    for line in file.text.split_inclusive('\n') {
        for (range, text) in string_contents(line, &mut open_multiline) {
            for (start, len) in placeholder_matches(text) {
                let at = offset + range.start + start;
                found.push(
                    Diagnostic::warning(format!(
                        "placeholder `{}` left in the text",
                        &text[start..start + len]
                    ))
                    .at(file, at..at + len)
                    .with_hint("replace it with the real value, or remove the line"),
                );
            }
        }
        offset += line.len();
    }
    found
}

/// The parts of a TOML line inside string literals, with their byte ranges in the line.
/// Multi-line strings are followed across lines through `open_multiline`, the quote (`"` or
/// `'`) of one left open at the end of the line before.
fn string_contents<'a>(
    line: &'a str,
    open_multiline: &mut Option<u8>,
) -> Vec<(Range<usize>, &'a str)> {
    let bytes = line.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    let mut in_multiline = open_multiline.is_some();
    let mut start = open_multiline.map(|_| 0);
    let mut quote = *open_multiline;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            None => {
                if c == b'#' {
                    break;
                }
                if c == b'"' || c == b'\'' {
                    let triple = line[i..].starts_with("\"\"\"") || line[i..].starts_with("'''");
                    in_multiline = triple;
                    i += if triple { 3 } else { 1 };
                    quote = Some(c);
                    start = Some(i);
                    continue;
                }
            }
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    let triple_end = in_multiline
                        && line[i..].starts_with(if q == b'"' { "\"\"\"" } else { "'''" });
                    if !in_multiline || triple_end {
                        let s = start.unwrap_or(i);
                        parts.push((s..i, &line[s..i]));
                        i += if triple_end { 3 } else { 1 };
                        in_multiline = false;
                        quote = None;
                        start = None;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    if let (Some(s), Some(_)) = (start, quote) {
        parts.push((s..line.len(), &line[s..]));
    }
    *open_multiline = quote.filter(|_| in_multiline);
    parts
}

/// `TBD` as a word, and `[Capitalised words]` that are not Markdown links.
fn placeholder_matches(text: &str) -> Vec<(usize, usize)> {
    let mut matches = Vec::new();
    for (at, _) in text.match_indices("TBD") {
        let before = text[..at].chars().next_back();
        let after = text[at + 3..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            matches.push((at, 3));
        }
    }
    for (at, _) in text.match_indices('[') {
        let rest = &text[at + 1..];
        let Some(end) = rest.find(']') else { continue };
        let inner = &rest[..end];
        let is_link = rest[end + 1..].starts_with('(');
        let looks_like_placeholder = inner == "YYYY-MM-DD"
            || (inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '));
        if looks_like_placeholder && !is_link {
            matches.push((at, end + 2));
        }
    }
    matches.sort_unstable();
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each placeholder found in `text` as `line:column (width wide) message`.
    fn found(text: &str) -> Vec<String> {
        placeholders(&SourceFile::new("content/t/sprint-01.toml", text))
            .into_iter()
            .map(|d| {
                let l = d.location.unwrap();
                format!("{}:{} ({} wide) {}", l.line, l.column, l.width, d.message)
            })
            .collect()
    }

    #[test]
    fn finds_placeholders_inside_strings_only() {
        assert_eq!(
            found(
                "# [Task 1] in a comment\nplanned = [\"[Tasks for the day]\", \"ok\"]\ntext = \"\"\"\nVelocity: TBD, see [docs](x.md)\n\"\"\"\nx = \"[YYYY-MM-DD] TBDX\"\n"
            ),
            [
                "2:13 (19 wide) placeholder `[Tasks for the day]` left in the text",
                "4:11 (3 wide) placeholder `TBD` left in the text",
                "6:6 (12 wide) placeholder `[YYYY-MM-DD]` left in the text",
            ]
        );
    }

    /// The string contents [`string_contents`] finds on each line of `text`.
    fn strings(text: &str) -> Vec<Vec<(usize, String)>> {
        let mut open_multiline = None;
        text.split_inclusive('\n')
            .map(|line| {
                string_contents(line, &mut open_multiline)
                    .into_iter()
                    .map(|(range, part)| {
                        assert_eq!(&line[range.clone()], part);
                        (range.start, part.to_string())
                    })
                    .collect()
            })
            .collect()
    }

    fn owned(parts: &[(usize, &str)]) -> Vec<(usize, String)> {
        parts.iter().map(|(at, s)| (*at, s.to_string())).collect()
    }

    #[test]
    fn strings_of_either_quote_end_at_their_own_quote() {
        assert_eq!(
            strings("a = 'x\"y' # \"c\"\nb = \"it's\", \"z\"\n"),
            [owned(&[(5, "x\"y")]), owned(&[(5, "it's"), (13, "z")])]
        );
    }

    #[test]
    fn escapes_are_skipped_in_basic_strings_only() {
        assert_eq!(
            strings("a = \"x\\\"y\\\\\" # \"c\"\nb = 'C:\\' # \"TBD\"\n"),
            [owned(&[(5, "x\\\"y\\\\")]), owned(&[(5, "C:\\")])]
        );
    }

    #[test]
    fn multi_line_strings_run_to_their_triple_quote() {
        let text = "a = \"\"\"He said \"TBD\" then\nmore \"\"\" # \"c\"\nb = '''x''' # 'c'\nc = \"\"\"y\"\"\" # \"c\"\n";
        assert_eq!(
            strings(text),
            [
                owned(&[(7, "He said \"TBD\" then\n")]),
                owned(&[(0, "more ")]),
                owned(&[(7, "x")]),
                owned(&[(7, "y")]),
            ]
        );
        // A multi-line literal string ends at `'''` only, and holds no escapes.
        assert_eq!(
            strings("d = '''\nC:\\ TBD \"x\"\n''' # TBD\n"),
            [
                owned(&[(7, "\n")]),
                owned(&[(0, "C:\\ TBD \"x\"\n")]),
                owned(&[(0, "")]),
            ]
        );
    }

    #[test]
    fn placeholders_are_capitalised_words_in_brackets_that_are_not_links() {
        let found = |text| {
            placeholder_matches(text)
                .into_iter()
                .map(|(at, len)| &text[at..at + len])
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("[Docs](x.md) [see below] [A-1] [] [Owner] TBD."),
            ["[Owner]", "TBD"]
        );
    }

    #[test]
    fn the_caret_underlines_the_whole_placeholder() {
        assert_eq!(
            found("a = \"TBD\"\nb = \"\"\"\nTBD\n\"\"\"\n"),
            [
                "1:6 (3 wide) placeholder `TBD` left in the text",
                "3:1 (3 wide) placeholder `TBD` left in the text",
            ]
        );
    }
}
