//! Writes a synthetic sprintgen site for benchmarks: N teams (in groups of 20) × M sprints × K
//! items, with weekends, holidays, scope changes, re-estimates, stand-ups, risks and blockers,
//! the same for the same seed. With `--hugo DIR` it also writes the same data as a minimal Hugo site,
//! for the side-by-side comparison in `bench/compare-hugo.sh`.
//!
//! ```sh
//! cargo run --release --example synth -- --teams 200 --sprints 50 --items 20 /tmp/site
//! ```
//!
//! `--epics E` spreads the items over E epics (4 by default); with `--sprints 1` the only
//! sprint is active on the as-of date (`bench/big-sprint.sh` builds one sprint of 100,000
//! items that way).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sprintgen::SplitMix64;

/// The crate's seeded generator, with the two draws the generator needs.
struct Rng(SplitMix64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0.below(n as usize) as u64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), so the generator needs
/// no date crate.
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// 2020-01-06 was a Monday.
const FIRST_MONDAY: i64 = 18_267;

/// Teams are listed on the portfolio in groups ("Area 1", "Area 2", …) of this many.
const TEAMS_PER_GROUP: usize = 20;

struct Args {
    teams: usize,
    sprints: usize,
    items: usize,
    epics: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
}

fn parse_args() -> Args {
    let mut args = Args {
        teams: 200,
        sprints: 50,
        items: 20,
        epics: 4,
        seed: 1,
        out: PathBuf::from("synthetic-site"),
        hugo: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--teams" => args.teams = value().parse().expect("--teams N"),
            "--sprints" => args.sprints = value().parse().expect("--sprints N"),
            "--items" => args.items = value().parse().expect("--items N"),
            "--epics" => args.epics = value().parse().expect("--epics E"),
            "--seed" => args.seed = value().parse().expect("--seed N"),
            "--hugo" => args.hugo = Some(PathBuf::from(value())),
            "-h" | "--help" => {
                eprintln!(
                    "usage: synth [--teams N] [--sprints M] [--items K] [--epics E] [--seed S] [--hugo DIR] OUT"
                );
                std::process::exit(0);
            }
            other => args.out = PathBuf::from(other),
        }
    }
    args
}

