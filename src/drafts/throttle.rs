//! Login throttling: after 5 failures in 15 minutes, for one account name
//! or from one client address, further attempts are refused until the
//! oldest failure leaves the window. Failures are kept (and logged) for
//! names that do not exist too, so the answer never tells which exist.

use rusqlite::params;

use super::audit::{AuditEntry, append};
use super::{DraftError, DraftStore};

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
        for (column, value) in [("name", name), ("client", client)] {
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

    /// Keeps a failed login, and logs it (the name as typed, cut short).
    pub fn login_failed(&self, name: &str, client: &str) -> Result<(), DraftError> {
        let now = self.clock.now();
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO login_failure (name, client, at) VALUES (?1, ?2, ?3)",
            params![name, client, now],
        )?;
        transaction.execute("DELETE FROM login_failure WHERE at < ?1", [now - 24 * 3600])?;
        let entry = AuditEntry {
            actor: name.chars().take(60).collect(),
            role: String::new(),
            action: "dang-nhap-that-bai".to_string(),
            object: "dang-nhap".to_string(),
            after: format!("từ {client}"),
            ..AuditEntry::default()
        };
        append(&transaction, &crate::format::utc_of_unix(now), &entry)?;
        transaction.commit()?;
        Ok(())
    }
}
