//! The one error type of the HTTP API and how it becomes an [`ApiError`] JSON answer.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tapis_wire::{ApiError, Escalation, FlagStatus, Notifier, Role};
use uuid::Uuid;

use crate::auth::{AuthFailure, Right};
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
        /// Path of the missing field, e.g. `evidence.spans[0].rule_id`.
        field: String,
        /// For a person.
        message: String,
    },
    /// A field (or query parameter) has the wrong type, is unknown, or breaks a rule.
    #[error("{message}")]
    InvalidField {
        /// Path of the field, when one field is at fault.
        field: Option<String>,
        /// For a person.
        message: String,
    },
    /// A query parameter of a report is malformed (a date, the format): `400`, naming it.
    #[error("{message}")]
    BadQuery {
        /// The parameter.
        field: String,
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
    /// A batch holds more flags than one request may.
    #[error("the batch holds {len} flags; at most {max} are accepted per request")]
    BatchTooLarge {
        /// Flags in the batch.
        len: usize,
        /// The most accepted.
        max: usize,
    },
    /// A batch with nothing in it.
    #[error("the batch is empty: post at least one flag")]
    EmptyBatch,
    /// The body could not be read (e.g. the client went away mid-request).
    #[error("the request body could not be read: {message}")]
    UnreadableBody {
        /// Why.
        message: String,
    },
    /// No valid bearer token.
    #[error("{}", match .0 {
        AuthFailure::Missing => "this endpoint needs `Authorization: Bearer <token>`; an operator creates one with \
                                 `tapis token create --name NAME`",
        AuthFailure::Invalid => "the bearer token is not valid: it is malformed, unknown or revoked",
    })]
    Unauthorized(AuthFailure),
    /// The flag names a notifier other than the token's flagger.
    #[error(
        "the flag claims to be from {claimed} but the token belongs to {actual}; leave notifier out or send it \
             with its own token"
    )]
    NotifierMismatch {
        /// Who the flag says notifies.
        claimed: NotifierName,
        /// Who the token says.
        actual: NotifierName,
    },
    /// The token's role lacks the right the request needs.
    #[error(
        "this request needs the role {} (to {}); this token's role is {}",
        role_list(.right.roles()),
        .right.describe(),
        .role.as_str()
    )]
    Forbidden {
        /// What the request needs.
        right: Right,
        /// The token's role.
        role: Role,
    },
    /// A reviewer asked to review a flag they filed themselves.
    #[error("flag {id} is your own: another reviewer must review it (nobody reviews their own flag)")]
    OwnFlag {
        /// The flag.
        id: Uuid,
    },
    /// No notice has this key (among approved flags).
    #[error("there is no notice with key {key:?} among approved flags")]
    NoticeNotFound {
        /// The key asked for.
        key: String,
    },
    /// A different flag is already stored under this id.
    #[error("a different flag with id {id} is already stored; a flag's content cannot change")]
    Conflict {
        /// The id both flags share.
        id: Uuid,
    },
    /// No flag has this id.
    #[error("there is no flag with id {id}")]
    FlagNotFound {
        /// The id asked for.
        id: Uuid,
    },
    /// The flag's status cannot move to the one asked for.
    #[error("flag {id} is {} and cannot become {}{}", .from.as_str(), .to.as_str(), transition_hint(*.from))]
    InvalidTransition {
        /// The flag.
        id: Uuid,
        /// Its current status.
        from: FlagStatus,
        /// The status asked for.
        to: FlagStatus,
    },
    /// The notice's escalation does not allow the step.
    #[error(
        "notice {key} is {} and cannot take the step {}{}",
        .from.map_or("not escalated", Escalation::as_str),
        .to.as_str(),
        escalation_hint(*.from)
    )]
    InvalidEscalation {
        /// The notice.
        key: String,
        /// Its step (`None`: never escalated).
        from: Option<Escalation>,
        /// The step asked for.
        to: Escalation,
    },
    /// A first warning for a notice that is within its deadline or answered.
    #[error("notice {key} is not overdue (or the platform has answered it): a first warning is for an unmet deadline")]
    NotOverdue {
        /// The notice.
        key: String,
    },
    /// No blocklist of that name is served.
    #[error("no blocklist is named {name}")]
    BlocklistNotFound {
        /// The requested name.
        name: String,
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
    /// The database cannot be reached: the server is not ready.
    #[error("the database is unavailable")]
    Unavailable(#[source] StoreError),
    /// Storage failed; the client can only retry.
    #[error("internal error")]
    Store(#[from] StoreError),
}

/// A notifier, printed `analyst (organisation)` in messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotifierName(pub Notifier);

impl std::fmt::Display for NotifierName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.organisation {
            Some(organisation) => write!(f, "{:?} ({organisation:?})", self.0.analyst),
            None => write!(f, "{:?} (no organisation)", self.0.analyst),
        }
    }
}

