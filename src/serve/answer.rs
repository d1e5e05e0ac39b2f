//! What each request gets: a refusal for a name the server does not answer
//! to, the live-reload endpoints, a page a rebuild rendered first, else a file
//! of the site (or its 404 page). GET and HEAD only.

use std::fs;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::http::request::Parts;
use hyper::{Method, Response, StatusCode, header};
use percent_encoding::percent_decode_str;

use super::files;
use super::fresh::Fresh;
use super::host::Hosts;
use super::http::Body;
use super::reload::Hub;
use crate::render;

/// What answering needs: the site, the build's state and the names allowed.
pub(crate) struct App {
    pub output: PathBuf,
    pub hub: Arc<Hub>,
    pub fresh: Arc<Fresh>,
    pub live: Vec<u8>,
    pub hosts: Hosts,
    /// Names already refused, each said once on the terminal.
    pub refused: Mutex<Vec<String>>,
}

/// The site-relative path of the page a URL path shows (`/a/` → `a/index.html`),
/// or nothing for a path that is not a plain page address.
fn page_key(url_path: &str) -> Option<String> {
    let rel = url_path.trim_start_matches('/');
    if rel.split('/').any(|part| part == ".." || part == ".") || rel.contains('\\') {
        return None;
    }
    if rel.is_empty() || rel.ends_with('/') {
        Some(format!("{rel}index.html"))
    } else {
        rel.ends_with(".html").then(|| rel.to_owned())
    }
}

/// A response with this status, body and headers.
fn reply(status: u16, body: Body, headers: &[(&str, &str)]) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            header::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    response
}

/// The answer when answering itself failed (it should not).
pub(crate) fn failed() -> Response<Body> {
    reply(
        500,
        Body::full("joinedup serve could not answer this request; try again"),
        &[("Content-Type", "text/plain; charset=utf-8")],
    )
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page for a request under a name the server does not answer to.
fn refuse_host(app: &App, name: &str) -> Response<Body> {
    if let Ok(mut seen) = app.refused.lock()
        && !seen.iter().any(|s| s == name)
        && seen.len() < 20
    {
        seen.push(name.to_owned());
        eprintln!(
            "refused a request for `{name}`: serve answers only to this machine's names and addresses; if that name is yours, restart with --allow-host {name}"
        );
    }
    let shown = if name.is_empty() { "(no name)" } else { name };
    let page = render::theme::serve_asset_text("forbidden-host.html")
        .replace("{name}", &escape(shown))
        .replace("{flag}", &escape(&format!("--allow-host {name}")));
    reply(
        403,
        Body::full(page),
        &[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-store"),
        ],
    )
}

/// Answers what can be answered at once (refusals and the live-reload
/// endpoints, which never wait); `None` for a file of the site, which is
/// `respond_with_file`'s (it may read the disk and wait for a rebuild).
pub(crate) fn respond_at_once(app: &App, request: &Parts, peer: IpAddr) -> Option<Response<Body>> {
    // Every Host header, and a host in the request line (`GET http://name/`).
    let mut names: Vec<String> = request
        .headers
        .get_all(header::HOST)
        .iter()
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .collect();
    names.extend(request.uri.authority().map(|a| a.as_str().to_owned()));
    let checked = if names.is_empty() {
        app.hosts.check(None, peer)
    } else {
        names
            .iter()
            .try_for_each(|name| app.hosts.check(Some(name), peer))
    };
    if let Err(refused) = checked {
        return Some(refuse_host(app, &refused));
    }
    if !matches!(request.method, Method::GET | Method::HEAD) {
        return Some(reply(
            405,
            Body::full("only GET and HEAD are served"),
            &[
                ("Allow", "GET, HEAD"),
                ("Content-Type", "text/plain; charset=utf-8"),
            ],
        ));
    }
    let path = request.uri.path();
    let query = request.uri.query().unwrap_or("");
    if path.ends_with("/__joinedup/events") {
        // The page listening, so that a rebuild can render it first.
        let page = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("page="))
            .map(|p| percent_decode_str(p).decode_utf8_lossy().into_owned())
            .and_then(|p| page_key(&p));
        return Some(reply(
            200,
            Body::Events(app.hub.listen(page)),
            &[
                ("Content-Type", "text/event-stream; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        ));
    }
    if path.ends_with("/__joinedup/status") {
        return Some(reply(
            200,
            Body::full(app.hub.status_json()),
            &[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        ));
    }
    if path.ends_with("/__joinedup/live.js") {
        return Some(reply(
            200,
            Body::full(app.live.clone()),
            &[
                ("Content-Type", "text/javascript; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        ));
    }
    None
}

/// Answers a request for a file of the site (after `respond_at_once`).
pub(crate) fn respond_with_file(app: &App, request: &Parts) -> Response<Body> {
    let path = request.uri.path().to_owned();
    // While a rebuild writes the site, its first pages come from memory and
    // the others wait for it.
    let early = page_key(&percent_decode_str(&path).decode_utf8_lossy())
        .and_then(|key| app.fresh.page_or_wait(&key, Duration::from_secs(30)));
    if let Some(bytes) = early {
        let page = files::inject_live_reload(&String::from_utf8_lossy(&bytes), &path);
        return reply(
            200,
            Body::full(page),
            &[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "no-cache"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        );
    }
    let (file, status) = match files::resolve(&app.output, &path) {
        Some(f) => (Some(f), 200),
        None => (files::resolve(&app.output, "/404.html"), 404),
    };
    let Some(file) = file else {
        // No site yet (the first build failed): a page that shows the overlay.
        let body =
            files::inject_live_reload(&render::theme::serve_asset_text("waiting.html"), &path);
        let status = if path == "/" || path.ends_with("index.html") {
            200
        } else {
            404
        };
        return reply(
            status,
            Body::full(body),
            &[("Content-Type", "text/html; charset=utf-8")],
        );
    };
    let Ok(bytes) = fs::read(&file) else {
        // Replaced by a rebuild between finding it and reading it.
        return reply(
            503,
            Body::full("the site is being rebuilt; reload in a moment"),
            &[
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Retry-After", "1"),
            ],
        );
    };
    let kind = files::content_type(&file);
    let body = if kind.starts_with("text/html") {
        // 404 pages link from the site's root; the request may be deeper.
        let at = if status == 404 { "/" } else { path.as_str() };
        let mut page = files::inject_live_reload(&String::from_utf8_lossy(&bytes), at);
        if status == 404 {
            page = page.replacen("<head>", "<head>\n<base href=\"/\">", 1);
        }
        page.into_bytes()
    } else {
        bytes
    };
    reply(
        status,
        Body::full(body),
        &[
            ("Content-Type", kind),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_are_plain_page_addresses() {
        assert_eq!(page_key("/"), Some("index.html".to_owned()));
        assert_eq!(page_key("/a/"), Some("a/index.html".to_owned()));
        assert_eq!(page_key("/a/b.html"), Some("a/b.html".to_owned()));
        assert_eq!(page_key("/a/../b/"), None);
        assert_eq!(page_key("/style.css"), None);
    }
}
