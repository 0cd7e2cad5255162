//! The JSON Schemas editors validate the site's files with (`sprintgen schema`): committed and
//! current, valid Draft-07, and agreeing with the loader on every file in `content/` and
//! `tests/fixtures/`. Files are turned into JSON as Taplo does before validating: a TOML date
//! becomes a string.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{assert_success, read_tree, repo_root, sprintgen};
use serde_json::Value;

const KINDS: [&str; 4] = ["site", "team", "sprint", "release"];

fn committed_schema(kind: &str) -> Value {
    let path = repo_root().join(format!(".sprintgen/schemas/{kind}.schema.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("committed schema")).unwrap()
}

/// The schema kind of a file, by its path in a site.
fn kind_of(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next()?;
    match (path.matches('/').count(), name) {
        (0, "sprintgen.toml") => Some("site"),
        (2, _) if path.starts_with("content/releases/") => {
            name.ends_with(".toml").then_some("release")
        }
        (2, "team.toml") => Some("team"),
        (2, _) if name.starts_with("sprint") && name.ends_with(".toml") => Some("sprint"),
        _ => None,
    }
}

/// TOML as JSON the way Taplo converts it: dates and date-times become strings.
fn as_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(as_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, as_json(v))).collect())
        }
    }
}

/// The schema's complaints about a file's text, or `None` when it is not TOML at all (which
/// Taplo reports before any schema).
fn complaints(kind: &str, text: &str) -> Option<Vec<String>> {
    let table: toml::Table = text.parse().ok()?;
    let instance = as_json(toml::Value::Table(table));
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&committed_schema(kind))
        .expect("the schema compiles");
    Some(
        validator
            .iter_errors(&instance)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect(),
    )
}

/// A fixture's files (`--- path` sections) and the files its header expects errors in.
fn fixture(path: &Path) -> (Vec<(String, String)>, BTreeSet<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (header, body) = text.split_at(text.find("\n--- ").map_or(text.len(), |i| i + 1));
    let errors = header
        .lines()
        .filter_map(|l| l.strip_prefix("# error: "))
        .map(|rest| rest.split(':').next().unwrap_or("").to_string())
        .collect();
    let files = body
        .split("--- ")
        .filter(|s| !s.is_empty())
        .map(|section| {
            let (path, content) = section.split_once('\n').unwrap_or((section, ""));
            (path.trim().to_string(), content.to_string())
        })
        .collect();
    (files, errors)
}

