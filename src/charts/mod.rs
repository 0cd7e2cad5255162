//! SVG charts drawn with plotters: the sprint burndown, burn-up and cumulative flow, the
//! portfolio sparkline, the team's velocity and trend charts, and a release's burn-up.
//!
//! Every chart is accessible inline SVG: `role="img"`, a `<title>` and a `<desc>` summarising
//! the data (the page also shows the figures as a table). Colours are fixed hex values that the
//! theme's CSS re-maps for dark mode, and the bytes depend only on the data. A chart with
//! nothing to show is `None`; a chart plotters fails to draw is an error, never a silent gap.
//!
//! Charts are drawn for a phone. An inline SVG scales as a whole, so its text is only as large
//! as the chart is wide: a chart drawn 760 units wide and shown 320 px wide on a 375 px screen
//! had 5 px text. These are drawn [`WIDTH`] units wide with [`TEXT`]-unit text, so at the
//! width a phone gives them their text is 10 px or more; the theme shows them at most about
//! 500 px wide (two side by side on a wide screen), where the same text is about 15 px. Their
//! keys are not drawn: each chart returns its [`Legend`] for the page to show as HTML beside
//! it, where it wraps with the text at any width.

mod release;
mod sprint;
mod svg;
mod team;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::model::Unit;

pub use release::release_burnup;
pub use sprint::{SprintCharts, sparkline, sprint_charts};
pub use team::{TrendKind, trend_chart, velocity_chart};

/// Chart colours, chosen to read on both the light and the dark theme.
mod palette {
    use plotters::style::RGBColor;
    pub const IDEAL: RGBColor = RGBColor(0x8a, 0x94, 0xa6);
    pub const REMAINING: RGBColor = RGBColor(0x25, 0x63, 0xeb);
    pub const COMPLETED: RGBColor = RGBColor(0x16, 0xa3, 0x4a);
    pub const SCOPE: RGBColor = RGBColor(0xd9, 0x77, 0x06);
    pub const EVENT: RGBColor = RGBColor(0xdc, 0x26, 0x26);
    pub const COMMITTED: RGBColor = RGBColor(0x94, 0xa3, 0xb8);
    /// Axes and text; the dark theme re-maps it.
    pub const INK: RGBColor = RGBColor(0x33, 0x41, 0x55);
    pub const NON_WORKING: RGBColor = RGBColor(0x94, 0xa3, 0xb8);
}

/// A chart's size in SVG units: at 328 px wide (a 375 px phone) 1 unit is 0.75 px.
const WIDTH: u32 = 440;
const HEIGHT: u32 = 280;
/// The size of all chart text in SVG units: 10.4 px on that phone, 15.5 px at 486 px wide.
const TEXT: f64 = 14.0;
const FONT: &str = "sans-serif";

/// A font of `size` SVG units. plotters writes a font's size divided by 1.24 (points to
/// pixels), so the size goes in multiplied by it; the sizes used divide back exactly.
fn font(size: f64) -> FontDesc<'static> {
    (FONT, size * 1.24).into()
}

/// A drawn chart: its accessible SVG and its key.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub svg: String,
    pub legend: Legend,
}

/// A chart's key: one entry per series or mark the chart draws, in drawing order.
pub type Legend = Vec<LegendEntry>;

/// One entry of a chart's key: the sample the page draws beside the label.
#[derive(Debug, Serialize)]
pub struct LegendEntry {
    pub label: String,
    pub mark: Mark,
    /// `#rrggbb`, or none for the theme's chart ink (which the dark theme re-maps).
    pub colour: Option<String>,
}

/// How a legend entry's sample looks, as the chart draws the series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// A filled box (bars and bands).
    Box,
    /// A ring (an event on a line).
    Ring,
    /// A hollow box (a bar of a sprint in progress).
    Outline,
}

