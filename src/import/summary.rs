//! The summary an import ends with: the files and their sprints, each imported sprint's
//! figures as a build computes them (to compare with the tracker's own sprint report), and
//! every row or item that was not imported, with the reason.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::SprintPlan;
use super::model::{Export, Tracker};
use crate::metrics::sprint::{SprintFigures, scope_added_removed};
use crate::metrics::{Points, percent};
use crate::model::{Date, total};

pub struct ImportSummary<'a> {
    pub tracker: Tracker,
    pub team: &'a str,
    pub plans: &'a [SprintPlan],
    pub export: &'a Export,
    /// One per plan, in the same order.
    pub figures: &'a [SprintFigures],
    pub as_of: Date,
    pub dry_run: bool,
    /// From the tracker's API (`sync`) rather than its exports.
    pub sync: bool,
}

pub fn render(summary: &ImportSummary) -> String {
    let mut out = String::new();
    let items = summary
        .plans
        .iter()
        .fold(0, |sum, plan| sum + plan.items.len());
    let issues: BTreeSet<&str> = summary
        .plans
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.id.as_str()))
        .collect();
    let verb = match (summary.sync, summary.dry_run) {
        (false, false) => "Imported",
        (false, true) => "Would import",
        (true, false) => "Synced",
        (true, true) => "Would sync",
    };
    let _ = writeln!(
        out,
        "{verb} from {} into `{}`: {}, {} ({}){}",
        summary.tracker.name(),
        summary.team,
        count(summary.plans.len(), "sprint"),
        count(items, "sprint item"),
        count(issues.len(), "issue"),
        if summary.dry_run {
            "; nothing was written"
        } else {
            ""
        },
    );
    files(&mut out, summary);
    figures(&mut out, summary);
    skipped(&mut out, summary.export);
    out
}

/// "1 sprint", "3 sprints".
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn files(out: &mut String, summary: &ImportSummary) {
    out.push('\n');
    for plan in summary.plans {
        let sprint = &summary.export.sprints[plan.sprint];
        let change = match &plan.merged {
            None => format!("new, {} items", plan.items.len()),
            Some(_) if plan.file.unchanged => "unchanged".to_string(),
            Some(m) => format!(
                "updated: {} items replaced, {} added, {} kept{}",
                m.replaced,
                m.added,
                m.kept,
                if plan.dropped > 0 {
                    format!(", {} taken out", plan.dropped)
                } else {
                    String::new()
                }
            ),
        };
        let _ = writeln!(
            out,
            "  {}  {} ({} to {}; {change})",
            plan.file.path, sprint.title, sprint.start, sprint.end
        );
    }
}

/// One row per sprint: the figures of Jira's sprint report, as sprintgen computes them.
fn figures(out: &mut String, summary: &ImportSummary) {
    let _ = writeln!(
        out,
        "\nFigures as of {} (points; compare them with the tracker's sprint report):",
        summary.as_of
    );
    let header = [
        "sprint",
        "status",
        "committed",
        "added",
        "removed",
        "completed",
        "not completed",
        "completed outside",
        "say/do",
    ];
    let mut rows = vec![header.map(str::to_string).to_vec()];
    for (plan, f) in summary.plans.iter().zip(summary.figures) {
        let (added, removed) = scope_added_removed(&f.scope_changes);
        let outside = total(
            plan.items
                .iter()
                .filter(|i| f.lists.completed_outside.contains(&i.id))
                .map(|i| i.points),
        );
        rows.push(vec![
            plan.number.to_string(),
            f.status.as_str().to_string(),
            f.committed.to_string(),
            Points(added).to_string(),
            Points(removed).to_string(),
            f.completed.to_string(),
            Points(f.total.0 - f.completed.0).to_string(),
            Points(outside).to_string(),
            f.say_do
                .map_or("-".into(), |r| format!("{}%", percent(r, 1.0))),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                if c < 2 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
}

fn skipped(out: &mut String, export: &Export) {
    if export.skipped.is_empty() {
        out.push_str("\nNothing was skipped.\n");
        return;
    }
    let _ = writeln!(out, "\nNot imported ({}):", export.skipped.len());
    for skip in &export.skipped {
        let _ = writeln!(out, "  {}: {}", skip.what, skip.reason);
    }
}
