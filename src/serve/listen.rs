//! Accepting the dev server's connections under limits, so no client can
//! starve it: request headers must arrive within a time limit, a connection
//! on which nothing moves for a while is closed, and beyond a cap of open
//! connections a new one gets `503 Service Unavailable` at once.
//!
//! axum's own `serve` has no such settings, so connections are served here
//! with hyper's HTTP/1 server directly (browsers speak HTTP/1.1 to a
//! plain-text local server).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::diag::UsageError;

/// How much the dev server lets its clients hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time from the start of waiting for a request (on a new connection or
    /// after the previous response) until its headers are complete.
    pub header_timeout: Duration,
    /// A connection on which no byte moves either way for this long is
    /// closed (an event stream sends a comment every 15 s, so it stays).
    pub idle_timeout: Duration,
    /// Connections served at once; one more gets a 503 and is closed.
    pub max_connections: usize,
    /// Live-reload event streams (`/__sitrep/events`) open at once.
    pub max_event_streams: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 256,
            max_event_streams: 64,
        }
    }
}

/// The environment variables that change [`Limits`] (the tests use short
/// ones), with how each is read.
const ENV: [&str; 4] = [
    "SITREP_SERVE_HEADER_TIMEOUT_MS",
    "SITREP_SERVE_IDLE_TIMEOUT_MS",
    "SITREP_SERVE_MAX_CONNECTIONS",
    "SITREP_SERVE_MAX_EVENT_STREAMS",
];

impl Limits {
    /// These limits with any set in the environment (`SITREP_SERVE_*`,
    /// see the README) in their place; a value that is not a positive
    /// whole number is a usage error.
    pub fn with_env(self) -> Result<Limits, UsageError> {
        self.with_values(|name| std::env::var(name).ok())
    }

    /// These limits with the values `lookup` gives for the names in [`ENV`].
    fn with_values(self, lookup: impl Fn(&str) -> Option<String>) -> Result<Limits, UsageError> {
        let mut limits = self;
        for name in ENV {
            let Some(text) = lookup(name) else {
                continue;
            };
            let n: u64 = text.trim().parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                UsageError(format!("{name}={text}: expected a whole number above 0"))
            })?;
            let count = usize::try_from(n).unwrap_or(usize::MAX);
            match name {
                "SITREP_SERVE_HEADER_TIMEOUT_MS" => {
                    limits.header_timeout = Duration::from_millis(n);
                }
                "SITREP_SERVE_IDLE_TIMEOUT_MS" => limits.idle_timeout = Duration::from_millis(n),
                "SITREP_SERVE_MAX_CONNECTIONS" => limits.max_connections = count,
                _ => limits.max_event_streams = count,
            }
        }
        Ok(limits)
    }
}

/// Connections over the cap answered with a 503 at once; beyond these they
/// are closed without a word.
const MAX_REFUSING: usize = 64;

/// Serves `app` on `listener` under `limits` until `stop` completes.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut stop = std::pin::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was
            // taken: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if let Ok(slot) = Arc::clone(&slots).try_acquire_owned() {
            let service = TowerToHyperService::new(app.clone());
            let io = Watched::new(stream);
            let activity = io.activity.clone();
            let conn = http.serve_connection(TokioIo::new(io), service);
            tokio::spawn(run_connection(conn, activity, limits.idle_timeout, slot));
        } else if let Ok(permit) = Arc::clone(&refusing).try_acquire_owned() {
            tokio::spawn(refuse(stream, limits.max_connections, permit));
        }
    }
}

/// Drives one connection until it ends or stays idle for `idle`; dropping
/// it closes the socket and frees its slot.
async fn run_connection(
    conn: impl Future,
    activity: Activity,
    idle: Duration,
    _slot: OwnedSemaphorePermit,
) {
    let mut conn = std::pin::pin!(conn);
    loop {
        let deadline = activity.last() + idle;
        tokio::select! {
            _ = conn.as_mut() => return,
            () = tokio::time::sleep_until(deadline) => {
                if activity.last() + idle <= Instant::now() {
                    return;
                }
            }
        }
    }
}

/// Answers a connection over the cap with a 503 and closes it. The request
/// is read first (for a moment: a browser sends it at once), so closing
/// does not reset the connection before the client has read the answer.
async fn refuse(mut stream: TcpStream, cap: usize, _permit: OwnedSemaphorePermit) {
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_millis(100), async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) if buf[..n].windows(4).any(|w| w == b"\r\n\r\n") => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    let body = format!(
        "sitrep serve is busy: {cap} connections are open, the most it serves at once; close some tabs or try again\n"
    );
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
content-length: {}\r\nretry-after: 1\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// When bytes last moved on a connection.
#[derive(Clone)]
struct Activity {
    start: Instant,
    /// Milliseconds after `start`.
    last: Arc<AtomicU64>,
}

impl Activity {
    fn new() -> Self {
        Activity {
            start: Instant::now(),
            last: Arc::new(AtomicU64::new(0)),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// A socket that records activity on every read or write that moved bytes.
struct Watched {
    inner: TcpStream,
    activity: Activity,
}

impl Watched {
    fn new(inner: TcpStream) -> Self {
        let _ = inner.set_nodelay(true);
        Watched {
            inner,
            activity: Activity::new(),
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_on_which_nothing_moves_is_dropped_after_the_idle_timeout() {
        let slots = Arc::new(Semaphore::new(1));
        let slot = Arc::clone(&slots).try_acquire_owned().unwrap();
        let activity = Activity::new();
        let seen = activity.clone();
        let idle = Duration::from_millis(500);
        // A response that never finishes, with bytes moving for a while.
        let busy = activity.clone();
        let ticker = tokio::spawn(async move {
            for _ in 0..5 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                busy.touch();
            }
        });
        let start = Instant::now();
        let ran = run_connection(std::future::pending::<()>(), activity, idle, slot);
        let ended = tokio::time::timeout(Duration::from_secs(20), ran).await;
        assert!(ended.is_ok(), "the stalled connection was never dropped");
        // Dropped no sooner than `idle` after the last byte moved.
        let last = seen.last();
        assert!(last > start, "no activity was recorded");
        assert!(
            Instant::now() >= last + idle,
            "dropped while bytes were moving"
        );
        assert_eq!(slots.available_permits(), 1, "its slot is free again");
        ticker.await.unwrap();
    }

    #[test]
    fn limits_come_from_the_environment_or_the_defaults() {
        let none = Limits::default().with_values(|_| None);
        assert_eq!(none, Ok(Limits::default()));
        let set = Limits::default().with_values(|name| match name {
            "SITREP_SERVE_HEADER_TIMEOUT_MS" => Some("250".into()),
            "SITREP_SERVE_MAX_CONNECTIONS" => Some(" 3 ".into()),
            _ => None,
        });
        let set = set.unwrap();
        assert_eq!(set.header_timeout, Duration::from_millis(250));
        assert_eq!(set.max_connections, 3);
        assert_eq!(set.idle_timeout, Limits::default().idle_timeout);
        for bad in ["0", "-1", "ten", ""] {
            let err = Limits::default()
                .with_values(|name| (name == "SITREP_SERVE_MAX_EVENT_STREAMS").then(|| bad.into()))
                .unwrap_err();
            assert!(
                err.0.starts_with("SITREP_SERVE_MAX_EVENT_STREAMS="),
                "{err}"
            );
        }
    }
}
