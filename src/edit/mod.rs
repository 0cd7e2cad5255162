//! Commands that change one thing in a sprint file (`item …`, `standup`) and `fmt`, keeping
//! everything else in the file (comments, key order, spacing) as it was.
//!
//! An edit is prepared in memory: the site is loaded, the change applied to the file's text
//! with toml_edit, the new text parsed and the whole site validated with it. Only a valid
//! result is written, atomically; every refusal writes nothing.

mod document;
pub mod fmt;
mod items;
mod standup;
mod target;

use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use crate::analysis::{self, Request};
use crate::console::Failure;
use crate::diagnostics::{Diagnostic, io_words};
use crate::files::{NotReplaced, replace_checked};
use crate::load::{self, FileText, Loaded};
use crate::metrics::Points;
use crate::model::{Date, SourceFile, SprintFile};

pub use items::{ItemChange, NewItem};
pub use standup::StandupEntries;
pub use target::Target;

/// What to change in the sprint file.
#[derive(Clone, Debug)]
pub enum Change {
    Item { id: String, change: ItemChange },
    Standup(StandupEntries),
}

/// A change ready to be written: the file's text before and after, and what it means.
#[derive(Debug)]
pub struct Edit {
    /// The file, relative to the site root, as messages name it.
    pub path: String,
    disk: PathBuf,
    pub before: String,
    pub after: String,
    /// One line: the change and the sprint's figures after it.
    pub summary: String,
    /// Warnings the change brings to the file (a stand-up on a weekend).
    pub warnings: Vec<Diagnostic>,
}

/// What an item or stand-up change needs to know besides the file.
struct Context<'a> {
    data: &'a SprintFile,
    on: Date,
}

/// Prepares `change` to the sprint `target` names in the site at `root`: applied, parsed and
/// validated with the whole site, but not written.
pub fn prepare(root: &Path, target: &Target, change: &Change) -> Result<Edit, Failure> {
    let (site, days, known) = analysis::check(load::load(root), None).map_err(refused)?;
    let as_of = days.as_of;
    let on = target.on.unwrap_or(as_of);
    let (team, index) = target.locate(&site, on, as_of).map_err(Failure::usage)?;
    let sprint = &site.teams[team].sprints[index];
    let number = *sprint.data.number.get_ref();
    let path = site.path_of(sprint).to_string();
    let disk = root.join(&path);
    let before = std::fs::read_to_string(&disk).map_err(|e| {
        Failure::usage(Diagnostic::error(format!(
            "cannot read `{path}`: {}",
            io_words(&e)
        )))
    })?;
    let mut document: DocumentMut = before.parse().map_err(|e: toml_edit::TomlError| {
        let file = SourceFile::new(path.clone(), before.clone());
        let span = e.span().unwrap_or(0..0);
        refused(vec![
            Diagnostic::error(e.message().trim_end().to_string()).at(&file, span),
        ])
    })?;
    let context = Context {
        data: &sprint.data,
        on,
    };
    let what = apply(&mut document, &context, change)
        .map_err(|d| Failure::usage(d.in_file(path.clone())))?;
    let after = document.to_string();
    let known: Vec<String> = known
        .into_iter()
        .filter(|d| d.path.as_deref() == Some(path.as_str()))
        .map(|d| d.message)
        .collect();
    let request = Request {
        files: vec![FileText {
            path: path.clone(),
            text: after.clone(),
        }],
        ..Request::new(root)
    };
    let (analysis, warnings) =
        analysis::analyse_loaded(Loaded::in_memory(site, Vec::new()), &request).map_err(
            |problems| refused(problems.into_iter().filter(Diagnostic::is_error).collect()),
        )?;
    let warnings = warnings
        .into_iter()
        .filter(|w| w.path.as_deref() == Some(path.as_str()) && !known.contains(&w.message))
        .collect();
    let figures = &analysis.figures[team].sprints[index];
    let summary = format!(
        "sprint {number}: {what} — {} SP, {} completed ({}%)",
        figures.total, figures.completed, figures.percent_completed
    );
    Ok(Edit {
        path,
        disk,
        before,
        after,
        summary,
        warnings,
    })
}

/// Applies `change` to a sprint file's text (whose data is `data`) in memory, as [`prepare`]
/// does before it validates the site: for the fuzz target of `fuzz/`. Returns the new
/// text, or why the change cannot be made.
pub fn change_text(
    before: &str,
    data: &SprintFile,
    on: Date,
    change: &Change,
) -> Result<String, Diagnostic> {
    let mut document: DocumentMut = before
        .parse()
        .map_err(|e: toml_edit::TomlError| Diagnostic::error(e.message().trim_end().to_string()))?;
    apply(&mut document, &Context { data, on }, change)?;
    Ok(document.to_string())
}

/// Makes `change` in the parsed file; says what it did, in words.
fn apply(
    document: &mut DocumentMut,
    context: &Context,
    change: &Change,
) -> Result<String, Diagnostic> {
    match change {
        Change::Item { id, change } => items::apply(document, context, id, change),
        Change::Standup(entries) => standup::apply(document, context, entries),
    }
}

impl Edit {
    /// The change as a unified diff of the file.
    pub fn diff(&self) -> String {
        diff(&self.path, &self.before, &self.after)
    }

    /// Writes the new text, unless the file changed since it was read.
    pub fn write(&self) -> Result<(), Diagnostic> {
        write_checked(&self.disk, &self.path, &self.before, &self.after)
    }
}

/// A unified diff of one file's text.
pub fn diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces the file at `disk` with `after`, refusing when it no longer holds `before` (someone
/// saved it in the meantime). The command holds the site's [`EditLock`](crate::files::EditLock)
/// from before it read `before`, so no other sprintgen command wrote the file meanwhile.
fn write_checked(disk: &Path, path: &str, before: &str, after: &str) -> Result<(), Diagnostic> {
    replace_checked(disk, before, after).map_err(|why| match why {
        NotReplaced::Changed => {
            Diagnostic::error(format!("`{path}` changed while it was being edited"))
                .with_hint("nothing was written; run the command again")
        }
        NotReplaced::Io(e) => Diagnostic::error(format!("cannot write `{path}`: {}", io_words(&e)))
            .with_hint("nothing was written; the file is as it was"),
    })
}

/// The site's problems refuse the edit; nothing is written.
fn refused(diagnostics: Vec<Diagnostic>) -> Failure {
    Failure::content(diagnostics).with_summary("; nothing was written")
}

/// Points in a message: "5 SP".
fn sp(points: f64) -> String {
    format!("{} SP", Points(points))
}
