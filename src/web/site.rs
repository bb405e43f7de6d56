//! What the web layer knows about the site itself: its public address and
//! where its static files are. The bottom of the web layer: it uses nothing
//! else of the crate.

use std::path::PathBuf;

/// Where the static files are served from.
#[derive(Debug, Clone)]
pub struct StaticDir(pub PathBuf);

/// What pages need to know about the site itself.
#[derive(Debug, Clone)]
pub struct Site {
    /// The public address of the site, without a trailing slash: absolute
    /// URLs (share previews, embed snippets, citations) start with it.
    pub base_url: String,
}

impl Site {
    pub fn new(base_url: &str) -> Site {
        Site {
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// The absolute URL of a path on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// A page's path followed by a view's segments ("/ban-le" + "/2024"): the
/// site's root is "" before them ("/2024", not "//2024").
pub fn join(path: &str, view_path: &str) -> String {
    if path == "/" && !view_path.is_empty() {
        view_path.to_string()
    } else {
        format!("{path}{view_path}")
    }
}
