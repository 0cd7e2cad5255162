//! The attributes the link checker needs (`href`, `src`, `id`), read from the tokens of a page
//! as a browser's tokenizer (WHATWG HTML, "Tokenization") reads them: only attributes of real
//! elements count, never text that merely looks like one (`href="x"` in a paragraph, or a
//! `<code>` sample), a comment, or the contents of `<script>`, `<style>`, `<title>` and
//! `<textarea>`.
//!
//! Written here rather than taken from a crate: html5gum, the light spec-compliant tokenizer,
//! reads a generated sprint page at about 190 MB/s, which at 10,000 sprints (550 MB of HTML)
//! would add some 3 s of CPU to a 6.6 s build; this one jumps from `<` to `<` with `memchr`,
//! looks closely only inside tags and allocates only for the values it returns: about
//! 1,000 MB/s on the same page (both find the same attributes). It follows the specification wherever the result can
//! differ: attribute values quoted either way or not at all, duplicate attributes (the first
//! wins), tags cut off by the end of the page (dropped), comments closed by `-->`, `--!>`, `>`
//! or `->`, raw-text elements (not inside `<svg>` and `<math>`, where they are ordinary
//! elements) and numeric character references. Of the named references it decodes those a
//! generator writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`).

use memchr::{memchr, memmem};

/// An attribute the link checker reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// `href` or `src`: a link to check.
    Link,
    /// `id`: a fragment a link may name.
    Id,
}

/// Calls `found` with each wanted attribute of each element of `html`, its value decoded.
pub fn attributes(html: &str, mut found: impl FnMut(Wanted, String)) {
    let bytes = html.as_bytes();
    let mut at = 0;
    // How many `<svg>` and `<math>` elements are open: inside them, no element is raw text.
    let mut foreign = 0usize;
    let mut wanted = Vec::new();
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        at = match bytes.get(open + 1) {
            Some(b'!') => markup_declaration(bytes, open, foreign > 0),
            Some(b'?') => after(bytes, open + 2, b">"),
            Some(b'/') => match bytes.get(open + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let tag = tag(bytes, open + 2, &mut wanted);
                    if foreign > 0 && is_foreign_root(tag.name) {
                        foreign -= 1;
                    }
                    tag.end
                }
                // `</>` is dropped, anything else is a bogus comment up to the next `>`.
                _ => after(bytes, open + 2, b">"),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let tag = tag(bytes, open + 1, &mut wanted);
                if tag.complete {
                    for (kind, value) in wanted.drain(..) {
                        found(kind, decode(value));
                    }
                }
                if is_foreign_root(tag.name) && !tag.self_closing {
                    foreign += 1;
                }
                if foreign == 0 && is_raw_text(tag.name) {
                    end_of_raw_text(bytes, tag.end, tag.name)
                } else {
                    tag.end
                }
            }
            // A `<` that opens no tag is text.
            _ => open + 1,
        };
    }
}

/// `<!--` comments, `<![CDATA[` sections (in SVG and MathML) and anything else after `<!`
/// (a doctype, a bogus comment); returns where the text goes on.
fn markup_declaration(bytes: &[u8], open: usize, in_foreign: bool) -> usize {
    let rest = &bytes[open + 2..];
    if rest.starts_with(b"--") {
        let body = open + 4;
        // `<!-->` and `<!--->` end at once.
        for abrupt in [&b">"[..], b"->"] {
            if bytes[body..].starts_with(abrupt) {
                return body + abrupt.len();
            }
        }
        let closed = memmem::find(&bytes[body..], b"-->").map(|i| body + i + 3);
        let bang = memmem::find(&bytes[body..], b"--!>").map(|i| body + i + 4);
        return match (closed, bang) {
            (Some(a), Some(b)) => a.min(b),
            (Some(end), None) | (None, Some(end)) => end,
            (None, None) => bytes.len(),
        };
    }
    if in_foreign && rest.starts_with(b"[CDATA[") {
        return after(bytes, open + 9, b"]]>");
    }
    after(bytes, open + 2, b">")
}

/// Just after the first `needle` from `from`, or the end.
fn after(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    memmem::find(&bytes[from..], needle).map_or(bytes.len(), |i| from + i + needle.len())
}