fn transition_hint(from: FlagStatus) -> &'static str {
    match from {
        FlagStatus::PendingReview => ": a flag waiting for review can only be approved or returned by a reviewer",
        FlagStatus::Approved => ": an approved flag waits for the platform's acknowledgement or outcome",
        FlagStatus::Acknowledged => ": an acknowledged flag can only become actioned or rejected",
        FlagStatus::Returned => ": it was returned to its analyst, which is final (they file a corrected flag)",
        FlagStatus::Actioned | FlagStatus::Rejected => ": its outcome is final",
    }
}

/// `reviewer or admin`, `analyst, reviewer or admin`.
fn escalation_hint(from: Option<Escalation>) -> &'static str {
    match from {
        None => ": an escalation starts with warning_1",
        Some(Escalation::Resolved) => ": it is resolved, which is final",
        Some(Escalation::Disputed) => ": a dispute is resolved or refused (warning_2, restriction_requested)",
        Some(_) => ": the next step is the next warning, the restriction, a dispute or the resolution",
    }
}

fn role_list(roles: &[Role]) -> String {
    let names: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

impl AppError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidJson { .. } | Self::UnreadableBody { .. } | Self::BadQuery { .. } => StatusCode::BAD_REQUEST,
            Self::MissingField { .. } | Self::InvalidField { .. } | Self::EmptyBatch => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } | Self::BatchTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::NotifierMismatch { .. } | Self::Forbidden { .. } | Self::OwnFlag { .. } => StatusCode::FORBIDDEN,
            Self::Conflict { .. }
            | Self::InvalidTransition { .. }
            | Self::InvalidEscalation { .. }
            | Self::NotOverdue { .. } => StatusCode::CONFLICT,
            Self::FlagNotFound { .. }
            | Self::NoticeNotFound { .. }
            | Self::NotFound { .. }
            | Self::BlocklistNotFound { .. } => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients branch on: the `error` of the [`ApiError`].
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson { .. } => "invalid_json",
            Self::MissingField { .. } => "missing_field",
            Self::InvalidField { .. } => "invalid_field",
            Self::BadQuery { .. } => "invalid_query",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::BatchTooLarge { .. } => "batch_too_large",
            Self::EmptyBatch => "empty_batch",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::Unauthorized(_) => "unauthorized",
            Self::NotifierMismatch { .. } => "notifier_mismatch",
            Self::Forbidden { .. } => "forbidden",
            Self::OwnFlag { .. } => "own_flag",
            Self::Conflict { .. } => "conflict",
            Self::FlagNotFound { .. }
            | Self::NoticeNotFound { .. }
            | Self::NotFound { .. }
            | Self::BlocklistNotFound { .. } => "not_found",
            Self::InvalidTransition { .. } | Self::InvalidEscalation { .. } => "invalid_transition",
            Self::NotOverdue { .. } => "not_overdue",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Unavailable(_) => "unavailable",
            Self::Store(_) => "internal",
        }
    }

    /// The field at fault, if one is.
    pub fn field(&self) -> Option<String> {
        match self {
            Self::MissingField { field, .. } => Some(field.clone()),
            Self::InvalidField { field, .. } => field.clone(),
            Self::NotifierMismatch { .. } => Some("notifier".to_owned()),
            Self::InvalidTransition { .. } => Some("status".to_owned()),
            Self::InvalidEscalation { .. } | Self::NotOverdue { .. } => Some("step".to_owned()),
            Self::BadQuery { field, .. } => Some(field.clone()),
            _ => None,
        }
    }

    /// The JSON body of the answer. Server faults are logged here, once, with their cause.
    pub fn to_api_error(&self) -> ApiError {
        if let Self::Store(source) | Self::Unavailable(source) = self {
            // The cause (SQL, paths) helps an operator and would only help an attacker, so it goes to the log only.
            tracing::error!(error = %error_chain(source), "request failed");
        }
        ApiError { error: self.code().to_owned(), message: self.to_string(), field: self.field() }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        Self::InvalidField { field: Some(error.field), message: error.message }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(self.to_api_error())).into_response();
        if let Self::Unauthorized(failure) = self {
            let challenge = match failure {
                AuthFailure::Missing => r#"Bearer realm="tapis""#,
                AuthFailure::Invalid => r#"Bearer realm="tapis", error="invalid_token""#,
            };
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
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