impl LegendEntry {
    fn new(label: impl Into<String>, mark: Mark, colour: RGBColor) -> LegendEntry {
        LegendEntry {
            label: label.into(),
            mark,
            colour: (colour != palette::INK)
                .then(|| format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2)),
        }
    }
}

/// What drawing with plotters returns.
type Drawing = Result<(), Box<dyn std::error::Error>>;

/// A chart that could not be drawn, as an error naming it.
fn failed(chart: &str, error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("cannot draw the chart `{chart}`: {error}"))
        .with_hint("this is a bug in sprintgen; please report it with the data that caused it")
}

type Axes<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Room for the y axis: its title, rotated, and labels of up to four digits.
const Y_LABEL_AREA: u32 = 58;
/// Room under the x axis for two rows of labels (a sprint chart's weekday and day).
const X_LABEL_AREA: u32 = 40;

/// A chart of story points (or issues) over `n` slots (days or sprints): y axis and grid
/// drawn, x labels left to the caller, which places them under each slot.
fn points_axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    n: f64,
    y_max: f64,
    x_label_area: u32,
    unit: Unit,
) -> Result<Axes<'a, 'b>, Box<dyn std::error::Error>> {
    let mut chart = points_chart(root, n, y_max, x_label_area)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(5)
        .y_label_formatter(&|v| Points(*v).to_string())
        .y_desc(unit.axis())
        .label_style(font(TEXT).color(&palette::INK))
        .axis_desc_style(font(TEXT).color(&palette::INK))
        .axis_style(palette::INK)
        .max_light_lines(0)
        .bold_line_style(palette::IDEAL.mix(0.3))
        .draw()?;
    Ok(chart)
}

/// The coordinates of [`points_axes`], without drawing anything.
fn points_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    n: f64,
    y_max: f64,
    x_label_area: u32,
) -> Result<Axes<'a, 'b>, Box<dyn std::error::Error>> {
    Ok(ChartBuilder::on(root)
        .margin_top(10)
        .margin_right(12)
        .margin_left(2)
        .x_label_area_size(x_label_area)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(0f64..n, 0f64..y_max)?)
}

/// Every how many slots an x label goes, so that labels `room` units wide (with a gap) never
/// touch however many slots share `width` units.
fn label_every(slots: usize, width: i32, room: i32) -> usize {
    let width = usize::try_from(width.max(1)).unwrap_or(1);
    let room = usize::try_from(room.max(1)).unwrap_or(1);
    (slots * room).div_ceil(width).max(1)
}

#[cfg(test)]
mod tests {
    //! A legend lists only the series a chart draws; chart text has one size, set once.

    use super::{Chart, label_every};

    #[test]
    fn x_labels_are_thinned_only_when_they_would_touch() {
        // 10 slots of 40 units hold labels 24 wide: every slot.
        assert_eq!(label_every(10, 400, 24), 1);
        // 20 slots of 20 units: 24-unit labels need 2 slots each; 50 slots of 8 units: 3.
        assert_eq!(label_every(20, 400, 24), 2);
        assert_eq!(label_every(50, 400, 24), 3);
        // No room at all is taken as one unit, not a division by zero.
        assert_eq!(label_every(5, 0, 24), 120);
    }
    use crate::metrics::sprint::{Reading, compute};
    use crate::metrics::velocity::{self, SprintResult};
    use crate::model::{Calendar, Date, SprintFile, SprintStatus, Unit};

    fn labels(chart: &Chart) -> Vec<&str> {
        chart.legend.iter().map(|e| e.label.as_str()).collect()
    }

