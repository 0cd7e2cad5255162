//! Linear's CSV export (Export issues): a cycle is a sprint, a row an item.
//!
//! Columns read: `ID` (older exports: `Id`), `Team`, `Title`, `Status`, `Estimate` (or
//! `--points-field`), `Project` (the epic), `Assignee` (the owner), `Cycle Number`,
//! `Cycle Name`, `Cycle Start`, `Cycle End`, `Created`, `Started`, `Completed`, `Canceled`.
//! Linear writes ISO 8601 instants, and puts `'` before text a spreadsheet could take for a
//! formula; that mark is removed.

use std::collections::BTreeSet;

use super::inputs::{Input, Shape, cannot_place};
use super::model::{Context, Estimate, Export, Item, Membership, Sprint};
use super::table::{self, Cells, Row, Table, capped};
use super::time::{EXPECTED, Moment};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, ItemStatus};

const READS: &str = "the issues CSV of Linear's Export issues";

/// The columns a row is read from.
struct Columns {
    id: usize,
    title: usize,
    status: usize,
    estimate: usize,
    cycle_number: usize,
    cycle_name: Option<usize>,
    cycle_start: usize,
    cycle_end: usize,
    created: usize,
    started: usize,
    completed: usize,
    canceled: usize,
    team: Option<usize>,
    project: Option<usize>,
    assignee: Option<usize>,
}

pub fn read(inputs: &[Input], context: &Context) -> Result<Export, Vec<Diagnostic>> {
    let mut export = Export::default();
    let mut problems = Vec::new();
    let mut teams = BTreeSet::new();
    for input in inputs {
        if !matches!(input.shape, Shape::Csv(_)) {
            problems.push(cannot_place(input, "Linear", READS));
            continue;
        }
        if let Err(errors) = read_file(input, context, &mut export, &mut teams) {
            problems.extend(errors);
        }
    }
    if teams.len() > 1 {
        let names: Vec<String> = teams.iter().map(|t| format!("`{t}`")).collect();
        problems.push(
            Diagnostic::error(format!(
                "the export holds the issues of several Linear teams ({}), whose cycles differ",
                names.join(", ")
            ))
            .with_hint("export one Linear team's issues for each sprintgen team"),
        );
    }
    export.team_name = teams.into_iter().next();
    if problems.is_empty() {
        Ok(export)
    } else {
        Err(problems)
    }
}

