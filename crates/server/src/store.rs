//! Storage of flags, flaggers and the audit log, in SQLite or PostgreSQL, behind one small [`Store`].
//!
//! Both databases run the very same SQL (standard SQL with `$n` placeholders), written once per method and
//! type-checked for each backend by `with_pools!`. What differs (connecting, migrations, how a writing
//! transaction starts) lives in `store/sqlite.rs` and `store/postgres.rs`. Knows nothing of HTTP.
//!
//! Every write happens in a transaction that writers take one at a time (SQLite: one writing connection and
//! `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock). So sequence numbers are handed out in
//! commit order, and a reader paging with `seq > cursor` can never step past a row that commits later.
//!
//! This file holds the [`Store`], connecting, and the macros the queries share. The methods live by concern in
//! `store/`: `flags.rs` (storing and reading flags), `review.rs` (review, status changes, escalation and
//! deadlines), `flaggers.rs` (registering and revoking tokens), `audit.rs` (the audit log), `figures.rs` (what
//! the statistics and the report add up); `rows.rs` decodes the rows they read; `error.rs` and `location.rs`
//! hold [`StoreError`] and [`DbLocation`].

// The macros come first: a `macro_rules!` macro is known only below its definition, here in the modules
// declared after it.

/// Runs `$body` once per backend, with `$reader` and `$writer` bound to that backend's pools. The SQL in the
/// body is the same text for both and is type-checked for each.
macro_rules! with_pools {
    ($store:expr, |$reader:ident, $writer:ident| $body:expr) => {
        match &$store.pools {
            $crate::store::Pools::Sqlite { reader: $reader, writer: $writer } => $body,
            $crate::store::Pools::Postgres(pool) => {
                let ($reader, $writer) = (pool, pool);
                $body
            }
        }
    };
}

/// Appends ` AND …` for each condition of a [`FlagFilter`](crate::domain::FlagFilter) to a query builder (the
/// same SQL on both backends).
macro_rules! push_filter {
    ($query:ident, $filter:expr) => {{
        if let Some(status) = $filter.status {
            $query.push(" AND status = ").push_bind(status.as_str());
        }
        if let Some(among) = $filter.among {
            $query.push(" AND status IN (");
            let mut list = $query.separated(", ");
            for status in among {
                list.push_bind(status.as_str());
            }
            $query.push(")");
        }
        if let Some(flagger_id) = $filter.flagger_id {
            $query.push(" AND flagger_id = ").push_bind(flagger_id);
        }
        if let Some(flagger) = &$filter.not_filed_by {
            // The same rule as `Flagger::filed`: not this token's, nor the same person's under another token.
            $query.push(" AND flagger_id <> ").push_bind(flagger.id);
            $query.push(" AND flagger_id NOT IN (SELECT id FROM flaggers WHERE person = ");
            $query.push_bind(flagger.person.clone()).push(")");
        }
        if let Some(category) = &$filter.category {
            $query.push(" AND category = ").push_bind(category.as_str());
        }
        if let Some(chat) = &$filter.chat {
            $query.push(" AND chat_key = ").push_bind(chat.as_str());
        }
        if let Some(since) = $filter.since {
            $query.push(" AND received_at >= ").push_bind($crate::store::rows::column_time(since));
        }
        if let Some(until) = $filter.until {
            $query.push(" AND received_at < ").push_bind($crate::store::rows::column_time(until));
        }
    }};
}

/// The columns of a [`FlagRow`](rows::FlagRow).
macro_rules! flag_columns {
    () => {
        "body, notifier_analyst, notifier_organisation, status, status_changed_at, platform_reference, \
         status_reason, received_at, seq, flagger_id, reviewer_analyst, reviewer_organisation, review_decision, \
         reviewed_at, review_reason, approved_at, deadline_at, outcome_at, escalation, escalation_at, \
         escalation_reason"
    };
}

mod audit;
mod error;
mod figures;
mod flaggers;
mod flags;
mod location;
mod postgres;
mod review;
mod rows;
mod sqlite;

