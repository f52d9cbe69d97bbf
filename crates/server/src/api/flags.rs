//! `/api/v1/flags`: posting flags (one or a batch), listing, reading one, and the platform's status changes.

use axum::Json;
use axum::extract::{FromRequest, Path, RawQuery, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use tapis_wire::{BatchResult, BatchResults, FlagPage, NewFlag, ReviewRequest, StatusChange, StoredFlag};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Flagger, Right};
use crate::domain::{APPROVED, FieldError, FlagQuery, ValidFlag, ValidReview, ValidStatusChange};
use crate::error::{AppError, NotifierName};
use crate::json::{FlagsBody, JsonBody, JsonBytes, parse_new_flag};
use crate::store::{Inserted, ReviewOutcome, StatusOutcome};

/// `POST /api/v1/flags`: stores one flag (answering it, `201` or `200`) or a batch (answering each item). The role
/// is checked before the body is read, so a liaison's post is `403` whatever it carries.
pub(crate) async fn create(
    State(state): State<AppState>,
    flagger: Flagger,
    request: Request,
) -> Result<Response, AppError> {
    flagger.require(Right::CreateFlags)?;
    let JsonBytes(body) = JsonBytes::from_request(request, &state).await?;
    let now = state.store().now();
    match FlagsBody::split(&body)? {
        FlagsBody::One(bytes) => {
            let flag = accept(parse_new_flag(bytes), &flagger, now)?;
            let inserted = state.store().insert_flags(&flagger, &[flag]).await?;
            let inserted = inserted.into_iter().next().expect("the store answers once per flag");
            let (status, flag) = outcome(&inserted, &flagger)?;
            Ok((status, Json(flag.clone())).into_response())
        }
        FlagsBody::Batch(items) => create_batch(&state, &flagger, &items, now).await,
    }
}

/// Every item is parsed and checked on its own; the valid ones are stored in one transaction. `200` when every
/// item is stored (created or already there), `207 Multi-Status` when at least one was refused.
async fn create_batch(
    state: &AppState,
    flagger: &Flagger,
    items: &[&RawValue],
    now: DateTime<Utc>,
) -> Result<Response, AppError> {
    let mut checked = Vec::with_capacity(items.len());
    let mut valid = Vec::with_capacity(items.len());
    for item in items {
        match accept(parse_new_flag(item.get().as_bytes()), flagger, now) {
            Ok(flag) => {
                checked.push(Ok(flag.id()));
                valid.push(flag);
            }
            Err(error) => checked.push(Err((readable_id(item), error))),
        }
    }
    let mut inserted = state.store().insert_flags(flagger, &valid).await?.into_iter();
    let results: Vec<BatchResult> = checked
        .into_iter()
        .enumerate()
        .map(|(index, item)| match item {
            Ok(id) => {
                let inserted = inserted.next().expect("the store answers once per flag");
                match outcome(&inserted, flagger) {
                    Ok((status, flag)) => BatchResult {
                        index,
                        id: Some(id),
                        status: status.as_u16(),
                        flag: Some(flag.clone()),
                        error: None,
                    },
                    Err(error) => refused(index, Some(id), &error),
                }
            }
            Err((id, error)) => refused(index, id, &error),
        })
        .collect();
    let created = results.iter().filter(|result| result.status == 201).count();
    let all_stored = results.iter().all(|result| result.status == 200 || result.status == 201);
    tracing::info!(items = results.len(), created, "flag batch stored");
    let status = if all_stored { StatusCode::OK } else { StatusCode::MULTI_STATUS };
    Ok((status, Json(BatchResults { results })).into_response())
}

/// A parsed flag, checked, whose notifier claim (if any) is the token's flagger.
fn accept(parsed: Result<NewFlag, AppError>, flagger: &Flagger, now: DateTime<Utc>) -> Result<ValidFlag, AppError> {
    let flag = ValidFlag::parse(parsed?, now)?;
    if let Some(claimed) = flag.claimed_notifier()
        && *claimed != flagger.notifier()
    {
        return Err(AppError::NotifierMismatch {
            claimed: NotifierName(claimed.clone()),
            actual: NotifierName(flagger.notifier()),
        });
    }
    Ok(flag)
}

fn outcome<'a>(inserted: &'a Inserted, flagger: &Flagger) -> Result<(StatusCode, &'a StoredFlag), AppError> {
    match inserted {
        Inserted::Created(flag) => {
            tracing::info!(id = %flag.id, flagger = %flagger.name, category = %flag.classification.category, "flag stored");
            Ok((StatusCode::CREATED, flag))
        }
        Inserted::Existing(flag) => Ok((StatusCode::OK, flag)),
        Inserted::Conflict(flag) => Err(AppError::Conflict { id: flag.id }),
    }
}

