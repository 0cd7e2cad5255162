//! GitHub Projects: `gh project item-list N --owner O --format json -L 1000`, plus optionally
//! `gh issue list --state all --json number,closedAt,createdAt,assignees --limit 1000` per
//! repository for the dates and owners the item list lacks.
//!
//! `gh` writes each field of an item under the field's name with its first letter lowercased
//! (`Story Points` → `story Points`): an iteration as `{title, startDate, duration}`, a number
//! field as a number. Issues and pull requests are `repo#N`; draft issues keep the project
//! item's id.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::inputs::{Input, Shape, cannot_place, json_error, text};
use super::model::{Context, Estimate, Export, Item, Membership, Sprint, unknown_status};
use super::time::{EXPECTED, Moment};
use crate::diagnostics::Diagnostic;
use crate::model::links::is_http_url;
use crate::model::{Date, ItemStatus, SourceFile};

const READS: &str = "the project's items (gh project item-list N --owner O --format json -L 1000) \
and, optionally, each repository's issues (gh issue list --state all --json \
number,closedAt,createdAt,assignees,url --limit 1000)";

/// What an issue list says about one issue.
#[derive(Default)]
struct Details {
    created: Option<Date>,
    closed: Option<Date>,
    owner: Option<String>,
}

/// Issue details by repository (`owner/repo`, or `None` for a list without URLs) and number.
type IssueDetails = BTreeMap<(Option<String>, u64), Details>;

