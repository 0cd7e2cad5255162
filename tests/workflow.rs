//! Day-to-day commands: init, new sprint and serve, used as a team lead would.

use crate::common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{VALID_SPRINT, assert_success, epoch_of, sprintgen, sprintgen_command, write_site};

/// `init` then `check --strict` as of `day`, in `dir`; what `check` printed.
fn init_and_check_on(day: &str, dir: &std::path::Path, args: &[&str]) -> String {
    let run = |args: &[&str], cwd: &std::path::Path| {
        let out = sprintgen_command()
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", epoch_of(day))
            .output()
            .unwrap();
        assert_success(&out);
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    run(&[&["init", "site"], args].concat(), dir);
    run(&["check", "--strict"], &dir.join("site"))
}

/// A team that starts on a weekend or a holiday gets a sample that passes `check --strict`:
/// its work and stand-up fall on the last working day, its sprint spans the day.
#[test]
fn init_makes_a_valid_site_on_every_day_of_the_week_and_on_a_holiday() {
    // Monday 30 November to Sunday 6 December 2026.
    for day in 30..=36 {
        let day = if day <= 30 {
            format!("2026-11-{day}")
        } else {
            format!("2026-12-{:02}", day - 30)
        };
        let dir = tempfile::tempdir().unwrap();
        let checked = init_and_check_on(&day, dir.path(), &[]);
        assert_eq!(checked, "no problems found\n", "init on {day}");
    }
    // Tuesday 8 December 2026 is a holiday of the site `init --force` completes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    std::fs::write(
        dir.path().join("site/sprintgen.toml"),
        "title = \"Reports\"\n[calendar]\nholidays = [2026-12-08]\n",
    )
    .unwrap();
    let checked = init_and_check_on("2026-12-08", dir.path(), &["--force"]);
    assert_eq!(checked, "no problems found\n", "init on a holiday");
    let sprint = std::fs::read_to_string(dir.path().join("site/content/my-team/sprint-01.toml"));
    let sprint = sprint.unwrap();
    for line in [
        "start = 2026-12-07",
        "done_on = 2026-12-07",
        "date = 2026-12-07",
    ] {
        assert!(sprint.contains(line), "{line} in:\n{sprint}");
    }
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("reports");
    let out = sprintgen(&["init", "reports"], dir.path());
    assert_success(&out);
    for file in [
        "sprintgen.toml",
        "content/my-team/team.toml",
        "content/my-team/sprint-01.toml",
        ".gitignore",
        ".github/workflows/sprintgen.yml",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    let check = sprintgen(&["check", "--strict"], &site);
    assert_success(&check);
    assert_eq!(
        String::from_utf8_lossy(&check.stderr),
        "no problems found\n",
        "a fresh site has no problems, base_url or not"
    );
    let build = sprintgen(
        &["build", "--base-url", "https://example.org/reports/"],
        &site,
    );
    assert_success(&build);
    // The spare folder and the lock file beside the output are ignored alike.
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == ".*.sprintgen-*"), "{ignored}");
    assert!(site.join(".public.sprintgen-lock").is_file());
    let page = std::fs::read_to_string(site.join("public/my-team/sprint-01/index.html")).unwrap();
    assert!(
        page.contains("First sprint") && page.contains("class=\"badge s-active\""),
        "the sample sprint is in progress"
    );

    // Editors find each file's schema: by its `#:schema` line, and by the rules of .taplo.toml.
    for (file, directive) in [
        (
            "sprintgen.toml",
            "#:schema ./.sprintgen/schemas/site.schema.json\n",
        ),
        (
            "content/my-team/team.toml",
            "#:schema ../../.sprintgen/schemas/team.schema.json\n",
        ),
        (
            "content/my-team/sprint-01.toml",
            "#:schema ../../.sprintgen/schemas/sprint.schema.json\n",
        ),
    ] {
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(text.starts_with(directive), "{file}: {text}");
        let schema = directive.trim_start_matches("#:schema ").trim_end();
        let parent = site.join(file).parent().unwrap().to_path_buf();
        assert!(
            parent.join(schema).is_file(),
            "{file} names a missing schema"
        );
    }
    let taplo = std::fs::read_to_string(site.join(".taplo.toml")).unwrap();
    assert!(
        taplo.contains("include = [\"content/*/sprint*.toml\"]"),
        "{taplo}"
    );

    let workflow = std::fs::read_to_string(site.join(".github/workflows/sprintgen.yml")).unwrap();
    for step in [
        "sprintgen check --format github",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
        "pages: write",
        "id-token: write",
        "--base-url",
        "schedule:",
        "sprintgen diff .sprintgen-base >> \"$GITHUB_STEP_SUMMARY\"",
        "sprintgen report --summary",
        &format!("uses: sprintgen/sprintgen@v{}", env!("CARGO_PKG_VERSION")),
    ] {
        assert!(workflow.contains(step), "workflow lacks {step}");
    }
    assert!(
        !workflow.contains("cargo install"),
        "a prebuilt binary, not a compile per run"
    );
}

