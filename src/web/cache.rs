//! Every answer the site gives is a function of the request's path and
//! query and of the data, which changes only when an import commits. So each
//! successful answer is made once per (path and query, data version), kept in
//! memory with its gzip and brotli forms (compressed once, when stored), and
//! served from there with a strong `ETag`; `If-None-Match` gets a 304.
//!
//! The data version is the database file's modification time and length,
//! read at most every 20 ms (one `stat`): an import, which commits by
//! writing the file, is visible within that time, without a restart. SQLite's
//! `PRAGMA data_version` would need one long-lived connection to compare
//! against; the file's metadata needs none.
//!
//! Static files go through the same cache (their version is the process's:
//! they are not expected to change while it runs); requests carrying the
//! asset's current fingerprint (`?v=…`, see `assets`) are cacheable forever.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};
use tokio::sync::watch;

use crate::db::{DataVersion, Store};
use crate::format;
use crate::web::assets;
use crate::web::fingerprint::fnv1a;

/// Pages, charts and data: short-lived in browsers and shared caches, then
/// revalidated with the ETag (a 304 costs a few hundred bytes).
pub const CACHE_CONTROL_DYNAMIC: &str = "public, max-age=60, must-revalidate";
const DYNAMIC_MAX_AGE: u64 = 60;
/// Static files asked for by their current fingerprint never change.
pub const CACHE_CONTROL_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Static files asked for without it.
pub const CACHE_CONTROL_STATIC: &str = "public, max-age=3600, must-revalidate";

/// More answers than the site has pages, charts and years many times over;
/// beyond it (queries made up to fill memory) answers are made but not kept.
const MAX_ENTRIES: usize = 2048;
/// Bodies smaller than this are sent as they are.
const MIN_COMPRESSED_BYTES: usize = 256;

/// One answer, in every encoding it is sent in.
pub struct Encoded {
    status: StatusCode,
    /// The handler's own headers (its type, `Content-Disposition`, its own
    /// `Cache-Control` if it set one), sent as they were made; the cache
    /// adds only what is its to say (ETag, encoding, `Vary`).
    headers: Vec<(HeaderName, HeaderValue)>,
    lifetime: Lifetime,
    /// Text, and not tiny: sent compressed once `compress` has run.
    compressible: bool,
    identity: Bytes,
    /// Set once, by `compress`, off the request path; until then the
    /// identity body is sent.
    compressed: OnceLock<Compressed>,
    /// Strong ETags per representation (identity, gzip, brotli): FNV-1a of
    /// the identity body, with a suffix for each encoding, made once.
    etags: [HeaderValue; 3],
}

/// How long browsers and shared caches may keep an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifetime {
    /// What the handler or the static rules say, as it is.
    Fixed(HeaderValue),
    /// Pages, charts and data: `CACHE_CONTROL_DYNAMIC`, cut short before
    /// midnight in Vietnam, when the dates pages carry change.
    UntilMidnight,
}

impl Lifetime {
    fn header(&self) -> HeaderValue {
        match self {
            Lifetime::Fixed(value) => value.clone(),
            Lifetime::UntilMidnight => self.header_with(format::vietnam_clock().1),
        }
    }

    /// The header with `seconds_left` until midnight in Vietnam.
    fn header_with(&self, seconds_left: u64) -> HeaderValue {
        match self {
            Lifetime::Fixed(value) => value.clone(),
            Lifetime::UntilMidnight => {
                if seconds_left >= DYNAMIC_MAX_AGE {
                    HeaderValue::from_static(CACHE_CONTROL_DYNAMIC)
                } else {
                    HeaderValue::from_str(&format!(
                        "public, max-age={seconds_left}, must-revalidate"
                    ))
                    .expect("digits make a valid header value")
                }
            }
        }
    }
}

/// Headers the cache sets itself, or whose promise it does not keep (it
/// answers neither ranges nor `If-Modified-Since`), never copied from the
/// answer as made.
const CACHE_OWN_HEADERS: [HeaderName; 7] = [
    header::ETAG,
    header::CACHE_CONTROL,
    header::CONTENT_ENCODING,
    header::CONTENT_LENGTH,
    header::VARY,
    header::ACCEPT_RANGES,
    header::LAST_MODIFIED,
];

