//! Static files are linked by fingerprinted URLs, `/static/css/site.css?v=…`,
//! so that browsers may keep them forever (`immutable`) and still fetch a
//! changed file at once: its fingerprint, and so its URL, changes with it.
//!
//! Fingerprints are read once at startup. They live in a process-wide table
//! rather than being passed to every template: templates (the error page
//! among them) link assets from places that have no request or app state,
//! and the static folder is one per process.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use actix_web::http::header::{self, HeaderMap};
use actix_web::web::Bytes;

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
/// `url("css/site.css")` → `/static/css/site.css?v=3f2a…`.
pub fn url(path: &str) -> String {
    match FINGERPRINTS.get().and_then(|f| f.get(path)) {
        Some(fingerprint) => format!("/static/{path}?v={fingerprint}"),
        None => format!("/static/{path}"),
    }
}

/// The request asks for a static file by its current fingerprint.
pub fn is_current_fingerprint(request_path: &str, query: &str) -> bool {
    let Some(name) = request_path.strip_prefix("/static/") else {
        return false;
    };
    FINGERPRINTS
        .get()
        .and_then(|f| f.get(name))
        .is_some_and(|fingerprint| query.strip_prefix("v=") == Some(fingerprint.as_str()))
}

/// A static file as served: stylesheets get fingerprinted font URLs.
pub fn rewrite(headers: &HeaderMap, body: Bytes) -> Bytes {
    let is_css = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/css"));
    match (is_css, FINGERPRINTS.get()) {
        (true, Some(fingerprints)) => {
            Bytes::from(rewrite_urls(&String::from_utf8_lossy(&body), fingerprints))
        }
        _ => body,
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
        out.push_str(name);
        if let Some(fingerprint) = fingerprints.get(name) {
            out.push_str("?v=");
            out.push_str(fingerprint);
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
            r#"src: url("/static/fonts/a.woff2?v=0123456789ab") format("woff2"); x: url("/static/b.png");"#
        );
    }
}
