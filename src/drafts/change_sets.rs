//! Change sets: a titled set of figure and plan rows of one kind, made and
//! edited by editors, submitted, approved by a second person, published.
//!
//! The steps, each enforced here whatever the form sent:
//! nháp → (Gửi duyệt) chờ duyệt → (Duyệt) đã duyệt → (Công bố) đã công bố;
//! Trả lại sends a submitted or approved set back to nháp with a reason.
//! An approval pins the set's content by its hash: any save after it sends
//! the set back to nháp and the approval is void. Nobody approves a set
//! they made or last edited. Each save names the version it was made from;
//! a save from an older version is refused (nothing is lost: the newer
//! version stays, and the form is shown again with what was typed).

use rusqlite::{OptionalExtension, Transaction, params};

use super::accounts::{Account, Role, actor_entry};
use super::audit::append;
use super::{DraftError, DraftStore, sha256_hex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Phát hành: new figures.
    Release,
    /// Điều chỉnh: a planned revision.
    Revision,
    /// Đính chính: an error corrected, with a public note.
    Correction,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 3] = [
        ChangeKind::Release,
        ChangeKind::Revision,
        ChangeKind::Correction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Release => "phat-hanh",
            ChangeKind::Revision => "dieu-chinh",
            ChangeKind::Correction => "dinh-chinh",
        }
    }

    pub fn from_code(code: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Release => "Phát hành",
            ChangeKind::Revision => "Điều chỉnh",
            ChangeKind::Correction => "Đính chính",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeSetStatus {
    Draft,
    Submitted,
    Approved,
    Published,
}

impl ChangeSetStatus {
    pub fn code(self) -> &'static str {
        match self {
            ChangeSetStatus::Draft => "nhap",
            ChangeSetStatus::Submitted => "cho-duyet",
            ChangeSetStatus::Approved => "da-duyet",
            ChangeSetStatus::Published => "da-cong-bo",
        }
    }

    fn from_code(code: &str) -> Option<ChangeSetStatus> {
        [
            ChangeSetStatus::Draft,
            ChangeSetStatus::Submitted,
            ChangeSetStatus::Approved,
            ChangeSetStatus::Published,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            ChangeSetStatus::Draft => "Nháp",
            ChangeSetStatus::Submitted => "Chờ duyệt",
            ChangeSetStatus::Approved => "Đã duyệt",
            ChangeSetStatus::Published => "Đã công bố",
        }
    }
}

/// A warning of `check` passed with a written reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub finding: String,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct ChangeSet {
    pub id: i64,
    pub title: String,
    pub kind: ChangeKind,
    pub public_note: String,
    /// The rows, in the machine format `import` reads.
    pub rows_csv: String,
    pub status: ChangeSetStatus,
    pub version: i64,
    pub created_by: String,
    pub edited_by: String,
    pub approved_by: Option<String>,
    pub approved_hash: Option<String>,
    pub returned_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    /// An approver's opening of periods already official, if given.
    pub unlock: Option<Unlock>,
    /// The calendar slot it is to go out in, once an approver put it there.
    pub schedule: Option<Schedule>,
    pub waivers: Vec<Waiver>,
}

/// A set approved and put into a slot of the release calendar: it goes
/// out at the slot's time (the slot may move; the set moves with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The calendar entry (public database).
    pub entry: i64,
    pub by: String,
    /// Why it goes out before the statistics office's date for its
    /// period, when it does (empty otherwise): shown to every approver.
    pub early_reason: String,
}

/// Periods already official opened for a set: by whom, why, and for which
/// content (any later edit closes them again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlock {
    pub by: String,
    pub reason: String,
    pub hash: String,
}

/// A line of the list of sets.
#[derive(Debug, Clone)]
pub struct ChangeSetSummary {
    pub id: i64,
    pub title: String,
    pub kind: ChangeKind,
    pub status: ChangeSetStatus,
    pub edited_by: String,
    pub updated_at: String,
}

