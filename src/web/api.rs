//! The read-only JSON API, `/api/v1/…`. Figures are exact: every number is
//! a JSON string in machine format ("31620.6"), never a float that could
//! round. Errors are the site's one `AppError`, which `error` answers as
//! JSON under `/api/`, with the right status.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::Store;
use crate::indicator::Kind;
use crate::model::{Observation, Published, Rate};
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;
use crate::web::error::AppError;

#[derive(Serialize)]
struct IndicatorJson {
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    unit: &'static str,
    kind: &'static str,
    part_of: Option<&'static str>,
    meaning: &'static str,
}

#[derive(Serialize)]
struct CodeJson {
    code: String,
    name: String,
}

pub async fn indicators(store: web::Data<Store>) -> HttpResponse {
    let list: Vec<IndicatorJson> = store
        .catalogue()
        .all()
        .iter()
        .map(|i| IndicatorJson {
            code: i.code,
            name: i.name,
            short_name: i.short_name,
            unit: i.unit,
            kind: match i.kind {
                Kind::Amount => "amount",
                Kind::Quantity => "quantity",
                Kind::IndexOnPreviousYear => "index_on_previous_year",
                Kind::IndexOnPreviousMonth => "index_on_previous_month",
                Kind::Rank => "rank",
                Kind::Score => "score",
            },
            part_of: i.part_of,
            meaning: i.meaning,
        })
        .collect();
    let territories: Vec<CodeJson> = Territory::ALL
        .iter()
        .map(|t| CodeJson {
            code: t.code().to_string(),
            name: t.name().to_string(),
        })
        .collect();
    let periods: Vec<CodeJson> = Period::all()
        .map(|p| CodeJson {
            code: p.code(),
            name: p.label(),
        })
        .collect();
    let publishers: Vec<CodeJson> = Publisher::ALL
        .iter()
        .map(|p| CodeJson {
            code: p.code().to_string(),
            name: p.name().to_string(),
        })
        .collect();
    HttpResponse::Ok().json(serde_json::json!({
        "indicators": list,
        "territories": territories,
        "periods": periods,
        "publishers": publishers,
    }))
}

/// One figure as the API gives it: numbers as exact decimal strings.
#[derive(Serialize)]
pub struct ObservationJson {
    pub indicator: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub year: i32,
    pub value: String,
    pub plan: Option<String>,
    pub plan_pct: Option<String>,
    pub change_pct: Option<String>,
    pub change_places: Option<i64>,
    pub share_pct: Option<String>,
    pub out_of: Option<i64>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub source: String,
    pub note: Option<String>,
    pub territory: &'static str,
    pub period: String,
    /// "9 tháng năm 2024"
    pub period_label: String,
    pub publisher: &'static str,
    pub publisher_name: &'static str,
    /// `YYYY-MM-DD` or `YYYY-MM`, where known.
    pub published: Option<String>,
    pub url: Option<String>,
    pub basis: Option<String>,
    pub sub_territory: bool,
}

impl ObservationJson {
    fn of(o: &Observation) -> ObservationJson {
        let text = |d: &Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
        ObservationJson {
            indicator: o.indicator.code,
            name: o.indicator.name,
            unit: o.indicator.unit,
            year: o.year,
            value: o.value.to_string(),
            plan: text(&o.plan),
            plan_pct: text(&o.plan_pct),
            change_pct: text(&o.change_pct),
            change_places: o.change_places,
            share_pct: text(&o.share_pct),
            out_of: o.out_of,
            status: o.status.code(),
            status_label: o.status.label(),
            source: o.source.clone(),
            note: o.note.clone(),
            territory: o.territory.code(),
            period: o.period.code(),
            period_label: o.period.of_year(o.year),
            publisher: o.publisher.code(),
            publisher_name: o.publisher.name(),
            published: o.published.map(|p| p.to_string()),
            url: o.url.clone(),
            basis: o.basis.clone(),
            sub_territory: o.sub_territory,
        }
    }
}

/// A change published without its level: `change_pct` alone.
#[derive(Serialize)]
pub struct RateJson {
    pub indicator: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub year: i32,
    pub change_pct: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub source: String,
    pub note: Option<String>,
    pub territory: &'static str,
    pub period: String,
    pub period_label: String,
    pub publisher: &'static str,
    pub publisher_name: &'static str,
    pub published: Option<String>,
    pub url: Option<String>,
    pub basis: Option<String>,
    pub sub_territory: bool,
}

