//! A team's charts: velocity (committed and completed per sprint, with the rolling average)
//! and the small trend charts (say/do, carry-over, scope change, throughput).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::accessible;
use super::{
    Axes, Chart, Drawing, HEIGHT, Legend, LegendEntry, Mark, TEXT, WIDTH, failed, font,
    label_every, palette, points_axes,
};
use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::metrics::velocity::{Velocity, VelocityRow};
use crate::model::{SprintStatus, Unit};

/// A trend chart's size in SVG units: three quarters of a full chart, with text to match.
const TREND_WIDTH: u32 = WIDTH * 3 / 4;
const TREND_HEIGHT: u32 = 200;
const TREND_TEXT: f64 = TEXT * 3.0 / 4.0;

/// Committed and completed bars per sprint, with the rolling average of closed sprints as a
/// line. The sprint in progress is drawn hollow and named in the key ("in progress"): its bar
/// is what it completed so far. Planned sprints are left out: they have done nothing yet.
pub fn velocity_chart(
    velocity: &Velocity,
    labels: &[String],
    team_name: &str,
    unit: Unit,
) -> Result<Option<Chart>, Diagnostic> {
    let shown: Vec<(usize, &VelocityRow)> = velocity
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status != SprintStatus::Planned)
        .collect();
    if shown.is_empty() {
        return Ok(None);
    }
    let title = format!("Velocity of {team_name}");
    let mut svg = String::new();
    let legend = draw_velocity(&mut svg, &shown, labels, unit).map_err(|e| failed(&title, e))?;
    let closed = shown
        .iter()
        .filter(|(_, r)| r.status == SprintStatus::Closed)
        .count();
    let mut description = match velocity.average {
        Some(avg) => format!(
            "Committed and completed {} for {closed} closed sprints; average completed {avg} over the last {}.",
            unit.words(),
            velocity.average_of
        ),
        None => "No sprint is closed yet.".to_string(),
    };
    for (_, row) in shown
        .iter()
        .filter(|(_, r)| r.status == SprintStatus::Active)
    {
        description.push_str(&format!(
            " Sprint {} in progress: {} of {} completed so far.",
            row.number, row.completed, row.committed
        ));
    }
    Ok(Some(Chart {
        svg: accessible(svg, "velocity", &title, &description),
        legend,
    }))
}

/// Draws the velocity chart of the sprints `shown` (with their index among the team's); returns
/// its legend (the average only when its line is drawn, the sprint in progress when there is
/// one).
fn draw_velocity(
    svg: &mut String,
    shown: &[(usize, &VelocityRow)],
    labels: &[String],
    unit: Unit,
) -> Result<Legend, Box<dyn std::error::Error>> {
    let n = shown.len() as f64;
    let y_max = shown
        .iter()
        .map(|(_, r)| r.committed.0.max(r.completed.0))
        .fold(1.0, f64::max)
        * 1.15;
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_axes(&root, n, y_max, TEXT as u32 + 12, unit)?;
    let (left, _) = chart.backend_coord(&(0.0, 0.0));
    let (right, _) = chart.backend_coord(&(n, 0.0));
    // Labels such as "S12" and a gap; long histories label every few sprints.
    let every = label_every(shown.len(), right - left, (TEXT * 2.6) as i32);
    let mut legend = vec![
        LegendEntry::new("Committed", Mark::Box, palette::COMMITTED),
        LegendEntry::new("Completed", Mark::Box, palette::COMPLETED),
    ];
    for (x, (index, row)) in shown.iter().enumerate() {
        let name = labels
            .get(*index)
            .map_or_else(|| format!("S{}", row.number), Clone::clone);
        draw_velocity_bars(&mut chart, x as f64, row)?;
        if row.status == SprintStatus::Active {
            legend.push(LegendEntry::new(
                format!("{name} in progress (so far)"),
                Mark::Outline,
                palette::COMPLETED,
            ));
        }
        if !x.is_multiple_of(every) {
            continue;
        }
        let (px, py) = chart.backend_coord(&(x as f64 + 0.5, 0.0));
        root.draw(&Text::new(
            name,
            (px, py + 6),
            font(TEXT)
                .color(&palette::INK)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    let average: Vec<(f64, f64)> = shown
        .iter()
        .enumerate()
        .filter_map(|(x, (_, r))| r.rolling_average.map(|a| (x as f64 + 0.5, a.0)))
        .collect();
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
        legend.push(LegendEntry::new("Average", Mark::Line, palette::REMAINING));
    }
    root.present()?;
    Ok(legend)
}

/// A sprint's committed and completed bars at `x`: filled for a closed sprint, hollow (the
/// completed one lightly filled) for the one in progress.
fn draw_velocity_bars(chart: &mut Axes, x: f64, row: &VelocityRow) -> Drawing {
    let committed = [(x + 0.12, 0.0), (x + 0.48, row.committed.0)];
    let completed = [(x + 0.52, 0.0), (x + 0.88, row.completed.0)];
    if row.status == SprintStatus::Active {
        chart.draw_series([
            Rectangle::new(committed, palette::COMMITTED.stroke_width(2)),
            Rectangle::new(completed, palette::COMPLETED.mix(0.3).filled()),
            Rectangle::new(completed, palette::COMPLETED.stroke_width(2)),
        ])?;
    } else {
        chart.draw_series([
            Rectangle::new(committed, palette::COMMITTED.filled()),
            Rectangle::new(completed, palette::COMPLETED.filled()),
        ])?;
    }
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
    let root = SVGBackend::with_string(svg, (TREND_WIDTH, TREND_HEIGHT)).into_drawing_area();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(8)
        .margin_right(10)
        .x_label_area_size(TREND_TEXT as u32 + 10)
        .y_label_area_size(TREND_TEXT as u32 * 4)
        .build_cartesian_2d(0f64..n, y_min..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(4)
        .y_label_formatter(&|v| format!("{}{unit}", Points(*v)))
        .label_style(font(TREND_TEXT).color(&palette::INK))
        .axis_style(palette::INK)
        .max_light_lines(0)
        .bold_line_style(palette::IDEAL.mix(0.3))
        .draw()?;
    let (left, _) = chart.backend_coord(&(0.0, y_min));
    let (right, _) = chart.backend_coord(&(n, y_min));
    let every = label_every(labels.len(), right - left, (TREND_TEXT * 2.6) as i32);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, y_min));
        root.draw(&Text::new(
            label.clone(),
            (x, y + 4),
            font(TREND_TEXT)
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
fn draw_trend_bars(chart: &mut Axes, values: &[Option<f64>]) -> Drawing {
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
fn draw_trend_line(chart: &mut Axes, values: &[Option<f64>]) -> Drawing {
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
