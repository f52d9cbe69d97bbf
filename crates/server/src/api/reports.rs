//! `/api/v1/reports/notices`: the periodic report of the notices sent, as JSON, CSV or a printable HTML page.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::auth::Flagger;
use crate::domain::{ReportFormat, ReportQuery};
use crate::error::AppError;
use crate::report;
use crate::store::Period;

/// `GET /api/v1/reports/notices?from=&to=&format=`: counts by platform × category × outcome with the DSA
/// categories, times to outcome, deadlines and procedures, for the notices sent in the period. No personal data,
/// so any role. A malformed parameter is `400`, naming it.
pub(crate) async fn notices(
    State(state): State<AppState>,
    _flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query = ReportQuery::parse(query.as_deref())
        .map_err(|error| AppError::BadQuery { field: error.field, message: error.message })?;
    let now = state.store().now();
    let period = Period { from: Some(query.from), to: Some(query.to) };
    let (outcomes, times) = state.store().notice_figures(period).await?;
    let report = report::report(&outcomes, &times, state.store().policy(), query.from, query.to, now);
    let name = |extension: &str| {
        format!(
            "attachment; filename=\"tapis-report-{}-{}.{extension}\"",
            query.from.format("%Y%m%d"),
            query.to.format("%Y%m%d")
        )
    };
    Ok(match query.format {
        ReportFormat::Json => Json(report).into_response(),
        ReportFormat::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name("csv"))],
            report::to_csv(&report),
        )
            .into_response(),
        ReportFormat::Html => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], report::to_html(&report)).into_response()
        }
    })
}
