//! An upload into a change set: the entry template, a `,`/`;` CSV, or the
//! site's own open-data workbook.
//! Refused whole, with nothing kept, when larger than 5 MB, of another type, holding formulas, or with a row that
//! does not validate (each problem names its row and column).

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt as _;

use super::change_sets::{save_merged, set_path};
use super::{AdminError, AdminState, Staff, see_other};
use crate::spreadsheet;

pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// The form's fields: the token, the version shown, the file.
#[derive(Default)]
struct UploadForm {
    csrf: String,
    version: Option<i64>,
    file: Vec<u8>,
    file_name: String,
}

async fn read_form(mut payload: Multipart) -> Result<UploadForm, AdminError> {
    let mut form = UploadForm::default();
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|e| AdminError::BadRequest(format!("biểu mẫu tải lên hỏng: {e}")))?;
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            form.file_name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or_default()
                .to_string();
        }
        let limit = if name == "file" {
            MAX_UPLOAD_BYTES
        } else {
            1024
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AdminError::BadRequest(format!("tải lên bị ngắt: {e}")))?;
            if bytes.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    AdminError::TooLarge
                } else {
                    AdminError::BadRequest("một ô của biểu mẫu quá dài".into())
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "csrf" => form.csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "version" => form.version = String::from_utf8_lossy(&bytes).trim().parse().ok(),
            "file" => form.file = bytes,
            _ => {}
        }
    }
    Ok(form)
}

/// What the bytes are: a workbook (a zip) or text; anything else (a PDF,
/// an image, an old binary .xls) is refused by its content, whatever its
/// name says.
fn kind_refused(bytes: &[u8], file_name: &str) -> Option<String> {
    if bytes.is_empty() {
        return Some("chưa chọn tệp, hoặc tệp rỗng".to_string());
    }
    if spreadsheet::is_workbook(bytes) {
        return None;
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    if text.is_ok_and(|t| !t.contains('\0')) {
        return None;
    }
    Some(format!(
        "“{file_name}” không phải bảng tính Excel (.xlsx) hay tệp CSV; hãy lưu thành .xlsx hoặc CSV UTF-8 rồi tải lên"
    ))
}

pub async fn upload(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    payload: Multipart,
) -> Result<HttpResponse, AdminError> {
    let form = read_form(payload).await?;
    staff.check_token(&form.csrf)?;
    if !staff.session.account.role.edits() {
        return Err(AdminError::Forbidden(
            "vai trò này không làm việc với số liệu".into(),
        ));
    }
    let version = form
        .version
        .ok_or_else(|| AdminError::BadRequest("thiếu phiên bản của bộ thay đổi".into()))?;
    if let Some(refusal) = kind_refused(&form.file, &form.file_name) {
        return Err(AdminError::BadRequest(refusal));
    }
    let catalogue = state.store.catalogue();
    let (uploaded, layout) =
        spreadsheet::read_upload(&form.file, catalogue).map_err(|rejected| {
            AdminError::BadRequest(format!(
                "{}: {} lỗi, không ghi dòng nào. {}",
                form.file_name,
                rejected.problems.len(),
                rejected
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" · ")
            ))
        })?;
    let id = id.into_inner();
    let drafts = state.drafts.clone();
    let set = web::block(move || drafts.change_set(id)).await??;
    let count = uploaded.observations.len() + uploaded.plans.len() + uploaded.rates.len();
    let what = format!("tải lên “{}” ({layout}): {count} dòng", form.file_name);
    save_merged(&staff, &state, &set, version, uploaded, &what).await?;
    Ok(see_other(&set_path(id)))
}
