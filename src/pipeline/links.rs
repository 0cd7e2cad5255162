//! Internal link checking over the generated site: every relative `href` and `src` attribute
//! (read from the page's tags, see the `html` module) must name a file of the output, and every
//! `#fragment` an `id` on the target page.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Mutex;

use super::html::{self, Wanted};
use crate::diagnostics::Diagnostic;
use crate::model::SourceFile;

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
        let (mut links, mut ids) = (Vec::new(), BTreeSet::new());
        html::attributes(html, |wanted, value| match wanted {
            Wanted::Link => links.push(value),
            Wanted::Id => {
                ids.insert(value);
            }
        });
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

    /// Broken internal links, one per distinct broken target, sorted; `files` are all the
    /// output's paths, sorted.
    pub fn check(self, files: &[String]) -> Vec<BrokenLink> {
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
            .map(|(page, link, problem)| BrokenLink {
                page,
                link,
                problem,
            })
            .collect()
    }
}

/// Where a broken link comes from, for the help that goes with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A data file or a page's Markdown.
    Data,
    Template,
}

/// A link of a generated page that names no file or fragment of the site.
#[derive(Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// The generated page it is on.
    pub page: String,
    /// As written in the page (decoded).
    pub link: String,
    pub problem: String,
}

impl BrokenLink {
    /// The diagnostic, at the place the link was written when it is known (a data file, a
    /// page's Markdown, a template), else at the generated page; the help depends on which.
    pub fn diagnostic(
        &self,
        written_at: Option<(&SourceFile, Range<usize>)>,
        origin: Origin,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::error(format!(
            "broken link `{}` on the generated page `{}`: {}",
            self.link, self.page, self.problem
        ));
        let hint = match (origin, self.link.strip_prefix('#')) {
            (Origin::Template, Some(id)) => format!(
                "the link is written in a template, and no element of the page has the id `{id}`: a template links a section only when the page shows it (`show` says which), and hides one by overriding its block with nothing"
            ),
            (Origin::Template, None) => "the link is written in a template: a relative URL resolves against the generated page; use an https:// URL for anything outside the site".to_string(),
            (Origin::Data, _) => "a relative URL in the data resolves against the page (team/sprint/); use an https:// URL for anything outside the site".to_string(),
        };
        match written_at {
            Some((file, span)) => diagnostic.at(file, span),
            None => diagnostic.in_file(self.page.clone()),
        }
        .with_hint(hint)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check_site(pages: &[(&str, &str)]) -> Vec<Diagnostic> {
        check_links(pages)
            .iter()
            .map(|broken| broken.diagnostic(None, Origin::Data))
            .collect()
    }

    fn check_links(pages: &[(&str, &str)]) -> Vec<BrokenLink> {
        let index = LinkIndex::default();
        for (page, html) in pages {
            index.add_page(page, html);
        }
        let mut paths: Vec<String> = pages.iter().map(|(p, _)| p.to_string()).collect();
        paths.sort();
        index.check(&paths)
    }

    #[test]
    fn only_relative_links_are_checked() {
        for external in [
            "https://x.y/z",
            "HTTP://x.y",
            "//cdn.x.y/a.js",
            "/abs.html",
            "mailto:a@b.c",
            "MailTo:a@b.c",
            "data:image/png;base64,AA",
        ] {
            assert!(is_external(external), "{external}");
        }
        for internal in ["a.html", "../b/", "#top", "c/d.html?x=1"] {
            assert!(!is_external(internal), "{internal}");
        }
        let page = r#"<a href="mailto:a@b.c">m</a><img src="data:image/png;base64,AA" alt="">"#;
        assert!(check_site(&[("index.html", page)]).is_empty());
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
                r##"<h2 id="velocity">V</h2><a href="../missing.html">m</a><a href="../index.html#nope">n</a><a href="#velocity">ok</a><a href="#">top</a><a href="#gone">gone</a>"##,
            ),
            ("style.css", ""),
        ]);
        let problems: Vec<String> = problems.into_iter().map(|d| d.message).collect();
        assert_eq!(
            problems,
            [
                "broken link `#gone` on the generated page `t/index.html`: `t/index.html` has no element with id `gone`",
                "broken link `../index.html#nope` on the generated page `t/index.html`: `index.html` has no element with id `nope`",
                "broken link `../missing.html` on the generated page `t/index.html`: there is no `missing.html` in the site",
            ]
        );
    }

    #[test]
    fn a_target_broken_on_several_pages_is_reported_once_on_the_first_in_path_order() {
        // Pages come in the order threads render them: here the later path first. Of a page's
        // links to the target, the first in sorted order is the one named.
        let links = r#"<a href="../missing.html?v=2">m</a><a href="../missing.html">m</a>"#;
        let problems = check_site(&[
            ("z/index.html", links),
            ("a/index.html", links),
            ("m/index.html", links),
        ]);
        let problems: Vec<String> = problems.into_iter().map(|d| d.message).collect();
        assert_eq!(
            problems,
            [
                "broken link `../missing.html` on the generated page `a/index.html`: there is no `missing.html` in the site"
            ]
        );
    }
}
