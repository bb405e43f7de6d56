//! One error type for the web layer, rendered as a Vietnamese page.
//!
//! Policy: a handler returns `Result<_, AppError>`. A request the reader got
//! wrong (a bad `nam`, an unknown path, a year without figures) answers with
//! a page that says what is wrong and where to go instead, with its 4xx
//! status. Anything else is our fault: the reader gets a plain 500 page, and
//! the cause goes to the log only — never to the page.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::charts::ChartError;
use crate::db::DbError;
use crate::web::layout::Layout;
use crate::web::limits::{OwnErrorAnswer, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("không có trang này")]
    NotFound,
    #[error("yêu cầu bị từ chối: {0:?}")]
    Refused(Refusal),
    #[error("cơ sở dữ liệu chưa có số liệu nào")]
    NoFigures,
    #[error("chưa có số liệu năm {year}")]
    NoDataForYear { year: i32, years: Vec<i32> },
    #[error("yêu cầu không hợp lệ: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("lỗi dựng trang: {0}")]
    Render(#[from] askama::Error),
    #[error("lỗi nội bộ: {0}")]
    Internal(String),
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::Internal(error.to_string())
    }
}

/// The page every error is shown as. Fields: `layout` (the shared layout
/// with no year selected), `heading`, `message`, and `years`: links to the
/// years that do have figures, when that is the way out.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    heading: String,
    message: String,
    years: Vec<i32>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::NoFigures | AppError::NoDataForYear { .. } => {
                StatusCode::NOT_FOUND
            }
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Refused(refusal) => refusal.status(),
            AppError::Database(_)
            | AppError::Chart(_)
            | AppError::Render(_)
            | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (heading, message, years) = match self {
            AppError::NotFound => (
                "Không tìm thấy trang".to_string(),
                "Địa chỉ này không có trên trang số liệu của Sở Công Thương. \
                 Hãy kiểm tra lại đường dẫn hoặc chọn một mục trong thanh điều hướng."
                    .to_string(),
                Vec::new(),
            ),
            AppError::NoFigures => (
                "Chưa có số liệu".to_string(),
                "Trang số liệu chưa có số liệu nào được nhập.".to_string(),
                Vec::new(),
            ),
            AppError::NoDataForYear { year, years } => (
                format!("Chưa có số liệu năm {year}"),
                format!(
                    "Trang này chưa có số liệu nào của năm {year}. Các năm đã có số liệu được liệt kê dưới đây."
                ),
                years.clone(),
            ),
            AppError::BadRequest(reason) => (
                "Yêu cầu không hợp lệ".to_string(),
                reason.clone(),
                Vec::new(),
            ),
            AppError::Refused(refusal) => (
                refusal.heading().to_string(),
                refusal.message().to_string(),
                Vec::new(),
            ),
            other => {
                tracing::error!(error = %cause_chain(other), "request failed");
                (
                    "Lỗi máy chủ".to_string(),
                    "Máy chủ gặp sự cố khi dựng trang này. Sự cố đã được ghi lại; \
                     xin vui lòng thử lại sau ít phút."
                        .to_string(),
                    Vec::new(),
                )
            }
        };
        let page = ErrorPage {
            layout: Layout::for_error(&heading),
            status: status.as_u16(),
            heading,
            message,
            years,
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        let mut response = match page.render() {
            Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
            Err(error) => {
                tracing::error!(%error, "the error page itself failed to render");
                response
                    .content_type("text/plain; charset=utf-8")
                    .body(format!("{} {}", status.as_u16(), page.heading))
            }
        };
        response.extensions_mut().insert(OwnErrorAnswer);
        response
    }
}

/// An error and every error beneath it, outermost first, on one line:
/// "lỗi dựng trang: …: …".
pub fn cause_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Messages that already quote their cause ("… (đĩa đầy)") or are
        // `transparent` are not repeated.
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_error_carries_its_whole_cause_chain() {
        let io = std::io::Error::other("đĩa đầy");
        let db = DbError::Io {
            path: "data/x.sqlite".into(),
            source: io,
        };
        let error = AppError::Database(db);
        assert_eq!(
            cause_chain(&error),
            "data/x.sqlite: không tạo được tệp (đĩa đầy)"
        );
    }
}