pub fn read(inputs: &[Input], context: &Context) -> Result<Export, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (mut projects, mut lists) = (Vec::new(), Vec::new());
    for input in inputs {
        match &input.shape {
            Shape::GithubItems(value) => projects.push((&input.file, value)),
            Shape::GithubIssues(value) => lists.push((&input.file, value)),
            _ => problems.push(cannot_place(input, "GitHub Projects", READS)),
        }
    }
    if projects.is_empty() {
        problems.push(
            Diagnostic::error("a GitHub Projects import needs the project's items")
                .with_hint(format!("a GitHub Projects import reads {READS}")),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut details = IssueDetails::new();
    for (file, value) in &lists {
        read_issues(file, value, context, &mut details).map_err(|d| vec![d])?;
    }
    let mut export = Export::default();
    for (file, value) in projects {
        read_items(
            file,
            value,
            context,
            &details,
            !lists.is_empty(),
            &mut export,
        )
        .map_err(|d| vec![d])?;
    }
    Ok(export)
}

fn read_issues(
    file: &SourceFile,
    value: &Value,
    context: &Context,
    details: &mut IssueDetails,
) -> Result<(), Diagnostic> {
    for issue in value.as_array().into_iter().flatten() {
        let Some(number) = issue.get("number").and_then(Value::as_u64) else {
            continue;
        };
        let repository = text(issue, "url").and_then(repository_of_url);
        let date = |key: &str| -> Result<Option<Date>, Diagnostic> {
            let Some(value) = text(issue, key) else {
                return Ok(None);
            };
            Moment::parse(value)
                .map(|m| Some(m.date(&context.tz)))
                .ok_or_else(|| {
                    json_error(
                        file,
                        value,
                        format!("the `{key}` of issue #{number} is not a time; {EXPECTED}"),
                    )
                })
        };
        let owner = issue
            .get("assignees")
            .and_then(|a| a.get(0))
            .and_then(|a| text(a, "login"))
            .map(str::to_string);
        let found = Details {
            created: date("createdAt")?,
            closed: date("closedAt")?,
            owner,
        };
        details.insert((repository, number), found);
    }
    Ok(())
}

/// `owner/repo` from `https://github.com/owner/repo/issues/12`.
fn repository_of_url(url: &str) -> Option<String> {
    let path = url
        .split("://")
        .nth(1)?
        .split('/')
        .skip(1)
        .take(2)
        .collect::<Vec<_>>();
    (path.len() == 2).then(|| path.join("/"))
}

/// The keys of the item fields the import reads: the iteration and the points.
struct Keys {
    iteration: String,
    points: String,
}

fn keys(file: &SourceFile, items: &[Value], context: &Context) -> Result<Keys, Diagnostic> {
    let mut iterations = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for item in items {
        for (key, value) in item.as_object().into_iter().flatten() {
            if value.get("startDate").is_some() && value.get("duration").is_some() {
                iterations.insert(key.clone());
            } else if value.is_number() {
                numbers.insert(key.clone());
            }
        }
    }
    let pick = |found: &BTreeSet<String>, preferred: &[&str]| -> Option<String> {
        preferred
            .iter()
            .find(|p| found.contains(**p))
            .map(|p| p.to_string())
            .or_else(|| {
                (found.len() == 1)
                    .then(|| found.iter().next().cloned())
                    .flatten()
            })
    };
    let list = |found: &BTreeSet<String>| {
        found
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let iteration = pick(&iterations, &["sprint", "iteration"]).ok_or_else(|| {
        Diagnostic::error(match iterations.len() {
            0 => "the project's items have no iteration field".to_string(),
            _ => format!(
                "the project has several iteration fields ({})",
                list(&iterations)
            ),
        })
        .in_file(file.path.clone())
        .with_hint(
            "sprints come from an iteration field named `Sprint` or `Iteration`, or the only one",
        )
    })?;
    let points = match &context.points_field {
        Some(name) => Some(camel_case(name)),
        None => pick(
            &numbers,
            &["estimate", "storyPoints", "story Points", "points", "size"],
        ),
    };
    let points = points.ok_or_else(|| {
        Diagnostic::error(match numbers.len() {
            0 => "the project's items have no number field for the points".to_string(),
            _ => format!("the project has several number fields ({})", list(&numbers)),
        })
        .in_file(file.path.clone())
        .with_hint(
            "name the field holding the points with --points-field, e.g. --points-field Estimate",
        )
    })?;
    Ok(Keys { iteration, points })
}

/// A field's key in gh's JSON: its name with the first letter lowercased.
fn camel_case(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Reads one project's items.
struct ItemReader<'a> {
    file: &'a SourceFile,
    context: &'a Context,
    details: &'a IssueDetails,
    have_issues: bool,
    keys: Keys,
    repositories: BTreeSet<&'a str>,
}

fn read_items(
    file: &SourceFile,
    value: &Value,
    context: &Context,
    details: &IssueDetails,
    have_issues: bool,
    export: &mut Export,
) -> Result<(), Diagnostic> {
    let items: &[Value] = value
        .get("items")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let reader = ItemReader {
        file,
        context,
        details,
        have_issues,
        keys: keys(file, items, context)?,
        repositories: items
            .iter()
            .filter_map(|i| i.get("content").and_then(|c| text(c, "repository")))
            .collect(),
    };
    for (index, item) in items.iter().enumerate() {
        reader.item(index, item, export)?;
    }
    Ok(())
}

impl ItemReader<'_> {
    /// Adds one item to the export, or records why it is skipped.
    fn item(&self, index: usize, item: &Value, export: &mut Export) -> Result<(), Diagnostic> {
        let origin = format!("{} item {}", self.file.path, index + 1);
        let id = item_id(item, &self.repositories);
        let what = format!("`{id}` ({origin})");
        let Some(iteration) = item.get(&self.keys.iteration).filter(|v| v.is_object()) else {
            export.skip(what, "no iteration");
            return Ok(());
        };
        let sprint = iteration_sprint(self.file, iteration)?;
        let Some(points) = item.get(&self.keys.points).and_then(Value::as_f64) else {
            export.skip(what, "no estimate");
            return Ok(());
        };
        let status_name = text(item, "status").unwrap_or("Todo");
        let Some(status) = self.context.statuses.resolve(status_name) else {
            export.skip(what, unknown_status(status_name));
            return Ok(());
        };
        let found = issue_details(item, &self.repositories, self.details);
        let closed = found.and_then(|d| d.closed).or_else(|| {
            matches!(status, ItemStatus::Done | ItemStatus::Removed)
                .then(|| self.assumed_close(item, &id, &sprint, export))
        });
        let owner = item
            .get("assignees")
            .and_then(|a| a.get(0))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| found.and_then(|d| d.owner.clone()));
        let title = item.get("content").and_then(|c| text(c, "title"));
        // An issue's or a pull request's page; a draft has none.
        let url = item
            .get("content")
            .and_then(|c| text(c, "url"))
            .filter(|u| is_http_url(u))
            .map(str::to_string);
        let title = title
            .or(text(item, "title"))
            .unwrap_or_default()
            .to_string();
        let sprint = export.sprint_index(sprint);
        export.items.push(Item {
            id,
            title,
            owner,
            points: Estimate::fixed(points),
            created: found.and_then(|d| d.created),
            in_progress: status == ItemStatus::InProgress,
            done: closed.filter(|_| status == ItemStatus::Done),
            cancelled: closed.filter(|_| status == ItemStatus::Removed),
            sprints: vec![Membership {
                sprint,
                joined: None,
                left: None,
            }],
            origin,
            url,
            ..Item::default()
        });
        Ok(())
    }

    /// A closed item without a close date: the iteration's last day (or the as-of date, if
    /// earlier), with a warning saying so.
    fn assumed_close(&self, item: &Value, id: &str, sprint: &Sprint, export: &mut Export) -> Date {
        let day = sprint.end.min(self.context.as_of);
        export.warnings.push(
            Diagnostic::warning(format!(
                "`{id}` has no close date: taken as closed on {day}, the iteration's last day"
            ))
            .in_file(self.file.path.clone())
            .with_hint(close_date_hint(item, self.have_issues)),
        );
        day
    }
}

