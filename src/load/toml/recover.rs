//! Reading on after the first error: every error of a document, and what of it can still be
//! read, so that the rules that need more than one value can check the rest of it.

use std::collections::BTreeMap;
use std::ops::Range;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::resync::{self, Unread};
use super::shape::Shape;
use super::tree::{self, Node, Place, Step};
use super::words::{Words, missing_field};
use crate::diagnostics::{Diagnostic, nearest, sorted};
use crate::model::SourceFile;

/// After this many errors in one file, the rest of it is not read: the first ones are what
/// needs fixing, and each error costs a pass over the document.
const MAX_ERRORS: usize = 100;

/// Values tried in turn for a missing required field: one of them is of the field's kind (a
/// word of a list is found from the error the empty text gets).
const STAND_INS: &[&str] = &["\"\"", "0", "1970-01-01", "false", "[]", "{}"];

/// A document that did not parse.
#[derive(Debug)]
pub struct Failed<T> {
    /// Every error, in the order of the text.
    pub errors: Vec<Diagnostic>,
    /// The document without the entries in error, when the rest reads and no table had to be
    /// left out whole, with the parts of the file whose data is not as written (byte ranges):
    /// a table that lost a value to an error reads differently, so what a rule says about it
    /// may only follow from the error.
    pub recovered: Option<Box<(T, Vec<Range<usize>>)>>,
}

/// Every error of a document that did not parse. A statement with a syntax error (a key with
/// its value, or a table header with the keys under it) is reported and left unread, and the
/// rest of the document read on (see [`resync`]). The document is then read into a tree with
/// spans and deserialised again and again: each error is reported and the entry it is about (a
/// key, a list element, a table missing a field) taken out, until the rest reads. A table whose
/// required field was taken out for an error of its own is then not also reported missing.
pub(super) fn every_error<T: DeserializeOwned + JsonSchema>(
    file: &SourceFile,
    text: &str,
    offset: usize,
) -> Failed<T> {
    let (readable, syntax) = resync::resync(text, MAX_ERRORS);
    let (root, _) = DeTable::parse_recoverable(&readable);
    let root: Node = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let words = Words {
        file,
        text,
        offset,
        shape: Shape::of::<T>(),
        root: &root,
    };
    let mut reading = Reading {
        words: &words,
        document: root.clone(),
        taken: BTreeMap::new(),
        errors: Vec::new(),
        damaged: Vec::new(),
        whole_tables_lost: false,
        stopped: syntax.len() >= MAX_ERRORS,
    };
    reading.unreadable(&syntax);
    if !reading.stopped {
        reading.document = reading.each_part::<T>(&root);
    }
    let recovered = (!reading.stopped)
        .then(|| reading.read::<T>(false))
        .flatten();
    if reading.stopped {
        reading.errors.push(
            Diagnostic::error(format!(
                "`{}` has more errors: sprintgen stopped after {MAX_ERRORS}",
                file.path
            ))
            .in_file(file.path.clone()),
        );
    }
    let damaged: Vec<Range<usize>> = reading
        .damaged
        .iter()
        .map(|r| r.start + offset..r.end + offset)
        .collect();
    // A key in error in a list of tables is met once for each of its tables.
    let mut errors = sorted(reading.errors);
    errors.dedup();
    Failed {
        errors,
        recovered: recovered
            .filter(|_| !reading.whole_tables_lost)
            .map(|value| Box::new((value, damaged))),
    }
}

/// The document being read entry by entry.
struct Reading<'a, 'i> {
    words: &'a Words<'a>,
    document: Node<'i>,
    /// The keys taken out of each table, by the table's span: a required field taken out, or
    /// misspelt, is not also reported missing.
    taken: BTreeMap<(usize, usize), Vec<String>>,
    errors: Vec<Diagnostic>,
    /// The parts of the text whose data lost a value (byte ranges of the TOML text).
    damaged: Vec<Range<usize>>,
    /// A table was left out for a missing field: what refers to it would be wrong.
    whole_tables_lost: bool,
    /// More errors were left unread after [`MAX_ERRORS`].
    stopped: bool,
}