/// The gzip and brotli forms of a body, each where it is smaller.
struct Compressed {
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Identity = 0,
    Gzip = 1,
    Brotli = 2,
}

impl Encoded {
    /// The answer as made, sent as it is until `compress` has run. Its own
    /// `Cache-Control`, if it has one, wins over `lifetime`.
    pub fn new(status: StatusCode, made: &HeaderMap, body: Bytes, lifetime: Lifetime) -> Encoded {
        let compressible = body.len() >= MIN_COMPRESSED_BYTES
            && made
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(is_text);
        let lifetime = match made.get(header::CACHE_CONTROL) {
            Some(own) => Lifetime::Fixed(own.clone()),
            None => lifetime,
        };
        Encoded {
            status,
            compressible,
            headers: made
                .iter()
                .filter(|(name, _)| !CACHE_OWN_HEADERS.contains(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            lifetime,
            etags: {
                let tag = format!("{:016x}", fnv1a(&body));
                ["", "-gz", "-br"].map(|suffix| {
                    HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
                        .expect("hex digits make a valid header value")
                })
            },
            identity: body,
            compressed: OnceLock::new(),
        }
    }

    pub fn is_compressible(&self) -> bool {
        self.compressible
    }

    /// Makes the gzip and brotli forms (where smaller), once; answers sent
    /// afterwards use them. Brotli at its best quality takes tens of
    /// milliseconds for a page, so the middleware runs this off the request
    /// path.
    pub fn compress(&self) {
        self.compressed.get_or_init(|| Compressed {
            gzip: gzip(&self.identity),
            brotli: brotli(&self.identity),
        });
    }

    fn etag(&self, coding: Coding) -> &HeaderValue {
        &self.etags[coding as usize]
    }

    /// The answer to `request`: the smallest encoding it accepts, or a 304
    /// when it already holds this version.
    pub fn respond(&self, request: &HttpRequest) -> HttpResponse {
        let accepted = accepted_codings(request.headers());
        let (gzip, brotli) = self
            .compressed
            .get()
            .map_or((None, None), |c| (c.gzip.as_ref(), c.brotli.as_ref()));
        let coding = if brotli.is_some() && accepted.brotli {
            Coding::Brotli
        } else if gzip.is_some() && accepted.gzip {
            Coding::Gzip
        } else {
            Coding::Identity
        };
        let etag = self.etag(coding).clone();
        let not_modified = self.matches(request.headers());
        let mut response = if not_modified {
            HttpResponse::NotModified()
        } else {
            HttpResponse::build(self.status)
        };
        response.insert_header((header::ETAG, etag));
        response.insert_header((header::CACHE_CONTROL, self.lifetime.header()));
        if self.is_compressible() {
            response.insert_header((header::VARY, "Accept-Encoding"));
        }
        if not_modified {
            return response.finish();
        }
        for (name, value) in &self.headers {
            response.append_header((name.clone(), value.clone()));
        }
        let body = match coding {
            Coding::Brotli => {
                response.insert_header((header::CONTENT_ENCODING, "br"));
                brotli
            }
            Coding::Gzip => {
                response.insert_header((header::CONTENT_ENCODING, "gzip"));
                gzip
            }
            Coding::Identity => None,
        };
        response.body(body.unwrap_or(&self.identity).clone())
    }

    /// `If-None-Match` names one of this answer's representations (or `*`).
    fn matches(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        value.split(',').map(str::trim).any(|tag| {
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            tag == "*"
                || self
                    .etags
                    .iter()
                    .any(|ours| ours.as_bytes() == tag.as_bytes())
        })
    }

    #[cfg(test)]
    fn body_len(&self) -> usize {
        let compressed = self.compressed.get();
        self.identity.len()
            + compressed
                .and_then(|c| c.gzip.as_ref())
                .map_or(0, Bytes::len)
            + compressed
                .and_then(|c| c.brotli.as_ref())
                .map_or(0, Bytes::len)
    }
}

fn is_text(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("image/svg+xml")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/atom+xml")
        || content_type.starts_with("application/javascript")
}

struct Accepted {
    gzip: bool,
    brotli: bool,
}

/// Which codings `Accept-Encoding` allows (`q=0` refuses one).
fn accepted_codings(headers: &HeaderMap) -> Accepted {
    let mut accepted = Accepted {
        gzip: false,
        brotli: false,
    };
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            match name.as_str() {
                "br" => accepted.brotli = !refused,
                "gzip" => accepted.gzip = !refused,
                _ => {}
            }
        }
    }
    accepted
}

