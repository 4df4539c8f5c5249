//! `sitrep serve` end to end: the real binary on a free port against a
//! temporary copy of the fixture site, driven by file edits and checked over
//! HTTP with a tiny client (raw requests, so traversal paths reach the
//! server as written). Every wait polls with a deadline; nothing asserts on
//! timing.

#[path = "serve_common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Site;

const SCRIPT: &str = "<script src=\"/__sitrep/live.js\"></script>";
const DEADLINE: Duration = Duration::from_secs(10);

/// A running `sitrep serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        Server::start_with(site, extra, &[])
    }

    /// Starts with variables set in its environment (the `SITREP_SERVE_*` limits).
    fn start_with(site: &Site, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .arg("serve")
            .arg("--root")
            .arg(&site.root)
            .args(["--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sitrep serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let out_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://").nth(1) {
                    let port = rest.split(['/', ' ']).next().unwrap().rsplit(':').next();
                    let _ = tx.send(port.unwrap().parse::<u16>().unwrap());
                }
                out_log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let err_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                err_log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let port = match rx.recv_timeout(DEADLINE) {
            Ok(p) => p,
            Err(_) => {
                let _ = child.kill();
                panic!("no port printed; log:\n{}", log.lock().unwrap());
            }
        };
        Server { child, port, log }
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, path)
    }

    /// Polls `path` until `ok` holds, or panics with the last response.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "waited for {what} at {path}; last: {} {}\nlog:\n{}",
                    r.status,
                    r.text(),
                    self.log.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One GET over a fresh connection; the path is sent exactly as given.
fn request(port: u16, path: &str) -> Response {
    request_as(port, path, "127.0.0.1")
}

/// One GET with the given `Host` header.
fn request_as(port: u16, path: &str, host: &str) -> Response {
    request_with(port, path, host, "")
}

/// One GET with the given `Host` header and more header lines (each ending in CRLF).
fn request_with(port: u16, path: &str, host: &str, headers: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The page's event stream: a connection reading server-sent events.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        write!(
            stream,
            "GET /__sitrep/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        // The server greets each stream with the current state.
        e.wait_for("event: fixed");
        e
    }

    /// Reads until `needle` has been seen (the text is consumed up to it).
    fn wait_for(&mut self, needle: &str) -> String {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        loop {
            if let Some(i) = self.seen.find(needle) {
                let upto = i + needle.len();
                let line_end = self.seen[upto..]
                    .find("\n\n")
                    .map_or(self.seen.len(), |j| upto + j);
                let event: String = self.seen.drain(..line_end).collect();
                return event;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "no {needle:?} on the event stream; saw {:?}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; saw {:?}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

const KYIV: &str = "content/2024/11/01/kyiv-drones.md";
const KYIV_URL: &str = "/2024/11/01/kyiv-drones/";

#[test]
fn serves_the_site_with_types_redirects_404_and_refusals() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("Serve Fixture"));
    assert!(
        home.text().contains(SCRIPT),
        "the reload script is injected"
    );
    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/extra.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__sitrep/live.js", "text/javascript; charset=utf-8"),
        (KYIV_URL, "text/html; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    assert!(!server.get("/feed.xml").text().contains("__sitrep"));

    let r = server.get("/2024/11/01/kyiv-drones?x=1");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("/2024/11/01/kyiv-drones/?x=1"));

    let r = server.get("/no/such/page/");
    assert_eq!(r.status, 404);
    let built_404 = site.full_build()["404.html"].clone();
    assert_eq!(
        r.text().replace(SCRIPT, ""),
        String::from_utf8(built_404).unwrap()
    );

    for bad in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/2024/%2e%2e/%2e%2e/site.yaml",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/..%5C..%5Csite.yaml",
        "/C:/Windows/win.ini",
    ] {
        let r = server.get(bad);
        assert!(
            r.status == 400 || r.status == 403,
            "{bad} gave {}",
            r.status
        );
        assert!(!r.text().contains("root:") && !r.text().contains("title: Serve"));
    }
}

