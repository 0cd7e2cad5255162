//! The HTTP client every tracker's sync goes through: ureq with rustls (no OpenSSL), HTTPS
//! only (plain `http://` only to this machine, as tests and local proxies use), the proxy of
//! `HTTPS_PROXY` (or `ALL_PROXY`, `HTTP_PROXY`, with `NO_PROXY`), timeouts, and retries with
//! backoff when the service asks to slow down (429, honouring `Retry-After`, and the rate
//! limits GraphQL APIs report in their answers) or fails for a while (5xx). Every failure
//! becomes one error that names the request and says what to do. `sprintgen notify` posts to
//! chat webhooks through it too ([`Client::webhook`]): a webhook's address is its secret, so
//! its errors name the address without its path.

use std::net::IpAddr;
use std::time::Duration;

use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// What the client says about one tracker in its errors.
pub struct Service {
    /// "Jira".
    pub name: &'static str,
    /// What to check when the credentials are refused (401): the variables to set.
    pub credentials: &'static str,
    /// What a 403 usually means for this service.
    pub permission: &'static str,
}

/// Retries after the first attempt: five attempts in all.
const RETRIES: u32 = 4;
/// The longest wait the client accepts: a service that asks for more is reported.
const LONGEST_WAIT: Duration = Duration::from_secs(300);
/// The largest answer read (a page of issues with their changelogs is a few megabytes).
const BODY_LIMIT: u64 = 256 * 1024 * 1024;

/// A client for one service at one address, with the credentials of one request header.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    /// How errors name the address: the base, or a webhook's without its secret path.
    shown: String,
    /// The `Authorization` header; none when empty (a webhook's address is its credential).
    authorization: String,
    service: Service,
    /// What a 404 did not find: "board 7 at https://acme.atlassian.net".
    subject: String,
    sleep: Box<dyn Fn(Duration)>,
}

/// One request, named for errors by its method and path: `GET /rest/api/3/field`.
struct Request<'a> {
    path: &'a str,
    query: &'a [(&'a str, String)],
    body: Option<&'a Value>,
    /// What a 404 did not find, when not the client's subject.
    subject: Option<&'a str>,
    /// A 404 is an answer (JSON `null`), not an error.
    optional: bool,
}

impl Request<'_> {
    /// `GET /rest/api/3/field`; a GraphQL request names its endpoint in full.
    fn name(&self, base: &str) -> String {
        let method = if self.body.is_some() { "POST" } else { "GET" };
        match self.path {
            "" => format!("{method} {base}"),
            path => format!("{method} {path}"),
        }
    }
}

/// What came back, as far as the client looks at it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    /// Where a redirect points.
    pub location: Option<String>,
    pub body: String,
}

impl Client {
    /// A client for the service at `base` (an address such as `https://acme.atlassian.net`),
    /// sending `authorization` as the `Authorization` header.
    pub fn new(
        base: &str,
        authorization: String,
        service: Service,
        subject: String,
    ) -> Result<Client, Diagnostic> {
        let (base, loopback) = checked_base(base).map_err(|message| {
            Diagnostic::error(message).with_hint(
                "sprintgen sends credentials only over HTTPS; plain http:// only to this machine (localhost, 127.0.0.1, ::1)",
            )
        })?;
        Ok(Client {
            agent: agent(loopback),
            shown: base.clone(),
            base,
            authorization,
            service,
            subject,
            sleep: Box::new(std::thread::sleep),
        })
    }

    /// A client for the incoming webhook at `url`, which it posts to ([`Client::deliver`]).
    /// The address is a secret (whoever has it can post to the channel): no error, not even
    /// one about the address itself, shows more of it than its scheme and host.
    pub fn webhook(url: &str, service: Service) -> Result<Client, Diagnostic> {
        let shown = redacted(url);
        let (base, loopback) = checked_base(url).map_err(|_| {
            Diagnostic::error(format!(
                "the webhook's address ({shown}) is not an HTTPS address"
            ))
            .with_hint("copy the whole address the service gave, starting with https://; plain http:// only to this machine (localhost, 127.0.0.1, ::1)")
        })?;
        Ok(Client {
            agent: agent(loopback),
            base,
            shown,
            authorization: String::new(),
            subject: "the webhook".to_string(),
            service,
            sleep: Box::new(std::thread::sleep),
        })
    }

