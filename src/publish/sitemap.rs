//! `sitemap.xml`: every HTML page but the 404 page, for search engines.

use crate::markdown::escape;
use crate::model::paths::page_url;

/// Every HTML page but the 404 page, as absolute URLs; `paths` are the output's files.
pub fn sitemap(paths: &[String], base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&page_url(base, path))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_pages_by_folder() {
        let files: Vec<String> = ["404.html", "a/index.html", "index.html", "style.css"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            sitemap(&files, "https://x.io/r/"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://x.io/r/a/</loc></url>\n  <url><loc>https://x.io/r/</loc></url>\n</urlset>\n"
        );
    }
}
