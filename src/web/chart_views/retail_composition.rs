//! The retail composition chart: the five components of retail sales and
//! service revenue in one year, with their shares and the published total.

use crate::charts::{self, ChartError, RetailComposition, RetailPart};
use crate::format;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartRecord, ChartView, DataTable, TableRow, both_layouts};
use crate::web::year::YearData;

pub(super) fn build(data: &YearData, id: &str) -> Result<Option<ChartView>, ChartError> {
    let figures = &data.figures;
    // A total published without its components (as most are) has no
    // composition to draw.
    let Some(retail) = report::retail(figures, data.catalogue).filter(|r| !r.parts.is_empty())
    else {
        return Ok(None);
    };
    let unit = retail.total.indicator.unit;
    let input = RetailComposition {
        when: data.when(),
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
    let (svg, svg_narrow) = both_layouts(id, |id, width| {
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
    let mut records: Vec<ChartRecord> = retail.parts.iter().map(|p| ChartRecord::of(p)).collect();
    records.push(ChartRecord::of(retail.total));
    Ok(Some(ChartView {
        kind: ChartKind::RetailComposition,
        svg,
        svg_narrow,
        records,
        table: DataTable {
            caption: format!(
                "Số liệu của biểu đồ: cơ cấu tổng mức bán lẻ hàng hóa và doanh thu dịch vụ {} ({})",
                data.when(),
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
