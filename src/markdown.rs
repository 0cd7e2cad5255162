//! Text from data on a page, so that data can never inject markup: Markdown for free-text
//! fields (raw HTML shown as text unless the site opts in; only http, https, mailto and
//! relative URLs become links or images), and escaping for text placed in HTML, SVG and XML
//! outside templates (charts, the feed, `serve`'s error overlay).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Renders Markdown to HTML. `inline` drops the paragraph around a single-paragraph text, for
/// table cells and list items.
pub fn to_html(text: &str, allow_html: bool, inline: bool) -> String {
    let options = markdown_options();
    let mut skipped_links = 0usize;
    let mut skipped_images = 0usize;
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_url(dest_url) => {
            skipped_links += 1;
            None
        }
        Event::End(TagEnd::Link) if skipped_links > 0 => {
            skipped_links -= 1;
            None
        }
        Event::Start(Tag::Image { ref dest_url, .. }) if !is_safe_url(dest_url) => {
            skipped_images += 1;
            None
        }
        Event::End(TagEnd::Image) if skipped_images > 0 => {
            skipped_images -= 1;
            None
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    if inline {
        let trimmed = out.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return inner.to_string();
        }
    }
    out
}

/// The Markdown a page renders: CommonMark with GitHub's tables, strikethrough and task lists.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// True for http, https and mailto URLs and for relative ones; false for `javascript:`,
/// `data:` and every other scheme.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => {
            let scheme = url[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        (None, _) => !url.chars().any(char::is_control),
    }
}

/// The texts between backticks, in order: the code spans of Markdown, and the names serde and
/// the docs quote (`expected one of `a`, `b``).
pub fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Escapes text for HTML, SVG and XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON text with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`: the same
/// values for every JSON reader, but no markup for a browser that renders the file as HTML (a
/// host serving `.json` with the wrong type) or a page that inlines it in a `<script>`. Outside
/// strings, JSON has none of these characters, so a plain replacement is exact.
pub fn html_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text placed in Markdown (the Markdown reports): characters that would start markup,
/// links, HTML or a table cell are backslash-escaped, and line breaks become spaces, so a
/// value stays one piece of text on one line.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Markdown from data placed in a line of Markdown (a list item, a table cell): kept as
/// Markdown, on one line, made safe as [`safe_markdown`] makes it, with table-cell bars
/// escaped.
pub fn one_line(text: &str, allow_html: bool) -> String {
    let line = text
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    safe_markdown(&line, allow_html).replace('|', "\\|")
}

/// Markdown from data, kept as Markdown for a Markdown document (a job summary, a pull
/// request's comment) by the pages' policy ([`to_html`]): raw HTML is escaped, so that it
/// shows as text, unless the site opts in; a link or image whose URL [`is_safe_url`] refuses
/// becomes its text. Everything else is left as written.
pub fn safe_markdown(text: &str, allow_html: bool) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut label: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        // Inside a refused link: its words are kept, as text, until the first event after it.
        if let Some((outer, words)) = &mut label {
            if range.start < outer.end {
                if let Event::Text(t) | Event::Code(t) = &event {
                    words.push_str(t);
                }
                continue;
            }
            edits.push((outer.clone(), escape_inline(words)));
            label = None;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) if !allow_html => {
                let raw = &text[range.clone()];
                edits.push((range, raw.replace('<', "&lt;").replace('>', "&gt;")));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_safe_url(&dest_url) =>
            {
                label = Some((range, String::new()));
            }
            _ => {}
        }
    }
    edits.extend(label.map(|(outer, words)| (outer, escape_inline(&words))));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A URL for a Markdown link's destination: `None` when [`is_safe_url`] refuses it, else with
/// the characters that would end the destination or the link early percent-encoded.
pub fn markdown_url(url: &str) -> Option<String> {
    let url = url.trim();
    if !is_safe_url(url) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '[' | ']' | '`' | '"' | '\\' | '\'' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Text as one Markdown code span: fenced with more backticks than it holds in a row, so
