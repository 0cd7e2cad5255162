//! Jira: the issues CSV (Export issues → CSV, all fields), the board's sprint list as JSON
//! (`GET /rest/agile/1.0/board/{id}/sprint`, because the CSV names sprints only) and,
//! optionally, the issues with their change history (`…/search/jql?…&expand=changelog`).
//!
//! The CSV repeats its `Sprint` column once per sprint an issue was in: the issue was not
//! completed in each earlier sprint (carried over) and belongs to the last. The change
//! history adds what the CSV cannot say: when an issue joined or left a sprint, its
//! re-estimates and its status changes, so the sprints match Jira's sprint report.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::inputs::{Input, Shape, cannot_place, json_error, text};
use super::model::{
    Context, Estimate, Export, Item, Membership, Sprint, default_status, unknown_status,
};
use super::table::{self, Cells, Row, Table, capped};
use super::time::{EXPECTED, EXPECTED_JIRA, Moment};
use crate::diagnostics::Diagnostic;
use crate::model::links::is_http_url;
use crate::model::{Date, ItemStatus, SourceFile};

mod api;
pub(super) mod history;

pub use api::{JiraApi, category_status, read as read_api};

const READS: &str = "the issues CSV (Export issues > CSV, all fields), the board's sprint list \
(GET /rest/agile/1.0/board/{id}/sprint) and, optionally, the issues with their change history \
(GET /rest/api/3/search/jql?...&expand=changelog)";

/// How to fetch a board's sprint list, which Jira has no export of: the REST API with an API
/// token, one file per page (from `startAt` 0, by the page size the answer gives, until
/// `isLast`). The README shows the same command (a test keeps them equal).
pub const SPRINT_LIST_COMMAND: &str = r#"start=0; while curl -fsS -u "$JIRA_EMAIL:$JIRA_API_TOKEN" -o "sprints-$start.json" "https://YOUR-SITE.atlassian.net/rest/agile/1.0/board/BOARD_ID/sprint?startAt=$start" && grep -Eq '"isLast": ?false' "sprints-$start.json"; do start=$((start + $(grep -Eo '"maxResults": ?[0-9]+' "sprints-$start.json" | grep -Eo '[0-9]+$'))); done"#;

/// Where the command's parts come from.
const SPRINT_LIST_HELP: &str = "Jira has no export of it: fetch it with its REST API, one file per page, with an API token (https://id.atlassian.com/manage-profile/security/api-tokens) in JIRA_API_TOKEN and your e-mail in JIRA_EMAIL; BOARD_ID is the number after /boards/ in the board's address";

/// The points columns Jira's templates use, in the order they are tried.
const POINTS_COLUMNS: [&str; 2] = [
    "Custom field (Story point estimate)",
    "Custom field (Story Points)",
];

/// One sprint of the board's list.
struct BoardSprint {
    id: Option<String>,
    name: String,
    /// `None` for a future sprint without dates yet.
    dates: Option<Sprint>,
}

/// An issue read from the CSV, before its sprints are settled.
struct Issue {
    item: Item,
    /// Indexes into the board, as the `Sprint` columns name them.
    sprints: Vec<usize>,
    status: ItemStatus,
}

