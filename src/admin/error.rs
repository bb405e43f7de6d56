//! One error type for the admin, answered as a Vietnamese page with the
//! status that says what happened; nothing internal reaches the page (a
//! fault is logged, without form fields, passwords or cookies).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::drafts::DraftError;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    BadRequest(String),
    #[error("cần đăng nhập")]
    SignInNeeded,
    #[error("{0}")]
    Forbidden(String),
    #[error("không có trang này")]
    NotFound,
    /// Someone saved first: a link to the newer version, and what this
    /// request sent, shown back so that nothing typed is lost.
    #[error("{message}")]
    Conflict {
        message: String,
        link: String,
        sent: Option<String>,
    },
    #[error("{0}")]
    Step(String),
    #[error("tệp tải lên quá lớn (tối đa 5 MB)")]
    TooLarge,
    #[error("thử đăng nhập sai quá nhiều lần; hãy thử lại sau {} phút", (.0 + 59) / 60)]
    Throttled(i64),
    #[error("lỗi máy chủ")]
    Internal(String),
}

#[derive(Template)]
#[template(path = "admin/error.html")]
struct ErrorPage<'a> {
    /// Error pages show no navigation: they are answered before (or
    /// without) knowing who asked.
    nav: Option<super::Nav>,
    title: &'a str,
    message: String,
    link: Option<&'a str>,
    sent: Option<&'a str>,
}

impl From<DraftError> for AdminError {
    fn from(error: DraftError) -> Self {
        match error {
            DraftError::NoChangeSet(_) => AdminError::NotFound,
            DraftError::Conflict { id, current } => AdminError::Conflict {
                message: format!(
                    "Bộ thay đổi đã được lưu bởi người khác (phiên bản {current}) trong khi bạn sửa. Những gì bạn gửi chưa được ghi; hãy mở bản mới nhất, xem lại và làm lại."
                ),
                link: format!("/bo-thay-doi/{id}"),
                sent: None,
            },
            DraftError::Step(message) => AdminError::Step(message),
            DraftError::FourEyes | DraftError::Forbidden(_) => {
                AdminError::Forbidden(error.to_string())
            }
            DraftError::BadName | DraftError::Password(_) | DraftError::AccountExists(_) => {
                AdminError::BadRequest(error.to_string())
            }
            other => AdminError::Internal(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for AdminError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AdminError::Internal(error.to_string())
    }
}

impl From<askama::Error> for AdminError {
    fn from(error: askama::Error) -> Self {
        AdminError::Internal(error.to_string())
    }
}

impl From<crate::db::DbError> for AdminError {
    fn from(error: crate::db::DbError) -> Self {
        AdminError::Internal(error.to_string())
    }
}

impl AdminError {
    /// A conflict that shows back what the request sent.
    pub fn keeping(self, what_was_sent: String) -> AdminError {
        match self {
            AdminError::Conflict { message, link, .. } => AdminError::Conflict {
                message,
                link,
                sent: Some(what_was_sent),
            },
            other => other,
        }
    }
}

impl ResponseError for AdminError {
    fn status_code(&self) -> StatusCode {
        match self {
            AdminError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AdminError::SignInNeeded => StatusCode::UNAUTHORIZED,
            AdminError::Forbidden(_) => StatusCode::FORBIDDEN,
            AdminError::NotFound => StatusCode::NOT_FOUND,
            AdminError::Conflict { .. } | AdminError::Step(_) => StatusCode::CONFLICT,
            AdminError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AdminError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            AdminError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (title, message) = match self {
            AdminError::Internal(detail) => {
                tracing::error!(%detail, "admin: fault");
                (
                    "Lỗi máy chủ",
                    "Có lỗi khi xử lý yêu cầu; không có gì bị ghi dở. Hãy thử lại hoặc báo người quản trị.".to_string(),
                )
            }
            AdminError::NotFound => ("Không có trang này", self.to_string()),
            AdminError::SignInNeeded => ("Cần đăng nhập", "Hãy đăng nhập để tiếp tục.".to_string()),
            AdminError::Forbidden(_) => ("Không được phép", self.to_string()),
            AdminError::Conflict { .. } => ("Xung đột khi lưu", self.to_string()),
            AdminError::Step(_) => ("Không làm được bước này", self.to_string()),
            AdminError::Throttled(_) => ("Tạm khóa đăng nhập", self.to_string()),
            _ => ("Yêu cầu không hợp lệ", self.to_string()),
        };
        let link = match self {
            AdminError::Conflict { link, .. } => Some(link.as_str()),
            AdminError::SignInNeeded => Some("/dang-nhap"),
            _ => None,
        };
        let sent = match self {
            AdminError::Conflict { sent, .. } => sent.as_deref(),
            _ => None,
        };
        let body = ErrorPage {
            nav: None,
            title,
            message,
            link,
            sent,
        }
        .render()
        .unwrap_or_else(|_| "Lỗi".to_string());
        let mut response = HttpResponse::build(status);
        response.content_type("text/html; charset=utf-8");
        if let AdminError::Throttled(seconds) = self {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.body(body)
    }
}
