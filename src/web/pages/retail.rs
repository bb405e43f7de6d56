//! `/ban-le`: retail sales and service revenue and its five components.

use actix_web::web::{self, Html};
use askama::Template;

use crate::db::Store;
use crate::format;
use crate::indicator as ind;
use crate::report;
use crate::web::Site;
use crate::web::chart_views::{ChartKind, ChartView};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section, YearQuery, load_year};
use crate::web::pages::render;
use crate::web::views::Card;

#[derive(Template)]
#[template(path = "retail.html")]
struct RetailPage {
    layout: Layout,
    total: Card,
    total_sentence: String,
    chart: Option<ChartView>,
    /// The total across the years.
    history: Option<ChartView>,
    /// How the published parts compare with the published total.
    reconciliation: Option<String>,
    part_sentences: Vec<String>,
}

pub async fn page(
    store: web::Data<Store>,
    site: web::Data<Site>,
    query: web::Query<YearQuery>,
) -> Result<Html, AppError> {
    let data = load_year(&store, &query).await?;
    let figures = &data.figures;
    let Some(retail) = report::retail(figures) else {
        return Err(data.missing());
    };
    let mut codes = vec![ind::RETAIL_TOTAL];
    codes.extend(ind::RETAIL_PARTS);
    let layout = Layout::new(
        format!("Bán lẻ hàng hóa và doanh thu dịch vụ năm {}", data.year),
        Section::Retail,
        &data,
        &site,
    )
    .with_figures(figures, &codes);

    let unit = retail.total.indicator.unit;
    let reconciliation = (!retail.parts.is_empty()).then(|| {
        let difference = retail.difference();
        let sum = format::with_unit(&retail.parts_sum, unit);
        let total = format::with_unit(&retail.total.value, unit);
        if difference.is_zero() {
            format!("Các thành phần công bố cộng lại đúng bằng tổng công bố {total}.")
        } else {
            let verdict = if retail.difference_is_rounding() {
                "Chênh lệch này nằm trong phạm vi làm tròn của từng số liệu công bố, không phải sai sót; \
                 trang giữ nguyên các số như đã công bố."
            } else {
                "Chênh lệch này lớn hơn mức làm tròn: các thành phần chưa được công bố đầy đủ hoặc \
                 số liệu cần được kiểm tra lại."
            };
            format!(
                "Các thành phần công bố cộng lại được {sum}, {} tổng công bố {total} là {}. {verdict}",
                if difference.is_sign_positive() { "thấp hơn" } else { "cao hơn" },
                format::with_unit(&difference.abs(), unit),
            )
        }
    });

    render(&RetailPage {
        total: Card::of(retail.total, &data),
        total_sentence: report::sentence(retail.total),
        chart: ChartKind::RetailComposition.build(&data)?,
        history: ChartKind::RetailHistory.build(&data)?,
        reconciliation,
        part_sentences: retail.parts.iter().map(|p| report::sentence(p)).collect(),
        layout,
    })
}