pub fn read(inputs: &[Input], context: &Context) -> Result<Export, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (mut csvs, mut lists, mut histories) = (Vec::new(), Vec::new(), Vec::new());
    for input in inputs {
        match &input.shape {
            Shape::Csv(_) => csvs.push(&input.file),
            Shape::JiraSprints(value) => lists.push((&input.file, value)),
            Shape::JiraChangelog(value) => histories.push((&input.file, value)),
            _ => problems.push(cannot_place(input, "Jira", READS)),
        }
    }
    if csvs.is_empty() {
        problems.push(
            Diagnostic::error("a Jira import needs the issues CSV")
                .with_hint(format!("a Jira import reads {READS}")),
        );
    }
    if lists.is_empty() {
        problems.push(
            Diagnostic::error("a Jira import needs the board's sprint list, as the CSV names sprints only")
                .with_hint(format!("{SPRINT_LIST_HELP}:\n    {SPRINT_LIST_COMMAND}\n  then give the import every sprints-*.json it writes")),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let board = board(&lists, context).map_err(|d| vec![d])?;
    let mut reader = Reader {
        board: &board,
        rest: first_self(&lists),
        context,
        history: !histories.is_empty(),
        export: Export::default(),
        issues: Vec::new(),
        statuses: BTreeMap::new(),
        projects: BTreeSet::new(),
    };
    for file in csvs {
        reader.read_csv(file)?;
    }
    let Reader {
        mut export,
        issues,
        statuses,
        projects,
        ..
    } = reader;
    let changes = history::read(
        &histories,
        &board_ids(&board),
        context,
        &statuses,
        &mut export,
    )
    .map_err(|d| vec![d])?;
    export.team_name = (projects.len() == 1)
        .then(|| projects.into_iter().next())
        .flatten();
    for issue in issues {
        let history = changes.get(&issue.item.id);
        settle(issue, &board, history, &mut export);
    }
    Ok(export)
}

/// Where an issue opens in Jira: `/browse/KEY` on the site of a REST address (a sprint's or an
/// issue's `self`, `https://acme.atlassian.net/rest/agile/1.0/sprint/7`).
fn browse_url(rest: &str, key: &str) -> Option<String> {
    let site = &rest[..rest.find("/rest/")?];
    let url = format!("{site}/browse/{key}");
    is_http_url(&url).then_some(url)
}

/// The REST address of the first sprint of the lists, which names the Jira site.
fn first_self(lists: &[(&SourceFile, &Value)]) -> Option<String> {
    lists
        .iter()
        .filter_map(|(_, value)| value.get("values")?.as_array())
        .flatten()
        .find_map(|sprint| text(sprint, "self"))
        .map(str::to_string)
}

/// The board's sprints from every sprint list given (pages of one list merge).
fn board(
    lists: &[(&SourceFile, &Value)],
    context: &Context,
) -> Result<Vec<BoardSprint>, Diagnostic> {
    let mut board: Vec<BoardSprint> = Vec::new();
    for (file, value) in lists {
        let values = value
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for sprint in values {
            let id = sprint
                .get("id")
                .map(|id| id.to_string().trim_matches('"').to_string());
            if id.is_some() && board.iter().any(|b| b.id == id) {
                continue;
            }
            let name = text(sprint, "name").unwrap_or_default().to_string();
            let date = |key: &str| -> Result<Option<Moment>, Diagnostic> {
                let Some(value) = text(sprint, key) else {
                    return Ok(None);
                };
                Moment::parse(value).map(Some).ok_or_else(|| {
                    json_error(
                        file,
                        value,
                        format!("the `{key}` of sprint `{name}` is not a time; {EXPECTED}"),
                    )
                })
            };
            let start = date("startDate")?;
            let end = date("completeDate")?.or(date("endDate")?);
            let dates = start.zip(end).map(|(start, end)| Sprint {
                title: name.clone(),
                number: number_in_name(&name),
                start: start.date(&context.tz),
                end: end.date(&context.tz),
                goal: text(sprint, "goal").map(str::to_string),
            });
            board.push(BoardSprint { id, name, dates });
        }
    }
    Ok(board)
}

/// The number a sprint's name gives it, as teams name sprints: after the word "sprint"
/// (`PLAT Sprint 14`, `Sprint 14 – Checkout`), else at the end of the name (`Platform 14`).
/// Numbers from 1000 on are years or versions, not sprints.
fn number_in_name(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let digits = |text: &str| -> Option<u32> {
        let end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        text[..end].parse().ok()
    };
    let after_word = lower
        .rfind("sprint")
        .map(|at| lower[at + "sprint".len()..].trim_start_matches([' ', '-', '_', '#', '.']))
        .and_then(digits);
    let at_end = || {
        let trimmed = lower.trim_end();
        let start = trimmed
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        digits(&trimmed[start..])
    };
    after_word.or_else(at_end).filter(|n| (1..1000).contains(n))
}

fn board_ids(board: &[BoardSprint]) -> history::BoardIds {
    history::BoardIds {
        ids: board.iter().map(|b| b.id.clone()).collect(),
        names: board.iter().map(|b| b.name.clone()).collect(),
        dates: board
            .iter()
            .map(|b| b.dates.as_ref().map(|d| (d.start, d.end)))
            .collect(),
    }
}

/// The columns of the CSV the import reads.
struct Columns {
    key: usize,
    summary: usize,
    status: usize,
    created: usize,
    sprints: Vec<usize>,
    points: Vec<usize>,
    category: Option<usize>,
    category_changed: Option<usize>,
    resolved: Option<usize>,
    assignee: Option<usize>,
    parent_summary: Option<usize>,
    epic_link: Option<usize>,
    project: Option<usize>,
    /// A change history was given, which may place an issue the CSV shows in no sprint.
    history: bool,
}

fn columns(table: &Table, context: &Context, history: bool) -> Result<Columns, Diagnostic> {
    let custom = context
        .points_field
        .as_ref()
        .map(|n| [n.clone(), format!("Custom field ({n})")]);
    let points_names: Vec<&str> = match &custom {
        Some(names) => names.iter().map(String::as_str).collect(),
        None => POINTS_COLUMNS.to_vec(),
    };
    table.require(
        "Jira",
        &[
            &["Issue key"],
            &["Summary"],
            &["Status"],
            &["Created"],
            &["Sprint"],
        ],
    )?;
    let points: Vec<usize> = points_names
        .iter()
        .filter_map(|n| table.column(&[n]))
        .collect();
    if points.is_empty() {
        let names: Vec<String> = points_names.iter().map(|n| format!("`{n}`")).collect();
        return Err(Diagnostic::error(format!(
            "the Jira CSV has no points column: expected {}",
            names.join(" or ")
        ))
        .in_file(table.file.path.clone())
        .with_hint("name the column holding the points with --points-field"));
    }
    let column = |name: &str| table.column(&[name]);
    Ok(Columns {
        key: column("Issue key").expect("required"),
        summary: column("Summary").expect("required"),
        status: column("Status").expect("required"),
        created: column("Created").expect("required"),
        sprints: table.columns("Sprint"),
        points,
        category: column("Status Category"),
        category_changed: column("Status Category Changed"),
        resolved: column("Resolved"),
        assignee: column("Assignee"),
        parent_summary: column("Parent summary"),
        epic_link: column("Custom field (Epic Link)"),
        project: column("Project name"),
        history,
    })
}

/// Reads the CSV files, gathering what the change history needs alongside the issues.
struct Reader<'a> {
    board: &'a [BoardSprint],
    /// A REST address of the Jira site (a sprint's `self`), for the issues' links.
    rest: Option<String>,
    context: &'a Context,
    history: bool,
    export: Export,
    issues: Vec<Issue>,
    /// Each status name's category, as the CSV shows it, for the history's status names.
    statuses: BTreeMap<String, ItemStatus>,
    projects: BTreeSet<String>,
}

