//! The year a page shows and its figures: `?nam=` read (400 for a value
//! that is not a year), the figures loaded off the async executor (404 for
//! a year without any), and `YearPage`, the extractor every page about a
//! year starts from.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::Deserialize;

use crate::dataset;
use crate::db::{Revision, Store};
use crate::model::{Activity, YearFigures};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::site::Site;

/// `?nam=YYYY`, kept as text so that a bad value gets our own answer.
#[derive(Debug, Deserialize)]
pub struct YearQuery {
    pub nam: Option<String>,
}

impl YearQuery {
    /// The year asked for, if any; a value that is not a year is a 400
    /// that says how to write one.
    pub fn year(&self) -> Result<Option<i32>, AppError> {
        let Some(text) = self.nam.as_deref() else {
            return Ok(None);
        };
        dataset::parse_year(text.trim()).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Tham số nam=\"{}\" không phải một năm hợp lệ. Hãy dùng năm bốn chữ số, ví dụ ?nam=2023.",
                text.chars().take(40).collect::<String>()
            ))
        })
    }
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
        Layout::new(title, section, self.data.year, &self.data.years, &self.site)
            .with_figures(&self.data.figures, codes)
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
    let requested = query.year()?;
    let store = store.clone();
    web::block(move || YearData::load(&store, requested)).await?
}

impl YearData {
    /// The figures of `requested` (the latest year with figures when
    /// `None`), every year's, and the year's revisions. Blocking.
    pub fn load(store: &Store, requested: Option<i32>) -> Result<YearData, AppError> {
        let all = store.all_figures()?;
        let years: Vec<i32> = all.iter().rev().map(|y| y.year).collect();
        let year = match requested {
            Some(year) => year,
            None => *years.first().ok_or(AppError::NoFigures)?,
        };
        let Some(figures) = all.iter().find(|y| y.year == year).cloned() else {
            return Err(AppError::NoDataForYear { year, years });
        };
        Ok(YearData {
            year,
            years,
            figures,
            all,
            revisions: store.revisions(year)?,
        })
    }
}
