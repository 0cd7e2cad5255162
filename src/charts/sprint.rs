//! A sprint's charts: burndown, burn-up and cumulative flow on one shared background, and the
//! portfolio card's sparkline.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::{accessible, layer, push_dashed_line};
use super::{
    Axes, Chart, Drawing, HEIGHT, Legend, LegendEntry, Mark, TEXT, WIDTH, X_LABEL_AREA, failed,
    font, label_every, palette, points_axes, points_chart,
};
use crate::diagnostics::Diagnostic;
use crate::metrics::Points;
use crate::metrics::flow::{Flow, FlowDay};
use crate::metrics::sprint::{Actual, ScopeChange, SprintFigures};
use crate::model::{Date, SprintStatus, Unit};

/// Which lines a sprint chart draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SprintChartKind {
    /// Ideal and remaining work, falling to zero.
    Burndown,
    /// Completed work rising towards the scope line.
    Burnup,
}

/// A sprint's charts: burndown and burn-up (`None` for a summary-form sprint, and no burn-up
/// before the sprint starts) and the cumulative flow (when the sprint has flow data).
pub struct SprintCharts {
    pub burndown: Option<Chart>,
    pub burnup: Option<Chart>,
    pub flow: Option<Chart>,
}

/// Draws the charts of a sprint. They share their axes, grid, non-working days and day labels
/// whenever their y ranges agree (the burndown and burn-up always do: the largest scope), so
/// that part is drawn once per range and each chart adds its own shapes and legend.
pub fn sprint_charts(
    figures: &SprintFigures,
    flow: Option<&Flow>,
    sprint_title: &str,
    unit: Unit,
) -> Result<SprintCharts, Diagnostic> {
    let mut backgrounds = Backgrounds {
        figures,
        unit,
        drawn: Vec::new(),
    };
    let (burndown, burnup) = burn_charts(figures, &mut backgrounds, sprint_title)?;
    let flow = match flow.filter(|f| !f.days.is_empty() && !figures.days.is_empty()) {
        Some(flow) => Some(flow_chart(flow, figures, &mut backgrounds, sprint_title)?),
        None => None,
    };
    Ok(SprintCharts {
        burndown,
        burnup,
        flow,
    })
}

/// The backgrounds drawn so far, by their y range.
struct Backgrounds<'a> {
    figures: &'a SprintFigures,
    unit: Unit,
    drawn: Vec<(f64, String)>,
}

impl Backgrounds<'_> {
    fn get(&mut self, y_max: f64, chart: &str) -> Result<String, Diagnostic> {
        if let Some((_, svg)) = self.drawn.iter().find(|(y, _)| *y == y_max) {
            return Ok(svg.clone());
        }
        let mut svg = String::new();
        draw_sprint_background(&mut svg, self.figures, y_max, self.unit)
            .map_err(|e| failed(chart, e))?;
        self.drawn.push((y_max, svg.clone()));
        Ok(svg)
    }
}

/// `top` drawn over `background`, made accessible.
fn layered(
    background: &str,
    top: &str,
    id: &str,
    title: &str,
    description: &str,
) -> Result<String, Diagnostic> {
    let svg =
        layer(background, top).ok_or_else(|| failed(title, "plotters wrote no SVG document"))?;
    Ok(accessible(svg, id, title, description))
}

/// What a burndown or burn-up drew besides its lines, for its legend.
struct Marks {
    /// Whether the actual line has a day to draw (a planned sprint's has none, and its key
    /// leaves it out).
    actual: bool,
    /// Rings on the days with a scope change.
    rings: bool,
    /// The as-of marker of an active sprint, at the end of this day.
    as_of: Option<Date>,
}

/// The burndown and, once the sprint has started, the burn-up (neither for a summary-form
/// sprint).
fn burn_charts(
    figures: &SprintFigures,
    backgrounds: &mut Backgrounds,
    sprint_title: &str,
) -> Result<(Option<Chart>, Option<Chart>), Diagnostic> {
    if figures.summary_form || figures.days.is_empty() {
        return Ok((None, None));
    }
    let committed = figures.committed.0;
    let scope = series(figures, committed, |a| a.scope.0);
    let y_max = scope.iter().map(|p| p.1).fold(committed, f64::max).max(1.0) * 1.1;
    let background = backgrounds.get(y_max, &format!("Burndown of {sprint_title}"))?;
    let chart = |kind| -> Result<Chart, Diagnostic> {
        let (name, id) = match kind {
            SprintChartKind::Burndown => ("Burndown", "burndown"),
            SprintChartKind::Burnup => ("Burn-up", "burnup"),
        };
        let title = format!("{name} of {sprint_title}");
        let mut lines = String::new();
        let marks =
            draw_sprint_lines(&mut lines, kind, figures, y_max).map_err(|e| failed(&title, e))?;
        let svg = layered(
            &background,
            &lines,
            id,
            &title,
            &describe_sprint(kind, figures, backgrounds.unit),
        )?;
        Ok(Chart {
            svg,
            legend: sprint_legend(kind, &marks),
        })
    };
    let burndown = chart(SprintChartKind::Burndown)?;
    // A planned sprint has an ideal line to show, but nothing burnt up yet.
    let started = figures.days.iter().any(|d| d.actual.is_some());
    let burnup = if started {
        Some(chart(SprintChartKind::Burnup)?)
    } else {
        None
    };
    Ok((Some(burndown), burnup))
}

