//! The headers and redirects a static copy of the site must be served with,
//! worked out from the answers themselves (`publish` asks the application
//! for every file): files are grouped by the path patterns a static host
//! can match, every file of a group must carry the same headers (else the
//! export stops, naming two that differ), and each group becomes a rule of
//! Netlify's and Cloudflare Pages' `_headers` and a `location` of an nginx
//! server block. So the rules say what the live site says, and a change
//! to the site's headers changes them at the next export.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::bail;

use crate::web::address::{CHARTS, EMBEDS, FIGURES};
use crate::web::chart_kind::ChartKind;

/// A value that names the file it comes with (`inline;
/// filename="can-can-thuong-mai-2024.svg"` on that file) is kept as this
/// template: static hosts fill it from the path, or leave it to the
/// browser, which names a file after its path's last segment anyway.
const FILE_NAME: &str = "{file}";

/// A period in a path, for nginx: `ca-nam`, `9-thang`, `thang-1`.
const PERIOD: &str = "ca-nam|[0-9]+-thang|thang-[0-9]+";
/// A day in a path, for nginx.
const DAY: &str = "[0-9]{4}-[0-9]{2}-[0-9]{2}";

/// Headers by name, lower case.
pub type Headers = BTreeMap<String, String>;

/// One pattern of paths and the headers its files are served with.
#[derive(Debug)]
struct Group {
    pattern: Pattern,
    headers: Headers,
    /// File extension → content type, for the files of the group.
    types: BTreeMap<String, String>,
    /// The content type of files whose path has no extension.
    extensionless_type: Option<String>,
    /// One path of the group, to name in a message.
    example: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Pattern {
    /// The path itself.
    Exact(String),
    /// Everything under a folder (`/ban-le/` for `/ban-le/*`).
    Under(String),
    /// Files with an extension in a folder (`/bieu-do/`, `svg`).
    Extension(String, String),
}

impl Pattern {
    /// The pattern `path`, answered with `content_type`, falls in: a page
    /// under its section's folder, a download on its own.
    fn of(path: &str, content_type: &str) -> Pattern {
        let trimmed = path.trim_start_matches('/');
        let first = trimmed.split('/').next().unwrap_or_default();
        let page = content_type.starts_with("text/html");
        match first {
            "static" | "nhung" | "api" | "so-lieu" => Pattern::Under(format!("/{first}/")),
            _ if !page && first != "bieu-do" => Pattern::Exact(path.to_string()),
            "bieu-do" => {
                let rest = &trimmed["bieu-do/".len().min(trimmed.len())..];
                if let Some((_, extension)) = rest.rsplit_once('.').filter(|_| !rest.contains('/'))
                {
                    return Pattern::Extension(CHARTS.to_string(), extension.to_string());
                }
                let slug = rest.split('/').next().unwrap_or_default();
                if ChartKind::from_slug(slug).is_some() && rest.contains('/') {
                    Pattern::Under(format!("{CHARTS}{slug}/"))
                } else {
                    Pattern::Exact(path.to_string())
                }
            }
            _ if trimmed.contains('/') => Pattern::Under(format!("/{first}/")),
            _ => Pattern::Exact(path.to_string()),
        }
    }

    /// As `_headers` writes it.
    fn netlify(&self) -> String {
        match self {
            Pattern::Exact(path) => path.clone(),
            Pattern::Under(folder) => format!("{folder}*"),
            Pattern::Extension(folder, extension) => format!("{folder}*.{extension}"),
        }
    }
}

/// The rules of a static copy.
pub struct Rules {
    groups: Vec<Group>,
}

impl Rules {
    /// The rules for `files`: each path with the headers it was answered
    /// with. Fails when files of one pattern differ in their headers.
    pub fn of<'a>(files: impl Iterator<Item = (&'a str, &'a Headers)>) -> anyhow::Result<Rules> {
        let mut groups: BTreeMap<Pattern, Group> = BTreeMap::new();
        for (path, headers) in files {
            let file = path.rsplit('/').next().unwrap_or_default();
            let mut headers = headers.clone();
            let content_type = headers.remove("content-type").unwrap_or_default();
            for value in headers.values_mut() {
                let named = format!("\"{file}\"");
                if !file.is_empty() && value.contains(&named) {
                    *value = value.replace(&named, &format!("\"{FILE_NAME}\""));
                }
            }
            let pattern = if path == "/404.html" {
                Pattern::Exact(path.to_string())
            } else {
                Pattern::of(path, &content_type)
            };
            let group = groups.entry(pattern.clone()).or_insert_with(|| Group {
                pattern,
                headers: headers.clone(),
                types: BTreeMap::new(),
                extensionless_type: None,
                example: path.to_string(),
            });
            if group.headers != headers {
                bail!(
                    "{} và {path} cùng một mẫu đường dẫn nhưng khác phần đầu (header): \
                     máy chủ tĩnh không phân biệt được",
                    group.example
                );
            }
            let extension = if content_type.starts_with("text/html") {
                Some("html")
            } else {
                file.rsplit_once('.').map(|(_, extension)| extension)
            };
            let slot = match extension {
                Some(extension) => group.types.entry(extension.to_string()).or_default(),
                None => group.extensionless_type.get_or_insert_with(String::new),
            };
            if slot.is_empty() {
                *slot = content_type;
            } else if *slot != content_type {
                bail!(
                    "{path}: kiểu nội dung {content_type} khác {slot} của tệp cùng đuôi trong {}",
                    group.example
                );
            }
        }
        Ok(Rules {
            groups: groups.into_values().collect(),
        })
    }