impl Reader<'_> {
    fn read_csv(&mut self, file: &SourceFile) -> Result<(), Vec<Diagnostic>> {
        let table = Table::read(file).map_err(|d| vec![d])?;
        let columns = columns(&table, self.context, self.history).map_err(|d| vec![d])?;
        let summaries: BTreeMap<&str, &str> = table
            .rows
            .iter()
            .map(|r| (r.get(Some(columns.key)), r.get(Some(columns.summary))))
            .collect();
        let mut errors = Vec::new();
        for row in &table.rows {
            let project = row.get(columns.project);
            if !project.is_empty() {
                self.projects.insert(project.to_string());
            }
            match self.read_row(&table, row, &columns) {
                Ok(Some(mut issue)) => {
                    issue.item.url = self
                        .rest
                        .as_deref()
                        .and_then(|r| browse_url(r, &issue.item.id));
                    // An epic link names the epic's key: its summary reads better, when known.
                    let link = row.get(columns.epic_link);
                    if issue.item.epic.is_none() && !link.is_empty() {
                        issue.item.epic = Some(summaries.get(link).unwrap_or(&link).to_string());
                    }
                    self.issues.push(issue);
                }
                Ok(None) => {}
                Err(row_errors) => errors.extend(row_errors),
            }
        }
        match errors.is_empty() {
            true => Ok(()),
            false => Err(capped(file, errors)),
        }
    }

    /// The status of a row: `--status-map`, else its status category, else the default
    /// names.
    fn status(&mut self, row: &Row, columns: &Columns) -> Option<ItemStatus> {
        let name = row.get(Some(columns.status));
        let category = default_status(row.get(columns.category));
        if let Some(category) = category {
            self.statuses.insert(name.to_ascii_lowercase(), category);
        }
        self.context
            .statuses
            .explicit(name)
            .or(category)
            .or_else(|| default_status(name))
    }

    /// One row as an issue, or `None` when it is skipped (recorded in the export); every bad
    /// cell of the row otherwise.
    fn read_row(
        &mut self,
        table: &Table,
        row: &Row,
        columns: &Columns,
    ) -> Result<Option<Issue>, Vec<Diagnostic>> {
        let key = row.get(Some(columns.key)).to_string();
        let what = format!("`{key}` ({})", table.origin(row));
        if key.is_empty() {
            self.export.skip(table.origin(row), "no issue key");
            return Ok(None);
        }
        let mut cells = Cells::new(table, row);
        let sprints = row_sprints(&mut cells, row, columns, self.board);
        let placed = !sprints.is_empty() || columns.history;
        let points = placed
            .then(|| row_points(&mut cells, row, columns))
            .flatten();
        let mut date = |column| {
            placed
                .then(|| row_date(&mut cells, column, self.context))
                .flatten()
        };
        let (created, changed) = (date(Some(columns.created)), date(columns.category_changed));
        let resolved = date(columns.resolved).or(changed);
        cells.finish()?;
        let Some(points) = points else {
            let reason = match sprints.is_empty() {
                true => "no sprint",
                false => "no estimate",
            };
            self.export.skip(what, reason);
            return Ok(None);
        };
        let status_name = row.get(Some(columns.status));
        let Some(status) = self.status(row, columns) else {
            self.export.skip(what, unknown_status(status_name));
            return Ok(None);
        };
        if matches!(status, ItemStatus::Done | ItemStatus::Removed) && resolved.is_none() {
            let reason =
                format!("its status `{status_name}` needs a `Resolved` date, and it has none");
            self.export.skip(what, reason);
            return Ok(None);
        }
        let text = |column| Some(row.get(column).to_string()).filter(|t| !t.is_empty());
        let item = Item {
            id: key,
            title: row.get(Some(columns.summary)).to_string(),
            epic: text(columns.parent_summary),
            owner: text(columns.assignee),
            points: Estimate::fixed(points),
            created,
            started: changed.filter(|_| status == ItemStatus::InProgress),
            in_progress: status == ItemStatus::InProgress,
            done: resolved.filter(|_| status == ItemStatus::Done),
            cancelled: resolved.filter(|_| status == ItemStatus::Removed),
            sprints: Vec::new(),
            statuses: Vec::new(),
            origin: table.origin(row),
            url: None,
        };
        Ok(Some(Issue {
            item,
            sprints,
            status,
        }))
    }
}

