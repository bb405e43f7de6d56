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
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};

use crate::db::{DataVersion, Store};
use crate::web::assets;
use crate::web::fingerprint::fnv1a;

/// Pages, charts and data: short-lived in browsers and shared caches, then
/// revalidated with the ETag (a 304 costs a few hundred bytes).
pub const CACHE_CONTROL_DYNAMIC: &str = "public, max-age=60, must-revalidate";
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
    content_type: Option<HeaderValue>,
    content_disposition: Option<HeaderValue>,
    cache_control: &'static str,
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
    /// The answer as made, sent as it is until `compress` has run.
    pub fn new(
        status: StatusCode,
        headers: &HeaderMap,
        body: Bytes,
        cache_control: &'static str,
    ) -> Encoded {
        let content_type = headers.get(header::CONTENT_TYPE).cloned();
        let compressible = body.len() >= MIN_COMPRESSED_BYTES
            && content_type
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .is_some_and(is_text);
        Encoded {
            status,
            compressible,
            content_type,
            content_disposition: headers.get(header::CONTENT_DISPOSITION).cloned(),
            cache_control,
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
        response.insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static(self.cache_control),
        ));
        if self.is_compressible() {
            response.insert_header((header::VARY, "Accept-Encoding"));
        }
        if not_modified {
            return response.finish();
        }
        if let Some(value) = &self.content_type {
            response.insert_header((header::CONTENT_TYPE, value.clone()));
        }
        if let Some(value) = &self.content_disposition {
            response.insert_header((header::CONTENT_DISPOSITION, value.clone()));
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
        // Quality 11, window 22: the smallest output; done once per body.
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        writer.write_all(body).ok()?;
    }
    (compressed.len() < body.len()).then(|| Bytes::from(compressed))
}

/// The answers kept: static files for the life of the process, everything
/// else for one data version at a time.
#[derive(Default)]
pub struct ResponseCache {
    inner: RwLock<Entries>,
    /// The data version last read, and when: under load the file is looked
    /// at once per `RECHECK` rather than once per request.
    checked: RwLock<Option<(Instant, DataVersion)>>,
}

/// How stale the data version may be: an import shows within this time.
pub const RECHECK: Duration = Duration::from_millis(20);

#[derive(Default)]
struct Entries {
    /// The data version the dynamic answers were made from.
    data_version: Option<DataVersion>,
    answers: HashMap<String, (DataVersion, Arc<Encoded>)>,
}

impl ResponseCache {
    fn data_version(&self, store: &Store) -> Option<DataVersion> {
        if let Ok(checked) = self.checked.read()
            && let Some((at, version)) = *checked
            && at.elapsed() < RECHECK
        {
            return Some(version);
        }
        let version = store.data_version()?;
        if let Ok(mut checked) = self.checked.write() {
            *checked = Some((Instant::now(), version));
        }
        Some(version)
    }

    fn get(&self, key: &str, version: DataVersion) -> Option<Arc<Encoded>> {
        let entries = self.inner.read().ok()?;
        match entries.answers.get(key) {
            Some((kept, answer)) if *kept == version => Some(answer.clone()),
            _ => None,
        }
    }

    fn insert(&self, key: String, version: DataVersion, answer: Arc<Encoded>) {
        let Ok(mut entries) = self.inner.write() else {
            return;
        };
        if version != DataVersion::STATIC && entries.data_version != Some(version) {
            // The data changed: every answer made from it is stale.
            entries
                .answers
                .retain(|_, (kept, _)| *kept == DataVersion::STATIC);
            entries.data_version = Some(version);
        }
        if entries.answers.len() < MAX_ENTRIES || entries.answers.contains_key(&key) {
            entries.answers.insert(key, (version, answer));
        }
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
    let version = if is_static {
        DataVersion::STATIC
    } else {
        match cache.data_version(&store) {
            Some(version) => version,
            // The file cannot be read: answer without the cache.
            None => return Ok(next.call(request).await?.map_into_boxed_body()),
        }
    };
    let key = request
        .uri()
        .path_and_query()
        .map_or(request.path(), |p| p.as_str());
    if let Some(answer) = cache.get(key, version) {
        let response = answer.respond(request.request());
        return Ok(request.into_response(response));
    }
    let key = key.to_string();

    let response = next.call(request).await?;
    if response.status() != StatusCode::OK {
        return Ok(response.map_into_boxed_body());
    }
    let cache_control = if is_static {
        if assets::is_current_fingerprint(
            response.request().path(),
            response.request().query_string(),
        ) {
            CACHE_CONTROL_IMMUTABLE
        } else {
            CACHE_CONTROL_STATIC
        }
    } else {
        CACHE_CONTROL_DYNAMIC
    };
    let (http_request, http_response) = response.into_parts();
    let status = http_response.status();
    let headers = http_response.headers().clone();
    let body = actix_web::body::to_bytes(http_response.into_body())
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("the answer could not be read"))?;
    let body = if is_static {
        assets::rewrite(&headers, body)
    } else {
        body
    };
    let answer = Arc::new(Encoded::new(status, &headers, body, cache_control));
    cache.insert(key, version, answer.clone());
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
            CACHE_CONTROL_DYNAMIC,
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

    #[test]
    fn a_new_data_version_empties_the_cache() {
        let cache = ResponseCache::default();
        let v1 = DataVersion::for_tests(1);
        let v2 = DataVersion::for_tests(2);
        cache.insert("/".to_string(), v1, Arc::new(answer()));
        assert!(cache.get("/", v1).is_some());
        assert!(cache.get("/", v2).is_none());
        cache.insert(
            "/static/css/site.css".to_string(),
            DataVersion::STATIC,
            Arc::new(answer()),
        );
        cache.insert("/ban-le".to_string(), v2, Arc::new(answer()));
        assert!(cache.get("/", v1).is_none());
        // Static files outlive data versions.
        assert!(
            cache
                .get("/static/css/site.css", DataVersion::STATIC)
                .is_some()
        );
        assert_eq!(cache.size().0, 2);
    }
}
