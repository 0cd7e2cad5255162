//! Markdown for GitHub: a sprint's report (`sprintgen report`) and the portfolio summary
//! (`--summary`, for job summaries). They are the sprint page's and the portfolio's values,
//! rendered by Markdown templates (`report.md`, `summary.md`), so every figure is the page's.

use serde::Serialize;

use super::{ChartClock, Page, common, context, index_page, sprint_page};
use crate::diagnostics::Diagnostic;
use crate::metrics::compare::SiteChanges;
use crate::metrics::release::ReleaseFigures;
use crate::metrics::sprint::SprintFigures;
use crate::metrics::{Points, TeamFigures};
use crate::model::{Date, FreePage, Site, Team};

/// The report of a team's sprint `index`.
pub fn sprint_report(
    site: &Site,
    team: &Team,
    figures: &TeamFigures,
    index: usize,
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let mut page = sprint_page(site, team, figures, index, as_of)?;
    if let Some(chart) = burndown_mermaid(&figures.sprints[index], figures.unit.axis()) {
        page.context.insert("burndown_mermaid", &chart);
        page.context.insert("burndown_key", &mermaid_key());
    }
    page.template = "report.md";
    Ok(page)
}

/// Each team's current sprint in a table.
pub fn portfolio_summary(
    site: &Site,
    pages: &[&FreePage],
    figures: &[TeamFigures],
    releases: &[ReleaseFigures],
    as_of: Date,
) -> Result<Page, Diagnostic> {
    let mut page = index_page(site, pages, figures, releases, as_of)?;
    page.template = "summary.md";
    Ok(page)
}

/// What a change does to the figures (`diff.md`); `base` names the data compared with.
pub fn changes_page(
    site: &Site,
    changes: &SiteChanges,
    base: &str,
    as_of: Date,
) -> Result<Page, Diagnostic> {
    #[derive(Serialize)]
    struct ChangesView<'a> {
        changes: &'a SiteChanges,
        base: &'a str,
    }
    let path = "diff.md".to_string();
    let common = common(site, as_of, 0, &site.config.title, Vec::new());
    let context = context(&path, &common, &ChangesView { changes, base })?;
    Ok(ChartClock::default().page(path, "diff.md", context))
}

/// The burndown's line colours in Mermaid, with the names its key gives them: chosen to read
/// on GitHub's light and dark themes alike (Mermaid's default palette draws the first line
/// pale lavender, nearly invisible on white).
const MERMAID_IDEAL: (&str, &str) = ("#8a94a6", "grey");
const MERMAID_REMAINING: (&str, &str) = ("#3b82f6", "blue");

/// The burndown's key, in words beside the chart (Mermaid's xychart draws none).
#[derive(Serialize)]
pub struct MermaidKey {
    pub ideal: &'static str,
    pub remaining: &'static str,
}

/// The burndown as a Mermaid `xychart-beta`, its line colours and size set by an `init`
/// directive (900 × 500, wider than Mermaid's 700, so that two weeks of day labels do not run
/// into each other): the ideal line and the remaining points at the end of each day, from the start value, over the
/// whole sprint. Mermaid cannot leave a gap in a line, but a line shorter than the axis ends
/// early: the remaining line ends at the last reported day; a planned sprint's chart shows the
/// ideal line only. Days are labelled as the site labels them ("Tue 28"). `None` for a sprint
/// kept in summary form.
pub fn burndown_mermaid(f: &SprintFigures, axis: &str) -> Option<String> {
    if f.summary_form || f.days.is_empty() {
        return None;
    }
    let labels: Vec<String> = std::iter::once("\"start\"".to_string())
        .chain(
            f.days
                .iter()
                .map(|d| format!("\"{} {}\"", &d.date.weekday_name()[..3], d.date.0.day())),
        )
        .collect();
    let ideal: Vec<f64> = std::iter::once(f.committed.0)
        .chain(f.days.iter().map(|d| d.ideal.0))
        .collect();
    let remaining: Vec<f64> = std::iter::once(f.committed.0)
        .chain(
            f.days
                .iter()
                .filter_map(|d| d.actual.map(|a| a.remaining.0)),
        )
        .collect();
    let top = f
        .days
        .iter()
        .filter_map(|d| d.actual.map(|a| a.scope.0))
        .chain([f.committed.0, 1.0])
        .fold(0.0, f64::max)
        .ceil();
    let list = |values: &[f64]| {
        values
            .iter()
            .map(|v| Points(*v).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut chart = format!(
        "%%{{init: {{\"xyChart\": {{\"width\": 900, \"height\": 500}}, \"themeVariables\": {{\"xyChart\": {{\"plotColorPalette\": \"{}, {}\"}}}}}}}}%%\nxychart-beta\n    x-axis [{}]\n    y-axis \"{axis}\" 0 --> {top}\n    line [{}]",
        MERMAID_IDEAL.0,
        MERMAID_REMAINING.0,
        labels.join(", "),
        list(&ideal)
    );
    if f.last_reported.is_some() {
        chart.push_str(&format!("\n    line [{}]", list(&remaining)));
    }
    Some(chart)
}

/// The names of the burndown's colours, for its key.
pub fn mermaid_key() -> MermaidKey {
    MermaidKey {
        ideal: MERMAID_IDEAL.1,
        remaining: MERMAID_REMAINING.1,
    }
}
