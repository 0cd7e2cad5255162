//! `sync linear`: Linear's GraphQL API, as documented. The team by its key; its cycles; its
//! issues that are in a cycle or were updated since the first cycle began (taking an issue out
//! of a cycle updates it), each with its history of cycle, estimate and state changes. Every
//! list is a connection paged with `pageInfo { hasNextPage endCursor }`; an issue's history
//! longer than its first page is paged from the issue.
//!
//! The history is read by the same rules as Jira's changelog (`import::Changes`): when an
//! issue joined and left each cycle, its estimates and its status changes.

use serde_json::{Value, json};

use super::client::{Client, Service};
use super::settings::Settings;
use crate::diagnostics::Diagnostic;
use crate::import::Changes;
use crate::import::model::{Context, Estimate, Export, Item, Membership, Sprint, default_status};
use crate::import::time::Moment;
use crate::model::links::is_http_url;
use crate::model::{Date, ItemStatus};

const SERVICE: Service = Service {
    name: "Linear",
    credentials: "check LINEAR_API_KEY: a personal API key (Linear: Settings > Security & access > Personal API keys)",
    permission: "the key's user must be a member of the team (a private team shows only to its members)",
};

const TEAM: &str = "query Team($key: String!) {
  teams(filter: { key: { eq: $key } }) { nodes { id name key } }
}";

const CYCLES: &str = "query Cycles($team: String!, $after: String) {
  team(id: $team) {
    cycles(first: 50, after: $after) {
      nodes { id number name startsAt endsAt }
      pageInfo { hasNextPage endCursor }
    }
  }
}";

/// The fields of a history entry the sync reads.
const HISTORY: &str =
    "nodes { createdAt fromCycleId toCycleId fromEstimate toEstimate toState { name type } }
      pageInfo { hasNextPage endCursor }";

