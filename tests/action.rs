//! The GitHub Action's scripts (action.yml): which release binary each runner gets, and the
//! install: checksum checked, binary on PATH, and building from source where there is no
//! binary. Releases are served from a folder (`DOWNLOAD_BASE=file://…`), so no network.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::repo_root;

fn target(os: &str, arch: &str) -> Option<String> {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/action-target.sh"))
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .output()
        .expect("bash");
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap().trim().to_string())
}

#[test]
fn each_runner_gets_its_target() {
    let expected = [
        ("Linux", "X64", Some("x86_64-unknown-linux-musl")),
        ("Linux", "ARM64", Some("aarch64-unknown-linux-musl")),
        ("macOS", "X64", Some("x86_64-apple-darwin")),
        ("macOS", "ARM64", Some("aarch64-apple-darwin")),
        ("Windows", "X64", Some("x86_64-pc-windows-msvc")),
        ("Windows", "ARM64", None),
        ("Linux", "ARM", None),
        ("Linux", "X86", None),
        ("", "", None),
    ];
    for (os, arch, target_name) in expected {
        assert_eq!(target(os, arch).as_deref(), target_name, "{os}/{arch}");
    }
}

/// A release folder as GitHub serves it: `owner/name/releases/download/TAG/ARCHIVE` with the
/// archive's `.sha256` beside it (as scripts/package-release.sh writes it).
fn release(root: &Path, tag: &str, checksum_ok: bool) {
    let dir = root.join("sprintgen/sprintgen/releases/download").join(tag);
    std::fs::create_dir_all(&dir).unwrap();
    let stage = tempfile::tempdir().unwrap();
    std::fs::write(
        stage.path().join("sprintgen"),
        "#!/bin/sh\necho fake sprintgen\n",
    )
    .unwrap();
    let archive = "sprintgen-x86_64-unknown-linux-musl.tar.xz";
    let tar = Command::new("tar")
        .arg("-C")
        .arg(stage.path())
        .arg("-cJf")
        .arg(dir.join(archive))
        .arg("sprintgen")
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum")
        .arg(archive)
        .current_dir(&dir)
        .output()
        .unwrap();
    let mut line = String::from_utf8(sum.stdout).unwrap();
    if !checksum_ok {
        line = format!("{}{}", "0".repeat(64), &line[64..]);
    }
    std::fs::write(dir.join(format!("{archive}.sha256")), line).unwrap();
}

/// Runs the install script as the Action does; returns its success, its outputs and the
/// folders it put on PATH.
fn install(releases: &Path, version: &str) -> (bool, String, String) {
    install_at(releases, version, "main")
}

/// [`install`] of the action used at `action_ref`, its own checkout being this repository
/// (`scripts/..`) unless `GITHUB_ACTION_PATH` says otherwise: a test sets it in the folder
/// `releases` as `action/`.
fn install_at(releases: &Path, version: &str, action_ref: &str) -> (bool, String, String) {
    let work = tempfile::tempdir().unwrap();
    let (output, path) = (work.path().join("output"), work.path().join("path"));
    let action = releases.join("action");
    let mut command = Command::new("bash");
    if action.is_dir() {
        command.env("GITHUB_ACTION_PATH", &action);
    }
    let run = command
        .arg(repo_root().join("scripts/action-install.sh"))
        .env("INPUT_VERSION", version)
        .env("ACTION_REF", action_ref)
        .env("API_BASE", format!("file://{}/api", releases.display()))
        .env("REPOSITORY", "sprintgen/sprintgen")
        .env("DOWNLOAD_BASE", format!("file://{}", releases.display()))
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", work.path())
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_PATH", &path)
        .output()
        .unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let installed = read(&path).trim().to_string();
    if run.status.success() && !installed.is_empty() {
        let out = Command::new(Path::new(&installed).join("sprintgen"))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "fake sprintgen\n");
    }
    (run.status.success(), read(&output), installed)
}