#[test]
fn every_file_is_served_as_built_compressed_when_gzip_is_accepted() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let built = site.full_build();
    assert!(built.len() > 20, "{} files", built.len());
    for (file, bytes) in &built {
        let url = match file.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{file}"),
        };
        let plain = server.get(&url);
        let gzip = request_with(
            server.port,
            &url,
            "127.0.0.1",
            "Accept-Encoding: gzip, br\r\n",
        );
        assert_eq!((plain.status, gzip.status), (200, 200), "{url}");
        assert_eq!(plain.header("content-encoding"), None, "{url}");
        if file.ends_with(".html") {
            // Pages carry the reload script, so they go out uncompressed.
            assert_eq!(gzip.header("content-encoding"), None, "{url}");
            assert_eq!(plain.text().replace(SCRIPT, "").as_bytes(), bytes, "{url}");
            assert_eq!(gzip.body, plain.body, "{url}");
        } else {
            assert_eq!(&plain.body, bytes, "{url}");
            assert_eq!(gzip.header("content-encoding"), Some("gzip"), "{url}");
            assert_eq!(gzip.header("vary"), Some("accept-encoding"), "{url}");
            let mut unzipped = Vec::new();
            flate2::read::GzDecoder::new(gzip.body.as_slice())
                .read_to_end(&mut unzipped)
                .unwrap();
            assert_eq!(&unzipped, bytes, "{url}");
        }
    }
    let refused = request_with(
        server.port,
        "/style.css",
        "127.0.0.1",
        "Accept-Encoding: gzip;q=0\r\n",
    );
    assert_eq!(refused.header("content-encoding"), None);
    assert_eq!(&refused.body, &built["style.css"]);
}

#[test]
fn edits_additions_renames_and_deletions_show_over_http() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let mut events = Events::open(server.port);

    site.edit(
        KYIV,
        "title: Air defence downs 39",
        "title: Air defence downs 41",
    );
    server.wait_for(KYIV_URL, "the new title", |r| {
        r.text().contains("Air defence downs 41")
    });
    let reload = events.wait_for("event: reload");
    assert!(reload.contains(KYIV_URL), "{reload}");

    site.write(
        "content/2024/11/05/ceasefire.md",
        "---\ntitle: Ceasefire talks open\ndate: 2024-11-05T09:00:00Z\ntopics: [diplomacy]\ntags: [talks]\n---\nDelegations met.\n",
    );
    server.wait_for("/2024/11/05/ceasefire/", "the new article", |r| {
        r.status == 200
    });
    server.wait_for("/", "the new latest day on the home page", |r| {
        r.text().contains("Ceasefire talks open")
    });

    site.rename(
        "content/2024/11/05/ceasefire.md",
        "content/2024/11/05/truce.md",
    );
    server.wait_for("/2024/11/05/truce/", "the renamed article", |r| {
        r.status == 200
    });
    assert_eq!(server.get("/2024/11/05/ceasefire/").status, 404);

    site.remove("content/2024/11/03/kharkiv.md");
    server.wait_for("/2024/11/03/kharkiv/", "the deleted article gone", |r| {
        r.status == 404
    });

    // A folder created while serving is watched.
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\n",
    );
    server.wait_for("/robots.txt", "the new template folder", |r| {
        r.text().contains("Disallow: /drafts/")
    });

    // The served site is the full build of the same files, file for file.
    let want = site.full_build();
    server.wait_for("/__sitrep/files", "the file list of a full build", |r| {
        r.text().lines().collect::<Vec<_>>() == want.keys().map(String::as_str).collect::<Vec<_>>()
    });
    for (path, bytes) in &want {
        let got = server.get(&format!("/{path}"));
        assert_eq!(got.status, 200, "{path}");
        let mut body = got.body.clone();
        if path.ends_with(".html") {
            body = got.text().replace(SCRIPT, "").into_bytes();
        }
        assert!(body == *bytes, "{path} differs from a full build");
    }
}

