//! The charts the site publishes, by slug: each built from a year's figures
//! into its SVG and the data table that follows it on a page. The slugs are
//! part of stable URLs (`/bieu-do/<slug>.svg`): never rename one.

use crate::charts::{
    self, ChartError, HistoryChart, HistoryPoint, RetailComposition, RetailPart, TradeBalanceChart,
    TradeYear, Width,
};
use crate::format;
use crate::indicator::{self, Indicator};
use crate::model::{Observation, Status, YearFigures};
use crate::report;
use crate::web::layout::YearData;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    RetailComposition,
    TradeBalance,
    RetailHistory,
    IndustryOutputHistory,
}

/// A table of a chart's data: the first column names the row, the others
/// hold figures.
pub struct DataTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// How many columns after the first hold figures (right-aligned); any
    /// after those hold notes.
    pub figure_columns: usize,
}

pub struct TableRow {
    pub cells: Vec<String>,
    /// A total or computed row, set apart from the published parts.
    pub emphasis: bool,
}

/// How a figure behind a chart came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Published(Status),
    /// From the next year's published change.
    Derived,
    /// Computed here from published figures (the trade balance).
    Computed,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Published(status) => status.label(),
            Standing::Derived => "suy ra từ tốc độ tăng",
            Standing::Computed => "tính toán",
        }
    }
}

/// One figure behind a chart, in machine form, for the chart's CSV.
pub struct ChartRecord {
    pub year: i32,
    pub code: &'static str,
    pub name: &'static str,
    pub value: Decimal,
    pub unit: &'static str,
    pub share_pct: Option<Decimal>,
    pub standing: Standing,
    pub source: String,
}

impl ChartRecord {
    fn of(observation: &Observation) -> ChartRecord {
        ChartRecord {
            year: observation.year,
            code: observation.indicator.code,
            name: observation.indicator.name,
            value: observation.value,
            unit: observation.indicator.unit,
            share_pct: observation.share_pct,
            standing: Standing::Published(observation.status),
            source: observation.source.clone(),
        }
    }

    /// A figure that is not stored: derived or computed from `source`'s.
    fn unstored(
        year: i32,
        indicator: &'static Indicator,
        value: Decimal,
        standing: Standing,
        source: &str,
    ) -> ChartRecord {
        ChartRecord {
            year,
            code: indicator.code,
            name: indicator.name,
            value,
            unit: indicator.unit,
            share_pct: None,
            standing,
            source: source.to_string(),
        }
    }

    /// A year's value of an indicator as a chart shows it: the stored
    /// figure where there is one, else the derived `value`.
    fn stored_or_derived(
        years: &[YearFigures],
        year: i32,
        indicator: &'static Indicator,
        value: Decimal,
        source: &str,
    ) -> ChartRecord {
        match report::stored(years, indicator.code, year) {
            Some(observation) => ChartRecord::of(observation),
            None => ChartRecord::unstored(year, indicator, value, Standing::Derived, source),
        }
    }
}

pub struct ChartView {
    pub kind: ChartKind,
    /// The chart laid out for wide screens, print and downloads.
    pub svg: String,
    /// The same chart laid out for phones.
    pub svg_narrow: String,
    pub table: DataTable,
    pub records: Vec<ChartRecord>,
}

impl ChartView {
    pub fn slug(&self) -> &'static str {
        self.kind.slug()
    }

    pub fn title(&self) -> &'static str {
        self.kind.title()
    }
}

/// A chart drawn in its wide and its narrow layout; the narrow one's ids
/// get "-hep" so that both can sit in one page.
fn both_layouts(
    id: &str,
    draw: impl Fn(&str, Width) -> Result<String, ChartError>,
) -> Result<(String, String), ChartError> {
    Ok((
        draw(id, Width::Wide)?,
        draw(&format!("{id}-hep"), Width::Narrow)?,
    ))
}

