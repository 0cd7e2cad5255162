//! The command line as a user meets it: exit codes, messages with file:line:col, and a failed
//! build that leaves the previous output untouched.

use crate::common;

use common::{VALID_SPRINT, assert_success, read_tree, sprintgen, write_site};

#[test]
fn build_writes_the_site_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let out = sprintgen(&["build"], dir.path());
    assert_success(&out);
    assert!(
        dir.path()
            .join("public/team-a/sprint-01/index.html")
            .is_file()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("built 1 sprint pages"), "{stderr}");
}

/// Builds a good site, breaks the sprint file, builds again: exit 1, the message, and the
/// previous output byte for byte.
fn assert_broken(sprint_toml: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(0));
    let before = read_tree(&dir.path().join("public"));

    std::fs::write(
        dir.path().join("content/team-a/sprint-01.toml"),
        sprint_toml,
    )
    .unwrap();
    let out = sprintgen(&["build"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for needle in expected {
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        read_tree(&dir.path().join("public")),
        before,
        "the previous output changed"
    );
}

#[test]
fn a_type_error_names_file_line_and_column() {
    assert_broken(
        &VALID_SPRINT.replace("points = 3", "points = \"three\""),
        &[
            "error: `points` must be a number, not the text \"three\"",
            "--> content/team-a/sprint-01.toml:9:10",
            "9 | points = \"three\"",
            "  |          ^^^^^^^",
        ],
    );
}

/// Links to the tracker are checked as they are read: only http(s) URLs, and a template
/// that says where the id goes; each mistake at its line and column.
#[test]
fn a_link_to_the_tracker_that_is_not_http_or_lacks_its_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        &format!("{VALID_SPRINT}url = \"javascript:alert(1)\"\n"),
    );
    std::fs::write(
        dir.path().join("content/team-a/team.toml"),
        "name = \"Team A\"\nitem_url = \"https://tracker.example/browse/\"\n",
    )
    .unwrap();
    let out = sprintgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "error: an item's `url` must be an http or https URL, such as \"https://github.com/org/repo/issues/12\", not `javascript:alert(1)`",
        "--> content/team-a/sprint-01.toml:12:7",
        "error: `item_url` needs `{id}` where the item's id goes, such as \"https://example.atlassian.net/browse/{id}\"; `https://tracker.example/browse/` has none",
        "--> content/team-a/team.toml:2:12",
    ] {
        assert!(stderr.contains(expected), "{expected} in:\n{stderr}");
    }
}

#[test]
fn an_unknown_field_suggests_the_right_name() {
    assert_broken(
        &VALID_SPRINT.replace("points = 3", "pionts = 3"),
        &[
            "error: unknown field `pionts`",
            "--> content/team-a/sprint-01.toml:9:1",
            "help: did you mean `points`?",
        ],
    );
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    assert_broken(
        &VALID_SPRINT.replace("title = \"First\"", "title = \"First"),
        &["--> content/team-a/sprint-01.toml:2:", "error: "],
    );
}

