//! A release's burn-up: completed work against the scope at the start and at each of its teams'
//! sprint ends, on a time axis that reaches the target date and the 85% forecast.

use plotters::prelude::*;

use super::svg::{accessible, push_dashed_line};
use super::{
    Axes, Chart, HEIGHT, Legend, LegendEntry, Mark, TEXT, WIDTH, Y_LABEL_AREA, failed, font,
    palette,
};
use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::metrics::release::ReleaseFigures;
use crate::model::Date;

/// The burn-up of a release, or `None` when it has no item.
pub fn release_burnup(
    f: &ReleaseFigures,
    target: Date,
    release_title: &str,
) -> Result<Option<Chart>, Diagnostic> {
    let Some(last) = f.burnup.last() else {
        return Ok(None);
    };
    if f.items == 0 {
        return Ok(None);
    }
    let title = format!("Burn-up of {release_title}");
    let mut svg = String::new();
    let legend = draw(&mut svg, f, target).map_err(|e| failed(&title, e))?;
    let unit = f.unit;
    let description = format!(
        "{} of {} completed by {}, at the start and {} sprint ends; {} in scope at the start; target {target}.",
        last.completed,
        unit.amount_in_words(&last.scope.to_string()),
        last.date,
        f.burnup.len() - 1,
        unit.amount_in_words(&f.scope_at_start.to_string()),
    );
    Ok(Some(Chart {
        svg: accessible(svg, "release-burnup", &title, &description),
        legend,
    }))
}

/// The 85% forecast's line, when the release has one and work remains: from the last
/// completed point to the scope on the forecast date.
fn projection(f: &ReleaseFigures) -> Option<Date> {
    f.forecast
        .as_ref()
        .filter(|_| f.remaining.0 > 0.0)
        .map(|forecast| forecast.p85_date)
}

/// A dashed line, in the chart's values.
struct DashedLine {
    from: (f64, f64),
    to: (f64, f64),
    colour: RGBColor,
    width: u32,
}

/// Draws the burn-up; returns its legend (the forecast and the target only when drawn).
fn draw(
    svg: &mut String,
    f: &ReleaseFigures,
    target: Date,
) -> Result<Legend, Box<dyn std::error::Error>> {
    let start = f.start;
    let x = |date: Date| start.days_until(date) as f64;
    let last = f.burnup.last().map_or(start, |p| p.date);
    let end = [Some(last), Some(target), projection(f)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(last);
    let x_max = x(end).max(1.0);
    let y_max = f.burnup.iter().map(|p| p.scope.0).fold(1.0, f64::max) * 1.1;
    let scope: Vec<(f64, f64)> = f.burnup.iter().map(|p| (x(p.date), p.scope.0)).collect();
    let completed: Vec<(f64, f64)> = f
        .burnup
        .iter()
        .map(|p| (x(p.date), p.completed.0))
        .collect();
    let mut legend = vec![
        LegendEntry::new("Scope", Mark::Line, palette::SCOPE),
        LegendEntry::new("Completed", Mark::Line, palette::COMPLETED),
    ];
    let mut dashed = Vec::new();
    if let (Some(p85), Some(&from), Some(now)) = (projection(f), completed.last(), f.burnup.last())
    {
        let (to, colour, width) = ((x(p85), now.scope.0), palette::REMAINING, 2);
        dashed.push(DashedLine {
            from,
            to,
            colour,
            width,
        });
        legend.push(LegendEntry::new("Forecast 85%", Mark::Dashed, colour));
    }
    if target >= start {
        let (from, to) = ((x(target), 0.0), (x(target), y_max));
        let (colour, width) = (palette::EVENT, 1);
        dashed.push(DashedLine {
            from,
            to,
            colour,
            width,
        });
        legend.push(LegendEntry::new("Target", Mark::Dashed, colour));
    }
    let dashed_in_svg: Vec<_> = {
        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = axes(&root, f, x_max, y_max)?;
        chart.draw_series(std::iter::once(PathElement::new(
            scope,
            palette::SCOPE.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            completed.clone(),
            palette::COMPLETED.stroke_width(3),
        )))?;
        chart.draw_series(
            completed
                .iter()
                .map(|p| Circle::new(*p, 3, palette::COMPLETED.filled())),
        )?;
        root.present()?;
        dashed
            .iter()
            .map(|l| (chart.backend_coord(&l.from), chart.backend_coord(&l.to), l))
            .collect()
    };
    for (from, to, line) in dashed_in_svg {
        push_dashed_line(svg, from, to, line.colour, line.width);
    }
    Ok(legend)
}

/// Days since the start across, dated; the unit up.
fn axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    f: &ReleaseFigures,
    x_max: f64,
    y_max: f64,
) -> Result<Axes<'a, 'b>, Box<dyn std::error::Error>> {
    let start = f.start;
    let mut chart = ChartBuilder::on(root)
        .margin_top(10)
        .margin_right(24)
        .margin_left(2)
        .x_label_area_size(TEXT as u32 + 12)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        // Dates such as "28 Oct" are about four times the text size wide.
        .x_labels(4)
        .x_label_formatter(&|days| {
            let date = start.add_days(days.round() as i64);
            jiff::fmt::strtime::format("%-d %b", date.0).unwrap_or_else(|_| date.to_string())
        })
        .y_labels(5)
        .y_label_formatter(&|v| Points(*v).to_string())
        .y_desc(f.unit.axis())
        .label_style(font(TEXT).color(&palette::INK))
        .axis_desc_style(font(TEXT).color(&palette::INK))
        .axis_style(palette::INK)
        .max_light_lines(0)
        .bold_line_style(palette::IDEAL.mix(0.3))
        .draw()?;
    Ok(chart)
}
