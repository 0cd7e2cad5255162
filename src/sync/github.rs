//! `sync github`: a GitHub project (Projects, `projectV2`) through GitHub's GraphQL API, as
//! documented: the owner's kind (`repositoryOwner`), then the project's fields (the iteration
//! field with its iterations, the number fields, the status field) and its items with their
//! field values and their issue's or pull request's `closedAt`, paged with `pageInfo`.
//!
//! GitHub keeps no history of a project's fields, so the sprint files are the history: each
//! sync compares the project with them and dates what changed since (an item that joined or
//! left an iteration, a re-estimate, a start, a reopen) on the day of the sync
//! (`records.rs`). A daily sync builds the history from its first day on.

mod records;

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::client::{Client, Service};
use super::settings::Settings;
use crate::diagnostics::Diagnostic;
use crate::import::model::{Context, Export, Sprint};
use crate::import::time::Moment;
use crate::model::links::is_http_url;
use crate::model::{Date, ItemStatus, Team};

const SERVICE: Service = Service {
    name: "GitHub",
    credentials: "check GITHUB_TOKEN (or GH_TOKEN): a token with the `read:project` scope; the token a workflow gets cannot read an organisation's projects, so give the workflow one of yours as a secret",
    permission: "the token needs the `read:project` scope (and `repo` for the items of private repositories)",
};

const OWNER: &str =
    "query Owner($owner: String!) { repositoryOwner(login: $owner) { __typename } }";

