//! JSON request bodies: the content-type check, the size limit, and parse errors that name the offending field.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::Segment;

use crate::error::AppError;

/// The largest request body read, in bytes: twice the largest message, leaving room for spans and JSON escapes.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Extracts a `T` from a JSON body, rejecting with an [`AppError`] that says exactly what is wrong.
///
/// Unlike axum's `Json`, a bad body answers an `ApiError` whose `field` is the path of the problem.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !declares_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge { limit: BODY_LIMIT }
            } else {
                AppError::UnreadableBody { message: rejection.body_text() }
            }
        })?;
        parse(&bytes).map(JsonBody)
    }
}

/// `application/json` or an `application/*+json` type, whatever the parameters (`charset=utf-8`).
fn declares_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses `bytes` as one JSON `T`, nothing after it but whitespace.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(classify)?;
    deserializer.end().map_err(|error| AppError::InvalidJson { message: syntax_message(&error) })?;
    Ok(value)
}

fn classify(error: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = render_path(error.path());
    let inner = error.inner();
    if inner.classify() != Category::Data {
        return AppError::InvalidJson { message: syntax_message(inner) };
    }
    let message = without_position(inner);
    // serde reports a missing field at the struct that lacks it, naming the field only in its message.
    if let Some(name) = quoted_after(&message, "missing field `") {
        let field = join(&path, name);
        return AppError::MissingField { message: format!("required field `{field}` is missing"), field };
    }
    match path {
        Some(field) => AppError::InvalidField { message: format!("`{field}`: {message}"), field: Some(field) },
        None => AppError::InvalidField { message, field: None },
    }
}

fn syntax_message(error: &serde_json::Error) -> String {
    format!(
        "the body is not valid JSON: {} at line {}, column {}",
        without_position(error),
        error.line(),
        error.column()
    )
}

/// serde_json appends the position to every message; the API puts it where it belongs instead.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).map(str::to_owned).unwrap_or(text)
}

fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// `spans[0].rule_id` style, or `None` for the document itself.
fn render_path(path: &serde_path_to_error::Path) -> Option<String> {
    let mut text = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => text.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Segment::Unknown => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push('?');
            }
        }
    }
    (!text.is_empty()).then_some(text)
}

fn join(parent: &Option<String>, name: &str) -> String {
    match parent {
        Some(parent) => format!("{parent}.{name}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapis_wire::Flag;

    const GOOD: &str = r#"{"id":"01936f6e-7c3a-7def-8a12-3456789abcde","message":"abc","spans":[{"rule_id":"r","start":0,"end":1}],"category":"a","created_at":"2026-11-29T05:00:00Z"}"#;

    fn error_for(json: &str) -> AppError {
        parse::<Flag>(json.as_bytes()).unwrap_err()
    }

    fn field_for(json: &str) -> Option<String> {
        match error_for(json) {
            AppError::MissingField { field, .. } => Some(field),
            AppError::InvalidField { field, .. } => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_body_parses() {
        assert_eq!(parse::<Flag>(GOOD.as_bytes()).unwrap().category, "a");
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let AppError::InvalidJson { message } = error_for("{\n  \"id\" 1}") else { panic!() };
        assert!(message.contains("line 2, column 8"), "{message}");
        assert!(matches!(error_for(""), AppError::InvalidJson { .. }));
        assert!(matches!(error_for(&format!("{GOOD} x")), AppError::InvalidJson { .. }));
    }

    #[test]
    fn missing_fields_are_named_by_path() {
        assert!(matches!(error_for(&GOOD.replace(r#","category":"a""#, "")), AppError::MissingField { .. }));
        assert_eq!(field_for(&GOOD.replace(r#""rule_id":"r","#, "")).as_deref(), Some("spans[0].rule_id"));
    }

    #[test]
    fn wrong_types_and_unknown_fields_are_named_by_path() {
        assert_eq!(field_for(&GOOD.replace(r#""start":0"#, r#""start":"0""#)).as_deref(), Some("spans[0].start"));
        assert_eq!(field_for(&GOOD.replace(r#""start":0"#, r#""start":-1"#)).as_deref(), Some("spans[0].start"));
        assert_eq!(field_for(&GOOD.replace(r#""id":"01936f6e"#, r#""id":"x1936f6e"#)).as_deref(), Some("id"));
        assert_eq!(field_for(&GOOD.replace(r#""end":1"#, r#""end":1,"x":2"#)).as_deref(), Some("spans[0].x"));
        assert_eq!(field_for(&GOOD.replace(r#""category""#, r#""extra":1,"category""#)).as_deref(), Some("extra"));
        assert_eq!(field_for("[]"), None);
    }

    #[test]
    fn content_type_must_declare_json() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
            declares_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(with("application/vnd.tapis+json"));
        assert!(!with("text/plain"));
        assert!(!with("application/jsonx"));
        assert!(!declares_json(&HeaderMap::new()));
    }
}
