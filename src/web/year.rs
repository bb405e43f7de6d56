//! The year, period and day a page shows, and their figures. Every view
//! has a path: `/ban-le/2024/9-thang/ngay-2024-12-31` (the segments after
//! a page's own path, each optional: the year, its period, the day the
//! figures are shown as of). The query forms links used before paths,
//! `?nam=&ky=&ngay=`, answer 301 to their path. Figures are loaded off the
//! async executor (404 for a year or period without any), and `YearPage`
//! is the extractor every page about a year starts from.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::Deserialize;

use crate::db::{Correction, PeriodRecord, Revision, Store};
use crate::indicator::Catalogue;
use crate::model::Observation;
use crate::model::{Activity, Plan, Published, Rate, YearFigures};
use crate::period::Period;
use crate::territory::Territory;
pub use crate::web::address::View;
use crate::web::address::with_day;
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section, Shown};
use crate::web::site::{Site, join};

/// `?nam=YYYY&ky=…&ngay=…`, the query form of a view that links and
/// printed QR codes used before views had paths; kept as text so that a bad
/// value gets our own answer. `ky` is the period in readers' words:
/// `ca-nam`, `9-thang` (the first nine months), `thang-1` (January alone).
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub nam: Option<String>,
    pub ky: Option<String>,
    /// `ngay=2024-12-31`: the figures as they stood at the end of that day.
    pub ngay: Option<String>,
}

impl YearQuery {
    /// Whether the query names any part of a view (and so answers with a
    /// redirect to the view's path).
    pub fn names_a_view(&self) -> bool {
        self.nam.is_some() || self.ky.is_some() || self.ngay.is_some()
    }

    /// `view` with what the query names instead; a value that is not a
    /// year, period or day is a 400 that says how to write one.
    pub fn over(&self, view: View) -> Result<View, AppError> {
        Ok(View {
            year: self.year()?.or(view.year),
            period: self.period()?.or(view.period),
            day: self.as_of()?.or(view.day),
        })
    }

    /// The year asked for, if any; a value that is not a year is a 400
    /// that says how to write one.
    pub fn year(&self) -> Result<Option<i32>, AppError> {
        let Some(text) = self.nam.as_deref() else {
            return Ok(None);
        };
        crate::period::parse_year(text.trim())
            .map(Some)
            .map_err(|not_a_year| AppError::BadRequest(format!("Tham số nam: {not_a_year}.")))
    }

    /// The day the figures are shown as of, if any; anything but a day
    /// written YYYY-MM-DD is a 400.
    pub fn as_of(&self) -> Result<Option<Published>, AppError> {
        let Some(text) = self.ngay.as_deref() else {
            return Ok(None);
        };
        Published::day(text.trim())
            .map(Some)
            .map_err(|not_a_day| AppError::BadRequest(format!("Tham số ngay: {not_a_day}.")))
    }

    /// The period asked for, if any; one that is not a period is a 400.
    pub fn period(&self) -> Result<Option<Period>, AppError> {
        let Some(text) = self.ky.as_deref() else {
            return Ok(None);
        };
        Period::from_slug(text.trim()).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Tham số ky=\"{}\" không phải một kỳ hợp lệ. Hãy dùng ky=ca-nam (cả năm), \
                 ky=9-thang (lũy kế 9 tháng đầu năm, từ 1-thang đến 11-thang) hoặc ky=thang-1 \
                 (riêng tháng 1, đến thang-12).",
                text.chars().take(40).collect::<String>()
            ))
        })
    }
}