/// The project's fields and a page of its items; `OWNER_KIND` is `organization` or `user`.
const PROJECT: &str = "query Project($owner: String!, $number: Int!, $after: String) {
  OWNER_KIND(login: $owner) {
    projectV2(number: $number) {
      title
      fields(first: 50) {
        nodes {
          ... on ProjectV2FieldCommon { name dataType }
          ... on ProjectV2IterationField {
            configuration {
              iterations { id title startDate duration }
              completedIterations { id title startDate duration }
            }
          }
        }
      }
      items(first: 100, after: $after) {
        nodes {
          id
          isArchived
          fieldValues(first: 50) {
            nodes {
              ... on ProjectV2ItemFieldIterationValue { iterationId field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldSingleSelectValue { name field { ... on ProjectV2FieldCommon { name } } }
            }
          }
          content {
            __typename
            ... on DraftIssue { title createdAt assignees(first: 1) { nodes { login } } }
            ... on Issue { number title url createdAt closedAt repository { nameWithOwner } assignees(first: 1) { nodes { login } } }
            ... on PullRequest { number title url createdAt closedAt repository { nameWithOwner } assignees(first: 1) { nodes { login } } }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}";

/// One project item as the project shows it today.
#[derive(Clone, Debug)]
pub struct Now {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub created: Option<Date>,
    pub closed: Option<Date>,
    pub status: ItemStatus,
    pub points: Option<f64>,
    /// Index into the iterations.
    pub iteration: Option<usize>,
    /// The issue's or pull request's page (a draft has none).
    pub url: Option<String>,
}

pub fn read(
    settings: &Settings,
    authorization: String,
    team: Option<&Team>,
    context: &Context,
) -> Result<Export, Vec<Diagnostic>> {
    let (owner, number) = &settings.project;
    let subject = format!("the project {owner}/{number}");
    let client =
        Client::new(&settings.url, authorization, SERVICE, subject.clone()).map_err(one)?;
    let kind = client
        .graphql(OWNER, json!({ "owner": owner }))
        .map_err(one)?
        .pointer("/repositoryOwner/__typename")
        .and_then(Value::as_str)
        .map(str::to_string);
    let field = match kind.as_deref() {
        Some("Organization") => "organization",
        Some("User") => "user",
        _ => {
            return Err(one(Diagnostic::error(format!(
                "{subject} was not found: GitHub has no user or organisation `{owner}`"
            ))));
        }
    };
    let query = PROJECT.replace("OWNER_KIND", field);
    let variables = json!({ "owner": owner, "number": number });
    let (project, items) = project_pages(&client, &query, variables, field).map_err(one)?;
    let fields = Fields::of(&project, settings).map_err(one)?;
    let mut export = Export::default();
    let (nows, unknown) = read_items(&items, &fields, context, &mut export);
    records::reconcile(
        &nows,
        &unknown,
        &fields.iterations,
        team,
        context,
        &mut export,
    );
    Ok(export)
}

fn one(d: Diagnostic) -> Vec<Diagnostic> {
    vec![d]
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The project (as the first page has it) and every item of every page.
fn project_pages(
    client: &Client,
    query: &str,
    mut variables: Value,
    owner_field: &str,
) -> Result<(Value, Vec<Value>), Diagnostic> {
    let mut items = Vec::new();
    let mut first: Option<Value> = None;
    loop {
        let data = client.graphql(query, variables.clone())?;
        let project = data
            .pointer(&format!("/{owner_field}/projectV2"))
            .filter(|p| p.is_object())
            .ok_or_else(|| client.undocumented(&client.graphql_request(), "no `projectV2`"))?;
        let page = project.pointer("/items/nodes").and_then(Value::as_array);
        let info = project.pointer("/items/pageInfo");
        let (Some(page), Some(info)) = (page, info) else {
            return Err(client.undocumented(
                &client.graphql_request(),
                "project items without `nodes` or `pageInfo`",
            ));
        };
        items.extend(page.iter().cloned());
        let next =
            info.get("hasNextPage").and_then(Value::as_bool) == Some(true) && !page.is_empty();
        let cursor = info
            .get("endCursor")
            .and_then(Value::as_str)
            .map(str::to_string);
        first.get_or_insert_with(|| project.clone());
        match cursor.filter(|_| next) {
            Some(cursor) => variables["after"] = Value::from(cursor),
            None => return Ok((first.unwrap_or_default(), items)),
        }
    }
}

/// The fields the sync reads, by name, and the iterations of the iteration field.
struct Fields {
    iteration: String,
    points: String,
    status: String,
    iterations: Vec<Iteration>,
}

/// One iteration of the iteration field: its id and the sprint it is.
#[derive(Clone, Debug)]
pub struct Iteration {
    pub id: String,
    pub sprint: Sprint,
}

impl Fields {
    fn of(project: &Value, settings: &Settings) -> Result<Fields, Diagnostic> {
        let nodes: Vec<&Value> = project
            .pointer("/fields/nodes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        let of_type = |kind: &str| -> Vec<&Value> {
            nodes
                .iter()
                .copied()
                .filter(|f| text(f, "dataType") == Some(kind))
                .collect()
        };
        let iterations = of_type("ITERATION");
        let iteration = pick(
            &iterations,
            settings.iteration_field.as_deref(),
            &["Sprint", "Iteration"],
            "iteration",
            "--iteration-field",
        )?;
        let numbers = of_type("NUMBER");
        let points = pick(
            &numbers,
            settings.points_field.as_deref(),
            &["Estimate", "Story Points", "Points", "Size"],
            "number",
            "--points-field",
        )?;
        let status = settings
            .status_field
            .clone()
            .unwrap_or_else(|| "Status".into());
        let configuration = iterations
            .iter()
            .find(|f| text(f, "name") == Some(iteration.as_str()))
            .and_then(|f| f.get("configuration"));
        let iterations = ["iterations", "completedIterations"]
            .iter()
            .filter_map(|list| {
                configuration
                    .and_then(|c| c.get(*list))
                    .and_then(Value::as_array)
            })
            .flatten()
            .filter_map(iteration_of)
            .collect();
        Ok(Fields {
            iteration,
            points,
            status,
            iterations,
        })
    }
}

/// The field named `wanted`, else the first of `preferred`, else the only one (names compare
/// ignoring case); an error listing them otherwise.
fn pick(
    fields: &[&Value],
    wanted: Option<&str>,
    preferred: &[&str],
    kind: &str,
    flag: &str,
) -> Result<String, Diagnostic> {
    let names: Vec<&str> = fields.iter().filter_map(|f| text(f, "name")).collect();
    let find = |name: &str| {
        names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(|n| n.to_string())
    };
    let found = match wanted {
        Some(name) => find(name),
        None => preferred
            .iter()
            .find_map(|p| find(p))
            .or_else(|| (names.len() == 1).then(|| names[0].to_string())),
    };
    found.ok_or_else(|| {
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let message = match (wanted, names.len()) {
            (Some(name), _) => format!("the project has no {kind} field `{name}`"),
            (None, 0) => format!("the project has no {kind} field"),
            (None, _) => format!(
                "the project has several {kind} fields ({})",
                listed.join(", ")
            ),
        };
        Diagnostic::error(message).with_hint(format!(
            "name the one to read with {flag} (its {kind} fields: {})",
            if listed.is_empty() {
                "none".into()
            } else {
                listed.join(", ")
            }
        ))
    })
}

/// `{ id, title, startDate, duration }` as a sprint: from the start day for `duration` days.
fn iteration_of(value: &Value) -> Option<Iteration> {
    let start = match Moment::parse(text(value, "startDate")?)? {
        Moment::Day(day) => Date(day),
        _ => return None,
    };
    let duration = value.get("duration").and_then(Value::as_i64)?.max(1);
    Some(Iteration {
        id: text(value, "id")?.to_string(),
        sprint: Sprint {
            title: text(value, "title").unwrap_or_default().to_string(),
            number: None,
            start,
            end: start.add_days(duration - 1),
            goal: None,
        },
    })
}

/// The project's items as they are today, archived ones left out (the project hides them).
/// An item with a status no one maps is recorded as skipped, and its ids come back apart: the
/// sync leaves its sprint files as they are.
fn read_items(
    items: &[Value],
    fields: &Fields,
    context: &Context,
    export: &mut Export,
) -> (Vec<Now>, BTreeSet<String>) {
    let repositories: BTreeSet<&str> = items
        .iter()
        .filter_map(|i| {
            i.pointer("/content/repository/nameWithOwner")
                .and_then(Value::as_str)
        })
        .collect();
    let mut nows = Vec::new();
    let mut unknown = BTreeSet::new();
    for item in items
        .iter()
        .filter(|i| i.get("isArchived") != Some(&Value::Bool(true)))
    {
        let content = item.get("content").unwrap_or(&Value::Null);
        let issue = content
            .pointer("/repository/nameWithOwner")
            .and_then(Value::as_str)
            .zip(content.get("number").and_then(Value::as_u64));
        let id = text(item, "id").unwrap_or_default();
        let id = crate::import::github_item_key(issue, id, &repositories);
        match now_of(id, item, content, fields, context) {
            Ok(now) => nows.push(now),
            Err((id, reason)) => {
                export.skip(format!("`{id}` (GitHub project item)"), reason);
                unknown.insert(id);
            }
        }
    }
    (nows, unknown)
}

/// One item's fields, or its id and why it cannot be read (a status no one maps).
fn now_of(
    id: String,
    item: &Value,
    content: &Value,
    fields: &Fields,
    context: &Context,
) -> Result<Now, (String, String)> {
    let values: Vec<&Value> = item
        .pointer("/fieldValues/nodes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let value = |name: &str| {
        values
            .iter()
            .copied()
            .find(|v| v.pointer("/field/name").and_then(Value::as_str) == Some(name))
    };
    let status_name = value(&fields.status)
        .and_then(|v| text(v, "name"))
        .unwrap_or("Todo");
    let Some(status) = context.statuses.resolve(status_name) else {
        let reason = format!(
            "unknown status `{status_name}` (map it with --status-map \"{status_name}=in-progress\")"
        );
        return Err((id, reason));
    };
    let date = |key: &str| {
        text(content, key)
            .and_then(Moment::parse)
            .map(|m| m.date(&context.tz))
    };
    Ok(Now {
        id,
        title: text(content, "title").unwrap_or_default().to_string(),
        owner: content
            .pointer("/assignees/nodes/0/login")
            .and_then(Value::as_str)
            .map(str::to_string),
        created: date("createdAt"),
        closed: date("closedAt"),
        url: text(content, "url")
            .filter(|u| is_http_url(u))
            .map(str::to_string),
        status,
        points: value(&fields.points)
            .and_then(|v| v.get("number"))
            .and_then(Value::as_f64),
        iteration: value(&fields.iteration)
            .and_then(|v| text(v, "iterationId"))
            .and_then(|i| fields.iterations.iter().position(|x| x.id == i)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_or_preferred_or_the_only_one() {
        let field = |name: &str| json!({"name": name, "dataType": "NUMBER"});
        let (a, b, estimate) = (field("Rank"), field("Effort"), field("estimate"));
        let picked = |fields: &[&Value], wanted| {
            pick(
                fields,
                wanted,
                &["Estimate", "Size"],
                "number",
                "--points-field",
            )
            .map_err(|d| d.message)
        };
        assert_eq!(picked(&[&a, &estimate], None), Ok("estimate".into()));
        assert_eq!(picked(&[&b], None), Ok("Effort".into()));
        assert_eq!(picked(&[&a, &b], Some("effort")), Ok("Effort".into()));
        assert_eq!(
            picked(&[&a, &b], None),
            Err("the project has several number fields (`Rank`, `Effort`)".into())
        );
        assert_eq!(
            picked(&[], None),
            Err("the project has no number field".into())
        );
        assert_eq!(
            picked(&[&a], Some("Size")),
            Err("the project has no number field `Size`".into())
        );
    }

    #[test]
    fn an_iteration_runs_from_its_start_for_its_duration() {
        let i = iteration_of(
            &json!({"id": "it1", "title": "Sprint 4", "startDate": "2026-04-13", "duration": 14}),
        )
        .unwrap();
        assert_eq!(
            (i.sprint.start.to_string(), i.sprint.end.to_string()),
            ("2026-04-13".into(), "2026-04-26".into())
        );
        assert!(iteration_of(&json!({"id": "x", "startDate": "soon", "duration": 14})).is_none());
    }
}
