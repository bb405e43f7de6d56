//! The web layer: routes, pages and their shared parts. Handlers only
//! extract input, ask the data layer, ask the chart layer, and render.
//!
//! Its modules form layers; each uses only those listed before it (and the
//! core: `db`, `model`, `report`, `charts`, `format`, …):
//! - `site`, `fingerprint`, `chart_kind` — the site's address, a hash, the
//!   catalogue of charts;
//! - `assets` — fingerprinted static URLs; `layout` — the page frame;
//! - `error` — the one error type and the one place errors are answered;
//! - `year` — `?nam=` and the year's figures; `limits` — refusals;
//!   `cache` — answers kept per data version and day;
//! - `views`, `chart_views` — figures and charts prepared for templates;
//! - `pages`, `api` — the handlers; this file — the routes.

pub mod address;
pub mod api;
pub mod assets;
pub mod cache;
pub mod chart_kind;
pub mod chart_views;
pub mod error;
pub mod fingerprint;
pub mod layout;
pub mod limits;
pub mod pages;
pub mod site;
pub mod views;
pub mod year;

use actix_web::{guard, web};

pub use site::{Site, StaticDir};

/// Every route of the site, in one place; used by the server and the tests.
///
/// A page about figures answers at its own path (the newest period) and at
/// that path followed by a view's segments, `{view}`: `/ban-le/2024`,
/// `/ban-le/2024/9-thang`, `/ban-le/2024/9-thang/ngay-2024-12-31`,
/// `/ban-le/ngay-2024-12-31` (see `year::View`); the overview's views
/// start at the root (`/2024/9-thang`). Every view is one file on a static
/// host and one key in any cache.
pub fn configure(static_dir: StaticDir) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::QueryConfig::default().error_handler(error::bad_query))
            .route("/", read().to(pages::overview::page))
            // Only a year or a day starts a view at the root, so that no
            // other path is taken for one.
            .route(
                r"/{view:(?:\d{4}|ngay-)[^?]*}",
                read().to(pages::overview::page),
            );
        with_views(cfg, "/cong-nghiep", pages::section::industry);
        with_views(cfg, "/ban-le", pages::section::retail);
        with_views(cfg, "/xuat-nhap-khau", pages::section::trade);
        with_views(cfg, "/thuong-mai-dien-tu", pages::section::ecommerce);
        with_views(cfg, "/hoat-dong", pages::activities::page);
        with_views(cfg, "/ban-tin", pages::briefing::page);
        with_views(cfg, "/gioi-thieu", pages::about::page);
        cfg.route("/robots.txt", read().to(pages::robots::robots))
            .route("/sitemap.xml", read().to(pages::robots::sitemap))
            .route("/cap-nhat", read().to(pages::releases::page))
            .route("/cap-nhat.xml", read().to(pages::releases::feed))
            .route(
                r"/cap-nhat/{year:\d{4}}",
                read().to(pages::releases::year_page),
            )
            .route("/lich-cong-bo", read().to(pages::calendar::page))
            .route("/lich-cong-bo.ics", read().to(pages::calendar::feed))
            .route("/so-lieu/{code}", read().to(pages::figure_history::page))
            .route(
                "/so-lieu/{code}/{view:.*}",
                read().to(pages::figure_history::page),
            )
            .route("/bieu-do/{file}", read().to(pages::chart::file))
            .route(
                "/bieu-do/{slug}/{view:.*}",
                read().to(pages::chart::page_in_view),
            )
            .route("/nhung/{slug}", read().to(pages::chart::embed))
            .route("/nhung/{slug}/{view:.*}", read().to(pages::chart::embed))
            .route("/du-lieu/so-lieu.csv", read().to(pages::open_data::csv))
            .route("/du-lieu/so-lieu.xlsx", read().to(pages::open_data::xlsx))
            .route(
                "/du-lieu/mau-nhap-lieu.xlsx",
                read().to(pages::open_data::template),
            );
        // After the files under it, which are no view.
        with_views(cfg, "/du-lieu", pages::open_data::page);
        cfg
            // Unknown paths in the API fall to the site's `not_found`, which
            // is answered in JSON under `/api/`.
            .service(
                web::scope("/api/v1")
                    .route("/indicators", read().to(api::indicators))
                    .route("/observations", read().to(api::observations)),
            )
            .app_data(web::Data::new(static_dir))
            .route("/static/{name:.*}", read().to(static_file))
            .default_service(web::to(error::not_found));
    }
}

/// A file of the static folder, by its fingerprinted name or its own
/// (`assets::resolve`): only files the folder held at startup are served.
async fn static_file(
    request: actix_web::HttpRequest,
    dir: web::Data<StaticDir>,
) -> Result<actix_web::HttpResponse, error::AppError> {
    let name = request.match_info().get("name").unwrap_or_default();
    let (name, _) = assets::resolve(name).ok_or(error::AppError::NotFound)?;
    let path = dir.0.join(&name);
    // A stylesheet is served with its fonts' fingerprinted names.
    if name.ends_with(".css") {
        let css = web::block(move || std::fs::read(path))
            .await?
            .map_err(|_| error::AppError::NotFound)?;
        return Ok(actix_web::HttpResponse::Ok()
            .content_type("text/css; charset=utf-8")
            .body(assets::rewrite_css(&css)));
    }
    // No `Content-Disposition`: a static host sends none either.
    let file = actix_files::NamedFile::open(path)
        .map_err(|_| error::AppError::NotFound)?
        .prefer_utf8(true)
        .disable_content_disposition();
    Ok(file.into_response(&request))
}

/// A page at `path` and at `path` followed by a view's segments.
fn with_views<F, Args>(cfg: &mut web::ServiceConfig, path: &str, handler: F)
where
    F: actix_web::Handler<Args> + Clone,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    cfg.route(path, read().to(handler.clone()))
        .route(&format!("{path}/{{view:.*}}"), read().to(handler));
}

/// A route for reading: GET, and HEAD (the same answer without its body).
/// Other methods never get here: `limits::enforce` answers them with 405.
fn read() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}
