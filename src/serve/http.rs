//! The HTTP server (hyper on a small tokio runtime): what a connection may
//! cost, and how long it may take. A fixed number of threads serves every
//! connection; at most `MAX_CONNECTIONS` are open at once, and when that many
//! are, the oldest one that is not answering a request is closed to make room
//! (so idle connections cannot keep a new request out); a connection that has
//! not sent a whole request head within `HEAD_TIMEOUT` (an idle kept-alive one
//! included) is closed; a head larger than `MAX_HEAD` gets 431; a write that
//! cannot go out for `WRITE_TIMEOUT` (a client that stopped reading) closes
//! the connection. Responses go out at once (no Nagle delay). What each
//! request gets is `answer.rs`'s business.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, TryAcquireError, mpsc};
use tokio::task::AbortHandle;
use tokio_io_timeout::TimeoutStream;

use super::answer::{self, App};

/// Connections open at once (well within the common limit of 1,024 open
/// files, so that a rebuild can still open the content).
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// Time to send a whole request head, and the longest a kept-alive connection idles.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a response may wait for the client to take more of it.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head (request line and headers), in bytes.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// Threads that read files and wait for a rebuild; more requests wait their turn.
const BLOCKING_THREADS: usize = 8;

/// A response body: a whole file or page, or a live-reload event stream.
pub(crate) enum Body {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl Body {
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Body {
        Body::Full(Some(bytes.into()))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(events) => events.poll_recv(cx).map(|e| e.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

/// The running server; dropping it stops it.
pub(crate) struct Running {
    runtime: tokio::runtime::Runtime,
}

impl Running {
    pub(crate) fn stop(self) {
        self.runtime.shutdown_timeout(Duration::from_millis(500));
    }
}

/// Serves `listener` on threads of its own until stopped.
pub(crate) fn start(listener: std::net::TcpListener, app: App) -> Result<Running, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(BLOCKING_THREADS)
        .thread_name("joinedup-serve")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot start the server: {e}"))?
    };
    runtime.spawn(accept(listener, Arc::new(app)));
    Ok(Running { runtime })
}

/// A response body that marks its connection busy until it is sent (or dropped).
struct Tracked {
    body: Body,
    _busy: Busy,
}

/// Counts the requests a connection is answering; one less when dropped.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn start(count: &Arc<AtomicUsize>) -> Busy {
        count.fetch_add(1, Ordering::SeqCst);
        Busy(count.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The open connections, oldest first: how many requests each is answering,
/// and how to close it.
#[derive(Default)]
struct Open {
    next: u64,
    connections: BTreeMap<u64, (Arc<AtomicUsize>, AbortHandle)>,
}

impl Open {
    /// Closes the oldest connection that is answering no request; false if
    /// every one is busy.
    fn close_oldest_idle(&mut self) -> bool {
        let idle = self
            .connections
            .iter()
            .find(|(_, (busy, _))| busy.load(Ordering::SeqCst) == 0)
            .map(|(id, _)| *id);
        let Some((_, abort)) = idle.and_then(|id| self.connections.remove(&id)) else {
            return false;
        };
        abort.abort();
        true
    }
}

/// Accepts connections, at most `MAX_CONNECTIONS` open at once.
async fn accept(listener: tokio::net::TcpListener, app: Arc<App>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let open: Arc<Mutex<Open>> = Arc::default();
    loop {
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(TryAcquireError::Closed) => return,
            Err(TryAcquireError::NoPermits) => {
                // Full: make room by closing an idle connection (its task
                // gives its slot back when it stops), else wait for one to end.
                if let Ok(mut open) = open.lock() {
                    open.close_oldest_idle();
                }
                let Ok(permit) = slots.clone().acquire_owned().await else {
                    return;
                };
                permit
            }
        };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file handles, or a connection reset before it was
                // accepted: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let io = TokioIo::new(Box::pin(stream));
        let busy = Arc::new(AtomicUsize::new(0));
        let Ok(mut registry) = open.lock() else {
            return;
        };
        let id = registry.next;
        registry.next += 1;
        let (app, counted, open_now) = (app.clone(), busy.clone(), open.clone());
        let task = tokio::spawn(async move {
            let service = service_fn(move |request| {
                let busy = Busy::start(&counted);
                let app = app.clone();
                async move {
                    let response = handle(request, app, peer).await;
                    Ok::<_, Infallible>(response.map(|body| Tracked { body, _busy: busy }))
                }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD * 4)
                .max_header_size(MAX_HEAD)
                .keep_alive(true)
                .serve_connection(io, service)
                .await;
            if let Ok(mut open) = open_now.lock() {
                open.connections.remove(&id);
            }
            drop(permit);
        });
        // Registered before the task can take itself off (it waits for this lock).
        registry.connections.insert(id, (busy, task.abort_handle()));
    }
}

async fn handle(
    request: hyper::Request<hyper::body::Incoming>,
    app: Arc<App>,
    peer: SocketAddr,
) -> hyper::Response<Body> {
    let peer: IpAddr = peer.ip().to_canonical();
    let (parts, _body) = request.into_parts();
    if let Some(response) = answer::respond_at_once(&app, &parts, peer) {
        return response;
    }
    let answered =
        tokio::task::spawn_blocking(move || answer::respond_with_file(&app, &parts)).await;
    answered.unwrap_or_else(|_| answer::failed())
}
