//! What `serve` answers (the server itself is `server.rs`): requests are answered from the
//! in-memory site, never from the disk, and the live-reload script (and the error overlay
//! while the build is broken) is added to every page served. Built sites carry no script.

use super::{State, VERSION_PATH};
use crate::markdown::escape;

/// Polls the version counter and reloads the page when it changes.
const RELOAD_SCRIPT: &str = include_str!("reload.js");
/// Shown over the last good site while the sources do not build.
const OVERLAY: &str = include_str!("overlay.html");

/// What the site has to say to a request: the server writes it out.
pub(super) struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Answer {
    pub(super) fn status(status: u16, text: &str) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }
}

/// The response to a request path: a page of the site (with the reload script), the version
/// counter, a redirect from a folder without its slash, 404, or 400 for a path whose
/// percent-encoding is broken or not UTF-8.
pub(super) fn answer(url: &str, state: &State) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == VERSION_PATH {
        return Answer::status(200, &state.version.to_string());
    }
    let Some(decoded) = path.strip_prefix('/').and_then(percent_decode) else {
        return Answer::status(400, "the path is not percent-encoded UTF-8");
    };
    let Some(key) = site_path(decoded) else {
        return not_found(state);
    };
    if !key.is_empty()
        && !key.ends_with('/')
        && state.files.contains_key(&format!("{key}/index.html"))
    {
        return Answer {
            location: Some(format!("{path}/")),
            ..Answer::status(301, "moved")
        };
    }
    let key = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key
    };
    match state.files.get(&key) {
        Some(bytes) => {
            let content_type = content_type(&key);
            let body = if content_type.starts_with("text/html") {
                inject(bytes, state)
            } else {
                bytes.clone()
            };
            Answer {
                status: 200,
                content_type,
                body,
                location: None,
            }
        }
        None => not_found(state),
    }
}

fn not_found(state: &State) -> Answer {
    let body = state
        .files
        .get("404.html")
        .map_or_else(|| b"not found".to_vec(), |page| inject(page, state));
    Answer {
        status: 404,
        content_type: "text/html; charset=utf-8",
        body,
        location: None,
    }
}

/// The site-relative file a decoded URL path (without its leading `/`) names, or `None` for
/// anything that could leave the site: `..` segments (also percent-encoded), backslashes, NUL
/// bytes.
fn site_path(decoded: String) -> Option<String> {
    let unsafe_segment = decoded.split('/').any(|s| s == ".." || s == ".");
    if unsafe_segment || decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    Some(decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The type a file's extension names; a file without one (`CNAME`) is shown as text.
fn content_type(path: &str) -> &'static str {
    let extension = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script, and the error overlay while the build is broken. Only `serve`
/// does this: built sites carry no script.
fn inject(page: &[u8], state: &State) -> Vec<u8> {
    let html = String::from_utf8_lossy(page);
    let mut extra = String::new();
    if let Some(errors) = &state.errors {
        extra.push_str(&OVERLAY.trim_end().replace("{errors}", &escape(errors)));
    }
    extra.push_str("<script>");
    extra.push_str(
        &RELOAD_SCRIPT
            .trim_end()
            .replace("{version_path}", VERSION_PATH),
    );
    extra.push_str("</script>");
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_served_with_the_type_their_extension_names() {
        for (path, kind) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("theme.js", "text/javascript; charset=utf-8"),
            ("data/team.json", "application/json"),
            ("feed.xml", "application/xml"),
            ("badge.svg", "image/svg+xml"),
            ("logo.png", "image/png"),
            ("photo.jpg", "image/jpeg"),
            ("photo.jpeg", "image/jpeg"),
            ("anim.gif", "image/gif"),
            ("favicon.ico", "image/x-icon"),
            ("font.woff2", "font/woff2"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("CNAME", "text/plain; charset=utf-8"),
            ("a.b/LICENSE", "text/plain; charset=utf-8"),
            ("archive.zip", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), kind, "{path}");
        }
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        let path = |url: &str| site_path(percent_decode(url.strip_prefix('/')?)?);
        assert_eq!(path("/a/index.html").as_deref(), Some("a/index.html"));
        assert_eq!(path("/").as_deref(), Some(""));
        assert_eq!(path("/a%20b").as_deref(), Some("a b"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "//etc/passwd",
            "/a\\..\\b",
            "/%00",
            "/%zz",
            "/%ff",
            "x",
        ] {
            assert_eq!(path(bad), None, "{bad}");
        }
    }
}
