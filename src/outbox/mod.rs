//! The outbox: every confirmed flag waits here, durably, until the server has stored it, so that no flag is lost
//! to a closed tab, a crash, a stopped server or a cut network, and none is sent twice (the flag's id makes every
//! retry the same request). Plain data and rules here; `outbox::sender` keeps it in the browser and sends.

pub mod sender;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tapis_wire::{NewFlag, Notifier};
use uuid::Uuid;

use crate::api::PostError;

/// The first retry waits about this long; each further one twice as long, up to [`MAX_BACKOFF_MS`].
pub const BASE_BACKOFF_MS: f64 = 1_000.0;
/// The longest wait between two attempts.
pub const MAX_BACKOFF_MS: f64 = 60_000.0;

/// Where one flag is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    /// Waiting for its next attempt; `last_error` says why the previous one failed, if one did.
    Queued {
        /// Why the last attempt did not deliver it, in the analyst's language at the time.
        last_error: Option<PostError>,
    },
    /// Being posted now.
    Sending,
    /// Stored by the server.
    Delivered {
        /// When the server confirmed it.
        at: DateTime<Utc>,
    },
    /// Refused by the server for a reason a retry would not change (an invalid flag, a conflict).
    Rejected {
        /// The server's answer.
        error: PostError,
    },
}

impl Delivery {
    /// A short name for styling and tests.
    pub fn name(&self) -> &'static str {
        match self {
            Delivery::Queued { .. } => "queued",
            Delivery::Sending => "sending",
            Delivery::Delivered { .. } => "delivered",
            Delivery::Rejected { .. } => "rejected",
        }
    }
}

/// One confirmed flag and its delivery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The flag, exactly as it will be (re)posted.
    pub flag: NewFlag,
    /// What it was made from: the message's key (a [`MessageKey`](crate::message_key::MessageKey), written out) or a roll-up's subject
    /// (`channel:IMPORT:CHAT`, `account:IMPORT:SENDER`). Kept for whoever reads the stored outbox; the app does not
    /// read it back.
    pub message_key: String,
    /// Where it is.
    pub state: Delivery,
    /// Attempts made so far.
    pub attempts: u32,
    /// Not before this time (milliseconds since the Unix epoch) is it tried again.
    pub next_attempt_ms: f64,
    /// The SHA-256 of the token in use when the analyst confirmed it (never the token itself), if one was: only
    /// that token, or another of the same analyst (`flag.notifier`), sends it.
    #[serde(default)]
    pub confirmed_with: Option<String>,
    /// Whether the analyst's identity was recorded on it yet (see [`Outbox::stamp`]). Flags kept by an earlier
    /// version count as recorded: they stay as they were.
    #[serde(default = "recorded")]
    pub stamped: bool,
}

fn recorded() -> bool {
    true
}

impl Entry {
    /// How long (milliseconds) a confirmation is still held at `now_ms`, before it may leave: the analyst's time to
    /// take it back. `None` once due, or once tried.
    pub fn held_for_ms(&self, now_ms: f64) -> Option<f64> {
        let held = matches!(self.state, Delivery::Queued { .. }) && self.attempts == 0 && self.next_attempt_ms > now_ms;
        held.then_some(self.next_attempt_ms - now_ms)
    }
}

/// Who is signed in now: what a confirmation records, and what decides which flags may be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analyst {
    /// The SHA-256 of the token in use, if any.
    pub token_sha256: Option<String>,
    /// Who the server says the token is (`GET /me`), once it said.
    pub notifier: Option<Notifier>,
}

impl Analyst {
    /// The analyst of `token`, known to be `notifier`.
    pub fn of(token: Option<&str>, notifier: Option<Notifier>) -> Analyst {
        let token_sha256 = token
            .map(|token| Sha256::digest(token.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect::<String>());
        Analyst { token_sha256, notifier }
    }
}

/// How many flags are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    /// Waiting for an attempt.
    pub queued: usize,
    /// Being posted.
    pub sending: usize,
    /// Stored by the server.
    pub delivered: usize,
    /// Refused by the server.
    pub rejected: usize,
}

/// The confirmed flags, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    /// Every flag not discarded, oldest first.
    pub entries: Vec<Entry>,
}