    /// The same client waiting through `sleep` instead of the clock's time (tests record the
    /// waits rather than sit through them).
    pub fn with_sleeper(self, sleep: impl Fn(Duration) + 'static) -> Client {
        Client {
            sleep: Box::new(sleep),
            ..self
        }
    }

    /// `GET path?query`, as JSON.
    pub fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Value, Diagnostic> {
        self.request(&Request {
            path,
            query,
            body: None,
            subject: None,
            optional: false,
        })
    }

    /// `GET path?query`, as JSON; `None` when the service answers 404 (something not every
    /// service has, which the caller can do without).
    pub fn get_if_any(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Option<Value>, Diagnostic> {
        let value = self.request(&Request {
            path,
            query,
            body: None,
            subject: None,
            optional: true,
        })?;
        Ok(Some(value).filter(|v| !v.is_null()))
    }

    /// `GET path?query` of something other than the client's subject, named `subject` (an
    /// issue of the board).
    pub fn get_about(
        &self,
        subject: &str,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Value, Diagnostic> {
        self.request(&Request {
            path,
            query,
            body: None,
            subject: Some(subject),
            optional: false,
        })
    }

    /// `POST path` with a JSON body, as JSON.
    pub fn post(&self, path: &str, body: &Value) -> Result<Value, Diagnostic> {
        self.request(&Request {
            path,
            query: &[],
            body: Some(body),
            subject: None,
            optional: false,
        })
    }

    /// A GraphQL query's `data`; the errors GraphQL reports in a successful answer become the
    /// errors their HTTP statuses would (not found, not allowed, not authenticated).
    pub fn graphql(&self, query: &str, variables: Value) -> Result<Value, Diagnostic> {
        let body = serde_json::json!({ "query": query, "variables": variables });
        let answer = self.post("", &body)?;
        let request = &self.graphql_request();
        if let Some(error) = answer.pointer("/errors/0") {
            return Err(self.graphql_error(request, error));
        }
        answer
            .get("data")
            .filter(|d| d.is_object())
            .cloned()
            .ok_or_else(|| self.undocumented(request, "no `data`"))
    }

    /// How errors name a GraphQL request: `POST https://api.github.com/graphql`.
    pub fn graphql_request(&self) -> String {
        format!("POST {}", self.shown)
    }

    fn graphql_error(&self, request: &str, error: &Value) -> Diagnostic {
        let kind = [error.get("type"), error.pointer("/extensions/code")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("no message");
        let service = self.service.name;
        match kind.as_str() {
            "NOT_FOUND" | "ENTITY_NOT_FOUND" => Diagnostic::error(format!(
                "{} was not found: {message}",
                self.subject
            ))
            .with_hint(
                "check the name and the number; a project the token cannot see is not found either",
            ),
            "AUTHENTICATION_ERROR" | "UNAUTHENTICATED" => {
                Diagnostic::error(format!("{service} refused the credentials: {message}"))
                    .with_hint(self.service.credentials)
            }
            "FORBIDDEN" | "INSUFFICIENT_SCOPES" => Diagnostic::error(format!(
                "{service} does not let these credentials read {}: {message}",
                self.subject
            ))
            .with_hint(self.service.permission),
            _ => Diagnostic::error(format!("{service} refused {request}: {message}")),
        }
    }

    /// The error for an answer that is not what the service documents, naming the request.
    pub fn undocumented(&self, request: &str, what: &str) -> Diagnostic {
        Diagnostic::error(format!(
            "{request} answered with something {} does not document: {what}",
            self.service.name
        ))
        .with_hint(format!(
            "check that {} is {}'s address; if it is, the service has changed: please report it",
            self.shown, self.service.name
        ))
    }

    fn request(&self, request: &Request) -> Result<Value, Diagnostic> {
        let answer = self.exchange(request)?;
        self.judge(request, &answer)
    }

    /// `POST` of `body` to the webhook; the service's answer as text (Slack answers `ok`,
    /// Teams `1` or nothing). Any status but a success is an error with what the service said.
    pub fn deliver(&self, body: &Value) -> Result<String, Diagnostic> {
        let request = Request {
            path: "",
            query: &[],
            body: Some(body),
            subject: None,
            optional: false,
        };
        let answer = self.exchange(&request)?;
        match answer.status {
            200..=299 => Ok(answer.body),
            _ => Err(self.refused(&request, &answer)),
        }
    }

    /// The error for a webhook's answer that is not a success, with what the service said.
    fn refused(&self, request: &Request, answer: &Answer) -> Diagnostic {
        let service = self.service.name;
        let said = error_words(&answer.body)
            .or_else(|| said(&answer.body))
            .unwrap_or_else(|| "no reason given".to_string());
        let head = format!("HTTP {} to {}", answer.status, request.name(&self.shown));
        let (message, hint) = match answer.status {
            300..=399 => (
                format!("{service} redirected the message ({head})"),
                "use the address the service gives for its webhook; sprintgen does not follow redirects",
            ),
            400 | 413 | 422 => (
                format!("{service} refused the message ({head}): {said}"),
                "this is a bug in sprintgen; please report it with what `--dry-run` prints",
            ),
            401 | 403 | 404 | 410 => (
                format!("{service} refused the message ({head}): {said}"),
                self.service.credentials,
            ),
            429 => (
                format!(
                    "{service} still limits the rate after {} attempts ({head}): {said}",
                    RETRIES + 1
                ),
                "post again later",
            ),
            500..=599 => (
                format!("{service} failed {} times ({head}): {said}", RETRIES + 1),
                "the service has trouble: the next scheduled run posts again",
            ),
            _ => (
                format!("{service} refused the message ({head}): {said}"),
                self.service.permission,
            ),
        };
        Diagnostic::error(message).with_hint(hint)
    }

    /// Sends `request` until its answer stands: again after a rate limit or a failure of the
    /// service, waiting as [`retry_wait`] says.
    fn exchange(&self, request: &Request) -> Result<Answer, Diagnostic> {
        let mut attempt = 0;
        loop {
            let answer = self.send(request)?;
            match retry_wait(&answer, attempt, jiff::Timestamp::now()) {
                Wait::Retry(wait) => {
                    (self.sleep)(wait);
                    attempt += 1;
                }
                Wait::Final => return Ok(answer),
                Wait::TooLong(wait) => {
                    return Err(Diagnostic::error(format!(
                        "{} asks to wait {} s before {} again (HTTP {})",
                        self.service.name,
                        wait.as_secs(),
                        request.name(&self.shown),
                        answer.status
                    ))
                    .with_hint("its rate limit is spent for now: try again later"));
                }
            }
        }
    }

    fn send(&self, request: &Request) -> Result<Answer, Diagnostic> {
        let url = format!("{}{}", self.base, request.path);
        let sent = match request.body {
            None => {
                let mut get = self.agent.get(&url);
                if !self.authorization.is_empty() {
                    get = get.header("Authorization", &self.authorization);
                }
                get.header("Accept", "application/json")
                    .query_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())))
                    .call()
            }
            Some(body) => {
                let mut post = self.agent.post(&url);
                if !self.authorization.is_empty() {
                    post = post.header("Authorization", &self.authorization);
                }
                post.header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .send(body.to_string())
            }
        };
        let mut response = sent.map_err(|e| {
            Diagnostic::error(format!(
                "cannot reach {} for {}: {}",
                self.shown,
                request.name(&self.shown),
                e.to_string().replace(&self.base, &self.shown)
            ))
            .with_hint(
                "check the address and the network; behind a proxy, set HTTPS_PROXY (hosts to reach directly go in NO_PROXY)",
            )
        })?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (retry_after, location) = (header("retry-after"), header("location"));
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|e| {
                Diagnostic::error(format!(
                    "the answer to {} from {} broke off: {}",
                    request.name(&self.shown),
                    self.shown,
                    e.to_string().replace(&self.base, &self.shown)
                ))
                .with_hint("run the sync again; the network or the service had a problem")
            })?;
        Ok(Answer {
            status,
            retry_after,
            location,
            body,
        })
    }

    /// The answer's JSON, or the error its status means.
    fn judge(&self, request: &Request, answer: &Answer) -> Result<Value, Diagnostic> {
        let name = request.name(&self.shown);
        let service = self.service.name;
        let status = format!("HTTP {}", answer.status);
        let error = match answer.status {
            200..=299 => {
                return serde_json::from_str(&answer.body).map_err(|e| {
                    self.undocumented(&name, &format!("its answer is not JSON ({e})"))
                });
            }
            404 if request.optional => return Ok(Value::Null),
            300..=399 => Diagnostic::error(format!(
                "{name} was redirected to {} ({status})",
                answer.location.as_deref().unwrap_or("an address it does not give")
            ))
            .with_hint(format!(
                "use the address {service} redirects to; sprintgen does not follow redirects, so credentials go nowhere else"
            )),
            401 => Diagnostic::error(format!(
                "{service} refused the credentials ({status} to {name})"
            ))
            .with_hint(self.service.credentials),
            403 => Diagnostic::error(format!(
                "{service} does not let these credentials read {} ({status} to {name})",
                self.subject
            ))
            .with_hint(self.service.permission),
            404 => Diagnostic::error(format!(
                "{} was not found ({status} to {name})",
                request.subject.unwrap_or(&self.subject)
            ))
            .with_hint(format!(
                "check the address and the id; {service} also answers 404 for what the credentials may not see"
            )),
            429 => Diagnostic::error(format!(
                "{service} still limits the rate after {} attempts ({status} to {name})",
                RETRIES + 1
            ))
            .with_hint("run the sync again later"),
            500..=599 => Diagnostic::error(format!(
                "{service} failed {} times ({status} to {name})",
                RETRIES + 1
            ))
            .with_hint("the service has trouble: the next scheduled sync tries again"),
            _ => match first_graphql_error(&answer.body) {
                Some(error) => self.graphql_error(&name, &error),
                None => Diagnostic::error(format!(
                    "{service} refused {name} ({status}){}",
                    error_words(&answer.body)
                        .map(|w| format!(": {w}"))
                        .unwrap_or_default()
                )),
            },
        };
        Err(error)
    }
}

