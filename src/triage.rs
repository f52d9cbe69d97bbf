//! Triage as plain data: what the analyst decided about each message, the journal of every decision (with its
//! time, for undo and redo), the order of the queue, its filters, and how precise each rule has been.
//!
//! No DOM and no signals here: the components in `ui/queue.rs`, `ui/inspector.rs` and `ui/keyboard.rs` keep these
//! values in signals and call these functions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
}

impl Decision {
    /// Whether it is still to decide: open, or skipped for now (what bulk actions act on).
    pub fn is_open(self) -> bool {
        matches!(self, Decision::Open | Decision::Skipped)
    }

    /// The state's name in filters and `data-state`.
    pub fn state(self) -> State {
        match self {
            Decision::Open => State::Open,
            Decision::Skipped => State::Skipped,
            Decision::Rejected => State::Rejected,
            Decision::Confirmed(_) => State::Confirmed,
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
}

impl State {
    /// Every state, in the order the filter lists them.
    pub const ALL: [State; 4] = [State::Open, State::Skipped, State::Confirmed, State::Rejected];

    /// The stable code (`open`, `skipped`, `confirmed`, `rejected`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Skipped => "skipped",
            State::Rejected => "rejected",
            State::Confirmed => "confirmed",
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
    pub key: String,
    /// Its decision before the change.
    pub before: Decision,
    /// Its decision after.
    pub after: Decision,
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
    /// The analyst's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
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
    pub fn decided(&self, key: &str) -> Option<&Change> {
        let done = self.changes.len() - self.undone;
        self.changes[..done].iter().rev().find(|c| c.items.iter().any(|i| i.key == key))
    }
}

/// What the queue knows of one message, to sort and filter it without scanning it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The message's key.
    pub key: String,
    /// 0 none, 1 low … 4 critical.
    pub severity: u8,
    /// The scan's score.
    pub score: u32,
    /// The rules that matched (their index in the rule set), most severe first.
    pub rules: Vec<usize>,
    /// The category of the most severe rule, if any matched.
    pub category: Option<String>,
    /// The chat, as the filter names it.
    pub chat: String,
    /// Where it comes from, for the order among equals: pasted first, then imports in order, each in input order.
    pub order: (u64, usize),
}

impl Facts {
    /// Whether the rules found anything.
    pub fn is_candidate(&self) -> bool {
        self.severity > 0
    }
}

/// The queue's order: candidates first, most severe, then highest score, then input order.
pub fn sort(facts: &mut [impl AsRef<Facts>]) {
    facts.sort_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        b.severity.cmp(&a.severity).then(b.score.cmp(&a.score)).then(a.order.cmp(&b.order))
    });
}

/// Which messages the queue shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// With matches (default), without, or both.
    pub matches: Matches,
    /// Only this category.
    pub category: Option<String>,
    /// Only this severity (1 low … 4 critical).
    pub severity: Option<u8>,
    /// Only messages this rule matched (by rule index).
    pub rule: Option<usize>,
    /// Only this decision state.
    pub state: Option<State>,
    /// Only this chat.
    pub chat: Option<String>,
    /// Only messages whose text holds this, ignoring case.
    pub search: String,
}

/// Which messages, by whether the rules found anything in them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Matches {
    /// Messages with matches: the candidates.
    #[default]
    With,
    /// Messages without.
    Without,
    /// All messages.
    All,
}

impl Matches {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Matches::With => "with",
            Matches::Without => "without",
            Matches::All => "all",
        }
    }

    /// The value a code names.
    pub fn from_code(code: &str) -> Matches {
        match code {
            "without" => Matches::Without,
            "all" => Matches::All,
            _ => Matches::With,
        }
    }
}

impl Filter {
    /// Whether the filter narrows anything beyond the default (candidates, every state).
    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }

    /// The search as it is looked for: trimmed and lower case. Folded once, for all the messages it is tried on.
    pub fn needle(&self) -> String {
        self.search.trim().to_lowercase()
    }

    /// Whether the message passes, with its decision and (for the search: `needle` is [`Filter::needle`]) its text.
    pub fn passes(&self, facts: &Facts, decision: Decision, needle: &str, text: impl FnOnce() -> String) -> bool {
        let matches = match self.matches {
            Matches::With => facts.is_candidate(),
            Matches::Without => !facts.is_candidate(),
            Matches::All => true,
        };
        matches
            && self.category.as_ref().is_none_or(|c| facts.category.as_ref() == Some(c))
            && self.severity.is_none_or(|s| facts.severity == s)
            && self.rule.is_none_or(|r| facts.rules.contains(&r))
            && self.state.is_none_or(|s| decision.state() == s)
            && self.chat.as_ref().is_none_or(|c| &facts.chat == c)
            && (needle.is_empty() || text().to_lowercase().contains(needle))
    }
}

/// How the analyst judged one rule's candidates: how many messages it matched, and of those decided, how many were
/// confirmed and how many rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Messages the rule matched.
    pub messages: usize,
    /// Of those, confirmed.
    pub confirmed: usize,
    /// Of those, rejected as false positives.
    pub rejected: usize,
}

impl Tally {
    /// Confirmed out of decided, in percent; `None` before any decision.
    pub fn precision(&self) -> Option<u32> {
        let decided = self.confirmed + self.rejected;
        (decided > 0).then(|| (self.confirmed * 100 / decided) as u32)
    }
}

/// Messages per category (most first), and each rule's tally by rule index.
pub type Counts = (Vec<(String, usize)>, HashMap<usize, Tally>);

/// Counts per category and per rule (by index) over `facts`, with each rule's tally of decisions.
pub fn tallies<'a>(facts: impl IntoIterator<Item = &'a Facts>, decisions: &HashMap<String, Decision>) -> Counts {
    let mut categories: Vec<(String, usize)> = Vec::new();
    let mut rules: HashMap<usize, Tally> = HashMap::new();
    for facts in facts {
        if let Some(category) = &facts.category {
            match categories.iter_mut().find(|(c, _)| c == category) {
                Some((_, n)) => *n += 1,
                None => categories.push((category.clone(), 1)),
            }
        }
        let state = decisions.get(&facts.key).copied().unwrap_or_default().state();
        for &rule in &facts.rules {
            let tally = rules.entry(rule).or_default();
            tally.messages += 1;
            match state {
                State::Confirmed => tally.confirmed += 1,
                State::Rejected => tally.rejected += 1,
                State::Open | State::Skipped => {}
            }
        }
    }
    categories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (categories, rules)
}

/// The rules' indexes of a scan's hits and of its links' hits, most severe first, each once.
pub fn rule_indexes<'a>(hits: impl IntoIterator<Item = &'a tapis_engine::RuleHit>) -> Vec<usize> {
    let mut hits: Vec<&tapis_engine::RuleHit> = hits.into_iter().collect();
    hits.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(&b.rule)));
    let mut rules: Vec<usize> = Vec::with_capacity(hits.len());
    for hit in hits {
        if !rules.contains(&hit.rule) {
            rules.push(hit.rule);
        }
    }
    rules
}
