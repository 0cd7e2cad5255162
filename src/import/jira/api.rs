//! Jira's REST API as `sync jira` fetches it, read like the exports: the board's sprint list
//! as the import reads it, each issue's fields where the CSV has columns, and the issues'
//! changelogs through the same history reader. Only the reading of the fields is new.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::inputs::text;
use super::super::model::{Context, Estimate, Export, Item, default_status};
use super::super::time::Moment;
use super::{Issue, board, board_ids, browse_url, history, settle};
use crate::diagnostics::Diagnostic;
use crate::model::{ItemStatus, SourceFile};

/// What `sync jira` fetched, each response held as a file named by its endpoint.
pub struct JiraApi {
    /// Every page of the board's sprints (`GET /rest/agile/1.0/board/{id}/sprint`).
    pub sprints: Vec<(SourceFile, Value)>,
    /// Every page of the issue search (`GET /rest/api/3/search/jql`, `expand=changelog`),
    /// each issue's changelog complete.
    pub issues: Vec<(SourceFile, Value)>,
    /// The ids of the story-point field and the sprint field (`customfield_10016`).
    pub points_field: String,
    pub sprint_field: String,
    /// Each status name, in lowercase, with its category (`GET /rest/api/3/status`).
    pub statuses: BTreeMap<String, ItemStatus>,
}

/// A status category's key as a status: `new`, `indeterminate`, `done`.
pub fn category_status(key: &str) -> Option<ItemStatus> {
    match key {
        "new" => Some(ItemStatus::Todo),
        "indeterminate" => Some(ItemStatus::InProgress),
        "done" => Some(ItemStatus::Done),
        _ => None,
    }
}

pub fn read(api: &JiraApi, context: &Context) -> Result<Export, Vec<Diagnostic>> {
    let board = board(&pairs(&api.sprints), context).map_err(|d| vec![d])?;
    let ids = board_ids(&board);
    let mut export = Export::default();
    let changes = history::read(
        &pairs(&api.issues),
        &ids,
        context,
        &statuses(api),
        &mut export,
    )
    .map_err(|d| vec![d])?;
    let mut projects = std::collections::BTreeSet::new();
    for (file, page) in &api.issues {
        for (index, issue_json) in issues(page).enumerate() {
            let Some(key) = text(issue_json, "key") else {
                continue;
            };
            let fields = issue_json.get("fields").unwrap_or(&Value::Null);
            if let Some(project) = fields.get("project").and_then(|p| text(p, "name")) {
                projects.insert(project.to_string());
            }
            let sprints = named_sprints(api, fields, &ids);
            let history = changes.get(key);
            // The backlog and the epics: never in one of the board's sprints, not sprint data.
            if sprints.is_empty() && history.is_none_or(|h| h.memberships(&[]).is_empty()) {
                export.tracked.insert(key.to_string());
                continue;
            }
            let origin = format!("{} issue {}", file.path, index + 1);
            let points = fields.get(&api.points_field).and_then(Value::as_f64);
            match read_issue(key, fields, points, sprints, history, &origin, context) {
                Ok(mut issue) => {
                    issue.item.url =
                        text(issue_json, "self").and_then(|rest| browse_url(rest, key));
                    export.tracked.insert(key.to_string());
                    settle(issue, &board, history, &mut export);
                }
                Err(reason) => export.skip(format!("`{key}` ({origin})"), reason),
            }
        }
    }
    // Every sprint of the board, so that a sprint file whose items all left is updated too.
    for sprint in board.iter().filter_map(|b| b.dates.clone()) {
        export.sprint_index(sprint);
    }
    export.team_name = (projects.len() == 1)
        .then(|| projects.into_iter().next())
        .flatten();
    Ok(export)
}

/// The statuses' categories: Jira's list, else those of the statuses the issues are in.
fn statuses(api: &JiraApi) -> BTreeMap<String, ItemStatus> {
    let mut statuses = api.statuses.clone();
    for issue in api.issues.iter().flat_map(|(_, page)| issues(page)) {
        let status = issue.pointer("/fields/status").unwrap_or(&Value::Null);
        let category = status
            .pointer("/statusCategory/key")
            .and_then(Value::as_str)
            .and_then(category_status);
        if let (Some(name), Some(category)) = (text(status, "name"), category) {
            statuses.entry(name.to_lowercase()).or_insert(category);
        }
    }
    statuses
}

fn pairs(list: &[(SourceFile, Value)]) -> Vec<(&SourceFile, &Value)> {
    list.iter().map(|(f, v)| (f, v)).collect()
}