/// The year and period a page shows, the years there are, that period's
/// figures, the same period's figures of every year (for comparisons across
/// years) and the earlier versions of the period's figures.
#[derive(Clone)]
pub struct YearData {
    /// The indicators of the database the figures come from.
    pub catalogue: &'static Catalogue,
    pub year: i32,
    pub period: Period,
    pub years: Vec<i32>,
    pub figures: YearFigures,
    /// The same period of every year, oldest first.
    pub all: Vec<YearFigures>,
    pub revisions: Vec<Revision>,
    /// The figures of the period an *Đính chính* corrected, with its note
    /// (as it stood at the end of the day shown, for a dated view).
    pub corrections: Vec<Correction>,
    /// Every version of the year's plans (published by the shown day).
    pub plans: Vec<Plan>,
    /// For a period of the merged province whose same period a year
    /// earlier is before the merger: the old provinces' current figures of
    /// that earlier period, from which the comparison is summed.
    pub before_merger: Vec<Observation>,
    /// Changes published for the period without their level (every
    /// publisher's, as a page says what each printed).
    pub rates: Vec<Rate>,
    /// The same period a year earlier, every publisher's current figure:
    /// what a shown figure is compared with, within its own series.
    pub previous_period: Vec<Observation>,
    /// What other publishers printed for the figures shown: the current
    /// version of each other publisher's figure of the same indicator and
    /// territory, in the leading order.
    pub others: Vec<Observation>,
    /// The periods the year has figures for, in reading order.
    pub periods: Vec<Period>,
    /// The period the year's pages show without `ky`.
    pub default_period: Option<Period>,
    /// The day the figures are shown as of (`/ngay-…`), if not today's.
    pub as_of: Option<Published>,
    /// The path segments that lead here ("", "/2024", "/2024/9-thang"):
    /// empty for the site's default view, no period for a year's default
    /// period.
    pub view_path: String,
}

impl YearData {
    /// The answer for a page or chart whose figures this period lacks: a
    /// 404 that names the period and the years there are.
    pub fn missing(&self) -> AppError {
        missing(self.year, self.period, self.years.clone())
    }

    /// The period shown, as reports name it: "năm 2023", "9 tháng năm 2024".
    pub fn when(&self) -> String {
        self.period.of_year(self.year)
    }

    /// The path that names the year and period even where they are the
    /// default: "/2023", "/2024/9-thang" (and the day of a dated view).
    pub fn named_view_path(&self) -> String {
        with_day(self.period.named_view_path(self.year), self.as_of)
    }

    /// The path that names the year and period as they stand at the end of
    /// `day` (the shown day for a dated view): what a citation links to, so
    /// that it keeps showing what was cited after later revisions.
    pub fn dated_view_path(&self, day: Published) -> String {
        with_day(
            self.period.named_view_path(self.year),
            Some(self.as_of.unwrap_or(day)),
        )
    }

    /// For file names, after a chart's slug: "2023", "2024-9-thang", and
    /// for a dated view "2024-9-thang-ngay-2024-12-31": a download names
    /// what it holds, and its URL is its name.
    pub fn file_stem(&self) -> String {
        View {
            year: Some(self.year),
            period: (self.period != Period::Year).then_some(self.period),
            day: self.as_of,
        }
        .stem()
        .unwrap_or_default()
    }

    /// Runs `frame` with what the page frame needs of this year and period.
    pub fn shown<T>(&self, frame: impl FnOnce(&Shown<'_>) -> T) -> T {
        let (when, named, stem) = (self.when(), self.named_view_path(), self.file_stem());
        frame(&Shown {
            catalogue: self.catalogue,
            year: self.year,
            years: &self.years,
            period: self.period,
            periods: &self.periods,
            default_period: self.default_period,
            as_of: self.as_of,
            when: &when,
            view_path: &self.view_path,
            named_view_path: &named,
            stem: &stem,
            figures: &self.figures,
        })
    }
}

fn missing(year: i32, period: Period, years: Vec<i32>) -> AppError {
    if period == Period::Year {
        AppError::NoDataForYear { year, years }
    } else {
        AppError::NoDataForPeriod {
            year,
            period,
            years,
        }
    }
}

/// Every view's canonical path, once: "" for the site's default view,
/// "/2024" for a year's default period, "/2024/9-thang" for another — as
/// pages' canonical links write them. Blocking.
pub fn canonical_views(store: &Store) -> Result<Vec<String>, AppError> {
    let reader = store.reader()?;
    let years = reader.years()?;
    let Some(&newest) = years.first() else {
        return Ok(Vec::new());
    };
    let mut views = Vec::new();
    for year in years {
        let mut periods = reader.periods_of(year)?;
        periods.sort();
        let year_default = default_period(&periods);
        for period in periods {
            let path = if year == newest && Some(period) == year_default {
                String::new()
            } else {
                period.view_path(year, year_default)
            };
            if !views.contains(&path) {
                views.push(path);
            }
        }
    }
    Ok(views)
}

/// The period a year's pages show by default: the whole year where it is
/// published, else the longest cumulative period, else the latest month.
fn default_period(periods: &[Period]) -> Option<Period> {
    if periods.contains(&Period::Year) {
        return Some(Period::Year);
    }
    let latest = |cumulative: bool| {
        periods
            .iter()
            .filter(|p| p.is_cumulative() == cumulative)
            .max_by_key(|p| p.end_month())
            .copied()
    };
    latest(true).or_else(|| latest(false))
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
        self.data
            .shown(|shown| Layout::new(title, section, shown, &self.site))
            .with_figures(&self.data.figures, codes)
    }
}

