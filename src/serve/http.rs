//! The dev server's HTTP side: serves the in-memory site, refuses paths
//! that leave it, redirects `/x` to `/x/`, answers unknown paths with the
//! site's 404 page, and injects the live-reload script (and the error
//! overlay while the site has problems) into HTML responses only here, so
//! rendered files never contain them.
//!
//! Bound to a loopback address, it answers only requests for a loopback
//! host name: a page on another site can point a name it controls at
//! 127.0.0.1 (DNS rebinding) and read the preview, but its requests still
//! carry that name in `Host`.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use crate::diag::Diagnostics;
use crate::markdown::escape_html;
use crate::output::{MemoryOutput, Stored};

/// Where the server's own endpoints live; no site file can be there.
pub(crate) const PREFIX: &str = "/__sitrep/";

/// The browser side of live reload: listens for server-sent events, reloads
/// when the shown page changed, swaps stylesheets in place, and shows or
/// hides the error overlay.
const LIVE_JS: &str = include_str!("live.js");

/// A message to the open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// These URL paths changed; `None` means too many to list.
    Reload(Option<Vec<String>>),
    /// Only these stylesheets changed (URL paths).
    Css(Vec<String>),
    /// The site has problems: the overlay's HTML.
    Problems(String),
    /// The problems are fixed.
    Fixed,
}

impl Notice {
    fn event(&self) -> Event {
        fn json<T: serde::Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap_or_else(|_| "null".into())
        }
        match self {
            Notice::Reload(paths) => Event::default().event("reload").data(json(paths)),
            Notice::Css(paths) => Event::default().event("css").data(json(paths)),
            Notice::Problems(html) => Event::default().event("problems").data(json(html)),
            Notice::Fixed => Event::default().event("fixed").data("{}"),
        }
    }
}

/// Who the server answers, and how many live-reload streams it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Access {
    /// Answer only requests whose `Host` is a loopback name (see
    /// [`is_loopback_host`]): true when bound to a loopback address.
    pub loopback_only: bool,
    /// Event streams open at once; one more gets a 503.
    pub max_event_streams: usize,
}

/// What the HTTP side shares with the rebuild loop.
pub(crate) struct Shared {
    /// The served site (written by the rebuild loop).
    pub out: MemoryOutput,
    /// The site's base path, `/` or `/digest/`.
    pub base: RwLock<String>,
    /// The overlay shown while the site has problems.
    overlay: RwLock<Option<String>>,
    /// One sender per open event stream.
    clients: Mutex<Vec<mpsc::UnboundedSender<Notice>>>,
    access: Access,
}

impl Shared {
    /// Shares `out`, served under `base`, to the clients `access` allows.
    pub(crate) fn new(out: MemoryOutput, base: String, access: Access) -> Self {
        Shared {
            out,
            base: RwLock::new(base),
            overlay: RwLock::new(None),
            clients: Mutex::new(Vec::new()),
            access,
        }
    }

    /// Sets the problems shown in the overlay (none hides it) and tells the
    /// open pages when that changes.
    pub(crate) fn set_problems(&self, problems: &Diagnostics) {
        let html = (!problems.0.is_empty()).then(|| overlay_html(problems));
        let Ok(mut overlay) = self.overlay.write() else {
            return;
        };
        if *overlay == html {
            return;
        }
        *overlay = html.clone();
        drop(overlay);
        self.notify(&html.map_or(Notice::Fixed, Notice::Problems));
    }

    /// Sends a notice to every open page.
    pub(crate) fn notify(&self, notice: &Notice) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(notice.clone()).is_ok());
        }
    }

    /// Ends every event stream (on shutdown, so connections can close).
    pub(crate) fn close_streams(&self) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.clear();
        }
    }

    fn base(&self) -> String {
        self.base
            .read()
            .map(|b| b.clone())
            .unwrap_or_else(|_| "/".into())
    }

    fn overlay(&self) -> Option<String> {
        self.overlay.read().ok().and_then(|o| o.clone())
    }
}

/// The overlay listing problems: file, line, message, hint.
pub(crate) fn overlay_html(problems: &Diagnostics) -> String {
    let mut items = String::new();
    for d in &problems.0 {
        let place = match d.line {
            Some(l) => format!("{}:{l}", d.file.display()),
            None => d.file.display().to_string(),
        };
        items.push_str(&format!(
            "<li><code>{}</code> {}{}</li>",
            escape_html(&place),
            escape_html(&d.message),
            d.hint
                .as_deref()
                .map(|h| format!("<br><small>{}</small>", escape_html(h)))
                .unwrap_or_default()
        ));
    }
    format!(
        "<div id=\"sitrep-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem\">\
<h2 style=\"color:#ff8080;margin-top:0\">sitrep: the site has {} problem{}</h2><ul>{items}</ul>\
<p>The last good version of the site is still served; saving a fix removes this.</p></div>",
        problems.0.len(),
        if problems.0.len() == 1 { "" } else { "s" },
    )
}

/// The router: the server's endpoints, then the site.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file of the site, by output path.
    File(String),
    /// Redirect to this location.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// Outside the site, or not a path at all.
    Refused,
}

