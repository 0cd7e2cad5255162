//! TOML documents and Markdown front matter into the model's types, with every parse error
//! turned into a diagnostic at its line and column.

mod literals;
mod recover;
mod resync;
mod shape;
mod tree;
mod words;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;
use crate::model::{FrontMatter, SourceFile};
pub use recover::Failed;

/// Parses one TOML document held in memory: the part of loading that needs no disk, for tests
/// and fuzzing. Fails with every error of the document, in the order of the text.
pub fn parse_document<T: DeserializeOwned + JsonSchema>(
    file: &SourceFile,
) -> Result<T, Vec<Diagnostic>> {
    parse_recovering(file).map_err(|failed| failed.errors)
}

/// [`parse_document`], keeping on failure what of the document could still be read.
pub fn parse_recovering<T: DeserializeOwned + JsonSchema>(
    file: &SourceFile,
) -> Result<T, Failed<T>> {
    parse_text(file, &file.text, 0)
}

/// Parses `text`, a part of `file` starting at `offset`. A valid document is parsed once;
/// only a document with errors pays for reading it again entry by entry.
fn parse_text<T: DeserializeOwned + JsonSchema>(
    file: &SourceFile,
    text: &str,
    offset: usize,
) -> Result<T, Failed<T>> {
    toml::from_str(text).map_err(|_| recover::every_error::<T>(file, text, offset))
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
    let front = parse_text(file, &text[start..close], start).map_err(|failed| failed.errors)?;
    // The body starts on the line after the closing `+++` (which may end in spaces).
    let body = text[close + 3..]
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim_start_matches(['\r', '\n'])
        .to_string();
    Ok((front, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SprintFile, TeamConfig};

    fn sprint_file(text: &str) -> SourceFile {
        SourceFile::new("content/t/sprint-01.toml", text)
    }

    fn team_problems(text: &str) -> Vec<String> {
        problems::<TeamConfig>(&SourceFile::new("content/t/team.toml", text))
    }

    const HEADER: &str = "number = 1\ntitle = \"S\"\nstart = 2025-10-27\nend = 2025-11-07\n";

    /// Each diagnostic as `line:column message` (and ` | hint`).
    fn problems<T: DeserializeOwned + JsonSchema + std::fmt::Debug>(
        file: &SourceFile,
    ) -> Vec<String> {
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
        // A time of day alone: the model's own words, with the key they are about.
        let text = HEADER.replace("start = 2025-10-27", "start = 10:00:00");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            ["3:9 `start`: expected a date such as 2025-10-28, found the time of day `10:00:00`"]
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

    /// Each table of a list is read on its own, yet a key in error is one error, however many
    /// tables its list has.
    #[test]
    fn a_misplaced_list_of_tables_is_one_error() {
        let text = format!(
            "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\n  [[tasks]]\n  text = \"t\"\n  [[tasks]]\n  text = \"u\"\n"
        );
        let found = problems::<SprintFile>(&sprint_file(&text));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("8:5 unknown field `tasks`"),
            "{}",
            found[0]
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
                "9:2 `[risks]` after `[[risks]]`: `risks` is a list of tables | write `[[risks]]` for each entry of the list; the keys under this header (line 10) were not read"
            ]
        );
    }

    /// A syntax error leaves its statement unread, not the rest of the file: the errors after
    /// it are reported too, and what it took out is not also "missing".
    #[test]
    fn syntax_errors_and_every_error_after_them() {
        let text = format!(
            "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\nowner \"Dana\"\npoints = 2,5\n\
             [[items]\nid = \"B\"\ntitle = \"b\"\n\
             [[items]]\nid = \"C\"\ntitle = \"c\"\nnotes = \"\"\"Started\non it\n\
             [[items]]\nid = \"D\"\ntitle = \"d\"\npionts = 3\ndone_on = 26.11.2026\n\
             estimates = [{{ on = 2025-11-31, points = 3 }}]\n"
        );
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "7:11 this text is not closed: a `\"` is missing | close the quotes on the same line, or use `\"\"\"` around text of several lines",
                "8:1 `owner` has no `=` after it | write `owner = \"Dana\"`, or start a comment with `#`",
                "9:10 `2,5` is not a number TOML can read | numbers are written with a point before the decimals: `points = 2.5`",
                "10:9 the table header `[[items]` is not closed | write `[[items]]`; the keys under this header (lines 11–12) were not read",
                "16:9 this text is not closed: a `\"\"\"` is missing | close it with `\"\"\"`; lines 16–17 were not read: sprintgen read on at line 18",
                "21:1 unknown field `pionts` in `[[items]]` | did you mean `points`?",
                "22:11 `26.11.2026` is not a date TOML can read | dates are written YYYY-MM-DD: `done_on = 2026-11-26`",
                "23:21 `2025-11-31` is not a day of the calendar | November 2025 has 30 days: its last is `2025-11-30`",
            ]
        );
    }

    /// What of a file with a syntax error reads is kept, for the rules across values, with the
    /// lines whose data is not as written; a table header that does not read loses its table.
    #[test]
    fn a_file_with_a_syntax_error_keeps_what_reads() {
        let text = format!(
            "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"done\"\ndone_on = 2025-11-31\n\
             [[items]]\nid = \"B\"\ntitle = \"b\"\n"
        );
        let failed = parse_recovering::<SprintFile>(&sprint_file(&text)).unwrap_err();
        assert_eq!(failed.errors.len(), 1);
        let (sprint, damaged) = *failed.recovered.expect("the rest reads");
        let ids: Vec<&str> = sprint
            .items
            .iter()
            .map(|i| i.id.get_ref().as_str())
            .collect();
        assert_eq!(ids, ["A", "B"]);
        assert_eq!(sprint.items[0].done_on, None);
        // The damage is item A's table, from its header to the next.
        let start = text.find("[[items]]").unwrap();
        assert_eq!(damaged.len(), 1);
        assert_eq!(damaged[0], start..text.rfind("[[items]]").unwrap());
        let broken_header = text.replacen("[[items]]\nid = \"B\"", "[[items]\nid = \"B\"", 1);
        let failed = parse_recovering::<SprintFile>(&sprint_file(&broken_header)).unwrap_err();
        assert_eq!(failed.errors.len(), 2, "{:#?}", failed.errors);
        assert!(failed.recovered.is_none());
    }

    /// Text that is no TOML at all is read to its hundredth error.
    #[test]
    fn a_file_of_syntax_errors_stops_at_a_hundred() {
        let text: String = (0..150).map(|i| format!("word{i} here\n")).collect();
        let errors = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        assert_eq!(errors.len(), 101);
        assert!(errors[0].message.contains("has more errors"));
    }

    #[test]
    fn syntax_errors_all_of_them() {
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

    /// A number or a boolean where the format wants one of its words: the words, from the
    /// model.
    #[test]
    fn a_value_that_is_not_a_word_gets_the_words() {
        let text = "name = \"T\"\n[calendar]\nworking_days = [\"mon\", 3]\n";
        assert_eq!(
            team_problems(text),
            [
                "3:24 each entry of `working_days` must be one of `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`, in quotes, not the number 3 | write it like `working_days = [\"mon\"]`"
            ]
        );
        let text =
            format!("{HEADER}[[risks]]\ntitle = \"r\"\nlikelihood = true\nimpact = \"low\"\n");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "7:14 `likelihood` must be one of `low`, `medium` or `high`, in quotes, not `true` | write it like `likelihood = \"low\"`"
            ]
        );
    }

    /// A file is read up to its hundredth error, and the message says when more are left.
    #[test]
    fn reading_stops_after_a_hundred_errors() {
        let items = |n: usize| -> String {
            (0..n)
                .map(|i| format!("[[items]]\nid = \"I-{i}\"\ntitle = \"t\"\nownr = \"x\"\n"))
                .collect()
        };
        let hundred =
            parse_document::<SprintFile>(&sprint_file(&format!("{HEADER}{}", items(100))));
        let hundred = hundred.unwrap_err();
        assert_eq!(hundred.len(), 100);
        assert!(
            hundred
                .iter()
                .all(|d| d.message.starts_with("unknown field `ownr`"))
        );
        let more = parse_document::<SprintFile>(&sprint_file(&format!("{HEADER}{}", items(101))));
        let more = more.unwrap_err();
        assert_eq!(more.len(), 101);
        assert_eq!(
            more[0].message,
            "`content/t/sprint-01.toml` has more errors: sprintgen stopped after 100"
        );
    }

    #[test]
    fn a_missing_field_is_reported_beside_another_field_in_error() {
        // `status` taken out for its own error hides only a missing `status`, not `id`.
        let text = format!("{HEADER}[[items]]\ntitle = \"a\"\nstatus = \"finished\"\n");
        assert_eq!(
            problems::<SprintFile>(&sprint_file(&text)),
            [
                "5:1 this `[[items]]` table has no `id` | add `id = …`: it is required",
                "7:10 `finished` is not a valid value for `status`: use one of `todo`, `in-progress`, `done` or `removed`",
            ]
        );
    }

    #[test]
    fn each_kind_of_value_is_named_in_words() {
        let sprint = format!("{HEADER}holidays = \"x\"\nitems = \"x\"\nstatus = 3\n");
        let team = "name = \"T\"\ncalendar = 3\nvelocity_window = \"x\"\nunit = true\n[[members]]\nrole = \"dev\"\ncount = \"2\"\nfte = \"1.5\"\n";
        let found = [
            problems::<SprintFile>(&sprint_file(&sprint)),
            team_problems(team),
        ];
        assert_eq!(
            found,
            [
                vec![
                    "5:12 `holidays` must be a list, not the text \"x\" | a list is written in brackets: `holidays = [\"x\"]`",
                    "6:9 `items` must be a list of tables, not the text \"x\" | write `items = [{ … }]`, or each entry as a table under a `[[items]]` header",
                    "7:10 `status` must be one of `planned`, `active` or `closed`, in quotes, not the number 3 | write it like `status = \"planned\"`",
                ],
                vec![
                    "2:12 `calendar` must be a table, not the number 3 | write it like `calendar = { … }`",
                    "3:19 `velocity_window` must be a whole number, 0 or more, not the text \"x\" | write it like `velocity_window = 3`",
                    "4:8 `unit` must be one of `points` or `issues`, in quotes, not `true` | write it like `unit = \"points\"`",
                    "7:9 `count` must be a whole number, 0 or more, not the text \"2\" | remove the quotes: `count = 2`",
                    "8:7 `fte` must be a number, not the text \"1.5\" | remove the quotes: `fte = 1.5`",
                ],
            ]
        );
    }

    #[test]
    fn hints_for_keys_in_the_wrong_place_and_tables_set_twice() {
        let sprint = |text: String| problems::<SprintFile>(&sprint_file(&text));
        let found = [
            team_problems("name = \"T\"\nzzzzzzzz = 1\n"),
            team_problems("name = \"T\"\n[calendar]\n[calendar]\n"),
            team_problems("name = \"T\"\nx = [1,\n"),
            sprint(format!(
                "{HEADER}[[standups]]\ndate = 2025-10-28\nowner = \"Dana\"\n"
            )),
            sprint(format!("{HEADER}holidays = {{ a = 1 }}\n")),
            sprint(format!(
                "{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\non = 2025-10-28\n"
            )),
        ];
        assert_eq!(
            found,
            [
                // `$schema` is the editors': not listed.
                [
                    "2:1 unknown field `zzzzzzzz` | the top-level fields are `name`, `description`, `velocity_window`, `members`, `calendar`, `ideal_baseline`, `unit`, `group`, `item_url` and `sync`"
                ],
                // A table set twice is not taken for a list begun as a single table.
                ["3:2 `calendar` is set twice | `calendar` is already set on line 2: keep one"],
                ["2:5 this list is not closed: a `]` is missing | close it with `]`"],
                // `[[items]]` has an `owner`, but is not a table under `[[standups]]`.
                [
                    "7:1 unknown field `owner` in `[[standups]]` | the fields of `[[standups]]` are `date`, `title`, `planned`, `completed`, `blockers`, `next` and `notes`"
                ],
                ["5:12 `holidays` must be a list, not a table | write it like `holidays = […]`"],
                // A field of a table under this one.
                [
                    "8:1 unknown field `on` in `[[items]]` | `on` is a field of `[[items.estimates]]`: move it into that table"
                ],
            ]
        );
    }

    #[test]
    fn a_key_set_twice_points_to_the_last_time_it_was_set_before() {
        let text = "name = \"T\"\n[[members]]\nrole = \"a\"\nfte = 1\n[[members]]\nrole = \"b\"\nfte = 2\nrole = \"c\"\n";
        let found = team_problems(text);
        assert_eq!(
            found,
            ["8:1 `role` is set twice | `role` is already set on line 6: keep one"]
        );
    }

    #[test]
    fn team_files_read_every_member() {
        let text = "name = \"T\"\nvelocity_windw = 3\n[[members]]\nrole = \"dev\"\nfte = \"half\"\n[[members]]\nrole = \"qa\"\ncount = -1\nfte = 1\n";
        let found = team_problems(text);
        assert_eq!(
            found,
            [
                "2:1 unknown field `velocity_windw` | did you mean `velocity_window`?",
                "5:7 `fte` must be a number, not the text \"half\" | write it like `fte = 3`",
                "8:9 `count` must be a whole number, 0 or more, not the number -1 | write it like `count = 3`",
            ]
        );
    }

    fn page(text: &str) -> Result<(FrontMatter, String), Vec<Diagnostic>> {
        parse_page(&SourceFile::new("content/t/notes.md", text))
    }

    #[test]
    fn a_page_is_its_front_matter_then_its_body() {
        let (front, body) = page("+++\ntitle = \"Notes\"\n+++\n\n# Heading\n").unwrap();
        assert_eq!(front.title, "Notes");
        assert_eq!(body, "# Heading\n");
        // Windows line ends open and close it as well.
        let (front, body) = page("+++\r\ntitle = \"Notes\"\r\n+++\r\nText").unwrap();
        assert_eq!((front.title.as_str(), body.as_str()), ("Notes", "Text"));
    }

    #[test]
    fn the_front_matter_closes_only_at_a_line_of_its_own() {
        // `+++` inside a value, and at the start of a line with more after it, do not close it.
        let text =
            "+++\ntitle = \"C+++\"\ndescription = \"\"\"\n+++ not the end\n\"\"\"\n+++  \nBody\n";
        let (front, body) = page(text).unwrap();
        assert_eq!(front.title, "C+++");
        assert_eq!(front.description.as_deref(), Some("+++ not the end\n"));
        assert_eq!(body, "Body\n");
    }

    #[test]
    fn a_front_matter_error_is_placed_in_the_page_file() {
        let text = "+++\ntitle = \"T\"\ndat = 2025-11-14\ndraft = \"yes\"\n+++\n";
        let found: Vec<String> = page(text)
            .unwrap_err()
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                format!("{}:{} ({} wide) {}", l.line, l.column, l.width, d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                "3:1 (3 wide) unknown field `dat`",
                "4:9 (5 wide) `draft` must be `true` or `false`, not the text \"yes\"",
            ]
        );
        let hint = |draft: &str| {
            let text = format!("+++\ntitle = \"T\"\ndraft = {draft}\n+++\n");
            page(&text).unwrap_err()[0].hint.clone().unwrap()
        };
        assert_eq!(
            [hint("\"yes\""), hint("\"true\""), hint("\"false\"")],
            [
                "write it like `draft = true`",
                "remove the quotes: `draft = true`",
                "remove the quotes: `draft = false`",
            ]
        );
        let twice = page("+++\ntitle = \"T\"\ntitle = \"U\"\n+++\n").unwrap_err();
        assert_eq!(
            twice[0].hint.as_deref(),
            Some("`title` is already set on line 2: keep one")
        );
    }

    #[test]
    fn a_page_without_closed_front_matter_says_which() {
        let messages = |text| {
            page(text)
                .unwrap_err()
                .iter()
                .map(|d| format!("{} {}", d.position().unwrap(), d.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            messages("# Notes\n"),
            ["content/t/notes.md:1:1 a page must start with TOML front matter between `+++` lines"]
        );
        assert_eq!(
            messages("+++\ntitle = \"Notes\"\n++++\n"),
            ["content/t/notes.md:1:1 the front matter is not closed"]
        );
    }
}
