//! Builds the repository's example site (the seed team) and checks the report against the
//! figures worked out by hand from the seed document.

mod common;

use common::{read_tree, repo_root};
use sprintgen::{BuildOptions, build};

fn build_example(out: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let options = BuildOptions {
        root: repo_root(),
        output: Some(out.to_path_buf()),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("example site failed to build: {e:?}"));
    read_tree(out)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn example_site_has_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    for path in [
        "index.html",
        "404.html",
        ".nojekyll",
        "style.css",
        "data/alphapulse.json",
        "alphapulse/index.html",
        "alphapulse/sprint-01/index.html",
        "alphapulse/sprint-04/index.html",
        "alphapulse/sprint-05/index.html",
    ] {
        assert!(
            files.contains_key(path),
            "{path} missing from {:?}",
            files.keys()
        );
    }
}

#[test]
fn sprint_4_report_shows_the_seed_figures_computed() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "alphapulse/sprint-04/index.html");
    for expected in [
        r#"<span class="stat-label">Total</span><span class="stat-value">13 SP</span>"#,
        r#"<span class="stat-label">Completed</span><span class="stat-value">4 SP</span><span class="stat-note">31%</span>"#,
        r#"<span class="stat-label">In progress</span><span class="stat-value">0 SP</span>"#,
        r#"<span class="stat-label">Not started</span><span class="stat-value">9 SP</span><span class="stat-note">69%</span>"#,
        // Weekdays are computed: 2025-10-28 is a Tuesday, and the sprint has 9 working days.
        "Tuesday 28 Oct 2025",
        "9 working days (12 calendar days)",
        "Day 1: <time datetime=\"2025-10-28\">Tuesday 28 October 2025</time>",
        // Next sprint preview: 3 + 3 + 5 + 5 + 5.
        "<strong>Total: 21 SP</strong>",
        // Charts inline and accessible.
        r#"role="img" aria-labelledby="burndown-title burndown-desc""#,
        "<title id=\"burndown-title\">Burndown of Sprint 4: Phase 3 Kickoff - Load Testing &amp; Initial Implementation</title>",
    ] {
        assert!(page.contains(expected), "sprint 4 page lacks {expected:?}");
    }
}

#[test]
fn sprint_4_velocity_table_matches_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "alphapulse/sprint-04/index.html");
    let table = &page[page.find("id=\"metrics\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<String> = table
        .split("<tr")
        .skip(2)
        .map(|row| {
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(start) = rest.find("class=\"num\">") {
                rest = &rest[start + 12..];
                cells.push(rest[..rest.find("</td>").unwrap()].to_string());
            }
            cells.join(" | ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "15 | 13 | 87% | –",
            "25 | 21 | 84% | -3 pp",
            "34 | 40 | 118% | +34 pp",
            "13 | 4 | 31% | –",
        ]
    );
}

#[test]
fn sprint_4_page_has_every_seed_section() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "alphapulse/sprint-04/index.html");
    for heading in [
        ">Sprint goals</h2>",
        ">Success criteria",
        ">Overall progress</h2>",
        ">Daily stand-up log</h2>",
        ">Backlog items</h2>",
        ">Deliverables status</h2>",
        ">Risks and mitigations</h2>",
        ">Blockers</h2>",
        ">Key activities schedule</h2>",
        ">Metrics: velocity tracking</h2>",
        ">Burndown and burn-up</h2>",
        ">Team notes</h2>",
        ">Key decisions</h3>",
        ">Lessons learned</h3>",
        ">Shout-outs</h3>",
        ">Entry criteria and quality gates</h2>",
        ">Next sprint preview</h2>",
        ">References</h2>",
    ] {
        assert!(page.contains(heading), "missing section {heading}");
    }
    // Backlog grouped by epic, with the seed's section totals.
    for epic in [
        "Load Testing <span class=\"muted\">(9 SP)</span>",
        "CI/CD Pipeline <span class=\"muted\">(2 SP)</span>",
        "Helm Charts <span class=\"muted\">(2 SP)</span>",
        "Team Training <span class=\"muted\">(0 SP)</span>",
        "EPIC-001 Preparation <span class=\"muted\">(0 SP)</span>",
    ] {
        assert!(page.contains(epic), "missing epic {epic}");
    }
}

