//! The triage desk: every message on the page (pasted and imported) in one queue, the filter over it, the selection,
//! the marked messages, and every decision: confirm, reject, skip, reopen, undo and redo, on one message or many.
//! The queue, the inspector, the cards and the keyboard all act through [`Triage`], so each decision is recorded
//! once, with its time, in the journal. The decisions' rules are the plain [`Desk`]'s (`src/desk/`), held here in
//! one signal; [`Triage`] makes the flags it asks for and carries out what it returns (the outbox, the host page).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::*;
use tapis_engine::RuleSet;
use tapis_wire::{MessageTarget, NewFlag, Source, SourceKind};
use uuid::Uuid;

use super::keyboard::DeskView;
use super::{AppConfig, ChatUsernames, DeskState, Host, Imports, Loaded, Selected};
use crate::desk::{Annotation, ChatName, Decision, Desk, Facts, Filter, Made, Outcome, Reason, rule_indexes};
use crate::host::HostEvent;
use crate::import::{Usernames, hidden_links};
use crate::message_key::MessageKey;
use crate::outbox::Delivery;
use crate::outbox::sender::OutboxStore;
use crate::workspace::{ScannedMessage, imported_target, source_kind};

/// One message of the queue: what sorts and filters it, and where it is.
#[derive(Clone)]
pub struct Row {
    /// Key, severity, score, rules, category, chat, order.
    pub facts: Facts,
    /// Where the message is.
    pub origin: Origin,
}

/// Where a message of the queue is.
#[derive(Clone)]
pub enum Origin {
    /// In the paste, scanned.
    Pasted(Arc<ScannedMessage>),
    /// Message `index` of an import.
    Imported(Arc<Loaded>, usize),
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.facts == other.facts
            && match (&self.origin, &other.origin) {
                (Origin::Pasted(a), Origin::Pasted(b)) => Arc::ptr_eq(a, b),
                (Origin::Imported(a, i), Origin::Imported(b, j)) => Arc::ptr_eq(a, b) && i == j,
                _ => false,
            }
    }
}

impl AsRef<Facts> for Row {
    fn as_ref(&self) -> &Facts {
        &self.facts
    }
}

impl Row {
    /// The message's text.
    pub fn text(&self) -> &str {
        match &self.origin {
            Origin::Pasted(message) => &message.text,
            Origin::Imported(loaded, index) => &loaded.messages[*index].message.text,
        }
    }

    /// The message scanned, with its spans (an imported one is scanned again: the worker kept only its rank).
    pub fn scanned(&self, rules: &RuleSet) -> ScannedMessage {
        match &self.origin {
            Origin::Pasted(message) => (**message).clone(),
            Origin::Imported(loaded, index) => {
                let message = &loaded.messages[*index].message;
                let links: Vec<&str> = hidden_links(message).collect();
                let mut scanned = ScannedMessage::new(rules, message.key.into(), message.text.clone(), &links);
                scanned.found_links = loaded.messages[*index].links.clone();
                scanned.campaigns = loaded.campaigns_of(*index);
                scanned.images = loaded.messages[*index].images.clone();
                scanned
            }
        }
    }

    /// The links, handles and numbers the worker (or, for pasted text, its module on the page) found in it.
    pub fn links(&self) -> &[tapis_wire::EvidenceLink] {
        match &self.origin {
            Origin::Pasted(message) => &message.found_links,
            Origin::Imported(loaded, index) => &loaded.messages[*index].links,
        }
    }

    /// Where its flag would point: `pasted` is the paste's target, `usernames` those typed for imported chats.
    pub fn target(&self, pasted: Option<MessageTarget>, usernames: &Usernames) -> Option<MessageTarget> {
        match &self.origin {
            Origin::Pasted(_) => pasted,
            Origin::Imported(loaded, index) => {
                let message = &loaded.messages[*index].message;
                Some(imported_target(&loaded.chat(message.chat, usernames)?, message))
            }
        }
    }

    /// Where it was read.
    pub fn source(&self) -> Source {
        match &self.origin {
            Origin::Pasted(_) => Source { kind: SourceKind::FreeText, file_sha256: None },
            Origin::Imported(loaded, _) => Source {
                kind: source_kind(loaded.summary.format),
                file_sha256: Some(loaded.summary.file_sha256.clone()),
            },
        }
    }
}

