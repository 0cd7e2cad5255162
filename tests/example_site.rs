//! Builds the repository's example site (the seed team, a second team and a release across
//! both) and checks the reports against the figures worked out by hand from the seed document.

use crate::common;

use common::{copy_example, golden, negative_zeros, read_tree, repo_root, visible_text};
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

/// Builds the site at `root` into `out`: the number of charts drawn, and the files written.
fn build_site(
    root: &std::path::Path,
    out: &std::path::Path,
) -> (usize, std::collections::BTreeMap<String, Vec<u8>>) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        ..BuildOptions::default()
    };
    let built = build(&options).unwrap_or_else(|e| panic!("the site failed to build: {e:?}"));
    (built.generated.charts, read_tree(out))
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
        "beacon/index.html",
        "beacon/sprint-04/index.html",
        "data/beacon.json",
        "releases/multi-tenancy-beta/index.html",
        "data/releases/multi-tenancy-beta.json",
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
            while let Some(start) = rest.find("<td class=\"num\"") {
                rest = &rest[start..];
                rest = &rest[rest.find('>').unwrap() + 1..];
                cells.push(rest[..rest.find("</td>").unwrap()].to_string());
            }
            cells.join(" | ")
        })
        .collect();
    // Say/do first, what was delivered, planned, the change; sprint 4 so far.
    assert_eq!(
        rows,
        [
            "87% | 13 | 15 | –",
            "84% | 21 | 25 | -3 pp",
            "118% | 40 | 34 | +34 pp",
            "31% so far | 4 so far | 13 | –",
        ]
    );
    assert!(table.contains("Sprint 4 <span class=\"muted small\">(in progress)</span>"));
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

