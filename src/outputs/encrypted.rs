//! An encrypted site (README, "Private reports"): a step between the outputs and the sink.
//! Each page the [`Pages`](super::Pages) output renders is sealed under the site's key and
//! written as the theme's password form (`locked.html`) with the sealed page in it; every other
//! file is left out unless `[publish] plaintext` names its output, and an output that does not
//! say what it is ([`Output::exposure`]'s default) is always left out. Deny by default: a new
//! output publishes nothing readable in an encrypted site until it is classified here.

use std::io;
use std::sync::Arc;

use super::{Output, RenderContext, Sink, Written};
use crate::diagnostics::Diagnostic;
use crate::encryption::{ITERATIONS, Random, SiteKey};
use crate::model::paths::{normalized_base_url, root_prefix};
use crate::model::{PlaintextOutput, PublishConfig};
use crate::views::{self, LockedView};

/// The template of the password form.
pub const LOCKED_TEMPLATE: &str = "locked.html";
/// The page GitHub Pages serves at any unknown URL: its form holds its stylesheet.
const NOT_FOUND: &str = "404.html";
/// Where each page's root and its sealed text go in the form rendered once.
const ROOT_MARK: &str = "__sprintgen_root__";
const PAGE_MARK: &str = "__sprintgen_sealed_page__";

/// How an encrypted site publishes an output's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exposure {
    /// The site's pages: each HTML file becomes the password form with the page sealed in it.
    Sealed,
    /// Published readable only when `[publish] plaintext` names `output`; the files of
    /// `always` are published either way (what the password form itself needs).
    OptIn {
        output: PlaintextOutput,
        always: &'static [&'static str],
    },
    /// Left out of an encrypted site.
    Never,
}

/// How a build publishes its outputs: as they are, or encrypted.
pub enum Publishing {
    Open,
    Encrypted(Box<Encrypted>),
    /// What `check` makes of an encrypted site, without its password: the same files left out
    /// (so that a link to one is found), the pages not sealed (nothing is written).
    Unsealed(Vec<PlaintextOutput>),
}

/// What an encrypted build seals pages with, and what it publishes readable.
pub struct Encrypted {
    key: Arc<SiteKey>,
    random: Random,
    plaintext: Vec<PlaintextOutput>,
    form: Form,
}

impl Publishing {
    /// An encrypted build's publishing, with the password form rendered once (its problems,
    /// a theme's broken `locked.html`, come back here, before any page is written).
    pub fn encrypted(
        cx: &RenderContext,
        key: Arc<SiteKey>,
        random: Random,
    ) -> Result<Publishing, Diagnostic> {
        let form = Form::render(cx, &key.salt(), key.check())?;
        Ok(Publishing::Encrypted(Box::new(Encrypted {
            key,
            random,
            plaintext: cx.analysis.site.config.publish.plaintext.clone(),
            form,
        })))
    }

    /// `check`'s publishing of an encrypted site: the password form rendered with a stand-in
    /// key, so that a theme's broken `locked.html` is found without the password.
    pub fn unsealed(cx: &RenderContext) -> Result<Publishing, Diagnostic> {
        Form::render(cx, "", "")?;
        Ok(Publishing::Unsealed(
            cx.analysis.site.config.publish.plaintext.clone(),
        ))
    }

    /// Whether the site is encrypted (or checked as it will be).
    pub fn encrypts(&self) -> bool {
        !matches!(self, Publishing::Open)
    }

    /// Whether the site publishes `output` readable: always when it is not encrypted.
    pub fn publishes(&self, output: PlaintextOutput) -> bool {
        match self {
            Publishing::Open => true,
            Publishing::Encrypted(encrypted) => encrypted.plaintext.contains(&output),
            Publishing::Unsealed(plaintext) => plaintext.contains(&output),
        }
    }

    /// Runs `output` into `sink` as the site publishes it: the files it wrote that are
    /// published.
    pub fn write(
        &self,
        output: &dyn Output,
        cx: &RenderContext,
        sink: &dyn Sink,
    ) -> Result<Written, Vec<Diagnostic>> {
        match (self, output.exposure()) {
            (Publishing::Open, _) => output.write(cx, sink),
            (Publishing::Encrypted(encrypted), Exposure::Sealed) => {
                output.write(cx, &Sealing { encrypted, sink })
            }
            (_, Exposure::Sealed) => output.write(cx, sink),
            (_, Exposure::OptIn { output: name, .. }) if self.publishes(name) => {
                output.write(cx, sink)
            }
            (_, Exposure::OptIn { always, .. }) if !always.is_empty() => {
                let mut written = output.write(cx, &Only { always, sink })?;
                written.paths.retain(|path| always.contains(&path.as_str()));
                Ok(written)
            }
            (_, Exposure::OptIn { .. } | Exposure::Never) => Ok(Written::default()),
        }
    }
}

