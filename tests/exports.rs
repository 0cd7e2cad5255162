//! `sprintgen import` with exports as people really save them: re-saved by a spreadsheet (with
//! `;` or tabs, in Windows-1252 or UTF-16, with local dates and decimal commas), with bad
//! cells, of another tracker than the one named, and Jira's sprint list fetched with the
//! README's command from a local server that answers as Jira's documentation shows.

use crate::common;
use crate::import::{changed_export, failing, fixture, import, site};

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use common::{assert_success, read_tree, repo_root, sprintgen};

/// The sprint files an import of `files` (with `args`) writes into a copy of the tracker's
/// fixture site, by path.
fn imported(tracker: &str, files: &[&str], args: &[&str]) -> Vec<(String, String)> {
    let site = site(tracker);
    assert_success(&import(tracker, site.path(), files, args));
    contents(site.path())
}

/// The files of a site's `content/` and their text, by path.
fn contents(site: &Path) -> Vec<(String, String)> {
    read_tree(&site.join("content"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// The records of a fixture CSV file, each changed by `change` (given the header and a row).
fn records(path: &Path, change: impl Fn(&[String], &mut Vec<String>)) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let header = rows[0].clone();
    rows.into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            if i > 0 {
                change(&header, &mut row);
            }
            row
        })
        .collect()
}

/// CSV text of `records` with `delimiter` between fields.
fn csv_text(records: &[Vec<String>], delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in records {
        writer.write_record(record).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// `text` in Windows-1252, for the few characters outside ASCII the tests use.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'é' => 0xE9,
            '–' => 0x96,
            c if c.is_ascii() => c as u8,
            other => panic!("no Windows-1252 byte for {other}"),
        })
        .collect()
}

/// `text` in UTF-16, little-endian, after its byte-order mark.
fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Linear's export re-saved three ways (`;` in Windows-1252, tabs in UTF-16, `,` in UTF-8)
/// imports into the same sprint files; the Windows-1252 file is named in a warning.
#[test]
fn a_linear_export_resaved_by_a_spreadsheet_imports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let rows = records(&fixture("linear").join("issues.csv"), |header, row| {
        let title = header.iter().position(|h| h == "Title").unwrap();
        row[title].push_str(" – café");
    });
    let files = [
        ("comma.csv", csv_text(&rows, b',').into_bytes()),
        ("semicolon.csv", windows_1252(&csv_text(&rows, b';'))),
        ("tab.csv", utf16(&csv_text(&rows, b'\t'))),
    ];
    let mut results = Vec::new();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let site = site("linear");
        let out = import(
            "linear",
            site.path(),
            &[path.to_str().unwrap()],
            &["--team", "web"],
        );
        assert_success(&out);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        results.push((read_tree(&site.path().join("content")), stderr));
    }
    assert_eq!(results[0].0, results[1].0);
    assert_eq!(results[0].0, results[2].0);
    let sprint = String::from_utf8(results[0].0["web/sprint-03.toml"].clone()).unwrap();
    assert!(
        sprint.contains("title = \"Sign-up form – café\""),
        "{sprint}"
    );
    // The export as Linear writes it: only the warning that its issues come without links.
    assert_eq!(
        results[0].1.matches("warning: ").count(),
        1,
        "{}",
        results[0].1
    );
    assert!(
        results[0]
            .1
            .starts_with("warning: the export links none of its 8 items")
    );
    assert!(
        results[1].1.starts_with(&format!(
            "warning: `{}` is not UTF-8 text: it was read as Windows-1252, as a spreadsheet on Windows saves it\n",
            dir.path().join("semicolon.csv").display()
        )),
        "{}",
        results[1].1
    );
    assert_eq!(results[2].1, results[0].1);
}

/// `20/Feb/26 10:00 AM` as a spreadsheet in Germany saves it: `20.02.2026 10:00`.
fn dotted(jira: &str) -> Option<String> {
    let (date, time) = jira.split_once(' ')?;
    let mut parts = date.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let (clock, half) = time.split_once(' ')?;
    let (hour, minute) = clock.split_once(':')?;
    let hour: u32 = hour.parse().ok()?;
    let hour = match half {
        "PM" if hour < 12 => hour + 12,
        "AM" if hour == 12 => 0,
        _ => hour,
    };
    Some(format!("{day}.{month:02}.20{year} {hour:02}:{minute}"))
}