/// Every report page leads with its headline: the state in one line, then what needs
/// attention, each linking to where it is explained. Worked by hand as of Tuesday 2025-10-28:
/// - AlphaPulse's sprint 4, on day 1 of 9: 4 of 13 SP done (31%); remaining 9 is below the
///   ideal 13 · 8/9 = 11.56, so on track. Its one blocker is open with high impact; its
///   critical goal (Load Testing Validation, items LT-*) has not started; two risks are medium
///   likelihood × high impact (2 × 3 = 6, high) and neither mitigated nor closed.
/// - Beacon's sprint 4, on day 1 of 9: 0 of 9 done against an ideal of 8: 1 SP (11% of the
///   scope) behind, at risk (over 10%); one risk high × high.
/// - Sprint 5 starts on Tuesday 11 November with 21 SP; sprint 3 (summary form) finished on
///   Saturday 25 October with 40 SP done of 34 committed.
/// - The portfolio: AlphaPulse on track, Beacon at risk; the release at risk.
#[test]
fn every_report_page_leads_with_its_headline() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let state = |path: &str| {
        let page = text(&files, path);
        let line = page.split("<p class=\"headline-state\">").nth(1).unwrap();
        line[..line.find("</p>").unwrap()].to_string()
    };
    let attention = |path: &str| -> Vec<String> {
        let page = text(&files, path);
        let Some(list) = page
            .split("<ul class=\"attention\" aria-label=\"Needs attention\">")
            .nth(1)
        else {
            return Vec::new();
        };
        list[..list.find("</ul>").unwrap()]
            .split("</li>")
            .filter(|li| !li.is_empty())
            .map(|li| li.to_string())
            .collect()
    };
    let sprint_4 = "alphapulse/sprint-04/index.html";
    assert_eq!(
        state(sprint_4),
        "Day 1 of 9 · 4 of 13 SP done (31%) · On track"
    );
    assert_eq!(
        attention(sprint_4),
        [
            r##"<li class="attention-high"><a href="#blockers">Open blocker, high impact: Staging environment access</a>"##,
            r##"<li class="attention-high"><a href="#goals">Critical goal not started: Load Testing Validation</a>"##,
            r##"<li class="attention-medium"><a href="#risks">2 high risks open</a>"##,
        ]
    );
    // Before the facts and every section: on the first screen.
    let page = text(&files, sprint_4);
    assert!(page.find("headline-state").unwrap() < page.find("class=\"facts\"").unwrap());
    assert_eq!(
        state("beacon/sprint-04/index.html"),
        "Day 1 of 9 · 0 of 9 SP done (0%) · At risk"
    );
    assert_eq!(
        attention("beacon/sprint-04/index.html"),
        [
            r##"<li class="attention-medium"><a href="#burndown">11% of the scope behind the ideal line</a>"##,
            r##"<li class="attention-medium"><a href="#risks">1 high risk open</a>"##,
        ]
    );
    assert_eq!(
        state("alphapulse/sprint-05/index.html"),
        "Starts Tue 11 Nov · 21 SP planned · Not started"
    );
    assert!(attention("alphapulse/sprint-05/index.html").is_empty());
    assert_eq!(
        state("alphapulse/sprint-03/index.html"),
        "Finished Sat 25 Oct · 40 SP done of 34 committed (118%) · On track"
    );
    // The team page: its current sprint's headline, linking into that sprint's page, then
    // the sprint's card, before the velocity.
    let team = text(&files, "alphapulse/index.html");
    assert_eq!(
        state("alphapulse/index.html"),
        "Sprint 4 · Day 1 of 9 · 4 of 13 SP done (31%) · On track"
    );
    assert!(team.contains(r##"<a href="sprint-04/index.html#blockers">Open blocker, high impact: Staging environment access</a>"##));
    let card = team.find("<h2 id=\"current-sprint\">").unwrap();
    assert!(team.find("headline-state").unwrap() < card);
    assert!(card < team.find("<h2 id=\"velocity\">").unwrap());
    assert!(team[card..].contains("4 of 13 SP completed (31%), 9 SP remaining"));
    // The portfolio keeps its summary and lists the team behind and the release at risk.
    assert_eq!(
        attention("index.html"),
        [
            r##"<li class="attention-medium"><a href="beacon/sprint-04/index.html">Beacon: sprint 4 at risk, 0 of 9 SP done (0%)</a>"##,
            r##"<li class="attention-medium"><a href="releases/multi-tenancy-beta/index.html">Multi-tenancy beta: 66% likely by 21 Nov 2025</a>"##,
        ]
    );
}

/// What needs attention is a short list however much there is: two open blockers named
/// (the high-impact ones, in file order) and the rest counted, a critical goal left undone once
/// the sprint is over, and on the portfolio three teams behind named and the rest counted.
/// Four teams, each with the same sprint (3 to 14 November, read on 20 November): A (5 SP)
/// done, B (5 SP) not started, so 5 of 10 SP done; nothing should remain by the end, so half
/// the scope is left undone: off track.
#[test]
fn what_needs_attention_stays_short() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("sprintgen.toml"),
        "title = \"Attention\"\nas_of = 2025-11-20\n",
    )
    .unwrap();
    let sprint = concat!(
        "number = 1\ntitle = \"S\"\nstart = 2025-11-03\nend = 2025-11-14\n\n",
        "[[goals]]\ntitle = \"Ship A\"\ncritical = true\nitems = [\"A\"]\n\n",
        "[[goals]]\ntitle = \"Ship B\"\ncritical = true\nitems = [\"B\"]\n\n",
        "[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 5\nstatus = \"done\"\ndone_on = 2025-11-05\n\n",
        "[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 5\n\n",
        "[[blockers]]\ntitle = \"Low one\"\nimpact = \"low\"\n\n",
        "[[blockers]]\ntitle = \"First high\"\nimpact = \"high\"\n\n",
        "[[blockers]]\ntitle = \"No impact\"\n\n",
        "[[blockers]]\ntitle = \"Second high\"\nimpact = \"high\"\n",
    );
    for team in ["t1", "t2", "t3", "t4"] {
        let folder = root.join("content").join(team);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("team.toml"),
            format!("name = \"Team {team}\"\n"),
        )
        .unwrap();
        std::fs::write(folder.join("sprint-01.toml"), sprint).unwrap();
    }
    let (_, files) = build_site(&root, &dir.path().join("public"));
    let attention = |path: &str| -> Vec<String> {
        let page = text(&files, path);
        let list = page
            .split("<ul class=\"attention\" aria-label=\"Needs attention\">")
            .nth(1)
            .unwrap_or_else(|| panic!("{path} has no attention list"));
        list[..list.find("</ul>").unwrap()]
            .split("</li>")
            .filter(|li| !li.is_empty())
            .map(visible_text)
            .collect()
    };
    let sprint_page = text(&files, "t1/sprint-01/index.html");
    assert!(sprint_page.contains(
        "<p class=\"headline-state\">Finished Fri 14 Nov · 5 of 10 SP done (50%) · Off track</p>"
    ));
    assert_eq!(
        attention("t1/sprint-01/index.html"),
        [
            "50% of the scope left undone",
            "Open blocker, high impact: First high",
            "Open blocker, high impact: Second high",
            "2 more open blockers",
            "Critical goal not done: Ship B",
        ]
    );
    assert!(sprint_page.contains(
        r##"<li class="attention-high"><a href="#goals">Critical goal not done: Ship B</a>"##
    ));
    assert!(
        text(&files, "t1/index.html")
            .contains(r##"<a href="sprint-01/index.html#blockers">2 more open blockers</a>"##)
    );
    assert_eq!(
        attention("index.html"),
        [
            "Team t1: sprint 1 off track, 5 of 10 SP done (50%)",
            "Team t2: sprint 1 off track, 5 of 10 SP done (50%)",
            "Team t3: sprint 1 off track, 5 of 10 SP done (50%)",
            "1 more team behind",
        ]
    );
}