#[test]
fn json_export_has_the_computed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let json: serde_json::Value = serde_json::from_slice(&files["data/alphapulse.json"]).unwrap();
    assert_eq!(json["team"]["slug"], "alphapulse");
    assert_eq!(json["as_of"], "2025-10-28");
    assert_eq!(json["velocity"]["window"], 3);
    assert_eq!(json["velocity"]["average"], 24.67);
    assert_eq!(json["velocity"]["forecast"]["p50_sprints"], 1);
    assert_eq!(json["velocity"]["forecast"]["p85_sprints"], 2);
    let s4 = &json["sprints"][3];
    assert_eq!(s4["number"], 4);
    assert_eq!(s4["status"], "active");
    assert_eq!(s4["working_days"], 9);
    assert_eq!(
        (
            &s4["committed"],
            &s4["total"],
            &s4["completed"],
            &s4["in_progress"],
            &s4["not_started"]
        ),
        (&13.into(), &13.into(), &4.into(), &0.into(), &9.into())
    );
    assert_eq!(s4["say_do"], 0.3077);
    assert_eq!(
        s4["days"],
        serde_json::json!([{ "date": "2025-10-28", "working": true, "ideal": 11.56, "remaining": 9, "completed": 4, "scope": 13 }])
    );
    assert_eq!(
        s4["lists"]["completed"],
        serde_json::json!(["CICD", "HELM"])
    );
    assert_eq!(
        s4["lists"]["not_completed"],
        serde_json::json!(["LT", "TRAIN", "EPIC1-PREP"])
    );
    let say_do: Vec<_> = json["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["say_do"].clone())
        .collect();
    assert_eq!(
        say_do,
        [
            0.8667.into(),
            0.84.into(),
            1.1765.into(),
            0.3077.into(),
            serde_json::Value::Null
        ]
    );
    let change: Vec<_> = json["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["change_pp"].clone())
        .collect();
    assert_eq!(
        change,
        [
            serde_json::Value::Null,
            (-3).into(),
            34.into(),
            serde_json::Value::Null,
            serde_json::Value::Null
        ]
    );
    assert_eq!(json["sprints"][4]["total"], 21);
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = build_example(&dir.path().join("one"));
    let second = build_example(&dir.path().join("two"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
}

#[test]
fn links_are_relative() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"/", "src=\"/", "href=\"http"] {
            assert!(!html.contains(attr), "{path} has an absolute link ({attr})");
        }
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let build_with = |threads: &str| {
        let out = dir.path().join(format!("threads-{threads}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_sprintgen"))
            .args(["build", "-q", "--root"])
            .arg(repo_root())
            .arg("-o")
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .unwrap();
        assert!(status.success());
        read_tree(&out)
    };
    let one = build_with("1");
    let two = build_with("2");
    let four = build_with("4");
    assert!(
        one == two && two == four,
        "output depends on the thread count"
    );
}

#[test]
fn feed_and_sitemap_are_valid_xml_with_absolute_urls() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let feed = text(&files, "feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .map(|c| c.text().unwrap_or_default().to_string())
    };
    // Atom's required feed elements, and an author for entries that have none.
    for name in ["id", "title", "updated"] {
        assert!(
            child(root, name).is_some_and(|t| !t.is_empty()),
            "feed lacks <{name}>"
        );
    }
    assert!(root.children().any(|c| c.has_tag_name("author")));
    assert!(
        root.children()
            .any(|c| c.has_tag_name("link") && c.attribute("rel") == Some("self"))
    );
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 5, "one entry per sprint report");
    for entry in &entries {
        let id = child(*entry, "id").unwrap();
        assert!(
            id.starts_with("https://org.github.io/alphapulse/alphapulse/sprint-0"),
            "{id}"
        );
        let updated = child(*entry, "updated").unwrap();
        assert!(
            updated.len() == 20 && updated.ends_with("T00:00:00Z"),
            "RFC 3339: {updated}"
        );
        assert!(child(*entry, "title").is_some());
    }

    let sitemap = text(&files, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses as XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://org.github.io/alphapulse/alphapulse/sprint-04/"));
    assert!(locs.contains(&"https://org.github.io/alphapulse/"));
    assert!(!locs.iter().any(|l| l.contains("404")));
}

#[test]
fn free_pages_are_rendered_and_linked_from_their_team() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "alphapulse/load-testing-plan/index.html");
    assert!(page.contains("<h1>Load testing plan (Approval Condition 2)</h1>"));
    assert!(
        page.contains("<td>db.t3.large</td>"),
        "Markdown tables render"
    );
    let team = text(&files, "alphapulse/index.html");
    assert!(team.contains(
        r#"<a href="load-testing-plan/index.html">Load testing plan (Approval Condition 2)</a>"#
    ));
}

/// The theme on disk in this repository is the one compiled into the binary: a site without a
/// `themes/` folder gets exactly the same pages.
#[test]
fn the_embedded_theme_is_the_theme_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let with_disk_theme = build_example(&dir.path().join("one"));
    let copy = dir.path().join("site");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(
        repo_root().join("sprintgen.toml"),
        copy.join("sprintgen.toml"),
    )
    .unwrap();
    for (path, bytes) in read_tree(&repo_root().join("content")) {
        let target = copy.join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let options = BuildOptions {
        root: copy.clone(),
        output: Some(dir.path().join("two")),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        read_tree(&dir.path().join("two")) == with_disk_theme,
        "embedded theme differs from themes/default"
    );
}
