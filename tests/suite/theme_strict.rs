//! A copied theme with a misspelt field in a template fails the build, naming
//! the template, the line and the field, instead of rendering empty text.

use crate::common;

use std::fs;
use std::path::Path;

use common::{Site, build};

/// Copies the default theme's `agency.html` into a theme folder, with `from`
/// (which must occur once) replaced by `to`; returns the theme folder.
fn copied_theme(root: &Path, from: &str, to: &str) -> std::path::PathBuf {
    let theme = root.join("mytheme");
    fs::create_dir_all(theme.join("templates")).expect("mkdir");
    let original = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/agency.html"),
    )
    .expect("read the default agency template");
    assert_eq!(original.matches(from).count(), 1, "`{from}` once");
    fs::write(
        theme.join("templates/agency.html"),
        original.replacen(from, to, 1),
    )
    .expect("write template");
    theme
}

/// Builds `site` into `out` with the theme folder `theme`.
fn build_themed(site: &Site, theme: &Path, out: &Path) -> std::process::Output {
    build(
        site.path(),
        out,
        &["--theme", theme.to_str().expect("utf-8")],
    )
}

#[test]
fn a_misspelt_field_in_a_copied_template_fails_the_build_with_its_place() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let theme = copied_theme(
        tmp.path(),
        "<p class=\"lede\">{{ a.summary_html | safe }}</p>",
        "<p class=\"lede\">{{ a.sumary_html | safe }}</p>",
    );
    let line = fs::read_to_string(theme.join("templates/agency.html"))
        .expect("read")
        .lines()
        .position(|l| l.contains("a.sumary_html"))
        .expect("the typo's line")
        + 1;
    let out = tmp.path().join("site");
    let run = build_themed(&site, &theme, &out);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        run.status.code(),
        Some(2),
        "a theme's mistake is a usage error (2), not content (1) or I/O (3):\n{err}"
    );
    assert!(
        err.contains("agency.html") && err.contains(&format!("line {line}")),
        "the message should name the template and line {line}:\n{err}"
    );
    assert!(
        err.contains("sumary_html"),
        "the message should name the misspelt field:\n{err}"
    );
    assert!(!out.exists(), "a failed build must not write the site");
}

#[test]
fn optional_fields_tested_with_if_still_render() {
    // `{% if a.abbreviation %}` on an agency without one is not an error.
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let theme = copied_theme(
        tmp.path(),
        "{% if a.aka %}",
        "{% if a.no_such_field %}{{ a.no_such_field }}{% endif %}{% if a.aka %}",
    );
    let out = tmp.path().join("site");
    let run = build_themed(&site, &theme, &out);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_route_line_template_from_before_its_macro_says_what_it_now_needs() {
    // route-line.html once rendered one route at its top level; now it
    // defines the `line` macro the build calls for each route.
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let theme = tmp.path().join("oldtheme");
    fs::create_dir_all(theme.join("templates")).expect("mkdir");
    fs::write(
        theme.join("templates/route-line.html"),
        "{% import \"macros.html\" as m %}{{ m.route_line(c, root, with_topics) }}",
    )
    .expect("write template");
    let out = tmp.path().join("site");
    let run = build_themed(&site, &theme, &out);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "a theme's mistake:\n{err}");
    assert!(
        err.contains("route-line.html") && err.contains("{% macro line(c, root, with_topics) %}"),
        "the message should say what route-line.html defines now:\n{err}"
    );
    assert!(!out.exists(), "a failed build must not write the site");
}
