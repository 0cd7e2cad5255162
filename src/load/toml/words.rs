//! serde's and the TOML parser's messages in the words of the data format: "`points` must be a
//! number, not the text "three"" rather than "invalid type: string "three", expected f64", and
//! where a key or table that is in the wrong place belongs.

use std::ops::Range;

use toml::de::DeValue;

use super::literals;
use super::resync::{Problem, Unread};
use super::shape::Shape;
use super::tree::{self, Node, Place};
use crate::diagnostics::{Diagnostic, did_you_mean, hint_for, nearest};
use crate::markdown::code_spans;
use crate::model::SourceFile;

/// What a message needs to know about the document.
pub(super) struct Words<'a> {
    pub file: &'a SourceFile,
    /// The TOML text: the whole file, or a page's front matter.
    pub text: &'a str,
    /// Where `text` starts in the file.
    pub offset: usize,
    pub shape: Shape,
    /// The document as written (before entries with errors were taken out).
    pub root: &'a Node<'a>,
}

/// What a value must be, from serde's "expected …".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Number,
    /// A whole number of 0 or more.
    Count,
    Bool,
    Text,
    Date,
    List,
    Tables,
    Table,
    Choice,
}

impl Kind {
    fn of(expected: &str, list_of_tables: bool) -> Option<Kind> {
        Some(match expected {
            "f64" | "f32" => Kind::Number,
            "u8" | "u16" | "u32" | "u64" | "usize" => Kind::Count,
            "a boolean" => Kind::Bool,
            "a string" => Kind::Text,
            "a TOML datetime" => Kind::Date,
            "a sequence" if list_of_tables => Kind::Tables,
            "a sequence" => Kind::List,
            other if other.starts_with("struct ") => Kind::Table,
            other if other.starts_with("enum ") || other.contains("variant") => Kind::Choice,
            _ => return None,
        })
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Number => "a number",
            Kind::Count => "a whole number, 0 or more",
            Kind::Bool => "`true` or `false`",
            Kind::Text => "text in quotes",
            Kind::Date => "a date",
            Kind::List => "a list",
            Kind::Tables => "a list of tables",
            Kind::Table => "a table",
            Kind::Choice => "one of its words, in quotes",
        }
    }

    /// A value of this kind, as it is written.
    fn sample(self) -> &'static str {
        match self {
            Kind::Number | Kind::Count => "3",
            Kind::Bool => "true",
            Kind::Text | Kind::Choice => "\"…\"",
            Kind::Date => "2025-10-28",
            Kind::List | Kind::Tables => "[…]",
            Kind::Table => "{ … }",
        }
    }
}

