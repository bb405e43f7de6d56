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

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use rust_decimal::Decimal;

use crate::dataset::{self, Figures, Rejected};
use crate::indicator::{self, Catalogue};
use crate::model::{
    Activity, ActivityKind, FigureKey, Observation, Plan, Published, Rate, Status, Target,
    YearFigures, sort_observations,
};
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

/// The files a new database is made from: the catalogue, the interview's
/// figures, the activities and the public record of a `data/` folder —
/// by default the committed one, built into the program so that a new
/// database can be made wherever the program runs.
#[derive(Debug, Clone)]
pub struct SeedFiles {
    indicators: Cow<'static, [u8]>,
    observations: Cow<'static, [u8]>,
    activities: Cow<'static, [u8]>,
    record: Cow<'static, [u8]>,
}

impl SeedFiles {
    /// The committed `data/`.
    pub fn committed() -> SeedFiles {
        SeedFiles {
            indicators: Cow::Borrowed(indicator::COMMITTED),
            observations: Cow::Borrowed(include_bytes!("../data/observations.csv")),
            activities: Cow::Borrowed(include_bytes!("../data/activities.csv")),
            record: Cow::Borrowed(include_bytes!("../data/public-record.csv")),
        }
    }

    /// The same files in another folder (`--data`): `indicators.csv`,
    /// `observations.csv`, `activities.csv`, `public-record.csv`.
    pub fn from_dir(dir: &Path) -> Result<SeedFiles, DbError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map(Cow::Owned)
                .map_err(|source| DbError::SeedFile { path, source })
        };
        Ok(SeedFiles {
            indicators: read("indicators.csv")?,
            observations: read("observations.csv")?,
            activities: read("activities.csv")?,
            record: read("public-record.csv")?,
        })
    }
}

/// The schema, as the steps that build it: step `i` takes a database from
/// version `i` to `i + 1`. A database of an older version is brought up to
/// date when opened; one of a newer version is refused.
const MIGRATIONS: &[&str] = &[
    // 1: figures and activities.
    "CREATE TABLE observation (
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
    CREATE INDEX activity_by_year ON activity (year, kind);",
    // 2: the plan's own value, and the figures that imports replaced, so
    // that pages can say a figure was revised and from what.
    "ALTER TABLE observation ADD COLUMN plan TEXT;
    CREATE TABLE observation_revision (
        id          INTEGER PRIMARY KEY,
        indicator   TEXT    NOT NULL,
        year        INTEGER NOT NULL,
        value       TEXT    NOT NULL,
        status      TEXT    NOT NULL,
        source      TEXT    NOT NULL,
        replaced_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) STRICT;
    CREATE INDEX observation_revision_by_figure ON observation_revision (year, indicator);",
    // 3: a figure is identified by indicator, territory, year, period and
    // publisher; every version of it is kept with the date it was
    // published ('' where unknown, which sorts first); values an import
    // replaced in place are kept in figure_replaced; plans are figures of
    // their own. Earlier figures were the department's, for the whole year,
    // for the province of their time.
    "CREATE TABLE figure (
        id            INTEGER PRIMARY KEY,
        indicator     TEXT    NOT NULL,
        territory     TEXT    NOT NULL CHECK (territory IN ('gia-lai', 'gia-lai-cu', 'binh-dinh')),
        year          INTEGER NOT NULL,
        period        TEXT    NOT NULL,
        publisher     TEXT    NOT NULL,
        published     TEXT    NOT NULL DEFAULT '',
        value         TEXT    NOT NULL,
        plan          TEXT,
        plan_pct      TEXT,
        change_pct    TEXT,
        change_places INTEGER,
        share_pct     TEXT,
        out_of        INTEGER,
        status        TEXT    NOT NULL CHECK (status IN ('estimate', 'preliminary', 'official')),
        source        TEXT    NOT NULL,
        url           TEXT,
        note          TEXT,
        basis         TEXT,
        sub_territory INTEGER NOT NULL DEFAULT 0,
        UNIQUE (indicator, territory, year, period, publisher, published)
    ) STRICT;
    CREATE INDEX figure_by_period ON figure (year, period, indicator);
    CREATE INDEX figure_shown
        ON figure (period, sub_territory, territory, indicator, year, publisher, published);
    CREATE TABLE figure_replaced (
        id          INTEGER PRIMARY KEY,
        indicator   TEXT    NOT NULL,
        territory   TEXT    NOT NULL,
        year        INTEGER NOT NULL,
        period      TEXT    NOT NULL,
        publisher   TEXT    NOT NULL,
        published   TEXT    NOT NULL,
        value       TEXT    NOT NULL,
        status      TEXT    NOT NULL,
        source      TEXT    NOT NULL,
        replaced_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) STRICT;
    CREATE INDEX figure_replaced_by_period ON figure_replaced (year, period, indicator);
    CREATE TABLE plan (
        id         INTEGER PRIMARY KEY,
        indicator  TEXT    NOT NULL,
        territory  TEXT    NOT NULL CHECK (territory IN ('gia-lai', 'gia-lai-cu', 'binh-dinh')),
        year       INTEGER NOT NULL,
        period     TEXT    NOT NULL,
        publisher  TEXT    NOT NULL,
        published  TEXT    NOT NULL DEFAULT '',
        target     TEXT    NOT NULL CHECK (target IN ('amount', 'growth', 'range')),
        value      TEXT,
        low        TEXT,
        high       TEXT,
        source     TEXT    NOT NULL,
        url        TEXT,
        note       TEXT,
        UNIQUE (indicator, territory, year, period, publisher, published)
    ) STRICT;
    CREATE INDEX plan_by_period ON plan (year, period, indicator);
    INSERT INTO figure (indicator, territory, year, period, publisher, value, plan, plan_pct,
                        change_pct, change_places, share_pct, out_of, status, source, note)
        SELECT indicator, CASE WHEN year >= 2025 THEN 'gia-lai' ELSE 'gia-lai-cu' END, year,
               'year', 'so-cong-thuong', value, plan, plan_pct, change_pct, change_places,
               share_pct, out_of, status, source, note
        FROM observation ORDER BY year, indicator;
    INSERT INTO figure_replaced (indicator, territory, year, period, publisher, published,
                                 value, status, source, replaced_at)
        SELECT indicator, CASE WHEN year >= 2025 THEN 'gia-lai' ELSE 'gia-lai-cu' END, year,
               'year', 'so-cong-thuong', '', value, status, source, replaced_at
        FROM observation_revision ORDER BY id;
    DROP TABLE observation_revision;
    DROP TABLE observation;",
    // 4: which version pages show of each figure, decided when figures are
    // written (`mark_shown`) rather than at every page: a page then reads
    // exactly the figures it shows, however many publishers, versions and
    // provinces are stored beside them. A view of the figures as they stood
    // on a past day chooses among one period's versions (by period alone).
    // Each import that changed anything is a release, with what it changed,
    // for the list of what is new and its feed.
    "DROP INDEX figure_shown;
    ALTER TABLE figure ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX figure_on_pages ON figure (period, territory, year, indicator) WHERE shown = 1;
    CREATE INDEX figure_by_period_alone ON figure (period, year);
    CREATE INDEX figure_periods_on_pages ON figure (year, period)
        WHERE shown = 1 AND territory IN ('gia-lai', 'gia-lai-cu');
    CREATE TABLE release (
        id          INTEGER PRIMARY KEY,
        imported_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        added       INTEGER NOT NULL,
        revised     INTEGER NOT NULL,
        corrected   INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE release_item (
        id         INTEGER PRIMARY KEY,
        release_id INTEGER NOT NULL REFERENCES release (id),
        indicator  TEXT    NOT NULL,
        territory  TEXT    NOT NULL,
        year       INTEGER NOT NULL,
        period     TEXT    NOT NULL,
        publisher  TEXT    NOT NULL,
        published  TEXT    NOT NULL,
        is_plan    INTEGER NOT NULL,
        change     TEXT    NOT NULL CHECK (change IN ('added', 'revised', 'corrected')),
        detail     TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX release_item_by_release ON release_item (release_id);",
    // 5: the catalogue of indicators is data (`data/indicators.csv`), kept
    // with the figures it describes. A database made before has the
    // committed catalogue written in by `migrate`.
    "CREATE TABLE indicator (
        position   INTEGER PRIMARY KEY,
        code       TEXT    NOT NULL UNIQUE,
        name       TEXT    NOT NULL,
        short_name TEXT    NOT NULL,
        unit       TEXT    NOT NULL,
        kind       TEXT    NOT NULL,
        section    TEXT    NOT NULL,
        part_of    TEXT,
        meaning    TEXT    NOT NULL,
        headline   INTEGER NOT NULL
    ) STRICT;
    ALTER TABLE plan ADD COLUMN basis TEXT;
    CREATE TABLE figure_rate (
        id            INTEGER PRIMARY KEY,
        indicator     TEXT    NOT NULL,
        territory     TEXT    NOT NULL,
        year          INTEGER NOT NULL,
        period        TEXT    NOT NULL,
        publisher     TEXT    NOT NULL,
        published     TEXT    NOT NULL,
        change_pct    TEXT    NOT NULL,
        status        TEXT    NOT NULL CHECK (status IN ('estimate', 'preliminary', 'official')),
        source        TEXT    NOT NULL,
        url           TEXT,
        note          TEXT,
        basis         TEXT,
        sub_territory INTEGER NOT NULL,
        UNIQUE (indicator, territory, year, period, publisher, published)
    ) STRICT;
    CREATE INDEX figure_rate_by_period ON figure_rate (year, period);",
];

/// The schema this program reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Marks a SQLite file as this site's (`PRAGMA application_id`, bytes 68–71
/// of the file's header): "CTGL", Công Thương Gia Lai. A file with another
/// mark, or none and tables that are not ours, belongs to some other
/// program and is never written to.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"CTGL");

