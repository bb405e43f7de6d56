//! The data layer: the only code that speaks SQL.
//!
//! Figures are stored as TEXT in machine format ("31620.6") and read back
//! into `Decimal`, so the published digits survive the round trip; SQLite's
//! REAL would turn 0.7 into 0.69999… . The schema's version is kept in
//! `PRAGMA user_version`; a file of another version is refused rather than
//! misread.
//!
//! While serving, every connection is opened read-only and `query_only`:
//! no request can change data.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rusqlite::{Connection, OpenFlags, Transaction, params};
use rust_decimal::Decimal;

use crate::dataset::{self, Rejected};
use crate::indicator;
use crate::model::{Activity, ActivityKind, Observation, Status, YearFigures};

/// The schema this program reads and writes.
pub const SCHEMA_VERSION: i64 = 1;

/// The committed seed, built into the program so that a new database can be
/// made wherever the program runs.
const SEED_OBSERVATIONS: &[u8] = include_bytes!("../data/observations.csv");
const SEED_ACTIVITIES: &[u8] = include_bytes!("../data/activities.csv");

const SCHEMA: &str = "
CREATE TABLE observation (
    indicator     TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    value         TEXT    NOT NULL,
    plan_pct      TEXT,
    change_pct    TEXT,
    change_places INTEGER,
    share_pct     TEXT,
    out_of        INTEGER,
    status        TEXT    NOT NULL CHECK (status IN ('estimate', 'preliminary', 'official')),
    source        TEXT    NOT NULL,
    note          TEXT,
    PRIMARY KEY (indicator, year)
) STRICT;

CREATE TABLE activity (
    id     INTEGER PRIMARY KEY,
    year   INTEGER NOT NULL,
    kind   TEXT    NOT NULL CHECK (kind IN ('result', 'plan')),
    topic  TEXT    NOT NULL,
    text   TEXT    NOT NULL,
    source TEXT    NOT NULL
) STRICT;

