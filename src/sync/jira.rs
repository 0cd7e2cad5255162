//! `sync jira`: Jira Cloud's REST API, as documented.
//!
//! - the board's sprints: `GET /rest/agile/1.0/board/{id}/sprint`, paged with `startAt` until
//!   `isLast`;
//! - the board's filter and estimation field: `GET /rest/agile/1.0/board/{id}/configuration`
//!   (without it, the search is not narrowed to the board's filter);
//! - the fields: `GET /rest/api/3/field`, where the sprint field and the story-point field are
//!   found by their type (`--points-field` names another);
//! - the statuses and their categories: `GET /rest/api/3/status` (without it, the categories
//!   of the statuses the issues are in);
//! - the issues with their changelogs: `GET /rest/api/3/search/jql?expand=changelog`, paged
//!   with `nextPageToken`; a changelog the search cut short is paged from
//!   `GET /rest/api/3/issue/{key}/changelog`.
//!
//! `sprint = N` finds only the issues in a sprint now, and Jira's sprint report also lists
//! those taken out: the search asks for the board's issues in its sprints *or* updated since
//! the first sprint started (taking an issue out of a sprint updates it), and the changelogs
//! say which sprints each was in, and when.

use std::collections::BTreeMap;

use serde_json::Value;

use super::client::{Client, Service};
use super::settings::Settings;
use crate::diagnostics::Diagnostic;
use crate::import::model::{Context, Export, StatusMap};
use crate::import::time::Moment;
use crate::import::{self, JiraApi};
use crate::model::{ItemStatus, SourceFile};

const SERVICE: Service = Service {
    name: "Jira",
    credentials: "check JIRA_EMAIL and JIRA_API_TOKEN: the email of an Atlassian account and an API token of that account (https://id.atlassian.com/manage-profile/security/api-tokens)",
    permission: "the account needs the Browse projects permission in the board's projects, and must see the board's filter",
};

/// Issues per page of the search (Jira's largest with changelogs).
const PAGE: usize = 100;
/// The fields the issues are read from, besides the sprint and points fields.
const FIELDS: &str =
    "summary,status,created,resolutiondate,statuscategorychangedate,assignee,parent,project";
const SPRINT_TYPE: &str = "com.pyxis.greenhopper.jira:gh-sprint";
const STORY_POINTS_TYPE: &str = "com.pyxis.greenhopper.jira:jsw-story-points";
/// The names Jira's templates give the story-point field.
const STORY_POINT_NAMES: [&str; 2] = ["Story point estimate", "Story Points"];

pub fn read(
    settings: &Settings,
    authorization: String,
    context: &Context,
) -> Result<Export, Vec<Diagnostic>> {
    let board = settings.board;
    let subject = format!("board {board} at {}", settings.url);
    let client = Client::new(&settings.url, authorization, SERVICE, subject).map_err(one)?;
    let sprints = sprint_pages(&client, board).map_err(one)?;
    let configuration = client
        .get_if_any(&format!("/rest/agile/1.0/board/{board}/configuration"), &[])
        .map_err(one)?
        .unwrap_or_default();
    let filter = configuration
        .pointer("/filter/id")
        .map(|id| id.to_string().trim_matches('"').to_string());
    let estimation = configuration
        .pointer("/estimation/field/fieldId")
        .and_then(Value::as_str);
    let fields = client.get("/rest/api/3/field", &[]).map_err(one)?;
    let fields = fields
        .as_array()
        .ok_or_else(|| one(client.undocumented("GET /rest/api/3/field", "not a list of fields")))?;
    let chosen = pick_fields(fields, settings.points_field.as_deref(), estimation).map_err(one)?;
    let statuses = statuses(&client, &context.statuses).map_err(one)?;
    let jql = match search_jql(filter.as_deref(), &sprints) {
        Some(jql) => jql,
        None => return Ok(Export::default()),
    };
    let issues = search(&client, &jql, &chosen).map_err(one)?;
    let api = JiraApi {
        sprints,
        issues,
        points_field: chosen.points.id,
        sprint_field: chosen.sprint.id,
        statuses,
    };
    // The changelog names the story-point field by its name.
    let context = Context {
        statuses: context.statuses.clone(),
        points_field: Some(chosen.points.name),
        tz: context.tz.clone(),
        as_of: context.as_of,
    };
    import::read_jira_api(&api, &context)
}

