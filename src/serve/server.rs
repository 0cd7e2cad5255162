//! A small HTTP/1.1 server for `serve`, on `std::net`: a fixed pool of workers behind a bounded
//! queue, one request per connection, GET and HEAD only.
//!
//! Written here rather than kept on tiny_http, which gives every connection a thread of its
//! own without limit, reads request heads of any size and waits for them forever: 2,000 slow
//! connections made 2,008 threads, and one unterminated 64 MB header grew the process to
//! 216 MB. A preview server needs little of HTTP, and each limit below is a line of code:
//! - at most [`Limits::workers`] requests are handled at once and [`Limits::queue`] more
//!   connections wait; beyond that a connection is answered 503 at once;
//! - a request head must arrive within [`Limits::head_timeout`] of the connection's accept,
//!   however long it waited in the queue (408), and fit in [`Limits::head_bytes`] (431): a
//!   request queued behind slow connections is answered (or refused) within that time, not
//!   after each of theirs in turn;
//! - a `Host` other than a localhost name, an IP address this server can be reached at, or
//!   the name given to `--bind` is refused (403): a web page that rebinds its own DNS name to
//!   127.0.0.1 cannot read the preview;
//! - methods other than GET and HEAD get 405 with `Allow`, a path that is not UTF-8 gets 400.
//!
//! Every response closes its connection, so an idle browser connection never holds a worker.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Shared;
use super::http::{Answer, answer};

/// How much the server takes on; see the module's documentation.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub workers: usize,
    pub queue: usize,
    pub head_bytes: usize,
    pub head_timeout: Duration,
    /// How long a client may take to read a response.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            workers: 8,
            queue: 32,
            // Browsers send 1-2 KB; cookies other local apps set for `localhost` add more.
            head_bytes: 16 * 1024,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// The `Host` names a request may carry (see the module's documentation).
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    /// The address listened on: any IP address is allowed when it is unspecified (0.0.0.0),
    /// else only loopback ones and this one.
    bound: IpAddr,
    /// The name given to `--bind`, lowercase, when it was a name.
    name: Option<String>,
}

impl AllowedHosts {
    /// For a server listening on `bound`, asked to with `--bind` as written in `bind`.
    pub fn new(bound: IpAddr, bind: &str) -> AllowedHosts {
        let host = host_name(bind).to_ascii_lowercase();
        let name = (host.parse::<IpAddr>().is_err() && !host.is_empty()).then_some(host);
        AllowedHosts { bound, name }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host_name(host).trim_end_matches('.').to_ascii_lowercase();
        if host == "localhost" || host.ends_with(".localhost") || self.name.as_ref() == Some(&host)
        {
            return true;
        }
        match host.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// The host of `host[:port]`, `[v6]:port` or a bare IPv6 address.
fn host_name(text: &str) -> &str {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            host
        }
        _ => text,
    }
}

/// Serves `state` on `listener` in the background.
pub fn spawn(listener: TcpListener, state: Shared, hosts: AllowedHosts, limits: Limits) {
    let (queue, waiting): (SyncSender<Accepted>, Receiver<Accepted>) = sync_channel(limits.queue);
    let waiting = Arc::new(Mutex::new(waiting));
    let site = Arc::new((state, hosts, limits));
    for _ in 0..limits.workers.max(1) {
        let waiting = Arc::clone(&waiting);
        let site = Arc::clone(&site);
        std::thread::spawn(move || {
            loop {
                let next = match waiting.lock() {
                    Ok(receiver) => receiver.recv(),
                    Err(_) => return,
                };
                let Ok((stream, accepted)) = next else { return };
                let (state, hosts, limits) = &*site;
                handle(stream, accepted + limits.head_timeout, state, hosts, limits);
            }
        });
    }
    // Connections the workers have no room for are answered 503 by a thread of their own, so
    // that accepting never waits; when it is behind too, they are closed unanswered.
    let (refuse, refused) = sync_channel::<TcpStream>(limits.queue);
    std::thread::spawn(move || {
        for stream in refused {
            busy(stream, &limits);
        }
    });
    std::thread::spawn(move || accept_loop(&listener, &queue, &refuse));
}

/// A connection and when it was accepted, which its head's deadline counts from.
type Accepted = (TcpStream, Instant);

