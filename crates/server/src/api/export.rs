//! `/api/v1/export`: notices ready to send to the platform, as JSON or CSV.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tapis_wire::StoredFlag;

use crate::AppState;
use crate::auth::Flagger;
use crate::domain::{ExportFormat, ExportQuery, FlagFilter, Limit};
use crate::error::AppError;
use crate::export;

/// `GET /api/v1/export`: the approved flags that pass the filters (by default, every `approved` one: not yet
/// answered by the platform) as notices. Any role: only approved flags are ever exported.
pub(crate) async fn export(
    State(state): State<AppState>,
    _flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query = ExportQuery::parse(query.as_deref())?;
    let flags = all_flags(&state, &query.filter).await?;
    let now = Utc::now();
    let notices = export::notices(flags, now);
    Ok(match query.format {
        ExportFormat::Json => Json(notices).into_response(),
        ExportFormat::Csv => {
            let file_name = format!("attachment; filename=\"tapis-notices-{}.csv\"", now.format("%Y%m%dT%H%M%SZ"));
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, file_name),
                ],
                export::to_csv(&notices),
            )
                .into_response()
        }
    })
}

/// Every flag that passes `filter`, read page by page.
pub(crate) async fn all_flags(state: &AppState, filter: &FlagFilter) -> Result<Vec<StoredFlag>, AppError> {
    let mut flags = Vec::new();
    let mut cursor = None;
    loop {
        let page = state.store().list_flags(filter, cursor, Limit::max()).await?;
        flags.extend(page.items);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(flags),
        }
    }
}
