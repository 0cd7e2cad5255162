//! The headline at the top of a sprint, team, release and portfolio page: where things stand
//! in one line ("Day 1 of 9 · 4 of 13 SP done (31%) · On track") and what needs attention,
//! each linking to its section. Stakeholders read a report's first screen between meetings,
//! mostly on a phone, and decide from it. The line is words made of figures `metrics`
//! computed; it is also each page's description in a sentence (a page's `og:description`, a
//! notification's text).

use super::contract::{AttentionView, HeadlineView, HealthCountView};
use crate::metrics::attention::Concern;
use crate::metrics::health::{Health, health};
use crate::metrics::release::{ReleaseFigures, Verdict};
use crate::metrics::sprint::{SprintFigures, elapsed_working_days};
use crate::metrics::{Points, TeamFigures, whole_percent};
use crate::model::{Date, Level, Progress, Release, Sprint, SprintStatus, Team, Unit, label};

/// A sprint page lists up to this many open blockers, then how many more there are.
const BLOCKERS_SHOWN: usize = 2;
/// The portfolio names up to this many teams behind, and of releases at risk.
const TEAMS_SHOWN: usize = 3;
const RELEASES_SHOWN: usize = 2;
/// Scope added to a release since its start is a medium concern from this share of the scope
/// at the start (a low one below).
const SCOPE_GROWTH_PERCENT: u32 = 10;

/// "4 of 13 SP done (31%)".
fn done_of(completed: Points, total: Points, percent: u32, unit: Unit) -> String {
    format!(
        "{completed} of {} done ({percent}%)",
        unit.amount(&total.to_string())
    )
}

/// "Tue 4 Nov".
fn short_day(date: Date) -> String {
    date.0.strftime("%a %-d %b").to_string()
}

/// "21 Nov 2025".
fn long_day(date: Date) -> String {
    date.0.strftime("%-d %b %Y").to_string()
}

/// A number of things with the noun in agreement: "1 team", "2 teams".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a sprint's headline says and where its attention links go: `link` is the path of its
/// page from the page showing the headline ("" on the sprint's own page).
pub struct SprintHeadline<'a> {
    pub sprint: &'a Sprint,
    pub figures: &'a SprintFigures,
    pub team: &'a TeamFigures,
    pub link: &'a str,
}

