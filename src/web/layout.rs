//! What every page shares: navigation, the selected year and the years to
//! choose from, the status and the sources of the figures shown. Pages build
//! a `Layout` and `templates/base.html` renders it.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::Deserialize;

use crate::dataset;
use crate::db::{Revision, Store};
use crate::model::{Activity, Status, YearFigures};
use crate::web::Site;
use crate::web::chart_views::ChartKind;
use crate::web::error::AppError;

/// The sections of the site, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Industry,
    Retail,
    Trade,
    Ecommerce,
    Activities,
    Briefing,
    OpenData,
    About,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Overview,
        Section::Industry,
        Section::Retail,
        Section::Trade,
        Section::Ecommerce,
        Section::Activities,
        Section::Briefing,
        Section::OpenData,
        Section::About,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Section::Overview => "/",
            Section::Industry => "/cong-nghiep",
            Section::Retail => "/ban-le",
            Section::Trade => "/xuat-nhap-khau",
            Section::Ecommerce => "/thuong-mai-dien-tu",
            Section::Activities => "/hoat-dong",
            Section::Briefing => "/ban-tin",
            Section::OpenData => "/du-lieu",
            Section::About => "/gioi-thieu",
        }
    }

    /// The chart a shared link to this section shows.
    pub fn share_chart(self) -> ChartKind {
        match self {
            Section::Trade => ChartKind::TradeBalance,
            Section::Industry => ChartKind::IndustryOutputHistory,
            _ => ChartKind::RetailComposition,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Overview => "Tổng quan",
            Section::Industry => "Công nghiệp",
            Section::Retail => "Bán lẻ, dịch vụ",
            Section::Trade => "Xuất nhập khẩu",
            Section::Ecommerce => "Thương mại điện tử",
            Section::Activities => "Hoạt động, kế hoạch",
            Section::Briefing => "Bản tin in",
            Section::OpenData => "Dữ liệu mở",
            Section::About => "Giới thiệu",
        }
    }
}

pub struct Link {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub struct Layout {
    /// The page's own title; the site name is added by the template.
    pub title: String,
    /// The section highlighted in the navigation, if the page is one.
    pub section: Option<Section>,
    /// The page's path without its query: year links lead here.
    pub path: String,
    /// The year shown, if the page is about one.
    pub year: Option<i32>,
    /// Every year with figures, newest first.
    pub years: Vec<i32>,
    pub status: Option<Status>,
    pub sources: Vec<String>,
    /// The page's absolute URL, for share previews and citations.
    pub url: Option<String>,
    /// The absolute URL of the chart PNG a shared link shows.
    pub share_image: Option<String>,
    pub description: String,
}

impl Layout {
    /// The layout of a section's page.
    pub fn new(title: impl Into<String>, section: Section, data: &YearData, site: &Site) -> Layout {
        let title = title.into();
        let description = format!(
            "{} năm {}: số liệu công khai của Sở Công Thương tỉnh Gia Lai, so với kế hoạch \
             và cùng kỳ, kèm nguồn và tình trạng số liệu.",
            section.label(),
            data.year
        );
        Layout::of_page(
            title,
            Some(section),
            section.path(),
            section.share_chart(),
            description,
            data,
            site,
        )
    }

    /// The layout of a chart's own page, which shares that chart.
    pub fn for_chart(
        title: impl Into<String>,
        chart: ChartKind,
        data: &YearData,
        site: &Site,
    ) -> Layout {
        let title = title.into();
        let description = format!(
            "{title}: biểu đồ, bảng số liệu, tệp tải về, mã nhúng và cách trích dẫn — Sở Công Thương tỉnh Gia Lai."
        );
        let path = format!("/bieu-do/{}", chart.slug());
        Layout::of_page(title, None, &path, chart, description, data, site)
    }

    fn of_page(
        title: String,
        section: Option<Section>,
        path: &str,
        share_chart: ChartKind,
        description: String,
        data: &YearData,
        site: &Site,
    ) -> Layout {
        let year = data.year;
        let mut layout = Layout {
            title,
            section,
            path: path.to_string(),
            year: Some(year),
            years: data.years.clone(),
            status: None,
            sources: Vec::new(),
            url: None,
            share_image: Some(site.url(&format!("/bieu-do/{}.png?nam={year}", share_chart.slug()))),
            description,
        };
        layout.url = Some(site.url(&layout.href(path, Some(year))));
        layout
    }

    /// Sets the status and sources from the figures a page shows.
    pub fn with_figures(mut self, figures: &YearFigures, codes: &[&str]) -> Layout {
        self.status = figures.status_of(codes);
        self.sources = figures.sources_of(codes);
        self
    }

    pub fn for_error(title: &str) -> Layout {
        Layout {
            title: title.to_string(),
            section: None,
            path: "/".to_string(),
            year: None,
            years: Vec::new(),
            status: None,
            sources: Vec::new(),
            url: None,
            share_image: None,
            description: "Số liệu công khai của Sở Công Thương tỉnh Gia Lai.".to_string(),
        }
    }

