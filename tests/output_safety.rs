//! What `build` guarantees about the output folder and the user's files (README, "Output
//! safety"): builds into one output take turns, a build killed at any step leaves a complete
//! site and the user's dotfiles, files with other names are never written through, and no
//! output can feed back into the inputs. Crashes and pauses are injected at named steps with
//! the test-only `SPRINTGEN_TEST_HOOK` variable (see `src/pipeline/swap.rs`).

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{VALID_SPRINT, assert_success, read_tree, sprintgen, write_site};

/// Runs the binary with `SPRINTGEN_TEST_HOOK` set.
fn sprintgen_with_hook(args: &[&str], cwd: &Path, hook: &str) -> Output {
    common::sprintgen_command()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SPRINTGEN_TEST_HOOK", hook)
        .output()
        .expect("run sprintgen")
}

/// A started build whose stderr lines arrive on a channel.
struct Running {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

impl Running {
    fn start(cwd: &Path, hook: Option<&str>) -> Running {
        let mut command = common::sprintgen_command();
        command
            .args(["build"])
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(hook) = hook {
            command.env("SPRINTGEN_TEST_HOOK", hook);
        }
        let mut child = command.spawn().expect("start sprintgen");
        let stderr = child.stderr.take().expect("stderr");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Running { child, lines }
    }

    /// Waits for a stderr line holding `text`, failing when the process ends without one.
    fn expect_line(&self, text: &str) {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) if line.contains(text) => return,
                Ok(_) => {}
                Err(_) => panic!("sprintgen never said `{text}`"),
            }
        }
    }

    fn finish(mut self) -> i32 {
        drop(self.child.stdin.take());
        let status = self.child.wait().expect("wait");
        status.code().expect("exited")
    }
}

/// The site files of a tree: the user's dotfiles left out.
fn site_files(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    tree.iter()
        .filter(|(path, _)| !path.starts_with(".git/") && *path != ".canary")
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

/// What builds leave beside `public/` in `root`, besides the output itself.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("sprintgen-")
                && n != ".public.sprintgen-previous"
                && !n.ends_with(".sprintgen-lock")
        })
        .collect();
    names.sort();
    names
}

const NEW_TITLE: &str = "Renamed sprint";

/// The old and the new site, each built fresh in a folder of its own.
fn expected_sites() -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), VALID_SPRINT);
    assert_success(&sprintgen(&["build", "-o", "old"], dir.path()));
    std::fs::write(
        dir.path().join("content/team-a/sprint-01.toml"),
        VALID_SPRINT.replace("First", NEW_TITLE),
    )
    .unwrap();
    assert_success(&sprintgen(&["build", "-o", "new"], dir.path()));
    (
        read_tree(&dir.path().join("old")),
        read_tree(&dir.path().join("new")),
    )
}

/// Two builds started together into the same output take turns: the second waits for the
/// first to swap its site in (before the lock, it deleted the first one's staging folder while
/// it was being written, and the first published a site without its pages).
#[test]
fn concurrent_builds_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    let first = Running::start(root, Some("pause:staging-written"));
    first.expect_line("paused at staging-written");
    let second = Running::start(root, None);
    second.expect_line("waiting for another sprintgen build into the same folder to finish");
    assert_eq!(first.finish(), 0);
    assert_eq!(second.finish(), 0);
    assert_success(&sprintgen(&["build", "-o", "fresh"], root));
    assert_eq!(
        read_tree(&root.join("public")),
        read_tree(&root.join("fresh"))
    );
    assert_eq!(leftovers(root), Vec::<String>::new());
}

