//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Runs the sprintgen binary.
pub fn sprintgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sprintgen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sprintgen")
}

/// Writes a small site: one team, one sprint whose text is given.
pub fn write_site(dir: &Path, sprint_toml: &str) {
    std::fs::create_dir_all(dir.join("content/team-a")).unwrap();
    std::fs::write(
        dir.join("sprintgen.toml"),
        "title = \"Test site\"\nas_of = 2025-11-05\nbase_url = \"https://example.org/site/\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/team-a/team.toml"), "name = \"Team A\"\n").unwrap();
    std::fs::write(dir.join("content/team-a/sprint-01.toml"), sprint_toml).unwrap();
}

pub const VALID_SPRINT: &str = r#"number = 1
title = "First"
start = 2025-11-03
end = 2025-11-14

[[items]]
id = "A-1"
title = "Something"
points = 3
status = "done"
done_on = 2025-11-04
"#;

/// Asserts that a run succeeded, showing its stderr when it did not.
pub fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