/// Decodes `%XX` escapes; `None` on a bad escape or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes a path for a URL, leaving `/` and unreserved characters.
pub(crate) fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Maps a request path (as sent, percent-encoded) to a site file under
/// `base`. `exists` says whether the site has an output path.
pub(crate) fn resolve(raw: &str, base: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Some(path) = percent_decode(raw) else {
        return Target::Refused;
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Target::Refused;
    };
    if path.contains(['\\', '\0']) {
        return Target::Refused;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        let drive = i == 0 && seg.len() == 2 && seg.ends_with(':');
        if *seg == ".." || *seg == "." || (seg.is_empty() && i != last) || drive {
            return Target::Refused;
        }
    }
    let rel = match path.strip_prefix(base) {
        Some(rel) => rel,
        None if path == "/" || format!("{path}/") == base => {
            return Target::Redirect(percent_encode(base));
        }
        None => return Target::NotFound,
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(rel) {
        Target::File(rel.to_string())
    } else if exists(&format!("{rel}/index.html")) {
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// The content type of an output file, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Inserts the live-reload script (and the overlay) before `</body>`.
fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let tag = format!(
        "{}<script src=\"{PREFIX}live.js\"></script>",
        overlay.unwrap_or("")
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

/// True when a `Host` value names this machine's loopback interface:
/// `localhost` or a name under `.localhost` (browsers resolve those to
/// loopback themselves), an address in 127.0.0.0/8, or `[::1]`; with or
/// without a port.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let valid_port = |p: &str| {
        p.is_empty()
            || p.strip_prefix(':')
                .is_some_and(|n| n.parse::<u16>().is_ok())
    };
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').is_some_and(|(ip, port)| {
            valid_port(port) && ip.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
        });
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if valid_port(&format!(":{port}")) => name,
        Some(_) => return false,
        None => host,
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// The refusal of a request for a name that is not loopback, when the
/// server is bound to loopback; `None` when the request may go on. A
/// request without a `Host` (no browser sends one) goes on.
fn foreign_host(req: &Request) -> Option<Response> {
    let named = req
        .headers()
        .get_all(header::HOST)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .chain(req.uri().authority().map(|a| a.as_str().to_string()));
    let host = named.into_iter().find(|h| !is_loopback_host(h))?;
    // Shown as sent, but printable and short.
    let shown: String = host
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(100)
        .collect();
    Some(plain(
        StatusCode::FORBIDDEN,
        &format!(
            "refused: this preview answers only to localhost, 127.0.0.1 and [::1], not to Host {shown}\n\
A page on another site can point a name it controls at this machine (DNS rebinding) to read the preview.\n\
To preview from other machines, run `sitrep serve --bind 0.0.0.0` (any Host is then answered).\n"
        ),
    ))
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    if shared.access.loopback_only
        && let Some(refused) = foreign_host(&req)
    {
        return refused;
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = req.uri().path();
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "events" => events(&shared),
            "live.js" => (
                [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                LIVE_JS,
            )
                .into_response(),
            "files" => {
                let list = shared.out.paths();
                plain(StatusCode::OK, &(list.join("\n") + "\n"))
            }
            _ => plain(StatusCode::NOT_FOUND, "not found\n"),
        };
    }
    let base = shared.base();
    let out = &shared.out;
    let gzip = accepts_gzip(req.headers());
    let mut response = match resolve(path, &base, |p| out.contains(p)) {
        Target::File(file) => match out.stored(&file) {
            Some(stored) => file_response(&shared, StatusCode::OK, &file, &stored, gzip),
            None => not_found(&shared),
        },
        Target::Redirect(to) => {
            let location = match req.uri().query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = plain(StatusCode::FOUND, &format!("see {location}\n"));
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound => not_found(&shared),
        Target::Refused => plain(
            StatusCode::FORBIDDEN,
            "refused: not a path inside the site\n",
        ),
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn not_found(shared: &Shared) -> Response {
    let html = shared
        .out
        .get("404.html")
        .map_or_else(|| NOT_FOUND_HTML.to_vec(), |bytes| bytes.to_vec());
    html_response(shared, StatusCode::NOT_FOUND, &html)
}

const NOT_FOUND_HTML: &[u8] =
    b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>";

/// A served file. HTML gets the live-reload script, so it is sent
/// uncompressed; other files go out gzip-compressed (as they are held,
/// once packed) to a client that accepts gzip (`gzip`), else uncompressed.
fn file_response(
    shared: &Shared,
    status: StatusCode,
    file: &str,
    stored: &Stored,
    gzip: bool,
) -> Response {
    let kind = content_type(file);
    if let Some(Ok(stream)) = (gzip && !kind.starts_with("text/html")).then(|| stored.gzip()) {
        return (
            status,
            [
                (header::CONTENT_TYPE, kind),
                (header::CONTENT_ENCODING, "gzip"),
                (header::VARY, "accept-encoding"),
            ],
            Body::from(stream.into_owned()),
        )
            .into_response();
    }
    let Ok(bytes) = stored.bytes() else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the stored file cannot be read back\n",
        );
    };
    if kind.starts_with("text/html") {
        return html_response(shared, status, &bytes);
    }
    let mut r = (status, [(header::CONTENT_TYPE, kind)], Body::from(bytes)).into_response();
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    r
}

fn html_response(shared: &Shared, status: StatusCode, html: &[u8]) -> Response {
    let body = Body::from(inject(html, shared.overlay().as_deref()));
    (
        status,
        [(header::CONTENT_TYPE, content_type("index.html"))],
        body,
    )
        .into_response()
}

/// True when the request's `Accept-Encoding` takes gzip (or `*`) with a
/// weight above zero.
fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (name.eq_ignore_ascii_case("gzip") || name == "*") && weight > 0.0
        })
}