/// A build killed at each step, from taking the lock to the last rename: `public/` holds
/// either the complete old site or the complete new one (or is missing, right after the old
/// one moved aside), the next build puts everything right even when it fails itself, and the
/// user's dotfiles in `public/` survive every case.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_step_loses_nothing() {
    let (old_site, new_site) = expected_sites();
    let steps = [
        "locked",
        "staging-created",
        "staging-written",
        "journal-written",
        "dotfile-moved",
        "dotfiles-moved",
        "output-retired",
        "staging-swapped",
        "spare-kept",
    ];
    for step in steps {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_site(root, VALID_SPRINT);
        // Twice, so that the killed build reuses the spare.
        assert_success(&sprintgen(&["build"], root));
        assert_success(&sprintgen(&["build"], root));
        std::fs::create_dir_all(root.join("public/.git")).unwrap();
        std::fs::write(root.join("public/.git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        std::fs::write(root.join("public/.canary"), "tweet").unwrap();
        let sprint = root.join("content/team-a/sprint-01.toml");
        std::fs::write(&sprint, VALID_SPRINT.replace("First", NEW_TITLE)).unwrap();

        let killed = sprintgen_with_hook(&["build"], root, &format!("abort:{step}"));
        assert_eq!(
            killed.status.code(),
            None,
            "{step}: the build was not killed"
        );
        // Up to the renames the old site is published, between them none, after them the new.
        let public = root.join("public");
        let expected = match step {
            "output-retired" => None,
            "staging-swapped" | "spare-kept" => Some(&new_site),
            _ => Some(&old_site),
        };
        let published = public.exists().then(|| site_files(&read_tree(&public)));
        assert!(
            published.as_ref() == expected,
            "{step}: public/ is not as expected"
        );

        // The next build fails on its data, yet puts the output right first.
        std::fs::write(&sprint, "number = \"x\"\n").unwrap();
        assert_eq!(sprintgen(&["build"], root).status.code(), Some(1), "{step}");
        let site = site_files(&read_tree(&public));
        assert!(
            site == old_site || site == new_site,
            "{step}: not recovered"
        );
        assert_eq!(leftovers(root), Vec::<String>::new(), "{step}");

        std::fs::write(&sprint, VALID_SPRINT.replace("First", NEW_TITLE)).unwrap();
        assert_success(&sprintgen(&["build"], root));
        let tree = read_tree(&public);
        assert_eq!(site_files(&tree), new_site, "{step}");
        assert_eq!(tree[".git/HEAD"], b"ref: refs/heads/gh-pages\n", "{step}");
        assert_eq!(tree[".canary"], b"tweet", "{step}");
        assert_eq!(leftovers(root), Vec::<String>::new(), "{step}");
    }
}

/// A file of the reused spare with other names (a backup made with `cp -al`, or a link planted
/// to a file outside the site) is replaced, never written through.
#[cfg(unix)]
#[test]
fn hard_links_in_the_spare_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    assert_success(&sprintgen(&["build"], root));
    let spare = root.join(".public.sprintgen-previous");
    let old_index = std::fs::read(spare.join("team-a/sprint-01/index.html")).unwrap();
    std::fs::create_dir_all(root.join("backup")).unwrap();
    std::fs::hard_link(
        spare.join("team-a/sprint-01/index.html"),
        root.join("backup/sprint-01.html"),
    )
    .unwrap();
    std::fs::write(root.join("victim.txt"), "keep me").unwrap();
    std::fs::remove_file(spare.join("style.css")).unwrap();
    std::fs::hard_link(root.join("victim.txt"), spare.join("style.css")).unwrap();
    // Left at the names of the temporary files changed pages are written to: a link to a file
    // outside the site, a folder (which would otherwise fail every later build) and a file.
    let sprint_page = spare.join("team-a/sprint-01");
    std::os::unix::fs::symlink(
        root.join("victim.txt"),
        sprint_page.join(".index.html.sprintgen-new"),
    )
    .unwrap();
    std::fs::create_dir_all(spare.join("team-a/.index.html.sprintgen-new/deeper")).unwrap();
    std::fs::write(spare.join(".style.css.sprintgen-new"), "half a page").unwrap();

    std::fs::write(
        root.join("content/team-a/sprint-01.toml"),
        VALID_SPRINT.replace("First", NEW_TITLE),
    )
    .unwrap();
    assert_success(&sprintgen(&["build"], root));
    let backup = std::fs::read(root.join("backup/sprint-01.html")).unwrap();
    assert!(
        backup == old_index,
        "the backup's copy of a page was written through"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("victim.txt")).unwrap(),
        "keep me"
    );
    assert_success(&sprintgen(&["build", "-o", "fresh"], root));
    assert!(read_tree(&root.join("public")) == read_tree(&root.join("fresh")));
    assert_eq!(leftovers(root), Vec::<String>::new());
}

