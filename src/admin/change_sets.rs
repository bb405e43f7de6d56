//! Change sets in the browser: the list, one set with its rows and what
//! `check` says of them, and each step (Gửi duyệt, Duyệt, Trả lại, Công bố
//! ngay). Every step is a POST with the session's token and the version
//! the page showed.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AdminError, AdminState, Nav, Staff, html, schedule, see_other};
use crate::check::{self, Verdict};
use crate::dataset::{self, Figures};
use crate::drafts::{
    Account, AuditRow, ChangeKind, ChangeSet, ChangeSetStatus, ChangeSetSummary, DraftError,
    DraftStore,
};
use crate::format;
use crate::indicator::Catalogue;
use crate::model::Status;
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

#[derive(Template)]
#[template(path = "admin/list.html")]
struct ListPage {
    nav: Option<Nav>,
    csrf: String,
    sets: Vec<ChangeSetSummary>,
    kinds: Vec<(&'static str, &'static str)>,
    copy: Option<super::static_copy::CopyState>,
    can_retry: bool,
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    ChangeKind::ALL
        .into_iter()
        .map(|k| (k.code(), k.name()))
        .collect()
}

/// Refuses a role that does not work with figures.
fn editor(staff: &Staff) -> Result<(), AdminError> {
    staff.works_with_figures()
}

pub async fn list(staff: Staff, state: web::Data<AdminState>) -> Result<HttpResponse, AdminError> {
    if !staff.session.account.role.edits() {
        return Ok(see_other("/tai-khoan"));
    }
    let drafts = state.drafts.clone();
    let sets = web::block(move || drafts.change_sets()).await??;
    html(&ListPage {
        nav: Some(staff.nav()),
        csrf: staff.session.csrf_token.clone(),
        sets,
        kinds: kinds(),
        copy: super::static_copy::CopyState::of(&state),
        can_retry: staff.session.account.role.approves(),
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    title: String,
    kind: String,
    #[serde(default)]
    public_note: String,
}

/// A title or note as kept: trimmed, bounded, one line for a title.
pub(super) fn bounded(text: &str, max: usize, what: &str) -> Result<String, AdminError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(AdminError::BadRequest(format!(
            "{what} dài quá {max} ký tự"
        )));
    }
    Ok(text.to_string())
}

pub async fn create(
    staff: Staff,
    state: web::Data<AdminState>,
    form: web::Form<CreateForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    editor(&staff)?;
    let title = bounded(&form.title, 200, "tên bộ thay đổi")?.replace(['\r', '\n'], " ");
    if title.is_empty() {
        return Err(AdminError::BadRequest("hãy đặt tên cho bộ thay đổi".into()));
    }
    let kind = ChangeKind::from_code(&form.kind)
        .ok_or_else(|| AdminError::BadRequest("loại bộ thay đổi không hợp lệ".into()))?;
    let note = bounded(&form.public_note, 2000, "ghi chú công khai")?;
    if kind == ChangeKind::Correction && note.is_empty() {
        return Err(AdminError::BadRequest(
            "bộ đính chính cần ghi chú công khai nói rõ sai ở đâu".into(),
        ));
    }
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    let set = web::block(move || drafts.create_change_set(&account, &title, kind, &note)).await??;
    Ok(see_other(&set_path(set.id)))
}

/// A set's page: the admin's one address for it.
pub(super) fn set_path(id: i64) -> String {
    format!("/bo-thay-doi/{id}")
}

/// One row of a set as the page shows it.
struct RowView {
    indicator: String,
    code: &'static str,
    when: String,
    territory: &'static str,
    publisher: &'static str,
    value: String,
    status: &'static str,
    published: String,
    source: String,
    findings: Vec<FindingView>,
}

struct FindingView {
    key: String,
    text: String,
    warning: bool,
    error: bool,
    waiver: Option<String>,
}

/// A set's rows with what `check` says of each among the published
/// record: what its page shows and what submitting it requires.
struct Review {
    rows: Vec<RowView>,
    plans: usize,
    /// Findings beyond rounding: they block submission.
    errors: usize,
    /// Warnings without a written reason: they block it too.
    open_warnings: usize,
    /// The periods it touches that are already official, while no
    /// approver has opened them for its content: they block submission
    /// and approval.
    locked: Vec<String>,
}

