use super::settings::Settings;
use crate::diagnostics::Diagnostic;
use crate::import::model::{Context, Export};
use crate::model::{Site, Team};

pub fn read(_: &Settings, _: String, _: &Site, _: Option<&Team>, _: &Context) -> Result<Export, Vec<Diagnostic>> {
    Ok(Export::default())
}
