//! The staff side: a second process (`congthuong admin`), by default on
//! 127.0.0.1:8081, for the office network or its own host name behind
//! TLS. Staff sign in, make change sets from uploads or one figure at a
//! time, and a second person approves and publishes them into the public
//! record.
//!
//! A sibling of `web/`, never importing it (the module test holds the
//! layers): what both need lives below them (`format`, `dataset`, `db`).
//!
//! Every answer is `no-store`, `noindex` and may not be framed. Every
//! address but the sign-in page needs a live session: the guard is a
//! middleware in front of every route, so a route added later is guarded
//! without asking. Every POST must come from this site (`Sec-Fetch-Site`,
//! `Origin`) and carry the session's form token; GET changes nothing.

mod accounts;
mod calendar;
mod change_sets;
mod error;
mod guard;
mod login;
pub mod preview;
mod schedule;
mod static_copy;
mod upload;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::db::Store;
use crate::drafts::{Clock, DraftStore, SessionLimits};

pub use error::AdminError;
pub use guard::Staff;
pub use schedule::{early_figures, office_release, publish_due};

#[derive(Debug, Clone)]
pub struct AdminSettings {
    pub addr: String,
    /// The public database, written only when a change set is published.
    pub db: PathBuf,
    /// The drafts database (accounts, sessions, change sets, audit log).
    pub drafts: PathBuf,
    /// The admin's own address: `https://…` marks the cookie `Secure`
    /// and names it `__Host-phien`.
    pub base_url: String,
    /// How often the scheduler looks for sets whose slot has come.
    pub due_every: std::time::Duration,
    /// The static copy to keep up to date after each release, if any.
    pub static_copy: Option<crate::copies::StaticCopy>,
    /// The public site's static files and address, for previews.
    pub static_dir: PathBuf,
    pub public_url: String,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AdminState {
    pub drafts: DraftStore,
    pub store: Store,
    pub limits: SessionLimits,
    pub cookie: CookieRules,
    /// The static copy kept after each release, if any.
    pub static_copy: Option<std::sync::Arc<crate::copies::StaticCopy>>,
    pub previews: std::sync::Arc<preview::Previews>,
    /// The record and day the static copy was last brought up to.
    copy_source: std::sync::Arc<std::sync::Mutex<String>>,
    /// `--base-url`'s origin (`https://quan-tri.example.vn`): forms may
    /// come from it, besides the host the request names (a proxy in front
    /// may rewrite that).
    pub origin: String,
}

/// The origin of a URL: its scheme and authority, without a path.
fn origin_of(url: &str) -> String {
    let url = url.trim_end_matches('/');
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split('/').next().unwrap_or_default();
            format!("{scheme}://{authority}")
        }
        None => url.to_string(),
    }
}

/// How the session cookie is written.
#[derive(Debug, Clone)]
pub struct CookieRules {
    pub name: &'static str,
    pub secure: bool,
}

impl AdminState {
    /// After a release: a new static copy, where one is kept, made in the
    /// background (the answer does not wait for it); how its hook went is
    /// kept beside the copies and shown on the list of sets.
    pub fn after_release(&self) {
        preview::warm(self);
        self.refresh_copy(true);
    }

    /// A new static copy when one is kept and (unless `always`) the
    /// current one was made from another record or day — after an import
    /// from the command line, or at midnight (pages carry the day).
    pub fn refresh_copy(&self, always: bool) {
        let Some(copy) = self.static_copy.clone() else {
            return;
        };
        let source = crate::copies::source_of(&self.store);
        if let Ok(mut seen) = self.copy_source.lock() {
            if !always && *seen == source {
                return;
            }
            *seen = source;
        }
        let store = self.store.clone();
        actix_web::rt::spawn(async move {
            let made = web::block(move || {
                if always || copy.is_behind(&store) {
                    copy.update(store).map(Some)
                } else {
                    Ok(None)
                }
            })
            .await;
            match made {
                Ok(Ok(None)) => {}
                Ok(Ok(Some((summary, _)))) => tracing::info!(
                    "bản tĩnh {}: {} tệp ghi mới, {} địa chỉ thay đổi, {} ms",
                    summary.copy,
                    summary.rewritten,
                    summary.changed.len(),
                    summary.elapsed.as_millis()
                ),
                Ok(Err(error)) => tracing::error!("không ghi được bản tĩnh: {error:#}"),
                Err(error) => tracing::error!("không ghi được bản tĩnh: {error}"),
            }
        });
    }
}

impl CookieRules {
    pub fn for_base_url(base_url: &str) -> CookieRules {
        let secure = base_url.starts_with("https://");
        CookieRules {
            // `__Host-` binds the cookie to this host and path `/`, sent
            // over TLS only.
            name: if secure { "__Host-phien" } else { "phien" },
            secure,
        }
    }
}

pub struct AdminApp {
    addr: SocketAddr,
    server: Server,
}

