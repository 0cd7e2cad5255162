//! The parsed TOML document as a tree with spans: finding the entry an error points at, and
//! taking it out so that the rest of the document can be read on.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeValue};

pub(super) type Node<'i> = Spanned<DeValue<'i>>;

/// One step from a table or array to what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// Where a span of the text is in the document.
#[derive(Clone, Debug)]
pub(super) struct Place {
    /// The steps from the top to the entry (a key of a table, or an element of an array).
    pub path: Vec<Step>,
    /// The span matched: the entry's key or its value.
    pub span: Range<usize>,
    /// The span is the key's, not the value's.
    pub on_key: bool,
}

impl Place {
    /// The keys of the path, without the positions in lists: the table's path in the model.
    pub fn keys(&self) -> Vec<String> {
        keys_of(&self.path)
    }

    /// The entry's key, or for an element of a list the list's key.
    pub fn key(&self) -> Option<&str> {
        self.path.iter().rev().find_map(|step| match step {
            Step::Key(key) => Some(key.as_str()),
            Step::Index(_) => None,
        })
    }

    /// Whether the entry is an element of a list (`holidays = [..., "x"]`).
    pub fn in_list(&self) -> bool {
        matches!(self.path.last(), Some(Step::Index(_)))
    }
}

pub(super) fn keys_of(path: &[Step]) -> Vec<String> {
    path.iter()
        .filter_map(|step| match step {
            Step::Key(key) => Some(key.clone()),
            Step::Index(_) => None,
        })
        .collect()
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The innermost entry whose key or value holds `target`; with `tables_only`, the table whose
/// span is exactly `target` (a missing field is reported at its table's header).
pub(super) fn locate(root: &Node, target: &Range<usize>, tables_only: bool) -> Option<Place> {
    let mut best: Option<Place> = None;
    let mut path = Vec::new();
    visit(root, target, tables_only, &mut path, &mut best);
    best
}

fn visit(
    node: &Node,
    target: &Range<usize>,
    tables_only: bool,
    path: &mut Vec<Step>,
    best: &mut Option<Place>,
) {
    let consider = Candidate {
        target,
        tables_only,
    };
    match node.get_ref() {
        DeValue::Table(table) => {
            for (key, value) in table.iter() {
                path.push(Step::Key(key.get_ref().to_string()));
                consider.offer(path, key.span(), true, false, best);
                consider.offer(path, value.span(), false, value.get_ref().is_table(), best);
                visit(value, target, tables_only, path, best);
                path.pop();
            }
        }
        DeValue::Array(array) => {
            for (i, value) in array.iter().enumerate() {
                path.push(Step::Index(i));
                consider.offer(path, value.span(), false, value.get_ref().is_table(), best);
                visit(value, target, tables_only, path, best);
                path.pop();
            }
        }
        _ => {}
    }
}

/// What [`locate`] looks for.
struct Candidate<'a> {
    target: &'a Range<usize>,
    tables_only: bool,
}

impl Candidate<'_> {
    /// Keeps the entry at `path` when it holds the target more closely than `best`.
    fn offer(
        &self,
        path: &[Step],
        span: Range<usize>,
        on_key: bool,
        table: bool,
        best: &mut Option<Place>,
    ) {
        let fits = if self.tables_only {
            table && span == *self.target
        } else {
            contains(&span, self.target)
        };
        let better = best.as_ref().is_none_or(|b| {
            span.len() < b.span.len() || (span.len() == b.span.len() && path.len() > b.path.len())
        });
        if fits && better {
            *best = Some(Place {
                path: path.to_vec(),
                span,
                on_key,
            });
        }
    }
}

/// The node at `path`.
pub(super) fn get<'a, 'i>(root: &'a Node<'i>, path: &[Step]) -> Option<&'a Node<'i>> {
    path.iter()
        .try_fold(root, |node, step| match (node.get_ref(), step) {
            (DeValue::Table(table), Step::Key(key)) => table.get(key.as_str()),
            (DeValue::Array(array), Step::Index(i)) => array.get(*i),
            _ => None,
        })
}