/// Runs git in `dir`; its output.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The workflow publishes from the repository's default branch, as git names it.
#[test]
fn init_publishes_from_the_repository_s_branch() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "trunk"]);
    assert_success(&sprintgen(&["init"], dir.path()));
    let workflow =
        std::fs::read_to_string(dir.path().join(".github/workflows/sprintgen.yml")).unwrap();
    assert!(
        workflow.contains("    branches: [\"trunk\"]\n"),
        "{workflow}"
    );
}

/// `init --force` in a repository with a `.gitignore` of its own adds the rules it lacks and
/// says so; then neither the output nor the work files of any output folder (`-o docs`) are
/// left for git to add.
#[test]
fn init_completes_an_existing_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    std::fs::write(dir.path().join(".gitignore"), "target/\npublic").unwrap();
    let out = sprintgen(&["init", "--force", "."], dir.path());
    assert_success(&out);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("added to ./.gitignore: .*.sprintgen-* /.sprintgen/notify-state.json\n"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "target/\npublic\n# sprintgen: the output, a build's work files beside it, notify's last posts\n.*.sprintgen-*\n/.sprintgen/notify-state.json\n"
    );
    // A second run has nothing to add.
    let again = sprintgen(&["init", "--force", "."], dir.path());
    assert!(!String::from_utf8_lossy(&again.stderr).contains("added to"));
    assert_success(&sprintgen(&["build", "-q"], dir.path()));
    assert_success(&sprintgen(&["build", "-q", "-o", "docs"], dir.path()));
    assert!(dir.path().join(".docs.sprintgen-lock").is_file());
    assert!(dir.path().join(".public.sprintgen-lock").is_file());
    let untracked = git(
        dir.path(),
        &["status", "--porcelain", "--untracked-files=all"],
    );
    let work_files: Vec<&str> = untracked
        .lines()
        .filter(|l| {
            l.contains(".docs.sprintgen-")
                || l.contains(".public.sprintgen-")
                || l.contains(" public/")
        })
        .collect();
    assert!(work_files.is_empty(), "{untracked}");
    // The `-o` folder itself is the user's to publish (GitHub Pages from `docs/`).
    assert!(untracked.contains("?? docs/index.html"), "{untracked}");
}

