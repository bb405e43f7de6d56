//! Each import that changed figures, kept as a release.

use super::*;

/// What a release was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReleaseKind {
    /// A file imported from the command line.
    #[default]
    Import,
    /// Phát hành: new figures, from the staff side.
    Release,
    /// Điều chỉnh: a planned revision.
    Revision,
    /// Đính chính: an error corrected, said in its public note.
    Correction,
    /// A publication of the committed record (one publisher, one day),
    /// made a release when the database is made from it.
    Publication,
}

impl ReleaseKind {
    pub fn code(self) -> &'static str {
        match self {
            ReleaseKind::Import => "nhap-tep",
            ReleaseKind::Release => "phat-hanh",
            ReleaseKind::Revision => "dieu-chinh",
            ReleaseKind::Correction => "dinh-chinh",
            ReleaseKind::Publication => "cong-bo",
        }
    }

    fn from_code(code: &str) -> Option<ReleaseKind> {
        [
            ReleaseKind::Import,
            ReleaseKind::Release,
            ReleaseKind::Revision,
            ReleaseKind::Correction,
            ReleaseKind::Publication,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// How pages name it; a file's import is named by what it changed.
    pub fn name(self) -> Option<&'static str> {
        match self {
            ReleaseKind::Import | ReleaseKind::Publication => None,
            ReleaseKind::Release => Some("Phát hành"),
            ReleaseKind::Revision => Some("Điều chỉnh"),
            ReleaseKind::Correction => Some("Đính chính"),
        }
    }
}

/// What a release says of itself: its kind, title and public note; for a
/// publication of the record, when and by whom it was published.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReleaseNote {
    pub kind: ReleaseKind,
    pub title: String,
    pub note: String,
    pub published: Option<Published>,
    pub publisher: Option<Publisher>,
    /// The staff side's change set it publishes: at most one release each.
    pub change_set: Option<i64>,
    /// When it goes out (UTC, `2026-11-03T02:00:00Z`), where the caller's
    /// clock says (the staff side's); else now.
    pub at: Option<String>,
}

impl ReleaseNote {
    /// A publication of the record by `publisher` on `published`.
    pub fn publication(published: Option<Published>, publisher: Publisher) -> ReleaseNote {
        ReleaseNote {
            kind: ReleaseKind::Publication,
            published,
            publisher: Some(publisher),
            ..ReleaseNote::default()
        }
    }
}

/// One import that changed the figures: when, and what it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub id: i64,
    /// UTC, `2024-12-27T08:15:00Z`.
    pub imported_at: String,
    pub about: ReleaseNote,
    pub added: usize,
    pub revised: usize,
    pub corrected: usize,
    pub items: Vec<ReleaseItem>,
}

/// One figure (or plan) a release added, revised or corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseItem {
    pub indicator: &'static indicator::Indicator,
    pub territory: Territory,
    pub year: i32,
    pub period: Period,
    pub publisher: Publisher,
    pub published: Option<Published>,
    pub plan: bool,
    pub change: ReleaseChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseChange {
    /// A figure not stored before.
    Added,
    /// A later publication of a stored figure; `from` its earlier value.
    Revised { from: String },
    /// The same publication corrected; `columns` "value: 800 → 801; …".
    Corrected { columns: String },
}

/// Keeps what an import changed as a release (nothing when it changed
/// nothing): its time, counts, and each figure added, revised or corrected.
pub(super) fn record_release(
    transaction: &Transaction<'_>,
    report: &ImportReport,
    about: &ReleaseNote,
) -> Result<Option<i64>, DbError> {
    let changed: Vec<&Outcome> = report
        .outcomes
        .iter()
        .filter(|o| o.change != Change::Unchanged)
        .collect();
    if changed.is_empty() {
        return Ok(None);
    }
    let count = |kind: &str| {
        changed
            .iter()
            .filter(|o| change_code(&o.change).0 == kind)
            .count()
    };
    transaction.execute(
        "INSERT INTO release (added, revised, corrected, kind, title, note, published, publisher,
                              imported_at, change_set)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                 coalesce(?9, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), ?10)",
        params![
            count("added") as i64,
            count("revised") as i64,
            count("corrected") as i64,
            about.kind.code(),
            about.title,
            about.note,
            published_text(about.published),
            about.publisher.map(Publisher::code).unwrap_or_default(),
            // A publication is dated by its day (its first, where only the
            // month or year is known), not by the making of the database.
            about
                .published
                .map(|p| {
                    let (year, month, day) = p.first_day();
                    format!("{year:04}-{month:02}-{day:02}T00:00:00Z")
                })
                .or_else(|| about.at.clone()),
            about.change_set,
        ],
    )?;
    let release = transaction.last_insert_rowid();
    let mut insert = transaction.prepare_cached(
        "INSERT INTO release_item (release_id, indicator, territory, year, period, publisher,
                                   published, is_plan, change, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for outcome in changed {
        let (change, detail) = change_code(&outcome.change);
        insert.execute(params![
            release,
            outcome.key.indicator,
            outcome.key.territory.code(),
            outcome.key.year,
            outcome.key.period.code(),
            outcome.key.publisher.code(),
            published_text(outcome.published),
            outcome.plan,
            change,
            detail,
        ])?;
    }
    Ok(Some(release))
}

