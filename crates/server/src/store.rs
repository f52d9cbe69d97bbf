//! Storage of flags, flaggers and the audit log, in SQLite or PostgreSQL, behind one small [`Store`].
//!
//! Both databases run the very same SQL (standard SQL with `$n` placeholders), written once per method and
//! type-checked for each backend by `with_pools!`. What differs (connecting, migrations, how a writing
//! transaction starts) lives in `store/sqlite.rs` and `store/postgres.rs`. Knows nothing of HTTP.
//!
//! Every write happens in a transaction that writers take one at a time (SQLite: one writing connection and
//! `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock). So sequence numbers are handed out in
//! commit order, and a reader paging with `seq > cursor` can never step past a row that commits later.

mod error;
mod location;
mod postgres;
mod sqlite;

pub use error::StoreError;
pub use location::{Backend, DbLocation};

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{PgPool, QueryBuilder, SqlitePool};
use tapis_wire::{
    AuditAction, AuditEntry, Deadline, Decision, Escalation, EscalationState, FlagStatus, NewFlag, Notifier, Review,
    Role, StoredFlag,
};
use uuid::Uuid;

use std::sync::Arc;

use crate::auth::{Flagger, TokenHash};
use crate::clock::Clock;
use crate::domain::{
    AuditQuery, Cursor, FlagFilter, FlaggerName, Limit, MADE_PERSON_PREFIX, Order, Organisation, PersonId, ValidFlag,
    ValidStatusChange,
};
use crate::export::notice_key_of_new;
use crate::policy::Policy;

/// What [`Store::insert_flags`] did with one flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The flag was new and is now stored.
    Created(StoredFlag),
    /// The very same flag from the same flagger was already stored (a retry); nothing changed.
    Existing(StoredFlag),
    /// A different flag (or the same from another flagger) has this id; it is returned and was left unchanged.
    Conflict(StoredFlag),
}

/// What [`Store::change_status`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusOutcome {
    /// The status changed; the flag as it is now.
    Changed(StoredFlag),
    /// The flag already had exactly this status, reference and reason (a retry); nothing changed.
    Unchanged(StoredFlag),
    /// The flag's status does not allow the change.
    NotAllowed(FlagStatus),
    /// No flag has the id.
    NotFound,
}

/// What [`Store::review`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// The decision is recorded; the flag as it is now.
    Decided(StoredFlag),
    /// The same reviewer had already made exactly this decision (a retry); nothing changed.
    Unchanged(StoredFlag),
    /// The reviewer filed the flag themselves.
    OwnFlag,
    /// The flag is not waiting for review.
    NotAllowed(FlagStatus),
    /// No flag has the id.
    NotFound,
}

/// What [`Store::escalate`] did with one flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EscalationOutcome {
    /// The step is recorded; the flag as it is now.
    Changed(StoredFlag),
    /// The flag had taken exactly this step with this reason already (a retry); nothing changed.
    Unchanged(StoredFlag),
    /// The flag's escalation (`None`: never escalated) does not allow the step, or the flag is not approved.
    NotAllowed(Option<Escalation>),
    /// A first warning for a flag that is not overdue (or already answered).
    NotOverdue(StoredFlag),
    /// No flag has the id.
    NotFound,
}

/// Notices sent (approved) in a period: `from` inclusive, `to` exclusive; either may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// The first instant.
    pub from: Option<DateTime<Utc>>,
    /// The end (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// The notices of one platform, category and outcome, as [`Store::notice_figures`] counts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeFigures {
    /// The platform.
    pub platform: String,
    /// The category.
    pub category: String,
    /// `actioned`, `rejected` or `awaiting`.
    pub outcome: String,
    /// Distinct notices.
    pub notices: u64,
    /// Of these, answered within their deadline.
    pub met: u64,
    /// Answered after it, or unanswered and past it.
    pub overdue: u64,
    /// Escalated at least once.
    pub escalated: u64,
}

/// The time to outcome of one platform and category's flags, as [`Store::notice_figures`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeFigures {
    /// The platform.
    pub platform: String,
    /// The category.
    pub category: String,
    /// Flags with an outcome.
    pub decided: u64,
    /// The median, nearest rank.
    pub median_seconds: Option<i64>,
    /// The 90th percentile, nearest rank.
    pub p90_seconds: Option<i64>,
    /// The longest.
    pub max_seconds: Option<i64>,
}

/// The turnaround of one category's approved flags, as [`Store::turnaround_figures`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryFigures {
    /// The category.
    pub category: String,
    /// Its approved flags, whatever happened since.
    pub approved: u64,
    /// Of these, how many have the platform's outcome (`actioned` or `rejected`).
    pub decided: u64,
    /// How many are `actioned`.
    pub actioned: u64,
    /// How many are `rejected`.
    pub rejected: u64,
    /// The seconds from approval to outcome, added over the decided flags.
    pub sum_seconds: i64,
    /// The longest of these.
    pub max_seconds: Option<i64>,
    /// Their median (the mean of the middle two for an even count, rounded down).
    pub median_seconds: Option<i64>,
    /// When the oldest flag still without an outcome was approved.
    pub oldest_awaiting_approved_at: Option<DateTime<Utc>>,
}

/// A registered flagger, as `tapis token list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggerRecord {
    /// The id.
    pub id: i64,
    /// The analyst's name.
    pub name: String,
    /// Their organisation.
    pub organisation: Option<String>,
    /// Their role.
    pub role: Role,
    /// When the token was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The person, the same across all their tokens.
    pub person: String,
}

/// Who a new flagger is, for [`Store::register_flagger`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonChoice {
    /// The person with this id (`--person`), whether or not they have a token already.
    Given(PersonId),
    /// The person of this flagger (`--same-as`), revoked or not.
    SameAs(i64),
    /// The person of an earlier flagger with the same name and organisation (a token registered again), else a
    /// new person.
    ByName,
}