#[test]
fn the_install_checks_the_checksum_and_falls_back_to_cargo() {
    let releases = tempfile::tempdir().unwrap();
    release(releases.path(), "v1.2.3", true);
    let (ok, outputs, path) = install(releases.path(), "v1.2.3");
    assert!(ok, "{outputs}");
    assert_eq!(outputs, "version=v1.2.3\nfallback=false\n");
    assert!(path.ends_with("sprintgen-v1.2.3"), "{path}");

    release(releases.path(), "v1.2.4", false);
    let (ok, _, path) = install(releases.path(), "v1.2.4");
    assert!(!ok, "a checksum that does not match stops the install");
    assert!(path.is_empty());

    // No such release: build from source.
    let (ok, outputs, _) = install(releases.path(), "v9.9.9");
    assert!(ok);
    assert_eq!(outputs, "version=v9.9.9\nfallback=true\nbuild-from=tag\n");
}

#[test]
fn the_version_is_a_tag_or_latest_and_else_the_action_s_own() {
    let releases = tempfile::tempdir().unwrap();
    release(releases.path(), "v1.2.3", true);
    release(releases.path(), "v2.0.0", true);
    // Anything but vX.Y.Z or `latest` stops the install before a line is written: a newline
    // cannot add outputs.
    for bad in [
        "v1.2.3\nfallback=false",
        "1.2.3",
        "v1.2",
        "main",
        "v1.2.3; id",
    ] {
        let (ok, outputs, path) = install(releases.path(), bad);
        assert!(
            !ok && outputs.is_empty() && path.is_empty(),
            "{bad:?}: {outputs}"
        );
    }
    // `latest` asks the releases API (served from the folder), and its answer is checked too.
    let api = releases
        .path()
        .join("api/repos/sprintgen/sprintgen/releases");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(api.join("latest"), r#"{"id": 1, "tag_name": "v2.0.0"}"#).unwrap();
    let (ok, outputs, _) = install(releases.path(), "latest");
    assert!(ok);
    assert_eq!(outputs, "version=v2.0.0\nfallback=false\n");
    std::fs::write(api.join("latest"), "{\"tag_name\": \"v2.0.0\\nx=y\"}").unwrap();
    assert!(!install(releases.path(), "latest").0);
    // Used at a tag, the action installs that release; at a commit or a branch, the version
    // its own Cargo.toml names, never the latest.
    let (ok, outputs, _) = install_at(releases.path(), "", "v1.2.3");
    assert!(ok);
    assert_eq!(outputs, "version=v1.2.3\nfallback=false\n");
    let action = releases.path().join("action");
    std::fs::create_dir_all(&action).unwrap();
    std::fs::write(
        action.join("Cargo.toml"),
        "[package]\nname = \"sprintgen\"\nversion = \"1.2.3\"\n\n[dependencies]\nx = { version = \"9.9.9\" }\n",
    )
    .unwrap();
    for commit in ["main", "0123456789abcdef0123456789abcdef01234567"] {
        let (ok, outputs, _) = install_at(releases.path(), "", commit);
        assert!(ok);
        assert_eq!(outputs, "version=v1.2.3\nfallback=false\n", "at {commit}");
    }
    // A version of its own that has no release yet is built from the action's own checkout.
    std::fs::write(
        action.join("Cargo.toml"),
        "[package]\nname = \"sprintgen\"\nversion = \"1.3.0\"\n",
    )
    .unwrap();
    let (ok, outputs, _) = install_at(releases.path(), "", "main");
    assert!(ok);
    assert_eq!(outputs, "version=v1.3.0\nfallback=true\nbuild-from=path\n");
}

/// The words the Action's run step gives sprintgen for `args`, through a stand-in in `dir`
/// that prints each on a line; and whether it succeeded.
fn run_args(args: &str, dir: &Path) -> (bool, Vec<String>) {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/action-run.sh"))
        .env("ARGS", args)
        .env("SPRINTGEN", dir.join("fake-sprintgen"))
        .current_dir(dir)
        .output()
        .unwrap();
    let words = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_start_matches('[').trim_end_matches(']').to_string())
        .collect();
    (out.status.success(), words)
}

