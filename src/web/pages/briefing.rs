//! `/ban-tin`: the year on one sheet of A4, for printing. The headline
//! figures in the table layout of official reports (chỉ tiêu | đơn vị |
//! ước thực hiện | so kế hoạch (%) | so cùng kỳ (%)), the two main charts,
//! status, source and print date, and a QR code back to the live page.

use actix_web::web::Html;
use askama::Template;

use crate::charts;
use crate::format;
use crate::indicator::{self as ind, Catalogue};
use crate::model::{Observation, Status, YearFigures};
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::ChartView;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::year::YearPage;

/// The rows of the briefing are the catalogue's indicators that are no
/// part of another, in its order (the order reports list them). The trade
/// balance sits after imports (published or computed, see `balance`).
fn rows_of(catalogue: &'static Catalogue) -> Vec<&'static str> {
    catalogue
        .all()
        .iter()
        .filter(|i| !i.is_part() && i.code != ind::TRADE_BALANCE)
        .map(|i| i.code)
        .collect()
}

/// The charts a briefing carries: the same two as the overview.
const CHARTS: [ChartKind; 2] = [ChartKind::RetailComposition, ChartKind::TradeBalance];

/// One line of the briefing table; every cell already in Vietnamese form.
pub struct BriefingRow {
    pub code: &'static str,
    pub name: String,
    pub unit: &'static str,
    pub value: String,
    /// "100", "128" or "—".
    pub plan: String,
    /// "109,45" (previous year = 100), "tăng 2 bậc" for ranks, or "—".
    pub on_previous: String,
    /// The figure's status, when it differs from the column's.
    pub status_note: Option<&'static str>,
}

impl BriefingRow {
    fn of(observation: &Observation, column_status: Status) -> BriefingRow {
        let on_previous = match report::on_previous_year_pct(observation) {
            Some(pct) => format::number(&pct),
            None => observation
                .change_places
                .map_or_else(|| "—".to_string(), format::rank_change_in_words),
        };
        BriefingRow {
            code: observation.indicator.code,
            name: observation.indicator.name.to_string(),
            unit: observation.indicator.unit,
            value: report::number_text(observation),
            plan: observation
                .plan_pct
                .as_ref()
                .map_or_else(|| "—".to_string(), format::number),
            on_previous,
            status_note: (observation.status != column_status).then(|| observation.status.label()),
        }
    }

    /// The trade balance: the published figure, or exports − imports
    /// labelled as computed. Its sign is in words (xuất siêu / nhập siêu).
    fn balance(figures: &YearFigures, column_status: Status) -> Option<BriefingRow> {
        let trade = report::trade(figures)?;
        let status = trade.published.map_or(trade.status(), |b| b.status);
        let how = if trade.is_computed() {
            "; tính từ xuất khẩu − nhập khẩu"
        } else {
            ""
        };
        Some(BriefingRow {
            code: ind::TRADE_BALANCE,
            name: format!(
                "Cán cân thương mại hàng hóa ({}{how})",
                trade.balance_word()
            ),
            unit: trade.export.indicator.unit,
            value: format::number(&trade.balance().abs()),
            plan: "—".to_string(),
            on_previous: "—".to_string(),
            status_note: (status != column_status).then(|| status.label()),
        })
    }

    pub fn anchor(&self) -> String {
        self.code.replace('.', "-")
    }
}

/// The heading of the figures column, as reports word it for the status
/// of the figures: estimates are "ước thực hiện".
fn value_heading(status: Status, when: &str) -> String {
    match status {
        Status::Estimate => format!("Ước thực hiện {when}"),
        Status::Preliminary => format!("Sơ bộ {when}"),
        Status::Official => format!("Thực hiện {when}"),
    }
}

#[derive(Template)]
#[template(path = "briefing.html")]
struct BriefingPage {
    layout: Layout,
    year: i32,
    /// "năm 2022", "9 tháng năm 2023": what "so cùng kỳ" compares with.
    same_period_before: String,
    value_heading: String,
    /// "So kế hoạch (%)"; for a period within the year, "So kế hoạch năm
    /// (%)": a period's share is of the year's plan.
    plan_heading: &'static str,
    rows: Vec<BriefingRow>,
    /// The rows' figures that were corrected or revised, each said once
    /// under the table: a printout is read without the live page's cards.
    amendments: Vec<String>,
    charts: Vec<ChartView>,
    /// The live page's absolute URL, printed beside its QR code.
    live_url: String,
    qr: String,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    let row_codes = rows_of(data.catalogue);
    let mut codes = row_codes.clone();
    codes.push(ind::TRADE_BALANCE);
    for kind in CHARTS {
        codes.extend(kind.codes(data.catalogue));
    }
    let layout = page.layout(
        format!("Bản tin số liệu ngành Công Thương {}", data.when()),
        Section::Briefing,
        &codes,
    );
    let Some(column_status) = layout.status else {
        return absent(layout, "của các chỉ tiêu trong bản tin");
    };

    let mut rows = Vec::new();
    for &code in &row_codes {
        if let Some(observation) = figures.get(code) {
            rows.push(BriefingRow::of(observation, column_status));
        }
        if code == ind::TRADE_IMPORT {
            rows.extend(BriefingRow::balance(figures, column_status));
        }
    }

    let charts = CHARTS
        .into_iter()
        .filter_map(|kind| ChartView::of(kind, data).transpose())
        .collect::<Result<Vec<_>, _>>()?;

    // The QR code leads to this briefing for this year, so that a reader
    // of a printout finds the same figures, updated.
    let live_url = page
        .site
        .url(&format!("/ban-tin{}", data.named_view_path()));
    let qr = charts::qr_code(
        &live_url,
        &format!("Mã QR dẫn tới bản trực tuyến: {live_url}"),
    )?;

    render(&BriefingPage {
        layout,
        year: data.year,
        same_period_before: data.period.of_year(data.year - 1),
        value_heading: value_heading(column_status, &data.when()),
        plan_heading: if data.period == crate::period::Period::Year {
            "So kế hoạch (%)"
        } else {
            "So kế hoạch năm (%)"
        },
        amendments: crate::web::views::amendments(data, &row_codes, false),
        rows,
        charts,
        live_url,
        qr,
    })
}