fn refused(index: usize, id: Option<Uuid>, error: &AppError) -> BatchResult {
    BatchResult { index, id, status: error.status().as_u16(), flag: None, error: Some(error.to_api_error()) }
}

/// The `id` of an item that did not parse as a flag, if it has a readable one, so the client can match results.
fn readable_id(item: &RawValue) -> Option<Uuid> {
    #[derive(serde::Deserialize)]
    struct WithId {
        id: Uuid,
    }
    serde_json::from_str::<WithId>(item.get()).ok().map(|with| with.id)
}

/// `GET /api/v1/flags`: one page of flags, oldest first, filtered; a liaison sees approved flags only.
pub(crate) async fn list(
    State(state): State<AppState>,
    flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Json<FlagPage>, AppError> {
    let mut query = FlagQuery::parse(query.as_deref())?;
    if !flagger.may(Right::SeeUnapproved) {
        query.filter.among = Some(APPROVED);
    }
    if query.mine {
        query.filter.flagger_id = Some(flagger.id);
    }
    let page = state.store().list_flags(&query.filter, query.order, query.cursor, query.limit).await?;
    Ok(Json(FlagPage { flags: page.items, next_cursor: page.next.map(|cursor| cursor.encode()) }))
}

/// `GET /api/v1/flags/{id}`: with its review and outcome; a flag not yet approved is not found for a liaison.
pub(crate) async fn get(
    State(state): State<AppState>,
    flagger: Flagger,
    Path(id): Path<String>,
) -> Result<Json<StoredFlag>, AppError> {
    let id = parse_id(&id)?;
    match state.store().flag(id).await? {
        Some(flag) if flag.status.is_approved() || flagger.may(Right::SeeUnapproved) => Ok(Json(flag)),
        _ => Err(AppError::FlagNotFound { id }),
    }
}

/// `POST /api/v1/flags/{id}/review`: a reviewer approves another analyst's flag or returns it with a reason.
pub(crate) async fn review(
    State(state): State<AppState>,
    flagger: Flagger,
    Path(id): Path<String>,
    JsonBody(review): JsonBody<ReviewRequest>,
) -> Result<Json<StoredFlag>, AppError> {
    flagger.require(Right::Review)?;
    let id = parse_id(&id)?;
    let review = ValidReview::parse(review)?;
    let ReviewRequest { decision, reason } = review.get();
    match state.store().review(&flagger, id, *decision, reason.as_deref()).await? {
        ReviewOutcome::Decided(flag) => {
            tracing::info!(%id, decision = decision.as_str(), by = %flagger.name, "flag reviewed");
            Ok(Json(flag))
        }
        ReviewOutcome::Unchanged(flag) => Ok(Json(flag)),
        ReviewOutcome::OwnFlag => Err(AppError::OwnFlag { id }),
        ReviewOutcome::NotAllowed(from) => Err(AppError::InvalidTransition { id, from, to: decision.status() }),
        ReviewOutcome::NotFound => Err(AppError::FlagNotFound { id }),
    }
}

/// `PATCH /api/v1/flags/{id}/status`: the platform acknowledges a flag or reports its outcome.
pub(crate) async fn change_status(
    State(state): State<AppState>,
    flagger: Flagger,
    Path(id): Path<String>,
    JsonBody(change): JsonBody<StatusChange>,
) -> Result<Json<StoredFlag>, AppError> {
    flagger.require(Right::RecordOutcome)?;
    let id = parse_id(&id)?;
    let change = ValidStatusChange::parse(change)?;
    match state.store().change_status(&flagger, id, &change).await? {
        StatusOutcome::Changed(flag) => {
            tracing::info!(%id, status = flag.status.as_str(), by = %flagger.name, "flag status changed");
            Ok(Json(flag))
        }
        StatusOutcome::Unchanged(flag) => Ok(Json(flag)),
        // A flag a liaison may not see yet does not exist for them.
        StatusOutcome::NotAllowed(from) if !from.is_approved() && !flagger.may(Right::SeeUnapproved) => {
            Err(AppError::FlagNotFound { id })
        }
        StatusOutcome::NotAllowed(from) => Err(AppError::InvalidTransition { id, from, to: change.get().status }),
        StatusOutcome::NotFound => Err(AppError::FlagNotFound { id }),
    }
}

pub(crate) fn parse_id(id: &str) -> Result<Uuid, FieldError> {
    Uuid::parse_str(id).map_err(|_| FieldError::new("id", format!("{id:?} is not a flag id (a UUID)")))
}
