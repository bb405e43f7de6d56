//! Publication on time. An approver puts an approved change set into a
//! slot of the release calendar; when the slot's time comes the set is
//! published — by this process's scheduler, or by `congthuong publish-due`
//! from cron, whichever runs first, never twice: the drafts database's
//! write lock orders the two, and the public record keeps each release's
//! set, so a set published once (even by a process that died before
//! marking it) is not written again.
//!
//! Nothing of a scheduled set is in the public record before its minute:
//! the public site, its API, downloads, feed, sitemap and static copy are
//! all made from that record alone.
//!
//! The statistics office announces a period's figures first (Luật Thống
//! kê, Article 48; from 2026 its socio-economic reports come out on the
//! 3rd of the following month, Nghị định 13/2026/NĐ-CP). A set that would
//! put out an office figure, or the department's own estimate, before that
//! day needs a written reason, kept with the set and shown to every
//! approver.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{AdminError, AdminState, Staff, see_other};
use crate::dataset::Figures;
use crate::db::{CalendarStatus, ReleaseKind, ReleaseNote, Store};
use crate::drafts::{ChangeKind, ChangeSet, DraftError, DraftStore};
use crate::format;
use crate::model::Status;
use crate::period::Period;
use crate::publisher::Publisher;

/// When the statistics office's release of a period begins (UTC): the 3rd
/// of the month after the period's last, at 00:00 in Vietnam.
pub fn office_release(year: i32, period: Period) -> String {
    let (year, month) = match period.end_month() {
        12 => (year + 1, 1),
        month => (year, month + 1),
    };
    format::utc_of_vietnam(&format!("{year:04}-{month:02}-03"), "00:00").unwrap_or_default()
}

/// The figures of a set that a slot at `slot` (UTC) would put out before
/// the statistics office's release of their period: the office's own, and
/// the department's estimates. One line each, for the approver.
pub fn early_figures(figures: &Figures, slot: &str) -> Vec<String> {
    let rows = figures
        .observations
        .iter()
        .map(|o| (o.indicator.name, o.year, o.period, o.publisher, o.status))
        .chain(
            figures
                .rates
                .iter()
                .map(|r| (r.indicator.name, r.year, r.period, r.publisher, r.status)),
        );
    let mut early = Vec::new();
    for (name, year, period, publisher, status) in rows {
        let first_before_office = match publisher {
            Publisher::ThongKe => true,
            Publisher::SoCongThuong => status == Status::Estimate,
            _ => false,
        };
        let office = office_release(year, period);
        if first_before_office && slot < office.as_str() {
            let line = format!(
                "{name} {} ({}): trước {}",
                period.of_year(year),
                publisher.name(),
                format::vietnam_time(&office).unwrap_or_default()
            );
            if !early.contains(&line) {
                early.push(line);
            }
        }
    }
    early
}

/// The release a set is published as: on `/cap-nhat` it says what the set
/// was, and a correction's public note what was wrong; at most one per set.
pub(super) fn release_note(set: &ChangeSet, at: Option<String>) -> ReleaseNote {
    ReleaseNote {
        kind: match set.kind {
            ChangeKind::Release => ReleaseKind::Release,
            ChangeKind::Revision => ReleaseKind::Revision,
            ChangeKind::Correction => ReleaseKind::Correction,
        },
        title: set.title.clone(),
        note: set.public_note.clone(),
        change_set: Some(set.id),
        at,
        ..ReleaseNote::default()
    }
}

/// Writes a set's rows into the public record as one release (at most one
/// per set), and marks its calendar slot published with that release.
pub(super) fn write_set(store: &Store, set: &ChangeSet, at: String) -> Result<String, DraftError> {
    let figures = super::change_sets::figures_of(set, store.catalogue())?;
    let about = release_note(set, Some(at));
    let report = store
        .import_as(&figures, &about)
        .map_err(|e| DraftError::Step(format!("không ghi được: {e}")))?;
    if let Some(schedule) = &set.schedule {
        store
            .set_calendar_status(
                schedule.entry,
                CalendarStatus::Published,
                "",
                report.release_id,
            )
            .map_err(|e| DraftError::Step(format!("không ghi được lịch công bố: {e}")))?;
    }
    if report.already_published {
        return Ok(format!(
            "đã có trong số liệu công khai (đợt {}): không ghi lại",
            report.release_id.unwrap_or_default()
        ));
    }
    let mut outcome = format!(
        "công bố: thêm {}, thay thế {}, không đổi {}",
        report.added, report.replaced, report.unchanged
    );
    for line in &report.outcomes {
        outcome.push('\n');
        outcome.push_str(&line.to_string());
    }
    Ok(outcome)
}

