//! One file per page: its template struct next to its handler.

pub mod about;
pub mod activities;
pub mod briefing;
pub mod chart;
pub mod ecommerce;
pub mod figure_history;
pub mod industry;
pub mod open_data;
pub mod overview;
pub mod releases;
pub mod retail;
pub mod trade;

use actix_web::web::Html;
use askama::Template;

use crate::web::error::AppError;

/// Renders a page template into the response body.
fn render(page: &impl Template) -> Result<Html, AppError> {
    Ok(Html::new(page.render()?))
}
