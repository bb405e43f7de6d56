//! The web layer: routes, pages and their shared parts. Handlers only
//! extract input, ask the data layer, ask the chart layer, and render.

pub mod api;
pub mod chart_views;
pub mod error;
pub mod layout;
pub mod pages;
pub mod views;

use std::path::PathBuf;

use actix_web::web;

use crate::web::error::AppError;

/// Where the static files are served from.
#[derive(Debug, Clone)]
pub struct StaticDir(pub PathBuf);

/// What pages need to know about the site itself.
#[derive(Debug, Clone)]
pub struct Site {
    /// The public address of the site, without a trailing slash: absolute
    /// URLs (share previews, embed snippets, citations) start with it.
    pub base_url: String,
}

impl Site {
    pub fn new(base_url: &str) -> Site {
        Site {
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// The absolute URL of a path on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// Every route of the site, in one place; used by the server and the tests.
pub fn configure(static_dir: StaticDir) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(
            web::QueryConfig::default()
                .error_handler(|error, _request| bad_query(&error.to_string()).into()),
        )
        .route("/", web::get().to(pages::overview::page))
        .route("/cong-nghiep", web::get().to(pages::industry::page))
        .route("/ban-le", web::get().to(pages::retail::page))
        .route("/xuat-nhap-khau", web::get().to(pages::trade::page))
        .route("/thuong-mai-dien-tu", web::get().to(pages::ecommerce::page))
        .route("/hoat-dong", web::get().to(pages::activities::page))
        .route("/ban-tin", web::get().to(pages::briefing::page))
        .route("/gioi-thieu", web::get().to(pages::about::page))
        .route("/bieu-do/{file}", web::get().to(pages::chart::file))
        .route("/nhung/{slug}", web::get().to(pages::chart::embed))
        .route("/du-lieu", web::get().to(pages::open_data::page))
        .route("/du-lieu/so-lieu.csv", web::get().to(pages::open_data::csv))
        .route(
            "/du-lieu/so-lieu.xlsx",
            web::get().to(pages::open_data::xlsx),
        )
        .service(
            web::scope("/api/v1")
                .route("/indicators", web::get().to(api::indicators))
                .route("/observations", web::get().to(api::observations))
                .default_service(web::to(api::not_found)),
        )
        .service(actix_files::Files::new("/static", static_dir.0).prefer_utf8(true))
        .default_service(web::to(not_found));
    }
}

fn bad_query(detail: &str) -> AppError {
    let detail = if detail.contains("duplicate field") {
        "một tham số xuất hiện nhiều lần".to_string()
    } else {
        "tham số không đọc được".to_string()
    };
    AppError::BadRequest(format!("Địa chỉ có tham số không hợp lệ: {detail}."))
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