impl Review {
    /// What stops the set going on, if anything.
    fn blocker(&self) -> Option<String> {
        if self.errors > 0 {
            return Some(format!(
                "bộ thay đổi có {} lỗi theo phép kiểm tra; hãy sửa trước",
                self.errors
            ));
        }
        if self.open_warnings > 0 {
            return Some(format!(
                "còn {} cảnh báo chưa ghi lý do bỏ qua; hãy ghi lý do cho từng cảnh báo",
                self.open_warnings
            ));
        }
        if !self.locked.is_empty() {
            return Some(format!(
                "kỳ đã có số chính thức: {}; cần một người duyệt mở khóa và ghi lý do",
                self.locked.join("; ")
            ));
        }
        None
    }
}

/// The rows of a set, read back with the catalogue. Written by us in the
/// machine format, they fail to read only when the catalogue has lost an
/// indicator since: the set is then refused, never taken as empty.
pub(super) fn figures_of(
    set: &ChangeSet,
    catalogue: &'static Catalogue,
) -> Result<Figures, DraftError> {
    if set.rows_csv.trim().is_empty() {
        return Ok(Figures::default());
    }
    dataset::read_figures(set.rows_csv.as_bytes(), catalogue).map_err(|rejected| {
        DraftError::Step(format!(
            "các dòng của bộ thay đổi không còn hợp lệ với danh mục chỉ tiêu: {rejected}"
        ))
    })
}