impl Outbox {
    /// Adds a freshly confirmed flag, due at `due_ms` (milliseconds since the Unix epoch): the analyst's
    /// confirmation is held until then, so that an undo takes it back before anything leaves the browser (0: at
    /// once).
    pub fn enqueue(&mut self, flag: NewFlag, message_key: String, due_ms: f64) {
        if self.get(flag.id).is_none() {
            self.entries.push(Entry {
                flag,
                message_key,
                state: Delivery::Queued { last_error: None },
                attempts: 0,
                next_attempt_ms: due_ms,
                confirmed_with: None,
                stamped: false,
            });
        }
    }

    /// Records `analyst` on the flags confirmed since the last call: the token's hash, and as the flag's notifier
    /// who the server said the token is (the server refuses the flag from any other token's flagger).
    pub fn stamp(&mut self, analyst: &Analyst) {
        for entry in self.entries.iter_mut().filter(|e| !e.stamped) {
            entry.confirmed_with = analyst.token_sha256.clone();
            if entry.flag.notifier.is_none() {
                entry.flag.notifier = analyst.notifier.clone();
            }
            entry.stamped = true;
        }
    }

    /// Whether `analyst` may send flag `entry`: it was confirmed with their token, or by them (its notifier) under
    /// another of their tokens, or with no token at all. A flag another analyst confirmed is held for them.
    pub fn may_send(entry: &Entry, analyst: &Analyst) -> bool {
        match (&entry.confirmed_with, &entry.flag.notifier) {
            (None, None) => true,
            (confirmed_with, notifier) => {
                (confirmed_with.is_some() && *confirmed_with == analyst.token_sha256)
                    || (notifier.is_some() && *notifier == analyst.notifier)
            }
        }
    }

    /// Who confirmed a flag held for another analyst, as far as it says (their name; `None` when only their token
    /// is known).
    pub fn held_for<'a>(entry: &'a Entry, analyst: &Analyst) -> Option<Option<&'a Notifier>> {
        (matches!(entry.state, Delivery::Queued { .. }) && !Self::may_send(entry, analyst))
            .then_some(entry.flag.notifier.as_ref())
    }

    /// The entry of flag `id`.
    pub fn get(&self, id: Uuid) -> Option<&Entry> {
        self.entries.iter().find(|e| e.flag.id == id)
    }

    fn get_mut(&mut self, id: Uuid) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.flag.id == id)
    }

    /// The next flag due at `now_ms` that `analyst` may send, if any: the oldest queued one whose wait is over.
    pub fn next_due(&self, now_ms: f64, analyst: &Analyst) -> Option<Uuid> {
        self.entries
            .iter()
            .find(|e| {
                matches!(e.state, Delivery::Queued { .. }) && e.next_attempt_ms <= now_ms && Self::may_send(e, analyst)
            })
            .map(|e| e.flag.id)
    }

    /// When the next queued flag falls due (milliseconds since the epoch), if any is queued.
    pub fn next_wake_ms(&self) -> Option<f64> {
        self.entries
            .iter()
            .filter(|e| matches!(e.state, Delivery::Queued { .. }))
            .map(|e| e.next_attempt_ms)
            .min_by(f64::total_cmp)
    }

    /// Marks flag `id` as being posted.
    pub fn start_sending(&mut self, id: Uuid) {
        if let Some(entry) = self.get_mut(id) {
            entry.state = Delivery::Sending;
            entry.attempts += 1;
        }
    }

    /// Records how posting flag `id` ended. A failure a retry may mend (no answer, a server error, a refused or
    /// missing token, too many requests) queues it again after a backoff; one it cannot (an invalid flag, a
    /// conflict) rejects it with the server's reason. `jitter` in `[0, 1)` spreads retries of many tabs apart.
    pub fn finish(&mut self, id: Uuid, result: Result<(), PostError>, now: DateTime<Utc>, jitter: f64) {
        let Some(entry) = self.get_mut(id) else { return };
        entry.state = match result {
            Ok(()) => Delivery::Delivered { at: now },
            Err(error) if is_permanent(&error) => Delivery::Rejected { error },
            Err(error) => {
                entry.next_attempt_ms = now.timestamp_millis() as f64 + backoff_ms(entry.attempts, jitter);
                Delivery::Queued { last_error: Some(error) }
            }
        };
    }

    /// Makes a queued or rejected flag due at once (the analyst pressed "send now", the token changed, the
    /// browser came back online).
    pub fn retry_now(&mut self, id: Uuid) {
        if let Some(entry) = self.get_mut(id) {
            if let Delivery::Rejected { error } = &entry.state {
                entry.state = Delivery::Queued { last_error: Some(error.clone()) };
            }
            if matches!(entry.state, Delivery::Queued { .. }) {
                entry.next_attempt_ms = 0.0;
            }
        }
    }

    /// Makes every queued flag that was tried before due at once. A confirmation still held (never tried) keeps its
    /// hold: a new token or the network coming back is no reason to cut the analyst's time to undo.
    pub fn retry_all_now(&mut self) {
        for entry in &mut self.entries {
            if matches!(entry.state, Delivery::Queued { .. }) && entry.attempts > 0 {
                entry.next_attempt_ms = 0.0;
            }
        }
    }

    /// Removes flag `id` (the analyst discarded it, or exported it for use without a backend).
    pub fn discard(&mut self, id: Uuid) {
        self.entries.retain(|e| e.flag.id != id);
    }

    /// After a reload or a crash: a flag that was being posted may or may not have arrived; posting it again is
    /// safe (same id), so it is queued again, due at once.
    pub fn recover(&mut self) {
        for entry in &mut self.entries {
            if entry.state == Delivery::Sending {
                entry.state = Delivery::Queued { last_error: None };
                entry.next_attempt_ms = 0.0;
            }
        }
    }

    /// How many flags are in each state.
    pub fn counts(&self) -> OutboxCounts {
        let mut counts = OutboxCounts::default();
        for entry in &self.entries {
            match entry.state {
                Delivery::Queued { .. } => counts.queued += 1,
                Delivery::Sending => counts.sending += 1,
                Delivery::Delivered { .. } => counts.delivered += 1,
                Delivery::Rejected { .. } => counts.rejected += 1,
            }
        }
        counts
    }
}