/// Publishes every scheduled set whose slot has come by the drafts
/// store's clock (a slot put off, or already out, waits); the ids
/// published here. A set that fails stays scheduled and does not stop
/// the others: its error is returned after them.
pub fn publish_due(store: &Store, drafts: &DraftStore) -> Result<Vec<i64>, DraftError> {
    let now = drafts.clock().now_utc();
    let mut published = Vec::new();
    let mut failure = None;
    for (id, entry) in drafts.scheduled_sets()? {
        let due = store
            .calendar_entry(entry)
            .map_err(|e| DraftError::Step(format!("không đọc được lịch công bố: {e}")))?
            .is_some_and(|entry| {
                matches!(
                    entry.status,
                    CalendarStatus::Planned | CalendarStatus::Confirmed
                ) && entry.scheduled_at.as_str() <= now.as_str()
            });
        if !due {
            continue;
        }
        match drafts.publish_due_set(id, |set| write_set(store, set, now.clone())) {
            Ok(Some(_)) => published.push(id),
            Ok(None) => {}
            Err(error) => {
                tracing::error!(
                    "bộ thay đổi {id} đến giờ công bố nhưng không công bố được: {error}"
                );
                failure.get_or_insert(error);
            }
        }
    }
    match failure {
        Some(error) if published.is_empty() => Err(error),
        _ => Ok(published),
    }
}

/// The admin's own scheduler: looks for sets due every `every`, off the
/// async workers, for as long as the server runs.
pub(super) fn spawn_scheduler(state: AdminState, every: std::time::Duration) {
    actix_web::rt::spawn(async move {
        let mut ticks = actix_web::rt::time::interval(every);
        loop {
            ticks.tick().await;
            let (store, drafts) = (state.store.clone(), state.drafts.clone());
            match web::block(move || publish_due(&store, &drafts)).await {
                Ok(Ok(published)) => {
                    for id in &published {
                        tracing::info!("bộ thay đổi {id} đã công bố theo lịch");
                    }
                    if !published.is_empty() {
                        state.after_release();
                    }
                }
                Ok(Err(error)) => tracing::error!("công bố theo lịch: {error}"),
                Err(error) => tracing::error!("công bố theo lịch: {error}"),
            }
            // The record changed (an import from the command line) or a
            // new day began: the previews' public rendering is made again.
            if state.previews.is_stale(&state.store) {
                super::preview::warm(&state);
            }
            state.refresh_copy(false);
        }
    });
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    csrf: String,
    version: i64,
    entry: i64,
    #[serde(default)]
    early_reason: String,
}

/// Lên lịch: into a calendar slot still to come (dự kiến or đã xác nhận);
/// a slot before the statistics office's release of a figure's period
/// needs the written reason.
pub async fn schedule(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<ScheduleForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let id = id.into_inner();
    let form = form.into_inner();
    let early_reason = super::change_sets::bounded(&form.early_reason, 2000, "lý do")?;
    let (store, drafts) = (state.store.clone(), state.drafts.clone());
    let account = staff.session.account.clone();
    let sent = format!("Lý do công bố trước Cục Thống kê: {early_reason}");
    web::block(move || -> Result<(), AdminError> {
        let entry = store
            .calendar_entry(form.entry)?
            .ok_or_else(|| AdminError::Step("không có mục lịch công bố này".into()))?;
        if !matches!(
            entry.status,
            CalendarStatus::Planned | CalendarStatus::Confirmed
        ) || entry.scheduled_at <= drafts.clock().now_utc()
        {
            return Err(AdminError::Step(format!(
                "mục lịch “{}” không còn nhận bộ thay đổi (tình trạng {}, lúc {})",
                entry.title,
                entry.status.name(),
                format::vietnam_time(&entry.scheduled_at).unwrap_or_default()
            )));
        }
        let set = drafts.change_set(id)?;
        let figures = super::change_sets::figures_of(&set, store.catalogue())?;
        let early = early_figures(&figures, &entry.scheduled_at);
        if !early.is_empty() && early_reason.trim().is_empty() {
            return Err(AdminError::Step(format!(
                "công bố trước ngày Cục Thống kê công bố cần ghi lý do: {}",
                early.join("; ")
            )));
        }
        let reason = if early.is_empty() {
            String::new()
        } else {
            early_reason
        };
        drafts.schedule(&account, id, form.version, entry.id, &reason)?;
        Ok(())
    })
    .await?
    .map_err(|error| error.keeping(sent))?;
    Ok(see_other(&super::change_sets::set_path(id)))
}

#[derive(Deserialize)]
pub struct UnscheduleForm {
    #[serde(default)]
    csrf: String,
    version: i64,
}

/// Bỏ lịch: the set stays approved, out of its slot.
pub async fn unschedule(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<UnscheduleForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let (id, version) = (id.into_inner(), form.version);
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    web::block(move || drafts.unschedule(&account, id, version)).await??;
    Ok(see_other(&super::change_sets::set_path(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_releases_on_the_third_of_the_following_month() {
        // 03/11/2026 00:00 in Vietnam.
        assert_eq!(
            office_release(2026, Period::Cumulative(10)),
            "2026-11-02T17:00:00Z"
        );
        assert_eq!(
            office_release(2026, Period::Month(10)),
            "2026-11-02T17:00:00Z"
        );
        assert_eq!(office_release(2026, Period::Year), "2027-01-02T17:00:00Z");
        assert_eq!(
            office_release(2026, Period::Month(12)),
            "2027-01-02T17:00:00Z"
        );
    }
}