/// Builds the queue's rows: the pasted messages, then every import's, sorted (candidates first, most severe,
/// highest score, then input order). An import read with other rules than `choice` (being read again since the
/// analyst changed the packs) is left out until it is read again: its rank and rules would be the old rules'.
pub fn rows(
    rules: &RuleSet,
    choice: &crate::packs::PackChoice,
    pasted: &[ScannedMessage],
    imports: &[Arc<Loaded>],
) -> Vec<Row> {
    let category = |rules_hit: &[usize]| rules_hit.first().map(|&r| rules.rule(r).rule.category.clone());
    let mut rows: Vec<Row> = Vec::with_capacity(pasted.len() + imports.iter().map(|l| l.messages.len()).sum::<usize>());
    for (i, message) in pasted.iter().enumerate() {
        let hits = rule_indexes(message.scan.rules.iter().chain(message.links.iter().flat_map(|(_, s)| &s.rules)));
        rows.push(Row {
            facts: Facts {
                key: message.key,
                severity: message.severity(),
                score: message.score(),
                category: category(&hits),
                rules: hits,
                chat: ChatName::Pasted,
                order: (0, i),
                links: crate::links::LinkFacts::of(&message.found_links),
            },
            origin: Origin::Pasted(Arc::new(message.clone())),
        });
    }
    for loaded in imports.iter().filter(|l| &l.request.choice == choice) {
        let chats: Vec<ChatName> =
            loaded.summary.chats.iter().map(|c| ChatName::Imported(crate::workspace::chat_label(c))).collect();
        for (i, found) in loaded.messages.iter().enumerate() {
            rows.push(Row {
                facts: Facts {
                    key: found.message.key.into(),
                    severity: found.severity,
                    score: found.score,
                    // A message the rules did not match but whose photo is on a hash list takes the list's category.
                    category: category(&found.rules)
                        .or_else(|| found.images.iter().flat_map(|i| &i.matches).find_map(|m| m.category.clone())),
                    rules: found.rules.clone(),
                    chat: chats.get(found.message.chat).cloned().unwrap_or(ChatName::Imported(String::new())),
                    order: (loaded.id + 1, i),
                    links: crate::links::LinkFacts::of(&found.links),
                },
                origin: Origin::Imported(loaded.clone(), i),
            });
        }
    }
    crate::desk::sort(&mut rows);
    rows
}

/// What the analyst has filled in for the selected message (or, in the bulk bar, for the marked ones): the category,
/// severity and action to confirm with, a note, and the reason to reject with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// The category, when changed from the rules' one.
    pub category: Option<String>,
    /// The severity, when changed from the rules' one.
    pub severity: Option<tapis_engine::Severity>,
    /// The action asked of the platform, when changed from the one the severity suggests.
    pub action: Option<tapis_wire::RequestedAction>,
    /// A note for the flag (or the rejection).
    pub note: String,
    /// Why it would be rejected.
    pub reason: Reason,
}

impl Draft {
    /// What a confirmation with this draft says of its flags.
    pub fn annotation(&self) -> Annotation {
        Annotation {
            category: self.category.clone(),
            severity: self.severity,
            action: self.action,
            note: self.note(),
            refiles: None,
        }
    }

    /// The note, unless blank.
    pub fn note(&self) -> Option<String> {
        Some(self.note.trim().to_owned()).filter(|n| !n.is_empty())
    }
}

