//! Where things are: the files of a site on disk, and the paths of the pages and files a build
//! writes (relative to the output root, `/`-separated). Every page's address is written down
//! here once, so links, the feed, the sitemap and the link checker agree.

/// The site's configuration file, at the site root.
pub const CONFIG_FILE: &str = "sprintgen.toml";
/// The folder of teams and free pages.
pub const CONTENT_DIR: &str = "content";
/// A team's settings, in its folder under [`CONTENT_DIR`].
pub const TEAM_FILE: &str = "team.toml";
/// Site-level templates that override the theme's.
pub const TEMPLATES_DIR: &str = "templates";
/// Themes, each a folder with `templates/` and `static/`.
pub const THEMES_DIR: &str = "themes";
/// Files copied as they are to the output root.
pub const STATIC_DIR: &str = "static";
/// The output folder holding the JSON export.
pub const DATA_DIR: &str = "data";
/// The folders of a site's inputs: an output folder inside one of them would feed back into
/// the next build.
pub const INPUT_DIRS: [&str; 4] = [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR];

/// Marks a folder as sprintgen's output; only such a folder is ever replaced.
pub const OUTPUT_MARKER: &str = ".sprintgen-output";

/// The files and folders a build keeps beside its output `name` (staging, spare, lock,
/// journal) are all called `.<name>.sprintgen-<what>`.
pub fn output_work_name(output: &str, what: &str) -> String {
    format!(".{output}.sprintgen-{what}")
}

/// The lock the commands that change a site's files (`item`, `standup`, `fmt`, `import`, `new`,
/// `schema --write`) take in turns, in the site's folder; named like a build's work files, so that one
/// `.gitignore` line (`.*.sprintgen-*`) covers them all, and no output can be called `content`.
pub const EDIT_LOCK: &str = ".content.sprintgen-lock";

/// One of the files and folders a build keeps beside its output (see [`output_work_name`]),
/// whatever the output's name: never an input, even when found among the inputs.
pub fn is_output_work_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".sprintgen-")
}
/// Where `sprintgen schema --write` keeps the JSON Schemas editors read, in the site.
pub const SCHEMA_DIR: &str = ".sprintgen/schemas";
/// The folder of releases under [`CONTENT_DIR`], and of their pages in the output: a name no
/// team can take.
pub const RELEASES_DIR: &str = "releases";
/// A theme's settings, in its folder under [`THEMES_DIR`].
pub const THEME_FILE: &str = "theme.toml";

/// A URL slug: lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit.
/// Folder and file names become URL paths only when they are slugs.
pub fn is_slug(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A name that is not a path: no separators, not `.` or `..` or hidden, not empty. Names
/// from the configuration that become folder names (the theme) must be such names.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':', '\0'])
}

/// A team's page.
pub fn team_page(team: &str) -> String {
    format!("{team}/index.html")
}

/// A sprint's report.
pub fn sprint_page(team: &str, sprint: &str) -> String {
    format!("{team}/{sprint}/index.html")
}

/// A free Markdown page: in its team's folder, or at the root for a site-level page.
pub fn free_page(team: Option<&str>, slug: &str) -> String {
    match team {
        Some(team) => format!("{team}/{slug}/index.html"),
        None => format!("{slug}/index.html"),
    }
}

/// A team's JSON export.
pub fn team_export(team: &str) -> String {
    format!("{DATA_DIR}/{team}.json")
}

/// A team's status badge, as `svg` or `json`.
pub fn team_badge(team: &str, extension: &str) -> String {
    format!("badges/{team}.{extension}")
}

/// A release's page.
pub fn release_page(release: &str) -> String {
    format!("{RELEASES_DIR}/{release}/index.html")
}

/// A release's JSON export.
pub fn release_export(release: &str) -> String {
    format!("{DATA_DIR}/{RELEASES_DIR}/{release}.json")
}

/// The PNG card of a page's link preview: beside the page (`alphapulse/sprint-04/card.png`
/// for `alphapulse/sprint-04/index.html`; `card.png` for the portfolio).
pub fn card_image(page: &str) -> String {
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    match folder {
        "" => "card.png".to_string(),
        folder => format!("{folder}/card.png"),
    }
}

/// The relative path from a page `depth` folders below the root back to the root.
pub fn root_prefix(depth: usize) -> String {
    "../".repeat(depth)
}

/// The URL of an output page: its folder, as GitHub Pages serves `folder/index.html`.
pub fn page_url(base: &str, path: &str) -> String {
    format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// `base_url` with exactly one trailing slash, if it is an absolute http(s) URL.
pub fn normalized_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    let absolute = host.is_some_and(|host| !host.is_empty() && !host.starts_with('/'));
    absolute.then(|| format!("{}/", url.trim_end_matches('/')))
}