/// The charts' keys are HTML beside them (readable at any width, and wrapping on a phone):
/// each lists the series its chart draws, the as-of marker with its date; the SVGs hold none.
#[test]
fn sprint_4_charts_carry_their_keys_as_html() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "alphapulse/sprint-04/index.html");
    let keys: Vec<Vec<&str>> = page
        .split("<ul class=\"chart-legend\" aria-label=\"Legend\">")
        .skip(1)
        .map(|rest| {
            rest[..rest.find("</ul>").unwrap()]
                .split("</li>")
                .filter_map(|entry| entry.split_once("</span>").map(|(_, label)| label))
                .collect()
        })
        .collect();
    assert_eq!(
        keys,
        [
            vec!["Ideal", "Remaining", "As of Tue 28 Oct"],
            vec!["Scope", "Completed", "As of Tue 28 Oct"],
            vec!["Done", "In progress", "To do"],
        ]
    );
    assert!(page.contains(
        r#"<li><span class="key key-line" style="--key: #2563eb"></span>Remaining</li>"#
    ));
    // The as-of marker is drawn in the theme's ink, which the dark scheme re-maps.
    assert!(page.contains(r#"<li><span class="key key-dashed"></span>As of Tue 28 Oct</li>"#));
    let svgs: Vec<&str> = page
        .split("<svg class=\"chart-svg\"")
        .skip(1)
        .map(|rest| &rest[..rest.find("</svg>").unwrap()])
        .collect();
    assert_eq!(svgs.len(), 3);
    for svg in svgs {
        assert!(svg.contains(r#"viewBox="0 0 440 280""#));
        for label in ["Remaining", "Completed", "as of", "In progress"] {
            assert!(
                !svg.contains(&format!("\n{label}\n")),
                "{label} drawn in the SVG"
            );
        }
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

/// AlphaPulse has 2.5 FTE, and each of its sprints 9 working days (Tuesday to the second
/// Friday): 22.5 person-days. Completed points over them: 13 → 0.58, 21 → 0.93, 40 → 1.78,
/// 4 so far in the active sprint → 0.18; none for the planned one. (Committed points would give
/// 0.67, 1.11, 1.51 and 0.58.)
#[test]
fn points_per_person_day_count_the_completed_work() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let json: serde_json::Value = serde_json::from_slice(&files["data/alphapulse.json"]).unwrap();
    let capacity: Vec<_> = json["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["capacity"].clone())
        .collect();
    let row = |per_day: serde_json::Value| serde_json::json!({ "fte": 2.5, "working_days": 9, "person_days": 22.5, "points_per_person_day": per_day });
    assert_eq!(
        capacity,
        [
            row(0.58.into()),
            row(0.93.into()),
            row(1.78.into()),
            row(0.18.into()),
            row(serde_json::Value::Null)
        ]
    );

    let page = text(&files, "alphapulse/index.html");
    let table = &page[page.find("Capacity per sprint</h3>").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<String> = table
        .split("</tr>")
        .map(|row| visible_text(&row.replace("</th>", " | ").replace("</td>", " | ")))
        .filter(|row| row.starts_with("Sprint "))
        .collect();
    // What it delivered per person-day first; the active sprint's so far.
    assert_eq!(
        rows,
        [
            "Sprint 1 | 0.58 | 22.5 | 2.5 | 9 |",
            "Sprint 2 | 0.93 | 22.5 | 2.5 | 9 |",
            "Sprint 3 | 1.78 | 22.5 | 2.5 | 9 |",
            "Sprint 4 | 0.18 so far | 22.5 | 2.5 | 9 |",
            "Sprint 5 | – | 22.5 | 2.5 | 9 |",
        ]
    );
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
        for attr in ["href=\"/", "src=\"/"] {
            assert!(!html.contains(attr), "{path} has an absolute link ({attr})");
        }
        // The only links out of the site are AlphaPulse's items, to its tracker.
        for link in html.split("href=\"http").skip(1) {
            assert!(
                link.starts_with("s://jira.example.com/browse/"),
                "{path} links out of the site: http{}",
                &link[..link.find('"').unwrap_or(link.len())]
            );
        }
    }
}

/// AlphaPulse's `item_url` links every item id of its pages to the tracker, in the goals, the
/// backlog, Jira's lists, the next sprint's preview and the release's items; Beacon has none,
/// so its ids stay text.
#[test]
fn item_ids_link_to_the_tracker() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "alphapulse/sprint-04/index.html");
    let link = r#"<a class="item-id" href="https://jira.example.com/browse/LT">LT</a>"#;
    // The goal that names it, the backlog and the list of items not completed.
    assert_eq!(page.matches(link).count(), 3, "{page}");
    assert!(page.contains(&format!("Items: {link}</div>")), "{page}");
    assert!(page.contains(
        r#"<a class="item-id" href="https://jira.example.com/browse/US-001">US-001</a> Add tenants table"#
    ));
    assert!(!page.contains("<span class=\"item-id\">"));
    let beacon = text(&files, "beacon/sprint-04/index.html");
    assert!(beacon.contains("<span class=\"item-id\">"));
    assert!(!beacon.contains("<a class=\"item-id\""));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let build_with = |threads: &str| {
        let out = dir.path().join(format!("threads-{threads}"));
        let status = common::sprintgen_command()
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
    // The preview cards, drawn in parallel, are among the files compared.
    let cards = one.keys().filter(|p| p.ends_with("card.png")).count();
    assert_eq!(cards, 4);
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
    assert_eq!(entries.len(), 9, "one entry per sprint report");
    for entry in &entries {
        let id = child(*entry, "id").unwrap();
        assert!(
            id.starts_with("https://org.github.io/alphapulse/alphapulse/sprint-0")
                || id.starts_with("https://org.github.io/alphapulse/beacon/sprint-0"),
            "{id}"
        );
        let updated = child(*entry, "updated").unwrap();
        assert!(
            updated.as_str() <= "2025-10-28T00:00:00Z",
            "no update after the as-of date: {updated}"
        );
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
    assert!(
        page.contains(r#"<li><a href="../index.html">AlphaPulse</a></li><li><span aria-current="page">Load testing plan"#),
        "the breadcrumb leads to its team"
    );
    assert!(
        page.contains(
            r#"<a href="../../alphapulse/index.html" aria-current="true">AlphaPulse</a>"#
        )
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

/// The release across AlphaPulse and Beacon, worked by hand (as of 2025-10-28):
/// - its items: AlphaPulse's EPIC1-PREP (0) and US-001..005 (3 + 3 + 5 + 5 + 5 = 21, planned in
///   sprint 5); Beacon's Tenant admin items TA-1 3, TA-3 3, TA-4 5, TA-5 2 (added on 6 Oct),
///   TA-6 5, TA-7 3, TA-9 3, TA-10 2, TA-11 2 = 28. Scope 49, of which 47 at the start.
/// - done: TA-1, TA-3, TA-4 (done, reopened, done on 9 Oct), TA-5, TA-7, TA-9 = 19 (39%);
///   TA-6 in progress (5); 30 remaining.
/// - burn-up: start 16 Sep 0/47; 27 Sep 3/47; 11 Oct 13/49; 25 Oct 19/49; 28 Oct 19/49.
/// - forecast: AlphaPulse closed 13, 21, 40 and Beacon 8, 10, 9 give 21, 31, 49. One sprint
///   covers 30 in 2 draws of 3 (31, 49): p50 one sprint, p85 two; sprints of 14 days (AlphaPulse
///   starts sprint 5 two weeks after sprint 4): 11 Nov and 25 Nov. The target, 21 Nov, is 24
///   days away: one sprint, 2/3 of the trials: at risk.
#[test]
fn the_release_burns_up_and_forecasts_across_both_teams() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let json: serde_json::Value =
        serde_json::from_slice(&files["data/releases/multi-tenancy-beta.json"]).unwrap();
    assert_eq!(
        (
            &json["scope"],
            &json["completed"],
            &json["in_progress"],
            &json["remaining"]
        ),
        (&49.into(), &19.into(), &5.into(), &30.into())
    );
    assert_eq!(
        (&json["percent_done"], &json["scope_at_start"]),
        (&39.into(), &47.into())
    );
    // The 2 points of scope added since the start: Beacon's `TA-5` (epic Tenant admin), added
    // to its sprint 2 on 2025-10-06.
    assert_eq!(json["scope_change"], 2);
    assert_eq!(
        json["added"],
        serde_json::json!([{ "team": "beacon", "item": "TA-5", "date": "2025-10-06", "size": 2 }])
    );
    let burnup: Vec<(String, i64, i64)> = json["burnup"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["date"].as_str().unwrap().to_string(),
                p["completed"].as_i64().unwrap(),
                p["scope"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("2025-09-16", 0, 47),
        ("2025-09-27", 3, 47),
        ("2025-10-11", 13, 49),
        ("2025-10-25", 19, 49),
        ("2025-10-28", 19, 49),
    ];
    let expected: Vec<(String, i64, i64)> = expected
        .iter()
        .map(|(d, c, s)| (d.to_string(), *c, *s))
        .collect();
    assert_eq!(burnup, expected);
    let forecast = &json["forecast"];
    assert_eq!(forecast["history"], serde_json::json!([21, 31, 49]));
    assert_eq!(
        (&forecast["p50_sprints"], &forecast["p85_sprints"]),
        (&1.into(), &2.into())
    );
    assert_eq!(
        (&forecast["p50_date"], &forecast["p85_date"]),
        (&"2025-11-11".into(), &"2025-11-25".into())
    );
    assert_eq!(json["verdict"], "at-risk");
    let share = json["percent_by_target"].as_u64().unwrap();
    assert!(
        (65..=68).contains(&share),
        "{share}% of trials by the target, about 2/3"
    );

    let page = text(&files, "releases/multi-tenancy-beta/index.html");
    // The headline: done of the scope, the odds of the target and the verdict.
    assert!(page.contains(&format!(
        "<p class=\"headline-state\">19 of 49 SP done (39%) · {share}% likely by 21 Nov 2025 · At risk</p>"
    )));
    assert!(
        page.contains(
            r#"<span class="stat-label">Scope</span><span class="stat-value">49 SP</span>"#
        )
    );
    assert!(page.contains("Scope since the start: <strong>+2 SP</strong>"));
    // Listed on the portfolio and on both teams' pages.
    for listing in ["index.html", "alphapulse/index.html", "beacon/index.html"] {
        assert!(
            text(&files, listing)
                .contains("releases/multi-tenancy-beta/index.html\">Multi-tenancy beta</a>"),
            "{listing} lists the release"
        );
    }
}

#[test]
fn the_portfolio_summarises_every_team_off_track_first() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let index = text(&files, "index.html");
    // Beacon is at risk on day 1 (9 remaining against an ideal of 8: 11% of the scope behind),
    // AlphaPulse on track (9 remaining against 11.56).
    let visible = visible_text(&index);
    assert!(visible.contains("2 teams: 1 on track, 1 at risk, 0 off track"));
    // Each team's row: its current sprint, progress, health, working days left, the last
    // closed sprint's say/do (Beacon's sprint 3: 9 of 14, AlphaPulse's sprint 2: 118%) and
    // the average velocity.
    for row in [
        "BeaconExperienceSprint 4 of Beacon 0%At risk864%9 SP",
        "AlphaPulsePlatformSprint 4 of AlphaPulse 31%On track8118%24.67 SP",
    ] {
        assert!(visible.contains(row), "{row}: {visible}");
    }
    let beacon = index
        .find("<a href=\"beacon/index.html\">Beacon</a></th>")
        .unwrap();
    let alphapulse = index
        .find("<a href=\"alphapulse/index.html\">AlphaPulse</a></th>")
        .unwrap();
    assert!(beacon < alphapulse, "at risk before on track");
    // A section per group, by name.
    let experience = index.find("<h2 id=\"group-1\">Experience</h2>").unwrap();
    assert!(index[experience..].contains("<h2 id=\"group-2\">Platform</h2>"));
}

/// The example with `unit = "issues"`: sprint 4's figures recounted by items. Its five items
/// are LT (to do), CICD and HELM (done on the first day), TRAIN and EPIC1-PREP (to do):
/// 5 committed, 2 completed (40%), 3 not started (60%), say/do 2 / 5; the ideal line starts at
/// 5 · 8/9 = 4.44 after the first of 9 working days. Summary-form sprints keep their totals,
/// read as issues; sprint 5 plans 5 items.
#[test]
fn counting_issues_recounts_every_figure_of_sprint_4() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(&dir.path().join("site"), "unit = \"issues\"");
    let out = dir.path().join("public");
    let options = BuildOptions {
        root: dir.path().join("site"),
        output: Some(out.clone()),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("{e:?}"));
    let files = read_tree(&out);
    let page = text(&files, "alphapulse/sprint-04/index.html");
    for expected in [
        r#"<span class="stat-label">Total</span><span class="stat-value">5 issues</span><span class="stat-note">committed 5 issues</span>"#,
        r#"<span class="stat-label">Completed</span><span class="stat-value">2 issues</span><span class="stat-note">40%</span>"#,
        r#"<span class="stat-label">In progress</span><span class="stat-value">0 issues</span><span class="stat-note">0%</span>"#,
        r#"<span class="stat-label">Not started</span><span class="stat-value">3 issues</span><span class="stat-note">60%</span>"#,
        "2 issues completed so far (say/do 40% of the commitment); the team's average is 24.67 issues per sprint.",
        "Committed 5 issues over 9 working days; 3 issues remaining at the end of 2025-10-28.",
        "Remaining issues at the end of each day",
        r#"<td class="num">3</td><td class="num">4.44</td><td class="num">2</td><td class="num">5</td>"#,
        "Load Testing <span class=\"muted\">(1 issue)</span>",
        "<th scope=\"col\" class=\"num\">Planned issues</th>",
        "<strong>Total: 5 issues</strong>",
        ">\nIssues\n</text>",
    ] {
        assert!(
            page.contains(expected),
            "sprint 4 in issues lacks {expected:?}"
        );
    }
    // No figure in points anywhere (the only points are percentage points of say/do).
    for path in [
        "alphapulse/sprint-04/index.html",
        "alphapulse/index.html",
        "index.html",
        "releases/multi-tenancy-beta/index.html",
    ] {
        let words = visible_text(&text(&files, path));
        let lower = words.to_lowercase();
        let points = lower.matches("points").count() - lower.matches("percentage points").count();
        assert!(
            !words.contains(" SP") && !lower.contains("story point") && points == 0,
            "{path} speaks of points"
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&files["data/alphapulse.json"]).unwrap();
    assert_eq!(json["unit"], "issues");
    let s4 = &json["sprints"][3];
    assert_eq!(
        (
            &s4["committed"],
            &s4["completed"],
            &s4["not_started"],
            &s4["say_do"]
        ),
        (&5.into(), &2.into(), &3.into(), &0.4.into())
    );
    assert_eq!(
        s4["days"],
        serde_json::json!([{ "date": "2025-10-28", "working": true, "ideal": 4.44, "remaining": 3, "completed": 2, "scope": 5 }])
    );
    assert_eq!(json["velocity"]["backlog"], 5);
    let feed = text(&files, "feed.xml");
    assert!(feed.contains("2 of 5 issues completed (40%)"));
}

/// No figure is ever written as a negative zero, on a site where nothing is completed yet,
/// no team lists members and a release has nothing done: sums of nothing.
#[test]
fn no_export_writes_a_negative_zero() {
    assert_eq!(
        negative_zeros("{\"a\": -0.0, \"d\": \"2025-09-01\", \"b\": -0.5, \"c\": [-0]}").len(),
        2
    );
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::write_site(
        &site,
        "number = 1\ntitle = \"Nothing done\"\nstart = 2025-11-03\nend = 2025-11-14\n\n[[items]]\nid = \"A\"\ntitle = \"a\"\nepic = \"E\"\npoints = 3\n",
    );
    std::fs::create_dir_all(site.join("content/releases")).unwrap();
    std::fs::write(
        site.join("content/releases/r.toml"),
        "title = \"R\"\ntarget = 2025-12-19\nteams = [\"team-a\"]\nepics = [\"E\"]\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let options = BuildOptions {
        root: site,
        output: Some(out.clone()),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("{e:?}"));
    let mut sites = vec![read_tree(&out)];
    sites.push(build_example(&dir.path().join("example")));
    for files in &sites {
        for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".json")) {
            let zeros = negative_zeros(&String::from_utf8_lossy(bytes));
            assert!(zeros.is_empty(), "{path} has negative zeros: {zeros:?}");
        }
    }
    let json: serde_json::Value = serde_json::from_slice(&sites[0]["data/team-a.json"]).unwrap();
    assert_eq!(json["sprints"][0]["say_do"], serde_json::json!(0.0));
}

/// Beacon's sprint 4 records a risk as `open`, the word most risk registers start with, and its
/// empty sections (deliverables, blockers, schedule, gates, references…) are left out.
#[test]
fn beacons_sprint_4_has_an_open_risk_and_no_empty_sections() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "beacon/sprint-04/index.html");
    assert!(page.contains(r#"<span class="badge s-open">Open</span>"#));
    for (shown, section) in [
        (true, "risks"),
        (true, "standups"),
        (false, "deliverables"),
        (false, "blockers"),
        (false, "gates"),
        (false, "references"),
        (false, "next"),
    ] {
        assert_eq!(
            page.contains(&format!("id=\"{section}\"")),
            shown,
            "{section}"
        );
        assert_eq!(
            page.contains(&format!("href=\"#{section}\"")),
            shown,
            "{section}"
        );
    }
}

/// The charts of `page`, each `<svg>` element as the page holds it, by its title's id.
fn charts_of(page: &str) -> Vec<(String, String)> {
    page.match_indices("<svg class=\"chart-svg\"")
        .map(|(at, _)| {
            let svg = &page[at..at + page[at..].find("</svg>").unwrap() + "</svg>".len()];
            let id = svg.split("<title id=\"").nth(1).unwrap();
            let id = &id[..id.find("-title\"").unwrap()];
            (id.to_string(), format!("{svg}\n"))
        })
        .collect()
}

/// Every chart of the example site's pages of each kind, byte for byte: a finished sprint,
/// one without cumulative flow, one in progress, a team's history, the portfolio's sparklines
/// and a release's burn-up. After a deliberate change, `UPDATE_GOLDEN=1 cargo test --test
/// example_site` rewrites `tests/golden/charts/`; open the files in a browser to review them.
#[test]
fn the_example_sites_charts_match_their_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let pages = [
        ("alphapulse/sprint-04/index.html", 3),
        ("beacon/sprint-01/index.html", 2),
        ("beacon/sprint-02/index.html", 2),
        ("alphapulse/sprint-05/index.html", 1),
        ("alphapulse/index.html", 5),
        ("index.html", 2),
        ("releases/multi-tenancy-beta/index.html", 1),
    ];
    for (path, count) in pages {
        let charts = charts_of(&text(&files, path));
        assert_eq!(charts.len(), count, "{path}");
        let page = path.trim_end_matches("index.html").trim_end_matches('/');
        let page = if page.is_empty() { "portfolio" } else { page };
        for (id, svg) in charts {
            golden(&format!("charts/{}-{id}.svg", page.replace('/', "-")), &svg);
        }
    }
}

/// A sprint whose burndown has to draw everything the example's do not: two items added on one
/// day (their markers stacked), a removal, a re-estimate, a holiday and a weekend shaded. Its
/// page shows the figures worked out by hand, the scope changes, the backlog and the sections
/// the example's sprints do not exercise (goals without criteria, notes of lessons alone, a
/// reference with a link).
#[test]
fn a_sprint_with_every_kind_of_scope_change_is_drawn_as_its_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/team-a")).unwrap();
    std::fs::write(
        root.join("sprintgen.toml"),
        "title = \"Charts\"\nas_of = 2025-11-20\n",
    )
    .unwrap();
    std::fs::write(root.join("content/team-a/team.toml"), "name = \"Team A\"\n").unwrap();
    std::fs::write(
        root.join("content/team-a/sprint-01.toml"),
        r#"number = 1
title = "Scope"
start = 2025-11-03
end = 2025-11-14
holidays = [2025-11-11]
lessons = ["Split items before the sprint."]

[[goals]]
title = "Ship the scope report"

[[items]]
id = "A-1"
title = "Committed, done early"
points = 5
status = "done"
started_on = 2025-11-03
done_on = 2025-11-05

[[items]]
id = "A-2"
title = "Committed, re-estimated"
points = 3
estimates = [{ on = 2025-11-07, points = 5 }]
status = "done"
started_on = 2025-11-04
done_on = 2025-11-13

[[items]]
id = "A-3"
title = "Added"
points = 2
added_on = 2025-11-06
status = "done"
started_on = 2025-11-06
done_on = 2025-11-12

[[items]]
id = "A-4"
title = "Added the same day"
points = 1
added_on = 2025-11-06
started_on = 2025-11-10
status = "in-progress"

[[items]]
id = "A-5"
title = "Removed"
points = 3
status = "removed"
removed_on = 2025-11-10

[[references]]
title = "Scope rules"
url = "https://example.org/scope"
"#,
    )
    .unwrap();
    // Six weeks, active on its fourth day: too many days for a label each, and an as-of marker.
    std::fs::write(
        root.join("content/team-a/sprint-02.toml"),
        "number = 2\ntitle = \"Long\"\nstart = 2025-11-17\nend = 2025-12-26\n\n[[items]]\nid = \"B-1\"\ntitle = \"b\"\npoints = 8\nstatus = \"done\"\ndone_on = 2025-11-18\n\n[[items]]\nid = \"B-2\"\ntitle = \"c\"\npoints = 13\n",
    )
    .unwrap();
    let (_, files) = build_site(&root, &dir.path().join("public"));
    let page = text(&files, "team-a/sprint-01/index.html");
    assert!(page.contains("4 scope changes"), "{}", visible_text(&page));
    // Committed 11 (A-1, A-2 at 3, A-5); added 2 + 1 + 2 (A-2 re-estimated to 5), removed 3:
    // 13 in all, 12 done (A-1, A-2, A-3), A-4's 1 in progress.
    let visible = visible_text(&page);
    for passage in [
        "Total13 SPcommitted 11 SP Completed12 SP92% In progress1 SP8% Not started0 SP0%",
        "5 SP added after the start, a scope increase of 45% over the 11 SP committed, and 3 SP removed (net +2 SP).",
        "A-3 AddedAdded+2Thu 6 NovA-4 Added the same dayAdded+1Thu 6 NovA-2 Committed, re-estimatedReestimated+2Fri 7 NovA-5 RemovedRemoved-3Mon 10 Nov",
    ] {
        assert!(visible.contains(passage), "{passage}: {visible}");
    }
    // The backlog: a re-estimate shows the estimate the item came with, an item added after
    // the start says so.
    for item in [
        "A-1 Committed, done early 5 SP Done · done Wed 5 Nov A-2",
        "A-2 Committed, re-estimated 5 SP (estimated 3) Done · done Thu 13 Nov A-3",
        "A-3 Added 2 SP Done · done Wed 12 Nov · added after the start, Thu 6 Nov",
    ] {
        assert!(visible.contains(item), "{item}: {visible}");
    }
    assert!(page.contains(r#"<a href="https://example.org/scope">Scope rules</a>"#));
    // Goals without criteria, and notes of lessons alone, still have their sections.
    assert!(page.contains("<h2 id=\"goals\">"), "{visible}");
    assert!(page.contains("Split items before the sprint."), "{visible}");
    let charts = charts_of(&page);
    assert_eq!(charts.len(), 3);
    for (id, svg) in charts {
        golden(&format!("charts/scope-changes-{id}.svg"), &svg);
    }
    let long = charts_of(&text(&files, "team-a/sprint-02/index.html"));
    assert_eq!(long.len(), 2);
    for (id, svg) in long {
        golden(&format!("charts/long-sprint-{id}.svg"), &svg);
    }
}

/// A closed sprint that left 8 of 10 points undone: off track (80% behind, over 25%).
const LATE: &str = "start = 2025-11-03\nend = 2025-11-14\n[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 2\nstatus = \"done\"\ndone_on = 2025-11-05\n[[items]]\nid = \"B\"\ntitle = \"b\"\npoints = 8\n";
/// A sprint after the as-of date: its team has not started.
const PLANNED: &str =
    "start = 2025-11-24\nend = 2025-12-05\n[[items]]\nid = \"C\"\ntitle = \"c\"\npoints = 3\n";

/// The portfolio page of a site of teams (slug, group, sprint), as of 2025-11-20.
fn portfolio(teams: &[(String, Option<&str>, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for (slug, group, sprint) in teams {
        let folder = root.join("content").join(slug);
        std::fs::create_dir_all(&folder).unwrap();
        let group = group.map_or(String::new(), |g| format!("group = \"{g}\"\n"));
        let team_toml = format!("name = \"{slug}\"\n{group}");
        std::fs::write(folder.join("team.toml"), team_toml).unwrap();
        let sprint_toml = format!("number = 1\ntitle = \"S\"\n{sprint}");
        std::fs::write(folder.join("sprint-01.toml"), sprint_toml).unwrap();
    }
    let config = "title = \"P\"\nas_of = 2025-11-20\n";
    std::fs::write(root.join("sprintgen.toml"), config).unwrap();
    let (charts, files) = build_site(&root, &dir.path().join("public"));
    // Every chart drawn is on a page: none is drawn for a section that does not show it.
    let shown = files.values().fold(0, |shown, bytes| {
        let page = String::from_utf8_lossy(bytes);
        shown + page.matches("<svg class=\"chart-svg\"").count()
    });
    assert_eq!(charts, shown);
    text(&files, "index.html")
}

/// `count` teams named `prefix-1`… in `group`, each with `sprint`.
fn teams<'a>(
    prefix: &str,
    count: usize,
    group: Option<&'a str>,
    sprint: &'a str,
) -> Vec<(String, Option<&'a str>, &'a str)> {
    (1..=count)
        .map(|n| (format!("{prefix}-{n}"), group, sprint))
        .collect()
}

/// The portfolio counts every health, with the rule's thresholds as the health module sets
/// them. A group of up to six teams gets cards with a sparkline each; a larger group gets
/// links, and none of its teams a sparkline; teams without a group come last.
#[test]
fn the_portfolio_counts_teams_off_track_and_not_started() {
    let mut site = vec![
        ("late".to_string(), Some("Small"), LATE),
        ("later".to_string(), Some("Small"), PLANNED),
    ];
    site.extend(teams("big", 7, Some("Big"), LATE));
    site.extend(teams("solo", 7, None, LATE));
    let index = portfolio(&site);
    let visible = visible_text(&index);
    for summary in [
        "16 teams: 0 on track, 0 at risk, 15 off track, 1 not started",
        "Big 7 teams: 0 on track, 0 at risk, 7 off track",
        "Small 2 teams: 0 on track, 0 at risk, 1 off track, 1 not started",
        "Other teams 7 teams: 0 on track, 0 at risk, 7 off track",
        "at most 10% of the sprint's scope behind, at risk up to 25%",
    ] {
        assert!(visible.contains(summary), "{summary}: {visible}");
    }
    let sparklines: Vec<&str> = index
        .match_indices("<title id=\"spark-")
        .map(|(at, _)| {
            let id = &index[at + "<title id=\"spark-".len()..];
            &id[..id.find("-title\"").unwrap()]
        })
        .collect();
    assert_eq!(sparklines, ["late", "later"]);
}

/// Without groups, the teams get a section of their own while they fit as cards; beyond that
/// the table of current sprints lists them all.
#[test]
fn a_portfolio_without_groups_has_a_teams_section_up_to_six_teams() {
    let six = portfolio(&teams("team", 6, None, LATE));
    assert!(six.contains("<h2 id=\"group-1\">Teams</h2>"));
    let seven = portfolio(&teams("team", 7, None, LATE));
    assert!(!seven.contains("<h2 id=\"group-1\">"));
    assert!(visible_text(&seven).contains("7 teams: 0 on track, 0 at risk, 7 off track"));
}

/// Sprint 4's schedule, by week from its first day (Tuesday 28 October), its links to the
/// sprints before and after, and the release's item added after its start, with its team and
/// title.
#[test]
fn the_schedule_and_a_releases_added_items_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let sprint = visible_text(&text(&files, "alphapulse/sprint-04/index.html"));
    // The day first, what happens, its status and owner, and the week last.
    for row in [
        "Tuesday 28 OctLoad testing scriptsCI/CD pipelineHelm chartsDoneBackend Engineer1",
        "Friday 31 OctAnalyze results",
        "Friday 7 NovSprint 4 reviewSprint 4 retrospectiveSprint 5 planningPlannedTeam2",
        "Tuesday 4 NovTest CI/CD pipeline on PRConfigure branch protectionPlannedBackend Engineer2",
    ] {
        assert!(sprint.contains(row), "{row}: {sprint}");
    }
    let page = text(&files, "alphapulse/sprint-04/index.html");
    assert!(page.contains(
        r#"<a rel="prev" href="../sprint-03/index.html">← Sprint 3: Phase 2 completion and approvals</a>"#
    ));
    assert!(page.contains(r#"<a rel="next" href="../sprint-05/index.html">Sprint 5: "#));
    let release = visible_text(&text(&files, "releases/multi-tenancy-beta/index.html"));
    assert!(
        release.contains(
            "Added since the start ItemPointsTeamDate TA-5 Invite flow spike2BeaconMon 6 Oct"
        ),
        "{release}"
    );
}

/// A team with sixteen two-week sprints, the last closed on 2025-11-14: too many for a label
/// each under the velocity and trend charts, and a sprint that removed more than it added (a
/// trend below zero). Its team page's charts are golden files.
#[test]
fn a_long_history_is_drawn_as_its_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let folder = root.join("content/history");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        root.join("sprintgen.toml"),
        "title = \"History\"\nas_of = 2025-11-20\n",
    )
    .unwrap();
    std::fs::write(folder.join("team.toml"), "name = \"History\"\n").unwrap();
    // Sprint n starts 14 (16 - n) days before Monday 2025-11-03 and lasts twelve days; each
    // commits n + 4 points in two items and finishes the first (n points) on its third day.
    let last = jiff::civil::date(2025, 11, 3);
    let day = |n: i64, offset: i64| {
        last.checked_add(jiff::Span::new().days(offset - 14 * (16 - n)))
            .unwrap()
    };
    for n in 1..=16_i64 {
        let date = |offset: i64| day(n, offset).to_string();
        let (start, end) = (0, 11);
        let removal = if n == 9 {
            format!(
                "\n[[items]]\nid = \"R-{n}\"\ntitle = \"dropped\"\npoints = 6\nstatus = \"removed\"\nremoved_on = {}\n",
                date(start + 3)
            )
        } else {
            String::new()
        };
        std::fs::write(
            folder.join(format!("sprint-{n:02}.toml")),
            format!(
                "number = {n}\ntitle = \"S{n}\"\nstart = {}\nend = {}\n\n[[items]]\nid = \"A-{n}\"\ntitle = \"a\"\npoints = {n}\nstatus = \"done\"\ndone_on = {}\n\n[[items]]\nid = \"B-{n}\"\ntitle = \"b\"\npoints = 4\n{removal}",
                date(start),
                date(end),
                date(start + 2),
            ),
        )
        .unwrap();
    }
    let (_, files) = build_site(&root, &dir.path().join("public"));
    let charts = charts_of(&text(&files, "history/index.html"));
    let ids: Vec<&str> = charts.iter().map(|(id, _)| id.as_str()).collect();
    // No members, so no throughput per person-day.
    assert_eq!(
        ids,
        [
            "spark-history",
            "velocity",
            "trend-say-do",
            "trend-carry-over",
            "trend-scope"
        ]
    );
    for (id, svg) in charts {
        golden(&format!("charts/long-history-{id}.svg"), &svg);
    }
}

/// Empty data reads as one plain sentence, not as an empty chart or a zero forecast: a team
/// without members has no points per person-day, trends wait for a closed sprint, a sprint
/// without scope changes or carry-over has nothing to draw, and a team without a planned
/// sprint has no backlog to forecast.
#[test]
fn a_team_page_says_what_is_missing_in_words() {
    let dir = tempfile::tempdir().unwrap();
    common::write_site(dir.path(), common::VALID_SPRINT);
    let page_as_of = |day: &str| {
        let out = dir.path().join("public");
        common::assert_success(&common::sprintgen(
            &["build", "--as-of", day, "-o", out.to_str().unwrap()],
            dir.path(),
        ));
        visible_text(&text(&read_tree(&out), "team-a/index.html"))
    };
    // The sprint (3 to 14 November) in progress: nothing to draw a trend from yet.
    let page = page_as_of("2025-11-05");
    // Three trends with a value per sprint, and the velocity chart's description.
    assert_eq!(
        page.matches("No sprint is closed yet.").count(),
        4,
        "{page}"
    );
    for sentence in [
        "It needs the team members and their FTE, listed in team.toml.",
        "Per closed sprint: sprint 1 is in progress and counts once it closes.",
        "No sprint is planned after the current one, so there is no backlog to forecast.",
    ] {
        assert!(page.contains(sentence), "{sentence} in:\n{page}");
    }
    // Closed, with all 3 points done and no change of scope.
    let page = page_as_of("2025-11-20");
    for sentence in [
        "No scope change in these sprints.",
        "Nothing carried over in these sprints.",
    ] {
        assert!(page.contains(sentence), "{sentence} in:\n{page}");
    }
    assert!(!page.contains("No sprint is closed yet."), "{page}");
    assert!(!page.contains("takes 0 sprints"), "{page}");
}

/// The 404 page is served at any URL of the site and opened from a downloaded folder alike:
/// it holds the site's stylesheet instead of linking it.
#[test]
fn the_404_page_holds_its_stylesheet() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_example(&dir.path().join("public"));
    let page = text(&files, "404.html");
    let stylesheet = text(&files, "style.css");
    assert!(
        page.contains(&format!("<style>\n{stylesheet}</style>")),
        "{page}"
    );
    assert!(!page.contains("rel=\"stylesheet\""), "{page}");
    assert!(
        page.contains("<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg"),
        "{page}"
    );
}