pub use error::StoreError;
pub use figures::{CategoryFigures, OutcomeFigures, Period, TimeFigures};
pub use flaggers::{FlaggerRecord, PersonChoice, Registration, Revocation};
pub use flags::Inserted;
pub use location::{Backend, DbLocation};
pub use review::{EscalationOutcome, ReviewOutcome, StatusOutcome};

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::{PgPool, QueryBuilder, SqlitePool};

use crate::clock::Clock;
use crate::domain::{Cursor, Limit};
use crate::policy::Policy;

/// One page of rows, and where the next starts if there may be more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows, oldest first.
    pub items: Vec<T>,
    /// Where the next page starts, when this one was full.
    pub next: Option<Cursor>,
}

/// The connections of one backend.
#[derive(Clone, Debug)]
enum Pools {
    /// One writing connection, so writers queue in the pool instead of spinning on SQLite's busy lock, and
    /// several readers, which WAL lets read while it writes.
    Sqlite { reader: SqlitePool, writer: SqlitePool },
    /// One pool for readers and writers alike; writers take turns through an advisory lock.
    Postgres(PgPool),
}

/// How a backend starts a transaction that writes: one writer at a time (see the module docs).
trait WritePool {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

/// A query builder for the pool's database; taking the pool only to name the database.
fn query_builder<'a, DB: sqlx::Database>(_pool: &sqlx::Pool<DB>, sql: &str) -> QueryBuilder<'a, DB> {
    QueryBuilder::new(sql)
}

/// The flags database. Cheap to clone: clones share the connection pools.
#[derive(Clone, Debug)]
pub struct Store {
    pools: Pools,
    /// Where every time the store writes, and every deadline it measures, comes from.
    clock: Clock,
    /// The deadline a notice gets when it is approved.
    policy: Arc<Policy>,
}

impl Store {
    /// Opens (creating if missing) and migrates the database at `location`.
    pub async fn connect(location: &DbLocation) -> Result<Self, StoreError> {
        let pools = match location {
            DbLocation::SqlitePath(path) => sqlite::open(sqlite::options_for_path(path)).await?,
            DbLocation::SqliteUrl(url) => sqlite::open(sqlite::options_for_url(url)?).await?,
            DbLocation::Postgres(url) => postgres::open(url).await?,
        };
        let store = Self { pools, clock: Clock::system(), policy: Arc::new(Policy::default()) };
        let filled = store.backfill().await?;
        if filled > 0 {
            tracing::info!(flags = filled, "filled in the notice keys and turnaround of flags stored before them");
        }
        Ok(store)
    }

    /// Opens (creating if missing, with its parent directories) the SQLite file at `path`, and migrates it.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::connect(&DbLocation::SqlitePath(path.as_ref().to_path_buf())).await
    }

    /// The store, reading the time from `clock` (a manual one in tests).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The store, giving approved notices the deadlines of `policy`.
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = Arc::new(policy);
        self
    }

    /// The time now, by the store's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The policy deadlines come from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pools!(self, |reader, _writer| sqlx::query("SELECT 1").execute(reader).await.map(drop)?);
        Ok(())
    }

    /// Waits for running queries and closes every connection (SQLite then checkpoints the WAL into its file).
    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { reader, writer } => {
                reader.close().await;
                writer.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

/// The versions and descriptions of the migrations a backend runs, to check that the two directories match.
pub fn migrations(backend: Backend) -> Vec<(i64, String)> {
    let migrator = match backend {
        Backend::Sqlite => &sqlite::MIGRATOR,
        Backend::Postgres => &postgres::MIGRATOR,
    };
    migrator.iter().map(|migration| (migration.version, migration.description.to_string())).collect()
}

/// Turns `limit + 1` rows into a page of at most `limit`, with a cursor when there was a row more.
fn page<R, T>(
    mut rows: Vec<R>,
    limit: Limit,
    seq: impl Fn(&R) -> i64,
    decode: impl Fn(R) -> Result<T, StoreError>,
) -> Result<Page<T>, StoreError> {
    let limit = limit.get() as usize;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|row| Cursor::after(seq(row)))
    } else {
        None
    };
    Ok(Page { items: rows.into_iter().map(decode).collect::<Result<_, _>>()?, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migrations() {
        let sqlite = migrations(Backend::Sqlite);
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, migrations(Backend::Postgres));
    }
}
