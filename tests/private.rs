//! Encrypted sites (README, "Private reports"): the example site built with a password shows
//! nothing of its reports in any byte of its output, every page opens with the password into
//! exactly the page of the unencrypted build, a wrong password or a changed byte is refused, a
//! build without the password writes nothing, and two builds differ only in their salts and
//! nonces. The pages are opened here with the RustCrypto crates directly, as WebCrypto does in
//! the browser (`tests/browser/encrypted.mjs` opens them in Chromium).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use common::{assert_success, copy_example, read_tree, repo_root, sprintgen_command};

const PASSWORD: &str = "correct horse battery staple";

/// Builds the example site (with `extra` in its settings) into `out`, with `env` set.
fn build(site: &Path, out: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = sprintgen_command();
    command
        .args(["build", "--root"])
        .arg(site)
        .arg("-o")
        .arg(out)
        .args(args)
        .env_remove("SPRINTGEN_PASSWORD")
        .env_remove("SPRINTGEN_TEST_SEED");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

/// `sprintgen check` in `site`, without the password.
fn check(site: &Path) -> std::process::Output {
    sprintgen_command()
        .arg("check")
        .current_dir(site)
        .env_remove("SPRINTGEN_PASSWORD")
        .output()
        .unwrap()
}

/// The stderr of a run that failed on the site's content (exit code 1).
fn failure(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    stderr
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// The value of the attribute `name` of a page's password form.
fn attribute<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("no {name}"))
        + name.len()
        + 3;
    let end = html[start..].find('"').unwrap() + start;
    &html[start..end]
}

/// The key the form's salt and rounds derive from `password`.
fn key_of(form: &str, password: &str) -> Aes256Gcm {
    let salt = BASE64.decode(attribute(form, "data-salt")).unwrap();
    let rounds: u32 = attribute(form, "data-iterations").parse().unwrap();
    assert!(rounds >= 600_000, "{rounds} rounds");
    let mut key = Key::<Aes256Gcm>::default();
    pbkdf2::pbkdf2_hmac::<pbkdf2::sha2::Sha256>(password.as_bytes(), &salt, rounds, &mut key);
    Aes256Gcm::new(&key)
}

/// A sealed value (base64 of the nonce, then the ciphertext and tag) opened, or `None` when
/// it fails authentication.
/// What the page at `path` is sealed with: its address as a browser sees it (README, "Private
/// reports"), `404.html` for the page a host shows at any address.
fn label(path: &str) -> Vec<u8> {
    let address = match path {
        "404.html" => path,
        _ => path.strip_suffix("index.html").unwrap_or(path),
    };
    format!("sprintgen page {address}").into_bytes()
}

fn open(key: &Aes256Gcm, sealed: &str, aad: &[u8]) -> Option<Vec<u8>> {
    let bytes = BASE64.decode(sealed).ok()?;
    let (nonce, ciphertext) = bytes.split_at(12);
    let nonce = Nonce::try_from(nonce).unwrap();
    key.decrypt(
        &nonce,
        Payload {
            msg: ciphertext,
            aad,
        },
    )
    .ok()
}

/// Whether the key opens the form's key check, as the browser tries a password.
fn fits(key: &Aes256Gcm, form: &str) -> bool {
    open(key, attribute(form, "data-check"), b"sprintgen key check").is_some()
}

/// A copy of the example site (its settings with `extra`), whose `[publish]` table a test
/// writes as it needs.
struct Example {
    site: PathBuf,
    settings: String,
}

impl Example {
    fn new(dir: &Path, extra: &str) -> Example {
        let site = dir.join("site");
        copy_example(&site, extra);
        let settings = std::fs::read_to_string(site.join("sprintgen.toml")).unwrap();
        Example { site, settings }
    }

    /// Writes the settings with `table` as their `[publish]` table, in place of the last one;
    /// returns the line of the table's first setting.
    fn publish(&self, table: &str) -> usize {
        std::fs::write(
            self.site.join("sprintgen.toml"),
            format!("{}\n[publish]\n{table}\n", self.settings),
        )
        .unwrap();
        self.settings.lines().count() + 3
    }
}

/// The example site, built without and with encryption (the same day, base URL and settings).
struct Builds {
    _dir: tempfile::TempDir,
    plain: BTreeMap<String, Vec<u8>>,
    locked: BTreeMap<String, Vec<u8>>,
}

