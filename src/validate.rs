//! Checks that need more than one value: dates against each other and the as-of date, ids
//! against each other, totals against items. Each diagnostic points at the offending value.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use crate::diagnostics::Diagnostic;
use crate::markdown::is_safe_url;
use crate::metrics::calendar::Calendar;
use crate::model::{Date, ItemStatus, Site, SourceFile, Sprint, Team};

/// Longer sprints are almost always a mistyped year, and would make every chart and series
/// as long as the typo.
pub const MAX_SPRINT_DAYS: i64 = 120;

/// More points than this in one value is a typo, and would flatten every chart.
pub const MAX_POINTS: f64 = 100_000.0;

/// Points must be finite, not negative and plausible.
fn check_points(file: &SourceFile, value: &Spanned<f64>, what: &str) -> Option<Diagnostic> {
    let points = *value.get_ref();
    let problem = if !points.is_finite() {
        "points that are not a number"
    } else if points < 0.0 {
        "negative points"
    } else if points > MAX_POINTS {
        "implausibly many points"
    } else {
        return None;
    };
    let shown = if points.abs() >= 1e6 {
        format!("{points:e}")
    } else {
        points.to_string()
    };
    Some(
        Diagnostic::error(format!("{what} has {problem} ({shown})"))
            .at(file, value.span())
            .with_hint(format!(
                "points are numbers from 0 to {MAX_POINTS}, such as 3 or 0.5"
            )),
    )
}

/// All problems of a loaded site, errors and warnings.
pub fn validate(site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let site_calendar = Calendar::default().overlay(&site.config.calendar);
    for team in &site.teams {
        validate_team(site, team, &site_calendar, as_of, &mut out);
    }
    validate_pages(site, &mut out);
    out
}

/// The problems of one team, after an edit to one of its files (`serve`).
pub fn validate_one_team(site: &Site, team: &Team, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let site_calendar = Calendar::default().overlay(&site.config.calendar);
    validate_team(site, team, &site_calendar, as_of, &mut out);
    out
}

/// A free page must not take the URL of a sprint, a team or the site's own folders.
fn validate_pages(site: &Site, out: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        let file = &site.sources[page.file];
        let taken = match &page.team {
            Some(team) => site
                .teams
                .iter()
                .find(|t| &t.slug == team)
                .and_then(|t| t.sprints.iter().find(|s| s.slug == page.slug))
                .map(|s| format!("the sprint `{}`", site.sources[s.file].path)),
            None => site
                .teams
                .iter()
                .find(|t| t.slug == page.slug)
                .map(|t| format!("the team `content/{}`", t.slug))
                .or_else(|| {
                    (page.slug == "data").then(|| "the JSON export folder `data/`".to_string())
                }),
        };
        if let Some(taken) = taken {
            out.push(
                Diagnostic::error(format!(
                    "the page `{}` would have the same URL as {taken}",
                    file.path
                ))
                .in_file(file.path.clone())
                .with_hint("rename the Markdown file"),
            );
        }
    }
}

fn validate_team(
    site: &Site,
    team: &Team,
    site_calendar: &Calendar,
    as_of: Date,
    out: &mut Vec<Diagnostic>,
) {
    let file = &site.sources[team.file];
    let window = &team.config.velocity_window;
    if *window.get_ref() == 0 {
        out.push(Diagnostic::error("`velocity_window` must be at least 1").at(file, window.span()));
    }
    for member in &team.config.members {
        if member.fte < 0.0 || !member.fte.is_finite() {
            out.push(
                Diagnostic::error(format!(
                    "the FTE of `{}` must be a number of at least 0",
                    member.role
                ))
                .in_file(file.path.clone()),
            );
        }
    }
    let calendar = site_calendar.overlay(&team.config.calendar);
    let mut numbers: BTreeMap<u32, &Sprint> = BTreeMap::new();
    for sprint in &team.sprints {
        let sprint_file = &site.sources[sprint.file];
        let number = &sprint.data.number;
        if let Some(first) = numbers.get(number.get_ref()) {
            out.push(
                Diagnostic::error(format!(
                    "sprint number {} is already used by `{}`",
                    number.get_ref(),
                    site.sources[first.file].path
                ))
                .at(sprint_file, number.span())
                .with_hint("each sprint of a team needs its own number"),
            );
        } else {
            numbers.insert(*number.get_ref(), sprint);
        }
        let mut sprint_calendar = calendar.clone();
        sprint_calendar.add_holidays(&sprint.data.holidays);
        validate_sprint(sprint_file, sprint, &sprint_calendar, as_of, out);
    }
    let mut by_start: Vec<&Sprint> = team.sprints.iter().collect();
    by_start.sort_by_key(|s| *s.data.start.get_ref());
    for pair in by_start.windows(2) {
        let (earlier, later) = (pair[0], pair[1]);
        if later.data.start.get_ref() <= earlier.data.end.get_ref() {
            out.push(
                Diagnostic::warning(format!(
                    "this sprint starts on {} but `{}` runs until {}",
                    later.data.start.get_ref(),
                    site.sources[earlier.file].path,
                    earlier.data.end.get_ref()
                ))
                .at(&site.sources[later.file], later.data.start.span())
                .with_hint("sprints of one team should not overlap"),
            );
        }
    }
}

