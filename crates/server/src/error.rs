//! The one error type of the HTTP API and how it becomes an [`ApiError`] JSON answer.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tapis_wire::ApiError;
use uuid::Uuid;

use crate::domain::FieldError;
use crate::store::StoreError;

/// Every way an API request can fail. Client mistakes carry a message meant for the client; server faults carry
/// their cause, which is logged and never sent.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The body is not JSON at all; the message gives line and column.
    #[error("{message}")]
    InvalidJson {
        /// What the parser said, with the position.
        message: String,
    },
    /// The JSON lacks a required field.
    #[error("{message}")]
    MissingField {
        /// Path of the missing field, e.g. `spans[0].rule_id`.
        field: String,
        /// For a person.
        message: String,
    },
    /// A field has the wrong type, is unknown, or breaks a rule.
    #[error("{message}")]
    InvalidField {
        /// Path of the field, when one field is at fault.
        field: Option<String>,
        /// For a person.
        message: String,
    },
    /// The body is not declared as JSON.
    #[error("the request body must be JSON, sent with `Content-Type: application/json`")]
    UnsupportedMediaType,
    /// The body is over the limit.
    #[error("the request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (e.g. the client went away mid-request).
    #[error("the request body could not be read: {message}")]
    UnreadableBody {
        /// Why.
        message: String,
    },
    /// A different flag is already stored under this id.
    #[error("a different flag with id {id} is already stored; a flag's content cannot change")]
    Conflict {
        /// The id both flags share.
        id: Uuid,
    },
    /// No API endpoint at this path.
    #[error("there is no API endpoint at {path}")]
    NotFound {
        /// The requested path.
        path: String,
    },
    /// The endpoint exists but not for this method.
    #[error("{path} does not accept {method}")]
    MethodNotAllowed {
        /// The requested method.
        method: String,
        /// The requested path.
        path: String,
    },
    /// Storage failed; the client can only retry.
    #[error("internal error")]
    Store(#[from] StoreError),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            Self::InvalidJson { .. } | Self::UnreadableBody { .. } => StatusCode::BAD_REQUEST,
            Self::MissingField { .. } | Self::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients branch on: the `error` of the [`ApiError`].
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson { .. } => "invalid_json",
            Self::MissingField { .. } => "missing_field",
            Self::InvalidField { .. } => "invalid_field",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::Conflict { .. } => "conflict",
            Self::NotFound { .. } => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Store(_) => "internal",
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            Self::MissingField { field, .. } => Some(field.clone()),
            Self::InvalidField { field, .. } => field.clone(),
            _ => None,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        Self::InvalidField { field: Some(error.field), message: error.message }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Store(source) = &self {
            // The cause (SQL, paths) helps an operator and would only help an attacker, so it goes to the log only.
            tracing::error!(error = %error_chain(source), "request failed");
        }
        let body = ApiError { error: self.code().to_owned(), message: self.to_string(), field: self.field() };
        (self.status(), Json(body)).into_response()
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
