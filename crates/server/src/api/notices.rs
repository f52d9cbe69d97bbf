//! `/api/v1/notices`: the platform's side. Approved flags folded into notices, and the platform's outcome on a
//! whole notice.

use axum::Json;
use axum::extract::{RawQuery, State};
use tapis_wire::{Escalation, NoticeEscalation, NoticeList, NoticeOutcome, NoticeOutcomeResult, StatusChange};

use crate::AppState;
use crate::api::export::notice_page;
use crate::auth::{Flagger, Right};
use crate::domain::{APPROVED, Cursor, FieldError, FlagFilter, NoticeQuery, ValidStatusChange, check_text};
use crate::error::AppError;
use crate::export::{notice_key, notice_list};
use crate::store::{EscalationOutcome, StatusOutcome};

/// `GET /api/v1/notices`: approved flags (by default those still waiting for the platform) as notices, one per
/// message, channel or account, whoever flagged it, a page at a time. Any role: nothing before approval is in it.
pub(crate) async fn list(
    State(state): State<AppState>,
    _flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Json<NoticeList>, AppError> {
    let query = NoticeQuery::parse(query.as_deref())?;
    if query.by_time_left {
        let flags = state.store().flags_by_deadline(&query.filter, query.limit).await?;
        let keys: Vec<String> = flags.iter().map(notice_key).collect();
        // Every flag of those notices, however far apart, then the notices in the order of their most pressing one.
        let flags = state.store().notice_flags(&query.filter, &keys).await?.into_iter().map(|(_, flag)| flag);
        let mut list = notice_list(flags, state.store().now());
        list.notices.sort_by_key(|notice| {
            let position = keys.iter().position(|key| *key == notice.key).unwrap_or(usize::MAX);
            (notice.deadline.as_ref().map_or(i64::MAX, |deadline| deadline.seconds_left), position)
        });
        return Ok(Json(list));
    }
    let (flags, next) = notice_page(&state, &query.filter, query.cursor, query.limit).await?;
    let mut list = notice_list(flags, state.store().now());
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

/// The longest reason of an escalation step.
const MAX_REASON_CHARS: usize = 4000;

/// `POST /api/v1/notices/escalation`: the next escalation step of an approved notice, recorded on each of its
/// flags that can take it (a retry changes nothing); `409` when none can. The ministry's side (reviewer or admin)
/// sends warnings, requests restriction and resolves; the platform's liaison (or an admin) disputes, with a reason.
pub(crate) async fn escalate(
    State(state): State<AppState>,
    flagger: Flagger,
    crate::json::JsonBody(escalation): crate::json::JsonBody<NoticeEscalation>,
) -> Result<Json<NoticeOutcomeResult>, AppError> {
    let NoticeEscalation { key, step, reason } = escalation;
    flagger.require(if step == Escalation::Disputed { Right::RecordOutcome } else { Right::Review })?;
    match &reason {
        Some(reason) => check_text("reason", reason, MAX_REASON_CHARS)?,
        None if step == Escalation::Disputed => {
            return Err(FieldError::new("reason", "a dispute must give the platform's reason").into());
        }
        None => {}
    }
    let filter = FlagFilter { among: Some(APPROVED), ..FlagFilter::default() };
    let ids: Vec<_> =
        state.store().notice_flags(&filter, std::slice::from_ref(&key)).await?.into_iter().map(|(_, f)| f.id).collect();
    if ids.is_empty() {
        return Err(AppError::NoticeNotFound { key });
    }
    let outcomes = state.store().escalate(&flagger, &ids, step, reason.as_deref()).await?;
    let mut flags = Vec::with_capacity(outcomes.len());
    let mut refused = None;
    for outcome in outcomes {
        match outcome {
            EscalationOutcome::Changed(flag) | EscalationOutcome::Unchanged(flag) => flags.push(flag),
            EscalationOutcome::NotAllowed(from) => {
                refused.get_or_insert(AppError::InvalidEscalation { key: key.clone(), from, to: step });
            }
            EscalationOutcome::NotOverdue(_) => {
                refused.get_or_insert(AppError::NotOverdue { key: key.clone() });
            }
            EscalationOutcome::NotFound => {}
        }
    }
    match refused {
        Some(error) if flags.is_empty() => Err(error),
        _ => {
            tracing::info!(%key, step = step.as_str(), flags = flags.len(), by = %flagger.name, "notice escalated");
            Ok(Json(NoticeOutcomeResult { key, flags }))
        }
    }
}
