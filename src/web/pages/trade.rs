//! `/xuat-nhap-khau`: exports, imports and the trade balance computed from
//! them.

use actix_web::web::Html;
use askama::Template;

use crate::format;
use crate::indicator as ind;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::ChartView;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::render;
use crate::web::views::{Card, FigureRow};
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "trade.html")]
struct TradePage {
    layout: Layout,
    cards: Vec<Card>,
    rows: Vec<FigureRow>,
    /// "xuất siêu 539 triệu USD"
    balance: String,
    balance_formula: String,
    /// Whether the balance is computed here rather than published.
    balance_computed: bool,
    sentences: Vec<String>,
    chart: Option<ChartView>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    let Some(trade) = report::trade(figures) else {
        return Err(data.missing());
    };
    let codes = [ind::TRADE_EXPORT, ind::TRADE_IMPORT];
    let layout = page.layout(
        format!("Xuất nhập khẩu {}", data.when()),
        Section::Trade,
        &codes,
    );
    let unit = trade.export.indicator.unit;
    let balance = trade.balance_text();
    let balance_formula = format!(
        "{} − {} = {}",
        format::number(&trade.export.value),
        format::number(&trade.import.value),
        format::with_unit(&(trade.export.value - trade.import.value), unit)
    );
    render(&TradePage {
        cards: vec![Card::of(trade.export, data), Card::of(trade.import, data)],
        rows: vec![
            FigureRow::of(trade.export, data),
            FigureRow::of(trade.import, data),
        ],
        sentences: vec![
            report::sentence(trade.export),
            report::sentence(trade.import),
        ],
        balance,
        balance_formula,
        balance_computed: trade.is_computed(),
        chart: ChartView::of(ChartKind::TradeBalance, data)?,
        layout,
    })
}
