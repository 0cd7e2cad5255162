//! One sprint's rules, in groups: its dates, its items (ids, points, status dates,
//! re-estimates, starts), blockers, goals, the summary form, stand-ups and links.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::MAX_SPRINT_DAYS;
use crate::diagnostics::{
    Diagnostic, describe_invisible, escape_invisible, hint_for, invisible_char, nearest,
};
use crate::markdown::is_safe_url;
use crate::model::{
    Calendar, Date, Item, ItemStatus, MAX_POINTS, SourceFile, Sprint, SprintFile, Unit, total,
};

/// What every rule of one sprint needs: the file to point into, the dates, and where the
/// problems go.
struct SprintCheck<'a> {
    file: &'a SourceFile,
    data: &'a SprintFile,
    start: Date,
    end: Date,
    as_of: Date,
    unit: Unit,
    /// The sprint ends on or after its start. When it does not, that one error is the root
    /// cause: no other date is judged against the reversed dates.
    dated: bool,
    out: &'a mut Vec<Diagnostic>,
}

/// The item ids of a sprint: each with where it is first written, and those used twice (with
/// the index of their error in the output).
#[derive(Default)]
struct Ids<'a> {
    seen: BTreeMap<&'a str, Range<usize>>,
    twice: Vec<(usize, &'a str)>,
}

/// What a sprint is checked against besides its own data.
pub(super) struct Context<'a> {
    pub calendar: &'a Calendar,
    pub as_of: Date,
    pub unit: Unit,
}

pub(super) fn validate_sprint(
    file: &SourceFile,
    sprint: &Sprint,
    context: &Context,
    out: &mut Vec<Diagnostic>,
) {
    let data = &sprint.data;
    let calendar = context.calendar;
    let mut rules = SprintCheck {
        file,
        data,
        start: *data.start.get_ref(),
        end: *data.end.get_ref(),
        as_of: context.as_of,
        unit: context.unit,
        dated: data.start.get_ref() <= data.end.get_ref(),
        out,
    };
    if !rules.dates(calendar) {
        // Everything below walks the sprint day by day.
        return;
    }
    let ids = rules.items();
    rules.started();
    rules.blockers();
    rules.goals(&ids);
    rules.summary_form();
    rules.standups(calendar);
    rules.schedule(calendar);
    rules.links();
    rules.far_dates();
}