/// The desk: shared by the queue, the inspector, the cards and the keys.
#[derive(Clone, Copy)]
pub struct Triage {
    /// Every message, in the queue's order.
    pub rows: Memo<Arc<Vec<Row>>>,
    /// Row index by key.
    index: Memo<Arc<HashMap<MessageKey, usize>>>,
    /// The filter in force.
    pub filter: RwSignal<Filter>,
    /// The rows the filter lets through (indexes into `rows`), in order.
    pub shown: Memo<Arc<Vec<usize>>>,
    /// The selected message.
    pub selected: RwSignal<Option<MessageKey>>,
    /// The messages marked for a bulk action.
    pub marked: RwSignal<HashSet<MessageKey>>,
    /// The inspector's fields for the selected message.
    pub draft: RwSignal<Draft>,
    /// Each message's decision, the journal and the last action's notice.
    pub desk: RwSignal<Desk>,
    store: OutboxStore,
    rules: StoredValue<Arc<RuleSet>>,
    pasted_target: Signal<Option<MessageTarget>>,
    usernames: RwSignal<Usernames>,
    host: StoredValue<Host>,
    /// How long a confirmation is held before its flag may leave (milliseconds).
    hold_ms: f64,
    /// The clock held confirmations count down against, each second.
    pub now_ms: RwSignal<f64>,
    /// Changes undo and redo make to the watchlist (encoded), for the campaign view to apply.
    pub watch_steps: RwSignal<Vec<String>>,
}

impl Triage {
    /// The desk over the pasted messages (flagged at `pasted_target`) and the imports read with `choice`, deciding
    /// into the [`DeskState`]. The imports, the desk, the selection, the outbox and the host page are the app's
    /// (from context).
    pub fn new(
        rules: Arc<RuleSet>,
        choice: crate::packs::PackChoice,
        pasted: Memo<Vec<ScannedMessage>>,
        pasted_target: Signal<Option<MessageTarget>>,
    ) -> Triage {
        let imports = expect_context::<Imports>();
        let usernames = expect_context::<ChatUsernames>().0;
        let hold_ms = f64::from(expect_context::<AppConfig>().0.hold_seconds) * 1000.0;
        let now_ms = RwSignal::new(js_sys::Date::now());
        if let Ok(tick) = set_interval_with_handle(move || now_ms.set(js_sys::Date::now()), Duration::from_millis(500))
        {
            on_cleanup(move || tick.clear());
        }
        let desk = expect_context::<DeskState>();
        let selected = expect_context::<Selected>();
        let store = expect_context::<OutboxStore>();
        let host = expect_context::<Host>();
        let rows = {
            let rules = rules.clone();
            Memo::new(move |_| Arc::new(pasted.with(|p| imports.0.with(|i| rows(&rules, &choice, p, i)))))
        };
        let index = Memo::new(move |_| {
            rows.with(|rows| Arc::new(rows.iter().enumerate().map(|(i, r)| (r.facts.key, i)).collect()))
        });
        let view = expect_context::<DeskView>();
        let filter = view.filter;
        let shown = Memo::new(move |_| {
            filter.with(|filter| {
                let needle = filter.needle();
                rows.with(|rows| {
                    desk.0.with(|desk| {
                        Arc::new(
                            rows.iter()
                                .enumerate()
                                .filter(|(_, row)| {
                                    let decision = desk.decision(&row.facts.key);
                                    filter.passes(&row.facts, decision, &needle, || row.text().to_owned())
                                })
                                .map(|(i, _)| i)
                                .collect(),
                        )
                    })
                })
            })
        });
        let draft = RwSignal::new(Draft::default());
        // A new selection starts with a fresh draft.
        Effect::new(move |previous: Option<Option<MessageKey>>| {
            let now = selected.0.get();
            if previous.is_some_and(|p| p != now) {
                draft.set(Draft::default());
            }
            now
        });
        Triage {
            rows,
            index,
            filter,
            shown,
            selected: selected.0,
            marked: view.marked,
            draft,
            desk: desk.0,
            store,
            rules: StoredValue::new(rules),
            pasted_target,
            usernames,
            host: StoredValue::new(host),
            hold_ms,
            now_ms,
            watch_steps: RwSignal::new(Vec::new()),
        }
    }

    /// The row of `key`, if it is on the page (untracked).
    pub fn row(&self, key: &MessageKey) -> Option<Row> {
        let i = self.index.with_untracked(|index| index.get(key).copied())?;
        self.rows.with_untracked(|rows| rows.get(i).cloned())
    }

    /// The row of `key`, tracked.
    pub fn row_tracked(&self, key: &MessageKey) -> Option<Row> {
        let i = self.index.with(|index| index.get(key).copied())?;
        self.rows.with(|rows| rows.get(i).cloned())
    }

    /// The decision on `key` (tracked).
    pub fn decision(&self, key: &MessageKey) -> Decision {
        self.desk.with(|d| d.decision(key))
    }

