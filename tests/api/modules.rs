//! The crate's modules form layers: no module uses, through `crate::…`
//! paths, a module that uses it back, however indirectly. Read from the
//! source text (a rough map, not the compiler's view), with every file
//! counted — `mod.rs` files too, so that a child naming its parent's items
//! and the parent naming the child's would show as a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module of `src/`, by path (`web::chart_views`), with its source.
fn modules() -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).expect("under src/");
                let mut parts: Vec<String> = relative
                    .with_extension("")
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                let name = if parts.is_empty() {
                    "crate".to_string()
                } else {
                    parts.join("::")
                };
                let source = std::fs::read_to_string(&path).expect("a source file");
                out.insert(name, without_unit_tests(&source));
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The source before its `#[cfg(test)] mod tests` block: unit tests may
/// use anything.
fn without_unit_tests(source: &str) -> String {
    match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => source[..at].to_string(),
        None => source.to_string(),
    }
}

/// The paths a source names after `crate::`, with braces expanded one
/// level: `crate::web::{error, layout::Layout}` → `web::error`,
/// `web::layout::Layout`.
fn crate_paths(source: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let prefix = &rest[..end];
        if prefix.ends_with("::") && rest[end..].starts_with('{') {
            let close = rest[end..].find('}').map_or(rest.len(), |c| end + c);
            let inner = &rest[end + 1..close];
            for item in inner.split(',') {
                let item = item.trim().split([' ', '{']).next().unwrap_or_default();
                if !item.is_empty() {
                    paths.push(format!("{prefix}{item}"));
                }
            }
        } else {
            paths.push(prefix.trim_end_matches(':').to_string());
        }
    }
    paths
}

/// Which module a path names: its longest prefix that is a module.
fn module_of<'a>(path: &str, modules: &'a BTreeMap<String, String>) -> Option<&'a str> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len()).rev().find_map(|n| {
        modules
            .get_key_value(&segments[..n].join("::"))
            .map(|(name, _)| name.as_str())
    })
}

fn uses(modules: &BTreeMap<String, String>) -> BTreeMap<&str, BTreeSet<&str>> {
    modules
        .iter()
        .map(|(name, source)| {
            let used = crate_paths(source)
                .iter()
                .filter_map(|path| module_of(path, modules))
                .filter(|used| used != name)
                .collect();
            (name.as_str(), used)
        })
        .collect()
}

