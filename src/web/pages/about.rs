//! `/gioi-thieu`: where the figures come from, what each indicator means,
//! what the statuses mean and how numbers are written.

use actix_web::web::Html;
use askama::Template;

use crate::format;
use crate::indicator::Indicator;
use crate::model::Status;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::render;
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    layout: Layout,
    indicators: &'static [Indicator],
    statuses: Vec<(&'static str, &'static str, &'static str)>,
    /// (what, written as) pairs showing the number style.
    examples: Vec<(&'static str, String)>,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let layout = page.layout(
        "Giới thiệu và phương pháp",
        Section::About,
        &data.figures.codes(),
    );
    let example = |text: &str| {
        text.parse()
            .map_err(|_| AppError::Internal(format!("ví dụ số {text}")))
    };
    render(&AboutPage {
        layout,
        indicators: data.catalogue.all(),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.label(), s.code(), s.meaning()))
            .collect(),
        examples: vec![
            (
                "Phần nghìn và phần thập phân",
                format::number(&example("31620.6")?),
            ),
            ("Số tròn nghìn", format::number(&example("108000")?)),
            ("Tỷ lệ phần trăm", format::percent(&example("83.49")?)),
            ("Tốc độ tăng", format::change_in_words(&example("9.45")?)),
            ("Tốc độ giảm", format::change_in_words(&example("-2.1")?)),
            (
                "Vượt kế hoạch (128%)",
                format::plan_in_words(&example("128")?),
            ),
            (
                "Chưa đạt kế hoạch",
                format::plan_in_words(&example("93.6")?),
            ),
        ],
    })
}
