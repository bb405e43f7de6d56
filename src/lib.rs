//! congthuong: the public figures of the Gia Lai Department of Industry and
//! Trade (Sở Công Thương tỉnh Gia Lai), as a server-rendered website.
//!
//! Where things are:
//! - routes are declared in one place, [`web::configure`], and implemented
//!   one page per file under `web/pages/`;
//! - the data layer, [`db`], is the only code that speaks SQL;
//! - [`charts`] are pure functions from figures to SVG;
//! - [`format`] decides how every number is written, for pages and charts;
//! - [`startup`] builds the server from a listener, for `main` and the tests;
//! - [`publish`] renders the whole site in-process and writes it for
//!   static hosts, with the headers [`static_host`] works out from the
//!   site's own answers; [`copies`] keeps those copies, each release a new
//!   one switched to in one step, only its changed files written;
//! - [`admin`] is the staff side's process over its own database,
//!   [`drafts`]: change sets, their preview, approval and publication on
//!   the release calendar.
//!
//! Error policy: `anyhow` at the edges (the command line), typed errors in
//! the model ([`db::DbError`], [`dataset::Rejected`], [`charts::ChartError`]),
//! and one error type for the web layer, [`web::error::AppError`], answered
//! in one place as a Vietnamese page, or as JSON under `/api/`.

pub mod admin;
pub mod charts;
pub mod check;
pub mod cli;
pub mod copies;
pub mod dataset;
pub mod db;
pub mod drafts;
pub mod format;
pub mod indicator;
pub mod model;
pub mod period;
pub mod publish;
pub mod publisher;
pub mod report;
pub mod spreadsheet;
pub mod startup;
pub mod static_host;
pub mod territory;
pub mod web;
pub mod workbook;