/// A cycle through `start`, if there is one: the modules in order.
fn cycle_from<'a>(
    start: &'a str,
    uses: &BTreeMap<&'a str, BTreeSet<&'a str>>,
) -> Option<Vec<&'a str>> {
    let mut stack = vec![vec![start]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = *path.last().expect("paths are never empty");
        for &next in uses.get(last).into_iter().flatten() {
            if next == start {
                return Some(path.clone());
            }
            if seen.insert(next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() {
    let modules = modules();
    assert!(modules.contains_key("web::error") && modules.contains_key("web::chart_views"));
    let uses = uses(&modules);
    let cycles: Vec<String> = uses
        .keys()
        .filter_map(|module| cycle_from(module, &uses))
        .map(|cycle| format!("{} → {}", cycle.join(" → "), cycle[0]))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_finder_finds_a_cycle_through_a_parent_module() {
    let modules: BTreeMap<String, String> = [
        (
            "web".to_string(),
            "use crate::web::{pages, error::AppError};".to_string(),
        ),
        ("web::error".to_string(), "use crate::db;".to_string()),
        (
            "web::pages".to_string(),
            "use crate::web::Site;".to_string(),
        ),
        ("db".to_string(), String::new()),
    ]
    .into();
    let uses = uses(&modules);
    assert_eq!(uses["web"], BTreeSet::from(["web::pages", "web::error"]));
    assert_eq!(
        cycle_from("web::pages", &uses),
        Some(vec!["web::pages", "web"])
    );
    assert_eq!(cycle_from("web::error", &uses), None);
}

/// The layers README's code map states: each bullet's modules (a
/// directory, `src/charts/`, names every module under it), in order.
fn layers_of_readme() -> Vec<Vec<String>> {
    let readme = include_str!("../../README.md");
    let map = &readme[readme.find("## Code map").expect("README has a code map")..];
    let map = &map[..map[3..].find("\n## ").map_or(map.len(), |end| end + 3)];
    let mut layers = Vec::new();
    for bullet in map.split("\n- ").skip(1) {
        let mut names = Vec::new();
        for (i, part) in bullet.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            let path = if part.starts_with("web/") || part.starts_with("db/") {
                format!("src/{part}")
            } else {
                part.to_string()
            };
            let Some(path) = path.strip_prefix("src/") else {
                continue;
            };
            let name = path
                .trim_end_matches('/')
                .trim_end_matches(".rs")
                .trim_end_matches("/mod")
                .replace('/', "::");
            if !["main", "lib"].contains(&name.as_str()) && !name.is_empty() {
                names.push(name);
            }
        }
        if !names.is_empty() {
            layers.push(names);
        }
    }
    layers
}

/// The layer of `module`: the bullet naming it, or the directory above it.
fn layer_of(module: &str, layers: &[Vec<String>]) -> Option<usize> {
    let segments: Vec<&str> = module.split("::").collect();
    (1..=segments.len()).rev().find_map(|n| {
        let prefix = segments[..n].join("::");
        layers.iter().position(|names| names.contains(&prefix))
    })
}

#[test]
fn every_module_uses_only_the_layers_readme_puts_above_it() {
    let modules = modules();
    let layers = layers_of_readme();
    assert!(layers.len() > 10, "{layers:?}");
    let uses = uses(&modules);
    let mut unmapped = Vec::new();
    let mut upward = Vec::new();
    for (&module, used) in &uses {
        if module == "crate" {
            continue;
        }
        let Some(layer) = layer_of(module, &layers) else {
            unmapped.push(module);
            continue;
        };
        for &other in used {
            // A parent module and its children are one room.
            if other.starts_with(&format!("{module}::"))
                || module.starts_with(&format!("{other}::"))
            {
                continue;
            }
            match layer_of(other, &layers) {
                Some(other_layer) if other_layer <= layer => {}
                _ => upward.push(format!("{module} uses {other}")),
            }
        }
    }
    assert!(
        unmapped.is_empty(),
        "modules README's code map does not name: {unmapped:?}"
    );
    assert!(
        upward.is_empty(),
        "uses of a layer below in README's code map:\n{}",
        upward.join("\n")
    );
}

/// The public process never reaches the staff side: nothing the public
/// site is built from (`web`, `startup`, `publish`, `static_host`) uses
/// `drafts` or `admin`, through any chain of modules.
#[test]
fn the_public_site_links_nothing_of_the_staff_side() {
    let modules = modules();
    let uses = uses(&modules);
    let public_roots = ["web", "startup", "publish", "static_host"];
    let mut reached: Vec<&str> = uses
        .keys()
        .copied()
        .filter(|m| {
            public_roots
                .iter()
                .any(|root| *m == *root || m.starts_with(&format!("{root}::")))
        })
        .collect();
    assert!(reached.len() > 10, "{reached:?}");
    let mut i = 0;
    while i < reached.len() {
        if let Some(used) = uses.get(reached[i]) {
            for &other in used {
                if !reached.contains(&other) {
                    reached.push(other);
                }
            }
        }
        i += 1;
    }
    let staff: Vec<&&str> = reached
        .iter()
        .filter(|m| {
            ["drafts", "admin"]
                .iter()
                .any(|s| **m == *s || m.starts_with(&format!("{s}::")))
        })
        .collect();
    assert!(staff.is_empty(), "the public site reaches {staff:?}");
}