impl ChartKind {
    pub const ALL: [ChartKind; 4] = [
        ChartKind::RetailComposition,
        ChartKind::TradeBalance,
        ChartKind::RetailHistory,
        ChartKind::IndustryOutputHistory,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ChartKind::RetailComposition => "co-cau-ban-le",
            ChartKind::TradeBalance => "can-can-thuong-mai",
            ChartKind::RetailHistory => "ban-le-qua-cac-nam",
            ChartKind::IndustryOutputHistory => "gia-tri-san-xuat-cong-nghiep",
        }
    }

    /// The chart's heading on pages.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::RetailComposition => "Cơ cấu bán lẻ hàng hóa và doanh thu dịch vụ",
            ChartKind::TradeBalance => "Xuất khẩu, nhập khẩu và cán cân thương mại",
            ChartKind::RetailHistory => "Tổng mức bán lẻ và doanh thu dịch vụ qua các năm",
            ChartKind::IndustryOutputHistory => "Giá trị sản xuất công nghiệp qua các năm",
        }
    }

    /// The indicators whose figures the chart shows, for citations.
    pub fn codes(self) -> Vec<&'static str> {
        match self {
            ChartKind::RetailComposition => {
                let mut codes = vec![indicator::RETAIL_TOTAL];
                codes.extend(indicator::RETAIL_PARTS);
                codes
            }
            ChartKind::TradeBalance => vec![
                indicator::TRADE_EXPORT,
                indicator::TRADE_IMPORT,
                indicator::TRADE_BALANCE,
            ],
            ChartKind::RetailHistory => vec![indicator::RETAIL_TOTAL],
            ChartKind::IndustryOutputHistory => vec![indicator::INDUSTRY_OUTPUT],
        }
    }

    pub fn from_slug(slug: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    /// Draws the chart for the year of `data` (charts that compare years
    /// show every year up to it); `None` when that year lacks the chart's
    /// figures.
    pub fn build(self, data: &YearData) -> Result<Option<ChartView>, ChartError> {
        let figures = &data.figures;
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
                let (svg, svg_narrow) = both_layouts(&id, |id, width| {
                    charts::retail_composition(&input, id, width)
                })?;
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
                let mut records: Vec<ChartRecord> =
                    retail.parts.iter().map(|p| ChartRecord::of(p)).collect();
                records.push(ChartRecord::of(retail.total));
                Ok(Some(ChartView {
                    kind: self,
                    svg,
                    svg_narrow,
                    records,
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
                        figure_columns: 2,
                        rows,
                    },
                }))
            }
            ChartKind::TradeBalance => {
                let Some(trade) = report::trade(figures) else {
                    return Ok(None);
                };
                let unit = trade.export.indicator.unit;
                let imports = report::series(&data.all, indicator::TRADE_IMPORT, data.year);
                let years: Vec<TradeYear> =
                    report::series(&data.all, indicator::TRADE_EXPORT, data.year)
                        .into_iter()
                        .filter_map(|export| {
                            let import = imports.iter().find(|i| i.year == export.year)?;
                            let published_balance =
                                report::stored(&data.all, indicator::TRADE_BALANCE, export.year)
                                    .map(|b| b.value);
                            Some(TradeYear {
                                year: export.year,
                                export: export.value,
                                import: import.value,
                                published_balance,
                                derived: export.derived_from.is_some()
                                    || import.derived_from.is_some(),
                            })
                        })
                        .collect();
                let input = TradeBalanceChart {
                    years,
                    unit: unit.to_string(),
                    status: trade.status().label().to_string(),
                    source: trade.export.source.clone(),
                };
                let (svg, svg_narrow) =
                    both_layouts(&id, |id, width| charts::trade_balance(&input, id, width))?;
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
                let balance_indicator =
                    indicator::find(indicator::TRADE_BALANCE).unwrap_or(trade.export.indicator);
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
                    kind: self,
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
            ChartKind::RetailHistory | ChartKind::IndustryOutputHistory => {
                let code = if self == ChartKind::RetailHistory {
                    indicator::RETAIL_TOTAL
                } else {
                    indicator::INDUSTRY_OUTPUT
                };
                let Some(latest) = figures.get(code) else {
                    return Ok(None);
                };
                let unit = latest.indicator.unit;
                let series = report::series(&data.all, code, data.year);
                let input = HistoryChart {
                    name: latest.indicator.name.to_string(),
                    unit: unit.to_string(),
                    points: series
                        .iter()
                        .map(|p| HistoryPoint {
                            year: p.year,
                            value: p.value,
                            derived: p.derived_from.is_some(),
                        })
                        .collect(),
                    status: latest.status.label().to_string(),
                    source: latest.source.clone(),
                };
                let (svg, svg_narrow) =
                    both_layouts(&id, |id, width| charts::history(&input, id, width))?;
                let rows = series
                    .iter()
                    .map(|p| TableRow {
                        cells: vec![
                            p.year.to_string(),
                            format::number(&p.value),
                            match &p.derived_from {
                                Some(derivation) => {
                                    format!(
                                        "suy ra từ tốc độ tăng: {}",
                                        derivation.formula(&p.value)
                                    )
                                }
                                None => "công bố".to_string(),
                            },
                        ],
                        emphasis: false,
                    })
                    .collect();
                let records = series
                    .iter()
                    .map(|p| {
                        ChartRecord::stored_or_derived(
                            &data.all,
                            p.year,
                            latest.indicator,
                            p.value,
                            &latest.source,
                        )
                    })
                    .collect();
                Ok(Some(ChartView {
                    kind: self,
                    svg,
                    svg_narrow,
                    records,
                    table: DataTable {
                        caption: format!(
                            "Số liệu của biểu đồ: {} qua các năm ({unit})",
                            latest.indicator.name
                        ),
                        headers: vec![
                            "Năm".to_string(),
                            format!("Giá trị ({unit})"),
                            "Ghi chú".to_string(),
                        ],
                        figure_columns: 1,
                        rows,
                    },
                }))
            }
        }
    }
}
