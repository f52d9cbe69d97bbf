//! `/api/v1/stats/turnaround`: how long the platform takes, per category.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use tapis_wire::Turnaround;

use crate::AppState;
use crate::auth::Flagger;
use crate::error::AppError;
use crate::stats;

/// `GET /api/v1/stats/turnaround`: from approval to the platform's outcome, per category, added up by the
/// database (one row per category, however many flags). Any role.
pub(crate) async fn turnaround(State(state): State<AppState>, _flagger: Flagger) -> Result<Json<Turnaround>, AppError> {
    let figures = state.store().turnaround_figures().await?;
    Ok(Json(stats::turnaround(&figures, Utc::now())))
}
