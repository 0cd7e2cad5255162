//! Link previews: every sprint, team, release and portfolio page of the example site carries
//! Open Graph and Twitter-card tags whose description is the page's headline, each `og:image`
//! is a 1200×630 PNG card written beside a page, drawn the same on every build, and hostile
//! text breaks neither the tags nor the cards.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{self, assert_success, read_tree, repo_root, sprintgen};

const BASE: &str = "https://org.github.io/alphapulse/";

fn build(root: &Path, out: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = vec!["build", "-q", "--root", root.to_str().unwrap(), "-o"];
    args.push(out.to_str().unwrap());
    args.extend(extra);
    assert_success(&sprintgen(&args, root));
    read_tree(out)
}

/// The `<meta>` tags of a page's head: (`property` or `name`, `content`), content decoded.
fn metas(html: &str) -> Vec<(String, String)> {
    let head = &html[..html.find("</head>").expect("a head")];
    let mut found = Vec::new();
    for tag in head.split("<meta ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let attribute = |name: &str| {
            let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
            let value = &tag[at..at + tag[at..].find('"')?];
            Some(decode(value))
        };
        if let (Some(key), Some(content)) = (
            attribute("property").or_else(|| attribute("name")),
            attribute("content"),
        ) {
            found.push((key, content));
        }
    }
    found
}

fn decode(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn meta<'a>(tags: &'a [(String, String)], key: &str) -> Option<&'a str> {
    tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// A PNG's width, height and RGBA pixels.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).expect("its pixels");
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

/// The pages that have a preview: the portfolio, the teams, the sprints and the releases.
fn previewed(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    path.ends_with("index.html")
        && match parts.as_slice() {
            ["index.html"] | [_, "index.html"] => true,
            ["releases", _, "index.html"] => true,
            [_, sprint, "index.html"] => sprint.starts_with("sprint-"),
            _ => false,
        }
}

#[test]
fn every_previewed_page_of_the_example_has_its_tags_and_each_image_is_a_card_beside_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let files = build(&repo_root(), &dir.path().join("public"), &[]);
    let pages: Vec<&String> = files.keys().filter(|p| previewed(p)).collect();
    assert_eq!(pages.len(), 1 + 2 + 9 + 1, "{pages:?}");
    for path in pages {
        let html = String::from_utf8_lossy(&files[path]);
        let tags = metas(&html);
        let get = |key| meta(&tags, key).unwrap_or_else(|| panic!("{path} has no {key}"));
        assert_eq!(get("og:type"), "website", "{path}");
        assert_eq!(get("og:site_name"), "AlphaPulse delivery reports");
        assert!(!get("og:title").is_empty());
        assert_eq!(get("twitter:title"), get("og:title"));
        let description = get("og:description");
        assert_eq!(get("description"), description, "{path}");
        assert_eq!(get("twitter:description"), description, "{path}");
        assert!(description.contains(" · ") || description == "No sprints yet");
        let folder = path.strip_suffix("index.html").unwrap();
        assert_eq!(get("og:url"), format!("{BASE}{folder}"), "{path}");
        match meta(&tags, "og:image") {
            Some(image) => {
                assert_eq!(get("twitter:card"), "summary_large_image");
                assert_eq!(get("twitter:image"), image);
                assert_eq!(get("og:image:type"), "image/png");
                assert_eq!(
                    (get("og:image:width"), get("og:image:height")),
                    ("1200", "630")
                );
                assert_eq!(get("twitter:image:alt"), get("og:image:alt"));
                assert!(get("og:image:alt").contains(description), "{path}");
                let card = image
                    .strip_prefix(BASE)
                    .expect("an absolute URL on the site");
                assert!(card.ends_with("/card.png") || card == "card.png", "{card}");
                let (width, height, _) = decode_png(&files[card]);
                assert_eq!((width, height), (1200, 630), "{card}");
            }
            None => assert_eq!(get("twitter:card"), "summary", "{path}"),
        }
    }
    let tags = |path: &str| metas(&String::from_utf8_lossy(&files[path]));
    let sprint = tags("alphapulse/sprint-04/index.html");
    assert_eq!(
        meta(&sprint, "og:description"),
        Some("Day 1 of 9 · 4 of 13 SP done (31%) · On track")
    );
    assert_eq!(
        meta(&sprint, "og:title"),
        Some("Sprint 4: Phase 3 Kickoff - Load Testing & Initial Implementation · AlphaPulse")
    );
    let card = format!("{BASE}alphapulse/sprint-04/card.png");
    assert_eq!(meta(&sprint, "og:image"), Some(card.as_str()));
    // The team page shows its current sprint's card by default.
    let team = tags("alphapulse/index.html");
    assert_eq!(
        meta(&team, "og:description"),
        Some("Sprint 4 · Day 1 of 9 · 4 of 13 SP done (31%) · On track")
    );
    assert_eq!(meta(&team, "og:image"), Some(card.as_str()));
    // A closed sprint is not current: its preview has the headline but no card.
    let closed = tags("alphapulse/sprint-03/index.html");
    assert!(
        meta(&closed, "og:description")
            .unwrap()
            .starts_with("Finished Sat 25 Oct · ")
    );
    assert_eq!(meta(&closed, "og:image"), None);
    assert_eq!(
        meta(&tags("index.html"), "og:description"),
        Some("2 teams: 1 on track, 1 at risk, 0 off track · 1 release: at risk")
    );
    assert_eq!(
        meta(
            &tags("releases/multi-tenancy-beta/index.html"),
            "og:description"
        ),
        Some("19 of 49 SP done (39%) · 66% likely by 21 Nov 2025 · At risk")
    );
    let cards: Vec<&String> = files.keys().filter(|p| p.ends_with("card.png")).collect();
    assert_eq!(
        cards,
        [
            "alphapulse/sprint-04/card.png",
            "beacon/sprint-04/card.png",
            "card.png",
            "releases/multi-tenancy-beta/card.png"
        ]
    );
}