impl AdminApp {
    /// Opens both databases (the public one must exist: the admin never
    /// makes it), binds and builds the server.
    pub fn build(settings: &AdminSettings, clock: Clock) -> anyhow::Result<AdminApp> {
        let store = Store::open(&settings.db).context("không mở được cơ sở dữ liệu công khai")?;
        // The public site's files, for previews rendered in this process.
        crate::web::assets::load(&settings.static_dir).with_context(|| {
            format!(
                "{}: không đọc được thư mục tệp tĩnh",
                settings.static_dir.display()
            )
        })?;
        let drafts = DraftStore::open(&settings.drafts, clock)
            .context("không mở được cơ sở dữ liệu quản trị")?;
        let state = AdminState {
            drafts,
            store,
            limits: SessionLimits::default(),
            cookie: CookieRules::for_base_url(&settings.base_url),
            origin: origin_of(&settings.base_url),
            static_copy: settings.static_copy.clone().map(std::sync::Arc::new),
            previews: std::sync::Arc::new(preview::Previews::new(
                &settings.drafts,
                settings.static_dir.clone(),
                &settings.public_url,
            )),
            copy_source: Default::default(),
        };
        preview::warm(&state);
        state.refresh_copy(false);
        schedule::spawn_scheduler(state.clone(), settings.due_every);
        let listener = TcpListener::bind(&settings.addr)
            .with_context(|| format!("không mở được cổng {}", settings.addr))?;
        let addr = listener.local_addr()?;
        let server = HttpServer::new(move || app(state.clone()))
            .listen(listener)?
            .run();
        Ok(AdminApp { addr, server })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The admin's application: its routes behind its guards.
pub fn app(
    state: AdminState,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .app_data(
            web::FormConfig::default()
                .limit(64 * 1024)
                .error_handler(|error, _| {
                    AdminError::BadRequest(format!("biểu mẫu không đọc được: {error}")).into()
                }),
        )
        .app_data(web::PathConfig::default().error_handler(|_, _| AdminError::NotFound.into()))
        .configure(configure)
        .default_service(web::to(|| async {
            Err::<actix_web::HttpResponse, _>(AdminError::NotFound)
        }))
        .wrap(actix_web::middleware::from_fn(guard::require_session))
        .wrap(actix_web::middleware::from_fn(guard::same_site_posts))
        .wrap(actix_web::middleware::from_fn(guard::security_headers))
}

/// Every route of the admin, in one place.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/", web::get().to(change_sets::list))
        .route("/admin.css", web::get().to(guard::stylesheet))
        .route("/xem-truoc.css", web::get().to(guard::banner_stylesheet))
        .route("/dang-nhap", web::get().to(login::form))
        .route("/dang-nhap", web::post().to(login::submit))
        .route("/dang-xuat", web::post().to(login::logout))
        .route("/mat-khau", web::get().to(login::password_form))
        .route("/mat-khau", web::post().to(login::change_password))
        .route("/tai-khoan", web::get().to(accounts::list))
        .route("/lich-cong-bo", web::get().to(calendar::list))
        .route("/lich-cong-bo", web::post().to(calendar::add))
        .route(
            "/lich-cong-bo/{id}/doi-ngay",
            web::post().to(calendar::reschedule),
        )
        .route(
            "/lich-cong-bo/{id}/tinh-trang",
            web::post().to(calendar::set_status),
        )
        .route("/bo-thay-doi", web::post().to(change_sets::create))
        .route("/bo-thay-doi/{id}", web::get().to(change_sets::show))
        .route("/bo-thay-doi/{id}/tai-len", web::post().to(upload::upload))
        .route(
            "/bo-thay-doi/{id}/dong",
            web::post().to(change_sets::add_row),
        )
        .route(
            "/bo-thay-doi/{id}/ly-do",
            web::post().to(change_sets::waive),
        )
        .route(
            "/bo-thay-doi/{id}/gui-duyet",
            web::post().to(change_sets::submit),
        )
        .route(
            "/bo-thay-doi/{id}/duyet",
            web::post().to(change_sets::approve),
        )
        .route(
            "/bo-thay-doi/{id}/mo-khoa",
            web::post().to(change_sets::unlock),
        )
        .route(
            "/bo-thay-doi/{id}/tra-lai",
            web::post().to(change_sets::return_set),
        )
        .route(
            "/bo-thay-doi/{id}/cong-bo",
            web::post().to(change_sets::publish),
        )
        .route(
            "/bo-thay-doi/{id}/len-lich",
            web::post().to(schedule::schedule),
        )
        .route(
            "/bo-thay-doi/{id}/bo-lich",
            web::post().to(schedule::unschedule),
        )
        .route("/bo-thay-doi/{id}/xem-truoc", web::get().to(preview::show))
        .route(
            "/bo-thay-doi/{id}/xem-truoc/trang/{path:.*}",
            web::get().to(preview::page),
        )
        .route("/ban-tinh/thu-lai", web::post().to(static_copy::retry))
        .route(
            "/so-lieu/{code}",
            web::get().to(change_sets::figure_history),
        );
}

/// The addresses open without a session: signing in, and its stylesheet.
pub const OPEN_PATHS: &[&str] = &["/dang-nhap", "/admin.css"];

/// The header every signed-in page shows: who, what they may open, and
/// the sign-out form with its token.
pub struct Nav {
    pub name: String,
    pub role: &'static str,
    pub csrf: String,
    pub edits: bool,
    pub manages_accounts: bool,
    pub keeps_calendar: bool,
}

impl Staff {
    pub fn nav(&self) -> Nav {
        let account = &self.session.account;
        Nav {
            name: account.name.clone(),
            role: account.role.name(),
            csrf: self.session.csrf_token.clone(),
            edits: account.role.edits(),
            manages_accounts: account.role.manages_accounts(),
            keeps_calendar: account.role.approves() || account.role.manages_accounts(),
        }
    }
}

/// A rendered page as an HTML answer.
fn html(page: &impl askama::Template) -> Result<actix_web::HttpResponse, AdminError> {
    Ok(actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// A redirect after a POST (303: the browser GETs the new address).
fn see_other(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}
