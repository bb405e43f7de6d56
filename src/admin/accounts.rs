//! The accounts, for the administrator: who may sign in, in which role.
//! Accounts are made and disabled from the command line (`congthuong user`),
//! where the one-time password is printed to the person setting them up.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AdminError, AdminState, Nav, Staff, html};
use crate::drafts::Account;

#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct AccountsPage {
    nav: Option<Nav>,
    accounts: Vec<Account>,
}

pub async fn list(staff: Staff, state: web::Data<AdminState>) -> Result<HttpResponse, AdminError> {
    if !staff.session.account.role.manages_accounts() {
        return Err(AdminError::Forbidden(
            "chỉ người quản trị xem được danh sách tài khoản".into(),
        ));
    }
    let drafts = state.drafts.clone();
    let accounts = web::block(move || drafts.accounts()).await??;
    html(&AccountsPage {
        nav: Some(staff.nav()),
        accounts,
    })
}
