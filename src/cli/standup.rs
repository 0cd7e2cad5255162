//! `sprintgen standup`: the day's stand-up, added or extended.

use super::StandupArgs;
use super::edit::apply;
use crate::console::Failure;
use crate::edit::{Change, StandupEntries};

pub(super) fn run(args: StandupArgs) -> Result<(), Failure> {
    let entries = StandupEntries {
        planned: args.planned,
        completed: args.done,
        blockers: args.blocker,
        next: args.next,
    };
    apply(args.edit, Change::Standup(entries))
}