/// Seals each HTML file into its password form; anything else is left out.
struct Sealing<'a> {
    encrypted: &'a Encrypted,
    sink: &'a dyn Sink,
}

impl Sink for Sealing<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if !path.ends_with(".html") {
            return Ok(());
        }
        let Encrypted {
            key, random, form, ..
        } = self.encrypted;
        let sealed = key
            .seal_page(bytes, random, path)
            .map_err(io::Error::other)?;
        self.sink.put(path, form.page(path, &sealed).as_bytes())
    }
}

/// Passes on the files of `always` only.
struct Only<'a> {
    always: &'static [&'static str],
    sink: &'a dyn Sink,
}

impl Sink for Only<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        match self.always.contains(&path) {
            true => self.sink.put(path, bytes),
            false => Ok(()),
        }
    }
}

/// The password form, rendered once with marks where each page's own values go: one form for
/// the pages (linking the stylesheet from their folder) and one for the 404 page.
struct Form {
    page: String,
    not_found: String,
}

impl Form {
    /// Renders `locked.html` for the site's key (its salt and key check, in base64).
    fn render(cx: &RenderContext, salt: &str, check: &str) -> Result<Form, Diagnostic> {
        let locked = |not_found| LockedView {
            salt,
            iterations: ITERATIONS,
            check,
            page: PAGE_MARK,
            not_found,
        };
        let render = |root: &str, own, not_found| -> Result<String, Diagnostic> {
            let context = views::locked_page(root, own, locked(not_found))?;
            let form = cx.templates.render(LOCKED_TEMPLATE, &context)?;
            match form.matches(PAGE_MARK).count() {
                1 => Ok(form),
                shown => Err(Diagnostic::error(format!(
                    "the template `{LOCKED_TEMPLATE}` shows the sealed page (`locked.page`) {shown} times; the password form needs it exactly once"
                ))
                .with_hint("keep `data-page=\"{{ locked.page }}\"` (or the page's text in the form of your own) once, as the default theme's locked.html does")),
            }
        };
        let config = &cx.analysis.site.config;
        let not_found_root = config.base_url.as_deref().and_then(normalized_base_url);
        let own = (cx.asset_text("style.css"), cx.asset_text("favicon.svg"));
        Ok(Form {
            page: render(ROOT_MARK, (None, None), false)?,
            not_found: render(not_found_root.as_deref().unwrap_or_default(), own, true)?,
        })
    }

    /// The form of the page at `path`, with its sealed text.
    fn page(&self, path: &str, sealed: &str) -> String {
        let form = match path {
            NOT_FOUND => self.not_found.clone(),
            _ => self
                .page
                .replace(ROOT_MARK, &root_prefix(path.matches('/').count())),
        };
        form.replacen(PAGE_MARK, sealed, 1)
    }
}

/// What `report` and `diff` print in place of their Markdown for an encrypted site: what a
/// workflow puts in a job summary is readable by everyone who can read the workflow's runs.
pub const WITHHELD_REPORT: &str = "*The sprint reports are encrypted (`[publish] encrypt` in sprintgen.toml), so their figures are not shown here: open the site with its password.*";