impl Words<'_> {
    /// A deserialisation error at `place` (when it was found in the document).
    pub(super) fn describe(
        &self,
        error: &toml::de::Error,
        place: Option<&Place>,
        node: Option<&Node>,
    ) -> Diagnostic {
        let message = error.message().trim_end();
        let span = place
            .map(|p| p.span.clone())
            .or_else(|| error.span())
            .unwrap_or(0..0);
        let (message, hint) = match place {
            Some(place) => self.explain(message, place, node),
            None => (message.to_string(), None),
        };
        let diagnostic = Diagnostic::error(message).at(self.file, self.in_file(span));
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }

    fn in_file(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    /// The 1-based line of an offset of the TOML text, in the file.
    fn line_of(&self, at: usize) -> usize {
        let at = (at + self.offset).min(self.file.text.len());
        self.file.text.as_bytes()[..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn explain(
        &self,
        message: &str,
        place: &Place,
        node: Option<&Node>,
    ) -> (String, Option<String>) {
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((name, expected)) = rest.split_once('`')
        {
            return self.unknown_field(name, &code_spans(expected), place);
        }
        if let Some(rest) = message.strip_prefix("unknown variant `")
            && let Some((value, expected)) = rest.split_once('`')
        {
            return unknown_word(value, &code_spans(expected), place);
        }
        if let Some(rest) = message
            .strip_prefix("invalid type: ")
            .or_else(|| message.strip_prefix("invalid value: "))
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            let keys = place.keys();
            let list_of_tables = self.shape.is_list_of_tables(&keys);
            if let Some(kind) = Kind::of(expected, list_of_tables) {
                return self.wrong_kind(kind, &found_words(found, node), place, node);
            }
        }
        if let Some(field) = missing_field(message) {
            return self.missing(field, place);
        }
        if let Some(DeValue::Datetime(written)) = node.map(|n| n.get_ref())
            && let Some(day) = written.date
            && (written.time.is_some() || written.offset.is_some())
        {
            let key = place.key().unwrap_or("this value");
            return (
                format!("`{key}` must be a date without a time of day, not `{written}`"),
                Some(format!("write the day alone: `{key} = {day}`")),
            );
        }
        (prefixed(message, place), None)
    }

    /// A key no table here has: misplaced after a table header, meant for another table, or
    /// misspelt.
    fn unknown_field(
        &self,
        name: &str,
        expected: &[String],
        place: &Place,
    ) -> (String, Option<String>) {
        let mut table = place.keys();
        table.pop();
        let message = match table.is_empty() {
            true => format!("unknown field `{name}`"),
            false => format!("unknown field `{name}` in {}", self.table_name(&table)),
        };
        let hint = self
            .misplaced(name, &table, place)
            .or_else(|| self.belongs_elsewhere(name, &table))
            .or_else(|| hint_for(name, expected.iter().map(String::as_str)))
            .or_else(|| {
                // `$schema` is for editors: not a field anyone misspells.
                let fields: Vec<String> = expected
                    .iter()
                    .filter(|f| !f.starts_with('$'))
                    .cloned()
                    .collect();
                let fields = quoted_list(&fields, "and");
                (!expected.is_empty()).then(|| match table.is_empty() {
                    true => format!("the top-level fields are {fields}"),
                    false => format!("the fields of {} are {fields}", self.table_name(&table)),
                })
            });
        (message, hint)
    }

    /// A key of an enclosing table written after a header: TOML puts every key after a
    /// header in that header's table.
    fn misplaced(&self, name: &str, table: &[String], place: &Place) -> Option<String> {
        let owner = (0..table.len())
            .rev()
            .map(|depth| &table[..depth])
            .find(|outer| {
                self.shape
                    .fields(outer)
                    .is_some_and(|fields| fields.iter().any(|f| f == name))
            })?;
        let header_path = &place.path[..place.path.len() - 1];
        let header = tree::get(self.root, header_path)
            .map(|node| self.line_of(node.span().start))
            .unwrap_or(1);
        let this = self.table_name(table);
        if owner.is_empty() {
            let first = tree::headers(self.root)
                .first()
                .map_or(header, |&at| self.line_of(at));
            let place = match first == header {
                true => "that header".to_string(),
                false => format!("the first table header (line {first})"),
            };
            return Some(format!(
                "`{name}` is a top-level field, but it comes after the header {this} (line {header}), and every key after a header belongs to that table: move it above {place}"
            ));
        }
        Some(format!(
            "`{name}` is a field of {}, but it comes after the header {this} (line {header}), and every key after a header belongs to that table: move it above line {header}",
            self.table_name(owner)
        ))
    }

    /// A key (or table) that another table of the format has, such as an indented `[[tasks]]`
    /// meant for an item.
    fn belongs_elsewhere(&self, name: &str, table: &[String]) -> Option<String> {
        let owner = self
            .shape
            .tables_with(name, table)
            .into_iter()
            .find(|owner| owner.len() > table.len() || table.is_empty())?;
        let full: Vec<String> = owner.iter().cloned().chain([name.to_string()]).collect();
        let owner_name = self.table_name(owner);
        Some(if self.shape.is_list_of_tables(&full) {
            format!(
                "`{name}` belongs in {owner_name}: write `[[{}]]` (indenting `[[{name}]]` does not put it inside the table above; TOML ignores indentation)",
                full.join(".")
            )
        } else if self.shape.fields(&full).is_some() {
            format!(
                "`{name}` belongs in {owner_name}: write `[{}]`",
                full.join(".")
            )
        } else {
            format!("`{name}` is a field of {owner_name}: move it into that table")
        })
    }

    /// A value of the wrong type, with an example of the right one.
    fn wrong_kind(
        &self,
        kind: Kind,
        found: &str,
        place: &Place,
        node: Option<&Node>,
    ) -> (String, Option<String>) {
        let key = place.key().unwrap_or("this value");
        let header = place.keys().join(".");
        let found_table = node.is_some_and(|n| n.get_ref().is_table());
        if kind == Kind::Tables && !place.in_list() && found_table {
            return (
                format!("`{key}` is a list of tables: write `[[{header}]]`"),
                Some(format!(
                    "each `[[{header}]]` header starts one more entry of the list; `[{header}]` would be a single table"
                )),
            );
        }
        let subject = match place.in_list() {
            true => format!("each entry of `{key}`"),
            false => format!("`{key}`"),
        };
        let message = format!("{subject} must be {}, not {found}", kind.noun());
        let unquoted = node
            .and_then(|n| n.get_ref().as_str())
            .filter(|text| unquoted_fits(kind, text));
        let written = |value: &str| match place.in_list() {
            true => format!("`{key} = [{value}]`"),
            false => format!("`{key} = {value}`"),
        };
        // A single value where a list is wanted: the same value in brackets.
        let as_written = node
            .and_then(|n| self.text.get(n.span()))
            .filter(|_| !found_table);
        let hint = match (unquoted, kind, as_written) {
            (Some(text), _, _) => format!("remove the quotes: {}", written(text)),
            (None, Kind::Tables, _) => format!(
                "write `{key} = [{{ … }}]`, or each entry as a table under a `[[{header}]]` header"
            ),
            (None, Kind::List, Some(value)) => {
                format!("a list is written in brackets: `{key} = [{value}]`")
            }
            (None, _, _) => format!("write it like {}", written(kind.sample())),
        };
        (message, Some(hint))
    }

    /// A value where the format wants one of its words (`status = 3`), with the words.
    pub(super) fn not_a_word(
        &self,
        place: &Place,
        node: Option<&Node>,
        words: &[String],
    ) -> Diagnostic {
        let key = place.key().unwrap_or("this value");
        let found = found_words("", node);
        let first = words.first().map_or("…", String::as_str);
        let written = match place.in_list() {
            true => format!("`{key} = [\"{first}\"]`"),
            false => format!("`{key} = \"{first}\"`"),
        };
        let subject = match place.in_list() {
            true => format!("each entry of `{key}`"),
            false => format!("`{key}`"),
        };
        Diagnostic::error(format!(
            "{subject} must be one of {}, in quotes, not {found}",
            quoted_list(words, "or")
        ))
        .at(self.file, self.in_file(place.span.clone()))
        .with_hint(format!("write it like {written}"))
    }

    /// A required field left out.
    fn missing(&self, field: &str, place: &Place) -> (String, Option<String>) {
        let table = place.keys();
        match table.is_empty() {
            true => (
                format!("the file has no `{field}`, which it needs"),
                Some(format!(
                    "add `{field} = …` at the top, before the first table"
                )),
            ),
            false => (
                format!("this {} table has no `{field}`", self.table_name(&table)),
                Some(format!("add `{field} = …`: it is required")),
            ),
        }
    }

    /// `[[items]]`, `[calendar]`, or "the top level", for the table at `keys`.
    fn table_name(&self, keys: &[String]) -> String {
        match (keys.is_empty(), self.shape.is_list_of_tables(keys)) {
            (true, _) => "the top level".to_string(),
            (false, true) => format!("`[[{}]]`", keys.join(".")),
            (false, false) => format!("`[{}]`", keys.join(".")),
        }
    }

    /// A syntax error, with what was not read because of it.
    pub(super) fn syntax(&self, unread: &Unread) -> Diagnostic {
        let (message, hint, at) = match &unread.problem {
            Problem::Unclosed(opening) => {
                let (message, hint) = unclosed(opening);
                (message, hint, unread.at.clone())
            }
            Problem::Parser(message) => self.parser_words(message, unread),
        };
        let hint = match (hint, self.unread_note(unread)) {
            (Some(hint), Some(note)) => Some(format!("{hint}; {note}")),
            (hint, note) => hint.or(note),
        };
        let diagnostic = Diagnostic::error(message).at(self.file, self.in_file(at));
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }

    /// The parser's message in the data format's words (a date or a number in another form
    /// with the form TOML reads, a key set twice, text without quotes), and where it points.
    fn parser_words(
        &self,
        message: &str,
        unread: &Unread,
    ) -> (String, Option<String>, Range<usize>) {
        let span = &unread.at;
        let (value, key) = self.value_around(unread);
        let written = self.text.get(span.clone()).unwrap_or_default().trim();
        if calendar_error(message)
            && let Some((words, hint)) = literals::calendar_words(written, key)
        {
            return (words, Some(hint), span.clone());
        }
        let in_value = value.start <= span.start && span.start <= value.end;
        if in_value
            && !calendar_error(message)
            && let Some((words, hint)) = self.text.get(value.clone()).and_then(|written| {
                literals::date_words(written, key).or_else(|| literals::number_words(written, key))
            })
        {
            return (words, Some(hint), value);
        }
        if message.starts_with("key with no value") {
            return self.no_equals(span);
        }
        let (message, hint) = self.named(message, span);
        (message, hint, span.clone())
    }

    /// The value a syntax error is in, where it is written: the key's whole value when it is
    /// one word, else the word of a list or table around the error (then without the key).
    fn value_around<'u>(&self, unread: &'u Unread) -> (Range<usize>, Option<&'u str>) {
        let whole = unread
            .value
            .as_deref()
            .filter(|value| !value.is_empty() && !value.starts_with(['[', '\x7b', '"', '\'']));
        let line = &self.text[unread.lines.start..];
        if let Some(value) = whole
            && let Some(equals) = line.find('=')
            && let Some(at) = line[equals..].find(value)
        {
            let start = unread.lines.start + equals + at;
            return (start..start + value.len(), unread.key.as_deref());
        }
        (word_at(self.text, unread.at.start), None)
    }

    /// The parser's message about `span`, in words where it has some.
    fn named(&self, message: &str, span: &Range<usize>) -> (String, Option<String>) {
        if message == "duplicate key" {
            return self.duplicate_key(span);
        }
        if message.starts_with("unclosed array table") || message.starts_with("unclosed table") {
            return self.unclosed_header(span);
        }
        match message {
            "invalid basic string, expected `\"`" => (
                "this text is not closed: a `\"` is missing".to_string(),
                Some("close the quotes on the same line, or use `\"\"\"` around text of several lines".to_string()),
            ),
            "string values must be quoted, expected literal string" => self.unquoted(span),
            other => (other.to_string(), None),
        }
    }

    /// A line of words without `=`: a key and its value, or text meant as a comment. Points
    /// at the key.
    fn no_equals(&self, span: &Range<usize>) -> (String, Option<String>, Range<usize>) {
        let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = self.text[line_start..].lines().next().unwrap_or_default();
        let indent = line.len() - line.trim_start().len();
        let line = line.trim();
        let (key, value) = line.split_once([' ', '\t']).unwrap_or((line, ""));
        let hint = match value.trim() {
            "" => format!("write `{key} = …`, or start a comment with `#`"),
            value => format!("write `{key} = {value}`, or start a comment with `#`"),
        };
        let start = line_start + indent;
        (
            format!("`{key}` has no `=` after it"),
            Some(hint),
            start..start + key.len(),
        )
    }

    /// A table header without its closing brackets.
    fn unclosed_header(&self, span: &Range<usize>) -> (String, Option<String>) {
        let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = self.text[line_start..].lines().next().unwrap_or_default();
        let written = line.split('#').next().unwrap_or_default().trim();
        let name = written.trim_matches(['[', ']', ' ']);
        let header = match written.starts_with("[[") {
            true => format!("[[{name}]]"),
            false => format!("[{name}]"),
        };
        (
            format!("the table header `{written}` is not closed"),
            Some(format!("write `{header}`")),
        )
    }

    /// What else was not read because of a syntax error: the keys under a table header, the
    /// other lines of a value.
    fn unread_note(&self, unread: &Unread) -> Option<String> {
        let first = self.line_of(unread.lines.start);
        let last = self.line_of(unread.lines.end);
        let own_last = self.line_of(unread.own_end);
        let lines = |first: usize| match first == last {
            true => format!("line {last}"),
            false => format!("lines {first}–{last}"),
        };
        match unread.header {
            true if last > own_last => Some(format!(
                "the keys under this header ({}) were not read",
                lines(own_last + 1)
            )),
            true => None,
            false if last == first => None,
            false => {
                let rest = &self.text[unread.lines.end..];
                Some(match rest.find(|c: char| !c.is_whitespace()) {
                    Some(at) => format!(
                        "{} were not read: sprintgen read on at line {}",
                        lines(first),
                        self.line_of(unread.lines.end + at)
                    ),
                    None => format!("{} were not read", lines(first)),
                })
            }
        }
    }

    /// A key set twice, or a single table (`[risks]`) where the list (`[[risks]]`) was begun.
    fn duplicate_key(&self, span: &Range<usize>) -> (String, Option<String>) {
        let key = self.text.get(span.clone()).unwrap_or_default().trim();
        let key = key.trim_matches('"');
        let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = self.text[line_start..].trim_start();
        if line.starts_with('[') && !line.starts_with("[[") {
            let name = line[1..].split(']').next().unwrap_or(key).trim();
            if self.is_list_here(name) {
                return (
                    format!("`[{name}]` after `[[{name}]]`: `{name}` is a list of tables"),
                    Some(format!("write `[[{name}]]` for each entry of the list")),
                );
            }
        }
        let first = self.first_occurrence(key, span.start);
        let hint = first.map(|line| format!("`{key}` is already set on line {line}: keep one"));
        (format!("`{key}` is set twice"), hint)
    }

    /// Whether the dotted `name` is a list of tables, in the format or in the document.
    fn is_list_here(&self, name: &str) -> bool {
        let keys: Vec<String> = name
            .split('.')
            .map(|k| k.trim().trim_matches('"').to_string())
            .collect();
        let path: Vec<tree::Step> = keys.iter().cloned().map(tree::Step::Key).collect();
        self.shape.is_list_of_tables(&keys)
            || tree::get(self.root, &path).is_some_and(|node| node.get_ref().is_array())
    }

    /// The line of the last key named `key` before `before`.
    fn first_occurrence(&self, key: &str, before: usize) -> Option<usize> {
        let mut found = None;
        find_key(self.root, key, before, &mut found);
        found.map(|at| self.line_of(at))
    }

    /// A value without quotes, or no value at all.
    fn unquoted(&self, span: &Range<usize>) -> (String, Option<String>) {
        let rest = self.text[span.start..].lines().next().unwrap_or_default();
        let word = rest.split('#').next().unwrap_or_default().trim();
        if word.is_empty() {
            return (
                "a value is missing after `=`".to_string(),
                Some(
                    "write a value, such as a number, `\"text\"` or a date like 2025-10-28"
                        .to_string(),
                ),
            );
        }
        let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let key = self.text[line_start..span.start]
            .split('=')
            .next()
            .unwrap_or_default()
            .trim();
        let written = match key.is_empty() {
            true => format!("`\"{word}\"`"),
            false => format!("`{key} = \"{word}\"`"),
        };
        (
            format!("the text `{word}` must be in quotes"),
            Some(format!("write {written}")),
        )
    }
}