/// A step's rules: who may take it, from which statuses, and its name in
/// the log and in the message refusing it.
struct Step {
    action: &'static str,
    verb: &'static str,
    from_status: &'static [ChangeSetStatus],
    may: fn(Role) -> bool,
}

/// What an approval pins: everything that would be published.
pub fn content_hash(title: &str, kind: ChangeKind, public_note: &str, rows_csv: &str) -> String {
    let mut text = String::new();
    for field in [title, kind.code(), public_note, rows_csv] {
        text.push_str(&field.len().to_string());
        text.push(':');
        text.push_str(field);
        text.push('\n');
    }
    sha256_hex(text.as_bytes())
}

impl ChangeSet {
    pub fn content_hash(&self) -> String {
        content_hash(&self.title, self.kind, &self.public_note, &self.rows_csv)
    }

    /// Whether periods already official are open for this content.
    pub fn unlock_holds(&self) -> bool {
        self.unlock
            .as_ref()
            .is_some_and(|unlock| unlock.hash == self.content_hash())
    }

    /// Whether the approval still holds: given, and for this content.
    pub fn approval_holds(&self) -> bool {
        self.status == ChangeSetStatus::Approved
            && self.approved_hash.as_deref() == Some(&self.content_hash())
    }

    fn object(&self) -> String {
        format!("bo-thay-doi:{}", self.id)
    }
}

const SELECT: &str = "SELECT c.id, c.title, c.kind, c.public_note, c.rows_csv, c.status, c.version,
        cr.name, ed.name, ap.name, c.approved_hash, c.returned_reason, c.created_at,
        c.updated_at, c.published_at, un.name, c.unlock_reason, c.unlocked_hash,
        c.scheduled_entry, sc.name, c.early_reason
    FROM change_set c
    JOIN account cr ON cr.id = c.created_by
    JOIN account ed ON ed.id = c.edited_by
    LEFT JOIN account ap ON ap.id = c.approved_by
    LEFT JOIN account un ON un.id = c.unlocked_by
    LEFT JOIN account sc ON sc.id = c.scheduled_by";

