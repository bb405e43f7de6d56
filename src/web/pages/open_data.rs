//! `/du-lieu`: every download and the API, documented; and the downloads of
//! all figures, `/du-lieu/so-lieu.csv` (the import format) and
//! `/du-lieu/so-lieu.xlsx`.

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::{self, Html};
use askama::Template;

use crate::dataset;
use crate::db::Store;
use crate::model::{Observation, Plan, Rate, distinct_sources};
use crate::web::address;
use crate::web::chart_kind::ChartKind;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::render;
use crate::web::year::YearPage;
use crate::workbook;

#[derive(Template)]
#[template(path = "open_data.html")]
struct OpenDataPage {
    layout: Layout,
    charts: Vec<ChartKind>,
    year: i32,
    /// Downloads' names after the slug: "2023", "2024-9-thang".
    stem: String,
    base_url: String,
    count: usize,
}

impl OpenDataPage {
    /// A chart's page in the view shown.
    fn chart_page(&self, kind: &ChartKind) -> String {
        address::chart_page(*kind, &self.layout.named_view_path)
    }

    /// A chart's file of the view shown.
    fn chart_file(&self, kind: &ChartKind, extension: &str) -> String {
        address::chart_file(*kind, Some(&self.stem), extension)
    }
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let layout = page.layout("Dữ liệu mở", Section::OpenData, &data.figures.codes());
    // The downloads hold the whole record, not the period shown.
    let store = page.store.clone();
    let count = web::block(move || store.record_size()).await??;
    render(&OpenDataPage {
        // The charts this period has: a link to one it lacks would be a
        // link to nothing.
        charts: ChartKind::ALL
            .iter()
            .filter(|k| k.draws_from(&data.figures, data.catalogue))
            .copied()
            .collect(),
        year: data.year,
        stem: data.file_stem(),
        base_url: page.site.base_url.clone(),
        count,
        layout,
    })
}

/// Every version of every figure, and every plan: the whole record.
/// Every version of every figure, every change published alone, every plan.
async fn whole_record(
    store: web::Data<Store>,
) -> Result<(Vec<Observation>, Vec<Rate>, Vec<Plan>), AppError> {
    let store = store.into_inner();
    Ok(web::block(move || {
        Ok::<_, crate::db::DbError>((
            store.all_versions()?,
            store.all_rates()?,
            store.all_plans()?,
        ))
    })
    .await??)
}

fn attachment(content_type: &str, file_name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(body)
}

/// All figures in the format `congthuong import` reads, with a byte-order
/// mark for Excel (which `import` tolerates).
pub async fn csv(store: web::Data<Store>) -> Result<HttpResponse, AppError> {
    let (observations, rates, plans) = whole_record(store).await?;
    let body = format!(
        "\u{feff}{}",
        dataset::write_figures(&observations, &rates, &plans)
    );
    Ok(attachment(
        "text/csv; charset=utf-8",
        "so-lieu-cong-thuong-gia-lai.csv",
        body.into_bytes(),
    ))
}

/// The entry template staff fill in: the import format's columns, with
/// drop-down lists of codes and a sheet explaining each column.
pub async fn template(store: web::Data<Store>) -> Result<HttpResponse, AppError> {
    let catalogue = store.catalogue();
    let bytes = web::block(move || workbook::entry_template(catalogue))
        .await?
        .map_err(|e| AppError::Internal(format!("không tạo được mẫu Excel: {e}")))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-nhap-so-lieu-cong-thuong-gia-lai.xlsx",
        bytes,
    ))
}

pub async fn xlsx(store: web::Data<Store>) -> Result<HttpResponse, AppError> {
    let (observations, rates, plans) = whole_record(store).await?;
    let sources = distinct_sources(observations.iter().map(|o| &o.source));
    let bytes = web::block(move || workbook::workbook(&observations, &rates, &plans, &sources))
        .await?
        .map_err(|e| AppError::Internal(format!("không tạo được tệp Excel: {e}")))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "so-lieu-cong-thuong-gia-lai.xlsx",
        bytes,
    ))
}