CREATE INDEX activity_by_year ON activity (year, kind);
";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("không có tệp cơ sở dữ liệu {0}")]
    Missing(PathBuf),
    #[error("{path}: không phải cơ sở dữ liệu SQLite hoặc không đọc được ({source})")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: lược đồ phiên bản {found}, chương trình này dùng phiên bản {expected}")]
    SchemaVersion {
        path: PathBuf,
        found: i64,
        expected: i64,
    },
    #[error("dữ liệu hỏng trong cơ sở dữ liệu: {0}")]
    Corrupt(String),
    #[error("dữ liệu mẫu không hợp lệ: {0}")]
    Seed(#[from] Rejected),
    #[error("lỗi SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("không tạo được {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A handle on the database file. Cheap to clone; every query opens its own
/// connection, which SQLite makes cheap, so no connection is shared across
/// threads.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// Opens an existing database, checking that it is one this program can
    /// read.
    pub fn open(path: &Path) -> Result<Store, DbError> {
        if !path.exists() {
            return Err(DbError::Missing(path.to_path_buf()));
        }
        let store = Store {
            path: path.to_path_buf(),
        };
        let connection = store.connect()?;
        let found: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|source| store.unreadable(source))?;
        if found != SCHEMA_VERSION {
            return Err(DbError::SchemaVersion {
                path: store.path.clone(),
                found,
                expected: SCHEMA_VERSION,
            });
        }
        Ok(store)
    }

    /// Makes a new database at `path` from the committed seed. The file is
    /// built beside its final place and moved there when complete, so an
    /// interrupted run never leaves a half-made database behind.
    pub fn create_from_seed(path: &Path) -> Result<Store, DbError> {
        let observations = dataset::read_observations(SEED_OBSERVATIONS)?;
        let activities = dataset::read_activities(SEED_ACTIVITIES)?;
        let io = |source| DbError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let partial = path.with_extension("sqlite-partial");
        let _ = std::fs::remove_file(&partial);
        {
            let mut connection = Connection::open(&partial)?;
            let transaction = connection.transaction()?;
            transaction.execute_batch(SCHEMA)?;
            transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            write_observations(&transaction, &observations)?;
            write_activities(&transaction, &activities)?;
            transaction.commit()?;
        }
        std::fs::rename(&partial, path).map_err(io)?;
        Store::open(path)
    }

    /// Opens the database, making it from the seed first if there is none.
    /// Tells whether it was made.
    pub fn open_or_create(path: &Path) -> Result<(Store, bool), DbError> {
        if path.exists() {
            Ok((Store::open(path)?, false))
        } else {
            Ok((Store::create_from_seed(path)?, true))
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn unreadable(&self, source: rusqlite::Error) -> DbError {
        DbError::Unreadable {
            path: self.path.clone(),
            source,
        }
    }

    fn connect(&self) -> Result<Connection, DbError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| self.unreadable(source))?;
        connection
            .pragma_update(None, "query_only", true)
            .map_err(|source| self.unreadable(source))?;
        Ok(connection)
    }

    /// The years that have figures, newest first.
    pub fn years(&self) -> Result<Vec<i32>, DbError> {
        let connection = self.connect()?;
        let mut statement =
            connection.prepare("SELECT DISTINCT year FROM observation ORDER BY year DESC")?;
        let years = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<i32>, _>>()?;
        Ok(years)
    }

    /// Every figure of `year`, in catalogue order.
    pub fn year_figures(&self, year: i32) -> Result<YearFigures, DbError> {
        let connection = self.connect()?;
        let mut statement = connection.prepare(
            "SELECT indicator, year, value, plan_pct, change_pct, change_places, share_pct,
                    out_of, status, source, note
             FROM observation WHERE year = ?1",
        )?;
        let rows = statement
            .query_map([year], |row| {
                Ok(StoredObservation {
                    indicator: row.get(0)?,
                    year: row.get(1)?,
                    value: row.get(2)?,
                    plan_pct: row.get(3)?,
                    change_pct: row.get(4)?,
                    change_places: row.get(5)?,
                    share_pct: row.get(6)?,
                    out_of: row.get(7)?,
                    status: row.get(8)?,
                    source: row.get(9)?,
                    note: row.get(10)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut observations = rows
            .into_iter()
            .map(StoredObservation::into_observation)
            .collect::<Result<Vec<_>, _>>()?;
        let position = |o: &Observation| {
            indicator::INDICATORS
                .iter()
                .position(|i| i.code == o.indicator.code)
        };
        observations.sort_by_key(position);
        Ok(YearFigures::new(year, observations))
    }

    /// The activities done in `year` and those planned for `year + 1`, in
    /// the order they were entered.
    pub fn activities_of_report(&self, year: i32) -> Result<Vec<Activity>, DbError> {
        let connection = self.connect()?;
        let mut statement = connection.prepare(
            "SELECT year, kind, topic, text, source FROM activity
             WHERE (year = ?1 AND kind = 'result') OR (year = ?1 + 1 AND kind = 'plan')
             ORDER BY id",
        )?;
        let rows = statement
            .query_map([year], |row| {
                Ok((
                    row.get::<_, i32>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(year, kind, topic, text, source)| {
                let kind = ActivityKind::from_code(&kind)
                    .ok_or_else(|| DbError::Corrupt(format!("loại hoạt động \"{kind}\"")))?;
                Ok(Activity {
                    year,
                    kind,
                    topic,
                    text,
                    source,
                })
            })
            .collect()
    }
}

/// A row as SQLite holds it, before its text is checked.
struct StoredObservation {
    indicator: String,
    year: i32,
    value: String,
    plan_pct: Option<String>,
    change_pct: Option<String>,
    change_places: Option<i64>,
    share_pct: Option<String>,
    out_of: Option<i64>,
    status: String,
    source: String,
    note: Option<String>,
}

impl StoredObservation {
    fn into_observation(self) -> Result<Observation, DbError> {
        let decimal = |text: &str| {
            Decimal::from_str(text).map_err(|_| {
                DbError::Corrupt(format!(
                    "{} năm {}: \"{text}\" không phải số",
                    self.indicator, self.year
                ))
            })
        };
        let optional = |text: &Option<String>| text.as_deref().map(decimal).transpose();
        Ok(Observation {
            indicator: indicator::find(&self.indicator).ok_or_else(|| {
                DbError::Corrupt(format!("mã chỉ tiêu lạ \"{}\"", self.indicator))
            })?,
            year: self.year,
            value: decimal(&self.value)?,
            plan_pct: optional(&self.plan_pct)?,
            change_pct: optional(&self.change_pct)?,
            change_places: self.change_places,
            share_pct: optional(&self.share_pct)?,
            out_of: self.out_of,
            status: Status::from_code(&self.status)
                .ok_or_else(|| DbError::Corrupt(format!("tình trạng lạ \"{}\"", self.status)))?,
            source: self.source.clone(),
            note: self.note.clone(),
        })
    }
}

/// Writes figures, replacing any stored for the same indicator and year.
fn write_observations(
    transaction: &Transaction<'_>,
    observations: &[Observation],
) -> Result<(), DbError> {
    let mut statement = transaction.prepare(
        "INSERT OR REPLACE INTO observation
             (indicator, year, value, plan_pct, change_pct, change_places, share_pct,
              out_of, status, source, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let text = |d: &Option<Decimal>| d.map(|d| d.to_string());
    for o in observations {
        statement.execute(params![
            o.indicator.code,
            o.year,
            o.value.to_string(),
            text(&o.plan_pct),
            text(&o.change_pct),
            o.change_places,
            text(&o.share_pct),
            o.out_of,
            o.status.code(),
            o.source,
            o.note,
        ])?;
    }
    Ok(())
}

fn write_activities(transaction: &Transaction<'_>, activities: &[Activity]) -> Result<(), DbError> {
    let mut statement = transaction.prepare(
        "INSERT INTO activity (year, kind, topic, text, source) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for a in activities {
        statement.execute(params![a.year, a.kind.code(), a.topic, a.text, a.source])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create_from_seed(&dir.path().join("test.sqlite")).unwrap();
        (dir, store)
    }

    #[test]
    fn the_seed_round_trips_with_its_published_digits() {
        let (_dir, store) = seeded();
        assert_eq!(store.years().unwrap(), vec![2023]);
        let figures = store.year_figures(2023).unwrap();
        let seed = dataset::read_observations(SEED_OBSERVATIONS).unwrap();
        assert_eq!(figures.all().len(), seed.len());
        for expected in &seed {
            let stored = figures.get(expected.indicator.code).unwrap();
            assert_eq!(stored, expected);
            assert_eq!(stored.value.to_string(), expected.value.to_string());
        }
        assert_eq!(
            figures
                .get("trade.import")
                .unwrap()
                .change_pct
                .unwrap()
                .to_string(),
            "0.7"
        );
    }

    #[test]
    fn a_year_without_figures_is_empty() {
        let (_dir, store) = seeded();
        assert!(store.year_figures(2019).unwrap().all().is_empty());
    }

    #[test]
    fn activities_of_a_report_are_its_results_and_next_year_s_plans() {
        let (_dir, store) = seeded();
        let activities = store.activities_of_report(2023).unwrap();
        assert!(
            activities
                .iter()
                .any(|a| a.kind == ActivityKind::Result && a.year == 2023)
        );
        assert!(
            activities
                .iter()
                .any(|a| a.kind == ActivityKind::Plan && a.year == 2024)
        );
        assert!(
            store
                .activities_of_report(2024)
                .unwrap()
                .iter()
                .all(|a| a.kind == ActivityKind::Result)
        );
    }

    #[test]
    fn refuses_a_missing_file_and_another_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.sqlite");
        assert!(matches!(Store::open(&missing), Err(DbError::Missing(_))));

        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        assert!(matches!(
            Store::open(&other),
            Err(DbError::SchemaVersion { found: 99, .. })
        ));

        let text = dir.path().join("text.sqlite");
        std::fs::write(
            &text,
            "this is not a database, just some text that is long enough",
        )
        .unwrap();
        assert!(matches!(
            Store::open(&text),
            Err(DbError::Unreadable { .. })
        ));
    }

    #[test]
    fn serving_connections_cannot_write() {
        let (_dir, store) = seeded();
        let connection = store.connect().unwrap();
        assert!(connection.execute("DELETE FROM observation", []).is_err());
    }
}