fn accept_loop(
    listener: &TcpListener,
    queue: &SyncSender<Accepted>,
    refuse: &SyncSender<TcpStream>,
) {
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => match queue.try_send((stream, Instant::now())) {
                Ok(()) => {}
                Err(TrySendError::Full((stream, _))) => {
                    let _ = refuse.try_send(stream);
                }
                Err(TrySendError::Disconnected(_)) => return,
            },
            // Out of file descriptors, say: wait for connections to close.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Answers a connection the workers have no room for, without reading its request.
fn busy(mut stream: TcpStream, limits: &Limits) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1).min(limits.write_timeout)));
    let reply = Reply::text(503, "the server is busy; try again").header("Retry-After", "1");
    if reply.write(&mut stream, true).is_ok() {
        linger(stream);
    }
}

/// Reads one request from `stream` (its head due by `deadline`), answers it and closes the
/// connection.
fn handle(
    mut stream: TcpStream,
    deadline: Instant,
    state: &Shared,
    hosts: &AllowedHosts,
    limits: &Limits,
) {
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let (reply, head) = match read_head(&mut stream, deadline, limits) {
        Ok(head) => (respond(&head, state, hosts), Some(head)),
        Err(HeadError::Closed) => return,
        Err(HeadError::TimedOut) => (Reply::text(408, "the request took too long"), None),
        Err(HeadError::TooLarge) => (Reply::text(431, "the request's header is too large"), None),
    };
    let body = head.as_ref().is_none_or(|h| h.method != "HEAD");
    if reply.write(&mut stream, body).is_ok() {
        linger(stream);
    }
}

/// Closes the connection after reading what the client still sends (a body, say) for a
/// moment, so that the kernel does not reset the connection before the client has read the
/// response.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut sink = [0u8; 4096];
    let mut left: usize = 64 * 1024;
    while let Ok(n @ 1..) = stream.read(&mut sink) {
        left = match left.checked_sub(n) {
            Some(left) => left,
            None => return,
        };
    }
}

/// A request's method, path and host.
#[derive(Debug)]
struct Head {
    method: String,
    /// `None` when it is not UTF-8.
    target: Option<String>,
    /// `HTTP/1.0` or `HTTP/1.1` (anything else is refused).
    version: String,
    host: Option<String>,
    /// Several `Host` fields, or a line that is not a field.
    malformed: bool,
}

enum HeadError {
    /// The client went away before sending a whole head.
    Closed,
    TimedOut,
    TooLarge,
}

/// Reads a request's head (up to the empty line) by `deadline`, within the limits. What the
/// client sent while the connection waited in the queue is read even when the deadline has
/// passed: a request that arrived in time is answered.
fn read_head(
    stream: &mut TcpStream,
    deadline: Instant,
    limits: &Limits,
) -> Result<Head, HeadError> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let _ = stream.set_read_timeout(Some(left.max(Duration::from_millis(1))));
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::TimedOut);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Closed),
        };
        // Look for the end from a little before the new bytes: it may span two reads.
        let from = buffer.len().saturating_sub(3);
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&buffer[from..]).map(|end| from + end) {
            if end > limits.head_bytes {
                return Err(HeadError::TooLarge);
            }
            return Ok(parse_head(&buffer[..end]));
        }
        if buffer.len() > limits.head_bytes {
            return Err(HeadError::TooLarge);
        }
        if Instant::now() >= deadline {
            return Err(HeadError::TimedOut);
        }
    }
}

