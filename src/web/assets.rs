//! Static files are linked by fingerprinted names,
//! `/static/css/site.3f2a…9c.css`, so that browsers and caches may keep them
//! forever (`immutable`) and still fetch a changed file at once: its
//! fingerprint, and so its URL, changes with it. The fingerprint is in the
//! name rather than a query so that a static host, which ignores queries,
//! serves each version as its own file.
//!
//! Fingerprints are read once at startup. They live in a process-wide table
//! rather than being passed to every template: templates (the error page
//! among them) link assets from places that have no request or app state,
//! and the static folder is one per process.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::web::fingerprint::fnv1a;

static FINGERPRINTS: OnceLock<HashMap<String, String>> = OnceLock::new();

/// Reads every file under `static_dir` (hidden ones aside) and records its
/// fingerprint. Stylesheets are fingerprinted as served, with the URLs of
/// the fonts they load already fingerprinted.
pub fn load(static_dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    collect(static_dir, static_dir, &mut files)?;
    let mut fingerprints = HashMap::new();
    let (stylesheets, others): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(name, _)| name.ends_with(".css"));
    for (name, bytes) in others {
        fingerprints.insert(name, fingerprint(&bytes));
    }
    for (name, bytes) in stylesheets {
        let served = rewrite_urls(&String::from_utf8_lossy(&bytes), &fingerprints);
        fingerprints.insert(name, fingerprint(served.as_bytes()));
    }
    // Tests start several servers in one process, on the same folder.
    let _ = FINGERPRINTS.set(fingerprints);
    Ok(())
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative.to_string_lossy().replace('\\', "/");
            files.push((name, std::fs::read(&path)?));
        }
    }
    Ok(())
}

fn fingerprint(bytes: &[u8]) -> String {
    format!("{:012x}", fnv1a(bytes) >> 16)
}

/// The URL of a static file, fingerprinted when it is known:
/// `url("css/site.css")` → `/static/css/site.3f2a…9c.css`.
pub fn url(path: &str) -> String {
    match FINGERPRINTS.get().and_then(|f| f.get(path)) {
        Some(fingerprint) => format!("/static/{}", fingerprinted(path, fingerprint)),
        None => format!("/static/{path}"),
    }
}

/// `css/site.css` named with `fingerprint`: `css/site.<fingerprint>.css`.
fn fingerprinted(name: &str, fingerprint: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.ends_with('/') => {
            format!("{stem}.{fingerprint}.{extension}")
        }
        _ => format!("{name}.{fingerprint}"),
    }
}

/// Every static file by its current fingerprinted name (without
/// `/static/`), with the file's own name under the static folder: what a
/// copy of the site holds.
pub fn current() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = FINGERPRINTS
        .get()
        .map(|f| {
            f.iter()
                .map(|(name, fingerprint)| (fingerprinted(name, fingerprint), name.clone()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// What a request under `/static/` names: the file under the static
/// folder, and whether by its current fingerprint. Only files the folder
/// held at startup are known (so no path leads out of it); an older
/// fingerprint still finds the file as it is now, for pages kept in caches.
pub fn resolve(name: &str) -> Option<(String, bool)> {
    let fingerprints = FINGERPRINTS.get()?;
    if fingerprints.contains_key(name) {
        return Some((name.to_string(), false));
    }
    let is_fingerprint =
        |text: &str| text.len() == 12 && text.bytes().all(|b| b.is_ascii_hexdigit());
    let (rest, extension) = name.rsplit_once('.')?;
    // `css/site.<fingerprint>.css`, or `LICENSE.<fingerprint>`.
    let (file, fingerprint) = match rest.rsplit_once('.') {
        Some((stem, fingerprint)) if is_fingerprint(fingerprint) => {
            (format!("{stem}.{extension}"), fingerprint)
        }
        _ if is_fingerprint(extension) => (rest.to_string(), extension),
        _ => return None,
    };
    let current = fingerprints.get(&file)?;
    let is_current = current == fingerprint;
    Some((file, is_current))
}

/// The request asks for a static file by its current fingerprint.
pub fn is_current_fingerprint(request_path: &str) -> bool {
    request_path
        .strip_prefix("/static/")
        .and_then(resolve)
        .is_some_and(|(_, current)| current)
}

/// A stylesheet as served: with its fonts' fingerprinted URLs.
pub fn rewrite_css(css: &[u8]) -> String {
    let css = String::from_utf8_lossy(css);
    match FINGERPRINTS.get() {
        Some(fingerprints) => rewrite_urls(&css, fingerprints),
        None => css.into_owned(),
    }
}

/// Replaces `url("/static/NAME")` with the fingerprinted URL of NAME.
fn rewrite_urls(css: &str, fingerprints: &HashMap<String, String>) -> String {
    const START: &str = "url(\"/static/";
    let mut out = String::with_capacity(css.len() + 64);
    let mut rest = css;
    while let Some(at) = rest.find(START) {
        let name_start = at + START.len();
        out.push_str(&rest[..name_start]);
        rest = &rest[name_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let name = &rest[..end];
        match fingerprints.get(name) {
            Some(fingerprint) => out.push_str(&fingerprinted(name, fingerprint)),
            None => out.push_str(name),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_load_fonts_by_fingerprint() {
        let fingerprints =
            HashMap::from([("fonts/a.woff2".to_string(), "0123456789ab".to_string())]);
        assert_eq!(
            rewrite_urls(
                r#"src: url("/static/fonts/a.woff2") format("woff2"); x: url("/static/b.png");"#,
                &fingerprints
            ),
            r#"src: url("/static/fonts/a.0123456789ab.woff2") format("woff2"); x: url("/static/b.png");"#
        );
    }

    #[test]
    fn names_carry_the_fingerprint_before_the_extension() {
        assert_eq!(
            fingerprinted("css/site.css", "0123456789ab"),
            "css/site.0123456789ab.css"
        );
        assert_eq!(
            fingerprinted("LICENSE", "0123456789ab"),
            "LICENSE.0123456789ab"
        );
    }
}
