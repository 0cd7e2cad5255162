//! The command line: arguments, and what each command prints and returns.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Date;
use crate::site::{self, BuildError, BuildOptions};

/// Exit codes: 0 ok, 1 content errors, 2 usage errors (clap uses 2 for bad arguments too).
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "sprintgen",
    version,
    about = "Turns sprint data kept as TOML in git into a static website of sprint reports",
    long_about = "Turns sprint data kept as TOML in git into a static website of sprint reports: \
a page per sprint with burndown and burn-up charts, a page per team with velocity and forecast, \
and a portfolio index. Run it in a site folder (one holding sprintgen.toml and content/).",
    after_help = "Examples:\n  sprintgen init reports           start a site with a sample team and a Pages workflow\n  sprintgen serve --open           preview at http://127.0.0.1:1111/, reloading on every save\n  sprintgen new sprint             write the next sprint file of the (only) team\n  sprintgen check --format github  annotate a pull request with the problems found\n  sprintgen build --as-of 2025-10-28\n                                   build ./ into ./public as of that day"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Load, validate and render everything in memory, writing nothing; exit 1 on errors
    Check(CheckArgs),
    /// Serve the site on localhost, rebuilding and reloading the browser on every change
    Serve(ServeArgs),
    /// Create a new site: a sample team and sprint, .gitignore and a GitHub Pages workflow
    Init(InitArgs),
    /// Create the next sprint file of a team
    #[command(subcommand)]
    New(NewCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on (only this machine by default)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the browser
    #[arg(long)]
    pub open: bool,
    /// Also build pages marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add the missing files to a folder that is not empty (existing files are never replaced)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write the next sprint after a team's last one: number + 1, the next working day, the
    /// same length, unfinished items carried over
    Sprint(NewSprintArgs),
}

