//! `/cong-nghiep`: the industrial production index and the output value at
//! constant 2010 prices.

use actix_web::web::Html;
use askama::Template;

use crate::indicator::Area;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartView, HistorySection};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, FigureRow, PartsTable, Progress, area_codes, section_figures};
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "industry.html")]
struct IndustryPage {
    layout: Layout,
    cards: Vec<Card>,
    rows: Vec<FigureRow>,
    sentences: Vec<String>,
    meanings: Vec<(&'static str, &'static str)>,
    /// The output value across the years.
    history: Option<ChartView>,
    /// Through the year, where several periods are out.
    progress: Vec<Progress>,
    parts: Vec<PartsTable>,
    /// The section's other indicators across the years.
    histories: Vec<HistorySection>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let observations = section_figures(Area::Industry, data);
    let codes = area_codes(Area::Industry, data);
    let layout = page.layout(
        format!("Công nghiệp {}", data.when()),
        Section::Industry,
        &codes,
    );
    if observations.is_empty() {
        return absent(layout, "sản xuất công nghiệp");
    }
    let mut progress = Vec::new();
    for observation in &observations {
        let code = observation.indicator.code;
        if let Some(table) = Progress::of(code, &page.progress(code).await?, data)? {
            progress.push(table);
        }
    }
    render(&IndustryPage {
        cards: observations.iter().map(|o| Card::of(o, data)).collect(),
        rows: observations
            .iter()
            .map(|o| FigureRow::of(o, data))
            .collect(),
        sentences: observations.iter().map(|o| report::sentence(o)).collect(),
        meanings: observations
            .iter()
            .map(|o| (o.indicator.name, o.indicator.meaning))
            .collect(),
        history: ChartView::of(ChartKind::IndustryOutputHistory, data)?,
        progress,
        parts: PartsTable::of_area(Area::Industry, data),
        histories: HistorySection::of_area(
            Area::Industry,
            data,
            &ChartKind::IndustryOutputHistory.codes(data.catalogue),
        )?,
        layout,
    })
}
