//! Read connections kept between pages: a page costs one connection, and
//! its statements stay prepared.

use super::*;

/// At most this many read connections are kept idle (one per worker is
/// what serving needs; the rest are closed when given back).
pub(super) const IDLE_CONNECTIONS: usize = 16;

/// A kept connection and the file it was opened on: a database replaced by
/// another file at the same path (a restored backup) must be read from the
/// new file, and an open connection would go on reading the old one.
#[derive(Debug)]
pub(super) struct IdleConnection {
    pub(super) file: FileIdentity,
    pub(super) connection: Connection,
}

/// Which file a path names now (device and inode where the system has
/// them; elsewhere every file counts as the same one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileIdentity(u64, u64);

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

/// A read-only connection to the figures, for the questions one page asks;
/// given back to the store's idle connections when dropped.
pub struct Reader {
    pub(super) connection: Option<Connection>,
    pub(super) file: Option<FileIdentity>,
    pub(super) idle: Arc<Mutex<Vec<IdleConnection>>>,
    pub(super) catalogue: &'static Catalogue,
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

impl Store {
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
}

impl Reader {
    pub(super) fn connection(&self) -> &Connection {
        self.connection
            .as_ref()
            .expect("a reader holds its connection until dropped")
    }
}
