//! The trade chart: exports, imports and the balance, across the years up
//! to the one shown (years before the first stored one derived from the
//! published change).

use crate::charts::{self, ChartError, TradeBalanceChart, TradeYear};
use crate::format;
use crate::indicator;
use crate::period::Period;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{
    ChartRecord, ChartView, DataTable, Standing, TableRow, both_layouts,
};
use crate::web::year::YearData;

pub(super) fn build(data: &YearData, id: &str) -> Result<Option<ChartView>, ChartError> {
    let figures = &data.figures;
    let Some(trade) = report::trade(figures) else {
        return Ok(None);
    };
    let unit = trade.export.indicator.unit;
    let imports = report::series(&data.all, indicator::TRADE_IMPORT, data.year);
    let exports = report::series(&data.all, indicator::TRADE_EXPORT, data.year);
    let years: Vec<TradeYear> = exports
        .iter()
        .enumerate()
        .filter_map(|(i, export)| {
            // Only a year whose exports and imports are of one series.
            let import = imports.iter().find(|i| {
                i.year == export.year && i.publisher == export.publisher && i.basis == export.basis
            })?;
            let import_before = imports.iter().find(|i| i.year == export.year - 1);
            let break_before = (i > 0 && report::breaks_between(&exports[i - 1], export))
                || import_before.is_some_and(|before| report::breaks_between(before, import));
            let published_balance =
                report::stored(&data.all, indicator::TRADE_BALANCE, export.year).map(|b| b.value);
            Some(TradeYear {
                year: export.year,
                export: export.value,
                import: import.value,
                published_balance,
                derived: export.derived_from.is_some() || import.derived_from.is_some(),
                break_before,
            })
        })
        .collect();
    let input = TradeBalanceChart {
        years,
        part_of_year: (data.period != Period::Year).then(|| data.period.label()),
        unit: unit.to_string(),
        status: trade.status().label().to_string(),
        source: trade.export.source.clone(),
    };
    let (svg, svg_narrow) = both_layouts(id, |id, width| charts::trade_balance(&input, id, width))?;
    let rows = input
        .years
        .iter()
        .map(|y| TableRow {
            cells: vec![
                y.year.to_string(),
                format::number(&y.export),
                format::number(&y.import),
                format::number(&y.balance()),
                if y.derived {
                    "suy ra từ tốc độ tăng của năm sau".to_string()
                } else if y.published_balance.is_none() {
                    "công bố; cán cân tính toán".to_string()
                } else {
                    "công bố".to_string()
                },
            ],
            emphasis: false,
        })
        .collect();
    let source = trade.export.source.as_str();
    let balance_indicator = data
        .catalogue
        .find(indicator::TRADE_BALANCE)
        .unwrap_or(trade.export.indicator);
    let mut records = Vec::new();
    for y in &input.years {
        for (indicator, value) in [
            (trade.export.indicator, y.export),
            (trade.import.indicator, y.import),
        ] {
            records.push(ChartRecord::stored_or_derived(
                &data.all, y.year, indicator, value, source,
            ));
        }
        records.push(
            match report::stored(&data.all, indicator::TRADE_BALANCE, y.year) {
                Some(balance) => ChartRecord::of(balance),
                None => ChartRecord::unstored(
                    y.year,
                    balance_indicator,
                    y.balance(),
                    Standing::Computed,
                    source,
                ),
            },
        );
    }
    Ok(Some(ChartView {
        kind: ChartKind::TradeBalance,
        svg,
        svg_narrow,
        records,
        table: DataTable {
            caption: format!(
                "Số liệu của biểu đồ: xuất khẩu, nhập khẩu và cán cân thương mại ({unit}, {})",
                trade.status().label()
            ),
            headers: vec![
                "Năm".to_string(),
                "Xuất khẩu".to_string(),
                "Nhập khẩu".to_string(),
                if trade.is_computed() {
                    "Cán cân (tính toán)".to_string()
                } else {
                    "Cán cân".to_string()
                },
                "Ghi chú".to_string(),
            ],
            figure_columns: 3,
            rows,
        },
    }))
}