/// nothing in it ends the span early, and on one line.
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text for the inside of a CSS string (`content: "…"` of a page's print header): every
/// character that could end the string or mean something to HTML (`"`, `'`, `\\`, `<`, `>`,
/// `&`) and every control character written as a CSS hex escape. What remains has nothing to
/// escape for HTML either, so data neither ends the string nor the element it is in.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\"'\\<>&".contains(c) || c.is_control() {
            out.push_str(&format!("\\{:x} ", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_stays_text() {
        assert_eq!(
            escape_inline("a|b *c* [d](e) <f>\nnext # _g_ `h`"),
            r"a\|b \*c\* \[d\](e) \<f\> next \# \_g\_ \`h\`"
        );
        assert_eq!(escape_inline("CI/CD & Helm - 2.0"), "CI/CD & Helm - 2.0");
        assert_eq!(one_line("**a**\n  b | c\r\n", false), r"**a** b \| c");
    }

    #[test]
    fn markdown_for_markdown_keeps_the_pages_policy() {
        // Raw HTML shows as text; the Markdown around it stays.
        assert_eq!(
            safe_markdown(
                "**a** <script>alert(1)</script> <img src=x onerror=alert(2)>",
                false
            ),
            "**a** &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"
        );
        assert_eq!(
            safe_markdown("<div onclick=alert(2)>\nhi\n</div>\n\ntext", false),
            "&lt;div onclick=alert(2)&gt;\nhi\n&lt;/div&gt;\n\ntext"
        );
        // Unless the site opts in, as the pages do.
        assert_eq!(safe_markdown("<abbr>SLO</abbr>", true), "<abbr>SLO</abbr>");
        // A link to a refused scheme becomes its text, however it is written; safe ones stay.
        assert_eq!(
            safe_markdown(
                "[click *me*](javascript:alert(1)) ![x](data:text/html;base64,PH) [ok](https://e.com/a) <JavaScript:alert(3)>",
                false
            ),
            r"click me x [ok](https://e.com/a) JavaScript:alert(3)"
        );
        assert_eq!(
            safe_markdown("see [a][r]\n\n[r]: javascript:alert(1)", false),
            "see a\n\n[r]: javascript:alert(1)"
        );
        // Code keeps its text: a renderer escapes it.
        assert_eq!(safe_markdown("`<b>` ok", false), "`<b>` ok");
        // Lines joined into one are checked as one line: a tag split over two lines too.
        assert_eq!(one_line("<scr\nipt>x", false), "&lt;scr ipt&gt;x");
    }

    #[test]
    fn urls_and_code_for_markdown() {
        assert_eq!(markdown_url("javascript:alert(1)"), None);
        assert_eq!(
            markdown_url("https://e.com/a b)(<c>").as_deref(),
            Some("https://e.com/a%20b%29%28%3Cc%3E")
        );
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("plain\nname"), "`plain name`");
    }

    #[test]
    fn json_carries_markup_characters_as_escapes() {
        let value = serde_json::json!({ "title": "</script><b>R&D</b>", "n": 1 });
        let json = html_safe_json(&serde_json::to_string(&value).unwrap());
        assert_eq!(
            json,
            r#"{"n":1,"title":"\u003c/script\u003e\u003cb\u003eR\u0026D\u003c/b\u003e"}"#
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json).unwrap(),
            value
        );
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn renders_markdown() {
        assert_eq!(
            to_html("**bold** `code`", false, true),
            "<strong>bold</strong> <code>code</code>"
        );
        assert_eq!(to_html("a\n\nb", false, true), "<p>a</p>\n<p>b</p>\n");
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let text = "hi <script>alert(1)</script> <b>x</b>";
        let safe = to_html(text, false, true);
        assert!(
            !safe.contains("<script>") && safe.contains("&lt;script&gt;"),
            "{safe}"
        );
        assert!(to_html(text, true, true).contains("<b>x</b>"));
    }

    #[test]
    fn tables_strikethrough_and_task_lists() {
        assert_eq!(
            to_html("| a | b |\n|---|---|\n| 1 | 2 |\n", false, false),
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n\
             <tr><td>1</td><td>2</td></tr>\n</tbody></table>\n"
        );
        assert_eq!(
            to_html("~~gone~~ kept", false, true),
            "<del>gone</del> kept"
        );
        assert_eq!(
            to_html("- [x] done\n- [ ] todo\n", false, false),
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
             <li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_dropped_link_or_image_keeps_its_text_and_nothing_else() {
        assert_eq!(
            to_html(
                "[x](javascript:alert(1)) then [ok](https://example.com)",
                false,
                true
            ),
            r#"x then <a href="https://example.com">ok</a>"#
        );
        assert_eq!(
            to_html(
                "![pic](data:image/png;base64,AA) and ![ok](/img.png)",
                false,
                true
            ),
            r#"pic and <img src="/img.png" alt="ok" />"#
        );
        // Nested: the safe part stays whole around or inside the dropped one.
        assert_eq!(
            to_html("[![inner](data:x)](https://example.com)", false, true),
            r#"<a href="https://example.com">inner</a>"#
        );
        assert_eq!(
            to_html("[![ok](/i.png)](javascript:x)", false, true),
            r#"<img src="/i.png" alt="ok" />"#
        );
        // A dropped image inside a kept image's text ends nothing: the whole text is the alt.
        assert_eq!(
            to_html("![a ![b](data:x) c](/i.png)", false, true),
            r#"<img src="/i.png" alt="a b c" />"#
        );
    }

    #[test]
    fn dangerous_urls_never_become_links() {
        let html = to_html(
            "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) ![i](data:image/png;base64,AA) [ok](https://example.com) [rel](../a.html)",
            false,
            true,
        );
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains(r#"<a href="https://example.com">ok</a>"#));
        assert!(html.contains(r#"<a href="../a.html">rel</a>"#));
        assert!(html.contains('x') && html.contains('y'));
    }

    #[test]
    fn url_schemes() {
        for ok in [
            "https://a.b",
            "http://a",
            "mailto:a@b.c",
            "docs/x.md",
            "/abs",
            "#frag",
            "a/b:c",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn code_spans_are_the_texts_between_backticks() {
        assert_eq!(
            code_spans("unknown field `pionts`, expected one of `id`, `points`"),
            ["pionts", "id", "points"]
        );
        assert_eq!(code_spans("no quotes"), Vec::<String>::new());
        assert_eq!(code_spans("`open"), ["open"]);
    }

    #[test]
    fn css_strings_keep_data_inside_their_quotes_and_the_style_element() {
        assert_eq!(css_string("Sprint 4: Tests"), "Sprint 4: Tests");
        assert_eq!(
            css_string("A & \"B\" 'C' \\ </style>"),
            r"A \26  \22 B\22  \27 C\27  \5c  \3c /style\3e "
        );
        assert_eq!(css_string("a\nb"), r"a\a b");
    }
}
