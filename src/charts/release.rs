//! A release's burn-up: completed work against the scope at the start and at each of its teams'
//! sprint ends, on a time axis that reaches the target date and the 85% forecast.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::accessible;
use super::{Drawing, FONT, HEIGHT, WIDTH, failed, palette};
use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::metrics::release::ReleaseFigures;
use crate::model::Date;

/// The burn-up of a release, or `None` when it has no item.
pub fn release_burnup(
    f: &ReleaseFigures,
    target: Date,
    release_title: &str,
) -> Result<Option<String>, Diagnostic> {
    let Some(last) = f.burnup.last() else {
        return Ok(None);
    };
    if f.items == 0 {
        return Ok(None);
    }
    let title = format!("Burn-up of {release_title}");
    let mut svg = String::new();
    draw(&mut svg, f, target).map_err(|e| failed(&title, e))?;
    let unit = f.unit;
    let description = format!(
        "{} of {} completed by {}, at the start and {} sprint ends; {} in scope at the start; target {target}.",
        last.completed,
        unit.amount_in_words(&last.scope.to_string()),
        last.date,
        f.burnup.len() - 1,
        unit.amount_in_words(&f.scope_at_start.to_string()),
    );
    Ok(Some(accessible(
        svg,
        "release-burnup",
        &title,
        &description,
    )))
}

/// The 85% forecast's line, when the release has one and work remains: from the last
/// completed point to the scope on the forecast date.
fn projection(f: &ReleaseFigures) -> Option<Date> {
    f.forecast
        .as_ref()
        .filter(|_| f.remaining.0 > 0.0)
        .map(|forecast| forecast.p85_date)
}

fn draw(svg: &mut String, f: &ReleaseFigures, target: Date) -> Drawing {
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
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = axes(&root, f, x_max, y_max)?;
    let scope: Vec<(f64, f64)> = f.burnup.iter().map(|p| (x(p.date), p.scope.0)).collect();
    let completed: Vec<(f64, f64)> = f
        .burnup
        .iter()
        .map(|p| (x(p.date), p.completed.0))
        .collect();
    let mut legend = vec![("Scope", palette::SCOPE), ("Completed", palette::COMPLETED)];
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
    if let (Some(p85), Some(&from), Some(now)) = (projection(f), completed.last(), f.burnup.last())
    {
        chart.draw_series(DashedLineSeries::new(
            [from, (x(p85), now.scope.0)],
            6,
            4,
            palette::REMAINING.stroke_width(2),
        ))?;
        legend.push(("Forecast 85%", palette::REMAINING));
    }
    if target >= start {
        chart.draw_series(DashedLineSeries::new(
            [(x(target), 0.0), (x(target), y_max)],
            5,
            4,
            palette::EVENT.stroke_width(1),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            "target",
            (x(target), y_max),
            (FONT, 12)
                .into_font()
                .color(&palette::EVENT)
                .pos(Pos::new(HPos::Right, VPos::Top)),
        )))?;
        legend.push(("Target", palette::EVENT));
    }
    draw_line_legend(&root, &legend)?;
    root.present()?;
    Ok(())
}

/// Days since the start across, dated; the unit up.
fn axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    f: &ReleaseFigures,
    x_max: f64,
    y_max: f64,
) -> Result<super::Chart<'a, 'b>, Box<dyn std::error::Error>> {
    let start = f.start;
    let mut chart = ChartBuilder::on(root)
        .margin_top(24)
        .margin_right(24)
        .margin_left(8)
        .x_label_area_size(30)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(7)
        .x_label_formatter(&|days| {
            let date = start.add_days(days.round() as i64);
            jiff::fmt::strtime::format("%-d %b", date.0).unwrap_or_else(|_| date.to_string())
        })
        .y_labels(6)
        .y_label_formatter(&|v| Points(*v).to_string())
        .y_desc(f.unit.axis())
        .label_style((FONT, 13).into_font().color(&palette::INK))
        .axis_desc_style((FONT, 13).into_font().color(&palette::INK))
        .axis_style(palette::INK)
        .max_light_lines(0)
        .bold_line_style(palette::IDEAL.mix(0.3))
        .draw()?;
    Ok(chart)
}

/// A legend of short line samples in the top right corner.
fn draw_line_legend(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    entries: &[(&str, RGBColor)],
) -> Drawing {
    let mut x = WIDTH as i32 - 20 - 120 * entries.len() as i32;
    for (label, colour) in entries {
        root.draw(&PathElement::new(
            vec![(x, 10), (x + 18, 10)],
            colour.stroke_width(3),
        ))?;
        root.draw(&Text::new(
            *label,
            (x + 24, 10),
            (FONT, 12)
                .into_font()
                .color(&palette::INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 120;
    }
    Ok(())
}