impl<'i> Reading<'_, 'i> {
    /// Reports each syntax error, and records what its statement held: the key it set is not
    /// also reported missing, and its table's data is not as written (a table under a header
    /// that did not read is lost whole).
    fn unreadable(&mut self, syntax: &[Unread]) {
        for unread in syntax {
            self.errors.push(self.words.syntax(unread));
            let table = tree::table_at(self.words.root, unread.lines.start);
            self.whole_tables_lost |= unread.header;
            self.damaged.push(match (&table, unread.header) {
                (Some(_), false) => self.table_around(unread.lines.start),
                _ => unread.lines.clone(),
            });
            if let Some(key) = &unread.key {
                let span = table.unwrap_or_else(|| self.document.span());
                self.taken
                    .entry((span.start, span.end))
                    .or_default()
                    .push(key.clone());
            }
        }
    }

    /// The document with each top-level entry, and each table of a top-level list (each
    /// `[[items]]`), read on its own first: an error then costs a pass over its own table, not
    /// over the whole file. Returns the document without the entries in error.
    fn each_part<T: DeserializeOwned>(&mut self, root: &Node<'i>) -> Node<'i> {
        let DeValue::Table(table) = root.get_ref() else {
            return root.clone();
        };
        let mut kept = DeTable::new();
        for (key, value) in table.iter() {
            let list = match value.get_ref() {
                DeValue::Array(list) if tree::is_header(key, value) => list,
                _ => {
                    if let Some(value) = self.read_part::<T>(key, value.clone()) {
                        kept.insert(key.clone(), value);
                    }
                    continue;
                }
            };
            let mut entries = DeArray::new();
            for entry in list.iter() {
                let alone = Spanned::new(
                    value.span(),
                    DeValue::Array([entry.clone()].into_iter().collect()),
                );
                if let Some(DeValue::Array(read)) =
                    self.read_part::<T>(key, alone).map(Spanned::into_inner)
                {
                    read.into_iter().for_each(|entry| entries.push(entry));
                }
            }
            kept.insert(
                key.clone(),
                Spanned::new(value.span(), DeValue::Array(entries)),
            );
        }
        Spanned::new(root.span(), DeValue::Table(kept))
    }

    /// Reads a document holding only `key = value`; returns the value without its entries in
    /// error (`None` when the key itself is one).
    fn read_part<T: DeserializeOwned>(
        &mut self,
        key: &Spanned<toml::de::DeString<'i>>,
        value: Node<'i>,
    ) -> Option<Node<'i>> {
        let mut alone = DeTable::new();
        alone.insert(key.clone(), value);
        self.document = Spanned::new(self.words.root.span(), DeValue::Table(alone));
        self.read::<T>(true);
        match std::mem::replace(
            &mut self.document,
            Spanned::new(0..0, DeValue::Boolean(false)),
        )
        .into_inner()
        {
            DeValue::Table(mut table) => table.remove(key.get_ref().as_ref()),
            _ => None,
        }
    }

    /// Deserialises the document again and again, taking out each entry in error, until it
    /// reads. A part of a document (see [`Reading::each_part`]) reads when only the fields of
    /// the top level that it lacks are missing.
    fn read<T: DeserializeOwned>(&mut self, part: bool) -> Option<T> {
        loop {
            let error = match attempt::<T>(&self.document) {
                Ok(value) => return Some(value),
                Err(error) => error,
            };
            let top_missing = missing_field(error.message()).is_some()
                && error
                    .span()
                    .is_none_or(|span| tree::locate(&self.document, &span, true).is_none());
            if part && top_missing {
                return None;
            }
            if self.errors.len() >= MAX_ERRORS {
                self.stopped = true;
                return None;
            }
            if !self.take_out::<T>(&error) {
                return None;
            }
        }
    }

    /// Reports `error` and takes out the entry it is about; false when nothing more can be
    /// read.
    fn take_out<T: DeserializeOwned>(&mut self, error: &toml::de::Error) -> bool {
        let Some(span) = error.span() else {
            self.errors.push(self.words.describe(error, None, None));
            return false;
        };
        if let Some(field) = missing_field(error.message()) {
            return self.missing::<T>(error, field, &span);
        }
        let Some(place) = tree::locate(&self.document, &span, false) else {
            self.errors.push(self.words.describe(error, None, None));
            return false;
        };
        let node = (!place.on_key)
            .then(|| tree::get(&self.document, &place.path))
            .flatten();
        let words = (error.message() == "wanted string or table")
            .then(|| self.words_of::<T>(&place))
            .flatten();
        let diagnostic = match words {
            Some(words) => self.words.not_a_word(&place, node, &words),
            None => self.words.describe(error, Some(&place), node),
        };
        self.errors.push(diagnostic);
        // A misspelt key held nothing the model reads: the data is as written without it.
        if !error.message().starts_with("unknown field") {
            let region = self.region(&place);
            self.damaged.push(region);
        }
        if let Some((Step::Key(key), parent)) = place.path.split_last()
            && let Some(parent) = tree::get(&self.document, parent)
        {
            let span = parent.span();
            self.taken
                .entry((span.start, span.end))
                .or_default()
                .push(key.clone());
        }
        tree::remove(&mut self.document, &place.path)
    }

    /// A table missing a required field has been read to its end: it is reported (unless the
    /// field was taken out for an error of its own, or misspelt), then given a stand-in value
    /// so that its other missing fields are found too, or else left out.
    fn missing<T: DeserializeOwned>(
        &mut self,
        error: &toml::de::Error,
        field: &str,
        span: &Range<usize>,
    ) -> bool {
        let place = tree::locate(&self.document, span, true);
        let table = place
            .as_ref()
            .map_or(self.document.span(), |p| p.span.clone());
        let knock_on = self
            .taken
            .get(&(table.start, table.end))
            .is_some_and(|keys| {
                keys.iter()
                    .any(|key| key == field || nearest(key, [field]).is_some())
            });
        if !knock_on {
            let top = Place {
                path: Vec::new(),
                span: table.clone(),
                on_key: false,
            };
            let shown = place.as_ref().unwrap_or(&top);
            self.errors
                .push(self.words.describe(error, Some(shown), None));
        }
        // What refers to a table that is not as written would be wrong.
        self.whole_tables_lost = true;
        let path = place.map(|p| p.path).unwrap_or_default();
        self.stand_in::<T>(&path, &table, field) || tree::remove(&mut self.document, &path)
    }

    /// Sets a missing field to a value of a kind it accepts; false when none is found.
    fn stand_in<T: DeserializeOwned>(
        &mut self,
        path: &[Step],
        table: &Range<usize>,
        field: &str,
    ) -> bool {
        let mut candidates: Vec<DeValue<'static>> = STAND_INS
            .iter()
            .filter_map(|text| DeValue::parse(text).ok())
            .map(Spanned::into_inner)
            .collect();
        while let Some(candidate) = (!candidates.is_empty()).then(|| candidates.remove(0)) {
            if !tree::insert(&mut self.document, path, field, candidate) {
                return false;
            }
            let Err(error) = attempt::<T>(&self.document) else {
                return true;
            };
            let refused =
                error.span().as_ref() == Some(table) && missing_field(error.message()).is_none();
            if !refused {
                return true;
            }
            // A word of a list: the error lists them.
            if let Some(rest) = error.message().strip_prefix("unknown variant ``") {
                candidates.extend(
                    crate::markdown::code_spans(rest)
                        .into_iter()
                        .take(1)
                        .map(|word| DeValue::String(word.into())),
                );
            }
        }
        false
    }

    /// The words a value of the format's lists may be (`status = 3` for a `status` of
    /// `planned`, `active` or `closed`), from the error an empty word gets in its place.
    fn words_of<T: DeserializeOwned>(&self, place: &Place) -> Option<Vec<String>> {
        let mut probe = self.document.clone();
        tree::replace(&mut probe, &place.path, DeValue::String("".into()));
        let error = attempt::<T>(&probe).err()?;
        let listed = error.message().strip_prefix("unknown variant ``")?;
        Some(crate::markdown::code_spans(listed))
    }

    /// The part of the text an entry belongs to: its top-level table (an item of
    /// `[[items]]`, with the tables under it), or a top-level entry's own text.
    fn region(&self, place: &Place) -> Range<usize> {
        let root = self.words.root;
        let top = match place.path.as_slice() {
            [Step::Key(name), ..] if tree::under_header(root, name) => {
                return self.table_around(place.span.start);
            }
            // An element of a list written inline (read whole, so its index is the document's).
            path @ [Step::Key(_), Step::Index(_), ..] => tree::get(root, &path[..2]),
            path @ [Step::Key(_), ..] => tree::get(root, &path[..1]),
            _ => None,
        };
        match top {
            Some(node) => place.span.start.min(node.span().start)..node.span().end,
            None => place.span.clone(),
        }
    }

    /// The text from the last top-level table header at or before `at` to the next one. Found
    /// by position: the index in a path is of the part being read (one `[[items]]` table read
    /// alone is item 0), not of the document.
    fn table_around(&self, at: usize) -> Range<usize> {
        let headers = tree::headers(self.words.root);
        let start = headers
            .iter()
            .rev()
            .find(|&&header| header <= at)
            .copied()
            .unwrap_or(at);
        let end = headers
            .iter()
            .find(|&&header| header > start)
            .copied()
            .unwrap_or(self.words.text.len());
        start..end
    }
}

/// Deserialises the document as it now stands.
fn attempt<T: DeserializeOwned>(document: &Node) -> Result<T, toml::de::Error> {
    let DeValue::Table(table) = document.get_ref() else {
        return Err(serde::de::Error::custom("the document is not a table"));
    };
    let root = Spanned::new(document.span(), table.clone());
    T::deserialize(toml::de::Deserializer::from(root))
}