/// What `check` says of `figures` among the published record of their
/// years and the year before (the same period a year earlier is compared),
/// and the periods they touch that already have an official figure: a
/// range of the index of current versions, not the whole record.
fn findings_for(
    figures: &Figures,
    state: &AdminState,
) -> Result<(Vec<check::Finding>, Vec<String>), AdminError> {
    let years = figures
        .observations
        .iter()
        .map(|o| o.year)
        .chain(figures.plans.iter().map(|p| p.year));
    let (Some(first), Some(last)) = (years.clone().min(), years.max()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let (mut record, mut plans) = state.store.record_of_years(first - 1, last)?;
    // A period is final once one of its figures is official.
    let mut finals: Vec<String> = Vec::new();
    for row in &figures.observations {
        let official = record.iter().any(|o| {
            o.status == Status::Official
                && (o.year, o.period, o.territory) == (row.year, row.period, row.territory)
        });
        let label = format!(
            "{} ({})",
            row.period.of_year(row.year),
            row.territory.name()
        );
        if official && !finals.contains(&label) {
            finals.push(label);
        }
    }
    record.retain(|o| !figures.observations.iter().any(|new| new.key() == o.key()));
    record.extend(figures.observations.iter().cloned());
    plans.extend(figures.plans.iter().cloned());
    Ok((check::check_record(&record, &plans), finals))
}

/// The periods already official that `set` touches (opened or not).
pub(super) fn locked_periods(
    set: &ChangeSet,
    state: &AdminState,
) -> Result<Vec<String>, AdminError> {
    let figures = figures_of(set, state.store.catalogue())?;
    Ok(findings_for(&figures, state)?.1)
}

fn review(set: &ChangeSet, state: &AdminState) -> Result<Review, AdminError> {
    let figures = figures_of(set, state.store.catalogue())?;
    let (findings, finals) = findings_for(&figures, state)?;
    let mut open_warnings = 0;
    let mut errors = 0;
    let rows = figures
        .observations
        .iter()
        .map(|o| {
            let findings = findings
                .iter()
                .filter(|f| {
                    f.indicator == o.indicator.code
                        && f.year == o.year
                        && f.period.is_none_or(|p| p == o.period)
                        && f.verdict != Verdict::Exact
                })
                .map(|f| {
                    let key = f.to_string();
                    let waiver = set
                        .waivers
                        .iter()
                        .find(|w| w.finding == key)
                        .map(|w| format!("{} ({}): {}", w.by, w.at, w.reason));
                    let warning = f.verdict == Verdict::Warning;
                    let error = f.verdict == Verdict::Error;
                    open_warnings += usize::from(warning && waiver.is_none());
                    errors += usize::from(error);
                    FindingView {
                        text: f.description.clone(),
                        key,
                        warning,
                        error,
                        waiver,
                    }
                })
                .collect();
            RowView {
                indicator: o.indicator.name.to_string(),
                code: o.indicator.code,
                when: o.period.of_year(o.year),
                territory: o.territory.name(),
                publisher: o.publisher.name(),
                value: format::with_unit(&o.value, o.indicator.unit),
                status: o.status.label(),
                published: o.published.map(|p| p.label()).unwrap_or_default(),
                source: o.source.clone(),
                findings,
            }
        })
        .collect();
    Ok(Review {
        rows,
        plans: figures.plans.len(),
        errors,
        open_warnings,
        locked: if set.unlock_holds() {
            Vec::new()
        } else {
            finals
        },
    })
}

#[derive(Template)]
#[template(path = "admin/change_set.html")]
struct SetPage {
    nav: Option<Nav>,
    csrf: String,
    set: ChangeSet,
    kind: &'static str,
    status: &'static str,
    review: Review,
    can_edit: bool,
    can_approve: bool,
    can_publish: bool,
    can_return: bool,
    four_eyes_block: bool,
    /// Calendar slots still to come, for Lên lịch: id and label.
    slots: Vec<(i64, String)>,
    /// The slot the set is in, in words, when it is scheduled.
    scheduled: Option<String>,
    /// Figures that going out now would put out before the statistics
    /// office's release of their period.
    early_now: Vec<String>,
    log: Vec<AuditRow>,
    indicators: Vec<(&'static str, &'static str)>,
    periods: Vec<(String, String)>,
    territories: Vec<(&'static str, &'static str)>,
    publishers: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
}

async fn load(state: &AdminState, id: i64) -> Result<(ChangeSet, Vec<AuditRow>), AdminError> {
    let drafts = state.drafts.clone();
    Ok(web::block(move || -> Result<_, DraftError> {
        let set = drafts.change_set(id)?;
        let log = drafts.audit_of(&format!("bo-thay-doi:{id}"))?;
        Ok((set, log))
    })
    .await??)
}

pub async fn show(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AdminError> {
    editor(&staff)?;
    let (set, log) = load(&state, id.into_inner()).await?;
    let review = review(&set, &state)?;
    let account = &staff.session.account;
    let four_eyes_block = set.created_by == account.name || set.edited_by == account.name;
    let catalogue = state.store.catalogue();
    let now = state.drafts.clock().now_utc();
    let store = state.store.clone();
    let from = now.clone();
    let slot = set.schedule.as_ref().map(|s| s.entry);
    let (upcoming, scheduled) = web::block(move || -> Result<_, crate::db::DbError> {
        let upcoming = store.reader()?.calendar(&from, "9999")?;
        let scheduled = match slot {
            Some(id) => store.calendar_entry(id)?,
            None => None,
        };
        Ok((upcoming, scheduled))
    })
    .await??;
    let slot_label = |entry: &crate::db::CalendarEntry| {
        format!(
            "{} — {} ({})",
            format::vietnam_time(&entry.scheduled_at).unwrap_or_default(),
            entry.title,
            entry.status.name()
        )
    };
    let early_now = schedule::early_figures(&figures_of(&set, catalogue)?, &now);
    html(&SetPage {
        nav: Some(staff.nav()),
        csrf: staff.session.csrf_token.clone(),
        kind: set.kind.name(),
        status: set.status.name(),
        review,
        can_edit: account.role.edits() && set.status != ChangeSetStatus::Published,
        can_approve: account.role.approves()
            && set.status == ChangeSetStatus::Submitted
            && !four_eyes_block,
        can_publish: account.role.approves() && set.approval_holds(),
        can_return: account.role.approves()
            && matches!(
                set.status,
                ChangeSetStatus::Submitted | ChangeSetStatus::Approved
            ),
        four_eyes_block,
        slots: upcoming
            .iter()
            .filter(|e| {
                matches!(
                    e.status,
                    crate::db::CalendarStatus::Planned | crate::db::CalendarStatus::Confirmed
                )
            })
            .map(|e| (e.id, slot_label(e)))
            .collect(),
        scheduled: scheduled.as_ref().map(slot_label),
        early_now,
        log,
        indicators: catalogue.all().iter().map(|i| (i.code, i.name)).collect(),
        periods: Period::all()
            .map(|p| (p.code().to_string(), p.label()))
            .collect(),
        territories: Territory::ALL
            .iter()
            .map(|t| (t.code(), t.name()))
            .collect(),
        publishers: Publisher::ALL
            .iter()
            .map(|p| (p.code(), p.name()))
            .collect(),
        statuses: Status::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        set,
    })
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    version: i64,
    #[serde(default)]
    reason: String,
}

/// A step on set `id`, taken by the drafts store once the form's token
/// is the session's; the answer sends the browser back to the set.
async fn take_step(
    staff: &Staff,
    state: &AdminState,
    id: i64,
    token: &str,
    step: impl FnOnce(&DraftStore, &Account) -> Result<ChangeSet, DraftError> + Send + 'static,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(token)?;
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    web::block(move || step(&drafts, &account)).await??;
    Ok(see_other(&set_path(id)))
}

pub async fn submit(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    editor(&staff)?;
    let id = id.into_inner();
    // Errors block; each warning needs its written reason first; a period
    // already official needs an approver's unlock.
    let (set, _) = load(&state, id).await?;
    if let Some(blocker) = review(&set, &state)?.blocker() {
        return Err(AdminError::Step(blocker));
    }
    let version = form.version;
    take_step(&staff, &state, id, &form.csrf, move |drafts, account| {
        drafts.submit(account, id, version)
    })
    .await
}

pub async fn approve(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let (id, version) = (id.into_inner(), form.version);
    // What blocked submission blocks approval too (an unlock voided since).
    let (set, _) = load(&state, id).await?;
    if let Some(blocker) = review(&set, &state)?.blocker() {
        return Err(AdminError::Step(blocker));
    }
    take_step(&staff, &state, id, &form.csrf, move |drafts, account| {
        drafts.approve(account, id, version)
    })
    .await
}

/// Mở khóa: an approver opens the periods already official the set
/// touches, with a reason kept in the log.
pub async fn unlock(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    let (id, version) = (id.into_inner(), form.version);
    let reason = bounded(&form.reason, 2000, "lý do")?;
    take_step(&staff, &state, id, &form.csrf, move |drafts, account| {
        drafts.unlock(account, id, version, &reason)
    })
    .await
}

pub async fn return_set(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    let (id, version) = (id.into_inner(), form.version);
    let reason = bounded(&form.reason, 2000, "lý do")?;
    let sent = format!("Lý do trả lại: {reason}");
    take_step(&staff, &state, id, &form.csrf, move |drafts, account| {
        drafts.return_change_set(account, id, version, &reason)
    })
    .await
    .map_err(|error| error.keeping(sent))
}

/// Công bố ngay: the set's rows become figure versions of the public
/// record in one transaction (a release on `/cap-nhat`). A correction goes
/// out at once; anything else goes out of the calendar only with a
/// reason, logged (the Code of Practice's announced releases), and a
/// figure before the statistics office's release of its period needs one
/// too.
pub async fn publish(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let (id, version) = (id.into_inner(), form.version);
    let reason = bounded(&form.reason, 2000, "lý do")?;
    let (set, _) = load(&state, id).await?;
    let now = state.drafts.clock().now_utc();
    let early = schedule::early_figures(&figures_of(&set, state.store.catalogue())?, &now);
    if reason.trim().is_empty() {
        if set.kind != ChangeKind::Correction {
            return Err(AdminError::Step(
                "bộ này không phải đính chính: hãy lên lịch công bố, hoặc ghi lý do công bố \
                 ngoài lịch"
                    .into(),
            ));
        }
        if !early.is_empty() {
            return Err(AdminError::Step(format!(
                "công bố trước ngày Cục Thống kê công bố cần ghi lý do: {}",
                early.join("; ")
            )));
        }
    }
    let store = state.store.clone();
    let response = take_step(&staff, &state, id, &form.csrf, move |drafts, account| {
        drafts.publish_change_set(account, id, version, &reason, |set| {
            schedule::write_set(&store, set, now)
        })
    })
    .await?;
    state.after_release();
    Ok(response)
}

#[derive(Deserialize)]
pub struct WaiverForm {
    #[serde(default)]
    csrf: String,
    finding: String,
    reason: String,
}

pub async fn waive(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<WaiverForm>,
) -> Result<HttpResponse, AdminError> {
    let id = id.into_inner();
    let reason = bounded(&form.reason, 2000, "lý do")?;
    if reason.is_empty() {
        return Err(AdminError::BadRequest(
            "hãy ghi lý do bỏ qua cảnh báo".into(),
        ));
    }
    let finding = bounded(&form.finding, 2000, "cảnh báo")?;
    take_step(&staff, &state, id, &form.csrf, move |drafts, account| {
        drafts.waive(account, id, &finding, &reason)
    })
    .await
}

/// One figure typed in the form, added to the set's rows (the same
/// figure typed again replaces the earlier row). The form's fields are
/// named as the figures file's columns, so the row is that file's line:
/// read by the same rules as an upload, `;` between columns so that a
/// value typed the Vietnamese way ("3.087,5") reads as the `;` CSV reads
/// it.
pub async fn add_row(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AdminError> {
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
    };
    staff.check_token(field("csrf").unwrap_or_default())?;
    editor(&staff)?;
    let version: i64 = field("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AdminError::BadRequest("thiếu phiên bản của bộ thay đổi".into()))?;
    let columns: Vec<&str> = dataset::OBSERVATION_COLUMNS
        .into_iter()
        .filter(|column| field(column).is_some())
        .collect();
    let mut line = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    line.write_record(&columns)
        .and_then(|()| line.write_record(columns.iter().map(|c| field(c).unwrap_or_default())))
        .map_err(|e| AdminError::Internal(e.to_string()))?;
    let bytes = line
        .into_inner()
        .map_err(|e| AdminError::Internal(e.to_string()))?;
    let catalogue = state.store.catalogue();
    let typed = dataset::read_figures(&bytes, catalogue).map_err(|rejected| {
        AdminError::BadRequest(
            rejected
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let id = id.into_inner();
    let (set, _) = load(&state, id).await?;
    save_merged(
        &staff,
        &state,
        &set,
        version,
        typed,
        "nhập một số liệu qua biểu mẫu",
    )
    .await
    .map_err(|error| error.keeping(String::from_utf8_lossy(&bytes).into_owned()))?;
    Ok(see_other(&set_path(id)))
}

/// Saves the set's rows with `new` added, made from `version`: a figure
/// (or plan, or change published alone) of the same key and publication
/// replaces the earlier row.
pub(super) async fn save_merged(
    staff: &Staff,
    state: &AdminState,
    set: &ChangeSet,
    version: i64,
    new: Figures,
    what: &str,
) -> Result<ChangeSet, AdminError> {
    let mut figures = figures_of(set, state.store.catalogue())?;
    for observation in new.observations {
        figures
            .observations
            .retain(|o| !(o.key() == observation.key() && o.published == observation.published));
        figures.observations.push(observation);
    }
    for plan in new.plans {
        figures.plans.retain(|p| {
            !(p.indicator.code == plan.indicator.code
                && p.year == plan.year
                && p.period == plan.period
                && p.territory == plan.territory
                && p.publisher == plan.publisher)
        });
        figures.plans.push(plan);
    }
    for rate in new.rates {
        figures
            .rates
            .retain(|r| !(r.key() == rate.key() && r.published == rate.published));
        figures.rates.push(rate);
    }
    let rows_csv = dataset::write_figures(&figures.observations, &figures.rates, &figures.plans);
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    let (id, title, note, what) = (
        set.id,
        set.title.clone(),
        set.public_note.clone(),
        what.to_string(),
    );
    Ok(web::block(move || {
        drafts.save_change_set(&account, id, version, &title, &note, &rows_csv, &what)
    })
    .await??)
}

/// A publication of a figure, as its history lists it.
struct Publication {
    row: AuditRow,
    /// The change set's page, when a set published it.
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/history.html")]
struct HistoryPage {
    nav: Option<Nav>,
    name: &'static str,
    code: &'static str,
    publications: Vec<Publication>,
}

/// A figure's history from the log: every publication that wrote it.
pub async fn figure_history(
    staff: Staff,
    state: web::Data<AdminState>,
    code: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    editor(&staff)?;
    let indicator = state
        .store
        .catalogue()
        .find(&code)
        .ok_or(AdminError::NotFound)?;
    let drafts = state.drafts.clone();
    let log = web::block(move || drafts.publications_of(indicator.code)).await??;
    let publications = log
        .into_iter()
        .map(|row| Publication {
            link: row
                .entry
                .object
                .strip_prefix("bo-thay-doi:")
                .and_then(|id| id.parse().ok())
                .map(set_path),
            row,
        })
        .collect();
    html(&HistoryPage {
        nav: Some(staff.nav()),
        name: indicator.name,
        code: indicator.code,
        publications,
    })
}
