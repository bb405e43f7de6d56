//! Tests against the real server: each starts the site on port 0 with its
//! own SQLite file made from the committed seed, fetches pages over HTTP and
//! reads them as parsed HTML (or SVG as XML).

mod addresses;
mod admin;
mod briefing;
mod catalogue;
mod charts;
mod cli;
mod errors;
mod hardening;
mod helpers;
mod journalists;
mod modules;
mod pages;
mod paths;
mod performance;
mod publish;
mod record;
mod releases;
mod static_site;
mod years;
