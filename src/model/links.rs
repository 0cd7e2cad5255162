//! Links from an item to the tracker it comes from: a template per site or team (`item_url =
//! "https://example.atlassian.net/browse/{id}"`), and an item's own `url`, which wins. Both
//! are checked as they are read, so a page never links to a `javascript:` URL or a template
//! that forgot where the id goes.

use serde::Deserialize;

use super::{Item, Site, Team};

/// Where the item's id goes in an `item_url` template.
pub const ID_PLACEHOLDER: &str = "{id}";

/// Whether `url` is an absolute http or https URL with a host, and nothing in it that would
/// end it in HTML or Markdown (spaces, quotes, `<`, `>`): what an item's link may be.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"`\\".contains(c))
}

/// Reads an `item_url` template: an http(s) URL with `{id}` in it.
pub fn item_url_template<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let url = String::deserialize(deserializer)?;
    if !is_http_url(&url) {
        return Err(serde::de::Error::custom(format!(
            "`item_url` must be an http or https URL, such as \"https://example.atlassian.net/browse/{{id}}\", not `{url}`"
        )));
    }
    if !url.contains(ID_PLACEHOLDER) {
        return Err(serde::de::Error::custom(format!(
            "`item_url` needs `{{id}}` where the item's id goes, such as \"https://example.atlassian.net/browse/{{id}}\"; `{url}` has none"
        )));
    }
    Ok(Some(url))
}

/// Reads an item's `url`: an http(s) URL.
pub fn item_url<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Box<str>>, D::Error> {
    let url = String::deserialize(deserializer)?;
    if is_http_url(&url) {
        Ok(Some(url.into_boxed_str()))
    } else {
        Err(serde::de::Error::custom(format!(
            "an item's `url` must be an http or https URL, such as \"https://github.com/org/repo/issues/12\", not `{url}`"
        )))
    }
}

/// The template with the id in place of `{id}`, the id percent-encoded so that any id makes
/// one path segment.
pub fn fill(template: &str, id: &str) -> String {
    let mut encoded = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    template.replace(ID_PLACEHOLDER, &encoded)
}

impl Site {
    /// Where an item of `team` opens in the tracker: its own `url`, else the team's
    /// `item_url`, else the site's, filled with its id; none without any.
    pub fn item_link(&self, team: &Team, item: &Item) -> Option<String> {
        if let Some(url) = &item.url {
            return Some(url.to_string());
        }
        let template = team
            .config
            .item_url
            .as_deref()
            .or(self.config.item_url.as_deref())?;
        Some(fill(template, item.id.get_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_fills_the_template_as_one_path_segment() {
        let jira = "https://example.atlassian.net/browse/{id}";
        assert_eq!(
            fill(jira, "LT-1"),
            "https://example.atlassian.net/browse/LT-1"
        );
        assert_eq!(
            fill("https://t.example/{id}?from={id}", "a b/c#1é"),
            "https://t.example/a%20b%2Fc%231%C3%A9?from=a%20b%2Fc%231%C3%A9"
        );
    }

    #[test]
    fn only_http_urls_with_a_host_are_links() {
        for good in ["https://x.example/a", "http://x", "https://x.example/{id}"] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "ftp://x.example/a",
            "https://",
            "https:///path",
            "//x.example/a",
            "https://x.example/a b",
            "https://x.example/<a>",
            "https://x.example/a\"b",
            "x.example/{id}",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn an_items_own_url_wins_over_the_teams_template_and_the_team_over_the_site() {
        let mut site = Site {
            config: toml::from_str("title = \"T\"\nitem_url = \"https://site.example/{id}\"")
                .unwrap(),
            teams: Vec::new(),
            releases: Vec::new(),
            pages: Vec::new(),
            theme: Default::default(),
            sources: Vec::new(),
        };
        let team = |config: &str| Team {
            slug: "t".into(),
            file: 0,
            config: toml::from_str(config).unwrap(),
            sprints: Vec::new(),
        };
        let item = |extra: &str| -> Item {
            toml::from_str(&format!("id = \"A-1\"\ntitle = \"a\"\n{extra}")).unwrap()
        };
        let plain = team("name = \"T\"");
        let own = team("name = \"T\"\nitem_url = \"https://team.example/browse/{id}\"");
        assert_eq!(
            site.item_link(&plain, &item("")).as_deref(),
            Some("https://site.example/A-1")
        );
        assert_eq!(
            site.item_link(&own, &item("")).as_deref(),
            Some("https://team.example/browse/A-1")
        );
        assert_eq!(
            site.item_link(&own, &item("url = \"https://gh.example/o/r/issues/3\""))
                .as_deref(),
            Some("https://gh.example/o/r/issues/3")
        );
        site.config.item_url = None;
        assert_eq!(site.item_link(&plain, &item("")), None);
    }

    #[test]
    fn a_template_without_its_placeholder_or_with_another_scheme_is_refused() {
        let read = |value: &str| {
            toml::from_str::<super::super::TeamConfig>(&format!(
                "name = \"T\"\nitem_url = \"{value}\""
            ))
            .map_err(|e| e.message().to_string())
        };
        assert!(read("https://x.example/browse/{id}").is_ok());
        assert!(
            read("https://x.example/browse/")
                .unwrap_err()
                .contains("needs `{id}` where the item's id goes")
        );
        assert!(
            read("javascript:alert('{id}')")
                .unwrap_err()
                .contains("must be an http or https URL")
        );
        let item = toml::from_str::<Item>("id = \"A\"\ntitle = \"a\"\nurl = \"data:text/html,x\"")
            .map_err(|e| e.message().to_string());
        assert!(
            item.unwrap_err()
                .contains("an item's `url` must be an http or https URL")
        );
    }
}
