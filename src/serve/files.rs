//! Answering a request for a file of the site: only files inside the site are
//! ever served. `..` in any spelling, encoded slashes and backslashes, absolute
//! paths and symlinks that lead outside all get the site's 404 page.

use std::fs;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Resolves a request path (`/agencies/x/`) to a file inside `root`, or `None`.
pub(crate) fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    // Encoded separators and dots are refused before decoding: a name never needs them.
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
        || path.contains('\\')
    {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => {
                let c = Path::new(p).components().next()?;
                if !matches!(c, Component::Normal(_)) || Path::new(p).components().count() != 1 {
                    return None;
                }
                rel.push(p);
            }
        }
    }
    let mut target = root.join(&rel);
    if target.is_dir() {
        target = target.join("index.html");
    }
    // Symlinks (and anything else) must stay inside the site once resolved.
    let real_root = fs::canonicalize(root).ok()?;
    let real = fs::canonicalize(&target).ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

/// The Content-Type of a file, with a charset for text.
pub(crate) fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to a page, by a path relative to the page:
/// before the body's first script, so that it sees the body as it was sent,
/// before any script changed it (it swaps in only what a new page changes),
/// or else at the end of the body.
pub(crate) fn inject_live_reload(html: &str, url_path: &str) -> String {
    let depth = url_path.trim_start_matches('/').matches('/').count();
    let tag = format!(
        "<script src=\"{}__joinedup/live.js\"></script>",
        "../".repeat(depth)
    );
    let end = html.rfind("</body>");
    let at = match (first_body_script(html), end) {
        (Some(s), Some(e)) if s < e => Some(s),
        (_, e) => e,
    };
    match at {
        Some(i) => format!("{}{tag}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}

/// Where the body's first `<script` tag starts, comments skipped.
fn first_body_script(html: &str) -> Option<usize> {
    let mut at = html.find("<body")?;
    loop {
        let rest = html.get(at..)?;
        let script = rest.find("<script")?;
        match rest.find("<!--") {
            Some(c) if c < script => at += c + rest.get(c..)?.find("-->")? + 3,
            _ => return Some(at + script),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tmp");
        fs::create_dir_all(dir.path().join("site/agencies/x")).expect("mkdir");
        fs::write(dir.path().join("site/index.html"), "home").expect("write");
        fs::write(dir.path().join("site/agencies/x/index.html"), "x").expect("write");
        fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        dir
    }

    #[test]
    fn serves_files_and_folders_inside() {
        let d = site();
        let root = d.path().join("site");
        assert!(resolve(&root, "/").is_some_and(|p| p.ends_with("index.html")));
        assert!(resolve(&root, "/agencies/x/").is_some());
        assert!(resolve(&root, "/agencies/x/index.html?q=1").is_some());
        assert!(resolve(&root, "/agencies/%78/").is_some(), "%78 is x");
    }

    #[test]
    fn refuses_every_way_out() {
        let d = site();
        let root = d.path().join("site");
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/agencies/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/agencies/x/../../../secret.txt",
            "/..\\secret.txt",
            "//etc/passwd",
            "/%00",
            "/nosuch/",
            "/agencies/%2e%2e/%2e%2e/secret.txt",
        ] {
            assert!(resolve(&root, bad).is_none(), "{bad} should be refused");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_that_lead_outside() {
        let d = site();
        let root = d.path().join("site");
        std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("link.txt"))
            .expect("symlink");
        assert!(resolve(&root, "/link.txt").is_none());
    }

    #[test]
    fn injects_a_relative_script() {
        assert_eq!(
            inject_live_reload("<body>x</body>", "/agencies/x/index.html"),
            "<body>x<script src=\"../../__joinedup/live.js\"></script>\n</body>"
        );
        assert!(inject_live_reload("<body></body>", "/").contains("src=\"__joinedup/live.js\""));
        // Before the body's first script (one in a comment does not count),
        // not one in the head.
        let page = "<head><script src=h.js></script></head><body>x<!-- <script> -->y\n<script src=s.js></script></body>";
        assert_eq!(
            inject_live_reload(page, "/a/index.html"),
            "<head><script src=h.js></script></head><body>x<!-- <script> -->y\n<script src=\"../__joinedup/live.js\"></script>\n<script src=s.js></script></body>"
        );
    }
}