fn fixtures(kind: &str) -> Vec<std::path::PathBuf> {
    let mut list: Vec<_> = std::fs::read_dir(repo_root().join("tests/fixtures").join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    list.sort();
    list
}

#[test]
fn the_committed_schemas_and_taplo_rules_are_current() {
    for kind in KINDS {
        let out = sprintgen(&["schema", kind], &repo_root());
        assert_success(&out);
        let committed =
            std::fs::read(repo_root().join(format!(".sprintgen/schemas/{kind}.schema.json")))
                .unwrap();
        assert!(
            out.stdout == committed,
            ".sprintgen/schemas/{kind}.schema.json is out of date: run `cargo run -- schema --write`"
        );
    }
    // Writing them again into a copy of what is committed changes nothing.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sprintgen.toml"), "title = \"x\"\n").unwrap();
    std::fs::copy(
        repo_root().join(".taplo.toml"),
        dir.path().join(".taplo.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".sprintgen/schemas")).unwrap();
    for kind in KINDS {
        let name = format!(".sprintgen/schemas/{kind}.schema.json");
        std::fs::copy(repo_root().join(&name), dir.path().join(&name)).unwrap();
    }
    let before = read_tree(dir.path());
    let out = sprintgen(&["schema", "--write"], dir.path());
    assert_success(&out);
    assert_eq!(
        read_tree(dir.path()),
        before,
        "`.taplo.toml` is out of date"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "the schemas and .taplo.toml are up to date\n"
    );
}

#[test]
fn a_taplo_config_that_cannot_be_read_is_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sprintgen.toml"), "title = \"x\"\n").unwrap();
    std::fs::create_dir(dir.path().join(".taplo.toml")).unwrap();
    let out = sprintgen(&["schema", "--write"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot read `.taplo.toml`: it is a folder, not a file\n\n"
    );
    assert!(dir.path().join(".taplo.toml").is_dir());
}

#[test]
fn schema_write_writes_what_is_missing_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sprintgen.toml"), "title = \"x\"\n").unwrap();
    let out = sprintgen(&["schema", "--write"], dir.path());
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "wrote ./.sprintgen/schemas/site.schema.json\nwrote ./.sprintgen/schemas/team.schema.json\nwrote ./.sprintgen/schemas/sprint.schema.json\nwrote ./.sprintgen/schemas/release.schema.json\nwrote ./.taplo.toml\n"
    );
    for kind in KINDS {
        let name = format!(".sprintgen/schemas/{kind}.schema.json");
        assert_eq!(
            std::fs::read(dir.path().join(&name)).unwrap(),
            std::fs::read(repo_root().join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn the_schemas_are_valid_draft_07() {
    for kind in KINDS {
        let schema = committed_schema(kind);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        if let Err(error) = jsonschema::draft7::meta::validate(&schema) {
            panic!("{kind}.schema.json is not valid Draft-07: {error}");
        }
        // What the issue promised of them.
        let text = schema.to_string();
        assert!(!text.contains("null"), "TOML has no null: {kind}");
        assert!(
            !text.contains("$ref"),
            "Taplo ignores descriptions beside $ref: {kind}"
        );
    }
    let sprint = committed_schema("sprint");
    let item = &sprint["properties"]["items"]["items"];
    assert_eq!(item["additionalProperties"], false);
    assert_eq!(item["properties"]["points"]["minimum"], 0);
    assert_eq!(
        item["properties"]["done_on"],
        serde_json::json!({
            "type": "string",
            "format": "date",
            "description": "the day it was finished; before the start means \"completed outside this sprint\" (date)"
        })
    );
    assert_eq!(
        item["properties"]["status"]["enum"],
        serde_json::json!(["todo", "in-progress", "done", "removed"])
    );
    assert_eq!(
        item["x-taplo"]["initKeys"],
        serde_json::json!(["points", "status"])
    );
    assert_eq!(item["required"], serde_json::json!(["id", "title"]));
    let release = committed_schema("release");
    assert_eq!(
        release["required"],
        serde_json::json!(["title", "target", "teams"])
    );
    let teams = &release["properties"]["teams"];
    assert_eq!(
        (&teams["minItems"], &teams["uniqueItems"]),
        (&1.into(), &true.into())
    );
    assert_eq!(release["properties"]["target"]["format"], "date");
}

/// The site's configuration and every TOML file under its `content/`, by path in the site.
fn site_files(root: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .chain([root.join("sprintgen.toml")])
        .filter_map(|file| {
            let path = file
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            kind_of(&path)?;
            Some((path, std::fs::read_to_string(&file).ok()?))
        })
        .collect()
}

#[test]
fn every_valid_file_validates() {
    let mut files = site_files(&repo_root());
    for fixture in ["theme-override", "edit/site", "fmt/site", "fmt/expected"] {
        files.extend(site_files(
            &repo_root().join("tests/fixtures").join(fixture),
        ));
    }
    for golden in std::fs::read_dir(repo_root().join("tests/fixtures/edit/expected")).unwrap() {
        let path = golden.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        files.push(("content/payments/sprint-07.toml".to_string(), text));
    }
    // What init and new team write.
    let dir = tempfile::tempdir().unwrap();
    assert_success(&sprintgen(&["init", "site"], dir.path()));
    let site = dir.path().join("site");
    assert_success(&sprintgen(
        &["new", "team", "platform", "--name", "Platform"],
        &site,
    ));
    files.extend(site_files(&site));
    // Every file of a broken fixture that its errors do not name, and every hostile one.
    for path in fixtures("broken").into_iter().chain(fixtures("hostile")) {
        let (sections, errors) = fixture(&path);
        files.extend(sections.into_iter().filter(|(p, _)| !errors.contains(p)));
    }
    let mut checked = 0;
    for (path, text) in &files {
        let Some(kind) = kind_of(path) else { continue };
        let complaints = complaints(kind, text).unwrap_or_else(|| panic!("{path} is not TOML"));
        assert!(
            complaints.is_empty(),
            "{path} fails its schema:\n{}\n{text}",
            complaints.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} files checked");
}

#[test]
fn the_schemas_catch_the_broken_files_they_can() {
    let mut caught = BTreeSet::new();
    for path in fixtures("broken") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (sections, errors) = fixture(&path);
        for (file, text) in sections {
            let Some(kind) = kind_of(&file) else { continue };
            if complaints(kind, &text).is_some_and(|c| !c.is_empty()) {
                assert!(
                    errors.contains(&file),
                    "{name}: the schema rejects `{file}`, which sprintgen accepts"
                );
                caught.insert(name.clone());
            }
        }
    }
    // Unknown fields, wrong types, bad enum values, missing required fields, numbers out of
    // range, and an item's status without its date (or the reverse). The rest compare dates or
    // need other files, or are TOML syntax errors; a quoted date is a string after Taplo's
    // conversion too.
    let expected: BTreeSet<String> = [
        "damage-top-level",
        "date-time-not-date",
        "done-on-without-done",
        "done-without-done-on",
        "huge-points",
        // A table where the format has none: the schema knows only the fields of the top level.
        "indented-tasks",
        "item-and-blocker-typos",
        "item-typo-and-end-before-start",
        "missing-config-title",
        "missing-title",
        // NaN has no JSON form: it becomes null, which no schema allows.
        "nan-points",
        "negative-committed",
        "negative-estimate",
        "negative-points",
        // A misspelt field of a release file.
        "release-unknown-field",
        // A team named twice (`uniqueItems`); the one that does not exist needs the site.
        "release-unknown-team",
        "removed-on-without-removed",
        "removed-without-removed-on",
        // A single table where the format has a list of them.
        "risks-single-table",
        "sprint-missing-dates",
        "team-every-error",
        "team-typo-and-end-before-start",
        "ten-mistakes",
        // Its team file's misspelt field (its sprint file is no TOML a schema can check).
        "ten-mistakes-site",
        // A theme given as a path: the schema's pattern for a name.
        "theme-path",
        // A top-level field after a table header is a field of that table.
        "top-level-after-table",
        "type-error-points",
        "typo-status-knock-on",
        "unknown-field-config",
        "unknown-field-item",
        "unknown-field-team",
        "unknown-gate-status",
        "unknown-ideal-baseline",
        "unknown-impact",
        "unknown-item-status",
        "unknown-likelihood",
        "unknown-sprint-status",
        "unknown-weekday",
        "velocity-window-zero",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(caught, expected);
}

#[test]
fn the_loader_accepts_and_ignores_a_schema_key() {
    let dir = tempfile::tempdir().unwrap();
    common::write_site(
        dir.path(),
        &format!(
            "\"$schema\" = \"../../.sprintgen/schemas/sprint.schema.json\"\n{}",
            common::VALID_SPRINT
        ),
    );
    let config = dir.path().join("sprintgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("\"$schema\" = \"https://example.org/site.json\"\n{text}"),
    )
    .unwrap();
    let team = dir.path().join("content/team-a/team.toml");
    std::fs::write(
        &team,
        "'$schema' = \"../../.sprintgen/schemas/team.schema.json\"\nname = \"Team A\"\n",
    )
    .unwrap();
    let out = sprintgen(&["check"], dir.path());
    assert_success(&out);
    for (path, kind) in [
        ("sprintgen.toml", "site"),
        ("content/team-a/team.toml", "team"),
        ("content/team-a/sprint-01.toml", "sprint"),
    ] {
        let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
        assert_eq!(complaints(kind, &text), Some(Vec::new()), "{path}");
    }
}
