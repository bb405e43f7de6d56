//! The site as static files, and behind a cache, served by nginx (Debian's
//! package, started here on 127.0.0.1). These need nginx with the brotli
//! module (`libnginx-mod-http-brotli-static`), so `cargo test` leaves them
//! out; `tests/nginx/run` (and CI) runs them.

use std::collections::{BTreeSet, VecDeque};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::helpers::{BASE_URL, Fetched, TestApp, fetch, spawn_app_with};

const NGINX: &str = "/usr/sbin/nginx";
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Headers a static copy must send as the live site does.
const COMPARED_HEADERS: [&str; 8] = [
    "content-type",
    "content-disposition",
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "strict-transport-security",
];

/// A free port on 127.0.0.1 (released for nginx to take).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// nginx, running in the foreground with its own prefix folder, stopped
/// when dropped.
struct Nginx {
    child: Child,
    address: String,
    agent: ureq::Agent,
}

impl Nginx {
    /// Starts nginx with `server` (a server block, and anything else the
    /// `http` block may hold) listening on `port`.
    fn start(prefix: &Path, server: &str, port: u16) -> Nginx {
        assert!(
            Path::new(NGINX).exists() && Path::new(BROTLI_MODULE).exists(),
            "these tests need nginx and its brotli module: \
             apt-get install -y nginx libnginx-mod-http-brotli-static"
        );
        std::fs::create_dir_all(prefix.join("logs")).unwrap();
        std::fs::write(prefix.join("server.conf"), server).unwrap();
        let conf = format!(
            "load_module {BROTLI_MODULE};\n\
             worker_processes 1;\n\
             daemon off;\n\
             pid {prefix}/nginx.pid;\n\
             error_log {prefix}/logs/error.log warn;\n\
             events {{ worker_connections 512; }}\n\
             http {{\n\
             \x20   access_log off;\n\
             \x20   client_body_temp_path {prefix}/body;\n\
             \x20   proxy_temp_path {prefix}/proxy;\n\
             \x20   fastcgi_temp_path {prefix}/fastcgi;\n\
             \x20   uwsgi_temp_path {prefix}/uwsgi;\n\
             \x20   scgi_temp_path {prefix}/scgi;\n\
             \x20   include {prefix}/server.conf;\n\
             }}\n",
            prefix = prefix.display()
        );
        std::fs::write(prefix.join("nginx.conf"), conf).unwrap();
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(prefix.join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("nginx starts");
        let address = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not start: {}",
                std::fs::read_to_string(prefix.join("logs/error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let agent = crate::helpers::agent(crate::helpers::Redirects::Show, 30);
        Nginx {
            child,
            address,
            agent,
        }
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Fetched {
        fetch(&self.agent, &format!("{}{path}", self.address), headers)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The paths on this site that an answer links to, read as a browser
/// would: elements' `href` and `src`, share previews' absolute URLs,
/// stylesheets' `url(…)`, the feed's links.
fn links_of(fetched: &Fetched) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut add = |value: &str| {
        let path = match value.strip_prefix(BASE_URL) {
            Some(path) => path,
            None if value.starts_with('/') && !value.starts_with("//") => value,
            None => return,
        };
        let path = path.split('#').next().unwrap_or_default();
        if !path.is_empty() {
            found.insert(path.to_string());
        }
    };
    if fetched.content_type.starts_with("text/html") {
        let html = Html::parse_document(&fetched.body);
        let selector = scraper::Selector::parse("[href], [src], meta[content]").unwrap();
        for element in html.select(&selector) {
            for attribute in ["href", "src", "content"] {
                if let Some(value) = element.value().attr(attribute) {
                    add(value);
                }
            }
        }
    } else if fetched.content_type.starts_with("text/css") {
        for part in fetched.body.split("url(\"").skip(1) {
            add(part.split('"').next().unwrap_or_default());
        }
    } else if fetched.content_type.starts_with("application/atom+xml") {
        let document = roxmltree::Document::parse(&fetched.body).expect("the feed is XML");
        for node in document.descendants() {
            if let Some(href) = node.attribute("href") {
                add(href);
            }
        }
    }
    found
}

/// `congthuong publish` of the full record into `out`, its nginx block
/// listening on `port`; the database is made at `db`.
fn publish(db: &Path, out: &Path, port: u16) -> String {
    let (ok, stdout, stderr) =
        crate::publish::publish(db, out, &["--nginx-listen", &format!("127.0.0.1:{port}")]);
    assert!(ok, "publish failed: {stderr}");
    stdout
}

/// Every page of the exported site, from its sitemap.
fn sitemap_paths(site: &Path) -> Vec<String> {
    let xml = std::fs::read_to_string(site.join("sitemap.xml")).expect("a sitemap");
    let document = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| {
            n.text()
                .unwrap_or_default()
                .strip_prefix(BASE_URL)
                .expect("sitemap URLs are under the site's address")
                .to_string()
        })
        .collect()
}

#[test]
#[ignore = "needs nginx: tests/nginx/run"]
fn the_static_copy_served_by_nginx_is_the_live_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ban-xuat");
    let port = free_port();
    let mut published = String::new();
    let live: TestApp = spawn_app_with(|db| published = publish(db, &out, port));
    assert!(published.starts_with("Đã ghi "), "{published}");
    let site = out.join("site");
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "_headers",
        "_redirects",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    // Written beside the folder and moved into place: nothing else is left.
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 1, "{beside:?}");

    let server = std::fs::read_to_string(out.join("nginx.conf")).unwrap();
    let nginx = Nginx::start(&dir.path().join("nginx"), &server, port);
    let sitemap = sitemap_paths(&site);
    assert!(
        sitemap.len() > 100,
        "{} pages in the sitemap",
        sitemap.len()
    );
    assert!(sitemap.contains(&"/xuat-nhap-khau/2024/9-thang".to_string()));

    // Crawl both from the sitemap and the addresses no page links — the
    // embeds (named in snippets, as text; the sitemap lists only pages
    // that are their own canonical address) and those earlier releases
    // published by a chart's name alone —, following every link either
    // has.
    let by_name = [
        "/nhung/can-can-thuong-mai/2023",
        "/nhung/ban-le-qua-cac-nam",
        "/nhung/can-can-thuong-mai",
        "/bieu-do/co-cau-ban-le.svg",
        "/bieu-do/can-can-thuong-mai.png",
        "/bieu-do/ban-le-qua-cac-nam.csv",
        "/robots.txt",
    ];
    let mut queue: VecDeque<String> = sitemap
        .iter()
        .cloned()
        .chain(by_name.iter().map(|p| p.to_string()))
        .collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let (mut compared, mut brotli) = (0, 0);
    while let Some(path) = queue.pop_front() {
        let ours = live.get_with(&path, &[]);
        let theirs = nginx.get(&path, &[]);
        assert_eq!(ours.status, 200, "live {path}");
        assert_eq!(theirs.status, 200, "nginx {path}");
        assert!(ours.bytes == theirs.bytes, "{path}: the bodies differ");
        for name in COMPARED_HEADERS {
            assert_eq!(ours.header(name), theirs.header(name), "{path}: {name}");
        }
        for link in links_of(&ours).into_iter().chain(links_of(&theirs)) {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
        // A reader asking for brotli gets the precompressed file.
        let file = file_of(&site, &path, &ours.content_type);
        let compressed = PathBuf::from(format!("{}.br", file.display()));
        if compressed.exists() {
            let theirs = nginx.get(&path, &[("accept-encoding", "br")]);
            assert_eq!(theirs.header("content-encoding"), Some("br"), "{path}");
            assert!(
                theirs.bytes == std::fs::read(&compressed).unwrap(),
                "{path}: not the .br file"
            );
            let mut decoded = Vec::new();
            brotli::BrotliDecompress(&mut theirs.bytes.as_slice(), &mut decoded).unwrap();
            assert!(
                decoded == ours.bytes,
                "{path}: the .br file is another body"
            );
            brotli += 1;
        }
        compared += 1;
    }
    assert!(compared >= sitemap.len(), "{compared} compared");
    assert!(brotli > compared / 2, "{brotli} of {compared} in brotli");
    // Charts in every format, every embed and the open data were reached.
    for expected in [
        "/bieu-do/can-can-thuong-mai-2023.svg",
        "/bieu-do/can-can-thuong-mai-2023.png",
        "/bieu-do/can-can-thuong-mai-2023.csv",
        "/nhung/ban-le-qua-cac-nam",
        "/nhung/can-can-thuong-mai/2023",
        "/du-lieu/so-lieu.csv",
        "/du-lieu/so-lieu.xlsx",
        "/cap-nhat.xml",
    ] {
        assert!(seen.contains(expected), "{expected} was not reached");
    }

    // Links printed before views had paths move to the same path on both.
    // (A dated view is in the copy where a page links it; a citation names
    // one in text, so the last two move the same way to a path the copy
    // need not hold.)
    for asked in [
        "/?nam=2024&ky=9-thang".to_string(),
        "/xuat-nhap-khau?nam=2023".to_string(),
        "/ban-le?nam=2024&ky=6-thang".to_string(),
        "/so-lieu/trade.export?nam=2024&ky=9-thang".to_string(),
        "/nhung/ban-le-qua-cac-nam?nam=2023".to_string(),
        "/bieu-do/ban-le-qua-cac-nam.svg?nam=2024&ky=6-thang".to_string(),
        "/bieu-do/ban-le-qua-cac-nam.csv?nam=2023".to_string(),
        "/bieu-do/ban-le-qua-cac-nam?nam=2023&ngay=2024-12-31".to_string(),
        "/ban-le?nam=2024&ky=6-thang&ngay=2024-12-31".to_string(),
    ] {
        let asked = asked.as_str();
        let ours = crate::hardening::get_raw(&live.address, asked);
        let theirs = nginx.get(asked, &[]);
        assert_eq!((ours.status, theirs.status), (301, 301), "{asked}");
        let location = ours.header("location").unwrap_or_default().to_string();
        assert_eq!(
            theirs.header("location"),
            Some(location.as_str()),
            "{asked}"
        );
        if asked.contains("ngay=") {
            continue;
        }
        assert_eq!(
            nginx.get(&location, &[]).status,
            200,
            "{asked} → {location}"
        );
    }

    // What is not there is the same 404 page on both.
    let ours = live.get("/khong-co-trang-nay");
    let theirs = nginx.get("/khong-co-trang-nay", &[]);
    assert_eq!((ours.status, theirs.status), (404, 404));
    assert!(ours.bytes == theirs.bytes);
    assert_eq!(theirs.header("cache-control"), Some("no-store"));
}

/// The file of the export that holds `path`.
fn file_of(site: &Path, path: &str, content_type: &str) -> PathBuf {
    let name = path.trim_start_matches('/');
    if content_type.starts_with("text/html") {
        if name.is_empty() {
            site.join("index.html")
        } else {
            site.join(format!("{name}.html"))
        }
    } else {
        site.join(name)
    }
}

#[test]
#[ignore = "needs nginx: tests/nginx/run"]
fn behind_a_caching_proxy_pages_are_kept_and_an_import_shows_within_their_lifetime() {
    let live = crate::helpers::spawn_app();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let upstream = live.address.trim_start_matches("http://");
    let committed = include_str!("../nginx/proxy.conf");
    let cache = dir.path().join("cache");
    let server = committed
        .replace("/var/cache/nginx/congthuong", &cache.to_string_lossy())
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("http://127.0.0.1:8080", &format!("http://{upstream}"));
    assert_ne!(server, committed);
    let proxy = Nginx::start(&dir.path().join("nginx"), &server, port);

    let first = proxy.get("/xuat-nhap-khau", &[]);
    assert_eq!(first.status, 200);
    assert_eq!(first.header("x-cache-status"), Some("MISS"));
    let second = proxy.get("/xuat-nhap-khau", &[]);
    assert_eq!(second.header("x-cache-status"), Some("HIT"));
    assert!(second.bytes == first.bytes);
    // Our ETag and lifetime pass through as the site sent them.
    let direct = live.get("/xuat-nhap-khau");
    assert_eq!(second.header("etag"), direct.header("etag"));
    let lifetime = second
        .header("cache-control")
        .unwrap_or_default()
        .to_string();
    assert!(lifetime.starts_with("public, max-age="), "{lifetime}");
    let max_age: u64 = lifetime
        .trim_start_matches("public, max-age=")
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(max_age <= 60, "{lifetime}");
    // Errors are never kept.
    assert_eq!(
        proxy.get("/khong-co", &[]).header("x-cache-status"),
        Some("MISS")
    );
    assert_eq!(
        proxy.get("/khong-co", &[]).header("x-cache-status"),
        Some("MISS")
    );

    // Figures imported now show through the proxy once the kept page's
    // lifetime ends: within `max-age` (and a little for the clock).
    let imported = Instant::now();
    crate::helpers::import(
        &live.db,
        "indicator,year,value,period,status,published,source\n\
         trade.export,2024,750,m10,estimate,2024-11-01,UBND tỉnh\n",
    );
    let shows = |fetched: &Fetched| fetched.body.contains("10 tháng năm 2024");
    assert!(
        !shows(&proxy.get("/xuat-nhap-khau", &[])),
        "served before the import?"
    );
    loop {
        let fetched = proxy.get("/xuat-nhap-khau", &[]);
        if shows(&fetched) {
            // Asked again of the site, with the ETag nginx held.
            assert_ne!(fetched.header("x-cache-status"), Some("HIT"));
            break;
        }
        assert!(
            imported.elapsed() < Duration::from_secs(max_age + 5),
            "the import did not show through the proxy within {max_age} s"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}
