//! What GitHub Pages, feed readers and READMEs need beyond the pages: `feed.xml` (Atom) and
//! `sitemap.xml` (both need absolute URLs, so they exist only with a `base_url`), and each
//! team's status badge.

mod badge;
mod feed;
mod sitemap;

pub use badge::badge;
pub use feed::feed;
pub use sitemap::sitemap;
