//! How a site's inputs are read: symbolic links, oversized files.

use crate::common;

use common::{VALID_SPRINT, assert_success, sprintgen, write_site};

/// Links that stay inside the site are followed: a team folder, a sprint file and a page kept
/// elsewhere in the repository are built as if they were where the links are.
#[cfg(unix)]
#[test]
fn links_inside_the_site_are_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    std::fs::create_dir_all(root.join("shared/team-b")).unwrap();
    std::fs::write(root.join("shared/team-b/team.toml"), "name = \"Team B\"\n").unwrap();
    std::fs::write(root.join("shared/team-b/sprint-01.toml"), VALID_SPRINT).unwrap();
    symlink("../shared/team-b", root.join("content/team-b")).unwrap();
    std::fs::create_dir_all(root.join("archive")).unwrap();
    std::fs::write(
        root.join("archive/sprint-02.toml"),
        VALID_SPRINT
            .replace("number = 1", "number = 2")
            .replace("2025-11-03", "2025-11-17")
            .replace("2025-11-14", "2025-11-28")
            .replace("status = \"done\"\ndone_on = 2025-11-04\n", ""),
    )
    .unwrap();
    symlink(
        "../../archive/sprint-02.toml",
        root.join("content/team-a/sprint-02.toml"),
    )
    .unwrap();
    std::fs::write(
        root.join("archive/retro.md"),
        "+++\ntitle = \"Retro\"\n+++\nWent well.\n",
    )
    .unwrap();
    symlink(
        "../../archive/retro.md",
        root.join("content/team-a/retro.md"),
    )
    .unwrap();

    let check = sprintgen(&["check"], root);
    assert_success(&check);
    assert!(String::from_utf8_lossy(&check.stderr).contains("no problems found"));
    assert_success(&sprintgen(&["build"], root));
    for page in [
        "team-b/index.html",
        "team-b/sprint-01/index.html",
        "team-a/sprint-02/index.html",
        "team-a/retro/index.html",
    ] {
        assert!(root.join("public").join(page).is_file(), "{page} missing");
    }
}

/// Links that leave the site, lead nowhere or loop are errors, never skipped: nothing from
/// outside the site is read, quoted or published.
#[cfg(unix)]
#[test]
fn links_leaving_the_site_or_leading_nowhere_are_errors() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("team.toml"), "name = \"Secret\"\n").unwrap();
    std::fs::write(outside.path().join("secret.toml"), "token = \"hunter2\"\n").unwrap();
    std::fs::write(outside.path().join("key.txt"), "hunter2").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    symlink(outside.path(), root.join("content/team-c")).unwrap();
    symlink(
        outside.path().join("secret.toml"),
        root.join("content/team-a/sprint-02.toml"),
    )
    .unwrap();
    symlink("nowhere.toml", root.join("content/team-a/sprint-03.toml")).unwrap();
    symlink("..", root.join("content/team-a/loop")).unwrap();

    let out = sprintgen(&["check"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let outside_shown = outside.path().canonicalize().unwrap();
    for expected in [
        format!(
            "`content/team-c` is a symbolic link to `{}`, outside the site folder",
            outside_shown.display()
        ),
        format!(
            "`content/team-a/sprint-02.toml` is a symbolic link to `{}`, outside the site folder",
            outside_shown.join("secret.toml").display()
        ),
        "cannot read `content/team-a/sprint-03.toml`: it is a symbolic link to something that does not exist".to_string(),
        "cannot read `content/team-a/loop`: a symbolic link loops back to a folder above it".to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    assert!(
        !stderr.contains("hunter2") && !stderr.contains("Secret"),
        "{stderr}"
    );
    assert_eq!(sprintgen(&["build"], root).status.code(), Some(1));
    assert!(!root.join("public").exists());

    // Static files are copied as they are: a link out of the site would publish its target.
    for link in [
        "team-c",
        "team-a/sprint-02.toml",
        "team-a/sprint-03.toml",
        "team-a/loop",
    ] {
        std::fs::remove_file(root.join("content").join(link)).unwrap();
    }
    std::fs::create_dir_all(root.join("static")).unwrap();
    symlink(outside.path().join("key.txt"), root.join("static/key.txt")).unwrap();
    let out = sprintgen(&["build"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let expected = format!(
        "`static/key.txt` is a symbolic link to `{}`, outside the site folder",
        outside_shown.join("key.txt").display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!root.join("public").exists());
}

/// A file over the limit is refused before it is read, with its size and the setting that
/// raises the limit; the default limit is 10 MB.
#[test]
fn oversized_input_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    let sprint = root.join("content/team-a/sprint-01.toml");
    let padding = format!("# {}\n", "x".repeat(99)).repeat(102_500);
    std::fs::write(&sprint, format!("{VALID_SPRINT}{padding}")).unwrap();
    let out = sprintgen(&["check"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "`content/team-a/sprint-01.toml` is 10.5 MB, over the limit of 10 MB for an input file"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("raise `max_input_mb` under `[build]`"),
        "{stderr}"
    );

    let config = root.join("sprintgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[build]\nmax_input_mb = 11\n")).unwrap();
    assert_success(&sprintgen(&["check"], root));
    std::fs::write(&config, format!("{text}\n[build]\nmax_input_mb = 1\n")).unwrap();
    std::fs::write(&sprint, format!("{VALID_SPRINT}{}", &padding[..1_200_000])).unwrap();
    let out = sprintgen(&["check"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is 1.2 MB, over the limit of 1 MB for an input file"),
        "{stderr}"
    );
}