/// The agent every client sends with: HTTPS only (but to this machine), no redirects
/// followed (credentials go nowhere else), the environment's proxy, timeouts.
fn agent(loopback: bool) -> ureq::Agent {
    // A proxy is for reaching the internet: this machine is reached directly.
    let proxy = if loopback {
        None
    } else {
        ureq::Proxy::try_from_env()
    };
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .https_only(!loopback)
        .max_redirects(0)
        .proxy(proxy)
        .user_agent(format!("sprintgen/{}", env!("CARGO_PKG_VERSION")))
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(120)))
        .timeout_recv_body(Some(Duration::from_secs(300)))
        .build()
        .new_agent()
}

/// A secret address as errors may show it: its scheme and host, the rest elided
/// (`https://hooks.slack.com/…`).
pub fn redacted(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials before the host are a secret too.
    let host = host.rsplit('@').next().unwrap_or_default();
    match scheme {
        "" => "an address without a scheme".to_string(),
        scheme => format!("{scheme}://{host}/…"),
    }
}

/// The base address without a trailing `/`, and whether it is this machine; an error unless
/// it is `https://`, or `http://` to this machine.
pub fn checked_base(url: &str) -> Result<(String, bool), String> {
    let base = url.trim().trim_end_matches('/');
    let uri: ureq::http::Uri = base
        .parse()
        .map_err(|_| format!("`{url}` is not an address such as https://acme.atlassian.net"))?;
    let host = uri.host().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match uri.scheme_str() {
        _ if host.is_empty() => Err(format!(
            "`{url}` is not an address such as https://acme.atlassian.net"
        )),
        Some("https") => Ok((base.to_string(), loopback)),
        Some("http") if loopback => Ok((base.to_string(), true)),
        Some("http") => Err(format!("`{url}` is not HTTPS")),
        _ => Err(format!(
            "`{url}` is not an address such as https://acme.atlassian.net"
        )),
    }
}

