//! `badges/<team>.svg` and `badges/<team>.json`: a team's current sprint as a status badge, for
//! a README. The SVG is a plain flat badge ("AlphaPulse sprint 4 | 31% · on track", coloured by
//! health); the JSON is the same in shields.io's endpoint format, for
//! `img.shields.io/endpoint?url=…`.

use crate::markdown::{escape, html_safe_json};
use crate::metrics::TeamFigures;
use crate::metrics::health::{Health, health};
use crate::model::{Team, label, total};

/// What a badge says.
#[derive(Debug, PartialEq)]
pub struct Badge {
    pub label: String,
    pub message: String,
    /// A hex colour, `#rrggbb`.
    pub color: &'static str,
    /// The whole sentence, for screen readers.
    pub title: String,
}

/// Colours that keep white text readable (WCAG AA for 11 px bold-less text is out of reach
/// on a badge; these match shields' own).
const ON_TRACK: &str = "#2e7d32";
const AT_RISK: &str = "#b35900";
const OFF_TRACK: &str = "#c62828";
const NO_HEALTH: &str = "#4a5568";
const LABEL: &str = "#555555";

/// The badge of a team: its name and current sprint's number ("AlphaPulse sprint 4", so that
/// two teams' badges side by side are told apart), its progress and health.
pub fn badge(team: &Team, figures: &TeamFigures) -> Badge {
    let Some(index) = figures.current_sprint() else {
        return Badge {
            label: team.config.name.clone(),
            message: "no sprint yet".into(),
            color: NO_HEALTH,
            title: format!("{}: no sprint yet", team.config.name),
        };
    };
    let f = &figures.sprints[index];
    let number = team.sprints[index].data.number.get_ref();
    let health = health(f).map(|(h, _)| h);
    let state = match health {
        Some(h) => label(h.as_str()).to_lowercase(),
        None => f.status.as_str().to_string(),
    };
    let color = match health {
        Some(Health::OnTrack) => ON_TRACK,
        Some(Health::AtRisk) => AT_RISK,
        Some(Health::OffTrack) => OFF_TRACK,
        None => NO_HEALTH,
    };
    Badge {
        label: format!("{} sprint {number}", team.config.name),
        message: format!("{}% · {state}", f.percent_completed),
        color,
        title: format!(
            "{}: sprint {number}, {}% completed, {state}",
            team.config.name, f.percent_completed
        ),
    }
}

impl Badge {
    /// A flat badge: a grey label and a coloured message, with rounded corners.
    pub fn svg(&self) -> String {
        let (label_width, message_width) =
            (text_width(&self.label) + 10, text_width(&self.message) + 10);
        let width = label_width + message_width;
        let (label, message, title) = (
            escape(&self.label),
            escape(&self.message),
            escape(&self.title),
        );
        format!(
            concat!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"20\" role=\"img\" aria-label=\"{title}\">",
                "<title>{title}</title>",
                "<clipPath id=\"r\"><rect width=\"{width}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>",
                "<g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"{label_color}\"/>",
                "<rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{color}\"/></g>",
                "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">",
                "<text x=\"{lx}\" y=\"14\">{label}</text><text x=\"{mx}\" y=\"14\">{message}</text></g></svg>\n"
            ),
            width = width,
            title = title,
            lw = label_width,
            mw = message_width,
            label_color = LABEL,
            color = self.color,
            lx = label_width / 2,
            mx = label_width + message_width / 2,
            label = label,
            message = message,
        )
    }

    /// shields.io's endpoint format (`schemaVersion` 1).
    pub fn shields_json(&self) -> String {
        let endpoint = serde_json::json!({
            "schemaVersion": 1,
            "label": self.label,
            "message": self.message,
            "color": self.color.trim_start_matches('#'),
        });
        format!("{}\n", html_safe_json(&format!("{endpoint:#}")))
    }
}

/// The width of text in Verdana at 11 px, in whole pixels (rounded up), from the font's
/// advance widths: badges are sized without a font at hand, as shields sizes its own.
fn text_width(text: &str) -> u32 {
    let width = total(text.chars().map(char_width));
    width.ceil() as u32
}

/// One character's advance in Verdana at 11 px.
fn char_width(c: char) -> f64 {
    let units = match c {
        ' ' => 720,
        '0'..='9' => 1302,
        '%' => 2180,
        '·' | '.' | ',' | ':' => 745,
        '-' => 842,
        'f' => 720,
        'i' | 'l' => 569,
        'j' => 695,
        'm' => 1995,
        'r' => 874,
        's' => 1065,
        't' => 807,
        'w' => 1675,
        'z' => 1063,
        'c' => 1126,
        'e' => 1212,
        'k' | 'v' | 'x' | 'y' => 1186,
        'a' | 'o' => 1252,
        'a'..='z' => 1300,
        'I' => 866,
        'M' => 1747,
        'W' => 2031,
        'A'..='Z' => 1450,
        _ => 1300,
    };
    f64::from(units) * 11.0 / 2048.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_verdana() {
        // "31%": two digits (6.99 px each) and a percent sign (11.71 px).
        assert_eq!(text_width("31%"), 26);
        assert_eq!(text_width(""), 0);
    }

    #[test]
    fn each_character_has_its_verdana_advance() {
        // Advance widths from Verdana's `hmtx` table, in font units (2048 to the em).
        let advances = [
            (" ", 720),
            ("07", 1302),
            ("%", 2180),
            ("·.,:", 745),
            ("-", 842),
            ("f", 720),
            ("il", 569),
            ("j", 695),
            ("m", 1995),
            ("r", 874),
            ("s", 1065),
            ("t", 807),
            ("w", 1675),
            ("z", 1063),
            ("c", 1126),
            ("e", 1212),
            ("kvxy", 1186),
            ("ao", 1252),
            ("bn", 1300),
            ("I", 866),
            ("M", 1747),
            ("W", 2031),
            ("AZ", 1450),
            ("é?", 1300),
        ];
        for (chars, units) in advances {
            for c in chars.chars() {
                assert_eq!(char_width(c) * 2048.0 / 11.0, f64::from(units), "{c}");
            }
        }
    }

    #[test]
    fn the_svg_is_sized_to_its_text_and_escapes_it() {
        let badge = Badge {
            label: "sprint 4".into(),
            message: "31% · on track".into(),
            color: ON_TRACK,
            title: "A&B: sprint 4, 31% completed, on track".into(),
        };
        let svg = badge.svg();
        let label = text_width("sprint 4") + 10;
        let message = text_width("31% · on track") + 10;
        assert!(
            svg.contains(&format!("width=\"{}\"", label + message)),
            "{svg}"
        );
        assert!(svg.contains("A&amp;B"), "{svg}");
        assert_eq!(
            badge.shields_json(),
            "{\n  \"color\": \"2e7d32\",\n  \"label\": \"sprint 4\",\n  \"message\": \"31% · on track\",\n  \"schemaVersion\": 1\n}\n"
        );
    }
}