impl RateJson {
    fn of(r: &Rate) -> RateJson {
        RateJson {
            indicator: r.indicator.code,
            name: r.indicator.name,
            unit: r.indicator.unit,
            year: r.year,
            change_pct: r.change_pct.to_string(),
            status: r.status.code(),
            status_label: r.status.label(),
            source: r.source.clone(),
            note: r.note.clone(),
            territory: r.territory.code(),
            period: r.period.code(),
            period_label: r.period.of_year(r.year),
            publisher: r.publisher.code(),
            publisher_name: r.publisher.name(),
            published: r.published.map(|p| p.to_string()),
            url: r.url.clone(),
            basis: r.basis.clone(),
            sub_territory: r.sub_territory,
        }
    }
}

#[derive(Deserialize)]
struct ObservationsQuery {
    indicator: Option<String>,
    nam: Option<String>,
    territory: Option<String>,
    period: Option<String>,
    publisher: Option<String>,
    as_of: Option<String>,
}

/// A query value, shortened for quoting in an error.
fn quoted(text: &str) -> String {
    text.chars().take(40).collect()
}

/// A code parameter: absent, or one of the codes `parse` knows (else 400
/// naming `valid`).
fn code_param<T>(
    name: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    valid: &str,
) -> Result<Option<T>, AppError> {
    value
        .map(|text| {
            parse(text).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "{name}=\"{}\" không phải mã hợp lệ; dùng {valid} (danh mục ở /api/v1/indicators)",
                    quoted(text)
                ))
            })
        })
        .transpose()
}

/// `/api/v1/observations`: the current version of every figure; each of
/// `indicator`, `nam`, `territory`, `period`, `publisher` narrows the list,
/// and `as_of=YYYY-MM-DD` gives the versions current on that day.
pub async fn observations(
    store: web::Data<Store>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let query = web::Query::<ObservationsQuery>::from_query(request.query_string())
        .map_err(|_| AppError::BadRequest("tham số không đọc được hoặc lặp lại".to_string()))?;
    let code = match query.indicator.as_deref() {
        None => None,
        Some(code) => Some(
            store
                .catalogue()
                .find(code)
                .ok_or_else(|| AppError::UnknownIndicator(code.chars().take(60).collect()))?
                .code,
        ),
    };
    let year = match query.nam.as_deref() {
        None => None,
        Some(text) => Some(
            crate::period::parse_year(text)
                .map_err(|not_a_year| AppError::BadRequest(format!("nam: {not_a_year}")))?,
        ),
    };
    let territory = code_param(
        "territory",
        query.territory.as_deref(),
        Territory::from_code,
        &Territory::codes(),
    )?;
    let period = code_param(
        "period",
        query.period.as_deref(),
        Period::from_code,
        "year, m1…m11, month-1…month-12",
    )?;
    let publisher = code_param(
        "publisher",
        query.publisher.as_deref(),
        Publisher::from_code,
        &Publisher::codes(),
    )?;
    let as_of = match query.as_of.as_deref() {
        None => None,
        Some(text) => Some(
            Published::day(text)
                .map_err(|not_a_day| AppError::BadRequest(format!("as_of: {not_a_day}")))?,
        ),
    };
    let store = store.clone();
    let (figures, rates) = web::block(move || {
        Ok::<_, crate::db::DbError>((store.current_figures(as_of)?, store.all_rates()?))
    })
    .await??;
    if let Some(year) = year
        && !figures.iter().any(|o| o.year == year)
    {
        let mut years: Vec<i32> = figures.iter().map(|o| o.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        return Err(AppError::NoDataForYear { year, years });
    }
    let list: Vec<ObservationJson> = figures
        .iter()
        .filter(|o| year.is_none_or(|year| o.year == year))
        .filter(|o| code.is_none_or(|code| o.indicator.code == code))
        .filter(|o| territory.is_none_or(|t| o.territory == t))
        .filter(|o| period.is_none_or(|p| o.period == p))
        .filter(|o| publisher.is_none_or(|p| o.publisher == p))
        .map(ObservationJson::of)
        .collect();
    // Changes published without a level, by the same filters (those
    // published by `as_of`, where given).
    let growth_only: Vec<RateJson> = rates
        .iter()
        .filter(|r| as_of.is_none_or(|day| r.published.is_none_or(|p| p.by(day))))
        .filter(|r| year.is_none_or(|year| r.year == year))
        .filter(|r| code.is_none_or(|code| r.indicator.code == code))
        .filter(|r| territory.is_none_or(|t| r.territory == t))
        .filter(|r| period.is_none_or(|p| r.period == p))
        .filter(|r| publisher.is_none_or(|p| r.publisher == p))
        .map(RateJson::of)
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "observations": list,
        "growth_only": growth_only,
    })))
}