/// A change's code in `release_item` and its detail: the value revised, or
/// the columns corrected.
pub(super) fn change_code(change: &Change) -> (&'static str, String) {
    match change {
        Change::Added { revises: None } | Change::Unchanged => ("added", String::new()),
        Change::Added {
            revises: Some(value),
        } => ("revised", value.clone()),
        Change::Replaced { changes } => ("corrected", changes.join("; ")),
    }
}

impl Reader {
    /// The newest `limit` releases, newest first, each with what it changed.
    pub fn releases(&self, limit: usize) -> Result<Vec<Release>, DbError> {
        self.read_releases(
            "ORDER BY id DESC LIMIT ?1",
            [i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    /// The releases from `from` to `to` (UTC texts), newest first: a range
    /// of their index by time.
    pub fn releases_between(&self, from: &str, to: &str) -> Result<Vec<Release>, DbError> {
        self.read_releases(
            "WHERE imported_at >= ?1 AND imported_at < ?2 ORDER BY imported_at DESC, id DESC",
            params![from, to],
        )
    }

    /// The same, less those a calendar entry announced (which the calendar
    /// shows as its entries): what came out unannounced.
    pub fn releases_off_calendar(&self, from: &str, to: &str) -> Result<Vec<Release>, DbError> {
        self.read_releases(
            "WHERE imported_at >= ?1 AND imported_at < ?2
               AND NOT EXISTS (SELECT 1 FROM calendar_entry
                               WHERE calendar_entry.release_id = release.id)
             ORDER BY imported_at DESC, id DESC",
            params![from, to],
        )
    }

    /// The times (UTC) of the oldest and the newest release, if any: two
    /// ends of their index.
    pub fn release_span(&self) -> Result<Option<(String, String)>, DbError> {
        let (oldest, newest) = self.connection().query_row(
            "SELECT (SELECT min(imported_at) FROM release), (SELECT max(imported_at) FROM release)",
            [],
            |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, Option<String>>(1)?,
                ))
            },
        )?;
        Ok(oldest.zip(newest))
    }