/// Whether to try again, and after how long.
#[derive(Debug, PartialEq)]
pub enum Wait {
    Retry(Duration),
    /// The answer stands (a success, or an error that trying again would not change).
    Final,
    /// The service asks for a longer wait than the client accepts.
    TooLong(Duration),
}

/// What to do after `answer`, the answer to attempt `retries + 1`: a rate limit (429, or a
/// GraphQL rate-limit error) waits as `Retry-After` says (seconds or an HTTP date, read
/// against `now`), else backs off; a server error (5xx) backs off: 1, 2, 4, 8 s.
pub fn retry_wait(answer: &Answer, retries: u32, now: jiff::Timestamp) -> Wait {
    let limited = answer.status == 429
        || (answer.status == 403 && answer.retry_after.is_some())
        || graphql_rate_limited(&answer.body);
    let failed = (500..=599).contains(&answer.status);
    if !(limited || failed) || retries >= RETRIES {
        return Wait::Final;
    }
    let backoff = Duration::from_secs(1 << retries);
    let wait = answer
        .retry_after
        .as_deref()
        .and_then(|value| retry_after(value, now))
        .unwrap_or(backoff);
    if wait > LONGEST_WAIT {
        Wait::TooLong(wait)
    } else {
        Wait::Retry(wait)
    }
}

