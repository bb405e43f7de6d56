//! The static copy as the staff side sees it: which copy is served, and
//! whether the command run after its switch (an upload to the web host, a
//! CDN purge) went through — if not, "đã ghi, chưa lên mạng", with a retry.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{AdminError, AdminState, Staff, see_other};
use crate::copies::{Copies, HookStatus};
use crate::drafts::AuditEntry;
use crate::format;

/// What the list of sets says of the static copy.
pub struct CopyState {
    pub current: Option<String>,
    pub hook: Option<HookStatus>,
    /// "09:00 03/11/2026" of the hook's last run.
    pub hook_at: String,
}

impl CopyState {
    /// The copy's state, when one is kept.
    pub fn of(state: &AdminState) -> Option<CopyState> {
        let copy = state.static_copy.as_ref()?;
        let copies = Copies::open(&copy.out).ok()?;
        let hook = copy.hook.as_ref().and_then(|_| copies.hook_status());
        Some(CopyState {
            current: copies.current_name().ok().flatten(),
            hook_at: hook
                .as_ref()
                .and_then(|h| format::vietnam_time(&h.at))
                .unwrap_or_default(),
            hook,
        })
    }

    /// Whether the last switch is not yet on the web host.
    pub fn not_online(&self) -> bool {
        self.hook.as_ref().is_some_and(|h| !h.ok)
    }
}

#[derive(Deserialize)]
pub struct RetryForm {
    #[serde(default)]
    csrf: String,
}

/// Thử lại: runs the hook again for the current copy; logged.
pub async fn retry(
    staff: Staff,
    state: web::Data<AdminState>,
    form: web::Form<RetryForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let account = staff.session.account.clone();
    if !account.role.approves() {
        return Err(AdminError::Forbidden(format!(
            "vai trò {} không đưa bản tĩnh lên mạng",
            account.role.name()
        )));
    }
    let copy = state
        .static_copy
        .clone()
        .ok_or_else(|| AdminError::Step("trang quản trị này không giữ bản tĩnh".into()))?;
    let drafts = state.drafts.clone();
    let entry = staff.audit_entry("chay-lai-lenh-ban-tinh", "ban-tinh".to_string());
    web::block(move || -> Result<(), AdminError> {
        let status = copy
            .retry_hook()
            .map_err(|e| AdminError::Step(format!("không chạy lại được: {e:#}")))?;
        let after = match &status {
            Some(s) if s.ok => format!("bản {}: đã lên mạng", s.copy),
            Some(s) => format!("bản {}: vẫn chưa lên mạng ({})", s.copy, s.message),
            None => "không có lệnh nào".to_string(),
        };
        drafts.audit(&AuditEntry { after, ..entry })?;
        Ok(())
    })
    .await??;
    Ok(see_other("/"))
}