/// Whether `report` and `diff` withhold an encrypted site's figures: unless the site names
/// `reports` in `[publish] plaintext`.
pub fn withholds_reports(publish: &PublishConfig) -> bool {
    *publish.encrypt.get_ref() && !publish.plaintext.contains(&PlaintextOutput::Reports)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encryption::Password;
    use crate::outputs::Memory;

    fn encrypted(plaintext: Vec<PlaintextOutput>) -> Encrypted {
        let password = Password::new("correct horse".into()).unwrap();
        let key = SiteKey::derive(&password, [7; 16], &Random::System).unwrap();
        Encrypted {
            key: Arc::new(key),
            random: Random::System,
            plaintext,
            form: Form {
                page: format!(
                    "<link href=\"{ROOT_MARK}style.css\"><a href=\"{ROOT_MARK}\">x</a><form data-page=\"{PAGE_MARK}\">"
                ),
                not_found: format!("<style>css</style><form data-page=\"{PAGE_MARK}\">"),
            },
        }
    }

    /// The sealed text in a form written by [`Sealing`].
    fn sealed(form: &str) -> &str {
        let start = form.find("data-page=\"").unwrap() + 11;
        &form[start..start + form[start..].find('"').unwrap()]
    }

    #[test]
    fn each_page_becomes_its_form_with_its_own_root_and_nonce() {
        let encrypted = encrypted(Vec::new());
        let sink = Memory::default();
        let sealing = Sealing {
            encrypted: &encrypted,
            sink: &sink,
        };
        for path in [
            "index.html",
            "team/sprint-01/index.html",
            "404.html",
            "data/team.json",
        ] {
            sealing.put(path, b"<p>Sprint 4</p>").unwrap();
        }
        let files = sink.into_files();
        let paths: Vec<&String> = files.keys().collect();
        assert_eq!(
            paths,
            ["404.html", "index.html", "team/sprint-01/index.html"]
        );
        let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
        let (top, deep) = (text("index.html"), text("team/sprint-01/index.html"));
        assert!(
            top.starts_with("<link href=\"style.css\"><a href=\"\">x</a>"),
            "{top}"
        );
        assert!(
            deep.starts_with("<link href=\"../../style.css\"><a href=\"../../\">x</a>"),
            "{deep}"
        );
        assert!(text("404.html").starts_with("<style>css</style><form data-page=\""));
        // The same page sealed twice: another nonce, so another text.
        assert_ne!(sealed(&top), sealed(&deep));
        for form in [&top, &deep] {
            assert!(
                !form.contains("Sprint 4")
                    && !form.contains(PAGE_MARK)
                    && !form.contains(ROOT_MARK)
            );
            // Nonce, 15 bytes of page and the tag.
            assert_eq!(sealed(form).len(), (12 + 15 + 16usize).div_ceil(3) * 4);
        }
    }

    #[test]
    fn only_the_files_named_pass() {
        let sink = Memory::default();
        let only = Only {
            always: &["style.css", "CNAME"],
            sink: &sink,
        };
        for path in ["style.css", "logo.png", "CNAME", "sub/style.css"] {
            only.put(path, b"x").unwrap();
        }
        let files = sink.into_files();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["CNAME", "style.css"]);
    }

    #[test]
    fn an_encrypted_site_publishes_readable_only_what_it_names() {
        let publishing = Publishing::Encrypted(Box::new(encrypted(vec![PlaintextOutput::Feed])));
        assert!(publishing.publishes(PlaintextOutput::Feed));
        let checked = Publishing::Unsealed(vec![PlaintextOutput::Feed]);
        assert!(checked.publishes(PlaintextOutput::Feed));
        assert!(publishing.encrypts() && checked.encrypts() && !Publishing::Open.encrypts());
        for other in [
            PlaintextOutput::Exports,
            PlaintextOutput::Sitemap,
            PlaintextOutput::Badges,
            PlaintextOutput::Static,
            PlaintextOutput::Reports,
        ] {
            assert!(!publishing.publishes(other), "{other:?}");
            assert!(!checked.publishes(other), "{other:?}");
            assert!(Publishing::Open.publishes(other));
        }
    }

    #[test]
    fn reports_are_withheld_from_an_encrypted_site_unless_named() {
        let publish = |text: &str| -> PublishConfig { toml::from_str(text).unwrap() };
        assert!(!withholds_reports(&publish("")));
        assert!(withholds_reports(&publish(
            "encrypt = true\nplaintext = [\"feed\"]"
        )));
        assert!(!withholds_reports(&publish(
            "encrypt = true\nplaintext = [\"reports\"]"
        )));
    }

    #[test]
    fn every_output_says_how_an_encrypted_site_publishes_it() {
        use crate::outputs::{Assets, Badges, Exports, Feed, Pages};
        let opt_in = |output| Exposure::OptIn {
            output,
            always: &[],
        };
        assert_eq!(Pages::default().exposure(), Exposure::Sealed);
        let exports = Exports {
            teams: vec![0],
            releases: Vec::new(),
        };
        assert_eq!(exports.exposure(), opt_in(PlaintextOutput::Exports));
        assert_eq!(Badges.exposure(), opt_in(PlaintextOutput::Badges));
        assert_eq!(Feed.exposure(), opt_in(PlaintextOutput::Feed));
        assert_eq!(
            Assets.exposure(),
            Exposure::OptIn {
                output: PlaintextOutput::Static,
                always: &[".nojekyll", "CNAME", "style.css", "favicon.svg"],
            }
        );
        // An output that does not say is never published by an encrypted site.
        struct Unclassified;
        impl Output for Unclassified {
            fn write(&self, _: &RenderContext, _: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
                Ok(Written::default())
            }
        }
        assert_eq!(Unclassified.exposure(), Exposure::Never);
    }
}
