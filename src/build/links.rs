//! Internal link checking over the generated site: every relative `href` and `src` must name a
//! file of the output, and every `#fragment` an `id` on the target page.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

/// The links and ids of the rendered pages, collected page by page (from several threads) and
/// kept small: each distinct link target is stored once, and links within a page are checked
/// as soon as the page is scanned.
#[derive(Default)]
pub struct LinkIndex {
    /// (target file, fragment) → (the first page linking it, the link as written there).
    links: Mutex<BTreeMap<(String, String), (String, String)>>,
    /// Each page's ids, joined with `\n` and with a `\n` at both ends.
    ids: Mutex<BTreeMap<String, String>>,
    /// Problems found while scanning, by page and link.
    problems: Mutex<Vec<(String, String, String)>>,
}

impl LinkIndex {
    /// Records the internal links and ids of a rendered page. The 404 page's links are not
    /// checked: it is served at arbitrary URLs and links from `base_url`.
    pub fn add_page(&self, page: &str, html: &str) {
        let (mut links, ids) = attributes(html);
        if page == "404.html" {
            links.clear();
        }
        links.retain(|link| !is_external(link));
        links.sort();
        links.dedup();
        let mut joined = String::from("\n");
        for id in &ids {
            joined.push_str(id);
            joined.push('\n');
        }
        let mut found = Vec::new();
        let mut external = Vec::new();
        for link in links {
            let (path, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), ""), |(p, f)| (p, f));
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                if !fragment.is_empty() && !ids.contains(fragment) {
                    found.push((
                        page.to_string(),
                        link.clone(),
                        format!("`{page}` has no element with id `{fragment}`"),
                    ));
                }
                continue;
            }
            match resolve(page, path) {
                Some(target) => external.push(((target, fragment.to_string()), link.clone())),
                None => found.push((
                    page.to_string(),
                    link.clone(),
                    "it points above the site's root".to_string(),
                )),
            }
        }
        if let Ok(mut all) = self.ids.lock() {
            all.insert(page.to_string(), joined);
        }
        if let Ok(mut all) = self.links.lock() {
            for (key, link) in external {
                let entry = all
                    .entry(key)
                    .or_insert_with(|| (page.to_string(), link.clone()));
                // Keep the first page in path order, so messages do not depend on threads.
                if page < entry.0.as_str() {
                    *entry = (page.to_string(), link);
                }
            }
        }
        if !found.is_empty()
            && let Ok(mut problems) = self.problems.lock()
        {
            problems.extend(found);
        }
    }

    /// Broken internal links, one diagnostic per distinct broken target; `files` are all the
    /// output's paths, sorted.
    pub fn check(self, files: &[String]) -> Vec<Diagnostic> {
        let exists = |target: &str| files.binary_search_by(|f| f.as_str().cmp(target)).is_ok();
        let ids = self.ids.into_inner().unwrap_or_default();
        let mut problems = self.problems.into_inner().unwrap_or_default();
        for ((target, fragment), (page, link)) in self.links.into_inner().unwrap_or_default() {
            if !exists(&target) {
                problems.push((page, link, format!("there is no `{target}` in the site")));
            } else if !fragment.is_empty()
                && ids
                    .get(&target)
                    .is_some_and(|ids| !ids.contains(&format!("\n{fragment}\n")))
            {
                problems.push((
                    page,
                    link,
                    format!("`{target}` has no element with id `{fragment}`"),
                ));
            }
        }
        problems.sort();
        problems
            .into_iter()
            .map(|(page, link, problem)| {
                Diagnostic::error(format!("broken link `{link}` on the generated page `{page}`: {problem}"))
                    .in_file(page)
                    .with_hint("a relative URL in the data resolves against the page (team/sprint/); use an https:// URL for anything outside the site")
            })
            .collect()
    }
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
        let index = LinkIndex::default();
        for (page, html) in pages {
            index.add_page(page, html);
        }
        let mut paths: Vec<String> = pages.iter().map(|(p, _)| p.to_string()).collect();
        paths.sort();
        index.check(&paths)
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
