//! The link previews' PNG cards: for each page that has one (`views::card_pages`: none
//! without a `base_url`, else as `[build] cards` says), a 1200×630 image beside the page with
//! its headline and its main chart. Drawn in parallel, one card per thread at a time, from
//! the card's SVG ([`layout`]) to PNG bytes ([`raster`]) in-process with the bundled font.

mod font;
mod layout;
mod raster;

use rayon::prelude::*;

use super::{Output, RenderContext, Sink, Written, put};
use crate::diagnostics::Diagnostic;
use crate::views::{self, CardPage, CardView};

pub struct Cards;

impl Output for Cards {
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        let a = cx.analysis;
        let pages = views::card_pages(&a.site, &a.figures);
        let written: Vec<Result<String, Diagnostic>> = pages
            .par_iter()
            .map(|&page| {
                let card = card(cx, page)?;
                let png = draw(&card)?;
                put(sink, &card.path, &png)?;
                Ok(card.path)
            })
            .collect();
        let (paths, errors): (Vec<_>, Vec<_>) = written.into_iter().partition(Result::is_ok);
        match errors.is_empty() {
            true => Ok(Written {
                paths: paths.into_iter().flatten().collect(),
                charts: 0,
            }),
            false => Err(errors.into_iter().filter_map(Result::err).collect()),
        }
    }
}

/// The card of one page, from the analysis.
fn card(cx: &RenderContext, page: CardPage) -> Result<CardView, Diagnostic> {
    let a = cx.analysis;
    views::card(&a.site, &a.figures, &a.releases, a.days.as_of, page)
}

/// A card's PNG.
pub fn draw(card: &CardView) -> Result<Vec<u8>, Diagnostic> {
    raster::png(&layout::card_svg(card)).map_err(|e| {
        Diagnostic::error(format!("cannot draw the card `{}`: {e}", card.path))
            .with_hint("this is a bug in sprintgen; please report it with the data that caused it")
    })
}