fn issues_query() -> String {
    format!(
        "query Issues($team: ID!, $since: DateTimeOrDuration!, $after: String) {{
  issues(first: 50, after: $after, includeArchived: true,
         filter: {{ team: {{ id: {{ eq: $team }} }}, or: [{{ cycle: {{ null: false }} }}, {{ updatedAt: {{ gte: $since }} }}] }}) {{
    nodes {{
      id identifier title url estimate createdAt startedAt completedAt canceledAt
      state {{ name type }}
      assignee {{ name }}
      project {{ name }}
      cycle {{ id }}
      history(first: 50) {{ {HISTORY} }}
    }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"
    )
}

fn history_query() -> String {
    format!(
        "query History($id: String!, $after: String) {{
  issue(id: $id) {{ history(first: 100, after: $after) {{ {HISTORY} }} }}
}}"
    )
}

pub fn read(
    settings: &Settings,
    authorization: String,
    context: &Context,
) -> Result<Export, Vec<Diagnostic>> {
    let key = &settings.team_key;
    let subject = format!("the Linear team `{key}`");
    let client =
        Client::new(&settings.url, authorization, SERVICE, subject.clone()).map_err(one)?;
    let teams = client.graphql(TEAM, json!({ "key": key })).map_err(one)?;
    let team = teams
        .pointer("/teams/nodes/0")
        .ok_or_else(|| {
            one(Diagnostic::error(format!("{subject} was not found")).with_hint(
                "the key is the prefix of the team's issue ids (ENG for ENG-12); the API key's user must see the team",
            ))
        })?
        .clone();
    let id = text(&team, "id").unwrap_or_default();
    let cycles: Vec<Cycle> = pages(&client, CYCLES, json!({ "team": id }), "/team/cycles")
        .map_err(one)?
        .iter()
        .filter_map(|c| cycle(c, context))
        .collect();
    let since = cycles.iter().map(|c| c.starts.clone()).min();
    let Some(since) = since else {
        return Ok(Export::default());
    };
    let variables = json!({ "team": id, "since": since });
    let issues = pages(&client, &issues_query(), variables, "/issues").map_err(one)?;
    let mut export = Export {
        team_name: text(&team, "name").map(str::to_string),
        ..Export::default()
    };
    for cycle in &cycles {
        export.sprint_index(cycle.sprint.clone());
    }
    for issue in &issues {
        let history = whole_history(&client, issue).map_err(one)?;
        read_issue(issue, &history, &cycles, context, &mut export);
    }
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

/// Every node of a connection at `path` of the query's data, page after page.
fn pages(
    client: &Client,
    query: &str,
    variables: Value,
    path: &str,
) -> Result<Vec<Value>, Diagnostic> {
    let mut nodes = Vec::new();
    let mut variables = variables;
    loop {
        let data = client.graphql(query, variables.clone())?;
        let connection = data.pointer(path).ok_or_else(|| {
            client.undocumented(
                &client.graphql_request(),
                &format!(
                    "no `{}` connection",
                    path.trim_start_matches('/').replace('/', ".")
                ),
            )
        })?;
        let (page, next) = connection_page(connection).ok_or_else(|| {
            client.undocumented(
                &client.graphql_request(),
                "a connection without `nodes` or `pageInfo`",
            )
        })?;
        nodes.extend(page);
        match next {
            Some(cursor) => variables["after"] = Value::from(cursor),
            None => return Ok(nodes),
        }
    }
}

/// A connection's nodes and the cursor of the next page, if there is one.
fn connection_page(connection: &Value) -> Option<(Vec<Value>, Option<String>)> {
    let nodes = connection.get("nodes")?.as_array()?.clone();
    let info = connection.get("pageInfo")?;
    let next = (info.get("hasNextPage")?.as_bool()? && !nodes.is_empty())
        .then(|| {
            info.get("endCursor")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .flatten();
    Some((nodes, next))
}

/// An issue's whole history: its first page, then the rest from the issue.
fn whole_history(client: &Client, issue: &Value) -> Result<Vec<Value>, Diagnostic> {
    let Some((mut nodes, next)) = issue.get("history").and_then(connection_page) else {
        return Ok(Vec::new());
    };
    if let Some(cursor) = next {
        let variables = json!({ "id": text(issue, "id").unwrap_or_default(), "after": cursor });
        nodes.extend(pages(
            client,
            &history_query(),
            variables,
            "/issue/history",
        )?);
    }
    Ok(nodes)
}

/// A cycle: its id, the sprint it is, and its start as Linear wrote it (for the search).
struct Cycle {
    id: String,
    starts: String,
    sprint: Sprint,
}

fn cycle(node: &Value, context: &Context) -> Option<Cycle> {
    let starts = text(node, "startsAt")?;
    let start = Moment::parse(starts)?.date(&context.tz);
    let end = Moment::parse(text(node, "endsAt")?)?.last_day_before(&context.tz);
    let number = node.get("number").and_then(Value::as_f64).map(|n| n as u32);
    let title = text(node, "name")
        .map(str::to_string)
        .or_else(|| number.map(|n| format!("Cycle {n}")))
        .unwrap_or_default();
    Some(Cycle {
        id: text(node, "id")?.to_string(),
        starts: starts.to_string(),
        sprint: Sprint {
            title,
            number,
            start,
            end,
            goal: None,
        },
    })
}

/// A workflow state as a status: `--status-map` on its name, else its type.
fn status(state: &Value, context: &Context) -> Option<ItemStatus> {
    let name = text(state, "name").unwrap_or_default();
    context
        .statuses
        .explicit(name)
        .or(match text(state, "type") {
            Some("started") => Some(ItemStatus::InProgress),
            Some("completed") => Some(ItemStatus::Done),
            Some("canceled") => Some(ItemStatus::Removed),
            Some("backlog" | "unstarted" | "triage") => Some(ItemStatus::Todo),
            _ => default_status(name),
        })
}

/// The issue's changes, oldest first, on the cycles' days.
fn changes(history: &[Value], cycles: &[Cycle], context: &Context) -> Changes {
    let dates = cycles
        .iter()
        .map(|c| Some((c.sprint.start, c.sprint.end)))
        .collect();
    let mut changes = Changes::new(dates);
    let mut entries: Vec<(jiff::Timestamp, &Value)> = history
        .iter()
        .filter_map(|h| match Moment::parse(text(h, "createdAt")?)? {
            Moment::Instant(t) => Some((t, h)),
            _ => None,
        })
        .collect();
    entries.sort_by_key(|(t, _)| *t);
    let index = |h: &Value, key: &str| -> Vec<usize> {
        text(h, key)
            .and_then(|id| cycles.iter().position(|c| c.id == id))
            .into_iter()
            .collect()
    };
    for (at, h) in entries {
        let day = Date(at.to_zoned(context.tz.clone()).date());
        let (from, to) = (text(h, "fromCycleId"), text(h, "toCycleId"));
        if from != to {
            changes.sprints_changed(day, &index(h, "fromCycleId"), &index(h, "toCycleId"));
        }
        let estimate = |key| h.get(key).and_then(Value::as_f64);
        if estimate("fromEstimate") != estimate("toEstimate") {
            changes.points_changed(day, estimate("fromEstimate"), estimate("toEstimate"));
        }
        if let Some(state) = h.get("toState").filter(|s| s.is_object()) {
            changes.status_changed(day, status(state, context));
        }
    }
    changes
}

/// Adds the issue to the export with its cycles, or records why it is not imported; an issue
/// never in a cycle is not sprint data and goes unmentioned.
fn read_issue(
    issue: &Value,
    history: &[Value],
    cycles: &[Cycle],
    context: &Context,
    export: &mut Export,
) {
    let Some(id) = text(issue, "identifier") else {
        return;
    };
    let changes = changes(history, cycles, context);
    let named: Vec<usize> = issue
        .pointer("/cycle/id")
        .and_then(Value::as_str)
        .and_then(|c| cycles.iter().position(|x| x.id == c))
        .into_iter()
        .collect();
    let stays = changes.memberships(&named);
    if stays.is_empty() {
        export.tracked.insert(id.to_string());
        return;
    }
    let mut item = match item(issue, id, context) {
        Ok((mut item, status)) => {
            changes.apply(&mut item, status);
            item
        }
        Err(reason) => return export.skip(format!("`{id}` (Linear)"), reason),
    };
    item.sprints = stays
        .into_iter()
        .map(|(c, joined, left)| Membership {
            sprint: export.sprint_index(cycles[c].sprint.clone()),
            joined,
            left,
        })
        .collect();
    item.sprints.sort_by_key(|m| export.sprints[m.sprint].start);
    export.tracked.insert(item.id.clone());
    export.items.push(item);
}

/// The issue as it is now, with its status; or why it is not imported.
fn item(issue: &Value, id: &str, context: &Context) -> Result<(Item, ItemStatus), String> {
    let state = issue.get("state").unwrap_or(&Value::Null);
    let Some(status) = status(state, context) else {
        let name = text(state, "name").unwrap_or_default();
        return Err(format!(
            "unknown status `{name}` (map it with --status-map \"{name}=in-progress\")"
        ));
    };
    let points = issue.get("estimate").and_then(Value::as_f64);
    let points = points.ok_or_else(|| "no estimate".to_string())?;
    let date = |key: &str| {
        text(issue, key)
            .and_then(Moment::parse)
            .map(|m| m.date(&context.tz))
    };
    let name = |key: &str| {
        issue
            .get(key)
            .and_then(|v| text(v, "name"))
            .map(str::to_string)
    };
    let item = Item {
        id: id.to_string(),
        title: text(issue, "title").unwrap_or_default().to_string(),
        epic: name("project"),
        owner: name("assignee"),
        points: Estimate::fixed(points),
        created: date("createdAt"),
        started: date("startedAt").filter(|_| status != ItemStatus::Todo),
        in_progress: status == ItemStatus::InProgress,
        done: date("completedAt").filter(|_| status == ItemStatus::Done),
        cancelled: date("canceledAt").filter(|_| status == ItemStatus::Removed),
        origin: "Linear".to_string(),
        url: text(issue, "url")
            .filter(|u| is_http_url(u))
            .map(str::to_string),
        ..Item::default()
    };
    Ok((item, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context {
            statuses: Default::default(),
            points_field: None,
            tz: crate::import::zone("Europe/Berlin").unwrap(),
            as_of: Date::new(2026, 4, 3).unwrap(),
        }
    }

    #[test]
    fn a_cycle_ends_the_day_before_its_end_at_midnight_in_the_teams_zone() {
        let c = cycle(
            &json!({"id": "c", "number": 12, "name": null, "startsAt": "2026-03-15T23:00:00.000Z", "endsAt": "2026-03-29T22:00:00.000Z"}),
            &context(),
        )
        .unwrap();
        assert_eq!(c.sprint.title, "Cycle 12");
        assert_eq!(
            (c.sprint.start.to_string(), c.sprint.end.to_string()),
            ("2026-03-16".into(), "2026-03-29".into())
        );
    }

    #[test]
    fn states_read_by_their_type_unless_mapped() {
        let mut context = context();
        let state = |name: &str, kind: &str| json!({"name": name, "type": kind});
        assert_eq!(
            status(&state("In Review", "started"), &context),
            Some(ItemStatus::InProgress)
        );
        assert_eq!(
            status(&state("Duplicate", "canceled"), &context),
            Some(ItemStatus::Removed)
        );
        assert_eq!(
            status(&state("Triage", "triage"), &context),
            Some(ItemStatus::Todo)
        );
        context.statuses.explicit = vec![("In Review".into(), ItemStatus::Done)];
        assert_eq!(
            status(&state("In Review", "started"), &context),
            Some(ItemStatus::Done)
        );
    }

    #[test]
    fn pages_follow_the_cursor_while_there_is_a_next_page() {
        let page = json!({"nodes": [1, 2], "pageInfo": {"hasNextPage": true, "endCursor": "c2"}});
        assert_eq!(
            connection_page(&page),
            Some((vec![json!(1), json!(2)], Some("c2".into())))
        );
        let last = json!({"nodes": [3], "pageInfo": {"hasNextPage": false, "endCursor": "c3"}});
        assert_eq!(connection_page(&last), Some((vec![json!(3)], None)));
        assert_eq!(connection_page(&json!({"nodes": []})), None);
    }
}
