//! The one font cards are drawn with, compiled into the binary: Roboto (regular and bold,
//! Apache License 2.0, `fonts/LICENSE`). No system font is ever looked up, so a card's pixels
//! are the same on every machine, with or without fonts installed.

use std::sync::{Arc, LazyLock};

use resvg::usvg::fontdb;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The family name the fonts declare, which the card's SVG names.
pub const FAMILY: &str = "Roboto";

const REGULAR: &[u8] = include_bytes!("fonts/Roboto-Regular.ttf");
const BOLD: &[u8] = include_bytes!("fonts/Roboto-Bold.ttf");

/// The fonts the rasteriser may use: these two, also standing for `sans-serif` (the charts'
/// family). Loaded once, shared by every thread.
pub fn database() -> Arc<fontdb::Database> {
    static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
        let mut fonts = fontdb::Database::new();
        fonts.load_font_data(REGULAR.to_vec());
        fonts.load_font_data(BOLD.to_vec());
        fonts.set_sans_serif_family(FAMILY);
        Arc::new(fonts)
    });
    Arc::clone(&FONTS)
}

/// The weight of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// How wide `text` is drawn at `size` pixels, from the font's advance widths (shaping moves
/// a glyph by a pixel or two at most; callers leave that much room). A character the font
/// lacks counts as wide as its missing-glyph box.
pub fn width(text: &str, size: f32, weight: Weight) -> f32 {
    let data = match weight {
        Weight::Regular => REGULAR,
        Weight::Bold => BOLD,
    };
    let Ok(font) = FontRef::new(data) else {
        return 0.0;
    };
    let (charmap, metrics) = (
        font.charmap(),
        font.glyph_metrics(Size::new(size), LocationRef::default()),
    );
    text.chars()
        .map(|c| charmap.map(c).unwrap_or_default())
        .filter_map(|glyph| metrics.advance_width(glyph))
        .fold(0.0, |sum, advance| sum + advance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_weights_load_under_one_family_that_also_stands_for_sans_serif() {
        let fonts = database();
        assert_eq!(fonts.len(), 2);
        assert!(fonts.faces().all(|f| f.families[0].0 == FAMILY));
        let sans = fonts.query(&fontdb::Query {
            families: &[fontdb::Family::SansSerif],
            ..Default::default()
        });
        assert!(sans.is_some());
    }

    #[test]
    fn widths_grow_with_the_text_the_size_and_the_weight() {
        let one = width("Sprint", 40.0, Weight::Regular);
        assert!(one > 100.0 && one < 140.0, "{one}");
        assert!((width("Sprint Sprint", 40.0, Weight::Regular) - 2.0 * one).abs() < 15.0);
        assert!((width("Sprint", 20.0, Weight::Regular) - one / 2.0).abs() < 0.01);
        assert!(width("Sprint", 40.0, Weight::Bold) > one);
        assert_eq!(width("", 40.0, Weight::Bold), 0.0);
    }
}
