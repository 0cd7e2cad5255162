//! An analysed site with its templates and static files: everything the outputs need to
//! write any file of the site (see [`crate::outputs`]).

use std::path::Path;

use crate::analysis::Analysis;
use crate::diagnostics::{Diagnostic, sorted};
use crate::load;
use crate::model::Section;
use crate::model::paths::{STATIC_DIR, THEMES_DIR};
use crate::outputs::{Output, Pages, Publishing, RenderContext, Sink, Written};
use crate::render::{DEFAULT_STATIC, Renderer};

pub use crate::outputs::Job;

/// An analysed site ready to render. `serve` keeps one to re-render only what an edit touches.
pub struct Prepared {
    pub analysis: Analysis,
    templates: Renderer,
    /// The static files: the default theme's, the site's theme's and `static/`, in that order
    /// (a later one of the same path replaces an earlier one).
    assets: Vec<(String, Vec<u8>)>,
    drafts: bool,
    /// As they are, or encrypted: what every output written through [`Prepared::write`] goes
    /// through.
    publishing: Publishing,
}

impl Prepared {
    /// Reads the theme's templates (or takes `templates`, built beforehand) and the static
    /// files for `analysis`. Returns the prepared site with the warnings found, or every
    /// problem of the templates.
    pub fn new(
        mut analysis: Analysis,
        root: &Path,
        templates: Option<Renderer>,
        drafts: bool,
    ) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
        let config = &analysis.site.config;
        let templates = match templates {
            Some(templates) => templates,
            None => Renderer::new(
                root,
                &config.theme,
                config.markdown.allow_html,
                config.build.max_input_bytes(),
            )
            .map_err(sorted)?,
        };
        analysis.site.theme.hidden = templates
            .emptied_blocks(&["sprint.html", "team.html"])
            .iter()
            .filter_map(|block| Section::named(block))
            .collect();
        let mut warnings = Vec::new();
        let mut assets: Vec<(String, Vec<u8>)> = DEFAULT_STATIC
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect();
        let theme_static = format!("{THEMES_DIR}/{}/static", config.theme);
        for dir in [theme_static.as_str(), STATIC_DIR] {
            assets.extend(load::read_files(root, dir, None, &mut warnings));
        }
        let prepared = Prepared {
            analysis,
            templates,
            assets,
            drafts,
            publishing: Publishing::Open,
        };
        Ok((prepared, warnings))
    }

    /// What every output receives.
    pub fn context(&self) -> RenderContext<'_> {
        RenderContext {
            analysis: &self.analysis,
            templates: &self.templates,
            assets: &self.assets,
            drafts: self.drafts,
        }
    }

    /// The templates, to find where a broken link is written.
    pub(super) fn templates(&self) -> &Renderer {
        &self.templates
    }

    /// How the site is published.
    pub fn publishing(&self) -> &Publishing {
        &self.publishing
    }

    pub(super) fn set_publishing(&mut self, publishing: Publishing) {
        self.publishing = publishing;
    }

    /// Writes `output` into `sink` as the site is published: the files written that are
    /// published.
    pub fn write(&self, output: &dyn Output, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        self.publishing.write(output, &self.context(), sink)
    }

    /// Renders and writes the pages of `jobs` into `sink`.
    pub fn render(&self, jobs: &[Job], sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        let pages = Pages {
            jobs,
            ..Pages::default()
        };
        self.write(&pages, sink)
    }
}
