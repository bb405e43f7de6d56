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
pub fn configure(static_dir: StaticDir) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::QueryConfig::default().error_handler(error::bad_query))
            .route("/", read().to(pages::overview::page))
            .route("/cong-nghiep", read().to(pages::industry::page))
            .route("/ban-le", read().to(pages::retail::page))
            .route("/xuat-nhap-khau", read().to(pages::trade::page))
            .route("/thuong-mai-dien-tu", read().to(pages::ecommerce::page))
            .route("/hoat-dong", read().to(pages::activities::page))
            .route("/ban-tin", read().to(pages::briefing::page))
            .route("/gioi-thieu", read().to(pages::about::page))
            .route("/cap-nhat", read().to(pages::releases::page))
            .route("/cap-nhat.xml", read().to(pages::releases::feed))
            .route("/so-lieu/{code}", read().to(pages::figure_history::page))
            .route("/bieu-do/{file}", read().to(pages::chart::file))
            .route("/nhung/{slug}", read().to(pages::chart::embed))
            .route("/du-lieu", read().to(pages::open_data::page))
            .route("/du-lieu/so-lieu.csv", read().to(pages::open_data::csv))
            .route("/du-lieu/so-lieu.xlsx", read().to(pages::open_data::xlsx))
            .route(
                "/du-lieu/mau-nhap-lieu.xlsx",
                read().to(pages::open_data::template),
            )
            // Unknown paths in the API fall to the site's `not_found`, which
            // is answered in JSON under `/api/`.
            .service(
                web::scope("/api/v1")
                    .route("/indicators", read().to(api::indicators))
                    .route("/observations", read().to(api::observations)),
            )
            .service(actix_files::Files::new("/static", static_dir.0).prefer_utf8(true))
            .default_service(web::to(error::not_found));
    }
}

/// A route for reading: GET, and HEAD (the same answer without its body).
/// Other methods never get here: `limits::enforce` answers them with 405.
fn read() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}