/// A write into the reused spare that fails for lack of space (the spare may hold most of a
/// site) drops the spare and builds once more into a new folder: the build succeeds, and
/// nothing cut short is left anywhere, so the next build works too.
#[test]
fn a_full_disk_drops_the_spare_and_builds_into_a_new_folder() {
    let (old_site, new_site) = expected_sites();
    // Five pages change with the title: the first, a middle and the last write fail.
    for n in [1, 3, 5] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_site(root, VALID_SPRINT);
        assert_success(&sprintgen(&["build"], root));
        assert_success(&sprintgen(&["build"], root));
        std::fs::write(
            root.join("content/team-a/sprint-01.toml"),
            VALID_SPRINT.replace("First", NEW_TITLE),
        )
        .unwrap();
        let out = sprintgen_with_hook(&["build"], root, &format!("disk-full:{n}"));
        assert_success(&out);
        assert_eq!(
            site_files(&read_tree(&root.join("public"))),
            new_site,
            "{n}"
        );
        // The spare is the site replaced, whole; nothing else is left beside the output.
        let spare = read_tree(&root.join(".public.sprintgen-previous"));
        assert_eq!(site_files(&spare), old_site, "{n}");
        assert_eq!(leftovers(root), Vec::<String>::new(), "{n}");
        assert_success(&sprintgen(&["build"], root));
    }
}

#[test]
fn outputs_inside_the_inputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    for input in ["static", "templates", "themes/mine"] {
        std::fs::create_dir_all(root.join(input)).unwrap();
    }
    let before = read_tree(root);
    for (output, folder) in [
        ("static/out", "static"),
        ("content/out", "content"),
        ("templates/out", "templates"),
        ("themes/mine/out", "themes"),
        ("content/team-a", "content"),
    ] {
        let out = sprintgen(&["build", "-o", output], root);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{output}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "refusing to write the site into `{output}`: it is inside the site's `{folder}/` folder"
            )),
            "{output}: {stderr}"
        );
    }
    assert_eq!(read_tree(root), before, "a refused build changed files");
    assert_success(&sprintgen(&["check"], root));
}

/// A swap the file system refuses half-way (the old output already moved aside) is rolled
/// back: the old site and its dotfiles are back in place, the build says it could not write,
/// the staging folder goes back to being the spare, nothing else is left, and the next build
/// is whole.
#[test]
fn a_swap_that_fails_half_way_is_rolled_back() {
    let (old_site, new_site) = expected_sites();
    for builds_before in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_site(root, VALID_SPRINT);
        // After one build there is no spare, after two the failing build reuses it.
        for _ in 0..builds_before {
            assert_success(&sprintgen(&["build"], root));
        }
        std::fs::write(root.join("public/.canary"), "tweet").unwrap();
        let sprint = root.join("content/team-a/sprint-01.toml");
        std::fs::write(&sprint, VALID_SPRINT.replace("First", NEW_TITLE)).unwrap();

        let out = sprintgen_with_hook(&["build"], root, "fail:output-retired");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("the test hook failed the swap at output-retired"),
            "{stderr}"
        );
        let public = read_tree(&root.join("public"));
        assert_eq!(site_files(&public), old_site, "{builds_before}");
        assert_eq!(public[".canary"], b"tweet");
        assert_eq!(leftovers(root), Vec::<String>::new(), "{builds_before}");
        assert_eq!(
            root.join(".public.sprintgen-previous").is_dir(),
            builds_before == 2,
            "the reused spare is given back, a new staging folder removed"
        );

        assert_success(&sprintgen(&["build"], root));
        assert_eq!(site_files(&read_tree(&root.join("public"))), new_site);
        assert_eq!(leftovers(root), Vec::<String>::new());
    }
}

