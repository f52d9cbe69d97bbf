//! The handlers of `/api`: posting and listing flags, and JSON answers for everything the API does not have.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::{Method, StatusCode};
use tapis_wire::{Flag, FlagList, StoredFlag};

use crate::AppState;
use crate::domain::ValidFlag;
use crate::error::AppError;
use crate::json::JsonBody;
use crate::store::Inserted;

/// `POST /api/v1/flags`: stores a flag once; a retry of the same flag is answered like the first post.
pub(crate) async fn create_flag(
    State(state): State<AppState>,
    JsonBody(flag): JsonBody<Flag>,
) -> Result<(StatusCode, Json<StoredFlag>), AppError> {
    let flag = ValidFlag::parse(flag)?;
    match state.store().insert_flag(flag.as_flag()).await? {
        Inserted::Created(stored) => {
            tracing::info!(id = %stored.flag.id, category = %stored.flag.category, "flag stored");
            Ok((StatusCode::CREATED, Json(stored)))
        }
        Inserted::Existing(stored) => Ok((StatusCode::OK, Json(stored))),
        Inserted::Conflict(stored) => Err(AppError::Conflict { id: stored.flag.id }),
    }
}

/// `GET /api/v1/flags`: every stored flag, oldest first.
pub(crate) async fn list_flags(State(state): State<AppState>) -> Result<Json<FlagList>, AppError> {
    Ok(Json(FlagList { flags: state.store().list_flags().await? }))
}

pub(crate) async fn not_found(OriginalUri(uri): OriginalUri) -> AppError {
    AppError::NotFound { path: uri.path().to_owned() }
}

pub(crate) async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_owned() }
}