    /// `_headers`, as Netlify and Cloudflare Pages read it. Patterns do not
    /// overlap: both hosts add up the headers of every rule a path matches.
    pub fn netlify_headers(&self) -> String {
        let mut out = String::from(
            "# Made by `congthuong publish` from the site's own answers: the headers\n\
             # each file is served with (Netlify, Cloudflare Pages).\n",
        );
        for group in &self.groups {
            if group.pattern == Pattern::Exact("/404.html".to_string()) {
                continue;
            }
            out.push_str(&group.pattern.netlify());
            out.push('\n');
            for (name, value) in &group.headers {
                let value = if value.contains(FILE_NAME) {
                    // The browser names it after its path.
                    value.split(';').next().unwrap_or_default().to_string()
                } else {
                    value.clone()
                };
                out.push_str(&format!("  {}: {value}\n", display_name(name)));
            }
            if let Some(content_type) = &group.extensionless_type {
                out.push_str(&format!("  Content-Type: {content_type}\n"));
            }
        }
        out
    }

    /// `_redirects`, as Netlify reads it: the query forms of views move to
    /// their paths (Cloudflare Pages cannot match a query; there, old query
    /// links show the newest period).
    pub fn netlify_redirects(&self) -> String {
        let mut out = String::from(
            "# Made by `congthuong publish`: links printed before views had paths\n\
             # (?nam=&ky=&ngay=) move to them. Longest match first.\n",
        );
        let mut bases: Vec<String> = self
            .groups
            .iter()
            .filter_map(|g| match &g.pattern {
                Pattern::Exact(path) if g.types.contains_key("html") && path != "/404.html" => {
                    Some(path.clone())
                }
                _ => None,
            })
            .collect();
        bases.sort();
        for base in bases {
            let join = |view: &str| crate::web::site::join(&base, view);
            for (query, view) in [
                ("nam=:nam ky=:ky ngay=:ngay", "/:nam/:ky/ngay-:ngay"),
                ("nam=:nam ky=:ky", "/:nam/:ky"),
                ("nam=:nam ngay=:ngay", "/:nam/ngay-:ngay"),
                ("nam=:nam", "/:nam"),
                ("ngay=:ngay", "/ngay-:ngay"),
            ] {
                out.push_str(&format!("{base} {query} {} 301!\n", join(view)));
            }
        }
        for kind in ChartKind::ALL {
            let slug = kind.slug();
            for extension in ["svg", "png", "csv"] {
                for (query, stem) in [
                    ("nam=:nam ky=:ky ngay=:ngay", ":nam-:ky-ngay-:ngay"),
                    ("nam=:nam ky=:ky", ":nam-:ky"),
                    ("nam=:nam ngay=:ngay", ":nam-ngay-:ngay"),
                    ("nam=:nam", ":nam"),
                    ("ngay=:ngay", "ngay-:ngay"),
                ] {
                    out.push_str(&format!(
                        "{CHARTS}{slug}.{extension} {query} {CHARTS}{slug}-{stem}.{extension} 301!\n"
                    ));
                }
            }
        }
        out
    }

