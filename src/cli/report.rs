//! `sprintgen report`: one sprint's report, or the portfolio summary, on stdout.

use super::{ReportArgs, ReportFormat};
use crate::console::outln;
use crate::console::{self, Failure, Format};
use crate::diagnostics::Diagnostic;
use crate::load::choose_team;
use crate::outputs::{Document, PortfolioJson, SprintJson, SprintReport, Summary, WITHHELD_REPORT};
use crate::pipeline::{self, BuildOptions, Prepared};

pub(super) fn run(args: ReportArgs) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.site.root.site(),
        as_of: args.site.as_of,
        base_url: args.base_url,
        ..BuildOptions::default()
    };
    let (prepared, warnings) = pipeline::prepare(&options).map_err(Failure::content)?;
    console::print(&warnings, Format::Human);
    if args.plaintext.withheld(&prepared) {
        return withheld(args.format);
    }
    let cx = prepared.context();
    let text = if args.summary {
        match args.format {
            ReportFormat::Markdown => Summary.render(&cx),
            ReportFormat::Json => PortfolioJson.render(&cx),
        }
    } else {
        let (team, sprint) =
            choose_sprint(&prepared, args.team.as_deref(), args.sprint).map_err(Failure::usage)?;
        match args.format {
            ReportFormat::Markdown => SprintReport { team, sprint }.render(&cx),
            ReportFormat::Json => SprintJson { team, sprint }.render(&cx),
        }
    }
    .map_err(|d| Failure::content(vec![d]))?;
    let text = match (args.format, args.max_bytes) {
        (ReportFormat::Markdown, Some(limit)) => truncate(&text, limit),
        _ => text,
    };
    outln!("{}", text.trim_end());
    Ok(())
}

/// In place of an encrypted site's report: a note in Markdown, which a job summary shows; JSON,
/// read by programs, fails instead.
fn withheld(format: ReportFormat) -> Result<(), Failure> {
    match format {
        ReportFormat::Markdown => {
            outln!("{WITHHELD_REPORT}");
            Ok(())
        }
        ReportFormat::Json => Err(Failure::usage(
            Diagnostic::error("the site is encrypted ([publish] encrypt): its figures are not printed as JSON")
                .with_hint("pass --plaintext to print them all the same, or name \"reports\" in [publish] plaintext"),
        )),
    }
}

/// The team and sprint asked for: by number, or the team's current sprint.
fn choose_sprint(
    prepared: &Prepared,
    team: Option<&str>,
    number: Option<u32>,
) -> Result<(usize, usize), Diagnostic> {
    let analysis = &prepared.analysis;
    let team = choose_team(&analysis.site, team)?;
    let t = analysis
        .site
        .teams
        .iter()
        .position(|other| other.slug == team.slug)
        .unwrap_or_default();
    let index = match number {
        Some(n) => team
            .sprints
            .iter()
            .position(|s| *s.data.number.get_ref() == n),
        None => analysis.figures[t].current_sprint(),
    };
    let numbers: Vec<String> = team
        .sprints
        .iter()
        .map(|s| s.data.number.get_ref().to_string())
        .collect();
    let index = index.ok_or_else(|| match number {
        Some(n) => Diagnostic::error(format!("the team `{}` has no sprint {n}", team.slug))
            .with_hint(format!("its sprints are {}", numbers.join(", "))),
        None => Diagnostic::error(format!("the team `{}` has no sprint yet", team.slug)),
    })?;
    Ok((t, index))
}

/// The Markdown cut at the last line that fits in `limit` bytes with the note saying so.
fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let note = format!("\n\n*Cut to {limit} bytes: the whole report is on the site.*\n");
    let room = limit.saturating_sub(note.len());
    let mut end = room.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind('\n').unwrap_or(0);
    format!("{}{note}", &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn a_long_report_is_cut_at_a_line_and_says_so() {
        let text = "line one\nline two\nline three\n";
        assert_eq!(truncate(text, 100), text);
        // The note takes 54 bytes, leaving 36: nine lines of "row\n", cut before the last
        // line break.
        let cut = truncate(&"row\n".repeat(100), 90);
        assert_eq!(cut.len(), 89);
        assert_eq!(
            cut,
            format!(
                "{}\n\n*Cut to 90 bytes: the whole report is on the site.*\n",
                "row\n".repeat(9).trim_end()
            )
        );
        // 37 bytes of room end inside the 13th "é\n" (bytes 36 and 37 are its `é`): the cut
        // is at the line break before it, after 12 lines.
        let cut = truncate(&"é\n".repeat(100), 91);
        assert!(
            cut.starts_with(&format!("{}\n\n*Cut", "é\n".repeat(12).trim_end())),
            "{cut}"
        );
    }
}
