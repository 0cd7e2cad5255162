//! `sprintgen item add|start|done|remove|reopen|estimate`: one item of a sprint changes.

use super::ItemCommand;
use super::edit::apply;
use crate::console::Failure;
use crate::edit::{Change, ItemChange, NewItem};

pub(super) fn run(command: ItemCommand) -> Result<(), Failure> {
    let (id, change, args) = match command {
        ItemCommand::Add(add) => (
            add.id,
            ItemChange::Add(NewItem {
                title: add.title,
                points: add.points,
                epic: add.epic,
                owner: add.owner,
            }),
            add.edit,
        ),
        ItemCommand::Start(item) => (item.id, ItemChange::Start, item.edit),
        ItemCommand::Done(item) => (item.id, ItemChange::Done, item.edit),
        ItemCommand::Remove(item) => (item.id, ItemChange::Remove, item.edit),
        ItemCommand::Reopen(item) => (item.id, ItemChange::Reopen, item.edit),
        ItemCommand::Estimate(item) => (item.id, ItemChange::Estimate(item.points), item.edit),
    };
    apply(args, Change::Item { id, change })
}