/// How to get the close date an item lacks.
fn close_date_hint(item: &Value, have_issues: bool) -> &'static str {
    let pull = item.get("content").and_then(|c| text(c, "type")) == Some("PullRequest");
    match (pull, have_issues) {
        (true, _) => {
            "pass the repository's pull requests too (gh pr list --state all --json number,closedAt,createdAt,assignees,url --limit 1000)"
        }
        (false, true) => "the issue lists given do not have it",
        (false, false) => {
            "pass each repository's issues (gh issue list --state all --json number,closedAt,createdAt,assignees,url --limit 1000)"
        }
    }
}

fn iteration_sprint(file: &SourceFile, iteration: &Value) -> Result<Sprint, Diagnostic> {
    let title = text(iteration, "title").unwrap_or_default().to_string();
    let start_text = text(iteration, "startDate").unwrap_or_default();
    let start = Moment::parse(start_text).map(|m| Date(m.date(&jiff::tz::TimeZone::UTC).0));
    let start = start.ok_or_else(|| {
        json_error(file, start_text, format!("the iteration `{title}` has no valid start date (`{start_text}`); expected a date such as 2026-04-13"))
    })?;
    let duration = iteration
        .get("duration")
        .and_then(Value::as_i64)
        .unwrap_or(0)
        .max(1);
    Ok(Sprint {
        title,
        number: None,
        start,
        end: start.add_days(duration - 1),
        goal: None,
    })
}

/// `repo#12` for issues and pull requests (`owner/repo#12` when two owners' repositories
/// share a name), the project item's id for drafts.
fn item_id(item: &Value, repositories: &BTreeSet<&str>) -> String {
    let content = item.get("content");
    let number = content
        .and_then(|c| c.get("number"))
        .and_then(Value::as_u64);
    let repository = content.and_then(|c| text(c, "repository"));
    let id = text(item, "id").unwrap_or_default();
    item_key(repository.zip(number), id, repositories)
}

/// An item's id from its repository (`owner/repo`) and number, else the project item's id
/// `id`, given every repository of the project: `repo#12`, or `owner/repo#12` when two
/// owners' repositories share a name. `sync github` names items the same way.
pub fn item_key(issue: Option<(&str, u64)>, id: &str, repositories: &BTreeSet<&str>) -> String {
    match issue {
        Some((full, number)) => {
            let short = full.rsplit('/').next().unwrap_or(full);
            let shared = repositories
                .iter()
                .filter(|r| r.rsplit('/').next() == Some(short))
                .count()
                > 1;
            format!("{}#{number}", if shared { full } else { short })
        }
        None => id.to_string(),
    }
}

