//! What the site refuses before any handler runs, and how refusals and
//! other errors always reach the reader as our own answer.
//!
//! The site only reads, and reads nothing from request bodies, so its
//! limits are tight: GET and HEAD only, on every path. Requests beyond
//! actix-http's own protocol limits (a request head over 32 KiB, more than
//! 96 headers) are refused by actix before the application sees them, with
//! a bare status line.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, Next};
use actix_web::{HttpResponse, ResponseError};

use crate::web::api::ApiError;
use crate::web::error::AppError;

/// Longer than any address of the site with its parameters, many times over.
pub const MAX_URI_BYTES: usize = 2048;
/// All header names and values together.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
/// Bodies are never read; a small one (some clients send one) is ignored.
pub const MAX_BODY_BYTES: u64 = 1024;

/// A request refused for its form rather than for what it asks.
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

    /// Adds what the status asks for: `Allow` on a 405.
    fn decorate(self, response: &mut HttpResponse) {
        if self == Refusal::MethodNotAllowed {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
    }
}

/// What is wrong with the form of `request`, if anything.
fn refusal_of(request: &ServiceRequest) -> Option<Refusal> {
    let uri = request.uri();
    let uri_bytes = uri.path().len() + uri.query().map_or(0, |q| q.len() + 1);
    if uri_bytes > MAX_URI_BYTES {
        return Some(Refusal::UriTooLong);
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return Some(Refusal::HeadersTooLarge);
    }
    let declared_body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    if declared_body > MAX_BODY_BYTES {
        return Some(Refusal::BodyTooLarge);
    }
    // Last, so that an oversized request hears about its size whatever
    // its method.
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return Some(Refusal::MethodNotAllowed);
    }
    None
}

/// The answer to a refusal: JSON under the API, a page elsewhere.
pub fn refusal_response(path: &str, refusal: Refusal) -> HttpResponse {
    let mut response = if path.starts_with("/api/") {
        ApiError::Refused(refusal).error_response()
    } else {
        AppError::Refused(refusal).error_response()
    };
    refusal.decorate(&mut response);
    response
}

/// "Not found": JSON under the API, a page elsewhere.
pub fn not_found_response(path: &str) -> HttpResponse {
    if path.starts_with("/api/") {
        ApiError::NotFound("không có địa chỉ này trong API".to_string()).error_response()
    } else {
        AppError::NotFound.error_response()
    }
}

/// Middleware: refuses other methods than GET and HEAD, over-long addresses,
/// oversized headers and bodies before any handler runs.
pub async fn enforce(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(refusal) = refusal_of(&request) {
        let response = refusal_response(request.path(), refusal);
        // The connection is closed: an unread body must not be taken for
        // the next request.
        let (request, _) = request.into_parts();
        let mut response = ServiceResponse::new(request, response);
        response
            .response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
        return Ok(response.map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// Marks a response as one of our own error answers (a Vietnamese page or
/// an API JSON error), so that `replace_foreign_errors` leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct OwnErrorAnswer;

/// Error handler for every error status: an answer that is not our own —
/// actix-files' plain-text "segment started with invalid character" or
/// "unable to render directory", actix's own 404 — becomes our page. Under
/// `/static` any refused path is a file that is not there: 404.
pub fn replace_foreign_errors<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if response
        .response()
        .extensions()
        .get::<OwnErrorAnswer>()
        .is_some()
    {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let path = response.request().path().to_string();
    let api = path.starts_with("/api/");
    let replacement = if status.is_server_error() {
        if api {
            ApiError::Internal(format!("{status}")).error_response()
        } else {
            AppError::Internal(format!("lỗi {status} từ thành phần phục vụ")).error_response()
        }
    } else if status == StatusCode::METHOD_NOT_ALLOWED {
        refusal_response(&path, Refusal::MethodNotAllowed)
    } else if status == StatusCode::BAD_REQUEST && !path.starts_with("/static/") {
        if api {
            ApiError::BadRequest("yêu cầu không hợp lệ".to_string()).error_response()
        } else {
            AppError::BadRequest("Yêu cầu không đọc được.".to_string()).error_response()
        }
    } else {
        not_found_response(&path)
    };
    let (request, _) = response.into_parts();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, replacement).map_into_right_body(),
    ))
}
