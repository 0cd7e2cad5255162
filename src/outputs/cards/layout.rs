//! A card as one SVG document of 1200×630: the page's headline on the left, one part to a
//! line in type large enough to read at a fifth of the size (a chat's thumbnail), the health
//! as a coloured badge, and the page's main chart (or the portfolio's health counts) on the
//! right. Text is measured with the bundled font, wrapped and shortened to fit: nothing from
//! the data can push a line off the card.

use std::fmt::Write;

use super::font::{FAMILY, Weight, width};
use crate::charts::{Chart, LegendEntry, Mark};
use crate::markdown::escape;
use crate::views::{CARD_HEIGHT, CARD_WIDTH, CardChart, CardView, HealthCountView};

const W: f32 = CARD_WIDTH as f32;
const H: f32 = CARD_HEIGHT as f32;
const MARGIN: f32 = 56.0;
/// The headline's column.
const LEFT_WIDTH: f32 = 500.0;
/// The chart's column.
const RIGHT_X: f32 = 588.0;
const RIGHT_WIDTH: f32 = W - MARGIN - RIGHT_X;
/// The chart's column runs from under the top band to above the footer.
const TOP: f32 = 56.0;
const BOTTOM: f32 = 560.0;

const KICKER: f32 = 28.0;
const TITLE: f32 = 50.0;
const TITLE_LEADING: f32 = 60.0;
const PART: f32 = 38.0;
const PART_LEADING: f32 = 58.0;
/// The size of a headline part too long for one line, set on two.
const PART_MIN: f32 = 28.0;
const LEGEND: f32 = 22.0;
/// The height a row of the legend takes under the chart.
const LEGEND_ROW: f32 = 44.0;
const FOOTER: f32 = 24.0;
/// How much wider a chart's series are drawn on a card than on its page.
const SERIES_WEIGHT: f32 = 1.75;
/// Room left for what shaping adds to the advance widths.
const SLACK: f32 = 0.97;

const INK: &str = "#0f172a";
const MUTED: &str = "#475569";
const FAINT: &str = "#64748b";
/// The charts' own ink, for legend entries without a colour of their own.
const CHART_INK: &str = "#334155";

/// A headline's tone's colours: strong (text and badges, 4.5:1 or more against white) and a
/// light tint. A release that is done reads as on track.
fn colours(tone: Option<&str>) -> (&'static str, &'static str) {
    match tone {
        Some("on-track" | "done") => ("#15803d", "#dcfce7"),
        Some("at-risk") => ("#b45309", "#fef3c7"),
        Some("off-track") => ("#b91c1c", "#fee2e2"),
        _ => (MUTED, "#f1f5f9"),
    }
}

/// The card's SVG.
pub fn card_svg(card: &CardView) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="{FAMILY}">"#
    );
    let (strong, _) = colours(card.tone);
    // The rasteriser starts from white: the card needs no background of its own.
    let _ = write!(svg, r#"<rect width="{W}" height="12" fill="{strong}"/>"#);
    let kicker = shortened(&card.kicker, KICKER, Weight::Regular, LEFT_WIDTH);
    text(
        &mut svg,
        MARGIN,
        92.0,
        &kicker,
        KICKER,
        Weight::Regular,
        MUTED,
    );
    let parts = &card.parts;
    let title_lines = if parts.len() > 4 { 2 } else { 3 };
    let title = wrapped(&card.title, TITLE, Weight::Bold, LEFT_WIDTH, title_lines);
    let mut y = 160.0;
    for line in &title {
        text(&mut svg, MARGIN, y, line, TITLE, Weight::Bold, INK);
        y += TITLE_LEADING;
    }
    y += 72.0 - TITLE_LEADING;
    for (n, part) in parts.iter().enumerate() {
        if y > BOTTOM {
            break;
        }
        match card.tone_part == Some(n) {
            true => badge(&mut svg, MARGIN, y, part, card.tone),
            false => {
                let (lines, size) = fitted(part);
                for (n, line) in lines.iter().enumerate() {
                    if n > 0 {
                        y += size * 1.3;
                    }
                    text(&mut svg, MARGIN, y, line, size, Weight::Regular, INK);
                }
            }
        }
        y += PART_LEADING;
    }
    match &card.chart {
        CardChart::Drawn(chart) => place_chart(&mut svg, chart),
        CardChart::Health(counts) => tiles(&mut svg, counts),
        CardChart::Totals(totals) => total_tiles(&mut svg, totals, card.tone),
        CardChart::Nothing => {}
    }
    let footer = shortened(&card.footer, FOOTER, Weight::Regular, W - 2.0 * MARGIN);
    text(
        &mut svg,
        MARGIN,
        604.0,
        &footer,
        FOOTER,
        Weight::Regular,
        FAINT,
    );
    svg.push_str("</svg>");
    xml_safe(&svg)
}

