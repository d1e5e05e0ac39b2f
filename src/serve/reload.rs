//! Live reload: the state of the last build, and the open pages listening for
//! changes through server-sent events.
//!
//! Each listening page holds a raw writer taken from its request
//! (`Request::into_writer`), so events go out at once and no worker thread is
//! held by a listener.

use std::io::Write;
use std::sync::Mutex;

use serde::Serialize;

/// What the open pages are told after every build.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Status {
    /// Counts successful builds; a page reloads when it changes.
    pub generation: u64,
    /// Whether the last build succeeded (the site served is the newest).
    pub ok: bool,
    /// Only stylesheets changed: pages may swap their CSS instead of reloading.
    pub css_only: bool,
    /// A problem that is not about one file (a theme that cannot load, say).
    pub message: Option<String>,
    pub errors: Vec<Problem>,
    /// The first warnings (the report page has them all).
    pub warnings: Vec<Problem>,
    /// How many warnings there are.
    pub warnings_total: usize,
}

/// One finding, as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
}

/// The listeners and the current status.
#[derive(Default)]
pub struct Hub {
    status: Mutex<Status>,
    listeners: Mutex<Vec<Listener>>,
}

/// An open page: where to send events, and which page it is (`a/index.html`).
struct Listener {
    writer: Box<dyn Write + Send>,
    page: Option<String>,
}

impl Hub {
    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn status_json(&self) -> String {
        serde_json::to_string(&self.status()).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Records a new status and tells every open page.
    pub fn publish(&self, status: Status) {
        let json = serde_json::to_string(&status).unwrap_or_else(|_| "{}".to_owned());
        if let Ok(mut s) = self.status.lock() {
            *s = status;
        }
        self.broadcast(&format!("event: status\ndata: {json}\n\n"));
    }

    /// Sends a comment to keep connections (and proxies) awake; drops dead ones.
    pub fn ping(&self) {
        self.broadcast(": ping\n\n");
    }

    fn broadcast(&self, event: &str) {
        if let Ok(mut list) = self.listeners.lock() {
            list.retain_mut(|l| {
                l.writer
                    .write_all(event.as_bytes())
                    .and_then(|()| l.writer.flush())
                    .is_ok()
            });
        }
    }

    /// Takes a new listener: writes the response head and the current status.
    pub fn listen(&self, mut writer: Box<dyn Write + Send>, page: Option<String>) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        let first = format!(
            "retry: 1000\nevent: status\ndata: {}\n\n",
            self.status_json()
        );
        let ok = writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.write_all(first.as_bytes()))
            .and_then(|()| writer.flush());
        if let (Ok(()), Ok(mut list)) = (ok, self.listeners.lock()) {
            list.push(Listener { writer, page });
        }
    }

    /// The pages open now (site-relative paths), each once.
    pub fn pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = self.listeners.lock().map_or_else(
            |_| Vec::new(),
            |l| l.iter().filter_map(|x| x.page.clone()).collect(),
        );
        pages.sort();
        pages.dedup();
        pages
    }

    pub fn listeners(&self) -> usize {
        self.listeners.lock().map(|l| l.len()).unwrap_or(0)
    }
}