fn builds(extra: &str) -> Builds {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_example(&site, extra);
    let (plain, locked) = (dir.path().join("plain"), dir.path().join("locked"));
    assert_success(&build(&site, &plain, &[], &[]));
    let out = build(
        &site,
        &locked,
        &["--encrypt"],
        &[("SPRINTGEN_PASSWORD", PASSWORD)],
    );
    assert_success(&out);
    Builds {
        plain: read_tree(&plain),
        locked: read_tree(&locked),
        _dir: dir,
    }
}

/// The words and numbers an HTML page shows: the runs of letters and digits of its text, the
/// tags taken out (each tag parts words, as `<li>Ideal</li><li>Actual</li>` shows two).
fn tokens(html: &str) -> BTreeSet<String> {
    common::visible_text(&html.replace('>', "> "))
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `token` stands in `bytes` on its own: not inside a run of base64 characters, as any
/// short word or number stands somewhere inside a long ciphertext by chance, and as words and
/// figures stand in a page (between tags, blanks, punctuation).
fn stands_in(bytes: &[u8], token: &str) -> bool {
    let base64 =
        |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b));
    let needle = token.as_bytes();
    bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, window)| *window == needle)
        .any(|(at, _)| {
            !base64(at.checked_sub(1).and_then(|i| bytes.get(i)))
                && !base64(bytes.get(at + needle.len()))
        })
}

/// What the encrypted site may show without showing anything of the reports: the stylesheet,
/// the icon (also as the 404 page's `data:` URL) and the password form of the theme, the
/// pages' addresses (public by design), and the sentence that heads the output's list of its
/// files.
fn noise(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let theme = repo_root().join("themes/default");
    let mut noise = Vec::new();
    for file in [
        "static/style.css",
        "static/favicon.svg",
        "templates/locked.html",
        "templates/partials/unlock.js",
    ] {
        noise.extend(std::fs::read(theme.join(file)).unwrap());
        noise.push(b'\n');
    }
    for byte in std::fs::read(theme.join("static/favicon.svg")).unwrap() {
        match byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            true => noise.push(byte),
            false => noise.extend(format!("%{byte:02X}").bytes()),
        }
    }
    for path in files.keys() {
        noise.extend(format!("\n{path}").bytes());
    }
    let marker = text(&files[".sprintgen-output"]).lines().next().unwrap();
    assert!(
        marker.starts_with("This folder is generated by sprintgen"),
        "{marker}"
    );
    noise.extend(format!("\n{marker}\n").bytes());
    noise
}

#[test]
fn no_word_or_figure_of_the_reports_is_in_any_byte_of_an_encrypted_build() {
    let builds = builds("");
    let noise = noise(&builds.locked);
    // Every word and number the unencrypted pages show (titles, item names, figures, people,
    // the charts' text), that the theme's own files do not hold.
    let mut secrets = BTreeSet::new();
    for (path, bytes) in builds.plain.iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = text(bytes);
        for token in tokens(page) {
            if stands_in(bytes, &token) && !stands_in(&noise, &token) {
                secrets.insert(token);
            }
        }
        assert!(
            page.contains("<svg") || !path.contains("sprint-04"),
            "{path}"
        );
    }
    // The list holds what the issue names: the site's and teams' names, goals, item titles,
    // figures and the charts' words.
    for expected in [
        "AlphaPulse",
        "Beacon",
        "Kickoff",
        "Helm",
        "Kubernetes",
        "Vault",
        "Ideal",
        "Velocity",
        "Burndown",
        "Remaining",
        "FTE",
        "31",
        "69",
        "24",
        "67",
        "2025",
    ] {
        assert!(
            secrets.contains(expected),
            "{expected} is not among the secrets"
        );
    }
    assert!(
        secrets.len() > 500,
        "only {} words and numbers",
        secrets.len()
    );
    // The scan finds them in the unencrypted build, so it can fail.
    let shown = |files: &BTreeMap<String, Vec<u8>>| -> BTreeSet<&String> {
        secrets
            .iter()
            .filter(|token| files.values().any(|bytes| stands_in(bytes, token)))
            .collect()
    };
    assert_eq!(shown(&builds.plain).len(), secrets.len());
    let leaked = shown(&builds.locked);
    assert!(leaked.is_empty(), "the encrypted build shows {leaked:?}");
    // Long phrases, looked for anywhere (also inside base64): the teams' names and sprint 4's.
    for phrase in [
        "AlphaPulse delivery reports",
        "Phase 3 Kickoff",
        "Load Testing Validation",
    ] {
        assert!(builds.plain.values().any(|b| text(b).contains(phrase)));
        for (path, bytes) in &builds.locked {
            assert!(
                !String::from_utf8_lossy(bytes).contains(phrase),
                "{path} shows {phrase}"
            );
        }
    }
}

