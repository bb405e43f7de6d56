//! Signing in and out, and changing one's password.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AdminError, AdminState, Nav, Staff, html, see_other};
use crate::drafts::DraftError;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    nav: Option<Nav>,
    name: String,
    problem: Option<String>,
}

pub async fn form() -> Result<HttpResponse, AdminError> {
    html(&LoginPage {
        nav: None,
        name: String::new(),
        problem: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
}

/// The client address failures are counted by: the connection's peer (a
/// proxy in front should pass one connection per client or be trusted
/// explicitly; a forwarded header is not believed).
fn client_of(request: &HttpRequest) -> String {
    request
        .peer_addr()
        .map_or_else(|| "không rõ".to_string(), |addr| addr.ip().to_string())
}

pub async fn submit(
    request: HttpRequest,
    state: web::Data<AdminState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AdminError> {
    let LoginForm { name, password } = form.into_inner();
    let name = name.trim().to_lowercase();
    let client = client_of(&request);
    if name.len() > 100 || password.len() > 1024 {
        return Err(AdminError::BadRequest("tên hoặc mật khẩu quá dài".into()));
    }
    let drafts = state.drafts.clone();
    let (check_name, check_client) = (name.clone(), client.clone());
    // A throttled attempt is refused unchecked, and logged.
    let wait = web::block(move || -> Result<_, crate::drafts::DraftError> {
        let wait = drafts.login_wait(&check_name, &check_client)?;
        if wait.is_some() {
            drafts.login_throttled(&check_name, &check_client)?;
        }
        Ok(wait)
    })
    .await??;
    if let Some(seconds) = wait {
        return Err(AdminError::Throttled(seconds));
    }
    let drafts = state.drafts.clone();
    let lookup = name.clone();
    // Argon2 runs off the async workers.
    let account = web::block(move || drafts.authenticate(&lookup, &password)).await??;
    let Some(account) = account else {
        let drafts = state.drafts.clone();
        let (failed_name, failed_client) = (name.clone(), client);
        web::block(move || drafts.login_failed(&failed_name, &failed_client)).await??;
        // The same answer for an unknown name and a wrong password.
        let page = LoginPage {
            nav: None,
            name,
            problem: Some("Tên tài khoản hoặc mật khẩu không đúng.".to_string()),
        };
        return Ok(HttpResponse::Unauthorized()
            .content_type("text/html; charset=utf-8")
            .body(page.render()?));
    };
    let drafts = state.drafts.clone();
    let signed_in = account.clone();
    let (id, _) = web::block(move || drafts.start_session(&signed_in, &client)).await??;
    // A session cookie (no Max-Age): gone when the browser closes; the
    // server ends it sooner by its own limits.
    let cookie = session_cookie(&state, id);
    let mut response = see_other(if account.must_change {
        "/mat-khau"
    } else if account.role.edits() {
        "/"
    } else {
        "/tai-khoan"
    });
    response
        .add_cookie(&cookie)
        .map_err(|e| AdminError::Internal(e.to_string()))?;
    Ok(response)
}

/// The session cookie, as every answer that sets or removes it writes it.
fn session_cookie(state: &AdminState, value: String) -> Cookie<'static> {
    Cookie::build(state.cookie.name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.cookie.secure)
        .finish()
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    staff: Staff,
    state: web::Data<AdminState>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let drafts = state.drafts.clone();
    let (id, account) = (staff.id.clone(), staff.session.account.clone());
    web::block(move || drafts.end_session(&id, &account)).await??;
    let mut response = see_other("/dang-nhap");
    let mut gone = session_cookie(&state, String::new());
    gone.make_removal();
    response
        .add_cookie(&gone)
        .map_err(|e| AdminError::Internal(e.to_string()))?;
    Ok(response)
}

#[derive(Template)]
#[template(path = "admin/password.html")]
struct PasswordPage {
    nav: Option<Nav>,
    csrf: String,
    must_change: bool,
    problem: Option<String>,
}

pub async fn password_form(staff: Staff) -> Result<HttpResponse, AdminError> {
    html(&PasswordPage {
        nav: Some(staff.nav()),
        csrf: staff.session.csrf_token.clone(),
        must_change: staff.session.account.must_change,
        problem: None,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    current: String,
    new: String,
    repeated: String,
}

pub async fn change_password(
    staff: Staff,
    state: web::Data<AdminState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AdminError> {
    staff.check_token(&form.csrf)?;
    let PasswordForm {
        current,
        new,
        repeated,
        ..
    } = form.into_inner();
    let drafts = state.drafts.clone();
    let account = staff.session.account.clone();
    let outcome =
        web::block(move || drafts.change_password(&account, &current, &new, &repeated)).await?;
    match outcome {
        Ok(()) => Ok(see_other("/")),
        Err(DraftError::Password(problem)) => {
            let page = PasswordPage {
                nav: Some(staff.nav()),
                csrf: staff.session.csrf_token.clone(),
                must_change: staff.session.account.must_change,
                problem: Some(format!("Chưa đổi: {problem}.")),
            };
            Ok(HttpResponse::BadRequest()
                .content_type("text/html; charset=utf-8")
                .body(page.render()?))
        }
        Err(other) => Err(other.into()),
    }
}