impl FromRequest for YearPage {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<YearPage, actix_web::Error>>>>;

    /// The view is the route's `view` segments (none: the default view);
    /// segments that name no view are no page (404).
    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // Each of these answers with its own error (the query's through the
        // configured `QueryConfig`, a missing app datum as a 500).
        let store = web::Data::<Store>::from_request(request, payload).into_inner();
        let site = web::Data::<Site>::from_request(request, payload).into_inner();
        let query = web::Query::<YearQuery>::from_request(request, payload).into_inner();
        let memo = request.app_data::<web::Data<YearMemo>>().cloned();
        let tail = request.match_info().get("view").unwrap_or_default();
        let view = View::from_path(tail);
        // A figure's page (`/so-lieu/{code}`) names an indicator: one that
        // has no code is no page, in any form of the query.
        let code = request.match_info().get("code").map(str::to_string);
        // The page's own path, before the view's segments.
        let base = request
            .path()
            .strip_suffix(tail)
            .map(|base| match base.trim_end_matches('/') {
                "" => "/",
                base => base,
            })
            .unwrap_or("/")
            .to_string();
        Box::pin(async move {
            let (store, site, query) = (store?, site?, query?);
            if let Some(code) = code.filter(|code| store.catalogue().find(code).is_none()) {
                return Err(AppError::UnknownIndicator(code).into());
            }
            let view = view.ok_or(AppError::NotFound)?;
            let data = load_view(&store, memo.as_ref(), view, &query, Detail::Page, |view| {
                join(&base, &view.path())
            })
            .await?;
            Ok(YearPage { data, store, site })
        })
    }
}

impl YearPage {
    /// Everything published for the period shown: every version of every
    /// publisher's figure, and the earlier values (as of the day shown),
    /// off the async executor.
    pub async fn record(&self) -> Result<PeriodRecord, AppError> {
        let store = self.store.clone();
        let (year, period, as_of) = (self.data.year, self.data.period, self.data.as_of);
        Ok(web::block(move || store.reader()?.record_of_period(year, period, as_of)).await??)
    }

    /// What each release brought for the period shown, oldest first: why a
    /// version was superseded.
    pub async fn releases(&self) -> Result<Vec<crate::db::FigureRelease>, AppError> {
        let store = self.store.clone();
        let (year, period) = (self.data.year, self.data.period);
        Ok(web::block(move || store.reader()?.releases_of_period(year, period)).await??)
    }

    /// Reports of `code` in the year shown for part of a province, off the
    /// async executor (as of the day shown).
    pub async fn sub_territory_reports(
        &self,
        code: &'static str,
    ) -> Result<Vec<Observation>, AppError> {
        let store = self.store.clone();
        let (year, as_of) = (self.data.year, self.data.as_of);
        let mut reports =
            web::block(move || store.reader()?.sub_territory_reports(code, year)).await??;
        if let Some(day) = as_of {
            reports.retain(|r| r.published.is_none_or(|p| p.by(day)));
        }
        Ok(reports)
    }

