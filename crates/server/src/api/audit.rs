//! `/api/v1/audit`: reading the append-only audit log.

use axum::Json;
use axum::extract::{RawQuery, State};
use tapis_wire::AuditPage;

use crate::AppState;
use crate::auth::{Flagger, Right};
use crate::domain::AuditQuery;
use crate::error::AppError;

/// `GET /api/v1/audit`: one page of entries, oldest first, optionally about one flag (its whole history). Not for
/// a liaison: the log tells of flags before their approval.
pub(crate) async fn list(
    State(state): State<AppState>,
    flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Json<AuditPage>, AppError> {
    flagger.require(Right::SeeUnapproved)?;
    let query = AuditQuery::parse(query.as_deref())?;
    let page = state.store().list_audit(&query).await?;
    Ok(Json(AuditPage { entries: page.items, next_cursor: page.next.map(|cursor| cursor.encode()) }))
}