/// The gzip and brotli forms of a body of `content_type`, where it is
/// compressed at all and each form is smaller: the very bytes the server
/// sends, so that a static copy's `.gz` and `.br` files match them.
pub fn compressed_forms(content_type: &str, body: &[u8]) -> (Option<Bytes>, Option<Bytes>) {
    if body.len() < MIN_COMPRESSED_BYTES || !is_text(content_type) {
        return (None, None);
    }
    (gzip(body), brotli(body))
}

fn gzip(body: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(body).ok()?;
    let compressed = encoder.finish().ok()?;
    (compressed.len() < body.len()).then(|| Bytes::from(compressed))
}

fn brotli(body: &[u8]) -> Option<Bytes> {
    let mut compressed = Vec::with_capacity(body.len() / 3);
    {
        // Quality 11, the smallest output, done once per body; with the
        // window just large enough for the body. At quality 11 the encoder's
        // match finder takes about eight bytes per window byte: 32 MB for
        // the largest window (22), under 1 MB for a 24 KB page's (15). With
        // both workers compressing at once under load, the largest window
        // pushed peak memory past 50 MB; the output is as small, as no match
        // can reach further back than the body's start.
        let window = brotli_window_bits(body.len());
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, window);
        writer.write_all(body).ok()?;
    }
    (compressed.len() < body.len()).then(|| Bytes::from(compressed))
}

/// The smallest brotli window (2^bits − 16 bytes) that holds `len` bytes,
/// within brotli's bounds 10–22 (22 being the encoder's usual largest).
fn brotli_window_bits(len: usize) -> u32 {
    let needed = len.saturating_add(16).next_power_of_two().trailing_zeros();
    needed.clamp(10, 22)
}

/// What an answer was made from: the data, and the day in Vietnam — pages
/// carry today's date (a citation's "Truy cập ngày …", the print date), so
/// an answer made yesterday is stale even when the data is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation {
    data: DataVersion,
    day: i64,
}

impl Generation {
    /// What does not come from the database nor carry a date (static files).
    const STATIC: Generation = Generation {
        data: DataVersion::STATIC,
        day: 0,
    };
}

/// The answers kept: static files for the life of the process, everything
/// else for one generation (data version and day) at a time.
#[derive(Default)]
pub struct ResponseCache {
    inner: RwLock<Entries>,
    /// Answers being made, by key: while one request makes an answer, the
    /// others asking for it wait for it rather than each making (and
    /// compressing) their own. Measured on a cold server under 64
    /// connections, making each copy at once took peak memory to 86 MB.
    making: Mutex<HashMap<String, watch::Receiver<()>>>,
    /// The generation last read, and when: under load the file and the
    /// clock are looked at once per `RECHECK` rather than once per request.
    checked: RwLock<Option<(Instant, Generation)>>,
}

/// How stale the data version may be: an import shows within this time.
pub const RECHECK: Duration = Duration::from_millis(20);

#[derive(Default)]
struct Entries {
    /// The generation the dynamic answers were made from.
    generation: Option<Generation>,
    answers: HashMap<String, (Generation, Arc<Encoded>)>,
}

impl ResponseCache {
    fn generation(&self, store: &Store) -> Option<Generation> {
        if let Ok(checked) = self.checked.read()
            && let Some((at, generation)) = *checked
            && at.elapsed() < RECHECK
        {
            return Some(generation);
        }
        let generation = Generation {
            data: store.data_version()?,
            day: format::vietnam_clock().0,
        };
        if let Ok(mut checked) = self.checked.write() {
            *checked = Some((Instant::now(), generation));
        }
        Some(generation)
    }

