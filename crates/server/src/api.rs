//! The handlers of `/api/v1`, one module per resource, and JSON answers for everything the API does not have.
//!
//! Handlers stay thin: extract (the [`Flagger`](crate::auth::Flagger) first, so an unauthenticated request is
//! refused before its body is read), parse into domain types, call the store, map the outcome to a status.

pub(crate) mod audit;
pub(crate) mod blocklists;
pub(crate) mod export;
pub(crate) mod flags;
pub(crate) mod meta;
pub(crate) mod notices;
pub(crate) mod reports;
pub(crate) mod review;
pub(crate) mod rulepacks;
pub(crate) mod stats;

use axum::extract::OriginalUri;
use axum::http::Method;

use crate::error::AppError;

pub(crate) async fn not_found(OriginalUri(uri): OriginalUri) -> AppError {
    AppError::NotFound { path: uri.path().to_owned() }
}

pub(crate) async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_owned() }
}
