//! The release calendar: what comes out when, as announced, and every
//! change to an announced date with its reason. Public information, kept
//! with the record the pages read; written only by the staff side.

use super::*;

/// Where an announced release stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarStatus {
    /// Dự kiến: planned, the date may still move.
    Planned,
    /// Đã xác nhận: the date is fixed.
    Confirmed,
    /// Đã công bố: out, linking to its release.
    Published,
    /// Hoãn: put off, with the reason.
    Postponed,
}

impl CalendarStatus {
    pub const ALL: [CalendarStatus; 4] = [
        CalendarStatus::Planned,
        CalendarStatus::Confirmed,
        CalendarStatus::Published,
        CalendarStatus::Postponed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CalendarStatus::Planned => "du-kien",
            CalendarStatus::Confirmed => "da-xac-nhan",
            CalendarStatus::Published => "da-cong-bo",
            CalendarStatus::Postponed => "hoan",
        }
    }

    pub fn from_code(code: &str) -> Option<CalendarStatus> {
        CalendarStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            CalendarStatus::Planned => "dự kiến",
            CalendarStatus::Confirmed => "đã xác nhận",
            CalendarStatus::Published => "đã công bố",
            CalendarStatus::Postponed => "hoãn",
        }
    }
}

/// A date that moved: from when to when, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarChange {
    /// UTC, `2026-11-03T02:00:00Z`.
    pub was: String,
    pub became: String,
    pub reason: String,
    pub changed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    pub id: i64,
    /// "Số liệu tháng 10 năm 2026".
    pub title: String,
    /// The indicators it brings, in catalogue order.
    pub indicators: Vec<&'static indicator::Indicator>,
    /// UTC, `2026-11-03T02:00:00Z` (09:00 in Vietnam).
    pub scheduled_at: String,
    pub status: CalendarStatus,
    /// Why it was put off, or anything said with its status.
    pub reason: String,
    /// The release it came out as, once out.
    pub release_id: Option<i64>,
    /// When that release went out (UTC): where it is listed.
    pub released_at: Option<String>,
    /// How many times it changed: calendar programs take the newest.
    pub sequence: i64,
    /// UTC, when it was announced or last changed.
    pub updated_at: String,
    pub changes: Vec<CalendarChange>,
}

/// An entry (`c`) and the time of its release (`r`), if out; a filter
/// names the entry's columns as `c.…`.
const ENTRY_SELECT: &str = "SELECT c.id, c.title, c.indicators, c.scheduled_at, c.status, c.reason,
        c.release_id, c.sequence, c.updated_at, r.imported_at
    FROM calendar_entry c LEFT JOIN release r ON r.id = c.release_id";

