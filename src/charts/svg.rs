//! plotters' SVG made into accessible, compact inline images: `role="img"` with a `<title>`
//! and `<desc>`, the most common font moved to the root, default opacity dropped, dashed lines
//! as one element each, and two charts drawn on the same canvas layered into one.

use plotters::style::RGBColor;

use crate::markdown::escape;

/// A dashed line from `from` to `to` (SVG units), added to the end of a drawn SVG as one
/// element: plotters draws each dash as an element of its own, 31 for a chart's height. The
/// colour is written as plotters writes colours, so the theme's re-mapping finds it.
pub(super) fn push_dashed_line(
    svg: &mut String,
    from: (i32, i32),
    to: (i32, i32),
    colour: RGBColor,
    width: u32,
) {
    let RGBColor(r, g, b) = colour;
    let line = format!(
        "<line stroke=\"#{r:02X}{g:02X}{b:02X}\" stroke-width=\"{width}\" stroke-dasharray=\"5 4\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
        from.0, from.1, to.0, to.1
    );
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    svg.insert_str(end, &line);
}

/// One SVG from two drawn on the same canvas: `top`'s elements after `bottom`'s. `None` when
/// either is not an SVG document, which plotters never writes.
pub(super) fn layer(bottom: &str, top: &str) -> Option<String> {
    let bottom = bottom.trim_end().strip_suffix("</svg>")?;
    let top = &top[top.find('>')? + 1..];
    Some(format!("{bottom}{}", top.trim_start_matches('\n')))
}

/// Makes plotters' SVG an accessible, responsive inline image, and a smaller one.
pub(super) fn accessible(svg: String, id: &str, title: &str, description: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_attribute_wins_and_a_tie_goes_to_the_first() {
        let body =
            r#"<a font-size="9"/><a font-size="12"/><a font-size="12"/><a font-size="9.6"/>"#;
        assert_eq!(
            most_common_attribute(body, r#" font-size=""#),
            Some(r#" font-size="12""#)
        );
        let tie = r#"<a font-size="9"/><a font-size="12"/>"#;
        assert_eq!(
            most_common_attribute(tie, r#" font-size=""#),
            Some(r#" font-size="9""#)
        );
        assert_eq!(most_common_attribute(tie, r#" fill=""#), None);
    }

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
    fn a_dashed_line_is_one_element_before_the_end() {
        let mut svg = "<svg a>\n<line/>\n</svg>\n".to_string();
        push_dashed_line(&mut svg, (10, 0), (10, 50), RGBColor(0x33, 0x41, 0x55), 1);
        assert_eq!(
            svg,
            "<svg a>\n<line/>\n<line stroke=\"#334155\" stroke-width=\"1\" stroke-dasharray=\"5 4\" x1=\"10\" y1=\"0\" x2=\"10\" y2=\"50\"/>\n</svg>\n"
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
