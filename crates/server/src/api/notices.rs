//! `/api/v1/notices`: the platform's side. Approved flags folded into notices, and the platform's outcome on a
//! whole notice.

use axum::Json;
use axum::extract::{RawQuery, State};
use chrono::Utc;
use tapis_wire::{NoticeList, NoticeOutcome, NoticeOutcomeResult, StatusChange};

use crate::AppState;
use crate::api::export::notice_page;
use crate::auth::{Flagger, Right};
use crate::domain::{APPROVED, Cursor, FlagFilter, NoticeQuery, ValidStatusChange};
use crate::error::AppError;
use crate::export::notice_list;
use crate::store::StatusOutcome;

/// `GET /api/v1/notices`: approved flags (by default those still waiting for the platform) as notices, one per
/// message, channel or account, whoever flagged it, a page at a time. Any role: nothing before approval is in it.
pub(crate) async fn list(
    State(state): State<AppState>,
    _flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Json<NoticeList>, AppError> {
    let query = NoticeQuery::parse(query.as_deref())?;
    let (flags, next) = notice_page(&state, &query.filter, query.cursor, query.limit).await?;
    let mut list = notice_list(flags, Utc::now());
    list.next_cursor = next.map(Cursor::encode);
    Ok(Json(list))
}

/// `POST /api/v1/notices/outcome`: the platform's answer to a notice, recorded on each of its approved flags
/// whose status allows it (a retry changes nothing); `409` when none does.
pub(crate) async fn outcome(
    State(state): State<AppState>,
    flagger: Flagger,
    crate::json::JsonBody(outcome): crate::json::JsonBody<NoticeOutcome>,
) -> Result<Json<NoticeOutcomeResult>, AppError> {
    flagger.require(Right::RecordOutcome)?;
    let NoticeOutcome { key, status, platform_reference, reason } = outcome;
    let change = ValidStatusChange::parse(StatusChange { status, platform_reference, reason })?;
    let filter = FlagFilter { among: Some(APPROVED), ..FlagFilter::default() };
    let ids: Vec<_> =
        state.store().notice_flags(&filter, std::slice::from_ref(&key)).await?.into_iter().map(|(_, f)| f.id).collect();
    if ids.is_empty() {
        return Err(AppError::NoticeNotFound { key });
    }
    let outcomes = state.store().change_statuses(&flagger, &ids, &change).await?;
    let mut flags = Vec::with_capacity(outcomes.len());
    let mut refused = None;
    for (id, outcome) in ids.iter().zip(outcomes) {
        match outcome {
            StatusOutcome::Changed(flag) | StatusOutcome::Unchanged(flag) => flags.push(flag),
            StatusOutcome::NotAllowed(from) => {
                refused.get_or_insert(AppError::InvalidTransition { id: *id, from, to: change.get().status });
            }
            StatusOutcome::NotFound => {}
        }
    }
    match refused {
        Some(error) if flags.is_empty() => Err(error),
        _ => {
            tracing::info!(%key, status = change.get().status.as_str(), flags = flags.len(), by = %flagger.name, "notice outcome");
            Ok(Json(NoticeOutcomeResult { key, flags }))
        }
    }
}
