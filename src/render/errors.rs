//! Tera's errors as diagnostics at the template file on disk, in the words of a theme's
//! author: the name a template used that a page does not have, with the nearest one it has;
//! the filter that does not exist, with the ones that do.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use super::filters;
use crate::diagnostics::{Diagnostic, did_you_mean, hint_for, nearest};
use crate::model::SourceFile;

/// The errors found while the templates were added (each of Tera's reports is one), or the
/// error itself.
pub(super) fn adding_errors(
    error: &tera::Error,
    sources: &BTreeMap<String, SourceFile>,
) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(text) = error.kind() {
        let reports: Vec<Diagnostic> = text
            .split("\n\n")
            .filter_map(|report| from_report(report, sources))
            .collect();
        if !reports.is_empty() {
            return reports;
        }
    }
    vec![rendering_error(error, sources, None)]
}

/// One of Tera's text reports (`error: MESSAGE`, `--> NAME:LINE:COL`, the quoted line).
fn from_report(report: &str, sources: &BTreeMap<String, SourceFile>) -> Option<Diagnostic> {
    let message = report.lines().next()?.strip_prefix("error: ")?;
    let place = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let file = sources.get(parts.next()?)?;
    let start = offset_of(&file.text, line, column);
    let unknown_block = backticked(message, "Block `")
        .filter(|_| message.ends_with("is not defined in any parent template"));
    let (message, hint, width) = match (backticked(message, "Unknown filter `"), unknown_block) {
        (Some(name), _) => (
            format!("there is no filter `{name}`"),
            Some(filter_hint(name)),
            name.len(),
        ),
        (None, Some(name)) => (
            format!("the template it extends has no block `{name}`"),
            block_hint(name, sources),
            name.len(),
        ),
        _ => (format!("template error: {message}"), None, 1),
    };
    let diagnostic = Diagnostic::error(message).at(file, start..start + width);
    Some(match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    })
}

/// The nearest filter to a misspelt one, or the list of them.
fn filter_hint(name: &str) -> String {
    let all = filters::OURS.iter().chain(filters::TERA).copied();
    match hint_for(name, all) {
        Some(hint) => hint,
        None => format!(
            "sprintgen's filters are {}; Tera's own are {}",
            join(filters::OURS),
            join(filters::TERA)
        ),
    }
}

/// The nearest block of the templates to a misspelt one.
fn block_hint(name: &str, sources: &BTreeMap<String, SourceFile>) -> Option<String> {
    let mut names: Vec<String> = sources
        .values()
        .flat_map(|file| super::blocks(&file.text))
        .map(|(block, _)| block)
        .filter(|block| block != name)
        .collect();
    names.sort();
    names.dedup();
    hint_for(name, names.iter().map(String::as_str))
}

fn join(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .fold(0, |offset, line| offset + line.len());
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The name between `prefix` and the next backtick.
fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// An error while rendering a page with `context` (or while adding the templates, without
/// one), at its template's file, line and column.
pub(super) fn rendering_error(
    error: &tera::Error,
    sources: &BTreeMap<String, SourceFile>,
    context: Option<&Context>,
) -> Diagnostic {
    use std::error::Error as _;
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let mut message = match &report {
        Some(report) => report.message().to_string(),
        None => error.to_string(),
    };
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    let Some((report, file)) = report.and_then(|r| sources.get(r.filename()).map(|f| (r, f)))
    else {
        return Diagnostic::error(format!("template error: {message}"));
    };
    let span = report.span().range.clone();
    let written = expression_at(&file.text, span.clone());
    let page = context.map(|context| Page {
        context,
        before: file.text.get(..span.start).unwrap_or_default(),
    });
    let (message, hint) = match undefined(&message, &written, page.as_ref()) {
        Some((message, hint)) => (message, hint),
        None => (format!("template error: {message}"), None),
    };
    let diagnostic = Diagnostic::error(message).at(file, span);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// A name the page does not have, said as such, with the nearest name it has: Tera reports it
/// as an undefined variable or field, or, when the value goes into a filter, as a value of the
/// wrong type ("expected `&str` but got `undefined`").
fn undefined(
    message: &str,
    written: &str,
    page: Option<&Page>,
) -> Option<(String, Option<String>)> {
    let (name, listed) = if let Some(name) = backticked(message, "Variable `") {
        (name.to_string(), available(message))
    } else if let Some(field) = backticked(message, "Field `") {
        // The expression up to the field: `team.captain` of `team.captain.name`.
        let end = written
            .find(field)
            .map_or(written.len(), |at| at + field.len());
        (written[..end].to_string(), available(message))
    } else if message.contains("but got `undefined`") {
        let expression = written.split('|').next().unwrap_or(written).trim();
        let parent: Vec<&str> = expression.split('.').collect();
        let names = page.and_then(|page| page.names_at(&parent[..parent.len() - 1]));
        (expression.to_string(), names)
    } else {
        return None;
    };
    let (parent, last) = match name.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, name.as_str()),
    };
    let hint = listed.map(|names| {
        let close = nearest(last, names.iter().map(String::as_str));
        let close = close.map(|close| match parent {
            Some(parent) => format!("{parent}.{close}"),
            None => close.to_string(),
        });
        match (did_you_mean(&Vec::from_iter(close)), parent) {
            (Some(hint), _) => hint,
            (None, Some(parent)) => format!("the fields of `{parent}` are {}", join_owned(&names)),
            (None, None) => format!("the page's variables are {}", join_owned(&names)),
        }
    });
    let hint =
        hint.or_else(|| Some("docs/themes.md lists the variables each page receives".to_string()));
    Some((
        format!("the template uses `{name}`, which the page does not have"),
        hint,
    ))
}