/// Jira's export re-saved in Germany (`;`, dates as `20.02.2026 10:00`, points as `3,0`, a
/// byte-order mark) imports into the same sprint files.
#[test]
fn a_jira_export_with_local_dates_and_decimal_commas_imports_the_same() {
    let site = site("jira");
    let rows = records(&fixture("jira").join("issues.csv"), |header, row| {
        for (cell, name) in row.iter_mut().zip(header) {
            if let Some(local) = dotted(cell) {
                *cell = local;
            } else if name.starts_with("Custom field (Story") {
                *cell = cell.replace('.', ",");
            }
        }
    });
    let text = format!("\u{feff}{}", csv_text(&rows, b';'));
    assert!(text.contains(";20.02.2026 10:00;") && text.contains(";3,0;"));
    let resaved = site.path().join("resaved.csv");
    std::fs::write(&resaved, text).unwrap();
    let files = [resaved.to_str().unwrap(), "sprints.json", "changelog.json"];
    let args = ["--team", "platform"];
    let out = import("jira", site.path(), &files, &args);
    assert_success(&out);
    let original = imported(
        "jira",
        &["issues.csv", "sprints.json", "changelog.json"],
        &args,
    );
    let resaved: Vec<(String, String)> = read_tree(&site.path().join("content"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    assert_eq!(resaved, original);
}

/// Every cell that does not read is reported at its row and column, all of a row's and all
/// rows', and nothing is written.
#[test]
fn every_bad_cell_of_every_row_is_reported() {
    let site = site("jira");
    let bad = changed_export(
        "jira",
        "issues.csv",
        site.path(),
        &[
            (
                "Ada Lovelace,20/Feb/26 10:00 AM,05/Mar/26 2:00 PM,05/Mar/26 2:00 PM,",
                "Ada Lovelace,morgen,05/Mar/26 2:00 PM,gestern,",
            ),
            (
                ",,3.0,10006,Authentication,Done,05/Mar/26 2:00 PM",
                ",,drei,10006,Authentication,Done,bald",
            ),
            (
                "Ada Lovelace,21/Feb/26 9:15 AM,",
                "Ada Lovelace,21.02.26 9 Uhr,",
            ),
        ],
    );
    let stderr = failing("jira", &[bad.to_str().unwrap(), "sprints.json"]);
    let expected = "expected a date or time such as 12/Apr/26 3:30 PM, 12.04.2026 15:30 or 2026-04-12T15:30:00Z";
    for error in [
        format!("error: row 2, column `Created`: `morgen` is not a date or time; {expected}"),
        "error: row 2, column `Custom field (Story point estimate)`: `drei` is not a number of points".to_string(),
        format!("error: row 2, column `Resolved`: `gestern` is not a date or time; {expected}"),
        format!("error: row 2, column `Status Category Changed`: `bald` is not a date or time; {expected}"),
        format!("error: row 3, column `Created`: `21.02.26 9 Uhr` is not a date or time; {expected}"),
    ] {
        assert!(stderr.contains(&error), "{error}\n{stderr}");
    }
    assert!(
        stderr.ends_with("5 errors, 0 warnings; nothing was written\n"),
        "{stderr}"
    );
}

/// A file of another tracker is named as such, for every pair of trackers.
#[test]
fn a_file_of_another_tracker_is_named_for_every_pair() {
    let cases = [
        (
            "linear",
            "../jira/issues.csv",
            "Jira",
            "Jira's issues CSV",
            "Linear",
        ),
        (
            "linear",
            "../jira/sprints.json",
            "Jira",
            "a Jira sprint list",
            "Linear",
        ),
        (
            "linear",
            "../github/items.json",
            "GitHub Projects",
            "a GitHub project's items",
            "Linear",
        ),
        (
            "linear",
            "../github/view.csv",
            "GitHub Projects",
            "a GitHub project view's CSV",
            "Linear",
        ),
        (
            "jira",
            "../linear/issues.csv",
            "Linear",
            "Linear's issues CSV",
            "Jira",
        ),
        (
            "jira",
            "../github/items.json",
            "GitHub Projects",
            "a GitHub project's items",
            "Jira",
        ),
        (
            "github",
            "../linear/issues.csv",
            "Linear",
            "Linear's issues CSV",
            "GitHub Projects",
        ),
        (
            "github",
            "../jira/issues.csv",
            "Jira",
            "Jira's issues CSV",
            "GitHub Projects",
        ),
        (
            "github",
            "../jira/changelog.json",
            "Jira",
            "Jira issues with their change history",
            "GitHub Projects",
        ),
    ];
    for (tracker, file, origin, what, importing) in cases {
        let stderr = failing(tracker, &[file]);
        let error = format!("error: this is a {origin} export ({what}), not a {importing} one");
        assert!(stderr.contains(&error), "{error}\n{stderr}");
        // That one error: not also the files the named tracker's import lacks.
        assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
        let command = match origin {
            "GitHub Projects" => "github",
            other => &other.to_lowercase(),
        };
        assert!(
            stderr.contains(&format!(
                "= help: import it with `sprintgen import {command} "
            )),
            "{stderr}"
        );
    }
    // A GitHub project view's CSV has no iteration dates: the JSON of `gh` is what to give.
    let stderr = failing("github", &["view.csv"]);
    assert!(
        stderr.contains("error: this is a GitHub project view's CSV, which has no iteration dates"),
        "{stderr}"
    );
    assert!(
        stderr.contains("gh project item-list N --owner O --format json"),
        "{stderr}"
    );
}

/// A CSV file of no tracker sprintgen knows lists the columns it lacks.
#[test]
fn a_csv_of_no_known_tracker_lists_the_missing_columns() {
    let site = site("linear");
    let path = site.path().join("other.csv");
    std::fs::write(&path, "ID;Title;Points\r\nA-1;Form;3\r\n").unwrap();
    let stderr = failing("linear", &[path.to_str().unwrap()]);
    assert!(
        stderr.contains("error: this is not a Linear CSV export: it lacks the columns `Status`, `Estimate`, `Cycle Number`, `Cycle Start`, `Cycle End`, `Created`, `Started`, `Completed`, `Canceled`"),
        "{stderr}"
    );
}

/// Jira's sprints renamed `PLAT Sprint 41` to `44`: their numbers come from their names (they
/// follow the new team's none), and each sprint's goal is its page's goal.
#[test]
fn jira_sprints_keep_their_numbers_and_goals() {
    let site = site("jira");
    let renames: Vec<(String, String)> = (1..=4)
        .rev()
        .map(|n| {
            (
                format!("PLAT Sprint {n}"),
                format!("PLAT Sprint {}", n + 40),
            )
        })
        .collect();
    let renames: Vec<(&str, &str)> = renames
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let files: Vec<String> = ["issues.csv", "sprints.json", "changelog.json"]
        .into_iter()
        .map(|file| {
            let changes: Vec<(&str, &str)> = renames
                .iter()
                .copied()
                .filter(|(from, _)| {
                    std::fs::read_to_string(fixture("jira").join(file))
                        .unwrap()
                        .contains(from)
                })
                .collect();
            let path = changed_export("jira", file, site.path(), &changes);
            path.to_string_lossy().into_owned()
        })
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    assert_success(&import(
        "jira",
        site.path(),
        &files,
        &["--team", "platform"],
    ));
    let team = site.path().join("content/platform");
    let names: Vec<String> = read_tree(&team).into_keys().collect();
    assert_eq!(
        names,
        [
            "sprint-41.toml",
            "sprint-42.toml",
            "sprint-43.toml",
            "team.toml"
        ]
    );
    let first = std::fs::read_to_string(team.join("sprint-41.toml")).unwrap();
    assert!(
        first.starts_with("number = 41\ntitle = \"PLAT Sprint 41\"\n"),
        "{first}"
    );
    assert_success(&sprintgen(
        &["build", "-q", "--root", site.path().to_str().unwrap()],
        site.path(),
    ));
    let page =
        std::fs::read_to_string(site.path().join("public/platform/sprint-41/index.html")).unwrap();
    assert!(
        page.contains("Sprint 41: PLAT Sprint 41"),
        "the page's title"
    );
    let goals = &page[page.find("id=\"goals\"").expect("a goals section")..];
    let goals = &goals[..goals.find("</section>").unwrap()];
    // Two of the three items committed at the start are done (PLAT-5, also committed, was
    // taken out): in progress.
    assert!(
        goals.contains("<span class=\"goal-title\">Ship the login flow</span>"),
        "{goals}"
    );
    assert!(goals.contains("class=\"badge s-in-progress\""), "{goals}");
    // Its items, each opening in Jira (the import filled their `url`).
    let link = |id: &str| {
        format!("<a class=\"item-id\" href=\"https://example.atlassian.net/browse/{id}\">{id}</a>")
    };
    let items = format!(
        "Items: {}, {}, {}</div>",
        link("PLAT-1"),
        link("PLAT-2"),
        link("PLAT-3")
    );
    assert!(goals.contains(&items), "{goals}");
    assert!(!goals.contains("No goals recorded"), "{goals}");
}

/// The README's command fetches every page of a board's sprint list from a server that pages
/// as Jira's documentation shows (`startAt`, `maxResults`, `isLast`; at most two sprints a
/// page, whatever is asked), with the API token as basic authentication; the pages import.
#[test]
fn the_readmes_sprint_list_command_fetches_every_page() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|line| line.starts_with("start=0; while curl"))
        .expect("the README's sprint list command");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let sprints: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("jira").join("sprints.json")).unwrap(),
    )
    .unwrap();
    let values = sprints["values"].as_array().unwrap().clone();
    let server = std::thread::spawn(move || {
        let mut asked = Vec::new();
        for stream in listener.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                head.push(line.trim().to_string());
            }
            let path = head[0].split(' ').nth(1).unwrap().to_string();
            let start: usize = path.rsplit("startAt=").next().unwrap().parse().unwrap();
            let authorized = head.iter().any(|h| {
                h.eq_ignore_ascii_case("authorization: Basic YWRhQGV4YW1wbGUuY29tOnRvaw==")
            });
            let page: Vec<serde_json::Value> = values.iter().skip(start).take(2).cloned().collect();
            let body = serde_json::json!({
                "maxResults": 2,
                "startAt": start,
                "isLast": start + 2 >= values.len(),
                "values": page,
            })
            .to_string();
            let status = if authorized {
                "200 OK"
            } else {
                "401 Unauthorized"
            };
            write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
            asked.push(path);
        }
        asked
    });
    let site = site("jira");
    let command = command
        .replace(
            "https://YOUR-SITE.atlassian.net",
            &format!("http://{address}"),
        )
        .replace("BOARD_ID", "7");
    let fetched = std::process::Command::new("bash")
        .args(["-c", &command])
        .current_dir(site.path())
        .env("JIRA_EMAIL", "ada@example.com")
        .env("JIRA_API_TOKEN", "tok")
        .output()
        .expect("bash and curl");
    assert_success(&fetched);
    assert_eq!(
        server.join().unwrap(),
        [
            "/rest/agile/1.0/board/7/sprint?startAt=0",
            "/rest/agile/1.0/board/7/sprint?startAt=2"
        ]
    );
    let pages = [
        site.path().join("sprints-0.json"),
        site.path().join("sprints-2.json"),
    ];
    let files = [
        "issues.csv",
        "changelog.json",
        pages[0].to_str().unwrap(),
        pages[1].to_str().unwrap(),
    ];
    let args = ["--team", "platform"];
    assert_success(&import("jira", site.path(), &files, &args));
    let from_pages: Vec<(String, String)> = read_tree(&site.path().join("content"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    assert_eq!(
        from_pages,
        imported(
            "jira",
            &["issues.csv", "sprints.json", "changelog.json"],
            &args
        )
    );
}

/// Without the sprint list, the error gives the command to fetch it.
#[test]
fn a_jira_import_without_the_sprint_list_gives_the_command() {
    let stderr = failing("jira", &["issues.csv"]);
    assert!(
        stderr.contains(
            "error: a Jira import needs the board's sprint list, as the CSV names sprints only"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("id.atlassian.com/manage-profile/security/api-tokens"),
        "{stderr}"
    );
    assert!(
        stderr.contains("start=0; while curl -fsS -u \"$JIRA_EMAIL:$JIRA_API_TOKEN\""),
        "{stderr}"
    );
}