fn one(d: Diagnostic) -> Vec<Diagnostic> {
    vec![d]
}

/// Every page of the board's sprints, each as a file named by its request.
fn sprint_pages(client: &Client, board: u64) -> Result<Vec<(SourceFile, Value)>, Diagnostic> {
    let path = format!("/rest/agile/1.0/board/{board}/sprint");
    let mut pages = Vec::new();
    let mut start = 0;
    loop {
        let query = [("startAt", start.to_string()), ("maxResults", "50".into())];
        let page = client.get(&path, &query)?;
        let name = format!("GET {path}?startAt={start}");
        let values = page
            .get("values")
            .and_then(Value::as_array)
            .ok_or_else(|| client.undocumented(&name, "no `values` list of sprints"))?;
        let count = values.len();
        let last = page.get("isLast").and_then(Value::as_bool).unwrap_or(true);
        pages.push((as_file(name, &page), page));
        if last || count == 0 {
            return Ok(pages);
        }
        start += count;
    }
}

/// A response as a source file named by its request, for errors that point into it.
fn as_file(name: String, value: &Value) -> SourceFile {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    SourceFile::new(name, text)
}

/// A field of `/rest/api/3/field`.
#[derive(Clone, Debug, PartialEq)]
struct Field {
    id: String,
    name: String,
}

/// The fields the issues are read from.
#[derive(Debug, PartialEq)]
struct Fields {
    points: Field,
    sprint: Field,
}

/// The sprint field (by its type) and the story-point field: the one `wanted` names (by
/// name or id), else the board's estimation field, else the one of the story-point type,
/// else a number field with one of the templates' names.
fn pick_fields(
    fields: &[Value],
    wanted: Option<&str>,
    estimation: Option<&str>,
) -> Result<Fields, Diagnostic> {
    let field = |f: &Value| {
        Some(Field {
            id: f.get("id")?.as_str()?.to_string(),
            name: f.get("name")?.as_str()?.to_string(),
        })
    };
    let custom =
        |f: &&Value, kind: &str| f.pointer("/schema/custom").and_then(Value::as_str) == Some(kind);
    let number = |f: &&Value| f.pointer("/schema/type").and_then(Value::as_str) == Some("number");
    let sprint = fields
        .iter()
        .find(|f| custom(f, SPRINT_TYPE))
        .and_then(field)
        .ok_or_else(|| {
            Diagnostic::error(
                "Jira has no sprint field (GET /rest/api/3/field lists none of its type)",
            )
            .with_hint("sprints need Jira Software; check that the site at this address has it")
        })?;
    let named = |name: &str| {
        fields
            .iter()
            .find(|f| field(f).is_some_and(|x| x.id == name || x.name.eq_ignore_ascii_case(name)))
    };
    let points = match wanted {
        Some(name) => named(name).ok_or_else(|| {
            let numbers: Vec<String> = fields
                .iter()
                .filter(number)
                .filter_map(field)
                .map(|f| format!("`{}` ({})", f.name, f.id))
                .collect();
            Diagnostic::error(format!("Jira has no field `{name}`")).with_hint(format!(
                "its number fields: {}",
                if numbers.is_empty() { "none".to_string() } else { numbers.join(", ") }
            ))
        })?,
        None => estimation
            .and_then(named)
            .or_else(|| fields.iter().find(|f| custom(f, STORY_POINTS_TYPE)))
            .or_else(|| {
                fields.iter().filter(number).find(|f| {
                    field(f).is_some_and(|x| STORY_POINT_NAMES.iter().any(|n| x.name == *n))
                })
            })
            .ok_or_else(|| {
                Diagnostic::error("Jira has no story-point field").with_hint(
                    "name the field that holds the estimates with --points-field (or `points_field` in [sync])",
                )
            })?,
    };
    Ok(Fields {
        points: field(points).expect("a field with an id and a name"),
        sprint,
    })
}