#[test]
fn every_page_opens_with_the_password_into_the_page_of_the_unencrypted_build() {
    let builds = builds("");
    let pages: Vec<&String> = builds
        .plain
        .keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    let locked: Vec<&String> = builds
        .locked
        .keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(pages, locked);
    assert!(pages.contains(&&"alphapulse/sprint-04/index.html".to_string()));
    let first = text(&builds.locked["index.html"]);
    let key = key_of(first, PASSWORD);
    let mut nonces = BTreeSet::new();
    let mut blank_forms = BTreeSet::new();
    for path in pages {
        let form = text(&builds.locked[path]);
        assert_eq!(
            attribute(form, "data-salt"),
            attribute(first, "data-salt"),
            "{path}"
        );
        assert_eq!(
            attribute(form, "data-check"),
            attribute(first, "data-check"),
            "{path}"
        );
        assert!(fits(&key, form), "{path}");
        let sealed = attribute(form, "data-page");
        nonces.insert(BASE64.decode(sealed).unwrap()[..12].to_vec());
        let opened =
            open(&key, sealed, &label(path)).unwrap_or_else(|| panic!("{path} does not open"));
        assert!(
            opened == builds.plain[path],
            "{path} opens into another page"
        );
        // The form itself: generic, not for search engines, the same on every page but for
        // where the site's root, the stylesheet and the icon are, and the sealed page.
        assert!(form.contains("<title>Password required</title>"), "{path}");
        assert!(
            form.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{path}"
        );
        assert_eq!(form.matches("<script").count(), 1, "{path}");
        let depth = path.matches('/').count();
        let blank = form
            .replace(sealed, "PAGE")
            .replace(
                &format!("href=\"{}style.css\"", "../".repeat(depth)),
                "href=\"ROOT\"",
            )
            .replace(
                &format!("href=\"{}favicon.svg\"", "../".repeat(depth)),
                "href=\"ROOT\"",
            )
            .replace(
                &format!("data-root=\"{}\"", "../".repeat(depth)),
                "data-root=\"ROOT\"",
            );
        if path != "404.html" {
            blank_forms.insert(blank);
        }
    }
    assert_eq!(
        nonces.len(),
        builds.plain.keys().filter(|p| p.ends_with(".html")).count()
    );
    assert_eq!(blank_forms.len(), 1, "the forms differ: {blank_forms:#?}");
    // The 404 page, served at any address, holds its stylesheet.
    let not_found = text(&builds.locked["404.html"]);
    assert!(
        not_found.contains("<style>\n/* sprintgen default theme."),
        "{not_found}"
    );
}

#[test]
fn a_wrong_password_and_a_changed_byte_are_refused() {
    let builds = builds("");
    let form = text(&builds.locked["alphapulse/sprint-04/index.html"]);
    assert!(!fits(&key_of(form, "correct horse battery stapler"), form));
    assert!(!fits(&key_of(form, ""), form));
    let key = key_of(form, PASSWORD);
    assert!(fits(&key, form));
    let here = b"sprintgen page alphapulse/sprint-04/";
    let mut bytes = BASE64.decode(attribute(form, "data-page")).unwrap();
    for at in [0, 12, bytes.len() / 2, bytes.len() - 1] {
        bytes[at] ^= 0x20;
        assert!(
            open(&key, &BASE64.encode(&bytes), here).is_none(),
            "byte {at}"
        );
        bytes[at] ^= 0x20;
    }
    assert!(open(&key, &BASE64.encode(&bytes), here).is_some());
    // Nor does one page's check or text pass for another's, nor a page moved to another
    // address (sprint 3's text in sprint 4's form).
    assert!(open(&key, attribute(form, "data-check"), here).is_none());
    assert!(open(&key, attribute(form, "data-page"), b"sprintgen key check").is_none());
    let other = text(&builds.locked["alphapulse/sprint-03/index.html"]);
    assert!(open(&key, attribute(other, "data-page"), here).is_none());
    assert!(
        open(
            &key,
            attribute(other, "data-page"),
            b"sprintgen page alphapulse/sprint-03/"
        )
        .is_some()
    );
}

