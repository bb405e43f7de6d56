//! `congthuong publish`: the whole site written to a folder, for any static
//! host or CDN, with the headers it must be served with.
//!
//! The folder is made by asking the application itself — the same routes,
//! middleware and templates the server runs, in this process, without a
//! socket — for every page of every year and period, and then for every
//! address those pages link to, until no new one turns up. So the copy
//! holds exactly what the live site answers, every internal link in it
//! leads to a file (a link that does not answer 200 stops the export with
//! the page that holds it), and nothing is listed by hand that the pages
//! could forget. Beside each compressible file go its `.gz` and `.br`, the
//! very bytes the server sends (`cache::compressed_forms`).
//!
//! Layout of `--out DIR`:
//! - `DIR/site/` — the files, for a static host's publish folder: a view's
//!   page `/ban-le/2024/9-thang` is `ban-le/2024/9-thang.html` (served at
//!   the path without `.html`, as Netlify, Cloudflare Pages and the nginx
//!   block below do), every other file at its own path; `404.html`,
//!   `sitemap.xml` (every page), `_headers` (Netlify and Cloudflare Pages)
//!   and `_redirects` (Netlify: the old query forms).
//! - `DIR/nginx.conf` — an nginx `server` block serving `DIR/site` with the
//!   same headers, precompressed files and redirects.
//!
//! The export is written beside `DIR` and moved into place when complete,
//! so that a half-written export is never served.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web;
use anyhow::{Context, bail};

use crate::db::Store;
use crate::startup::{AppState, app};
use crate::web::address;
use crate::web::cache::{compressed_forms, lifetime_of};
use crate::web::chart_kind::ChartKind;
use crate::web::layout::Section;
use crate::web::{Site, StaticDir, assets};

/// What was written.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Files of the site (not counting their `.gz` and `.br`).
    pub files: usize,
    pub pages: usize,
    /// Bytes of those files, and of everything written.
    pub bytes: u64,
    pub bytes_with_compressed: u64,
    pub elapsed: Duration,
    pub out: PathBuf,
}

/// One answer of the site, as it is to be served from a file.
struct Answer {
    path: String,
    content_type: String,
    /// The headers a static server must send with it (`served_headers`).
    headers: BTreeMap<String, String>,
    body: web::Bytes,
    /// A page for search engines (not one saying a view lacks its figures).
    indexed: bool,
}

/// How a page says it is not for search engines (`templates/base.html`).
const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\">";

/// Headers a copy must send as the live site does: security headers, the
/// type, how a download is saved, how long it may be kept.
const SERVED_HEADERS: [header::HeaderName; 9] = [
    header::CONTENT_TYPE,
    header::CONTENT_DISPOSITION,
    header::CACHE_CONTROL,
    header::CONTENT_SECURITY_POLICY,
    header::X_FRAME_OPTIONS,
    header::X_CONTENT_TYPE_OPTIONS,
    header::REFERRER_POLICY,
    header::HeaderName::from_static("permissions-policy"),
    // Where the site's address is https.
    header::STRICT_TRANSPORT_SECURITY,
];