#[test]
fn an_import_into_a_new_day_shows_every_entry_it_wrote() {
    // `sitrep import` writes a new day's folder whole (under a hidden name,
    // then renamed): the server sees the folder appear and serves all of it.
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let raw = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/timestamps.txt"
    );
    let import = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["import", "--source", "Test Wire", "--root"])
        .arg(&site.root)
        .arg(raw)
        .output()
        .expect("run sitrep import");
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let day = site.path("content/2024/07/01");
    let written = std::fs::read_dir(&day).expect("the day's folder").count();
    assert!(written > 1, "the fixture makes several entries");
    let want = site.full_build();
    server.wait_for("/__sitrep/files", "the file list of a full build", |r| {
        r.text().lines().collect::<Vec<_>>() == want.keys().map(String::as_str).collect::<Vec<_>>()
    });
    let day_page = server.get("/2024/07/01/");
    assert_eq!(day_page.status, 200);
    let body = day_page.text().replace(SCRIPT, "").into_bytes();
    assert!(
        body == want["2024/07/01/index.html"],
        "the day page differs from a full build"
    );
}

#[test]
fn broken_saves_show_the_overlay_and_never_kill_the_server() {
    let site = Site::new();
    let mut server = Server::start(&site, &[]);
    let mut events = Events::open(server.port);
    let good = site.read(KYIV);
    let breakages = [
        (KYIV, good.replace("title: Air", "title: [Air")),
        (
            KYIV,
            good.replace("title: Air defence downs 39 drones over Kyiv\n", ""),
        ),
        (KYIV, good.replace("2024-11-01T08:00:00Z", "yesterday")),
        (KYIV, good.replace("---\n", "")),
        (
            "site.yaml",
            site.read("site.yaml")
                .replace("paginate_by: 2", "paginate_by: two"),
        ),
        (
            "templates/day.html",
            "{% extends \"base.html\" %}{% block main %}{{ day.path \n{% endblock main %}"
                .to_string(),
        ),
    ];
    for (file, text) in &breakages {
        site.write(file, text);
        let name = file.rsplit('/').next().unwrap();
        let r = server.wait_for("/", "the overlay", |r| {
            r.text().contains("sitrep-overlay") && r.text().contains(name)
        });
        assert_eq!(r.status, 200, "the last good site is still served");
        assert!(r.text().contains("Serve Fixture"));
        events.wait_for("event: problems");
        assert!(server.alive(), "the server died after breaking {file}");
        // Put it back before the next breakage.
        if *file == KYIV {
            site.write(KYIV, &good);
        } else if file.starts_with("templates/") {
            site.remove(file);
        } else {
            site.write(
                file,
                &site
                    .read(file)
                    .replace("paginate_by: two", "paginate_by: 2"),
            );
        }
        server.wait_for("/", "the overlay gone", |r| {
            !r.text().contains("sitrep-overlay")
        });
        events.wait_for("event: fixed");
    }
    assert!(server.alive());
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let mut events = Events::open(server.port);
    site.write("static/extra.css", ".fixture { color: purple; }\n");
    server.wait_for("/extra.css", "the new stylesheet", |r| {
        r.text().contains("purple")
    });
    let e = events.wait_for("event: css");
    assert!(e.contains("/extra.css"), "{e}");
    assert!(!e.contains("event: reload"), "{e}");
}

#[test]
fn a_base_url_sub_path_is_served_locally() {
    let site = Site::new();
    let server = Server::start(&site, &["--base-url", "https://example.org/digest/"]);
    let r = server.get("/");
    assert_eq!((r.status, r.header("location")), (302, Some("/digest/")));
    let r = server.get("/digest/");
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("href=\"/digest/2024/11/03/\""),
        "links keep the sub-path"
    );
    assert_eq!(server.get("/digest/2024/11/01/kyiv-drones/").status, 200);
    assert_eq!(server.get("/2024/11/01/kyiv-drones/").status, 404);
}

