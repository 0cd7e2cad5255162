//! The default theme, compiled into the binary so sprintgen works from any folder (as mdBook
//! embeds its theme). `every_default_theme_file_is_embedded` keeps the list complete.

/// A file of `themes/default/` by its name, with its text compiled in.
macro_rules! embedded {
    ($dir:literal, $name:literal) => {
        (
            $name,
            include_str!(concat!("../../themes/default/", $dir, "/", $name)),
        )
    };
}

/// The default theme's templates: the HTML pages and the Markdown reports.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    embedded!("templates", "base.html"),
    embedded!("templates", "index.html"),
    embedded!("templates", "team.html"),
    embedded!("templates", "sprint.html"),
    embedded!("templates", "release.html"),
    embedded!("templates", "partials/footer.html"),
    embedded!("templates", "partials/health-count.html"),
    embedded!("templates", "partials/progress-table.html"),
    embedded!("templates", "partials/verdict.html"),
    embedded!("templates", "partials/item.html"),
    embedded!("templates", "partials/chart.html"),
    embedded!("templates", "partials/preview.html"),
    embedded!("templates", "partials/headline.html"),
    embedded!("templates", "partials/attention.html"),
    embedded!("templates", "partials/releases-table.html"),
    embedded!("templates", "page.html"),
    embedded!("templates", "404.html"),
    embedded!("templates", "locked.html"),
    embedded!("templates", "partials/unlock.js"),
    embedded!("templates", "report.md"),
    embedded!("templates", "summary.md"),
    embedded!("templates", "diff.md"),
];

/// The default theme's assets, copied to the output root.
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    embedded!("static", "favicon.svg"),
    embedded!("static", "style.css"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every template and static file of `themes/default/` is compiled into the binary.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (dir, embedded) in [("templates", DEFAULT_TEMPLATES), ("static", DEFAULT_STATIC)] {
            let base = theme.join(dir);
            let mut on_disk: Vec<String> = walkdir::WalkDir::new(&base)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    e.path()
                        .strip_prefix(&base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect();
            on_disk.sort();
            let mut names: Vec<String> = embedded.iter().map(|(n, _)| n.to_string()).collect();
            names.sort();
            assert_eq!(
                on_disk, names,
                "themes/default/{dir} and the embedded list differ"
            );
        }
    }
}