fn read(transaction: &rusqlite::Connection, id: i64) -> Result<ChangeSet, DraftError> {
    let row = transaction
        .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, i64>(6)?,
                [
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, String>(12)?,
                    row.get::<_, String>(13)?,
                ],
                [
                    row.get::<_, Option<String>>(9)?,
                    row.get::<_, Option<String>>(10)?,
                    row.get::<_, Option<String>>(11)?,
                    row.get::<_, Option<String>>(14)?,
                ],
                [
                    row.get::<_, Option<String>>(15)?,
                    row.get::<_, Option<String>>(16)?,
                    row.get::<_, Option<String>>(17)?,
                ],
                (
                    row.get::<_, Option<i64>>(18)?,
                    row.get::<_, Option<String>>(19)?,
                    row.get::<_, Option<String>>(20)?,
                ),
            ))
        })
        .optional()?
        .ok_or(DraftError::NoChangeSet(id))?;
    let (id, title, kind, public_note, rows_csv, status, version, names, optional, unlock, slot) =
        row;
    let (scheduled_entry, scheduled_by, early_reason) = slot;
    let [unlocked_by, unlock_reason, unlocked_hash] = unlock;
    let [created_by, edited_by, created_at, updated_at] = names;
    let [approved_by, approved_hash, returned_reason, published_at] = optional;
    let mut statement = transaction.prepare(
        "SELECT w.finding, w.reason, a.name, w.at FROM change_set_waiver w
         JOIN account a ON a.id = w.account_id WHERE w.change_set_id = ?1 ORDER BY w.at",
    )?;
    let waivers = statement
        .query_map([id], |row| {
            Ok(Waiver {
                finding: row.get(0)?,
                reason: row.get(1)?,
                by: row.get(2)?,
                at: row.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ChangeSet {
        id,
        title,
        kind: ChangeKind::from_code(&kind)
            .ok_or_else(|| DraftError::Corrupt(format!("bộ thay đổi {id}: loại lạ “{kind}”")))?,
        public_note,
        rows_csv,
        status: ChangeSetStatus::from_code(&status).ok_or_else(|| {
            DraftError::Corrupt(format!("bộ thay đổi {id}: tình trạng lạ “{status}”"))
        })?,
        version,
        created_by,
        edited_by,
        approved_by,
        approved_hash,
        returned_reason,
        created_at,
        updated_at,
        published_at,
        unlock: unlocked_by.map(|by| Unlock {
            by,
            reason: unlock_reason.unwrap_or_default(),
            hash: unlocked_hash.unwrap_or_default(),
        }),
        schedule: scheduled_entry.map(|entry| Schedule {
            entry,
            by: scheduled_by.unwrap_or_default(),
            early_reason: early_reason.unwrap_or_default(),
        }),
        waivers,
    })
}

/// What the log keeps of a set's state: enough to see what changed.
fn state_of(set: &ChangeSet) -> String {
    let slot = set
        .schedule
        .as_ref()
        .map(|s| format!("; lịch công bố mục {}", s.entry))
        .unwrap_or_default();
    format!(
        "tình trạng {}; phiên bản {}; {} dòng; nội dung {}{slot}",
        set.status.code(),
        set.version,
        set.rows_csv.lines().count().saturating_sub(1),
        &set.content_hash()[..16]
    )
}

/// The scheduler publishing a set at its slot's time, as the log names it.
fn scheduler_entry(action: &str, object: String) -> super::audit::AuditEntry {
    super::audit::AuditEntry {
        actor: "lịch công bố".to_string(),
        role: "may-chu".to_string(),
        action: action.to_string(),
        object,
        ..Default::default()
    }
}

impl DraftStore {
    /// Every set, the newest change first.
    pub fn change_sets(&self) -> Result<Vec<ChangeSetSummary>, DraftError> {
        let connection = self.connect()?;
        let mut statement = connection.prepare(
            "SELECT c.id, c.title, c.kind, c.status, ed.name, c.updated_at
             FROM change_set c JOIN account ed ON ed.id = c.edited_by
             ORDER BY c.updated_at DESC, c.id DESC",
        )?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, title, kind, status, edited_by, updated_at)| {
                Ok(ChangeSetSummary {
                    id,
                    title,
                    kind: ChangeKind::from_code(&kind)
                        .ok_or_else(|| DraftError::Corrupt(format!("bộ {id}: loại “{kind}”")))?,
                    status: ChangeSetStatus::from_code(&status).ok_or_else(|| {
                        DraftError::Corrupt(format!("bộ {id}: tình trạng “{status}”"))
                    })?,
                    edited_by,
                    updated_at,
                })
            })
            .collect()
    }

    pub fn change_set(&self, id: i64) -> Result<ChangeSet, DraftError> {
        read(&self.connect()?, id)
    }

    /// Makes an empty draft set.
    pub fn create_change_set(
        &self,
        account: &Account,
        title: &str,
        kind: ChangeKind,
        public_note: &str,
    ) -> Result<ChangeSet, DraftError> {
        if !account.role.edits() {
            return Err(DraftError::Forbidden(account.role.name()));
        }
        let now = self.clock.now_utc();
        let mut connection = self.connect()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO change_set (title, kind, public_note, status, created_by, edited_by,
                                     created_at, updated_at)
             VALUES (?1, ?2, ?3, 'nhap', ?4, ?4, ?5, ?5)",
            params![title, kind.code(), public_note, account.id, now],
        )?;
        let set = read(&transaction, transaction.last_insert_rowid())?;
        let mut entry = actor_entry(account, "tao-bo-thay-doi", set.object());
        entry.after = format!("{} “{}”; {}", kind.code(), title, state_of(&set));
        append(&transaction, &now, &entry)?;
        transaction.commit()?;
        Ok(set)
    }

    /// Saves a set's title, note and rows, made from version `from`. Any
    /// save sends the set back to nháp and voids its approval.
    #[allow(clippy::too_many_arguments)]
    pub fn save_change_set(
        &self,
        account: &Account,
        id: i64,
        from: i64,
        title: &str,
        public_note: &str,
        rows_csv: &str,
        what: &str,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "luu-bo-thay-doi",
            verb: "sửa",
            from_status: &[
                ChangeSetStatus::Draft,
                ChangeSetStatus::Submitted,
                ChangeSetStatus::Approved,
            ],
            may: Role::edits,
        };
        self.step(account, id, Some(from), step, what, |_, tx| {
            tx.execute(
                "UPDATE change_set SET title = ?1, public_note = ?2, rows_csv = ?3,
                        status = 'nhap', approved_by = NULL, approved_hash = NULL,
                        scheduled_entry = NULL, scheduled_by = NULL, early_reason = NULL,
                        edited_by = ?4
                 WHERE id = ?5",
                params![title, public_note, rows_csv, account.id, id],
            )?;
            Ok(String::new())
        })
    }

    /// Keeps a reason for passing a warning.
    pub fn waive(
        &self,
        account: &Account,
        id: i64,
        finding: &str,
        reason: &str,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "ghi-ly-do-bo-qua-canh-bao",
            verb: "ghi lý do bỏ qua cảnh báo cho",
            from_status: &[ChangeSetStatus::Draft],
            may: Role::edits,
        };
        let now = self.clock.now_utc();
        self.step(account, id, None, step, reason, |_, tx| {
            tx.execute(
                "INSERT OR REPLACE INTO change_set_waiver (change_set_id, finding, reason, account_id, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, finding, reason, account.id, now],
            )?;
            Ok(format!("bỏ qua cảnh báo “{finding}”"))
        })
    }

    /// Gửi duyệt: a draft with rows goes to a second person.
    pub fn submit(&self, account: &Account, id: i64, from: i64) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "gui-duyet",
            verb: "gửi duyệt",
            from_status: &[ChangeSetStatus::Draft],
            may: Role::edits,
        };
        self.step(account, id, Some(from), step, "", |set, tx| {
            if set.rows_csv.lines().count() < 2 {
                return Err(DraftError::Step(
                    "bộ thay đổi chưa có dòng số liệu nào".into(),
                ));
            }
            tx.execute(
                "UPDATE change_set SET status = 'cho-duyet', returned_reason = NULL WHERE id = ?1",
                [id],
            )?;
            Ok(String::new())
        })
    }

    /// Mở khóa: an approver opens the periods already official that the
    /// set touches, with a reason kept and logged, for its content now.
    pub fn unlock(
        &self,
        account: &Account,
        id: i64,
        from: i64,
        reason: &str,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "mo-khoa-ky-chinh-thuc",
            verb: "mở khóa",
            from_status: &[ChangeSetStatus::Draft, ChangeSetStatus::Submitted],
            may: Role::approves,
        };
        self.step(account, id, Some(from), step, reason, |set, tx| {
            if reason.trim().is_empty() {
                return Err(DraftError::Step(
                    "mở khóa kỳ đã có số chính thức cần ghi lý do".into(),
                ));
            }
            tx.execute(
                "UPDATE change_set SET unlocked_by = ?1, unlock_reason = ?2, unlocked_hash = ?3
                 WHERE id = ?4",
                params![account.id, reason, set.content_hash(), id],
            )?;
            Ok(String::new())
        })
    }

    /// Duyệt: by an approver who neither made nor last edited the set;
    /// pins its content.
    pub fn approve(&self, account: &Account, id: i64, from: i64) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "duyet",
            verb: "duyệt",
            from_status: &[ChangeSetStatus::Submitted],
            may: Role::approves,
        };
        self.step(account, id, Some(from), step, "", |set, tx| {
            if set.created_by == account.name || set.edited_by == account.name {
                return Err(DraftError::FourEyes);
            }
            tx.execute(
                "UPDATE change_set SET status = 'da-duyet', approved_by = ?1, approved_hash = ?2
                 WHERE id = ?3",
                params![account.id, set.content_hash(), id],
            )?;
            Ok(String::new())
        })
    }

    /// Trả lại: back to nháp, with the reason kept and shown.
    pub fn return_change_set(
        &self,
        account: &Account,
        id: i64,
        from: i64,
        reason: &str,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "tra-lai",
            verb: "trả lại",
            from_status: &[ChangeSetStatus::Submitted, ChangeSetStatus::Approved],
            may: Role::approves,
        };
        self.step(account, id, Some(from), step, reason, |_, tx| {
            if reason.trim().is_empty() {
                return Err(DraftError::Step("hãy ghi lý do trả lại".into()));
            }
            tx.execute(
                "UPDATE change_set SET status = 'nhap', approved_by = NULL, approved_hash = NULL,
                        scheduled_entry = NULL, scheduled_by = NULL, early_reason = NULL,
                        returned_reason = ?1
                 WHERE id = ?2",
                params![reason, id],
            )?;
            Ok(String::new())
        })
    }

    /// Lên lịch: an approver puts an approved set into a slot of the
    /// release calendar (`entry`); `early_reason` says why it goes out
    /// before the statistics office's date, when it does (the caller
    /// decides whether it must, from the public record's calendar).
    pub fn schedule(
        &self,
        account: &Account,
        id: i64,
        from: i64,
        entry: i64,
        early_reason: &str,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "len-lich-cong-bo",
            verb: "lên lịch",
            from_status: &[ChangeSetStatus::Approved],
            may: Role::approves,
        };
        self.step(account, id, Some(from), step, early_reason, |set, tx| {
            if !set.approval_holds() {
                return Err(DraftError::Step(
                    "nội dung đã đổi sau khi duyệt: cần duyệt lại".into(),
                ));
            }
            tx.execute(
                "UPDATE change_set SET scheduled_entry = ?1, scheduled_by = ?2, early_reason = ?3
                 WHERE id = ?4",
                params![entry, account.id, early_reason, id],
            )?;
            Ok(format!("vào mục lịch {entry}"))
        })
    }

    /// Bỏ lịch: the set stays approved and goes out only when scheduled
    /// again or published at once.
    pub fn unschedule(
        &self,
        account: &Account,
        id: i64,
        from: i64,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "bo-lich-cong-bo",
            verb: "bỏ lịch",
            from_status: &[ChangeSetStatus::Approved],
            may: Role::approves,
        };
        self.step(account, id, Some(from), step, "", |_, tx| {
            tx.execute(
                "UPDATE change_set SET scheduled_entry = NULL, scheduled_by = NULL,
                        early_reason = NULL
                 WHERE id = ?1",
                [id],
            )?;
            Ok(String::new())
        })
    }

    /// The sets approved and scheduled, with their calendar entries: those
    /// whose slot has come are published by [`DraftStore::publish_due_set`].
    pub fn scheduled_sets(&self) -> Result<Vec<(i64, i64)>, DraftError> {
        let connection = self.connect()?;
        let mut statement = connection.prepare(
            "SELECT id, scheduled_entry FROM change_set
             WHERE status = 'da-duyet' AND scheduled_entry IS NOT NULL ORDER BY id",
        )?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Publishes a scheduled set whose slot has come, as the scheduler:
    /// in one transaction that holds the drafts database's write lock, so
    /// that of two processes (the admin and `publish-due`) the second
    /// finds it published and does nothing. `Ok(None)` when it was not
    /// (or no longer) due here.
    pub fn publish_due_set(
        &self,
        id: i64,
        write: impl FnOnce(&ChangeSet) -> Result<String, DraftError>,
    ) -> Result<Option<ChangeSet>, DraftError> {
        let now = self.clock.now_utc();
        let mut connection = self.connect()?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let before = read(&transaction, id)?;
        if before.status != ChangeSetStatus::Approved || before.schedule.is_none() {
            return Ok(None);
        }
        if !before.approval_holds() {
            return Err(DraftError::Step(format!(
                "bộ thay đổi {id}: nội dung đã đổi sau khi duyệt, không công bố"
            )));
        }
        let outcome = write(&before)?;
        transaction.execute(
            "UPDATE change_set SET status = 'da-cong-bo', published_at = ?1,
                    version = version + 1, updated_at = ?1
             WHERE id = ?2",
            params![now, id],
        )?;
        let after = read(&transaction, id)?;
        let mut entry = scheduler_entry("cong-bo-theo-lich", after.object());
        entry.before = state_of(&before);
        entry.after = format!("{}; {outcome}", state_of(&after));
        append(&transaction, &now, &entry)?;
        transaction.commit()?;
        Ok(Some(after))
    }

    /// Công bố: the set's rows are written to the public record by
    /// `write`, in the same step as the set is marked published; if
    /// writing fails the set stays approved. (The public record is
    /// another file: were the process to die between its commit and this
    /// one, the figures would be out and the set still approved — the
    /// public record knows each release's set, so publishing it again
    /// writes nothing twice and only marks it here.) `reason`: why it
    /// goes out at once rather than in a calendar slot, logged.
    pub fn publish_change_set(
        &self,
        account: &Account,
        id: i64,
        from: i64,
        reason: &str,
        write: impl FnOnce(&ChangeSet) -> Result<String, DraftError>,
    ) -> Result<ChangeSet, DraftError> {
        let step = Step {
            action: "cong-bo",
            verb: "công bố",
            from_status: &[ChangeSetStatus::Approved],
            may: Role::approves,
        };
        let now = self.clock.now_utc();
        self.step(account, id, Some(from), step, reason, |set, tx| {
            if !set.approval_holds() {
                return Err(DraftError::Step(
                    "nội dung đã đổi sau khi duyệt: cần duyệt lại".into(),
                ));
            }
            let outcome = write(set)?;
            tx.execute(
                "UPDATE change_set SET status = 'da-cong-bo', published_at = ?1 WHERE id = ?2",
                params![now, id],
            )?;
            Ok(outcome)
        })
    }

    /// One step on a set, in one transaction with its audit row: checks
    /// the role, the version it was made from and the status it may be
    /// taken from, runs `change`, bumps the version.
    fn step(
        &self,
        account: &Account,
        id: i64,
        from: Option<i64>,
        step: Step,
        reason: &str,
        change: impl FnOnce(&ChangeSet, &Transaction<'_>) -> Result<String, DraftError>,
    ) -> Result<ChangeSet, DraftError> {
        if !(step.may)(account.role) {
            return Err(DraftError::Forbidden(account.role.name()));
        }
        let now = self.clock.now_utc();
        let mut connection = self.connect()?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let before = read(&transaction, id)?;
        if let Some(from) = from
            && from != before.version
        {
            return Err(DraftError::Conflict {
                id,
                current: before.version,
            });
        }
        if !step.from_status.contains(&before.status) {
            let allowed: Vec<&str> = step.from_status.iter().map(|s| s.name()).collect();
            let hint = if before.status == ChangeSetStatus::Published {
                "; muốn sửa số đã công bố, hãy tạo một bộ Đính chính"
            } else {
                ""
            };
            return Err(DraftError::Step(format!(
                "chỉ {} được bộ thay đổi đang {} (bộ này: {}){hint}",
                step.verb,
                allowed.join(" hoặc ").to_lowercase(),
                before.status.name().to_lowercase()
            )));
        }
        let outcome = change(&before, &transaction)?;
        transaction.execute(
            "UPDATE change_set SET version = version + 1, updated_at = ?1 WHERE id = ?2",
            params![now, id],
        )?;
        let after = read(&transaction, id)?;
        let mut entry = actor_entry(account, step.action, after.object());
        entry.before = state_of(&before);
        entry.after = if outcome.is_empty() {
            state_of(&after)
        } else {
            format!("{}; {outcome}", state_of(&after))
        };
        entry.reason = reason.to_string();
        append(&transaction, &now, &entry)?;
        transaction.commit()?;
        Ok(after)
    }
}
