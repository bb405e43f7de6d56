//! The one error type of the web layer, and the one place that answers
//! errors: a Vietnamese page, or JSON under `/api/`.
//!
//! Policy: handlers, extractors and middleware return `AppError`. A request
//! the reader got wrong (a bad `nam`, an unknown path, a year without
//! figures, a refused method or size) is answered with what is wrong and
//! where to go instead, with its 4xx status. Anything else is our fault: the
//! reader gets a plain 500, and the cause goes to the log only — never to
//! the answer.
//!
//! Why in two steps: `ResponseError::error_response` does not see the
//! request, so it cannot tell a page from an API call. It records what is
//! to be said (`Answer`) in the response's extensions; `answer_errors`, the
//! innermost middleware, sees the path and writes the page or the JSON —
//! and gives answers that other components made (actix-files' plain-text
//! 400, actix's own 404 and 405) the same form. `answer` does both steps at
//! once for refusals made before any handler runs.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;

use crate::charts::ChartError;
use crate::db::DbError;
use crate::period::Period;
use crate::web::layout::Layout;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("không có trang này")]
    NotFound,
    /// Not an error but the way out of an extractor: the page is at
    /// `location` (a view asked for in the query form, which has a path).
    #[error("trang đã chuyển tới {location}")]
    Moved { location: String, permanent: bool },
    /// An API query names an indicator that has no code.
    #[error("không có chỉ tiêu \"{0}\"; danh mục ở /api/v1/indicators")]
    UnknownIndicator(String),
    #[error("{}", .0.message())]
    Refused(Refusal),
    #[error("cơ sở dữ liệu chưa có số liệu nào")]
    NoFigures,
    #[error("chưa có số liệu năm {year}")]
    NoDataForYear { year: i32, years: Vec<i32> },
    #[error("chưa có số liệu {}", .period.of_year(*.year))]
    NoDataForPeriod {
        year: i32,
        period: Period,
        years: Vec<i32>,
    },
    /// A request whose parameters are wrong; the text says which and how.
    #[error("{0}")]
    BadRequest(String),
    /// A request that could not be read at all (refused by a component
    /// before it reached us).
    #[error("yêu cầu không hợp lệ")]
    Unreadable,
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

/// A request refused for its form rather than for what it asks
/// (`limits::enforce` decides which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    MethodNotAllowed,
    UriTooLong,
    HeadersTooLarge,
    BodyTooLarge,
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::UriTooLong => StatusCode::URI_TOO_LONG,
            Refusal::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Refusal::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Refusal::MethodNotAllowed => "Phương thức không được hỗ trợ",
            Refusal::UriTooLong => "Địa chỉ quá dài",
            Refusal::HeadersTooLarge => "Phần đầu yêu cầu quá lớn",
            Refusal::BodyTooLarge => "Nội dung gửi lên quá lớn",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::MethodNotAllowed => {
                "Trang số liệu chỉ để đọc: mọi địa chỉ chỉ nhận yêu cầu GET và HEAD. \
                 Số liệu được cập nhật bằng lệnh nhập liệu của Sở, không qua trang web."
            }
            Refusal::UriTooLong => {
                "Địa chỉ yêu cầu dài quá 2.048 byte. Hãy kiểm tra lại đường dẫn và các tham số."
            }
            Refusal::HeadersTooLarge => {
                "Phần đầu (header) của yêu cầu lớn quá 8 KiB. Hãy xóa cookie của trang rồi thử lại."
            }
            Refusal::BodyTooLarge => {
                "Trang số liệu không nhận nội dung gửi lên; yêu cầu này mang theo quá 1 KiB dữ liệu."
            }
        }
    }
}

impl AppError {
    /// A fault of ours (500), as opposed to a request the reader got wrong.
    fn is_fault_of_ours(&self) -> bool {
        self.status_code().is_server_error()
    }

