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
//! Each answer is kept with the SHA-256 of its bytes in a manifest. The
//! same rendering and comparison serve two ends: a new copy re-writes and
//! re-compresses only the files whose bytes changed since the copy before
//! (the rest are hard links to it), and the staff side's preview lists the
//! files a change set would change. A chart's PNG is drawn from its SVG
//! alone, so it is drawn again only when its SVG changed.
//!
//! Layout of `--out DIR` (`copies.rs` keeps it):
//! - `DIR/site` — the files, for a static host's publish folder (a link to
//!   the current copy): a view's page `/ban-le/2024/9-thang` is
//!   `ban-le/2024/9-thang.html` (served at the path without `.html`, as
//!   Netlify, Cloudflare Pages and the nginx block below do), every other
//!   file at its own path; `404.html`, `sitemap.xml` (every page),
//!   `_headers` (Netlify and Cloudflare Pages) and `_redirects` (Netlify:
//!   the old query forms).
//! - `DIR/nginx.conf` — an nginx `server` block serving `DIR/site` with the
//!   same headers, precompressed files and redirects.
//! - `DIR/ban/` — the last copies, each complete with its manifest.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web;
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::Store;
use crate::startup::{AppState, app};
use crate::web::address;
use crate::web::cache::{compressed_forms, lifetime_of};
use crate::web::chart_kind::ChartKind;
use crate::web::layout::Section;
use crate::web::{Site, StaticDir, assets};

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Files of the site (not counting their `.gz` and `.br`).
    pub files: usize,
    pub pages: usize,
    /// Bytes of those files, and of everything written.
    pub bytes: u64,
    pub bytes_with_compressed: u64,
    /// Files written (and compressed) anew; the others are the copy
    /// before's, linked.
    pub rewritten: usize,
    /// The addresses that changed since the copy before: changed, new or
    /// gone (all of them for a first copy).
    pub changed: Vec<String>,
    pub elapsed: Duration,
    pub out: PathBuf,
    /// The copy's name under `DIR/ban/`.
    pub copy: String,
}

/// One answer of the site, as it is to be served from a file.
pub struct Answer {
    pub path: String,
    pub content_type: String,
    /// The headers a static server must send with it (`served_headers`).
    pub headers: BTreeMap<String, String>,
    /// `None`: the very bytes of the copy before's file (a PNG whose SVG
    /// did not change), or not drawn at all when only compared.
    pub body: Option<web::Bytes>,
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    /// A page for search engines (not one saying a view lacks its figures).
    pub indexed: bool,
}

/// What a copy holds: every file with its hash and headers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub files: Vec<ManifestEntry>,
    /// The record and day it was made from (`copies::source_of`).
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    /// Its file under the site folder.
    pub file: String,
    pub hash: String,
    pub content_type: String,
    pub headers: BTreeMap<String, String>,
    pub indexed: bool,
    /// Whether `.gz` and `.br` forms lie beside it.
    pub gzip: bool,
    pub brotli: bool,
}

impl Manifest {
    pub fn by_path(&self) -> HashMap<&str, &ManifestEntry> {
        self.files.iter().map(|f| (f.path.as_str(), f)).collect()
    }

    pub fn read(path: &Path) -> anyhow::Result<Manifest> {
        let text =
            std::fs::read(path).with_context(|| format!("không đọc được {}", path.display()))?;
        serde_json::from_slice(&text).with_context(|| format!("{} hỏng", path.display()))
    }

    /// The hashes of a rendering, as a manifest (no files written).
    pub fn of(answers: &[Answer]) -> Manifest {
        Manifest {
            files: answers
                .iter()
                .map(|a| ManifestEntry {
                    path: a.path.clone(),
                    file: file_name(a),
                    hash: a.hash.clone(),
                    content_type: a.content_type.clone(),
                    headers: a.headers.clone(),
                    indexed: a.indexed,
                    gzip: false,
                    brotli: false,
                })
                .collect(),
            source: String::new(),
        }
    }
}

/// How a file of the site changes from one rendering to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileChange {
    Changed,
    Added,
    Removed,
}

