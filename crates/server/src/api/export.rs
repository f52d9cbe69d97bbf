//! `/api/v1/export`: notices ready to send to the platform, as JSON or CSV.

use axum::Json;
use axum::extract::{RawQuery, State};
use std::collections::HashSet;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tapis_wire::StoredFlag;

use crate::AppState;
use crate::auth::Flagger;
use crate::domain::{Cursor, ExportFormat, ExportQuery, FlagFilter, Limit, Order};
use crate::error::AppError;
use crate::export;
use crate::export::notice_key;

/// The header that carries an export's or notice list's `next_cursor`, for the CSV too.
pub(crate) const NEXT_CURSOR: &str = "x-next-cursor";

/// `GET /api/v1/export`: the approved flags that pass the filters (by default, every `approved` one: not yet
/// answered by the platform) as notices, a page at a time. Any role: only approved flags are ever exported.
pub(crate) async fn export(
    State(state): State<AppState>,
    _flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query = ExportQuery::parse(query.as_deref())?;
    let (flags, next) = notice_page(&state, &query.filter, query.cursor, query.limit).await?;
    let now = state.store().now();
    let mut notices = export::notices(flags, now);
    notices.next_cursor = next.map(Cursor::encode);
    let next = notices.next_cursor.clone();
    let mut response = match query.format {
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
    };
    if let Some(next) = next.and_then(|next| HeaderValue::from_str(&next).ok()) {
        response.headers_mut().insert(NEXT_CURSOR, next);
    }
    Ok(response)
}

/// One page of notices: those whose first flag passing `filter` is among the next `limit` such flags after
/// `cursor`, each with every flag of it that passes `filter` (found through the `notice_key` index), in the order
/// received; and where the next page starts. A notice is on one page only, however far apart its flags are.
pub(crate) async fn notice_page(
    state: &AppState,
    filter: &FlagFilter,
    cursor: Option<Cursor>,
    limit: Limit,
) -> Result<(Vec<StoredFlag>, Option<Cursor>), AppError> {
    let page = state.store().list_flags(filter, Order::Oldest, cursor, limit).await?;
    let mut seen = HashSet::new();
    let keys: Vec<String> = page.items.iter().map(notice_key).filter(|key| seen.insert(key.clone())).collect();
    let flags = state.store().notice_flags(filter, &keys).await?;
    // A notice with a flag at or before the cursor was on an earlier page.
    let after = cursor.map_or(0, Cursor::seq);
    let earlier: HashSet<String> =
        flags.iter().filter(|(seq, _)| *seq <= after).map(|(_, flag)| notice_key(flag)).collect();
    let flags = flags.into_iter().map(|(_, flag)| flag).filter(|flag| !earlier.contains(&notice_key(flag))).collect();
    Ok((flags, page.next))
}
