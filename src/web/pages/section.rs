//! The section pages — `/cong-nghiep`, `/ban-le`, `/xuat-nhap-khau`,
//! `/thuong-mai-dien-tu` — as one page driven by the catalogue: each
//! figure of the section that is no part as a card and a row of the
//! figures table, with its progress through the year and its years; each
//! total's published parts with their shares; the published charts whose
//! figures the section holds; a ranking across the years; what each
//! indicator means. What a section shows is what `data/indicators.csv`
//! puts in it: a new indicator needs no change here.

use actix_web::web::Html;
use askama::Template;

use crate::format;
use crate::indicator::{self as ind, Area, Kind};
use crate::model::ActivityKind;
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartView, HistorySection};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::{absent, render};
use crate::web::views::{Card, FigureRow, PartsTable, Progress, area_codes, section_figures};
use crate::web::year::{YearPage, load_activities};

/// The trade balance's card, where exports and imports of one series are
/// published.
struct Balance {
    /// "xuất siêu 539 triệu USD"
    text: String,
    formula: String,
    /// Whether it is computed here rather than published.
    computed: bool,
}

#[derive(Template)]
#[template(path = "section.html")]
struct SectionPage {
    layout: Layout,
    cards: Vec<Card>,
    /// Where the section holds a trade balance: the balance, or why there
    /// is none.
    balance: Option<Balance>,
    has_balance: bool,
    pair_differs: Option<String>,
    rows: Vec<FigureRow>,
    /// "Kim ngạch xuất khẩu, nhập khẩu so với kế hoạch và cùng kỳ"
    rows_caption: String,
    sentences: Vec<String>,
    parts: Vec<PartsTable>,
    part_sentences: Vec<String>,
    progress: Vec<Progress>,
    charts: Vec<ChartView>,
    histories: Vec<HistorySection>,
    /// The section's first ranking across the years: (the section's page
    /// of that year, year, "38/63", change, who), with its short name.
    ranks: Vec<(String, i32, String, String, &'static str)>,
    ranks_name: &'static str,
    meanings: Vec<(&'static str, &'static str)>,
    /// The department's work on the section, where the activities have a
    /// topic of its name.
    work: Vec<String>,
    work_heading: String,
}

/// What each section is called, in a title and where it lacks figures.
fn words(area: Area) -> (&'static str, &'static str) {
    match area {
        Area::Industry => ("Công nghiệp", "sản xuất công nghiệp"),
        Area::Retail => (
            "Bán lẻ hàng hóa và doanh thu dịch vụ",
            "bán lẻ hàng hóa và doanh thu dịch vụ",
        ),
        Area::Trade => ("Xuất nhập khẩu", "xuất nhập khẩu"),
        Area::Ecommerce => ("Thương mại điện tử", "chỉ số thương mại điện tử"),
    }
}

/// The topic of the department's activities that belongs to a section.
fn activity_topic(area: Area) -> Option<&'static str> {
    (area == Area::Ecommerce).then_some("Thương mại điện tử")
}

pub async fn industry(page: YearPage) -> Result<Html, AppError> {
    section(page, Area::Industry).await
}

pub async fn retail(page: YearPage) -> Result<Html, AppError> {
    section(page, Area::Retail).await
}

pub async fn trade(page: YearPage) -> Result<Html, AppError> {
    section(page, Area::Trade).await
}

pub async fn ecommerce(page: YearPage) -> Result<Html, AppError> {
    section(page, Area::Ecommerce).await
}