#[test]
fn an_encrypted_build_without_the_password_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let example = Example::new(dir.path(), "");
    let site = &example.site;
    let line = example.publish("encrypt = true");
    let out = dir.path().join("public");
    assert_success(&build(site, &out, &["--no-encrypt"], &[]));
    let before = read_tree(&out);
    let beside = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let names = beside(dir.path());
    for env in [
        &[][..],
        &[("SPRINTGEN_PASSWORD", "")],
        &[("SPRINTGEN_PASSWORD", "\n")],
    ] {
        let failed = build(site, &out, &[], env);
        let stderr = failure(&failed);
        assert!(
            stderr.contains(&format!(
                "error: the site is to be encrypted, but `SPRINTGEN_PASSWORD` is not set (or is empty): the password comes from the environment only\n  --> sprintgen.toml:{line}:11\n"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("`SPRINTGEN_PASSWORD: ${{ secrets.SPRINTGEN_PASSWORD }}`"),
            "{stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert!(read_tree(&out) == before, "the output changed");
        assert_eq!(beside(dir.path()), names);
    }
    // --encrypt asks for it too, and the error is the flag's.
    std::fs::write(site.join("sprintgen.toml"), &example.settings).unwrap();
    let failed = build(site, &out, &["--encrypt"], &[]);
    let stderr = failure(&failed);
    assert!(
        stderr.starts_with("error: the site is to be encrypted"),
        "{stderr}"
    );
    assert!(!stderr.contains("--> sprintgen.toml"), "{stderr}");
    assert!(read_tree(&out) == before);
}

/// A shell with its salt, key check and sealed page blanked.
fn blanked(form: &str) -> String {
    ["data-salt", "data-check", "data-page"]
        .iter()
        .fold(form.to_string(), |form, name| {
            form.replace(attribute(&form, name), "-")
        })
}

#[test]
fn two_builds_differ_only_in_salts_and_nonces_and_a_test_seed_makes_them_equal() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_example(&site, "");
    let run = |name: &str, env: &[(&str, &str)]| {
        let out = dir.path().join(name);
        let env = [&[("SPRINTGEN_PASSWORD", PASSWORD)], env].concat();
        assert_success(&build(&site, &out, &["--encrypt"], &env));
        read_tree(&out)
    };
    let (a, b) = (run("a", &[]), run("b", &[]));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let page = |files: &BTreeMap<String, Vec<u8>>| {
        text(&files["alphapulse/sprint-04/index.html"]).to_string()
    };
    assert_ne!(
        attribute(&page(&a), "data-salt"),
        attribute(&page(&b), "data-salt")
    );
    for (path, bytes) in &a {
        if !path.ends_with(".html") {
            assert!(*bytes == b[path], "{path} differs");
            continue;
        }
        let (one, other) = (text(bytes), text(&b[path]));
        assert_eq!(blanked(one), blanked(other), "{path}");
        let opened = |form: &str| {
            open(
                &key_of(form, PASSWORD),
                attribute(form, "data-page"),
                &label(path),
            )
            .unwrap_or_else(|| panic!("{path} does not open"))
        };
        assert_eq!(opened(one), opened(other), "{path}");
    }
    // A salt of the site's own: the same salt and key, new nonces.
    std::fs::write(
        site.join("sprintgen.toml"),
        std::fs::read_to_string(site.join("sprintgen.toml")).unwrap()
            + "\n[publish]\nsalt = \"000102030405060708090a0b0c0d0e0f\"\n",
    )
    .unwrap();
    let (c, d) = (run("c", &[]), run("d", &[]));
    assert_eq!(
        attribute(&page(&c), "data-salt"),
        "AAECAwQFBgcICQoLDA0ODw=="
    );
    assert_eq!(
        attribute(&page(&c), "data-salt"),
        attribute(&page(&d), "data-salt")
    );
    assert_ne!(
        attribute(&page(&c), "data-page")[..16],
        attribute(&page(&d), "data-page")[..16]
    );
    // The tests' fixed seed (test builds only): byte for byte the same.
    let seeded = [("SPRINTGEN_TEST_SEED", "33")];
    assert!(run("e", &seeded) == run("f", &seeded));
}

#[test]
fn an_encrypted_site_publishes_readable_only_what_its_settings_name() {
    let dir = tempfile::tempdir().unwrap();
    let example = Example::new(dir.path(), "cname = \"reports.example.com\"");
    let site = &example.site;
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/velocity.csv"), "sprint,points\n4,38\n").unwrap();
    let env = [("SPRINTGEN_PASSWORD", PASSWORD)];
    let files = |name: &str, publish: &str| {
        example.publish(publish);
        let out = dir.path().join(name);
        let built = build(site, &out, &[], &env);
        assert_success(&built);
        read_tree(&out)
    };
    let plain = files("plain", "encrypt = false\n");
    for kept in [
        "feed.xml",
        "sitemap.xml",
        "data/alphapulse.json",
        "badges/alphapulse.svg",
        "velocity.csv",
    ] {
        assert!(plain.contains_key(kept), "{kept}: {:?}", plain.keys());
    }
    // Nothing but the pages, what their form links and the hosting's files.
    let locked = files("locked", "encrypt = true\n");
    let others: Vec<&String> = locked.keys().filter(|p| !p.ends_with(".html")).collect();
    assert_eq!(
        others,
        [
            ".nojekyll",
            ".sprintgen-output",
            "CNAME",
            "favicon.svg",
            "style.css"
        ]
    );
    // Each output named is published as it is in the unencrypted build.
    let opted = files(
        "opted",
        "encrypt = true\nplaintext = [\"exports\", \"feed\", \"sitemap\", \"badges\", \"static\"]\n",
    );
    for (path, bytes) in &plain {
        // The link previews' cards are never published encrypted: they would show what the
        // password keeps, and the sealed pages' tags that name them cannot be read.
        if path.ends_with("card.png") {
            assert!(!opted.contains_key(path), "{path}");
        } else if !path.ends_with(".html") && path != ".sprintgen-output" {
            assert!(opted.get(path) == Some(bytes), "{path}");
        }
    }
    let badges_only = files("badges", "encrypt = true\nplaintext = [\"badges\"]\n");
    let readable: Vec<&String> = badges_only
        .keys()
        .filter(|p| !p.ends_with(".html") && !locked.contains_key(*p))
        .collect();
    assert_eq!(
        readable,
        [
            "badges/alphapulse.json",
            "badges/alphapulse.svg",
            "badges/beacon.json",
            "badges/beacon.svg"
        ]
    );
}

#[test]
fn an_unknown_output_or_a_bad_salt_is_pointed_at() {
    let dir = tempfile::tempdir().unwrap();
    let example = Example::new(dir.path(), "");
    let site = &example.site;
    for (publish, message) in [
        ("plaintext = [\"feeds\"]", "`feeds`"),
        (
            "salt = \"00ff\"",
            "`00ff` is not a salt: expected 32 hexadecimal digits",
        ),
    ] {
        let line = example.publish(publish);
        let out = common::sprintgen(&["check"], site);
        let stderr = failure(&out);
        assert!(stderr.contains(message), "{stderr}");
        assert!(
            stderr.contains(&format!("--> sprintgen.toml:{line}:")),
            "{stderr}"
        );
    }
}

#[test]
fn check_needs_no_password_but_finds_a_form_without_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let example = Example::new(dir.path(), "");
    let site = &example.site;
    example.publish("encrypt = true");
    assert_success(&check(site));
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/locked.html"),
        "<!doctype html><title>Locked</title><form data-salt=\"{{ locked.salt }}\"></form>",
    )
    .unwrap();
    let stderr = failure(&check(site));
    assert!(
        stderr.contains("the template `locked.html` shows the sealed page (`locked.page`) 0 times; the password form needs it exactly once"),
        "{stderr}"
    );
}