#[test]
fn init_refuses_a_folder_in_use_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sprintgen.toml"), "mine").unwrap();
    let out = sprintgen(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    let out = sprintgen(&["init", "--force"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sprintgen.toml")).unwrap(),
        "mine"
    );
    assert!(dir.path().join("content/my-team/sprint-01.toml").is_file());
}

#[test]
fn new_sprint_writes_the_next_file_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        &VALID_SPRINT.replace(
            "status = \"done\"\ndone_on = 2025-11-04\n",
            "status = \"in-progress\"\n",
        ),
    );
    let out = sprintgen(&["new", "sprint"], dir.path());
    assert_success(&out);
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(path.ends_with("content/team-a/sprint-02.toml"), "{path}");
    let text = std::fs::read_to_string(dir.path().join(&path)).unwrap();
    // Sprint 1 ran Mon 3 to Fri 14 Nov; Mon 17 is the next working day.
    assert!(
        text.starts_with(
            "#:schema ../../.sprintgen/schemas/sprint.schema.json\nnumber = 2\ntitle = \"Sprint 2\"\nstart = 2025-11-17\nend = 2025-11-28\n"
        ),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("run `sprintgen schema --write`"),
        "the site has no schemas yet"
    );
    assert!(
        text.contains("id = \"A-1\"") && text.contains("carried_from = 1"),
        "{text}"
    );
    let build = sprintgen(&["build", "--as-of", "2025-11-18"], dir.path());
    assert_success(&build);
    let page =
        std::fs::read_to_string(dir.path().join("public/team-a/sprint-02/index.html")).unwrap();
    assert!(page.contains("carried over from sprint 1"));

    // A folder where the next file would go: refused, nothing replaced.
    std::fs::create_dir_all(dir.path().join("content/team-a/sprint-03.toml")).unwrap();
    let out = sprintgen(&["new", "sprint", "--team", "team-a"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let out = sprintgen(&["new", "sprint", "--team", "nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the teams are `team-a`"));
}

#[test]
fn new_team_writes_a_team_with_its_first_sprint() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    // From inside the site: a team folder, as cargo finds Cargo.toml from any subfolder.
    let out = sprintgen(
        &["new", "team", "platform", "--name", "Platform & Ops"],
        &dir.path().join("content/team-a"),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "../../content/platform/team.toml\n../../content/platform/sprint-01.toml\n"
    );
    let team = std::fs::read_to_string(dir.path().join("content/platform/team.toml")).unwrap();
    assert!(
        team.starts_with(
            "#:schema ../../.sprintgen/schemas/team.schema.json\nname = \"Platform & Ops\"\n"
        ),
        "{team}"
    );
    // As of Wednesday 5 Nov: from that day to Tuesday 18 Nov, two weeks of working days.
    let sprint =
        std::fs::read_to_string(dir.path().join("content/platform/sprint-01.toml")).unwrap();
    assert_eq!(
        sprint,
        "#:schema ../../.sprintgen/schemas/sprint.schema.json\nnumber = 1\ntitle = \"Sprint 1\"\nstart = 2025-11-05\nend = 2025-11-18\n"
    );
    let build = sprintgen(&["build"], dir.path());
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        dir.path()
            .join("public/platform/sprint-01/index.html")
            .is_file()
    );

    let again = sprintgen(&["new", "team", "platform", "--name", "P"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("`content/platform` already exists"));
    let bad = sprintgen(&["new", "team", "Platform Team", "--name", "P"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot be a team's folder name"));
    // Now two teams: an edit must say which.
    let edit = sprintgen(&["item", "done", "A-1"], dir.path());
    assert_eq!(edit.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&edit.stderr)
            .contains("choose one with --team: `platform`, `team-a`")
    );
}

#[test]
fn completions_are_printed_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = sprintgen(&["completions", shell], dir.path());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["sprintgen", "standup", "estimate", "dry-run"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let out = sprintgen(&["completions", "tcsh"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

/// A raw HTTP/1.0 GET, so the path reaches the server exactly as written.
fn get(address: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A sprint file that is added is served, and one that is removed stops being served (its
/// removal is the only event it gives).
#[test]
fn serve_follows_added_and_removed_sprints() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let options = sprintgen::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let running = sprintgen::serve(options, "127.0.0.1:0").unwrap();
    let address = running.address;
    assert_eq!(get(address, "/team-a/sprint-02/").0, 404);

    let second = dir.path().join("content/team-a/sprint-02.toml");
    let sprint_two = VALID_SPRINT
        .replace("number = 1", "number = 2")
        .replace("\"First\"", "\"Second\"")
        .replace("2025-11-03", "2025-11-17")
        .replace("2025-11-14", "2025-11-28")
        .replace(
            "status = \"done\"\ndone_on = 2025-11-04",
            "status = \"todo\"",
        );
    std::fs::write(&second, sprint_two).unwrap();
    wait_for("the added sprint", || {
        get(address, "/team-a/sprint-02/").1.contains("Second")
    });

    std::fs::remove_file(&second).unwrap();
    wait_for("the removed sprint", || {
        get(address, "/team-a/sprint-02/").0 == 404
    });
    assert_eq!(get(address, "/team-a/sprint-01/").0, 200);
}

/// Starts `sprintgen serve` with `args` in `cwd`; returns the process and the address from its
/// first line ("serving on http://127.0.0.1:PORT/").
fn spawn_serve(args: &[&str], cwd: &std::path::Path) -> (KillOnDrop, SocketAddr) {
    let mut child = KillOnDrop(
        common::sprintgen_command()
            .arg("serve")
            .args(args)
            .current_dir(cwd)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stderr = std::io::BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    let address: SocketAddr = loop {
        line.clear();
        let read = std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
        assert!(read > 0, "serve {args:?} stopped before serving");
        if let Some(rest) = line.trim().strip_prefix("serving on http://") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    (child, address)
}

/// `serve --root --as-of --drafts`: the site named, as of that day, with its drafts.
#[test]
fn serve_takes_the_root_the_as_of_date_and_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_example(&site, "");
    std::fs::write(
        site.join("content/notes.md"),
        "+++\ntitle = \"Draft notes\"\ndraft = true\n+++\nNot yet.\n",
    )
    .unwrap();
    let (_child, address) = spawn_serve(
        &[
            "--root",
            "site",
            "--as-of",
            "2025-10-27",
            "--drafts",
            "--port",
            "0",
        ],
        dir.path(),
    );
    let (status, notes) = get(address, "/notes/");
    assert_eq!(status, 200);
    assert!(notes.contains("Draft notes"), "{notes}");
    let (_, sprint) = get(address, "/alphapulse/sprint-04/");
    assert!(
        sprint.contains("<time datetime=\"2025-10-27\">"),
        "as of 27 Oct"
    );
}

/// `sprintgen serve` in a site folder, with the default `--root .`, notices edits made the way
/// editors and tools make them: in place, and by writing a new file over the old one.
#[test]
fn serve_from_a_relative_root_notices_edits() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    let (_child, address) = spawn_serve(&["--port", "0"], dir.path());
    let sprint = dir.path().join("content/team-a/sprint-01.toml");
    std::fs::write(
        &sprint,
        VALID_SPRINT.replace("title = \"First\"", "title = \"In place\""),
    )
    .unwrap();
    wait_for("an edit in place", || {
        get(address, "/team-a/sprint-01/").1.contains("In place")
    });
    let replacement = dir.path().join("content/team-a/.sprint-01.toml.new");
    std::fs::write(
        &replacement,
        VALID_SPRINT.replace("title = \"First\"", "title = \"Renamed over\""),
    )
    .unwrap();
    std::fs::rename(&replacement, &sprint).unwrap();
    wait_for("a file renamed over the old one", || {
        get(address, "/team-a/sprint-01/")
            .1
            .contains("Renamed over")
    });
}

/// Stops the server even when the test fails.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_rebuilds_on_change_shows_errors_and_never_leaves_the_site() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    std::fs::write(dir.path().join("secret.txt"), "do not serve").unwrap();
    let options = sprintgen::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let running = sprintgen::serve(options, "127.0.0.1:0").unwrap();
    let address = running.address;
    assert!(address.ip().is_loopback());

    let (status, page) = get(address, "/team-a/sprint-01/");
    assert_eq!(status, 200);
    assert!(
        page.contains("First") && page.contains("/__sprintgen/version"),
        "live reload script injected"
    );
    assert_eq!(get(address, "/team-a/sprint-01").0, 301);
    assert_eq!(get(address, "/style.css").0, 200);
    for escape in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/team-a/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "//secret.txt",
        "/..\\secret.txt",
        "/sprintgen.toml",
    ] {
        let (status, body) = get(address, escape);
        assert_eq!(status, 404, "{escape}");
        assert!(!body.contains("do not serve"), "{escape}");
    }

    // An edit shows up.
    let version = running.version();
    let sprint = dir.path().join("content/team-a/sprint-01.toml");
    std::fs::write(
        &sprint,
        VALID_SPRINT.replace("title = \"First\"", "title = \"Renamed\""),
    )
    .unwrap();
    wait_for("the rebuild", || {
        get(address, "/team-a/sprint-01/").1.contains("Renamed")
    });
    assert!(running.version() > version);

    // A broken file keeps the last good site, with the diagnostics over it, which open pages
    // reload for.
    let good = running.version();
    std::fs::write(&sprint, VALID_SPRINT.replace("points = 3", "pionts = 3")).unwrap();
    wait_for("the error overlay", || {
        get(address, "/team-a/sprint-01/")
            .1
            .contains("sprintgen-errors")
    });
    assert!(running.version() > good);
    let (status, page) = get(address, "/team-a/sprint-01/");
    assert_eq!(status, 200);
    assert!(page.contains("Renamed"), "still the last good build");
    assert!(
        page.contains("unknown field `pionts`")
            && page.contains("content/team-a/sprint-01.toml:9:1")
    );

    // Fixed again: the overlay goes away, after a full build that open pages reload for.
    let broken = running.version();
    std::fs::write(&sprint, VALID_SPRINT).unwrap();
    wait_for("the fixed build", || {
        !get(address, "/team-a/sprint-01/")
            .1
            .contains("sprintgen-errors")
    });
    assert!(running.version() > broken);

    // An edit that takes the file over the size limit is refused as a full build would.
    let padding = format!("# {}\n", "x".repeat(99)).repeat(102_500);
    std::fs::write(&sprint, format!("{VALID_SPRINT}{padding}")).unwrap();
    wait_for("the size limit", || {
        get(address, "/team-a/sprint-01/")
            .1
            .contains("over the limit of 10 MB for an input file")
    });
}