fn find_key(node: &Node, key: &str, before: usize, found: &mut Option<usize>) {
    match node.get_ref() {
        DeValue::Table(table) => {
            for (k, value) in table.iter() {
                let at = k.span().start;
                if k.get_ref() == key && at < before && found.is_none_or(|f| f < at) {
                    *found = Some(at);
                }
                find_key(value, key, before, found);
            }
        }
        DeValue::Array(array) => array.iter().for_each(|v| find_key(v, key, before, found)),
        _ => {}
    }
}

/// A word that is not one of the allowed ones.
fn unknown_word(value: &str, expected: &[String], place: &Place) -> (String, Option<String>) {
    let key = place.key().unwrap_or("this value");
    let subject = match place.in_list() {
        true => format!("an entry of `{key}`"),
        false => format!("`{key}`"),
    };
    let message = format!(
        "`{value}` is not a valid value for {subject}: use {}",
        match expected.len() {
            0..=2 => quoted_list(expected, "or"),
            _ => format!("one of {}", quoted_list(expected, "or")),
        }
    );
    // A word written in full where the format abbreviates it (`monday` for `mon`) is as
    // likely a slip as a typo.
    let lower = value.to_lowercase();
    let close = nearest(&lower, expected.iter().map(String::as_str)).or_else(|| {
        expected
            .iter()
            .map(String::as_str)
            .find(|word| word.len() >= 3 && lower.starts_with(word))
    });
    let hint = did_you_mean(&Vec::from_iter(close));
    (message, hint)
}