    #[test]
    fn the_velocity_legend_lists_the_average_only_when_its_line_is_drawn() {
        let sprint = |number, status| SprintResult {
            number,
            status,
            committed: 10.0,
            completed: 8.0,
        };
        let labels_of: Vec<String> = (1..=3).map(|n| format!("S{n}")).collect();
        let chart = |sprints: &[SprintResult]| {
            super::velocity_chart(
                &velocity::compute(sprints, 3),
                &labels_of,
                "T",
                Unit::Points,
            )
            .unwrap()
            .unwrap()
        };
        // One closed sprint: its average is its own bar, no line; the active one is named in
        // the key, drawn hollow; a planned one is left out.
        let one = chart(&[
            sprint(1, SprintStatus::Closed),
            sprint(2, SprintStatus::Active),
            sprint(3, SprintStatus::Planned),
        ]);
        assert_eq!(
            labels(&one),
            ["Committed", "Completed", "S2 in progress (so far)"]
        );
        assert_eq!(one.legend[2].mark, super::Mark::Outline);
        assert!(one.svg.contains(">\nS2\n</text>"));
        assert!(!one.svg.contains(">\nS3\n</text>"));
        assert!(
            one.svg
                .contains("Sprint 2 in progress: 8 of 10 completed so far.")
        );
        let two = chart(&[
            sprint(1, SprintStatus::Closed),
            sprint(2, SprintStatus::Closed),
        ]);
        assert_eq!(labels(&two), ["Committed", "Completed", "Average"]);
        let average = &two.legend[2];
        assert_eq!(average.mark, super::Mark::Line);
        assert_eq!(average.colour.as_deref(), Some("#2563eb"));
        // The key is the page's, not the SVG's.
        assert!(!two.svg.contains("Average"));
    }

    const HEADER: &str = "number = 1\ntitle = \"S\"\nstart = 2025-11-03\nend = 2025-11-14\n[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 5\n";

    fn charts(text: &str, as_of: &str) -> super::SprintCharts {
        let sprint: SprintFile = toml::from_str(text).unwrap();
        let as_of = Date::parse(as_of).unwrap();
        let f = compute(&sprint, &Calendar::default(), as_of, Reading::default());
        super::sprint_charts(&f, None, "S", Unit::Points).unwrap()
    }

    #[test]
    fn the_burndown_legend_lists_scope_changes_only_when_there_are_some() {
        let calm = charts(HEADER, "2025-11-06");
        let (burndown, burnup) = (calm.burndown.unwrap(), calm.burnup.unwrap());
        assert_eq!(labels(&burndown), ["Ideal", "Remaining", "As of Thu 6 Nov"]);
        assert_eq!(labels(&burnup), ["Scope", "Completed", "As of Thu 6 Nov"]);
        let added = format!(
            "{HEADER}[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 2\nadded_on = 2025-11-05\n"
        );
        let changed = charts(&added, "2025-11-06");
        let burndown = changed.burndown.unwrap();
        assert_eq!(
            labels(&burndown),
            ["Ideal", "Remaining", "Scope change", "As of Thu 6 Nov"]
        );
        assert_eq!(burndown.legend[2].mark, super::Mark::Ring);
        // The as-of marker is the theme's ink, which the dark theme re-maps.
        assert_eq!(burndown.legend[3].mark, super::Mark::Dashed);
        assert_eq!(burndown.legend[3].colour, None);
        assert!(labels(&changed.burnup.unwrap()).contains(&"Scope change"));
    }

    #[test]
    fn a_closed_sprint_has_no_as_of_marker() {
        let closed = charts(HEADER, "2025-11-20").burndown.unwrap();
        assert_eq!(labels(&closed), ["Ideal", "Remaining"]);
        assert!(!closed.svg.contains("stroke-dasharray"));
    }

    #[test]
    fn chart_text_has_one_size_set_on_the_root_and_the_as_of_marker_is_one_line() {
        let burndown = charts(HEADER, "2025-11-06").burndown.unwrap().svg;
        let root = &burndown[..burndown.find('>').unwrap()];
        assert!(root.contains(r#" font-size="14""#), "{root}");
        assert_eq!(burndown.matches("font-size=").count(), 1);
        assert_eq!(burndown.matches("stroke-dasharray").count(), 1);
        // The text of a chart drawn for a phone: weekday initials and days.
        assert!(burndown.contains("\nM\n</text>") && burndown.contains("\n14\n</text>"));
    }
}
