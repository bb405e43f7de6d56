//! The drafts database's tables, made once and marked as ours.

use std::path::Path;

use rusqlite::Connection;

use super::{APPLICATION_ID, DraftError};

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('bien-tap', 'duyet', 'quan-tri')),
    password_hash TEXT NOT NULL,
    must_change   INTEGER NOT NULL DEFAULT 1,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);
-- The id is kept only as its SHA-256: a copy of this file opens no session.
CREATE TABLE session (
    id_hash     TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id),
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL
);
CREATE INDEX session_by_account ON session (account_id);
CREATE TABLE login_failure (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL, -- the SHA-256 of the name as typed
    client    TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX login_failure_by_name ON login_failure (name, at);
CREATE INDEX login_failure_by_client ON login_failure (client, at);
CREATE TABLE change_set (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('phat-hanh', 'dieu-chinh', 'dinh-chinh')),
    public_note   TEXT NOT NULL DEFAULT '',
    -- The rows in the machine format `import` reads (data/README.md).
    rows_csv      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('nhap', 'cho-duyet', 'da-duyet', 'da-cong-bo')),
    -- Bumped by every save: a save made from an older version is refused.
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    INTEGER NOT NULL REFERENCES account(id),
    edited_by     INTEGER NOT NULL REFERENCES account(id),
    approved_by   INTEGER REFERENCES account(id),
    approved_hash TEXT,
    -- A period already official opens only with an approver's reason,
    -- for the content it was given for.
    unlocked_by   INTEGER REFERENCES account(id),
    unlock_reason TEXT,
    unlocked_hash TEXT,
    returned_reason TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    published_at  TEXT
);
-- A warning of `check` passed with a written reason, kept with its set.
CREATE TABLE change_set_waiver (
    change_set_id INTEGER NOT NULL REFERENCES change_set(id),
    finding       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    account_id    INTEGER NOT NULL REFERENCES account(id),
    at            TEXT NOT NULL,
    PRIMARY KEY (change_set_id, finding)
);
-- Append-only: each row carries the hash of the one before and its own,
-- so that `congthuong audit verify` finds a row edited or removed.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    before    TEXT NOT NULL,
    after     TEXT NOT NULL,
    reason    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_by_object ON audit (object);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'nhật ký kiểm tra chỉ được ghi thêm, không được sửa'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'nhật ký kiểm tra chỉ được ghi thêm, không được xóa'); END;
";

pub(super) fn migrate(connection: &mut Connection, path: &Path) -> Result<(), DraftError> {
    let application_id: i32 =
        connection.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let tables: i64 =
        connection.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |row| row.get(0))?;
    if application_id == APPLICATION_ID && version == SCHEMA_VERSION {
        return Ok(());
    }
    if application_id != 0 || tables != 0 {
        return Err(DraftError::Foreign(path.to_path_buf()));
    }
    connection.pragma_update(None, "journal_mode", "wal")?;
    let transaction = connection.transaction()?;
    transaction.execute_batch(SCHEMA)?;
    transaction.pragma_update(None, "application_id", APPLICATION_ID)?;
    transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    transaction.commit()?;
    Ok(())
}
