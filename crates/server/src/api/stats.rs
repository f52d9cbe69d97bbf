//! `/api/v1/stats`: deadlines met and missed per platform and category; `/api/v1/stats/turnaround`: how long the
//! platform takes, per category.

use axum::Json;
use axum::extract::State;
use tapis_wire::{NoticeStats, Turnaround};

use crate::AppState;
use crate::auth::Flagger;
use crate::error::AppError;
use crate::store::Period;
use crate::{report, stats};

/// `GET /api/v1/stats`: per platform and category, the notices sent, met, overdue and awaiting, escalated, and the
/// median and 90th percentile of the time to outcome, added up by the database. Any role.
pub(crate) async fn deadlines(State(state): State<AppState>, _flagger: Flagger) -> Result<Json<NoticeStats>, AppError> {
    let now = state.store().now();
    let (outcomes, times) = state.store().notice_figures(Period::default()).await?;
    Ok(Json(report::stats(&outcomes, &times, now)))
}

/// `GET /api/v1/stats/turnaround`: from approval to the platform's outcome, per category, added up by the
/// database (one row per category, however many flags). Any role.
pub(crate) async fn turnaround(State(state): State<AppState>, _flagger: Flagger) -> Result<Json<Turnaround>, AppError> {
    let figures = state.store().turnaround_figures().await?;
    Ok(Json(stats::turnaround(&figures, state.store().now())))
}
