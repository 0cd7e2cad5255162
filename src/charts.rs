//! SVG charts drawn with plotters: the sprint burndown and burn-up, the team velocity chart and
//! the portfolio sparkline.
//!
//! Every chart is accessible inline SVG: `role="img"`, a `<title>` and a `<desc>` summarising
//! the data (the page also shows the figures as a table). Colours are fixed hex values that the
//! theme's CSS re-maps for dark mode, and the bytes depend only on the data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::metrics::Points;
use crate::metrics::flow::{Flow, FlowDay};
use crate::metrics::sprint::{Actual, ScopeChange, SprintFigures};
use crate::metrics::velocity::Velocity;
use crate::model::SprintStatus;

/// Chart colours, chosen to read on both the light and the dark theme.
pub mod palette {
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

type ChartResult = Result<(), Box<dyn std::error::Error>>;

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
    pub burndown: Option<String>,
    pub burnup: Option<String>,
    pub flow: Option<String>,
}

/// Draws the charts of a sprint. They share their axes, grid, non-working days and day labels
/// whenever their y ranges agree (the burndown and burn-up always do: the largest scope), so
/// that part is drawn once per range and each chart adds its own shapes and legend.
pub fn sprint_charts(
    figures: &SprintFigures,
    flow: Option<&Flow>,
    sprint_title: &str,
) -> SprintCharts {
    let mut backgrounds: Vec<(f64, String)> = Vec::new();
    let mut background = |y_max: f64| -> Option<String> {
        if let Some((_, svg)) = backgrounds.iter().find(|(y, _)| *y == y_max) {
            return Some(svg.clone());
        }
        let mut svg = String::new();
        draw_sprint_background(&mut svg, figures, y_max).ok()?;
        backgrounds.push((y_max, svg.clone()));
        Some(svg)
    };
    let mut charts = SprintCharts {
        burndown: None,
        burnup: None,
        flow: None,
    };
    if !figures.summary_form && !figures.days.is_empty() {
        let committed = figures.committed.0;
        let scope = series(figures, committed, |a| a.scope.0);
        let y_max = scope.iter().map(|p| p.1).fold(committed, f64::max).max(1.0) * 1.1;
        // A planned sprint has an ideal line to show, but nothing burnt up yet.
        let started = figures.days.iter().any(|d| d.actual.is_some());
        if let Some(background) = background(y_max) {
            let chart = |kind| {
                let mut lines = String::new();
                draw_sprint_lines(&mut lines, kind, figures, y_max).ok()?;
                let (name, id) = match kind {
                    SprintChartKind::Burndown => ("Burndown", "burndown"),
                    SprintChartKind::Burnup => ("Burn-up", "burnup"),
                };
                Some(accessible(
                    layer(&background, &lines)?,
                    id,
                    &format!("{name} of {sprint_title}"),
                    &describe_sprint(kind, figures),
                ))
            };
            charts.burndown = chart(SprintChartKind::Burndown);
            charts.burnup = started.then(|| chart(SprintChartKind::Burnup)).flatten();
        }
    }
    if let Some(flow) = flow.filter(|f| !f.days.is_empty() && !figures.days.is_empty()) {
        let y_max = flow_y_max(flow);
        charts.flow = background(y_max).and_then(|background| {
            let mut bands = String::new();
            draw_flow_bands(&mut bands, flow, figures, y_max).ok()?;
            let last = flow.days.last()?;
            let description = format!(
                "At the end of {}: {} points done, {} in progress, {} to do.",
                last.date, last.done, last.in_progress, last.todo
            );
            Some(accessible(
                layer(&background, &bands)?,
                "flow",
                &format!("Cumulative flow of {sprint_title}"),
                &description,
            ))
        });
    }
    charts
}

/// One SVG from two drawn on the same canvas: `top`'s elements after `bottom`'s.
fn layer(bottom: &str, top: &str) -> Option<String> {
    let bottom = bottom.trim_end().strip_suffix("</svg>")?;
    let top = &top[top.find('>')? + 1..];
    Some(format!("{bottom}{}", top.trim_start_matches('\n')))
}

/// What the burndown and burn-up share: axes, grid, non-working days and day labels.
fn draw_sprint_background(svg: &mut String, figures: &SprintFigures, y_max: f64) -> ChartResult {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_axes(&root, figures.days.len() as f64, y_max, 44)?;
    shade_non_working(&mut chart, figures, y_max)?;
    draw_day_labels(&root, &chart, figures)?;
    root.present()?;
    Ok(())
}

