//! The analyst's workspace as plain data: pasted text scanned into messages, and flags made from them.
//!
//! No DOM and no network here, so the logic is testable on its own.

use chrono::{DateTime, Utc};
use tapis_engine::{Match, RuleSet, Scan, Severity};
use tapis_wire::{Flag, FlagSpan};
use uuid::Uuid;

/// One message of the pasted text, with what the rules found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScannedMessage {
    /// Stable identity of the message within the paste: the same text at the same occurrence keeps its key when
    /// other messages are added or edited, so that decisions stay with their message.
    pub key: String,
    /// The message text, exactly as pasted.
    pub text: String,
    /// What the rules found, with the explanation of every match.
    pub scan: Scan,
}

impl ScannedMessage {
    /// Matches, ordered by position.
    pub fn matches(&self) -> &[Match] {
        &self.scan.matches
    }

    /// The highest severity among the matches, if any.
    pub fn severity(&self) -> Option<Severity> {
        self.scan.max_severity
    }

    /// The category of the most severe rule that matched (the first such rule, on a tie), if any.
    pub fn category<'r>(&self, rules: &'r RuleSet) -> Option<&'r str> {
        self.scan.rules.first().map(|hit| rules.rule(hit.rule).rule.category.as_str())
    }
}

/// Splits pasted text into messages and scans each one.
pub fn scan_paste(rules: &RuleSet, pasted: &str) -> Vec<ScannedMessage> {
    let mut seen = std::collections::HashMap::<u64, usize>::new();
    tapis_ingest::split_blocks(pasted)
        .into_iter()
        .map(|text| {
            let hash = fnv1a(text.as_bytes());
            let occurrence = seen.entry(hash).or_default();
            *occurrence += 1;
            ScannedMessage {
                key: format!("{hash:016x}-{occurrence}"),
                text: text.to_owned(),
                scan: rules.scan_message(text),
            }
        })
        .collect()
}

/// The flag for a confirmed message. `id` and `now` are passed in so that the caller decides where they come
/// from (a fresh UUIDv7 and the clock in the app; fixed values in tests).
pub fn flag_for(message: &ScannedMessage, rules: &RuleSet, id: Uuid, now: DateTime<Utc>) -> Flag {
    Flag {
        id,
        message: message.text.clone(),
        spans: message
            .matches()
            .iter()
            .map(|m| FlagSpan {
                rule_id: rules.rule(m.rule).id.clone(),
                start: m.span.start as u32,
                end: m.span.end as u32,
            })
            .collect(),
        category: message.category(rules).unwrap_or("lainnya").to_owned(),
        created_at: now,
    }
}

/// 64-bit FNV-1a: a small, stable content hash for message keys (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