fn issue_details<'a>(
    item: &Value,
    repositories: &BTreeSet<&str>,
    details: &'a IssueDetails,
) -> Option<&'a Details> {
    let content = item.get("content")?;
    let number = content.get("number").and_then(Value::as_u64)?;
    let repository = text(content, "repository").map(str::to_string);
    details.get(&(repository, number)).or_else(|| {
        // A list without URLs belongs to the project's only repository.
        (repositories.len() == 1)
            .then(|| details.get(&(None, number)))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The iteration and points keys found in `items`, or the error's message.
    fn picked(items: Value) -> Result<(String, String), String> {
        let context = Context {
            statuses: Default::default(),
            points_field: None,
            tz: jiff::tz::TimeZone::UTC,
            as_of: Date::new(2026, 3, 1).expect("a date"),
        };
        let file = SourceFile::new("items.json", "");
        let items = items.as_array().cloned().unwrap_or_default();
        keys(&file, &items, &context)
            .map(|k| (k.iteration, k.points))
            .map_err(|d| d.message)
    }

    #[test]
    fn the_iteration_and_points_fields_are_found_by_name_or_as_the_only_one() {
        let iteration = serde_json::json!({"startDate": "2026-03-02", "duration": 14});
        let item = |fields: Value| serde_json::json!([fields]);
        // Preferred names win over others; the only field of its kind is taken.
        assert_eq!(
            picked(item(serde_json::json!({
                "sprint": iteration, "cadence": iteration, "estimate": 3, "rank": 1
            }))),
            Ok(("sprint".into(), "estimate".into()))
        );
        assert_eq!(
            picked(item(serde_json::json!({"cadence": iteration, "weight": 2}))),
            Ok(("cadence".into(), "weight".into()))
        );
        // An object with a start date but no duration is not an iteration.
        assert_eq!(
            picked(item(serde_json::json!({
                "cadence": iteration, "milestone": {"startDate": "2026-03-02"}, "weight": 2
            }))),
            Ok(("cadence".into(), "weight".into()))
        );
        assert_eq!(
            picked(item(
                serde_json::json!({"a": iteration, "b": iteration, "weight": 2})
            )),
            Err("the project has several iteration fields (`a`, `b`)".into())
        );
        assert_eq!(
            picked(item(serde_json::json!({"weight": 2}))),
            Err("the project's items have no iteration field".into())
        );
        assert_eq!(
            picked(item(
                serde_json::json!({"cadence": iteration, "x": 1, "y": 2})
            )),
            Err("the project has several number fields (`x`, `y`)".into())
        );
        assert_eq!(
            picked(item(
                serde_json::json!({"cadence": iteration, "title": "T"})
            )),
            Err("the project's items have no number field for the points".into())
        );
    }

    #[test]
    fn ids_name_the_owner_only_when_two_repositories_share_a_name() {
        let issue = |repository: &str| serde_json::json!({"id": "PVTI_1", "content": {"number": 12, "repository": repository}});
        let one: BTreeSet<&str> = ["acme/web", "acme/api"].into();
        let two: BTreeSet<&str> = ["acme/web", "other/web"].into();
        assert_eq!(item_id(&issue("acme/web"), &one), "web#12");
        assert_eq!(item_id(&issue("acme/web"), &two), "acme/web#12");
        let draft = serde_json::json!({"id": "PVTI_2", "content": {"title": "Draft"}});
        assert_eq!(item_id(&draft, &one), "PVTI_2");
    }

    #[test]
    fn a_list_without_urls_belongs_to_the_only_repository() {
        let details = |owner: &str| Details {
            created: None,
            closed: None,
            owner: Some(owner.into()),
        };
        let mut lists = IssueDetails::new();
        lists.insert((None, 12), details("ada"));
        lists.insert((Some("acme/api".into()), 7), details("bo"));
        let item = |repository: &str, number: u64| serde_json::json!({"content": {"number": number, "repository": repository}});
        let owner = |item: Value, repositories: &BTreeSet<&str>| {
            issue_details(&item, repositories, &lists).and_then(|d| d.owner.clone())
        };
        let only: BTreeSet<&str> = ["acme/web"].into();
        let both: BTreeSet<&str> = ["acme/web", "acme/api"].into();
        assert_eq!(owner(item("acme/web", 12), &only).as_deref(), Some("ada"));
        assert_eq!(owner(item("acme/web", 12), &both), None);
        assert_eq!(owner(item("acme/api", 7), &both).as_deref(), Some("bo"));
    }

    #[test]
    fn field_keys_and_repositories() {
        assert_eq!(super::camel_case("Story Points"), "story Points");
        assert_eq!(super::camel_case("Estimate"), "estimate");
        assert_eq!(
            super::repository_of_url("https://github.com/acme/web/issues/12").as_deref(),
            Some("acme/web")
        );
    }
}
