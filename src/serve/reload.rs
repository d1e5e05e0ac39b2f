//! Live reload: the state of the last build, and the open pages listening for
//! changes through server-sent events.
//!
//! Each listening page has a small queue of its own, which the server's
//! connection drains into the page's response. Events are put on every queue
//! without waiting: a page that does not keep up (a tab paused in the
//! debugger) is let go when its queue is full, and its script reconnects when
//! it runs again. No page can hold up a rebuild or another page.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::Serialize;
use tokio::sync::mpsc;

/// Events waiting for one page before it is let go (each is one status).
const QUEUE: usize = 8;

/// What the open pages are told after every build.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Status {
    /// Counts successful builds; a page reloads when it changes.
    pub generation: u64,
    /// Whether the last build succeeded (the site served is the newest).
    pub ok: bool,
    /// Only stylesheets changed: pages may swap their CSS instead of reloading.
    pub css_only: bool,
    /// Whether there is a site to serve (false while no build has succeeded).
    pub site: bool,
    /// A problem that is not about one file (a theme that cannot load, say).
    pub message: Option<String>,
    pub errors: Vec<Problem>,
    /// The first warnings (the report page has them all).
    pub warnings: Vec<Problem>,
    /// How many warnings there are.
    pub warnings_total: usize,
    /// The new page itself, in the event sent to a page that is open (so it
    /// need not ask for it); never in the status kept for those that come later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// One finding, as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Problem {
    pub code: &'static str,
    /// The code in plain words.
    pub name: &'static str,
    /// The line of the file the finding is about, as written.
    pub source: Option<String>,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
}

/// The listeners and the current status.
#[derive(Default)]
pub(crate) struct Hub {
    status: Mutex<Status>,
    listeners: Mutex<Vec<Listener>>,
    /// Told when a page starts listening (a reloaded page listens again).
    joined: Condvar,
    /// Numbers the listeners in the order they came.
    count: Mutex<u64>,
}

/// An open page: where to send events, which page it is (`a/index.html`),
/// and when it came (see [`Hub::mark`]).
struct Listener {
    queue: mpsc::Sender<Bytes>,
    page: Option<String>,
    number: u64,
}

impl Hub {
    pub(crate) fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub(crate) fn status_json(&self) -> String {
        serde_json::to_string(&self.status()).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Records a new status and tells every open page.
    pub(crate) fn publish(&self, status: Status) {
        self.publish_with(status, &[]);
    }

    /// The same, and each page open at a path of `pages` (site-relative,
    /// `a/index.html`) is sent its new HTML with the status.
    pub(crate) fn publish_with(&self, status: Status, pages: &[(String, String)]) {
        let event = |status: &Status| {
            let json = serde_json::to_string(status).unwrap_or_else(|_| "{}".to_owned());
            Bytes::from(format!("event: status\ndata: {json}\n\n"))
        };
        let plain = event(&status);
        let mut with_page = Status::default();
        let carried: Vec<(&String, Bytes)> = pages
            .iter()
            .map(|(path, html)| {
                with_page.clone_from(&status);
                with_page.page = Some(html.clone());
                (path, event(&with_page))
            })
            .collect();
        if let Ok(mut s) = self.status.lock() {
            *s = Status {
                page: None,
                ..status
            };
        }
        if let Ok(mut list) = self.listeners.lock() {
            list.retain(|l| {
                let own = carried
                    .iter()
                    .find(|(path, _)| l.page.as_ref() == Some(*path));
                let event = own.map_or(&plain, |(_, e)| e);
                l.queue.try_send(event.clone()).is_ok()
            });
        }
    }

    /// Sends a comment to keep connections (and proxies) awake; drops dead ones.
    pub(crate) fn ping(&self) {
        self.broadcast(": ping\n\n".to_owned());
    }

    /// Queues an event for every page, never waiting: a page whose queue is
    /// full, or whose connection has gone, is dropped.
    fn broadcast(&self, event: String) {
        let event = Bytes::from(event);
        if let Ok(mut list) = self.listeners.lock() {
            list.retain(|l| l.queue.try_send(event.clone()).is_ok());
        }
    }

    /// Takes a new listener; its queue starts with the current status.
    pub(crate) fn listen(&self, page: Option<String>) -> mpsc::Receiver<Bytes> {
        let (queue, events) = mpsc::channel(QUEUE);
        let first = format!(
            "retry: 1000\nevent: status\ndata: {}\n\n",
            self.status_json()
        );
        if queue.try_send(Bytes::from(first)).is_ok()
            && let Ok(mut list) = self.listeners.lock()
        {
            let number = self.count.lock().map_or(0, |mut c| {
                *c += 1;
                *c
            });
            list.push(Listener {
                queue,
                page,
                number,
            });
            self.joined.notify_all();
        }
        events
    }

    /// A mark in the order of listeners: those that come after it are newer.
    pub(crate) fn mark(&self) -> u64 {
        self.count.lock().map_or(0, |c| *c)
    }

    /// Waits until each of `pages` has a listener newer than `mark` (the
    /// pages have reloaded and shown what they were sent), at most `limit`,
    /// and no longer once `stop` is set; returns whether they all did.
    pub(crate) fn wait_reloaded(
        &self,
        pages: &[String],
        mark: u64,
        limit: Duration,
        stop: Option<&AtomicBool>,
    ) -> bool {
        let deadline = Instant::now() + limit;
        let Ok(mut list) = self.listeners.lock() else {
            return false;
        };
        loop {
            let back =
                |p: &String| (list.iter()).any(|l| l.number > mark && l.page.as_ref() == Some(p));
            if pages.iter().all(back) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline || stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
                return false;
            }
            // Woken by a new listener; every 10 ms besides, to see `stop`.
            let wait = (deadline - now).min(Duration::from_millis(10));
            match self.joined.wait_timeout(list, wait) {
                Ok((l, _)) => list = l,
                Err(_) => return false,
            }
        }
    }