/// The cumulative flow chart.
fn flow_chart(
    flow: &Flow,
    figures: &SprintFigures,
    backgrounds: &mut Backgrounds,
    sprint_title: &str,
) -> Result<Chart, Diagnostic> {
    let title = format!("Cumulative flow of {sprint_title}");
    let y_max = flow_y_max(flow);
    let background = backgrounds.get(y_max, &title)?;
    let mut bands = String::new();
    draw_flow_bands(&mut bands, flow, figures, y_max).map_err(|e| failed(&title, e))?;
    let description = match flow.days.last() {
        Some(last) => format!(
            "At the end of {}: {} done, {} in progress, {} to do.",
            last.date,
            backgrounds.unit.amount_in_words(&last.done.to_string()),
            last.in_progress,
            last.todo
        ),
        None => String::new(),
    };
    Ok(Chart {
        svg: layered(&background, &bands, "flow", &title, &description)?,
        legend: vec![
            LegendEntry::new("Done", Mark::Box, palette::COMPLETED),
            LegendEntry::new("In progress", Mark::Box, palette::SCOPE),
            LegendEntry::new("To do", Mark::Box, palette::COMMITTED),
        ],
    })
}

/// What the burndown and burn-up share: axes, grid, non-working days and day labels.
fn draw_sprint_background(
    svg: &mut String,
    figures: &SprintFigures,
    y_max: f64,
    unit: Unit,
) -> Drawing {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_axes(&root, figures.days.len() as f64, y_max, X_LABEL_AREA, unit)?;
    shade_non_working(&mut chart, figures, y_max)?;
    draw_day_labels(&root, &chart, figures)?;
    root.present()?;
    Ok(())
}

/// The lines of one chart, the scope-change rings and the as-of marker, in the coordinates of
/// [`draw_sprint_background`].
fn draw_sprint_lines(
    svg: &mut String,
    kind: SprintChartKind,
    figures: &SprintFigures,
    y_max: f64,
) -> Result<Marks, Box<dyn std::error::Error>> {
    let committed = figures.committed.0;
    let remaining = series(figures, committed, |a| a.remaining.0);
    let completed = series(figures, 0.0, |a| a.completed.0);
    let scope = series(figures, committed, |a| a.scope.0);

    // Burndown: ideal and remaining; burn-up: scope and completed. The marked line carries the
    // scope-change rings.
    let (guide, actual, colour, marked) = match kind {
        SprintChartKind::Burndown => (
            ideal_series(figures),
            &remaining,
            palette::REMAINING,
            &remaining,
        ),
        SprintChartKind::Burnup => (scope.clone(), &completed, palette::COMPLETED, &scope),
    };
    let guide_colour = match kind {
        SprintChartKind::Burndown => palette::IDEAL,
        SprintChartKind::Burnup => palette::SCOPE,
    };
    // The as-of marker for an active sprint: a dashed line at the end of the last actual day.
    let as_of = match (figures.status, remaining.last()) {
        (SprintStatus::Active, Some(&(x, _))) if x >= 1.0 => Some(x),
        _ => None,
    };
    let (rings, marker) = {
        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = points_chart(&root, figures.days.len() as f64, y_max, X_LABEL_AREA)?;
        chart.draw_series(std::iter::once(PathElement::new(
            guide,
            guide_colour.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            actual.clone(),
            colour.stroke_width(3),
        )))?;
        chart.draw_series(
            actual
                .iter()
                .skip(1)
                .map(|p| Circle::new(*p, 3, colour.filled())),
        )?;
        let rings = draw_scope_changes(&chart, figures, marked, y_max)?;
        let marker = as_of.map(|x| {
            (
                chart.backend_coord(&(x, 0.0)),
                chart.backend_coord(&(x, y_max)),
            )
        });
        root.present()?;
        (rings, marker)
    };
    if let Some((bottom, top)) = marker {
        push_dashed_line(svg, bottom, top, palette::INK, 1);
    }
    Ok(Marks {
        actual: actual.len() > 1,
        rings,
        // x = day index + 1 at the end of that day.
        as_of: as_of
            .and_then(|x| figures.days.get(x as usize - 1))
            .map(|d| d.date),
    })
}

