//! The HTTP server (hyper on a small tokio runtime): what a connection may
//! cost, and how long it may take. A fixed number of threads serves every
//! connection; at most `MAX_CONNECTIONS` are open at once (more wait to be
//! accepted); a connection that has not sent a whole request head within
//! `HEAD_TIMEOUT` (an idle kept-alive one included) is closed; a head larger
//! than `MAX_HEAD` gets 431; a write that cannot go out for `WRITE_TIMEOUT`
//! (a client that stopped reading) closes the connection. Responses go out at
//! once (no Nagle delay). What each request gets is `answer.rs`'s business.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, mpsc};
use tokio_io_timeout::TimeoutStream;

use super::answer::{self, App};

/// Connections open at once; more wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 1024;
/// Time to send a whole request head, and the longest a kept-alive connection idles.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a response may wait for the client to take more of it.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head (request line and headers), in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// Threads that read files and wait for a rebuild; more requests wait their turn.
const BLOCKING_THREADS: usize = 8;

/// A response body: a whole file or page, or a live-reload event stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl Body {
    pub fn full(bytes: impl Into<Bytes>) -> Body {
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
pub struct Running {
    runtime: tokio::runtime::Runtime,
}

impl Running {
    pub fn stop(self) {
        self.runtime.shutdown_timeout(Duration::from_millis(500));
    }
}

/// Serves `listener` on threads of its own until stopped.
pub fn start(listener: std::net::TcpListener, app: App) -> Result<Running, String> {
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

/// Accepts connections while fewer than `MAX_CONNECTIONS` are open.
async fn accept(listener: tokio::net::TcpListener, app: Arc<App>) {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else {
            return;
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
        let app = app.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(request, app.clone(), peer));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD.max(8192) * 4)
                .max_header_size(MAX_HEAD)
                .keep_alive(true)
                .serve_connection(io, service)
                .await;
            drop(permit);
        });
    }
}

async fn handle(
    request: hyper::Request<hyper::body::Incoming>,
    app: Arc<App>,
    peer: SocketAddr,
) -> Result<hyper::Response<Body>, Infallible> {
    let peer: IpAddr = peer.ip().to_canonical();
    let (parts, _body) = request.into_parts();
    let answered = tokio::task::spawn_blocking(move || answer::respond(&app, &parts, peer)).await;
    Ok(answered.unwrap_or_else(|_| answer::failed()))
}