/// A start or end tag, read from its name to its `>`.
struct Tag<'a> {
    /// As written (compare it without regard to case).
    name: &'a [u8],
    self_closing: bool,
    /// Ended by `>`: a tag cut off by the end of the page is not one.
    complete: bool,
    /// Just after the tag.
    end: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b' ' | b'\r')
}

/// Reads a tag from its name at `start` (just after `<` or `</`), putting its wanted
/// attributes' raw values into `wanted` (emptied first).
fn tag<'a>(bytes: &'a [u8], start: usize, wanted: &mut Vec<(Wanted, &'a [u8])>) -> Tag<'a> {
    wanted.clear();
    let mut at = start;
    while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'/' && bytes[at] != b'>' {
        at += 1;
    }
    let mut tag = Tag {
        name: &bytes[start..at],
        self_closing: false,
        complete: false,
        end: bytes.len(),
    };
    // `href`, `src` and `id` seen: a repeated attribute is dropped, the first one counts.
    let mut seen = [false; 3];
    loop {
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        match bytes.get(at) {
            None => return tag,
            Some(b'>') => {
                tag.complete = true;
                tag.end = at + 1;
                return tag;
            }
            Some(b'/') => {
                tag.self_closing = bytes.get(at + 1) == Some(&b'>');
                at += 1;
                continue;
            }
            Some(_) => {}
        }
        let Some((name, value, next)) = attribute(bytes, at) else {
            return tag;
        };
        at = next;
        let (kind, slot) = if name.eq_ignore_ascii_case(b"href") {
            (Wanted::Link, 0)
        } else if name.eq_ignore_ascii_case(b"src") {
            (Wanted::Link, 1)
        } else if name.eq_ignore_ascii_case(b"id") {
            (Wanted::Id, 2)
        } else {
            continue;
        };
        if !seen[slot] {
            seen[slot] = true;
            wanted.push((kind, value));
        }
    }
}

/// One attribute from its name at `at`: its name, its raw value and where the tag goes on;
/// `None` when the page ends inside it.
fn attribute(bytes: &[u8], mut at: usize) -> Option<(&[u8], &[u8], usize)> {
    let start = at;
    // The first character belongs to the name even when it is `=`.
    at += 1;
    while at < bytes.len() && !is_space(bytes[at]) && !matches!(bytes[at], b'/' | b'>' | b'=') {
        at += 1;
    }
    let name = &bytes[start..at];
    let mut value_at = at;
    while value_at < bytes.len() && is_space(bytes[value_at]) {
        value_at += 1;
    }
    if bytes.get(value_at) != Some(&b'=') {
        return Some((name, &[], at));
    }
    at = value_at + 1;
    while at < bytes.len() && is_space(bytes[at]) {
        at += 1;
    }
    match bytes.get(at)? {
        quote @ (b'"' | b'\'') => {
            let end = at + 1 + memchr(*quote, &bytes[at + 1..])?;
            Some((name, &bytes[at + 1..end], end + 1))
        }
        // Unquoted, up to a space or `>` (at once for `href=>`: an empty value).
        _ => {
            let start = at;
            while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                at += 1;
            }
            Some((name, &bytes[start..at], at))
        }
    }
}

fn is_foreign_root(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math")
}

/// Elements whose contents are text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    const RAW: [&[u8]; 9] = [
        b"script",
        b"style",
        b"title",
        b"textarea",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"plaintext",
    ];
    RAW.iter().any(|raw| name.eq_ignore_ascii_case(raw))
}

/// Where the raw text of the element `name`, starting at `from`, ends: at its end tag (`</name`
/// followed by a space, `/` or `>`, in any case), or at the end of the page.
fn end_of_raw_text(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    if name.eq_ignore_ascii_case(b"plaintext") {
        return bytes.len();
    }
    let mut at = from;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        let candidate = &bytes[open + 1..];
        let closes = candidate.first() == Some(&b'/')
            && candidate.len() > name.len()
            && candidate[1..=name.len()].eq_ignore_ascii_case(name)
            && candidate
                .get(name.len() + 1)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>');
        if closes {
            return open;
        }
        at = open + 1;
    }
    bytes.len()
}

