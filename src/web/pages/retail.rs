//! `/ban-le`: retail sales and service revenue and its five components.

use actix_web::web::Html;
use askama::Template;

use crate::indicator::{self as ind, Area};
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartView, HistorySection};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, Progress, area_codes, section_figures};
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "retail.html")]
struct RetailPage {
    layout: Layout,
    /// The total, and any other figure of the section that is no part.
    cards: Vec<Card>,
    total_sentence: String,
    chart: Option<ChartView>,
    /// The total across the years.
    history: Option<ChartView>,
    /// How the published parts compare with the published total.
    reconciliation: Option<String>,
    part_sentences: Vec<String>,
    /// The total through the year, where several periods are out.
    progress: Vec<Progress>,
    /// The section's other indicators across the years.
    histories: Vec<HistorySection>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    let codes = area_codes(Area::Retail, data);
    let layout = page.layout(
        format!("Bán lẻ hàng hóa và doanh thu dịch vụ {}", data.when()),
        Section::Retail,
        &codes,
    );
    let Some(retail) = report::retail(figures, data.catalogue) else {
        return absent(layout, "bán lẻ hàng hóa và doanh thu dịch vụ");
    };

    let reconciliation = retail.reconciliation();

    render(&RetailPage {
        cards: section_figures(Area::Retail, data)
            .into_iter()
            .map(|o| Card::of(o, data))
            .collect(),
        total_sentence: report::sentence(retail.total),
        chart: ChartView::of(ChartKind::RetailComposition, data)?,
        history: ChartView::of(ChartKind::RetailHistory, data)?,
        histories: HistorySection::of_area(Area::Retail, data, &{
            let mut drawn = ChartKind::RetailComposition.codes(data.catalogue);
            drawn.extend(ChartKind::RetailHistory.codes(data.catalogue));
            drawn
        })?,
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
