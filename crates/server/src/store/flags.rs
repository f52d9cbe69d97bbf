//! Flags: storing them as they are posted, reading them one by one, by page, by notice or by deadline, and
//! filling in the columns later migrations added.

use tapis_wire::{AuditAction, FlagStatus, NewFlag, StoredFlag};
use uuid::Uuid;

use super::audit::{INSERT_AUDIT, details};
use super::review::turnaround_seconds;
use super::rows::{FlagBodyRow, FlagRow, FlagTimesRow, column_time, decode_flag, new_stored_flag, parse_time};
use super::{Page, Store, StoreError, WritePool, page, query_builder};
use crate::auth::Flagger;
use crate::domain::{Cursor, FlagFilter, Limit, Order, ValidFlag};
use crate::export::notice_key_of_new;

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

impl Store {
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
                let created: Option<i64> = sqlx::query_scalar(
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
        let ids: Vec<String> = with_pools!(self, |reader, _writer| {
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
            query.build_query_scalar().fetch_all(reader).await?
        });
        ids.into_iter()
            .map(|id| Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt { id, reason: e.to_string() }))
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

    /// How many flags are stored.
    pub async fn count_flags(&self) -> Result<u64, StoreError> {
        let count: i64 = with_pools!(self, |reader, _writer| {
            sqlx::query_scalar("SELECT COUNT(*) FROM flags").fetch_one(reader).await?
        });
        Ok(u64::try_from(count).expect("COUNT(*) is never negative"))
    }

    /// Fills in the columns later migrations added for flags stored before them, a batch per transaction:
    /// `notice_key` (from the flag's JSON) and `turnaround_seconds`. Returns how many rows it filled.
    pub async fn backfill(&self) -> Result<u64, StoreError> {
        const BATCH: i64 = 1_000;
        let mut filled = 0;
        loop {
            let done = with_pools!(self, |_reader, writer| {
                let mut tx = writer.begin_write().await?;
                let rows: Vec<FlagBodyRow> =
                    sqlx::query_as("SELECT seq, body FROM flags WHERE notice_key IS NULL ORDER BY seq LIMIT $1")
                        .bind(BATCH)
                        .fetch_all(&mut *tx)
                        .await?;
                for FlagBodyRow { seq, body } in &rows {
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
                let times: Vec<FlagTimesRow> = sqlx::query_as(
                    "SELECT seq, approved_at, outcome_at FROM flags
                     WHERE turnaround_seconds IS NULL AND outcome_at IS NOT NULL AND approved_at IS NOT NULL
                     ORDER BY seq LIMIT $1",
                )
                .bind(BATCH)
                .fetch_all(&mut *tx)
                .await?;
                for FlagTimesRow { seq, approved_at, outcome_at } in &times {
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
}