#[test]
fn args_are_words_and_never_shell_code() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake-sprintgen");
    std::fs::write(
        &fake,
        "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n",
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&fake).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&fake, permissions).unwrap();
    let words = |args: &str| run_args(args, dir.path());
    assert_eq!(
        words(r#"build --base-url "https://example.org/a b/" -o 'out dir'"#),
        (
            true,
            [
                "build",
                "--base-url",
                "https://example.org/a b/",
                "-o",
                "out dir"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    for attack in [
        "check; touch PWNED",
        "check && touch PWNED",
        "check | touch PWNED",
        "$(touch PWNED)",
        "`touch PWNED`",
        "check > PWNED",
        "check\ntouch PWNED",
    ] {
        let (ok, got) = words(attack);
        assert!(ok, "{attack}");
        assert!(
            !dir.path().join("PWNED").exists(),
            "{attack:?} ran as shell code"
        );
        assert!(
            got.iter().any(|w| w.contains("PWNED")),
            "{attack:?}: {got:?}"
        );
    }
    assert_eq!(words("check $HOME *").1, ["check", "$HOME", "*"]);
    // An unmatched quote is an error, not a guess.
    assert!(!words("check \"oops").0);
    assert_eq!(words("  ").1, Vec::<String>::new());
}

/// The lines of a workflow that are not comments.
fn code(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path))
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of one job of a workflow: from `  name:` to the next line indented as a job.
fn job<'a>(workflow: &'a str, name: &str) -> &'a str {
    let start = workflow
        .find(&format!("\n  {name}:\n"))
        .unwrap_or_else(|| panic!("no job {name}"));
    let rest = &workflow[start + 1..];
    let end = rest
        .match_indices("\n  ")
        .map(|(i, _)| i)
        .find(|&i| rest[i + 3..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_workflows_grant_pages_only_to_the_jobs_that_publish() {
    let action = code("action.yml");
    assert!(!action.contains("eval"), "{action}");
    assert!(!code(".github/workflows/release.yml").contains("--clobber"));

    let pages = code(".github/workflows/pages.yml");
    let top = &pages[..pages.find("\njobs:").unwrap()];
    assert!(
        !top.contains("pages:") && !top.contains("id-token"),
        "{top}"
    );
    assert!(!top.contains("cancel-in-progress: true"), "{top}");
    let deploy = job(&pages, "deploy");
    assert!(deploy.contains("pages: write") && deploy.contains("id-token: write"));
    assert!(
        deploy.contains("if: github.event_name != 'pull_request'"),
        "{deploy}"
    );
    assert!(deploy.contains("cancel-in-progress: false"), "{deploy}");
    let build = job(&pages, "build");
    assert!(
        build.contains("if: github.event_name != 'pull_request'"),
        "{build}"
    );
    assert!(
        !build.contains("pages:") && !build.contains("id-token"),
        "{build}"
    );
    let test = job(&pages, "test");
    assert!(
        test.contains("cargo test") && !test.contains("permissions"),
        "{test}"
    );
    assert_eq!(pages.matches("pages: write").count(), 1);
    assert_eq!(pages.matches("id-token").count(), 1);

    // The workflow `sprintgen init` writes: a deployment is never cancelled, and the job that
    // calls configure-pages may read the Pages settings (private repositories need it).
    let init = code("src/scaffold/workflow.yml");
    let top = &init[..init.find("\njobs:").unwrap()];
    assert!(
        !top.contains("cancel-in-progress: true") && !top.contains("pages:"),
        "{top}"
    );
    let deploy = job(&init, "deploy");
    assert!(deploy.contains("cancel-in-progress: false"), "{deploy}");
    assert!(deploy.contains("pages: write") && deploy.contains("id-token: write"));
    let build = job(&init, "build");
    assert!(
        build.contains("configure-pages") && build.contains("pages: read"),
        "{build}"
    );
    assert!(!job(&init, "pull-request").contains("pages"));
}