    /// The figures shown of `code` for every cumulative period of the year
    /// shown and the year before, for pages that show the year's progress
    /// (read only by them), off the async executor.
    pub async fn progress(&self, code: &'static str) -> Result<Vec<Observation>, AppError> {
        let store = self.store.clone();
        let (year, as_of) = (self.data.year, self.data.as_of);
        Ok(web::block(move || store.reader()?.cumulative_of(code, year, as_of)).await??)
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

/// How much of what was published a page about figures needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detail {
    /// The figures shown and, beside them, their versions, what other
    /// publishers printed, the year's plans: what cards say.
    Page,
    /// The figures shown alone: what a chart draws.
    Figures,
}

/// Loads the figures of `view`, off the async executor. A request in the
/// query form (`query` names a view) is answered with a redirect to the
/// path `path_of` gives its view, once that view is known to have figures:
/// a bad or unknown year is a 400 or 404 as it always was, never a
/// redirect. The redirect is permanent (301), but for a period without a
/// year, which names the newest year that has it and so moves on as
/// figures come out (302).
pub async fn load_view(
    store: &web::Data<Store>,
    memo: Option<&web::Data<YearMemo>>,
    view: View,
    query: &YearQuery,
    detail: Detail,
    path_of: impl FnOnce(&View) -> String,
) -> Result<YearData, AppError> {
    if query.names_a_view() {
        let asked = query.over(view)?;
        let data = load(store, asked, Detail::Figures).await?;
        let (resolved, permanent) = match asked.year {
            Some(_) => (asked, true),
            None if asked.period.is_some() => (
                View {
                    year: Some(data.year),
                    ..asked
                },
                false,
            ),
            None => (asked, true),
        };
        return Err(AppError::Moved {
            location: path_of(&resolved),
            permanent,
        });
    }
    if let Some(memo) = memo {
        let stamp = (store.data_version(), crate::format::vietnam_clock().0);
        if let Some(data) = memo.get(stamp, view, detail) {
            return Ok(data);
        }
        let data = load(store, view, detail).await?;
        memo.keep(stamp, view, detail, &data);
        return Ok(data);
    }
    load(store, view, detail).await
}

/// The figures of the views asked for, kept by each worker for the data
/// version and day they were read at: a view's pages (a section page and
/// the figure pages of its two dozen indicators) read its figures once,
/// not each. Held to [`YearMemo::VIEWS`] views: a reader asking for many
/// dated views empties it rather than filling memory.
pub struct YearMemo {
    on: bool,
    kept: std::sync::Mutex<MemoState>,
}

type Stamp = (Option<crate::db::DataVersion>, i64);

#[derive(Default)]
struct MemoState {
    stamp: Option<Stamp>,
    views: std::collections::HashMap<(View, Detail), YearData>,
}

impl YearMemo {
    pub const VIEWS: usize = 128;

    /// A memo that keeps views, or (`on` false) one that keeps none.
    pub fn new(on: bool) -> YearMemo {
        YearMemo {
            on,
            kept: std::sync::Mutex::default(),
        }
    }

    fn get(&self, stamp: Stamp, view: View, detail: Detail) -> Option<YearData> {
        if !self.on {
            return None;
        }
        let kept = self.kept.lock().ok()?;
        if kept.stamp != Some(stamp) {
            return None;
        }
        kept.views.get(&(view, detail)).cloned()
    }

