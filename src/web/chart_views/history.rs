//! One indicator across the years: the published charts of retail sales
//! and service revenue and of industrial output value, and for any other
//! indicator of a section a chart in its page (`IndicatorHistory`).

use crate::charts::{self, ChartError, HistoryChart, HistoryPoint};
use crate::format;
use crate::indicator;
use crate::period::Period;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartRecord, ChartView, DataTable, TableRow, both_layouts};
use crate::web::year::YearData;

/// `kind` is `RetailHistory` or `IndustryOutputHistory`.
pub(super) fn build(
    kind: ChartKind,
    data: &YearData,
    id: &str,
) -> Result<Option<ChartView>, ChartError> {
    let code = if kind == ChartKind::RetailHistory {
        indicator::RETAIL_TOTAL
    } else {
        indicator::INDUSTRY_OUTPUT
    };
    Ok(parts(code, data, id, 0)?.map(|parts| ChartView {
        kind,
        svg: parts.svg,
        svg_narrow: parts.svg_narrow,
        records: parts.records,
        table: parts.table,
    }))
}

/// Any indicator of a section across the years, drawn in its page: a
/// figure the catalogue gained needs no chart of its own to show where it
/// has been going.
pub struct IndicatorHistory {
    pub svg: String,
    pub svg_narrow: String,
    pub table: DataTable,
}

impl IndicatorHistory {
    /// `None` where the indicator has fewer than two published years to
    /// draw (or is a rank, whose years a table shows).
    pub fn of(code: &str, data: &YearData) -> Result<Option<IndicatorHistory>, ChartError> {
        let id = format!("bieu-do-qua-cac-nam-{}", code.replace('.', "-"));
        if data
            .figures
            .get(code)
            .is_some_and(|o| o.indicator.kind == crate::indicator::Kind::Rank)
        {
            return Ok(None);
        }
        // Two published years at least: a year implied by one figure's
        // change is already on its card as "cùng kỳ".
        Ok(parts(code, data, &id, 2)?.map(|parts| IndicatorHistory {
            svg: parts.svg,
            svg_narrow: parts.svg_narrow,
            table: parts.table,
        }))
    }
}

/// What a history chart is made of.
struct Parts {
    svg: String,
    svg_narrow: String,
    records: Vec<ChartRecord>,
    table: DataTable,
}

/// The chart of `code` across the years, where it has at least
/// `published_years` years that are not derived.
fn parts(
    code: &str,
    data: &YearData,
    id: &str,
    published_years: usize,
) -> Result<Option<Parts>, ChartError> {
    let figures = &data.figures;
    let Some(latest) = figures.get(code) else {
        return Ok(None);
    };
    let unit = latest.indicator.unit;
    let series = report::series(&data.all, code, data.year);
    if series.iter().filter(|p| p.derived_from.is_none()).count() < published_years {
        return Ok(None);
    }
    let input = HistoryChart {
        // The same part of each year: "Giá trị sản xuất công nghiệp 9 tháng".
        name: match data.period {
            Period::Year => latest.indicator.name.to_string(),
            period => format!("{} {}", latest.indicator.name, period.label()),
        },
        unit: unit.to_string(),
        points: series
            .iter()
            .enumerate()
            .map(|(i, p)| HistoryPoint {
                year: p.year,
                value: p.value,
                derived: p.derived_from.is_some(),
                break_before: i > 0 && report::breaks_between(&series[i - 1], p),
            })
            .collect(),
        status: latest.status.label().to_string(),
        source: latest.source.clone(),
    };
    let (svg, svg_narrow) = both_layouts(id, |id, width| charts::history(&input, id, width))?;
    let rows = series
        .iter()
        .enumerate()
        .map(|(i, p)| TableRow {
            cells: vec![
                p.year.to_string(),
                format::number(&p.value),
                match &p.derived_from {
                    _ if i > 0 && report::breaks_between(&series[i - 1], p) => format!(
                        "{} từ năm này{}; không so sánh trực tiếp với năm trước",
                        if series[i - 1].publisher == p.publisher {
                            "đổi cách tính".to_string()
                        } else {
                            format!("số của {}", p.publisher.name())
                        },
                        p.basis
                            .as_ref()
                            .map(|b| format!(" (gốc {b})"))
                            .unwrap_or_default()
                    ),
                    Some(derivation) => {
                        format!("suy ra từ tốc độ tăng: {}", derivation.formula(&p.value))
                    }
                    // Estimates and later figures told apart.
                    None => match report::stored(&data.all, code, p.year) {
                        Some(stored) => format!("công bố, {}", stored.status.label()),
                        None => "công bố".to_string(),
                    },
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
    Ok(Some(Parts {
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

/// An indicator of a section across the years, drawn in the section's page.
pub struct HistorySection {
    /// "Xuất khẩu cà phê qua các năm"
    pub heading: String,
    /// The section's anchor: "qua-cac-nam-trade-export-coffee".
    pub anchor: String,
    pub chart: IndicatorHistory,
}

impl HistorySection {
    /// Every indicator of `area` with years to draw that no published chart
    /// already draws (`charts`: the codes of the section's charts), ranks
    /// aside (their years are a table), in the catalogue's order.
    pub fn of_area(
        area: crate::indicator::Area,
        data: &YearData,
        charts: &[&str],
    ) -> Result<Vec<HistorySection>, ChartError> {
        let mut sections = Vec::new();
        for indicator in data.catalogue.of_area(area) {
            if charts.contains(&indicator.code) || data.figures.get(indicator.code).is_none() {
                continue;
            }
            if let Some(chart) = IndicatorHistory::of(indicator.code, data)? {
                sections.push(HistorySection {
                    heading: format!("{} qua các năm", indicator.name),
                    anchor: format!("qua-cac-nam-{}", indicator.code.replace('.', "-")),
                    chart,
                });
            }
        }
        Ok(sections)
    }
}
