//! `/cong-nghiep`: the industrial production index and the output value at
//! constant 2010 prices.

use actix_web::web::Html;
use askama::Template;

use crate::indicator as ind;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::ChartView;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, FigureRow, Progress};
use crate::web::year::YearPage;

const CODES: [&str; 2] = [ind::INDUSTRY_OUTPUT, ind::INDUSTRY_IIP];

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
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    let observations: Vec<_> = CODES.iter().filter_map(|code| figures.get(code)).collect();
    let layout = page.layout(
        format!("Công nghiệp {}", data.when()),
        Section::Industry,
        &CODES,
    );
    if observations.is_empty() {
        return absent(layout, "sản xuất công nghiệp");
    }
    let mut progress = Vec::new();
    for code in CODES {
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
        layout,
    })
}
