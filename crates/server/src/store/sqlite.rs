//! SQLite specifics: connection options, the migrations, and the writing transaction.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::{Pools, StoreError, WritePool};

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for a writer of another process (`tapis token` while the server runs).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Readers at once; WAL lets them read while the writer writes.
const READERS: u32 = 4;

pub(super) fn options_for_path(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new().filename(path)
}

pub(super) fn options_for_url(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    SqliteConnectOptions::from_str(url).map_err(|source| StoreError::InvalidUrl { url: url.to_owned(), source })
}

pub(super) async fn open(options: SqliteConnectOptions) -> Result<Pools, StoreError> {
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a commit is on disk before the post is answered, so an acknowledged flag survives a power cut or
        // a kernel crash, not only a killed process (which NORMAL would already survive, WAL being in the page
        // cache). An analyst's app drops a flag from its outbox on that answer; losing it then would be silent.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true);
    create_parent_dir(options.get_filename())?;
    let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
    MIGRATOR.run(&writer).await?;
    // An in-memory database exists once per connection: readers of their own would see another, empty one.
    let reader = if options.get_filename() == Path::new(":memory:") {
        writer.clone()
    } else {
        SqlitePoolOptions::new().max_connections(READERS).connect_with(options).await?
    };
    Ok(Pools::Sqlite { reader, writer })
}

impl WritePool for SqlitePool {
    type Db = Sqlite;

    /// `IMMEDIATE` takes the write lock at once: a transaction that read first and wrote later could otherwise
    /// fail to upgrade (`SQLITE_BUSY`, which the busy timeout does not retry) when another process wrote between.
    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

fn create_parent_dir(db_file: &Path) -> Result<(), StoreError> {
    // In-memory databases have no file, and a bare file name lives in the current directory, which exists.
    if db_file.as_os_str() == ":memory:" {
        return Ok(());
    }
    match db_file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })
        }
        _ => Ok(()),
    }
}
