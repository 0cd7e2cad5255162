//! `data/<team>.json`: every computed figure of a team, for other tools and for tests.
//! The keys are a public contract (README, "JSON export"): extend, never rename.

use serde_json::{Value, json};

use crate::metrics::TeamFigures;
use crate::model::{Date, Team};

pub fn team_json(team: &Team, figures: &TeamFigures, as_of: Date) -> Value {
    let sprints: Vec<Value> = team
        .sprints
        .iter()
        .zip(&figures.sprints)
        .zip(&figures.velocity.rows)
        .map(|((sprint, f), v)| {
            let days: Vec<Value> = f
                .days
                .iter()
                .filter_map(|d| {
                    d.actual.map(|a| {
                        json!({
                            "date": d.date,
                            "working": d.working,
                            "ideal": d.ideal,
                            "remaining": a.remaining,
                            "completed": a.completed,
                            "scope": a.scope,
                        })
                    })
                })
                .collect();
            json!({
                "number": sprint.data.number.get_ref(),
                "slug": sprint.slug,
                "title": sprint.data.title,
                "start": sprint.data.start.get_ref(),
                "end": sprint.data.end.get_ref(),
                "status": f.status,
                "working_days": f.working_days,
                "committed": f.committed,
                "total": f.total,
                "completed": f.completed,
                "in_progress": f.in_progress,
                "not_started": f.not_started,
                "percent_completed": f.percent_completed,
                "percent_in_progress": f.percent_in_progress,
                "percent_not_started": f.percent_not_started,
                "say_do": f.say_do,
                "change_pp": v.change_pp,
                "days": days,
                "ideal": f.days.iter().map(|d| d.ideal).collect::<Vec<_>>(),
                "scope_changes": f.scope_changes,
                "lists": f.lists,
                "goals": sprint.data.goals.iter().zip(&f.goals).map(|(g, s)| json!({ "title": g.title, "status": s })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "team": { "slug": team.slug, "name": team.config.name },
        "as_of": as_of,
        "velocity": {
            "window": figures.velocity.window,
            "average": figures.velocity.average,
            "average_of": figures.velocity.average_of,
            "backlog": figures.backlog,
            "forecast": figures.forecast,
        },
        "sprints": sprints,
    })
}