/// `Retry-After`: a number of seconds, or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
fn retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let seconds = at.as_second().saturating_sub(now.as_second()).max(0);
    Some(Duration::from_secs(seconds.unsigned_abs()))
}

/// GitHub (`"type": "RATE_LIMITED"`) and Linear (`"code": "RATELIMITED"`) report a spent
/// rate limit as a GraphQL error.
fn graphql_rate_limited(body: &str) -> bool {
    if !body.contains("RATE") {
        return false;
    }
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return false;
    };
    value
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|e| {
            e.get("type").and_then(Value::as_str) == Some("RATE_LIMITED")
                || e.pointer("/extensions/code").and_then(Value::as_str) == Some("RATELIMITED")
        })
}

/// A short text answer as an error's reason (Slack answers `invalid_blocks`, Teams a sentence):
/// its first line, cut at 300 characters; none for an empty answer or an HTML page.
fn said(body: &str) -> Option<String> {
    let line = body.trim().lines().next()?.trim();
    if line.is_empty() || line.starts_with('<') {
        return None;
    }
    let mut cut: String = line.chars().take(300).collect();
    if cut.len() < line.len() {
        cut.push('…');
    }
    Some(cut)
}

/// The first error of a GraphQL answer that names its kind (Linear answers some with HTTP 400).
fn first_graphql_error(body: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(body).ok()?;
    let error = value.pointer("/errors/0")?;
    (error.get("type").is_some() || error.pointer("/extensions/code").is_some())
        .then(|| error.clone())
}