#[test]
fn errors_from_every_file_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        &VALID_SPRINT.replace("points = 3", "points = -3"),
    );
    std::fs::write(
        dir.path().join("content/team-a/team.toml"),
        "name = \"Team A\"\nvelocity_windw = 3\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/team-a/sprint-02.toml"),
        "number = 2\ntitle = 5\n",
    )
    .unwrap();
    let out = sprintgen(&["build"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Sorted by file and line: the negative points of the sprint that parsed (checked although
    // other files have errors), every missing field and the wrong type of the broken sprint,
    // then the team file's typo.
    let order: Vec<usize> = [
        "content/team-a/sprint-01.toml:9:10",
        "error: the file has no `start`",
        "error: the file has no `end`",
        "content/team-a/sprint-02.toml:2:9",
        "content/team-a/team.toml:2:1",
    ]
    .iter()
    .map(|needle| stderr.find(needle).expect(&stderr))
    .collect();
    assert!(
        order.is_sorted(),
        "diagnostics are sorted by file:\n{stderr}"
    );
    assert!(stderr.contains("5 errors"), "{stderr}");
}

#[test]
fn validation_errors_point_at_the_value() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        &VALID_SPRINT.replace("done_on = 2025-11-04\n", ""),
    );
    let out = sprintgen(&["check"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `A-1` is done but has no `done_on` date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/team-a/sprint-01.toml:10:10"),
        "{stderr}"
    );
}

#[test]
fn check_github_format_prints_annotations() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        &VALID_SPRINT.replace("points = 3", "pionts = 3"),
    );
    let out = sprintgen(&["check", "--format", "github"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "::error file=content/team-a/sprint-01.toml,line=9,col=1::unknown field `pionts`"
        ),
        "{stdout}"
    );
    assert!(!dir.path().join("public").exists(), "check must not write");
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let out = sprintgen(&["build", "--as-of", "28/10/2025"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected YYYY-MM-DD"));
    let out = sprintgen(&["build", "-o", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write the site into `.`"));
    assert!(dir.path().join("content/team-a/team.toml").is_file());
}

/// `SOURCE_DATE_EPOCH` stands in for the clock; a malformed one is refused, never ignored.
#[test]
fn source_date_epoch_sets_today_and_a_malformed_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    std::fs::write(dir.path().join("sprintgen.toml"), "title = \"T\"\n").unwrap();
    let run = |epoch: &str| {
        common::sprintgen_command()
            .args(["report", "--format", "json"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap()
    };
    // 1762344000 is 2025-11-05 12:00 UTC; the day's figures are as of that day.
    let out = run("1762344000");
    assert_success(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\"as_of\": \"2025-11-05\""),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run("yesterday");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`SOURCE_DATE_EPOCH` is `yesterday`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_missing_site_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = sprintgen(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // One error, the root cause: not also the `content/` folder a non-site lacks, nor the
    // system's "(os error 2)".
    assert!(
        stderr.starts_with("error: not in a sprintgen site: there is no `sprintgen.toml` here")
            && stderr.contains("or in any folder above")
            && stderr.contains("sprintgen init")
            && stderr.contains("1 error, 0 warnings")
            && !stderr.contains("os error"),
        "{stderr}"
    );
    let elsewhere = dir.path().join("nowhere");
    let out = sprintgen(
        &["check", "--root", elsewhere.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nowhere` is not a sprintgen site: it has no `sprintgen.toml`"),
        "{stderr}"
    );
}

#[test]
fn rebuilding_keeps_dotfiles_and_removes_stale_pages() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(0));
    std::fs::create_dir_all(dir.path().join("public/.git")).unwrap();
    std::fs::write(
        dir.path().join("public/.git/HEAD"),
        "ref: refs/heads/gh-pages\n",
    )
    .unwrap();
    std::fs::rename(
        dir.path().join("content/team-a/sprint-01.toml"),
        dir.path().join("content/team-a/sprint-07.toml"),
    )
    .unwrap();
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(0));
    assert!(
        dir.path().join("public/.git/HEAD").is_file(),
        ".git was lost"
    );
    assert!(
        dir.path()
            .join("public/team-a/sprint-07/index.html")
            .is_file()
    );
    assert!(
        !dir.path().join("public/team-a/sprint-01").exists(),
        "stale page kept"
    );
}

/// The replaced output is kept as a spare and the next build writes into it: whatever the
/// spare holds (stale pages and folders, a file where a folder goes, a folder or a socket
/// where a file goes, a link pointing out of it), the result is byte for byte a fresh build,
/// and files whose bytes did not change are not rewritten.
#[cfg(unix)]
#[test]
fn rebuilds_reuse_the_previous_output_and_equal_a_fresh_build() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    let build = |args: &[&str]| assert_success(&sprintgen(args, root));
    build(&["build"]);
    build(&["build"]);
    let spare = root.join(".public.sprintgen-previous");
    assert!(spare.join("team-a/sprint-01/index.html").is_file());

    // Mischief in the spare, and a changed site: a renamed sprint, a new title.
    std::fs::write(root.join("victim.txt"), "keep me").unwrap();
    std::fs::remove_file(spare.join("style.css")).unwrap();
    std::os::unix::fs::symlink(root.join("victim.txt"), spare.join("style.css")).unwrap();
    std::fs::remove_dir_all(spare.join("team-a")).unwrap();
    std::fs::write(spare.join("team-a"), "a file where a folder goes").unwrap();
    std::fs::remove_file(spare.join("404.html")).unwrap();
    std::fs::create_dir_all(spare.join("404.html/a folder where a file goes")).unwrap();
    // Neither a file, a folder nor a link: a socket where a file goes.
    std::fs::remove_file(spare.join("feed.xml")).unwrap();
    drop(std::os::unix::net::UnixListener::bind(spare.join("feed.xml")).unwrap());
    // A folder replaced by a link to one outside, holding a file where the build puts one.
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::write(root.join("outside/team-a.json"), "keep me too").unwrap();
    std::fs::remove_dir_all(spare.join("data")).unwrap();
    std::os::unix::fs::symlink(root.join("outside"), spare.join("data")).unwrap();
    std::fs::remove_file(root.join("content/team-a/sprint-01.toml")).unwrap();
    std::fs::write(
        root.join("content/team-a/sprint-02.toml"),
        VALID_SPRINT
            .replace("number = 1", "number = 2")
            .replace("First", "Second"),
    )
    .unwrap();
    build(&["build"]);
    build(&["build", "-o", "fresh"]);
    let fresh = read_tree(&root.join("fresh"));
    assert_eq!(read_tree(&root.join("public")), fresh, "build 3");
    assert_eq!(
        std::fs::read_to_string(root.join("victim.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(read_tree(&root.join("outside")).len(), 1);
    assert_eq!(
        std::fs::read_to_string(root.join("outside/team-a.json")).unwrap(),
        "keep me too"
    );
    assert!(
        !root.join("public/team-a/sprint-01").exists(),
        "stale page kept"
    );

    // Build 4 takes for its staging the spare that build 3 replaced: build 2's output, which
    // still holds the renamed sprint's page. Nothing of it may stay.
    assert!(spare.join("team-a/sprint-01/index.html").is_file());
    build(&["build"]);
    assert_eq!(read_tree(&root.join("public")), fresh, "build 4");
    assert!(
        !root.join("public/team-a/sprint-01").exists(),
        "stale folder kept"
    );
    assert!(spare.join("team-a/sprint-02/index.html").is_file());

    // Nothing changes from now on: once the spare holds the same site, a build finds every
    // file as it is and keeps it.
    let kept = std::fs::metadata(spare.join("index.html")).unwrap();
    build(&["build"]);
    let now = std::fs::metadata(root.join("public/index.html")).unwrap();
    assert_eq!(
        (now.ino(), now.mtime_nsec()),
        (kept.ino(), kept.mtime_nsec())
    );
    assert_eq!(read_tree(&root.join("public")), fresh, "build 5");
}

/// A build that fails after taking the spare for its staging leaves the output as it was and
/// gives the spare back; the next good build is still a fresh build's bytes.
#[test]
fn a_failed_rebuild_leaves_the_output_and_gives_the_spare_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    assert_success(&sprintgen(&["build"], root));
    let before = read_tree(&root.join("public"));
    let spare = root.join(".public.sprintgen-previous");
    assert!(spare.is_dir());

    let sprint = root.join("content/team-a/sprint-01.toml");
    std::fs::write(&sprint, VALID_SPRINT.replace("points = 3", "points = -3")).unwrap();
    assert_eq!(sprintgen(&["build"], root).status.code(), Some(1));
    assert_eq!(read_tree(&root.join("public")), before);
    assert!(spare.is_dir(), "the spare was not given back");

    std::fs::write(&sprint, VALID_SPRINT.replace("Something", "Something else")).unwrap();
    assert_success(&sprintgen(&["build"], root));
    assert_success(&sprintgen(&["build", "-o", "fresh"], root));
    assert_eq!(
        read_tree(&root.join("public")),
        read_tree(&root.join("fresh"))
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    std::fs::create_dir_all(dir.path().join("public")).unwrap();
    std::fs::write(dir.path().join("public/notes.txt"), "mine").unwrap();
    let out = sprintgen(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn refuses_dangerous_output_folders_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    write_site(&site, VALID_SPRINT);
    let other_site = dir.path().join("other");
    std::fs::create_dir_all(&other_site).unwrap();
    std::fs::write(other_site.join("sprintgen.toml"), "title = \"x\"\n").unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let before = read_tree(dir.path());
    for (output, reason) in [
        (".", "it is the site's own folder"),
        ("..", "it contains the site's own folder"),
        ("../other", "it holds `content/` or `sprintgen.toml`"),
        ("../home", "it is your home folder"),
    ] {
        let out = common::sprintgen_command()
            .args(["build", "-o", output])
            .current_dir(&site)
            .env("HOME", &home)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{output}: {stderr}");
        assert!(stderr.contains(reason), "{output}: {stderr}");
        assert!(stderr.contains("help: use a folder of its own"), "{stderr}");
    }
    assert_eq!(
        read_tree(dir.path()),
        before,
        "a refused build changed files"
    );
}

#[test]
fn an_interrupted_build_is_recovered_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(0));
    // A build killed after moving the old site aside, with a half-written staging folder.
    std::fs::rename(
        dir.path().join("public"),
        dir.path().join(".public.sprintgen-old-99999"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".public.sprintgen-staging-99999/team-a")).unwrap();
    // The next build fails on bad data: the previous site must come back untouched.
    std::fs::write(
        dir.path().join("content/team-a/sprint-01.toml"),
        "number = \"x\"\n",
    )
    .unwrap();
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(1));
    assert!(
        dir.path()
            .join("public/team-a/sprint-01/index.html")
            .is_file(),
        "even a failed build puts the previous site back"
    );
    std::fs::write(
        dir.path().join("content/team-a/sprint-01.toml"),
        VALID_SPRINT,
    )
    .unwrap();
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(0));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("sprintgen-")
            && n != ".public.sprintgen-previous"
            && n != ".public.sprintgen-lock"),
        "leftovers: {names:?}"
    );
    assert!(
        dir.path()
            .join("public/team-a/sprint-01/index.html")
            .is_file()
    );
}

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    std::fs::write(
        dir.path().join("content/team-a/retro.md"),
        "+++\ntitle = \"Retro\"\ndraft = true\n+++\nNot yet.\n",
    )
    .unwrap();
    assert_eq!(sprintgen(&["build"], dir.path()).status.code(), Some(0));
    assert!(!dir.path().join("public/team-a/retro").exists());
    assert_eq!(
        sprintgen(&["build", "--drafts"], dir.path()).status.code(),
        Some(0)
    );
    assert!(dir.path().join("public/team-a/retro/index.html").is_file());
}

#[test]
fn base_url_flag_overrides_the_config_and_cname_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let config = dir.path().join("sprintgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}cname = \"reports.example.org\"\n")).unwrap();
    let out = sprintgen(
        &["build", "--base-url", "https://reports.example.org"],
        dir.path(),
    );
    assert_success(&out);
    let feed = std::fs::read_to_string(dir.path().join("public/feed.xml")).unwrap();
    assert!(
        feed.contains("<id>https://reports.example.org/team-a/sprint-01/</id>"),
        "{feed}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/CNAME")).unwrap(),
        "reports.example.org\n"
    );
}

/// The feed lists the 50 most recently updated sprints, newest first, whatever the site's size,
/// and only updates that happened.
#[test]
fn the_feed_lists_the_fifty_newest_sprint_updates() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    for n in 1..=55 {
        let day = (n - 1) % 28 + 1;
        let month = (n - 1) / 28 + 9;
        std::fs::write(
            dir.path()
                .join(format!("content/team-a/sprint-{n:02}.toml")),
            VALID_SPRINT
                .replace("number = 1", &format!("number = {n}"))
                .replace(
                    "end = 2025-11-14",
                    &format!("end = 2025-11-14\nupdated = 2025-{month:02}-{day:02}"),
                ),
        )
        .unwrap();
    }
    // A planned sprint (the site is as of 5 November) has had no update to announce yet: it
    // has no entry, and nothing in the feed is dated in the future.
    std::fs::write(
        dir.path().join("content/team-a/sprint-56.toml"),
        "number = 56\ntitle = \"Planned\"\nstart = 2025-12-01\nend = 2025-12-12\n",
    )
    .unwrap();
    assert_success(&sprintgen(&["build"], dir.path()));
    let feed = std::fs::read_to_string(dir.path().join("public/feed.xml")).unwrap();
    assert!(!feed.contains("sprint-56"), "{feed}");
    let ids: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|e| e.split("/</id>").next()?.rsplit('/').next())
        .collect();
    let expected: Vec<String> = (6..=55).rev().map(|n| format!("sprint-{n:02}")).collect();
    assert_eq!(ids, expected);
    assert!(feed.contains("<updated>2025-10-27T00:00:00Z</updated>\n  <author>"));
}

/// The summary counts the sprint pages and the charts drawn on all pages (5 for this site of
/// one sprint in progress with one item: its burndown and burn-up, the team's velocity, the
/// sparkline of the current sprint on the portfolio and on the team page; the trends wait for a
/// closed sprint, so say so in words).
#[test]
fn the_summary_counts_pages_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let out = sprintgen(&["build"], dir.path());
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("built 1 sprint pages, 5 charts, as of 2025-11-05"),
        "{stderr}"
    );
}

/// A broken link is underlined where it is written: in a sprint file, or in the site's settings
/// for the index page (the settings are searched first there, then the teams' files).
#[test]
fn a_broken_link_is_underlined_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let sprint = format!(
        "{VALID_SPRINT}\n[[references]]\ntitle = \"Design doc\"\nurl = \"docs/design.md\"\n"
    );
    write_site(dir.path(), &sprint);
    std::fs::write(
        dir.path().join("sprintgen.toml"),
        "title = \"T\"\ndescription = \"See [the guide](guide.html).\"\nas_of = 2025-11-05\n",
    )
    .unwrap();
    let out = sprintgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        " --> sprintgen.toml:2:32\n  |\n2 | description = \"See [the guide](guide.html).\"\n  |                                ^^^^^^^^^^\n",
        " --> content/team-a/sprint-01.toml:15:8\n   |\n15 | url = \"docs/design.md\"\n   |        ^^^^^^^^^^^^^^\n",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
}

/// A value that does not read is one error: what only follows from it (a done item then
/// without its date, an item then with a date but no `done`) is left out until it is fixed.
#[test]
fn problems_that_follow_from_a_bad_value_are_left_out() {
    for (from, to, expected) in [
        (
            "done_on = 2025-11-04",
            "done_on = \"x\"",
            "error: `done_on` must be a date, not the text \"x\"",
        ),
        (
            "status = \"done\"",
            "status = \"finished\"",
            "error: `finished` is not a valid value for `status`: use one of `todo`, `in-progress`, `done` or `removed`",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &VALID_SPRINT.replace(from, to));
        let out = sprintgen(&["check"], dir.path());
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors, [expected], "{stderr}");
    }
}

/// A template that fails the same way on every sprint page is one error, not one per page.
#[test]
fn a_template_error_on_many_pages_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let second = VALID_SPRINT
        .replace("number = 1", "number = 2")
        .replace("2025-11-03", "2025-11-17")
        .replace("2025-11-14", "2025-11-28")
        .replace("status = \"done\"\ndone_on = 2025-11-04\n", "");
    std::fs::write(dir.path().join("content/team-a/sprint-02.toml"), second).unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/sprint.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ no_such_value }}{% endblock %}\n",
    )
    .unwrap();
    let out = sprintgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("the template uses `no_such_value`").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("1 error, 0 warnings"), "{stderr}");
}

/// `build -v` lists each phase's time in build order, the CPU times summed over threads
/// indented under `pages`, and the summary line's total is the wall time of the top-level
/// phases only.
#[test]
fn verbose_builds_list_the_phases_in_order() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let out = sprintgen(&["build", "-v"], dir.path());
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut phases = Vec::new();
    let (mut top_level_ms, mut parts_ms) = (0.0, 0.0);
    for line in stderr.lines().filter(|l| l.ends_with(" ms")) {
        let (name, time) = line.trim_end_matches(" ms").rsplit_once(' ').unwrap();
        let ms: f64 = time.parse().unwrap();
        let name = name.trim_end();
        if name.starts_with(' ') {
            parts_ms += ms;
        } else {
            top_level_ms += ms;
        }
        phases.push(name.to_string());
    }
    assert_eq!(
        phases,
        [
            "load",
            "validate",
            "metrics",
            "pages",
            "  contexts (cpu)",
            "  charts (cpu)",
            "  templates (cpu)",
            "  writing (cpu)",
            "files",
            "links",
            "swap",
        ],
        "{stderr}"
    );
    // Drawing the charts alone takes well over the 0.1 ms a line can show.
    assert!(parts_ms > 0.0, "the pages' parts took no time:\n{stderr}");
    let total: f64 = stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("built ")?
                .rsplit_once(" in ")?
                .1
                .strip_suffix(" s")
        })
        .unwrap()
        .parse()
        .unwrap();
    // The summary rounds to 10 ms, each phase to 0.1 ms.
    assert!(
        (total * 1000.0 - top_level_ms).abs() <= 5.0 + 0.05 * 11.0,
        "total {total} s, phases {top_level_ms} ms:\n{stderr}"
    );
}

/// Output to a closed pipe (`sprintgen check 2>&1 | head -1` once `head` is gone) is dropped,
/// and the command still exits with its own status instead of panicking (exit 101).
#[test]
fn closed_pipes_leave_the_exit_status_alone() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let run = |args: &[&str]| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        common::sprintgen_command()
            .args(args)
            .current_dir(dir.path())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(run(&["check"]), Some(0));
    assert_eq!(run(&["build", "-v"]), Some(0));
    assert_eq!(run(&["new", "sprint"]), Some(0));
    std::fs::write(
        dir.path().join("content/team-a/sprint-01.toml"),
        VALID_SPRINT.replace("points = 3", "points = -3"),
    )
    .unwrap();
    for format in ["human", "github", "json"] {
        assert_eq!(run(&["check", "--format", format]), Some(1), "{format}");
    }
    assert_eq!(run(&["build"]), Some(1));
    assert_eq!(run(&["--help"]), Some(0));
}

/// Without a `base_url` there is no feed or sitemap: `build` says so once, with how to set it;
/// `check` (which publishes nothing) does not.
#[test]
fn only_build_warns_about_a_missing_base_url() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    std::fs::write(
        dir.path().join("sprintgen.toml"),
        "title = \"Test site\"\nas_of = 2025-11-05\n",
    )
    .unwrap();
    let check = sprintgen(&["check", "--strict"], dir.path());
    assert_success(&check);
    assert_eq!(
        String::from_utf8_lossy(&check.stderr),
        "no problems found\n"
    );
    let build = sprintgen(&["build"], dir.path());
    assert_success(&build);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(
        stderr.matches("warning: no `base_url`").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: set `base_url` in sprintgen.toml or pass --base-url"),
        "{stderr}"
    );
    assert!(!dir.path().join("public/feed.xml").exists());
    let build = sprintgen(
        &["build", "--base-url", "https://example.org/r/"],
        dir.path(),
    );
    assert_success(&build);
    assert!(!String::from_utf8_lossy(&build.stderr).contains("base_url"));
    assert!(dir.path().join("public/feed.xml").exists());
}

/// Every command finds the site from a folder below it, as cargo finds `Cargo.toml`: paths in
/// messages stay relative to the site, and the output goes where the site says.
#[test]
fn commands_run_from_a_team_folder() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let team = dir.path().join("content/team-a");
    let out = sprintgen(&["build"], &team);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path()
            .join("public/team-a/sprint-01/index.html")
            .is_file()
    );
    assert!(!team.join("public").exists());
    std::fs::write(
        team.join("sprint-01.toml"),
        VALID_SPRINT.replace("points = 3", "pionts = 3"),
    )
    .unwrap();
    let out = sprintgen(&["check"], &team);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--> content/team-a/sprint-01.toml:9:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `check` looks at drafts too (they will be published one day) and takes `--as-of`.
#[test]
fn check_covers_drafts_and_the_as_of_date_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    common::copy_example(site, "");
    std::fs::write(
        site.join("content/notes.md"),
        "+++\ntitle = \"Notes\"\ndraft = true\n+++\nSee [x](alphapulse/nope/)\n",
    )
    .unwrap();
    let output = tempfile::tempdir().unwrap();
    let out_dir = output.path().join("public");
    assert_success(&sprintgen(
        &["build", "-q", "-o", out_dir.to_str().unwrap()],
        site,
    ));
    let check = sprintgen(&["check"], site);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stderr).starts_with(
            "error: broken link `alphapulse/nope/` on the generated page `notes/index.html`"
        ),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    std::fs::remove_file(site.join("content/notes.md")).unwrap();

    // LT done on 29 Oct, a day after the site's as-of date: an error unless checked as of then.
    let sprint = site.join("content/alphapulse/sprint-04.toml");
    let text = std::fs::read_to_string(&sprint).unwrap();
    let lt = "id = \"LT\"\ntitle = \"Load Testing\"\nepic = \"Load Testing\"\npoints = 9\nowner = \"Backend Engineer\"\nstatus = \"todo\"";
    assert!(text.contains(lt));
    std::fs::write(
        &sprint,
        text.replacen(
            lt,
            &lt.replace(
                "status = \"todo\"",
                "status = \"done\"\ndone_on = 2025-10-29",
            ),
            1,
        ),
    )
    .unwrap();
    assert_eq!(sprintgen(&["check"], site).status.code(), Some(1));
    let later = sprintgen(&["check", "--as-of", "2025-10-29"], site);
    assert_success(&later);
    assert_eq!(
        String::from_utf8_lossy(&later.stderr),
        "no problems found\n"
    );
}

/// With several teams, the team is the one `--team` names, else the one whose folder the
/// command runs in (or below); from anywhere else, an error that lists the teams.
#[test]
fn the_team_is_the_one_named_or_the_one_whose_folder_the_command_runs_in() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    write_site(site, VALID_SPRINT);
    std::fs::create_dir_all(site.join("content/team-b/notes")).unwrap();
    std::fs::write(site.join("content/team-b/team.toml"), "name = \"Team B\"\n").unwrap();
    std::fs::write(
        site.join("content/team-b/sprint-01.toml"),
        VALID_SPRINT.replace("A-1", "B-1"),
    )
    .unwrap();
    let report = |args: &[&str], cwd: &std::path::Path| {
        let out = sprintgen(&[&["report"], args].concat(), cwd);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), stdout, stderr)
    };
    let team_b = site.join("content/team-b");
    for (args, cwd) in [
        (&["--team", "team-b"][..], site),
        (&[][..], team_b.join("notes").as_path()),
        (
            &["--team", "team-b"][..],
            site.join("content/team-a").as_path(),
        ),
    ] {
        let (code, stdout, stderr) = report(args, cwd);
        assert_eq!(code, Some(0), "{args:?} in {cwd:?}: {stderr}");
        assert!(
            stdout.contains("B-1") && !stdout.contains("A-1"),
            "{args:?} in {cwd:?}: {stdout}"
        );
    }
    let (code, _, stderr) = report(&[], site);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("error: the site has several teams")
            && stderr.contains("choose one with --team: `team-a`, `team-b`"),
        "{stderr}"
    );
    let (code, _, stderr) = report(&["--team", "team-c"], &team_b);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("error: there is no team `team-c`")
            && stderr.contains("the teams are `team-a`, `team-b`"),
        "{stderr}"
    );
}
