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
    let work = tempfile::tempdir().unwrap();
    let (output, path) = (work.path().join("output"), work.path().join("path"));
    let run = Command::new("bash")
        .arg(repo_root().join("scripts/action-install.sh"))
        .env("INPUT_VERSION", version)
        .env("ACTION_REF", "main")
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
    assert_eq!(outputs, "version=v9.9.9\nfallback=true\n");
}