/// A swap whose roll-back fails too (the old output cannot be moved back) keeps the complete
/// new site and its journal: the next build, even one that fails on its data, finishes the
/// swap, so the new site is published rather than lost.
#[cfg(unix)]
#[test]
fn a_swap_that_cannot_be_rolled_back_is_finished_by_the_next_build() {
    let (_, new_site) = expected_sites();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    std::fs::write(root.join("public/.canary"), "tweet").unwrap();
    let sprint = root.join("content/team-a/sprint-01.toml");
    std::fs::write(&sprint, VALID_SPRINT.replace("First", NEW_TITLE)).unwrap();

    let out = sprintgen_with_hook(&["build"], root, "fail:output-retired,roll-back");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("(the next build finishes the swap)"),
        "{stderr}"
    );
    assert!(
        !root.join("public").exists(),
        "the old output was moved aside"
    );
    let staged = read_tree(&root.join(".public.sprintgen-staging"));
    assert_eq!(site_files(&staged), new_site, "the new site is kept whole");
    assert!(
        root.join(".public.sprintgen-swap").is_file(),
        "the journal stays"
    );

    std::fs::write(&sprint, "number = \"x\"\n").unwrap();
    assert_eq!(sprintgen(&["build"], root).status.code(), Some(1));
    let public = read_tree(&root.join("public"));
    assert_eq!(site_files(&public), new_site);
    assert_eq!(public[".canary"], b"tweet");
    assert_eq!(leftovers(root), Vec::<String>::new());
}

/// An input folder that is a link (to a folder inside the site, the only kind it follows) is
/// the folder it points to: an output inside that folder is inside the inputs too.
#[cfg(unix)]
#[test]
fn an_output_inside_a_linked_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    std::fs::create_dir(root.join("data")).unwrap();
    std::fs::rename(root.join("content"), root.join("data/content")).unwrap();
    std::os::unix::fs::symlink("data/content", root.join("content")).unwrap();
    assert_success(&sprintgen(&["check"], root));
    let before = read_tree(root);
    let out = sprintgen(&["build", "-o", "data/content/public"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("it is inside the site's `content/` folder"),
        "{stderr}"
    );
    assert_eq!(read_tree(root), before, "a refused build changed files");

    // A link to an input folder, with a folder below it that does not exist yet: the same
    // folder, so the same refusal, and nothing created in it (it once made `content/sub/` and
    // put the output's lock there).
    std::os::unix::fs::symlink("content", root.join("to-content")).unwrap();
    let out = sprintgen(&["build", "-o", "to-content/sub/public"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("it is inside the site's `content/` folder"),
        "{stderr}"
    );
    assert!(!root.join("data/content/sub").exists());
    assert_success(&sprintgen(&["check"], root));
}

/// A build that fails after its staging folder was made (here a validation error) removes the
/// folder: nothing is left beside the output, whether there was a spare to reuse or not.
#[test]
fn a_failed_build_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    let sprint = root.join("content/team-a/sprint-01.toml");
    let broken = VALID_SPRINT.replace("points = 3", "points = -3");
    // No output yet, so no spare: the failed build made its staging folder anew.
    std::fs::write(&sprint, &broken).unwrap();
    assert_eq!(sprintgen(&["build"], root).status.code(), Some(1));
    assert!(!root.join("public").exists());
    assert_eq!(leftovers(root), Vec::<String>::new());
    // One output and no spare yet: the same.
    std::fs::write(&sprint, VALID_SPRINT).unwrap();
    assert_success(&sprintgen(&["build"], root));
    std::fs::write(&sprint, &broken).unwrap();
    assert_eq!(sprintgen(&["build"], root).status.code(), Some(1));
    assert_eq!(leftovers(root), Vec::<String>::new());
}

/// Folders of sprintgen's own found in `static/` (an output, a spare, a staging folder) are
/// not published again, and the build says so.
#[test]
fn sprintgen_folders_in_static_are_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    for (path, text) in [
        ("static/notes.txt", "published"),
        ("static/.public.sprintgen-previous/index.html", "spare"),
        ("static/.well-known/security.txt", "published too"),
        ("static/old/.sprintgen-output", "marker"),
        ("static/old/index.html", "old output"),
    ] {
        std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        std::fs::write(root.join(path), text).unwrap();
    }
    let out = sprintgen(&["build"], root);
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for folder in ["static/.public.sprintgen-previous", "static/old"] {
        assert!(
            stderr.contains(&format!(
                "`{folder}` is a folder of sprintgen's own output, so it is not copied"
            )),
            "{stderr}"
        );
    }
    let tree = read_tree(&root.join("public"));
    assert!(tree.contains_key("notes.txt") && tree.contains_key(".well-known/security.txt"));
    assert!(
        !tree
            .keys()
            .any(|p| p.starts_with("old/") || p.contains("sprintgen-previous"))
    );
}

