//! The documents commands print rather than publish: a sprint's report and the portfolio's
//! summary as Markdown (`report`), what a change does to the figures (`diff`), and their
//! figures as JSON (`report --format json`).

use super::RenderContext;
use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::export;
use crate::metrics::compare::compare;
use crate::views::{self, Page};

/// One text made from the analysis.
pub trait Document {
    fn render(&self, cx: &RenderContext) -> Result<String, Diagnostic>;
}

fn markdown(cx: &RenderContext, page: Page) -> Result<String, Diagnostic> {
    cx.templates.render(page.template, &page.context)
}

/// A sprint's report as Markdown (`report.md`), by team and sprint index.
pub struct SprintReport {
    pub team: usize,
    pub sprint: usize,
}

impl Document for SprintReport {
    fn render(&self, cx: &RenderContext) -> Result<String, Diagnostic> {
        let a = cx.analysis;
        let team = &a.site.teams[self.team];
        let figures = &a.figures[self.team];
        let page = views::sprint_report(&a.site, team, figures, self.sprint, a.days.as_of)?;
        markdown(cx, page)
    }
}

/// Each team's current sprint as Markdown (`summary.md`).
pub struct Summary;

impl Document for Summary {
    fn render(&self, cx: &RenderContext) -> Result<String, Diagnostic> {
        let a = cx.analysis;
        let pages = cx.free_pages();
        let page =
            views::portfolio_summary(&a.site, &pages, &a.figures, &a.releases, a.days.as_of)?;
        markdown(cx, page)
    }
}

/// What the analysed site changes in the figures of `base` (the same site before the change,
/// analysed as of the same day), as Markdown (`diff.md`).
pub struct Changes<'a> {
    pub base: &'a Analysis,
    /// How the base is named in the text (the folder it was read from).
    pub base_name: &'a str,
}

impl Document for Changes<'_> {
    fn render(&self, cx: &RenderContext) -> Result<String, Diagnostic> {
        let (base, head) = (self.base, cx.analysis);
        let changes = compare((&base.site, &base.figures), (&head.site, &head.figures));
        let page = views::changes_page(&head.site, &changes, self.base_name, head.days.as_of)?;
        markdown(cx, page)
    }
}

/// A sprint's figures as JSON: its entry of the team's export.
pub struct SprintJson {
    pub team: usize,
    pub sprint: usize,
}

impl Document for SprintJson {
    fn render(&self, cx: &RenderContext) -> Result<String, Diagnostic> {
        let a = cx.analysis;
        let (team, figures) = (&a.site.teams[self.team], &a.figures[self.team]);
        export::sprint_json(team, figures, self.sprint, a.days.as_of)
    }
}

/// Each team's current sprint as JSON.
pub struct PortfolioJson;

impl Document for PortfolioJson {
    fn render(&self, cx: &RenderContext) -> Result<String, Diagnostic> {
        let a = cx.analysis;
        export::portfolio_json(&a.site, &a.figures, a.days.as_of)
    }
}
