//! The drafts database's tables, made once and marked as ours.

use std::path::Path;

use rusqlite::Connection;

use super::{APPLICATION_ID, DraftError};

/// Each version's statements, in order: a file of version n runs those
/// after it.
const MIGRATIONS: [&str; 1] = [
    // 2: a set approved is scheduled into a slot of the release calendar
    // (the public database's entry), by an approver, with the reason it
    // goes out before the statistics office's date, when it does.
    "ALTER TABLE change_set ADD COLUMN scheduled_entry INTEGER;
    ALTER TABLE change_set ADD COLUMN scheduled_by INTEGER REFERENCES account(id);
    ALTER TABLE change_set ADD COLUMN early_reason TEXT;
    CREATE INDEX change_set_scheduled ON change_set (scheduled_entry)
        WHERE scheduled_entry IS NOT NULL;",
];

const SCHEMA_VERSION: i64 = 1 + MIGRATIONS.len() as i64;

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
    let first = if application_id == APPLICATION_ID && (1..SCHEMA_VERSION).contains(&version) {
        // An older file of ours: the versions it lacks.
        version
    } else if application_id != 0 || tables != 0 {
        return Err(DraftError::Foreign(path.to_path_buf()));
    } else {
        connection.pragma_update(None, "journal_mode", "wal")?;
        0
    };
    let transaction = connection.transaction()?;
    if first == 0 {
        transaction.execute_batch(SCHEMA)?;
    }
    for statements in &MIGRATIONS[first.max(1) as usize - 1..] {
        transaction.execute_batch(statements)?;
    }
    transaction.pragma_update(None, "application_id", APPLICATION_ID)?;
    transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    transaction.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the first version gains the columns of the later ones,
    /// keeping its rows.
    #[test]
    fn an_older_drafts_file_is_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quan-tri.sqlite");
        let mut connection = Connection::open(&path).unwrap();
        connection.execute_batch(SCHEMA).unwrap();
        connection
            .pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        connection.pragma_update(None, "user_version", 1).unwrap();
        connection
            .execute(
                "INSERT INTO account (name, role, password_hash, created_at)
                 VALUES ('lan', 'bien-tap', 'x', '2026-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
        migrate(&mut connection, &path).unwrap();
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let scheduled: Option<i64> = connection
            .query_row("SELECT max(scheduled_entry) FROM change_set", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(scheduled, None);
        let accounts: i64 = connection
            .query_row("SELECT COUNT(*) FROM account", [], |row| row.get(0))
            .unwrap();
        assert_eq!(accounts, 1);
    }
}
