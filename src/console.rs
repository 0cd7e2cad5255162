//! How problems reach the user: diagnostics printed for people (with the quoted line and a
//! caret, coloured on a terminal), as GitHub workflow annotations or as JSON lines, and the
//! [`Failure`] every command returns when it fails, which `main` prints once and turns into
//! the exit code.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::diagnostics::{Diagnostic, Severity};

/// `eprintln!` for a stderr that may be closed (`sprintgen check 2>&1 | head -3`): what
/// cannot be written is dropped, and the command goes on to exit with its own status, as
/// ripgrep does, rather than panicking (exit 101) on the broken pipe.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::console::write_line(&mut ::std::io::stderr(), format_args!($($arg)*))
    };
}

/// `println!` for a stdout that may be closed (see [`errln!`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::console::write_line(&mut ::std::io::stdout(), format_args!($($arg)*))
    };
}

/// `print!` for a stdout that may be closed (see [`errln!`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::console::write_text(&mut ::std::io::stdout(), format_args!($($arg)*))
    };
}

pub(crate) use {errln, out, outln};

/// Writes text as it is, ignoring a closed pipe (see [`errln!`]).
pub fn write_text(stream: &mut impl Write, text: std::fmt::Arguments) {
    let _ = stream.write_fmt(text);
}

/// Writes one line, ignoring a closed pipe (see [`errln!`]).
pub fn write_line(stream: &mut impl Write, line: std::fmt::Arguments) {
    let _ = writeln!(stream, "{line}");
}

/// Exit code for problems in the site's content: bad data, templates, links.
pub const EXIT_CONTENT: u8 = 1;
/// Exit code for problems with how sprintgen was asked to run: a refused output folder, a port
/// in use, an existing file (clap uses 2 for bad arguments too).
pub const EXIT_USAGE: u8 = 2;

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Messages with the source line and a caret
    #[default]
    Human,
    /// GitHub Actions workflow annotations (::error file=…,line=…,col=…::…)
    Github,
    /// One JSON object per line and diagnostic
    Json,
}

/// Whose problem a failure is, which decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The site's content is wrong (exit 1).
    Content,
    /// The command cannot run as asked (exit 2).
    Usage,
}

/// Why a command failed: every problem found (with the warnings found alongside), and how to
/// print them. Command handlers return it; `main` prints it once and exits with its code.
#[derive(Debug)]
pub struct Failure {
    pub kind: FailureKind,
    pub diagnostics: Vec<Diagnostic>,
    pub format: Format,
    /// In the human format, a line after the diagnostics counts them, followed by this text
    /// (such as "; nothing was written"); `None` prints no count.
    pub summary: Option<&'static str>,
}

impl Failure {
    /// Problems in the content, counted after the list.
    pub fn content(diagnostics: Vec<Diagnostic>) -> Failure {
        Failure {
            kind: FailureKind::Content,
            diagnostics,
            format: Format::Human,
            summary: Some(""),
        }
    }

    /// One problem with how the command was asked to run.
    pub fn usage(diagnostic: Diagnostic) -> Failure {
        Failure {
            kind: FailureKind::Usage,
            diagnostics: vec![diagnostic],
            format: Format::Human,
            summary: None,
        }
    }

    pub fn in_format(self, format: Format) -> Failure {
        Failure { format, ..self }
    }

    /// Says after the count what the failure means, e.g. "; nothing was written".
    pub fn with_summary(self, summary: &'static str) -> Failure {
        Failure {
            summary: Some(summary),
            ..self
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            FailureKind::Content => EXIT_CONTENT,
            FailureKind::Usage => EXIT_USAGE,
        }
    }

    /// Prints the diagnostics, and their count in the human format.
    pub fn print(&self) {
        print(&self.diagnostics, self.format);
        if let (Some(suffix), Format::Human) = (self.summary, self.format) {
            errln!("{}{suffix}", summary(&self.diagnostics));
        }
    }
}