fn read_file(
    input: &Input,
    context: &Context,
    export: &mut Export,
    teams: &mut BTreeSet<String>,
) -> Result<(), Vec<Diagnostic>> {
    let table = Table::read(&input.file).map_err(|d| vec![d])?;
    let points: &[&str] = match &context.points_field {
        Some(name) => &[name.as_str()],
        None => &["Estimate"],
    };
    let required: [&[&str]; 11] = [
        &["ID", "Id"],
        &["Title"],
        &["Status"],
        points,
        &["Cycle Number"],
        &["Cycle Start"],
        &["Cycle End"],
        &["Created"],
        &["Started"],
        &["Completed"],
        &["Canceled"],
    ];
    table.require("Linear", &required).map_err(|d| vec![d])?;
    let column = |names: &[&str]| table.column(names).expect("required");
    let columns = Columns {
        id: column(required[0]),
        title: column(required[1]),
        status: column(required[2]),
        estimate: column(points),
        cycle_number: column(required[4]),
        cycle_name: table.column(&["Cycle Name"]),
        cycle_start: column(required[5]),
        cycle_end: column(required[6]),
        created: column(required[7]),
        started: column(required[8]),
        completed: column(required[9]),
        canceled: column(required[10]),
        team: table.column(&["Team"]),
        project: table.column(&["Project"]),
        assignee: table.column(&["Assignee"]),
    };
    let mut errors = Vec::new();
    for row in &table.rows {
        match read_row(&table, row, &columns, context, export) {
            Ok(Some(item)) => {
                let team = unformula(row.get(columns.team));
                if !team.is_empty() {
                    teams.insert(team.to_string());
                }
                export.items.push(item);
            }
            Ok(None) => {}
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(capped(&input.file, errors)),
    }
}

/// The values of a row's cells the import reads.
struct Values {
    /// `None` when the row's cycle number or dates are missing.
    sprint: Option<Sprint>,
    points: Option<f64>,
    created: Option<Date>,
    started: Option<Date>,
    completed: Option<Date>,
    canceled: Option<Date>,
}

/// One row as an item, or `None` when it is skipped (recorded in `export`); every bad cell
/// of the row otherwise.
fn read_row(
    table: &Table,
    row: &Row,
    columns: &Columns,
    context: &Context,
    export: &mut Export,
) -> Result<Option<Item>, Vec<Diagnostic>> {
    let id = unformula(row.get(Some(columns.id))).to_string();
    let what = format!("`{id}` ({})", table.origin(row));
    if id.is_empty() {
        export.skip(table.origin(row), "no ID");
        return Ok(None);
    }
    if row.get(Some(columns.cycle_number)).is_empty() {
        export.skip(what, "no cycle");
        return Ok(None);
    }
    let values = values(table, row, columns, context)?;
    let Some(sprint) = values.sprint else {
        export.skip(what, "no cycle");
        return Ok(None);
    };
    let Some(points) = values.points else {
        export.skip(what, "no estimate");
        return Ok(None);
    };
    let (completed, canceled, started) = (values.completed, values.canceled, values.started);
    let status_name = row.get(Some(columns.status));
    let status = match context.statuses.explicit(status_name) {
        Some(status) => status,
        None if canceled.is_some() => ItemStatus::Removed,
        None if completed.is_some() => ItemStatus::Done,
        None if started.is_some() => ItemStatus::InProgress,
        None => ItemStatus::Todo,
    };
    let missing = match status {
        ItemStatus::Done if completed.is_none() => Some("Completed"),
        ItemStatus::Removed if canceled.is_none() => Some("Canceled"),
        _ => None,
    };
    if let Some(column) = missing {
        let reason = format!("its status `{status_name}` needs a `{column}` date, and it has none");
        export.skip(what, reason);
        return Ok(None);
    }
    let sprint = export.sprint_index(sprint);
    let text = |column: Option<usize>| {
        Some(unformula(row.get(column)).to_string()).filter(|t| !t.is_empty())
    };
    Ok(Some(Item {
        title: unformula(row.get(Some(columns.title))).to_string(),
        epic: text(columns.project),
        owner: text(columns.assignee),
        points: Estimate::fixed(points),
        created: values.created,
        started: started.filter(|_| status != ItemStatus::Todo),
        in_progress: status == ItemStatus::InProgress,
        done: completed.filter(|_| status == ItemStatus::Done),
        cancelled: canceled.filter(|_| status == ItemStatus::Removed),
        sprints: vec![Membership {
            sprint,
            joined: None,
            left: None,
        }],
        statuses: Vec::new(),
        origin: table.origin(row),
        // The CSV has no link to the issue: `sync linear` reads it from the API.
        url: None,
        id,
    }))
}

/// The row's cycle, estimate and dates; every cell that does not read is an error.
fn values(
    table: &Table,
    row: &Row,
    columns: &Columns,
    context: &Context,
) -> Result<Values, Vec<Diagnostic>> {
    let mut cells = Cells::new(table, row);
    let tz = &context.tz;
    let number = cells.read(Some(columns.cycle_number), |number| {
        number
            .parse::<u32>()
            .map_err(|_| format!("`{number}` is not a cycle number"))
    });
    let start = cells.read(Some(columns.cycle_start), moment);
    let end = cells.read(Some(columns.cycle_end), moment);
    for (column, found) in [(columns.cycle_start, start), (columns.cycle_end, end)] {
        if found.is_none() && row.get(Some(column)).is_empty() {
            cells.error(column, "the cycle has no date here", None);
        }
    }
    let points = cells.read(Some(columns.estimate), |estimate| {
        table::number(estimate).ok_or(format!("`{estimate}` is not a number of points"))
    });
    let mut date = |column| cells.read(Some(column), moment).map(|m| m.date(tz));
    let (created, started) = (date(columns.created), date(columns.started));
    let (completed, canceled) = (date(columns.completed), date(columns.canceled));
    cells.finish()?;
    let name = unformula(row.get(columns.cycle_name));
    let sprint = number
        .zip(start)
        .zip(end)
        .map(|((number, start), end)| Sprint {
            title: match name.is_empty() {
                true => format!("Cycle {number}"),
                false => name.to_string(),
            },
            number: Some(number),
            start: start.date(tz),
            end: end.last_day_before(tz),
            goal: None,
        });
    Ok(Values {
        sprint,
        points,
        created,
        started,
        completed,
        canceled,
    })
}

/// A timestamp cell, or what it should be.
fn moment(text: &str) -> Result<Moment, String> {
    Moment::parse(text).ok_or(format!("`{text}` is not a date or time; {EXPECTED}"))
}

/// Removes the `'` Linear puts before text a spreadsheet could read as a formula.
fn unformula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_formula_mark_is_removed_only_before_a_formula() {
        assert_eq!(super::unformula("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(super::unformula("'-1 day"), "-1 day");
        assert_eq!(super::unformula("'quoted' title"), "'quoted' title");
    }
}
