//! SVG charts drawn with plotters: the sprint burndown, burn-up and cumulative flow, the
//! portfolio sparkline, the team's velocity and trend charts, and a release's burn-up.
//!
//! Every chart is accessible inline SVG: `role="img"`, a `<title>` and a `<desc>` summarising
//! the data (the page also shows the figures as a table). Colours are fixed hex values that the
//! theme's CSS re-maps for dark mode, and the bytes depend only on the data. A chart with
//! nothing to show is `None`; a chart plotters fails to draw is an error, never a silent gap.

mod release;
mod sprint;
mod svg;
mod team;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
    pub const INK: RGBColor = RGBColor(0x33, 0x41, 0x55);
    pub const NON_WORKING: RGBColor = RGBColor(0x94, 0xa3, 0xb8);
}

const WIDTH: u32 = 760;
const HEIGHT: u32 = 340;
const FONT: &str = "sans-serif";

/// What drawing with plotters returns.
type Drawing = Result<(), Box<dyn std::error::Error>>;

/// A chart that could not be drawn, as an error naming it.
fn failed(chart: &str, error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("cannot draw the chart `{chart}`: {error}"))
        .with_hint("this is a bug in sprintgen; please report it with the data that caused it")
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A chart of story points (or issues) over `n` slots (days or sprints): y axis and grid
/// drawn, x labels left to the caller, which places them under each slot.
fn points_axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    n: f64,
    y_max: f64,
    x_label_area: u32,
    unit: Unit,
) -> Result<Chart<'a, 'b>, Box<dyn std::error::Error>> {
    let mut chart = points_chart(root, n, y_max, x_label_area)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| Points(*v).to_string())
        .y_desc(unit.axis())
        .label_style((FONT, 13).into_font().color(&palette::INK))
        .axis_desc_style((FONT, 13).into_font().color(&palette::INK))
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
) -> Result<Chart<'a, 'b>, Box<dyn std::error::Error>> {
    Ok(ChartBuilder::on(root)
        .margin_top(16)
        .margin_right(20)
        .margin_left(8)
        .x_label_area_size(x_label_area)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..n, 0f64..y_max)?)
}

/// A legend of coloured boxes in the top right corner.
fn draw_box_legend(root: &DrawingArea<SVGBackend, Shift>, entries: &[(&str, RGBColor)]) -> Drawing {
    let mut x = WIDTH as i32 - 20 - 100 * entries.len() as i32;
    for (label, colour) in entries {
        root.draw(&Rectangle::new([(x, 3), (x + 14, 13)], colour.filled()))?;
        root.draw(&Text::new(
            *label,
            (x + 20, 8),
            (FONT, 12)
                .into_font()
                .color(&palette::INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 100;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! A legend lists only the series a chart draws.

    use crate::metrics::sprint::{Rules, compute};
    use crate::metrics::velocity::{self, SprintResult};
    use crate::model::{Calendar, Date, SprintFile, SprintStatus, Unit};

    /// The text of a legend entry as plotters writes it.
    fn entry(label: &str) -> String {
        format!("\n{label}\n</text>")
    }

    #[test]
    fn the_velocity_legend_lists_the_average_only_when_its_line_is_drawn() {
        let sprint = |number, status| SprintResult {
            number,
            status,
            committed: 10.0,
            completed: 8.0,
        };
        let labels: Vec<String> = (1..=3).map(|n| format!("S{n}")).collect();
        let chart = |sprints: &[SprintResult]| {
            super::velocity_chart(&velocity::compute(sprints, 3), &labels, "T", Unit::Points)
                .unwrap()
                .unwrap()
        };
        // One closed sprint: its average is its own bar, no line.
        let one = chart(&[
            sprint(1, SprintStatus::Closed),
            sprint(2, SprintStatus::Active),
        ]);
        assert!(one.contains(&entry("Completed")) && !one.contains(&entry("Average")));
        let two = chart(&[
            sprint(1, SprintStatus::Closed),
            sprint(2, SprintStatus::Closed),
        ]);
        assert!(two.contains(&entry("Average")));
    }

    #[test]
    fn the_burndown_legend_lists_scope_changes_only_when_there_are_some() {
        let header = "number = 1\ntitle = \"S\"\nstart = 2025-11-03\nend = 2025-11-14\n[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 5\n";
        let charts = |text: &str| {
            let sprint: SprintFile = toml::from_str(text).unwrap();
            let as_of = Date::parse("2025-11-06").unwrap();
            let f = compute(&sprint, &Calendar::default(), as_of, Rules::default());
            super::sprint_charts(&f, None, "S", Unit::Points).unwrap()
        };
        let calm = charts(header);
        let (burndown, burnup) = (calm.burndown.unwrap(), calm.burnup.unwrap());
        assert!(burndown.contains(&entry("Remaining")));
        assert!(
            !burndown.contains(&entry("Scope change")) && !burnup.contains(&entry("Scope change"))
        );
        let added = format!(
            "{header}[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 2\nadded_on = 2025-11-05\n"
        );
        let changed = charts(&added);
        assert!(changed.burndown.unwrap().contains(&entry("Scope change")));
        assert!(changed.burnup.unwrap().contains(&entry("Scope change")));
    }
}