#[test]
fn each_setting_draws_its_cards_and_without_a_base_url_there_are_none() {
    let dir = tempfile::tempdir().unwrap();
    let cards = |extra: &str, name: &str| {
        let site = dir.path().join(name);
        common::copy_example(&site, "");
        let config = std::fs::read_to_string(site.join("sprintgen.toml")).unwrap();
        std::fs::write(site.join("sprintgen.toml"), format!("{config}{extra}")).unwrap();
        let files = build(&site, &site.join("public"), &[]);
        let count = files.keys().filter(|p| p.ends_with("card.png")).count();
        (count, files)
    };
    assert_eq!(cards("cards = \"teams\"\n", "teams").0, 4 + 2);
    assert_eq!(cards("cards = \"all\"\n", "all").0, 4 + 2 + 7);
    let (none, files) = cards("cards = \"none\"\n", "none");
    assert_eq!(none, 0);
    let tags = metas(&String::from_utf8_lossy(
        &files["alphapulse/sprint-04/index.html"],
    ));
    assert_eq!(meta(&tags, "og:image"), None);
    assert_eq!(meta(&tags, "twitter:card"), Some("summary"));
    // Without a base URL: no absolute URL, so no og:url, no image and no card drawn.
    let site = dir.path().join("no-base");
    common::copy_example(&site, "");
    let config = std::fs::read_to_string(site.join("sprintgen.toml")).unwrap();
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(site.join("sprintgen.toml"), without).unwrap();
    let out = sprintgen(&["build", "-o", "public"], &site);
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("link previews have no image"), "{stderr}");
    let files = read_tree(&site.join("public"));
    assert!(!files.keys().any(|p| p.ends_with("card.png")));
    let tags = metas(&String::from_utf8_lossy(
        &files["alphapulse/sprint-04/index.html"],
    ));
    assert!(meta(&tags, "og:description").is_some() && meta(&tags, "og:title").is_some());
    assert_eq!(
        (meta(&tags, "og:url"), meta(&tags, "og:image")),
        (None, None)
    );
}

/// How many pixels of `actual` differ from `expected` by more than `tolerance` in a channel.
fn differing(actual: &[u8], expected: &[u8], tolerance: u8) -> usize {
    actual
        .chunks_exact(4)
        .zip(expected.chunks_exact(4))
        .filter(|(a, e)| {
            a.iter()
                .zip(e.iter())
                .any(|(a, e)| a.abs_diff(*e) > tolerance)
        })
        .count()
}

/// The pixels of the rectangle from (`x0`, `y0`) to (`x1`, `y1`) for which `test` holds.
fn count(
    pixels: &[u8],
    (x0, y0, x1, y1): (usize, usize, usize, usize),
    test: impl Fn(&[u8]) -> bool,
) -> usize {
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (y * 1200 + x) * 4))
        .filter(|&at| test(&pixels[at..at + 4]))
        .count()
}