/// Whether the server's answer would be the same on a retry.
fn is_permanent(error: &PostError) -> bool {
    match error {
        PostError::Unreachable(_) => false,
        // 401/403: the token is missing, wrong or revoked, which the analyst can mend; 408/429: try later.
        PostError::Refused { status, .. } => (400..500).contains(status) && !matches!(status, 401 | 403 | 408 | 429),
    }
}

/// Exponential backoff with jitter: about 1 s, 2 s, 4 s … up to a minute, each scaled by 0.5–1.5.
pub fn backoff_ms(attempts: u32, jitter: f64) -> f64 {
    let exponential = BASE_BACKOFF_MS * 2f64.powi(attempts.saturating_sub(1).min(16) as i32);
    exponential.min(MAX_BACKOFF_MS) * (0.5 + jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn flag(n: u128) -> NewFlag {
        let rules = tapis_engine::builtin::rule_set().unwrap();
        let message = crate::workspace::scan_paste(&rules, "jual sabu murah").remove(0);
        let chat = crate::workspace::parse_chat("@infonarkoba").unwrap();
        let source = tapis_wire::Source { kind: tapis_wire::SourceKind::FreeText, file_sha256: None };
        let target = crate::workspace::pasted_target(chat);
        crate::workspace::flag_for(
            &message,
            &rules,
            target,
            source,
            Uuid::from_u128(n),
            "2026-11-29T05:00:00Z".parse().unwrap(),
        )
    }

    fn now() -> DateTime<Utc> {
        "2026-11-29T06:00:00Z".parse().unwrap()
    }

    #[test]
    fn backoff_doubles_up_to_a_minute_and_jitters_by_half_either_way() {
        assert_eq!(backoff_ms(1, 0.5), 1_000.0);
        assert_eq!(backoff_ms(2, 0.5), 2_000.0);
        assert_eq!(backoff_ms(4, 0.5), 8_000.0);
        assert_eq!(backoff_ms(30, 0.5), 60_000.0);
        assert_eq!(backoff_ms(3, 0.0), 2_000.0);
        assert_eq!(backoff_ms(3, 0.999_999).round(), 6_000.0);
    }

    /// Each row: how an attempt ended, and the state it leaves the flag in.
    #[test]
    fn each_answer_leads_to_its_state() {
        let refused = |status| PostError::Refused { status, message: "x".into() };
        let rows: &[(Result<(), PostError>, &str)] = &[
            (Ok(()), "delivered"),
            (Err(PostError::Unreachable("connection refused".into())), "queued"),
            (Err(refused(500)), "queued"),
            (Err(refused(503)), "queued"),
            (Err(refused(401)), "queued"),
            (Err(refused(403)), "queued"),
            (Err(refused(429)), "queued"),
            (Err(refused(422)), "rejected"),
            (Err(refused(409)), "rejected"),
            (Err(refused(404)), "rejected"),
        ];
        for (result, wanted) in rows {
            let mut outbox = Outbox::default();
            outbox.enqueue(flag(1), "k".into(), 0.0);
            outbox.start_sending(Uuid::from_u128(1));
            outbox.finish(Uuid::from_u128(1), result.clone(), now(), 0.5);
            assert_eq!(outbox.entries[0].state.name(), *wanted, "{result:?}");
        }
    }

    #[test]
    fn a_failed_attempt_waits_its_backoff_and_the_oldest_due_goes_first() {
        let mut outbox = Outbox::default();
        outbox.enqueue(flag(1), "a".into(), 0.0);
        outbox.enqueue(flag(2), "b".into(), 0.0);
        outbox.enqueue(flag(1), "a".into(), 0.0); // the same flag twice is one entry
        assert_eq!(outbox.entries.len(), 2);
        let t = now().timestamp_millis() as f64;
        assert_eq!(outbox.next_due(t, &Analyst::default()), Some(Uuid::from_u128(1)));

        outbox.start_sending(Uuid::from_u128(1));
        outbox.finish(Uuid::from_u128(1), Err(PostError::Unreachable("down".into())), now(), 0.5);
        assert_eq!(outbox.next_due(t, &Analyst::default()), Some(Uuid::from_u128(2)), "the failed one waits");
        assert_eq!(outbox.next_wake_ms(), Some(0.0));
        outbox.start_sending(Uuid::from_u128(2));
        outbox.finish(Uuid::from_u128(2), Ok(()), now(), 0.5);
        assert_eq!(outbox.next_due(t, &Analyst::default()), None);
        assert_eq!(outbox.next_wake_ms(), Some(t + 1_000.0));
        assert_eq!(outbox.next_due(t + 1_000.0, &Analyst::default()), Some(Uuid::from_u128(1)));

        outbox.retry_now(Uuid::from_u128(1));
        assert_eq!(outbox.next_due(t, &Analyst::default()), Some(Uuid::from_u128(1)));
        assert_eq!(outbox.counts(), OutboxCounts { queued: 1, sending: 0, delivered: 1, rejected: 0 });
    }

    /// A confirmation is held before it leaves: not due until its time, whatever makes the others due at once (a new
    /// token, the network back), unless the analyst sends it now; withdrawn meanwhile, it never leaves.
    #[test]
    fn a_confirmation_is_held_for_its_time_to_undo() {
        let t = 1_800_000_000_000.0;
        let mut outbox = Outbox::default();
        outbox.enqueue(flag(1), "a".into(), t + 5_000.0);
        outbox.enqueue(flag(2), "b".into(), t + 5_000.0);
        assert_eq!(outbox.next_due(t, &Analyst::default()), None);
        assert_eq!(outbox.get(Uuid::from_u128(1)).unwrap().held_for_ms(t + 1_000.0), Some(4_000.0));
        outbox.retry_all_now();
        assert_eq!(outbox.next_due(t + 4_999.0, &Analyst::default()), None, "still held");
        assert_eq!(outbox.next_due(t + 5_000.0, &Analyst::default()), Some(Uuid::from_u128(1)));
        assert_eq!(outbox.get(Uuid::from_u128(1)).unwrap().held_for_ms(t + 5_000.0), None);
        outbox.discard(Uuid::from_u128(1));
        outbox.retry_now(Uuid::from_u128(2));
        assert_eq!(outbox.next_due(t, &Analyst::default()), Some(Uuid::from_u128(2)), "sent now, on request");
        assert_eq!(outbox.get(Uuid::from_u128(2)).unwrap().held_for_ms(t), None);
    }

    #[test]
    fn a_flag_that_was_sending_when_the_tab_died_is_queued_again_and_survives_serialization() {
        let mut outbox = Outbox::default();
        outbox.enqueue(flag(1), "a".into(), 0.0);
        outbox.start_sending(Uuid::from_u128(1));
        let saved = serde_json::to_string(&outbox).unwrap();

        let mut reloaded: Outbox = serde_json::from_str(&saved).unwrap();
        assert_eq!(reloaded, outbox);
        reloaded.recover();
        assert_eq!(reloaded.entries[0].state, Delivery::Queued { last_error: None });
        assert_eq!(reloaded.next_due(0.0, &Analyst::default()), Some(Uuid::from_u128(1)));
        assert_eq!(reloaded.entries[0].flag, flag(1), "the very same flag, id included, is posted again");
    }

    /// On a shared workstation: what analyst A confirmed is recorded as A's and sent only with A's token (or
    /// another token of A's), never with B's; flags from before are sent as they were.
    #[test]
    fn a_flag_is_sent_only_by_the_analyst_who_confirmed_it() {
        let siti = Notifier { organisation: Some("Komdigi".into()), analyst: "Siti".into() };
        let budi = Notifier { organisation: Some("Komdigi".into()), analyst: "Budi".into() };
        let a = Analyst::of(Some("tapis_a"), Some(siti.clone()));
        let b = Analyst::of(Some("tapis_b"), Some(budi));
        let mut outbox = Outbox::default();
        outbox.enqueue(flag(1), "a".into(), 0.0);
        outbox.stamp(&a);
        assert_eq!(outbox.entries[0].flag.notifier, Some(siti.clone()));
        assert_ne!(outbox.entries[0].confirmed_with.as_deref(), Some("tapis_a"), "a hash, never the token");
        assert_eq!(outbox.next_due(0.0, &b), None, "held for Siti");
        assert_eq!(Outbox::held_for(&outbox.entries[0], &b), Some(Some(&siti)));
        assert_eq!(outbox.next_due(0.0, &a), Some(Uuid::from_u128(1)));
        // Siti under a new token, once the server said who it is.
        assert_eq!(outbox.next_due(0.0, &Analyst::of(Some("tapis_a2"), Some(siti.clone()))), Some(Uuid::from_u128(1)));
        assert_eq!(outbox.next_due(0.0, &Analyst::of(Some("tapis_a2"), None)), None);

        // Confirmed before the server said who the token is: that token only.
        outbox.enqueue(flag(2), "b".into(), 0.0);
        outbox.stamp(&Analyst::of(Some("tapis_a"), None));
        assert_eq!(outbox.entries[1].flag.notifier, None);
        assert!(Outbox::may_send(&outbox.entries[1], &a) && !Outbox::may_send(&outbox.entries[1], &b));

        // A flag kept by an earlier version, without a record: sent as it was.
        let mut old: Outbox = serde_json::from_str(r#"{"entries":[]}"#).unwrap();
        let mut entry: serde_json::Value = serde_json::to_value(&outbox.entries[0]).unwrap();
        entry.as_object_mut().unwrap().remove("confirmed_with");
        entry.as_object_mut().unwrap().remove("stamped");
        entry["flag"].as_object_mut().unwrap().remove("notifier");
        old.entries.push(serde_json::from_value(entry).unwrap());
        old.stamp(&b);
        assert_eq!(old.entries[0].flag.notifier, None);
        assert!(Outbox::may_send(&old.entries[0], &b));
    }

    #[test]
    fn a_rejected_flag_can_be_sent_again_or_discarded() {
        let mut outbox = Outbox::default();
        outbox.enqueue(flag(1), "a".into(), 0.0);
        outbox.start_sending(Uuid::from_u128(1));
        outbox.finish(Uuid::from_u128(1), Err(PostError::Refused { status: 422, message: "bad".into() }), now(), 0.5);
        outbox.retry_now(Uuid::from_u128(1));
        assert_eq!(outbox.entries[0].state.name(), "queued");
        outbox.discard(Uuid::from_u128(1));
        assert!(outbox.entries.is_empty());
    }
}
