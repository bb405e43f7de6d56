//! One indicator across the years: a bar per year, derived years pale.

use rust_decimal::Decimal;

use super::bars::{Group, GroupedBars, Series, grouped_bars};
use super::{Accessible, ChartError, Width, palette, period};
use crate::format;

pub struct HistoryPoint {
    pub year: i32,
    pub value: Decimal,
    pub derived: bool,
    /// The series changed basis since the point before.
    pub break_before: bool,
}

pub struct HistoryChart {
    /// The indicator's name, as the title starts.
    pub name: String,
    pub unit: String,
    /// Oldest first.
    pub points: Vec<HistoryPoint>,
    pub status: String,
    pub source: String,
}

pub fn history(input: &HistoryChart, id: &str, width: Width) -> Result<String, ChartError> {
    let years: Vec<i32> = input.points.iter().map(|p| p.year).collect();
    let period = period(&years).ok_or(ChartError::NoData("không có năm nào có số liệu"))?;
    let title = format!("{} {period}", input.name);
    let description = format!(
        "Biểu đồ cột theo năm, đơn vị {}: {}.",
        input.unit,
        input
            .points
            .iter()
            .map(|p| {
                format!(
                    "năm {}: {}{}",
                    p.year,
                    format::number(&p.value),
                    super::derived_mark(p.derived)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    grouped_bars(&GroupedBars {
        subtitle: format!("Đơn vị: {}.", input.unit),
        footer: format!("Nguồn: {}. Số liệu {}.", input.source, input.status),
        series: vec![Series {
            name: input.name.clone(),
            color: palette::BLUE,
            computed: false,
        }],
        groups: input
            .points
            .iter()
            .map(|p| Group {
                label: p.year.to_string(),
                derived: p.derived,
                break_before: p.break_before,
                values: vec![Some(p.value)],
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
