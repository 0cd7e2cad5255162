//! `sprintgen schema`: a file kind's JSON Schema on stdout, or (`--write`) every schema in
//! `.sprintgen/schemas/` with the `.taplo.toml` rules that point editors to them.

use super::SchemaArgs;
use super::edit::lock_site;
use crate::console::Failure;
use crate::console::{errln, out};
use crate::schema;

pub(super) fn run(args: SchemaArgs) -> Result<(), Failure> {
    if !args.write {
        out!("{}", schema::text(args.kind));
        return Ok(());
    }
    let root = args.root.site();
    // `.taplo.toml` is written through a temporary file the edit lock's holder would take for
    // a killed write's: take turns with the edits.
    let _lock = lock_site(&root)?;
    let changed = schema::write(&root).map_err(Failure::usage)?;
    for path in &changed {
        errln!("wrote {}", path.display());
    }
    if changed.is_empty() {
        errln!("the schemas and {} are up to date", schema::TAPLO_CONFIG);
    }
    Ok(())
}
