//! The filters templates can use (docs/themes.md, "Filters").

use tera::{Kwargs, State, Tera};

use crate::markdown;
use crate::metrics::Points;
use crate::model::{Date, Unit, label};

/// sprintgen's filters, which [`register`] adds.
pub(super) const OURS: &[&str] = &[
    "amount",
    "markdown",
    "date",
    "label",
    "slugify",
    "md",
    "oneline",
    "mdblock",
    "mdurl",
    "code",
    "json",
    "css_string",
];

/// The filters Tera has built in (Tera does not list them): for the message about an unknown
/// filter.
pub(super) const TERA: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

/// Registers sprintgen's filters ([`OURS`]).
pub(super) fn register(tera: &mut Tera, allow_html: bool) {
    tera.register_filter(
        "amount",
        |value: &tera::Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let unit = kwargs
                .get::<&tera::Value>("unit")?
                .map(unit_of)
                .transpose()?
                .unwrap_or_default();
            // A number, or a signed change already written as text ("+3").
            let text = match (value.as_number(), value.as_str()) {
                (Some(n), _) => Points(n.as_float()).to_string(),
                (None, Some(text)) => text.to_string(),
                _ => {
                    return Err(tera::Error::message(format!(
                        "`amount` needs a number, not `{value}`"
                    )));
                }
            };
            let words = kwargs.get::<bool>("words")?.unwrap_or(false);
            Ok(if words {
                unit.amount_in_words(&text)
            } else {
                unit.amount(&text)
            })
        },
    );
    tera.register_filter("markdown", move |text: &str, kwargs: Kwargs, _: &State| {
        let inline = kwargs.get::<bool>("inline").ok().flatten().unwrap_or(false);
        tera::Value::safe_string(&markdown::to_html(text, allow_html, inline))
    });
    tera.register_filter(
        "date",
        |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
            let date = Date::parse(text).ok_or_else(|| {
                tera::Error::message(format!("`{text}` is not a date (YYYY-MM-DD)"))
            })?;
            format_date(date, format).map_err(tera::Error::message)
        },
    );
    tera.register_filter("label", |text: &str, _: Kwargs, _: &State| label(text));
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| slugify(text));
    tera.register_filter("md", |text: &str, _: Kwargs, _: &State| {
        markdown::escape_inline(text)
    });
    tera.register_filter("oneline", move |text: &str, _: Kwargs, _: &State| {
        markdown::one_line(text, allow_html)
    });
    tera.register_filter("mdblock", move |text: &str, _: Kwargs, _: &State| {
        markdown::safe_markdown(text.trim(), allow_html)
    });
    tera.register_filter("mdurl", |text: &str, _: Kwargs, _: &State| {
        markdown::markdown_url(text).unwrap_or_default()
    });
    tera.register_filter("code", |text: &str, _: Kwargs, _: &State| {
        markdown::code_span(text)
    });
    tera.register_filter("css_string", |text: &str, _: Kwargs, _: &State| {
        tera::Value::safe_string(&markdown::css_string(text))
    });
    tera.register_filter(
        "json",
        |value: &tera::Value, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            serde_json::to_string(value).map_err(|e| tera::Error::message(e.to_string()))
        },
    );
}

/// The unit of the `amount` filter: a page's `unit` (or its `name`), `"points"` or `"issues"`.
fn unit_of(value: &tera::Value) -> tera::TeraResult<Unit> {
    let name = value
        .as_map()
        .and_then(|map| map.get(&tera::value::Key::from("name")))
        .unwrap_or(value);
    match name.as_str() {
        Some("points") => Ok(Unit::Points),
        Some("issues") => Ok(Unit::Issues),
        _ => Err(tera::Error::message(format!(
            "`amount` needs `unit` to be `points` or `issues` (or a page's `unit`), not `{value}`"
        ))),
    }
}

/// Lowercase ASCII letters and digits joined by `-`.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A date as `format` says (strftime, as jiff implements it: `%Y %m %d %-d %a %A %b %B` and
/// more), in English, without a locale.
fn format_date(date: Date, format: &str) -> Result<String, String> {
    jiff::fmt::strtime::format(format, date.0)
        .map_err(|e| format!("cannot format {date} as `{format}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format_with_computed_weekdays() {
        let d = Date::parse("2025-10-28").unwrap();
        assert_eq!(format_date(d, "%a %-d %b %Y").unwrap(), "Tue 28 Oct 2025");
        assert_eq!(format_date(d, "%A, %B %d").unwrap(), "Tuesday, October 28");
        assert_eq!(format_date(d, "%-d %B %Y").unwrap(), "28 October 2025");
        let first = Date::parse("2025-11-03").unwrap();
        assert_eq!(format_date(first, "%a %-d %b").unwrap(), "Mon 3 Nov");
        assert_eq!(format_date(first, "%Y-%m-%d").unwrap(), "2025-11-03");
    }

    /// Every filter a message names exists: an unknown one is refused when its template is
    /// added.
    #[test]
    fn the_filters_named_in_messages_exist() {
        let mut tera = Tera::new();
        register(&mut tera, false);
        for name in OURS.iter().chain(TERA) {
            tera.add_raw_template("t.html", &format!("{{{{ x | {name} }}}}"))
                .unwrap_or_else(|e| panic!("`{name}`: {e}"));
        }
        assert!(tera.add_raw_template("u.html", "{{ x | nope }}").is_err());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Load Testing & CI/CD"), "load-testing-ci-cd");
    }
}
