//! Opening a database file safely: whose it is, an interrupted write
//! rolled back, a missing one made from `data/` beside its place and moved
//! in whole, connections read-only and `query_only` for serving.

use super::*;

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
            observations: Cow::Borrowed(include_bytes!("../../data/observations.csv")),
            activities: Cow::Borrowed(include_bytes!("../../data/activities.csv")),
            record: Cow::Borrowed(include_bytes!("../../data/public-record.csv")),
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

/// Whose an existing SQLite file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// Marked as ours.
    Us,
    /// Ours, made before files were marked: our tables and nothing else.
    UsUnmarked,
    /// Empty: no tables at all (or not SQLite, which SQLite will report).
    Nobody,
    /// Another program's.
    Other,
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

    pub(super) fn read_catalogue(&self) -> Result<&'static Catalogue, DbError> {
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

    pub(super) fn open_or_create(
        &self,
        if_missing: IfMissing,
        seed: &SeedFiles,
    ) -> Result<Opened, DbError> {
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

    pub(super) fn create(&self, if_missing: IfMissing, seed: &SeedFiles) -> Result<(), DbError> {
        let rejected = |file: &'static str| move |rejected| DbError::Seed { file, rejected };
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
                dataset::read_record(&seed.observations, seed_catalogue)
                    .map_err(rejected("observations.csv"))?,
                dataset::read_activities(&seed.activities).map_err(rejected("activities.csv"))?,
            )
        };
        let record = if if_missing == IfMissing::SeedAndRecord {
            Some(
                dataset::read_record(&seed.record, seed_catalogue)
                    .map_err(rejected("public-record.csv"))?,
            )
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
            import_publications(
                &transaction,
                seed_catalogue,
                std::iter::once(figures).chain(record).collect(),
            )?;
            write_activities(&transaction, &activities)?;
            transaction.commit()?;
        }
        std::fs::rename(&partial, &self.path).map_err(io)
    }

    /// Whose file this is, decided without writing to it: by its header's
    /// mark, else by its tables.
    pub(super) fn owner(&self) -> Result<Owner, DbError> {
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

    pub(super) fn unreadable(&self, source: rusqlite::Error) -> DbError {
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

    pub(super) fn unreadable_because(&self, reason: String) -> DbError {
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
    pub(super) fn recover_interrupted_write(&self) -> Result<(), DbError> {
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

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
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
    pub(super) fn check_file(&self) -> Result<(), DbError> {
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

    pub(super) fn version(&self) -> Result<i64, DbError> {
        self.connect()?
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|source| self.unreadable(source))
    }

    /// A read-only, query-only connection: what serving uses.
    pub(super) fn connect(&self) -> Result<Connection, DbError> {
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

    pub(super) fn connect_for_writing(&self) -> Result<Connection, DbError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| self.unreadable(source))?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(connection)
    }
}

/// Copies the SQLite file `from` to `to` with SQLite's online backup: a
/// consistent copy while other connections read and write it (pages
/// changed during the copy are copied again). `to` is written beside and
/// moved into place, so a copy cut short never replaces a good one.
pub fn backup_file(from: &Path, to: &Path) -> Result<(), DbError> {
    let source = rusqlite::Connection::open_with_flags(
        from,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(std::time::Duration::from_secs(5))?;
    let partial = to.with_extension("sqlite.dang-ghi");
    let _ = std::fs::remove_file(&partial);
    {
        let mut destination = rusqlite::Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(&source, &mut destination)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    }
    std::fs::rename(&partial, to).map_err(|source| DbError::Io {
        path: to.to_path_buf(),
        source,
    })?;
    Ok(())
}