impl SprintHeadline<'_> {
    /// The sprint's state: where it is in time, how much is done, and its health.
    pub fn view(&self) -> HeadlineView {
        let f = self.figures;
        let data = &self.sprint.data;
        let unit = self.team.unit;
        // A sprint kept in summary form has its commitment and what was done, not its final
        // scope: the share is of the commitment, and says so.
        let done = match f.summary_form {
            true => format!(
                "{} done of {} committed ({}%)",
                unit.amount(&f.completed.to_string()),
                f.total,
                f.percent_completed
            ),
            false => done_of(f.completed, f.total, f.percent_completed, unit),
        };
        let health = health(f);
        let when = match f.status {
            SprintStatus::Planned => format!("Starts {}", short_day(*data.start.get_ref())),
            SprintStatus::Active => format!(
                "Day {} of {}",
                elapsed_working_days(&self.team.calendar, *data.start.get_ref(), f),
                f.working_days
            ),
            SprintStatus::Closed => format!("Finished {}", short_day(*data.end.get_ref())),
        };
        let figures = match f.status {
            SprintStatus::Planned => format!("{} planned", unit.amount(&f.total.to_string())),
            _ => done,
        };
        // No health before the first day with figures: a running sprint without any yet says
        // so, rather than "Not started" beside its "Active" badge.
        let state = match (health, f.status) {
            (Some((h, _)), _) => label(h.as_str()),
            (None, SprintStatus::Planned) => "Not started".to_string(),
            (None, _) => "No figures reported yet".to_string(),
        };
        HeadlineView {
            text: [when, figures, state].join(" · "),
            tone: health.map(|(h, _)| h.as_str()),
            attention: self.attention(health),
        }
    }

    fn link(&self, anchor: &str) -> String {
        format!("{}#{anchor}", self.link)
    }

    /// What needs attention: how far behind the ideal line (when not on track), then the
    /// concerns `metrics` found, a few named and the rest counted.
    fn attention(&self, health: Option<(Health, f64)>) -> Vec<AttentionView> {
        let mut out: Vec<AttentionView> = health.and_then(|h| self.behind(h)).into_iter().collect();
        out.extend(self.blockers());
        let closed = self.figures.status == SprintStatus::Closed;
        for concern in &self.figures.concerns {
            match *concern {
                Concern::CriticalGoal { index, status } => out.push(AttentionView {
                    text: format!(
                        "Critical goal {}: {}",
                        if closed { "not done" } else { "not started" },
                        self.sprint.data.goals[index].title
                    ),
                    url: self.link("goals"),
                    topic: None,
                    level: if status == Progress::InProgress {
                        Level::Medium
                    } else {
                        Level::High
                    },
                }),
                Concern::HighRisks { count: n } => out.push(AttentionView {
                    text: count(n, "high risk open", "high risks open"),
                    url: self.link("risks"),
                    topic: None,
                    level: Level::Medium,
                }),
                Concern::Blocker { .. } => {}
            }
        }
        out
    }

    /// How far behind the sprint is, when it is at risk or off track.
    fn behind(&self, (health, gap): (Health, f64)) -> Option<AttentionView> {
        let level = match health {
            Health::OnTrack => return None,
            Health::AtRisk => Level::Medium,
            Health::OffTrack => Level::High,
        };
        let behind = if self.figures.status == SprintStatus::Closed {
            "of the scope left undone"
        } else {
            "of the scope behind the ideal line"
        };
        Some(AttentionView {
            text: format!("{}% {behind}", whole_percent(gap)),
            url: self.link("burndown"),
            topic: Some(behind),
            level,
        })
    }

    /// The open blockers, the first few by name and the rest counted.
    fn blockers(&self) -> Vec<AttentionView> {
        let blockers: Vec<(usize, Option<Level>)> = self
            .figures
            .concerns
            .iter()
            .filter_map(|c| match *c {
                Concern::Blocker { index, impact } => Some((index, impact)),
                _ => None,
            })
            .collect();
        let mut out: Vec<AttentionView> = blockers
            .iter()
            .take(BLOCKERS_SHOWN)
            .map(|&(index, impact)| {
                let kind = match impact {
                    Some(level) => format!("Open blocker, {} impact", level.as_str()),
                    None => "Open blocker".to_string(),
                };
                AttentionView {
                    text: format!("{kind}: {}", self.sprint.data.blockers[index].title),
                    url: self.link("blockers"),
                    topic: None,
                    level: impact.unwrap_or(Level::Medium),
                }
            })
            .collect();
        if let Some(more) = blockers
            .len()
            .checked_sub(BLOCKERS_SHOWN)
            .filter(|n| *n > 0)
        {
            out.push(AttentionView {
                text: count(more, "more open blocker", "more open blockers"),
                url: self.link("blockers"),
                topic: None,
                level: Level::Medium,
            });
        }
        out
    }
}

/// A team page's headline: its current sprint's, with the sprint's number in front and its
/// links to the sprint's page.
pub fn team_headline(team: &Team, figures: &TeamFigures) -> HeadlineView {
    let Some(index) = figures.current_sprint() else {
        return HeadlineView {
            text: "No sprints yet".into(),
            tone: None,
            attention: Vec::new(),
        };
    };
    let sprint = &team.sprints[index];
    let link = format!("{}/index.html", sprint.slug);
    let mut view = SprintHeadline {
        sprint,
        figures: &figures.sprints[index],
        team: figures,
        link: &link,
    }
    .view();
    view.text = format!("Sprint {} · {}", sprint.data.number.get_ref(), view.text);
    view
}

/// A release's headline: how much is done and how likely its target is; what needs attention
/// is a forecast past the target, scope added since the start and its teams behind.
pub struct ReleaseHeadline<'a> {
    pub figures: &'a ReleaseFigures,
    pub target: Date,
    /// Its teams with their figures, in the release's order.
    pub teams: Vec<(&'a Team, &'a TeamFigures)>,
}

