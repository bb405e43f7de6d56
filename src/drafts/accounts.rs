//! Staff accounts: a name, a role, an Argon2id password hash. There is no
//! default account: `congthuong user add` makes one with a one-time
//! password, which its owner replaces at first login.
//!
//! Passwords follow NIST SP 800-63B: 12 to 128 characters, no composition
//! rules, refused when on a list of common passwords, and normalised
//! (Unicode NFC) the same way wherever they are typed, so that "Hà Nội"
//! typed with combining marks on one keyboard and precomposed on another
//! is one password.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::{OptionalExtension, params};
use unicode_normalization::UnicodeNormalization;

use super::audit::{AuditEntry, append};
use super::{DraftError, DraftStore};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Biên tập viên: makes and edits change sets, uploads, submits.
    Editor,
    /// Người duyệt: an editor who also approves or returns, and publishes.
    Approver,
    /// Quản trị: accounts only, no figures.
    Administrator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Editor, Role::Approver, Role::Administrator];

    pub fn code(self) -> &'static str {
        match self {
            Role::Editor => "bien-tap",
            Role::Approver => "duyet",
            Role::Administrator => "quan-tri",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            Role::Editor => "biên tập viên",
            Role::Approver => "người duyệt",
            Role::Administrator => "quản trị",
        }
    }

    /// Whether the role works with figures (makes, edits, submits sets).
    pub fn edits(self) -> bool {
        matches!(self, Role::Editor | Role::Approver)
    }

    /// Whether the role approves, returns and publishes sets.
    pub fn approves(self) -> bool {
        self == Role::Approver
    }

    /// Whether the role manages accounts.
    pub fn manages_accounts(self) -> bool {
        self == Role::Administrator
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub must_change: bool,
    pub disabled: bool,
    pub created_at: String,
}

/// An account just made, with the one-time password to hand to its owner.
#[derive(Debug)]
pub struct NewAccount {
    pub account: Account,
    pub one_time_password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("mật khẩu cần ít nhất 12 ký tự (mật khẩu đã nhập có {0})")]
    TooShort(usize),
    #[error("mật khẩu dài nhất 128 ký tự (mật khẩu đã nhập có {0})")]
    TooLong(usize),
    #[error(
        "mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị đoán; hãy chọn mật khẩu khác"
    )]
    Common,
    #[error("mật khẩu mới phải khác mật khẩu hiện tại")]
    Unchanged,
    #[error("mật khẩu hiện tại không đúng")]
    WrongCurrent,
    #[error("hai lần nhập mật khẩu mới không giống nhau")]
    Mismatch,
}

/// The one form of a password that is hashed and compared.
pub fn normalise(password: &str) -> String {
    password.nfc().collect()
}

/// Common passwords of 12 characters or more (shorter ones are refused by
/// length): `data/common-passwords.txt`, one per line, compared without
/// regard to case.
const COMMON: &str = include_str!("../../data/common-passwords.txt");

/// Whether `password` may be chosen (length counted in characters, after
/// normalising).
pub fn check_password(password: &str) -> Result<(), PasswordProblem> {
    let password = normalise(password);
    let length = password.chars().count();
    if length < 12 {
        return Err(PasswordProblem::TooShort(length));
    }
    if length > 128 {
        return Err(PasswordProblem::TooLong(length));
    }
    let lower = password.to_lowercase();
    if COMMON
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .any(|common| common.to_lowercase() == lower)
    {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// Argon2id with the crate's defaults, salted at random. Slow on purpose:
/// callers on the async workers run it in `web::block`.
pub(super) fn hash_password(password: &str) -> Result<String, DraftError> {
    Argon2::default()
        .hash_password(normalise(password).as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| DraftError::Hash(e.to_string()))
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(normalise(password).as_bytes(), &hash)
            .is_ok()
    })
}

/// A stored hash that no password matches, checked against when the name
/// is unknown: a login takes as long for an unknown name as for a wrong
/// password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| hash_password("không có tài khoản này, chỉ để so sánh").unwrap_or_default())
}

fn valid_name(name: &str) -> bool {
    (2..=40).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// An account's columns, first in every query that reads one (`a.` is the
/// account table); `account_of` reads them back.
pub(super) const ACCOUNT_COLUMNS: &str =
    "a.id, a.name, a.role, a.must_change, a.disabled, a.created_at";

/// An account read from the first columns of `row` (`ACCOUNT_COLUMNS`),
/// with its role's code as stored, for `checked`.
pub(super) fn account_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Account, String)> {
    let role: String = row.get(2)?;
    Ok((
        Account {
            id: row.get(0)?,
            name: row.get(1)?,
            role: Role::from_code(&role).unwrap_or(Role::Editor),
            must_change: row.get(3)?,
            disabled: row.get(4)?,
            created_at: row.get(5)?,
        },
        role,
    ))
}

/// The account, if its stored role is one this program knows.
pub(super) fn checked((account, role): (Account, String)) -> Result<Account, DraftError> {
    match Role::from_code(&role) {
        Some(_) => Ok(account),
        None => Err(DraftError::Corrupt(format!(
            "tài khoản {}: vai trò lạ “{role}”",
            account.name
        ))),
    }
}

/// Who did something, as the audit log names them.
pub(super) fn actor_entry(account: &Account, action: &str, object: String) -> AuditEntry {
    AuditEntry {
        actor: account.name.clone(),
        role: account.role.code().to_string(),
        action: action.to_string(),
        object,
        ..AuditEntry::default()
    }
}

/// The command line acting, as the audit log names it.
fn command_line(action: &str, object: String) -> AuditEntry {
    AuditEntry {
        actor: "dòng lệnh".to_string(),
        role: "may-chu".to_string(),
        action: action.to_string(),
        object,
        ..AuditEntry::default()
    }
}

