//! Why a storage operation failed.

use std::path::PathBuf;

/// Why a storage operation failed. None of these are the client's fault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL could not be understood.
    #[error("invalid database URL {url}")]
    InvalidUrl {
        /// The URL as given, without its password.
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
    #[error("stored row {id} is unreadable: {reason}")]
    Corrupt {
        /// The row's id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
}