/// Why `url` cannot be a site's `base_url`: it must be an absolute http or https URL with a
/// host, and hold no blank, control character or character that URLs never carry unescaped
/// (`<`, `>`, `"`, a backtick, `\\`, `{`, `}`, `|`, `^`), since it is written into every page,
/// the feed and the Markdown summaries.
pub fn base_url_problem(url: &str) -> Option<String> {
    let bad = url
        .chars()
        .find(|&c| c.is_whitespace() || c.is_control() || "<>\"`\\{}|^".contains(c));
    if let Some(c) = bad {
        return Some(format!(
            "`base_url` holds {}, which a URL cannot",
            if c.is_control() || c.is_whitespace() {
                format!("the character U+{:04X}", u32::from(c))
            } else {
                format!("`{c}`")
            }
        ));
    }
    normalized_base_url(url).is_none().then(|| {
        format!("`{url}` is not an http or https URL: `base_url` is the address the site is published at, such as `https://org.github.io/repo/`")
    })
}

/// Why `name` cannot be the `cname` of a site on GitHub Pages: it must be a host name, such as
/// `reports.example.com` (labels of letters, digits and `-`, joined by dots).
pub fn host_name_problem(name: &str) -> Option<String> {
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let labels: Vec<&str> = name.split('.').collect();
    let ok = name.len() <= 253 && labels.len() >= 2 && labels.iter().all(|l| label_ok(l));
    (!ok).then(|| {
        format!(
            "`cname` must be a host name such as `reports.example.com`, not `{}`",
            name.escape_debug()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_and_host_names_are_checked() {
        assert_eq!(base_url_problem("https://org.github.io/repo/"), None);
        assert_eq!(base_url_problem("http://localhost:8080"), None);
        assert_eq!(
            base_url_problem("https://x.org/a\nb").as_deref(),
            Some("`base_url` holds the character U+000A, which a URL cannot")
        );
        assert_eq!(
            base_url_problem("https://x.org/<script>").as_deref(),
            Some("`base_url` holds `<`, which a URL cannot")
        );
        assert!(
            base_url_problem("../../etc/x")
                .unwrap()
                .contains("is not an http or https URL")
        );
        assert!(base_url_problem("javascript:alert(1)").is_some());
        assert_eq!(host_name_problem("reports.example.com"), None);
        assert_eq!(host_name_problem("a-b.example"), None);
        for bad in [
            "evil.example <script>",
            "../../etc/x",
            "example.com\nx",
            "localhost",
            "-a.example",
            "a..example",
            "",
        ] {
            assert!(host_name_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn slugs() {
        assert!(is_slug("sprint-04"));
        assert!(is_slug("sprint_04"));
        assert!(is_slug("4"));
        assert!(!is_slug("Sprint 4"));
        assert!(!is_slug("sprint.04"));
        assert!(!is_slug("-sprint"));
        assert!(!is_slug("../x"));
        assert!(!is_slug(""));
    }

    #[test]
    fn plain_names_are_not_paths() {
        assert!(is_plain_name("corporate-2024"));
        for path in [
            "", ".", "..", "../x", "a/b", "a\\b", "/etc", "C:x", ".hidden",
        ] {
            assert!(!is_plain_name(path), "{path}");
        }
    }

    #[test]
    fn work_folders_are_recognised_by_name() {
        let staging = output_work_name("public", "staging");
        assert_eq!(staging, ".public.sprintgen-staging");
        assert!(is_output_work_name(&staging));
        assert!(is_output_work_name(".site.sprintgen-previous"));
        assert!(!is_output_work_name("sprintgen-notes"));
        assert!(!is_output_work_name(".well-known"));
    }

    #[test]
    fn pages_have_one_address() {
        assert_eq!(
            sprint_page("alpha", "sprint-04"),
            "alpha/sprint-04/index.html"
        );
        assert_eq!(free_page(Some("alpha"), "retro"), "alpha/retro/index.html");
        assert_eq!(free_page(None, "about"), "about/index.html");
        assert_eq!(team_export("alpha"), "data/alpha.json");
        assert_eq!(release_page("v2"), "releases/v2/index.html");
        assert_eq!(release_export("v2"), "data/releases/v2.json");
        assert_eq!(
            page_url("https://x.io/r/", "alpha/index.html"),
            "https://x.io/r/alpha/"
        );
    }

    #[test]
    fn a_card_is_beside_its_page() {
        assert_eq!(card_image("index.html"), "card.png");
        assert_eq!(card_image("alphapulse/index.html"), "alphapulse/card.png");
        assert_eq!(
            card_image(&sprint_page("alphapulse", "sprint-04")),
            "alphapulse/sprint-04/card.png"
        );
        assert_eq!(card_image(&release_page("beta")), "releases/beta/card.png");
    }

    #[test]
    fn base_urls_are_absolute_with_one_slash() {
        assert_eq!(
            normalized_base_url("https://org.github.io/repo").as_deref(),
            Some("https://org.github.io/repo/")
        );
        assert_eq!(
            normalized_base_url("https://org.github.io/repo//").as_deref(),
            Some("https://org.github.io/repo/")
        );
        assert_eq!(normalized_base_url("/repo/"), None);
        assert_eq!(normalized_base_url("javascript:alert(1)"), None);
        assert_eq!(normalized_base_url("https://"), None);
        assert_eq!(normalized_base_url("https:///repo"), None);
        assert_eq!(
            normalized_base_url("http://x").as_deref(),
            Some("http://x/")
        );
    }
}