#[test]
fn the_build_output_has_no_reload_script() {
    let site = Site::new();
    let out = site.root.join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["build", "--quiet", "--root"])
        .arg(&site.root)
        .status()
        .unwrap();
    assert!(status.success());
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(!text.contains("__sitrep"), "{}", entry.path().display());
        }
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly_with_pages_open() {
    let site = Site::new();
    let mut server = Server::start(&site, &[]);
    let _events = Events::open(server.port);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(start.elapsed() < DEADLINE, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    // The log reader may still be catching up with the last line.
    while !server.log.lock().unwrap().contains("stopped") {
        assert!(start.elapsed() < DEADLINE, "no `stopped` line");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_site_broken_at_start_is_served_once_fixed() {
    let site = Site::new();
    let good = site.read("site.yaml");
    site.write(
        "site.yaml",
        &good.replace("paginate_by: 2", "paginate_by: ["),
    );
    let server = Server::start(&site, &[]);
    let r = server.get("/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("sitrep-overlay") && r.text().contains("site.yaml"));
    site.write("site.yaml", &good);
    server.wait_for("/", "the fixed site", |r| {
        r.status == 200 && !r.text().contains("sitrep-overlay")
    });
}

/// True once the server has closed `stream` (end of file or a reset);
/// false while it is open and silent.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // A 408 or similar before closing: keep reading.
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn a_connection_sending_its_headers_slowly_is_closed_after_the_header_timeout() {
    let site = Site::new();
    let server = Server::start_with(&site, &[], &[("SITREP_SERVE_HEADER_TIMEOUT_MS", "300")]);
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let start = Instant::now();
    // One header line every 50 ms: the request never ends, but bytes keep coming.
    let mut n = 0;
    while !closed_by_server(&mut slow) {
        assert!(
            start.elapsed() < DEADLINE,
            "a slow-header connection is still open after {:?}",
            start.elapsed()
        );
        n += 1;
        if slow
            .write_all(format!("X-Slow-{n}: a\r\n").as_bytes())
            .is_err()
        {
            break;
        }
    }
    // An idle kept-alive connection is closed by the same limit.
    let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    idle.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let start = Instant::now();
    while !closed_by_server(&mut idle) {
        assert!(start.elapsed() < DEADLINE, "an idle connection stays open");
    }
    assert_eq!(server.get("/").status, 200, "other clients are served");
}

#[test]
fn connections_over_the_cap_get_503_and_free_slots_are_used_again() {
    let site = Site::new();
    let server = Server::start_with(&site, &[], &[("SITREP_SERVE_MAX_CONNECTIONS", "2")]);
    let held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let r = server.get("/");
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("2 connections are open"), "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    drop(held);
    server.wait_for("/", "a slot freed by closed connections", |r| {
        r.status == 200
    });
}

#[test]
fn event_streams_over_the_cap_get_503() {
    let site = Site::new();
    let server = Server::start_with(&site, &[], &[("SITREP_SERVE_MAX_EVENT_STREAMS", "1")]);
    let _first = Events::open(server.port);
    let r = server.get("/__sitrep/events");
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(
        r.text().contains("live-reload streams are open"),
        "{}",
        r.text()
    );
    assert_eq!(server.get("/").status, 200, "pages are still served");
}

#[test]
fn on_loopback_only_loopback_host_names_are_answered() {
    let site = Site::new();
    let server = Server::start(&site, &[]);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = request_as(port, "/", &host);
        assert_eq!(r.status, 200, "Host {host}");
        assert!(r.text().contains("Serve Fixture"));
    }
    for host in [
        format!("evil.example:{port}"),
        "rebind.attacker.test".to_string(),
        format!("localhost.evil.example:{port}"),
    ] {
        let r = request_as(port, "/", &host);
        assert_eq!(r.status, 403, "Host {host}");
        let text = r.text();
        assert!(
            text.contains("answers only to localhost, 127.0.0.1 and [::1]")
                && text.contains("DNS rebinding"),
            "{text}"
        );
        assert!(!text.contains("Serve Fixture"));
        assert_eq!(request_as(port, "/feed.xml", &host).status, 403);
    }
}

#[test]
fn bound_to_every_interface_any_host_name_is_answered() {
    let site = Site::new();
    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    let r = request_as(server.port, "/", "preview.example.org");
    assert_eq!(r.status, 200, "{}", r.text());
}