    /// `path` for the selected year: the latest year is the default and
    /// needs no parameter, so its links stay clean.
    fn href(&self, path: &str, year: Option<i32>) -> String {
        match year {
            Some(year) if self.years.first() != Some(&year) => format!("{path}?nam={year}"),
            _ => path.to_string(),
        }
    }

    /// A link to `section` in the year shown.
    pub fn href_for(&self, section: Section) -> String {
        self.href(section.path(), self.year)
    }

    pub fn nav(&self) -> Vec<Link> {
        Section::ALL
            .iter()
            .map(|section| Link {
                href: self.href(section.path(), self.year),
                label: section.label().to_string(),
                current: self.section == Some(*section),
            })
            .collect()
    }

    /// One link per year with figures, to this page in that year.
    pub fn year_links(&self) -> Vec<Link> {
        self.years
            .iter()
            .map(|year| Link {
                href: format!("{}?nam={year}", self.path),
                label: year.to_string(),
                current: self.year == Some(*year),
            })
            .collect()
    }

    pub fn status_label(&self) -> Option<&'static str> {
        self.status.map(Status::label)
    }

    /// The date a printout shows, dd/mm/yyyy: the day the page was made;
    /// where JavaScript runs, `static/js/site.js` sets the reader's own
    /// date at the moment of printing.
    pub fn print_date(&self) -> String {
        crate::format::today()
    }

    pub fn print_date_iso(&self) -> String {
        crate::format::today_iso()
    }
}

/// `?nam=YYYY`, kept as text so that a bad value gets our own answer.
#[derive(Debug, Deserialize)]
pub struct YearQuery {
    pub nam: Option<String>,
}

/// The year a page shows, the years there are, that year's figures, every
/// year's figures (for comparisons across years) and the figures of the
/// year that imports replaced.
pub struct YearData {
    pub year: i32,
    pub years: Vec<i32>,
    pub figures: YearFigures,
    /// Oldest first.
    pub all: Vec<YearFigures>,
    pub revisions: Vec<Revision>,
}

impl YearData {
    /// The answer for a page or chart whose figures this year lacks: a 404
    /// that names the year and the years there are.
    pub fn missing(&self) -> AppError {
        AppError::NoDataForYear {
            year: self.year,
            years: self.years.clone(),
        }
    }
}

/// What a page about one year starts from: that year's figures (the year
/// from `?nam=`, else the latest), the store for anything more, and the
/// site's settings. As an extractor it answers a bad or unknown year with
/// our error page before the handler runs, so each page handler begins with
/// its figures in hand.
pub struct YearPage {
    pub data: YearData,
    pub store: web::Data<Store>,
    pub site: web::Data<Site>,
}

impl YearPage {
    /// The page's layout, with the status and sources of the figures `codes`
    /// name.
    pub fn layout(&self, title: impl Into<String>, section: Section, codes: &[&str]) -> Layout {
        Layout::new(title, section, &self.data, &self.site).with_figures(&self.data.figures, codes)
    }
}

impl FromRequest for YearPage {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<YearPage, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // Each of these answers with its own error (the query's through the
        // configured `QueryConfig`, a missing app datum as a 500).
        let store = web::Data::<Store>::from_request(request, payload).into_inner();
        let site = web::Data::<Site>::from_request(request, payload).into_inner();
        let query = web::Query::<YearQuery>::from_request(request, payload).into_inner();
        Box::pin(async move {
            let (store, site, query) = (store?, site?, query?);
            let data = load_year(&store, &query).await?;
            Ok(YearPage { data, store, site })
        })
    }
}

/// The department's activities in `year` and its plans for the next,
/// off the async executor.
pub async fn load_activities(
    store: &web::Data<Store>,
    year: i32,
) -> Result<Vec<Activity>, AppError> {
    let store = store.clone();
    Ok(web::block(move || store.activities_of_report(year)).await??)
}

/// Picks the year from `?nam=` (the latest year with figures when absent)
/// and loads its figures, off the async executor.
pub async fn load_year(store: &web::Data<Store>, query: &YearQuery) -> Result<YearData, AppError> {
    let requested = match query.nam.as_deref() {
        None => None,
        Some(text) => Some(dataset::parse_year(text.trim()).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Tham số nam=\"{}\" không phải một năm hợp lệ. Hãy dùng năm bốn chữ số, ví dụ ?nam=2023.",
                text.chars().take(40).collect::<String>()
            ))
        })?),
    };
    let store = store.clone();
    web::block(move || -> Result<YearData, AppError> {
        let all = store.all_figures()?;
        let years: Vec<i32> = all.iter().rev().map(|y| y.year).collect();
        let year = match requested {
            Some(year) => year,
            None => *years.first().ok_or(AppError::NoFigures)?,
        };
        if !years.contains(&year) {
            return Err(AppError::NoDataForYear { year, years });
        }
        let figures =
            all.iter()
                .find(|y| y.year == year)
                .cloned()
                .ok_or(AppError::NoDataForYear {
                    year,
                    years: years.clone(),
                })?;
        Ok(YearData {
            year,
            years,
            figures,
            all,
            revisions: store.revisions(year)?,
        })
    })
    .await?
}