/// Writes the site as it stands in `store` to `out` (see the module's
/// notes); `base_url` is its public address, for absolute links. Progress
/// goes to standard error when it is a terminal.
pub fn publish(
    store: Store,
    static_dir: &Path,
    base_url: &str,
    out: &Path,
    nginx_listen: &str,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    assets::load(static_dir)
        .with_context(|| format!("{}: không đọc được thư mục tệp tĩnh", static_dir.display()))?;
    let out = absolute(out)?;
    let parent = out.parent().context("thư mục xuất không có thư mục cha")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("không tạo được {}", parent.display()))?;
    let name = out
        .file_name()
        .context("thư mục xuất không có tên")?
        .to_string_lossy()
        .to_string();
    let staging = parent.join(format!(".{name}.dang-ghi-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let site = Site::new(base_url);
    let result = (|| {
        let answers = crawl(store, static_dir, &site)?;
        write_site(
            &answers,
            &staging.join("site"),
            &site,
            &out.join("site"),
            nginx_listen,
            started,
        )
    })();
    let mut summary = match result {
        Ok(summary) => summary,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    // Into place: the old export moves aside and goes only once the new one
    // stands where it stood.
    let previous = parent.join(format!(".{name}.cu-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(&out, &previous)
            .with_context(|| format!("không dời được {}", out.display()))?;
    }
    std::fs::rename(&staging, &out)
        .with_context(|| format!("không đặt được bản xuất vào {}", out.display()))?;
    if previous.exists() {
        std::fs::remove_dir_all(&previous)?;
    }
    summary.elapsed = started.elapsed();
    summary.out = out;
    Ok(summary)
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// Every address a reader can reach, answered by the application: the
/// pages of every year and period, the files no page links (feeds, the
/// API, static files, the not-found page), then everything they link.
fn crawl(store: Store, static_dir: &Path, site: &Site) -> anyhow::Result<Vec<Answer>> {
    let seeds = seeds(&store)?;
    let state = AppState {
        store: web::Data::new(store),
        site: web::Data::new(site.clone()),
        // Each answer is asked for once: keeping them would only hold the
        // whole site in memory.
        cache: None,
        static_dir: StaticDir(static_dir.to_path_buf()),
    };
    let site = site.clone();
    actix_web::rt::System::new().block_on(async move {
        let service = init_service(app(state)).await;
        // A seed has no page linking it (`None`): it may answer 404 (a
        // section without figures in that period) and is then left out.
        let mut queue: VecDeque<(String, Option<String>)> =
            seeds.into_iter().map(|path| (path, None)).collect();
        let mut seen: HashSet<String> = queue.iter().map(|(path, _)| path.clone()).collect();
        // Every address a page links to, with the first page that does.
        let mut linked: HashMap<String, String> = HashMap::new();
        let mut answers = Vec::new();
        let mut progress = Progress::new();
        while let Some((path, linked_from)) = queue.pop_front() {
            let response = call_service(&service, TestRequest::get().uri(&path).to_request()).await;
            let status = response.status();
            let headers = response.headers().clone();
            let body = read_body(response).await;
            match (status, &linked_from) {
                (StatusCode::OK, _) => {}
                (StatusCode::NOT_FOUND, None) => continue,
                (status, linked_from) => bail!(
                    "{path} (liên kết từ {}) trả lời {}: bản xuất dừng lại, vì bản tĩnh sẽ có \
                     liên kết hỏng",
                    linked_from.as_deref().unwrap_or("danh sách trang"),
                    status.as_u16()
                ),
            }
            let content_type = header_text(&headers, &header::CONTENT_TYPE);
            let text = String::from_utf8_lossy(&body);
            // Only a page that is its own canonical address: `/2024/ca-nam`
            // is `/2024` under another name.
            let indexed = content_type.starts_with("text/html")
                && !text.contains(NOINDEX)
                && canonical(&text).is_none_or(|url| url == site.url(&path));
            if is_linking(&content_type) {
                for link in links(&text, &site) {
                    linked.entry(link.clone()).or_insert_with(|| path.clone());
                    if seen.insert(link.clone()) {
                        queue.push_back((link, Some(path.clone())));
                    }
                }
            }
            let mut served = served_headers(&headers);
            // Made without the cache, which says how long an answer lasts.
            served
                .entry(header::CACHE_CONTROL.as_str().to_string())
                .or_insert_with(|| lifetime_of(&path).to_string());
            answers.push(Answer {
                headers: served,
                content_type,
                path,
                body,
                indexed,
            });
            progress.show(answers.len(), seen.len());
        }
        // A seed that answered 404 may be linked all the same.
        let answered: HashSet<&str> = answers.iter().map(|a| a.path.as_str()).collect();
        if let Some((link, page)) = linked
            .iter()
            .find(|(link, _)| !answered.contains(link.as_str()))
        {
            bail!("{page} có liên kết tới {link}, trang không có: bản tĩnh sẽ có liên kết hỏng");
        }
        // The page every missing address gets.
        let missing = "/khong-co-trang-nay";
        let response = call_service(&service, TestRequest::get().uri(missing).to_request()).await;
        if response.status() != StatusCode::NOT_FOUND {
            bail!(
                "{missing} trả lời {} thay vì 404",
                response.status().as_u16()
            );
        }
        let headers = response.headers().clone();
        answers.push(Answer {
            path: "/404.html".to_string(),
            content_type: header_text(&headers, &header::CONTENT_TYPE),
            headers: served_headers(&headers),
            body: read_body(response).await,
            indexed: false,
        });
        progress.done(answers.len());
        Ok(answers)
    })
}

/// The pages of every section in every year and period, and the files no
/// page links to.
fn seeds(store: &Store) -> anyhow::Result<Vec<String>> {
    let reader = store.reader()?;
    let mut views = vec![String::new()];
    for year in reader.years()? {
        views.push(format!("/{year}"));
        for period in reader.periods_of(year)? {
            views.push(format!("/{year}/{}", period.slug()));
        }
    }
    let mut seeds = Vec::new();
    for section in Section::ALL {
        for view in &views {
            seeds.push(crate::web::site::join(section.path(), view));
        }
    }
    // Embeds are linked by no page (the snippet that names them is text):
    // every chart's embed in every view, where the view has the chart.
    for kind in ChartKind::ALL {
        // The newest chart's files, which other sites hot-link by the
        // chart's name alone.
        for extension in ["svg", "png", "csv"] {
            seeds.push(address::chart_file(kind, None, extension));
        }
        for view in &views {
            seeds.push(address::chart_page(kind, view));
            seeds.push(address::embed(kind, view));
        }
    }
    seeds.extend(
        [
            "/robots.txt",
            "/cap-nhat",
            "/cap-nhat.xml",
            "/lich-cong-bo",
            "/lich-cong-bo.ics",
            "/du-lieu/so-lieu.csv",
            "/du-lieu/so-lieu.xlsx",
            "/du-lieu/mau-nhap-lieu.xlsx",
            "/api/v1/indicators",
            "/api/v1/observations",
        ]
        .map(str::to_string),
    );
    seeds.extend(
        assets::current()
            .into_iter()
            .map(|(name, _)| format!("/static/{name}")),
    );
    Ok(seeds)
}

fn header_text(headers: &HeaderMap, name: &header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn served_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    SERVED_HEADERS
        .iter()
        .filter_map(|name| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| (name.as_str().to_string(), v.to_string()))
        })
        .collect()
}

/// Answers whose links lead on: pages, feeds, stylesheets.
fn is_linking(content_type: &str) -> bool {
    content_type.starts_with("text/html")
        || content_type.starts_with("application/atom+xml")
        || content_type.starts_with("text/css")
}

/// The addresses on this site that `text` links to: `href`, `src` and
/// `content` attribute values, and CSS `url(…)`, that are paths (or
/// absolute URLs under the site's address), without their fragment.
/// A link with a query is a form of the API and not a file; none is
/// followed.
pub fn links(text: &str, site: &Site) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for opener in ["href=\"", "src=\"", "content=\"", "url(\""] {
        let mut rest = text;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + opener.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            let value = rest[..end].replace("&amp;", "&");
            rest = &rest[end..];
            let path = if let Some(path) = value.strip_prefix(&site.base_url) {
                path.to_string()
            } else if value.starts_with('/') && !value.starts_with("//") {
                value
            } else {
                continue;
            };
            let path = path.split('#').next().unwrap_or_default();
            if path.is_empty() || path.contains('?') {
                continue;
            }
            found.insert(path.to_string());
        }
    }
    found
}

