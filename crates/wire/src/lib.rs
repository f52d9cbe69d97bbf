//! Wire types of the Tapis API: the flag an analyst confirms and the errors the server answers with.
//!
//! One definition, used by the browser app (which creates flags) and by the server (which stores them), so the
//! two cannot drift apart. Serde only: no HTTP, storage or UI here.
#![warn(missing_docs)]

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A confirmed flag: a message an analyst judged to be negative content, with the matches behind the judgement.
///
/// The `id` is made once, in the browser, when the analyst confirms; every retry reuses it, which is what makes
/// posting a flag idempotent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    /// Client-generated UUID (v7).
    pub id: Uuid,
    /// The flagged message's text, exactly as the analyst saw it.
    pub message: String,
    /// The matches that made the message a candidate, as byte ranges into `message`.
    pub spans: Vec<FlagSpan>,
    /// The category the analyst confirmed (e.g. `perjudian`, `terorisme`).
    pub category: String,
    /// When the analyst confirmed the flag.
    pub created_at: DateTime<Utc>,
}

/// One highlighted match inside a flagged message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagSpan {
    /// Id of the rule that matched.
    pub rule_id: String,
    /// Start, in UTF-8 bytes, into the flag's `message`.
    pub start: u32,
    /// End (exclusive), in UTF-8 bytes, into the flag's `message`.
    pub end: u32,
}

/// A flag as the server holds it: the flag itself and when the server first received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFlag {
    /// The flag, as first posted.
    #[serde(flatten)]
    pub flag: Flag,
    /// When the server stored it.
    pub received_at: DateTime<Utc>,
}

/// The answer to `GET /api/v1/flags`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagList {
    /// Stored flags, oldest first.
    pub flags: Vec<StoredFlag>,
}

/// The body of every 4xx/5xx answer of the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// A stable, machine-readable code, e.g. `invalid_json`, `missing_field`, `invalid_field`.
    pub error: String,
    /// A sentence for a person, naming the problem.
    pub message: String,
    /// The offending field as a path (`spans[0].end`), when the problem is one field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Flag {
        Flag {
            id: Uuid::parse_str("01936f6e-7c3a-7def-8a12-3456789abcde").unwrap(),
            message: "Situs slot gacor".into(),
            spans: vec![FlagSpan { rule_id: "judi.slot".into(), start: 6, end: 16 }],
            category: "perjudian".into(),
            created_at: "2026-11-29T05:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn flag_round_trips_through_json() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(serde_json::from_str::<Flag>(&json).unwrap(), sample());
    }

    #[test]
    fn stored_flag_is_the_flag_plus_received_at() {
        let stored = StoredFlag { flag: sample(), received_at: "2026-11-29T05:00:01Z".parse().unwrap() };
        let value = serde_json::to_value(&stored).unwrap();
        assert_eq!(value["id"], "01936f6e-7c3a-7def-8a12-3456789abcde");
        assert_eq!(value["received_at"], "2026-11-29T05:00:01Z");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut value = serde_json::to_value(sample()).unwrap();
        value["surprise"] = 1.into();
        assert!(serde_json::from_value::<Flag>(value).is_err());
    }
}
