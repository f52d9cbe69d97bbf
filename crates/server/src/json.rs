//! JSON request bodies: the content-type check, the size limit, one flag or a batch, and parse errors that name
//! the offending field.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::value::RawValue;
use serde_path_to_error::Segment;
use tapis_wire::{AccountTarget, ChannelTarget, MessageTarget, NewFlag};

use crate::error::AppError;

/// The largest request body read, in bytes: room for a batch of a few hundred ordinary flags, or a handful of
/// flags with the largest excerpts. A client with more splits its batch.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The most flags one `POST /api/v1/flags` may carry.
pub const MAX_BATCH: usize = 500;

/// Extracts a `T` from a JSON body, rejecting with an [`AppError`] that says exactly what is wrong.
///
/// Unlike axum's `Json`, a bad body answers an `ApiError` whose `field` is the path of the problem.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        parse(&bytes).map(JsonBody)
    }
}

/// The bytes of a body declared as JSON and within [`BODY_LIMIT`], not yet parsed.
#[derive(Debug)]
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
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
        Ok(JsonBytes(bytes))
    }
}

/// The body of `POST /api/v1/flags`: one flag (a JSON object), or a batch (a JSON array of them).
#[derive(Debug)]
pub enum FlagsBody<'a> {
    /// One flag, to be parsed.
    One(&'a [u8]),
    /// A batch: each item's JSON, to be parsed on its own so that one bad item does not sink the rest.
    Batch(Vec<&'a RawValue>),
}

impl<'a> FlagsBody<'a> {
    /// Tells one flag from a batch by the first character, and checks a batch's JSON and size.
    pub fn split(bytes: &'a [u8]) -> Result<Self, AppError> {
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
            return Ok(Self::One(bytes));
        }
        let items: Vec<&RawValue> =
            serde_json::from_slice(bytes).map_err(|error| AppError::InvalidJson { message: syntax_message(&error) })?;
        match items.len() {
            0 => Err(AppError::EmptyBatch),
            len if len > MAX_BATCH => Err(AppError::BatchTooLarge { len, max: MAX_BATCH }),
            _ => Ok(Self::Batch(items)),
        }
    }
}

/// Parses one posted flag. Like [`parse`], but an error inside `target` names the field there: serde buffers an
/// internally tagged enum before choosing its variant, which loses the path below `target`, so the target is
/// parsed again as the variant its `kind` names.
pub fn parse_new_flag(bytes: &[u8]) -> Result<NewFlag, AppError> {
    parse::<NewFlag>(bytes).map_err(|error| match error.field() {
        Some(field) if field == "target" || field.starts_with("target.") => target_error(bytes).unwrap_or(error),
        _ => error,
    })
}