fn issues(page: &Value) -> impl Iterator<Item = &Value> {
    page.get("issues")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// The board sprints the issue's sprint field names (sprints of other boards left out).
fn named_sprints(api: &JiraApi, fields: &Value, board: &history::BoardIds) -> Vec<usize> {
    fields
        .get(&api.sprint_field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("id"))
        .map(|id| id.to_string().trim_matches('"').to_string())
        .filter_map(|id| board.ids.iter().position(|b| b.as_deref() == Some(&id)))
        .collect()
}

/// One issue's fields as an issue to settle, or why it is not imported.
fn read_issue(
    key: &str,
    fields: &Value,
    points: Option<f64>,
    sprints: Vec<usize>,
    history: Option<&history::Changes>,
    origin: &str,
    context: &Context,
) -> Result<Issue, String> {
    let status_field = fields.get("status").unwrap_or(&Value::Null);
    let status_name = text(status_field, "name").unwrap_or_default();
    let category = status_field
        .get("statusCategory")
        .and_then(|c| text(c, "key"))
        .and_then(category_status);
    let status = context
        .statuses
        .explicit(status_name)
        .or(category)
        .or_else(|| default_status(status_name))
        .ok_or_else(|| {
            format!("unknown status `{status_name}` (map it with --status-map \"{status_name}=in-progress\")")
        })?;
    let date = |name: &str| {
        text(fields, name)
            .and_then(Moment::parse)
            .map(|m| m.date(&context.tz))
    };
    let changed = date("statuscategorychangedate");
    // Done or cancelled without a date of it in the fields: the history's last move there.
    let moved = history.and_then(|h| h.last_change_to(status));
    let resolved = date("resolutiondate").or(changed).or(moved);
    let Some(points) = points else {
        return Err("no estimate".into());
    };
    if matches!(status, ItemStatus::Done | ItemStatus::Removed) && resolved.is_none() {
        return Err(format!(
            "its status `{status_name}` needs a resolution date, and it has none"
        ));
    }
    let name =
        |value: Option<&Value>, key: &str| value.and_then(|v| text(v, key)).map(str::to_string);
    let parent = fields.get("parent").and_then(|p| p.get("fields"));
    let item = Item {
        id: key.to_string(),
        title: text(fields, "summary").unwrap_or_default().to_string(),
        epic: name(parent, "summary"),
        owner: name(fields.get("assignee"), "displayName"),
        points: Estimate::fixed(points),
        created: date("created"),
        started: changed.filter(|_| status == ItemStatus::InProgress),
        in_progress: status == ItemStatus::InProgress,
        done: resolved.filter(|_| status == ItemStatus::Done),
        cancelled: resolved.filter(|_| status == ItemStatus::Removed),
        origin: origin.to_string(),
        ..Item::default()
    };
    Ok(Issue {
        item,
        sprints,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn page(name: &str, json: serde_json::Value) -> (SourceFile, Value) {
        (SourceFile::new(name, json.to_string()), json)
    }

    /// Board sprint 7 runs 2 to 13 March; `fields` are PLAT-1's, its changelog `histories`.
    fn read_one(fields: Value, histories: Value) -> Export {
        let sprints = serde_json::json!({"isLast": true, "values": [
            {"id": 7, "state": "closed", "name": "S7", "startDate": "2026-03-02T09:00:00.000Z",
             "endDate": "2026-03-13T17:00:00.000Z", "completeDate": "2026-03-13T16:00:00.000Z"}]});
        let issues = serde_json::json!({"issues": [{"key": "PLAT-1", "fields": fields,
            "changelog": {"startAt": 0, "maxResults": 1, "total": 1, "histories": histories}}]});
        let api = JiraApi {
            sprints: vec![page("sprints", sprints)],
            issues: vec![page("search", issues)],
            points_field: "customfield_10016".into(),
            sprint_field: "customfield_10020".into(),
            statuses: BTreeMap::new(),
        };
        let context = Context {
            statuses: Default::default(),
            points_field: Some("Story point estimate".into()),
            tz: jiff::tz::TimeZone::UTC,
            as_of: Date::new(2026, 3, 31).unwrap(),
        };
        read(&api, &context).unwrap()
    }

    #[test]
    fn a_done_issue_without_a_resolution_date_is_dated_by_its_history() {
        let fields = serde_json::json!({
            "summary": "Sign-in", "created": "2026-02-20T10:00:00.000+0000",
            "status": {"name": "Closed", "statusCategory": {"key": "done"}},
            "customfield_10016": 3.0, "customfield_10020": [{"id": 7, "name": "S7"}]});
        let histories = serde_json::json!([{"created": "2026-03-05T15:00:00.000+0000", "items": [
            {"field": "status", "fromString": "To Do", "toString": "Closed"}]}]);
        let export = read_one(fields.clone(), histories);
        let item = &export.items[0];
        assert_eq!(item.done, Some(Date::new(2026, 3, 5).unwrap()));
        assert_eq!(export.tracked.iter().collect::<Vec<_>>(), ["PLAT-1"]);
        // Without a date anywhere it cannot be placed: skipped, and not the tracker's to take
        // out of a file.
        let export = read_one(fields, serde_json::json!([]));
        assert!(export.items.is_empty() && export.tracked.is_empty());
        assert_eq!(
            export.skipped[0].reason,
            "its status `Closed` needs a resolution date, and it has none"
        );
    }
}
