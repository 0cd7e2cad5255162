//! How a sprint is doing, for the portfolio: the gap between the remaining work and the
//! ideal line.

use serde::Serialize;

use super::sprint::SprintFigures;
use crate::model::SprintStatus;

/// How a sprint is doing, for the portfolio card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Health {
    /// The value as pages and exports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::OnTrack => "on-track",
            Health::AtRisk => "at-risk",
            Health::OffTrack => "off-track",
        }
    }
}

/// The health rule, stated on the portfolio page: the gap between the remaining work and the
/// ideal line at the end of the last reported day, as a share of the scope. Up to this share
/// the sprint is on track…
pub const ON_TRACK_GAP: f64 = 0.10;
/// …up to this one at risk, beyond it off track.
pub const AT_RISK_GAP: f64 = 0.25;

/// The health of a started sprint and its gap (negative when ahead of the ideal line);
/// `None` for a planned sprint.
pub fn health(figures: &SprintFigures) -> Option<(Health, f64)> {
    let (remaining, ideal, scope) = match figures.days.iter().rev().find(|d| d.actual.is_some()) {
        Some(day) => {
            let actual = day.actual?;
            (actual.remaining.0, day.ideal.0, actual.scope.0)
        }
        // Summary form: the sprint is closed, so the ideal is zero.
        None if figures.status == SprintStatus::Closed => {
            (figures.total.0 - figures.completed.0, 0.0, figures.total.0)
        }
        None => return None,
    };
    let gap = if scope > 0.0 {
        (remaining - ideal) / scope
    } else {
        0.0
    };
    let health = if gap <= ON_TRACK_GAP + 1e-9 {
        Health::OnTrack
    } else if gap <= AT_RISK_GAP + 1e-9 {
        Health::AtRisk
    } else {
        Health::OffTrack
    };
    Some((health, gap))
}