#[derive(Debug, Args)]
pub struct NewSprintArgs {
    /// The site folder, holding sprintgen.toml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The team's folder name under content/ (needed when the site has several teams)
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder, holding sprintgen.toml and content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Report as of this date (YYYY-MM-DD) instead of `as_of` in sprintgen.toml or today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Write the site here instead of [build] output_dir
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The URL the site is published at, for absolute links (feed, sitemap, 404 page)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also build pages marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
    /// Print per-phase timings
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print errors only
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with the source line and a caret
    #[default]
    Human,
    /// GitHub Actions workflow annotations (::error file=…,line=…,col=…::…)
    Github,
    /// One JSON object per line and diagnostic
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date; expected YYYY-MM-DD, such as 2025-10-28"))
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
        Command::New(NewCommand::Sprint(args)) => new_sprint(args),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = BuildOptions {
        root: args.site.root,
        as_of: args.site.as_of,
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    let address = format!("{}:{}", args.bind, args.port);
    match crate::serve::start(options, &address) {
        Ok(running) => {
            let url = format!("http://{}/", running.address);
            eprintln!("serving on {url} (Ctrl-C to stop)");
            if args.open {
                crate::serve::open_browser(&url);
            }
            loop {
                std::thread::park();
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("  = help: another program may use the port; try --port");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn init(args: InitArgs) -> ExitCode {
    match crate::scaffold::init(&args.dir, args.force, site::today()) {
        Ok(written) => {
            for path in &written {
                eprintln!("created {}", path.display());
            }
            eprintln!("next: cd {} && sprintgen serve --open", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            print_diagnostics(&[diagnostic], Format::Human);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn new_sprint(args: NewSprintArgs) -> ExitCode {
    let site = match crate::load::load_site(&args.root) {
        Ok((site, _)) => site,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, Format::Human);
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let names = || {
        site.teams
            .iter()
            .map(|t| format!("`{}`", t.slug))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let team = match (&args.team, site.teams.as_slice()) {
        (Some(slug), teams) => teams.iter().find(|t| &t.slug == slug).ok_or_else(|| {
            Diagnostic::error(format!("there is no team `{slug}`"))
                .with_hint(format!("the teams are {}", names()))
        }),
        (None, [only]) => Ok(only),
        (None, []) => Err(Diagnostic::error("the site has no team yet")
            .with_hint("create `content/<team>/team.toml` first")),
        (None, _) => Err(Diagnostic::error("the site has several teams")
            .with_hint(format!("choose one with --team: {}", names()))),
    };
    let result = team.and_then(|team| crate::scaffold::new_sprint(&args.root, &site, team));
    match result {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            print_diagnostics(&[diagnostic], Format::Human);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: args.site.root,
        output: args.output,
        base_url: args.base_url,
        as_of: args.site.as_of,
        drafts: args.drafts,
        progress: None,
    };
    let progress_bar = (!args.quiet && std::io::stderr().is_terminal()).then(ProgressBar::start);
    let options = BuildOptions {
        progress: progress_bar
            .as_ref()
            .map(|bar| std::sync::Arc::clone(&bar.progress)),
        ..options
    };
    let result = site::build(&options);
    drop(progress_bar);
    match result {
        Ok(built) => {
            let g = &built.generated;
            if !args.quiet {
                print_diagnostics(&g.warnings, Format::Human);
            }
            if args.verbose {
                for (phase, time) in &g.timings {
                    eprintln!("{phase:<28} {:>9.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            if !args.quiet {
                let total: std::time::Duration = g
                    .timings
                    .iter()
                    .filter(|t| !t.0.starts_with(' '))
                    .map(|t| t.1)
                    .sum::<std::time::Duration>();
                eprintln!(
                    "built {} sprint pages, {} charts, as of {} into {} in {:.2} s",
                    thousands(g.sprint_pages),
                    thousands(g.charts),
                    g.as_of,
                    built.output.display(),
                    total.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, Format::Human);
            eprintln!("{}; nothing was written", summary(&diagnostics));
            ExitCode::from(EXIT_CONTENT)
        }
        Err(BuildError::Output(diagnostic)) => {
            print_diagnostics(&[diagnostic], Format::Human);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A progress bar on stderr (indicatif) for builds that take longer than a moment: it appears
/// only on a terminal, after 400 ms, and is erased when the build ends. The build counts pages
/// in [`site::Progress`]; a thread of its own draws them, so rendering never waits on the bar.
struct ProgressBar {
    progress: std::sync::Arc<site::Progress>,
    finished: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressBar {
    fn start() -> ProgressBar {
        use std::sync::atomic::Ordering;
        use std::time::{Duration, Instant};
        let progress = std::sync::Arc::new(site::Progress::default());
        let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, f) = (
            std::sync::Arc::clone(&progress),
            std::sync::Arc::clone(&finished),
        );
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !f.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let total = p.total.load(Ordering::Relaxed) as u64;
                if total == 0 || started.elapsed() < Duration::from_millis(400) {
                    continue;
                }
                let bar = bar.get_or_insert_with(|| {
                    let style = indicatif::ProgressStyle::with_template(
                        "{bar:30} {pos}/{len} pages, {eta} left",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                    indicatif::ProgressBar::new(total).with_style(style)
                });
                bar.set_position(p.done.load(Ordering::Relaxed) as u64);
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        });
        ProgressBar {
            progress,
            finished,
            thread: Some(thread),
        }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.finished
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let options = BuildOptions {
        root: args.site.root,
        as_of: args.site.as_of,
        // Check drafts too: they will be published one day.
        drafts: true,
        ..BuildOptions::default()
    };
    let (diagnostics, failed) = match site::generate(&options, &crate::output::Discard) {
        Ok(generated) => {
            let failed = args.strict && !generated.warnings.is_empty();
            (generated.warnings, failed)
        }
        Err(diagnostics) => (diagnostics, true),
    };
    print_diagnostics(&diagnostics, args.format);
    if args.format == Format::Human {
        if diagnostics.is_empty() {
            eprintln!("no problems found");
        } else {
            eprintln!("{}", summary(&diagnostics));
        }
    }
    if failed {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// 10000 → "10,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

pub fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        match format {
            Format::Human => {
                let text = d.to_string();
                if colour {
                    let code = if d.is_error() { "31" } else { "33" };
                    let label = d.severity.label();
                    eprintln!(
                        "{}",
                        text.replacen(label, &format!("\x1b[1;{code}m{label}\x1b[0m"), 1)
                    );
                } else {
                    eprintln!("{text}");
                }
            }
            Format::Github => println!("{}", github_annotation(d)),
            Format::Json => println!("{}", json_diagnostic(d)),
        }
    }
}

/// `::error file=…,line=…,col=…::message`, escaped as the workflow-command syntax requires.
pub fn github_annotation(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let escape_property = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let mut properties = Vec::new();
    if let Some(path) = &d.path {
        properties.push(format!("file={}", escape_property(path)));
    }
    if let Some(l) = &d.location {
        properties.push(format!("line={}", l.line));
        properties.push(format!("col={}", l.column));
    }
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(&format!(" (help: {hint})"));
    }
    let message = message
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if properties.is_empty() {
        format!("::{level}::{message}")
    } else {
        format!("::{level} {}::{message}", properties.join(","))
    }
}

pub fn json_diagnostic(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": d.severity.label(),
        "file": d.path,
        "line": d.location.as_ref().map(|l| l.line),
        "column": d.location.as_ref().map(|l| l.column),
        "message": d.message,
        "hint": d.hint,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(10_000), "10,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
