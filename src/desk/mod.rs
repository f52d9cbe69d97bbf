//! The triage desk as plain data: each message's decision, the journal of every decision (undo and redo), and
//! what the last action could not do. Its methods are the desk's rules (confirm, reject, skip, reopen, on one
//! message or many, undo and redo), and each returns what happened: the flags to queue in the outbox, the flags to
//! take back out of it, and the message to select.
//!
//! No DOM, no signals and no outbox here: the flags are made by the caller (`make` below: it knows the rules, the
//! message and where the flag points) and the caller says which flags have left (`sent`). `ui/triage.rs` holds a
//! [`Desk`] in one signal and applies the [`Outcome`] to the outbox and the host page.
//!
//! `decision` holds the decision types and the journal, `queue` the queue's order, filter and counts.

pub mod decision;
pub mod queue;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use tapis_wire::NewFlag;

use crate::message_key::MessageKey;
use uuid::Uuid;

pub use decision::{Annotation, Change, Decision, Item, Journal, Reason, State};
pub use queue::{
    ChatName, Facets, Facts, Filter, LinkFilter, Matches, QueueCounts, Tally, rule_indexes, sort, tallies,
};

/// Something the last action could not do, or did in bulk, for the analyst.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Flags already sent (or being sent) stay confirmed: undo cannot take them back.
    AlreadySent(usize),
    /// Messages that could not be confirmed: their chat is not known (pasted text without a source chat).
    NoTarget(usize),
    /// A bulk action changed this many messages (`u` undoes it).
    Bulk(State, usize),
    /// The reviewer returned this many flags: their messages are to decide again.
    Returned(usize),
}

/// What the caller could make of a message to confirm: its flag, nothing for want of a target, or nothing because
/// the message is no longer on the page.
#[derive(Clone, Debug)]
pub enum Made {
    /// The flag, with its id (boxed: a flag is big, the other answers are nothing).
    Flag(Box<NewFlag>),
    /// The message's chat is not known: it cannot be flagged.
    NoTarget,
    /// The message is not on the page (its import was closed).
    Gone,
}

/// What an action did, for the caller to carry out.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Flags to put in the outbox, with their message's key (in the order of the keys given).
    pub queue: Vec<(NewFlag, MessageKey)>,
    /// Flags to take out of the outbox (confirmations undone before they were sent).
    pub withdraw: Vec<Uuid>,
    /// The first message changed (undo and redo select it).
    pub first: Option<MessageKey>,
    /// The change to make to the watchlist (encoded): a campaign's learning taken back by undo, or learned again by
    /// redo.
    pub watch: Option<String>,
}

/// The desk: each message's decision (by key), the journal, and the notice of the last action.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Desk {
    decisions: HashMap<MessageKey, Decision>,
    journal: Journal,
    notice: Option<Notice>,
    /// Why the reviewer returned each flag, by the flag's id, as the server said.
    return_reasons: HashMap<Uuid, String>,
}

impl Desk {
    /// The desk as saved: its decisions and journal.
    pub fn new(decisions: HashMap<MessageKey, Decision>, journal: Journal) -> Desk {
        Desk { decisions, journal, notice: None, return_reasons: HashMap::new() }
    }

    /// Each message's decision, by key (a message not in it is open).
    pub fn decisions(&self) -> &HashMap<MessageKey, Decision> {
        &self.decisions
    }

    /// The journal.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// What the last action could not do (or did in bulk), if anything.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Forgets the last action's notice (the analyst moved on to another message). Returns whether there was one.
    pub fn dismiss_notice(&mut self) -> bool {
        self.notice.take().is_some()
    }

    /// The decision on `key`.
    pub fn decision(&self, key: &MessageKey) -> Decision {
        self.decisions.get(key).copied().unwrap_or_default()
    }

