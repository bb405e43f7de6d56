//! The release calendar in the admin: approvers and administrators
//! announce releases (title, indicators, day and time in Vietnam, 09:00 by
//! default), move a date with a reason (the old one is kept and shown),
//! and set a release's status. Each change is one row of the audit log.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AdminError, AdminState, Nav, Staff, html, see_other};
use crate::db::{CalendarEntry, CalendarStatus, Release};
use crate::drafts::{AuditEntry, DraftError};
use crate::format;

/// Who may edit the calendar.
fn keeper(staff: &Staff) -> Result<(), AdminError> {
    let role = staff.session.account.role;
    if role.approves() || role.manages_accounts() {
        Ok(())
    } else {
        Err(AdminError::Forbidden(format!(
            "vai trò {} không sửa lịch công bố",
            role.name()
        )))
    }
}

struct EntryRow {
    entry: CalendarEntry,
    when: String,
    /// "Đã đổi từ 03/11/2026 09:00 sang 06/11/2026 09:00: …", in Vietnam time.
    moves: Vec<String>,
    /// "2026-11-03" and "09:00", to fill the form that moves it.
    day: String,
    time: String,
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    nav: Option<Nav>,
    csrf: String,
    entries: Vec<EntryRow>,
    indicators: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    releases: Vec<(i64, String)>,
}

pub async fn list(staff: Staff, state: web::Data<AdminState>) -> Result<HttpResponse, AdminError> {
    keeper(&staff)?;
    let store = state.store.clone();
    let (entries, releases): (Vec<CalendarEntry>, Vec<Release>) =
        web::block(move || -> Result<_, crate::db::DbError> {
            let reader = store.reader()?;
            Ok((reader.calendar("0000", "9999")?, reader.releases(30)?))
        })
        .await??;
    html(&CalendarPage {
        nav: Some(staff.nav()),
        csrf: staff.session.csrf_token.clone(),
        entries: entries
            .into_iter()
            .map(|entry| {
                let (year, month, day, hour, minute) =
                    format::vietnam_clock_of(&entry.scheduled_at).unwrap_or_default();
                let vietnam =
                    |utc: &str| format::vietnam_time(utc).unwrap_or_else(|| utc.to_string());
                EntryRow {
                    when: format::vietnam_time(&entry.scheduled_at).unwrap_or_default(),
                    moves: entry
                        .changes
                        .iter()
                        .map(|c| {
                            format!(
                                "Đã đổi từ {} sang {}: {}",
                                vietnam(&c.was),
                                vietnam(&c.became),
                                c.reason
                            )
                        })
                        .collect(),
                    day: format!("{year:04}-{month:02}-{day:02}"),
                    time: format!("{hour:02}:{minute:02}"),
                    entry,
                }
            })
            .collect(),
        indicators: state
            .store
            .catalogue()
            .all()
            .iter()
            .map(|i| (i.code, i.name))
            .collect(),
        statuses: CalendarStatus::ALL
            .iter()
            .map(|s| (s.code(), s.name()))
            .collect(),
        releases: releases
            .iter()
            .map(|r| {
                let when = format::vietnam_time(&r.imported_at).unwrap_or_default();
                let what = if r.about.title.is_empty() {
                    format!("{} số liệu", r.items.len())
                } else {
                    r.about.title.clone()
                };
                (r.id, format!("Lần {} ({when}): {what}", r.id))
            })
            .collect(),
    })
}

/// The UTC time of a day and time typed in Vietnam's clock.
fn scheduled(day: &str, time: &str) -> Result<String, AdminError> {
    let time = if time.trim().is_empty() {
        "09:00"
    } else {
        time.trim()
    };
    format::utc_of_vietnam(day.trim(), time).ok_or_else(|| {
        AdminError::BadRequest(format!(
            "“{day} {time}” không phải ngày giờ hợp lệ (năm-tháng-ngày và giờ:phút)"
        ))
    })
}

/// Writes one row of the log for a calendar change by `staff`.
async fn log(
    staff: &Staff,
    state: &AdminState,
    action: &str,
    id: i64,
    before: String,
    after: String,
    reason: String,
) -> Result<(), AdminError> {
    let drafts = state.drafts.clone();
    let entry = AuditEntry {
        before,
        after,
        reason,
        ..staff.audit_entry(action, format!("lich-cong-bo:{id}"))
    };
    web::block(move || -> Result<(), DraftError> { drafts.audit(&entry) }).await??;
    Ok(())
}

