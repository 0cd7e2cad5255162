//! What GitHub Pages and feed readers need beyond the pages: `feed.xml` (Atom) and
//! `sitemap.xml`. Both need absolute URLs, so they exist only with a `base_url`.

mod feed;
mod sitemap;

pub use feed::feed;
pub use sitemap::sitemap;