impl<'a> SprintCheck<'a> {
    fn error(&mut self, message: String, span: Range<usize>) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::error(message).at(self.file, span));
        self.out.last_mut().expect("just pushed")
    }

    fn warning(&mut self, message: String, span: Range<usize>) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::warning(message).at(self.file, span));
        self.out.last_mut().expect("just pushed")
    }

    /// Within the sprint's dates, or nothing to judge by (see [`SprintCheck::dated`]).
    fn within(&self, date: &Spanned<Date>) -> bool {
        !self.dated || (self.start..=self.end).contains(date.get_ref())
    }

    /// After the sprint's end, when it has dates to judge by.
    fn after_end(&self, date: Date) -> bool {
        self.dated && date > self.end
    }

    /// The start and end; false when the sprint is too long to check day by day.
    fn dates(&mut self, calendar: &Calendar) -> bool {
        let (start, end) = (self.start, self.end);
        let span = self.data.end.span();
        if end < start {
            self.error(
                format!("the sprint ends ({end}) before it starts ({start})"),
                span,
            );
        } else if start.days_until(end) >= MAX_SPRINT_DAYS {
            let days = start.days_until(end) + 1;
            hint(
                self.error(format!("the sprint is {days} days long; sprintgen supports sprints of at most {MAX_SPRINT_DAYS} days"), span),
                "check the year of `start` and `end`",
            );
            return false;
        } else if calendar.working_days_between(start, end) == 0 {
            hint(
                self.warning(
                    format!("the sprint from {start} to {end} has no working day"),
                    span,
                ),
                "check the dates, `working_days` and `holidays`; the ideal line can only drop at the end",
            );
        }
        true
    }

    /// An id with an invisible character looks like another id, or like none (see
    /// [`invisible_char`]). Characters written as they are and suspect anywhere were reported
    /// with the file's text already; the others, and escapes (`\u200D`), are reported here.
    fn invisible_in_id(&mut self, id: &Spanned<String>) {
        if !id.get_ref().chars().any(|c| invisible_char(c).is_some()) {
            return;
        }
        // Read again from disk: only for the rare id that needs it.
        let source = self.file.text();
        let written = source.get(id.span()).unwrap_or_default();
        let found = id.get_ref().chars().find_map(|c| {
            let (name, everywhere) = invisible_char(c)?;
            (!(everywhere && written.contains(c))).then_some((c, name))
        });
        drop(source);
        if let Some((c, name)) = found {
            hint(
                self.warning(
                    format!(
                        "the item id `{}` holds the invisible character {}, so it looks like an id it is not",
                        escape_invisible(id.get_ref()),
                        describe_invisible(c, name)
                    ),
                    id.span(),
                ),
                "remove the character from the id",
            );
        }
    }

    /// Each item's id, points, status dates and re-estimates; returns the ids seen.
    fn items(&mut self) -> Ids<'a> {
        let mut ids = Ids::default();
        let data: &'a SprintFile = self.data;
        for item in &data.items {
            let id = item.id.get_ref().as_str();
            if ids.seen.insert(id, item.id.span()).is_some() {
                self.error(
                    format!("the item id `{id}` is used twice in this sprint"),
                    item.id.span(),
                );
                ids.twice.push((self.out.len() - 1, id));
            }
            self.invisible_in_id(&item.id);
            self.points(&item.points, &format!("`{id}`"));
            self.done(item);
            // Added on or before the start, an item is part of the commitment.
            if let Some(added) = &item.added_on
                && self.after_end(*added.get_ref())
            {
                let (start, end) = (self.start, self.end);
                self.error(
                    format!(
                        "`{id}` is added on {}, outside the sprint ({start} to {end})",
                        added.get_ref()
                    ),
                    added.span(),
                );
            }
            self.removed(item);
            self.estimates(item);
            self.history(item);
        }
        ids
    }

    /// `status = "done"` and `done_on` agree, and the date is possible.
    fn done(&mut self, item: &Item) {
        let id = item.id.get_ref();
        match (&item.done_on, *item.status.get_ref()) {
            (None, ItemStatus::Done) => {
                hint(
                    self.error(
                        format!("`{id}` is done but has no `done_on` date"),
                        item.status.span(),
                    ),
                    "add `done_on = YYYY-MM-DD`, the day it was finished",
                );
            }
            (Some(done), s) if s != ItemStatus::Done => {
                hint(
                    self.error(
                        format!("`{id}` has a `done_on` date but its status is not `done`"),
                        done.span(),
                    ),
                    "set `status = \"done\"` or remove `done_on`",
                );
            }
            (Some(done), _) => {
                let (date, end, as_of) = (*done.get_ref(), self.end, self.as_of);
                if self.after_end(date) {
                    self.error(
                        format!("`{id}` is done on {date}, after the sprint ended ({end})"),
                        done.span(),
                    );
                } else if date > as_of {
                    hint(
                        self.error(
                            format!("`{id}` is done on {date}, after the as-of date {as_of}"),
                            done.span(),
                        ),
                        "a report cannot know the future: check the date or pass --as-of",
                    );
                }
                if let Some(added) = &item.added_on
                    && date < *added.get_ref()
                {
                    self.error(
                        format!(
                            "`{id}` is done on {date}, before it was added ({})",
                            added.get_ref()
                        ),
                        done.span(),
                    );
                }
            }
            (None, _) => {}
        }
    }

    /// `status = "removed"` and `removed_on` agree, and the date is possible.
    fn removed(&mut self, item: &Item) {
        let id = item.id.get_ref();
        match (&item.removed_on, *item.status.get_ref()) {
            (None, ItemStatus::Removed) => {
                hint(
                    self.error(
                        format!("`{id}` is removed but has no `removed_on` date"),
                        item.status.span(),
                    ),
                    "add `removed_on = YYYY-MM-DD`, the day it left the sprint",
                );
            }
            (Some(removed), status) => {
                if status != ItemStatus::Removed {
                    self.error(
                        format!("`{id}` has a `removed_on` date but its status is not `removed`"),
                        removed.span(),
                    );
                }
                if let Some(added) = &item.added_on
                    && removed.get_ref() < added.get_ref()
                {
                    self.error(
                        format!(
                            "`{id}` is removed on {}, before it was added ({})",
                            removed.get_ref(),
                            added.get_ref()
                        ),
                        removed.span(),
                    );
                }
                if !self.within(removed) {
                    let (start, end) = (self.start, self.end);
                    self.error(
                        format!(
                            "`{id}` is removed on {}, outside the sprint ({start} to {end})",
                            removed.get_ref()
                        ),
                        removed.span(),
                    );
                }
            }
            (None, _) => {}
        }
    }

    /// A history is in date order, within the sprint and up to the as-of date, records work
    /// statuses (leaving the sprint is `removed_on`), and ends where the item is: its `status`,
    /// and for a done item its `done_on`.
    fn history(&mut self, item: &Item) {
        let id = item.id.get_ref();
        let mut previous: Option<Date> = None;
        for change in &item.history {
            let (on, span) = (*change.on.get_ref(), change.on.span());
            let (start, end, as_of) = (self.start, self.end, self.as_of);
            if previous.is_some_and(|p| on < p) {
                hint(
                    self.error(
                        format!(
                            "the history of `{id}` goes back in time: {on} comes after {}",
                            previous.unwrap_or(on)
                        ),
                        span.clone(),
                    ),
                    "list the status changes in date order",
                );
            }
            if !self.within(&change.on) {
                self.error(
                    format!("`{id}` changes status on {on}, outside the sprint ({start} to {end})"),
                    span.clone(),
                );
            } else if on > as_of {
                hint(
                    self.error(
                        format!("`{id}` changes status on {on}, after the as-of date {as_of}"),
                        span,
                    ),
                    "a report cannot know the future: check the date or pass --as-of",
                );
            }
            if *change.status.get_ref() == ItemStatus::Removed {
                hint(
                    self.error(
                        format!("the history of `{id}` cannot say `removed`"),
                        change.status.span(),
                    ),
                    "an item leaves the sprint with `status = \"removed\"` and `removed_on`",
                );
            }
            previous = Some(on);
        }
        self.history_ends_at_the_status(item);
    }

    /// The last history entry is the item's `status` (a removed item's history says what it
    /// was when it left) and, for a done item, its `done_on`.
    fn history_ends_at_the_status(&mut self, item: &Item) {
        let Some(last) = item.history.last() else {
            return;
        };
        let id = item.id.get_ref();
        let (status, last_status, last_on) = (
            *item.status.get_ref(),
            *last.status.get_ref(),
            *last.on.get_ref(),
        );
        if status != ItemStatus::Removed && status != last_status {
            hint(
                self.error(
                    format!(
                        "`{id}` is `{}` but its history ends with `{}` on {last_on}",
                        status.as_str(),
                        last_status.as_str()
                    ),
                    item.status.span(),
                ),
                "the last entry of `history` is the item's status: make them agree",
            );
        } else if let Some(done) = &item.done_on
            && status == ItemStatus::Done
            && *done.get_ref() != last_on
        {
            hint(
                self.error(
                    format!(
                        "`{id}` is done on {} but its history says it was done on {last_on}",
                        done.get_ref()
                    ),
                    done.span(),
                ),
                "`done_on` is the date of the last entry of `history`",
            );
        }
    }

    /// Re-estimates fall within the sprint and are valid points.
    fn estimates(&mut self, item: &Item) {
        let id = item.id.get_ref();
        for estimate in &item.estimates {
            if !self.within(&estimate.on) {
                let (start, end) = (self.start, self.end);
                self.error(
                    format!(
                        "`{id}` is re-estimated on {}, outside the sprint ({start} to {end})",
                        estimate.on.get_ref()
                    ),
                    estimate.on.span(),
                );
            }
            self.points(&estimate.points, &format!("the re-estimate of `{id}`"));
        }
    }

    /// Points are finite, not negative and plausible.
    fn points(&mut self, value: &Spanned<f64>, what: &str) {
        let points = *value.get_ref();
        let problem = if !points.is_finite() {
            "points that are not a number"
        } else if points < 0.0 {
            "negative points"
        } else if points > MAX_POINTS {
            "implausibly many points"
        } else {
            return;
        };
        let shown = if points.abs() >= 1e6 {
            format!("{points:e}")
        } else {
            points.to_string()
        };
        hint(
            self.error(format!("{what} has {problem} ({shown})"), value.span()),
            &format!("points are numbers from 0 to {MAX_POINTS}, such as 3 or 0.5"),
        );
    }

    /// Work starts before it is done, and not after the as-of date.
    fn started(&mut self) {
        let data = self.data;
        for item in &data.items {
            let Some(started) = &item.started_on else {
                continue;
            };
            let (id, date, as_of) = (item.id.get_ref(), *started.get_ref(), self.as_of);
            if let Some(done) = &item.done_on
                && date > *done.get_ref()
            {
                self.error(
                    format!(
                        "`{id}` is started on {date}, after it was done ({})",
                        done.get_ref()
                    ),
                    started.span(),
                );
            } else if date > as_of {
                hint(
                    self.error(
                        format!("`{id}` is started on {date}, after the as-of date {as_of}"),
                        started.span(),
                    ),
                    "a report cannot know the future: check the date or pass --as-of",
                );
            }
        }
    }

    /// A blocker is resolved after it was raised.
    fn blockers(&mut self) {
        let data = self.data;
        for blocker in &data.blockers {
            if let (Some(raised), Some(resolved)) = (&blocker.raised_on, &blocker.resolved_on)
                && resolved.get_ref() < raised.get_ref()
            {
                self.error(
                    format!(
                        "the blocker `{}` is resolved on {}, before it was raised ({})",
                        blocker.title,
                        resolved.get_ref(),
                        raised.get_ref()
                    ),
                    resolved.span(),
                );
            }
        }
    }

    /// A goal names items of this sprint. When ids are used twice, a goal naming an id no
    /// item has most likely means a copied item whose id was not changed: that is said with
    /// the id used twice (the root cause), not as an error of the goal.
    fn goals(&mut self, ids: &Ids) {
        let data = self.data;
        // Each id used twice explains one missing id at most.
        let mut unexplained: Vec<(usize, &str)> = ids.twice.clone();
        for goal in &data.goals {
            for id in goal
                .items
                .iter()
                .filter(|id| !ids.seen.contains_key(id.get_ref().as_str()))
            {
                let (title, id) = (&goal.title, id);
                let copy = nearest(id.get_ref(), unexplained.iter().map(|(_, t)| *t))
                    .and_then(|close| unexplained.iter().position(|(_, t)| *t == close))
                    .or((!unexplained.is_empty()).then_some(0));
                if let Some((at, twice)) = copy.map(|i| unexplained.remove(i)) {
                    self.out[at].hint = Some(format!(
                        "the goal `{title}` names `{}`, which no item has: if this copy of `{twice}` is `{}`, change its id",
                        id.get_ref(),
                        id.get_ref()
                    ));
                    continue;
                }
                let close = hint_for(id.get_ref(), ids.seen.keys().copied());
                let d = self.error(
                    format!(
                        "the goal `{title}` names the item `{}`, which this sprint does not have",
                        id.get_ref()
                    ),
                    id.span(),
                );
                if let Some(close) = close {
                    hint(d, &close);
                }
            }
        }
    }

    /// `committed` agrees with the items when both are given; totals are valid points.
    fn summary_form(&mut self) {
        let data = self.data;
        if let (Some(committed), false) = (&data.committed, data.items.is_empty()) {
            let (start, unit) = (self.start, self.unit);
            let from_items = total(
                data.items
                    .iter()
                    .filter(|i| i.committed(start))
                    .map(|i| i.size_on(start, unit)),
            );
            if (from_items - committed.get_ref()).abs() > 1e-9 {
                hint(
                    self.error(
                        format!(
                            "`committed = {}` disagrees with the items, which add up to {from_items}",
                            committed.get_ref()
                        ),
                        committed.span(),
                    ),
                    "remove `committed`/`completed`: with items, sprintgen computes them",
                );
            }
        }
        for (value, what) in [
            (&data.committed, "`committed`"),
            (&data.completed, "`completed`"),
        ] {
            if let Some(value) = value {
                self.points(value, what);
            }
        }
    }

    /// Stand-ups fall on working days of the sprint.
    fn standups(&mut self, calendar: &Calendar) {
        let data = self.data;
        let (start, end) = (self.start, self.end);
        for standup in &data.standups {
            let date = *standup.date.get_ref();
            if !self.within(&standup.date) {
                self.warning(
                    format!("this stand-up on {date} is outside the sprint ({start} to {end})"),
                    standup.date.span(),
                );
            } else if !calendar.is_working(date) {
                self.warning(
                    format!(
                        "this stand-up is on {date}, a {} that is not a working day",
                        date.weekday_name()
                    ),
                    standup.date.span(),
                );
            }
        }
    }

    /// Planned work falls on working days too: a schedule row on a weekend or a holiday is
    /// most likely a date that does not match its weekday (or a holiday forgotten in the plan).
    fn schedule(&mut self, calendar: &Calendar) {
        for entry in &self.data.schedule {
            let date = *entry.date.get_ref();
            if self.within(&entry.date) && !calendar.is_working(date) {
                self.warning(
                    format!(
                        "the schedule has work on {date}, a {} that is not a working day",
                        date.weekday_name()
                    ),
                    entry.date.span(),
                )
                .hint = Some("move it to a working day of the sprint".into());
            }
        }
    }

    /// A date more than a sprint's length outside the sprint is most likely a typo (often of
    /// the year). Those that are not errors (an item done or started before the sprint, a
    /// blocker raised before it) are accepted and change the figures, so they are warned about.
    fn far_dates(&mut self) {
        if !self.dated {
            return;
        }
        let data = self.data;
        let mut dates: Vec<(String, &Spanned<Date>, bool)> = Vec::new();
        for item in &data.items {
            let id = item.id.get_ref();
            // Done or added after the end is an error already.
            for (what, date, later_is_error) in [
                ("started", &item.started_on, false),
                ("done", &item.done_on, true),
                ("added", &item.added_on, true),
            ] {
                if let Some(date) = date {
                    dates.push((format!("`{id}` is {what} on"), date, later_is_error));
                }
            }
        }
        for blocker in &data.blockers {
            for (what, date) in [
                ("raised", &blocker.raised_on),
                ("resolved", &blocker.resolved_on),
            ] {
                if let Some(date) = date {
                    dates.push((
                        format!("the blocker `{}` is {what} on", blocker.title),
                        date,
                        false,
                    ));
                }
            }
        }
        for entry in &data.schedule {
            dates.push((
                "the schedule has an entry on".to_string(),
                &entry.date,
                false,
            ));
        }
        for (what, date, later_is_error) in dates {
            self.far_date(&what, date, later_is_error);
        }
    }

    fn far_date(&mut self, what: &str, date: &Spanned<Date>, later_is_error: bool) {
        let (start, end, day) = (self.start, self.end, *date.get_ref());
        let length = start.days_until(end) + 1;
        let (before, after) = (day.days_until(start), end.days_until(day));
        let message = if before > length {
            format!("{what} {day}, {before} days before the sprint starts ({start})")
        } else if after > length && !later_is_error {
            format!("{what} {day}, {after} days after the sprint ends ({end})")
        } else {
            return;
        };
        let fixed = [start, end]
            .into_iter()
            .filter_map(|year| day.in_year_of(year))
            .find(|fixed| (start..=end).contains(fixed));
        let advice = match fixed {
            Some(fixed) => format!(
                "did you mean {fixed}? A date this far outside the sprint is probably a typo"
            ),
            None => {
                "check the date: one this far outside the sprint is probably a typo".to_string()
            }
        };
        hint(self.warning(message, date.span()), &advice);
    }

    /// References and deliverables link only to http, https, mailto or relative URLs.
    fn links(&mut self) {
        let data = self.data;
        let links = data
            .references
            .iter()
            .filter_map(|r| r.url.as_ref())
            .chain(data.deliverables.iter().filter_map(|d| d.link.as_ref()));
        for link in links.filter(|link| !is_safe_url(link.get_ref())) {
            hint(
                self.error(
                    format!("the link `{}` is not allowed", link.get_ref()),
                    link.span(),
                ),
                "links must be http, https, mailto or relative; the page shows the title without a link",
            );
        }
    }
}

/// Adds a hint to a diagnostic just pushed.
fn hint(diagnostic: &mut Diagnostic, text: &str) {
    diagnostic.hint = Some(text.to_string());
}
