//! `/thuong-mai-dien-tu`: the province's place in the e-commerce index, what
//! that index is, and the department's e-commerce work.

use actix_web::web::Html;
use askama::Template;

use crate::indicator::{Area, Kind};
use crate::model::ActivityKind;
use crate::report;
use crate::web::chart_views::HistorySection;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, PartsTable, area_codes, section_figures};
use crate::web::year::{YearPage, load_activities};

/// The topic under which activities feed this page.
const TOPIC: &str = "Thương mại điện tử";

#[derive(Template)]
#[template(path = "ecommerce.html")]
struct EcommercePage {
    layout: Layout,
    cards: Vec<Card>,
    sentences: Vec<String>,
    work: Vec<String>,
    /// The section's first ranking (the national one) across the years:
    /// (year, "38/63", change, who).
    ranks: Vec<(i32, String, String, &'static str)>,
    parts: Vec<PartsTable>,
    /// The score and any other indicator across the years.
    histories: Vec<HistorySection>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let observations = section_figures(Area::Ecommerce, data);
    let codes = area_codes(Area::Ecommerce, data);
    let layout = page.layout(
        format!("Thương mại điện tử {}", data.when()),
        Section::Ecommerce,
        &codes,
    );
    if observations.is_empty() {
        return absent(layout, "chỉ số thương mại điện tử");
    }
    let year = data.year;
    let activities = load_activities(&page.store, year).await?;
    // Each year's rank as its publisher printed it, with its denominator:
    // the number of provinces ranked changed (56 in 2021, 63 later).
    let national = data
        .catalogue
        .of_area(Area::Ecommerce)
        .into_iter()
        .find(|i| i.kind == Kind::Rank);
    let ranks = data
        .all
        .iter()
        .filter_map(|y| y.get(national?.code))
        .map(|o| {
            (
                o.year,
                report::value_text(o),
                report::change_text(o).unwrap_or_else(|| "—".to_string()),
                o.publisher.name(),
            )
        })
        .collect();
    render(&EcommercePage {
        ranks,
        parts: PartsTable::of_area(Area::Ecommerce, data),
        histories: HistorySection::of_area(Area::Ecommerce, data, &[])?,
        cards: observations.iter().map(|o| Card::of(o, data)).collect(),
        sentences: observations.iter().map(|o| report::sentence(o)).collect(),
        work: activities
            .into_iter()
            .filter(|a| a.kind == ActivityKind::Result && a.topic == TOPIC)
            .map(|a| a.text)
            .collect(),
        layout,
    })
}