    fn get(&self, key: &str, generation: Generation) -> Option<Arc<Encoded>> {
        let entries = self.inner.read().ok()?;
        match entries.answers.get(key) {
            Some((kept, answer)) if *kept == generation => Some(answer.clone()),
            _ => None,
        }
    }

    fn insert(&self, key: String, generation: Generation, answer: Arc<Encoded>) {
        let Ok(mut entries) = self.inner.write() else {
            return;
        };
        if generation != Generation::STATIC && entries.generation != Some(generation) {
            // The data or the day changed: every answer made before is stale.
            entries
                .answers
                .retain(|_, (kept, _)| *kept == Generation::STATIC);
            entries.generation = Some(generation);
        }
        if entries.answers.len() < MAX_ENTRIES || entries.answers.contains_key(&key) {
            entries.answers.insert(key, (generation, answer));
        }
    }

    /// Whether this request makes the answer for `key` (holding the guard
    /// until it is kept), or waits for another that already does.
    fn make_or_wait(self: &Arc<Self>, key: &str) -> Making {
        let Ok(mut making) = self.making.lock() else {
            return Making::Wait(None);
        };
        if let Some(done) = making.get(key) {
            return Making::Wait(Some(done.clone()));
        }
        let (sender, receiver) = watch::channel(());
        making.insert(key.to_string(), receiver);
        Making::Make(MakingGuard {
            cache: self.clone(),
            key: key.to_string(),
            _done: sender,
        })
    }

    /// How many answers are kept, and their bytes in every encoding.
    #[cfg(test)]
    fn size(&self) -> (usize, usize) {
        self.inner.read().map_or((0, 0), |entries| {
            (
                entries.answers.len(),
                entries.answers.values().map(|(_, a)| a.body_len()).sum(),
            )
        })
    }
}

enum Making {
    Make(MakingGuard),
    /// Another request makes it: its end closes the channel. `None` when
    /// the table cannot be read (a panic elsewhere): make it without it.
    Wait(Option<watch::Receiver<()>>),
}

/// Held while an answer is made; dropped (however the making ends, even
/// by a cancelled request) it lets the waiting requests go on.
struct MakingGuard {
    cache: Arc<ResponseCache>,
    key: String,
    /// Dropped after `drop` has run, which closes every waiter's channel.
    _done: watch::Sender<()>,
}

impl Drop for MakingGuard {
    fn drop(&mut self) {
        if let Ok(mut making) = self.cache.making.lock() {
            making.remove(&self.key);
        }
    }
}

/// How long a static file may be kept: forever by its current
/// fingerprint, briefly by any other name.
fn static_lifetime(path: &str) -> &'static str {
    if assets::is_current_fingerprint(path) {
        CACHE_CONTROL_IMMUTABLE
    } else {
        CACHE_CONTROL_STATIC
    }
}

/// The `Cache-Control` the cache gives an answer to `path` that has none of
/// its own, on a day long before midnight: what a static copy, which has no
/// midnight rule, sends for it.
pub fn lifetime_of(path: &str) -> &'static str {
    if path.starts_with("/static/") {
        static_lifetime(path)
    } else {
        CACHE_CONTROL_DYNAMIC
    }
}

