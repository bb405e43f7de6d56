//! The read-only JSON API, `/api/v1/…`. Figures are exact: every number is
//! a JSON string in machine format ("31620.6"), never a float that could
//! round. Errors are the site's one `AppError`, which `error` answers as
//! JSON under `/api/`, with the right status.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::dataset;
use crate::db::Store;
use crate::indicator::{self, INDICATORS, Kind};
use crate::model::Observation;
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

pub async fn indicators() -> HttpResponse {
    let list: Vec<IndicatorJson> = INDICATORS
        .iter()
        .map(|i| IndicatorJson {
            code: i.code,
            name: i.name,
            short_name: i.short_name,
            unit: i.unit,
            kind: match i.kind {
                Kind::Amount => "amount",
                Kind::IndexOnPreviousYear => "index_on_previous_year",
                Kind::Rank => "rank",
            },
            part_of: i.part_of,
            meaning: i.meaning,
        })
        .collect();
    HttpResponse::Ok().json(serde_json::json!({ "indicators": list }))
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
        }
    }
}

#[derive(Deserialize)]
struct ObservationsQuery {
    indicator: Option<String>,
    nam: Option<String>,
}

/// `/api/v1/observations?indicator=CODE&nam=YYYY`: both optional.
pub async fn observations(
    store: web::Data<Store>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let query = web::Query::<ObservationsQuery>::from_query(request.query_string())
        .map_err(|_| AppError::BadRequest("tham số không đọc được hoặc lặp lại".to_string()))?;
    let code = match query.indicator.as_deref() {
        None => None,
        Some(code) => Some(
            indicator::find(code)
                .ok_or_else(|| AppError::UnknownIndicator(code.chars().take(60).collect()))?
                .code,
        ),
    };
    let year = match query.nam.as_deref() {
        None => None,
        Some(text) => Some(dataset::parse_year(text).ok_or_else(|| {
            AppError::BadRequest(format!(
                "nam=\"{}\" không phải năm hợp lệ (bốn chữ số, {}–{})",
                text.chars().take(40).collect::<String>(),
                dataset::FIRST_YEAR,
                dataset::LAST_YEAR
            ))
        })?),
    };
    let store = store.clone();
    let years = web::block(move || store.all_figures()).await??;
    if let Some(year) = year
        && !years.iter().any(|y| y.year == year)
    {
        return Err(AppError::NoDataForYear {
            year,
            years: years.iter().rev().map(|y| y.year).collect(),
        });
    }
    let list: Vec<ObservationJson> = years
        .iter()
        .filter(|y| year.is_none_or(|year| y.year == year))
        .flat_map(|y| y.all())
        .filter(|o| code.is_none_or(|code| o.indicator.code == code))
        .map(ObservationJson::of)
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "observations": list })))
}