fn read_entries(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<CalendarEntry>, DbError> {
    let mut statement = connection.prepare_cached(&format!("{ENTRY_SELECT} {filter}"))?;
    let rows = statement
        .query_map(params, |row| {
            Ok((
                row.get::<_, i64>(0)?,
                [
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                ],
                row.get::<_, Option<i64>>(6)?,
                row.get::<_, i64>(7)?,
                row.get::<_, String>(8)?,
                row.get::<_, Option<String>>(9)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut changes = connection.prepare_cached(
        "SELECT was, became, reason, changed_at FROM calendar_change
         WHERE entry_id = ?1 ORDER BY id",
    )?;
    rows.into_iter()
        .map(
            |(
                id,
                [title, indicators, scheduled_at, status, reason],
                release_id,
                sequence,
                updated_at,
                released_at,
            )| {
                let corrupt = |what: String| DbError::Corrupt(format!("lịch công bố {id}: {what}"));
                let mut listed: Vec<&'static indicator::Indicator> = indicators
                    .split(',')
                    .filter(|code| !code.is_empty())
                    .map(|code| {
                        catalogue
                            .find(code)
                            .ok_or_else(|| corrupt(format!("chỉ tiêu lạ \"{code}\"")))
                    })
                    .collect::<Result<_, _>>()?;
                listed.sort_by_key(|i| i.position);
                Ok(CalendarEntry {
                    id,
                    title,
                    indicators: listed,
                    scheduled_at,
                    status: CalendarStatus::from_code(&status)
                        .ok_or_else(|| corrupt(format!("tình trạng lạ \"{status}\"")))?,
                    reason,
                    release_id,
                    released_at,
                    sequence,
                    updated_at,
                    changes: changes
                        .query_map([id], |row| {
                            Ok(CalendarChange {
                                was: row.get(0)?,
                                became: row.get(1)?,
                                reason: row.get(2)?,
                                changed_at: row.get(3)?,
                            })
                        })?
                        .collect::<Result<_, _>>()?,
                })
            },
        )
        .collect()
}

impl Reader {
    /// The entries scheduled from `from` to `to` (UTC texts), in time
    /// order: a range of their index.
    pub fn calendar(&self, from: &str, to: &str) -> Result<Vec<CalendarEntry>, DbError> {
        read_entries(
            self.connection(),
            self.catalogue,
            "WHERE c.scheduled_at >= ?1 AND c.scheduled_at < ?2 ORDER BY c.scheduled_at, c.id",
            params![from, to],
        )
    }
}

impl Store {
    pub fn calendar_entry(&self, id: i64) -> Result<Option<CalendarEntry>, DbError> {
        let reader = self.reader()?;
        Ok(
            read_entries(reader.connection(), self.catalogue, "WHERE c.id = ?1", [id])?
                .into_iter()
                .next(),
        )
    }

    /// Announces a release: its title, indicators and time (UTC).
    pub fn add_calendar_entry(
        &self,
        title: &str,
        indicators: &[&str],
        scheduled_at: &str,
        status: CalendarStatus,
    ) -> Result<CalendarEntry, DbError> {
        let connection = self.connect_for_writing()?;
        connection.execute(
            "INSERT INTO calendar_entry (title, indicators, scheduled_at, status)
             VALUES (?1, ?2, ?3, ?4)",
            params![title, indicators.join(","), scheduled_at, status.code()],
        )?;
        let id = connection.last_insert_rowid();
        drop(connection);
        self.calendar_entry(id)?.ok_or_else(|| {
            DbError::Corrupt(format!("lịch công bố {id} vừa ghi không đọc lại được"))
        })
    }

    /// Moves an entry to another time, keeping the old one and `reason`.
    pub fn reschedule(
        &self,
        id: i64,
        scheduled_at: &str,
        reason: &str,
    ) -> Result<CalendarEntry, DbError> {
        let mut connection = self.connect_for_writing()?;
        let transaction = connection.transaction()?;
        let was: String = transaction.query_row(
            "SELECT scheduled_at FROM calendar_entry WHERE id = ?1",
            [id],
            |row| row.get(0),
        )?;
        transaction.execute(
            "INSERT INTO calendar_change (entry_id, was, became, reason) VALUES (?1, ?2, ?3, ?4)",
            params![id, was, scheduled_at, reason],
        )?;
        transaction.execute(
            "UPDATE calendar_entry SET scheduled_at = ?1, sequence = sequence + 1,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?2",
            params![scheduled_at, id],
        )?;
        transaction.commit()?;
        self.calendar_entry(id)?
            .ok_or_else(|| DbError::Corrupt(format!("lịch công bố {id} không còn")))
    }

    /// Sets an entry's status (with what is said of it: a postponement's
    /// reason), and the release it came out as.
    pub fn set_calendar_status(
        &self,
        id: i64,
        status: CalendarStatus,
        reason: &str,
        release_id: Option<i64>,
    ) -> Result<CalendarEntry, DbError> {
        let connection = self.connect_for_writing()?;
        connection.execute(
            "UPDATE calendar_entry SET status = ?1, reason = ?2, release_id = ?3,
                    sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?4",
            params![status.code(), reason, release_id, id],
        )?;
        drop(connection);
        self.calendar_entry(id)?
            .ok_or_else(|| DbError::Corrupt(format!("lịch công bố {id} không còn")))
    }
}
