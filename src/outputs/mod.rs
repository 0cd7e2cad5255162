//! What a build produces from an analysed site, one output at a time, as mdBook's renderers
//! do: each [`Output`] receives the same [`RenderContext`] (the analysis, the theme's
//! templates, the static files) and writes its files into a [`Sink`]. The site's pages,
//! its JSON exports, the feed, the badges and the static files are outputs; the Markdown and
//! JSON documents that commands print (`report`, `diff`) are [`Document`]s. The link
//! previews' PNG cards are an output too ([`Cards`]). None of them
//! computes a figure: the analysis has them all.

mod assets;
mod badges;
mod cards;
mod documents;
mod encrypted;
mod exports;
mod feed;
mod pages;
mod sink;

use crate::analysis::Analysis;
use crate::diagnostics::{Diagnostic, io_words};
use crate::model::FreePage;
use crate::render::Renderer;

pub use assets::Assets;
pub use badges::Badges;
pub use cards::Cards;
pub use documents::{Changes, Document, PortfolioJson, SprintJson, SprintReport, Summary};
pub use encrypted::{Exposure, Publishing, WITHHELD_REPORT, withholds_reports};
pub use exports::Exports;
pub use feed::Feed;
pub use pages::{Job, PageTimes, Pages, PagesDone};
pub use sink::{Discard, Files, Memory, Sink};

/// What every output receives.
pub struct RenderContext<'a> {
    pub analysis: &'a Analysis,
    pub templates: &'a Renderer,
    /// The files copied as they are (the theme's and the site's `static/`), by path in the
    /// output; a later one of the same path replaces an earlier one.
    pub assets: &'a [(String, Vec<u8>)],
    /// Publish pages marked `draft = true` too.
    pub drafts: bool,
}

impl RenderContext<'_> {
    /// The free pages published.
    pub fn free_pages(&self) -> Vec<&FreePage> {
        self.analysis
            .site
            .pages
            .iter()
            .filter(|p| self.drafts || !p.front.draft)
            .collect()
    }

    /// The text of a static file at `path` of the output (`style.css`), as the output will
    /// hold it.
    pub fn asset_text(&self, path: &str) -> Option<&str> {
        self.assets
            .iter()
            .rev()
            .find(|(name, _)| name == path)
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
    }
}

/// What an output wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// The files' paths, relative to the output root.
    pub paths: Vec<String>,
    /// The SVG charts drawn on the way.
    pub charts: usize,
}

/// One kind of file of the site, written from the analysis.
pub trait Output: Sync {
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>>;

    /// How an encrypted site publishes the output's files ([`Publishing`]): by default, not
    /// at all, so that a new output publishes nothing readable until it says what it is.
    fn exposure(&self) -> Exposure {
        Exposure::Never
    }
}

/// Puts one file into the sink, with the error a reader understands.
fn put(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.put(path, bytes)
        .map_err(|e| Diagnostic::error(format!("cannot write `{path}`: {}", io_words(&e))))
}