    /// What is said about the error, to a reader and to a program. A fault
    /// of ours is logged here, with its whole cause chain, and said in
    /// general words only.
    fn answer(&self) -> Answer {
        let status = self.status_code();
        if self.is_fault_of_ours() {
            tracing::error!(error = %cause_chain(self), "request failed");
            return Answer {
                status,
                heading: "Lỗi máy chủ".to_string(),
                message: "Máy chủ gặp sự cố khi dựng trang này. Sự cố đã được ghi lại; \
                          xin vui lòng thử lại sau ít phút."
                    .to_string(),
                api_message: "lỗi máy chủ".to_string(),
                years: Vec::new(),
                allow: None,
            };
        }
        let (heading, message, years) = match self {
            AppError::Moved { location, .. } => (
                "Trang đã chuyển".to_string(),
                format!("Trang này nay ở địa chỉ {location}."),
                Vec::new(),
            ),
            AppError::NotFound => (
                "Không tìm thấy trang".to_string(),
                "Địa chỉ này không có trên trang số liệu của Sở Công Thương. \
                 Hãy kiểm tra lại đường dẫn hoặc chọn một mục trong thanh điều hướng."
                    .to_string(),
                Vec::new(),
            ),
            AppError::UnknownIndicator(code) => (
                "Không tìm thấy chỉ tiêu".to_string(),
                format!(
                    "Không có chỉ tiêu mã “{code}”. Danh mục các chỉ tiêu ở /api/v1/indicators \
                     và trên trang Giới thiệu."
                ),
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
            AppError::NoDataForPeriod {
                year,
                period,
                years,
            } => (
                format!("Chưa có số liệu {}", period.of_year(*year)),
                format!(
                    "Trang này chưa có số liệu {} ({}). Các năm đã có số liệu được liệt kê dưới đây; \
                     mỗi năm mở ở kỳ mới nhất đã công bố.",
                    period.of_year(*year),
                    period.slug()
                ),
                years.clone(),
            ),
            AppError::BadRequest(reason) => (
                "Yêu cầu không hợp lệ".to_string(),
                reason.clone(),
                Vec::new(),
            ),
            AppError::Unreadable => (
                "Yêu cầu không hợp lệ".to_string(),
                "Yêu cầu không đọc được.".to_string(),
                Vec::new(),
            ),
            AppError::Refused(refusal) => (
                refusal.heading().to_string(),
                refusal.message().to_string(),
                Vec::new(),
            ),
            AppError::Database(_)
            | AppError::Chart(_)
            | AppError::Render(_)
            | AppError::Internal(_) => unreachable!("faults of ours are answered above"),
        };
        let api_message = match self {
            AppError::NotFound => "không có địa chỉ này trong API".to_string(),
            other => other.to_string(),
        };
        Answer {
            status,
            heading,
            message,
            api_message,
            years,
            allow: matches!(self, AppError::Refused(Refusal::MethodNotAllowed))
                .then_some("GET, HEAD"),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Moved {
                permanent: true, ..
            } => StatusCode::MOVED_PERMANENTLY,
            AppError::Moved {
                permanent: false, ..
            } => StatusCode::FOUND,
            AppError::NotFound
            | AppError::UnknownIndicator(_)
            | AppError::NoFigures
            | AppError::NoDataForYear { .. }
            | AppError::NoDataForPeriod { .. } => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Unreadable => StatusCode::BAD_REQUEST,
            AppError::Refused(refusal) => refusal.status(),
            AppError::Database(_)
            | AppError::Chart(_)
            | AppError::Render(_)
            | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The status and, in the extensions, what to say; `answer_errors`
    /// writes it out for the request's path.
    fn error_response(&self) -> HttpResponse {
        if let AppError::Moved {
            location,
            permanent,
        } = self
        {
            // A link printed on paper moves once and for all, and caches may
            // keep that; a period named without its year moves on as
            // figures come out.
            return HttpResponse::build(self.status_code())
                .insert_header((header::LOCATION, location.as_str()))
                .insert_header((
                    header::CACHE_CONTROL,
                    if *permanent {
                        "public, max-age=86400"
                    } else {
                        "no-cache"
                    },
                ))
                .finish();
        }
        let mut response = HttpResponse::new(self.status_code());
        response.extensions_mut().insert(self.answer());
        response
    }
}

/// What an error answer says, made once from the error.
#[derive(Debug, Clone)]
struct Answer {
    status: StatusCode,
    heading: String,
    message: String,
    /// The JSON `message` under `/api/`: short, lower-case, no advice
    /// about navigation.
    api_message: String,
    /// Years that do have figures, when that is the way out.
    years: Vec<i32>,
    /// The `Allow` header a 405 carries.
    allow: Option<&'static str>,
}

/// The page every error is shown as. Fields: `layout` (the shared layout
/// with no year selected), `heading`, `message`, and `years`: links to the
/// years that do have figures, when that is the way out.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    heading: &'a str,
    message: &'a str,
    years: &'a [i32],
}

impl Answer {
    /// The answer for `path`: JSON under the API, a page elsewhere.
    fn respond(&self, path: &str) -> HttpResponse {
        let mut response = if path.starts_with("/api/") {
            self.json()
        } else {
            self.page()
        };
        if let Some(allow) = self.allow {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        response
    }

    fn json(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(serde_json::json!({
            "error": { "status": self.status.as_u16(), "message": self.api_message }
        }))
    }

    /// The page, or a line of plain text should the page itself fail.
    fn page(&self) -> HttpResponse {
        let page = ErrorPage {
            layout: Layout::for_error(&self.heading),
            status: self.status.as_u16(),
            heading: &self.heading,
            message: &self.message,
            years: &self.years,
        };
        let mut response = HttpResponse::build(self.status);
        // An error is about this moment (a year not yet published, a fault
        // being mended): no cache may keep it.
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        match page.render() {
            Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
            Err(error) => {
                tracing::error!(%error, "the error page itself failed to render");
                response
                    .content_type("text/plain; charset=utf-8")
                    .body(format!("{} {}", self.status.as_u16(), self.heading))
            }
        }
    }
}

/// `error` answered for `path` at once: for middleware that answers before
/// any handler (and so before `answer_errors`) runs.
pub fn answer(error: &AppError, path: &str) -> HttpResponse {
    error.answer().respond(path)
}

/// What another component's error status means to a reader.
fn replacement_for(status: StatusCode, path: &str) -> AppError {
    if status.is_server_error() {
        AppError::Internal(format!("lỗi {status} từ thành phần phục vụ"))
    } else if status == StatusCode::METHOD_NOT_ALLOWED {
        AppError::Refused(Refusal::MethodNotAllowed)
    } else if status == StatusCode::BAD_REQUEST && !path.starts_with("/static/") {
        AppError::Unreadable
    } else {
        // Under `/static` any refused path is a file that is not there.
        AppError::NotFound
    }
}

/// Error handler for every error status, the innermost middleware: writes
/// our own errors out as a page or JSON, and replaces the answers of other
/// components (actix-files' plain-text "segment started with invalid
/// character" or "unable to render directory", actix's own 404) with ours.
pub fn answer_errors<B: MessageBody>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let path = response.request().path();
    let answered = match response.response().extensions().get::<Answer>() {
        Some(answer) => answer.respond(path),
        None => answer(&replacement_for(response.status(), path), path),
    };
    let (request, _) = response.into_parts();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, answered).map_into_right_body(),
    ))
}

/// Anything no route claims: the site's one not-found answer.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Query strings the extractor cannot read (a repeated parameter, bytes
/// that are not UTF-8): a 400 that says which.
pub fn bad_query(error: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    let detail = if error.to_string().contains("duplicate field") {
        "một tham số xuất hiện nhiều lần"
    } else {
        "tham số không đọc được"
    };
    AppError::BadRequest(format!("Địa chỉ có tham số không hợp lệ: {detail}.")).into()
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

    #[test]
    fn a_fault_of_ours_says_nothing_of_its_cause_to_the_reader() {
        let answer = AppError::Internal("bí mật: /srv/congthuong".to_string()).answer();
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answer.api_message, "lỗi máy chủ");
        assert!(!answer.message.contains("bí mật"));
    }
}
