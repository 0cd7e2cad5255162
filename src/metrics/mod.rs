//! Everything sprintgen computes, as pure functions of the loaded data, a calendar and the
//! as-of date. Nothing here touches the disk, so every figure is unit-tested by hand.

pub mod attention;
pub mod compare;
pub mod flow;
pub mod forecast;
pub mod health;
mod points;
pub mod release;
pub mod risk;
pub mod row;
pub mod sprint;
mod team;
pub mod trends;
pub mod velocity;

pub use points::{Points, percent, ratio, whole_percent};
pub use team::{Capacity, TeamFigures, all_teams, team_figures};