/// The board sprints a row's `Sprint` columns name, in order; an error for each name the
/// sprint list lacks.
fn row_sprints(
    cells: &mut Cells,
    row: &Row,
    columns: &Columns,
    board: &[BoardSprint],
) -> Vec<usize> {
    let mut sprints = Vec::new();
    for &column in &columns.sprints {
        let name = row.get(Some(column));
        if name.is_empty() {
            continue;
        }
        match board.iter().position(|b| b.name == name) {
            Some(index) => sprints.push(index),
            None => cells.error(
                column,
                &format!("the sprint `{name}` is not in the sprint list"),
                Some("save the sprint list of every board these issues were in, and pass them all"),
            ),
        }
    }
    sprints
}

/// The row's points: the first points column with a value; `None` without one.
fn row_points(cells: &mut Cells, row: &Row, columns: &Columns) -> Option<f64> {
    let column = columns
        .points
        .iter()
        .copied()
        .find(|&c| !row.get(Some(c)).is_empty())?;
    cells.read(Some(column), |text| {
        table::number(text).ok_or(format!("`{text}` is not a number of points"))
    })
}

/// A date cell: `None` when the column is missing, the cell empty, or (an error kept) not a
/// date.
fn row_date(cells: &mut Cells, column: Option<usize>, context: &Context) -> Option<Date> {
    cells.read(column, |text| {
        Moment::parse(text)
            .map(|m| m.date(&context.tz))
            .ok_or(format!("`{text}` is not a date or time; {EXPECTED_JIRA}"))
    })
}

/// The issue's sprints (with the change history's joins and leaves when there is one) and
/// its dates from the history; adds it to the export, or records why it is skipped.
fn settle(
    issue: Issue,
    board: &[BoardSprint],
    changes: Option<&history::Changes>,
    export: &mut Export,
) {
    let Issue {
        mut item,
        sprints,
        status,
    } = issue;
    let what = format!("`{}` ({})", item.id, item.origin);
    let stays = match changes {
        Some(changes) => changes.memberships(&sprints),
        None => sprints.iter().map(|&b| (b, None, None)).collect(),
    };
    if let Some(changes) = changes {
        changes.apply(&mut item, status);
    }
    let mut memberships = Vec::new();
    for (b, joined, left) in stays {
        match &board[b].dates {
            Some(dates) => memberships.push(Membership {
                sprint: export.sprint_index(dates.clone()),
                joined,
                left,
            }),
            None => export.skip(
                what.clone(),
                format!("in `{}`, which has no dates yet", board[b].name),
            ),
        }
    }
    if memberships.is_empty() {
        if sprints.is_empty() {
            export.skip(what, "no sprint");
        }
        return;
    }
    memberships.sort_by_key(|m| export.sprints[m.sprint].start);
    item.sprints = memberships;
    export.items.push(item);
}

#[cfg(test)]
mod tests {
    use super::number_in_name;

    /// The README shows the command the error gives.
    #[test]
    fn the_readme_gives_the_sprint_list_command() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&format!("\n{}\n", super::SPRINT_LIST_COMMAND)),
            "README.md does not show the sprint list command of src/import/jira.rs"
        );
    }

    #[test]
    fn sprint_numbers_come_from_their_names() {
        let cases = [
            ("PLAT Sprint 14", Some(14)),
            ("Sprint 7 – Checkout", Some(7)),
            ("sprint-03", Some(3)),
            ("Sprint #12", Some(12)),
            ("Platform 21", Some(21)),
            ("2026 Q2 Sprint 4", Some(4)),
            ("Checkout", None),
            ("Release 2026", None),
            ("Sprint 0", None),
        ];
        for (name, number) in cases {
            assert_eq!(number_in_name(name), number, "{name}");
        }
    }
}