    fn keep(&self, stamp: Stamp, view: View, detail: Detail, data: &YearData) {
        // No stamp to key it by (the file unreadable): nothing kept.
        if !self.on || stamp.0.is_none() {
            return;
        }
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if kept.stamp != Some(stamp) || kept.views.len() >= YearMemo::VIEWS {
            kept.views.clear();
            kept.stamp = Some(stamp);
        }
        kept.views.insert((view, detail), data.clone());
    }
}

/// The newest view (year, then period, latest first) whose figures `has`
/// accepts: where an address that names no view leads when the newest
/// period lacks what it shows (a chart of retail when the newest report
/// gave exports only). A few index seeks per period looked at.
pub async fn newest_view_with(
    store: &web::Data<Store>,
    has: impl Fn(&YearData) -> bool + Send + 'static,
) -> Result<Option<View>, AppError> {
    let store = store.clone();
    web::block(move || -> Result<Option<View>, AppError> {
        let reader = store.reader()?;
        let mut years = reader.years()?;
        years.sort_unstable_by(|a, b| b.cmp(a));
        for year in years {
            let mut periods = reader.periods_of(year)?;
            periods.sort();
            for period in periods.into_iter().rev() {
                let data =
                    YearData::load_as_of(&store, Some(year), Some(period), None, Detail::Figures)?;
                if has(&data) {
                    return Ok(Some(View {
                        year: Some(year),
                        period: Some(period),
                        day: None,
                    }));
                }
            }
        }
        Ok(None)
    })
    .await?
}

/// The figures of `view`: the latest year when it names none.
async fn load(store: &web::Data<Store>, view: View, detail: Detail) -> Result<YearData, AppError> {
    let store = store.clone();
    web::block(move || YearData::load_as_of(&store, view.year, view.period, view.day, detail))
        .await?
}

impl YearData {
    /// The figures of the year and period asked for; without a year, the
    /// newest period published (the newest year, its default period);
    /// without a period, the year's default. Blocking.
    pub fn load(
        store: &Store,
        requested: Option<i32>,
        requested_period: Option<Period>,
    ) -> Result<YearData, AppError> {
        YearData::load_as_of(store, requested, requested_period, None, Detail::Page)
    }