/// The lines of one chart, the scope-change rings, the as-of marker and the legend, in the
/// coordinates of [`draw_sprint_background`].
fn draw_sprint_lines(
    svg: &mut String,
    kind: SprintChartKind,
    figures: &SprintFigures,
    y_max: f64,
) -> ChartResult {
    let committed = figures.committed.0;
    let remaining = series(figures, committed, |a| a.remaining.0);
    let completed = series(figures, 0.0, |a| a.completed.0);
    let scope = series(figures, committed, |a| a.scope.0);

    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_chart(&root, figures.days.len() as f64, y_max, 44)?;

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
    draw_scope_changes(&chart, figures, marked, y_max)?;

    // The as-of marker for an active sprint: a dashed line at the end of the last actual day.
    if let (SprintStatus::Active, Some(&(x, _))) = (figures.status, remaining.last()) {
        chart.draw_series(DashedLineSeries::new(
            [(x, 0.0), (x, y_max)],
            5,
            4,
            palette::INK.stroke_width(1),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            "as of",
            (x, y_max),
            (FONT, 12)
                .into_font()
                .color(&palette::INK)
                .pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
    }
    draw_legend(&root, kind)?;
    root.present()?;
    Ok(())
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
fn shade_non_working(chart: &mut Chart, figures: &SprintFigures, y_max: f64) -> ChartResult {
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

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A chart of story points over `n` slots (days or sprints): y axis and grid drawn, x labels
/// left to the caller, which places them under each slot.
fn points_axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    n: f64,
    y_max: f64,
    x_label_area: u32,
) -> Result<Chart<'a, 'b>, Box<dyn std::error::Error>> {
    let mut chart = points_chart(root, n, y_max, x_label_area)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| Points(*v).to_string())
        .y_desc("Story points")
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

/// Weekday initial and day of month under each day's band, drawn on the root so they sit
/// below the axis.
fn draw_day_labels(
    root: &DrawingArea<SVGBackend, Shift>,
    chart: &Chart,
    figures: &SprintFigures,
) -> ChartResult {
    let every = (figures.days.len() / 16).max(1);
    for (i, day) in figures
        .days
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
    {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        let style = (FONT, 12)
            .into_font()
            .color(&palette::INK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(
            &day.date.weekday_name()[..2],
            (x, y + 6),
            style.clone(),
        ))?;
        root.draw(&Text::new(day.date.0.day().to_string(), (x, y + 21), style))?;
    }
    Ok(())
}

/// A red ring on the line at the end of each day that had a scope change, with its net delta.
fn draw_scope_changes(
    chart: &Chart,
    figures: &SprintFigures,
    line: &[(f64, f64)],
    y_max: f64,
) -> ChartResult {
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
        chart
            .plotting_area()
            .draw(&Circle::new((x, y), 6, palette::EVENT.stroke_width(2)))?;
        let above = (y + y_max * 0.04).min(y_max);
        chart.plotting_area().draw(&Text::new(
            Points(delta).signed(),
            (x, above),
            (FONT, 12)
                .into_font()
                .color(&palette::EVENT)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
    }
    Ok(())
}

fn draw_legend(root: &DrawingArea<SVGBackend, Shift>, kind: SprintChartKind) -> ChartResult {
    let entries: &[(&str, RGBColor)] = match kind {
        SprintChartKind::Burndown => &[
            ("Ideal", palette::IDEAL),
            ("Remaining", palette::REMAINING),
            ("Scope change", palette::EVENT),
        ],
        SprintChartKind::Burnup => &[
            ("Scope", palette::SCOPE),
            ("Completed", palette::COMPLETED),
            ("Scope change", palette::EVENT),
        ],
    };
    let mut x = WIDTH as i32 - 20 - 110 * entries.len() as i32;
    for (label, colour) in entries {
        root.draw(&PathElement::new(
            vec![(x, 8), (x + 18, 8)],
            colour.stroke_width(3),
        ))?;
        root.draw(&Text::new(
            *label,
            (x + 24, 8),
            (FONT, 12)
                .into_font()
                .color(&palette::INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 110;
    }
    Ok(())
}

fn describe_sprint(kind: SprintChartKind, figures: &SprintFigures) -> String {
    let last = figures
        .days
        .iter()
        .rev()
        .find_map(|d| d.actual.map(|a| (d.date, a)));
    let mut text = match (kind, last) {
        (SprintChartKind::Burndown, Some((date, a))) => format!(
            "Committed {} points over {} working days; {} points remaining at the end of {date}.",
            figures.committed, figures.working_days, a.remaining
        ),
        (SprintChartKind::Burnup, Some((date, a))) => format!(
            "{} of {} points in scope completed by the end of {date}.",
            a.completed, a.scope
        ),
        (_, None) => format!(
            "Committed {} points; the sprint has not started.",
            figures.committed
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

/// Committed and completed bars per sprint, with the rolling average of closed sprints as a line.
pub fn velocity_chart(velocity: &Velocity, labels: &[String], team_name: &str) -> Option<String> {
    if velocity.rows.is_empty() {
        return None;
    }
    let mut svg = String::new();
    draw_velocity(&mut svg, velocity, labels).ok()?;
    let description = match velocity.average {
        Some(avg) => format!(
            "Committed and completed points for {} sprints; average completed {} over the last {} closed sprints.",
            velocity.rows.len(),
            avg,
            velocity.average_of
        ),
        None => format!(
            "Committed and completed points for {} sprints; no sprint is closed yet.",
            velocity.rows.len()
        ),
    };
    Some(accessible(
        svg,
        "velocity",
        &format!("Velocity of {team_name}"),
        &description,
    ))
}

fn draw_velocity(svg: &mut String, velocity: &Velocity, labels: &[String]) -> ChartResult {
    let n = velocity.rows.len() as f64;
    let y_max = velocity
        .rows
        .iter()
        .map(|r| r.committed.0.max(r.completed.0))
        .fold(1.0, f64::max)
        * 1.15;
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_axes(&root, n, y_max, 30)?;
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
    if !average.is_empty() {
        chart.draw_series(std::iter::once(PathElement::new(
            average.clone(),
            palette::REMAINING.stroke_width(2),
        )))?;
        chart.draw_series(
            average
                .iter()
                .map(|p| Circle::new(*p, 3, palette::REMAINING.filled())),
        )?;
    }
    draw_box_legend(
        &root,
        &[
            ("Committed", palette::COMMITTED),
            ("Completed", palette::COMPLETED),
            ("Average", palette::REMAINING),
        ],
    )?;
    root.present()?;
    Ok(())
}

/// A small burndown for the portfolio card: ideal and remaining lines, no axes.
pub fn sparkline(figures: &SprintFigures, id: &str, label: &str) -> Option<String> {
    if figures.summary_form || figures.days.is_empty() {
        return None;
    }
    let mut svg = String::new();
    draw_sparkline(&mut svg, figures).ok()?;
    Some(accessible(
        svg,
        id,
        &format!("Burndown of {label}"),
        &describe_sprint(SprintChartKind::Burndown, figures),
    ))
}

fn draw_sparkline(svg: &mut String, figures: &SprintFigures) -> ChartResult {
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

/// Makes plotters' SVG an accessible, responsive inline image, and a smaller one.
fn accessible(svg: String, id: &str, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let (inherited, body) = compact(&rest[1..]);
    let open = open.replacen(
        "<svg ",
        &format!(
            r#"<svg class="chart-svg" role="img" aria-labelledby="{id}-title {id}-desc"{inherited} "#
        ),
        1,
    );
    format!(
        "{open}><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{body}",
        escape(title),
        escape(description),
    )
}

/// plotters writes the font on every text and `opacity="1"` on every shape: a third of a
/// chart's bytes. The most common font family and size move to the root element, whose texts
/// inherit them (a text with another size keeps its own), and the default opacity goes.
/// Returns the root's new attributes and the body.
fn compact(body: &str) -> (String, String) {
    let inherited: Vec<&str> = [" font-family=\"", " font-size=\""]
        .into_iter()
        .filter_map(|name| most_common_attribute(body, name))
        .collect();
    // Every occurrence of the attributes to drop, in order, then the text between them.
    let mut drop: Vec<(usize, usize)> = inherited
        .iter()
        .copied()
        .chain([" opacity=\"1\""])
        .flat_map(|attribute| {
            memchr::memmem::find_iter(body.as_bytes(), attribute.as_bytes())
                .map(move |at| (at, at + attribute.len()))
        })
        .collect();
    drop.sort_unstable();
    let mut kept = String::with_capacity(body.len());
    let mut from = 0;
    for (start, end) in drop {
        kept.push_str(&body[from..start]);
        from = end;
    }
    kept.push_str(&body[from..]);
    (inherited.concat(), kept)
}

/// The most frequent complete attribute (` name="value"`) starting with `name`; the first of
/// them on a tie, so the choice depends only on the SVG.
fn most_common_attribute<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for start in memchr::memmem::find_iter(body.as_bytes(), name.as_bytes()) {
        let value_start = start + name.len();
        let Some(length) = memchr::memchr(b'"', &body.as_bytes()[value_start..]) else {
            continue;
        };
        let attribute = &body[start..value_start + length + 1];
        match counts.iter_mut().find(|(a, _)| *a == attribute) {
            Some((_, count)) => *count += 1,
            None => counts.push((attribute, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(a, _)| a)
}

/// Escapes text for SVG/HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The cumulative flow diagram's y range: the largest stack of the sprint.
fn flow_y_max(flow: &Flow) -> f64 {
    flow.days
        .iter()
        .map(|d| d.todo.0 + d.in_progress.0 + d.done.0)
        .fold(1.0, f64::max)
        * 1.1
}

/// The cumulative flow diagram's bands (done, in progress and to do points stacked per day)
/// and legend, in the coordinates of [`draw_sprint_background`].
fn draw_flow_bands(
    svg: &mut String,
    flow: &Flow,
    figures: &SprintFigures,
    y_max: f64,
) -> ChartResult {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = points_chart(&root, figures.days.len() as f64, y_max, 44)?;
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
    let entries = [
        ("Done", palette::COMPLETED),
        ("In progress", palette::SCOPE),
        ("To do", palette::COMMITTED),
    ];
    draw_box_legend(&root, &entries)?;
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
) -> Option<String> {
    if values.iter().all(Option::is_none) {
        return None;
    }
    let mut svg = String::new();
    draw_trend(&mut svg, labels, values, kind, unit).ok()?;
    let shown: Vec<String> = labels
        .iter()
        .zip(values)
        .filter_map(|(l, v)| v.map(|v| format!("{l}: {}{unit}", Points(v))))
        .collect();
    Some(accessible(svg, id, title, &shown.join(", ")))
}

fn draw_trend(
    svg: &mut String,
    labels: &[String],
    values: &[Option<f64>],
    kind: TrendKind,
    unit: &str,
) -> ChartResult {
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
        TrendKind::Bars => {
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
        }
        TrendKind::Line => {
            // Separate runs, so a sprint without a value breaks the line.
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
        }
    }
    root.present()?;
    Ok(())
}

/// A legend of coloured boxes in the top right corner.
fn draw_box_legend(
    root: &DrawingArea<SVGBackend, Shift>,
    entries: &[(&str, RGBColor)],
) -> ChartResult {
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
    use super::*;

    #[test]
    fn compact_moves_the_common_font_to_the_root_and_drops_default_opacity() {
        let body = concat!(
            r#"<text x="1" font-family="sans-serif" font-size="9.6" opacity="1">a</text>"#,
            r#"<text x="2" font-family="sans-serif" font-size="10.4" opacity="1">b</text>"#,
            r#"<text x="3" font-family="sans-serif" font-size="9.6">c</text>"#,
            r#"<rect opacity="0.3" fill-opacity="1"/>"#,
        );
        let (inherited, body) = compact(body);
        assert_eq!(inherited, r#" font-family="sans-serif" font-size="9.6""#);
        assert_eq!(
            body,
            concat!(
                r#"<text x="1">a</text>"#,
                r#"<text x="2" font-size="10.4">b</text>"#,
                r#"<text x="3">c</text>"#,
                r#"<rect opacity="0.3" fill-opacity="1"/>"#,
            )
        );
    }

    #[test]
    fn layer_draws_the_lines_over_the_shared_background() {
        let svg = accessible(
            layer(
                "<svg a>\n<line/>\n</svg>\n",
                "<svg a>\n<polyline/>\n</svg>\n",
            )
            .unwrap(),
            "x",
            "T",
            "D",
        );
        assert_eq!(
            svg,
            "<svg class=\"chart-svg\" role=\"img\" aria-labelledby=\"x-title x-desc\" a><title id=\"x-title\">T</title><desc id=\"x-desc\">D</desc>\n<line/>\n<polyline/>\n</svg>\n"
        );
    }
}
