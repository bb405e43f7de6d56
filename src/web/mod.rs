//! The web layer: routes, pages and their shared parts. Handlers only
//! extract input, ask the data layer, ask the chart layer, and render.

pub mod api;
pub mod assets;
pub mod cache;
pub mod chart_views;
pub mod error;
pub mod layout;
pub mod limits;
pub mod pages;
pub mod views;

use std::path::PathBuf;

use actix_web::{guard, web};

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
        .route("/", read().to(pages::overview::page))
        .route("/cong-nghiep", read().to(pages::industry::page))
        .route("/ban-le", read().to(pages::retail::page))
        .route("/xuat-nhap-khau", read().to(pages::trade::page))
        .route("/thuong-mai-dien-tu", read().to(pages::ecommerce::page))
        .route("/hoat-dong", read().to(pages::activities::page))
        .route("/ban-tin", read().to(pages::briefing::page))
        .route("/gioi-thieu", read().to(pages::about::page))
        .route("/bieu-do/{file}", read().to(pages::chart::file))
        .route("/nhung/{slug}", read().to(pages::chart::embed))
        .route("/du-lieu", read().to(pages::open_data::page))
        .route("/du-lieu/so-lieu.csv", read().to(pages::open_data::csv))
        .route("/du-lieu/so-lieu.xlsx", read().to(pages::open_data::xlsx))
        // Unknown paths in the API fall to the site's `not_found`, which
        // answers under `/api/` in JSON.
        .service(
            web::scope("/api/v1")
                .route("/indicators", read().to(api::indicators))
                .route("/observations", read().to(api::observations)),
        )
        .service(actix_files::Files::new("/static", static_dir.0).prefer_utf8(true))
        .default_service(web::to(not_found));
    }
}

/// A route for reading: GET, and HEAD (the same answer without its body).
/// Other methods never get here: `limits::enforce` answers them with 405.
fn read() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

fn bad_query(detail: &str) -> AppError {
    let detail = if detail.contains("duplicate field") {
        "một tham số xuất hiện nhiều lần".to_string()
    } else {
        "tham số không đọc được".to_string()
    };
    AppError::BadRequest(format!("Địa chỉ có tham số không hợp lệ: {detail}."))
}

/// Anything no route claims: a JSON 404 under `/api/`, a page elsewhere.
async fn not_found(request: actix_web::HttpRequest) -> actix_web::HttpResponse {
    limits::not_found_response(request.path())
}