/// Takes the entry at `path` out of its table or list; false when there is none.
pub(super) fn remove(root: &mut Node, path: &[Step]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    let Some(parent) = get_mut(root, parent) else {
        return false;
    };
    match (parent.get_mut(), last) {
        (DeValue::Table(table), Step::Key(key)) => table.remove(key.as_str()).is_some(),
        (DeValue::Array(array), Step::Index(i)) if *i < array.len() => {
            let rest: DeArray = std::mem::replace(array, DeArray::new())
                .into_iter()
                .enumerate()
                .filter(|(j, _)| j != i)
                .map(|(_, value)| value)
                .collect();
            *array = rest;
            true
        }
        _ => false,
    }
}

/// Sets `key` in the table at `path` to `value` (spanned like the table); false when there is
/// no table there.
pub(super) fn insert<'i>(
    root: &mut Node<'i>,
    path: &[Step],
    key: &str,
    value: DeValue<'i>,
) -> bool {
    let Some(node) = get_mut(root, path) else {
        return false;
    };
    let span = node.span();
    let DeValue::Table(table) = node.get_mut() else {
        return false;
    };
    table.insert(
        Spanned::new(span.clone(), key.to_string().into()),
        Spanned::new(span, value),
    );
    true
}

/// Puts `value` in place of the node at `path`; false when there is none.
pub(super) fn replace<'i>(root: &mut Node<'i>, path: &[Step], value: DeValue<'i>) -> bool {
    match get_mut(root, path) {
        Some(node) => {
            *node.get_mut() = value;
            true
        }
        None => false,
    }
}

fn get_mut<'a, 'i>(root: &'a mut Node<'i>, path: &[Step]) -> Option<&'a mut Node<'i>> {
    path.iter()
        .try_fold(root, |node, step| match (node.get_mut(), step) {
            (DeValue::Table(table), Step::Key(key)) => table.get_mut(key.as_str()),
            (DeValue::Array(array), Step::Index(i)) => array.get_mut(*i),
            _ => None,
        })
}

/// Whether the entry `key = value` of a table was written as a table header (`[calendar]`,
/// `[[items]]`) rather than inline: a header holds its key.
pub(super) fn is_header(key: &Spanned<toml::de::DeString>, value: &Node) -> bool {
    value.span().start < key.span().start
}

/// Whether the top-level entry `key` was written under table headers (`[calendar]`,
/// `[[items]]`).
pub(super) fn under_header(root: &Node, key: &str) -> bool {
    let DeValue::Table(table) = root.get_ref() else {
        return false;
    };
    table
        .get_key_value(key)
        .is_some_and(|(key, value)| is_header(key, value))
}

/// The span of the table whose header (at any depth) is the last one at or before `at`;
/// `None` before the first header, at the top level.
pub(super) fn table_at(root: &Node, at: usize) -> Option<Range<usize>> {
    let mut best: Option<Range<usize>> = None;
    header_tables(root, at, &mut best);
    best
}

fn header_tables(node: &Node, at: usize, best: &mut Option<Range<usize>>) {
    let DeValue::Table(table) = node.get_ref() else {
        return;
    };
    for (_, value) in table.iter().filter(|(key, value)| is_header(key, value)) {
        let tables: Vec<&Node> = match value.get_ref() {
            DeValue::Array(list) => list.iter().collect(),
            _ => vec![value],
        };
        for table in tables {
            let span = table.span();
            if span.start <= at && best.as_ref().is_none_or(|b| b.start < span.start) {
                *best = Some(span);
            }
            header_tables(table, at, best);
        }
    }
}

