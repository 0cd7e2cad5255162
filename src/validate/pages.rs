//! Free pages: a page must not take the URL of a sprint, a team or the site's own folders.

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::model::paths::{CONTENT_DIR, DATA_DIR};

pub(super) fn validate_pages(site: &Site, out: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        let file = &site.sources[page.file];
        let taken = match &page.team {
            Some(team) => site
                .teams
                .iter()
                .find(|t| &t.slug == team)
                .and_then(|t| t.sprints.iter().find(|s| s.slug == page.slug))
                .map(|s| format!("the sprint `{}`", site.path_of(s))),
            None => site
                .teams
                .iter()
                .find(|t| t.slug == page.slug)
                .map(|t| format!("the team `{CONTENT_DIR}/{}`", t.slug))
                .or_else(|| {
                    (page.slug == DATA_DIR).then(|| format!("the JSON export folder `{DATA_DIR}/`"))
                }),
        };
        if let Some(taken) = taken {
            out.push(
                Diagnostic::error(format!(
                    "the page `{}` would have the same URL as {taken}",
                    file.path
                ))
                .in_file(file.path.clone())
                .with_hint("rename the Markdown file"),
            );
        }
    }
}