/// The precise error inside the body's `target`, if the target is an object with a known `kind`.
fn target_error(bytes: &[u8]) -> Option<AppError> {
    let body: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let mut target = body.get("target")?.as_object()?.clone();
    let inner = match target.remove("kind") {
        None => {
            let message = "required field `target.kind` is missing".to_owned();
            return Some(AppError::MissingField { field: "target.kind".to_owned(), message });
        }
        Some(serde_json::Value::String(kind)) if kind == "message" => {
            parse::<MessageTarget>(&serde_json::to_vec(&target).ok()?).err()?
        }
        Some(serde_json::Value::String(kind)) if kind == "channel" => {
            parse::<ChannelTarget>(&serde_json::to_vec(&target).ok()?).err()?
        }
        Some(serde_json::Value::String(kind)) if kind == "account" => {
            parse::<AccountTarget>(&serde_json::to_vec(&target).ok()?).err()?
        }
        Some(kind) => {
            return Some(AppError::InvalidField {
                field: Some("target.kind".to_owned()),
                message: format!(
                    "`target.kind`: unknown target kind {kind}; expected \"message\", \"channel\" or \"account\""
                ),
            });
        }
    };
    Some(match inner {
        AppError::MissingField { field, .. } => {
            let field = format!("target.{field}");
            AppError::MissingField { message: format!("required field `{field}` is missing"), field }
        }
        AppError::InvalidField { field: Some(field), message } => {
            let field = format!("target.{field}");
            let message = format!("`target.{}", message.strip_prefix('`').unwrap_or(&message));
            AppError::InvalidField { message, field: Some(field) }
        }
        other => other,
    })
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
    use serde_json::{Value, json};

    fn good() -> Value {
        json!({
            "id": "01936f6e-7c3a-7def-8a12-3456789abcde",
            "target": { "kind": "message", "platform": "telegram", "chat": { "title": "Slot", "id": -100 }, "message_id": 7 },
            "evidence": {
                "excerpt": "abc",
                "excerpt_sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "source": { "kind": "free_text" },
                "spans": [{ "rule_id": "r", "pack_id": "p", "pack_version": "1", "start": 0, "end": 1 }]
            },
            "classification": { "category": "perjudian", "severity": "high", "explanation": "judi" },
            "requested_action": "remove",
            "detection": { "matched_automatically": true, "confirmed_by_person": true, "confirmed_at": "2026-11-29T05:00:00Z" }
        })
    }

    fn error_with(change: impl FnOnce(&mut Value)) -> AppError {
        let mut body = good();
        change(&mut body);
        parse_new_flag(&serde_json::to_vec(&body).unwrap()).unwrap_err()
    }

    fn field_with(change: impl FnOnce(&mut Value)) -> (&'static str, Option<String>) {
        let error = error_with(change);
        (error.code(), error.field())
    }

    #[test]
    fn a_good_body_parses() {
        let flag = parse_new_flag(&serde_json::to_vec(&good()).unwrap()).unwrap();
        assert_eq!(flag.classification.category, "perjudian");
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let AppError::InvalidJson { message } = parse::<NewFlag>(b"{\n  \"id\" 1}").unwrap_err() else { panic!() };
        assert!(message.contains("line 2, column 8"), "{message}");
        assert!(matches!(parse::<NewFlag>(b""), Err(AppError::InvalidJson { .. })));
        let trailing = format!("{} x", good());
        assert!(matches!(parse::<NewFlag>(trailing.as_bytes()), Err(AppError::InvalidJson { .. })));
    }

    #[test]
    fn missing_fields_are_named_by_path() {
        let missing = |path: &[&str]| {
            field_with(|body| {
                let (last, parents) = path.split_last().unwrap();
                let object = parents.iter().fold(body, |value, key| &mut value[key]);
                object.as_object_mut().unwrap().remove(*last);
            })
        };
        let expect = |field: &str| ("missing_field", Some(field.to_owned()));
        assert_eq!(missing(&["classification"]), expect("classification"));
        assert_eq!(missing(&["classification", "explanation"]), expect("classification.explanation"));
        assert_eq!(missing(&["detection", "confirmed_at"]), expect("detection.confirmed_at"));
        assert_eq!(missing(&["target", "kind"]), expect("target.kind"));
        assert_eq!(missing(&["target", "chat"]), expect("target.chat"));
        assert_eq!(missing(&["target", "platform"]), expect("target.platform"));
        let AppError::MissingField { message, .. } = error_with(|body| {
            body["target"].as_object_mut().unwrap().remove("platform");
        }) else {
            panic!()
        };
        assert_eq!(message, "required field `target.platform` is missing");
    }

    #[test]
    fn wrong_types_and_unknown_fields_are_named_by_path() {
        let invalid = |field: &str| ("invalid_field", Some(field.to_owned()));
        assert_eq!(field_with(|b| b["evidence"]["spans"][0]["start"] = "0".into()), invalid("evidence.spans[0].start"));
        assert_eq!(field_with(|b| b["evidence"]["spans"][0]["end"] = (-1).into()), invalid("evidence.spans[0].end"));
        assert_eq!(field_with(|b| b["id"] = "x1936f6e".into()), invalid("id"));
        assert_eq!(
            field_with(|b| b["classification"]["severity"] = "urgent".into()),
            invalid("classification.severity")
        );
        assert_eq!(field_with(|b| b["evidence"]["source"]["kind"] = "pdf".into()), invalid("evidence.source.kind"));
        assert_eq!(field_with(|b| b["status"] = "actioned".into()), invalid("status"));
        assert_eq!(field_with(|b| b["target"]["chat"]["id"] = "-100".into()), invalid("target.chat.id"));
        assert_eq!(field_with(|b| b["target"]["message_id"] = 1.5.into()), invalid("target.message_id"));
        assert_eq!(field_with(|b| b["target"]["chat"]["x"] = 1.into()), invalid("target.chat.x"));
        assert_eq!(field_with(|b| b["target"]["x"] = 1.into()), invalid("target.x"));
        assert_eq!(field_with(|b| b["target"]["kind"] = "planet".into()), invalid("target.kind"));
        assert_eq!(field_with(|b| b["target"]["platform"] = "whatsapp".into()), invalid("target.platform"));
        let AppError::InvalidField { message, .. } = error_with(|b| b["target"]["chat"]["id"] = "-100".into()) else {
            panic!()
        };
        assert!(message.starts_with("`target.chat.id`: invalid type"), "{message}");
        assert_eq!(parse::<NewFlag>(b"[]").unwrap_err().field(), None);
    }

    #[test]
    fn a_body_is_one_flag_or_a_bounded_batch() {
        assert!(matches!(FlagsBody::split(b" {\"id\": 1}"), Ok(FlagsBody::One(_))));
        let Ok(FlagsBody::Batch(items)) = FlagsBody::split(b"\n[{\"a\": 1}, 2, \"x\"]") else { panic!() };
        assert_eq!(items.iter().map(|item| item.get()).collect::<Vec<_>>(), ["{\"a\": 1}", "2", "\"x\""]);
        assert!(matches!(FlagsBody::split(b"[]"), Err(AppError::EmptyBatch)));
        assert!(matches!(FlagsBody::split(b"[1,"), Err(AppError::InvalidJson { .. })));
        let full = format!("[{}]", vec!["{}"; MAX_BATCH].join(","));
        assert!(matches!(FlagsBody::split(full.as_bytes()), Ok(FlagsBody::Batch(items)) if items.len() == MAX_BATCH));
        let over = format!("[{}]", vec!["{}"; MAX_BATCH + 1].join(","));
        assert!(matches!(FlagsBody::split(over.as_bytes()), Err(AppError::BatchTooLarge { len: 501, max: 500 })));
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