/// Prints diagnostics: for people on stderr, annotations and JSON on stdout (for tools).
pub fn print(diagnostics: &[Diagnostic], format: Format) {
    for d in diagnostics {
        match format {
            Format::Human => {
                let mut stderr = anstream::stderr().lock();
                let _ = writeln!(stderr, "{}", human(d));
            }
            Format::Github => outln!("{}", github_annotation(d)),
            Format::Json => outln!("{}", json_diagnostic(d)),
        }
    }
}

/// "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The diagnostic as text, its severity in bold colour (shown only where the terminal takes
/// colours and `NO_COLOR` is not set: anstream strips it elsewhere).
fn human(d: &Diagnostic) -> String {
    let colour = match d.severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    let style = Style::new().bold().fg_color(Some(colour.into()));
    let label = d.severity.label();
    d.to_string()
        .replacen(label, &format!("{style}{label}{style:#}"), 1)
}

/// `::error file=…,line=…,col=…::message`, escaped as the workflow-command syntax requires.
pub fn github_annotation(d: &Diagnostic) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
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
    let level = d.severity.label();
    let message = escape_data(&message);
    if properties.is_empty() {
        format!("::{level}::{message}")
    } else {
        format!("::{level} {}::{message}", properties.join(","))
    }
}

/// One JSON object: severity, file, line, column, message, hint.
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
    use super::*;
    use crate::model::SourceFile;

    #[test]
    fn annotations_escape_the_workflow_syntax() {
        let file = SourceFile::new("content/a,b/sprint-01.toml", "x = 1\n");
        let d = Diagnostic::error("50% done\nreally")
            .at(&file, 0..1)
            .with_hint("fix: it");
        assert_eq!(
            github_annotation(&d),
            "::error file=content/a%2Cb/sprint-01.toml,line=1,col=1::50%25 done%0Areally (help: fix: it)"
        );
    }

    #[test]
    fn summaries_count_errors_and_warnings() {
        let list = [
            Diagnostic::error("a"),
            Diagnostic::warning("b"),
            Diagnostic::warning("c"),
        ];
        assert_eq!(summary(&list), "1 error, 2 warnings");
        assert_eq!(summary(&[]), "0 errors, 0 warnings");
    }

    #[test]
    fn failures_pick_their_exit_code() {
        assert_eq!(Failure::content(Vec::new()).exit_code(), 1);
        assert_eq!(Failure::usage(Diagnostic::error("port")).exit_code(), 2);
    }

    #[test]
    fn failures_keep_their_format_and_summary() {
        let failure = Failure::usage(Diagnostic::error("port"))
            .in_format(Format::Json)
            .with_summary("; nothing was written");
        assert_eq!(failure.format, Format::Json);
        assert_eq!(failure.summary, Some("; nothing was written"));
        assert_eq!(failure.kind, FailureKind::Usage);
    }

    #[test]
    fn json_lines_carry_every_part_of_a_diagnostic() {
        let file = SourceFile::new("content/a/sprint-01.toml", "x = 1\ny = \"é\"\n");
        let located = Diagnostic::warning("say \"hi\"")
            .at(&file, 10..13)
            .with_hint("a hint");
        assert_eq!(
            json_diagnostic(&located),
            r#"{"column":5,"file":"content/a/sprint-01.toml","hint":"a hint","line":2,"message":"say \"hi\"","severity":"warning"}"#
        );
        assert_eq!(
            json_diagnostic(&Diagnostic::error("no file")),
            r#"{"column":null,"file":null,"hint":null,"line":null,"message":"no file","severity":"error"}"#
        );
    }

    #[test]
    fn text_is_written_as_it_is() {
        let mut out = Vec::new();
        write_text(&mut out, format_args!("a{}", 1));
        write_line(&mut out, format_args!("b"));
        assert_eq!(out, b"a1b\n");
    }
}
