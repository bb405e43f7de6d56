//! The web layer: routes, pages and their shared parts. Handlers only
//! extract input, ask the data layer, ask the chart layer, and render.

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
        .route("/gioi-thieu", web::get().to(pages::about::page))
        .route("/bieu-do/{file}", web::get().to(pages::chart_file::svg))
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