async fn section(page: YearPage, area: Area) -> Result<Html, AppError> {
    let data = &page.data;
    let figures = &data.figures;
    let catalogue = data.catalogue;
    let (title, what) = words(area);
    let section = Section::of_area(area);
    let codes = area_codes(area, data);
    let layout = page.layout(format!("{title} {}", data.when()), section, &codes);
    // The balance has a card of its own, published or computed.
    let has_balance = catalogue
        .find(ind::TRADE_BALANCE)
        .is_some_and(|i| i.area == area);
    let shown: Vec<_> = section_figures(area, data)
        .into_iter()
        .filter(|o| !(has_balance && o.indicator.code == ind::TRADE_BALANCE))
        .collect();
    if shown.is_empty() {
        return absent(layout, what);
    }
    let balance = has_balance
        .then(|| report::trade(figures))
        .flatten()
        .map(|trade| Balance {
            text: trade.balance_text(),
            formula: format!(
                "{} − {} = {}",
                format::number(&trade.export.value),
                format::number(&trade.import.value),
                format::with_unit(
                    &(trade.export.value - trade.import.value),
                    trade.export.indicator.unit
                )
            ),
            computed: trade.is_computed(),
        });
    let mut progress = Vec::new();
    for observation in &shown {
        let code = observation.indicator.code;
        if let Some(table) = Progress::of(code, &page.progress(code).await?, data)? {
            progress.push(table);
        }
    }
    // The published charts whose figures are this section's.
    let section_charts: Vec<ChartKind> = ChartKind::ALL
        .into_iter()
        .filter(|kind| {
            kind.codes(catalogue)
                .first()
                .and_then(|code| catalogue.find(code))
                .is_some_and(|i| i.area == area)
        })
        .collect();
    let mut charts = Vec::new();
    let mut drawn = Vec::new();
    for kind in &section_charts {
        drawn.extend(kind.codes(catalogue));
        if let Some(view) = ChartView::of(*kind, data)? {
            charts.push(view);
        }
    }
    // The section's first ranking across the years, each with its
    // denominator: the number of provinces ranked changed (56 in 2021, 63
    // later, 34 after the merger).
    let ranking = catalogue
        .of_area(area)
        .into_iter()
        .find(|i| i.kind == Kind::Rank);
    let ranks = ranking
        .map(|ranking| {
            data.all
                .iter()
                .filter_map(|y| y.get(ranking.code))
                .map(|o| {
                    (
                        crate::web::site::join(
                            section.path(),
                            &o.period.view_path(o.year, Some(data.period)),
                        ),
                        o.year,
                        report::value_text(o),
                        report::change_text(o).unwrap_or_else(|| "—".to_string()),
                        o.publisher.name(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let work = match activity_topic(area) {
        Some(topic) => load_activities(&page.store, data.year)
            .await?
            .into_iter()
            .filter(|a| a.kind == ActivityKind::Result && a.topic == topic)
            .map(|a| a.text)
            .collect(),
        None => Vec::new(),
    };
    let parts = PartsTable::of_area(area, data);
    let part_sentences = catalogue
        .of_area(area)
        .into_iter()
        .filter(|i| i.is_part())
        .filter_map(|i| figures.get(i.code))
        .map(report::sentence)
        .collect();
    render(&SectionPage {
        cards: shown.iter().map(|o| Card::of(o, data)).collect(),
        balance,
        has_balance,
        pair_differs: has_balance
            .then(|| report::trade_pair_differs(figures))
            .flatten(),
        rows: shown.iter().map(|o| FigureRow::of(o, data)).collect(),
        rows_caption: format!("{title}: các chỉ tiêu so với kế hoạch và cùng kỳ"),
        sentences: shown.iter().map(|o| report::sentence(o)).collect(),
        parts,
        part_sentences,
        progress,
        histories: HistorySection::of_area(area, data, &drawn)?,
        charts,
        ranks_name: ranking.map_or("", |r| r.short_name),
        ranks,
        meanings: catalogue
            .of_area(area)
            .into_iter()
            .filter(|i| figures.get(i.code).is_some())
            .map(|i| (i.name, i.meaning))
            .collect(),
        work_heading: format!("Công tác phát triển {} của Sở", title.to_lowercase()),
        work,
        layout,
    })
}
