//! Change sets in the browser: the list, one set with its rows and what
//! `check` says of them, and each step (Gửi duyệt, Duyệt, Trả lại, Công bố
//! ngay). Every step is a POST with the session's token and the version
//! the page showed.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AdminError, AdminState, Nav, Staff, html, see_other};
use crate::check::{self, Verdict};
use crate::dataset::{self, Figures};
use crate::drafts::{AuditRow, ChangeKind, ChangeSet, ChangeSetStatus, ChangeSetSummary};
use crate::format;
use crate::indicator::Catalogue;
use crate::model::{Observation, Status};
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
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    ChangeKind::ALL
        .into_iter()
        .map(|k| (k.code(), k.name()))
        .collect()
}

/// Refuses a role that does not work with figures.
fn editor(staff: &Staff) -> Result<(), AdminError> {
    if staff.session.account.role.edits() {
        Ok(())
    } else {
        Err(AdminError::Forbidden(format!(
            "vai trò {} không làm việc với số liệu",
            staff.session.account.role.name()
        )))
    }
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
fn bounded(text: &str, max: usize, what: &str) -> Result<String, AdminError> {
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
    Ok(see_other(&format!("/bo-thay-doi/{}", set.id)))
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

#[derive(Template)]
#[template(path = "admin/change_set.html")]
struct SetPage {
    nav: Option<Nav>,
    csrf: String,
    set: ChangeSet,
    kind: &'static str,
    status: &'static str,
    rows: Vec<RowView>,
    plans: usize,
    can_edit: bool,
    can_approve: bool,
    can_publish: bool,
    can_return: bool,
    four_eyes_block: bool,
    open_warnings: usize,
    errors: usize,
    log: Vec<AuditRow>,
    indicators: Vec<(&'static str, &'static str)>,
    periods: Vec<(String, String)>,
    territories: Vec<(&'static str, &'static str)>,
    publishers: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
}

/// The rows of a set, read back with the catalogue.
pub(super) fn figures_of(set: &ChangeSet, catalogue: &'static Catalogue) -> Figures {
    if set.rows_csv.trim().is_empty() {
        return Figures::default();
    }
    // Written by us in the machine format: a failure means the catalogue
    // lost an indicator since; the rows are then shown as none.
    dataset::read_figures(set.rows_csv.as_bytes(), catalogue).unwrap_or_default()
}

/// What `check` says of each row, among the published record.
fn findings_for(figures: &Figures, state: &AdminState) -> Result<Vec<check::Finding>, AdminError> {
    let mut record = state.store.current_figures(None)?;
    let keys: Vec<_> = figures.observations.iter().map(Observation::key).collect();
    record.retain(|o| !keys.contains(&o.key()));
    record.extend(figures.observations.iter().cloned());
    let mut plans = state.store.all_plans()?;
    plans.extend(figures.plans.iter().cloned());
    Ok(check::check_record(&record, &plans))
}

fn set_page(
    staff: &Staff,
    state: &AdminState,
    set: ChangeSet,
    log: Vec<AuditRow>,
) -> Result<SetPage, AdminError> {
    let catalogue = state.store.catalogue();
    let figures = figures_of(&set, catalogue);
    let findings = findings_for(&figures, state)?;
    let mut open_warnings = 0;
    let mut errors = 0;
    let rows: Vec<RowView> = figures
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
                    if warning && waiver.is_none() {
                        open_warnings += 1;
                    }
                    if error {
                        errors += 1;
                    }
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
    let account = &staff.session.account;
    let editable = set.status != ChangeSetStatus::Published;
    let four_eyes_block = set.created_by == account.name || set.edited_by == account.name;
    Ok(SetPage {
        nav: Some(staff.nav()),
        csrf: staff.session.csrf_token.clone(),
        kind: set.kind.name(),
        status: set.status.name(),
        plans: figures.plans.len(),
        can_edit: account.role.edits() && editable,
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
        open_warnings,
        errors,
        rows,
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

async fn load(state: &AdminState, id: i64) -> Result<(ChangeSet, Vec<AuditRow>), AdminError> {
    let drafts = state.drafts.clone();
    Ok(web::block(move || -> Result<_, crate::drafts::DraftError> {
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
    let page = set_page(&staff, &state, set, log)?;
    html(&page)
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    version: i64,
    #[serde(default)]
    reason: String,
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
    let (set, log) = load(&state, id).await?;
    // Errors block; each warning needs its written reason first.
    let page = set_page(&staff, &state, set, log)?;
    if page.errors > 0 {
        return Err(AdminError::Step(format!(
            "bộ thay đổi có {} lỗi theo phép kiểm tra; hãy sửa trước khi gửi duyệt",
            page.errors
        )));
    }
    if page.open_warnings > 0 {
        return Err(AdminError::Step(format!(
            "còn {} cảnh báo chưa ghi lý do bỏ qua; hãy ghi lý do cho từng cảnh báo",
            page.open_warnings
        )));
    }
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    let version = form.version;
    web::block(move || drafts.submit(&account, id, version)).await??;
    Ok(see_other(&format!("/bo-thay-doi/{id}")))
}

pub async fn approve(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let id = id.into_inner();
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    let version = form.version;
    web::block(move || drafts.approve(&account, id, version)).await??;
    Ok(see_other(&format!("/bo-thay-doi/{id}")))
}

pub async fn return_set(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let id = id.into_inner();
    let reason = bounded(&form.reason, 2000, "lý do")?;
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    let version = form.version;
    web::block(move || drafts.return_change_set(&account, id, version, &reason)).await??;
    Ok(see_other(&format!("/bo-thay-doi/{id}")))
}

/// Công bố ngay: the set's rows become figure versions of the public
/// record in one transaction (a release on `/cap-nhat`).
pub async fn publish(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let id = id.into_inner();
    let drafts = state.drafts.clone();
    let store = state.store.clone();
    let account = staff.session.account.clone();
    let version = form.version;
    web::block(move || {
        drafts.publish_change_set(&account, id, version, |set| {
            let figures = figures_of(set, store.catalogue());
            let report = store
                .import(&figures)
                .map_err(|e| crate::drafts::DraftError::Step(format!("không ghi được: {e}")))?;
            let mut outcome = format!(
                "công bố: thêm {}, thay thế {}, không đổi {}",
                report.added, report.replaced, report.unchanged
            );
            for line in &report.outcomes {
                outcome.push('\n');
                outcome.push_str(&line.to_string());
            }
            Ok(outcome)
        })
    })
    .await??;
    Ok(see_other(&format!("/bo-thay-doi/{id}")))
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
    staff.check_token(&form.csrf)?;
    editor(&staff)?;
    let id = id.into_inner();
    let reason = bounded(&form.reason, 2000, "lý do")?;
    if reason.is_empty() {
        return Err(AdminError::BadRequest(
            "hãy ghi lý do bỏ qua cảnh báo".into(),
        ));
    }
    let finding = bounded(&form.finding, 2000, "cảnh báo")?;
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    web::block(move || drafts.waive(&account, id, &finding, &reason)).await??;
    Ok(see_other(&format!("/bo-thay-doi/{id}")))
}

#[derive(Deserialize)]
pub struct RowForm {
    #[serde(default)]
    csrf: String,
    version: i64,
    indicator: String,
    year: String,
    period: String,
    value: String,
    territory: String,
    publisher: String,
    status: String,
    #[serde(default)]
    published: String,
    source: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    note: String,
}

/// One figure typed in the form, added to the set's rows (the same
/// figure typed again replaces the earlier row).
pub async fn add_row(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    form: web::Form<RowForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    editor(&staff)?;
    let id = id.into_inner();
    // Written with `;` between columns: a value typed the Vietnamese way
    // ("3.087,5") reads as the `;` CSV reads it.
    let mut line = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let header = [
        "indicator",
        "year",
        "value",
        "period",
        "territory",
        "publisher",
        "status",
        "published",
        "source",
        "url",
        "note",
    ];
    let fields = [
        &form.indicator,
        &form.year,
        &form.value,
        &form.period,
        &form.territory,
        &form.publisher,
        &form.status,
        &form.published,
        &form.source,
        &form.url,
        &form.note,
    ];
    line.write_record(header)
        .and_then(|()| line.write_record(fields.iter().map(|f| f.trim())))
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
    let (set, _) = load(&state, id).await?;
    let mut figures = figures_of(&set, catalogue);
    merge(&mut figures, typed);
    save(
        &staff,
        &state,
        &set,
        form.version,
        &figures,
        "nhập một số liệu qua biểu mẫu",
    )
    .await?;
    Ok(see_other(&format!("/bo-thay-doi/{id}")))
}

/// `new` rows added to `figures`; a figure (or plan) of the same key and
/// publication replaces the earlier row.
pub(super) fn merge(figures: &mut Figures, new: Figures) {
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
    figures.rates.extend(new.rates);
}

/// Saves `figures` as the set's rows, made from `version`.
pub(super) async fn save(
    staff: &Staff,
    state: &AdminState,
    set: &ChangeSet,
    version: i64,
    figures: &Figures,
    what: &str,
) -> Result<ChangeSet, AdminError> {
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

#[derive(Template)]
#[template(path = "admin/history.html")]
struct HistoryPage {
    nav: Option<Nav>,
    name: &'static str,
    code: &'static str,
    log: Vec<AuditRow>,
}

/// A figure's history from the log: every set action that published it.
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
    let object = format!("{} ", indicator.code);
    let log = web::block(move || drafts.audit_of(&object)).await??;
    html(&HistoryPage {
        nav: Some(staff.nav()),
        name: indicator.name,
        code: indicator.code,
        log,
    })
}
