//! `/bieu-do/<slug>.svg`: each chart as a standalone SVG file, for the
//! year in `?nam=`.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};

use crate::db::Store;
use crate::web::chart_views::ChartKind;
use crate::web::error::AppError;
use crate::web::layout::{YearQuery, load_year};

pub async fn svg(
    store: web::Data<Store>,
    file: web::Path<String>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let kind = file
        .strip_suffix(".svg")
        .and_then(ChartKind::from_slug)
        .ok_or(AppError::NotFound)?;
    let data = load_year(&store, &query).await?;
    let chart = kind.build(&data)?.ok_or(AppError::NoDataForYear {
        year: data.year,
        years: data.years.clone(),
    })?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml; charset=utf-8")
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(300),
        ]))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}-{}.svg\"", kind.slug(), data.year),
        ))
        .body(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
            chart.svg
        )))
}