impl FileChange {
    /// As the preview says it.
    pub fn name(self) -> &'static str {
        match self {
            FileChange::Changed => "thay đổi",
            FileChange::Added => "mới",
            FileChange::Removed => "bị xóa",
        }
    }
}

/// The addresses whose bytes differ between `before` and `after`, in
/// address order: the one comparison the preview and a new copy use.
pub fn compare(before: &Manifest, after: &[Answer]) -> Vec<(String, FileChange)> {
    let old = before.by_path();
    let mut changes: Vec<(String, FileChange)> = after
        .iter()
        .filter_map(|a| match old.get(a.path.as_str()) {
            None => Some((a.path.clone(), FileChange::Added)),
            Some(entry) if entry.hash != a.hash => Some((a.path.clone(), FileChange::Changed)),
            Some(_) => None,
        })
        .collect();
    let new: HashSet<&str> = after.iter().map(|a| a.path.as_str()).collect();
    changes.extend(
        before
            .files
            .iter()
            .filter(|f| !new.contains(f.path.as_str()))
            .map(|f| (f.path.clone(), FileChange::Removed)),
    );
    changes.sort();
    changes
}

/// What a rendering may take from elsewhere instead of drawing it.
#[derive(Clone, Copy)]
pub enum Reuse<'a> {
    /// Draw everything.
    Nothing,
    /// A PNG whose SVG has the hash it had in this manifest is that
    /// manifest's PNG, not drawn again.
    Previous(&'a Manifest),
    /// Only comparing: no PNG is drawn, each stands for its SVG.
    Compare,
}

const HASH_LENGTH: usize = 64;

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(HASH_LENGTH);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// The crawl's shared state: addresses still to ask for, those seen, and
/// what came back.
struct Crawl {
    queue: VecDeque<(String, Option<String>)>,
    seen: HashSet<String>,
    /// Every address a page links to, with the first page that does.
    linked: HashMap<String, String>,
    in_flight: usize,
    answers: Vec<Answer>,
    /// PNGs put off until their SVGs are known.
    deferred: Vec<(String, Option<String>)>,
    deferred_done: bool,
    failure: Option<anyhow::Error>,
    progress: Progress,
}

/// Every address a reader can reach, answered by the application: the
/// pages of every year and period, the files no page links (feeds, the
/// API, static files, the not-found page), then everything they link. On
/// every core, each worker with the application of its own.
pub fn render(
    store: &Store,
    static_dir: &Path,
    site: &Site,
    reuse: Reuse<'_>,
) -> anyhow::Result<Vec<Answer>> {
    let seeds = seeds(store)?;
    let state = in_process(store, static_dir, site);
    // A seed has no page linking it (`None`): it may answer 404 (a
    // section without figures in that period) and is then left out.
    let queue: VecDeque<(String, Option<String>)> =
        seeds.into_iter().map(|path| (path, None)).collect();
    let crawl = Mutex::new(Crawl {
        seen: queue.iter().map(|(path, _)| path.clone()).collect(),
        queue,
        linked: HashMap::new(),
        in_flight: 0,
        answers: Vec::new(),
        deferred: Vec::new(),
        deferred_done: matches!(reuse, Reuse::Nothing),
        failure: None,
        progress: Progress::new(),
    });
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (state, crawl) = (state.clone(), &crawl);
            scope.spawn(move || {
                actix_web::rt::System::new().block_on(worker(state, crawl, site, reuse))
            });
        }
    });
    let mut crawl = crawl
        .into_inner()
        .map_err(|_| anyhow::anyhow!("một luồng xuất bản dừng giữa chừng"))?;
    if let Some(failure) = crawl.failure.take() {
        return Err(failure);
    }
    // A seed that answered 404 may be linked all the same.
    let answered: HashSet<&str> = crawl.answers.iter().map(|a| a.path.as_str()).collect();
    if let Some((link, page)) = crawl
        .linked
        .iter()
        .find(|(link, _)| !answered.contains(link.as_str()))
    {
        bail!("{page} có liên kết tới {link}, trang không có: bản tĩnh sẽ có liên kết hỏng");
    }
    // The page every missing address gets.
    let missing = "/khong-co-trang-nay";
    let answer = actix_web::rt::System::new().block_on(async {
        let service = init_service(app(state)).await;
        let response = call_service(&service, TestRequest::get().uri(missing).to_request()).await;
        if response.status() != StatusCode::NOT_FOUND {
            bail!(
                "{missing} trả lời {} thay vì 404",
                response.status().as_u16()
            );
        }
        let headers = response.headers().clone();
        let body = read_body(response).await;
        Ok(Answer {
            path: "/404.html".to_string(),
            content_type: header_text(&headers, &header::CONTENT_TYPE),
            headers: served_headers(&headers),
            hash: sha256_hex(&body),
            body: Some(body),
            indexed: false,
        })
    })?;
    crawl.answers.push(answer);
    crawl.progress.done(crawl.answers.len());
    // In address order, whatever order the workers finished in.
    crawl.answers.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(crawl.answers)
}

