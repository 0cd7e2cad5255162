//! TOML documents and Markdown front matter into the model's types, with every parse error
//! turned into a diagnostic at its line and column.

mod shape;
mod tree;
mod words;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, did_you_mean, sorted};
use crate::model::{FrontMatter, SourceFile};
use shape::Shape;
use tree::{Node, Step};
use words::{Words, missing_field};

/// After this many errors in one file, the rest of it is not read: the first ones are what
/// needs fixing, and each error costs a pass over the document.
const MAX_ERRORS: usize = 100;

/// Parses one TOML document held in memory: the part of loading that needs no disk, for tests
/// and fuzzing. Fails with every error of the document, in the order of the text.
pub fn parse_document<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    parse_text(file, &file.text, 0)
}

/// Parses `text`, a part of `file` starting at `offset`. A valid document is parsed once;
/// only a document with errors pays for [`every_error`].
fn parse_text<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    toml::from_str(text).map_err(|_| every_error::<T>(file, text, offset))
}

/// Splits a Markdown page into its `+++` TOML front matter and its body.
pub fn parse_page(file: &SourceFile) -> Result<(FrontMatter, String), Vec<Diagnostic>> {
    let text = &file.text;
    let opening = ["+++\n", "+++\r\n"]
        .iter()
        .find(|o| text.starts_with(*o))
        .ok_or_else(|| {
            vec![
                Diagnostic::error("a page must start with TOML front matter between `+++` lines")
                    .at(file, 0..text.find('\n').unwrap_or(text.len()))
                    .with_hint("start the file with `+++`, `title = \"…\"`, `+++`"),
            ]
        })?;
    let start = opening.len();
    let close = text[start..]
        .match_indices("+++")
        .map(|(i, _)| start + i)
        .find(|&i| {
            text[..i].ends_with('\n')
                && text[i + 3..]
                    .lines()
                    .next()
                    .is_none_or(|rest| rest.trim().is_empty())
        })
        .ok_or_else(|| {
            vec![
                Diagnostic::error("the front matter is not closed")
                    .at(file, 0..3)
                    .with_hint("end the front matter with a line holding only `+++`"),
            ]
        })?;
    let front = parse_text(file, &text[start..close], start)?;
    let body = text[close + 3..]
        .trim_start_matches(['\r', '\n'])
        .to_string();
    Ok((front, body))
}

/// Every error of a document that did not parse. Syntax errors come alone (what the parser
/// recovered around them is guesswork). Otherwise the document is read into a tree with spans
/// and deserialised again and again: each error is reported and the entry it is about (a key,
/// a list element, a table missing a field) taken out, until the rest reads. A table whose
/// required field was taken out for an error of its own is then not also reported missing.
fn every_error<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    offset: usize,
) -> Vec<Diagnostic> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    let root: Node = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let words = Words {
        file,
        text,
        offset,
        shape: Shape::of::<T>(),
        root: &root,
    };
    if !syntax.is_empty() {
        return sorted(syntax.iter().map(|error| words.syntax(error)).collect());
    }
    let mut document = root.clone();
    // The keys taken out of each table, by the table's span: a required field taken out, or
    // misspelt, is not also reported missing.
    let mut taken: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    while out.len() < MAX_ERRORS {
        let Err(error) = attempt::<T>(&document) else {
            break;
        };
        let Some(span) = error.span() else {
            out.push(words.describe(&error, None, None));
            break;
        };
        if let Some(field) = missing_field(error.message()) {
            let place = tree::locate(&document, &span, true);
            let table = place.as_ref().map_or(document.span(), |p| p.span.clone());
            let knock_on = taken.get(&(table.start, table.end)).is_some_and(|keys| {
                keys.iter()
                    .any(|key| key == field || did_you_mean(key, [field]).is_some())
            });
            if !knock_on {
                out.push(words.describe(&error, place.as_ref(), None));
            }
            // A table missing a field has been read to its end: nothing more to learn in it.
            match place {
                Some(place) if tree::remove(&mut document, &place.path) => continue,
                _ => break,
            }
        }
        let Some(place) = tree::locate(&document, &span, false) else {
            out.push(words.describe(&error, None, None));
            break;
        };
        let node = (!place.on_key)
            .then(|| tree::get(&document, &place.path))
            .flatten();
        out.push(words.describe(&error, Some(&place), node));
        if let Some((Step::Key(key), parent)) = place.path.split_last()
            && let Some(parent) = tree::get(&document, parent)
        {
            let span = parent.span();
            taken
                .entry((span.start, span.end))
                .or_default()
                .push(key.clone());
        }
        if !tree::remove(&mut document, &place.path) {
            break;
        }
    }
    if out.len() == MAX_ERRORS {
        out.push(
            Diagnostic::error(format!(
                "`{}` has more errors: sprintgen stopped after {MAX_ERRORS}",
                file.path
            ))
            .in_file(file.path.clone()),
        );
    }
    sorted(out)
}