/// One line of text with its baseline at `y`.
fn text(svg: &mut String, x: f32, y: f32, line: &str, size: f32, weight: Weight, fill: &str) {
    let bold = match weight {
        Weight::Bold => r#" font-weight="700""#,
        Weight::Regular => "",
    };
    let _ = write!(
        svg,
        r#"<text x="{x}" y="{y}" font-size="{size}"{bold} fill="{fill}">{}</text>"#,
        escape(line)
    );
}

/// A headline part as it fits its column, with the size it is set in: one line at [`PART`],
/// else up to two at [`PART_MIN`], the second shortened if need be.
fn fitted(part: &str) -> (Vec<String>, f32) {
    let part = clean(part);
    if width(&part, PART, Weight::Regular) <= LEFT_WIDTH * SLACK {
        return (vec![part], PART);
    }
    (
        wrapped(&part, PART_MIN, Weight::Regular, LEFT_WIDTH, 2),
        PART_MIN,
    )
}

/// The health part as a badge: white bold text on the health's colour.
fn badge(svg: &mut String, x: f32, y: f32, part: &str, tone: Option<&str>) {
    let (strong, _) = colours(tone);
    let size = PART - 2.0;
    let label = shortened(&capitalised(part), size, Weight::Bold, LEFT_WIDTH - 40.0);
    let w = width(&label, size, Weight::Bold) + 36.0;
    let top = y - size * 0.72 - 12.0;
    let _ = write!(
        svg,
        r#"<rect x="{x}" y="{top}" width="{w:.1}" height="{}" rx="10" fill="{strong}"/>"#,
        size * 0.72 + 24.0
    );
    text(svg, x + 18.0, y, &label, size, Weight::Bold, "#ffffff");
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The page's chart, as large as the right-hand column allows, with its key under it.
fn place_chart(svg: &mut String, chart: &Chart) {
    let Some((chart_width, chart_height)) = size_of(&chart.svg) else {
        return;
    };
    let keys = legend_places(&chart.legend);
    let rows = keys.last().map_or(0, |&(_, row)| row + 1);
    let room = BOTTOM - TOP - rows as f32 * LEGEND_ROW;
    let scale = (RIGHT_WIDTH / chart_width).min(room / chart_height);
    let (w, h) = (chart_width * scale, chart_height * scale);
    let x = RIGHT_X + (RIGHT_WIDTH - w) / 2.0;
    let y = TOP + (room - h) / 2.0;
    let chart_svg = crisp(&bolder(&flat_opacity(&chart.svg)));
    if let Some(placed) = placed(&chart_svg, x, y, scale) {
        svg.push_str(&placed);
    }
    legend(svg, &chart.legend, &keys, y + h + 34.0);
}

/// Where each key of a legend goes under the chart: its left edge and its row, a key that
/// would pass the card's margin starting the next row.
fn legend_places(entries: &[LegendEntry]) -> Vec<(f32, usize)> {
    let (mut at, mut row) = (RIGHT_X, 0);
    entries
        .iter()
        .map(|entry| {
            let step = 40.0 + width(&clean(&entry.label), LEGEND, Weight::Regular);
            if at + step > W - MARGIN && at > RIGHT_X {
                (at, row) = (RIGHT_X, row + 1);
            }
            let place = (at, row);
            at += step + 28.0;
            place
        })
        .collect()
}

/// The `width` and `height` of an SVG's root.
fn size_of(svg: &str) -> Option<(f32, f32)> {
    let root = &svg[..svg.find('>')?];
    let number = |name: &str| -> Option<f32> {
        let at = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[at..].split('"').next()?.parse().ok()
    };
    Some((number("width")?, number("height")?))
}

/// A chart with its series' lines (those 2 units wide or more; axes and grid are 1) drawn
/// [`SERIES_WEIGHT`] times as wide, so that they still show at a thumbnail's size.
fn bolder(svg: &str) -> String {
    const ATTRIBUTE: &str = "stroke-width=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(ATTRIBUTE) {
        let (before, after) = rest.split_at(at + ATTRIBUTE.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f32>() {
            Ok(width) if width >= 2.0 => out.push_str(&(width * SERIES_WEIGHT).to_string()),
            _ => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A chart with its rectangles and straight lines (bars, bands, grid and axes: all upright or
/// level) drawn without anti-aliasing, which they do not need and which made them a third of
/// the cost of a card. Its series (polylines, circles) and text keep theirs.
fn crisp(svg: &str) -> String {
    svg.replace("<rect ", r#"<rect shape-rendering="crispEdges" "#)
        .replace("<line ", r#"<line shape-rendering="crispEdges" "#)
}

/// A chart with each shape's `opacity` written as the opacity of its fill and its stroke. The
/// same pixels for plotters' shapes, which are either filled or stroked, and far less work:
/// the rasteriser draws a shape with an `opacity` on a layer of its own, then blends it in.
fn flat_opacity(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg;
    while let Some(at) = rest.find(" opacity=\"") {
        let value_at = at + " opacity=\"".len();
        let Some(length) = rest[value_at..].find('"') else {
            break;
        };
        let value = &rest[value_at..value_at + length];
        out.push_str(&rest[..at]);
        let _ = write!(out, r#" fill-opacity="{value}" stroke-opacity="{value}""#);
        rest = &rest[value_at + length + 1..];
    }
    out.push_str(rest);
    out
}

/// An SVG document drawn as a group of the card, scaled by `scale` with its top left corner
/// at (`x`, `y`): its root's attributes that its elements inherit (the font) kept, its size
/// dropped. A group rather than a nested `<svg>`, whose viewport clip would cost the
/// rasteriser two passes over the whole card.
fn placed(svg: &str, x: f32, y: f32, scale: f32) -> Option<String> {
    let end = svg.find('>')?;
    let body = svg[end + 1..].trim_end().strip_suffix("</svg>")?;
    let mut root = svg[..end].strip_prefix("<svg")?.to_string();
    for name in [
        "width",
        "height",
        "viewBox",
        "xmlns",
        "class",
        "role",
        "aria-labelledby",
    ] {
        if let Some(at) = root.find(&format!(" {name}=\"")) {
            let value = at + name.len() + 3;
            let close = root[value..].find('"')? + value + 1;
            root.replace_range(at..close, "");
        }
    }
    Some(format!(
        r#"<g transform="translate({x:.1} {y:.1}) scale({scale:.4})"{root}>{body}</g>"#
    ))
}

/// A chart's key at `places` ([`legend_places`]), the first row's baseline at `top`: each
/// entry's sample drawn as the chart draws its series.
fn legend(svg: &mut String, entries: &[LegendEntry], places: &[(f32, usize)], top: f32) {
    for (entry, &(at, row)) in entries.iter().zip(places) {
        let label = clean(&entry.label);
        let y = top + row as f32 * LEGEND_ROW;
        let colour = entry.colour.as_deref().unwrap_or(CHART_INK);
        let middle = y - LEGEND * 0.35;
        let sample = match entry.mark {
            Mark::Line => format!(
                r#"<line x1="{at}" y1="{middle}" x2="{}" y2="{middle}" stroke="{colour}" stroke-width="4"/>"#,
                at + 30.0
            ),
            Mark::Dashed => format!(
                r#"<line x1="{at}" y1="{middle}" x2="{}" y2="{middle}" stroke="{colour}" stroke-width="3" stroke-dasharray="7 5"/>"#,
                at + 30.0
            ),
            Mark::Outline => format!(
                r#"<rect x="{at}" y="{}" width="30" height="16" fill="none" stroke="{colour}" stroke-width="2"/>"#,
                middle - 8.0
            ),
            Mark::Box => format!(
                r#"<rect x="{at}" y="{}" width="30" height="16" fill="{colour}"/>"#,
                middle - 8.0
            ),
            Mark::Ring => format!(
                r#"<circle cx="{}" cy="{middle}" r="7" fill="none" stroke="{colour}" stroke-width="3"/>"#,
                at + 15.0
            ),
        };
        svg.push_str(&sample);
        text(
            svg,
            at + 40.0,
            y,
            &label,
            LEGEND,
            Weight::Regular,
            CHART_INK,
        );
    }
}

/// The portfolio's teams by health: four tiles, each a large count in its health's colour.
fn tiles(svg: &mut String, counts: &HealthCountView) {
    let gap = 24.0;
    let (w, h) = ((RIGHT_WIDTH - gap) / 2.0, (BOTTOM - TOP - 40.0 - gap) / 2.0);
    let tiles = [
        (counts.on_track, "On track", Some("on-track")),
        (counts.at_risk, "At risk", Some("at-risk")),
        (counts.off_track, "Off track", Some("off-track")),
        (counts.not_started, "Not started", None),
    ];
    for (n, (count, label, tone)) in tiles.into_iter().enumerate() {
        let (strong, tint) = colours(tone);
        let x = RIGHT_X + (n % 2) as f32 * (w + gap);
        let y = TOP + 40.0 + (n / 2) as f32 * (h + gap);
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="16" fill="{tint}"/>"#
        );
        text(
            svg,
            x + 28.0,
            y + h * 0.58,
            &count.to_string(),
            104.0,
            Weight::Bold,
            strong,
        );
        text(
            svg,
            x + 28.0,
            y + h - 28.0,
            label,
            30.0,
            Weight::Bold,
            strong,
        );
    }
}

/// A summary-form sprint's totals: one wide tile each, stacked, in its health's tint.
fn total_tiles(svg: &mut String, totals: &[(String, &str)], tone: Option<&str>) {
    let gap = 24.0;
    let count = totals.len().max(1) as f32;
    let h = (BOTTOM - TOP - 40.0 - gap * (count - 1.0)) / count;
    let (strong, tint) = colours(tone);
    for (n, (amount, what)) in totals.iter().enumerate() {
        let y = TOP + 40.0 + n as f32 * (h + gap);
        let _ = write!(
            svg,
            r#"<rect x="{RIGHT_X}" y="{y}" width="{RIGHT_WIDTH}" height="{h}" rx="16" fill="{tint}"/>"#
        );
        let amount = shortened(amount, 72.0, Weight::Bold, RIGHT_WIDTH - 56.0);
        text(
            svg,
            RIGHT_X + 28.0,
            y + h * 0.5,
            &amount,
            72.0,
            Weight::Bold,
            strong,
        );
        text(
            svg,
            RIGHT_X + 28.0,
            y + h - 24.0,
            what,
            30.0,
            Weight::Bold,
            strong,
        );
    }
}

/// `text` in lines of at most `max_width` pixels, by words (a word longer than a line by
/// characters), at most `max_lines` of them, the last shortened with "…" when text is left.
fn wrapped(text: &str, size: f32, weight: Weight, max_width: f32, max_lines: usize) -> Vec<String> {
    let fits = |line: &str| width(line, size, weight) <= max_width * SLACK;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in clean(text).split_whitespace() {
        let candidate = match line.is_empty() {
            true => word.to_string(),
            false => format!("{line} {word}"),
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(format!("{rest}…"));
    }
    if let Some(last) = lines.last_mut().filter(|l| !fits(l)) {
        *last = shortened(last, size, weight, max_width);
    }
    lines
}

/// `text` on one line of at most `max_width` pixels: as it is if it fits, else cut and ended
/// with "…".
fn shortened(text: &str, size: f32, weight: Weight, max_width: f32) -> String {
    let text = clean(text);
    let fits = |line: &str| width(line, size, weight) <= max_width * SLACK;
    if fits(&text) {
        return text;
    }
    let mut kept: String = text.trim_end_matches('…').to_string();
    while !kept.is_empty() && !fits(&format!("{kept}…")) {
        kept.pop();
    }
    format!("{}…", kept.trim_end())
}

/// Text from data as one line: control characters and line breaks become spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The SVG without the characters XML 1.0 cannot hold (control characters other than tab,
/// line feed and carriage return, U+FFFE, U+FFFF), which data may bring into a chart's title.
fn xml_safe(svg: &str) -> String {
    svg.chars()
        .filter(|&c| {
            !(c < ' ' && !matches!(c, '\t' | '\n' | '\r') || c == '\u{fffe}' || c == '\u{ffff}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(line: &str, size: f32, weight: Weight, max: f32) -> bool {
        width(line, size, weight) <= max
    }

    #[test]
    fn a_long_title_wraps_by_words_and_ends_shortened_on_its_last_line() {
        let title =
            "Phase 3 Kickoff - Load Testing & Initial Implementation of the multi-tenant platform";
        let lines = wrapped(title, TITLE, Weight::Bold, LEFT_WIDTH, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "Phase 3 Kickoff -");
        assert!(
            lines[1].starts_with("Load Testing &") && lines[1].ends_with('…'),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .all(|l| fits(l, TITLE, Weight::Bold, LEFT_WIDTH))
        );
        // A title that fits is left alone.
        assert_eq!(
            wrapped("Checkout", TITLE, Weight::Bold, LEFT_WIDTH, 2),
            ["Checkout"]
        );
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_between_characters() {
        let word = "x".repeat(200);
        let lines = wrapped(&word, TITLE, Weight::Bold, LEFT_WIDTH, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].len() > 10 && lines[0].chars().all(|c| c == 'x'));
        assert!(lines[2].ends_with('…'));
        assert!(
            lines
                .iter()
                .all(|l| fits(l, TITLE, Weight::Bold, LEFT_WIDTH))
        );
    }

    #[test]
    fn a_line_too_long_is_cut_with_an_ellipsis_and_control_characters_become_spaces() {
        assert_eq!(shortened("Team", 28.0, Weight::Regular, 500.0), "Team");
        let long = "AlphaPulse delivery reports ".repeat(10);
        let short = shortened(&long, 28.0, Weight::Regular, 500.0);
        let (lines, size) = fitted("2 teams: 1 on track, 1 at risk, 0 off track, 4 not started");
        assert_eq!(size, PART_MIN);
        assert_eq!(
            lines,
            [
                "2 teams: 1 on track, 1 at risk, 0 off",
                "track, 4 not started"
            ]
        );
        assert_eq!(fitted("Day 1 of 9"), (vec!["Day 1 of 9".to_string()], PART));
        assert!(short.ends_with("…") && fits(&short, 28.0, Weight::Regular, 500.0));
        assert_eq!(clean("a\u{1}b\nc"), "a b c");
        assert_eq!(xml_safe("a\u{1}b\u{fffe}\tc"), "ab\tc");
    }

    #[test]
    fn a_chart_is_placed_in_its_box_and_its_series_drawn_wider() {
        let chart = r#"<svg class="chart-svg" font-size="14" width="440" height="280" viewBox="0 0 440 280" xmlns="http://www.w3.org/2000/svg"><polyline stroke-width="1"/><polyline stroke-width="2"/><polyline stroke-width="3"/></svg>"#;
        assert_eq!(size_of(chart), Some((440.0, 280.0)));
        let placed = placed(chart, 10.0, 20.5, 1.25).unwrap();
        assert_eq!(
            placed,
            r#"<g transform="translate(10.0 20.5) scale(1.2500)" font-size="14"><polyline stroke-width="1"/><polyline stroke-width="2"/><polyline stroke-width="3"/></g>"#
        );
        let faint =
            flat_opacity(r##"<line opacity="0.3" stroke="#8A94A6"/><rect opacity="0.18"/>"##);
        assert_eq!(
            faint,
            r##"<line fill-opacity="0.3" stroke-opacity="0.3" stroke="#8A94A6"/><rect fill-opacity="0.18" stroke-opacity="0.18"/>"##
        );
        assert_eq!(
            crisp(r#"<rect x="1"/><line x1="2"/><polyline points="3"/>"#),
            r#"<rect shape-rendering="crispEdges" x="1"/><line shape-rendering="crispEdges" x1="2"/><polyline points="3"/>"#
        );
        let bold = bolder(chart);
        assert!(bold.contains(r#"stroke-width="1""#));
        assert!(bold.contains(r#"stroke-width="3.5""#) && bold.contains(r#"stroke-width="5.25""#));
    }

    #[test]
    fn a_legend_too_wide_for_one_row_goes_on_in_a_second() {
        let key = |label: &str| LegendEntry {
            label: label.into(),
            mark: crate::charts::Mark::Line,
            colour: None,
        };
        let keys = [
            key("Scope"),
            key("Completed"),
            key("Forecast 85%"),
            key("Target"),
        ];
        let places = legend_places(&keys);
        let rows: Vec<usize> = places.iter().map(|&(_, row)| row).collect();
        assert_eq!(rows, [0, 0, 0, 1]);
        assert_eq!(places[0].0, RIGHT_X);
        assert_eq!(places[3].0, RIGHT_X);
        assert!(places[1].0 > places[0].0 && places[2].0 > places[1].0);
        assert!(legend_places(&[]).is_empty());
    }

    #[test]
    fn hostile_text_stays_text_in_a_card_that_parses() {
        let hostile = "</text><script>alert(1)</script> & \"quotes\" \u{1}\u{fffe} 北京 🚀";
        let card = CardView {
            path: "t/card.png".into(),
            kicker: hostile.into(),
            title: hostile.into(),
            parts: vec![hostile.into(), "At risk".into()],
            tone: Some("at-risk"),
            tone_part: Some(1),
            chart: CardChart::Health(HealthCountView::default()),
            footer: hostile.into(),
        };
        let svg = card_svg(&card);
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("</text><script>alert(1)</script> & \"quotes\""))
        );
        assert!(!document.descendants().any(|n| n.has_tag_name("script")));
        assert!(texts.contains(&"At risk"));
    }
}
