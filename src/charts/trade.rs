//! Exports against imports, with the trade balance between them: a group of
//! three bars per year. A balance computed by us (exports − imports) rather
//! than published is drawn pale and its legend says "tính toán".

use rust_decimal::Decimal;

use super::bars::{Group, GroupedBars, Series, grouped_bars};
use super::{Accessible, ChartError, Width, palette, period};
use crate::format;

pub struct TradeYear {
    pub year: i32,
    pub export: Decimal,
    pub import: Decimal,
    /// The published balance; `None` when it is computed.
    pub published_balance: Option<Decimal>,
    /// Derived from the next year's change rather than published.
    pub derived: bool,
    /// Exports or imports changed basis since the year before.
    pub break_before: bool,
}

impl TradeYear {
    pub fn balance(&self) -> Decimal {
        self.published_balance.unwrap_or(self.export - self.import)
    }
}

pub struct TradeBalanceChart {
    /// Oldest first.
    pub years: Vec<TradeYear>,
    /// The part of each year shown, where not the whole year: "9 tháng".
    pub part_of_year: Option<String>,
    pub unit: String,
    pub status: String,
    pub source: String,
}

pub fn trade_balance(
    input: &TradeBalanceChart,
    id: &str,
    width: Width,
) -> Result<String, ChartError> {
    let years: Vec<i32> = input.years.iter().map(|y| y.year).collect();
    let period = period(&years).ok_or(ChartError::NoData(
        "không có năm nào có số liệu xuất nhập khẩu",
    ))?;
    let computed = input.years.iter().any(|y| y.published_balance.is_none());
    let title = match &input.part_of_year {
        Some(part) => format!("Xuất khẩu, nhập khẩu và cán cân thương mại {part}, {period}"),
        None => format!("Xuất khẩu, nhập khẩu và cán cân thương mại {period}"),
    };
    let subtitle = if computed {
        format!(
            "Đơn vị: {}. Cán cân = xuất khẩu − nhập khẩu, do trang này tính từ số đã công bố.",
            input.unit
        )
    } else {
        format!("Đơn vị: {}.", input.unit)
    };
    let description = format!(
        "Biểu đồ cột theo năm, đơn vị {}: {}.",
        input.unit,
        input
            .years
            .iter()
            .map(|y| {
                let balance = y.balance();
                format!(
                    "năm {}{}: xuất khẩu {}, nhập khẩu {}, cán cân {} {}{}",
                    y.year,
                    super::derived_mark(y.derived),
                    format::number(&y.export),
                    format::number(&y.import),
                    if balance.is_sign_negative() {
                        "nhập siêu"
                    } else {
                        "xuất siêu"
                    },
                    format::number(&balance.abs()),
                    if y.published_balance.is_none() {
                        " (tính toán)"
                    } else {
                        ""
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    grouped_bars(&GroupedBars {
        subtitle,
        footer: format!("Nguồn: {}. Số liệu {}.", input.source, input.status),
        series: vec![
            Series {
                name: "Xuất khẩu".to_string(),
                color: palette::BLUE,
                computed: false,
            },
            Series {
                name: "Nhập khẩu".to_string(),
                color: palette::VERMILION,
                computed: false,
            },
            Series {
                name: if computed {
                    "Cán cân thương mại (tính toán)".to_string()
                } else {
                    "Cán cân thương mại".to_string()
                },
                color: palette::GREEN,
                computed,
            },
        ],
        groups: input
            .years
            .iter()
            .map(|y| Group {
                label: y.year.to_string(),
                derived: y.derived,
                break_before: y.break_before,
                values: vec![Some(y.export), Some(y.import), Some(y.balance())],
            })
            .collect(),
        reference: None,
        accessible: Accessible {
            id,
            title: &title,
            description: &description,
        },
        title: title.clone(),
        width,
    })
}
