//! The charts the site publishes, by slug: each built from a year's figures
//! into its SVG and the data table that follows it on a page. The slugs are
//! part of stable URLs (`/bieu-do/<slug>.svg`): never rename one.

use crate::charts::{
    self, ChartError, RetailComposition, RetailPart, TradeBalanceChart, TradeYear,
};
use crate::format;
use crate::model::YearFigures;
use crate::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    RetailComposition,
    TradeBalance,
}

/// A table of a chart's data: the first column names the row, the others
/// hold figures.
pub struct DataTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

pub struct TableRow {
    pub cells: Vec<String>,
    /// A total or computed row, set apart from the published parts.
    pub emphasis: bool,
}

pub struct ChartView {
    pub kind: ChartKind,
    pub svg: String,
    pub table: DataTable,
}

impl ChartView {
    pub fn slug(&self) -> &'static str {
        self.kind.slug()
    }

    pub fn title(&self) -> &'static str {
        self.kind.title()
    }
}

impl ChartKind {
    pub const ALL: [ChartKind; 2] = [ChartKind::RetailComposition, ChartKind::TradeBalance];

    pub fn slug(self) -> &'static str {
        match self {
            ChartKind::RetailComposition => "co-cau-ban-le",
            ChartKind::TradeBalance => "can-can-thuong-mai",
        }
    }

    /// The chart's heading on pages.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::RetailComposition => "Cơ cấu bán lẻ hàng hóa và doanh thu dịch vụ",
            ChartKind::TradeBalance => "Xuất khẩu, nhập khẩu và cán cân thương mại",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    /// Draws the chart for the year of `figures`; `None` when that year
    /// lacks the chart's figures.
    pub fn build(self, figures: &YearFigures) -> Result<Option<ChartView>, ChartError> {
        let id = format!("bieu-do-{}", self.slug());
        match self {
            ChartKind::RetailComposition => {
                let Some(retail) = report::retail(figures) else {
                    return Ok(None);
                };
                let unit = retail.total.indicator.unit;
                let input = RetailComposition {
                    year: figures.year,
                    unit: unit.to_string(),
                    total: retail.total.value,
                    status: retail.total.status.label().to_string(),
                    source: retail.total.source.clone(),
                    parts: retail
                        .parts
                        .iter()
                        .map(|p| RetailPart {
                            name: p.indicator.short_name.to_string(),
                            value: p.value,
                            share_pct: p.share_pct,
                        })
                        .collect(),
                };
                let svg = charts::retail_composition(&input, &id)?;
                let mut rows: Vec<TableRow> = retail
                    .parts
                    .iter()
                    .map(|p| TableRow {
                        cells: vec![
                            p.indicator.name.to_string(),
                            format::number(&p.value),
                            p.share_pct.as_ref().map_or("—".to_string(), format::number),
                        ],
                        emphasis: false,
                    })
                    .collect();
                rows.push(TableRow {
                    cells: vec![
                        "Cộng các thành phần (tính toán)".to_string(),
                        format::number(&retail.parts_sum),
                        retail
                            .shares_sum
                            .as_ref()
                            .map_or("—".to_string(), format::number),
                    ],
                    emphasis: true,
                });
                rows.push(TableRow {
                    cells: vec![
                        format!("{} (công bố)", retail.total.indicator.name),
                        format::number(&retail.total.value),
                        "100".to_string(),
                    ],
                    emphasis: true,
                });
                Ok(Some(ChartView {
                    kind: self,
                    svg,
                    table: DataTable {
                        caption: format!(
                            "Số liệu của biểu đồ: cơ cấu tổng mức bán lẻ hàng hóa và doanh thu dịch vụ năm {} ({})",
                            figures.year,
                            retail.total.status.label()
                        ),
                        headers: vec![
                            "Thành phần".to_string(),
                            format!("Giá trị ({unit})"),
                            "Tỷ trọng (%)".to_string(),
                        ],
                        rows,
                    },
                }))
            }
            ChartKind::TradeBalance => {
                let Some(trade) = report::trade(figures) else {
                    return Ok(None);
                };
                let unit = trade.export.indicator.unit;
                let years = vec![TradeYear {
                    year: figures.year,
                    export: trade.export.value,
                    import: trade.import.value,
                }];
                let input = TradeBalanceChart {
                    years,
                    unit: unit.to_string(),
                    status: trade.status().label().to_string(),
                    source: trade.export.source.clone(),
                };
                let svg = charts::trade_balance(&input, &id)?;
                let rows = input
                    .years
                    .iter()
                    .map(|y| TableRow {
                        cells: vec![
                            y.year.to_string(),
                            format::number(&y.export),
                            format::number(&y.import),
                            format::number(&y.balance()),
                        ],
                        emphasis: false,
                    })
                    .collect();
                Ok(Some(ChartView {
                    kind: self,
                    svg,
                    table: DataTable {
                        caption: format!(
                            "Số liệu của biểu đồ: xuất khẩu, nhập khẩu và cán cân thương mại ({unit}, {})",
                            trade.status().label()
                        ),
                        headers: vec![
                            "Năm".to_string(),
                            "Xuất khẩu".to_string(),
                            "Nhập khẩu".to_string(),
                            "Cán cân (tính toán)".to_string(),
                        ],
                        rows,
                    },
                }))
            }
        }
    }
}
