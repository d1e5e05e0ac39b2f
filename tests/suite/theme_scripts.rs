//! The theme's JavaScript as the site serves it: minified (comments and
//! indentation gone, `src/render/minify.rs`), not the readable files of
//! `themes/default/static/`; and a theme's script that the minifier cannot
//! read safely is copied as it is, without failing the build.

use crate::common;

use std::fs;
use std::path::Path;

use common::{Site, build_ok};

#[test]
fn the_served_scripts_are_minified_not_the_raw_files() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    for name in ["search.js", "search-words.js", "site.js"] {
        let raw = fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/static")
                .join(name),
        )
        .expect("the theme's file");
        let served = fs::read(out.join("assets").join(name)).expect("the served file");
        assert_ne!(served, raw, "{name} is served as written");
        assert!(
            served.len() * 10 < raw.len() * 8,
            "{name}: {} bytes served of {}",
            served.len(),
            raw.len()
        );
        let text = String::from_utf8(served).expect("UTF-8");
        let kept = text
            .lines()
            .find(|l| l.starts_with([' ', '\t']) || l.starts_with("//") || l.starts_with("/*"));
        assert_eq!(kept, None, "{name} keeps indentation or a comment");
    }
}

#[test]
fn a_theme_script_the_minifier_cannot_read_is_copied_as_it_is() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let theme = tmp.path().join("mytheme");
    fs::create_dir_all(theme.join("static")).expect("mkdir");
    // A string left open: the tokenizer would drop the rest of the file.
    let broken: &[u8] = b"var greeting = \"hello;\nfunction  wave() {  return 1;  }\n";
    // Not UTF-8.
    let latin1: &[u8] = b"var name  =  'Jos\xe9';\n";
    // A regular expression after `return`, which the tokenizer reads as a division.
    let regex: &[u8] = b"function squeeze(s) {\n  return / +/.test(s);\n}\n";
    // Without semicolons: minified, its line breaks kept.
    let plain: &[u8] = b"// Two numbers.\nconst a  =  1\nconst b  =  a  +  1 // two\n";
    for (name, bytes) in [
        ("broken.js", broken),
        ("latin1.js", latin1),
        ("regex.js", regex),
        ("plain.js", plain),
    ] {
        fs::write(theme.join("static").join(name), bytes).expect("write");
    }
    let out = tmp.path().join("site");
    build_ok(
        site.path(),
        &out,
        &["--theme", theme.to_str().expect("utf-8")],
    );
    let served = |name: &str| fs::read(out.join("assets").join(name)).expect("served");
    assert_eq!(served("broken.js"), broken);
    assert_eq!(served("latin1.js"), latin1);
    assert_eq!(served("regex.js"), regex);
    assert_eq!(served("plain.js"), b"const a=1\nconst b=a+1");
    // The same again: what is served depends only on the files.
    let again = tmp.path().join("again");
    build_ok(
        site.path(),
        &again,
        &["--theme", theme.to_str().expect("utf-8")],
    );
    for name in ["broken.js", "plain.js", "search.js"] {
        let second = fs::read(again.join("assets").join(name)).expect("served");
        assert_eq!(served(name), second, "{name}");
    }
}