/// The application's state for asking it in this process.
fn in_process(store: &Store, static_dir: &Path, site: &Site) -> AppState {
    AppState {
        store: web::Data::new(store.clone()),
        site: web::Data::new(site.clone()),
        // Each answer is asked for once: keeping them would only hold the
        // whole site in memory.
        cache: None,
        memo: true,
        static_dir: StaticDir(static_dir.to_path_buf()),
    }
}

/// One address answered by the application over `store`, as a reader
/// would get it: status, type and bytes (the staff side's preview of a
/// page as it would look).
pub fn answer_one(
    store: &Store,
    static_dir: &Path,
    site: &Site,
    path: &str,
) -> anyhow::Result<(u16, String, web::Bytes)> {
    // Refused here rather than by the test request, which would panic.
    path.parse::<actix_web::http::Uri>()
        .with_context(|| format!("“{path}” không phải địa chỉ hợp lệ"))?;
    let state = in_process(store, static_dir, site);
    actix_web::rt::System::new().block_on(async {
        let service = init_service(app(state)).await;
        let request = TestRequest::get().uri(path).to_request();
        let response = call_service(&service, request).await;
        let status = response.status().as_u16();
        let content_type = header_text(response.headers(), &header::CONTENT_TYPE);
        Ok((status, content_type, read_body(response).await))
    })
}

/// What a worker does next.
enum Job {
    Ask(String, Option<String>),
    Wait,
    Done,
}

fn next_job(crawl: &mut Crawl, reuse: Reuse<'_>) -> Job {
    if crawl.failure.is_some() {
        return Job::Done;
    }
    while let Some((path, linked_from)) = crawl.queue.pop_front() {
        if !crawl.deferred_done && path.ends_with(".png") {
            crawl.deferred.push((path, linked_from));
            continue;
        }
        crawl.in_flight += 1;
        return Job::Ask(path, linked_from);
    }
    if crawl.in_flight > 0 {
        return Job::Wait;
    }
    if crawl.deferred_done {
        return Job::Done;
    }
    // Every SVG is known: each PNG is its SVG's, or drawn.
    crawl.deferred_done = true;
    let svgs: HashMap<String, String> = crawl
        .answers
        .iter()
        .filter(|a| a.path.ends_with(".svg"))
        .map(|a| (a.path.clone(), a.hash.clone()))
        .collect();
    for (path, linked_from) in std::mem::take(&mut crawl.deferred) {
        let svg = format!("{}.svg", path.trim_end_matches(".png"));
        let reused = match reuse {
            Reuse::Nothing => None,
            Reuse::Compare => svgs.get(&svg).map(|hash| Answer {
                path: path.clone(),
                content_type: "image/png".to_string(),
                headers: BTreeMap::new(),
                body: None,
                hash: sha256_hex(format!("png of {hash}").as_bytes()),
                indexed: false,
            }),
            Reuse::Previous(manifest) => {
                let old = manifest.by_path();
                match (
                    old.get(svg.as_str()),
                    old.get(path.as_str()),
                    svgs.get(&svg),
                ) {
                    (Some(old_svg), Some(old_png), Some(hash)) if &old_svg.hash == hash => {
                        Some(Answer {
                            path: path.clone(),
                            content_type: old_png.content_type.clone(),
                            headers: old_png.headers.clone(),
                            body: None,
                            hash: old_png.hash.clone(),
                            indexed: old_png.indexed,
                        })
                    }
                    _ => None,
                }
            }
        };
        match reused {
            Some(answer) => crawl.answers.push(answer),
            None => crawl.queue.push_back((path, linked_from)),
        }
    }
    Job::Wait
}

