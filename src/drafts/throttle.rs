//! Login throttling: after 5 failures in 15 minutes, for one account name
//! or from one client address, further attempts are refused until the
//! oldest failure leaves the window. Failures are kept for names that do
//! not exist too, so the answer never tells which exist. A name is kept
//! only as its SHA-256, and the log names it only when it is an account's:
//! people type their password into the name field, and what they typed
//! there must not be written down.

use rusqlite::params;

use super::audit::{AuditEntry, append};
use super::{DraftError, DraftStore, sha256_hex};

pub const LOGIN_ATTEMPTS: i64 = 5;
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;

impl DraftStore {
    /// Seconds until `name` may try again from `client`; `None` when it
    /// may now.
    pub fn login_wait(&self, name: &str, client: &str) -> Result<Option<i64>, DraftError> {
        let now = self.clock.now();
        let connection = self.connect()?;
        let since = now - LOGIN_WINDOW_SECONDS;
        let mut wait = None;
        let name_hash = sha256_hex(name.as_bytes());
        for (column, value) in [("name", name_hash.as_str()), ("client", client)] {
            let (count, oldest): (i64, Option<i64>) = connection.query_row(
                &format!(
                    "SELECT COUNT(*), MIN(at) FROM (
                         SELECT at FROM login_failure WHERE {column} = ?1 AND at > ?2
                         ORDER BY at DESC LIMIT ?3)"
                ),
                params![value, since, LOGIN_ATTEMPTS],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            if count >= LOGIN_ATTEMPTS {
                let seconds = oldest.map_or(LOGIN_WINDOW_SECONDS, |oldest| {
                    (oldest + LOGIN_WINDOW_SECONDS - now).max(1)
                });
                wait = Some(wait.map_or(seconds, |w: i64| w.max(seconds)));
            }
        }
        Ok(wait)
    }

    /// Keeps a failed login, and logs it.
    pub fn login_failed(&self, name: &str, client: &str) -> Result<(), DraftError> {
        let now = self.clock.now();
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO login_failure (name, client, at) VALUES (?1, ?2, ?3)",
            params![sha256_hex(name.as_bytes()), client, now],
        )?;
        transaction.execute("DELETE FROM login_failure WHERE at < ?1", [now - 24 * 3600])?;
        let entry = attempt(&transaction, name, client, "dang-nhap-that-bai")?;
        append(&transaction, &crate::format::utc_of_unix(now), &entry)?;
        transaction.commit()?;
        Ok(())
    }

    /// Logs an attempt refused unchecked, while `name` or `client` waits
    /// out its failures (not counted as a failure: waiting is not made
    /// longer by trying).
    pub fn login_throttled(&self, name: &str, client: &str) -> Result<(), DraftError> {
        let connection = self.connect()?;
        let entry = attempt(&connection, name, client, "dang-nhap-bi-chan")?;
        append(&connection, &self.clock.now_utc(), &entry)
    }
}

/// The log's row for a sign-in attempt: the account's name if `name` is
/// one, else not what was typed.
fn attempt(
    connection: &rusqlite::Connection,
    name: &str,
    client: &str,
    action: &str,
) -> Result<AuditEntry, DraftError> {
    let known: bool = connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM account WHERE name = ?1)",
        [name],
        |row| row.get(0),
    )?;
    Ok(AuditEntry {
        actor: if known {
            name.to_string()
        } else {
            "(tên không có tài khoản)".to_string()
        },
        role: String::new(),
        action: action.to_string(),
        object: "dang-nhap".to_string(),
        after: format!("từ {client}"),
        ..AuditEntry::default()
    })
}