#[test]
fn a_sprint_card_draws_its_headline_and_burndown_as_the_golden_image_does() {
    let dir = tempfile::tempdir().unwrap();
    let files = build(&repo_root(), &dir.path().join("public"), &[]);
    let bytes = &files["alphapulse/sprint-04/card.png"];
    let (width, height, pixels) = decode_png(bytes);
    assert_eq!((width, height), (1200, 630));
    let golden = repo_root().join("tests/golden/cards/alphapulse-sprint-04.png");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, bytes).unwrap();
    }
    let (_, _, expected) = decode_png(&std::fs::read(&golden).unwrap());
    // Another rasteriser's rounding may move an edge pixel: a few hundred of 756,000 may
    // differ a little, none of the card's shapes or words.
    assert!(
        differing(&pixels, &expected, 48) < 1_000,
        "the card differs from tests/golden/cards/alphapulse-sprint-04.png (UPDATE_GOLDEN=1 rewrites it)"
    );
    let dark = |p: &[u8]| p[0] < 90 && p[1] < 90 && p[2] < 110;
    let green =
        |p: &[u8]| p[0].abs_diff(0x15) < 12 && p[1].abs_diff(0x80) < 12 && p[2].abs_diff(0x3d) < 12;
    // The top band and the "On track" badge in the health's green.
    assert!(count(&pixels, (0, 0, 1200, 10), green) > 11_000);
    assert!(count(&pixels, (56, 420, 300, 480), green) > 5_000);
    // Dark text on every line of the left column: the title, then the headline's parts.
    for (n, top) in [110, 170, 230, 305, 363].into_iter().enumerate() {
        let ink = count(&pixels, (56, top, 556, top + 40), dark);
        assert!(ink > 600, "line {n} at {top} has {ink} dark pixels");
    }
    // The burndown: its remaining line in the chart's blue, on the right.
    let blue =
        |p: &[u8]| p[0].abs_diff(0x25) < 20 && p[1].abs_diff(0x63) < 20 && p[2].abs_diff(0xeb) < 20;
    assert!(count(&pixels, (588, 56, 1144, 560), blue) > 300);
    // Another day's headline is drawn where this one is: the left column changes.
    let other = build(
        &repo_root(),
        &dir.path().join("later"),
        &["--as-of", "2025-10-31"],
    );
    let (_, _, later) = decode_png(&other["alphapulse/sprint-04/card.png"]);
    let changed = |x0: usize, x1: usize| {
        (300..560)
            .flat_map(|y| (x0..x1).map(move |x| (y * 1200 + x) * 4))
            .filter(|&at| pixels[at..at + 4] != later[at..at + 4])
            .count()
    };
    assert!(changed(56, 556) > 2_000);
}

#[test]
fn a_hostile_title_breaks_neither_the_tags_nor_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let title = r#""><script>alert(1)</script> ' & <!-- \u0001 line\nbreak 北京 🚀 مرحبا"#;
    let sprint = common::VALID_SPRINT.replace(
        "title = \"First\"",
        &format!("title = \"{}\"", title.replace('"', "\\\"")),
    );
    common::write_site(site, &sprint);
    std::fs::write(
        site.join("content/team-a/team.toml"),
        "name = \"Team \\\"A\\\" <b>&</b>\"\n",
    )
    .unwrap();
    let files = build(site, &site.join("public"), &[]);
    let html = String::from_utf8_lossy(&files["team-a/sprint-01/index.html"]);
    let head = &html[..html.find("</head>").unwrap()];
    assert!(!head.contains("<script>") && !head.contains("<b>") && !head.contains("<!--"));
    let tags = metas(&html);
    assert_eq!(
        head.matches("<meta ").count(),
        tags.len() + 1,
        "every tag reads whole"
    );
    let expected_title = "Sprint 1: \"><script>alert(1)</script> ' & <!-- \u{1} line\nbreak 北京 🚀 مرحبا · Team \"A\" <b>&</b>";
    assert_eq!(meta(&tags, "og:title"), Some(expected_title));
    assert!(
        meta(&tags, "og:image:alt")
            .unwrap()
            .starts_with(expected_title)
    );
    let (width, height, _) = decode_png(&files["team-a/sprint-01/card.png"]);
    assert_eq!((width, height), (1200, 630));
}