    /// An nginx `server` block that serves `site` (the folder of files) as
    /// the live site is served, listening on `listen`; include it in the
    /// `http` block. Precompressed `.gz` files need nothing more; `.br`
    /// files need the brotli module (Debian: libnginx-mod-http-brotli-static).
    pub fn nginx(&self, site: &Path, listen: &str) -> String {
        let mut out = format!(
            "# Made by `congthuong publish` from the site's own answers: serves the\n\
             # exported folder with the headers, types and compressed forms the live\n\
             # site sends. Include it in nginx's `http` block; `.br` files need the\n\
             # brotli module (Debian: libnginx-mod-http-brotli-static).\n\
             \n\
             # Views asked for in the query form (links, QR codes and embeds\n\
             # printed before views had paths) move to their paths: the parts\n\
             # of a view's path, and of a chart file's name.\n\
             map $arg_nam $congthuong_nam {{ \"~^(?<v>[0-9]{{4}})$\" \"/$v\"; default \"\"; }}\n\
             map \"$arg_nam:$arg_ky\" $congthuong_ky {{ \"~^[0-9]{{4}}:(?<v>{PERIOD})$\" \"/$v\"; default \"\"; }}\n\
             map $arg_ngay $congthuong_ngay {{ \"~^(?<v>{DAY})$\" \"/ngay-$v\"; default \"\"; }}\n\
             map $arg_nam $congthuong_stem_nam {{ \"~^(?<v>[0-9]{{4}})$\" \"-$v\"; default \"\"; }}\n\
             map \"$arg_nam:$arg_ky\" $congthuong_stem_ky {{ \"~^[0-9]{{4}}:(?<v>{PERIOD})$\" \"-$v\"; default \"\"; }}\n\
             map $arg_ngay $congthuong_stem_ngay {{ \"~^(?<v>{DAY})$\" \"-ngay-$v\"; default \"\"; }}\n\
             \n\
             server {{\n\
             \x20   listen {listen};\n\
             \x20   absolute_redirect off;\n\
             \x20   set $congthuong_view \"$congthuong_nam$congthuong_ky$congthuong_ngay\";\n\
             \x20   set $congthuong_stem \"$congthuong_stem_nam$congthuong_stem_ky$congthuong_stem_ngay\";\n\
             \x20   server_name _;\n\
             \x20   root {};\n\
             \x20   charset off;\n\
             \x20   server_tokens off;\n\
             \x20   gzip_static on;\n\
             \x20   gzip_vary on;\n\
             \x20   brotli_static on;\n\
             \x20   error_page 404 /404.html;\n",
            site.display()
        );
        let slugs = ChartKind::ALL.map(|k| k.slug()).join("|");
        for group in &self.groups {
            let page = group.types.contains_key("html");
            // How the query form of this location's views moves, if it has one.
            let moved = match &group.pattern {
                Pattern::Exact(path) if path == "/" && page => {
                    "if ($congthuong_view) {\n            return 301 $congthuong_view;\n        }\n"
                        .to_string()
                }
                Pattern::Exact(path) if path != "/404.html" && page => {
                    "if ($congthuong_view) {\n            return 301 $uri$congthuong_view;\n        }\n"
                        .to_string()
                }
                // A figure's page or an embed, by its bare path.
                Pattern::Under(folder) if folder == FIGURES || folder == EMBEDS => format!(
                    "set $congthuong_moved \"$uri|$congthuong_view\";\n        \
                     if ($congthuong_moved ~ \"^({folder}[^/]+)\\|(/.+)$\") {{\n            \
                     return 301 $1$2;\n        }}\n"
                ),
                // A chart file by its bare name.
                Pattern::Extension(folder, extension) if folder == CHARTS => format!(
                    "set $congthuong_moved \"$uri|$congthuong_stem\";\n        \
                     if ($congthuong_moved ~ \"^{CHARTS}({slugs})\\.{extension}\\|(-.+)$\") {{\n            \
                     return 301 {CHARTS}$1$2.{extension};\n        }}\n"
                ),
                _ => String::new(),
            };
            let (opening, try_files) = match &group.pattern {
                Pattern::Exact(path) if path == "/404.html" => {
                    ("location = /404.html".to_string(), "internal;".to_string())
                }
                Pattern::Exact(path) if path == "/" => (
                    "location = /".to_string(),
                    "try_files /index.html =404;".to_string(),
                ),
                Pattern::Exact(path) => (
                    format!("location = {path}"),
                    "try_files $uri $uri.html =404;".to_string(),
                ),
                Pattern::Under(folder) => (
                    format!("location ^~ {folder}"),
                    "try_files $uri $uri.html =404;".to_string(),
                ),
                Pattern::Extension(folder, extension) => (
                    format!(
                        "location ~ ^{}(?<file>[^/]+\\.{})$",
                        regex_escape(folder),
                        regex_escape(extension)
                    ),
                    "try_files $uri =404;".to_string(),
                ),
            };
            out.push_str(&format!("\n    {opening} {{\n"));
            if !moved.is_empty() {
                out.push_str(&format!("        {moved}"));
            }
            out.push_str(&format!("        {try_files}\n"));
            out.push_str("        types {\n");
            for (extension, content_type) in &group.types {
                out.push_str(&format!("            \"{content_type}\" {extension};\n"));
            }
            out.push_str("        }\n");
            out.push_str(&format!(
                "        default_type \"{}\";\n",
                group
                    .extensionless_type
                    .as_deref()
                    .unwrap_or("application/octet-stream")
            ));
            for (name, value) in &group.headers {
                let value = value.replace(FILE_NAME, "$file").replace('"', "\\\"");
                out.push_str(&format!(
                    "        add_header {} \"{value}\" always;\n",
                    display_name(name)
                ));
            }
            out.push_str("    }\n");
        }
        // Anything else is not part of the site.
        out.push_str("\n    location / {\n        return 404;\n    }\n}\n");
        out
    }
}