/// What [`Store::register_flagger`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registration {
    /// The flagger is registered.
    Created(FlaggerRecord),
    /// An active flagger has the name already.
    NameTaken,
    /// `--same-as` named no flagger.
    UnknownFlagger(i64),
}

/// What [`Store::revoke_flagger`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// The flagger's token no longer works.
    Revoked(FlaggerRecord),
    /// It had been revoked before; nothing changed.
    AlreadyRevoked(FlaggerRecord),
    /// No flagger has this name (among active ones) or id.
    Unknown,
}

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

/// Runs `$body` once per backend, with `$reader` and `$writer` bound to that backend's pools. The SQL in the
/// body is the same text for both and is type-checked for each.
macro_rules! with_pools {
    ($store:expr, |$reader:ident, $writer:ident| $body:expr) => {
        match &$store.pools {
            Pools::Sqlite { reader: $reader, writer: $writer } => $body,
            Pools::Postgres(pool) => {
                let ($reader, $writer) = (pool, pool);
                $body
            }
        }
    };
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

/// Appends ` AND …` for each condition of a [`FlagFilter`] to a query builder (the same SQL on both backends).
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
            $query.push(" AND received_at >= ").push_bind(column_time(since));
        }
        if let Some(until) = $filter.until {
            $query.push(" AND received_at < ").push_bind(column_time(until));
        }
    }};
}

/// The columns [`decode_flag`] reads, in its order.
macro_rules! flag_columns {
    () => {
        "body, notifier_analyst, notifier_organisation, status, status_changed_at, platform_reference, \
         status_reason, received_at, seq, flagger_id, reviewer_analyst, reviewer_organisation, review_decision, \
         reviewed_at, review_reason, approved_at, deadline_at, outcome_at, escalation, escalation_at, \
         escalation_reason"
    };
}

/// The columns of [`FlaggerRow`].
macro_rules! flagger_columns {
    () => {
        "id, name, organisation, created_at, revoked_at, role, person"
    };
}

/// A row of `flags`, as [`flag_columns`] selects it.
#[derive(sqlx::FromRow)]
struct FlagRow {
    body: String,
    notifier_analyst: String,
    notifier_organisation: Option<String>,
    status: String,
    status_changed_at: String,
    platform_reference: Option<String>,
    status_reason: Option<String>,
    received_at: String,
    seq: i64,
    flagger_id: i64,
    reviewer_analyst: Option<String>,
    reviewer_organisation: Option<String>,
    review_decision: Option<String>,
    reviewed_at: Option<String>,
    review_reason: Option<String>,
    approved_at: Option<String>,
    deadline_at: Option<String>,
    outcome_at: Option<String>,
    escalation: Option<String>,
    escalation_at: Option<String>,
    escalation_reason: Option<String>,
}

type FlaggerRow = (i64, String, Option<String>, String, Option<String>, String, String);

type AuditRow = (i64, String, String, Option<i64>, String, Option<String>, String);

const INSERT_AUDIT: &str =
    "INSERT INTO audit (at, actor, actor_id, action, flag_id, details) VALUES ($1, $2, $3, $4, $5, $6)";

