//! A card's SVG drawn into pixels and written as PNG, all in-process: usvg reads the SVG and
//! shapes its text with the bundled font only, resvg (on tiny-skia) draws it, the `png` crate
//! writes it. Nothing depends on the machine (no system font, no clock, no metadata that
//! changes between runs), so the same SVG gives the same bytes.

use std::cell::RefCell;

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use super::font::{self, FAMILY};

thread_local! {
    /// Each thread draws into one canvas, cleared for each card: allocating and zeroing
    /// 3 MB per card cost as much as writing its PNG.
    static CANVAS: RefCell<Option<Pixmap>> = const { RefCell::new(None) };
}

/// The PNG of an SVG document drawn at its own size on white, or why it could not be drawn.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    CANVAS.with_borrow_mut(|kept| {
        let canvas = match kept {
            Some(canvas) if (canvas.width(), canvas.height()) == (width, height) => canvas,
            _ => kept.insert(
                Pixmap::new(width, height)
                    .ok_or_else(|| format!("an image of {width}×{height} cannot be drawn"))?,
            ),
        };
        canvas.fill(Color::WHITE);
        resvg::render(&tree, Transform::identity(), &mut canvas.as_mut());
        encode(canvas)
    })
}

/// The pixels as an 8-bit RGBA PNG. The card is opaque, drawn on white, so its premultiplied
/// pixels are its colours; its constant alpha costs the compressor next to nothing, less than
/// taking it out would. The quickest settings (rows filtered as the row above, fdeflate's
/// fastest mode): a card of some 150 KB in a millisecond or two, where the best compression
/// would save a third of the bytes for ten times the time.
fn encode(canvas: &Pixmap) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(canvas.data().len() / 8);
    let mut encoder = png::Encoder::new(&mut bytes, canvas.width(), canvas.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(canvas.data())
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
