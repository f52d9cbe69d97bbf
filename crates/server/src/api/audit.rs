//! `/api/v1/audit`: reading the append-only audit log.

use axum::Json;
use axum::extract::{RawQuery, State};
use tapis_wire::AuditPage;

use crate::AppState;
use crate::auth::Flagger;
use crate::domain::AuditQuery;
use crate::error::AppError;

/// `GET /api/v1/audit`: one page of entries, oldest first, optionally about one flag.
pub(crate) async fn list(
    State(state): State<AppState>,
    _flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Json<AuditPage>, AppError> {
    let query = AuditQuery::parse(query.as_deref())?;
    let page = state.store().list_audit(&query).await?;
    Ok(Json(AuditPage { entries: page.items, next_cursor: page.next.map(|cursor| cursor.encode()) }))
}
