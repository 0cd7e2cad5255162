//! Each team's status badge, as SVG and as shields.io's endpoint JSON.

use super::{Exposure, Output, RenderContext, Sink, Written, put};
use crate::diagnostics::Diagnostic;
use crate::model::PlaintextOutput;
use crate::model::paths::team_badge;
use crate::publish;

pub struct Badges;

impl Output for Badges {
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        let analysis = cx.analysis;
        let mut written = Written::default();
        for (team, figures) in analysis.site.teams.iter().zip(&analysis.figures) {
            let badge = publish::badge(team, figures);
            for (kind, bytes) in [("svg", badge.svg()), ("json", badge.shields_json())] {
                let path = team_badge(&team.slug, kind);
                put(sink, &path, bytes.as_bytes()).map_err(|d| vec![d])?;
                written.paths.push(path);
            }
        }
        Ok(written)
    }

    fn exposure(&self) -> Exposure {
        Exposure::OptIn {
            output: PlaintextOutput::Badges,
            always: &[],
        }
    }
}
