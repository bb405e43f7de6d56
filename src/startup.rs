//! Building the server: `Application::build` binds the listener (port 0 in
//! tests) and `run` serves on it. `main` and every test go through here.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::db::{IfMissing, Opened, SeedFiles, Store};
use crate::web::cache::ResponseCache;
use crate::web::{Site, StaticDir, assets, cache, configure, error, limits};

#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on, `HOST:PORT`; port 0 picks a free port.
    pub addr: String,
    pub db: PathBuf,
    pub static_dir: PathBuf,
    /// The site's public address, for absolute URLs.
    pub base_url: String,
    /// What a missing database is made from.
    pub seed: Seed,
    /// The `data/` folder a missing database is made from; `None`: the
    /// committed one, built into the program.
    pub data_dir: Option<PathBuf>,
}

/// What a missing database is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// The 2023 interview and the public record 2020–2025: the site.
    Full,
    /// The 2023 interview alone: a small fixed set for tests that check
    /// exact pages.
    Interview,
}

pub struct Application {
    addr: SocketAddr,
    server: Server,
}

impl Application {
    /// Opens the database (making it from the seed if missing), binds the
    /// address and builds the server, which runs once awaited.
    pub fn build(settings: &Settings) -> anyhow::Result<Application> {
        let if_missing = match settings.seed {
            Seed::Full => IfMissing::SeedAndRecord,
            Seed::Interview => IfMissing::Seed,
        };
        let seed = match &settings.data_dir {
            Some(dir) => SeedFiles::from_dir(dir)?,
            None => SeedFiles::committed(),
        };
        let (store, opened) = Store::open_seeded(&settings.db, if_missing, &seed)
            .context("không mở được cơ sở dữ liệu")?;
        if !settings.static_dir.is_dir() {
            anyhow::bail!(
                "{}: không có thư mục tệp tĩnh (CSS, phông chữ); hãy chạy từ thư mục dự án hoặc dùng --static-dir",
                settings.static_dir.display()
            );
        }
        match opened {
            Opened::Created => {
                tracing::info!(db = %settings.db.display(), "created the database from the committed seed")
            }
            Opened::Migrated { from } => {
                tracing::info!(db = %settings.db.display(), from, "brought the database schema up to date")
            }
            Opened::Existing => {}
        }
        assets::load(&settings.static_dir).with_context(|| {
            format!(
                "{}: không đọc được thư mục tệp tĩnh",
                settings.static_dir.display()
            )
        })?;
        let listener = TcpListener::bind(&settings.addr)
            .with_context(|| format!("không mở được địa chỉ {}", settings.addr))?;
        let addr = listener.local_addr()?;
        let server = run(
            listener,
            store,
            StaticDir(settings.static_dir.clone()),
            Site::new(&settings.base_url),
        )?;
        Ok(Application { addr, server })
    }

    /// Stops the server from elsewhere (a signal handler, a test).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The address actually bound: with port 0, the port the system chose.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Serves the site on `listener`.
pub fn run(
    listener: TcpListener,
    store: Store,
    static_dir: StaticDir,
    site: Site,
) -> std::io::Result<Server> {
    // Each worker gets its own state and cache rather than sharing one: a
    // cache hit then changes no memory another core also writes (reference
    // counts of the cached answer and its body, the cache's locks). Profiled
    // under load, the cache's functions and the bodies' reference counting
    // fell from 5,5 % to 3,9 % of the server's time; the price is that each
    // worker makes (and compresses) an answer once.
    let server = HttpServer::new(move || {
        app(AppState {
            store: web::Data::new(store.clone()),
            site: web::Data::new(site.clone()),
            cache: Some(web::Data::new(ResponseCache::default())),
            memo: true,
            static_dir: static_dir.clone(),
        })
    })
    // Signals are the binary's to handle (`cli::serve`), so that SIGINT
    // too lets requests in flight finish; they get this long to do so.
    .disable_signals()
    .shutdown_timeout(SHUTDOWN_TIMEOUT_SECONDS)
    .listen(listener)?
    .run();
    Ok(server)
}

/// What the application is made of; cloned into every worker.
#[derive(Clone)]
pub struct AppState {
    pub store: web::Data<Store>,
    pub site: web::Data<Site>,
    /// `None` makes every answer afresh (for measuring what the cache saves).
    pub cache: Option<web::Data<ResponseCache>>,
    /// Whether each worker keeps the figures of the views it read
    /// (`YearMemo`); `false` reads them afresh for every page (for
    /// measuring what a page costs the database).
    pub memo: bool,
    pub static_dir: StaticDir,
}

/// The application: routes, middleware and state. The server runs one per
/// worker; benchmarks call it directly.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // HSTS only where the public address is https: sent over plain http a
    // browser ignores it, and on a test address it would pin the host.
    let hsts = state.site.base_url.starts_with("https://");
    let mut app = App::new()
        .app_data(state.store.clone())
        .app_data(state.site.clone())
        // Per worker, as the response cache: no lock another core takes.
        .app_data(web::Data::new(crate::web::year::YearMemo::new(state.memo)));
    if let Some(cache) = &state.cache {
        app = app.app_data(cache.clone());
    }
    app
        // Middleware registered later wraps what came before: errors are
        // replaced innermost, answers are cached outside that, limits
        // apply before the cache.
        .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(error::answer_errors))
        .wrap(actix_web::middleware::from_fn(cache::serve_cached))
        .wrap(actix_web::middleware::from_fn(limits::enforce))
        // Outermost, so that every answer (refusals and replaced errors
        // too) is logged and carries the security headers.
        .wrap_fn(move |request, service| {
            // One line per request: method, path, status, duration. The
            // path is copied and the clock read only when the line will be
            // written.
            let embeddable = request.path().starts_with(crate::web::address::EMBEDS);
            let logged = tracing::enabled!(tracing::Level::INFO).then(|| {
                (
                    request.method().clone(),
                    request.path().to_string(),
                    Instant::now(),
                )
            });
            let response = service.call(request);
            async move {
                let mut response = response.await?;
                set_security_headers(embeddable, hsts, response.headers_mut());
                if let Some((method, path, started)) = logged {
                    tracing::info!(
                        %method,
                        %path,
                        status = response.status().as_u16(),
                        micros = started.elapsed().as_micros() as u64,
                        "request"
                    );
                }
                Ok(response)
            }
        })
        .configure(configure(state.static_dir))
}

/// How long requests in flight may take to finish once a stop is asked.
const SHUTDOWN_TIMEOUT_SECONDS: u64 = 5;

/// The content policy: our own files only, nothing inline, no plugins.
/// Written out whole, twice, so that each response takes a static header
/// value rather than formatting one.
macro_rules! content_security_policy {
    ($frame_ancestors:literal) => {
        concat!(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; ",
            "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; ",
            "frame-ancestors ",
            $frame_ancestors
        )
    };
}
const CSP_FRAMABLE: &str = content_security_policy!("*");
const CSP_NOT_FRAMABLE: &str = content_security_policy!("'none'");

/// Security headers on every response. Embed pages (`/nhung/…`) exist to be
/// framed by any site; every other page refuses to be framed.
fn set_security_headers(embeddable: bool, hsts: bool, headers: &mut HeaderMap) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if embeddable {
            CSP_FRAMABLE
        } else {
            CSP_NOT_FRAMABLE
        }),
    );
    if !embeddable {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    // No page uses any of these; only features browsers recognise, so that
    // none logs a console error.
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), \
             microphone=(), payment=(), usb=()",
        ),
    );
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}