impl ReleaseHeadline<'_> {
    pub fn view(&self) -> HeadlineView {
        let f = self.figures;
        let done = done_of(f.completed, f.scope, f.percent_done, f.unit);
        let outlook = match (f.verdict, f.percent_by_target) {
            (Verdict::Done, _) => "Done".to_string(),
            (verdict, Some(p)) => format!(
                "{p}% likely by {} · {}",
                long_day(self.target),
                label(verdict.as_str())
            ),
            _ => "No forecast yet".to_string(),
        };
        HeadlineView {
            text: format!("{done} · {outlook}"),
            tone: Some(f.verdict.as_str()),
            attention: self.attention(),
        }
    }

    fn attention(&self) -> Vec<AttentionView> {
        let f = self.figures;
        let mut out = Vec::new();
        if let (Verdict::AtRisk | Verdict::OffTrack, Some(forecast)) = (f.verdict, &f.forecast) {
            out.push(AttentionView {
                text: format!(
                    "85% likely only by {}, after the target",
                    long_day(forecast.p85_date)
                ),
                url: "#forecast".into(),
                topic: None,
                level: level_of(f.verdict),
            });
        }
        if f.scope_change.rounded() > 0.0 {
            out.push(AttentionView {
                text: format!(
                    "Scope {} ({}%) since the start",
                    f.unit.amount(&f.scope_change.signed()),
                    f.scope_change_percent
                ),
                url: "#progress".into(),
                topic: None,
                level: if f.scope_change_percent >= SCOPE_GROWTH_PERCENT {
                    Level::Medium
                } else {
                    Level::Low
                },
            });
        }
        for (team, figures) in &self.teams {
            if let Some(behind) = team_behind(team, figures, "../../") {
                out.push(behind);
            }
        }
        out
    }
}

/// A team whose current sprint is at risk or off track, as an attention entry linking to
/// that sprint's page (from a page `root` away from the site's root).
fn team_behind(team: &Team, figures: &TeamFigures, root: &str) -> Option<AttentionView> {
    let index = figures.current_sprint()?;
    let f = &figures.sprints[index];
    let (h, _) = health(f).filter(|(h, _)| *h != Health::OnTrack)?;
    let sprint = &team.sprints[index];
    Some(AttentionView {
        text: format!(
            "{}: sprint {} {}, {}",
            team.config.name,
            sprint.data.number.get_ref(),
            label(h.as_str()).to_lowercase(),
            done_of(f.completed, f.total, f.percent_completed, figures.unit)
        ),
        url: format!("{root}{}/{}/index.html", team.slug, sprint.slug),
        topic: None,
        level: if h == Health::OffTrack {
            Level::High
        } else {
            Level::Medium
        },
    })
}

fn level_of(verdict: Verdict) -> Level {
    match verdict {
        Verdict::OffTrack => Level::High,
        Verdict::AtRisk => Level::Medium,
        _ => Level::Low,
    }
}

