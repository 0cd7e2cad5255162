//! Whether a build encrypts the site, and with which key (README, "Private reports"): the
//! site's `[publish] encrypt`, or `--encrypt`/`--no-encrypt` over it, and the password the
//! command found in the environment. The key is derived once per build (and once for all the
//! builds of a `serve`), never per page.

use super::BuildOptions;
use super::prepared::Prepared;
use crate::diagnostics::Diagnostic;
use crate::encryption::{PASSWORD_VARIABLE, SHORT_PASSWORD, Secret};
use crate::model::Site;
use crate::model::paths::CONFIG_FILE;
use crate::outputs::Publishing;

/// Whether the build encrypts `site`.
pub(super) fn encrypts(site: &Site, options: &BuildOptions) -> bool {
    options
        .encrypt
        .unwrap_or(*site.config.publish.encrypt.get_ref())
}

/// The secret of a build that encrypts `site`, or the error that it has none: at
/// `encrypt = true` when the settings ask for it.
pub(super) fn secret<'a>(site: &Site, options: &'a BuildOptions) -> Result<&'a Secret, Diagnostic> {
    if let Some(secret) = options.secret.as_deref() {
        return Ok(secret);
    }
    let missing = format!(
        "the site is to be encrypted, but `{PASSWORD_VARIABLE}` is not set (or is empty): the password comes from the environment only"
    );
    let hint = format!(
        "set `{PASSWORD_VARIABLE}` to the site's password; in the workflow, on the build step: `{PASSWORD_VARIABLE}: ${{{{ secrets.{PASSWORD_VARIABLE} }}}}` (a secret the repository does not have is empty). To preview without encrypting, pass --no-encrypt"
    );
    let diagnostic = Diagnostic::error(missing).with_hint(hint);
    let config = site.sources.iter().find(|s| s.path == CONFIG_FILE);
    Err(match (options.encrypt, config) {
        (None, Some(config)) => diagnostic.at(config, site.config.publish.encrypt.span()),
        _ => diagnostic,
    })
}

/// How `prepared` is published, and the warnings about it: encrypted with the options' secret
/// when the site or the options ask for it.
pub(super) fn publishing(
    prepared: &Prepared,
    options: &BuildOptions,
) -> Result<(Publishing, Vec<Diagnostic>), Vec<Diagnostic>> {
    let site = &prepared.analysis.site;
    if !encrypts(site, options) {
        return Ok((Publishing::Open, Vec::new()));
    }
    if options.unsealed {
        let publishing = Publishing::unsealed(&prepared.context()).map_err(|d| vec![d])?;
        return Ok((publishing, Vec::new()));
    }
    let secret = secret(site, options).map_err(|d| vec![d])?;
    let key = secret
        .key(site.config.publish.salt)
        .map_err(|e| vec![Diagnostic::error(e)])?;
    let publishing =
        Publishing::encrypted(&prepared.context(), key, secret.random()).map_err(|d| vec![d])?;
    let mut warnings = Vec::new();
    let length = secret.password().len();
    if length < SHORT_PASSWORD {
        warnings.push(
            Diagnostic::warning(format!(
                "`{PASSWORD_VARIABLE}` has {length} characters: anyone can download a page and try passwords against it offline, as fast as their hardware allows"
            ))
            .with_hint(format!("use {SHORT_PASSWORD} random characters or more, e.g. from `openssl rand -base64 18`")),
        );
    }
    if site.config.publish.salt.is_none() {
        warnings.push(
            Diagnostic::warning(
                "the encrypted site has no `[publish] salt`: each build takes a new one, so a browser that remembers the key must ask for the password again after every build",
            )
            .in_file(CONFIG_FILE)
            .with_hint("set `salt` in `[publish]` to 32 random hexadecimal digits, e.g. from `openssl rand -hex 16`"),
        );
    }
    Ok((publishing, warnings))
}