/// Each status name (in lowercase) and what it means: `--status-map`, else its category.
fn statuses(client: &Client, map: &StatusMap) -> Result<BTreeMap<String, ItemStatus>, Diagnostic> {
    let Some(list) = client.get_if_any("/rest/api/3/status", &[])? else {
        return Ok(BTreeMap::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| client.undocumented("GET /rest/api/3/status", "not a list of statuses"))?;
    Ok(list
        .iter()
        .filter_map(|s| {
            let name = s.get("name")?.as_str()?;
            let category = s.pointer("/statusCategory/key")?.as_str()?;
            let status = map
                .explicit(name)
                .or_else(|| import::jira_category(category))?;
            Some((name.to_lowercase(), status))
        })
        .collect())
}

/// The search for the board's issues (those of its `filter`) in its sprints or updated since
/// the first one began; `None` when no sprint has begun.
fn search_jql(filter: Option<&str>, pages: &[(SourceFile, Value)]) -> Option<String> {
    let sprints = pages
        .iter()
        .filter_map(|(_, page)| page.get("values").and_then(Value::as_array))
        .flatten()
        .filter(|s| s.get("startDate").is_some_and(Value::is_string));
    let mut ids = Vec::new();
    let mut first: Option<jiff::Timestamp> = None;
    for sprint in sprints {
        ids.extend(sprint.get("id").map(|id| id.to_string()));
        let start = sprint.get("startDate").and_then(Value::as_str);
        if let Some(Moment::Instant(t)) = start.and_then(Moment::parse) {
            first = Some(first.map_or(t, |f| f.min(t)));
        }
    }
    if ids.is_empty() {
        return None;
    }
    let mut clause = format!("sprint in ({})", ids.join(", "));
    if let Some(first) = first {
        // A day early: JQL reads the date in the account's time zone.
        let day = first
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .yesterday()
            .ok()?;
        clause = format!("{clause} OR updated >= \"{day}\"");
    }
    Some(match filter {
        Some(filter) => format!("filter = {filter} AND ({clause}) ORDER BY key ASC"),
        None => format!("{clause} ORDER BY key ASC"),
    })
}

/// Every page of the search, each issue's changelog made whole.
fn search(
    client: &Client,
    jql: &str,
    chosen: &Fields,
) -> Result<Vec<(SourceFile, Value)>, Diagnostic> {
    let path = "/rest/api/3/search/jql";
    let fields = format!("{FIELDS},{},{}", chosen.points.id, chosen.sprint.id);
    let mut pages = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut query = vec![
            ("jql", jql.to_string()),
            ("fields", fields.clone()),
            ("expand", "changelog".to_string()),
            ("maxResults", PAGE.to_string()),
        ];
        query.extend(token.clone().map(|t| ("nextPageToken", t)));
        let mut page = client.get(path, &query)?;
        let name = format!("GET {path} (page {})", pages.len() + 1);
        let issues = page
            .get_mut("issues")
            .and_then(Value::as_array_mut)
            .ok_or_else(|| client.undocumented(&name, "no `issues` list"))?;
        for issue in issues.iter_mut() {
            whole_changelog(client, issue)?;
        }
        token = page
            .get("nextPageToken")
            .and_then(Value::as_str)
            .map(str::to_string);
        let last = page.get("isLast").and_then(Value::as_bool) == Some(true);
        pages.push((as_file(name, &page), page));
        if last || token.is_none() {
            return Ok(pages);
        }
    }
}

