//! Tera templates: the embedded default theme, a site's overrides, and sprintgen's filters.
//!
//! Templates resolve in this order (Tera's fallback prefixes): the site's `templates/`, then
//! `themes/<theme>/templates/`, then the default theme compiled into the binary. Any template
//! can extend the default one by its full name, e.g. `{% extends "default/sprint.html" %}`, and
//! override a single block.

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Kwargs, State, Tera};

use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::model::{Date, SourceFile};
use crate::pages::Page;

/// The default theme, compiled into the binary so sprintgen works from any folder.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "team.html",
        include_str!("../themes/default/templates/team.html"),
    ),
    (
        "sprint.html",
        include_str!("../themes/default/templates/sprint.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../themes/default/templates/partials/footer.html"),
    ),
    (
        "partials/item.html",
        include_str!("../themes/default/templates/partials/item.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
];

pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "favicon.svg",
        include_str!("../themes/default/static/favicon.svg"),
    ),
    (
        "style.css",
        include_str!("../themes/default/static/style.css"),
    ),
];

const THEME_PREFIX: &str = "theme/";
const DEFAULT_PREFIX: &str = "default/";

/// A ready-to-render template set, with the sources kept for error messages.
pub struct Renderer {
    tera: Tera,
    /// Template name → where it came from, for diagnostics.
    sources: BTreeMap<String, SourceFile>,
}

impl Renderer {
    /// Loads the default theme, then the site's theme and templates from `root`.
    pub fn new(root: &Path, theme: &str, allow_html: bool) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.set_fallback_prefixes([THEME_PREFIX, DEFAULT_PREFIX])
            .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
        register_filters(&mut tera, allow_html);

        let mut sources = BTreeMap::new();
        for (name, text) in DEFAULT_TEMPLATES {
            sources.insert(
                format!("{DEFAULT_PREFIX}{name}"),
                SourceFile::new(format!("(default theme) templates/{name}"), *text),
            );
        }
        let mut diagnostics = Vec::new();
        if theme != "default" || root.join("themes/default/templates").is_dir() {
            let dir = format!("themes/{theme}/templates");
            if root.join(&dir).is_dir() {
                read_templates(root, &dir, THEME_PREFIX, &mut sources, &mut diagnostics);
            } else if theme != "default" {
                diagnostics.push(
                    Diagnostic::error(format!("the theme `{theme}` has no folder `{dir}`"))
                        .in_file(crate::load::CONFIG_FILE)
                        .with_hint("set `theme = \"default\"` or create the theme's templates"),
                );
            }
        }
        read_templates(root, "templates", "", &mut sources, &mut diagnostics);
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let templates = sources
            .iter()
            .map(|(name, file)| (name.as_str(), file.text.as_str()));
        if let Err(error) = tera.add_raw_templates(templates) {
            return Err(vec![template_error(&error, &sources)]);
        }
        Ok(Renderer { tera, sources })
    }

    pub fn render(&self, page: &Page) -> Result<String, Diagnostic> {
        self.tera
            .render(page.template, &page.context)
            .map_err(|e| template_error(&e, &self.sources))
    }
}

fn read_templates(
    root: &Path,
    dir: &str,
    prefix: &str,
    sources: &mut BTreeMap<String, SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (name, bytes) in crate::load::read_files(root, dir, diagnostics) {
        let path = format!("{dir}/{name}");
        match String::from_utf8(bytes) {
            Ok(text) => {
                sources.insert(format!("{prefix}{name}"), SourceFile::new(path, text));
            }
            Err(_) => diagnostics
                .push(Diagnostic::error(format!("`{path}` is not UTF-8 text")).in_file(path)),
        }
    }
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error(error: &tera::Error, sources: &BTreeMap<String, SourceFile>) -> Diagnostic {
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
    let diagnostic = Diagnostic::error(format!("template error: {message}"));
    match report.and_then(|r| sources.get(r.filename()).map(|f| (r, f))) {
        Some((report, file)) => diagnostic.at(file, report.span().range.clone()),
        None => diagnostic,
    }
}

fn register_filters(tera: &mut Tera, allow_html: bool) {
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
            Ok(format_date(date, format))
        },
    );
    tera.register_filter("label", |text: &str, _: Kwargs, _: &State| label(text));
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| slugify(text));
    tera.register_filter(
        "json",
        |value: &tera::Value, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            serde_json::to_string(value).map_err(|e| tera::Error::message(e.to_string()))
        },
    );
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A small strftime: `%Y %m %d %-d %a %A %b %B`, enough for report dates without a locale.
pub fn format_date(date: Date, format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let month = MONTHS[(date.0.month() - 1) as usize];
        match chars.next() {
            Some('Y') => out.push_str(&format!("{:04}", date.0.year())),
            Some('m') => out.push_str(&format!("{:02}", date.0.month())),
            Some('d') => out.push_str(&format!("{:02}", date.0.day())),
            Some('-') if chars.next() == Some('d') => out.push_str(&date.0.day().to_string()),
            Some('a') => out.push_str(&date.weekday_name()[..3]),
            Some('A') => out.push_str(date.weekday_name()),
            Some('b') => out.push_str(&month[..3]),
            Some('B') => out.push_str(month),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// `in-progress` → `In progress`: status values as words.
pub fn label(text: &str) -> String {
    let words = text.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Lowercase ASCII letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format_with_computed_weekdays() {
        let d = Date::parse("2025-10-28").unwrap();
        assert_eq!(format_date(d, "%a %-d %b %Y"), "Tue 28 Oct 2025");
        assert_eq!(format_date(d, "%A, %B %d"), "Tuesday, October 28");
    }

    #[test]
    fn labels_and_slugs() {
        assert_eq!(label("in-progress"), "In progress");
        assert_eq!(label("not-started"), "Not started");
        assert_eq!(slugify("Load Testing & CI/CD"), "load-testing-ci-cd");
    }
}

#[cfg(test)]
mod theme_tests {
    use super::*;

    /// Every template and static file of `themes/default/` is compiled into the binary.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (dir, embedded) in [("templates", DEFAULT_TEMPLATES), ("static", DEFAULT_STATIC)] {
            let base = theme.join(dir);
            let mut on_disk: Vec<String> = walkdir::WalkDir::new(&base)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    e.path()
                        .strip_prefix(&base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect();
            on_disk.sort();
            let mut names: Vec<String> = embedded.iter().map(|(n, _)| n.to_string()).collect();
            names.sort();
            assert_eq!(
                on_disk, names,
                "themes/default/{dir} and the embedded list differ"
            );
        }
    }
}