/// Where each table header of the top level starts (each `[[items]]` of the list), in order.
pub(super) fn headers(root: &Node) -> Vec<usize> {
    let DeValue::Table(table) = root.get_ref() else {
        return Vec::new();
    };
    let mut starts: Vec<usize> = Vec::new();
    for (_, value) in table.iter().filter(|(key, value)| is_header(key, value)) {
        match value.get_ref() {
            DeValue::Array(list) => starts.extend(list.iter().map(|entry| entry.span().start)),
            _ => starts.push(value.span().start),
        }
    }
    starts.sort_unstable();
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::de::DeTable;

    const TEXT: &str = "title = \"S\"\ngoals = [{ text = \"g\" }]\n[calendar]\nx = 1\n[[items]]\nid = \"A\"\n[[items]]\nid = \"B\"\n[[items.tasks]]\nt = 1\n";

    fn document(text: &str) -> Node<'_> {
        let (root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        Spanned::new(root.span(), DeValue::Table(root.into_inner()))
    }

    fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    #[test]
    fn headers_are_the_top_level_tables_and_each_table_of_a_list() {
        let root = document(TEXT);
        let starts: Vec<&str> = headers(&root)
            .into_iter()
            .map(|at| TEXT[at..].lines().next().unwrap())
            .collect();
        assert_eq!(starts, ["[calendar]", "[[items]]", "[[items]]"]);
        assert_eq!(
            headers(&root)[2],
            TEXT.rfind("[[items]]\nid = \"B\"").unwrap()
        );
        let under: Vec<bool> = ["title", "goals", "calendar", "items", "nothing"]
            .into_iter()
            .map(|name| under_header(&root, name))
            .collect();
        assert_eq!(under, [false, false, true, true, false]);
    }

    #[test]
    fn the_table_at_a_place_is_under_the_last_header_before_it() {
        let root = document(TEXT);
        let header = |text: &str| {
            let at = TEXT.find(text).unwrap();
            table_at(&root, at).map(|span| &TEXT[span])
        };
        assert_eq!(header("title"), None);
        assert_eq!(header("x = 1"), Some("[calendar]"));
        assert_eq!(header("id = \"A\""), Some("[[items]]"));
        assert_eq!(
            table_at(&root, TEXT.find("id = \"B\"").unwrap())
                .unwrap()
                .start,
            TEXT.rfind("[[items]]").unwrap()
        );
        assert_eq!(header("t = 1"), Some("[[items.tasks]]"));
    }

    #[test]
    fn locate_finds_the_innermost_entry_holding_a_span() {
        let root = document(TEXT);
        let b = TEXT.find("\"B\"").unwrap();
        let place = locate(&root, &(b..b + 3), false).unwrap();
        assert_eq!(place.path, [key("items"), Step::Index(1), key("id")]);
        assert!(!place.on_key);
        assert_eq!(place.span, b..b + 3);
        let x = TEXT.find("x = 1").unwrap();
        let place = locate(&root, &(x..x + 1), false).unwrap();
        assert_eq!(
            (place.path, place.on_key),
            (vec![key("calendar"), key("x")], true)
        );
        // A table whose span is the target: the element of the list, not the list.
        let item = get(&root, &[key("items"), Step::Index(0)]).unwrap().span();
        let place = locate(&root, &item, true).unwrap();
        assert_eq!(place.path, [key("items"), Step::Index(0)]);
        assert!(locate(&root, &(0..TEXT.len() + 1), false).is_none());
    }

    #[test]
    fn remove_takes_out_one_entry_and_only_one_that_exists() {
        let mut root = document(TEXT);
        let items = [key("items")];
        assert!(!remove(&mut root, &[key("items"), Step::Index(2)]));
        assert!(!remove(&mut root, &[key("nothing")]));
        assert!(!remove(&mut root, &[]));
        assert!(remove(&mut root, &[key("items"), Step::Index(0)]));
        let Some(DeValue::Array(left)) = get(&root, &items).map(Spanned::get_ref) else {
            panic!("items is a list");
        };
        assert_eq!(left.len(), 1);
        let id = get(&root, &[key("items"), Step::Index(0), key("id")]).unwrap();
        assert!(matches!(id.get_ref(), DeValue::String(s) if s == "B"));
        assert!(remove(&mut root, &[key("title")]));
        assert!(get(&root, &[key("title")]).is_none());
    }
}
