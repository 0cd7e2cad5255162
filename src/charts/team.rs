//! A team's charts: velocity (committed and completed per sprint, with the rolling average)
//! and the small trend charts (say/do, carry-over, scope change, throughput).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::accessible;
use super::{Chart, Drawing, FONT, HEIGHT, WIDTH, draw_box_legend, failed, palette, points_axes};
use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::metrics::velocity::Velocity;
use crate::model::Unit;

/// Committed and completed bars per sprint, with the rolling average of closed sprints as a line.
pub fn velocity_chart(
    velocity: &Velocity,
    labels: &[String],
    team_name: &str,
    unit: Unit,
) -> Result<Option<String>, Diagnostic> {
    if velocity.rows.is_empty() {
        return Ok(None);
    }
    let title = format!("Velocity of {team_name}");
    let mut svg = String::new();
    draw_velocity(&mut svg, velocity, labels, unit).map_err(|e| failed(&title, e))?;
    let description = match velocity.average {
        Some(avg) => format!(
            "Committed and completed {} for {} sprints; average completed {} over the last {} closed sprints.",
            unit.words(),
            velocity.rows.len(),
            avg,
            velocity.average_of
        ),
        None => format!(
            "Committed and completed {} for {} sprints; no sprint is closed yet.",
            unit.words(),
            velocity.rows.len()
        ),
    };
    Ok(Some(accessible(svg, "velocity", &title, &description)))
}

fn draw_velocity(svg: &mut String, velocity: &Velocity, labels: &[String], unit: Unit) -> Drawing {
    let n = velocity.rows.len() as f64;
    let y_max = velocity
        .rows
        .iter()
        .map(|r| r.committed.0.max(r.completed.0))
        .fold(1.0, f64::max)
        * 1.15;
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_axes(&root, n, y_max, 30, unit)?;
    // Label at most about 20 sprints, so long histories stay legible.
    let every = velocity.rows.len().div_ceil(20).max(1);
    for (i, row) in velocity.rows.iter().enumerate() {
        let x = i as f64;
        chart.draw_series([
            Rectangle::new(
                [(x + 0.12, 0.0), (x + 0.48, row.committed.0)],
                palette::COMMITTED.filled(),
            ),
            Rectangle::new(
                [(x + 0.52, 0.0), (x + 0.88, row.completed.0)],
                palette::COMPLETED.filled(),
            ),
        ])?;
        if i % every != 0 {
            continue;
        }
        let (px, py) = chart.backend_coord(&(x + 0.5, 0.0));
        let label = labels
            .get(i)
            .map_or_else(|| row.number.to_string(), Clone::clone);
        root.draw(&Text::new(
            label,
            (px, py + 8),
            (FONT, 12)
                .into_font()
                .color(&palette::INK)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    let average: Vec<(f64, f64)> = velocity
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.rolling_average.map(|a| (i as f64 + 0.5, a.0)))
        .collect();
    let mut legend = vec![
        ("Committed", palette::COMMITTED),
        ("Completed", palette::COMPLETED),
    ];
    // The average of one closed sprint is its own bar: the line, and its legend entry, start
    // with two.
    if average.len() >= 2 {
        chart.draw_series(std::iter::once(PathElement::new(
            average.clone(),
            palette::REMAINING.stroke_width(2),
        )))?;
        chart.draw_series(
            average
                .iter()
                .map(|p| Circle::new(*p, 3, palette::REMAINING.filled())),
        )?;
        legend.push(("Average", palette::REMAINING));
    }
    draw_box_legend(&root, &legend)?;
    root.present()?;
    Ok(())
}

/// How a small trend chart draws its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrendKind {
    Bars,
    Line,
}

/// A small chart of one value per sprint (say/do, carry-over, scope change, throughput).
/// Missing values (sprints not started) leave a gap.
pub fn trend_chart(
    id: &str,
    title: &str,
    unit: &str,
    labels: &[String],
    values: &[Option<f64>],
    kind: TrendKind,
) -> Result<Option<String>, Diagnostic> {
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    let mut svg = String::new();
    draw_trend(&mut svg, labels, values, kind, unit).map_err(|e| failed(title, e))?;
    let shown: Vec<String> = labels
        .iter()
        .zip(values)
        .filter_map(|(l, v)| v.map(|v| format!("{l}: {}{unit}", Points(v))))
        .collect();
    Ok(Some(accessible(svg, id, title, &shown.join(", "))))
}

fn draw_trend(
    svg: &mut String,
    labels: &[String],
    values: &[Option<f64>],
    kind: TrendKind,
    unit: &str,
) -> Drawing {
    let n = values.len() as f64;
    let max = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
    let min = values.iter().flatten().fold(0.0_f64, |a, b| a.min(*b));
    let pad = ((max - min) * 0.15).max(1.0);
    let (y_min, y_max) = (if min < 0.0 { min - pad } else { 0.0 }, max + pad);
    let root = SVGBackend::with_string(svg, (360, 200)).into_drawing_area();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(10)
        .margin_right(12)
        .x_label_area_size(24)
        .y_label_area_size(40)
        .build_cartesian_2d(0f64..n, y_min..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(4)
        .y_label_formatter(&|v| format!("{}{unit}", Points(*v)))
        .label_style((FONT, 11).into_font().color(&palette::INK))
        .axis_style(palette::INK)
        .max_light_lines(0)
        .bold_line_style(palette::IDEAL.mix(0.3))
        .draw()?;
    let every = (labels.len() / 8).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, y_min));
        root.draw(&Text::new(
            label.clone(),
            (x, y + 5),
            (FONT, 11)
                .into_font()
                .color(&palette::INK)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    match kind {
        TrendKind::Bars => draw_trend_bars(&mut chart, values)?,
        TrendKind::Line => draw_trend_line(&mut chart, values)?,
    }
    root.present()?;
    Ok(())
}

/// One bar per value, red below zero.
fn draw_trend_bars(chart: &mut Chart, values: &[Option<f64>]) -> Drawing {
    chart.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
        v.map(|v| {
            let colour = if v < 0.0 {
                palette::EVENT
            } else {
                palette::REMAINING
            };
            Rectangle::new(
                [(i as f64 + 0.2, 0.0), (i as f64 + 0.8, v)],
                colour.filled(),
            )
        })
    }))?;
    Ok(())
}

/// A line through the values, broken where a sprint has none, with a dot on each.
fn draw_trend_line(chart: &mut Chart, values: &[Option<f64>]) -> Drawing {
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i as f64 + 0.5, *v)),
            None if !run.is_empty() => {
                chart.draw_series(std::iter::once(PathElement::new(
                    std::mem::take(&mut run),
                    palette::REMAINING.stroke_width(2),
                )))?;
            }
            None => {}
        }
    }
    if !run.is_empty() {
        chart.draw_series(std::iter::once(PathElement::new(
            run,
            palette::REMAINING.stroke_width(2),
        )))?;
    }
    chart.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
        v.map(|v| Circle::new((i as f64 + 0.5, v), 3, palette::REMAINING.filled()))
    }))?;
    Ok(())
}