/// The actor of the audit entries `tapis token` writes: an operator at the server's console.
const CLI_ACTOR: &str = "cli";

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

    /// Registers a flagger with the hash of their new token, as the person of an earlier flagger with the same
    /// name and organisation if there is one. `None` if an active flagger has the name already.
    pub async fn create_flagger(
        &self,
        name: &FlaggerName,
        organisation: Option<&Organisation>,
        role: Role,
        token: &TokenHash,
    ) -> Result<Option<FlaggerRecord>, StoreError> {
        Ok(match self.register_flagger(name, organisation, role, token, &PersonChoice::ByName).await? {
            Registration::Created(record) => Some(record),
            Registration::NameTaken | Registration::UnknownFlagger(_) => None,
        })
    }

    /// Registers a flagger with the hash of their new token, as the person `person` says.
    pub async fn register_flagger(
        &self,
        name: &FlaggerName,
        organisation: Option<&Organisation>,
        role: Role,
        token: &TokenHash,
        person: &PersonChoice,
    ) -> Result<Registration, StoreError> {
        let now = self.now();
        let organisation = organisation.map(|o| o.as_str().to_owned());
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            // Writers are serialized, so nobody can take the name between this check and the insert.
            let taken: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM flaggers WHERE name = $1 AND revoked_at IS NULL")
                    .bind(name.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                return Ok(Registration::NameTaken);
            }
            let known: Option<String> = match person {
                PersonChoice::Given(person) => Some(person.as_str().to_owned()),
                PersonChoice::SameAs(id) => {
                    let row: Option<(String,)> = sqlx::query_as("SELECT person FROM flaggers WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    match row {
                        Some((person,)) => Some(person),
                        None => return Ok(Registration::UnknownFlagger(*id)),
                    }
                }
                PersonChoice::ByName => {
                    let row: Option<(String,)> = sqlx::query_as(
                        "SELECT person FROM flaggers WHERE name = $1 AND COALESCE(organisation, '') = $2
                         ORDER BY id LIMIT 1",
                    )
                    .bind(name.as_str())
                    .bind(organisation.clone().unwrap_or_default())
                    .fetch_optional(&mut *tx)
                    .await?;
                    row.map(|(person,)| person)
                }
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO flaggers (name, organisation, token_hash, created_at, role, person)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(name.as_str())
            .bind(&organisation)
            .bind(token.as_str())
            .bind(column_time(now))
            .bind(role.as_str())
            .bind(known.clone().unwrap_or_default())
            .fetch_one(&mut *tx)
            .await?;
            let person = match known {
                Some(person) => person,
                None => {
                    let person = format!("{MADE_PERSON_PREFIX}{id}");
                    sqlx::query("UPDATE flaggers SET person = $1 WHERE id = $2")
                        .bind(&person)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    person
                }
            };
            sqlx::query(INSERT_AUDIT)
                .bind(column_time(now))
                .bind(CLI_ACTOR)
                .bind(None::<i64>)
                .bind(AuditAction::TokenCreated.as_str())
                .bind(None::<String>)
                .bind(details([
                    ("flagger_id", id.to_string()),
                    ("name", name.as_str().to_owned()),
                    ("role", role.as_str().to_owned()),
                    ("person", person.clone()),
                ]))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Registration::Created(FlaggerRecord {
                id,
                name: name.as_str().to_owned(),
                organisation,
                role,
                created_at: now,
                revoked_at: None,
                person,
            }))
        })
    }

    /// Revokes a flagger's token, found by id (all digits) or else by the name of an active flagger.
    pub async fn revoke_flagger(&self, name_or_id: &str) -> Result<Revocation, StoreError> {
        let now = self.now();
        let id: Option<i64> = name_or_id.bytes().all(|b| b.is_ascii_digit()).then(|| name_or_id.parse().ok()).flatten();
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let row: Option<FlaggerRow> = match id {
                Some(id) => {
                    sqlx::query_as(concat!("SELECT ", flagger_columns!(), " FROM flaggers WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?
                }
                None => {
                    sqlx::query_as(concat!(
                        "SELECT ",
                        flagger_columns!(),
                        " FROM flaggers WHERE name = $1 AND revoked_at IS NULL"
                    ))
                    .bind(name_or_id)
                    .fetch_optional(&mut *tx)
                    .await?
                }
            };
            let Some(row) = row else { return Ok(Revocation::Unknown) };
            let mut record = decode_flagger(row)?;
            if record.revoked_at.is_some() {
                return Ok(Revocation::AlreadyRevoked(record));
            }
            sqlx::query("UPDATE flaggers SET revoked_at = $1 WHERE id = $2")
                .bind(column_time(now))
                .bind(record.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(INSERT_AUDIT)
                .bind(column_time(now))
                .bind(CLI_ACTOR)
                .bind(None::<i64>)
                .bind(AuditAction::TokenRevoked.as_str())
                .bind(None::<String>)
                .bind(details([("flagger_id", record.id.to_string()), ("name", record.name.clone())]))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            record.revoked_at = Some(now);
            Ok(Revocation::Revoked(record))
        })
    }

    /// Every flagger ever registered, revoked ones included, by id.
    pub async fn list_flaggers(&self) -> Result<Vec<FlaggerRecord>, StoreError> {
        let rows: Vec<FlaggerRow> = with_pools!(self, |reader, _writer| {
            sqlx::query_as(concat!("SELECT ", flagger_columns!(), " FROM flaggers ORDER BY id"))
                .fetch_all(reader)
                .await?
        });
        rows.into_iter().map(decode_flagger).collect()
    }

    /// The active flagger whose token has this hash.
    pub async fn flagger_by_token(&self, token: &TokenHash) -> Result<Option<Flagger>, StoreError> {
        let row: Option<FlaggerRow> = with_pools!(self, |reader, _writer| {
            sqlx::query_as(concat!(
                "SELECT ",
                flagger_columns!(),
                " FROM flaggers WHERE token_hash = $1 AND revoked_at IS NULL"
            ))
            .bind(token.as_str())
            .fetch_optional(reader)
            .await?
        });
        Ok(row.map(decode_flagger).transpose()?.map(|record| Flagger {
            id: record.id,
            name: record.name,
            organisation: record.organisation,
            role: record.role,
            person: record.person,
        }))
    }

    /// Stores each flag unless a flag with its id is already stored, and says for each which happened.
    ///
    /// All in one transaction, answered only once it is committed: what the caller reports as created is on
    /// disk. A flag that was already stored is compared as decoded flags, not JSON text, so a retry is
    /// recognised however its JSON was spelled.
    pub async fn insert_flags(&self, flagger: &Flagger, flags: &[ValidFlag]) -> Result<Vec<Inserted>, StoreError> {
        if flags.is_empty() {
            return Ok(Vec::new());
        }
        let received_at = self.now();
        let notifier = flagger.notifier();
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let mut results = Vec::with_capacity(flags.len());
            for flag in flags {
                let posted = flag.flag();
                let id = posted.id.to_string();
                let created: Option<(i64,)> = sqlx::query_as(
                    "INSERT INTO flags (id, flagger_id, notifier_analyst, notifier_organisation, target_kind, chat_key,
                         category, severity, confirmed_at, received_at, status, status_changed_at, body, notice_key,
                         platform)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $12, $13, $14)
                     ON CONFLICT (id) DO NOTHING RETURNING seq",
                )
                .bind(&id)
                .bind(flagger.id)
                .bind(&notifier.analyst)
                .bind(&notifier.organisation)
                .bind(posted.target.kind())
                .bind(flag.chat_key().as_str())
                .bind(&posted.classification.category)
                .bind(posted.classification.severity.as_str())
                .bind(column_time(posted.detection.confirmed_at))
                .bind(column_time(received_at))
                .bind(FlagStatus::PendingReview.as_str())
                .bind(serde_json::to_string(posted).expect("a NewFlag always serializes to JSON"))
                .bind(notice_key_of_new(posted))
                .bind(posted.target.platform().as_str())
                .fetch_optional(&mut *tx)
                .await?;
                if created.is_some() {
                    sqlx::query(INSERT_AUDIT)
                        .bind(column_time(received_at))
                        .bind(&flagger.name)
                        .bind(Some(flagger.id))
                        .bind(AuditAction::FlagCreated.as_str())
                        .bind(Some(&id))
                        .bind(details([
                            ("category", posted.classification.category.clone()),
                            ("chat", flag.chat_key().as_str().to_owned()),
                            ("kind", posted.target.kind().to_owned()),
                        ]))
                        .execute(&mut *tx)
                        .await?;
                    results.push(Inserted::Created(new_stored_flag(posted, notifier.clone(), received_at)));
                    continue;
                }
                // Flags are never deleted, so the row that made the insert a no-op is there.
                let row: FlagRow = sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                    .bind(&id)
                    .fetch_one(&mut *tx)
                    .await?;
                let flagger_id = row.flagger_id;
                let stored = decode_flag(row, received_at)?;
                let same = flagger_id == flagger.id && stored.to_new_flag() == *posted;
                results.push(if same { Inserted::Existing(stored) } else { Inserted::Conflict(stored) });
            }
            tx.commit().await?;
            Ok(results)
        })
    }

    /// The flag with this id.
    pub async fn flag(&self, id: Uuid) -> Result<Option<StoredFlag>, StoreError> {
        let row: Option<FlagRow> = with_pools!(self, |reader, _writer| {
            sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                .bind(id.to_string())
                .fetch_optional(reader)
                .await?
        });
        let now = self.now();
        row.map(|row| decode_flag(row, now)).transpose()
    }

    /// One page of the flags that pass `filter`, in the order they were received.
    pub async fn list_flags(
        &self,
        filter: &FlagFilter,
        order: Order,
        cursor: Option<Cursor>,
        limit: Limit,
    ) -> Result<Page<StoredFlag>, StoreError> {
        // The cursor is the last row's sequence number: the next page is beyond it, in the order asked for.
        let (beyond, direction, start) = match order {
            Order::Oldest => (" FROM flags WHERE seq > ", " ORDER BY seq LIMIT ", 0),
            Order::Newest => (" FROM flags WHERE seq < ", " ORDER BY seq DESC LIMIT ", i64::MAX),
        };
        let from = cursor.map_or(start, Cursor::seq);
        let rows: Vec<FlagRow> = with_pools!(self, |reader, _writer| {
            let mut query = query_builder(reader, concat!("SELECT ", flag_columns!()));
            query.push(beyond).push_bind(from);
            push_filter!(query, filter);
            // One more than the page, to know whether another page follows.
            query.push(direction).push_bind(i64::from(limit.get()) + 1);
            query.build_query_as().fetch_all(reader).await?
        });
        let now = self.now();
        page(rows, limit, |row| row.seq, |row| decode_flag(row, now))
    }

    /// Which of the flags `ids` were filed by `person`, under whatever token.
    pub async fn filed_by_person(&self, person: &str, ids: &[Uuid]) -> Result<Vec<Uuid>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String,)> = with_pools!(self, |reader, _writer| {
            let mut query = query_builder(
                reader,
                "SELECT flags.id FROM flags JOIN flaggers ON flaggers.id = flags.flagger_id WHERE flaggers.person = ",
            );
            query.push_bind(person.to_owned()).push(" AND flags.id IN (");
            let mut list = query.separated(", ");
            for id in ids {
                list.push_bind(id.to_string());
            }
            query.push(")");
            query.build_query_as().fetch_all(reader).await?
        });
        rows.into_iter()
            .map(|(id,)| Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt { id, reason: e.to_string() }))
            .collect()
    }

    /// Every flag that passes `filter` and belongs to one of the notices `keys` (through the `notice_key` index),
    /// with its sequence number, in the order received.
    pub async fn notice_flags(
        &self,
        filter: &FlagFilter,
        keys: &[String],
    ) -> Result<Vec<(i64, StoredFlag)>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<FlagRow> = with_pools!(self, |reader, _writer| {
            let mut query =
                query_builder(reader, concat!("SELECT ", flag_columns!(), " FROM flags WHERE notice_key IN ("));
            let mut list = query.separated(", ");
            for key in keys {
                list.push_bind(key.clone());
            }
            query.push(")");
            push_filter!(query, filter);
            query.push(" ORDER BY seq");
            query.build_query_as().fetch_all(reader).await?
        });
        let now = self.now();
        rows.into_iter().map(|row| Ok((row.seq, decode_flag(row, now)?))).collect()
    }

    /// Fills in the columns later migrations added for flags stored before them, a batch per transaction:
    /// `notice_key` (from the flag's JSON) and `turnaround_seconds`. Returns how many rows it filled.
    pub async fn backfill(&self) -> Result<u64, StoreError> {
        const BATCH: i64 = 1_000;
        let mut filled = 0;
        loop {
            let done = with_pools!(self, |_reader, writer| {
                let mut tx = writer.begin_write().await?;
                let rows: Vec<(i64, String)> =
                    sqlx::query_as("SELECT seq, body FROM flags WHERE notice_key IS NULL ORDER BY seq LIMIT $1")
                        .bind(BATCH)
                        .fetch_all(&mut *tx)
                        .await?;
                for (seq, body) in &rows {
                    let posted: NewFlag = serde_json::from_str(body).map_err(|e| StoreError::Corrupt {
                        id: format!("flag #{seq}"),
                        reason: format!("body: {e}"),
                    })?;
                    sqlx::query("UPDATE flags SET notice_key = $1 WHERE seq = $2")
                        .bind(notice_key_of_new(&posted))
                        .bind(seq)
                        .execute(&mut *tx)
                        .await?;
                }
                let times: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT seq, approved_at, outcome_at FROM flags
                     WHERE turnaround_seconds IS NULL AND outcome_at IS NOT NULL AND approved_at IS NOT NULL
                     ORDER BY seq LIMIT $1",
                )
                .bind(BATCH)
                .fetch_all(&mut *tx)
                .await?;
                for (seq, approved_at, outcome_at) in &times {
                    let key = format!("flag #{seq}");
                    let seconds = turnaround_seconds(
                        parse_time(&key, "approved_at", approved_at)?,
                        parse_time(&key, "outcome_at", outcome_at)?,
                    );
                    sqlx::query("UPDATE flags SET turnaround_seconds = $1 WHERE seq = $2")
                        .bind(seconds)
                        .bind(seq)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                filled += (rows.len() + times.len()) as u64;
                rows.len() < BATCH as usize && times.len() < BATCH as usize
            });
            if done {
                return Ok(filled);
            }
        }
    }

    /// Moves a flag to the status the platform reports, if its current status allows it, and audits the change.
    pub async fn change_status(
        &self,
        actor: &Flagger,
        id: Uuid,
        change: &ValidStatusChange,
    ) -> Result<StatusOutcome, StoreError> {
        let mut outcomes = self.change_statuses(actor, &[id], change).await?;
        Ok(outcomes.pop().expect("one outcome per id"))
    }

    /// [`Store::change_status`] for several flags (a notice's), in one transaction: one outcome per id, in order.
    pub async fn change_statuses(
        &self,
        actor: &Flagger,
        ids: &[Uuid],
        change: &ValidStatusChange,
    ) -> Result<Vec<StatusOutcome>, StoreError> {
        let change = change.get();
        let now = self.now();
        let outcome_at = matches!(change.status, FlagStatus::Actioned | FlagStatus::Rejected).then(|| column_time(now));
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let mut outcomes = Vec::with_capacity(ids.len());
            for &id in ids {
                let row: Option<FlagRow> =
                    sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                        .bind(id.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(row) = row else {
                    outcomes.push(StatusOutcome::NotFound);
                    continue;
                };
                let mut flag = decode_flag(row, now)?;
                let from = flag.status;
                if from == change.status
                    && flag.platform_reference == change.platform_reference
                    && flag.status_reason == change.reason
                {
                    outcomes.push(StatusOutcome::Unchanged(flag));
                    continue;
                }
                if !from.can_become(change.status) {
                    outcomes.push(StatusOutcome::NotAllowed(from));
                    continue;
                }
                let (approved_at,): (Option<String>,) = sqlx::query_as("SELECT approved_at FROM flags WHERE id = $1")
                    .bind(id.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
                let turnaround = match (&outcome_at, approved_at) {
                    (Some(_), Some(approved_at)) => {
                        Some(turnaround_seconds(parse_time(&id.to_string(), "approved_at", &approved_at)?, now))
                    }
                    _ => None,
                };
                sqlx::query(
                    "UPDATE flags SET status = $1, status_changed_at = $2, platform_reference = $3, status_reason = $4,
                         outcome_at = $5, turnaround_seconds = $6
                     WHERE id = $7",
                )
                .bind(change.status.as_str())
                .bind(column_time(now))
                .bind(&change.platform_reference)
                .bind(&change.reason)
                .bind(&outcome_at)
                .bind(turnaround)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                let mut particulars =
                    vec![("from", from.as_str().to_owned()), ("to", change.status.as_str().to_owned())];
                particulars
                    .extend(change.platform_reference.clone().map(|reference| ("platform_reference", reference)));
                particulars.extend(change.reason.clone().map(|reason| ("reason", reason)));
                sqlx::query(INSERT_AUDIT)
                    .bind(column_time(now))
                    .bind(&actor.name)
                    .bind(Some(actor.id))
                    .bind(AuditAction::FlagStatusChanged.as_str())
                    .bind(Some(id.to_string()))
                    .bind(details(particulars))
                    .execute(&mut *tx)
                    .await?;
                flag.status = change.status;
                flag.status_changed_at = now;
                flag.platform_reference = change.platform_reference.clone();
                flag.status_reason = change.reason.clone();
                if let (Some(clock), Some(_)) = (flag.deadline.as_mut(), &outcome_at) {
                    *clock = deadline(clock.started_at, clock.due_at, Some(now), now);
                }
                outcomes.push(StatusOutcome::Changed(flag));
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }

    /// A reviewer's decision on a flag waiting for review: never on their own flag; audited.
    pub async fn review(
        &self,
        reviewer: &Flagger,
        id: Uuid,
        decision: Decision,
        reason: Option<&str>,
    ) -> Result<ReviewOutcome, StoreError> {
        let now = self.now();
        let to = decision.status();
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let row: Option<FlagRow> = sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else { return Ok(ReviewOutcome::NotFound) };
            let flagger_id = row.flagger_id;
            let (person,): (String,) = sqlx::query_as("SELECT person FROM flaggers WHERE id = $1")
                .bind(flagger_id)
                .fetch_one(&mut *tx)
                .await?;
            let mut flag = decode_flag(row, now)?;
            if reviewer.filed(flagger_id, &person) {
                return Ok(ReviewOutcome::OwnFlag);
            }
            if let Some(review) = &flag.review
                && review.decision == decision
                && review.reviewer == reviewer.notifier()
                && review.reason.as_deref() == reason
            {
                return Ok(ReviewOutcome::Unchanged(flag));
            }
            if !flag.status.can_become(to) {
                return Ok(ReviewOutcome::NotAllowed(flag.status));
            }
            let approved_at = (decision == Decision::Approve).then(|| column_time(now));
            // The notice is sent to the platform now: its clock starts, with the category's deadline of today's
            // policy.
            let due_at =
                (decision == Decision::Approve).then(|| now + self.policy.deadline(&flag.classification.category));
            sqlx::query(
                "UPDATE flags SET status = $1, status_changed_at = $2, reviewer_id = $3, reviewer_analyst = $4,
                     reviewer_organisation = $5, review_decision = $6, reviewed_at = $2, review_reason = $7,
                     approved_at = $8, deadline_at = $10
                 WHERE id = $9",
            )
            .bind(to.as_str())
            .bind(column_time(now))
            .bind(reviewer.id)
            .bind(&reviewer.name)
            .bind(&reviewer.organisation)
            .bind(decision.as_str())
            .bind(reason)
            .bind(&approved_at)
            .bind(id.to_string())
            .bind(due_at.map(column_time))
            .execute(&mut *tx)
            .await?;
            let action = match decision {
                Decision::Approve => AuditAction::FlagApproved,
                Decision::Return => AuditAction::FlagReturned,
            };
            let mut particulars = vec![
                ("from", flag.status.as_str().to_owned()),
                ("to", to.as_str().to_owned()),
                ("analyst", flag.notifier.analyst.clone()),
            ];
            particulars.extend(reason.map(|reason| ("reason", reason.to_owned())));
            sqlx::query(INSERT_AUDIT)
                .bind(column_time(now))
                .bind(&reviewer.name)
                .bind(Some(reviewer.id))
                .bind(action.as_str())
                .bind(Some(id.to_string()))
                .bind(details(particulars))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            flag.status = to;
            flag.status_changed_at = now;
            flag.review =
                Some(Review { decision, reviewer: reviewer.notifier(), at: now, reason: reason.map(str::to_owned) });
            flag.deadline = due_at.map(|due_at| deadline(now, due_at, None, now));
            Ok(ReviewOutcome::Decided(flag))
        })
    }

    /// The turnaround figures of every approved flag (legacy flags included), per category, computed by the
    /// database: one row per category, whatever the number of flags.
    pub async fn turnaround_figures(&self) -> Result<Vec<CategoryFigures>, StoreError> {
        type Row = (String, i64, i64, i64, i64, Option<i64>, Option<i64>, Option<String>);
        let rows: Vec<Row> = with_pools!(self, |reader, _writer| {
            sqlx::query_as(
                "SELECT category, COUNT(*), COUNT(turnaround_seconds),
                     CAST(SUM(CASE WHEN status = 'actioned' THEN 1 ELSE 0 END) AS BIGINT),
                     CAST(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS BIGINT),
                     CAST(SUM(turnaround_seconds) AS BIGINT), MAX(turnaround_seconds),
                     MIN(CASE WHEN outcome_at IS NULL THEN approved_at END)
                 FROM flags WHERE approved_at IS NOT NULL GROUP BY category ORDER BY category",
            )
            .fetch_all(reader)
            .await?
        });
        let mut figures = Vec::with_capacity(rows.len());
        for (category, approved, decided, actioned, rejected, sum_seconds, max_seconds, oldest) in rows {
            // The middle one or two durations, through the (category, turnaround_seconds) index.
            let middle: Vec<(i64,)> = if decided == 0 {
                Vec::new()
            } else {
                with_pools!(self, |reader, _writer| {
                    sqlx::query_as(
                        "SELECT turnaround_seconds FROM flags
                         WHERE category = $1 AND approved_at IS NOT NULL AND turnaround_seconds IS NOT NULL
                         ORDER BY turnaround_seconds LIMIT $2 OFFSET $3",
                    )
                    .bind(&category)
                    .bind(if decided % 2 == 0 { 2_i64 } else { 1 })
                    .bind((decided - 1) / 2)
                    .fetch_all(reader)
                    .await?
                })
            };
            let key = format!("category {category}");
            let count = |n: i64| u64::try_from(n).unwrap_or_default();
            figures.push(CategoryFigures {
                approved: count(approved),
                decided: count(decided),
                actioned: count(actioned),
                rejected: count(rejected),
                sum_seconds: sum_seconds.unwrap_or_default(),
                max_seconds,
                median_seconds: (!middle.is_empty())
                    .then(|| middle.iter().map(|(seconds,)| seconds).sum::<i64>() / middle.len() as i64),
                oldest_awaiting_approved_at: oldest.map(|time| parse_time(&key, "approved_at", &time)).transpose()?,
                category,
            });
        }
        Ok(figures)
    }

    /// Takes an escalation step on several flags (a notice's), in one transaction, audited: one outcome per id, in
    /// order. A first warning needs a flag past its deadline without the platform's outcome.
    pub async fn escalate(
        &self,
        actor: &Flagger,
        ids: &[Uuid],
        step: Escalation,
        reason: Option<&str>,
    ) -> Result<Vec<EscalationOutcome>, StoreError> {
        let now = self.now();
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let mut outcomes = Vec::with_capacity(ids.len());
            for &id in ids {
                let row: Option<FlagRow> =
                    sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                        .bind(id.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(row) = row else {
                    outcomes.push(EscalationOutcome::NotFound);
                    continue;
                };
                let mut flag = decode_flag(row, now)?;
                let from = flag.escalation.as_ref().map(|state| state.step);
                if from == Some(step) && flag.escalation.as_ref().and_then(|state| state.reason.as_deref()) == reason {
                    outcomes.push(EscalationOutcome::Unchanged(flag));
                    continue;
                }
                if !flag.status.is_approved() || !Escalation::can_follow(from, step) {
                    outcomes.push(EscalationOutcome::NotAllowed(from));
                    continue;
                }
                let unmet = flag.deadline.as_ref().is_some_and(|clock| clock.overdue && clock.stopped_at.is_none());
                if step == Escalation::Warning1 && !unmet {
                    outcomes.push(EscalationOutcome::NotOverdue(flag));
                    continue;
                }
                sqlx::query(
                    "UPDATE flags SET escalation = $1, escalation_at = $2, escalation_reason = $3 WHERE id = $4",
                )
                .bind(step.as_str())
                .bind(column_time(now))
                .bind(reason)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                let mut particulars = vec![
                    ("from", from.map_or("none", Escalation::as_str).to_owned()),
                    ("to", step.as_str().to_owned()),
                ];
                particulars.extend(reason.map(|reason| ("reason", reason.to_owned())));
                sqlx::query(INSERT_AUDIT)
                    .bind(column_time(now))
                    .bind(&actor.name)
                    .bind(Some(actor.id))
                    .bind(AuditAction::FlagEscalated.as_str())
                    .bind(Some(id.to_string()))
                    .bind(details(particulars))
                    .execute(&mut *tx)
                    .await?;
                flag.escalation = Some(EscalationState { step, at: now, reason: reason.map(str::to_owned) });
                outcomes.push(EscalationOutcome::Changed(flag));
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }

    /// The notices sent in `period`, counted by the database per platform, category and outcome, and their
    /// times to outcome per platform and category; deadlines measured at the store's `now`. One row per group,
    /// whatever the number of flags.
    pub async fn notice_figures(&self, period: Period) -> Result<(Vec<OutcomeFigures>, Vec<TimeFigures>), StoreError> {
        type CountRow = (String, String, String, i64, i64, i64, i64);
        type TimeRow = (String, String, i64, Option<i64>);
        let now = column_time(self.now());
        let (from, to) = (period.from.map(column_time), period.to.map(column_time));
        let counts: Vec<CountRow> = with_pools!(self, |reader, _writer| {
            // Each notice once (its flags grouped first), then the notices counted per group: one sort, however
            // many conditions are counted.
            let mut query = query_builder(
                reader,
                "SELECT platform, category, outcome, COUNT(*), CAST(SUM(met) AS BIGINT), CAST(SUM(overdue) AS BIGINT),
                     CAST(SUM(escalated) AS BIGINT)
                 FROM (SELECT platform, category,
                           CASE WHEN status IN ('actioned', 'rejected') THEN status ELSE 'awaiting' END AS outcome,
                           MAX(CASE WHEN outcome_at <= deadline_at THEN 1 ELSE 0 END) AS met,
                           MAX(CASE WHEN COALESCE(outcome_at, ",
            );
            query.push_bind(now.clone());
            query.push(
                ") > deadline_at THEN 1 ELSE 0 END) AS overdue,
                           MAX(CASE WHEN escalation IS NOT NULL THEN 1 ELSE 0 END) AS escalated
                       FROM flags WHERE approved_at IS NOT NULL",
            );
            if let Some(from) = &from {
                query.push(" AND approved_at >= ").push_bind(from.clone());
            }
            if let Some(to) = &to {
                query.push(" AND approved_at < ").push_bind(to.clone());
            }
            query.push(
                " GROUP BY platform, category, 3, notice_key) AS notices
                 GROUP BY platform, category, outcome ORDER BY platform, category, outcome",
            );
            query.build_query_as().fetch_all(reader).await?
        });
        let times: Vec<TimeRow> = with_pools!(self, |reader, _writer| {
            let mut query = query_builder(
                reader,
                "SELECT platform, category, COUNT(turnaround_seconds), MAX(turnaround_seconds)
                 FROM flags WHERE approved_at IS NOT NULL",
            );
            if let Some(from) = &from {
                query.push(" AND approved_at >= ").push_bind(from.clone());
            }
            if let Some(to) = &to {
                query.push(" AND approved_at < ").push_bind(to.clone());
            }
            query.push(" GROUP BY platform, category ORDER BY platform, category");
            query.build_query_as().fetch_all(reader).await?
        });
        let count = |n: i64| u64::try_from(n).unwrap_or_default();
        let outcomes = counts
            .into_iter()
            .map(|(platform, category, outcome, notices, met, overdue, escalated)| OutcomeFigures {
                platform,
                category,
                outcome,
                notices: count(notices),
                met: count(met),
                overdue: count(overdue),
                escalated: count(escalated),
            })
            .collect();
        let mut figures = Vec::with_capacity(times.len());
        for (platform, category, decided, max_seconds) in times {
            // Nearest rank: the value at rank ceil(p·n), read through ORDER BY … LIMIT 1 OFFSET rank − 1.
            let rank = |percent: i64| {
                let offset = (percent * decided + 99) / 100 - 1;
                let (platform, category, from, to) = (platform.clone(), category.clone(), from.clone(), to.clone());
                async move {
                    if decided == 0 {
                        return Ok::<_, StoreError>(None);
                    }
                    let value: Option<(i64,)> = with_pools!(self, |reader, _writer| {
                        let mut query = query_builder(
                            reader,
                            "SELECT turnaround_seconds FROM flags WHERE turnaround_seconds IS NOT NULL
                             AND approved_at IS NOT NULL AND platform = ",
                        );
                        query.push_bind(platform).push(" AND category = ").push_bind(category);
                        if let Some(from) = from {
                            query.push(" AND approved_at >= ").push_bind(from);
                        }
                        if let Some(to) = to {
                            query.push(" AND approved_at < ").push_bind(to);
                        }
                        query.push(" ORDER BY turnaround_seconds LIMIT 1 OFFSET ").push_bind(offset);
                        query.build_query_as().fetch_optional(reader).await?
                    });
                    Ok(value.map(|(seconds,)| seconds))
                }
            };
            let median_seconds = rank(50).await?;
            let p90_seconds = rank(90).await?;
            figures.push(TimeFigures {
                platform,
                category,
                decided: count(decided),
                median_seconds,
                p90_seconds,
                max_seconds,
            });
        }
        Ok((outcomes, figures))
    }

    /// Up to `limit` approved flags passing `filter` whose notices have the least time left: those with a deadline,
    /// earliest due first (so overdue first), then the rest in the order received.
    pub async fn flags_by_deadline(&self, filter: &FlagFilter, limit: Limit) -> Result<Vec<StoredFlag>, StoreError> {
        let rows: Vec<FlagRow> = with_pools!(self, |reader, _writer| {
            let mut query = query_builder(reader, concat!("SELECT ", flag_columns!(), " FROM flags WHERE 1 = 1"));
            push_filter!(query, filter);
            query.push(" ORDER BY CASE WHEN deadline_at IS NULL THEN 1 ELSE 0 END, deadline_at, seq LIMIT ");
            query.push_bind(i64::from(limit.get()));
            query.build_query_as().fetch_all(reader).await?
        });
        let now = self.now();
        rows.into_iter().map(|row| decode_flag(row, now)).collect()
    }

    /// One page of the audit log, oldest first.
    pub async fn list_audit(&self, query: &AuditQuery) -> Result<Page<AuditEntry>, StoreError> {
        let after = query.cursor.map_or(0, Cursor::seq);
        let rows: Vec<AuditRow> = with_pools!(self, |reader, _writer| {
            let mut sql = query_builder(
                reader,
                "SELECT seq, at, actor, actor_id, action, flag_id, details FROM audit WHERE seq > ",
            );
            sql.push_bind(after);
            if let Some(flag_id) = query.flag_id {
                sql.push(" AND flag_id = ").push_bind(flag_id.to_string());
            }
            sql.push(" ORDER BY seq LIMIT ").push_bind(i64::from(query.limit.get()) + 1);
            sql.build_query_as().fetch_all(reader).await?
        });
        page(rows, query.limit, |row| row.0, decode_audit)
    }

    /// How many flags are stored.
    pub async fn count_flags(&self) -> Result<u64, StoreError> {
        let (count,): (i64,) = with_pools!(self, |reader, _writer| {
            sqlx::query_as("SELECT COUNT(*) FROM flags").fetch_one(reader).await?
        });
        Ok(u64::try_from(count).expect("COUNT(*) is never negative"))
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

/// Whole seconds from approval to outcome, never negative (a clock that stepped back).
fn turnaround_seconds(approved_at: DateTime<Utc>, outcome_at: DateTime<Utc>) -> i64 {
    (outcome_at - approved_at).num_seconds().max(0)
}

/// Times in columns have a fixed width so that comparing the text compares the times.
fn column_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn details<'a>(particulars: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let map: BTreeMap<&str, String> = particulars.into_iter().collect();
    serde_json::to_string(&map).expect("a map of strings always serializes to JSON")
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

fn new_stored_flag(posted: &NewFlag, notifier: Notifier, received_at: DateTime<Utc>) -> StoredFlag {
    let NewFlag { id, notifier: _, target, evidence, dossier, classification, requested_action, detection } =
        posted.clone();
    StoredFlag {
        id,
        notifier,
        target,
        evidence,
        dossier,
        classification,
        requested_action,
        detection,
        status: FlagStatus::PendingReview,
        status_changed_at: received_at,
        review: None,
        platform_reference: None,
        status_reason: None,
        received_at,
        deadline: None,
        escalation: None,
    }
}

fn parse_time(id: &str, column: &str, text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt { id: id.to_owned(), reason: format!("{column}: {e}") })
}

/// A deadline as it stands at `now`: stopped at `stopped_at` once there is an outcome.
pub(crate) fn deadline(
    started_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    stopped_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Deadline {
    let measured_at = stopped_at.unwrap_or(now);
    Deadline {
        started_at,
        due_at,
        stopped_at,
        seconds_left: (due_at - measured_at).num_seconds(),
        overdue: measured_at > due_at,
    }
}

/// A stored flag, with its deadline as it stands at `now`.
fn decode_flag(row: FlagRow, now: DateTime<Utc>) -> Result<StoredFlag, StoreError> {
    let id = format!("flag #{}", row.seq);
    let corrupt = |reason: String| StoreError::Corrupt { id: id.clone(), reason };
    let time = |column: &str, text: Option<String>| text.map(|text| parse_time(&id, column, &text)).transpose();
    let posted: NewFlag = serde_json::from_str(&row.body).map_err(|e| corrupt(format!("body: {e}")))?;
    let status = FlagStatus::from_name(&row.status).ok_or_else(|| corrupt(format!("status {:?}", row.status)))?;
    let mut flag = new_stored_flag(
        &posted,
        Notifier { organisation: row.notifier_organisation, analyst: row.notifier_analyst },
        parse_time(&id, "received_at", &row.received_at)?,
    );
    flag.status = status;
    flag.status_changed_at = parse_time(&id, "status_changed_at", &row.status_changed_at)?;
    flag.platform_reference = row.platform_reference;
    flag.status_reason = row.status_reason;
    flag.review = match (row.reviewer_analyst, row.review_decision, row.reviewed_at) {
        (Some(analyst), Some(decision), Some(at)) => Some(Review {
            decision: match decision.as_str() {
                "approve" => Decision::Approve,
                "return" => Decision::Return,
                other => return Err(corrupt(format!("review_decision {other:?}"))),
            },
            reviewer: Notifier { organisation: row.reviewer_organisation, analyst },
            at: parse_time(&id, "reviewed_at", &at)?,
            reason: row.review_reason,
        }),
        _ => None,
    };
    let approved_at = time("approved_at", row.approved_at)?;
    let due_at = time("deadline_at", row.deadline_at)?;
    let outcome_at = time("outcome_at", row.outcome_at)?;
    flag.deadline = match (approved_at, due_at) {
        (Some(started_at), Some(due_at)) => Some(deadline(started_at, due_at, outcome_at, now)),
        _ => None,
    };
    flag.escalation = match (row.escalation, time("escalation_at", row.escalation_at)?) {
        (Some(step), Some(at)) => Some(EscalationState {
            step: Escalation::from_name(&step).ok_or_else(|| corrupt(format!("escalation {step:?}")))?,
            at,
            reason: row.escalation_reason,
        }),
        _ => None,
    };
    Ok(flag)
}

fn decode_flagger(
    (id, name, organisation, created_at, revoked_at, role, person): FlaggerRow,
) -> Result<FlaggerRecord, StoreError> {
    let key = format!("flagger #{id}");
    Ok(FlaggerRecord {
        id,
        name,
        organisation,
        role: Role::from_name(&role)
            .ok_or_else(|| StoreError::Corrupt { id: key.clone(), reason: format!("role {role:?}") })?,
        created_at: parse_time(&key, "created_at", &created_at)?,
        revoked_at: revoked_at.map(|time| parse_time(&key, "revoked_at", &time)).transpose()?,
        person,
    })
}

fn decode_audit((seq, at, actor, actor_id, action, flag_id, details): AuditRow) -> Result<AuditEntry, StoreError> {
    let key = format!("audit #{seq}");
    let corrupt = |reason: String| StoreError::Corrupt { id: key.clone(), reason };
    Ok(AuditEntry {
        seq,
        at: parse_time(&key, "at", &at)?,
        actor,
        actor_id,
        action: AuditAction::from_name(&action).ok_or_else(|| corrupt(format!("action {action:?}")))?,
        flag_id: flag_id.map(|id| Uuid::parse_str(&id).map_err(|e| corrupt(format!("flag_id: {e}")))).transpose()?,
        details: serde_json::from_str(&details).map_err(|e| corrupt(format!("details: {e}")))?,
    })
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

    #[test]
    fn column_times_have_a_fixed_width() {
        let a = column_time("2026-11-29T05:00:00Z".parse().unwrap());
        let b = column_time("2026-11-29T05:00:00.5+07:00".parse().unwrap());
        assert_eq!((a.as_str(), b.as_str()), ("2026-11-29T05:00:00.000000000Z", "2026-11-28T22:00:00.500000000Z"));
    }
}