/// Middleware: serves GET and HEAD from the cache, filling it on a miss.
/// Anything but a 200 passes through untouched (errors are cheap and must
/// not be kept).
pub async fn serve_cached(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Only GET and HEAD get this far (`limits::enforce` answers the rest).
    let (Some(cache), Some(store)) = (
        request.app_data::<Data<ResponseCache>>().cloned(),
        request.app_data::<Data<Store>>().cloned(),
    ) else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let is_static = request.path().starts_with("/static/");
    let generation = if is_static {
        Generation::STATIC
    } else {
        match cache.generation(&store) {
            Some(generation) => generation,
            // The file cannot be read: answer without the cache.
            None => return Ok(next.call(request).await?.map_into_boxed_body()),
        }
    };
    let key = request
        .uri()
        .path_and_query()
        .map_or(request.path(), |p| p.as_str());
    if let Some(answer) = cache.get(key, generation) {
        let response = answer.respond(request.request());
        return Ok(request.into_response(response));
    }
    let key = key.to_string();
    let _making = match cache.clone().into_inner().make_or_wait(&key) {
        Making::Make(guard) => Some(guard),
        Making::Wait(done) => {
            if let Some(mut done) = done {
                // Ends when the maker drops its sender.
                let _ = done.changed().await;
            }
            if let Some(answer) = cache.get(&key, generation) {
                let response = answer.respond(request.request());
                return Ok(request.into_response(response));
            }
            // The other made no answer to keep (an error): make our own.
            None
        }
    };

    let response = next.call(request).await?;
    if response.status() != StatusCode::OK {
        return Ok(response.map_into_boxed_body());
    }
    let lifetime = if is_static {
        Lifetime::Fixed(HeaderValue::from_static(static_lifetime(
            response.request().path(),
        )))
    } else {
        Lifetime::UntilMidnight
    };
    let (http_request, http_response) = response.into_parts();
    let status = http_response.status();
    let headers = http_response.headers().clone();
    let body = actix_web::body::to_bytes(http_response.into_body())
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("the answer could not be read"))?;
    let answer = Arc::new(Encoded::new(status, &headers, body, lifetime));
    cache.insert(key, generation, answer.clone());
    let response = answer.respond(&http_request);
    if answer.is_compressible() {
        // Compressed once, off the worker thread; until then the plain
        // answer is served.
        actix_web::rt::task::spawn_blocking(move || answer.compress());
    }
    Ok(ServiceResponse::new(http_request, response))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn answer() -> Encoded {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        let answer = Encoded::new(
            StatusCode::OK,
            &headers,
            Bytes::from("<p>Số liệu</p>".repeat(100)),
            Lifetime::UntilMidnight,
        );
        answer.compress();
        answer
    }

    #[test]
    fn picks_the_smallest_encoding_the_client_accepts() {
        let answer = answer();
        let compressed = answer.compressed.get().unwrap();
        let brotli = compressed.brotli.as_ref().unwrap().len();
        let gzip = compressed.gzip.as_ref().unwrap().len();
        assert!(brotli < answer.identity.len() && gzip < answer.identity.len());
        for (accept, coding) in [
            ("gzip, deflate, br", Some("br")),
            ("gzip", Some("gzip")),
            ("br;q=0, gzip", Some("gzip")),
            ("identity", None),
        ] {
            let request = TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, accept))
                .to_http_request();
            let response = answer.respond(&request);
            assert_eq!(
                response
                    .headers()
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.to_str().unwrap()),
                coding,
                "{accept}"
            );
        }
    }

    #[actix_web::test]
    async fn requests_for_an_answer_being_made_wait_for_it_instead_of_making_it_again() {
        use std::sync::atomic::{AtomicUsize, Ordering};

        use crate::db::IfMissing;
        use actix_web::{App, test, web};

        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_with(&dir.path().join("t.sqlite"), IfMissing::Seed).unwrap();
        let made = Arc::new(AtomicUsize::new(0));
        let counter = made.clone();
        let app = test::init_service(
            App::new()
                .app_data(Data::new(store))
                .app_data(Data::new(ResponseCache::default()))
                .wrap(actix_web::middleware::from_fn(serve_cached))
                .route(
                    "/",
                    web::get().to(move || {
                        counter.fetch_add(1, Ordering::SeqCst);
                        async {
                            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
                            HttpResponse::Ok()
                                .content_type("text/plain")
                                .body("số liệu")
                        }
                    }),
                ),
        )
        .await;
        let app = std::rc::Rc::new(app);
        let asking: Vec<_> = (0..8)
            .map(|_| {
                let app = app.clone();
                actix_web::rt::spawn(async move {
                    let response =
                        test::call_service(&*app, test::TestRequest::get().uri("/").to_request())
                            .await;
                    (response.status(), test::read_body(response).await)
                })
            })
            .collect();
        for asked in asking {
            let (status, body) = asked.await.unwrap();
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body, "số liệu");
        }
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_brotli_window_holds_the_whole_body_and_no_more() {
        for (len, bits) in [
            (0, 10),
            (1000, 10),
            (1008, 10),
            (1009, 11),
            (24_358, 15),
            (10_000_000, 22),
        ] {
            assert_eq!(brotli_window_bits(len), bits, "{len}");
            if bits < 22 {
                assert!((1usize << bits) - 16 >= len, "{len}");
            }
        }
        // Sized to the body, a page compresses to the same bytes as with
        // the largest window.
        let page =
            "<p>Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ 108.000 tỷ đồng</p>\n".repeat(300);
        let mut largest = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut largest, 4096, 11, 22);
            writer.write_all(page.as_bytes()).unwrap();
        }
        assert_eq!(brotli(page.as_bytes()).unwrap().len(), largest.len());
    }

    #[test]
    fn a_known_etag_gets_304_without_a_body() {
        let answer = answer();
        let first = answer.respond(&TestRequest::default().to_http_request());
        let etag = first.headers().get(header::ETAG).unwrap().clone();
        let again = answer.respond(
            &TestRequest::default()
                .insert_header((header::IF_NONE_MATCH, etag))
                .to_http_request(),
        );
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let stale = answer.respond(
            &TestRequest::default()
                .insert_header((header::IF_NONE_MATCH, "\"0000000000000000\""))
                .to_http_request(),
        );
        assert_eq!(stale.status(), StatusCode::OK);
    }

    fn generation(data: u64, day: i64) -> Generation {
        Generation {
            data: DataVersion::for_tests(data),
            day,
        }
    }

    #[test]
    fn a_new_data_version_empties_the_cache() {
        let cache = ResponseCache::default();
        let (v1, v2) = (generation(1, 20_000), generation(2, 20_000));
        cache.insert("/".to_string(), v1, Arc::new(answer()));
        assert!(cache.get("/", v1).is_some());
        assert!(cache.get("/", v2).is_none());
        cache.insert(
            "/static/css/site.css".to_string(),
            Generation::STATIC,
            Arc::new(answer()),
        );
        cache.insert("/ban-le".to_string(), v2, Arc::new(answer()));
        assert!(cache.get("/", v1).is_none());
        // Static files outlive data versions.
        assert!(
            cache
                .get("/static/css/site.css", Generation::STATIC)
                .is_some()
        );
        assert_eq!(cache.size().0, 2);
    }

    #[test]
    fn an_answer_made_yesterday_is_not_served_today() {
        let cache = ResponseCache::default();
        let (yesterday, today) = (generation(1, 20_000), generation(1, 20_001));
        cache.insert(
            "/bieu-do/co-cau-ban-le".to_string(),
            yesterday,
            Arc::new(answer()),
        );
        assert!(cache.get("/bieu-do/co-cau-ban-le", today).is_none());
        cache.insert("/".to_string(), today, Arc::new(answer()));
        assert_eq!(cache.size().0, 1, "yesterday's answers are dropped");
    }

    #[test]
    fn a_handler_s_own_headers_are_kept_and_its_cache_control_wins() {
        let mut made = HeaderMap::new();
        made.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        made.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        made.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("inline; filename=\"a.png\""),
        );
        let answer = Encoded::new(
            StatusCode::OK,
            &made,
            Bytes::from_static(b"png"),
            Lifetime::UntilMidnight,
        );
        let response = answer.respond(&TestRequest::default().to_http_request());
        let header = |name| response.headers().get(name).map(|v| v.to_str().unwrap());
        assert_eq!(header(header::CACHE_CONTROL), Some("public, max-age=300"));
        assert_eq!(
            header(header::CONTENT_DISPOSITION),
            Some("inline; filename=\"a.png\"")
        );
        assert_eq!(header(header::CONTENT_TYPE), Some("image/png"));
    }

    #[test]
    fn pages_may_be_kept_until_midnight_in_vietnam_and_no_longer() {
        let at = |seconds_left| Lifetime::UntilMidnight.header_with(seconds_left);
        assert_eq!(at(3600), "public, max-age=60, must-revalidate");
        assert_eq!(at(60), "public, max-age=60, must-revalidate");
        assert_eq!(at(59), "public, max-age=59, must-revalidate");
        assert_eq!(at(1), "public, max-age=1, must-revalidate");
    }
}