async fn worker(state: AppState, crawl: &Mutex<Crawl>, site: &Site, reuse: Reuse<'_>) {
    let service = init_service(app(state)).await;
    loop {
        let job = match crawl.lock() {
            Ok(mut crawl) => next_job(&mut crawl, reuse),
            Err(_) => return,
        };
        let (path, linked_from) = match job {
            Job::Ask(path, linked_from) => (path, linked_from),
            Job::Wait => {
                // Another worker's answer may bring links: a short nap, on
                // a runtime that has nothing else to run.
                std::thread::sleep(Duration::from_millis(1));
                continue;
            }
            Job::Done => return,
        };
        let response = call_service(&service, TestRequest::get().uri(&path).to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_body(response).await;
        let Ok(mut crawl) = crawl.lock() else { return };
        crawl.in_flight -= 1;
        match (status, &linked_from) {
            (StatusCode::OK, _) => {}
            (StatusCode::NOT_FOUND, None) => continue,
            (status, linked_from) => {
                crawl.failure.get_or_insert(anyhow::anyhow!(
                    "{path} (liên kết từ {}) trả lời {}: bản xuất dừng lại, vì bản tĩnh sẽ có \
                     liên kết hỏng",
                    linked_from.as_deref().unwrap_or("danh sách trang"),
                    status.as_u16()
                ));
                continue;
            }
        }
        let content_type = header_text(&headers, &header::CONTENT_TYPE);
        let text = String::from_utf8_lossy(&body);
        // Only a page that is its own canonical address: `/2024/ca-nam`
        // is `/2024` under another name.
        let indexed = content_type.starts_with("text/html")
            && !text.contains(NOINDEX)
            && canonical(&text).is_none_or(|url| url == site.url(&path));
        if is_linking(&content_type) {
            for link in links(&text, site) {
                crawl
                    .linked
                    .entry(link.clone())
                    .or_insert_with(|| path.clone());
                if crawl.seen.insert(link.clone()) {
                    crawl.queue.push_back((link, Some(path.clone())));
                }
            }
        }
        let mut served = served_headers(&headers);
        // Made without the cache, which says how long an answer lasts.
        served
            .entry(header::CACHE_CONTROL.as_str().to_string())
            .or_insert_with(|| lifetime_of(&path).to_string());
        let hash = sha256_hex(&body);
        crawl.answers.push(Answer {
            headers: served,
            content_type,
            path,
            body: Some(body),
            hash,
            indexed,
        });
        let (done, seen) = (crawl.answers.len(), crawl.seen.len());
        crawl.progress.show(done, seen);
    }
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

/// Writes a copy into `dir` (`dir/site`, `dir/nginx.conf`): a file whose
/// bytes the copy before (`previous`: its folder and manifest) has is a
/// hard link to it, with its compressed forms; the others are written and
/// compressed anew.
pub fn write_copy(
    answers: &[Answer],
    previous: Option<(&Path, &Manifest)>,
    dir: &Path,
    site: &Site,
    final_dir: &Path,
    nginx_listen: &str,
) -> anyhow::Result<(Manifest, Summary)> {
    let site_dir = dir.join("site");
    let mut progress = Progress::new();
    let mut summary = Summary::default();
    let old = previous
        .map(|(_, manifest)| manifest.by_path())
        .unwrap_or_default();
    let place = |name: &str| -> anyhow::Result<PathBuf> {
        let path = site_dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    };
    let write = |name: &str, body: &[u8]| -> anyhow::Result<u64> {
        let path = place(name)?;
        std::fs::write(&path, body)
            .with_context(|| format!("không ghi được {}", path.display()))?;
        Ok(body.len() as u64)
    };
    // Linked where the bytes are the copy before's; else to be written.
    let mut entries = Vec::with_capacity(answers.len());
    let mut fresh = Vec::new();
    for answer in answers {
        let name = file_name(answer);
        let kept = match (previous, old.get(answer.path.as_str())) {
            (Some((previous_dir, _)), Some(entry)) if entry.hash == answer.hash => {
                let from = previous_dir.join("site");
                let mut linked = link(&from.join(&entry.file), &place(&name)?);
                for (present, extension) in [(entry.gzip, "gz"), (entry.brotli, "br")] {
                    if present && linked.is_ok() {
                        linked = link(
                            &from.join(format!("{}.{extension}", entry.file)),
                            &place(&format!("{name}.{extension}"))?,
                        );
                    }
                }
                linked.ok().map(|()| (entry.gzip, entry.brotli))
            }
            _ => None,
        };
        let size = match (&answer.body, kept) {
            (_, Some(_)) => std::fs::metadata(site_dir.join(&name))?.len(),
            (Some(body), None) => body.len() as u64,
            (None, None) => bail!("{}: bản trước không còn tệp này để dùng lại", answer.path),
        };
        summary.bytes += size;
        summary.bytes_with_compressed += size;
        if answer.content_type.starts_with("text/html") && answer.path != "/404.html" {
            summary.pages += 1;
        }
        if kept.is_none() {
            fresh.push(entries.len());
        }
        let (gzip, brotli) = kept.unwrap_or_default();
        entries.push(ManifestEntry {
            path: answer.path.clone(),
            file: name,
            hash: answer.hash.clone(),
            content_type: answer.content_type.clone(),
            headers: answer.headers.clone(),
            indexed: answer.indexed,
            gzip,
            brotli,
        });
    }
    let to_write: Vec<&Answer> = fresh.iter().map(|&i| &answers[i]).collect();
    let compressed = compress_all(&to_write, &mut progress);
    for (&i, (gzip, brotli)) in fresh.iter().zip(compressed) {
        let (answer, entry) = (&answers[i], &mut entries[i]);
        write(&entry.file, answer.body.as_deref().unwrap_or_default())?;
        if let Some(gzip) = gzip {
            summary.bytes_with_compressed += write(&format!("{}.gz", entry.file), &gzip)?;
            entry.gzip = true;
        }
        if let Some(brotli) = brotli {
            summary.bytes_with_compressed += write(&format!("{}.br", entry.file), &brotli)?;
            entry.brotli = true;
        }
    }
    summary.rewritten = fresh.len();
    summary.files = answers.len();
    let sitemap = sitemap(answers, site);
    summary.bytes_with_compressed += write("sitemap.xml", sitemap.as_bytes())?;
    let rules =
        crate::static_host::Rules::of(answers.iter().map(|a| (a.path.as_str(), &a.headers)))?;
    summary.bytes_with_compressed += write("_headers", rules.netlify_headers().as_bytes())?;
    summary.bytes_with_compressed += write("_redirects", rules.netlify_redirects().as_bytes())?;
    std::fs::write(dir.join("nginx.conf"), rules.nginx(final_dir, nginx_listen))?;
    Ok((
        Manifest {
            files: entries,
            source: String::new(),
        },
        summary,
    ))
}

/// A hard link to the copy before's file (the same bytes, no space); a
/// copy where the file system has no links.
fn link(from: &Path, to: &Path) -> anyhow::Result<()> {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to)
            .with_context(|| format!("không chép được {} sang {}", from.display(), to.display()))?;
    }
    Ok(())
}

/// The gzip and brotli forms of every answer, made on every core: brotli at
/// its best quality is most of an export's time.
fn compress_all(
    answers: &[&Answer],
    progress: &mut Progress,
) -> Vec<(Option<web::Bytes>, Option<web::Bytes>)> {
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
                        let body = answer.body.as_deref().unwrap_or_default();
                        let forms = compressed_forms(&answer.content_type, body);
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
            std::thread::sleep(Duration::from_millis(10));
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