/// `(0, start)` followed by one point per day with an actual value, at the end of that day.
fn series(figures: &SprintFigures, start: f64, value: impl Fn(&Actual) -> f64) -> Vec<(f64, f64)> {
    std::iter::once((0.0, start))
        .chain(
            figures
                .days
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.actual.as_ref().map(|a| ((i + 1) as f64, value(a)))),
        )
        .collect()
}

/// The ideal line over the whole sprint, from the committed value at the start.
fn ideal_series(figures: &SprintFigures) -> Vec<(f64, f64)> {
    std::iter::once((0.0, figures.committed.0))
        .chain(
            figures
                .days
                .iter()
                .enumerate()
                .map(|(i, d)| ((i + 1) as f64, d.ideal.0)),
        )
        .collect()
}

/// Shades non-working days: day i spans x = i .. i + 1.
fn shade_non_working(chart: &mut Axes, figures: &SprintFigures, y_max: f64) -> Drawing {
    chart.draw_series(
        figures
            .days
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.working)
            .map(|(i, _)| {
                Rectangle::new(
                    [(i as f64, 0.0), (i as f64 + 1.0, y_max)],
                    palette::NON_WORKING.mix(0.18).filled(),
                )
            }),
    )?;
    Ok(())
}

/// Weekday initial and day of month under each day's band (under every few days' when the
/// days are too narrow for their labels), drawn on the root so they sit below the axis.
fn draw_day_labels(
    root: &DrawingArea<SVGBackend, Shift>,
    chart: &Axes,
    figures: &SprintFigures,
) -> Drawing {
    let (left, _) = chart.backend_coord(&(0.0, 0.0));
    let (right, _) = chart.backend_coord(&(figures.days.len() as f64, 0.0));
    // Two digits of text and a gap.
    let every = label_every(figures.days.len(), right - left, (TEXT * 1.7) as i32);
    let style = font(TEXT)
        .color(&palette::INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, day) in figures
        .days
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
    {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        root.draw(&Text::new(
            &day.date.weekday_name()[..1],
            (x, y + 4),
            style.clone(),
        ))?;
        root.draw(&Text::new(
            day.date.0.day().to_string(),
            (x, y + 4 + TEXT as i32 + 3),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// A red ring on the line at the end of each day that had a scope change, with its net delta;
/// whether it drew any.
fn draw_scope_changes(
    chart: &Axes,
    figures: &SprintFigures,
    line: &[(f64, f64)],
    y_max: f64,
) -> Result<bool, Box<dyn std::error::Error>> {
    let mut drawn = false;
    let mut by_day: Vec<(usize, f64)> = Vec::new();
    for change in &figures.scope_changes {
        let Some(index) = figures.days.iter().position(|d| d.date == change.date) else {
            continue;
        };
        match by_day.last_mut() {
            Some((i, delta)) if *i == index => *delta += change.delta.0,
            _ => by_day.push((index, change.delta.0)),
        }
    }
    for (index, delta) in by_day {
        // line[0] is the start value; day `index` ends at line[index + 1].
        let Some(&(x, y)) = line.get(index + 1) else {
            continue;
        };
        drawn = true;
        chart
            .plotting_area()
            .draw(&Circle::new((x, y), 6, palette::EVENT.stroke_width(2)))?;
        let above = (y + y_max * 0.04).min(y_max);
        chart.plotting_area().draw(&Text::new(
            Points(delta).signed(),
            (x, above),
            font(TEXT)
                .color(&palette::EVENT)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
    }
    Ok(drawn)
}

/// The legend of a burndown or burn-up: its two lines (the actual one once it has a day),
/// then the scope-change rings and the as-of marker when the chart has them.
fn sprint_legend(kind: SprintChartKind, marks: &Marks) -> Legend {
    let (guide, actual) = match kind {
        SprintChartKind::Burndown => (
            LegendEntry::new("Ideal", Mark::Line, palette::IDEAL),
            LegendEntry::new("Remaining", Mark::Line, palette::REMAINING),
        ),
        SprintChartKind::Burnup => (
            LegendEntry::new("Scope", Mark::Line, palette::SCOPE),
            LegendEntry::new("Completed", Mark::Line, palette::COMPLETED),
        ),
    };
    let mut legend = vec![guide];
    legend.extend(marks.actual.then_some(actual));
    if marks.rings {
        legend.push(LegendEntry::new("Scope change", Mark::Ring, palette::EVENT));
    }
    if let Some(date) = marks.as_of {
        let day =
            jiff::fmt::strtime::format("%a %-d %b", date.0).unwrap_or_else(|_| date.to_string());
        legend.push(LegendEntry::new(
            format!("As of {day}"),
            Mark::Dashed,
            palette::INK,
        ));
    }
    legend
}

fn describe_sprint(kind: SprintChartKind, figures: &SprintFigures, unit: Unit) -> String {
    let last = figures
        .days
        .iter()
        .rev()
        .find_map(|d| d.actual.map(|a| (d.date, a)));
    let amount = |value: Points| unit.amount_in_words(&value.to_string());
    let mut text = match (kind, last) {
        (SprintChartKind::Burndown, Some((date, a))) => format!(
            "Committed {} over {} working days; {} remaining at the end of {date}.",
            amount(figures.committed),
            figures.working_days,
            amount(a.remaining)
        ),
        (SprintChartKind::Burnup, Some((date, a))) => format!(
            "{} of {} in scope completed by the end of {date}.",
            a.completed,
            amount(a.scope)
        ),
        (_, None) => format!(
            "Committed {}; the sprint has not started.",
            amount(figures.committed)
        ),
    };
    text.push_str(&describe_changes(&figures.scope_changes));
    text
}

fn describe_changes(changes: &[ScopeChange]) -> String {
    match changes.len() {
        0 => " No scope changes.".to_string(),
        1 => " 1 scope change.".to_string(),
        n => format!(" {n} scope changes."),
    }
}

/// A small burndown for the portfolio card: ideal and remaining lines, no axes.
pub fn sparkline(
    figures: &SprintFigures,
    id: &str,
    label: &str,
    unit: Unit,
) -> Result<Option<String>, Diagnostic> {
    if figures.summary_form || figures.days.is_empty() {
        return Ok(None);
    }
    let title = format!("Burndown of {label}");
    let mut svg = String::new();
    draw_sparkline(&mut svg, figures).map_err(|e| failed(&title, e))?;
    Ok(Some(accessible(
        svg,
        id,
        &title,
        &describe_sprint(SprintChartKind::Burndown, figures, unit),
    )))
}

fn draw_sparkline(svg: &mut String, figures: &SprintFigures) -> Drawing {
    let remaining = series(figures, figures.committed.0, |a| a.remaining.0);
    let y_max = remaining
        .iter()
        .map(|p| p.1)
        .fold(figures.committed.0, f64::max)
        .max(1.0);
    let root = SVGBackend::with_string(svg, (240, 56)).into_drawing_area();
    let mut chart = ChartBuilder::on(&root)
        .margin(4)
        .build_cartesian_2d(0f64..figures.days.len() as f64, 0f64..y_max)?;
    shade_non_working(&mut chart, figures, y_max)?;
    chart.draw_series(std::iter::once(PathElement::new(
        ideal_series(figures),
        palette::IDEAL.stroke_width(1),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        remaining,
        palette::REMAINING.stroke_width(2),
    )))?;
    root.present()?;
    Ok(())
}

/// The cumulative flow diagram's y range: the largest stack of the sprint.
fn flow_y_max(flow: &Flow) -> f64 {
    flow.days
        .iter()
        .map(|d| d.todo.0 + d.in_progress.0 + d.done.0)
        .fold(1.0, f64::max)
        * 1.1
}

/// The cumulative flow diagram's bands (done, in progress and to do points stacked per day),
/// in the coordinates of [`draw_sprint_background`].
fn draw_flow_bands(svg: &mut String, flow: &Flow, figures: &SprintFigures, y_max: f64) -> Drawing {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_chart(&root, figures.days.len() as f64, y_max, X_LABEL_AREA)?;
    // Bands from the bottom: done, in progress, to do. Each is the area between two
    // cumulative lines, over the end-of-day points (x = day index + 1).
    type Layer = (fn(&FlowDay) -> f64, RGBColor);
    let layers: [Layer; 3] = [
        (|d| d.done.0, palette::COMPLETED),
        (|d| d.done.0 + d.in_progress.0, palette::SCOPE),
        (
            |d| d.done.0 + d.in_progress.0 + d.todo.0,
            palette::COMMITTED,
        ),
    ];
    let mut below: Vec<f64> = vec![0.0; flow.days.len()];
    for (top_of, colour) in layers {
        let top: Vec<f64> = flow.days.iter().map(top_of).collect();
        let mut outline: Vec<(f64, f64)> = top
            .iter()
            .enumerate()
            .map(|(i, y)| ((i + 1) as f64, *y))
            .collect();
        outline.extend(
            below
                .iter()
                .enumerate()
                .rev()
                .map(|(i, y)| ((i + 1) as f64, *y)),
        );
        if flow.days.len() == 1 {
            // One day: draw it as a bar over that day.
            outline = vec![
                (0.0, top[0]),
                (1.0, top[0]),
                (1.0, below[0]),
                (0.0, below[0]),
            ];
        }
        chart.draw_series(std::iter::once(Polygon::new(
            outline,
            colour.mix(0.85).filled(),
        )))?;
        below = top;
    }
    root.present()?;
    Ok(())
}
