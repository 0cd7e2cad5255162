//! A site that overrides one block of the default sprint page and one partial, and asks for two
//! empty sections, as docs/themes.md describes: the rest of the page stays the default theme's.

use crate::common;

use sprintgen::{BuildOptions, build};

#[test]
fn a_site_overrides_a_block_and_a_partial() {
    let dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: common::repo_root().join("tests/fixtures/theme-override"),
        output: Some(dir.path().join("public")),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("{e:?}"));
    let page =
        std::fs::read_to_string(dir.path().join("public/team-a/sprint-01/index.html")).unwrap();
    // The overridden block, with the default block kept inside it through super().
    assert!(page.contains("<h2 id=\"risks\">Our risk register</h2>"));
    assert!(page.contains("<li>Vendor late: high</li>"));
    assert!(
        page.contains("Risks and mitigations</h2>"),
        "super() keeps the default block"
    );
    // The overridden partial, on every page.
    assert!(page.contains("Company confidential · as of 2025-11-05"));
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("Company confidential"));
    assert!(
        !index.contains("computed from the sprint data by"),
        "the default footer is replaced"
    );
    // Everything else is the default theme's.
    assert!(page.contains("class=\"item status-done\""));
    // Empty sections are left out, with their links, unless the theme's `theme.toml` asks.
    for (shown, section) in [
        (true, "goals"),
        (true, "gates"),
        (false, "references"),
        (false, "deliverables"),
    ] {
        assert_eq!(
            page.contains(&format!("<h2 id=\"{section}\"")),
            shown,
            "the section {section}"
        );
        assert_eq!(page.contains(&format!("href=\"#{section}\"")), shown);
    }
    assert!(page.contains("No gates recorded."));
}