    /// Those of `keys` still to decide (open or skipped), in order.
    pub fn open<'a>(&self, keys: impl IntoIterator<Item = &'a MessageKey>) -> Vec<MessageKey> {
        keys.into_iter().filter(|k| self.decision(k).is_open()).cloned().collect()
    }

    /// Confirms the messages of `keys` that are not confirmed yet (for a bulk action, only the open and skipped
    /// ones), with what the analyst said of them (`annotation`), at `at`. `make` makes each one's flag.
    pub fn confirm(
        &mut self,
        keys: &[MessageKey],
        annotation: Annotation,
        bulk: bool,
        at: DateTime<Utc>,
        mut make: impl FnMut(&MessageKey, &Annotation) -> Made,
    ) -> Outcome {
        let (mut items, mut queue, mut no_target) = (Vec::new(), Vec::new(), 0);
        for key in keys {
            let before = self.decision(key);
            if !(before.is_open() || (before == Decision::Rejected && !bulk)) {
                continue;
            }
            let refiles = match before {
                Decision::Returned(flag) => Some(flag),
                _ => None,
            };
            match make(key, &Annotation { refiles, ..annotation.clone() }) {
                Made::Flag(flag) => {
                    items.push(Item { key: *key, before, after: Decision::Confirmed(flag.id) });
                    queue.push((*flag, *key));
                }
                Made::NoTarget => no_target += 1,
                Made::Gone => {}
            }
        }
        let changed = items.len();
        let Annotation { category, severity, action, note, .. } = annotation;
        let first = self.record(Change {
            at,
            action: State::Confirmed,
            items,
            category,
            severity,
            requested_action: action,
            note,
            ..Change::none(at)
        });
        self.notice = if no_target > 0 {
            Some(Notice::NoTarget(no_target))
        } else {
            (bulk && changed > 0).then_some(Notice::Bulk(State::Confirmed, changed))
        };
        Outcome { queue, first, ..Outcome::default() }
    }

    /// Rejects the open and skipped messages of `keys` as false positives, at `at`. A confirmed message is
    /// rejected by undoing it first (its flag may be on its way).
    pub fn reject(
        &mut self,
        keys: &[MessageKey],
        reason: Reason,
        note: Option<String>,
        bulk: bool,
        at: DateTime<Utc>,
    ) -> Outcome {
        let items = self.items(keys, Decision::Rejected, Decision::is_open);
        let changed = items.len();
        let first =
            self.record(Change { at, action: State::Rejected, items, note, reason: Some(reason), ..Change::none(at) });
        self.notice = (bulk && changed > 0).then_some(Notice::Bulk(State::Rejected, changed));
        Outcome { first, ..Outcome::default() }
    }

    /// Skips `key` for now, if it is open.
    pub fn skip(&mut self, key: &MessageKey, at: DateTime<Utc>) -> Outcome {
        let items = self.items(&[key.to_owned()], Decision::Skipped, |b| b == Decision::Open);
        let first = self.record(Change { action: State::Skipped, items, ..Change::none(at) });
        Outcome { first, ..Outcome::default() }
    }

    /// Reopens `key`, if it was rejected or skipped.
    pub fn reopen(&mut self, key: &MessageKey, at: DateTime<Utc>) -> Outcome {
        let items =
            self.items(&[key.to_owned()], Decision::Open, |b| matches!(b, Decision::Rejected | Decision::Skipped));
        let first = self.record(Change { action: State::Open, items, ..Change::none(at) });
        Outcome { first, ..Outcome::default() }
    }

    /// Keeps with the last decision, a confirmation, what it taught the watchlist (for undo and redo).
    pub fn learned(&mut self, learned: crate::watchlist::Learned) {
        if let Some(change) = self.journal.last_done_mut().filter(|c| c.action == State::Confirmed) {
            change.learned = Some(learned);
        }
    }

    /// Takes back the last decision. A confirmation's flag is withdrawn from the outbox unless `sent` says it has
    /// left (sent, being sent, or no longer there): that message stays confirmed, and the notice says how many.
    pub fn undo(&mut self, sent: impl Fn(Uuid) -> bool) -> Outcome {
        let Some(change) = self.journal.undo() else { return Outcome::default() };
        let (mut kept, mut withdraw) = (0, Vec::new());
        for item in &change.items {
            if let Decision::Confirmed(id) = item.after {
                if sent(id) {
                    kept += 1;
                    continue;
                }
                withdraw.push(id);
            }
            self.decisions.insert(item.key, item.before);
        }
        self.notice = (kept > 0).then_some(Notice::AlreadySent(kept));
        let watch = change.learned.as_ref().and_then(|l| l.undo()).map(str::to_owned);
        Outcome { queue: Vec::new(), withdraw, first: change.items.first().map(|i| i.key), watch }
    }

    /// Makes the last undone decision again: a confirmation gets new flags from `make`. A message `make` cannot
    /// flag again (gone from the page) stays as it is.
    pub fn redo(&mut self, mut make: impl FnMut(&MessageKey, &Annotation) -> Made) -> Outcome {
        let mut queue: Vec<(NewFlag, MessageKey)> = Vec::new();
        let mut gone: HashSet<MessageKey> = HashSet::new();
        let Some(change) = self.journal.redo(|change| {
            let annotation = change.annotation();
            for item in change.items.iter_mut().filter(|i| matches!(i.after, Decision::Confirmed(_))) {
                let refiles = match item.before {
                    Decision::Returned(flag) => Some(flag),
                    _ => None,
                };
                match make(&item.key, &Annotation { refiles, ..annotation.clone() }) {
                    Made::Flag(flag) => {
                        item.after = Decision::Confirmed(flag.id);
                        queue.push((*flag, item.key));
                    }
                    Made::NoTarget | Made::Gone => {
                        gone.insert(item.key);
                    }
                }
            }
        }) else {
            return Outcome::default();
        };
        for item in change.items.iter().filter(|i| !gone.contains(&i.key)) {
            self.decisions.insert(item.key, item.after);
        }
        self.notice = None;
        let watch = change.learned.as_ref().and_then(|l| l.redo()).map(str::to_owned);
        Outcome { queue, withdraw: Vec::new(), first: change.items.first().map(|i| i.key), watch }
    }

    /// What the server says the reviewer returned: each flag's id, and why. A message confirmed with one of them is
    /// returned, to decide again; the notice says how many came back now. Returns the messages returned now.
    pub fn returned(&mut self, flags: impl IntoIterator<Item = (Uuid, Option<String>)>) -> Vec<MessageKey> {
        let mut ids = HashSet::new();
        for (id, reason) in flags {
            ids.insert(id);
            if let Some(reason) = reason {
                self.return_reasons.insert(id, reason);
            }
        }
        let mut now: Vec<MessageKey> = Vec::new();
        for (key, decision) in &mut self.decisions {
            if let Decision::Confirmed(id) = *decision
                && ids.contains(&id)
            {
                *decision = Decision::Returned(id);
                now.push(*key);
            }
        }
        now.sort();
        if !now.is_empty() {
            self.notice = Some(Notice::Returned(now.len()));
        }
        now
    }

    /// Why the reviewer returned flag `id`, if the server said.
    pub fn return_reason(&self, id: Uuid) -> Option<&str> {
        self.return_reasons.get(&id).map(String::as_str)
    }

    /// Forgets every decision and the journal (the session is cleared).
    pub fn clear(&mut self) {
        *self = Desk::default();
    }

    fn items(&self, keys: &[MessageKey], after: Decision, eligible: impl Fn(Decision) -> bool) -> Vec<Item> {
        keys.iter()
            .filter_map(|key| {
                let before = self.decision(key);
                eligible(before).then_some(Item { key: *key, before, after })
            })
            .collect()
    }

    /// Applies `change` and journals it, unless it changed nothing. Returns the first message it changed.
    fn record(&mut self, change: Change) -> Option<MessageKey> {
        let first = change.items.first()?.key;
        for item in &change.items {
            self.decisions.insert(item.key, item.after);
        }
        self.journal.record(change);
        Some(first)
    }
}

#[cfg(test)]
mod tests;
