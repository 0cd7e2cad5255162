//! Commands that change a site's data files take turns (README, "Editing safety"): while one
//! holds the site's edit lock, the next waits and then reads the first one's result, so both
//! changes are kept; the temporary file of a killed write is removed by the next command.
//! `bench/edit-stress.sh` races them with random kills.

use crate::common;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::{assert_success, read_tree, repo_root, sprintgen, sprintgen_command};

const SPRINT: &str = "content/payments/sprint-07.toml";
const LOCK: &str = ".content.sprintgen-lock";

/// A copy of the edit fixture's site.
fn site() -> tempfile::TempDir {
    site_of("edit/site")
}

/// A copy of a site under `tests/fixtures/`.
fn site_of(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo_root().join("tests/fixtures").join(fixture);
    for (path, bytes) in read_tree(&from) {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    dir
}

/// Holds the site's edit lock, as a command that is busy writing would, while `meanwhile`
/// runs; `args` is started first and must say that it waits. Returns its output once the lock
/// is let go.
fn run_while_locked(site: &Path, args: &[&str], meanwhile: impl FnOnce()) -> std::process::Output {
    let lock = File::create(site.join(LOCK)).unwrap();
    lock.lock().unwrap();
    let mut child = sprintgen_command()
        .args(args)
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert!(
        first.starts_with("waiting for another sprintgen command changing this site's files"),
        "{args:?} did not wait for the lock: {first}"
    );
    meanwhile();
    drop(lock);
    let mut out = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    out.stderr = (first + &rest).into_bytes();
    out
}

const ADD: [&str; 11] = [
    "item", "add", "PAY-4", "--title", "Refunds", "--points", "2", "--epic", "Checkout", "--owner",
    "Ben",
];

#[test]
fn an_edit_that_waits_keeps_the_change_made_meanwhile() {
    // One after the other, as the lock makes them run.
    let apart = site();
    assert_success(&sprintgen(&ADD, apart.path()));
    assert_success(&sprintgen(&["item", "start", "PAY-2"], apart.path()));
    let expected = std::fs::read_to_string(apart.path().join(SPRINT)).unwrap();

    // Together: `item start` starts while another command holds the lock and writes its
    // change (the result of `item add`, its golden file).
    let together = site();
    let path = together.path();
    let out = run_while_locked(path, &["item", "start", "PAY-2"], || {
        let added = repo_root().join("tests/fixtures/edit/expected/item-add.toml");
        std::fs::copy(added, path.join(SPRINT)).unwrap();
    });
    assert_success(&out);
    assert_eq!(
        std::fs::read_to_string(path.join(SPRINT)).unwrap(),
        expected
    );
    assert!(!path.join(LOCK).exists(), "the lock is removed on release");
}

#[test]
fn every_command_that_writes_data_files_waits_for_the_lock() {
    let export = repo_root().join("tests/fixtures/import/linear/issues.csv");
    let export = export.to_str().unwrap();
    let commands: [(&str, &[&str]); 8] = [
        ("edit/site", &ADD),
        ("edit/site", &["standup", "--done", "3-D Secure flow"]),
        ("edit/site", &["fmt"]),
        ("edit/site", &["new", "sprint"]),
        ("edit/site", &["new", "team", "mobile", "--name", "Mobile"]),
        ("edit/site", &["schema", "--write"]),
        (
            "import/linear/site",
            &["import", "linear", export, "--team", "web"],
        ),
        (
            "import/linear/site",
            &["import", "linear", export, "--team", "web", "--update"],
        ),
    ];
    for (fixture, args) in commands {
        let dir = site_of(fixture);
        let out = run_while_locked(dir.path(), args, || {});
        assert_success(&out);
    }
}

#[test]
fn the_leftover_of_a_killed_edit_is_removed_by_the_next_command() {
    let dir = site();
    let path = dir.path();
    let leftover = "content/payments/.sprint-07.toml.sprintgen-4242";
    std::fs::write(path.join(leftover), "number = 7\ntitle = \"cut sh").unwrap();
    let out = sprintgen(&["item", "start", "PAY-2"], path);
    assert_success(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!(
            "removed `{leftover}`, the temporary file of an interrupted sprintgen command"
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!path.join(leftover).exists());
    // A dry run takes no lock and leaves the site as it is.
    std::fs::write(path.join(leftover), "x").unwrap();
    let before = read_tree(path);
    assert_success(&sprintgen(&["item", "done", "PAY-2", "--dry-run"], path));
    assert_eq!(read_tree(path), before);
}
