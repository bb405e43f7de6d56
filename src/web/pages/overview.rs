//! `/` Tổng quan: a card per headline figure, the two main charts, and a
//! summary written from the figures.

use actix_web::web::Html;
use askama::Template;

use crate::indicator as ind;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::ChartView;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::render;
use crate::web::views::Card;
use crate::web::year::YearPage;

/// The headline figures, with the section that explains each.
const HEADLINES: [(&str, Section); 6] = [
    (ind::INDUSTRY_OUTPUT, Section::Industry),
    (ind::INDUSTRY_IIP, Section::Industry),
    (ind::RETAIL_TOTAL, Section::Retail),
    (ind::TRADE_EXPORT, Section::Trade),
    (ind::TRADE_IMPORT, Section::Trade),
    (ind::ECOMMERCE_RANK_NATIONAL, Section::Ecommerce),
];

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
    let codes: Vec<&str> = HEADLINES.iter().map(|(code, _)| *code).collect();
    let layout = page.layout(
        format!("Tổng quan {}", data.when()),
        Section::Overview,
        &codes,
    );

    let cards = HEADLINES
        .iter()
        .filter_map(|(code, section)| {
            let observation = figures.get(code)?;
            Some(Card::of(observation, data).linking_to(layout.href_for(*section)))
        })
        .collect();

    let mut summary: Vec<String> = HEADLINES
        .iter()
        .filter_map(|(code, _)| figures.get(code))
        .map(report::sentence)
        .collect();
    if let Some(region) = figures.get(ind::ECOMMERCE_RANK_REGION) {
        summary.push(report::sentence(region));
    }
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