/// One open page's event stream; it ends when the server drops its sender.
struct Stream {
    rx: mpsc::UnboundedReceiver<Notice>,
}

impl futures_core::Stream for Stream {
    type Item = Result<Event, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx).map(|n| n.map(|n| Ok(n.event())))
    }
}

/// A page's live-reload stream, or a 503 when as many are open as allowed.
fn events(shared: &Shared) -> Response {
    let (tx, rx) = mpsc::unbounded_channel();
    // The page may have loaded before the latest rebuild: tell it the state.
    let _ = tx.send(shared.overlay().map_or(Notice::Fixed, Notice::Problems));
    let Ok(mut clients) = shared.clients.lock() else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "live reload is unavailable\n",
        );
    };
    // A closed page's stream is gone once its receiver is dropped.
    clients.retain(|c| !c.is_closed());
    let max = shared.access.max_event_streams;
    if clients.len() >= max {
        let mut r = plain(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!(
                "{max} live-reload streams are open, the most this server keeps; close some tabs of the preview\n"
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return r;
    }
    clients.push(tx);
    Sse::new(Stream { rx })
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Turns output paths into the URL paths pages are shown at, under `base`.
pub(crate) fn url_paths(base: &str, files: &[String]) -> Vec<String> {
    let mut urls: BTreeMap<String, ()> = BTreeMap::new();
    for f in files {
        let page = f.strip_suffix("index.html").unwrap_or(f);
        urls.insert(percent_encode(&format!("{base}{page}")), ());
    }
    urls.into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        ["index.html", "x/index.html", "style.css", "a b.txt"].contains(&p)
    }

    #[test]
    fn resolves_files_redirects_and_refusals() {
        assert_eq!(resolve("/", "/", site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/x/", "/", site),
            Target::File("x/index.html".into())
        );
        assert_eq!(resolve("/x", "/", site), Target::Redirect("/x/".into()));
        assert_eq!(
            resolve("/style.css", "/", site),
            Target::File("style.css".into())
        );
        assert_eq!(
            resolve("/a%20b.txt", "/", site),
            Target::File("a b.txt".into())
        );
        assert_eq!(resolve("/nope", "/", site), Target::NotFound);
        for bad in [
            "/../etc/passwd",
            "/x/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "//etc/passwd",
            "/%2Fetc%2Fpasswd",
            "/C:/Windows/win.ini",
            "/x/..%5C..%5Cwin.ini",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(resolve(bad, "/", site), Target::Refused, "{bad}");
        }
    }

    #[test]
    fn serves_under_a_base_path() {
        assert_eq!(
            resolve("/digest/x/", "/digest/", site),
            Target::File("x/index.html".into())
        );
        assert_eq!(
            resolve("/", "/digest/", site),
            Target::Redirect("/digest/".into())
        );
        assert_eq!(
            resolve("/digest", "/digest/", site),
            Target::Redirect("/digest/".into())
        );
        assert_eq!(resolve("/x/", "/digest/", site), Target::NotFound);
    }

    #[test]
    fn only_loopback_names_are_loopback_hosts() {
        for ok in [
            "localhost",
            "localhost:1111",
            "LocalHost.:80",
            "app.localhost:3000",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.8.9.10:1",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "10.0.0.1:1111",
            "0.0.0.0:1111",
            "[::2]:1111",
            "[::1]x",
            "localhost:99999",
            "localhost:x",
            "",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        let accept = |v: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_gzip(&h)
        };
        assert!(accept("gzip, deflate, br"));
        assert!(accept("br;q=1.0, GZIP;q=0.5"));
        assert!(accept("*"));
        assert!(!accept("gzip;q=0"));
        assert!(!accept("br, deflate"));
        assert!(!accepts_gzip(&axum::http::HeaderMap::new()));
    }

    #[test]
    fn injects_before_the_last_body_tag() {
        let html = inject(b"<body>a</body></html>", Some("<div>o</div>"));
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<body>a<div>o</div><script"), "{html}");
        assert!(html.ends_with("</script></body></html>"), "{html}");
    }

    #[test]
    fn url_paths_name_pages_by_folder() {
        let files = vec!["2024/x/index.html".to_string(), "feed.xml".into()];
        assert_eq!(url_paths("/d/", &files), ["/d/2024/x/", "/d/feed.xml"]);
    }
}