/// Sprint files of more than some 50,000 items exceed sprintgen's default limit on an input
/// file (10 MB): raise it for them, by 1 MB per 5,000 items.
fn big_sprint_limit(items: usize) -> String {
    if items <= 50_000 {
        return String::new();
    }
    format!("\n[build]\nmax_input_mb = {}\n", 10 + items / 5_000)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

fn main() {
    let args = parse_args();
    let mut rng = Rng(SplitMix64(args.seed));
    // Every team runs two-week sprints from Monday to Friday of the next week; the last sprint
    // is planned, the one before it active on the as-of date (a single sprint is active).
    let as_of_day = FIRST_MONDAY + 14 * (args.sprints.max(2) as i64 - 2) + 3;
    write(
        &args.out.join("sprintgen.toml"),
        &format!(
            "title = \"Synthetic portfolio\"\nbase_url = \"https://example.org/portfolio/\"\nas_of = {}\n\n[calendar]\nholidays = [{}]\n{}",
            civil(as_of_day),
            (0..args.sprints as i64 / 10)
                .map(|i| civil(FIRST_MONDAY + 70 * i + 4))
                .collect::<Vec<_>>()
                .join(", "),
            big_sprint_limit(args.items)
        ),
    );
    let mut hugo_pages = 0;
    for t in 0..args.teams {
        let team = format!("team-{t:03}");
        let dir = args.out.join("content").join(&team);
        write(
            &dir.join("team.toml"),
            &format!(
                "name = \"Team {t}\"\ngroup = \"Area {}\"\nvelocity_window = 3\n\n[[members]]\nrole = \"Developer\"\ncount = {}\nfte = {}.0\n\n[calendar]\nholidays = [{}]\n",
                t / TEAMS_PER_GROUP + 1,
                3 + t % 4,
                3 + t % 4,
                civil(FIRST_MONDAY + 14 * (t as i64 % 20 + 1) + 3)
            ),
        );
        for s in 0..args.sprints {
            let start = FIRST_MONDAY + 14 * s as i64;
            let end = start + 11;
            let number = s + 1;
            let mut text = format!(
                "number = {number}\ntitle = \"Sprint {number} of team {t}\"\nstart = {}\nend = {}\nupdated = {}\nsummary = \"Synthetic sprint with **Markdown** in its summary.\"\n\n",
                civil(start),
                civil(end),
                civil(start.min(as_of_day))
            );
            let last_day = end.min(as_of_day);
            let planned = start > as_of_day;
            for g in 0..2 {
                let _ = write!(
                    text,
                    "[[goals]]\ntitle = \"Goal {g}\"\nitems = [\"I-{}\"]\n\n",
                    g * 3
                );
            }
            for i in 0..args.items {
                let points = [0.5, 1.0, 2.0, 3.0, 5.0, 8.0][rng.below(6) as usize];
                let _ = write!(
                    text,
                    "[[items]]\nid = \"I-{i}\"\ntitle = \"Item {i} of sprint {number}\"\nepic = \"Epic {}\"\npoints = {points}\nowner = \"Developer\"\n",
                    i % args.epics.max(1)
                );
                if planned {
                    text.push('\n');
                    continue;
                }
                let span = (last_day - start + 1).max(1) as u64;
                let added = (i > 2 && rng.chance(10))
                    .then(|| start + 1 + rng.below(span) as i64)
                    .filter(|d| *d <= last_day);
                if let Some(a) = added {
                    let _ = writeln!(text, "added_on = {}", civil(a));
                }
                let from = added.unwrap_or(start);
                let left = (last_day - from + 1).max(1) as u64;
                if rng.chance(8) {
                    let _ = writeln!(
                        text,
                        "estimates = [{{ on = {}, points = {} }}]",
                        civil(from + rng.below(left) as i64),
                        points + 1.0
                    );
                }
                let started = from + rng.below(left) as i64;
                match rng.below(10) {
                    0..=5 => {
                        let done = (started + rng.below(4) as i64).min(last_day);
                        let _ = writeln!(
                            text,
                            "started_on = {}\nstatus = \"done\"\ndone_on = {}",
                            civil(started),
                            civil(done)
                        );
                    }
                    6 if i > 2 => {
                        let _ = writeln!(
                            text,
                            "status = \"removed\"\nremoved_on = {}",
                            civil(from + rng.below(left) as i64)
                        );
                    }
                    7 => {
                        let _ = writeln!(
                            text,
                            "started_on = {}\nstatus = \"in-progress\"",
                            civil(started)
                        );
                    }
                    _ => {}
                }
                if rng.chance(30) {
                    text.push_str("tasks = [{ text = \"First step\", done = true }, { text = \"Second step\", done = false }]\n");
                }
                text.push('\n');
            }
            if !planned {
                for d in 0..3 {
                    let day = start + d;
                    if day <= last_day {
                        let _ = write!(
                            text,
                            "[[standups]]\ndate = {}\nplanned = [\"Work on the next item\"]\ncompleted = [\"Finished an item\"]\nnext = [\"Review\"]\n\n",
                            civil(day)
                        );
                    }
                }
            }
            text.push_str("[[risks]]\ntitle = \"Dependency late\"\nlikelihood = \"medium\"\nimpact = \"high\"\nmitigation = \"Escalate early\"\nstatus = \"monitoring\"\n\n");
            text.push_str("[[risks]]\ntitle = \"Key person away\"\nlikelihood = \"low\"\nimpact = \"medium\"\nstatus = \"planned\"\n\n");
            let _ = write!(
                text,
                "[[blockers]]\ntitle = \"Environment access\"\nimpact = \"medium\"\nstatus = \"open\"\nraised_on = {}\n",
                civil(start)
            );
            write(&dir.join(format!("sprint-{number:02}.toml")), &text);
            if let Some(hugo) = &args.hugo {
                write(
                    &hugo
                        .join("content")
                        .join(&team)
                        .join(format!("sprint-{number:02}.md")),
                    &hugo_page(&text),
                );
                hugo_pages += 1;
            }
        }
    }
    if let Some(hugo) = &args.hugo {
        write_hugo_site(hugo);
        eprintln!("wrote {hugo_pages} Hugo pages under {}", hugo.display());
    }
    eprintln!(
        "wrote {} teams × {} sprints × {} items = {} sprints under {}",
        args.teams,
        args.sprints,
        args.items,
        args.teams * args.sprints,
        args.out.display()
    );
}

/// The same sprint as a Hugo page: the sprint's TOML as the page's front matter.
fn hugo_page(sprint_toml: &str) -> String {
    format!("+++\n{sprint_toml}+++\n")
}

/// A minimal Hugo site that lists every sprint's items, stand-ups and risks from its front
/// matter: the page-rendering work, without charts.
fn write_hugo_site(dir: &Path) {
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"https://example.org/portfolio/\"\ntitle = \"Synthetic portfolio\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n",
    );
    write(
        &dir.join("layouts/_default/baseof.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &dir.join("layouts/_default/single.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Params.start }} – {{ .Params.end }}</p>
{{ $total := 0.0 }}{{ $done := 0.0 }}
{{ range .Params.items }}{{ $total = add $total (float .points) }}{{ if eq .status "done" }}{{ $done = add $done (float .points) }}{{ end }}{{ end }}
<p>{{ $done }} of {{ $total }} points done</p>
<h2>Items</h2><ul>{{ range .Params.items }}<li>{{ .id }} {{ .title }} ({{ .points }} SP) {{ .status }}</li>{{ end }}</ul>
<h2>Stand-ups</h2>{{ range .Params.standups }}<h3>{{ .date }}</h3><ul>{{ range .completed }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
<h2>Risks</h2><table>{{ range .Params.risks }}<tr><td>{{ .title }}</td><td>{{ .likelihood }}</td><td>{{ .impact }}</td></tr>{{ end }}</table>
{{ end }}
"#,
    );
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
}