/// The file an answer is kept in, under the site folder: a page without
/// an extension in its path gets `.html` (the root, `index.html`).
fn file_name(answer: &Answer) -> String {
    let path = answer.path.trim_start_matches('/');
    if answer.content_type.starts_with("text/html") && !path.ends_with(".html") {
        if path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{path}.html")
        }
    } else {
        path.to_string()
    }
}

fn write_site(
    answers: &[Answer],
    dir: &Path,
    site: &Site,
    final_dir: &Path,
    nginx_listen: &str,
    started: Instant,
) -> anyhow::Result<Summary> {
    let mut progress = Progress::new();
    let (mut bytes, mut all_bytes, mut pages) = (0u64, 0u64, 0usize);
    let write = |name: &str, body: &[u8]| -> anyhow::Result<u64> {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, body)
            .with_context(|| format!("không ghi được {}", path.display()))?;
        Ok(body.len() as u64)
    };
    let compressed = compress_all(answers, &mut progress);
    for (answer, (gzip, brotli)) in answers.iter().zip(compressed) {
        let name = file_name(answer);
        bytes += write(&name, &answer.body)?;
        all_bytes += answer.body.len() as u64;
        if let Some(gzip) = gzip {
            all_bytes += write(&format!("{name}.gz"), &gzip)?;
        }
        if let Some(brotli) = brotli {
            all_bytes += write(&format!("{name}.br"), &brotli)?;
        }
        if answer.content_type.starts_with("text/html") && answer.path != "/404.html" {
            pages += 1;
        }
    }
    let sitemap = sitemap(answers, site);
    all_bytes += write("sitemap.xml", sitemap.as_bytes())?;
    let rules =
        crate::static_host::Rules::of(answers.iter().map(|a| (a.path.as_str(), &a.headers)))?;
    all_bytes += write("_headers", rules.netlify_headers().as_bytes())?;
    all_bytes += write("_redirects", rules.netlify_redirects().as_bytes())?;
    let nginx = rules.nginx(final_dir, nginx_listen);
    std::fs::write(dir.with_file_name("nginx.conf"), nginx)?;
    Ok(Summary {
        files: answers.len(),
        pages,
        bytes,
        bytes_with_compressed: all_bytes,
        elapsed: started.elapsed(),
        out: PathBuf::new(),
    })
}