/// The field named by serde's "missing field `x`".
pub(super) fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// What was found instead, in words: from the value itself when it is at hand.
fn found_words(found: &str, node: Option<&Node>) -> String {
    if let Some(node) = node {
        match node.get_ref() {
            DeValue::String(text) => return format!("the text \"{text}\""),
            DeValue::Integer(n) => return format!("the number {}", n.as_str()),
            DeValue::Float(n) => return format!("the number {}", n.as_str()),
            DeValue::Boolean(b) => return format!("`{b}`"),
            DeValue::Datetime(d) => return format!("the date {d}"),
            DeValue::Array(_) => return "a list".to_string(),
            DeValue::Table(_) => return "a table".to_string(),
        }
    }
    match found {
        "map" => "a table".to_string(),
        "sequence" => "a list".to_string(),
        other => other.to_string(),
    }
}

/// Text that would be a valid value of `kind` written without its quotes.
fn unquoted_fits(kind: Kind, text: &str) -> bool {
    let text = text.trim();
    match kind {
        Kind::Number => text.parse::<f64>().is_ok_and(f64::is_finite),
        Kind::Count => text.parse::<u64>().is_ok(),
        Kind::Bool => text == "true" || text == "false",
        Kind::Date => crate::model::Date::parse(text).is_some(),
        _ => false,
    }
}