fn described(entry: &CalendarEntry) -> String {
    format!(
        "{} — {} — {}",
        entry.title,
        format::vietnam_time(&entry.scheduled_at).unwrap_or_default(),
        entry.status.name()
    )
}

pub async fn add(
    staff: Staff,
    state: web::Data<AdminState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AdminError> {
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.trim())
    };
    staff.check_token(field("csrf"))?;
    keeper(&staff)?;
    let title = field("title").replace(['\r', '\n'], " ");
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AdminError::BadRequest(
            "hãy đặt tên cho lần công bố (tối đa 200 ký tự)".into(),
        ));
    }
    let catalogue = state.store.catalogue();
    let indicators: Vec<&'static str> = form
        .iter()
        .filter(|(key, _)| key == "indicator")
        .map(|(_, code)| {
            catalogue
                .find(code)
                .map(|i| i.code)
                .ok_or_else(|| AdminError::BadRequest(format!("không có chỉ tiêu “{code}”")))
        })
        .collect::<Result<_, _>>()?;
    let at = scheduled(field("day"), field("time"))?;
    let status = CalendarStatus::from_code(field("status")).unwrap_or(CalendarStatus::Planned);
    let store = state.store.clone();
    let entry =
        web::block(move || store.add_calendar_entry(&title, &indicators, &at, status)).await??;
    log(
        &staff,
        &state,
        "them-lich-cong-bo",
        entry.id,
        String::new(),
        described(&entry),
        String::new(),
    )
    .await?;
    Ok(see_other("/lich-cong-bo"))
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    csrf: String,
    day: String,
    #[serde(default)]
    time: String,
    reason: String,
}

/// Moves an entry: the old date and the reason are kept and shown.
pub async fn reschedule(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    keeper(&staff)?;
    let id = id.into_inner();
    let reason = form.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(AdminError::BadRequest(
            "đổi ngày công bố cần ghi lý do (tối đa 2000 ký tự): lý do được công khai".into(),
        ));
    }
    let at = scheduled(&form.day, &form.time)?;
    let store = state.store.clone();
    let (before, after) = web::block(move || -> Result<_, crate::db::DbError> {
        let before = store.calendar_entry(id)?;
        let after = match &before {
            Some(_) => Some(store.reschedule(id, &at, &reason)?),
            None => None,
        };
        Ok((before, after))
    })
    .await??;
    let (Some(before), Some(after)) = (before, after) else {
        return Err(AdminError::NotFound);
    };
    let reason = after
        .changes
        .last()
        .map(|c| c.reason.clone())
        .unwrap_or_default();
    log(
        &staff,
        &state,
        "doi-ngay-cong-bo",
        id,
        described(&before),
        described(&after),
        reason,
    )
    .await?;
    Ok(see_other("/lich-cong-bo"))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    status: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    release: String,
}

/// Sets an entry's status: confirmed, published (linked to its release),
/// or put off (with the reason, shown).
pub async fn set_status(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    keeper(&staff)?;
    let id = id.into_inner();
    let status = CalendarStatus::from_code(&form.status)
        .ok_or_else(|| AdminError::BadRequest("tình trạng không hợp lệ".into()))?;
    let reason = form.reason.trim().to_string();
    if status == CalendarStatus::Postponed && reason.is_empty() {
        return Err(AdminError::BadRequest("hoãn công bố cần ghi lý do".into()));
    }
    let release = match form.release.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AdminError::BadRequest("lần cập nhật không hợp lệ".into()))?,
        ),
    };
    if status == CalendarStatus::Published && release.is_none() {
        return Err(AdminError::BadRequest(
            "“đã công bố” cần chọn lần cập nhật đã đưa số liệu ra".into(),
        ));
    }
    let store = state.store.clone();
    let logged_reason = reason.clone();
    let (before, after) = web::block(move || -> Result<_, crate::db::DbError> {
        let before = store.calendar_entry(id)?;
        let after = match &before {
            Some(_) => Some(store.set_calendar_status(id, status, &reason, release)?),
            None => None,
        };
        Ok((before, after))
    })
    .await??;
    let (Some(before), Some(after)) = (before, after) else {
        return Err(AdminError::NotFound);
    };
    log(
        &staff,
        &state,
        "doi-tinh-trang-lich",
        id,
        described(&before),
        described(&after),
        logged_reason,
    )
    .await?;
    Ok(see_other("/lich-cong-bo"))
}
