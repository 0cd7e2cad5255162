//! The files a site needs besides what is computed: `.nojekyll` (GitHub Pages serves the
//! output as it is), `CNAME`, and the static files of the default theme, the site's theme and
//! the site's `static/` folder, read when the build starts.

use super::{Exposure, Files, Output, RenderContext, Sink, Written, put};
use crate::diagnostics::Diagnostic;
use crate::model::PlaintextOutput;

pub struct Assets;

impl Output for Assets {
    fn write(&self, cx: &RenderContext, sink: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
        let mut files = Files::new();
        files.insert(".nojekyll".into(), Vec::new());
        if let Some(cname) = &cx.analysis.site.config.cname {
            files.insert("CNAME".into(), format!("{}\n", cname.trim()).into_bytes());
        }
        // A later file of the same path replaces an earlier one.
        files.extend(cx.assets.iter().cloned());
        for (path, bytes) in &files {
            put(sink, path, bytes).map_err(|d| vec![d])?;
        }
        Ok(Written {
            paths: files.into_keys().collect(),
            charts: 0,
        })
    }

    /// The hosting's files and what the password form links (the stylesheet and the icon)
    /// are published either way; the other static files only when `[publish] plaintext`
    /// names `static`.
    fn exposure(&self) -> Exposure {
        Exposure::OptIn {
            output: PlaintextOutput::Static,
            always: &[".nojekyll", "CNAME", "style.css", "favicon.svg"],
        }
    }
}
