//! Which sprint an edit changes: the team's (`--team`, or the only one) sprint `--sprint N`,
//! or the one active on the day of the edit; a closed sprint only with `--force`.

use crate::diagnostics::Diagnostic;
use crate::load;
use crate::metrics::sprint::derive_status;
use crate::model::{Date, Site, SprintStatus, Team};

/// The sprint to edit and the day the edit records.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// The team's folder name; the only team when `None`.
    pub team: Option<String>,
    /// The sprint's number; the sprint active on the day when `None`.
    pub sprint: Option<u32>,
    /// The day the change happened; the site's as-of date (`as_of`, else today) when `None`.
    pub on: Option<Date>,
    /// Edit a sprint that is closed on that day.
    pub force: bool,
}

impl Target {
    /// The indices of the team and sprint to edit on `on`, a day no later than the as-of date.
    pub(super) fn locate(
        &self,
        site: &Site,
        on: Date,
        as_of: Date,
    ) -> Result<(usize, usize), Diagnostic> {
        if on > as_of {
            return Err(
                Diagnostic::error(format!("{on} is after the as-of date {as_of}"))
                    .with_hint("the reports cannot know the future: record a past day, or move `as_of` in sprintgen.toml forward first"),
            );
        }
        let team = load::choose_team(site, self.team.as_deref())?;
        let team_index = site
            .teams
            .iter()
            .position(|t| t.slug == team.slug)
            .unwrap_or_default();
        let index = match self.sprint {
            Some(number) => numbered(team, number)?,
            None => active(team, on)?,
        };
        let data = &team.sprints[index].data;
        if derive_status(data, on) == SprintStatus::Closed && !self.force {
            return Err(Diagnostic::error(format!(
                "sprint {} of `{}` is closed on {on} (it ended on {})",
                data.number.get_ref(),
                team.slug,
                data.end.get_ref()
            ))
            .with_hint("pass --force to change a closed sprint anyway"));
        }
        Ok((team_index, index))
    }
}

fn numbers(team: &Team) -> String {
    team.sprints
        .iter()
        .map(|s| s.data.number.get_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sprint numbered `number`.
fn numbered(team: &Team, number: u32) -> Result<usize, Diagnostic> {
    team.sprints
        .iter()
        .position(|s| *s.data.number.get_ref() == number)
        .ok_or_else(|| {
            Diagnostic::error(format!("the team `{}` has no sprint {number}", team.slug))
                .with_hint(format!("its sprints are {}", numbers(team)))
        })
}

/// The one sprint active on `on`.
fn active(team: &Team, on: Date) -> Result<usize, Diagnostic> {
    let active: Vec<usize> = (0..team.sprints.len())
        .filter(|&i| derive_status(&team.sprints[i].data, on) == SprintStatus::Active)
        .collect();
    match active.as_slice() {
        [only] => Ok(*only),
        [] => Err(
            Diagnostic::error(format!("no sprint of `{}` is active on {on}", team.slug)).with_hint(
                if team.sprints.is_empty() {
                    "the team has no sprint yet: `sprintgen new sprint` writes one".to_string()
                } else {
                    format!("choose one with --sprint N: {}", numbers(team))
                },
            ),
        ),
        several => Err(Diagnostic::error(format!(
            "several sprints of `{}` are active on {on}",
            team.slug
        ))
        .with_hint(format!(
            "choose one with --sprint N: {}",
            several
                .iter()
                .map(|&i| team.sprints[i].data.number.get_ref().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
