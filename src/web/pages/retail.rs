//! `/ban-le`: retail sales and service revenue and its five components.

use actix_web::web::Html;
use askama::Template;

use crate::indicator as ind;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::ChartView;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, Progress};
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "retail.html")]
struct RetailPage {
    layout: Layout,
    total: Card,
    total_sentence: String,
    chart: Option<ChartView>,
    /// The total across the years.
    history: Option<ChartView>,
    /// How the published parts compare with the published total.
    reconciliation: Option<String>,
    part_sentences: Vec<String>,
    /// The total through the year, where several periods are out.
    progress: Vec<Progress>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    let mut codes = vec![ind::RETAIL_TOTAL];
    codes.extend(ind::RETAIL_PARTS);
    let layout = page.layout(
        format!("Bán lẻ hàng hóa và doanh thu dịch vụ {}", data.when()),
        Section::Retail,
        &codes,
    );
    let Some(retail) = report::retail(figures) else {
        return absent(layout, "bán lẻ hàng hóa và doanh thu dịch vụ");
    };

    let reconciliation = retail.reconciliation();

    render(&RetailPage {
        total: Card::of(retail.total, data),
        total_sentence: report::sentence(retail.total),
        chart: ChartView::of(ChartKind::RetailComposition, data)?,
        history: ChartView::of(ChartKind::RetailHistory, data)?,
        reconciliation,
        part_sentences: retail.parts.iter().map(|p| report::sentence(p)).collect(),
        progress: Progress::of(
            ind::RETAIL_TOTAL,
            &page.progress(ind::RETAIL_TOTAL).await?,
            data,
        )?
        .into_iter()
        .collect(),
        layout,
    })
}