/// The messages of an error answer: Jira's `errorMessages`, a GraphQL or REST `message`.
fn error_words(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let mut words: Vec<&str> = value
        .get("errorMessages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let errors = value.get("errors").and_then(Value::as_array);
    words.extend(
        errors
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("message").and_then(Value::as_str)),
    );
    words.extend(value.get("message").and_then(Value::as_str));
    (!words.is_empty()).then(|| words.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<&str>, body: &str) -> Answer {
        Answer {
            status,
            retry_after: retry_after.map(str::to_string),
            location: None,
            body: body.to_string(),
        }
    }

    fn now() -> jiff::Timestamp {
        "2026-04-20T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn rate_limits_wait_as_asked_and_failures_back_off() {
        let secs = |s| Wait::Retry(Duration::from_secs(s));
        assert_eq!(retry_wait(&answer(429, Some("7"), ""), 0, now()), secs(7));
        let date = Some("Mon, 20 Apr 2026 10:00:30 GMT");
        assert_eq!(retry_wait(&answer(429, date, ""), 0, now()), secs(30));
        // A date already past: try again at once.
        let past = Some("Mon, 20 Apr 2026 09:00:00 GMT");
        assert_eq!(retry_wait(&answer(429, past, ""), 0, now()), secs(0));
        assert_eq!(retry_wait(&answer(429, None, ""), 2, now()), secs(4));
        assert_eq!(retry_wait(&answer(503, None, ""), 0, now()), secs(1));
        assert_eq!(retry_wait(&answer(500, None, ""), 3, now()), secs(8));
        assert_eq!(retry_wait(&answer(502, Some("2"), ""), 1, now()), secs(2));
        // GitHub's secondary rate limit is a 403 with Retry-After; a plain 403 is final.
        assert_eq!(retry_wait(&answer(403, Some("3"), ""), 0, now()), secs(3));
        assert_eq!(retry_wait(&answer(403, None, ""), 0, now()), Wait::Final);
    }

    #[test]
    fn after_four_retries_the_answer_stands() {
        assert_eq!(retry_wait(&answer(503, None, ""), 4, now()), Wait::Final);
        assert_eq!(
            retry_wait(&answer(429, Some("1"), ""), 4, now()),
            Wait::Final
        );
        for status in [200, 400, 401, 404] {
            assert_eq!(
                retry_wait(&answer(status, Some("1"), "{}"), 0, now()),
                Wait::Final
            );
        }
        assert_eq!(
            retry_wait(&answer(429, Some("301"), ""), 0, now()),
            Wait::TooLong(Duration::from_secs(301))
        );
    }

    #[test]
    fn graphql_rate_limits_are_read_from_the_answer() {
        let github = r#"{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded"}]}"#;
        let linear =
            r#"{"errors":[{"message":"Rate limit exceeded","extensions":{"code":"RATELIMITED"}}]}"#;
        let other = r#"{"errors":[{"type":"NOT_FOUND","message":"RATE"}]}"#;
        assert_eq!(
            retry_wait(&answer(200, None, github), 0, now()),
            Wait::Retry(Duration::from_secs(1))
        );
        assert_eq!(
            retry_wait(&answer(400, None, linear), 1, now()),
            Wait::Retry(Duration::from_secs(2))
        );
        assert_eq!(retry_wait(&answer(200, None, other), 0, now()), Wait::Final);
    }

    #[test]
    fn only_https_or_http_to_this_machine() {
        let ok = |url: &str| checked_base(url).map_err(|e| e.to_string());
        assert_eq!(
            ok("https://acme.atlassian.net/"),
            Ok(("https://acme.atlassian.net".into(), false))
        );
        assert_eq!(
            ok("http://127.0.0.1:8080"),
            Ok(("http://127.0.0.1:8080".into(), true))
        );
        assert_eq!(ok("http://[::1]:80"), Ok(("http://[::1]:80".into(), true)));
        assert_eq!(
            ok("http://localhost"),
            Ok(("http://localhost".into(), true))
        );
        assert_eq!(
            ok("http://acme.atlassian.net"),
            Err("`http://acme.atlassian.net` is not HTTPS".into())
        );
        assert_eq!(
            ok("http://127.0.0.1.example.com"),
            Err("`http://127.0.0.1.example.com` is not HTTPS".into())
        );
        assert!(ok("acme.atlassian.net").is_err());
        assert!(ok("ftp://acme.atlassian.net").is_err());
    }

    #[test]
    fn a_webhook_s_address_shows_only_its_scheme_and_host() {
        assert_eq!(
            redacted("https://hooks.slack.com/services/T0/B0/XXXX"),
            "https://hooks.slack.com/…"
        );
        assert_eq!(
            redacted(" https://user:pw@example.org?key=1 "),
            "https://example.org/…"
        );
        assert_eq!(redacted("hooks.slack.com/x"), "an address without a scheme");
        let service = Service {
            name: "Slack",
            credentials: "",
            permission: "",
        };
        let error = Client::webhook("http://hooks.slack.com/services/SECRET", service)
            .err()
            .unwrap();
        assert_eq!(
            error.message,
            "the webhook's address (http://hooks.slack.com/…) is not an HTTPS address"
        );
        assert_eq!(said("invalid_blocks\nmore"), Some("invalid_blocks".into()));
        assert_eq!(said("<html><body>"), None);
        assert_eq!(said(" "), None);
    }

    #[test]
    fn error_answers_are_read_for_their_messages() {
        assert_eq!(
            error_words(
                r#"{"errorMessages":["The value 'x' does not exist for the field 'sprint'."],"errors":{}}"#
            ),
            Some("The value 'x' does not exist for the field 'sprint'.".into())
        );
        assert_eq!(
            error_words(r#"{"message":"Bad credentials"}"#),
            Some("Bad credentials".into())
        );
        assert_eq!(error_words("<html>"), None);
    }
}
