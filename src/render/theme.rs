//! The default theme, compiled into the binary so sprintgen works from any folder (as mdBook
//! embeds its theme). `every_default_theme_file_is_embedded` keeps the list complete.

/// The default theme, compiled into the binary so sprintgen works from any folder.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "team.html",
        include_str!("../../themes/default/templates/team.html"),
    ),
    (
        "sprint.html",
        include_str!("../../themes/default/templates/sprint.html"),
    ),
    (
        "release.html",
        include_str!("../../themes/default/templates/release.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../../themes/default/templates/partials/footer.html"),
    ),
    (
        "partials/health-count.html",
        include_str!("../../themes/default/templates/partials/health-count.html"),
    ),
    (
        "partials/progress-table.html",
        include_str!("../../themes/default/templates/partials/progress-table.html"),
    ),
    (
        "partials/verdict.html",
        include_str!("../../themes/default/templates/partials/verdict.html"),
    ),
    (
        "partials/item.html",
        include_str!("../../themes/default/templates/partials/item.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
];

pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
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
