//! `sprintgen sync` against fake trackers on this machine (`tests/common/fake.rs`) serving
//! answers shaped as each tracker's API documentation shows them (`tests/fixtures/sync/`):
//! paging, rate limits, changelogs cut short, errors. The sprint files written are compared
//! byte for byte with the expected ones, the site is built, and each sprint's figures are
//! those worked out by hand from the tracker's data below, as Jira's sprint report counts
//! them. No test reaches the network.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::fake::{Fake, Request, Response};
use common::{assert_success, read_tree, repo_root, sprintgen_command};

fn fixture(tracker: &str) -> PathBuf {
    repo_root().join("tests/fixtures/sync").join(tracker)
}

fn served(tracker: &str, name: &str) -> String {
    std::fs::read_to_string(fixture(tracker).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A copy of the fixture's site in a temporary folder.
fn site(tracker: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    for (path, bytes) in read_tree(&fixture(tracker).join("site")) {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    dir
}

/// Runs sprintgen in `site` with the environment `env` (and no other credentials).
fn run(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = sprintgen_command();
    for name in [
        "JIRA_EMAIL",
        "JIRA_API_TOKEN",
        "LINEAR_API_KEY",
        "GITHUB_TOKEN",
        "GH_TOKEN",
    ] {
        command.env_remove(name);
    }
    command
        .args(args)
        .arg("--root")
        .arg(site)
        .envs(env.iter().copied())
        .current_dir(site)
        .output()
        .expect("run sprintgen")
}

/// The site's files under `content/` are the expected ones, byte for byte.
fn assert_expected(tracker: &str, site: &Path) {
    let actual: std::collections::BTreeMap<String, Vec<u8>> = read_tree(site)
        .into_iter()
        .filter(|(path, _)| path.starts_with("content/"))
        .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        for (path, bytes) in &actual {
            let target = fixture(tracker).join("expected").join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        return;
    }
    let expected = read_tree(&fixture(tracker).join("expected"));
    let names =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected));
    for (path, bytes) in &expected {
        assert_eq!(
            String::from_utf8_lossy(&actual[path]),
            String::from_utf8_lossy(bytes),
            "{path} differs from tests/fixtures/sync/{tracker}/expected/{path} (UPDATE_GOLDEN=1 rewrites it)"
        );
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// --- Jira ---------------------------------------------------------------------------------

const JIRA_ENV: [(&str, &str); 2] = [
    ("JIRA_EMAIL", "ada@example.com"),
    ("JIRA_API_TOKEN", "t0ken"),
];
/// `Basic base64("ada@example.com:t0ken")`.
const JIRA_AUTHORIZATION: &str = "Basic YWRhQGV4YW1wbGUuY29tOnQwa2Vu";
const JIRA_JQL: &str =
    "filter = 10042 AND (sprint in (201, 202, 203) OR updated >= \"2026-03-01\") ORDER BY key ASC";
const JIRA_JQL_UNFILTERED: &str =
    "sprint in (201, 202, 203) OR updated >= \"2026-03-01\" ORDER BY key ASC";

/// Jira Cloud as its REST API documentation shows it, for board 7 (`tests/fixtures/sync/jira`):
/// the sprint list in pages of two, the field list behind one 429 (`Retry-After: 0`), the
/// search in two pages joined by `nextPageToken`, and PLAT-6's changelog, cut short in the
/// search, in pages of three.
fn jira() -> Fake {
    jira_serving(true)
}

/// Jira without the board's configuration and the status list (404) when not `whole`: only
/// the sprints, the fields, the search and the changelogs.
fn jira_serving(whole: bool) -> Fake {
    let rate_limited = Arc::new(AtomicUsize::new(0));
    let jql = if whole { JIRA_JQL } else { JIRA_JQL_UNFILTERED };
    Fake::start(move |r: &Request| {
        if r.header("authorization") != Some(JIRA_AUTHORIZATION) {
            return Response::json(
                401,
                r#"{"errorMessages":["You are not authenticated. Authentication required to perform this operation."],"errors":{}}"#,
            );
        }
        let file = |name: &str| Response::json(200, served("jira", name));
        let start = r.param("startAt").unwrap_or("0");
        match r.path.as_str() {
            "/rest/agile/1.0/board/7/sprint" => file(&format!("sprint-{start}.json")),
            "/rest/agile/1.0/board/7/configuration" if whole => file("configuration.json"),
            "/rest/api/3/field" if rate_limited.fetch_add(1, Ordering::SeqCst) == 0 => {
                Response::json(429, r#"{"errorMessages":["Rate limit exceeded."]}"#)
                    .with_header("Retry-After", "0")
            }
            "/rest/api/3/field" => file("field.json"),
            "/rest/api/3/status" if whole => file("status.json"),
            "/rest/api/3/search/jql" => {
                let fields = r.param("fields").unwrap_or_default();
                assert_eq!(r.param("jql"), Some(jql));
                assert_eq!(r.param("expand"), Some("changelog"));
                assert!(
                    fields.contains("customfield_10016") && fields.contains("customfield_10020"),
                    "{fields}"
                );
                match r.param("nextPageToken") {
                    None => file("search-1.json"),
                    Some("CAEaAggD") => file("search-2.json"),
                    Some(other) => panic!("unknown page token {other}"),
                }
            }
            "/rest/api/3/issue/PLAT-6/changelog" => file(&format!("changelog-PLAT-6-{start}.json")),
            _ => Response::json(
                404,
                r#"{"errorMessages":["Board does not exist or you do not have permission to see it."],"errors":{}}"#,
            ),
        }
    })
}

fn sync_jira(site: &Path, fake: &Fake, extra: &[&str]) -> Output {
    let mut args = vec![
        "sync", "jira", "--url", &fake.url, "--board", "7", "--team", "platform",
    ];
    args.extend(extra);
    run(site, &args, &JIRA_ENV)
}

#[test]
fn jira_sprints_match_jiras_sprint_report() {
    let fake = jira();
    let site = site("jira");
    let out = sync_jira(site.path(), &fake, &[]);
    assert_success(&out);
    assert_expected("jira", site.path());
    // Sprint 1, 03-02 to 03-13 (completed 03-13 16:00):
    //   PLAT-1 3 done 03-05; PLAT-2 5 in progress, not done (carried into sprint 2);
    //   PLAT-3 2, re-estimated to 5 on 03-04, done 03-10; PLAT-4 3, taken out on 03-06 (its
    //   Sprint field is empty now: found by the search's `updated` clause); PLAT-5 2,
    //   created in the sprint on 03-04, done 03-09; PLAT-6 3, done 03-05, reopened 03-09, done
    //   03-12 (its changelog paged); PLAT-7 1, done 02-25 before it joined: completed
    //   outside.
    //   committed 3+5+2+3+3 = 16, added 2 (PLAT-5) + 3 (the re-estimate) = 5, removed 3,
    //   completed 3+5+2+3 = 13, not completed 5, say/do 13/16.
    // Sprint 2, 03-16 to 03-27: PLAT-2 5 (carried, done 03-18); PLAT-8 8 (joined 03-12),
    //   re-estimated to 5 on 03-20, in progress; PLAT-9 3 added 03-18, done 03-25; PLAT-10 2
    //   added 03-19, taken out 03-24; PLAT-11 1 created in the sprint 03-23, done 03-26.
    //   committed 5+8 = 13, added 3+2+1 = 6, removed 3 (the re-estimate) + 2 = 5,
    //   completed 5+3+1 = 9, not completed 5, say/do 9/13.
    // Sprint 3, 03-30 to 04-10, active on 04-03: PLAT-8 5 (carried), done 04-02; PLAT-10 2
    //   added 03-31; PLAT-12 3; PLAT-13 5, done 04-01 and reopened 04-02.
    //   committed 5+3+5 = 13, added 2, completed 5, not completed 10, say/do 5/13.
    assert_eq!(
        crate::import::figures(site.path(), "platform"),
        [
            (1, 16.0, 5.0, 3.0, 13.0, 5.0, Some(0.8125)),
            (2, 13.0, 6.0, 5.0, 9.0, 5.0, Some(0.6923)),
            (3, 13.0, 2.0, 0.0, 5.0, 10.0, Some(0.3846)),
        ]
    );
    let report = stdout(&out);
    assert!(
        report.starts_with("Synced from Jira into `platform`: 3 sprints"),
        "{report}"
    );
    assert!(
        report.contains("  1       closed         16      5        3         13              5                  1     81%"),
        "{report}"
    );
    assert!(report.contains("`PLAT-14` (GET /rest/api/3/search/jql (page 2) issue 6): in `PLAT Sprint 4`, which has no dates yet"), "{report}");
    // Issues never in a sprint (the backlog, the epic) are not listed.
    assert!(
        !report.contains("PLAT-15") && !report.contains("PLAT-100"),
        "{report}"
    );
    // The 429 was waited out, and PLAT-6's changelog read in its three pages.
    let requests = fake.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths.iter().filter(|p| **p == "/rest/api/3/field").count(),
        2
    );
    let changelog: Vec<&str> = requests
        .iter()
        .filter(|r| r.path == "/rest/api/3/issue/PLAT-6/changelog")
        .filter_map(|r| r.param("startAt"))
        .collect();
    assert_eq!(changelog, ["0", "3", "6"]);
}

#[test]
fn jira_without_the_boards_configuration_and_statuses_gives_the_same_files() {
    let fake = jira_serving(false);
    let site = site("jira");
    assert_success(&sync_jira(site.path(), &fake, &[]));
    assert_expected("jira", site.path());
}

#[test]
fn a_second_jira_sync_with_nothing_new_changes_no_byte_and_keeps_what_was_written_by_hand() {
    let fake = jira();
    let site = site("jira");
    assert_success(&sync_jira(site.path(), &fake, &[]));
    // Written by hand since: a stand-up, a note on an item, an item of the team's own, a
    // comment.
    let path = site.path().join("content/platform/sprint-03.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let link = "url = \"https://acme.atlassian.net/browse/PLAT-12\"\n";
    let edited = text.replace(
        &format!("id = \"PLAT-12\"\ntitle = \"Caching layer\"\npoints = 3\n{link}"),
        &format!("id = \"PLAT-12\"\ntitle = \"Caching layer\"\npoints = 3 # from planning\n{link}notes = \"Needs the Redis cluster\"\n\n[[items]]\nid = \"OPS-1\"\ntitle = \"On-call handbook\"\npoints = 1\n"),
    ) + "\n[[standups]]\ndate = 2026-04-01\ncompleted = [\"Health checks started\"]\n";
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    let before = read_tree(site.path());
    let out = sync_jira(site.path(), &fake, &[]);
    assert_success(&out);
    assert_eq!(
        read_tree(site.path()),
        before,
        "the second sync changed files"
    );
    let report = stdout(&out);
    for n in 1..=3 {
        assert!(
            report.contains(&format!(
                "content/platform/sprint-0{n}.toml  PLAT Sprint {n} ("
            )),
            "{report}"
        );
    }
    assert_eq!(report.matches("; unchanged)").count(), 3, "{report}");
}

#[test]
fn a_dry_run_prints_the_changes_as_a_diff_and_writes_nothing() {
    let fake = jira();
    let site = site("jira");
    let before = read_tree(site.path());
    let out = sync_jira(site.path(), &fake, &["--dry-run"]);
    assert_success(&out);
    assert_eq!(read_tree(site.path()), before);
    let printed = stdout(&out);
    assert!(
        printed.starts_with("--- a/content/platform/team.toml\n+++ b/content/platform/team.toml\n@@ -0,0 +1 @@\n+name = \"Platform\"\n"),
        "{printed}"
    );
    assert!(
        printed.contains("+++ b/content/platform/sprint-03.toml\n"),
        "{printed}"
    );
    assert!(
        printed.contains("Would sync from Jira into `platform`"),
        "{printed}"
    );
    assert!(
        stderr(&out).ends_with("dry run: nothing was written\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn plain_sync_reads_each_teams_sync_table() {
    let fake = jira();
    let site = site("jira");
    let team = site.path().join("content/platform/team.toml");
    std::fs::create_dir_all(team.parent().unwrap()).unwrap();
    let table = format!(
        "name = \"Platform\"\n\n[sync]\ntracker = \"jira\"\nurl = \"{}\"\nboard = 7\ntz = \"UTC\"\n",
        fake.url
    );
    std::fs::write(&team, &table).unwrap();
    let out = run(site.path(), &["sync"], &JIRA_ENV);
    assert_success(&out);
    assert_eq!(std::fs::read_to_string(&team).unwrap(), table);
    std::fs::write(&team, "name = \"Platform\"\n").unwrap();
    assert_expected("jira", site.path());
}

#[test]
fn credentials_come_from_the_environment_and_a_wrong_one_is_named() {
    let fake = jira();
    let site = site("jira");
    let before = read_tree(site.path());
    let args = [
        "sync", "jira", "--url", &fake.url, "--board", "7", "--team", "platform",
    ];
    let out = run(site.path(), &args, &[("JIRA_EMAIL", "ada@example.com")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: set JIRA_API_TOKEN: `sync jira` needs an API token"),
        "{}",
        stderr(&out)
    );
    let wrong = [
        ("JIRA_EMAIL", "ada@example.com"),
        ("JIRA_API_TOKEN", "wrong"),
    ];
    let out = run(site.path(), &args, &wrong);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: Jira refused the credentials (HTTP 401 to GET /rest/agile/1.0/board/7/sprint)\n  = help: check JIRA_EMAIL and JIRA_API_TOKEN: the email of an Atlassian account and an API token of that account (https://id.atlassian.com/manage-profile/security/api-tokens)\n\n1 error, 0 warnings; nothing was written\n"
    );
    assert_eq!(read_tree(site.path()), before);
}

#[test]
fn a_missing_board_and_an_undocumented_answer_are_named() {
    let fake = jira();
    let site = site("jira");
    let args = [
        "sync", "jira", "--url", &fake.url, "--board", "99", "--team", "platform",
    ];
    let out = run(site.path(), &args, &JIRA_ENV);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: board 99 at {} was not found (HTTP 404 to GET /rest/agile/1.0/board/99/sprint)\n",
            fake.url
        )),
        "{}",
        stderr(&out)
    );
    let odd = Fake::start(|_| Response::json(200, r#"{"sprints":[]}"#));
    let args = [
        "sync", "jira", "--url", &odd.url, "--board", "7", "--team", "platform",
    ];
    let out = run(site.path(), &args, &JIRA_ENV);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: GET /rest/agile/1.0/board/7/sprint?startAt=0 answered with something Jira does not document: no `values` list of sprints\n"),
        "{}",
        stderr(&out)
    );
    assert!(!site.path().join("content/platform").exists());
}

#[test]
fn credentials_go_only_over_https_or_to_this_machine() {
    let site = site("jira");
    let args = [
        "sync",
        "jira",
        "--url",
        "http://acme.atlassian.net",
        "--board",
        "7",
        "--team",
        "platform",
    ];
    let out = run(site.path(), &args, &JIRA_ENV);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `http://acme.atlassian.net` is not HTTPS\n  = help: sprintgen sends credentials only over HTTPS; plain http:// only to this machine (localhost, 127.0.0.1, ::1)\n\n1 error, 0 warnings; nothing was written\n"
    );
}

#[test]
fn https_goes_through_the_proxy_of_https_proxy() {
    // The proxy refuses the tunnel: what matters is that the client asked it for one.
    let proxy = Fake::start(|_| Response::json(403, "{}"));
    let site = site("jira");
    let args = [
        "sync",
        "jira",
        "--url",
        "https://acme.atlassian.net",
        "--board",
        "7",
        "--team",
        "platform",
    ];
    let mut env = JIRA_ENV.to_vec();
    env.push(("HTTPS_PROXY", &proxy.url));
    let mut command = sprintgen_command();
    for name in [
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "https_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    let out = command
        .args(args)
        .arg("--root")
        .arg(site.path())
        .envs(env)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: cannot reach https://acme.atlassian.net for GET /rest/agile/1.0/board/7/sprint: "), "{}", stderr(&out));
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("CONNECT", "acme.atlassian.net:443")
    );
}

// --- The client ---------------------------------------------------------------------------

/// A client of `fake` that records the waits it is asked for instead of sleeping.
fn recording_client(fake: &Fake) -> (sprintgen::sync::Client, Arc<std::sync::Mutex<Vec<u64>>>) {
    let service = sprintgen::sync::Service {
        name: "Fake",
        credentials: "check FAKE_TOKEN",
        permission: "ask for access",
    };
    let waits = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = Arc::clone(&waits);
    let client =
        sprintgen::sync::Client::new(&fake.url, "Bearer x".into(), service, "the thing".into())
            .unwrap()
            .with_sleeper(move |d| recorded.lock().unwrap().push(d.as_secs()));
    (client, waits)
}

/// A fake answering `failures` times with `status` (and `Retry-After` when given), then 200.
fn failing(failures: usize, status: u16, retry_after: Option<&'static str>) -> Fake {
    let count = AtomicUsize::new(0);
    Fake::start(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) < failures {
            let response = Response::json(status, "{}");
            match retry_after {
                Some(after) => response.with_header("Retry-After", after),
                None => response,
            }
        } else {
            Response::json(200, r#"{"ok":true}"#)
        }
    })
}

#[test]
fn the_client_waits_as_retry_after_says_and_backs_off_after_server_errors() {
    let fake = failing(2, 429, Some("7"));
    let (client, waits) = recording_client(&fake);
    assert_eq!(
        client.get("/x", &[]).unwrap(),
        serde_json::json!({"ok": true})
    );
    assert_eq!(*waits.lock().unwrap(), [7, 7]);
    assert_eq!(fake.requests().len(), 3);

    let fake = failing(3, 503, None);
    let (client, waits) = recording_client(&fake);
    assert_eq!(
        client.get("/x", &[]).unwrap(),
        serde_json::json!({"ok": true})
    );
    assert_eq!(*waits.lock().unwrap(), [1, 2, 4]);
}

#[test]
fn the_client_gives_up_after_five_attempts_and_names_the_request() {
    let fake = failing(usize::MAX, 502, None);
    let (client, waits) = recording_client(&fake);
    let error = client.get("/rest/api/3/field", &[]).unwrap_err();
    assert_eq!(*waits.lock().unwrap(), [1, 2, 4, 8]);
    assert_eq!(fake.requests().len(), 5);
    assert_eq!(
        error.to_string(),
        "error: Fake failed 5 times (HTTP 502 to GET /rest/api/3/field)\n  = help: the service has trouble: the next scheduled sync tries again\n"
    );
    let fake = failing(usize::MAX, 403, None);
    let (client, waits) = recording_client(&fake);
    let error = client.get("/p", &[]).unwrap_err();
    assert!(waits.lock().unwrap().is_empty());
    assert_eq!(
        error.to_string(),
        "error: Fake does not let these credentials read the thing (HTTP 403 to GET /p)\n  = help: ask for access\n"
    );
}

// --- Linear -------------------------------------------------------------------------------

const LINEAR_KEY: &str = "lin_api_0123456789";

/// Linear's GraphQL API for the team ENG (`tests/fixtures/sync/linear`): the cycles in two
/// pages, the issues in two pages, ENG-7's history longer than its first page. `moved`
/// replaces ENG-12 (planned into cycle 14) with itself taken out of the cycle on 04-02.
fn linear(moved: bool) -> Fake {
    Fake::start(move |r: &Request| {
        if r.header("authorization") != Some(LINEAR_KEY) {
            return Response::json(
                400,
                r#"{"errors":[{"message":"Authentication required, not authenticated","extensions":{"type":"authentication error","code":"AUTHENTICATION_ERROR","statusCode":401,"userError":true}}]}"#,
            );
        }
        let body = r.json();
        let query = body["query"].as_str().unwrap_or_default();
        let after = body["variables"]["after"].as_str();
        let file = |name: &str| Response::json(200, served("linear", name));
        if query.contains("teams(") {
            assert_eq!(body["variables"]["key"], "ENG");
            file("team.json")
        } else if query.contains("cycles(") {
            file(if after.is_some() {
                "cycles-2.json"
            } else {
                "cycles-1.json"
            })
        } else if query.contains("issues(") {
            assert_eq!(body["variables"]["since"], "2026-03-01T23:00:00.000Z");
            match after {
                None => file("issues-1.json"),
                Some(_) if moved => {
                    let text = served("linear", "issues-2.json").replace(
                        "\"cycle\": {\n            \"id\": \"8f1a6a2e-0c11-4c8e-a1f0-000000000014\"\n          },",
                        "\"cycle\": null,",
                    );
                    let moved_out = r#"{"createdAt": "2026-04-02T08:00:00.000Z", "fromCycleId": "8f1a6a2e-0c11-4c8e-a1f0-000000000014", "toCycleId": null, "fromEstimate": null, "toEstimate": null, "toState": null},"#;
                    let text = text.replacen("\"nodes\": [\n              {\n                \"createdAt\": \"2026-03-28", &format!("\"nodes\": [\n              {moved_out}\n              {{\n                \"createdAt\": \"2026-03-28"), 1);
                    assert_ne!(text, served("linear", "issues-2.json"));
                    Response::json(200, text)
                }
                Some(_) => file("issues-2.json"),
            }
        } else if query.contains("issue(id") {
            assert_eq!(after, Some("h7-2"));
            file("history-ENG-7.json")
        } else {
            Response::json(
                400,
                r#"{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#,
            )
        }
    })
}

fn sync_linear(site: &Path, fake: &Fake) -> Output {
    let args = [
        "sync",
        "linear",
        "--url",
        &fake.url,
        "--team-key",
        "ENG",
        "--team",
        "web",
        "--tz",
        "Europe/Berlin",
    ];
    run(site, &args, &[("LINEAR_API_KEY", LINEAR_KEY)])
}

#[test]
fn linear_cycles_follow_the_issue_history() {
    let fake = linear(false);
    let site = site("linear");
    let out = sync_linear(site.path(), &fake);
    assert_success(&out);
    assert_expected("linear", site.path());
    // Days in Europe/Berlin (summer time from 03-29). Cycle 11, 03-02 to 03-15:
    //   ENG-1 3 done 03-06; ENG-2 5 in progress (carried into cycle 12 as it ended); ENG-3 2,
    //   re-estimated to 3 on 03-05, done 03-12; ENG-4 5 cancelled 03-09; ENG-5 1 created in
    //   the cycle 03-10, done 03-11.
    //   committed 3+5+2+5 = 15, added 1 + 1 = 2, removed 5, completed 3+3+1 = 7, not
    //   completed 5, say/do 7/15.
    // Cycle 12 "Hardening", 03-16 to 03-29: ENG-2 5 (carried) done 03-20; ENG-6 8 taken out
    //   03-18; ENG-7 3 done 03-19, reopened 03-23, done 03-27 (its history paged); ENG-8 2
    //   added 03-20, carried on. committed 5+8+3 = 16, added 2, removed 8, completed 5+3 = 8,
    //   not completed 2, say/do 8/16.
    // Cycle 13, 03-30 to 04-12, active on 04-03: ENG-8 2 (carried); ENG-9 3, re-estimated to
    //   5 on 04-02; ENG-10 2 created in the cycle 03-31, done 04-02. committed 2+3 = 5,
    //   added 2 + 2 = 4, completed 2, not completed 7, say/do 2/5.
    // Cycle 14, planned: ENG-12 3.
    assert_eq!(
        crate::import::figures(site.path(), "web"),
        [
            (11, 15.0, 2.0, 5.0, 7.0, 5.0, Some(0.4667)),
            (12, 16.0, 2.0, 8.0, 8.0, 2.0, Some(0.5)),
            (13, 5.0, 4.0, 0.0, 2.0, 7.0, Some(0.4)),
            (14, 3.0, 0.0, 0.0, 0.0, 3.0, None),
        ]
    );
    let report = stdout(&out);
    assert!(
        report.starts_with("Synced from Linear into `web`: 4 sprints"),
        "{report}"
    );
    assert!(report.contains("Nothing was skipped."), "{report}");
}

#[test]
fn an_issue_moved_out_of_a_planned_cycle_leaves_its_file() {
    let site = site("linear");
    assert_success(&sync_linear(site.path(), &linear(false)));
    let path = site.path().join("content/web/sprint-14.toml");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("id = \"ENG-12\"")
    );
    let out = sync_linear(site.path(), &linear(true));
    assert_success(&out);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "number = 14\ntitle = \"Cycle 14\"\nstart = 2026-04-13\nend = 2026-04-26\n"
    );
    assert!(stdout(&out).contains("content/web/sprint-14.toml  Cycle 14 (2026-04-13 to 2026-04-26; updated: 0 items replaced, 0 added, 0 kept, 1 taken out)"), "{}", stdout(&out));
}

#[test]
fn a_refused_linear_key_is_named() {
    let fake = linear(false);
    let site = site("linear");
    let args = [
        "sync",
        "linear",
        "--url",
        &fake.url,
        "--team-key",
        "ENG",
        "--team",
        "web",
    ];
    let out = run(site.path(), &args, &[("LINEAR_API_KEY", "lin_api_wrong")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: Linear refused the credentials: Authentication required, not authenticated\n  = help: check LINEAR_API_KEY"),
        "{}",
        stderr(&out)
    );
}

// --- GitHub -------------------------------------------------------------------------------

const GITHUB_TOKEN: &str = "ghp_0123456789";

/// GitHub's GraphQL API for the organisation project acme/5 (`tests/fixtures/sync/github`),
/// its items in two pages, as the project stood on day `day()` (1 or 2).
fn github(day: Arc<AtomicUsize>) -> Fake {
    Fake::start(move |r: &Request| {
        if r.header("authorization") != Some(&format!("Bearer {GITHUB_TOKEN}")) {
            return Response::json(
                401,
                r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql","status":"401"}"#,
            );
        }
        let body = r.json();
        let query = body["query"].as_str().unwrap_or_default();
        assert_eq!(body["variables"]["owner"], "acme");
        if query.contains("repositoryOwner") {
            return Response::json(200, served("github", "owner.json"));
        }
        assert!(query.contains("organization(login: $owner)"), "{query}");
        assert_eq!(body["variables"]["number"], 5);
        let page = if body["variables"]["after"].is_string() {
            2
        } else {
            1
        };
        let day = day.load(Ordering::SeqCst);
        Response::json(200, served("github", &format!("project-{day}-{page}.json")))
    })
}

fn sync_github(site: &Path, fake: &Fake) -> Output {
    let args = ["sync", "github", "--url", &fake.url, "--team", "app"];
    run(site, &args, &[("GITHUB_TOKEN", GITHUB_TOKEN)])
}

fn set_as_of(site: &Path, day: &str) {
    std::fs::write(
        site.join("sprintgen.toml"),
        format!("title = \"App reports\"\nas_of = {day}\n"),
    )
    .unwrap();
}

#[test]
fn github_changes_are_dated_on_the_day_of_the_sync() {
    let day = Arc::new(AtomicUsize::new(1));
    let fake = github(Arc::clone(&day));
    let site = site("github");
    // Monday 04-06, Sprint 5's first day: its items by their creation; Sprint 4 has ended.
    assert_success(&sync_github(site.path(), &fake));
    // Wednesday 04-08: web#2 re-estimated 5 -> 8; api#7 moved to Sprint 6; api#8 reopened;
    // the draft started; web#5 added; web#4 gone from the project.
    day.store(2, Ordering::SeqCst);
    set_as_of(site.path(), "2026-04-08");
    let out = sync_github(site.path(), &fake);
    assert_success(&out);
    assert_expected("github", site.path());
    // Sprint 4, 03-23 to 04-05: web#1 3 done 03-30. committed 3, completed 3.
    // Sprint 5, 04-06 to 04-19, on 04-08: committed web#2 5 + api#7 3 + api#8 2 + the draft 1
    //   + web#4 3 (`Blocked`, mapped to in progress) = 14; added web#5 2 + the re-estimate 3
    //   = 5; removed api#7 3 + web#4 3 = 6; completed 0 (api#8, done 04-06, reopened 04-08);
    //   not completed 14 + 5 - 6 = 13.
    // Sprint 6, 04-20 to 05-03, planned: api#7 3.
    assert_eq!(
        crate::import::figures(site.path(), "app"),
        [
            (1, 3.0, 0.0, 0.0, 3.0, 0.0, Some(1.0)),
            (2, 14.0, 5.0, 6.0, 0.0, 13.0, Some(0.0)),
            (3, 3.0, 0.0, 0.0, 0.0, 3.0, None),
        ]
    );
    // Nothing new on the same day: no byte changes.
    let before = read_tree(site.path());
    assert_success(&sync_github(site.path(), &fake));
    assert_eq!(read_tree(site.path()), before);
}

#[test]
fn a_github_token_without_read_project_is_told_so() {
    let fake = Fake::start(|_| {
        Response::json(
            200,
            r#"{"errors":[{"type":"INSUFFICIENT_SCOPES","locations":[{"line":1,"column":36}],"message":"Your token has not been granted the required scopes to execute this query. The 'projectV2' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens."}]}"#,
        )
    });
    let site = site("github");
    let out = sync_github(site.path(), &fake);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: GitHub does not let these credentials read the project acme/5: Your token has not been granted the required scopes"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("= help: the token needs the `read:project` scope"),
        "{}",
        stderr(&out)
    );
    let wrong = github(Arc::new(AtomicUsize::new(1)));
    let args = ["sync", "github", "--url", &wrong.url, "--team", "app"];
    let out = run(site.path(), &args, &[("GH_TOKEN", "ghp_wrong")]);
    assert!(
        stderr(&out).starts_with(&format!(
            "error: GitHub refused the credentials (HTTP 401 to POST {})\n",
            wrong.url
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn plain_sync_syncs_every_configured_team_and_names_the_one_that_failed() {
    let (jira, linear) = (jira(), linear(false));
    let site = site("jira");
    let write = |team: &str, text: String| {
        let path = site.path().join(format!("content/{team}/team.toml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "platform",
        format!(
            "name = \"Platform\"\n\n[sync]\ntracker = \"jira\"\nurl = \"{}\"\nboard = 7\n",
            jira.url
        ),
    );
    write(
        "web",
        format!(
            "name = \"Web\"\n\n[sync]\ntracker = \"linear\"\nurl = \"{}\"\nteam_key = \"ENG\"\n",
            linear.url
        ),
    );
    write("ops", "name = \"Ops\"\n".to_string());
    // Jira's credentials only: the Jira team is synced, the Linear one named as not.
    let out = run(site.path(), &["sync"], &JIRA_ENV);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).starts_with("Synced from Jira into `platform`"),
        "{}",
        stdout(&out)
    );
    assert!(
        site.path()
            .join("content/platform/sprint-03.toml")
            .is_file()
    );
    assert!(!site.path().join("content/web/sprint-11.toml").exists());
    assert!(
        stderr(&out).starts_with("error: team `web`: set LINEAR_API_KEY: "),
        "{}",
        stderr(&out)
    );
    // A team without a [sync] table is named.
    let out = run(site.path(), &["sync", "--team", "ops"], &JIRA_ENV);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: the team `ops` has no [sync] table in its team.toml\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_sync_whose_result_would_not_pass_check_writes_nothing() {
    let fake = jira();
    let site = site("jira");
    // As of 03-20, Jira's changes of the days after cannot be reported yet.
    std::fs::write(
        site.path().join("sprintgen.toml"),
        "title = \"Platform reports\"\nas_of = 2026-03-20\n",
    )
    .unwrap();
    let before = read_tree(site.path());
    let out = sync_jira(site.path(), &fake, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("after the as-of date"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).ends_with("; nothing was written\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read_tree(site.path()), before);
}
