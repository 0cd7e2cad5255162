//! The headline of a sprint, team, release and portfolio page: where things stand in one line
//! ("Day 6 of 9 · 8 of 13 SP done (62%) · at risk · 1 open blocker") and what needs
//! attention. The link previews, the PNG cards and `sprintgen notify` take their words from
//! here, and only from here, so a preview, a card and a chat message never disagree.

use super::contract::{AttentionView, HeadlineView, HealthCountView};
use crate::metrics::health::{Health, health};
use crate::metrics::release::{ReleaseFigures, Verdict};
use crate::metrics::sprint::{SprintFigures, elapsed_working_days};
use crate::metrics::{Points, TeamFigures};
use crate::model::paths::{sprint_page, team_page};
use crate::model::{
    Blocker, BlockerStatus, Date, Level, Progress, Site, Sprint, SprintStatus, Team, Unit,
};

/// The headline of sprint `index` of `team`.
pub fn sprint_headline(team: &Team, figures: &TeamFigures, index: usize) -> HeadlineView {
    let (sprint, f) = (&team.sprints[index], &figures.sprints[index]);
    let start = *sprint.data.start.get_ref();
    let done = done_part(f.completed, f.total, f.percent_completed, figures.unit);
    let judged = health(f).map(|(h, _)| h);
    let mut parts = match f.status {
        SprintStatus::Planned => vec![
            format!("Starts {}", short_date(start)),
            days(f.working_days, "working day"),
            format!("{} planned", amount(f.total, figures.unit)),
        ],
        SprintStatus::Active => {
            let day = elapsed_working_days(&figures.calendar, start, f);
            let mut parts = vec![format!("Day {day} of {}", f.working_days), done];
            parts.extend(judged.map(|h| health_words(h).to_string()));
            parts
        }
        SprintStatus::Closed => {
            let end = *sprint.data.end.get_ref();
            let mut parts = vec![format!("Closed on {}", short_date(end)), done];
            parts.extend(judged.map(|h| format!("ended {}", health_words(h))));
            parts
        }
    };
    let open = open_blockers(sprint).len();
    if open > 0 {
        parts.push(count(open, "open blocker"));
    }
    let page = sprint_page(&team.slug, &sprint.slug);
    headline(parts, judged, sprint_attention(sprint, f, &page))
}

/// The headline of a team's page: its current sprint's, the sprint named first.
pub fn team_headline(team: &Team, figures: &TeamFigures) -> HeadlineView {
    let Some(index) = figures.current_sprint() else {
        return headline(vec!["No sprints yet".to_string()], None, Vec::new());
    };
    let current = sprint_headline(team, figures, index);
    let number = team.sprints[index].data.number.get_ref();
    let mut parts = vec![format!("Sprint {number}")];
    parts.extend(current.parts);
    headline(parts, current.health, current.attention)
}

/// The headline of a release: how much is done and its verdict against the target.
pub fn release_headline(f: &ReleaseFigures, target: Date) -> HeadlineView {
    let mut parts = vec![done_part(f.completed, f.scope, f.percent_done, f.unit)];
    let health = match f.verdict {
        Verdict::Done => {
            parts.push("done".to_string());
            Some(Health::OnTrack)
        }
        Verdict::Unknown if f.items == 0 => {
            parts = vec!["No items yet".to_string()];
            None
        }
        Verdict::Unknown => {
            parts.push("no forecast yet".to_string());
            None
        }
        verdict => {
            let health = match verdict {
                Verdict::OnTrack => Health::OnTrack,
                Verdict::AtRisk => Health::AtRisk,
                _ => Health::OffTrack,
            };
            if let Some(percent) = f.percent_by_target {
                parts.push(format!("{percent}% likely by {}", long_date(target)));
            }
            parts.push(health_words(health).to_string());
            Some(health)
        }
    };
    headline(parts, health, Vec::new())
}

