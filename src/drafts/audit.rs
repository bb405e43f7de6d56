//! The audit log: one row per login, failed login, logout, account change
//! and change-set action — when, who, in which role, what, before and
//! after, why. The database refuses to update or delete a row (triggers),
//! and each row holds the SHA-256 of the one before it and of itself, so
//! that an edit made around the triggers (the file opened by hand) or a
//! removed row breaks the chain where it happened.

use rusqlite::{Connection, params};

use super::{DraftError, DraftStore, sha256_hex};

/// What to write: the time and the chain are added.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub actor: String,
    pub role: String,
    pub action: String,
    /// What it was done to: `tai-khoan:lan`, `bo-thay-doi:3`, `dang-nhap`.
    pub object: String,
    pub before: String,
    pub after: String,
    pub reason: String,
}

/// A row as stored.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tampering {
    /// The row's content no longer gives its hash: edited.
    Edited { id: i64 },
    /// The row does not follow the one before it: a row was removed (or
    /// inserted) before it.
    Broken { id: i64 },
}

impl std::fmt::Display for Tampering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tampering::Edited { id } => write!(f, "dòng {id}: nội dung đã bị sửa sau khi ghi"),
            Tampering::Broken { id } => write!(
                f,
                "dòng {id}: không nối tiếp dòng trước nó (một dòng trước đó đã bị xóa hoặc chèn thêm)"
            ),
        }
    }
}

/// The hash that seals a row: its fields and the hash before it, each
/// field's length written first so that no two rows seal alike.
fn seal(at: &str, entry: &AuditEntry, prev_hash: &str) -> String {
    let mut text = String::new();
    for field in [
        at,
        &entry.actor,
        &entry.role,
        &entry.action,
        &entry.object,
        &entry.before,
        &entry.after,
        &entry.reason,
        prev_hash,
    ] {
        text.push_str(&field.len().to_string());
        text.push(':');
        text.push_str(field);
        text.push('\n');
    }
    sha256_hex(text.as_bytes())
}

/// Appends `entry`, in the caller's transaction when it has one: the row
/// is written with the change it records, or not at all.
pub(super) fn append(
    connection: &Connection,
    at: &str,
    entry: &AuditEntry,
) -> Result<(), DraftError> {
    let prev_hash: String = connection
        .query_row(
            "SELECT hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows => Ok(String::new()),
            other => Err(other),
        })?;
    let hash = seal(at, entry, &prev_hash);
    connection.execute(
        "INSERT INTO audit (at, actor, role, action, object, before, after, reason, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            at,
            entry.actor,
            entry.role,
            entry.action,
            entry.object,
            entry.before,
            entry.after,
            entry.reason,
            prev_hash,
            hash
        ],
    )?;
    Ok(())
}

fn read_rows(
    connection: &Connection,
    filter: &str,
    param: Option<&str>,
) -> Result<Vec<AuditRow>, DraftError> {
    let sql = format!(
        "SELECT id, at, actor, role, action, object, before, after, reason, prev_hash, hash
         FROM audit {filter} ORDER BY id"
    );
    let mut statement = connection.prepare(&sql)?;
    let map = |row: &rusqlite::Row<'_>| {
        Ok(AuditRow {
            id: row.get(0)?,
            at: row.get(1)?,
            entry: AuditEntry {
                actor: row.get(2)?,
                role: row.get(3)?,
                action: row.get(4)?,
                object: row.get(5)?,
                before: row.get(6)?,
                after: row.get(7)?,
                reason: row.get(8)?,
            },
            prev_hash: row.get(9)?,
            hash: row.get(10)?,
        })
    };
    let rows: rusqlite::Result<Vec<AuditRow>> = match param {
        Some(param) => statement.query_map([param], map)?.collect(),
        None => statement.query_map([], map)?.collect(),
    };
    Ok(rows?)
}

impl DraftStore {
    /// Writes one row of the log on its own.
    pub fn audit(&self, entry: &AuditEntry) -> Result<(), DraftError> {
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        append(&transaction, &self.clock.now_utc(), entry)?;
        transaction.commit()?;
        Ok(())
    }

    /// The whole log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditRow>, DraftError> {
        read_rows(&self.connect()?, "", None)
    }

    /// The rows about one object (`bo-thay-doi:3`), through its index.
    pub fn audit_of(&self, object: &str) -> Result<Vec<AuditRow>, DraftError> {
        read_rows(&self.connect()?, "WHERE object = ?1", Some(object))
    }

    /// The publications (by a change set or the command line) whose
    /// outcome names `indicator`: a figure's history. Each outcome line
    /// starts with the indicator's code and a space (`Outcome`'s form),
    /// which tells `trade.export` from `trade.export.coffee`. A scan of
    /// the log's publications, read only by the admin's figure page.
    pub fn publications_of(&self, indicator: &str) -> Result<Vec<AuditRow>, DraftError> {
        read_rows(
            &self.connect()?,
            "WHERE action IN ('cong-bo', 'nhap-dong-lenh')
               AND (instr(after, char(10) || ?1 || ' ') > 0 OR instr(after, char(10) || 'kế hoạch ' || ?1 || ' ') > 0)",
            Some(indicator),
        )
    }

    /// Walks the chain: every place it breaks (none for an intact log).
    pub fn verify_audit(&self) -> Result<(usize, Vec<Tampering>), DraftError> {
        let rows = self.audit_log()?;
        let mut found = Vec::new();
        let mut previous = String::new();
        for row in &rows {
            if row.prev_hash != previous {
                found.push(Tampering::Broken { id: row.id });
            }
            if seal(&row.at, &row.entry, &row.prev_hash) != row.hash {
                found.push(Tampering::Edited { id: row.id });
            }
            previous = row.hash.clone();
        }
        Ok((rows.len(), found))
    }
}
