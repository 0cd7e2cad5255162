//! Tera templates: the embedded default theme, a site's overrides, and sprintgen's filters.
//!
//! Templates resolve in this order (Tera's fallback prefixes): the site's `templates/`, then
//! `themes/<theme>/templates/`, then the default theme compiled into the binary. Any template
//! can extend the default one by its full name, e.g. `{% extends "default/sprint.html" %}`, and
//! override a single block.

mod errors;
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
#[derive(Clone)]
pub struct Renderer {
    tera: Tera,
    /// Template name → where it came from, for diagnostics.
    sources: BTreeMap<String, SourceFile>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("templates", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
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
            return Err(errors::adding_errors(&error, &sources));
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

    /// The blocks of the page templates `pages` that the site's or the theme's templates
    /// override with nothing (`{% block gates %}{% endblock gates %}`): the way a theme hides
    /// a section, which the page then leaves out of its links as well.
    pub fn emptied_blocks(&self, pages: &[&str]) -> Vec<String> {
        let mut emptied = Vec::new();
        for page in pages {
            let mut decided: Vec<String> = Vec::new();
            for prefix in ["", THEME_PREFIX] {
                let Some(file) = self.sources.get(&format!("{prefix}{page}")) else {
                    continue;
                };
                for (name, empty) in blocks(&file.text) {
                    if !decided.contains(&name) {
                        if empty {
                            emptied.push(name.clone());
                        }
                        decided.push(name);
                    }
                }
            }
        }
        emptied
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| errors::rendering_error(&e, &self.sources, Some(context)))
    }
}

/// The blocks a template defines, in order, each with whether it is empty (nothing but
/// whitespace and comments inside).
fn blocks(text: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut rest = 0;
    while let Some(at) = text[rest..].find("{%").map(|i| rest + i) {
        let Some(end) = text[at..].find("%}").map(|i| at + i + 2) else {
            break;
        };
        let tag = text[at + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let mut words = tag.split_whitespace();
        match words.next() {
            Some("block") => open.push((words.next().unwrap_or_default().to_string(), end)),
            Some("endblock") => {
                if let Some((name, inside)) = open.pop() {
                    found.push((name, is_blank(&text[inside..at])));
                }
            }
            _ => {}
        }
        rest = end;
    }
    found
}

/// Whitespace and `{# comments #}` only.
fn is_blank(mut text: &str) -> bool {
    loop {
        text = text.trim_start();
        match text.strip_prefix("{#").and_then(|t| t.split_once("#}")) {
            Some((_, after)) => text = after,
            None => return text.is_empty(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_blocks_overridden_with_nothing() {
        let text = "{% extends \"default/sprint.html\" %}\n{% block gates %}{% endblock gates %}\n{%- block next -%}\n  {# hidden #}\n{%- endblock -%}\n{% block risks %}<h2 id=\"risks\">R</h2>{{ super() }}{% endblock risks %}\n{% block outer %}{% block inner %}{% endblock %}{% endblock %}";
        assert_eq!(
            blocks(text),
            [
                ("gates".to_string(), true),
                ("next".to_string(), true),
                ("risks".to_string(), false),
                ("inner".to_string(), true),
                ("outer".to_string(), false),
            ]
        );
    }

    /// A renderer over the given templates (name → text), without the disk.
    fn renderer(templates: &[(&str, &str)]) -> Renderer {
        let sources = templates
            .iter()
            .map(|(name, text)| (name.to_string(), SourceFile::new(*name, *text)))
            .collect();
        Renderer {
            tera: Tera::default(),
            sources,
        }
    }

    #[test]
    fn the_site_decides_a_block_before_its_theme() {
        let renderer = renderer(&[
            (
                "sprint.html",
                "{% block gates %}{% endblock %}{% block risks %}<p>R</p>{% endblock %}",
            ),
            (
                "theme/sprint.html",
                "{% block risks %}{% endblock %}{% block next %}{% endblock %}{% block gates %}<p>G</p>{% endblock %}",
            ),
            ("theme/team.html", "{% block velocity %} {% endblock %}"),
            ("default/sprint.html", "{% block standups %}{% endblock %}"),
            ("theme/base.html", "{% block footer %}{% endblock %}"),
        ]);
        assert_eq!(
            renderer.emptied_blocks(&["sprint.html", "team.html"]),
            ["gates", "next", "velocity"]
        );
        assert!(renderer.emptied_blocks(&["release.html"]).is_empty());
    }

    #[test]
    fn text_is_found_in_the_site_then_the_theme_then_the_default_theme() {
        let link = "https://x.test/";
        let theme_and_default = [
            ("default/sprint.html", "a https://x.test/"),
            ("theme/base.html", "bb https://x.test/"),
        ];
        let site = [
            &theme_and_default[..],
            &[("team.html", "ccc https://x.test/ ccc")],
        ]
        .concat();
        let with_site = renderer(&site);
        let (file, at) = with_site.find_text(link).unwrap();
        assert_eq!((file.path.as_str(), at), ("team.html", 4..19));

        let themes = renderer(&theme_and_default);
        let (file, at) = themes.find_text(link).unwrap();
        assert_eq!((file.path.as_str(), at), ("theme/base.html", 3..18));
        assert!(themes.find_text("https://y.test/").is_none());
    }
}
