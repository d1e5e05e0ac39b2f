//! Pages rendered ahead of a rebuild: the pages open in a browser are rendered
//! first and served from memory while the rest of the site is written. A
//! request for any other page during that time waits for the new site, so no
//! page is served older than the one the editor just saw.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
pub(crate) struct Fresh {
    state: Mutex<State>,
    done: Condvar,
}

#[derive(Default)]
struct State {
    /// Site-relative path → HTML.
    pages: HashMap<String, Vec<u8>>,
    /// A rebuild has shown its first pages and is writing the rest.
    writing: bool,
}

impl Fresh {
    /// The first pages of a rebuild are ready.
    pub(crate) fn show(&self, pages: Vec<(String, Vec<u8>)>) {
        if let Ok(mut s) = self.state.lock() {
            s.pages = pages.into_iter().collect();
            s.writing = true;
        }
    }

    /// The rebuild is over (the new site is in place, or it failed).
    pub(crate) fn finish(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.pages.clear();
            s.writing = false;
        }
        self.done.notify_all();
    }

    /// The page at `key` if it was rendered ahead; otherwise waits (at most
    /// `limit`) for a rebuild that is writing the site, and returns nothing.
    pub(crate) fn page_or_wait(&self, key: &str, limit: Duration) -> Option<Vec<u8>> {
        let deadline = Instant::now() + limit;
        let mut s = self.state.lock().ok()?;
        if let Some(page) = s.pages.get(key) {
            return Some(page.clone());
        }
        while s.writing {
            let left = deadline.checked_duration_since(Instant::now())?;
            s = self.done.wait_timeout(s, left).ok()?.0;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn other_pages_wait_for_the_new_site() {
        let fresh = Arc::new(Fresh::default());
        fresh.show(vec![("a/index.html".to_owned(), b"new a".to_vec())]);
        assert_eq!(
            fresh.page_or_wait("a/index.html", Duration::from_secs(5)),
            Some(b"new a".to_vec())
        );
        let waiter = {
            let fresh = fresh.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let page = fresh.page_or_wait("b/index.html", Duration::from_secs(5));
                (page, started.elapsed())
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        fresh.finish();
        let (page, waited) = waiter.join().unwrap_or((None, Duration::ZERO));
        assert_eq!(page, None, "served from the new site on disk");
        assert!(waited >= Duration::from_millis(90), "it waited: {waited:?}");
        // Once finished, nothing is held and nothing waits.
        assert_eq!(
            fresh.page_or_wait("a/index.html", Duration::from_secs(5)),
            None
        );
    }
}