    /// Where flag `key` would point, if known (tracked).
    pub fn target_of(&self, row: &Row) -> Option<MessageTarget> {
        self.usernames.with(|usernames| row.target(self.pasted_target.get(), usernames))
    }

    /// Selects the next (`step` 1) or previous (-1) message of the queue after the selected one; the first when
    /// none is selected. Returns the key selected.
    pub fn step(&self, step: isize) -> Option<MessageKey> {
        let shown = self.shown.get_untracked();
        if shown.is_empty() {
            return None;
        }
        let current = self.selected.get_untracked().and_then(|key| {
            let i = self.index.with_untracked(|index| index.get(&key).copied())?;
            shown.iter().position(|&s| s == i)
        });
        let position = match current {
            None => 0,
            Some(p) => (p as isize + step).clamp(0, shown.len() as isize - 1) as usize,
        };
        let key = self.rows.with_untracked(|rows| rows[shown[position]].facts.key);
        self.select(key);
        Some(key)
    }

    /// Selects `key`, as the analyst does by moving or clicking: a notice about the last action goes (it was about
    /// other messages).
    pub fn select(&self, key: MessageKey) {
        if self.selected.get_untracked() == Some(key) {
            return;
        }
        if self.desk.with_untracked(|d| d.notice().is_some()) {
            self.desk.update(|d| {
                d.dismiss_notice();
            });
        }
        self.selected.set(Some(key));
    }

    /// The first message shown, if any (untracked).
    pub fn first_shown(&self) -> Option<MessageKey> {
        let first = self.shown.with_untracked(|shown| shown.first().copied())?;
        self.rows.with_untracked(|rows| rows.get(first).map(|r| r.facts.key))
    }

    /// The next message shown after the selected one (or from the first) that is still to decide (untracked).
    pub fn next_open(&self) -> Option<MessageKey> {
        let shown = self.shown.get_untracked();
        let start = self
            .selected
            .get_untracked()
            .and_then(|key| self.index.with_untracked(|index| index.get(&key).copied()))
            .and_then(|i| shown.iter().position(|&s| s == i))
            .map_or(0, |p| p + 1);
        self.rows.with_untracked(|rows| {
            self.desk.with_untracked(|desk| {
                shown[start.min(shown.len())..]
                    .iter()
                    .map(|&i| rows[i].facts.key)
                    .find(|key| desk.decision(key).is_open())
            })
        })
    }

    /// Where a message opens in Telegram, when its chat has links (untracked).
    pub fn link_of(&self, row: &Row) -> Option<String> {
        let target = self.usernames.with_untracked(|u| row.target(self.pasted_target.get_untracked(), u))?;
        target.link
    }

    /// The position of `key` among the messages shown.
    pub fn position(&self, key: &MessageKey) -> Option<usize> {
        let i = self.index.with_untracked(|index| index.get(key).copied())?;
        self.shown.with_untracked(|shown| shown.iter().position(|&s| s == i))
    }

    /// Confirms the messages of `keys` that are not confirmed yet (for a bulk action, only the open and skipped
    /// ones), with what the analyst said of them. Each gets its flag in the outbox.
    pub fn confirm(&self, keys: &[MessageKey], annotation: Annotation, bulk: bool) {
        self.confirmed(keys, annotation, bulk);
    }

    /// [`Triage::confirm`], giving the first new flag's category, if any was made.
    pub fn confirmed(&self, keys: &[MessageKey], annotation: Annotation, bulk: bool) -> Option<String> {
        let outcome = self.desk.try_update(|desk| desk.confirm(keys, annotation, bulk, Utc::now(), self.make()))?;
        let category = outcome.queue.first().map(|(flag, _)| flag.classification.category.clone());
        self.host.with_value(|host| {
            for (flag, _) in &outcome.queue {
                host.0.notify(HostEvent::FlagConfirmed {
                    id: flag.id.to_string(),
                    category: flag.classification.category.clone(),
                });
            }
        });
        self.carry_out(outcome);
        category
    }

