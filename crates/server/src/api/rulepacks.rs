//! `/api/v1/rulepacks`: the rule packs the server hands out.

use axum::Json;
use axum::extract::State;
use tapis_wire::RulePackList;

use crate::AppState;
use crate::auth::{Flagger, Right};
use crate::error::AppError;
use crate::packs;

/// `GET /api/v1/rulepacks`: every valid pack of the packs directory, and the files that were skipped. Behind a
/// token like the rest, for those who flag: the terms tell a channel operator exactly which words to avoid.
pub(crate) async fn list(State(state): State<AppState>, flagger: Flagger) -> Result<Json<RulePackList>, AppError> {
    flagger.require(Right::CreateFlags)?;
    Ok(Json(packs::load(state.packs()).await))
}
