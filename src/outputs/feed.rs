//! `feed.xml`, when the site has a `base_url` (a feed needs absolute URLs).

use super::{Exposure, Output, RenderContext, Sink, Written, put};
use crate::diagnostics::Diagnostic;
use crate::model::PlaintextOutput;
use crate::model::paths::normalized_base_url;
use crate::publish;

pub struct Feed;

impl Feed {
    /// The feed's bytes, or `None` without a `base_url`.
    pub fn bytes(cx: &RenderContext) -> Option<Vec<u8>> {
        let analysis = cx.analysis;
        let base = normalized_base_url(analysis.site.config.base_url.as_deref()?)?;
        let feed = publish::feed(
            &analysis.site,
            &analysis.figures,
            &base,
            analysis.days.as_of,
        );
        Some(feed.into_bytes())
    }
}

impl Output for Feed {
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        let Some(bytes) = Feed::bytes(cx) else {
            return Ok(Written::default());
        };
        put(sink, "feed.xml", &bytes).map_err(|d| vec![d])?;
        Ok(Written {
            paths: vec!["feed.xml".into()],
            charts: 0,
        })
    }

    fn exposure(&self) -> Exposure {
        Exposure::OptIn {
            output: PlaintextOutput::Feed,
            always: &[],
        }
    }
}