    /// Releases with what each changed: those `filter` (the SQL after
    /// `FROM release`) picks, in its order.
    fn read_releases(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Release>, DbError> {
        let connection = self.connection();
        let mut statement = connection.prepare_cached(&format!(
            "SELECT id, imported_at, added, revised, corrected, kind, title, note, published,
                    publisher
             FROM release {filter}"
        ))?;
        let heads = statement
            .query_map(params, |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    [
                        row.get::<_, String>(5)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                        row.get::<_, String>(8)?,
                        row.get::<_, String>(9)?,
                    ],
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut items = connection.prepare_cached(
            "SELECT indicator, territory, year, period, publisher, published, is_plan, change,
                    detail
             FROM release_item WHERE release_id = ?1 ORDER BY id",
        )?;
        let count = |n: i64| usize::try_from(n).unwrap_or_default();
        heads
            .into_iter()
            .map(
                |(
                    id,
                    imported_at,
                    added,
                    revised,
                    corrected,
                    [kind, title, note, published, publisher],
                )| {
                    let rows = items
                        .query_map([id], |row| {
                            Ok((
                                row.get::<_, String>(0)?,
                                row.get::<_, String>(1)?,
                                row.get::<_, i32>(2)?,
                                row.get::<_, String>(3)?,
                                row.get::<_, String>(4)?,
                                row.get::<_, String>(5)?,
                                row.get::<_, bool>(6)?,
                                row.get::<_, String>(7)?,
                                row.get::<_, String>(8)?,
                            ))
                        })?
                        .collect::<Result<Vec<_>, _>>()?;
                    let items = rows
                        .into_iter()
                        .map(
                            |(
                                code,
                                territory,
                                year,
                                period,
                                publisher,
                                published,
                                plan,
                                change,
                                detail,
                            )| {
                                let corrupt = |what: &str| {
                                    DbError::Corrupt(format!("lần cập nhật {id}: {what}"))
                                };
                                Ok(ReleaseItem {
                                    indicator: self.catalogue.find(&code).ok_or_else(|| {
                                        corrupt(&format!("chỉ tiêu lạ \"{code}\""))
                                    })?,
                                    territory: Territory::from_code(&territory).ok_or_else(
                                        || corrupt(&format!("địa bàn lạ \"{territory}\"")),
                                    )?,
                                    year,
                                    period: Period::from_code(&period)
                                        .ok_or_else(|| corrupt(&format!("kỳ lạ \"{period}\"")))?,
                                    publisher: Publisher::from_code(&publisher).ok_or_else(
                                        || corrupt(&format!("nơi công bố lạ \"{publisher}\"")),
                                    )?,
                                    published: Published::parse(&published),
                                    plan,
                                    change: match change.as_str() {
                                        "revised" => ReleaseChange::Revised { from: detail },
                                        "corrected" => ReleaseChange::Corrected { columns: detail },
                                        _ => ReleaseChange::Added,
                                    },
                                })
                            },
                        )
                        .collect::<Result<Vec<_>, DbError>>()?;
                    let kind = ReleaseKind::from_code(&kind).ok_or_else(|| {
                        DbError::Corrupt(format!("lần cập nhật {id}: loại lạ \"{kind}\""))
                    })?;
                    Ok(Release {
                        id,
                        imported_at,
                        about: ReleaseNote {
                            kind,
                            title,
                            note,
                            published: Published::parse(&published),
                            publisher: Publisher::from_code(&publisher),
                            ..ReleaseNote::default()
                        },
                        added: count(added),
                        revised: count(revised),
                        corrected: count(corrected),
                        items,
                    })
                },
            )
            .collect()
    }
}

/// A figure an *Đính chính* release corrected, with its public note: what
/// pages say beside the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub key: FigureKey,
    /// The publication corrected (the version pages show, when current).
    pub published: Option<Published>,
    /// UTC, when the correction went out.
    pub at: String,
    pub note: String,
}

/// A figure a release brought, and what that release was: why a version
/// was superseded, on the figure's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRelease {
    pub key: FigureKey,
    /// The publication the release brought (or corrected in place).
    pub published: Option<Published>,
    /// UTC, when the release went out.
    pub at: String,
    pub kind: ReleaseKind,
    pub title: String,
    pub note: String,
    /// `added`, `revised` (a later publication) or `corrected` (the same
    /// publication's values replaced).
    pub change: String,
}

impl Reader {
    /// The figures the releases brought for `period` of `year`, oldest
    /// release first: a range of the release items' (year, period) index.
    pub fn releases_of_period(
        &self,
        year: i32,
        period: Period,
    ) -> Result<Vec<FigureRelease>, DbError> {
        let mut statement = self.connection().prepare_cached(
            "SELECT i.indicator, i.territory, i.publisher, i.published, r.imported_at, r.note,
                    r.kind, r.title, i.change
             FROM release_item i JOIN release r ON r.id = i.release_id
             WHERE i.year = ?1 AND i.period = ?2 AND i.is_plan = 0
             ORDER BY r.id",
        )?;
        let rows = statement
            .query_map(params![year, period.code()], |row| {
                Ok([
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                ])
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |[
                    indicator,
                    territory,
                    publisher,
                    published,
                    at,
                    note,
                    kind,
                    title,
                    change,
                ]| {
                    let corrupt =
                        |what: String| DbError::Corrupt(format!("lần công bố {indicator}: {what}"));
                    Ok(FigureRelease {
                        key: FigureKey {
                            indicator: self
                                .catalogue
                                .find(&indicator)
                                .ok_or_else(|| corrupt("chỉ tiêu lạ".to_string()))?
                                .code,
                            territory: Territory::from_code(&territory)
                                .ok_or_else(|| corrupt(format!("địa bàn lạ \"{territory}\"")))?,
                            year,
                            period,
                            publisher: Publisher::from_code(&publisher).ok_or_else(|| {
                                corrupt(format!("nơi công bố lạ \"{publisher}\""))
                            })?,
                        },
                        published: Published::parse(&published),
                        at,
                        kind: ReleaseKind::from_code(&kind)
                            .ok_or_else(|| corrupt(format!("loại lạ \"{kind}\"")))?,
                        title,
                        note,
                        change,
                    })
                },
            )
            .collect()
    }

    /// The corrections of `period` of `year`, oldest first.
    pub fn corrections_of_period(
        &self,
        year: i32,
        period: Period,
    ) -> Result<Vec<Correction>, DbError> {
        Ok(self
            .releases_of_period(year, period)?
            .into_iter()
            .filter(|r| r.kind == ReleaseKind::Correction)
            .map(|r| Correction {
                key: r.key,
                published: r.published,
                at: r.at,
                note: r.note,
            })
            .collect())
    }
}