/// The gzip and brotli forms of every answer, made on every core: brotli at
/// its best quality is most of an export's time.
fn compress_all(
    answers: &[Answer],
    progress: &mut Progress,
) -> Vec<(Option<web::Bytes>, Option<web::Bytes>)> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let done = Mutex::new(vec![(None, None); answers.len()]);
    let finished = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(answer) = answers.get(i) else { break };
                        let forms = compressed_forms(&answer.content_type, &answer.body);
                        if let Ok(mut done) = done.lock() {
                            done[i] = forms;
                        }
                        finished.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        // (A worker that panics ends too; the scope then passes it on.)
        while !handles.iter().all(|h| h.is_finished()) {
            progress.show(finished.load(Ordering::Relaxed), answers.len());
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    progress.done(answers.len());
    done.into_inner().unwrap_or_default()
}

/// Every page for search engines, by its absolute address: not those that
/// say a view lacks their figures (`noindex`).
fn sitemap(answers: &[Answer], site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for answer in answers {
        if answer.indexed {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                crate::charts::escape_xml(&site.url(&answer.path))
            ));
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The address a page's `<link rel="canonical">` names, if it has one.
fn canonical(html: &str) -> Option<&str> {
    const OPENER: &str = "<link rel=\"canonical\" href=\"";
    let rest = &html[html.find(OPENER)? + OPENER.len()..];
    Some(&rest[..rest.find('"')?])
}

/// "1234 / 2000 tệp" on one line of a terminal, at most ten times a second.
struct Progress {
    terminal: bool,
    last: Option<Instant>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            terminal: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn show(&mut self, done: usize, of: usize) {
        if !self.terminal
            || self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        let _ = write!(std::io::stderr(), "\r{done} / {of} tệp");
    }

    fn done(&mut self, of: usize) {
        if self.terminal {
            let _ = writeln!(std::io::stderr(), "\r{of} / {of} tệp");
        }
    }
}