/// The tables of every schema version, for recognising a database of ours
/// made before files were marked.
const OUR_TABLES: [&str; 10] = [
    "activity",
    "figure",
    "figure_rate",
    "figure_replaced",
    "indicator",
    "observation",
    "observation_revision",
    "plan",
    "release",
    "release_item",
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}: không có tệp cơ sở dữ liệu")]
    Missing(PathBuf),
    #[error(
        "{0}: không có thư mục này; hãy tạo thư mục trước hoặc chọn một đường dẫn khác cho --db"
    )]
    NoDirectory(PathBuf),
    #[error(
        "{0}: tệp SQLite của một chương trình khác, không phải cơ sở dữ liệu của trang số liệu; tệp được để nguyên, hãy chọn một tệp khác cho --db"
    )]
    Foreign(PathBuf),
    /// The reason is in words, not the SQLite error chain, so that the
    /// fault reads as one line: "data/x.sqlite: tệp không phải cơ sở dữ
    /// liệu SQLite".
    #[error("{path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "{path}: lược đồ phiên bản {found}, mới hơn phiên bản {expected} mà chương trình này hiểu; hãy dùng bản chương trình mới hơn"
    )]
    SchemaVersion {
        path: PathBuf,
        found: i64,
        expected: i64,
    },
    #[error("dữ liệu hỏng trong cơ sở dữ liệu: {0}")]
    Corrupt(String),
    #[error("dữ liệu mẫu không hợp lệ: {0}")]
    Seed(#[from] Rejected),
    #[error("danh mục chỉ tiêu (indicators.csv) không hợp lệ: {0}")]
    Catalogue(String),
    #[error("{path}: không đọc được tệp dữ liệu ({source})")]
    SeedFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("lỗi SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path}: không tạo được tệp ({source})")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What to do when the database file does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    Fail,
    /// Make it with the schema and the 2023 interview's figures alone (a
    /// small, fixed set: what the tests read).
    Seed,
    /// Make it with the interview's figures and the public record
    /// 2020–2025 (`data/public-record.csv`): what the site serves.
    SeedAndRecord,
    /// Make it with the schema only (importing).
    Empty,
}

/// Whose an existing SQLite file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Marked as ours.
    Us,
    /// Ours, made before files were marked: our tables and nothing else.
    UsUnmarked,
    /// Empty: no tables at all (or not SQLite, which SQLite will report).
    Nobody,
    /// Another program's.
    Other,
}

/// What opening found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Migrated { from: i64 },
    Created,
}

/// How an import changed the database (or, tried without writing, would).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// What happened to each row, in the file's order.
    pub outcomes: Vec<Outcome>,
}

/// What an import does with one row of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub key: FigureKey,
    /// As the row says (an undated row is dated the day of the import).
    pub published: Option<Published>,
    pub plan: bool,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A figure or version not stored before. `revises`: the value of the
    /// version it follows, when it is a later publication of a stored
    /// figure.
    Added {
        revises: Option<String>,
    },
    /// The same publication stored with other values: replaced, the old
    /// values kept. `changes`: "column: old → new", for every column that
    /// differs.
    Replaced {
        changes: Vec<String>,
    },
    Unchanged,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.plan { "kế hoạch " } else { "" };
        let when = self.published.map_or(
            "không ghi ngày, tính là ngày nhập".to_string(),
            |p| format!("công bố {}", p.label()),
        );
        write!(
            f,
            "{what}{} {} {} ({}, {when}): ",
            self.key.indicator,
            self.key.period.of_year(self.key.year),
            self.key.territory.code(),
            self.key.publisher.code(),
        )?;
        match &self.change {
            Change::Added { revises: None } => write!(f, "thêm"),
            Change::Added {
                revises: Some(from),
            } => {
                write!(f, "thêm phiên bản mới (điều chỉnh từ {from})")
            }
            Change::Replaced { changes } => write!(f, "thay thế ({})", changes.join("; ")),
            Change::Unchanged => write!(f, "không đổi"),
        }
    }
}

/// A figure as it stood before it was revised: by a later publication, or
/// by an import that replaced the same publication's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub indicator: String,
    pub territory: Territory,
    pub publisher: Publisher,
    pub year: i32,
    pub period: Period,
    pub value: Decimal,
    pub status: Status,
    pub source: String,
    /// When the revised value was itself published, where known.
    pub published: Option<Published>,
    /// When it stopped being current: the next version's publication date,
    /// or the time of the import that replaced it.
    pub replaced_at: String,
    /// Whether an import corrected the same publication in place (rather
    /// than a later publication revising it).
    pub in_place: bool,
}

/// A handle on the database file. Cheap to clone; every query opens its own
/// connection, which SQLite makes cheap, so no connection is shared across
/// threads.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// Read connections kept between pages. Opening one costs more than a
    /// page's queries (SQLite reads and parses the schema, and every
    /// statement is prepared afresh); a kept one has its statements
    /// prepared (`prepare_cached`) and sees every committed import, since
    /// SQLite checks the file at each read transaction.
    idle: Arc<Mutex<Vec<IdleConnection>>>,
    /// The indicators, as the database holds them (read when opened).
    catalogue: &'static Catalogue,
}

/// At most this many read connections are kept idle (one per worker is
/// what serving needs; the rest are closed when given back).
const IDLE_CONNECTIONS: usize = 16;

/// A kept connection and the file it was opened on: a database replaced by
/// another file at the same path (a restored backup) must be read from the
/// new file, and an open connection would go on reading the old one.
#[derive(Debug)]
struct IdleConnection {
    file: FileIdentity,
    connection: Connection,
}

/// Which file a path names now (device and inode where the system has
/// them; elsewhere every file counts as the same one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity(u64, u64);

impl FileIdentity {
    fn of(path: &Path) -> Option<FileIdentity> {
        let metadata = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(FileIdentity(metadata.dev(), metadata.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = metadata;
            Some(FileIdentity(0, 0))
        }
    }
}

/// Which state of the data an answer was made from: the database file's
/// modification time and length, which every committed import changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersion {
    modified_nanos: u128,
    len: u64,
}

impl DataVersion {
    /// The version of what does not come from the database (static files).
    pub const STATIC: DataVersion = DataVersion {
        modified_nanos: 0,
        len: 0,
    };

    #[cfg(test)]
    pub fn for_tests(n: u64) -> DataVersion {
        DataVersion {
            modified_nanos: u128::from(n),
            len: n,
        }
    }
}

impl Store {
    /// Opens an existing database of this program's schema (bringing an
    /// older one up to date).
    pub fn open(path: &Path) -> Result<Store, DbError> {
        Store::open_with(path, IfMissing::Fail).map(|(store, _)| store)
    }

    /// Opens the database, making it if missing as `if_missing` says, and
    /// bringing an older schema up to date. A new file is built beside its
    /// final place and moved there when complete, so an interrupted run
    /// never leaves a half-made database behind.
    pub fn open_with(path: &Path, if_missing: IfMissing) -> Result<(Store, Opened), DbError> {
        Store::open_seeded(path, if_missing, &SeedFiles::committed())
    }

    /// As `open_with`, a missing database made from `seed`'s files.
    pub fn open_seeded(
        path: &Path,
        if_missing: IfMissing,
        seed: &SeedFiles,
    ) -> Result<(Store, Opened), DbError> {
        let mut store = Store {
            path: path.to_path_buf(),
            idle: Arc::default(),
            catalogue: Catalogue::committed(),
        };
        let opened = store.open_or_create(if_missing, seed)?;
        store.catalogue = store.read_catalogue()?;
        Ok((store, opened))
    }

