//! The password form an encrypted site publishes in place of each page (`locked.html`). Its
//! context has no value of the site's data, so that no theme can show one in the clear: only
//! where the stylesheet is, the stylesheet and icon themselves on the 404 page, and the sealed
//! page.

use tera::Context;

use super::contract::{LockedPageView, LockedView};
use super::free::svg_data_url;
use crate::diagnostics::Diagnostic;

/// The context of `locked.html` for a page whose links start at `root`; `own` is the
/// stylesheet and icon the page holds in itself (the 404 page's), if any.
pub fn locked_page(
    root: &str,
    (stylesheet, icon): (Option<&str>, Option<&str>),
    locked: LockedView,
) -> Result<Context, Diagnostic> {
    let view = LockedPageView {
        root,
        stylesheet,
        icon: icon.map(svg_data_url),
        locked,
    };
    Context::from_serialize(&view)
        .map_err(|e| Diagnostic::error(format!("cannot prepare the password form: {e}")))
}
