//! `sprintgen init`: a new site.

use super::InitArgs;
use crate::console::Failure;
use crate::console::errln;
use crate::import::Tracker;
use crate::model::paths::CONFIG_FILE;
use crate::model::{Date, SyncTracker};
use crate::scaffold;

pub(super) fn run(args: InitArgs) -> Result<(), Failure> {
    let sync = args.sync.map(|tracker| match tracker {
        Tracker::Jira => SyncTracker::Jira,
        Tracker::Linear => SyncTracker::Linear,
        Tracker::Github => SyncTracker::Github,
    });
    let notify = args.notify.map(crate::notify::Format::key);
    let done = scaffold::init(
        &args.dir,
        args.force,
        Date::today(),
        sync,
        args.encrypt,
        notify,
    )
    .map_err(Failure::usage)?;
    for path in &done.written {
        errln!("created {}", path.display());
    }
    if !done.ignore_added.is_empty() {
        errln!(
            "added to {}: {}",
            args.dir.join(".gitignore").display(),
            done.ignore_added.join(" ")
        );
    }
    if args.encrypt {
        let first = match &done.publish_to_add {
            Some(publish) => {
                errln!(
                    "{} was there already and is kept: to encrypt the site, add to it\n\n{publish}",
                    args.dir.join(CONFIG_FILE).display()
                );
                "then"
            }
            None => "the site is encrypted",
        };
        errln!(
            "{first}: give the repository the secret SPRINTGEN_PASSWORD (gh secret set SPRINTGEN_PASSWORD), and set it here to build (README, \"Private reports\")"
        );
    }
    // An encrypted site serves only with its password; `--no-encrypt` previews it here.
    let serve = match args.encrypt {
        true => "sprintgen serve --open --no-encrypt",
        false => "sprintgen serve --open",
    };
    errln!("next: cd {} && {serve}", args.dir.display());
    Ok(())
}
