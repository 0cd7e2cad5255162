//! Reading on after a syntax error. TOML's parser recovers within a line, but a line it cannot
//! make sense of (a key without `=`) ends its reading, and an unclosed `[`, `{` or `"""`
//! swallows the rest of the file. So the document is resynchronised statement by statement (a
//! key with its value, or a table header): each statement with a syntax error is blanked out
//! (replaced by spaces, so the text keeps its length and every span stays true), with the
//! keys under it when it is a table header, and an unclosed value ends at the next line that
//! starts a key or a table header. The parser then reads the rest again, until it reads
//! without error; the rest is checked like any other document.

use std::ops::Range;

use toml::de::DeTable;
use toml_parser::Source;
use toml_parser::lexer::TokenKind;

/// An inline table's opening (a constant, which keeps the braces of the functions balanced for
/// tools that count them).
const BRACE: &str = "{";

/// A syntax error, with what was not read because of it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Unread {
    /// Where the mistake is, in the text.
    pub at: Range<usize>,
    pub problem: Problem,
    /// The text not read: the statement's lines, and after a table header the keys under it
    /// (whole lines, without the last line end).
    pub lines: Range<usize>,
    /// The end of the statement's own lines: the lines after it, up to `lines.end`, were not
    /// read only because of it.
    pub own_end: usize,
    /// The statement is a table header (`[calendar]`, `[[items]]`).
    pub header: bool,
    /// The key the statement sets (its last part), for a key-value statement.
    pub key: Option<String>,
    /// The value as written, when the statement sets a single value on one line.
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Problem {
    /// The parser's message.
    Parser(String),
    /// A value whose `[`, `{`, `"""` or `'''` is not closed.
    Unclosed(&'static str),
}

/// The text with every statement holding a syntax error blanked out, and those errors in the
/// order of the text: at most `limit` of them (the rest of the text is then left as it is).
pub(super) fn resync(text: &str, limit: usize) -> (String, Vec<Unread>) {
    let mut current = text.to_string();
    let mut unread: Vec<Unread> = Vec::new();
    while unread.len() < limit {
        let found = pass(&current);
        if found.is_empty() {
            break;
        }
        for statement in &found {
            blank(&mut current, &statement.lines);
        }
        unread.extend(found);
    }
    unread.sort_by_key(|u| u.at.start);
    unread.truncate(limit);
    (current, unread)
}

/// The statements of `text` with syntax errors, each once, with its first error. An error in
/// what another's statement takes with it (a key under a header that does not read) follows
/// from that one, and is left out.
fn pass(text: &str) -> Vec<Unread> {
    let (_, mut errors) = DeTable::parse_recoverable(text);
    errors.sort_by_key(|e| e.span().map(|s| s.start));
    let statements = statements(text);
    let mut found: Vec<Unread> = Vec::new();
    for error in errors {
        let at = error.span().unwrap_or(0..0);
        if found.iter().any(|f| f.lines.contains(&at.start)) {
            continue;
        }
        let index = statements.iter().rposition(|s| s.start <= at.start);
        let statement = match index {
            Some(i) => statements[i].clone(),
            None => Statement::line_at(text, at.start),
        };
        if found
            .iter()
            .any(|f| f.lines.start == line_start(text, statement.start))
        {
            continue;
        }
        let next = index.map_or(&[][..], |i| &statements[i + 1..]);
        found.push(statement.unread(text, at, error.message(), next));
    }
    found
}

/// A key with its value, however many lines it spans, or a table header.
#[derive(Clone, Debug)]
struct Statement {
    start: usize,
    end: usize,
    header: bool,
    /// The opening of a value left unclosed, and where it is.
    unclosed: Option<(&'static str, Range<usize>)>,
}

impl Statement {
    /// The line around `at`, as a statement (an error before the first statement).
    fn line_at(text: &str, at: usize) -> Statement {
        Statement {
            start: line_start(text, at),
            end: line_end(text, at),
            header: false,
            unclosed: None,
        }
    }

    /// The statement with its error at `at`, and what of the text it takes with it; `next`
    /// are the statements after it.
    fn unread(&self, text: &str, at: Range<usize>, message: &str, next: &[Statement]) -> Unread {
        let start = line_start(text, self.start);
        let own_end = line_end(text, self.end);
        let end = match (&self.unclosed, self.header) {
            (Some(_), _) => next_statement_line(text, start).unwrap_or(text.len()),
            (None, true) => next_table(text, self, next).unwrap_or(text.len()),
            (None, false) => own_end,
        };
        let end = text[..end].trim_end_matches(['\n', '\r']).len().max(start);
        let first_line = &text[start..line_end(text, start)];
        let (problem, at) = match &self.unclosed {
            Some((opening, at)) => (Problem::Unclosed(opening), at.clone()),
            None => (Problem::Parser(message.trim_end().to_string()), at),
        };
        let one_line = own_end == line_end(text, start);
        Unread {
            at,
            problem,
            lines: start..end,
            own_end: own_end.min(end),
            header: self.header,
            key: (!self.header).then(|| key_of(first_line)).flatten(),
            value: one_line.then(|| value_of(first_line)).flatten(),
        }
    }
}

/// The statements of `text`, from its tokens (a multi-line string is one token).
fn statements(text: &str) -> Vec<Statement> {
    let tokens = Source::new(text).lex().into_vec();
    let mut statements: Vec<Statement> = Vec::new();
    let mut current: Option<Statement> = None;
    // The brackets and braces open in the current value, and whether its `=` has been met.
    let mut open: Vec<(&'static str, Range<usize>)> = Vec::new();
    let mut in_value = false;
    for token in tokens {
        let span = token.span().start()..token.span().end();
        let kind = token.kind();
        match kind {
            TokenKind::Whitespace | TokenKind::Comment => continue,
            TokenKind::Newline | TokenKind::Eof if open.is_empty() => {
                statements.extend(current.take());
                continue;
            }
            TokenKind::Newline | TokenKind::Eof => continue,
            _ => {}
        }
        let statement = current.get_or_insert_with(|| {
            in_value = false;
            Statement {
                start: span.start,
                end: span.end,
                header: kind == TokenKind::LeftSquareBracket,
                unclosed: None,
            }
        });
        statement.end = span.end;
        if statement.header {
            continue;
        }
        match kind {
            TokenKind::Equals if open.is_empty() => in_value = true,
            TokenKind::LeftSquareBracket if in_value => open.push(("[", span)),
            TokenKind::LeftCurlyBracket if in_value => open.push((BRACE, span)),
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket if in_value => {
                open.pop();
            }
            TokenKind::MlBasicString | TokenKind::MlLiteralString => {
                let quotes = if kind == TokenKind::MlBasicString {
                    "\"\"\""
                } else {
                    "'''"
                };
                let token = &text[span.clone()];
                if token.len() < 6 || !token.ends_with(quotes) {
                    statement.unclosed = Some((quotes, span.start..span.start + 3));
                }
            }
            _ => {}
        }
    }
    if let Some(mut statement) = current {
        if let Some(opening) = open.first() {
            statement.unclosed = Some(opening.clone());
        }
        statements.push(statement);
    }
    statements
}

/// Where the next line after the one at `start` begins that looks like the start of a
/// statement: `key =` or a table header.
fn next_statement_line(text: &str, start: usize) -> Option<usize> {
    let mut at = line_end(text, start) + 1;
    while at < text.len() {
        let line = &text[at..line_end(text, at)];
        if looks_like_key(line) || header_name(line).is_some() {
            return Some(at);
        }
        at += line.len() + 1;
    }
    None
}

/// Where the next table header starts that is not a table under `header` (the keys and tables
/// under a header that cannot be read cannot be placed).
fn next_table(text: &str, header: &Statement, next: &[Statement]) -> Option<usize> {
    let name = header_name(&text[header.start..line_end(text, header.start)]).unwrap_or_default();
    next.iter()
        .filter(|s| s.header)
        .map(|s| {
            (
                s.start,
                header_name(&text[s.start..line_end(text, s.start)]),
            )
        })
        .find(|(_, inner)| {
            !inner
                .as_deref()
                .is_some_and(|inner| !name.is_empty() && inner.starts_with(&format!("{name}.")))
        })
        .map(|(start, _)| line_start(text, start))
}

/// The table name of a header line (`[[items.tasks]]` → `items.tasks`), even unclosed.
fn header_name(line: &str) -> Option<String> {
    let line = line.split('#').next().unwrap_or_default().trim();
    let inner = line.strip_prefix('[')?;
    let inner = inner.trim_start_matches('[').trim_end_matches(']').trim();
    let is_key = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.\"' ".contains(c));
    is_key.then(|| inner.replace(' ', ""))
}

/// Whether a line starts with `key =`.
fn looks_like_key(line: &str) -> bool {
    key_of(line).is_some()
}

/// The key a `key = value` line sets (the last part of a dotted key, without quotes).
fn key_of(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.\"' ".contains(c));
    let last = key.rsplit('.').next()?.trim().trim_matches(['"', '\'']);
    (is_key && !last.is_empty()).then(|| last.to_string())
}

/// The value of a `key = value` line as written, without a comment after it.
fn value_of(line: &str) -> Option<String> {
    let (_, value) = line.split_once('=')?;
    let value = match value.trim_start().starts_with(['"', '\'']) {
        true => value,
        false => value.split(" #").next().unwrap_or_default(),
    };
    Some(value.trim().to_string())
}

/// Replaces `range` of `text` by spaces, keeping its line ends (and so its lines).
fn blank(text: &mut String, range: &Range<usize>) {
    let blanked: String = text[range.clone()]
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            other => " ".repeat(other.len_utf8()),
        })
        .collect();
    text.replace_range(range.clone(), &blanked);
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_take_their_values_over_lines() {
        let text = "a = [\n  1,\n  2,\n]\nb = \"\"\"x\ny = 1\n\"\"\"\n[t]\nc = {\n";
        let found: Vec<(&str, bool, Option<&str>)> = statements(text)
            .iter()
            .map(|s| {
                (
                    &text[s.start..s.end],
                    s.header,
                    s.unclosed.as_ref().map(|u| u.0),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("a = [\n  1,\n  2,\n]", false, None),
                ("b = \"\"\"x\ny = 1\n\"\"\"", false, None),
                ("[t]", true, None),
                ("c = {", false, Some(BRACE)),
            ]
        );
    }

    #[test]
    fn only_the_statements_in_error_are_blanked() {
        let text = "a = 1\nb = 2026-02-30\n[t]\nc = \"\"\"open\nd = 4\n[[u]\ne = 5\n[v]\nf = 6\n";
        let (readable, unread) = resync(text, 100);
        assert_eq!(readable.len(), text.len());
        assert_eq!(
            readable,
            "a = 1\n              \n[t]\n           \nd = 4\n    \n     \n[v]\nf = 6\n"
        );
        let found: Vec<(&str, &str, Option<&str>, Option<&str>)> = unread
            .iter()
            .map(|u| {
                let problem = match &u.problem {
                    Problem::Parser(_) => "parser",
                    Problem::Unclosed(opening) => opening,
                };
                (
                    problem,
                    &text[u.lines.clone()],
                    u.key.as_deref(),
                    u.value.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("parser", "b = 2026-02-30", Some("b"), Some("2026-02-30")),
                ("\"\"\"", "c = \"\"\"open", Some("c"), None),
                ("parser", "[[u]\ne = 5", None, None),
            ]
        );
        assert_eq!(
            text[unread[2].lines.start..unread[2].own_end].to_string(),
            "[[u]"
        );
        // A clean document is left as it is.
        assert_eq!(resync("a = 1\n", 100), ("a = 1\n".to_string(), Vec::new()));
    }

    #[test]
    fn keys_and_values_of_a_line() {
        assert_eq!(key_of("  \"my key\" = 3"), Some("my key".to_string()));
        assert_eq!(key_of("items.tasks = []"), Some("tasks".to_string()));
        assert_eq!(key_of("{ on = 1 }"), None);
        assert_eq!(key_of("no equals"), None);
        assert_eq!(
            value_of("x = 26.11.2026 # when"),
            Some("26.11.2026".to_string())
        );
        assert_eq!(value_of("x = \"a # b\""), Some("\"a # b\"".to_string()));
        assert_eq!(
            header_name("[[items.tasks]] # x"),
            Some("items.tasks".to_string())
        );
        assert_eq!(header_name("[[items]"), Some("items".to_string()));
        assert_eq!(header_name("[1, 2]"), None);
    }
}