    /// The pages open now (site-relative paths), each once.
    pub(crate) fn pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = self.listeners.lock().map_or_else(
            |_| Vec::new(),
            |l| l.iter().filter_map(|x| x.page.clone()).collect(),
        );
        pages.sort();
        pages.dedup();
        pages
    }

    #[cfg(test)]
    pub(crate) fn listeners(&self) -> usize {
        self.listeners.lock().map(|l| l.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_does_not_keep_up_is_let_go_and_others_are_not() {
        let hub = Hub::default();
        let mut reading = hub.listen(Some("a/index.html".to_owned()));
        let _stalled = hub.listen(Some("b/index.html".to_owned()));
        for _ in 0..QUEUE * 2 {
            hub.ping();
            while reading.try_recv().is_ok() {}
        }
        assert_eq!(hub.listeners(), 1);
        assert_eq!(hub.pages(), vec!["a/index.html".to_owned()]);
        // A page whose connection has gone is dropped at the next event.
        drop(reading);
        hub.ping();
        assert_eq!(hub.listeners(), 0);
    }

    #[test]
    fn an_open_page_is_sent_its_new_html_and_no_other_is() {
        let hub = Hub::default();
        let mut a = hub.listen(Some("a/index.html".to_owned()));
        let mut b = hub.listen(Some("b/index.html".to_owned()));
        let mut none = hub.listen(None);
        for events in [&mut a, &mut b, &mut none] {
            while events.try_recv().is_ok() {}
        }
        let pages = vec![("a/index.html".to_owned(), "<h1>new a</h1>".to_owned())];
        hub.publish_with(Status::default(), &pages);
        let text = |e: Option<Bytes>| e.map(|b| String::from_utf8_lossy(&b).into_owned());
        let sent = text(a.try_recv().ok()).unwrap_or_default();
        assert!(sent.contains(r#""page":"<h1>new a</h1>""#), "{sent}");
        for events in [&mut b, &mut none] {
            let sent = text(events.try_recv().ok()).unwrap_or_default();
            assert!(
                sent.starts_with("event: status") && !sent.contains("page"),
                "{sent}"
            );
        }
        assert!(
            !hub.status_json().contains("page"),
            "not kept for later pages"
        );
    }

    #[test]
    fn waits_for_the_pages_to_listen_again() {
        let hub = std::sync::Arc::new(Hub::default());
        let _old = hub.listen(Some("a/index.html".to_owned()));
        let mark = hub.mark();
        let pages = vec!["a/index.html".to_owned()];
        // The page listening before the mark does not count.
        let started = Instant::now();
        assert!(!hub.wait_reloaded(&pages, mark, Duration::from_millis(50), None));
        assert!(started.elapsed() >= Duration::from_millis(50));
        // Another page listening does not either; the page itself does.
        let later = {
            let hub = hub.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(30));
                let other = hub.listen(Some("b/index.html".to_owned()));
                std::thread::sleep(Duration::from_millis(30));
                (other, hub.listen(Some("a/index.html".to_owned())))
            })
        };
        assert!(hub.wait_reloaded(&pages, mark, Duration::from_secs(5), None));
        drop(later.join());
        // A stop ends the wait at once.
        let stop = AtomicBool::new(true);
        let mark = hub.mark();
        let started = Instant::now();
        assert!(!hub.wait_reloaded(&pages, mark, Duration::from_secs(5), Some(&stop)));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
