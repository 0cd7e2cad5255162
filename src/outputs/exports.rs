//! The JSON exports: `data/<team>.json` and `data/releases/<slug>.json`.

use rayon::prelude::*;

use super::{Exposure, Output, RenderContext, Sink, Written, put};
use crate::diagnostics::Diagnostic;
use crate::export;
use crate::model::PlaintextOutput;

/// The exports of some teams and releases, by index.
pub struct Exports {
    pub teams: Vec<usize>,
    pub releases: Vec<usize>,
}

impl Exports {
    /// Every team's and release's export.
    pub fn all(cx: &RenderContext) -> Exports {
        let site = &cx.analysis.site;
        Exports {
            teams: (0..site.teams.len()).collect(),
            releases: (0..site.releases.len()).collect(),
        }
    }

    /// One export's path and bytes: a team's (`Ok`) or a release's (`Err`) index.
    fn export(
        cx: &RenderContext,
        which: Result<usize, usize>,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let analysis = cx.analysis;
        let as_of = analysis.days.as_of;
        match which {
            Ok(t) => export::team_json(&analysis.site.teams[t], &analysis.figures[t], as_of),
            Err(r) => {
                export::release_json(&analysis.site.releases[r], &analysis.releases[r], as_of)
            }
        }
    }
}

impl Output for Exports {
    /// Writes each export as soon as it is serialised (together they are as large as the
    /// sprint data).
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        let which: Vec<Result<usize, usize>> = self
            .teams
            .iter()
            .map(|&t| Ok(t))
            .chain(self.releases.iter().map(|&r| Err(r)))
            .collect();
        let paths = which
            .into_par_iter()
            .map(|which| {
                let (path, bytes) = Exports::export(cx, which)?;
                put(sink, &path, &bytes)?;
                Ok(path)
            })
            .collect::<Result<Vec<String>, Diagnostic>>()
            .map_err(|d| vec![d])?;
        Ok(Written { paths, charts: 0 })
    }

    fn exposure(&self) -> Exposure {
        Exposure::OptIn {
            output: PlaintextOutput::Exports,
            always: &[],
        }
    }
}