fn join_owned(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The dotted name Tera points into, whole: Tera points at `captain` in `team.captain.name`,
/// and at `sprint` in `sprint.titel | upper`.
fn expression_at(text: &str, span: std::ops::Range<usize>) -> String {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let before = text.get(..span.start).unwrap_or_default();
    let after = text.get(span.start..).unwrap_or_default();
    let lead = &before[before.trim_end_matches(is_name).len()..];
    let rest = &after[..after.find(|c: char| !is_name(c)).unwrap_or(after.len())];
    format!("{lead}{rest}")
}

/// The names Tera listed after "Available variables:" or "Available fields:".
fn available(message: &str) -> Option<Vec<String>> {
    let (_, list) = message.split_once("Available ")?.1.split_once(": ")?;
    Some(
        list.split(", ")
            .map(|n| n.trim().trim_end_matches('.').to_string())
            .collect(),
    )
}

/// What a page's template could use where it failed.
struct Page<'a> {
    context: &'a Context,
    /// The template's text before the place: its loops say what their variables are.
    before: &'a str,
}

impl Page<'_> {
    /// The names at `path` (the top level for an empty path), as Tera lists them for a name
    /// that is not there; under a loop variable, those of the list's entries.
    fn names_at(&self, path: &[&str]) -> Option<Vec<String>> {
        let probe = match path {
            [] => "{{ __sprintgen_probe__ }}".to_string(),
            _ => format!("{{{{ {}.__sprintgen_probe__ }}}}", path.join(".")),
        };
        self.probe(&probe, path.is_empty()).or_else(|| {
            // `{% for g in goals %}`: the fields of an entry of `goals`.
            let (variable, rest) = path.split_first()?;
            let opening = format!("for {variable} in ");
            let list = self.before.rsplit_once(&opening)?.1.split("%}").next()?;
            let list = list.trim().trim_end_matches('-').trim();
            let rest: String = rest.iter().map(|name| format!(".{name}")).collect();
            let probe = format!(
                "{{% for {variable} in {list} %}}{{{{ {variable}{rest}.__sprintgen_probe__ }}}}{{% endfor %}}"
            );
            self.probe(&probe, false)
        })
    }

    /// The names Tera offers when `template` fails on the probe name.
    fn probe(&self, template: &str, top: bool) -> Option<Vec<String>> {
        let error = Tera::one_off(template, self.context, true).err()?;
        let message = match error.kind() {
            tera::ErrorKind::RenderingError(report) => report.message().to_string(),
            _ => error.to_string(),
        };
        // A name of the template's own (a loop variable) is not in the page's context.
        let expected = match top {
            true => "Variable `__sprintgen_probe__`",
            false => "Field `__sprintgen_probe__`",
        };
        message
            .starts_with(expected)
            .then(|| available(&message))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 3), 6);
    }

    #[test]
    fn a_name_inside_a_filter_gets_the_nearest_field() {
        let mut context = Context::new();
        context.insert("sprint", &serde_json::json!({"title": "T", "number": 1}));
        let page = Page {
            context: &context,
            before: "",
        };
        let (message, hint) = undefined(
            "Invalid type for the value, expected `&str` but got `undefined`",
            "sprint.titel",
            Some(&page),
        )
        .unwrap();
        assert_eq!(
            message,
            "the template uses `sprint.titel`, which the page does not have"
        );
        assert_eq!(hint.as_deref(), Some("did you mean `sprint.title`?"));
    }

    #[test]
    fn a_loop_variable_gets_the_fields_of_the_list() {
        let mut context = Context::new();
        context.insert("goals", &serde_json::json!([{"title": "T", "items": []}]));
        let page = Page {
            context: &context,
            before: "{% for g in goals -%}\n<h2>{{ ",
        };
        let (_, hint) = undefined(
            "Invalid type for the value, expected `&str` but got `undefined`",
            "g.titel",
            Some(&page),
        )
        .unwrap();
        assert_eq!(hint.as_deref(), Some("did you mean `g.title`?"));
    }

    #[test]
    fn a_missing_field_lists_the_fields() {
        let (message, hint) = undefined(
            "Field `captain` is not defined. Available fields: name, slug",
            "team.captain.name",
            None,
        )
        .unwrap();
        assert_eq!(
            message,
            "the template uses `team.captain`, which the page does not have"
        );
        assert_eq!(
            hint.as_deref(),
            Some("the fields of `team` are `name`, `slug`")
        );
    }
}
