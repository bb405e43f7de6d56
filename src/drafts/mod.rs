//! The staff side's own database (`data/quan-tri.sqlite`): accounts,
//! sessions, change sets waiting for a second person, and the audit log.
//! Only the admin process and the staff commands (`user`, `audit`,
//! `backup`) open it; the public `serve` never links this module (the
//! module test holds that), so a draft cannot leak through a page.
//!
//! Like `db/`, this is the only code that speaks SQL to its file.

mod accounts;
mod audit;
mod change_sets;
mod clock;
mod schema;
mod sessions;
mod throttle;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub use accounts::{Account, NewAccount, PasswordProblem, Role, check_password, normalise};
pub use audit::{AuditEntry, AuditRow, Tampering};
pub use change_sets::{
    ChangeKind, ChangeSet, ChangeSetStatus, ChangeSetSummary, Schedule, Unlock, Waiver,
    content_hash,
};
pub use clock::Clock;
pub use sessions::{Session, SessionLimits};
pub use throttle::{LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS};

/// Marks a SQLite file as the staff side's (`PRAGMA application_id`),
/// distinct from the public database's `CTGL`: one cannot be opened as
/// the other.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"CTQT");

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{0}: tệp SQLite không phải cơ sở dữ liệu quản trị; tệp được để nguyên")]
    Foreign(PathBuf),
    #[error("{path}: không mở được cơ sở dữ liệu quản trị ({source})")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("lỗi SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("không có tài khoản “{0}”")]
    NoAccount(String),
    #[error("đã có tài khoản “{0}”")]
    AccountExists(String),
    #[error(
        "tên tài khoản chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–40 ký tự)"
    )]
    BadName,
    #[error("{0}")]
    Password(PasswordProblem),
    #[error("không băm được mật khẩu: {0}")]
    Hash(String),
    #[error("dữ liệu hỏng trong cơ sở dữ liệu quản trị: {0}")]
    Corrupt(String),
    #[error("không có nguồn số ngẫu nhiên của hệ điều hành: {0}")]
    Random(String),
    #[error("không có bộ thay đổi số {0}")]
    NoChangeSet(i64),
    /// Saved from an older version: someone saved in between.
    #[error("bộ thay đổi đã được người khác lưu (phiên bản {current}); hãy mở bản mới nhất")]
    Conflict { id: i64, current: i64 },
    /// A step out of order (approving a set not submitted, publishing a
    /// draft).
    #[error("{0}")]
    Step(String),
    /// The second pair of eyes is missing.
    #[error("không được duyệt bộ thay đổi do chính mình tạo hoặc sửa lần cuối")]
    FourEyes,
    /// The role does not allow it.
    #[error("vai trò {0} không được làm việc này")]
    Forbidden(&'static str),
}

/// The drafts database: a path and the clock its times are read from.
#[derive(Clone)]
pub struct DraftStore {
    path: PathBuf,
    clock: Clock,
}

impl DraftStore {
    /// Opens the file, making it (and its schema) when missing; refuses a
    /// SQLite file of another program.
    pub fn open(path: &Path, clock: Clock) -> Result<DraftStore, DraftError> {
        let store = DraftStore {
            path: path.to_path_buf(),
            clock,
        };
        let mut connection = store.connect()?;
        schema::migrate(&mut connection, path)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// A connection for one unit of work. SQLite's own locking keeps
    /// writers apart (`busy_timeout`); WAL lets the backup read while the
    /// admin writes.
    pub(crate) fn connect(&self) -> Result<Connection, DraftError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| DraftError::Open {
            path: self.path.clone(),
            source,
        })?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.pragma_update(None, "foreign_keys", true)?;
        Ok(connection)
    }
}

/// `n` bytes from the operating system's random source, as lowercase hex.
pub fn random_hex(n: usize) -> Result<String, DraftError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| DraftError::Random(e.to_string()))?;
    Ok(hex(&bytes))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// SHA-256 of `text`, as hex: session ids are stored as this (a copy of
/// the database does not hold a usable session), the audit chain links by
/// it, and an approval pins a change set's content with it.
pub fn sha256_hex(text: &[u8]) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(text))
}

#[cfg(test)]
mod tests;
