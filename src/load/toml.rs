//! TOML documents and Markdown front matter into the model's types, with every parse error
//! turned into a diagnostic at its line and column.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{FrontMatter, SourceFile};

/// Parses one TOML document held in memory: the part of loading that needs no disk, for tests
/// and fuzzing.
pub fn parse_document<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    toml::from_str(&file.text).map_err(|error| toml_error(file, &error, 0))
}

/// Splits a Markdown page into its `+++` TOML front matter and its body.
pub fn parse_page(file: &SourceFile) -> Result<(FrontMatter, String), Diagnostic> {
    let text = &file.text;
    let opening = ["+++\n", "+++\r\n"]
        .iter()
        .find(|o| text.starts_with(*o))
        .ok_or_else(|| {
            Diagnostic::error("a page must start with TOML front matter between `+++` lines")
                .at(file, 0..text.find('\n').unwrap_or(text.len()))
                .with_hint("start the file with `+++`, `title = \"…\"`, `+++`")
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
            Diagnostic::error("the front matter is not closed")
                .at(file, 0..3)
                .with_hint("end the front matter with a line holding only `+++`")
        })?;
    let front =
        toml::from_str(&text[start..close]).map_err(|error| toml_error(file, &error, start))?;
    let body = text[close + 3..]
        .trim_start_matches(['\r', '\n'])
        .to_string();
    Ok((front, body))
}

/// Turns a toml/serde error into a diagnostic at its span, adding a "did you mean" for
/// misspelt field names and allowed values.
fn toml_error(file: &SourceFile, error: &toml::de::Error, offset: usize) -> Diagnostic {
    let span = error
        .span()
        .map_or(offset..offset, |s| s.start + offset..s.end + offset);
    let mut message = error.message().trim_end().to_string();
    if message == "duplicate key"
        && let Some(key) = file.text.get(span.clone())
    {
        message = format!("duplicate key `{}`", key.trim());
    }
    let hint = suggestion(&message).or_else(|| {
        (message.starts_with("invalid type: string")
            && message.ends_with("expected a TOML datetime"))
        .then(|| "write dates without quotes, such as `start = 2025-10-28`".to_string())
    });
    let diagnostic = Diagnostic::error(message).at(file, span);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" and "unknown variant" messages,
/// the closest allowed name.
fn suggestion(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (typo, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(typo, candidates.iter().copied()).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SprintFile;

    fn sprint_file(text: &str) -> SourceFile {
        SourceFile::new("content/t/sprint-01.toml", text)
    }

    const HEADER: &str = "number = 1\ntitle = \"S\"\nstart = 2025-10-27\nend = 2025-11-07\n";

    #[test]
    fn unknown_field_names_line_column_and_suggestion() {
        let text = format!("{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\npionts = 3\n");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        let l = d.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (8, 1));
        assert!(
            d.message.starts_with("unknown field `pionts`"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `points`?"));
    }

    #[test]
    fn type_error_points_at_the_value() {
        let text = HEADER.replace("number = 1", "number = \"one\"");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        let l = d.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (1, 10));
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn unknown_status_lists_the_allowed_values() {
        let text = format!("{HEADER}[[items]]\nid = \"A\"\ntitle = \"a\"\nstatus = \"dne\"\n");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        assert!(
            d.message
                .contains("`todo`, `in-progress`, `done`, `removed`"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `done`?"));
    }

    #[test]
    fn a_date_time_is_not_a_date() {
        let text = HEADER.replace("start = 2025-10-27", "start = 2025-10-27T10:00:00");
        let d = parse_document::<SprintFile>(&sprint_file(&text)).unwrap_err();
        assert!(
            d.message.contains("expected a date such as 2025-10-28"),
            "{}",
            d.message
        );
        assert_eq!(d.location.unwrap().line, 3);
    }
}
