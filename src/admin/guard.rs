//! What stands in front of every admin route: the security headers, the
//! same-site rule for POSTs, and the session (default-deny: only
//! `OPEN_PATHS` answer without one).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};

use super::{AdminError, AdminState, OPEN_PATHS};
use crate::drafts::Session;

// Fonts and `data:` images: a previewed public page's own.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// No admin answer is cached, indexed or framed.
pub async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = next.call(request).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    for (name, value) in [
        ("cache-control", "no-store"),
        ("x-robots-tag", "noindex, nofollow"),
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        // Not `no-referrer`: with it a browser sends `Origin: null` on its
        // own forms, which `same_site_posts` must refuse.
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ] {
        headers.insert(
            header::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    Ok(response)
}

/// A POST that a browser says came from another site is refused before
/// anything reads it: `Sec-Fetch-Site` other than `same-origin` (or
/// `none`: typed or bookmarked), or an `Origin` that is neither this host
/// nor `--base-url`'s. A request with neither header (an old browser, a
/// script) still needs the session's form token.
pub async fn same_site_posts(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let fetch_site = request
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok());
        let foreign_site = fetch_site.is_some_and(|site| site != "same-origin" && site != "none");
        let host = request.connection_info().host().to_string();
        let configured = request
            .app_data::<web::Data<AdminState>>()
            .map(|state| state.origin.clone())
            .unwrap_or_default();
        let foreign_origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| {
                origin != configured
                    && origin
                        .split_once("://")
                        .is_none_or(|(_, authority)| authority != host)
            });
        if foreign_site || foreign_origin {
            let error = AdminError::Forbidden(
                "yêu cầu đến từ một trang khác; hãy thao tác ngay trên trang quản trị".to_string(),
            );
            return Ok(request.error_response(error).map_into_boxed_body());
        }
    }
    Ok(next.call(request).await?.map_into_boxed_body())
}

/// The session id the browser sent, if any.
fn cookie_id(request: &HttpRequest, state: &AdminState) -> Option<String> {
    request
        .cookie(state.cookie.name)
        .map(|cookie| cookie.value().to_string())
        .filter(|id| id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Every path but `OPEN_PATHS` needs a live session; one whose password
/// must be changed first reaches only that form and sign-out.
pub async fn require_session(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if OPEN_PATHS.contains(&request.path()) {
        return Ok(next.call(request).await?.map_into_boxed_body());
    }
    let state = request
        .app_data::<web::Data<AdminState>>()
        .cloned()
        .ok_or_else(|| AdminError::Internal("no admin state".into()))?;
    let session = match cookie_id(request.request(), &state) {
        Some(id) => {
            let (drafts, limits, lookup) = (state.drafts.clone(), state.limits, id.clone());
            web::block(move || drafts.session(&lookup, limits))
                .await
                .map_err(AdminError::from)?
                .map_err(AdminError::from)?
                .map(|session| (id, session))
        }
        None => None,
    };
    let Some((id, session)) = session else {
        if request.method() == Method::GET {
            let response = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/dang-nhap"))
                .finish();
            return Ok(request.into_response(response));
        }
        return Ok(request
            .error_response(AdminError::SignInNeeded)
            .map_into_boxed_body());
    };
    if session.account.must_change && !["/mat-khau", "/dang-xuat"].contains(&request.path()) {
        let response = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/mat-khau"))
            .finish();
        return Ok(request.into_response(response));
    }
    request.extensions_mut().insert(Staff { id, session });
    Ok(next.call(request).await?.map_into_boxed_body())
}

/// The signed-in staff member of a request (put there by
/// `require_session`).
#[derive(Clone)]
pub struct Staff {
    /// The session id, to end it at logout.
    pub id: String,
    pub session: Session,
}

impl Staff {
    /// The form's token must be this session's.
    pub fn check_token(&self, token: &str) -> Result<(), AdminError> {
        let expected = self.session.csrf_token.as_bytes();
        // Compared in constant time: the token is a secret.
        let same = expected.len() == token.len()
            && expected
                .iter()
                .zip(token.as_bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(AdminError::Forbidden(
                "biểu mẫu đã cũ hoặc không đến từ trang này; hãy tải lại trang và làm lại"
                    .to_string(),
            ))
        }
    }

    /// A row of the audit log for `action` on `object` by this person.
    pub fn audit_entry(&self, action: &str, object: String) -> crate::drafts::AuditEntry {
        let account = &self.session.account;
        crate::drafts::AuditEntry {
            actor: account.name.clone(),
            role: account.role.code().to_string(),
            action: action.to_string(),
            object,
            ..Default::default()
        }
    }

    /// Refuses a role that does not work with figures.
    pub fn works_with_figures(&self) -> Result<(), AdminError> {
        let role = self.session.account.role;
        if role.edits() {
            Ok(())
        } else {
            Err(AdminError::Forbidden(format!(
                "vai trò {} không làm việc với số liệu",
                role.name()
            )))
        }
    }
}

impl FromRequest for Staff {
    type Error = AdminError;
    type Future = std::future::Ready<Result<Staff, AdminError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            request
                .extensions()
                .get::<Staff>()
                .cloned()
                .ok_or(AdminError::SignInNeeded),
        )
    }
}

/// The admin's stylesheet, built into the program and kept out of
/// `static/`, so that no copy of the public site carries it.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::build(StatusCode::OK)
        .content_type("text/css; charset=utf-8")
        .body(include_str!("../../templates/admin/admin.css"))
}

/// The banner's stylesheet on a previewed page (signed-in only).
pub async fn banner_stylesheet() -> HttpResponse {
    HttpResponse::build(StatusCode::OK)
        .content_type("text/css; charset=utf-8")
        .body(include_str!("../../templates/admin/banner.css"))
}