/// The output keeps the permissions it was given, build after build.
#[cfg(unix)]
#[test]
fn the_output_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    let public = root.join("public");
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o750)).unwrap();
    for _ in 0..3 {
        assert_success(&sprintgen(&["build"], root));
        let mode = std::fs::metadata(&public).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o750);
    }
}

/// `-o` naming a link to a folder that does not exist is refused before anything is written.
#[cfg(unix)]
#[test]
fn a_dangling_output_link_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    std::os::unix::fs::symlink(root.join("missing"), root.join("out")).unwrap();
    let before: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let out = sprintgen(&["build", "-o", "out"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("it is a symbolic link to"), "{stderr}");
    assert!(stderr.contains("which does not exist"), "{stderr}");
    let after: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after);
}

/// sprintgen's own work files are never published as if they were the user's dotfiles: the
/// lock of an output nested in this one stays out of the new site.
#[test]
fn work_files_in_the_output_are_not_published() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    write_site(site, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], site));
    std::fs::write(site.join("public/.well-known"), "the user's").unwrap();
    assert_success(&sprintgen(&["build", "-o", "public/nested"], site));
    assert!(site.join("public/.nested.sprintgen-lock").exists());
    assert_success(&sprintgen(&["build"], site));
    let published = read_tree(&site.join("public"));
    assert!(
        published.contains_key(".well-known"),
        "the user's dotfile stays"
    );
    assert!(
        !published.keys().any(|p| p.contains(".sprintgen-lock")),
        "{:?}",
        published.keys().collect::<Vec<_>>()
    );
}

/// An entry named like one of sprintgen's work files but of another kind is not sprintgen's:
/// the build refuses, naming it and how to remove it, and builds once it is gone.
#[test]
fn a_stray_work_entry_is_named_with_how_to_remove_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    let before = read_tree(&root.join("public"));
    for (name, folder, kept) in [
        (".public.sprintgen-lock", true, "a file (its build lock)"),
        (
            ".public.sprintgen-swap",
            true,
            "a file (the journal of a swap)",
        ),
        (
            ".public.sprintgen-old",
            false,
            "a folder (the previous site while a swap runs)",
        ),
    ] {
        let stray = root.join(name);
        // The lock file of the builds before, if any, gives way to the stray entry.
        let _ = std::fs::remove_file(&stray);
        if folder {
            std::fs::create_dir_all(stray.join("notes")).unwrap();
        } else {
            std::fs::write(&stray, "mine").unwrap();
        }
        let out = sprintgen(&["build"], root);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let shown = stray.canonicalize().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("`{}` is a", shown.display()))
                && stderr.contains(&format!("where sprintgen keeps {kept}"))
                && stderr.contains(&format!("`rm -r '{}'`", shown.display())),
            "{name}: {stderr}"
        );
        assert_eq!(read_tree(&root.join("public")), before, "{name}");
        if folder {
            std::fs::remove_dir_all(&stray).unwrap();
        } else {
            std::fs::remove_file(&stray).unwrap();
        }
        assert_success(&sprintgen(&["build"], root));
    }
}

/// An output folder that is a mount point (a Docker volume) cannot be renamed: the build
/// refuses it up front with a hint, and builds into a folder inside it. Needs the right to
/// mount a tmpfs (root, as in CI); elsewhere it says so and checks nothing.
#[test]
fn a_mount_point_output_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    let volume = root.join("public");
    std::fs::create_dir(&volume).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "sprintgen-test", volume.to_str().unwrap()])
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here: the mount-point test needs root");
        return;
    }
    let out = sprintgen(&["build"], root);
    let built_inside = sprintgen(&["build", "-o", "public/site"], root);
    let listed = std::fs::read_dir(&volume).unwrap().count();
    let _ = std::process::Command::new("umount").arg(&volume).status();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("it is a mount point (a Docker volume, say)")
            && stderr.contains("build into a folder inside it"),
        "{stderr}"
    );
    assert_success(&built_inside);
    assert!(listed >= 1);
}

