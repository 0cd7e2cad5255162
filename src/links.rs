//! Internal link checking over the generated site: every relative `href` and `src` must name a
//! file of the output, and every `#fragment` an `id` on the target page.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// What link checking needs to know of a page: its links and the ids it defines.
#[derive(Debug)]
pub struct PageLinks {
    pub path: String,
    pub links: Vec<String>,
    pub ids: BTreeSet<String>,
}

/// Collects the internal links of a rendered page (none for the 404 page: it is served at
/// arbitrary URLs and links from `base_url`).
pub fn scan(path: &str, html: &str) -> PageLinks {
    let (mut links, ids) = attributes(html);
    if path == "404.html" {
        links.clear();
    }
    links.retain(|link| !is_external(link));
    links.sort();
    links.dedup();
    PageLinks {
        path: path.to_string(),
        links,
        ids,
    }
}

/// Broken internal links, one diagnostic per page and target; `files` are all the output's
/// paths, sorted.
pub fn check(pages: &[PageLinks], files: &[String]) -> Vec<Diagnostic> {
    let ids: BTreeMap<&str, &BTreeSet<String>> =
        pages.iter().map(|p| (p.path.as_str(), &p.ids)).collect();
    let exists = |target: &str| files.binary_search_by(|f| f.as_str().cmp(target)).is_ok();
    pages
        .par_iter()
        .flat_map_iter(|page| page.links.iter().map(move |link| (page, link)))
        .filter_map(|(page, link)| {
            let (path, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                Some(page.path.clone())
            } else {
                resolve(&page.path, path)
            };
            let problem = match &target {
                None => Some("it points above the site's root".to_string()),
                Some(target) if !exists(target) => {
                    Some(format!("there is no `{target}` in the site"))
                }
                Some(target) => fragment
                    .filter(|f| {
                        !f.is_empty()
                            && ids
                                .get(target.as_str())
                                .is_some_and(|ids| !ids.contains(*f))
                    })
                    .map(|f| format!("`{target}` has no element with id `{f}`")),
            };
            problem.map(|problem| {
                Diagnostic::error(format!("broken link `{link}` on the generated page `{}`: {problem}", page.path))
                    .in_file(page.path.clone())
                    .with_hint("a relative URL in the data resolves against the page (team/sprint/); use an https:// URL for anything outside the site")
            })
        })
        .collect()
}

fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    lower.starts_with("//")
        || lower.starts_with('/')
        || lower.contains("://")
        || lower.starts_with("mailto:")
        || lower.starts_with("data:")
}

/// Resolves `link` against the folder of `page`; `None` when it climbs above the root.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut target = parts.join("/");
    if link.ends_with('/') || target.is_empty() {
        if !target.is_empty() {
            target.push('/');
        }
        target.push_str("index.html");
    }
    Some(target)
}

/// The values of the `href`, `src` and `id` attributes of a page, in one pass over `="`.
fn attributes(html: &str) -> (Vec<String>, BTreeSet<String>) {
    let (mut links, mut ids) = (Vec::new(), BTreeSet::new());
    for at in memchr::memmem::find_iter(html.as_bytes(), b"=\"") {
        let before = &html.as_bytes()[..at];
        let is = |name: &[u8]| before.ends_with(name);
        let kind = if is(b" href") || is(b" src") {
            Some(true)
        } else if is(b" id") {
            Some(false)
        } else {
            None
        };
        let Some(is_link) = kind else { continue };
        let rest = &html[at + 2..];
        let Some(end) = memchr::memchr(b'"', rest.as_bytes()) else {
            continue;
        };
        let value = unescape(&rest[..end]);
        if is_link {
            links.push(value);
        } else {
            ids.insert(value);
        }
    }
    (links, ids)
}

fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_site(pages: &[(&str, &str)]) -> Vec<Diagnostic> {
        let scanned: Vec<PageLinks> = pages.iter().map(|(p, html)| scan(p, html)).collect();
        let mut paths: Vec<String> = pages.iter().map(|(p, _)| p.to_string()).collect();
        paths.sort();
        check(&scanned, &paths)
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve("a/b/index.html", "../c/index.html").as_deref(),
            Some("a/c/index.html")
        );
        assert_eq!(
            resolve("a/index.html", "../style.css").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            resolve("a/index.html", "b/").as_deref(),
            Some("a/b/index.html")
        );
        assert_eq!(resolve("index.html", "../x"), None);
    }

    #[test]
    fn reports_missing_files_and_fragments_only() {
        let problems = check_site(&[
            (
                "index.html",
                r##"<a href="t/index.html#velocity">t</a> <a href="https://x.y/z">x</a> <link href="style.css">"##,
            ),
            (
                "t/index.html",
                r##"<h2 id="velocity">V</h2><a href="../missing.html">m</a><a href="../index.html#nope">n</a><a href="#velocity">ok</a>"##,
            ),
            ("style.css", ""),
        ]);
        let problems: Vec<String> = problems.into_iter().map(|d| d.message).collect();
        assert_eq!(
            problems,
            [
                "broken link `../index.html#nope` on the generated page `t/index.html`: `index.html` has no element with id `nope`",
                "broken link `../missing.html` on the generated page `t/index.html`: there is no `missing.html` in the site",
            ]
        );
    }
}
