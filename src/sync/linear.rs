use super::settings::Settings;
use crate::diagnostics::Diagnostic;
use crate::import::model::{Context, Export};

pub fn read(_: &Settings, _: String, _: &Context) -> Result<Export, Vec<Diagnostic>> {
    Ok(Export::default())
}
