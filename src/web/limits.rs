//! What the site refuses before any handler runs. How a refusal is worded
//! is `error`'s business.
//!
//! The site only reads, and reads nothing from request bodies, so its
//! limits are tight: GET and HEAD only, on every path. Requests beyond
//! actix-http's own protocol limits (a request head over 32 KiB, more than
//! 96 headers) are refused by actix before the application sees them, with
//! a bare status line.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::middleware::Next;

use crate::web::error::{self, AppError, Refusal};

/// Longer than any address of the site with its parameters, many times over.
pub const MAX_URI_BYTES: usize = 2048;
/// All header names and values together.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
/// Bodies are never read; a small one (some clients send one) is ignored.
pub const MAX_BODY_BYTES: u64 = 1024;

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

/// Middleware: refuses other methods than GET and HEAD, over-long addresses,
/// oversized headers and bodies before any handler runs.
pub async fn enforce(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(refusal) = refusal_of(&request) {
        let response = error::answer(&AppError::Refused(refusal), request.path());
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
