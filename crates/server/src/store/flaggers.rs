//! Flaggers: registering, revoking and listing them (`tapis token`), and finding one by their token.

use chrono::{DateTime, Utc};
use tapis_wire::{AuditAction, Role};

use super::audit::{CLI_ACTOR, INSERT_AUDIT, details};
use super::rows::{FlaggerRow, column_time, decode_flagger};
use super::{Store, StoreError, WritePool};
use crate::auth::{Flagger, TokenHash};
use crate::domain::{FlaggerName, MADE_PERSON_PREFIX, Organisation, PersonId};

/// The columns of a [`FlaggerRow`].
macro_rules! flagger_columns {
    () => {
        "id, name, organisation, created_at, revoked_at, role, person"
    };
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

impl Store {
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
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT id FROM flaggers WHERE name = $1 AND revoked_at IS NULL")
                    .bind(name.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                return Ok(Registration::NameTaken);
            }
            let known: Option<String> = match person {
                PersonChoice::Given(person) => Some(person.as_str().to_owned()),
                PersonChoice::SameAs(id) => {
                    let row: Option<String> = sqlx::query_scalar("SELECT person FROM flaggers WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    match row {
                        Some(person) => Some(person),
                        None => return Ok(Registration::UnknownFlagger(*id)),
                    }
                }
                PersonChoice::ByName => {
                    sqlx::query_scalar(
                        "SELECT person FROM flaggers WHERE name = $1 AND COALESCE(organisation, '') = $2
                         ORDER BY id LIMIT 1",
                    )
                    .bind(name.as_str())
                    .bind(organisation.clone().unwrap_or_default())
                    .fetch_optional(&mut *tx)
                    .await?
                }
            };
            let id: i64 = sqlx::query_scalar(
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
}
