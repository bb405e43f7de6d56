//! The data layer: the only code that speaks SQL.
//!
//! Figures are stored as TEXT in machine format ("31620.6") and read back
//! into `Decimal`, so the published digits survive the round trip; SQLite's
//! REAL would turn 0.7 into 0.69999… . The schema's version is kept in
//! `PRAGMA user_version`; a file of another version is refused rather than
//! misread.
//!
//! While serving, every connection is opened read-only and `query_only`:
//! no request can change data.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use rust_decimal::Decimal;

use crate::dataset::{self, Figures, Rejected};
use crate::indicator::{self, Catalogue};
use crate::model::{
    Activity, ActivityKind, FigureKey, Observation, Plan, Published, Rate, Status, Target,
    YearFigures, sort_observations,
};
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

mod activities;
mod calendar;
mod figures;
mod import;
mod open;
mod plans;
mod pool;
mod releases;
mod rows;
mod schema;

use activities::write_activities;
use figures::mark_shown;
use import::import_publications;
use pool::IdleConnection;
use releases::record_release;
use rows::*;
use schema::{OUR_TABLES, migrate};

pub use calendar::{CalendarChange, CalendarEntry, CalendarStatus};
pub use figures::{PeriodRecord, Revision};
pub use import::{Change, ImportReport, Outcome};
pub use open::{DataVersion, SeedFiles, backup_file};
pub use pool::Reader;
pub use releases::{
    Correction, FigureRelease, Release, ReleaseChange, ReleaseItem, ReleaseKind, ReleaseNote,
};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}: không có tệp cơ sở dữ liệu")]
    Missing(PathBuf),
    #[error(
        "{0}: không có thư mục này; hãy tạo thư mục trước hoặc chọn một đường dẫn khác cho --db"
    )]
    NoDirectory(PathBuf),
    #[error(
        "{0}: tệp SQLite của một chương trình khác, không phải cơ sở dữ liệu của trang số liệu; tệp được để nguyên, hãy chọn một tệp khác cho --db"
    )]
    Foreign(PathBuf),
    /// The reason is in words, not the SQLite error chain, so that the
    /// fault reads as one line: "data/x.sqlite: tệp không phải cơ sở dữ
    /// liệu SQLite".
    #[error("{path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "{path}: lược đồ phiên bản {found}, mới hơn phiên bản {expected} mà chương trình này hiểu; hãy dùng bản chương trình mới hơn"
    )]
    SchemaVersion {
        path: PathBuf,
        found: i64,
        expected: i64,
    },
    #[error("dữ liệu hỏng trong cơ sở dữ liệu: {0}")]
    Corrupt(String),
    /// Names the file of `data/` at fault: the lines alone do not say
    /// which of three files they are in.
    #[error("{file} (dữ liệu tạo cơ sở dữ liệu) không hợp lệ: {rejected}")]
    Seed {
        file: &'static str,
        rejected: Rejected,
    },
    #[error("danh mục chỉ tiêu (indicators.csv) không hợp lệ: {0}")]
    Catalogue(String),
    #[error("{path}: không đọc được tệp dữ liệu ({source})")]
    SeedFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("lỗi SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path}: không tạo được tệp ({source})")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What to do when the database file does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    Fail,
    /// Make it with the schema and the 2023 interview's figures alone (a
    /// small, fixed set: what the tests read).
    Seed,
    /// Make it with the interview's figures and the public record
    /// 2020–2025 (`data/public-record.csv`): what the site serves.
    SeedAndRecord,
    /// Make it with the schema only (importing).
    Empty,
}

/// What opening found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Migrated { from: i64 },
    Created,
}

/// A handle on the database file. Cheap to clone; every query opens its own
/// connection, which SQLite makes cheap, so no connection is shared across
/// threads.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// Read connections kept between pages. Opening one costs more than a
    /// page's queries (SQLite reads and parses the schema, and every
    /// statement is prepared afresh); a kept one has its statements
    /// prepared (`prepare_cached`) and sees every committed import, since
    /// SQLite checks the file at each read transaction.
    idle: Arc<Mutex<Vec<IdleConnection>>>,
    /// The indicators, as the database holds them (read when opened).
    catalogue: &'static Catalogue,
}

#[cfg(test)]
mod tests;