/// An attribute value with its character references decoded.
fn decode(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if !text.contains('&') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `text` (`&…;`) stands for, and its length.
fn reference(text: &str) -> Option<(char, usize)> {
    let end = text.find(';')?;
    let body = &text[1..end];
    let c = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}')
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{A0}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attributes of `html`, which must be the same after a paragraph of text: every
    /// offset the tokenizer computes is then far from the start of the page.
    fn scan(html: &str) -> Vec<(Wanted, String)> {
        let read = |html: &str| {
            let mut found = Vec::new();
            attributes(html, |wanted, value| found.push((wanted, value)));
            found
        };
        let found = read(html);
        let after_text = format!("<p>{}</p>\n{html}", "x".repeat(64));
        assert_eq!(read(&after_text), found, "after a paragraph: {html}");
        found
    }

    fn links(html: &str) -> Vec<String> {
        scan(html)
            .into_iter()
            .filter(|(w, _)| *w == Wanted::Link)
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn reads_attributes_quoted_any_way() {
        assert_eq!(
            scan(r#"<a href="a.html" id=top><img SRC='b.png' alt="x"><link href=c.css>"#),
            [
                (Wanted::Link, "a.html".to_string()),
                (Wanted::Id, "top".to_string()),
                (Wanted::Link, "b.png".to_string()),
                (Wanted::Link, "c.css".to_string()),
            ]
        );
        assert_eq!(links(r#"<a title="x > y" href = "d.html">"#), ["d.html"]);
        assert_eq!(
            links("<a href=\"e.html?a=1&amp;b=&#x2F;2&#39;\">"),
            ["e.html?a=1&b=/2'"]
        );
        assert_eq!(
            links(r#"<a href="first.html" HREF="second.html">"#),
            ["first.html"]
        );
        assert_eq!(
            links(r#"<a data-href="no.html" xhref="no.html">"#),
            Vec::<String>::new()
        );
    }

    #[test]
    fn text_that_looks_like_a_link_is_not_one() {
        for html in [
            r#"<p>Set href="setup.html" on the link.</p>"#,
            r#"<p><code>&lt;a href="docs.html"&gt;</code></p>"#,
            r#"<p>a < b and <a href="x.html" never closed"#,
            r#"<!-- <a href="commented.html"> --><!--><a href="ok.html">"#,
            r#"<script>var s = '<a href="script.html">';</script><style>a[href="x"]{}</style>"#,
            r#"<title><a href="title.html"></title><textarea><img src="t.png"></textarea>"#,
            r#"<!DOCTYPE html><?xml href="pi.html"?>"#,
        ] {
            let found = links(html);
            assert!(found.iter().all(|l| l == "ok.html"), "{html}: {found:?}");
        }
        assert_eq!(
            links(r#"<script>x</SCRIPT ><a href="after.html">"#),
            ["after.html"]
        );
    }

    #[test]
    fn svg_elements_are_not_raw_text() {
        assert_eq!(
            links(
                r#"<svg><title>t</title><a href="in.html">x</a><style>.a{}</style></svg><title><a href="no.html"></title>"#
            ),
            ["in.html"]
        );
    }

    #[test]
    fn foreign_content_and_bogus_markup() {
        // CDATA is a section only inside `<svg>` and `<math>`; in HTML it is a bogus comment
        // that ends at the first `>`.
        assert_eq!(
            links(r#"<svg><![CDATA[ x > <a href="in-cdata.html"> ]]></svg>"#),
            Vec::<String>::new()
        );
        assert_eq!(
            links(r#"<p><![CDATA[ x > <a href="real.html"> ]]></p>"#),
            ["real.html"]
        );
        // A processing instruction is a bogus comment up to the first `>`, wherever it is.
        assert_eq!(links(r#"<?pi <a href="pi.html">?>"#), Vec::<String>::new());
        let prefix = "<p>".to_string() + &"x".repeat(40) + "</p>";
        assert_eq!(
            links(&format!(r#"{prefix}<?pi?><a href="after-pi.html">"#)),
            ["after-pi.html"]
        );
        // `</` and a non-letter opens a bogus comment: it ends at the first `>`, even inside
        // what would be a quoted value.
        assert_eq!(
            links(&format!(r#"{prefix}</ x="y><a href="in.html">"#)),
            ["in.html"]
        );
        // `<` and a non-letter is text.
        assert_eq!(
            links(r#"<p>1 < 2 href="no.html"></p>"#),
            Vec::<String>::new()
        );
    }

    #[test]
    fn only_open_svg_and_math_elements_are_foreign() {
        // A self-closed `<svg/>` leaves HTML as it was, so `<title>` is raw text after it.
        assert_eq!(
            links(r#"<svg/><title><a href="no.html"></title>"#),
            Vec::<String>::new()
        );
        // A stray `</svg>` closes nothing; the end tag of an open one is found after any
        // character (here `>` then a space).
        assert_eq!(
            links(r#"</svg><title><a href="no.html"></title><math></math>"#),
            Vec::<String>::new()
        );
        assert_eq!(
            links(r#"<svg> </svg><title><a href="no.html"></title>"#),
            Vec::<String>::new()
        );
        assert_eq!(links("</><a href=\"x.html\">"), ["x.html"]);
    }

    #[test]
    fn pages_cut_off_anywhere_end_the_scan() {
        for html in [
            "<p>text<abc",
            "<a href   ",
            "<a href=x",
            "<a href=\"x",
            "<a href=",
            "<!-- never closed <a href=\"no.html\">",
            "<!--",
            "<!",
            "<",
            "</",
            "<svg><![CDATA[ <a href=\"no.html\">",
        ] {
            assert_eq!(links(html), Vec::<String>::new(), "{html}");
        }
    }

    #[test]
    fn comments_end_where_a_browser_ends_them() {
        assert_eq!(
            links(r#"<!--><a href="a.html"><!---><a href="b.html"><!-- x --!><a href="c.html">"#),
            ["a.html", "b.html", "c.html"]
        );
        assert_eq!(links(r#"<!-- --!> <a href="d.html"> -->"#), ["d.html"]);
        assert_eq!(links(r#"<!-- --> <a href="e.html"> --!>"#), ["e.html"]);
    }

    #[test]
    fn attribute_names_and_empty_values() {
        // A name's first character is part of it even when it is `=`.
        assert_eq!(links(r#"<a = href="y.html">"#), ["y.html"]);
        assert_eq!(
            scan(r#"<a href=><a id= ><img src=z.png>"#),
            [
                (Wanted::Link, String::new()),
                (Wanted::Id, String::new()),
                (Wanted::Link, "z.png".to_string()),
            ]
        );
        assert_eq!(links(r#"<a/href="s.html">"#), ["s.html"]);
    }

    #[test]
    fn svg_and_math_change_which_elements_are_raw_text() {
        assert_eq!(
            links(r#"<svg><title><a href="in-svg.html"></title></svg>"#),
            ["in-svg.html"]
        );
        assert_eq!(
            links(r#"<math><style><a href="in-math.html"></style></math>"#),
            ["in-math.html"]
        );
        // `/` not followed by `>` does not close the tag.
        assert_eq!(
            links(r#"<svg/ ><title><a href="x.html"></title>"#),
            ["x.html"]
        );
        // In foreign content `<!` that is not CDATA is a bogus comment up to `>`.
        assert_eq!(links(r#"<svg><!x><a href="in.html"></svg>"#), ["in.html"]);
    }

    #[test]
    fn raw_text_ends_only_at_its_own_end_tag() {
        for (html, expected) in [
            (
                r#"<script><xscript><a href="in.html"></script><a href="after.html">"#,
                "after.html",
            ),
            (
                r#"<script>"</p>"<a href="in.html"></script><a href="after.html">"#,
                "after.html",
            ),
            (
                r#"<script></scriptx><a href="in.html"></script><a href="after.html">"#,
                "after.html",
            ),
            (r#"<style></style/><a href="after.html">"#, "after.html"),
            (
                r#"<textarea></textarea
><a href="after.html">"#,
                "after.html",
            ),
        ] {
            assert_eq!(links(html), [expected], "{html}");
        }
        assert_eq!(links("<script>x</scrip"), Vec::<String>::new());
    }

    #[test]
    fn named_references_a_generator_writes_are_decoded() {
        assert_eq!(
            links(r#"<a href="a&lt;b&gt;c&quot;d&apos;e&nbsp;f&amp;g">"#),
            ["a<b>c\"d'e\u{a0}f&g"]
        );
    }

    #[test]
    fn a_quoted_value_ends_at_its_closing_quote() {
        // After `"x"` comes an attribute named `="`, then `href`.
        assert_eq!(links(r#"<a title="x"=" href="y.html" ">"#), ["y.html"]);
    }
}