/// The portfolio's headline: how many teams, and how many of them are on track, at risk, off
/// track or not started (those with none left out); the teams behind need attention, the
/// furthest behind first.
pub fn portfolio_headline(
    site: &Site,
    figures: &[TeamFigures],
    counts: HealthCountView,
) -> HeadlineView {
    let mut parts = vec![count(counts.teams, "team")];
    for (n, words) in [
        (counts.on_track, "on track"),
        (counts.at_risk, "at risk"),
        (counts.off_track, "off track"),
        (counts.not_started, "not started"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    let worst = [Health::OffTrack, Health::AtRisk, Health::OnTrack]
        .into_iter()
        .zip([counts.off_track, counts.at_risk, counts.on_track])
        .find(|(_, n)| *n > 0)
        .map(|(h, _)| h);
    let mut behind: Vec<(Health, f64, usize)> = figures
        .iter()
        .enumerate()
        .filter_map(|(t, f)| {
            let (h, gap) = f.current_sprint().and_then(|i| health(&f.sprints[i]))?;
            (h != Health::OnTrack).then_some((h, gap, t))
        })
        .collect();
    behind.sort_by(|a, b| {
        (b.0 == Health::OffTrack)
            .cmp(&(a.0 == Health::OffTrack))
            .then(b.1.total_cmp(&a.1))
            .then(a.2.cmp(&b.2))
    });
    let attention = behind
        .into_iter()
        .map(|(h, _, t)| {
            let team = &site.teams[t];
            AttentionView {
                text: format!("{}: {}", team.config.name, health_words(h)),
                page: team_page(&team.slug),
                section: None,
            }
        })
        .collect();
    headline(parts, worst, attention)
}

/// What needs attention in a sprint: its open blockers, the most severe first, then its
/// critical goals not done (once the sprint has started).
fn sprint_attention(sprint: &Sprint, f: &SprintFigures, page: &str) -> Vec<AttentionView> {
    let item = |text: String, section| AttentionView {
        text,
        page: page.to_string(),
        section: Some(section),
    };
    let mut blockers = open_blockers(sprint);
    blockers.sort_by_key(|b| std::cmp::Reverse(b.impact));
    let mut attention: Vec<AttentionView> = blockers
        .into_iter()
        .map(|b| {
            let impact = b.impact.map(|i| format!(" ({} impact)", level_words(i)));
            item(
                format!("Blocker: {}{}", b.title, impact.unwrap_or_default()),
                "blockers",
            )
        })
        .collect();
    if f.status != SprintStatus::Planned {
        let goals = sprint.data.goals.iter().zip(&f.goals);
        for (goal, &status) in goals.filter(|(g, s)| g.critical && **s != Progress::Done) {
            let state = match (f.status, status) {
                (SprintStatus::Closed, _) => "not met",
                (_, Progress::InProgress) => "in progress",
                _ => "not started",
            };
            attention.push(item(
                format!("Critical goal {state}: {}", goal.title),
                "goals",
            ));
        }
    }
    attention
}

fn open_blockers(sprint: &Sprint) -> Vec<&Blocker> {
    let blockers = &sprint.data.blockers;
    blockers
        .iter()
        .filter(|b| b.status == BlockerStatus::Open)
        .collect()
}

/// Which part of a headline says how it is going ("at risk", "ended on track"), if any.
pub(super) fn health_part(headline: &HeadlineView) -> Option<usize> {
    let words = health_words(headline.health?);
    headline
        .parts
        .iter()
        .position(|p| p == words || p.strip_prefix("ended ") == Some(words))
}

fn headline(
    parts: Vec<String>,
    health: Option<Health>,
    attention: Vec<AttentionView>,
) -> HeadlineView {
    HeadlineView {
        text: parts.join(" · "),
        parts,
        health,
        attention,
    }
}

/// "8 of 13 SP done (62%)".
fn done_part(done: Points, of: Points, percent: u32, unit: Unit) -> String {
    format!("{done} of {} done ({percent}%)", amount(of, unit))
}

fn amount(points: Points, unit: Unit) -> String {
    unit.amount(&points.to_string())
}

/// "1 open blocker", "2 open blockers".
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

fn days(n: u32, noun: &str) -> String {
    count(n as usize, noun)
}

/// The words of a health, as a sentence says them: "at risk".
pub fn health_words(health: Health) -> &'static str {
    match health {
        Health::OnTrack => "on track",
        Health::AtRisk => "at risk",
        Health::OffTrack => "off track",
    }
}

fn level_words(level: Level) -> &'static str {
    match level {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

/// "Mon 3 Nov".
fn short_date(date: Date) -> String {
    formatted(date, "%a %-d %b")
}

/// "21 Nov 2025".
pub(super) fn long_date(date: Date) -> String {
    formatted(date, "%-d %b %Y")
}

/// "Tue 28 Oct 2025".
pub fn full_date(date: Date) -> String {
    formatted(date, "%a %-d %b %Y")
}

/// A date in a format that holds only its parts, which never fails.
fn formatted(date: Date, format: &str) -> String {
    jiff::fmt::strtime::format(format, date.0).unwrap_or_else(|_| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::team_figures;

    /// Ten working days, Mon 3 to Fri 14 November 2025, 13 SP: A (5) done on day 2, B (3) in
    /// progress, C (5) not started; a critical goal on C; two open blockers (one of high
    /// impact) and one resolved.
    const SPRINT: &str = r#"
number = 7
title = "Checkout"
start = 2025-11-03
end = 2025-11-14

[[goals]]
title = "Pay by card"
critical = true
items = ["C"]

[[goals]]
title = "Receipts"
items = ["B"]

[[items]]
id = "A"
title = "a"
points = 5
status = "done"
done_on = 2025-11-04

[[items]]
id = "B"
title = "b"
points = 3
status = "in-progress"
started_on = 2025-11-04

[[items]]
id = "C"
title = "c"
points = 5

[[blockers]]
title = "Test cards"

[[blockers]]
title = "PSP contract"
impact = "high"

[[blockers]]
title = "VPN"
impact = "medium"
status = "resolved"
"#;

    fn site(sprints: &[&str]) -> Site {
        let team = Team {
            slug: "core".into(),
            file: 0,
            config: toml::from_str("name = \"Core\"").unwrap(),
            sprints: sprints
                .iter()
                .enumerate()
                .map(|(n, text)| Sprint {
                    slug: format!("sprint-{:02}", n + 1),
                    file: 0,
                    data: toml::from_str(text).unwrap(),
                })
                .collect(),
        };
        Site {
            config: toml::from_str("title = \"T\"").unwrap(),
            teams: vec![team],
            releases: Vec::new(),
            pages: Vec::new(),
            theme: Default::default(),
            sources: Vec::new(),
        }
    }

    fn headline_on(day: &str) -> HeadlineView {
        let site = site(&[SPRINT]);
        let figures = team_figures(&site, &site.teams[0], Date::parse(day).unwrap());
        sprint_headline(&site.teams[0], &figures, 0)
    }

    #[test]
    fn an_active_sprint_says_its_day_what_is_done_its_health_and_its_blockers() {
        // Friday 7 November, day 5 of 10: 8 SP remain against an ideal of 6.5, a gap of 1.5 SP
        // or 11.5% of 13: at risk (over 10%, up to 25%). 5 of 13 is 38%.
        let h = headline_on("2025-11-07");
        assert_eq!(
            h.text,
            "Day 5 of 10 · 5 of 13 SP done (38%) · at risk · 2 open blockers"
        );
        assert_eq!(h.parts.len(), 4);
        assert_eq!(h.health, Some(Health::AtRisk));
        assert_eq!(health_part(&h), Some(2));
        let attention: Vec<(&str, Option<&str>)> = h
            .attention
            .iter()
            .map(|a| (a.text.as_str(), a.section))
            .collect();
        assert_eq!(
            attention,
            [
                ("Blocker: PSP contract (high impact)", Some("blockers")),
                ("Blocker: Test cards", Some("blockers")),
                ("Critical goal not started: Pay by card", Some("goals")),
            ]
        );
        assert!(
            h.attention
                .iter()
                .all(|a| a.page == "core/sprint-01/index.html")
        );
    }

    #[test]
    fn a_planned_sprint_says_when_it_starts_and_a_closed_one_how_it_ended() {
        let planned = headline_on("2025-10-31");
        assert_eq!(
            planned.text,
            "Starts Mon 3 Nov · 10 working days · 13 SP planned · 2 open blockers"
        );
        assert_eq!((planned.health, health_part(&planned)), (None, None));
        // Nothing about goals before the sprint starts.
        assert_eq!(planned.attention.len(), 2);
        // After the end: 8 SP left against an ideal of 0, 62% of the scope: off track.
        let closed = headline_on("2025-11-20");
        assert_eq!(
            closed.text,
            "Closed on Fri 14 Nov · 5 of 13 SP done (38%) · ended off track · 2 open blockers"
        );
        assert_eq!(health_part(&closed), Some(2));
        assert_eq!(
            closed.attention[2].text,
            "Critical goal not met: Pay by card"
        );
    }

    #[test]
    fn a_team_leads_with_its_current_sprint_and_one_without_sprints_says_so() {
        let site = site(&[SPRINT]);
        let as_of = Date::parse("2025-11-07").unwrap();
        let figures = team_figures(&site, &site.teams[0], as_of);
        let team = team_headline(&site.teams[0], &figures);
        assert_eq!(
            team.text,
            "Sprint 7 · Day 5 of 10 · 5 of 13 SP done (38%) · at risk · 2 open blockers"
        );
        assert_eq!(health_part(&team), Some(3));
        let empty = self::site(&[]);
        let figures = team_figures(&empty, &empty.teams[0], as_of);
        assert_eq!(
            team_headline(&empty.teams[0], &figures).text,
            "No sprints yet"
        );
    }

    #[test]
    fn the_portfolio_counts_teams_by_health_and_lists_those_behind() {
        let site = site(&[SPRINT]);
        let figures = vec![team_figures(
            &site,
            &site.teams[0],
            Date::parse("2025-11-07").unwrap(),
        )];
        let counts = HealthCountView {
            teams: 3,
            on_track: 1,
            at_risk: 1,
            off_track: 0,
            not_started: 1,
        };
        let h = portfolio_headline(&site, &figures, counts);
        assert_eq!(h.text, "3 teams · 1 on track · 1 at risk · 1 not started");
        assert_eq!(h.health, Some(Health::AtRisk));
        assert_eq!(h.attention[0].text, "Core: at risk");
        assert_eq!(h.attention[0].page, "core/index.html");
    }

    #[test]
    fn counts_and_dates_read_as_words() {
        assert_eq!(count(1, "open blocker"), "1 open blocker");
        assert_eq!(count(0, "team"), "0 teams");
        let day = Date::parse("2025-11-21").unwrap();
        assert_eq!(
            (short_date(day), long_date(day), full_date(day)),
            (
                "Fri 21 Nov".into(),
                "21 Nov 2025".into(),
                "Fri 21 Nov 2025".into()
            )
        );
        assert_eq!(
            done_part(Points(2.5), Points(1.0), 250, Unit::Issues),
            "2.5 of 1 issue done (250%)"
        );
    }
}