/// A message of the model's own (a date that does not exist), with the key it is about.
fn prefixed(message: &str, place: &Place) -> String {
    match place.key() {
        Some(key) if !message.contains(&format!("`{key}`")) => format!("`{key}`: {message}"),
        _ => message.to_string(),
    }
}

/// `` `a`, `b` and `c` `` (or "or").
fn quoted_list(names: &[String], last: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((only, [])) => only.clone(),
        Some((tail, rest)) => format!("{} {last} {tail}", rest.join(", ")),
        None => String::new(),
    }
}

/// Whether the parser's message is about a date in TOML's form that is no day of the calendar
/// (`2026-11-31`).
fn calendar_error(message: &str) -> bool {
    message
        .strip_prefix("invalid date, expected ")
        .is_some_and(|rule| rule.contains(" between "))
}

/// A value left unclosed, in words.
fn unclosed(opening: &str) -> (String, Option<String>) {
    let (what, closing) = match opening {
        "[" => ("this list", "]"),
        "{" => ("this table", "}"),
        other => ("this text", other),
    };
    (
        format!("{what} is not closed: a `{closing}` is missing"),
        Some(format!("close it with `{closing}`")),
    )
}

/// Where the word of the text around `at` is (a value inside a list or a table).
fn word_at(text: &str, at: usize) -> Range<usize> {
    let stop = |c: char| c.is_whitespace() || ",[]{}=#\"'".contains(c);
    let at = at.min(text.len());
    let start = text[..at].rfind(stop).map_or(0, |i| i + 1);
    let end = text[at..].find(stop).map_or(text.len(), |i| at + i);
    start..end.max(start)
}
