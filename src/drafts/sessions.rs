//! Server-side sessions: the browser holds a random id; this file holds its
//! SHA-256, the account, the form token and two times. A session ends 30
//! minutes after it was last used, 10 hours after it began, at logout, or
//! when its account is disabled; a login always makes a new one (no id
//! chosen before login survives it).

use rusqlite::{OptionalExtension, params};

use super::accounts::{ACCOUNT_COLUMNS, Account, account_of, actor_entry, checked};
use super::audit::append;
use super::{DraftError, DraftStore, random_hex, sha256_hex};

#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle_seconds: i64,
    pub absolute_seconds: i64,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            idle_seconds: 30 * 60,
            absolute_seconds: 10 * 3600,
        }
    }
}

/// A live session: who, and the token every form must carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: Account,
    pub csrf_token: String,
}

impl DraftStore {
    /// Starts a session for `account` after a good login, logged; returns
    /// the id for the cookie (never stored as such) and the session.
    pub fn start_session(
        &self,
        account: &Account,
        client: &str,
    ) -> Result<(String, Session), DraftError> {
        // 256 bits each, from the operating system.
        let id = random_hex(32)?;
        let csrf_token = random_hex(32)?;
        let now = self.clock.now();
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO session (id_hash, account_id, csrf_token, created_at, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![sha256_hex(id.as_bytes()), account.id, csrf_token, now],
        )?;
        // Sessions long over are cleared as new ones begin.
        transaction.execute(
            "DELETE FROM session WHERE created_at < ?1",
            [now - SessionLimits::default().absolute_seconds],
        )?;
        let mut entry = actor_entry(account, "dang-nhap", "dang-nhap".to_string());
        entry.after = format!("từ {client}");
        append(&transaction, &crate::format::utc_of_unix(now), &entry)?;
        transaction.commit()?;
        Ok((
            id,
            Session {
                account: account.clone(),
                csrf_token,
            },
        ))
    }

    /// The live session of a cookie's id, marked as used now; `None` when
    /// there is none, it has run out (and is removed), or its account is
    /// disabled.
    pub fn session(&self, id: &str, limits: SessionLimits) -> Result<Option<Session>, DraftError> {
        let id_hash = sha256_hex(id.as_bytes());
        let now = self.clock.now();
        let connection = self.connect()?;
        // The session and its account, in one read.
        let found = connection
            .query_row(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS}, s.csrf_token, s.created_at, s.seen_at
                     FROM session s JOIN account a ON a.id = s.account_id
                     WHERE s.id_hash = ?1"
                ),
                [&id_hash],
                |row| {
                    Ok((
                        account_of(row)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, i64>(7)?,
                        row.get::<_, i64>(8)?,
                    ))
                },
            )
            .optional()?;
        let Some((account, csrf_token, created_at, seen_at)) = found else {
            return Ok(None);
        };
        let account = checked(account)?;
        let expired =
            now - seen_at > limits.idle_seconds || now - created_at > limits.absolute_seconds;
        if expired || account.disabled {
            connection.execute("DELETE FROM session WHERE id_hash = ?1", [&id_hash])?;
            return Ok(None);
        }
        connection.execute(
            "UPDATE session SET seen_at = ?1 WHERE id_hash = ?2",
            params![now, id_hash],
        )?;
        Ok(Some(Session {
            account,
            csrf_token,
        }))
    }

    /// Ends a session (logout), logged.
    pub fn end_session(&self, id: &str, account: &Account) -> Result<(), DraftError> {
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "DELETE FROM session WHERE id_hash = ?1",
            [sha256_hex(id.as_bytes())],
        )?;
        let entry = actor_entry(account, "dang-xuat", "dang-nhap".to_string());
        append(&transaction, &self.clock.now_utc(), &entry)?;
        transaction.commit()?;
        Ok(())
    }
}
