//! `/` Tổng quan: a card per headline figure, the two main charts, and a
//! summary written from the figures.

use actix_web::web::Html;
use askama::Template;

use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::ChartView;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::render;
use crate::web::views::{Card, needs_periods, spark_of};
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    layout: Layout,
    cards: Vec<Card>,
    summary: Vec<String>,
    charts: Vec<ChartView>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    // The headline figures are the catalogue's (`headline`), each linking
    // to its section.
    let headlines = data.catalogue.headlines();
    let codes: Vec<&str> = headlines.iter().map(|i| i.code).collect();
    let layout = page.layout(
        format!("Tổng quan {}", data.when()),
        Section::Overview,
        &codes,
    );

    // Each headline figure with where it has been going.
    let mut cards = Vec::new();
    for indicator in &headlines {
        let Some(observation) = figures.get(indicator.code) else {
            continue;
        };
        // This year's periods are read only where the years do not draw.
        let progress = if needs_periods(observation, data) {
            Some(page.progress(indicator.code).await?)
        } else {
            None
        };
        let section = Section::of_area(indicator.area);
        cards.push(
            Card::of(observation, data)
                .linking_to(layout.href_for(section))
                .with_spark(spark_of(observation, data, progress.as_deref())?),
        );
    }

    // The summary also says what the headlines' sections hold besides
    // (the regional rank beside the national one), parts aside.
    let mut summary: Vec<String> = headlines
        .iter()
        .filter_map(|indicator| figures.get(indicator.code))
        .map(report::sentence)
        .collect();
    summary.extend(
        data.catalogue
            .all()
            .iter()
            .filter(|i| !i.headline && !i.is_part() && i.code != crate::indicator::TRADE_BALANCE)
            .filter(|i| headlines.iter().any(|h| h.area == i.area))
            .filter_map(|i| figures.get(i.code))
            .map(report::sentence),
    );
    if let Some(trade) = report::trade(figures) {
        summary.push(format!(
            "Cán cân thương mại{}: {}.",
            if trade.is_computed() {
                " (tính toán từ số liệu trên)"
            } else {
                ""
            },
            trade.balance_text()
        ));
    }

    let charts = [ChartKind::RetailComposition, ChartKind::TradeBalance]
        .into_iter()
        .filter_map(|kind| ChartView::of(kind, data).transpose())
        .collect::<Result<Vec<_>, _>>()?;

    render(&OverviewPage {
        layout,
        cards,
        summary,
        charts,
    })
}
