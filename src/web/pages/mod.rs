//! One file per page: its template struct next to its handler.

pub mod about;
pub mod activities;
pub mod briefing;
pub mod calendar;
pub mod chart;
pub mod figure_history;
pub mod open_data;
pub mod overview;
pub mod releases;
pub mod robots;
pub mod section;

use actix_web::web::Html;
use askama::Template;

use crate::web::error::AppError;
use crate::web::layout::Layout;

/// Renders a page template into the response body.
fn render(page: &impl Template) -> Result<Html, AppError> {
    Ok(Html::new(page.render()?))
}

#[derive(Template)]
#[template(path = "absent.html")]
struct AbsentPage {
    layout: Layout,
    message: String,
    /// This page in the newest period published.
    latest: String,
}

/// The page for a view that has figures, but not the ones this page shows
/// (retail in a period whose report gave exports only): it says so with a
/// 200 rather than a 404, because every link between views — the
/// navigation and the year and period pickers keep the view — must lead
/// somewhere, on this server and on a static copy. Such a page is kept out
/// of search engines. `what`: "bán lẻ hàng hóa và doanh thu dịch vụ".
fn absent(layout: Layout, what: &str) -> Result<Html, AppError> {
    Ok(Html::new(absent_html(layout, what)?))
}

/// `absent`'s page as text.
fn absent_html(layout: Layout, what: &str) -> Result<String, AppError> {
    let latest = layout.path.clone();
    absent_html_linking(layout, what, latest)
}

/// `absent`'s page as text, its way out leading to `latest` (the newest
/// view that has what the page shows).
fn absent_html_linking(mut layout: Layout, what: &str, latest: String) -> Result<String, AppError> {
    layout.noindex = true;
    layout.status = None;
    layout.sources.clear();
    let message = format!("Chưa có số liệu {what} công bố cho {}.", layout.when);
    Ok(AbsentPage {
        layout,
        message,
        latest,
    }
    .render()?)
}
