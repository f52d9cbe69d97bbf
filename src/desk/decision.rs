//! Decisions as plain data: what the analyst decided about each message, why, and the journal of every decision
//! (with its time, for undo and redo).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use tapis_engine::Severity;
use tapis_wire::RequestedAction;

use crate::message_key::MessageKey;

/// What the analyst decided about one message. Where a confirmed message's flag is, the outbox says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Not decided yet.
    #[default]
    Open,
    /// Passed over for now: still to decide, listed under its own state.
    Skipped,
    /// Rejected as a false positive.
    Rejected,
    /// Confirmed: its flag, with this id, is in the outbox.
    Confirmed(Uuid),
    /// Confirmed, and its flag (this id) returned by the reviewer: to decide again, by rejecting it or by
    /// confirming it anew (a new flag, which says it refiles this one).
    Returned(Uuid),
}

impl Decision {
    /// Whether it is still to decide: open, skipped for now, or returned by the reviewer (what bulk actions act
    /// on).
    pub fn is_open(self) -> bool {
        matches!(self, Decision::Open | Decision::Skipped | Decision::Returned(_))
    }

    /// The state's name in filters and `data-state`.
    pub fn state(self) -> State {
        match self {
            Decision::Open => State::Open,
            Decision::Skipped => State::Skipped,
            Decision::Rejected => State::Rejected,
            Decision::Confirmed(_) => State::Confirmed,
            Decision::Returned(_) => State::Returned,
        }
    }
}

/// A decision state, as the filters name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Not decided.
    Open,
    /// Skipped.
    Skipped,
    /// Rejected.
    Rejected,
    /// Confirmed.
    Confirmed,
    /// Confirmed, and returned by the reviewer.
    Returned,
}

impl State {
    /// Every state, in the order the filter lists them.
    pub const ALL: [State; 5] = [State::Open, State::Returned, State::Skipped, State::Confirmed, State::Rejected];

    /// The stable code (`open`, `returned`, `skipped`, `confirmed`, `rejected`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Skipped => "skipped",
            State::Rejected => "rejected",
            State::Confirmed => "confirmed",
            State::Returned => "returned",
        }
    }

    /// The state a code names.
    pub fn from_code(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// Why a candidate was rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The words matched, but the message is not negative content.
    #[default]
    NotNegative,
    /// News, education, research or counter-speech about the subject.
    Reporting,
    /// A word that means something else here (a name, a place, another language).
    OtherMeaning,
    /// Already flagged or handled.
    Duplicate,
    /// Anything else (the note says what).
    Other,
}

impl Reason {
    /// Every reason, in the order the select lists them.
    pub const ALL: [Reason; 5] =
        [Reason::NotNegative, Reason::Reporting, Reason::OtherMeaning, Reason::Duplicate, Reason::Other];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotNegative => "not_negative",
            Reason::Reporting => "reporting",
            Reason::OtherMeaning => "other_meaning",
            Reason::Duplicate => "duplicate",
            Reason::Other => "other",
        }
    }

    /// The reason a code names.
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

/// One message's decision before and after a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The message's key.
    pub key: MessageKey,
    /// Its decision before the change.
    pub before: Decision,
    /// Its decision after.
    pub after: Decision,
}

/// What the analyst says of the flags they confirm, over what the rules say: the category, the severity, the action
/// asked of the platform, and a note. A message the rules missed has only what the analyst says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotation {
    /// The category, when not the rules' one.
    pub category: Option<String>,
    /// The severity, when not the rules' one.
    pub severity: Option<Severity>,
    /// The action asked of the platform, when not the one the severity suggests.
    pub action: Option<RequestedAction>,
    /// A note for the flag's explanation.
    pub note: Option<String>,
    /// The flag this one files again, the reviewer having returned it (set by the desk, per message).
    pub refiles: Option<Uuid>,
}

/// One decision of the analyst, on one message or (a bulk action) on many at once: one step of undo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// When it was made.
    pub at: DateTime<Utc>,
    /// The decision made (`Confirmed` with any id for a confirmation).
    pub action: State,
    /// The messages it changed.
    pub items: Vec<Item>,
    /// The category the analyst confirmed under, when they changed the rules' one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The severity the analyst confirmed under, when they changed the rules' one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The action the analyst asked of the platform, when they chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_action: Option<RequestedAction>,
    /// The analyst's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// What a campaign's confirmation taught the watchlist: undo takes it back, redo learns it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned: Option<crate::watchlist::Learned>,
}

impl Change {
    /// A change at `at` that says nothing yet: no messages, no category, note or reason.
    pub fn none(at: DateTime<Utc>) -> Change {
        Change {
            at,
            action: State::Open,
            items: Vec::new(),
            category: None,
            severity: None,
            requested_action: None,
            note: None,
            reason: None,
            learned: None,
        }
    }

    /// What the analyst said of the flags of a confirmation (to make them again on redo).
    pub fn annotation(&self) -> Annotation {
        Annotation {
            category: self.category.clone(),
            severity: self.severity,
            action: self.requested_action,
            note: self.note.clone(),
            refiles: None,
        }
    }
}

/// Every decision made, oldest first, and how many of the newest were undone (they can be redone until the next
/// decision).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The changes, oldest first.
    pub changes: Vec<Change>,
    /// How many changes at the end are undone.
    pub undone: usize,
}

impl Journal {
    /// The changes kept: older ones are dropped (their decisions stay; only their undo goes).
    pub const KEEP: usize = 1_000;

    /// Records `change`, dropping what was undone (it can no longer be redone).
    pub fn record(&mut self, change: Change) {
        let done = self.changes.len() - self.undone;
        self.changes.truncate(done);
        self.undone = 0;
        self.changes.push(change);
        if self.changes.len() > Self::KEEP {
            let extra = self.changes.len() - Self::KEEP;
            self.changes.drain(..extra);
        }
    }

    /// The change that `undo` would take back.
    pub fn last_done(&self) -> Option<&Change> {
        self.changes.len().checked_sub(self.undone + 1).map(|i| &self.changes[i])
    }

    /// The change that `undo` would take back, to add to it.
    pub fn last_done_mut(&mut self) -> Option<&mut Change> {
        self.changes.len().checked_sub(self.undone + 1).map(|i| &mut self.changes[i])
    }

    /// The change that `redo` would make again.
    pub fn next_undone(&self) -> Option<&Change> {
        (self.undone > 0).then(|| &self.changes[self.changes.len() - self.undone])
    }

    /// Marks the last done change undone and returns it.
    pub fn undo(&mut self) -> Option<Change> {
        let change = self.last_done()?.clone();
        self.undone += 1;
        Some(change)
    }

    /// Marks the next undone change done again, after `update` (which may give it new flag ids), and returns it.
    pub fn redo(&mut self, update: impl FnOnce(&mut Change)) -> Option<Change> {
        let index = self.changes.len().checked_sub(self.undone)?;
        let change = self.changes.get_mut(index)?;
        update(change);
        self.undone -= 1;
        Some(change.clone())
    }

    /// When `key` was last decided (by a change not undone), and by which.
    pub fn decided(&self, key: &MessageKey) -> Option<&Change> {
        let done = self.changes.len() - self.undone;
        self.changes[..done].iter().rev().find(|c| c.items.iter().any(|i| i.key == *key))
    }
}