/// Where the head ends in `bytes`: at the first empty line (`\r\n\r\n`, or `\n\n`).
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n");
    let lf = memchr::memmem::find(bytes, b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn parse_head(bytes: &[u8]) -> Head {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(|&b| b == b' ');
    let (method, target, version) = (parts.next(), parts.next(), parts.next());
    let mut head = Head {
        method: String::from_utf8_lossy(method.unwrap_or_default()).into_owned(),
        target: target.and_then(|t| String::from_utf8(t.to_vec()).ok()),
        version: String::from_utf8_lossy(version.unwrap_or_default()).into_owned(),
        host: None,
        malformed: target.is_none() || parts.next().is_some(),
    };
    for line in lines.filter(|line| !line.is_empty()) {
        let Some(colon) = memchr::memchr(b':', line) else {
            head.malformed = true;
            continue;
        };
        if line[..colon].eq_ignore_ascii_case(b"host") {
            let value = String::from_utf8_lossy(&line[colon + 1..])
                .trim()
                .to_string();
            head.malformed |= head.host.replace(value).is_some();
        }
    }
    head
}

/// The reply to a request's head: refusals first, then the site's answer.
fn respond(head: &Head, state: &Shared, hosts: &AllowedHosts) -> Reply {
    if !matches!(head.version.as_str(), "HTTP/1.0" | "HTTP/1.1") {
        return Reply::text(505, "only HTTP/1.0 and HTTP/1.1 are served");
    }
    if head.malformed {
        return Reply::text(400, "the request is malformed");
    }
    if head.method != "GET" && head.method != "HEAD" {
        return Reply::text(405, "only GET and HEAD are served").header("Allow", "GET, HEAD");
    }
    // HTTP/1.1 requires `Host`; a client without it is not a browser, and cannot be rebound.
    let host_ok = match &head.host {
        Some(host) => hosts.allows(host),
        None => head.version == "HTTP/1.0",
    };
    if !host_ok {
        let status = if head.host.is_none() { 400 } else { 403 };
        return Reply::text(
            status,
            "this server only answers requests for localhost or the address it listens on; to use another name, pass it to --bind",
        );
    }
    let Some(target) = &head.target else {
        return Reply::text(400, "the path is not UTF-8");
    };
    if !target.starts_with('/') {
        return Reply::text(400, "the path must start with `/`");
    }
    match state.read() {
        Ok(state) => Reply::from(answer(target, &state)),
        Err(_) => Reply::text(500, "the server's state is poisoned"),
    }
}

/// A response: status, headers, body.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, text: &str) -> Reply {
        Reply::from(Answer::status(status, text))
    }

    fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Writes the response (its body too unless answering HEAD).
    fn write(&self, stream: &mut TcpStream, body: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        stream.write_all(head.as_bytes())?;
        if body {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

impl From<Answer> for Reply {
    fn from(answer: Answer) -> Reply {
        let mut headers = vec![("Content-Type", answer.content_type.to_string())];
        if let Some(location) = answer.location {
            headers.push(("Location", location));
        }
        Reply {
            status: answer.status,
            headers,
            body: answer.body,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_carry_the_standard_reason_phrases() {
        for (status, phrase) in [
            (200, "OK"),
            (301, "Moved Permanently"),
            (400, "Bad Request"),
            (403, "Forbidden"),
            (404, "Not Found"),
            (405, "Method Not Allowed"),
            (408, "Request Timeout"),
            (431, "Request Header Fields Too Large"),
            (503, "Service Unavailable"),
            (505, "HTTP Version Not Supported"),
            (500, "Internal Server Error"),
        ] {
            assert_eq!(reason(status), phrase, "{status}");
        }
    }

    #[test]
    fn the_host_header_names_a_host_with_or_without_a_port() {
        assert_eq!(host_name("localhost:8080"), "localhost");
        assert_eq!(host_name(" 127.0.0.1 "), "127.0.0.1");
        assert_eq!(host_name("[::1]:8080"), "::1");
        // A bare IPv6 address has colons but no port; a port must be digits.
        assert_eq!(host_name("::1"), "::1");
        assert_eq!(host_name("example.org:http"), "example.org:http");
    }

    #[test]
    fn hosts_are_localhost_names_the_bound_address_or_the_bind_name() {
        let local = AllowedHosts::new("127.0.0.1".parse().unwrap(), "127.0.0.1:1111");
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "app.localhost",
            "127.0.0.1:1111",
            "[::1]:80",
            "localhost.",
        ] {
            assert!(local.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "10.0.0.5",
            "localhost.evil.example",
            "",
        ] {
            assert!(!local.allows(host), "{host}");
        }
        let lan = AllowedHosts::new("0.0.0.0".parse().unwrap(), "0.0.0.0:1111");
        assert!(lan.allows("192.168.1.20:1111") && !lan.allows("box.lan"));
        let named = AllowedHosts::new("192.168.1.20".parse().unwrap(), "box.lan:1111");
        assert!(named.allows("box.lan:1111") && named.allows("192.168.1.20"));
        assert!(!named.allows("10.0.0.5"));
    }

    #[test]
    fn heads_are_parsed_leniently_but_not_loosely() {
        let head = parse_head(b"GET /a%20b?x HTTP/1.1\r\nhOsT: localhost\r\nAccept: */*");
        assert_eq!(
            (
                head.method.as_str(),
                head.target.as_deref(),
                head.version.as_str()
            ),
            ("GET", Some("/a%20b?x"), "HTTP/1.1")
        );
        assert_eq!(head.host.as_deref(), Some("localhost"));
        assert!(!head.malformed);
        assert!(parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b").malformed);
        assert!(parse_head(b"GET /\xff HTTP/1.1").target.is_none());
        assert!(parse_head(b"GET  / HTTP/1.1").malformed);
        assert_eq!(head_end(b"GET / HTTP/1.0\n\nrest"), Some(14));
    }
}