fn validate_sprint(
    file: &SourceFile,
    sprint: &Sprint,
    calendar: &Calendar,
    as_of: Date,
    out: &mut Vec<Diagnostic>,
) {
    let data = &sprint.data;
    let start = *data.start.get_ref();
    let end = *data.end.get_ref();
    let error = |message: String, span: Range<usize>| Diagnostic::error(message).at(file, span);
    if end < start {
        out.push(error(
            format!("the sprint ends ({end}) before it starts ({start})"),
            data.end.span(),
        ));
    } else if start.days_until(end) >= MAX_SPRINT_DAYS {
        out.push(
            error(
                format!("the sprint is {} days long; sprintgen supports sprints of at most {MAX_SPRINT_DAYS} days", start.days_until(end) + 1),
                data.end.span(),
            )
            .with_hint("check the year of `start` and `end`"),
        );
        // Everything below walks the sprint day by day.
        return;
    } else if calendar.working_days_between(start, end) == 0 {
        out.push(
            Diagnostic::warning(format!("the sprint from {start} to {end} has no working day"))
                .at(file, data.end.span())
                .with_hint("check the dates, `working_days` and `holidays`; the ideal line can only drop at the end"),
        );
    }
    let within = |date: &Spanned<Date>| (start..=end).contains(date.get_ref());

    let mut ids: BTreeMap<&str, Range<usize>> = BTreeMap::new();
    for item in &data.items {
        let id = item.id.get_ref().as_str();
        if ids.insert(id, item.id.span()).is_some() {
            out.push(error(
                format!("the item id `{id}` is used twice in this sprint"),
                item.id.span(),
            ));
        }
        out.extend(check_points(file, &item.points, &format!("`{id}`")));
        let status = *item.status.get_ref();
        match (&item.done_on, status) {
            (None, ItemStatus::Done) => out.push(
                error(
                    format!("`{id}` is done but has no `done_on` date"),
                    item.status.span(),
                )
                .with_hint("add `done_on = YYYY-MM-DD`, the day it was finished"),
            ),
            (Some(done), s) if s != ItemStatus::Done => out.push(
                error(
                    format!("`{id}` has a `done_on` date but its status is not `done`"),
                    done.span(),
                )
                .with_hint("set `status = \"done\"` or remove `done_on`"),
            ),
            (Some(done), _) => {
                let date = *done.get_ref();
                if date > end {
                    out.push(error(
                        format!("`{id}` is done on {date}, after the sprint ended ({end})"),
                        done.span(),
                    ));
                } else if date > as_of {
                    out.push(
                        error(
                            format!("`{id}` is done on {date}, after the as-of date {as_of}"),
                            done.span(),
                        )
                        .with_hint(
                            "a report cannot know the future: check the date or pass --as-of",
                        ),
                    );
                }
                if let Some(added) = &item.added_on
                    && date < *added.get_ref()
                {
                    out.push(error(
                        format!(
                            "`{id}` is done on {date}, before it was added ({})",
                            added.get_ref()
                        ),
                        done.span(),
                    ));
                }
            }
            (None, _) => {}
        }
        if let Some(added) = &item.added_on
            && !within(added)
        {
            out.push(error(
                format!(
                    "`{id}` is added on {}, outside the sprint ({start} to {end})",
                    added.get_ref()
                ),
                added.span(),
            ));
        }
        match (&item.removed_on, status) {
            (None, ItemStatus::Removed) => out.push(
                error(
                    format!("`{id}` is removed but has no `removed_on` date"),
                    item.status.span(),
                )
                .with_hint("add `removed_on = YYYY-MM-DD`, the day it left the sprint"),
            ),
            (Some(removed), s) => {
                if s != ItemStatus::Removed {
                    out.push(error(
                        format!("`{id}` has a `removed_on` date but its status is not `removed`"),
                        removed.span(),
                    ));
                }
                if let Some(added) = &item.added_on
                    && removed.get_ref() < added.get_ref()
                {
                    out.push(error(
                        format!(
                            "`{id}` is removed on {}, before it was added ({})",
                            removed.get_ref(),
                            added.get_ref()
                        ),
                        removed.span(),
                    ));
                }
                if !within(removed) {
                    out.push(error(
                        format!(
                            "`{id}` is removed on {}, outside the sprint ({start} to {end})",
                            removed.get_ref()
                        ),
                        removed.span(),
                    ));
                }
            }
            (None, _) => {}
        }
        for estimate in &item.estimates {
            if !within(&estimate.on) {
                out.push(error(
                    format!(
                        "`{id}` is re-estimated on {}, outside the sprint ({start} to {end})",
                        estimate.on.get_ref()
                    ),
                    estimate.on.span(),
                ));
            }
            out.extend(check_points(
                file,
                &estimate.points,
                &format!("the re-estimate of `{id}`"),
            ));
        }
    }

    for item in &data.items {
        let Some(started) = &item.started_on else {
            continue;
        };
        let id = item.id.get_ref();
        let date = *started.get_ref();
        if let Some(done) = &item.done_on
            && date > *done.get_ref()
        {
            out.push(error(
                format!(
                    "`{id}` is started on {date}, after it was done ({})",
                    done.get_ref()
                ),
                started.span(),
            ));
        } else if date > as_of {
            out.push(
                error(
                    format!("`{id}` is started on {date}, after the as-of date {as_of}"),
                    started.span(),
                )
                .with_hint("a report cannot know the future: check the date or pass --as-of"),
            );
        }
    }
    for blocker in &data.blockers {
        if let (Some(raised), Some(resolved)) = (&blocker.raised_on, &blocker.resolved_on)
            && resolved.get_ref() < raised.get_ref()
        {
            out.push(error(
                format!(
                    "the blocker `{}` is resolved on {}, before it was raised ({})",
                    blocker.title,
                    resolved.get_ref(),
                    raised.get_ref()
                ),
                resolved.span(),
            ));
        }
    }
    for goal in &data.goals {
        for id in &goal.items {
            if !ids.contains_key(id.get_ref().as_str()) {
                let known: Vec<&str> = ids.keys().copied().collect();
                let mut d = error(
                    format!(
                        "the goal `{}` names the item `{}`, which this sprint does not have",
                        goal.title,
                        id.get_ref()
                    ),
                    id.span(),
                );
                if let Some(close) =
                    crate::diagnostics::did_you_mean(id.get_ref(), known.iter().copied())
                {
                    d = d.with_hint(format!("did you mean `{close}`?"));
                }
                out.push(d);
            }
        }
    }

    if let (Some(committed), false) = (&data.committed, data.items.is_empty()) {
        let from_items: f64 = data
            .items
            .iter()
            .filter(|i| i.added_on.is_none() && *i.status.get_ref() != ItemStatus::Removed)
            .map(|i| *i.points.get_ref())
            .sum();
        if (from_items - committed.get_ref()).abs() > 1e-9 {
            out.push(
                error(
                    format!(
                        "`committed = {}` disagrees with the items, which add up to {from_items}",
                        committed.get_ref()
                    ),
                    committed.span(),
                )
                .with_hint("remove `committed`/`completed`: with items, sprintgen computes them"),
            );
        }
    }
    for (value, what) in [
        (&data.committed, "`committed`"),
        (&data.completed, "`completed`"),
    ] {
        if let Some(value) = value {
            out.extend(check_points(file, value, what));
        }
    }

    for standup in &data.standups {
        let date = *standup.date.get_ref();
        if !within(&standup.date) {
            out.push(
                Diagnostic::warning(format!(
                    "this stand-up on {date} is outside the sprint ({start} to {end})"
                ))
                .at(file, standup.date.span()),
            );
        } else if !calendar.is_working(date) {
            out.push(
                Diagnostic::warning(format!(
                    "this stand-up is on {date}, a {} that is not a working day",
                    date.weekday_name()
                ))
                .at(file, standup.date.span()),
            );
        }
    }

    let links = data
        .references
        .iter()
        .filter_map(|r| r.url.as_ref())
        .chain(data.deliverables.iter().filter_map(|d| d.link.as_ref()));
    for link in links {
        if !is_safe_url(link.get_ref()) {
            out.push(
                error(format!("the link `{}` is not allowed", link.get_ref()), link.span())
                    .with_hint("links must be http, https, mailto or relative; the page shows the title without a link"),
            );
        }
    }
}