/// Replaces a changelog the search cut short (fewer `histories` than its `total`) with the
/// whole one, from the issue's changelog pages.
fn whole_changelog(client: &Client, issue: &mut Value) -> Result<(), Diagnostic> {
    let Some(changelog) = issue.get("changelog") else {
        return Ok(());
    };
    let given = changelog
        .get("histories")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let total = changelog.get("total").and_then(Value::as_u64).unwrap_or(0);
    if total <= given as u64 {
        return Ok(());
    }
    let key = issue
        .get("key")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let path = format!("/rest/api/3/issue/{key}/changelog");
    let mut histories: Vec<Value> = Vec::new();
    loop {
        let query = [
            ("startAt", histories.len().to_string()),
            ("maxResults", PAGE.to_string()),
        ];
        let page = client.get_about(&format!("issue {key}"), &path, &query)?;
        let values = page
            .get("values")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                client.undocumented(&format!("GET {path}"), "no `values` list of changes")
            })?;
        histories.extend(values.iter().cloned());
        let last = page.get("isLast").and_then(Value::as_bool).unwrap_or(true);
        if last || values.is_empty() || histories.len() as u64 >= total {
            break;
        }
    }
    issue["changelog"] = serde_json::json!({
        "startAt": 0,
        "maxResults": histories.len(),
        "total": histories.len(),
        "histories": histories,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<Value> {
        serde_json::from_str(
            r#"[
              {"id": "summary", "name": "Summary", "custom": false, "schema": {"type": "string", "system": "summary"}},
              {"id": "customfield_10020", "name": "Sprint", "custom": true,
               "schema": {"type": "array", "items": "json", "custom": "com.pyxis.greenhopper.jira:gh-sprint", "customId": 10020}},
              {"id": "customfield_10016", "name": "Story point estimate", "custom": true,
               "schema": {"type": "number", "custom": "com.pyxis.greenhopper.jira:jsw-story-points", "customId": 10016}},
              {"id": "customfield_10026", "name": "Story Points", "custom": true,
               "schema": {"type": "number", "custom": "com.atlassian.jira.plugin.system.customfieldtypes:float", "customId": 10026}},
              {"id": "customfield_10030", "name": "Effort", "custom": true,
               "schema": {"type": "number", "custom": "com.atlassian.jira.plugin.system.customfieldtypes:float", "customId": 10030}}
            ]"#,
        )
        .unwrap()
    }

    fn picked(wanted: Option<&str>, estimation: Option<&str>) -> Result<(String, String), String> {
        pick_fields(&fields(), wanted, estimation)
            .map(|f| (f.points.id, f.sprint.id))
            .map_err(|d| d.message)
    }

    #[test]
    fn fields_are_found_by_type_or_named() {
        let sprint = "customfield_10020".to_string();
        assert_eq!(
            picked(None, None),
            Ok(("customfield_10016".into(), sprint.clone()))
        );
        assert_eq!(
            picked(None, Some("customfield_10030")),
            Ok(("customfield_10030".into(), sprint.clone()))
        );
        assert_eq!(
            picked(Some("story points"), Some("customfield_10030")),
            Ok(("customfield_10026".into(), sprint.clone()))
        );
        assert_eq!(
            picked(Some("customfield_10030"), None),
            Ok(("customfield_10030".into(), sprint))
        );
        assert_eq!(
            picked(Some("Size"), None),
            Err("Jira has no field `Size`".into())
        );
        let without_sprints: Vec<Value> = fields()
            .into_iter()
            .filter(|f| f["name"] != "Sprint")
            .collect();
        assert!(pick_fields(&without_sprints, None, None).is_err());
    }

    #[test]
    fn the_search_asks_for_the_sprints_issues_and_those_updated_since_the_first_began() {
        let page: Value = serde_json::from_str(
            r#"{"isLast": true, "values": [
              {"id": 102, "state": "closed", "name": "S2", "startDate": "2026-03-16T09:00:00.000Z"},
              {"id": 101, "state": "closed", "name": "S1", "startDate": "2026-03-02T09:00:00.000Z"},
              {"id": 104, "state": "future", "name": "S4"}
            ]}"#,
        )
        .unwrap();
        let pages = [(SourceFile::new("p", ""), page)];
        assert_eq!(
            search_jql(Some("10042"), &pages).as_deref(),
            Some(
                "filter = 10042 AND (sprint in (102, 101) OR updated >= \"2026-03-01\") ORDER BY key ASC"
            )
        );
        let future: Value =
            serde_json::from_str(r#"{"values": [{"id": 104, "state": "future"}]}"#).unwrap();
        assert_eq!(
            search_jql(None, &pages).as_deref(),
            Some("sprint in (102, 101) OR updated >= \"2026-03-01\" ORDER BY key ASC")
        );
        assert_eq!(
            search_jql(None, &[(SourceFile::new("p", ""), future)]),
            None
        );
    }
}
