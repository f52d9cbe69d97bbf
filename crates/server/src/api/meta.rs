//! `/api/v1/health` and `/api/v1/openapi.json`: what a load balancer and a client developer need, without a token.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use tapis_wire::{Health, Identity};

use crate::AppState;
use crate::auth::Flagger;
use crate::error::AppError;
use crate::routes::OPENAPI;

/// `GET /api/v1/health`: `200` once the database answers, `503` while it does not.
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.store().ping().await.map_err(AppError::Unavailable)?;
    Ok(Json(Health { status: "ok".to_owned(), database: state.store().backend().as_str().to_owned() }))
}

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API.
pub(crate) async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// `GET /api/v1/me`: who the token belongs to and their role, so the app shows what they may do.
pub(crate) async fn me(flagger: Flagger) -> Json<Identity> {
    Json(Identity { id: flagger.id, notifier: flagger.notifier(), role: flagger.role })
}