    /// The same, as the figures stood at the end of `as_of` (a day) when
    /// given: only the versions published by then count. Blocking.
    pub fn load_as_of(
        store: &Store,
        requested: Option<i32>,
        requested_period: Option<Period>,
        as_of: Option<Published>,
        detail: Detail,
    ) -> Result<YearData, AppError> {
        let catalogue = store.catalogue();
        let store = store.reader()?;
        let periods_of = |year: i32| match as_of {
            Some(day) => store.periods_of_as_of(year, day),
            None => store.periods_of(year),
        };
        // Only the years, and the periods of the years in question, are
        // looked up: a few index seeks, however large the record.
        let years = match as_of {
            Some(day) => store.years_as_of(day)?,
            None => store.years()?,
        };
        let newest = *years.first().ok_or(AppError::NoFigures)?;
        let newest_periods = periods_of(newest)?;
        let site_default = (newest, default_period(&newest_periods));
        let year = match (requested, requested_period) {
            (Some(year), _) => year,
            (None, None) => newest,
            // The newest year with that period.
            (None, Some(period)) => {
                let mut found = None;
                for &year in &years {
                    if periods_of(year)?.contains(&period) {
                        found = Some(year);
                        break;
                    }
                }
                found.ok_or_else(|| missing(newest, period, years.clone()))?
            }
        };
        let year_default = if year == newest {
            site_default.1
        } else if years.contains(&year) {
            default_period(&periods_of(year)?)
        } else {
            None
        };
        let period = match requested_period.or(year_default) {
            Some(period) => period,
            None => return Err(missing(year, Period::Year, years)),
        };
        let all = match as_of {
            Some(day) => store.figures_of_period_as_of(period, day)?,
            None => store.figures_of_period(period)?,
        };
        let Some(figures) = all.iter().find(|y| y.year == year).cloned() else {
            return Err(missing(year, period, years));
        };
        let view_path = if (year, Some(period)) == site_default {
            String::new()
        } else {
            period.view_path(year, year_default)
        };
        let view_path = with_day(view_path, as_of);
        // A chart shows the figures alone; a page also says what else was
        // published of them (versions, other publishers, plans).
        let record = match (detail, as_of) {
            (Detail::Page, None) => store.record_for_cards(year, period)?,
            (Detail::Page, Some(_)) => store.record_of_period(year, period, as_of)?,
            (Detail::Figures, _) => PeriodRecord::default(),
        };
        let before_merger = if detail == Detail::Page
            && Territory::by_date(year, period) == Territory::GiaLai
            && Territory::by_date(year - 1, period) != Territory::GiaLai
        {
            store.old_provinces_of(year - 1, period, as_of)?
        } else {
            Vec::new()
        };
        let mut rates = match detail {
            Detail::Page => store.rates_of_period(year, period)?,
            Detail::Figures => Vec::new(),
        };
        if let Some(day) = as_of {
            rates.retain(|r| r.published.is_none_or(|published| published.by(day)));
        }
        let mut corrections = match detail {
            Detail::Page => store.corrections_of_period(year, period)?,
            Detail::Figures => Vec::new(),
        };
        if let Some(day) = as_of {
            let end = day.to_string();
            corrections.retain(|c| c.at.get(..end.len()).is_some_and(|at| at <= end.as_str()));
        }
        let previous_period = match detail {
            Detail::Page => store.current_of_period(year - 1, period, as_of)?,
            Detail::Figures => Vec::new(),
        };
        let mut plans = match detail {
            Detail::Page => store.plans_of_year(year)?,
            Detail::Figures => Vec::new(),
        };
        if let Some(day) = as_of {
            plans.retain(|p| p.published.is_none_or(|published| published.by(day)));
        }
        let mut others: Vec<Observation> = record
            .current()
            .into_iter()
            .filter(|other| {
                figures.get(other.indicator.code).is_some_and(|shown| {
                    shown.territory == other.territory && shown.publisher != other.publisher
                })
            })
            .collect();
        // A doubtful later version of a shown figure does not replace it
        // (`Observation::is_doubtful`), but is said beside it.
        others.extend(
            record
                .versions
                .iter()
                .filter(|version| {
                    version.is_doubtful()
                        && figures.get(version.indicator.code).is_some_and(|shown| {
                            shown.key() == version.key() && version.published > shown.published
                        })
                })
                .cloned(),
        );
        others.sort_by_key(|o| (o.indicator.code, o.publisher.leading_order()));
        let mut periods = if year == newest {
            newest_periods
        } else {
            periods_of(year)?
        };
        periods.sort();
        Ok(YearData {
            catalogue,
            year,
            period,
            years,
            figures,
            all,
            revisions: record.revisions,
            corrections,
            plans,
            before_merger,
            rates,
            previous_period,
            others,
            periods,
            default_period: year_default,
            as_of,
            view_path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_and_its_path_and_file_name_read_back_the_same() {
        let day = Published::parse("2024-12-31");
        for (view, path, stem) in [
            (View::default(), "", None),
            (
                View {
                    year: Some(2023),
                    ..View::default()
                },
                "/2023",
                Some("2023"),
            ),
            (
                View {
                    year: Some(2024),
                    period: Some(Period::Cumulative(9)),
                    day,
                },
                "/2024/9-thang/ngay-2024-12-31",
                Some("2024-9-thang-ngay-2024-12-31"),
            ),
            (
                View {
                    year: Some(2025),
                    period: Some(Period::Month(7)),
                    day: None,
                },
                "/2025/thang-7",
                Some("2025-thang-7"),
            ),
            (
                View {
                    day,
                    ..View::default()
                },
                "/ngay-2024-12-31",
                Some("ngay-2024-12-31"),
            ),
        ] {
            assert_eq!(view.path(), path);
            assert_eq!(View::from_path(path.trim_start_matches('/')), Some(view));
            assert_eq!(view.stem().as_deref(), stem);
            if let Some(stem) = stem {
                assert_eq!(View::from_stem(stem), Some(view), "{stem}");
            }
        }
    }

    #[test]
    fn segments_that_name_no_view_are_no_view() {
        for tail in [
            "abcd",
            "2024/",
            "/2024",
            "2024/9-thang/",
            "9-thang",
            "2024/13-thang",
            "2024/ngay-2024-02-30",
            "2024/ngay-2024-12",
            "2024/9-thang/ngay-2024-12-31/x",
            "1899",
            "20245",
        ] {
            assert_eq!(View::from_path(tail), None, "{tail}");
        }
        for stem in [
            "",
            "x",
            "2024-",
            "2024-x",
            "ngay-",
            "2024ngay-2024-12-31",
            "2024-9-thang-",
        ] {
            assert_eq!(View::from_stem(stem), None, "{stem}");
        }
    }
}