    /// Rejects the messages of `keys` as false positives (for a bulk action, only the open and skipped ones).
    pub fn reject(&self, keys: &[MessageKey], reason: Reason, note: Option<String>, bulk: bool) {
        self.desk.update(|desk| _ = desk.reject(keys, reason, note, bulk, Utc::now()));
    }

    /// Skips `key` for now.
    pub fn skip(&self, key: &MessageKey) {
        self.desk.update(|desk| _ = desk.skip(key, Utc::now()));
    }

    /// Reopens a rejected or skipped message.
    pub fn reopen(&self, key: &MessageKey) {
        self.desk.update(|desk| _ = desk.reopen(key, Utc::now()));
    }

    /// Takes back the last decision: a confirmed message's flag leaves the outbox if it was not sent yet. Returns
    /// the first message it changed, to select it.
    pub fn undo(&self) -> Option<MessageKey> {
        let sent = |id: Uuid| {
            self.store.outbox.with_untracked(|o| {
                o.get(id).is_none_or(|e| matches!(e.state, Delivery::Sending | Delivery::Delivered { .. }))
            })
        };
        // Nothing to undo: the desk is not touched (everything that reads it would run again).
        self.desk.with_untracked(|d| d.journal().last_done().is_some()).then_some(())?;
        let outcome = self.desk.try_update(|desk| desk.undo(sent))?;
        self.carry_out(outcome)
    }

    /// Makes the last undone decision again (a confirmation with new flags). Returns the first message it changed.
    pub fn redo(&self) -> Option<MessageKey> {
        self.desk.with_untracked(|d| d.journal().next_undone().is_some()).then_some(())?;
        let outcome = self.desk.try_update(|desk| desk.redo(self.make()))?;
        self.carry_out(outcome)
    }

    /// The open and skipped messages among those shown (for "all shown" bulk actions).
    pub fn open_shown(&self) -> Vec<MessageKey> {
        let shown = self.shown.get_untracked();
        self.open_keys(shown.iter().copied())
    }

    /// The open and skipped candidates that rule `rule` matched.
    pub fn open_of_rule(&self, rule: usize) -> Vec<MessageKey> {
        let matched: Vec<usize> = self.rows.with_untracked(|rows| {
            rows.iter().enumerate().filter(|(_, r)| r.facts.rules.contains(&rule)).map(|(i, _)| i).collect()
        });
        self.open_keys(matched.into_iter())
    }

    /// The keys of the rows `indexes` whose decision is still open (untracked).
    fn open_keys(&self, indexes: impl Iterator<Item = usize>) -> Vec<MessageKey> {
        self.rows.with_untracked(|rows| self.desk.with_untracked(|d| d.open(indexes.map(|i| &rows[i].facts.key))))
    }

    /// Makes the flag of a message to confirm, from its row (untracked).
    fn make(&self) -> impl FnMut(&MessageKey, &Annotation) -> Made + '_ {
        move |key, annotation| match self.row(key) {
            None => Made::Gone,
            Some(row) => self.flag(&row, annotation).map_or(Made::NoTarget, |f| Made::Flag(Box::new(f))),
        }
    }

    /// Puts the outcome's flags in the outbox and takes its withdrawn ones out. Returns the first message changed.
    fn carry_out(&self, outcome: Outcome) -> Option<MessageKey> {
        if let Some(change) = outcome.watch {
            self.watch_steps.update(|steps| steps.push(change));
        }
        if !outcome.queue.is_empty() || !outcome.withdraw.is_empty() {
            self.store.change(|o| {
                outcome.withdraw.iter().for_each(|id| o.discard(*id));
                let due = js_sys::Date::now() + self.hold_ms;
                outcome.queue.into_iter().for_each(|(flag, key)| o.enqueue(flag, key.to_string(), due));
            });
        }
        outcome.first
    }

    fn flag(&self, row: &Row, annotation: &Annotation) -> Option<NewFlag> {
        let target =
            self.usernames.with_untracked(|usernames| row.target(self.pasted_target.get_untracked(), usernames))?;
        let rules = self.rules.get_value();
        let message = row.scanned(&rules);
        let mut flag = crate::workspace::flag_for(&message, &rules, target, row.source(), Uuid::now_v7(), Utc::now());
        crate::workspace::annotate(&mut flag, annotation);
        Some(flag)
    }
}