#[test]
fn report_and_diff_withhold_an_encrypted_sites_figures_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let example = Example::new(dir.path(), "");
    let run = |args: &[&str]| common::sprintgen(args, &example.site);
    let note = "*The sprint reports are encrypted (`[publish] encrypt` in sprintgen.toml), so their figures are not shown here: open the site with its password.*\n";
    example.publish("encrypt = false");
    let report = run(&["report", "--team", "alphapulse", "--sprint", "4"]);
    assert_success(&report);
    assert!(text(&report.stdout).contains("Phase 3 Kickoff"));
    example.publish("encrypt = true");
    for args in [
        &["report", "--team", "alphapulse", "--sprint", "4"][..],
        &["report", "--summary"],
        &["diff", "."],
    ] {
        let out = run(args);
        assert_success(&out);
        assert_eq!(text(&out.stdout), note, "{args:?}");
        assert!(
            text(&out.stderr).contains("Pass --plaintext to print them here"),
            "{args:?}"
        );
    }
    let json = run(&["report", "--summary", "--format", "json"]);
    assert_eq!(json.status.code(), Some(2));
    assert!(json.stdout.is_empty());
    assert!(text(&json.stderr).contains("its figures are not printed as JSON"));
    let asked = run(&[
        "report",
        "--team",
        "alphapulse",
        "--sprint",
        "4",
        "--plaintext",
    ]);
    assert!(asked.stdout == report.stdout);
    example.publish("encrypt = true\nplaintext = [\"reports\"]");
    let named = run(&["report", "--team", "alphapulse", "--sprint", "4"]);
    assert!(named.stdout == report.stdout);
}

