//! Inputs that once crashed the fuzz target (`fuzz/`, see the README), plus the example site's
//! and the fixtures' sprint files, run through the same in-memory pipeline: none may panic.

mod common;

#[test]
fn former_crashes_and_known_inputs_do_not_panic() {
    let root = common::repo_root();
    let mut inputs = Vec::new();
    for dir in [
        "tests/fixtures/fuzz",
        "tests/fixtures/broken",
        "tests/fixtures/hostile",
        "content/alphapulse",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            inputs.push(entry.unwrap().path());
        }
    }
    inputs.sort();
    assert!(inputs.len() > 50);
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| sprintgen::fuzzing::run(&bytes));
        assert!(outcome.is_ok(), "{} panics", path.display());
    }
}

#[test]
fn the_fuzz_pipeline_renders_a_valid_sprint() {
    let sprint =
        std::fs::read(common::repo_root().join("content/alphapulse/sprint-04.toml")).unwrap();
    assert_eq!(
        sprintgen::fuzzing::run(&sprint),
        Ok(11),
        "index, team, 2 sprint pages, 404, JSON, CSS, favicon, .nojekyll, badge SVG and JSON"
    );
}