    /// The indicators the database holds, in their order.
    pub fn catalogue(&self) -> &'static Catalogue {
        self.catalogue
    }

    fn read_catalogue(&self) -> Result<&'static Catalogue, DbError> {
        let connection = self.connect()?;
        let mut statement = connection.prepare(
            "SELECT code, name, short_name, unit, kind, section, part_of, meaning, headline
             FROM indicator ORDER BY position",
        )?;
        let rows = statement
            .query_map([], |row| {
                Ok([
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    row.get(7)?,
                    if row.get::<_, bool>(8)? { "yes" } else { "" }.to_string(),
                ])
            })?
            .collect::<Result<Vec<_>, _>>()?;
        // Read back through the file format, so that the database's
        // catalogue is held to the same rules as the file's.
        let mut writer = csv::Writer::from_writer(Vec::new());
        let to_csv = |writer: &mut csv::Writer<Vec<u8>>, fields: &[&str]| {
            writer
                .write_record(fields)
                .map_err(|e| DbError::Corrupt(e.to_string()))
        };
        to_csv(&mut writer, &indicator::COLUMNS)?;
        for row in &rows {
            to_csv(
                &mut writer,
                &row.iter().map(String::as_str).collect::<Vec<_>>(),
            )?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| DbError::Corrupt(e.to_string()))?;
        let definitions = indicator::parse(&bytes)
            .map_err(|problems| DbError::Corrupt(format!("danh mục chỉ tiêu: {}", problems[0])))?;
        Ok(Catalogue::intern(definitions))
    }

    fn open_or_create(&self, if_missing: IfMissing, seed: &SeedFiles) -> Result<Opened, DbError> {
        let path = &self.path;
        let store = self;
        if !path.exists() {
            if if_missing == IfMissing::Fail {
                return Err(DbError::Missing(path.to_path_buf()));
            }
            store.create(if_missing, seed)?;
            return Ok(Opened::Created);
        }
        store.check_file()?;
        let marked = match store.owner()? {
            Owner::Us => true,
            Owner::UsUnmarked | Owner::Nobody => false,
            Owner::Other => return Err(DbError::Foreign(path.to_path_buf())),
        };
        store.recover_interrupted_write()?;
        let found = store.version()?;
        if found > SCHEMA_VERSION {
            return Err(DbError::SchemaVersion {
                path: store.path.clone(),
                found,
                expected: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION || !marked {
            let mut connection = store.connect_for_writing()?;
            let transaction = connection.transaction()?;
            migrate(&transaction, found, Catalogue::committed())?;
            transaction.commit()?;
            return Ok(Opened::Migrated { from: found });
        }
        Ok(Opened::Existing)
    }

    fn create(&self, if_missing: IfMissing, seed: &SeedFiles) -> Result<(), DbError> {
        let seed_catalogue =
            Catalogue::intern(indicator::parse(&seed.indicators).map_err(|problems| {
                DbError::Catalogue(
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?);
        let (figures, activities) = if if_missing == IfMissing::Empty {
            (Figures::default(), Vec::new())
        } else {
            (
                dataset::read_figures(&seed.observations, seed_catalogue)?,
                dataset::read_activities(&seed.activities)?,
            )
        };
        let record = if if_missing == IfMissing::SeedAndRecord {
            Some(dataset::read_figures(&seed.record, seed_catalogue)?)
        } else {
            None
        };
        let io = |source| DbError::Io {
            path: self.path.clone(),
            source,
        };
        // A mistyped folder is a mistake to report, not to make.
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            return Err(DbError::NoDirectory(parent.to_path_buf()));
        }
        let partial = self.path.with_extension("sqlite-partial");
        let _ = std::fs::remove_file(&partial);
        {
            let mut connection = Connection::open(&partial)?;
            let transaction = connection.transaction()?;
            migrate(&transaction, 0, seed_catalogue)?;
            import_into(&transaction, seed_catalogue, &figures)?;
            if let Some(record) = &record {
                import_into(&transaction, seed_catalogue, record)?;
            }
            write_activities(&transaction, &activities)?;
            transaction.commit()?;
        }
        std::fs::rename(&partial, &self.path).map_err(io)
    }

    /// Whose file this is, decided without writing to it: by its header's
    /// mark, else by its tables.
    fn owner(&self) -> Result<Owner, DbError> {
        let mut header = [0u8; 100];
        let read = std::fs::File::open(&self.path)
            .and_then(|mut file| std::io::Read::read(&mut file, &mut header))
            .map_err(|error| self.unreadable_because(format!("không đọc được ({error})")))?;
        if read == 0 {
            // SQLite takes an empty file for an empty database.
            return Ok(Owner::Nobody);
        }
        if read < header.len() || !header.starts_with(b"SQLite format 3\0") {
            // Not SQLite at all: SQLite itself says so, in `version`.
            return Ok(Owner::Nobody);
        }
        let application_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
        if application_id == APPLICATION_ID {
            return Ok(Owner::Us);
        }
        // Ours are never in WAL mode (header byte 18 is 2 there), and
        // reading a WAL file's tables could leave its -wal and -shm beside it.
        if application_id != 0 || header[18] == 2 {
            return Ok(Owner::Other);
        }
        let connection = self.connect()?;
        let tables: Vec<String> = connection
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| row.get(0))?
                    .collect::<Result<_, _>>()
            })
            .map_err(|source| self.unreadable(source))?;
        Ok(if tables.is_empty() {
            Owner::Nobody
        } else if tables.iter().all(|t| OUR_TABLES.contains(&t.as_str()))
            && tables.iter().any(|t| t == "observation" || t == "figure")
        {
            Owner::UsUnmarked
        } else {
            Owner::Other
        })
    }

    fn unreadable(&self, source: rusqlite::Error) -> DbError {
        use rusqlite::ErrorCode;
        let reason = match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => "tệp không phải cơ sở dữ liệu SQLite".to_string(),
            Some(ErrorCode::DatabaseCorrupt) => "cơ sở dữ liệu SQLite bị hỏng".to_string(),
            Some(ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
                "không có quyền đọc hoặc không mở được tệp".to_string()
            }
            Some(ErrorCode::ReadOnly) => "có một lần ghi bị ngắt cần khôi phục, \
                nhưng tệp hoặc thư mục chỉ cho đọc"
                .to_string(),
            _ => format!("không đọc được cơ sở dữ liệu ({source})"),
        };
        self.unreadable_because(reason)
    }

    fn unreadable_because(&self, reason: String) -> DbError {
        DbError::Unreadable {
            path: self.path.clone(),
            reason,
        }
    }

    /// A write cut short (an import killed, the power lost) leaves a hot
    /// journal beside the database. SQLite rolls it back on the next
    /// connection that may write; read-only connections, which serving uses,
    /// cannot, and would fail. So open once for writing first: the previous
    /// data comes back whole.
    fn recover_interrupted_write(&self) -> Result<(), DbError> {
        let beside = |suffix: &str| {
            let mut name = self.path.as_os_str().to_os_string();
            name.push(suffix);
            PathBuf::from(name).exists()
        };
        if !beside("-journal") && !beside("-wal") {
            return Ok(());
        }
        let connection = Connection::open(&self.path).map_err(|source| self.unreadable(source))?;
        connection
            .query_row("PRAGMA user_version", [], |row| row.get::<_, i64>(0))
            .map_err(|source| self.unreadable(source))?;
        tracing::info!(db = %self.path.display(), "rolled back a write that was cut short");
        Ok(())
    }

    /// The current version of the data (one `stat`); `None` when the file
    /// cannot be read.
    pub fn data_version(&self) -> Option<DataVersion> {
        let metadata = std::fs::metadata(&self.path).ok()?;
        let modified = metadata
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(DataVersion {
            modified_nanos: modified.as_nanos(),
            len: metadata.len(),
        })
    }

    /// What the path is, before SQLite is asked: a directory or a file that
    /// cannot be read would otherwise be reported as a "disk I/O error".
    fn check_file(&self) -> Result<(), DbError> {
        let metadata = std::fs::metadata(&self.path)
            .map_err(|error| self.unreadable_because(format!("không đọc được ({error})")))?;
        if metadata.is_dir() {
            return Err(
                self.unreadable_because("là một thư mục, không phải tệp cơ sở dữ liệu".to_string())
            );
        }
        std::fs::File::open(&self.path).map_err(|error| {
            self.unreadable_because(format!("không có quyền đọc tệp ({error})"))
        })?;
        Ok(())
    }

    fn version(&self) -> Result<i64, DbError> {
        self.connect()?
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|source| self.unreadable(source))
    }

    /// A read-only, query-only connection: what serving uses.
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

    fn connect_for_writing(&self) -> Result<Connection, DbError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| self.unreadable(source))?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(connection)
    }

    /// Writes a file's figures and plans in one transaction: all of them
    /// or, on any failure, none. A figure published again on another date
    /// is a new version; the same publication with other values replaces
    /// the stored one, which is kept in `figure_replaced`.
    pub fn import(&self, figures: &Figures) -> Result<ImportReport, DbError> {
        let mut connection = self.connect_for_writing()?;
        let transaction = connection.transaction()?;
        let report = import_into(&transaction, self.catalogue, figures)?;
        transaction.commit()?;
        Ok(report)
    }

    /// What `import` would do, figure by figure, without writing: the same
    /// work in a transaction that is rolled back.
    pub fn try_import(&self, figures: &Figures) -> Result<ImportReport, DbError> {
        let mut connection = self.connect_for_writing()?;
        let transaction = connection.transaction()?;
        let report = import_into(&transaction, self.catalogue, figures)?;
        transaction.rollback()?;
        Ok(report)
    }

    /// Every version of every figure, as files hold them.
    pub fn all_versions(&self) -> Result<Vec<Observation>, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        query_observations(connection, self.catalogue, "", [])
    }

    /// Every change published without its level.
    pub fn all_rates(&self) -> Result<Vec<Rate>, DbError> {
        let reader = self.reader()?;
        query_rates(reader.connection(), self.catalogue, "", [])
    }

    /// Every version of every plan.
    pub fn all_plans(&self) -> Result<Vec<Plan>, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        query_plans(connection, self.catalogue, "", [])
    }

    /// The current version of every figure: the latest published (by
    /// `as_of`, a day, when given; figures without a date count as
    /// published before any date).
    pub fn current_figures(&self, as_of: Option<Published>) -> Result<Vec<Observation>, DbError> {
        Ok(current(self.all_versions()?, as_of))
    }

    /// Every year's figures for the whole year as pages show them.
    pub fn all_figures(&self) -> Result<Vec<YearFigures>, DbError> {
        self.figures_of_period(Period::Year)
    }

    /// Every year's figures for `period` as pages show them (see
    /// `Reader::figures_of_period`).
    pub fn figures_of_period(&self, period: Period) -> Result<Vec<YearFigures>, DbError> {
        self.reader()?.figures_of_period(period)
    }

    /// How many rows the whole record has: every version of every figure,
    /// and every plan (what the open-data files hold).
    pub fn record_size(&self) -> Result<usize, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        let count: i64 = connection.query_row(
            "SELECT (SELECT COUNT(*) FROM figure) + (SELECT COUNT(*) FROM plan)",
            [],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or_default())
    }

    /// The earlier values of `year`'s figures for the whole year.
    pub fn revisions(&self, year: i32) -> Result<Vec<Revision>, DbError> {
        Ok(self
            .reader()?
            .record_of_period(year, Period::Year, None)?
            .revisions)
    }

    /// One read-only connection for several questions in a row: what a
    /// page asks costs one connection, not one per question.
    pub fn reader(&self) -> Result<Reader, DbError> {
        let file = FileIdentity::of(&self.path);
        let kept = {
            let mut idle = self
                .idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            // Connections to a file no longer at the path are dropped.
            idle.retain(|kept| Some(kept.file) == file);
            idle.pop()
        };
        let connection = match kept {
            Some(kept) => kept.connection,
            None => self.connect()?,
        };
        Ok(Reader {
            connection: Some(connection),
            file,
            idle: Arc::clone(&self.idle),
            catalogue: self.catalogue,
        })
    }

    /// The activities done in `year` and those planned for `year + 1`, in
    /// the order they were entered.
    pub fn activities_of_report(&self, year: i32) -> Result<Vec<Activity>, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        let mut statement = connection.prepare_cached(
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

/// Everything published for one year's period: every version of every
/// publisher's figure (sorted as stored: a figure's versions oldest first)
/// and the earlier values among them and that imports replaced.
#[derive(Debug, Clone, Default)]
pub struct PeriodRecord {
    pub versions: Vec<Observation>,
    pub revisions: Vec<Revision>,
}

impl PeriodRecord {
    /// The current version of each publisher's figure.
    pub fn current(&self) -> Vec<Observation> {
        current(self.versions.clone(), None)
    }
}

/// One import that changed the figures: when, and what it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub id: i64,
    /// UTC, `2024-12-27T08:15:00Z`.
    pub imported_at: String,
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

/// A read-only connection to the figures, for the questions one page asks;
/// given back to the store's idle connections when dropped.
pub struct Reader {
    connection: Option<Connection>,
    file: Option<FileIdentity>,
    idle: Arc<Mutex<Vec<IdleConnection>>>,
    catalogue: &'static Catalogue,
}

impl Drop for Reader {
    fn drop(&mut self) {
        let (Some(connection), Some(file)) = (self.connection.take(), self.file) else {
            return;
        };
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < IDLE_CONNECTIONS {
            idle.push(IdleConnection { file, connection });
        }
    }
}

impl Reader {
    fn connection(&self) -> &Connection {
        self.connection
            .as_ref()
            .expect("a reader holds its connection until dropped")
    }

    /// Every year's figures for `period` as pages show them: the current
    /// versions, for the province of that period, the leading publisher's
    /// where several published one; oldest year first.
    pub fn figures_of_period(&self, period: Period) -> Result<Vec<YearFigures>, DbError> {
        let connection = self.connection();
        // Which version of which publisher's figure pages show is marked
        // when figures are written (`mark_shown`); the partial index holds
        // only those, so this reads the years shown and nothing else.
        let sql = format!(
            "{FIGURE_SELECT} INDEXED BY figure_on_pages
             WHERE period = ?1 AND shown = 1 AND territory IN ('gia-lai', 'gia-lai-cu')"
        );
        let shown = query_observations_sql(connection, self.catalogue, &sql, [period.code()])?;
        let chosen = shown
            .into_iter()
            .filter(|o| o.territory == Territory::by_date(o.year, period))
            .collect();
        Ok(YearFigures::group(chosen))
    }

    /// The same as it stood at the end of `as_of` (a day): of the versions
    /// published by then, the leading publisher's latest. Read from one
    /// period's rows of every year and chosen here: dated views are rare
    /// and kept in the response cache like any page.
    pub fn figures_of_period_as_of(
        &self,
        period: Period,
        as_of: Published,
    ) -> Result<Vec<YearFigures>, DbError> {
        let sql = format!(
            "{FIGURE_SELECT} INDEXED BY figure_by_period_alone
             WHERE period = ?1 AND sub_territory = 0 AND territory IN ('gia-lai', 'gia-lai-cu')
               AND published <= ?2"
        );
        let mut versions = query_observations_sql(
            self.connection(),
            self.catalogue,
            &sql,
            params![period.code(), as_of.to_string()],
        )?;
        versions.retain(|o| o.territory == Territory::by_date(o.year, period));
        Ok(YearFigures::group(leading_as_of(versions, as_of)))
    }

    /// The changes published without their level for `period` of `year`
    /// (a range of their (year, period) index).
    pub fn rates_of_period(&self, year: i32, period: Period) -> Result<Vec<Rate>, DbError> {
        query_rates(
            self.connection(),
            self.catalogue,
            "WHERE year = ?1 AND period = ?2",
            params![year, period.code()],
        )
    }

    /// Every version of every plan set for `year` (a range of the plans'
    /// (year, period) index).
    pub fn plans_of_year(&self, year: i32) -> Result<Vec<Plan>, DbError> {
        query_plans(self.connection(), self.catalogue, "WHERE year = ?1", [year])
    }

    /// The newest `limit` releases, newest first, each with what it changed.
    pub fn releases(&self, limit: usize) -> Result<Vec<Release>, DbError> {
        let connection = self.connection();
        let mut statement = connection.prepare_cached(
            "SELECT id, imported_at, added, revised, corrected FROM release
             ORDER BY id DESC LIMIT ?1",
        )?;
        let heads = statement
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
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
            .map(|(id, imported_at, added, revised, corrected)| {
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
                            let corrupt =
                                |what: &str| DbError::Corrupt(format!("lần cập nhật {id}: {what}"));
                            Ok(ReleaseItem {
                                indicator: self
                                    .catalogue
                                    .find(&code)
                                    .ok_or_else(|| corrupt(&format!("chỉ tiêu lạ \"{code}\"")))?,
                                territory: Territory::from_code(&territory).ok_or_else(|| {
                                    corrupt(&format!("địa bàn lạ \"{territory}\""))
                                })?,
                                year,
                                period: Period::from_code(&period)
                                    .ok_or_else(|| corrupt(&format!("kỳ lạ \"{period}\"")))?,
                                publisher: Publisher::from_code(&publisher).ok_or_else(|| {
                                    corrupt(&format!("nơi công bố lạ \"{publisher}\""))
                                })?,
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
                Ok(Release {
                    id,
                    imported_at,
                    added: count(added),
                    revised: count(revised),
                    corrected: count(corrected),
                    items,
                })
            })
            .collect()
    }

    /// The figures pages show of `code` for every cumulative period (and
    /// the year) of `year` and the year before: the progress of a year
    /// against the last. As it stood at the end of `as_of` when given.
    /// Read through the index of shown figures: a few dozen rows at most.
    pub fn cumulative_of(
        &self,
        code: &str,
        year: i32,
        as_of: Option<Published>,
    ) -> Result<Vec<Observation>, DbError> {
        let periods = Period::all()
            .filter(|p| p.is_cumulative())
            .map(|p| format!("'{}'", p.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut chosen = match as_of {
            None => query_observations_sql(
                self.connection(),
                self.catalogue,
                &format!(
                    "{FIGURE_SELECT} INDEXED BY figure_on_pages
                     WHERE shown = 1 AND period IN ({periods})
                       AND territory IN ('gia-lai', 'gia-lai-cu')
                       AND year BETWEEN ?1 - 1 AND ?1 AND indicator = ?2"
                ),
                params![year, code],
            )?,
            Some(day) => {
                let versions = query_observations(
                    self.connection(),
                    self.catalogue,
                    "WHERE year BETWEEN ?1 - 1 AND ?1 AND indicator = ?2 AND sub_territory = 0
                       AND territory IN ('gia-lai', 'gia-lai-cu') AND published <= ?3",
                    params![year, code, day.to_string()],
                )?;
                leading_as_of(versions, day)
            }
        };
        chosen.retain(|o| {
            o.period.is_cumulative() && o.territory == Territory::by_date(o.year, o.period)
        });
        Ok(chosen)
    }

    /// Every year with figures published by the end of `as_of`, newest
    /// first.
    pub fn years_as_of(&self, as_of: Published) -> Result<Vec<i32>, DbError> {
        let connection = self.connection();
        let mut before = connection.prepare_cached(
            "SELECT year FROM figure WHERE year < ?1 AND published <= ?2
               AND sub_territory = 0 AND territory IN ('gia-lai', 'gia-lai-cu')
             ORDER BY year DESC LIMIT 1",
        )?;
        let as_of = as_of.to_string();
        let mut years = Vec::new();
        let mut next: Option<i32> = before
            .query_row(params![i32::MAX, as_of], |row| row.get(0))
            .optional()?;
        while let Some(year) = next {
            years.push(year);
            next = before
                .query_row(params![year, as_of], |row| row.get(0))
                .optional()?;
        }
        Ok(years)
    }

    /// The periods `year` has figures for, published by the end of `as_of`.
    pub fn periods_of_as_of(&self, year: i32, as_of: Published) -> Result<Vec<Period>, DbError> {
        let mut statement = self.connection().prepare_cached(
            "SELECT DISTINCT period FROM figure WHERE year = ?1 AND published <= ?2
               AND sub_territory = 0 AND territory IN ('gia-lai', 'gia-lai-cu')",
        )?;
        let codes = statement
            .query_map(params![year, as_of.to_string()], |row| {
                row.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        periods_of_codes(year, codes)
    }

    /// Every year with figures, newest first: one index seek per year (a
    /// skip scan), however many figures each year has.
    pub fn years(&self) -> Result<Vec<i32>, DbError> {
        let connection = self.connection();
        // Only figures pages show count: a year (or period) of nothing but
        // sub-territory reports or Bình Định's figures has no page.
        let mut newest = connection.prepare_cached(
            "SELECT MAX(year) FROM figure INDEXED BY figure_periods_on_pages
             WHERE shown = 1 AND territory IN ('gia-lai', 'gia-lai-cu')",
        )?;
        let mut before = connection.prepare_cached(
            "SELECT year FROM figure INDEXED BY figure_periods_on_pages
             WHERE shown = 1 AND territory IN ('gia-lai', 'gia-lai-cu') AND year < ?1
             ORDER BY year DESC LIMIT 1",
        )?;
        let mut years = Vec::new();
        let mut next: Option<i32> = newest.query_row([], |row| row.get(0))?;
        while let Some(year) = next {
            years.push(year);
            next = before.query_row([year], |row| row.get(0)).optional()?;
        }
        Ok(years)
    }

    /// The periods `year` has figures for: a range of the (year, period) index.
    pub fn periods_of(&self, year: i32) -> Result<Vec<Period>, DbError> {
        let mut statement = self.connection().prepare_cached(
            "SELECT DISTINCT period FROM figure INDEXED BY figure_periods_on_pages
                 WHERE shown = 1 AND territory IN ('gia-lai', 'gia-lai-cu') AND year = ?1",
        )?;
        let codes = statement
            .query_map([year], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        periods_of_codes(year, codes)
    }

    /// Everything published for `period` of `year`: every version of every
    /// publisher's figure, and the earlier values (a range of the (year,
    /// period) index: what one period has, however large the record).
    /// With `as_of` (a day), as it stood at its end: the versions published
    /// by then, and the corrections made by then.
    pub fn record_of_period(
        &self,
        year: i32,
        period: Period,
        as_of: Option<Published>,
    ) -> Result<PeriodRecord, DbError> {
        let mut versions = query_observations(
            self.connection(),
            self.catalogue,
            "WHERE year = ?1 AND period = ?2",
            params![year, period.code()],
        )?;
        if let Some(as_of) = as_of {
            versions.retain(|v| v.published.is_none_or(|p| p.by(as_of)));
        }
        let mut revisions = self.revisions_among(year, period, &versions)?;
        if let Some(as_of) = as_of {
            let end = as_of.to_string();
            revisions.retain(|r| {
                !r.in_place
                    || r.replaced_at
                        .get(..10)
                        .is_some_and(|day| day <= end.as_str())
            });
        }
        Ok(PeriodRecord {
            versions,
            revisions,
        })
    }

    /// The current version of every publisher's figure of `period` of
    /// `year` (as it stood at the end of `as_of` when given), reports for
    /// part of the province aside: what a figure of the next year is
    /// compared with, within its own series.
    pub fn current_of_period(
        &self,
        year: i32,
        period: Period,
        as_of: Option<Published>,
    ) -> Result<Vec<Observation>, DbError> {
        let versions = query_observations(
            self.connection(),
            self.catalogue,
            "INDEXED BY figure_by_period_alone
             WHERE period = ?2 AND year = ?1 AND sub_territory = 0",
            params![year, period.code()],
        )?;
        Ok(current(versions, as_of))
    }

    /// The old provinces' figures pages would show for `period` of `year`
    /// (each its leading publisher's current version; as it stood at the
    /// end of `as_of` when given): what a merged-province figure is
    /// compared with across the merger.
    pub fn old_provinces_of(
        &self,
        year: i32,
        period: Period,
        as_of: Option<Published>,
    ) -> Result<Vec<Observation>, DbError> {
        match as_of {
            None => query_observations(
                self.connection(),
                self.catalogue,
                "WHERE shown = 1 AND year = ?1 AND period = ?2
                   AND territory IN ('gia-lai-cu', 'binh-dinh')",
                params![year, period.code()],
            ),
            Some(day) => {
                let versions = query_observations(
                    self.connection(),
                    self.catalogue,
                    "WHERE year = ?1 AND period = ?2 AND sub_territory = 0
                       AND territory IN ('gia-lai-cu', 'binh-dinh') AND published <= ?3",
                    params![year, period.code(), day.to_string()],
                )?;
                Ok(leading_as_of(versions, day))
            }
        }
    }

    /// Every version of the reports of `code` in `year` for part of a
    /// province (an old province's area after the merger), any period.
    pub fn sub_territory_reports(
        &self,
        code: &str,
        year: i32,
    ) -> Result<Vec<Observation>, DbError> {
        query_observations(
            self.connection(),
            self.catalogue,
            "WHERE year = ?1 AND indicator = ?2 AND sub_territory = 1",
            params![year, code],
        )
    }

    /// What cards need of `period` of `year`, as it stands: every version
    /// of the figures pages show (for their revisions) and the current
    /// version of each other publisher's (for what they printed) — not
    /// the others' earlier versions, which only a figure's page of versions
    /// lists (`record_of_period`).
    pub fn record_for_cards(&self, year: i32, period: Period) -> Result<PeriodRecord, DbError> {
        let versions = query_observations_sql(
            self.connection(),
            self.catalogue,
            &format!(
                "{FIGURE_SELECT} WHERE id IN (
                    SELECT id FROM (
                        SELECT id,
                               ROW_NUMBER() OVER (
                                   PARTITION BY indicator, territory, publisher, sub_territory
                                   ORDER BY published DESC) AS newest,
                               MAX(shown) OVER (
                                   PARTITION BY indicator, territory, publisher, sub_territory)
                                   AS leads
                        FROM figure WHERE year = ?1 AND period = ?2)
                    WHERE newest = 1 OR leads = 1)"
            ),
            params![year, period.code()],
        )?;
        let revisions = self.revisions_among(year, period, &versions)?;
        Ok(PeriodRecord {
            versions,
            revisions,
        })
    }

    /// The earlier values among `versions` (one year's period, sorted as
    /// stored) and those imports replaced in place.
    fn revisions_among(
        &self,
        year: i32,
        period: Period,
        versions: &[Observation],
    ) -> Result<Vec<Revision>, DbError> {
        let connection = self.connection();
        let mut revisions = Vec::new();
        for pair in versions.windows(2) {
            let (earlier, later) = (&pair[0], &pair[1]);
            if earlier.key() == later.key() {
                revisions.push(Revision {
                    indicator: earlier.indicator.code.to_string(),
                    territory: earlier.territory,
                    publisher: earlier.publisher,
                    year,
                    period: earlier.period,
                    value: earlier.value,
                    status: earlier.status,
                    source: earlier.source.clone(),
                    published: earlier.published,
                    replaced_at: later.published.map(|p| p.to_string()).unwrap_or_default(),
                    in_place: false,
                });
            }
        }
        let mut statement = connection.prepare_cached(
            "SELECT indicator, territory, publisher, period, value, status, source, replaced_at,
                    published
             FROM figure_replaced WHERE year = ?1 AND period = ?2 ORDER BY id",
        )?;
        let rows = statement
            .query_map(params![year, period.code()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (
            indicator,
            territory,
            publisher,
            period,
            value,
            status,
            source,
            replaced_at,
            published,
        ) in rows
        {
            let corrupt = |what: &str| DbError::Corrupt(format!("{indicator} năm {year}: {what}"));
            revisions.push(Revision {
                territory: Territory::from_code(&territory)
                    .ok_or_else(|| corrupt(&format!("địa bàn lạ \"{territory}\"")))?,
                publisher: Publisher::from_code(&publisher)
                    .ok_or_else(|| corrupt(&format!("nơi công bố lạ \"{publisher}\"")))?,
                period: Period::from_code(&period)
                    .ok_or_else(|| corrupt(&format!("kỳ lạ \"{period}\"")))?,
                value: Decimal::from_str(&value).map_err(|_| corrupt(&format!("\"{value}\"")))?,
                status: Status::from_code(&status)
                    .ok_or_else(|| corrupt(&format!("tình trạng lạ \"{status}\"")))?,
                published: Published::parse(&published),
                indicator,
                year,
                source,
                replaced_at,
                in_place: true,
            });
        }
        Ok(revisions)
    }
}

/// Brings the schema from version `from` up to date; a database without a
/// catalogue gets `catalogue`.
fn migrate(transaction: &Transaction<'_>, from: i64, catalogue: &Catalogue) -> Result<(), DbError> {
    for step in MIGRATIONS.iter().skip(usize::try_from(from).unwrap_or(0)) {
        transaction.execute_batch(step)?;
    }
    if from < 5 {
        write_catalogue(transaction, catalogue)?;
    }
    mark_shown(transaction)?;
    transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    transaction.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

fn write_catalogue(transaction: &Transaction<'_>, catalogue: &Catalogue) -> Result<(), DbError> {
    let mut statement = transaction.prepare(
        "INSERT INTO indicator (position, code, name, short_name, unit, kind, section, part_of,
                                meaning, headline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, d) in catalogue.definitions().iter().enumerate() {
        statement.execute(params![
            i64::try_from(position).unwrap_or(i64::MAX),
            d.code,
            d.name,
            d.short_name,
            d.unit,
            d.kind.code(),
            d.area.code(),
            d.part_of,
            d.meaning,
            d.headline,
        ])?;
    }
    Ok(())
}

/// Period codes as stored for `year`, read back; a code this program does
/// not know is a corrupt database.
fn periods_of_codes(year: i32, codes: Vec<String>) -> Result<Vec<Period>, DbError> {
    codes
        .into_iter()
        .map(|code| {
            Period::from_code(&code)
                .ok_or_else(|| DbError::Corrupt(format!("năm {year}: kỳ lạ \"{code}\"")))
        })
        .collect()
}

/// Of `versions`, the one pages show for each indicator, territory, year
/// and period as it stood at the end of `as_of`: of those published by
/// then, the leading publisher's latest (what `mark_shown` marks for today).
fn leading_as_of(mut versions: Vec<Observation>, as_of: Published) -> Vec<Observation> {
    versions.retain(|o| o.published.is_none_or(|p| p.by(as_of)));
    versions.sort_by(|a, b| {
        (
            a.indicator.code,
            a.territory,
            a.year,
            a.period,
            a.publisher.leading_order(),
        )
            .cmp(&(
                b.indicator.code,
                b.territory,
                b.year,
                b.period,
                b.publisher.leading_order(),
            ))
            .then(a.is_doubtful().cmp(&b.is_doubtful()))
            .then(b.published.cmp(&a.published))
    });
    versions.dedup_by(|later, first| {
        (
            later.indicator.code,
            later.territory,
            later.year,
            later.period,
        ) == (
            first.indicator.code,
            first.territory,
            first.year,
            first.period,
        )
    });
    versions
}

/// Marks the version of each figure that pages show: of the figures of
/// one indicator, territory, year and period (a sub-territory's report
/// aside), the leading publisher's, its latest version. Run in the
/// transaction that writes figures; the whole record takes milliseconds.
fn mark_shown(transaction: &Transaction<'_>) -> Result<(), DbError> {
    transaction.execute_batch(&format!(
        "UPDATE figure SET shown = 0 WHERE shown = 1;
         UPDATE figure SET shown = 1 WHERE id IN (
             SELECT id FROM (
                 SELECT id, ROW_NUMBER() OVER (
                     PARTITION BY indicator, territory, year, period
                     ORDER BY {LEADING_ORDER}, {DOUBTFUL_LAST}, published DESC) AS place
                 FROM figure WHERE sub_territory = 0)
             WHERE place = 1);"
    ))?;
    Ok(())
}

/// Within one publisher's versions of a figure, doubtful ones come after
/// the others (`Observation::is_doubtful`).
const DOUBTFUL_LAST: &str = "(note IS NOT NULL AND note LIKE 'Nghi vấn:%')";

/// The current version of each figure: the latest published by `as_of`,
/// a doubtful version never replacing one that is not.
/// `versions` come sorted, a figure's versions oldest first.
fn current(versions: Vec<Observation>, as_of: Option<Published>) -> Vec<Observation> {
    let mut current: Vec<Observation> = Vec::new();
    for version in versions {
        if let Some(as_of) = as_of
            && version.published.is_some_and(|p| !p.by(as_of))
        {
            continue;
        }
        match current.last_mut() {
            Some(last) if last.key() == version.key() => {
                if !version.is_doubtful() || last.is_doubtful() {
                    *last = version;
                }
            }
            _ => current.push(version),
        }
    }
    current
}

/// Writes every figure and plan of `figures`, reporting row by row.
/// Rows of one figure (or plan): its indicator, territory, year, period
/// and publisher, with `key_params`.
const BY_KEY: &str =
    "WHERE indicator = ?1 AND territory = ?2 AND year = ?3 AND period = ?4 AND publisher = ?5";

fn key_params(key: &FigureKey) -> (&'static str, &'static str, i32, String, &'static str) {
    (
        key.indicator,
        key.territory.code(),
        key.year,
        key.period.code(),
        key.publisher.code(),
    )
}

fn import_into(
    transaction: &Transaction<'_>,
    catalogue: &'static Catalogue,
    figures: &Figures,
) -> Result<ImportReport, DbError> {
    let mut report = ImportReport::default();
    // A row that does not say when it was published is taken as published
    // on the day it is imported: staff load figures as they come out.
    let today = Published::parse(&crate::format::today_iso());
    for row in &figures.observations {
        let key = row.key();
        let stored = query_observations(transaction, catalogue, BY_KEY, key_params(&key))?;
        let mut observation = row.clone();
        if row.published.is_none() {
            observation.published = today;
            // Undated, and as stored: nothing new was published.
            let as_latest = |latest: &Observation| Observation {
                published: latest.published,
                ..observation.clone()
            };
            if let Some(latest) = stored.last()
                && as_latest(latest) == *latest
            {
                report.count(Outcome {
                    key,
                    published: row.published,
                    plan: false,
                    change: Change::Unchanged,
                });
                continue;
            }
        }
        let observation = &observation;
        let same_publication = stored.iter().find(|s| s.published == observation.published);
        let change = match same_publication {
            Some(existing) if existing == observation => Change::Unchanged,
            Some(existing) => {
                transaction.execute(
                    "INSERT INTO figure_replaced (indicator, territory, year, period, publisher,
                                                  published, value, status, source)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        key.indicator,
                        key.territory.code(),
                        key.year,
                        key.period.code(),
                        key.publisher.code(),
                        published_text(existing.published),
                        existing.value.to_string(),
                        existing.status.code(),
                        existing.source,
                    ],
                )?;
                write_observation(transaction, observation)?;
                Change::Replaced {
                    changes: changed_columns(existing, observation),
                }
            }
            None => {
                let before = stored
                    .iter()
                    .rfind(|s| s.published < observation.published)
                    .map(|s| s.value.to_string());
                write_observation(transaction, observation)?;
                Change::Added { revises: before }
            }
        };
        report.count(Outcome {
            key,
            published: row.published,
            plan: false,
            change,
        });
    }
    for plan in &figures.plans {
        let key = plan.key();
        let stored = query_plans(transaction, catalogue, BY_KEY, key_params(&key))?;
        let change = match stored.iter().find(|s| s.published == plan.published) {
            Some(existing) if existing == plan => Change::Unchanged,
            Some(existing) => {
                write_plan(transaction, plan)?;
                Change::Replaced {
                    changes: vec![format!(
                        "mục tiêu: {} → {}",
                        target_text(&existing.target),
                        target_text(&plan.target)
                    )],
                }
            }
            None => {
                write_plan(transaction, plan)?;
                Change::Added { revises: None }
            }
        };
        report.count(Outcome {
            key,
            published: plan.published,
            plan: true,
            change,
        });
    }
    for rate in &figures.rates {
        let key = rate.key();
        let stored = query_rates(transaction, catalogue, BY_KEY, key_params(&key))?;
        let change = match stored.iter().find(|s| s.published == rate.published) {
            Some(existing) if existing == rate => Change::Unchanged,
            Some(existing) => {
                write_rate(transaction, rate)?;
                Change::Replaced {
                    changes: vec![format!(
                        "change_pct: {} → {}",
                        existing.change_pct, rate.change_pct
                    )],
                }
            }
            None => {
                write_rate(transaction, rate)?;
                Change::Added { revises: None }
            }
        };
        report.count(Outcome {
            key,
            published: rate.published,
            plan: false,
            change,
        });
    }
    mark_shown(transaction)?;
    record_release(transaction, &report)?;
    Ok(report)
}

const RATE_SELECT: &str = "SELECT indicator, territory, year, period, publisher, published,
    change_pct, status, source, url, note, basis, sub_territory FROM figure_rate";

/// Changes published without their level, in the order figures are.
fn query_rates<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: P,
) -> Result<Vec<Rate>, DbError> {
    let mut statement = connection.prepare_cached(&format!("{RATE_SELECT} {filter}"))?;
    let rows = statement
        .query_map(params, |row| {
            Ok((
                [
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get::<_, String>(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                ],
                row.get::<_, i32>(2)?,
                [row.get::<_, Option<String>>(9)?, row.get(10)?, row.get(11)?],
                row.get::<_, bool>(12)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rates = Vec::new();
    for (
        [
            indicator,
            territory,
            period,
            publisher,
            published,
            change,
            status,
            source,
        ],
        year,
        [url, note, basis],
        sub_territory,
    ) in rows
    {
        let corrupt = |what: String| DbError::Corrupt(format!("{indicator} năm {year}: {what}"));
        let at = Coordinates::read(
            catalogue, &indicator, &territory, &period, &publisher, &published,
        )
        .map_err(corrupt)?;
        rates.push(Rate {
            indicator: at.indicator,
            territory: at.territory,
            year,
            period: at.period,
            publisher: at.publisher,
            change_pct: Decimal::from_str(&change)
                .map_err(|_| corrupt(format!("\"{change}\" không phải số")))?,
            status: Status::from_code(&status)
                .ok_or_else(|| corrupt(format!("tình trạng lạ \"{status}\"")))?,
            source,
            note,
            published: at.published,
            url,
            basis,
            sub_territory,
        });
    }
    rates.sort_by_key(|r| {
        (
            r.year,
            r.period,
            r.indicator.position,
            r.territory,
            r.publisher,
            r.published,
        )
    });
    Ok(rates)
}

fn write_rate(connection: &Connection, r: &Rate) -> Result<(), DbError> {
    connection
        .prepare_cached(
            "INSERT OR REPLACE INTO figure_rate
                 (indicator, territory, year, period, publisher, published, change_pct, status,
                  source, url, note, basis, sub_territory)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            r.indicator.code,
            r.territory.code(),
            r.year,
            r.period.code(),
            r.publisher.code(),
            published_text(r.published),
            r.change_pct.to_string(),
            r.status.code(),
            r.source,
            r.url,
            r.note,
            r.basis,
            r.sub_territory,
        ])?;
    Ok(())
}

/// Keeps what an import changed as a release (nothing when it changed
/// nothing): its time, counts, and each figure added, revised or corrected.
fn record_release(transaction: &Transaction<'_>, report: &ImportReport) -> Result<(), DbError> {
    let changed: Vec<&Outcome> = report
        .outcomes
        .iter()
        .filter(|o| o.change != Change::Unchanged)
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let count = |kind: &str| {
        changed
            .iter()
            .filter(|o| change_code(&o.change).0 == kind)
            .count()
    };
    transaction.execute(
        "INSERT INTO release (added, revised, corrected) VALUES (?1, ?2, ?3)",
        params![
            count("added") as i64,
            count("revised") as i64,
            count("corrected") as i64
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
    Ok(())
}

/// A change's code in `release_item` and its detail: the value revised, or
/// the columns corrected.
fn change_code(change: &Change) -> (&'static str, String) {
    match change {
        Change::Added { revises: None } | Change::Unchanged => ("added", String::new()),
        Change::Added {
            revises: Some(value),
        } => ("revised", value.clone()),
        Change::Replaced { changes } => ("corrected", changes.join("; ")),
    }
}

impl ImportReport {
    /// A new version of a stored figure replaces it as the current one, so
    /// it counts as replaced.
    fn count(&mut self, outcome: Outcome) {
        match outcome.change {
            Change::Added { revises: None } => self.added += 1,
            Change::Added { revises: Some(_) } | Change::Replaced { .. } => self.replaced += 1,
            Change::Unchanged => self.unchanged += 1,
        }
        self.outcomes.push(outcome);
    }
}

/// Every column of a figure that differs between two versions of one
/// publication: "change_pct: 20.48 → trống".
fn changed_columns(old: &Observation, new: &Observation) -> Vec<String> {
    let text = |value: Option<String>| value.unwrap_or_else(|| "trống".to_string());
    let decimal = |d: Option<Decimal>| d.map(|d| d.to_string());
    let columns: [(&str, Option<String>, Option<String>); 12] = [
        (
            "value",
            Some(old.value.to_string()),
            Some(new.value.to_string()),
        ),
        ("plan", decimal(old.plan), decimal(new.plan)),
        ("plan_pct", decimal(old.plan_pct), decimal(new.plan_pct)),
        (
            "change_pct",
            decimal(old.change_pct),
            decimal(new.change_pct),
        ),
        (
            "change_places",
            old.change_places.map(|p| p.to_string()),
            new.change_places.map(|p| p.to_string()),
        ),
        ("share_pct", decimal(old.share_pct), decimal(new.share_pct)),
        (
            "out_of",
            old.out_of.map(|o| o.to_string()),
            new.out_of.map(|o| o.to_string()),
        ),
        (
            "status",
            Some(old.status.code().to_string()),
            Some(new.status.code().to_string()),
        ),
        ("source", Some(old.source.clone()), Some(new.source.clone())),
        ("url", old.url.clone(), new.url.clone()),
        ("note", old.note.clone(), new.note.clone()),
        ("basis", old.basis.clone(), new.basis.clone()),
    ];
    columns
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(name, a, b)| format!("{name}: {} → {}", text(a), text(b)))
        .collect()
}

/// A target in machine words, for reports: "850", "tăng 4.8%", "tăng 9.5–10.5%".
fn target_text(target: &Target) -> String {
    match target {
        Target::Amount(amount) => amount.to_string(),
        Target::Growth(growth) => format!("tăng {growth}%"),
        Target::GrowthRange { low, high } => format!("tăng {low}–{high}%"),
    }
}

fn published_text(published: Option<Published>) -> String {
    published.map(|p| p.to_string()).unwrap_or_default()
}

/// Publishers in the order pages lead with them (`Publisher::ALL`), as SQL.
const LEADING_ORDER: &str = "CASE publisher WHEN 'so-cong-thuong' THEN 0 WHEN 'thong-ke' THEN 1 \
    WHEN 'ubnd' THEN 2 WHEN 'vecom' THEN 3 ELSE 4 END";

const FIGURE_SELECT: &str = "SELECT indicator, territory, year, period, publisher, published,
    value, plan, plan_pct, change_pct, change_places, share_pct, out_of, status, source, url,
    note, basis, sub_territory FROM figure";

fn query_observations<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: P,
) -> Result<Vec<Observation>, DbError> {
    query_observations_sql(
        connection,
        catalogue,
        &format!("{FIGURE_SELECT} {filter}"),
        params,
    )
}

/// Figures from `sql`, which selects `FIGURE_SELECT`'s columns.
fn query_observations_sql<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    sql: &str,
    params: P,
) -> Result<Vec<Observation>, DbError> {
    let mut statement = connection.prepare_cached(sql)?;
    let rows = statement
        .query_map(params, StoredObservation::from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut observations = rows
        .into_iter()
        .map(|row| row.into_observation(catalogue))
        .collect::<Result<Vec<_>, _>>()?;
    sort_observations(&mut observations);
    Ok(observations)
}

/// A row as SQLite holds it, before its text is checked.
struct StoredObservation {
    indicator: String,
    territory: String,
    year: i32,
    period: String,
    publisher: String,
    published: String,
    value: String,
    plan: Option<String>,
    plan_pct: Option<String>,
    change_pct: Option<String>,
    change_places: Option<i64>,
    share_pct: Option<String>,
    out_of: Option<i64>,
    status: String,
    source: String,
    url: Option<String>,
    note: Option<String>,
    basis: Option<String>,
    sub_territory: bool,
}

impl StoredObservation {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredObservation> {
        Ok(StoredObservation {
            indicator: row.get(0)?,
            territory: row.get(1)?,
            year: row.get(2)?,
            period: row.get(3)?,
            publisher: row.get(4)?,
            published: row.get(5)?,
            value: row.get(6)?,
            plan: row.get(7)?,
            plan_pct: row.get(8)?,
            change_pct: row.get(9)?,
            change_places: row.get(10)?,
            share_pct: row.get(11)?,
            out_of: row.get(12)?,
            status: row.get(13)?,
            source: row.get(14)?,
            url: row.get(15)?,
            note: row.get(16)?,
            basis: row.get(17)?,
            sub_territory: row.get(18)?,
        })
    }

    fn into_observation(self, catalogue: &'static Catalogue) -> Result<Observation, DbError> {
        let corrupt = |what: String| {
            DbError::Corrupt(format!("{} năm {}: {what}", self.indicator, self.year))
        };
        let decimal = |text: &str| {
            Decimal::from_str(text).map_err(|_| corrupt(format!("\"{text}\" không phải số")))
        };
        let optional = |text: &Option<String>| text.as_deref().map(decimal).transpose();
        let coordinates = Coordinates::read(
            catalogue,
            &self.indicator,
            &self.territory,
            &self.period,
            &self.publisher,
            &self.published,
        )
        .map_err(corrupt)?;
        Ok(Observation {
            indicator: coordinates.indicator,
            territory: coordinates.territory,
            year: self.year,
            period: coordinates.period,
            publisher: coordinates.publisher,
            value: decimal(&self.value)?,
            plan: optional(&self.plan)?,
            plan_pct: optional(&self.plan_pct)?,
            change_pct: optional(&self.change_pct)?,
            change_places: self.change_places,
            share_pct: optional(&self.share_pct)?,
            out_of: self.out_of,
            status: Status::from_code(&self.status)
                .ok_or_else(|| corrupt(format!("tình trạng lạ \"{}\"", self.status)))?,
            source: self.source.clone(),
            note: self.note.clone(),
            published: coordinates.published,
            url: self.url.clone(),
            basis: self.basis.clone(),
            sub_territory: self.sub_territory,
        })
    }
}

/// What places a stored row among figures: its codes, checked.
struct Coordinates {
    indicator: &'static indicator::Indicator,
    territory: Territory,
    period: Period,
    publisher: Publisher,
    published: Option<Published>,
}

impl Coordinates {
    fn read(
        catalogue: &'static Catalogue,
        indicator: &str,
        territory: &str,
        period: &str,
        publisher: &str,
        published: &str,
    ) -> Result<Coordinates, String> {
        Ok(Coordinates {
            indicator: catalogue
                .find(indicator)
                .ok_or_else(|| format!("mã chỉ tiêu lạ \"{indicator}\""))?,
            territory: Territory::from_code(territory)
                .ok_or_else(|| format!("địa bàn lạ \"{territory}\""))?,
            period: Period::from_code(period).ok_or_else(|| format!("kỳ lạ \"{period}\""))?,
            publisher: Publisher::from_code(publisher)
                .ok_or_else(|| format!("nơi công bố lạ \"{publisher}\""))?,
            published: match published {
                "" => None,
                text => Some(
                    Published::parse(text).ok_or_else(|| format!("ngày công bố lạ \"{text}\""))?,
                ),
            },
        })
    }
}

/// Writes a figure's version, replacing the same publication's.
fn write_observation(connection: &Connection, o: &Observation) -> Result<(), DbError> {
    let text = |d: &Option<Decimal>| d.map(|d| d.to_string());
    connection
        .prepare_cached(
            "INSERT OR REPLACE INTO figure
                 (indicator, territory, year, period, publisher, published, value, plan, plan_pct,
                  change_pct, change_places, share_pct, out_of, status, source, url, note, basis,
                  sub_territory)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19)",
        )?
        .execute(params![
            o.indicator.code,
            o.territory.code(),
            o.year,
            o.period.code(),
            o.publisher.code(),
            published_text(o.published),
            o.value.to_string(),
            text(&o.plan),
            text(&o.plan_pct),
            text(&o.change_pct),
            o.change_places,
            text(&o.share_pct),
            o.out_of,
            o.status.code(),
            o.source,
            o.url,
            o.note,
            o.basis,
            o.sub_territory,
        ])?;
    Ok(())
}

const PLAN_SELECT: &str = "SELECT indicator, territory, year, period, publisher, published,
    target, value, low, high, source, url, note, basis FROM plan";

fn query_plans<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: P,
) -> Result<Vec<Plan>, DbError> {
    let mut statement = connection.prepare_cached(&format!("{PLAN_SELECT} {filter}"))?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        String,
        String,
        i32,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = statement
        .query_map(params, |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
                row.get(9)?,
                row.get(10)?,
                row.get(11)?,
                row.get(12)?,
                row.get(13)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut plans = Vec::new();
    for (
        indicator,
        territory,
        year,
        period,
        publisher,
        published,
        target,
        value,
        low,
        high,
        source,
        url,
        note,
        basis,
    ) in rows
    {
        let corrupt =
            |what: String| DbError::Corrupt(format!("kế hoạch {indicator} năm {year}: {what}"));
        let coordinates = Coordinates::read(
            catalogue, &indicator, &territory, &period, &publisher, &published,
        )
        .map_err(corrupt)?;
        let decimal = |text: &Option<String>| -> Result<Decimal, DbError> {
            text.as_deref()
                .and_then(|t| Decimal::from_str(t).ok())
                .ok_or_else(|| {
                    corrupt(format!(
                        "mục tiêu \"{}\" không phải số",
                        text.clone().unwrap_or_default()
                    ))
                })
        };
        let target = match target.as_str() {
            "amount" => Target::Amount(decimal(&value)?),
            "growth" => Target::Growth(decimal(&value)?),
            "range" => Target::GrowthRange {
                low: decimal(&low)?,
                high: decimal(&high)?,
            },
            other => return Err(corrupt(format!("loại mục tiêu lạ \"{other}\""))),
        };
        plans.push(Plan {
            indicator: coordinates.indicator,
            territory: coordinates.territory,
            year,
            period: coordinates.period,
            publisher: coordinates.publisher,
            target,
            published: coordinates.published,
            source,
            url,
            note,
            basis,
        });
    }
    plans.sort_by_key(|p| (p.key(), p.published));
    Ok(plans)
}

fn write_plan(connection: &Connection, p: &Plan) -> Result<(), DbError> {
    let (target, value, low, high) = match p.target {
        Target::Amount(amount) => ("amount", Some(amount), None, None),
        Target::Growth(growth) => ("growth", Some(growth), None, None),
        Target::GrowthRange { low, high } => ("range", None, Some(low), Some(high)),
    };
    let text = |d: Option<Decimal>| d.map(|d| d.to_string());
    connection
        .prepare_cached(
            "INSERT OR REPLACE INTO plan
                 (indicator, territory, year, period, publisher, published, target, value, low,
                  high, source, url, note, basis)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            p.indicator.code,
            p.territory.code(),
            p.year,
            p.period.code(),
            p.publisher.code(),
            published_text(p.published),
            target,
            text(value),
            text(low),
            text(high),
            p.source,
            p.url,
            p.note,
            p.basis,
        ])?;
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

    /// The years with figures, newest first.
    fn years(store: &Store) -> Vec<i32> {
        store
            .all_figures()
            .unwrap()
            .iter()
            .rev()
            .map(|y| y.year)
            .collect()
    }

    fn figures_of(store: &Store, year: i32) -> YearFigures {
        store
            .all_figures()
            .unwrap()
            .into_iter()
            .find(|y| y.year == year)
            .unwrap()
    }

    fn seeded() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let (store, opened) =
            Store::open_with(&dir.path().join("test.sqlite"), IfMissing::Seed).unwrap();
        assert_eq!(opened, Opened::Created);
        (dir, store)
    }

    #[test]
    fn the_seed_round_trips_with_its_published_digits() {
        let (_dir, store) = seeded();
        assert_eq!(years(&store), vec![2023]);
        let figures = figures_of(&store, 2023);
        let seed = dataset::read_observations(
            include_bytes!("../data/observations.csv"),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap();
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
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            Store::open(&other),
            Err(DbError::SchemaVersion { .. })
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
    fn brings_a_first_version_database_up_to_date_keeping_its_figures() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite");
        {
            let connection = Connection::open(&path).unwrap();
            connection.execute_batch(MIGRATIONS[0]).unwrap();
            connection
                .execute(
                    "INSERT INTO observation (indicator, year, value, status, source)
                     VALUES ('trade.export', 2023, '680', 'estimate', 'Báo')",
                    [],
                )
                .unwrap();
            connection.pragma_update(None, "user_version", 1).unwrap();
        }
        let (store, opened) = Store::open_with(&path, IfMissing::Fail).unwrap();
        assert_eq!(opened, Opened::Migrated { from: 1 });
        assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
        let figures = figures_of(&store, 2023);
        assert_eq!(
            figures.get("trade.export").unwrap().value.to_string(),
            "680"
        );
        assert_eq!(figures.get("trade.export").unwrap().plan, None);
    }

    fn application_id(path: &Path) -> i32 {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn the_sql_leading_order_is_the_publishers_order() {
        for (place, publisher) in Publisher::ALL.iter().enumerate() {
            let clause = if place + 1 < Publisher::ALL.len() {
                format!("WHEN '{}' THEN {place}", publisher.code())
            } else {
                format!("ELSE {place}")
            };
            assert!(LEADING_ORDER.contains(&clause), "{clause}");
        }
    }

    #[test]
    fn a_new_database_is_marked_as_ours() {
        let (dir, _store) = seeded();
        assert_eq!(
            application_id(&dir.path().join("test.sqlite")),
            APPLICATION_ID
        );
        assert_eq!(APPLICATION_ID.to_be_bytes(), *b"CTGL");
    }

    #[test]
    fn an_unmarked_database_of_ours_is_marked_keeping_its_figures() {
        let (dir, store) = seeded();
        let path = dir.path().join("test.sqlite");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "application_id", 0)
            .unwrap();
        let all = |store: &Store| -> Vec<Observation> {
            store
                .all_figures()
                .unwrap()
                .iter()
                .flat_map(|y| y.all().iter().cloned())
                .collect()
        };
        let before = all(&store);
        let (store, opened) = Store::open_with(&path, IfMissing::Fail).unwrap();
        assert_eq!(
            opened,
            Opened::Migrated {
                from: SCHEMA_VERSION
            }
        );
        assert_eq!(application_id(&path), APPLICATION_ID);
        assert_eq!(all(&store), before);
        assert!(!before.is_empty());
    }

    #[test]
    fn another_program_s_database_is_refused_and_left_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let unmarked = dir.path().join("notes.sqlite");
        Connection::open(&unmarked)
            .unwrap()
            .execute_batch("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO note (text) VALUES ('x');")
            .unwrap();
        let marked = dir.path().join("marked.sqlite");
        let connection = Connection::open(&marked).unwrap();
        connection
            .execute_batch("CREATE TABLE observation (x); PRAGMA application_id = 1234;")
            .unwrap();
        drop(connection);
        // Our own table names, in WAL mode, which ours never use.
        let wal = dir.path().join("wal.sqlite");
        let connection = Connection::open(&wal).unwrap();
        connection
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE observation (x);")
            .unwrap();
        drop(connection);
        for path in [&unmarked, &marked, &wal] {
            let bytes = std::fs::read(path).unwrap();
            for if_missing in [IfMissing::Fail, IfMissing::Seed, IfMissing::Empty] {
                let error = Store::open_with(path, if_missing).unwrap_err();
                assert!(matches!(error, DbError::Foreign(_)), "{error}");
                assert!(error.to_string().starts_with(&path.display().to_string()));
            }
            assert_eq!(std::fs::read(path).unwrap(), bytes, "{}", path.display());
        }
    }

    #[test]
    fn an_empty_file_becomes_an_empty_database_of_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.sqlite");
        std::fs::write(&path, b"").unwrap();
        let (store, _) = Store::open_with(&path, IfMissing::Fail).unwrap();
        assert_eq!(application_id(&path), APPLICATION_ID);
        assert!(store.all_figures().unwrap().is_empty());
    }

    #[test]
    fn a_database_in_a_folder_that_does_not_exist_is_refused_and_no_folder_made() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("khong-co");
        let path = folder.join("x.sqlite");
        for if_missing in [IfMissing::Seed, IfMissing::Empty] {
            let error = Store::open_with(&path, if_missing).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!(
                    "{}: không có thư mục này; hãy tạo thư mục trước hoặc chọn một đường dẫn khác cho --db",
                    folder.display()
                )
            );
        }
        assert!(!folder.exists());
    }

    /// `tests/fixtures/schema-2.sqlite` was made by the program before
    /// figures had territories, periods and publishers: the seed imported,
    /// then exports 2023 revised to 690,2 (official), keeping 680.
    #[test]
    fn a_schema_2_database_keeps_every_figure_and_revision() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/schema-2.sqlite"
            ),
            &path,
        )
        .unwrap();
        let (store, opened) = Store::open_with(&path, IfMissing::Fail).unwrap();
        assert_eq!(opened, Opened::Migrated { from: 2 });
        assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
        let versions = store.all_versions().unwrap();
        assert_eq!(versions.len(), 12);
        for figure in &versions {
            assert_eq!(
                (
                    figure.territory,
                    figure.period,
                    figure.publisher,
                    figure.published
                ),
                (
                    Territory::GiaLaiCu,
                    Period::Year,
                    Publisher::SoCongThuong,
                    None
                ),
                "{}",
                figure.indicator.code
            );
        }
        let export = figures_of(&store, 2023)
            .get("trade.export")
            .unwrap()
            .clone();
        assert_eq!(export.value.to_string(), "690.2");
        assert_eq!(export.status, Status::Official);
        assert_eq!(
            figures_of(&store, 2023)
                .get("retail.total")
                .unwrap()
                .value
                .to_string(),
            "108000"
        );
        let revisions = store.revisions(2023).unwrap();
        assert_eq!(revisions.len(), 1);
        assert_eq!(
            (
                revisions[0].indicator.as_str(),
                revisions[0].value.to_string(),
                revisions[0].status
            ),
            ("trade.export", "680".to_string(), Status::Estimate)
        );
        assert!(revisions[0].replaced_at.starts_with("20"));
    }

    #[test]
    fn a_later_publication_is_a_new_version_and_the_current_one_by_any_date() {
        let (_dir, store) = seeded();
        let mut figures = crate::dataset::read_figures(
            concat!(
                "indicator,year,value,period,publisher,status,published,url,source\n",
                "trade.export,2024,750,year,so-cong-thuong,estimate,2024-11,https://a.vn/1,Báo\n",
                "trade.export,2024,800,year,so-cong-thuong,estimate,2024-12-27,https://a.vn/2,Sở\n",
                "trade.export,2024,820,year,so-cong-thuong,estimate,2025-01,https://a.vn/3,Sở\n",
                "trade.import,2023,110,year,thong-ke,estimate,2023-12-28,https://a.vn/4,Cục Thống kê\n",
            )
            .as_bytes(), crate::indicator::Catalogue::committed())
        .unwrap();
        let report = store.import(&figures).unwrap();
        assert_eq!((report.added, report.replaced, report.unchanged), (2, 2, 0));
        assert_eq!(
            report.outcomes[2].to_string(),
            "trade.export năm 2024 gia-lai-cu (so-cong-thuong, công bố 01/2025): thêm phiên bản mới (điều chỉnh từ 800)"
        );
        let value_on = |day: &str| {
            store
                .current_figures(Published::parse(day))
                .unwrap()
                .into_iter()
                .find(|o| o.indicator.code == "trade.export" && o.year == 2024)
                .map(|o| o.value.to_string())
        };
        assert_eq!(value_on("2024-10-31"), None);
        assert_eq!(value_on("2024-12-26").as_deref(), Some("750"));
        assert_eq!(value_on("2024-12-31").as_deref(), Some("800"));
        assert_eq!(store.current_figures(None).unwrap().len(), 12 + 2);
        // Pages lead with the department's imports, not the statistics
        // office's; both are kept.
        assert_eq!(
            figures_of(&store, 2023)
                .get("trade.import")
                .unwrap()
                .value
                .to_string(),
            "141"
        );
        assert_eq!(
            figures_of(&store, 2024)
                .get("trade.export")
                .unwrap()
                .value
                .to_string(),
            "820"
        );
        let revisions = store.revisions(2024).unwrap();
        assert_eq!(
            revisions
                .iter()
                .map(|r| r.value.to_string())
                .collect::<Vec<_>>(),
            ["750", "800"]
        );
        // The same file again changes nothing; a changed value of the same
        // publication replaces it.
        assert_eq!(store.import(&figures).unwrap().unchanged, 4);
        figures.observations[1].value = Decimal::from(801);
        let report = store.try_import(&figures).unwrap();
        assert_eq!(report.replaced, 1);
        assert_eq!(
            report.outcomes[1].change,
            Change::Replaced {
                changes: vec!["value: 800 → 801".to_string()]
            }
        );
        // Tried, not written.
        assert_eq!(value_on("2024-12-31").as_deref(), Some("800"));
    }

    #[test]
    fn the_version_pages_show_follows_each_import_through_a_kept_connection() {
        let (_dir, store) = seeded();
        let import = |rows: &str| {
            let csv = format!(
                "indicator,year,value,period,publisher,status,published,source,sub_territory\n{rows}"
            );
            store
                .import(
                    &crate::dataset::read_figures(
                        csv.as_bytes(),
                        crate::indicator::Catalogue::committed(),
                    )
                    .unwrap(),
                )
                .unwrap();
        };
        let shown = || {
            // One reader kept from page to page, as serving does.
            let reader = store.reader().unwrap();
            reader
                .figures_of_period(Period::Cumulative(9))
                .unwrap()
                .into_iter()
                .find(|y| y.year == 2024)
                .and_then(|y| {
                    y.get("trade.export")
                        .map(|o| (o.publisher, o.value.to_string()))
                })
        };
        assert_eq!(shown(), None);
        // A sub-territory's report is never the province's figure.
        import("trade.export,2024,90,m9,thong-ke,estimate,2024-10-01,Cục,yes\n");
        assert_eq!(shown(), None);
        // The statistics office's alone is shown, until the department's.
        import("trade.export,2024,500,m9,thong-ke,estimate,2024-10-02,Cục,\n");
        assert_eq!(shown(), Some((Publisher::ThongKe, "500".to_string())));
        import("trade.export,2024,560,m9,so-cong-thuong,estimate,2024-10-05,Sở,\n");
        assert_eq!(shown(), Some((Publisher::SoCongThuong, "560".to_string())));
        // A later statistics office version does not lead; a later
        // department version does, however the rows are ordered.
        import(concat!(
            "trade.export,2024,510,m9,thong-ke,official,2025-03-01,Cục,\n",
            "trade.export,2024,555,m9,so-cong-thuong,estimate,2024-10-04,Sở,\n",
        ));
        assert_eq!(shown(), Some((Publisher::SoCongThuong, "560".to_string())));
        import("trade.export,2024,565,m9,so-cong-thuong,preliminary,2024-12-20,Sở,\n");
        assert_eq!(shown(), Some((Publisher::SoCongThuong, "565".to_string())));
    }

    #[test]
    fn a_database_replaced_at_its_path_is_read_from_the_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.sqlite");
        let (store, _) = Store::open_with(&path, IfMissing::Seed).unwrap();
        assert_eq!(store.record_size().unwrap(), 12);
        // A restored backup: another file moved over the served one while
        // a connection to the first is kept.
        let backup = dir.path().join("backup.sqlite");
        Store::open_with(&backup, IfMissing::Empty).unwrap();
        std::fs::rename(&backup, &path).unwrap();
        assert_eq!(store.record_size().unwrap(), 0);
    }

    #[test]
    fn an_import_adds_replaces_and_keeps_what_it_replaced() {
        let (_dir, store) = seeded();
        let mut figures = figures_of(&store, 2023).all().to_vec();
        let export = figures
            .iter_mut()
            .find(|o| o.indicator.code == "trade.export")
            .unwrap();
        export.value = Decimal::from_str("690.5").unwrap();
        export.status = Status::Official;
        let mut next = export.clone();
        next.year = 2024;
        figures.push(next);
        let figures = Figures {
            observations: figures,
            ..Figures::default()
        };
        let report = store.import(&figures).unwrap();
        assert_eq!(
            (report.added, report.replaced, report.unchanged),
            (1, 1, figures.len() - 2)
        );
        assert_eq!(
            report.outcomes[0].to_string(),
            "industry.output năm 2023 gia-lai-cu (so-cong-thuong, công bố 12/2023): không đổi"
        );
        let revisions = store.revisions(2023).unwrap();
        assert_eq!(revisions.len(), 1);
        assert_eq!(revisions[0].value.to_string(), "680");
        assert_eq!(revisions[0].status, Status::Estimate);
        assert_eq!(years(&store), vec![2024, 2023]);
        let again = store.import(&figures).unwrap();
        assert_eq!(again.unchanged, figures.len());
    }

    #[test]
    fn an_import_made_empty_database_has_the_schema_and_no_figures() {
        let dir = tempfile::tempdir().unwrap();
        let (store, opened) =
            Store::open_with(&dir.path().join("new.sqlite"), IfMissing::Empty).unwrap();
        assert_eq!(opened, Opened::Created);
        assert!(years(&store).is_empty());
        assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn serving_connections_cannot_write() {
        let (_dir, store) = seeded();
        let connection = store.connect().unwrap();
        assert!(connection.execute("DELETE FROM figure", []).is_err());
    }
}
