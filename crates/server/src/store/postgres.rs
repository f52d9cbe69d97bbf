//! PostgreSQL specifics: the pool, the migrations, and the writing transaction.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use super::location::without_password;
use super::{Pools, StoreError, WritePool};

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections at once. Writers take turns anyway (see [`WRITE_LOCK`]); the rest serve reads.
const CONNECTIONS: u32 = 8;

/// How long a request waits for a connection before failing rather than hanging.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The advisory lock every writing transaction holds until it ends: "tapis" in ASCII.
const WRITE_LOCK: i64 = 0x74_61_70_69_73;

pub(super) async fn open(url: &str) -> Result<Pools, StoreError> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|source| StoreError::InvalidUrl { url: without_password(url), source })?;
    let pool = PgPoolOptions::new()
        .max_connections(CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(Pools::Postgres(pool))
}

impl WritePool for PgPool {
    type Db = Postgres;

    /// A sequence hands out numbers at insert time, not at commit, so two concurrent writers could commit `seq`
    /// 11 before 10 and a reader paging by `seq` would skip 10 for good. Taking one lock per writing
    /// transaction makes commit order the order of `seq`, as SQLite's single writer does.
    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let mut tx = self.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
        Ok(tx)
    }
}