impl DraftStore {
    /// Makes an account with a one-time password (from the command line).
    pub fn add_account(&self, name: &str, role: Role) -> Result<NewAccount, DraftError> {
        if !valid_name(name) {
            return Err(DraftError::BadName);
        }
        // 20 characters of Crockford's base32 (no i, l, o, u: nothing
        // read one way and typed another): 100 bits. 256 is a multiple of
        // 32, so every character is equally likely.
        const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
        let mut bytes = [0u8; 20];
        getrandom::fill(&mut bytes).map_err(|e| DraftError::Random(e.to_string()))?;
        let one_time_password: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % 32] as char)
            .collect();
        let hash = hash_password(&one_time_password)?;
        let now = self.clock.now_utc();
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        let exists: Option<i64> = transaction
            .query_row("SELECT id FROM account WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?;
        if exists.is_some() {
            return Err(DraftError::AccountExists(name.to_string()));
        }
        transaction.execute(
            "INSERT INTO account (name, role, password_hash, must_change, created_at)
             VALUES (?1, ?2, ?3, 1, ?4)",
            params![name, role.code(), hash, now],
        )?;
        let mut entry = command_line("tao-tai-khoan", format!("tai-khoan:{name}"));
        entry.after = format!("vai trò {}", role.code());
        append(&transaction, &now, &entry)?;
        transaction.commit()?;
        let account = self
            .account_by_name(name)?
            .ok_or_else(|| DraftError::NoAccount(name.to_string()))?;
        Ok(NewAccount {
            account,
            one_time_password,
        })
    }

    /// Disables an account and ends its sessions (from the command line).
    pub fn disable_account(&self, name: &str) -> Result<(), DraftError> {
        let now = self.clock.now_utc();
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        let id: i64 = transaction
            .query_row("SELECT id FROM account WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or_else(|| DraftError::NoAccount(name.to_string()))?;
        transaction.execute("UPDATE account SET disabled = 1 WHERE id = ?1", [id])?;
        transaction.execute("DELETE FROM session WHERE account_id = ?1", [id])?;
        let mut entry = command_line("khoa-tai-khoan", format!("tai-khoan:{name}"));
        entry.before = "đang dùng".to_string();
        entry.after = "đã khóa".to_string();
        append(&transaction, &now, &entry)?;
        transaction.commit()?;
        Ok(())
    }

    pub fn accounts(&self) -> Result<Vec<Account>, DraftError> {
        let connection = self.connect()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM account a ORDER BY a.name"
        ))?;
        let rows = statement
            .query_map([], account_of)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(checked).collect()
    }

    pub fn account_by_name(&self, name: &str) -> Result<Option<Account>, DraftError> {
        let connection = self.connect()?;
        connection
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE a.name = ?1"),
                [name],
                account_of,
            )
            .optional()?
            .map(checked)
            .transpose()
    }

    /// The account `name` signs in as with `password`, if both are right
    /// and it is not disabled. The same work is done for an unknown name
    /// (a decoy hash), so the answer's time does not tell names apart.
    /// Blocking and slow (Argon2).
    pub fn authenticate(&self, name: &str, password: &str) -> Result<Option<Account>, DraftError> {
        let connection = self.connect()?;
        let found = connection
            .query_row(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM account a WHERE a.name = ?1"
                ),
                [name],
                |row| Ok((account_of(row)?, row.get::<_, String>(6)?)),
            )
            .optional()?;
        let Some((account, hash)) = found else {
            verify_password(password, decoy_hash());
            return Ok(None);
        };
        let account = checked(account)?;
        if !verify_password(password, &hash) || account.disabled {
            return Ok(None);
        }
        Ok(Some(account))
    }

    /// Changes a password, given the current one. Blocking and slow.
    pub fn change_password(
        &self,
        account: &Account,
        current: &str,
        new: &str,
        repeated: &str,
    ) -> Result<(), DraftError> {
        let connection = self.connect()?;
        let hash: String = connection.query_row(
            "SELECT password_hash FROM account WHERE id = ?1",
            [account.id],
            |row| row.get(0),
        )?;
        let problem = if !verify_password(current, &hash) {
            Some(PasswordProblem::WrongCurrent)
        } else if normalise(new) != normalise(repeated) {
            Some(PasswordProblem::Mismatch)
        } else if normalise(new) == normalise(current) {
            Some(PasswordProblem::Unchanged)
        } else {
            check_password(new).err()
        };
        let new_hash = match problem {
            None => Some(hash_password(new)?),
            Some(_) => None,
        };
        let mut entry = actor_entry(
            account,
            "doi-mat-khau",
            format!("tai-khoan:{}", account.name),
        );
        let mut connection = connection;
        let transaction = connection.transaction()?;
        match (&new_hash, &problem) {
            (Some(new_hash), _) => {
                transaction.execute(
                    "UPDATE account SET password_hash = ?1, must_change = 0 WHERE id = ?2",
                    params![new_hash, account.id],
                )?;
            }
            // A refused change is kept too (a wrong current password is
            // what someone at an unattended desk would type): the reason,
            // never the passwords.
            (None, Some(problem)) => {
                entry.action = "doi-mat-khau-bi-tu-choi".to_string();
                entry.reason = problem.to_string();
            }
            (None, None) => {}
        }
        append(&transaction, &self.clock.now_utc(), &entry)?;
        transaction.commit()?;
        match problem {
            Some(problem) => Err(DraftError::Password(problem)),
            None => Ok(()),
        }
    }

    /// The stored hash of an account (what tests check the form of).
    pub fn password_hash_of(&self, name: &str) -> Result<Option<String>, DraftError> {
        Ok(self
            .connect()?
            .query_row(
                "SELECT password_hash FROM account WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?)
    }
}
