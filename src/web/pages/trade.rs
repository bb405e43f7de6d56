//! `/xuat-nhap-khau`: exports, imports and the trade balance computed from
//! them.

use actix_web::web::Html;
use askama::Template;

use crate::format;
use crate::indicator::{self as ind, Area};
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartView, HistorySection};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, FigureRow, PartsTable, Progress, area_codes, section_figures};
use crate::web::year::YearPage;

/// The trade balance's card, where both exports and imports are published.
struct Balance {
    /// "xuất siêu 539 triệu USD"
    text: String,
    formula: String,
    /// Whether it is computed here rather than published.
    computed: bool,
}

#[derive(Template)]
#[template(path = "trade.html")]
struct TradePage {
    layout: Layout,
    cards: Vec<Card>,
    rows: Vec<FigureRow>,
    balance: Option<Balance>,
    /// Why there is no balance though both are published: "xuất khẩu của
    /// Sở Công Thương, nhập khẩu của Cục Thống kê".
    pair_differs: Option<String>,
    sentences: Vec<String>,
    chart: Option<ChartView>,
    /// Exports and imports through the year, where several periods are out.
    progress: Vec<Progress>,
    /// The export goods (coffee, wood, rubber, others) within exports.
    parts: Vec<PartsTable>,
    /// The section's other indicators across the years (coffee, …).
    histories: Vec<HistorySection>,
}

/// Exports and imports, and their balance where both are published; a
/// period with only one of them (as often mid-year) shows that one.
pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    // The balance has a card of its own, published or computed.
    let published: Vec<_> = section_figures(Area::Trade, data)
        .into_iter()
        .filter(|o| o.indicator.code != ind::TRADE_BALANCE)
        .collect();
    let codes = area_codes(Area::Trade, data);
    let layout = page.layout(
        format!("Xuất nhập khẩu {}", data.when()),
        Section::Trade,
        &codes,
    );
    if published.is_empty() {
        return absent(layout, "xuất nhập khẩu");
    }
    let balance = report::trade(figures).map(|trade| Balance {
        text: trade.balance_text(),
        formula: format!(
            "{} − {} = {}",
            format::number(&trade.export.value),
            format::number(&trade.import.value),
            format::with_unit(
                &(trade.export.value - trade.import.value),
                trade.export.indicator.unit
            )
        ),
        computed: trade.is_computed(),
    });
    let mut progress = Vec::new();
    for observation in &published {
        let code = observation.indicator.code;
        if let Some(table) = Progress::of(code, &page.progress(code).await?, data)? {
            progress.push(table);
        }
    }
    render(&TradePage {
        cards: published.iter().map(|o| Card::of(o, data)).collect(),
        rows: published.iter().map(|o| FigureRow::of(o, data)).collect(),
        sentences: published.iter().map(|o| report::sentence(o)).collect(),
        balance,
        pair_differs: report::trade_pair_differs(figures),
        chart: ChartView::of(ChartKind::TradeBalance, data)?,
        progress,
        parts: PartsTable::of_area(Area::Trade, data),
        histories: HistorySection::of_area(
            Area::Trade,
            data,
            &ChartKind::TradeBalance.codes(data.catalogue),
        )?,
        layout,
    })
}
