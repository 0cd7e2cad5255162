//! A card's SVG drawn into pixels and written as PNG, all in-process: usvg reads the SVG and
//! shapes its text with the bundled font only, resvg (on tiny-skia) draws it, the `png` crate
//! writes it. Nothing depends on the machine (no system font, no clock, no metadata that
//! changes between runs), so the same SVG gives the same bytes.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use super::font::{self, FAMILY};

/// The PNG of an SVG document drawn at its own size on white, or why it could not be drawn.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height())
        .ok_or_else(|| format!("an image of {}×{} cannot be drawn", size.width(), size.height()))?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    encode(&pixmap)
}

/// The pixels as an 8-bit RGB PNG. The card is opaque (drawn on white), so its alpha channel
/// says nothing and is left out: a quarter less to compress.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    let mut bytes = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