/// Files put in the output by hand (a `CNAME`, `robots.txt`, a folder) survive every build,
/// as dotfiles do: the marker lists what the build wrote, so the next build tells them apart.
/// One the new site also writes is refused before anything changes.
#[test]
fn files_put_in_the_output_by_hand_survive_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(root, VALID_SPRINT);
    assert_success(&sprintgen(&["build"], root));
    let public = root.join("public");
    std::fs::write(public.join("CNAME"), "reports.example.com\n").unwrap();
    std::fs::write(public.join("robots.txt"), "User-agent: *\n").unwrap();
    std::fs::create_dir(public.join("extra")).unwrap();
    std::fs::write(public.join("extra/a.txt"), "mine").unwrap();
    for _ in 0..3 {
        assert_success(&sprintgen(&["build"], root));
        let files = read_tree(&public);
        assert_eq!(files["CNAME"], b"reports.example.com\n");
        assert_eq!(files["robots.txt"], b"User-agent: *\n");
        assert_eq!(files["extra/a.txt"], b"mine");
        assert!(files.contains_key("index.html"));
    }
    // The site now writes a CNAME of its own: the user's is not replaced.
    let config = std::fs::read_to_string(root.join("sprintgen.toml")).unwrap();
    std::fs::write(
        root.join("sprintgen.toml"),
        format!("cname = \"other.example.com\"\n{config}"),
    )
    .unwrap();
    let before = read_tree(&public);
    let out = sprintgen(&["build"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("CNAME` is yours (the last build did not write it), and this build writes a file of that name"),
        "{stderr}"
    );
    assert_eq!(read_tree(&public), before);
    assert_eq!(leftovers(root), Vec::<String>::new());
}

/// A real full disk (a 1 MB tmpfs): a site too big for it fails with one error that names the
/// disk and what may go, leaves nothing of itself (no staging folder, no spare written on the
/// full disk), and the small site builds right after. Needs the right to mount a tmpfs (root,
/// as in CI); elsewhere it says so and checks nothing.
#[test]
fn a_site_too_big_for_the_disk_leaves_nothing_and_the_next_build_works() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "sprintgen-test"])
        .arg(&disk)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here: the full-disk test needs root");
        return;
    }
    let root = disk.join("site");
    write_site(&root, VALID_SPRINT);
    let small = sprintgen(&["build"], &root);
    let again = sprintgen(&["build"], &root);
    let had_spare = root.join(".public.sprintgen-previous").is_dir();
    let before = read_tree(&root.join("public"));
    for n in 2..=40 {
        let sprint = VALID_SPRINT.replace("number = 1", &format!("number = {n}"));
        std::fs::write(
            root.join(format!("content/team-a/sprint-{n:02}.toml")),
            sprint,
        )
        .unwrap();
    }
    let big = sprintgen(&["build"], &root);
    let after_big = read_tree(&root.join("public"));
    let left = leftovers(&root);
    let spare_left = root.join(".public.sprintgen-previous").exists();
    for n in 2..=40 {
        std::fs::remove_file(root.join(format!("content/team-a/sprint-{n:02}.toml"))).unwrap();
    }
    let next = sprintgen(&["build"], &root);
    let _ = std::process::Command::new("umount").arg(&disk).status();

    assert_success(&small);
    assert_success(&again);
    assert!(had_spare);
    let stderr = String::from_utf8_lossy(&big.stderr);
    assert_eq!(big.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("error: cannot write").count(), 1, "{stderr}");
    assert!(
        stderr.contains("of the site's files: the disk that holds `")
            && stderr.contains("is full")
            && stderr.contains("free space on that disk and build again"),
        "{stderr}"
    );
    assert_eq!(after_big, before, "the previous site is as it was");
    assert_eq!(left, Vec::<String>::new());
    assert!(!spare_left, "the spare written on the full disk is gone");
    assert_success(&next);
}