/// `content-security-policy` → `Content-Security-Policy`.
fn display_name(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '-' || c == '_' {
                vec![c]
            } else {
                vec!['\\', c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn paths_fall_in_patterns_a_static_host_can_match() {
        for (path, pattern) in [
            ("/", "/"),
            ("/ban-le", "/ban-le"),
            ("/ban-le/2024/9-thang", "/ban-le/*"),
            ("/2024", "/2024"),
            ("/2024/9-thang/ngay-2024-12-31", "/2024/*"),
            ("/bieu-do/co-cau-ban-le", "/bieu-do/co-cau-ban-le"),
            ("/bieu-do/co-cau-ban-le/2023", "/bieu-do/co-cau-ban-le/*"),
            ("/bieu-do/co-cau-ban-le-2023.svg", "/bieu-do/*.svg"),
            ("/static/css/site.0123456789ab.css", "/static/*"),
            ("/du-lieu/so-lieu.csv", "/du-lieu/so-lieu.csv"),
            ("/cap-nhat.xml", "/cap-nhat.xml"),
            ("/du-lieu/2023", "/du-lieu/*"),
            ("/so-lieu/trade.export/2024", "/so-lieu/*"),
        ] {
            let content_type = if path.contains('.') && !path.contains("trade.export") {
                "text/csv"
            } else {
                "text/html; charset=utf-8"
            };
            assert_eq!(Pattern::of(path, content_type).netlify(), pattern, "{path}");
        }
    }

    #[test]
    fn a_file_named_in_its_header_makes_one_rule_for_its_pattern() {
        let a = headers(&[
            ("content-type", "image/svg+xml; charset=utf-8"),
            ("content-disposition", "inline; filename=\"x-2023.svg\""),
        ]);
        let b = headers(&[
            ("content-type", "image/svg+xml; charset=utf-8"),
            ("content-disposition", "inline; filename=\"x-2024.svg\""),
        ]);
        let rules =
            Rules::of([("/bieu-do/x-2023.svg", &a), ("/bieu-do/x-2024.svg", &b)].into_iter())
                .unwrap();
        let nginx = rules.nginx(Path::new("/srv/site"), "127.0.0.1:8080");
        assert!(
            nginx.contains("location ~ ^/bieu-do/(?<file>[^/]+\\.svg)$"),
            "{nginx}"
        );
        assert!(
            nginx.contains(
                "add_header Content-Disposition \"inline; filename=\\\"$file\\\"\" always;"
            ),
            "{nginx}"
        );
        assert!(
            nginx.contains("\"image/svg+xml; charset=utf-8\" svg;"),
            "{nginx}"
        );
        assert!(
            rules
                .netlify_headers()
                .contains("/bieu-do/*.svg\n  Content-Disposition: inline\n")
        );
    }

    #[test]
    fn files_of_one_pattern_with_different_headers_stop_the_export() {
        let page = headers(&[("content-type", "text/html"), ("x-frame-options", "DENY")]);
        let framable = headers(&[("content-type", "text/html")]);
        let error = Rules::of([("/ban-le/2023", &page), ("/ban-le/2024", &framable)].into_iter())
            .err()
            .unwrap();
        assert!(error.to_string().contains("/ban-le/2023"), "{error}");
    }
}