/// Warnings for template placeholders left in text, such as `[YYYY-MM-DD]`, `[Task 1]` or
/// `TBD`: hand-kept reports are full of them, and a published report should not be. The loader
/// runs this rule on each file right after parsing it, while its text is still in memory.
pub fn placeholders(file: &SourceFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut in_multiline = false;
    for line in file.text.split_inclusive('\n') {
        for (range, text) in string_contents(line, &mut in_multiline) {
            for (start, len) in placeholder_matches(text) {
                let at = offset + range.start + start;
                found.push(
                    Diagnostic::warning(format!(
                        "placeholder `{}` left in the text",
                        &text[start..start + len]
                    ))
                    .at(file, at..at + len)
                    .with_hint("replace it with the real value, or remove the line"),
                );
            }
        }
        offset += line.len();
    }
    found
}

/// The parts of a TOML line inside string literals, with their byte ranges in the line.
/// Multi-line strings are followed across lines through `in_multiline`.
fn string_contents<'a>(line: &'a str, in_multiline: &mut bool) -> Vec<(Range<usize>, &'a str)> {
    let bytes = line.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    let mut start = if *in_multiline { Some(0) } else { None };
    let mut quote = if *in_multiline { Some(b'"') } else { None };
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            None => {
                if c == b'#' {
                    break;
                }
                if c == b'"' || c == b'\'' {
                    let triple = line[i..].starts_with("\"\"\"") || line[i..].starts_with("'''");
                    *in_multiline = triple;
                    i += if triple { 3 } else { 1 };
                    quote = Some(c);
                    start = Some(i);
                    continue;
                }
            }
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    let triple_end = *in_multiline
                        && line[i..].starts_with(if q == b'"' { "\"\"\"" } else { "'''" });
                    if !*in_multiline || triple_end {
                        let s = start.unwrap_or(i);
                        parts.push((s..i, &line[s..i]));
                        i += if triple_end { 3 } else { 1 };
                        *in_multiline = false;
                        quote = None;
                        start = None;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    if let (Some(s), Some(_)) = (start, quote) {
        parts.push((s..line.len(), &line[s..]));
    }
    parts
}

/// `TBD` as a word, and `[Capitalised words]` that are not Markdown links.
fn placeholder_matches(text: &str) -> Vec<(usize, usize)> {
    let mut matches = Vec::new();
    for (at, _) in text.match_indices("TBD") {
        let before = text[..at].chars().next_back();
        let after = text[at + 3..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            matches.push((at, 3));
        }
    }
    for (at, _) in text.match_indices('[') {
        let rest = &text[at + 1..];
        let Some(end) = rest.find(']') else { continue };
        let inner = &rest[..end];
        let is_link = rest[end + 1..].starts_with('(');
        let looks_like_placeholder = inner == "YYYY-MM-DD"
            || (inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '));
        if looks_like_placeholder && !is_link {
            matches.push((at, end + 2));
        }
    }
    matches.sort_unstable();
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/t/sprint-01.toml", text)
    }

    #[test]
    fn finds_placeholders_inside_strings_only() {
        let f = file(
            "# [Task 1] in a comment\nplanned = [\"[Tasks for the day]\", \"ok\"]\ntext = \"\"\"\nVelocity: TBD, see [docs](x.md)\n\"\"\"\nx = \"[YYYY-MM-DD] TBDX\"\n",
        );
        let found: Vec<(usize, usize, String)> = placeholders(&f)
            .into_iter()
            .map(|d| {
                let l = d.location.unwrap();
                (l.line, l.column, d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    13,
                    "placeholder `[Tasks for the day]` left in the text".to_string()
                ),
                (4, 11, "placeholder `TBD` left in the text".to_string()),
                (
                    6,
                    6,
                    "placeholder `[YYYY-MM-DD]` left in the text".to_string()
                ),
            ]
        );
    }
}
