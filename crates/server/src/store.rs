//! Flag storage: the SQLite database, its migrations, and the idempotent insert.
//!
//! Everything SQL lives here, behind [`Store`], so another database (PostgreSQL) can be added later without the
//! HTTP layer noticing.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use tapis_wire::{Flag, StoredFlag};

/// How long a connection waits for another writer before giving up; concurrent posts are short, so a few seconds
/// only ever matters when something is badly wrong.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a storage operation failed. None of these are the client's fault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL could not be understood.
    #[error("invalid database URL {url:?}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What sqlx made of it.
        #[source]
        source: sqlx::Error,
    },
    /// The directory that should hold the database file could not be created.
    #[error("cannot create database directory {}", path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why not.
        #[source]
        source: std::io::Error,
    },
    /// The database refused or failed a statement.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored row no longer decodes: written by something else, or edited by hand.
    #[error("stored flag {id} is unreadable: {reason}")]
    Corrupt {
        /// The row's id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// What [`Store::insert_flag`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The flag was new and is now stored.
    Created(StoredFlag),
    /// The very same flag was already stored (a retry); nothing changed.
    Existing(StoredFlag),
    /// A different flag with the same id is stored; it is returned and was left unchanged.
    Conflict(StoredFlag),
}

/// The flags database. Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if missing) the database at a `sqlite:` URL, e.g. `sqlite:data/tapis.db`, and migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|source| StoreError::InvalidUrl { url: url.to_owned(), source })?;
        Self::connect_with(options).await
    }

    /// Opens (creating if missing, with its parent directories) the database file at `path`, and migrates it.
    ///
    /// Prefer this over [`Store::connect`] for paths: a path needs no URL escaping.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::connect_with(SqliteConnectOptions::new().filename(path.as_ref())).await
    }

    async fn connect_with(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let options = options
            .create_if_missing(true)
            // WAL lets the list endpoint read while a post writes; NORMAL sync is durable across process crashes
            // in WAL mode, which is the failure that matters for a server.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        create_parent_dir(options.get_filename())?;
        let pool = SqlitePoolOptions::new().connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Stores `flag` unless a flag with its id is already stored, and says which of the two happened.
    ///
    /// Race-free: the database decides who was first (`ON CONFLICT DO NOTHING`), and a loser compares against the
    /// row that won, so two concurrent posts of one id can never both create it.
    pub async fn insert_flag(&self, flag: &Flag) -> Result<Inserted, StoreError> {
        let id = flag.id.to_string();
        let body = serde_json::to_string(flag).expect("a Flag always serializes to JSON");
        let received_at = Utc::now();
        let inserted = sqlx::query(
            "INSERT INTO flags (id, category, created_at, received_at, body) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(&flag.category)
        .bind(column_time(flag.created_at))
        .bind(column_time(received_at))
        .bind(&body)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Inserted::Created(StoredFlag { flag: flag.clone(), received_at }));
        }

        let row: Option<(String, String)> = sqlx::query_as("SELECT body, received_at FROM flags WHERE id = ?")
            .bind(&id)
            .fetch_optional(&self.pool)
            .await?;
        // Flags are never deleted, so the row that made the insert a no-op is still there.
        let (stored_body, stored_received_at) =
            row.ok_or_else(|| StoreError::Corrupt { id: id.clone(), reason: "conflicting row vanished".into() })?;
        let stored = decode_row(&id, &stored_body, &stored_received_at)?;
        // Compare decoded flags, not JSON text: equal flags are the same retry however their JSON was spelled.
        Ok(if stored.flag == *flag { Inserted::Existing(stored) } else { Inserted::Conflict(stored) })
    }

    /// All stored flags, in the order the server received them.
    pub async fn list_flags(&self) -> Result<Vec<StoredFlag>, StoreError> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, body, received_at FROM flags ORDER BY seq")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|(id, body, received_at)| decode_row(id, body, received_at)).collect()
    }

    /// How many flags are stored.
    pub async fn count_flags(&self) -> Result<u64, StoreError> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM flags").fetch_one(&self.pool).await?;
        Ok(u64::try_from(count).expect("COUNT(*) is never negative"))
    }

    /// Waits for running queries and closes every connection, so SQLite checkpoints the WAL into the main file.
    pub async fn close(&self) {
        self.pool.close().await;
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

/// Times in columns have a fixed width so that comparing the text compares the times.
fn column_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn decode_row(id: &str, body: &str, received_at: &str) -> Result<StoredFlag, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { id: id.to_owned(), reason };
    let flag: Flag = serde_json::from_str(body).map_err(|e| corrupt(format!("body: {e}")))?;
    let received_at = DateTime::parse_from_rfc3339(received_at)
        .map_err(|e| corrupt(format!("received_at: {e}")))?
        .with_timezone(&Utc);
    Ok(StoredFlag { flag, received_at })
}