#[test]
fn a_site_made_with_init_encrypt_builds_with_its_own_salt() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert_success(&common::sprintgen(
        &["init", "site", "--encrypt"],
        dir.path(),
    ));
    let settings = std::fs::read_to_string(site.join("sprintgen.toml")).unwrap();
    let salt = settings
        .lines()
        .find_map(|l| l.strip_prefix("salt = \""))
        .unwrap()
        .trim_end_matches('"');
    assert_eq!(salt.len(), 32);
    assert!(
        settings.contains("[publish]\nencrypt = true\n"),
        "{settings}"
    );
    let workflow = std::fs::read_to_string(site.join(".github/workflows/sprintgen.yml")).unwrap();
    assert!(
        workflow.contains("\n          SPRINTGEN_PASSWORD: ${{ secrets.SPRINTGEN_PASSWORD }}\n")
    );
    let out = dir.path().join("out");
    let built = sprintgen_command()
        .args(["build", "-o"])
        .arg(&out)
        .current_dir(&site)
        .env("SPRINTGEN_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert_success(&built);
    // No warning about the salt: the site has its own.
    assert!(
        !text(&built.stderr).contains("warning"),
        "{}",
        text(&built.stderr)
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let salt_bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&salt[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert_eq!(attribute(&page, "data-salt"), BASE64.encode(salt_bytes));
    assert!(fits(&key_of(&page, PASSWORD), &page));
    // Another site made so gets another salt.
    assert_success(&common::sprintgen(
        &["init", "other", "--encrypt"],
        dir.path(),
    ));
    let other = std::fs::read_to_string(dir.path().join("other/sprintgen.toml")).unwrap();
    assert!(!other.contains(salt));
}

/// The body of `path` from a server at `address` (with its status).
fn get(address: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

/// Stops the server even when the test fails.
struct Server(std::process::Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `sprintgen serve` on a free port in `site`, with `args` and the password.
fn serve(site: &Path, args: &[&str]) -> Server {
    use std::io::BufRead;
    let mut child = sprintgen_command()
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(site)
        .env("SPRINTGEN_PASSWORD", PASSWORD)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let address = loop {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "serve stopped");
        if let Some(rest) = line.trim().strip_prefix("serving on http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Server(child, address)
}

#[test]
fn serve_encrypts_what_it_serves_with_one_key_for_all_its_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    common::write_site(dir.path(), common::VALID_SPRINT);
    let server = serve(dir.path(), &["--encrypt"]);
    let page = "/team-a/sprint-01/index.html";
    let (status, form) = get(&server.1, page);
    assert_eq!(status, 200);
    assert!(!form.contains("Something"), "{form}");
    let key = key_of(&form, PASSWORD);
    // Each page opens with its address as the browser sees it.
    let opened_at = |form: &str, address: &str| {
        let label = format!("sprintgen page {address}");
        let sealed = attribute(form, "data-page");
        String::from_utf8(open(&key, sealed, label.as_bytes()).expect("opens")).unwrap()
    };
    let opened = |form: &str| opened_at(form, "team-a/sprint-01/");
    assert!(opened(&form).contains("Sprint 1: First"));
    // serve's reload script is added to the form, outside what the page replaces.
    let reload = form
        .find("<script>(function(){var seen=null;")
        .expect("reload");
    assert!(
        form.find("<script data-unlock>").unwrap() < reload,
        "{form}"
    );
    assert_eq!(get(&server.1, "/feed.xml").0, 404);
    assert_eq!(get(&server.1, "/data/team-a.json").0, 404);
    // An edit: the same key opens the new page (a browser's stored key stays good).
    let version = || get(&server.1, "/__sprintgen/version").1;
    let before = version();
    let sprint = dir.path().join("content/team-a/sprint-01.toml");
    std::fs::write(
        &sprint,
        common::VALID_SPRINT.replace("\"First\"", "\"Renamed\""),
    )
    .unwrap();
    let clock = std::time::Instant::now();
    while version() == before {
        assert!(
            clock.elapsed() < std::time::Duration::from_secs(30),
            "no rebuild"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let (_, form) = get(&server.1, page);
    assert!(
        opened(&form).contains("Sprint 1: Renamed"),
        "{}",
        opened(&form)
    );
    // The other pages follow the edited one.
    let index = loop {
        let (_, index) = get(&server.1, "/index.html");
        if opened_at(&index, "").contains("Renamed") {
            break index;
        }
        assert!(
            clock.elapsed() < std::time::Duration::from_secs(30),
            "no index"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(!index.contains("Renamed"));
    // And without --encrypt, the same site served as it is.
    drop(server);
    let plain = serve(dir.path(), &[]);
    assert!(get(&plain.1, page).1.contains("Sprint 1: Renamed"));
}

#[test]
fn serve_of_an_encrypted_site_without_the_password_serves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    common::write_site(dir.path(), common::VALID_SPRINT);
    let out = sprintgen_command()
        .args(["serve", "--port", "0", "--encrypt"])
        .current_dir(dir.path())
        .env_remove("SPRINTGEN_PASSWORD")
        .output()
        .unwrap();
    let stderr = failure(&out);
    assert!(
        stderr.contains("`SPRINTGEN_PASSWORD` is not set"),
        "{stderr}"
    );
    assert!(stderr.contains("there is no site to serve"), "{stderr}");
}

#[test]
fn a_link_to_a_file_an_encrypted_site_leaves_out_is_pointed_at() {
    let dir = tempfile::tempdir().unwrap();
    let example = Example::new(dir.path(), "");
    let site = &example.site;
    let page = site.join("content/alphapulse/load-testing-plan.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\nThe [figures](../../data/alphapulse.json).\n"),
    )
    .unwrap();
    let line = text.lines().count() + 2;
    let env = [("SPRINTGEN_PASSWORD", PASSWORD)];
    let out = dir.path().join("out");
    let failed = build(site, &out, &["--encrypt"], &env);
    let stderr = failure(&failed);
    assert!(stderr.contains(&format!("error: broken link `../../data/alphapulse.json` on the generated page `alphapulse/load-testing-plan/index.html`: there is no `data/alphapulse.json` in the site\n  --> content/alphapulse/load-testing-plan.md:{line}:15\n")), "{stderr}");
    assert!(
        stderr.contains("name an output in `[publish] plaintext` to publish it"),
        "{stderr}"
    );
    assert!(!out.exists());
    // `check` finds it too, without the password, as a pull request's workflow runs it.
    example.publish("encrypt = true");
    let checked = failure(&check(site));
    assert!(
        checked.contains(&format!(
            "in the site\n  --> content/alphapulse/load-testing-plan.md:{line}:15\n"
        )),
        "{checked}"
    );
    assert!(
        checked.contains("name an output in `[publish] plaintext`"),
        "{checked}"
    );
    example.publish("encrypt = true\nplaintext = [\"exports\"]");
    assert_success(&build(site, &out, &[], &env));
}

#[test]
fn init_encrypt_over_a_site_that_has_its_settings_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sprintgen.toml"), "title = \"Kept\"\n").unwrap();
    let out = common::sprintgen(&["init", ".", "--force", "--encrypt"], dir.path());
    assert_success(&out);
    let stderr = text(&out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sprintgen.toml")).unwrap(),
        "title = \"Kept\"\n"
    );
    assert!(
        stderr.contains("sprintgen.toml was there already and is kept: to encrypt the site, add to it\n\n# Every page encrypted"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[publish]\nencrypt = true\nsalt = \""),
        "{stderr}"
    );
    assert!(
        stderr.contains("then: give the repository the secret SPRINTGEN_PASSWORD"),
        "{stderr}"
    );
}