/// Deserialises the document as it now stands.
fn attempt<T: DeserializeOwned>(document: &Node) -> Result<T, toml::de::Error> {
    let DeValue::Table(table) = document.get_ref() else {
        return Err(serde::de::Error::custom("the document is not a table"));
    };
    let root = Spanned::new(document.span(), table.clone());
    T::deserialize(toml::de::Deserializer::from(root))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SprintFile, TeamConfig};

    fn sprint_file(text: &str) -> SourceFile {
        SourceFile::new("content/t/sprint-01.toml", text)
    }

    const HEADER: &str = "number = 1\ntitle = \"S\"\nstart = 2025-10-27\nend = 2025-11-07\n";

    /// Each diagnostic as `line:column message` (and ` | hint`).
    fn problems<T: DeserializeOwned + std::fmt::Debug>(file: &SourceFile) -> Vec<String> {
        parse_document::<T>(file)
            .unwrap_err()
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                let hint = d
                    .hint
                    .as_deref()
                    .map(|h| format!(" | {h}"))
                    .unwrap_or_default();
                format!("{}:{} {}{hint}", l.line, l.column, d.message)
            })
            .collect()
    }

    #[test]
    fn unknown_field_names_line_column_and_suggestion() {
        let text = format!("{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\npionts = 3\n");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            ["8:1 unknown field `pionts` in `[[items]]` | did you mean `points`?"]
        );
    }

    #[test]
    fn type_error_points_at_the_value_in_plain_words() {
        let text = HEADER.replace("number = 1", "number = \"one\"");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "1:10 `number` must be a whole number, 0 or more, not the text \"one\" | write it like `number = 3`"
            ]
        );
    }

    #[test]
    fn unknown_status_lists_the_allowed_values() {
        let text = format!("{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"dne\"\n");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "8:10 `dne` is not a valid value for `status`: use one of `todo`, `in-progress`, `done` or `removed` | did you mean `done`?"
            ]
        );
    }

    #[test]
    fn a_date_time_is_not_a_date() {
        let text = HEADER.replace("start = 2025-10-27", "start = 2025-10-27T10:00:00");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "3:9 `start` must be a date without a time of day, not `2025-10-27T10:00:00` | write the day alone: `start = 2025-10-27`"
            ]
        );
    }

    /// Every mistake of a file at once, in the order of the text, each table read on its own:
    /// an error in one item neither hides the errors of the next nor adds knock-on ones.
    #[test]
    fn every_error_of_a_file_in_order() {
        let text = format!(
            "{HEADER}velocity = 3\n\
             [[items]]\nid = \"A\"\ntitle = 3\nownr = \"x\"\n\
             [[items]]\nid = \"B\"\ntitle = \"b\"\npoints = \"5\"\nstatus = \"dne\"\n\
             [[items]]\nid = \"C\"\n\
             [[risks]]\ntitle = \"r\"\nlikelihood = \"hgh\"\nimpact = \"low\"\nlessons = [\"l\"]\n"
        );
        let found = problems::<SprintFile>(&sprint_file(&text));
        let lines: Vec<&str> = found.iter().map(|p| p.split(' ').next().unwrap()).collect();
        assert_eq!(
            lines,
            [
                "5:1", "8:9", "9:1", "13:10", "14:10", "15:1", "19:14", "21:1"
            ],
            "{found:#?}"
        );
        // `title = 3` is one error, not also a missing title.
        assert!(found[1].contains("`title` must be text in quotes, not the number 3"));
        assert!(found[5].contains("this `[[items]]` table has no `title`"));
        assert!(
            found[7].contains("`lessons` is a top-level field"),
            "{}",
            found[7]
        );
        assert!(found[7].contains("move it above the first table header (line 6)"));
    }

    #[test]
    fn misplaced_tables_get_structure_hints() {
        let text = format!(
            "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\n  [[tasks]]\n  text = \"t\"\n[risks]\ntitle = \"r\"\n"
        );
        let found = problems::<SprintFile>(&sprint_file(&text));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("8:5 unknown field `tasks` | `tasks` belongs in `[[items]]`: write `[[items.tasks]]`"), "{}", found[0]);
        assert!(
            found[1].starts_with("10:1 `risks` is a list of tables: write `[[risks]]`"),
            "{}",
            found[1]
        );
    }

    #[test]
    fn a_single_table_after_a_list_of_tables() {
        let text = format!(
            "{HEADER}[[risks]]\ntitle = \"a\"\nlikelihood = \"low\"\nimpact = \"low\"\n[risks]\ntitle = \"b\"\n"
        );
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "9:2 `[risks]` after `[[risks]]`: `risks` is a list of tables | write `[[risks]]` for each entry of the list"
            ]
        );
    }

    #[test]
    fn syntax_errors_come_alone_and_all_of_them() {
        let text = format!(
            "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 3\npoints = 5\nstatus = done\nowner =\n"
        );
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "9:1 `points` is set twice | `points` is already set on line 8: keep one",
                "10:10 the text `done` must be in quotes | write `status = \"done\"`",
                "11:8 a value is missing after `=` | write a value, such as a number, `\"text\"` or a date like 2025-10-28",
            ]
        );
    }

    #[test]
    fn a_key_of_an_item_after_its_tasks() {
        let text = format!(
            "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\n[[items.tasks]]\ntext = \"t\"\npoints = 3\n"
        );
        let found = problems::<SprintFile>(&sprint_file(&text));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("10:1 unknown field `points` in `[[items.tasks]]` | `points` is a field of `[[items]]`, but it comes after the header `[[items.tasks]]` (line 8)"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn team_files_read_every_member() {
        let text = "name = \"T\"\nvelocity_windw = 3\n[[members]]\nrole = \"dev\"\nfte = \"half\"\n[[members]]\nrole = \"qa\"\ncount = -1\nfte = 1\n";
        let found = problems::<TeamConfig>(&SourceFile::new("content/t/team.toml", text));
        assert_eq!(
            found,
            [
                "2:1 unknown field `velocity_windw` | did you mean `velocity_window`?",
                "5:7 `fte` must be a number, not the text \"half\" | write it like `fte = 3`",
                "8:9 `count` must be a whole number, 0 or more, not the number -1 | write it like `count = 3`",
            ]
        );
    }
}
