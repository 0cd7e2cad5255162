//! Tera templates: the embedded default theme, a site's overrides, and sprintgen's filters.
//!
//! Templates resolve in this order (Tera's fallback prefixes): the site's `templates/`, then
//! `themes/<theme>/templates/`, then the default theme compiled into the binary. Any template
//! can extend the default one by its full name, e.g. `{% extends "default/sprint.html" %}`, and
//! override a single block.

mod filters;
mod theme;

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::load::read_files;
use crate::model::SourceFile;
use crate::model::paths::{CONFIG_FILE, TEMPLATES_DIR, THEMES_DIR};

pub use theme::DEFAULT_STATIC;
use theme::DEFAULT_TEMPLATES;

const THEME_PREFIX: &str = "theme/";
const DEFAULT_PREFIX: &str = "default/";

/// A ready-to-render template set, with the sources kept for error messages.
pub struct Renderer {
    tera: Tera,
    /// Template name → where it came from, for diagnostics.
    sources: BTreeMap<String, SourceFile>,
}

impl Renderer {
    /// Loads the default theme, then the site's theme and templates from `root` (each file at
    /// most `max_bytes` long).
    pub fn new(
        root: &Path,
        theme: &str,
        allow_html: bool,
        max_bytes: u64,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.set_fallback_prefixes([THEME_PREFIX, DEFAULT_PREFIX])
            .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
        filters::register(&mut tera, allow_html);

        let mut sources = BTreeMap::new();
        for (name, text) in DEFAULT_TEMPLATES {
            sources.insert(
                format!("{DEFAULT_PREFIX}{name}"),
                SourceFile::new(format!("(default theme) templates/{name}"), *text),
            );
        }
        let mut diagnostics = Vec::new();
        if theme != "default" || root.join(THEMES_DIR).join("default/templates").is_dir() {
            let dir = format!("{THEMES_DIR}/{theme}/templates");
            if root.join(&dir).is_dir() {
                let prefix = THEME_PREFIX;
                read_templates(
                    root,
                    &dir,
                    prefix,
                    max_bytes,
                    &mut sources,
                    &mut diagnostics,
                );
            } else if theme != "default" {
                diagnostics.push(
                    Diagnostic::error(format!("the theme `{theme}` has no folder `{dir}`"))
                        .in_file(CONFIG_FILE)
                        .with_hint("set `theme = \"default\"` or create the theme's templates"),
                );
            }
        }
        read_templates(
            root,
            TEMPLATES_DIR,
            "",
            max_bytes,
            &mut sources,
            &mut diagnostics,
        );
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

    /// The first template (the site's, then the theme's, then the default theme's) whose text
    /// holds `needle`, with where: for diagnostics about the rendered pages.
    pub fn find_text(&self, needle: &str) -> Option<(&SourceFile, std::ops::Range<usize>)> {
        let order = |name: &str| {
            if name.starts_with(DEFAULT_PREFIX) {
                2
            } else if name.starts_with(THEME_PREFIX) {
                1
            } else {
                0
            }
        };
        let mut templates: Vec<(&String, &SourceFile)> = self.sources.iter().collect();
        templates.sort_by_key(|(name, _)| order(name));
        templates.into_iter().find_map(|(_, file)| {
            let at = file.text.find(needle)?;
            Some((file, at..at + needle.len()))
        })
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.sources))
    }
}

fn read_templates(
    root: &Path,
    dir: &str,
    prefix: &str,
    max_bytes: u64,
    sources: &mut BTreeMap<String, SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (name, bytes) in read_files(root, dir, Some(max_bytes), diagnostics) {
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