/// The portfolio's headline: its teams by health and its releases by verdict; what needs
/// attention is the teams behind (worst first, as `behind` lists them, `(team, figures)`)
/// and the releases at risk or off track.
pub fn portfolio_headline(
    counts: &HealthCountView,
    behind: &[(&Team, &TeamFigures)],
    releases: &[(&Release, &ReleaseFigures)],
) -> HeadlineView {
    let verdicts: Vec<Verdict> = releases.iter().map(|(_, f)| f.verdict).collect();
    let mut text = format!(
        "{}: {} on track, {} at risk, {} off track",
        count(counts.teams, "team", "teams"),
        counts.on_track,
        counts.at_risk,
        counts.off_track
    );
    if counts.not_started > 0 {
        text.push_str(&format!(", {} not started", counts.not_started));
    }
    if !verdicts.is_empty() {
        text.push_str(&format!(
            " · {}: {}",
            count(verdicts.len(), "release", "releases"),
            verdict_counts(&verdicts)
        ));
    }
    let mut attention: Vec<AttentionView> = behind
        .iter()
        .filter_map(|(team, figures)| team_behind(team, figures, ""))
        .collect();
    if attention.len() > TEAMS_SHOWN {
        let more = attention.len() - TEAMS_SHOWN;
        attention.truncate(TEAMS_SHOWN);
        attention.push(AttentionView {
            text: count(more, "more team behind", "more teams behind"),
            url: "#current".into(),
            topic: None,
            level: Level::Medium,
        });
    }
    let late: Vec<AttentionView> = releases
        .iter()
        .filter(|(_, f)| matches!(f.verdict, Verdict::AtRisk | Verdict::OffTrack))
        .map(|(release, f)| AttentionView {
            text: match f.percent_by_target {
                Some(p) => format!(
                    "{}: {p}% likely by {}",
                    release.data.title,
                    long_day(*release.data.target.get_ref())
                ),
                None => format!(
                    "{}: {}",
                    release.data.title,
                    label(f.verdict.as_str()).to_lowercase()
                ),
            },
            url: format!("releases/{}/index.html", release.slug),
            topic: None,
            level: level_of(f.verdict),
        })
        .collect();
    let more_late = late.len().saturating_sub(RELEASES_SHOWN);
    attention.extend(late.into_iter().take(RELEASES_SHOWN));
    if more_late > 0 {
        attention.push(AttentionView {
            text: count(more_late, "more release at risk", "more releases at risk"),
            url: "#releases".into(),
            topic: None,
            level: Level::Medium,
        });
    }
    HeadlineView {
        text,
        tone: worst_tone(counts),
        attention,
    }
}

/// "1 on track, 2 at risk": the verdicts that occur, best first; the verdict alone for one
/// release ("at risk").
fn verdict_counts(verdicts: &[Verdict]) -> String {
    if let [only] = verdicts {
        return verdict_word(*only);
    }
    let order = [
        Verdict::Done,
        Verdict::OnTrack,
        Verdict::AtRisk,
        Verdict::OffTrack,
        Verdict::Unknown,
    ];
    order
        .iter()
        .filter_map(|v| {
            let n = verdicts.iter().filter(|x| *x == v).count();
            (n > 0).then(|| format!("{n} {}", verdict_word(*v)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdict_word(verdict: Verdict) -> String {
    match verdict {
        Verdict::Unknown => "without a forecast".to_string(),
        v => label(v.as_str()).to_lowercase(),
    }
}

/// The portfolio's tone: that of its worst team.
fn worst_tone(counts: &HealthCountView) -> Option<&'static str> {
    [
        (counts.off_track, Health::OffTrack),
        (counts.at_risk, Health::AtRisk),
        (counts.on_track, Health::OnTrack),
    ]
    .iter()
    .find(|(n, _)| *n > 0)
    .map(|(_, h)| h.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_counted_by_verdict_best_first_and_one_is_named() {
        use Verdict::*;
        assert_eq!(verdict_counts(&[AtRisk]), "at risk");
        assert_eq!(verdict_counts(&[Unknown]), "without a forecast");
        assert_eq!(
            verdict_counts(&[OffTrack, OnTrack, AtRisk, OnTrack, Unknown, Done]),
            "1 done, 2 on track, 1 at risk, 1 off track, 1 without a forecast"
        );
    }

    #[test]
    fn the_portfolio_takes_the_tone_of_its_worst_team() {
        let counts = |on_track, at_risk, off_track| HealthCountView {
            teams: on_track + at_risk + off_track,
            on_track,
            at_risk,
            off_track,
            not_started: 0,
        };
        assert_eq!(worst_tone(&counts(3, 1, 0)), Some("at-risk"));
        assert_eq!(worst_tone(&counts(3, 1, 2)), Some("off-track"));
        assert_eq!(worst_tone(&counts(3, 0, 0)), Some("on-track"));
        assert_eq!(worst_tone(&HealthCountView::default()), None);
        assert_eq!(count(1, "team", "teams"), "1 team");
        assert_eq!(count(0, "team", "teams"), "0 teams");
    }
}
