//! One message (pasted or imported): where it comes from, its highlighted text, what matched, and the analyst's
//! decision.

use leptos::prelude::*;
use tapis_engine::{Disguise, Folds, RuleSet, Scan};
use tapis_wire::MessageTarget;

use super::{Decision, FoundLinks, HighlightedText, Lang, Rules, Token, Triage, triage::Row};
use crate::message_key::MessageKey;
use crate::outbox::Delivery;
use crate::outbox::sender::OutboxStore;
use crate::workspace::ScannedMessage;

/// A message with Confirm and Reject when the rules found something in it; once decided, what was decided and
/// where its flag is. Confirming needs to know where the message is: pasted text waits for its source chat.
#[component]
pub fn MessageCard(row: Row) -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    let triage = expect_context::<Triage>();
    let store = expect_context::<OutboxStore>();
    let message = row.scanned(&rules);
    let target = {
        let row = row.clone();
        Signal::derive(move || triage.target_of(&row))
    };
    let has_target = Memo::new(move |_| target.with(Option::is_some));

    let key = message.key;
    let selected = triage.selected;
    let is_selected = Memo::new(move |_| selected.with(|s| *s == Some(key)));
    let decision = Memo::new(move |_| triage.decision(&key));
    // The flag's delivery, while the outbox holds it.
    let delivery = Memo::new(move |_| match decision.get() {
        Decision::Confirmed(id) => store.outbox.with(|o| o.get(id).map(|e| (e.state.clone(), e.attempts))),
        _ => None,
    });
    let state_name = move || match decision.get() {
        Decision::Open => "open",
        Decision::Skipped => "skipped",
        Decision::Rejected => "false-positive",
        Decision::Confirmed(_) => delivery.with(|d| d.as_ref().map_or("discarded", |(state, _)| state.name())),
        Decision::Returned(_) => "returned",
    };

    let has_matches = message.has_matches();
    let severity = message.severity().map(|s| s.as_str()).unwrap_or("none");
    let actions = Actions { key, decision, delivery, is_selected, has_target };

    view! {
        <article
            class="message"
            class:candidate=has_matches
            class:selected=move || is_selected.get()
            tabindex="-1"
            aria-current=move || is_selected.get().then_some("true")
            data-testid="message"
            data-key=key.to_string()
            on:click=move |_| triage.select(key)
            on:focusin=move |_| triage.select(key)
            data-severity=severity
            data-state=state_name
        >
            {card_head(key, target)}
            {card_text(&message)}
            <super::Photo row=row.clone() full=false />
            {hidden_links(&message.links)}
            {found_links(key)}
            {has_matches.then(|| card_footer(&message, &rules, actions))}
        </article>
    }
}

/// The head: the box that marks the message for a bulk action, and where it comes from.
fn card_head(key: MessageKey, target: Signal<Option<MessageTarget>>) -> impl IntoView {
    let triage = expect_context::<Triage>();
    let lang = expect_context::<Lang>();
    let is_marked = Memo::new(move |_| triage.marked.with(|m| m.contains(&key)));
    view! {
        <header class="message-head">
            <label class="mark-box">
                <input
                    type="checkbox"
                    data-testid="mark"
                    aria-label=move || lang.texts().mark
                    prop:checked=move || is_marked.get()
                    on:change={
                        move |ev| {
                            let on = event_target_checked(&ev);
                            triage.marked.update(|m| {
                                if on { m.insert(key); } else { m.remove(&key); }
                            });
                        }
                    }
                />
            </label>
            {move || target.with(|t| message_meta(t.as_ref()?, lang))}
        </header>
    }
}

/// Who sent an imported message, when, and its link in Telegram; nothing when none of them is known.
fn message_meta(t: &MessageTarget, lang: Lang) -> Option<impl IntoView + use<>> {
    if t.sender.is_none() && t.date.is_none() && t.link.is_none() {
        return None;
    }
    let sender = t.sender.as_ref().and_then(|s| s.name.clone().or_else(|| s.id.clone()));
    let date = t.date.map(|d| {
        let shown = crate::workspace::stamp(&d, false);
        if t.date_is_local { format!("{shown} ({})", lang.texts().local_time) } else { format!("{shown} UTC") }
    });
    let link = t.link.clone();
    Some(view! {
        <p class="message-meta" data-testid="message-meta">
            {sender.map(|s| view! { <span class="sender" data-testid="sender">{s}</span> })}
            {date.map(|d| view! { <time data-testid="date">{d}</time> })}
            {link.map(|href| {
                let shown = href.clone();
                view! { <a class="tg-link" data-testid="link" href=href target="_blank" rel="noopener noreferrer">{shown}</a> }
            })}
        </p>
    })
}

/// The text with its matches marked, drawn again when its links arrive or change (tracked, as [`found_links`]).
fn card_text(message: &ScannedMessage) -> impl IntoView + use<> {
    let triage = expect_context::<Triage>();
    let key = message.key;
    let (text, matches, normalized) =
        (message.text.clone(), message.scan.matches.clone(), message.scan.normalized.clone());
    view! {
        <p class="message-text" dir="auto">
            {move || {
                let links = triage.row_tracked(&key).map(|r| {
                    r.links().iter().map(|l| (l.start as usize, l.end as usize, super::links::status_code(l.status))).collect()
                });
                view! {
                    <HighlightedText
                        text=text.clone()
                        matches=matches.clone()
                        normalized=normalized.clone()
                        links=links.unwrap_or_default()
                    />
                }
            }}
        </p>
    }
}

/// The hidden targets of an imported message's links, each with what the rules found in it.
fn hidden_links(links: &[(String, Scan)]) -> Option<impl IntoView + use<>> {
    let lang = expect_context::<Lang>();
    (!links.is_empty()).then(|| {
        let links = links.to_vec();
        view! {
            <ul class="hidden-links" aria-label=move || lang.texts().hidden_links>
                {links
                    .into_iter()
                    .map(|(href, scan)| view! {
                        <li data-testid="hidden-link" dir="ltr">
                            <HighlightedText text=href matches=scan.matches normalized=scan.normalized />
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// The links, handles and numbers found, with their status. Tracked: a pasted message's links arrive after it is
/// shown, and a list loaded or removed changes them.
fn found_links(key: MessageKey) -> impl IntoView {
    let triage = expect_context::<Triage>();
    move || {
        let links = triage.row_tracked(&key).map(|r| r.links().to_vec()).unwrap_or_default();
        (!links.is_empty()).then(|| view! { <FoundLinks links /> })
    }
}

/// What matched (severity, category, rules, score, disguise, truncation) and the actions.
fn card_footer(message: &ScannedMessage, rules: &RuleSet, actions: Actions) -> impl IntoView + use<> {
    let lang = expect_context::<Lang>();
    let severity = message.severity().map(|s| s.as_str()).unwrap_or("none");
    let category = message.category(rules).unwrap_or_default().to_owned();
    let rule_ids: Vec<String> = message.scan.rules.iter().map(|hit| rules.rule(hit.rule).id.clone()).collect();
    let score = message.score();
    let truncated = message.scan.truncated.is_some();
    view! {
        <footer class="message-footer">
            <span class=format!("badge sev-{severity}") data-testid="severity">{move || (lang.texts().severity_name)(severity)}</span>
            <span class="category">{category}</span>
            <span class="rules">{rule_ids.join(", ")}</span>
            <span class="score" data-testid="score">{move || lang.texts().score} " " {score}</span>
            {disguise_notes(message.scan.disguise.disguises(), message.scan.message_disguise, lang)}
            {truncated.then(|| view! { <span class="truncated" role="note">{move || lang.texts().truncated}</span> })}
            <span class="actions" aria-live="polite">{card_actions(actions)}</span>
        </footer>
    }
}

/// How the text was disguised, and the message's disguise score; nothing when it was not.
fn disguise_notes(disguise: Folds, measure: Disguise, lang: Lang) -> Option<impl IntoView + use<>> {
    let disguise_codes = disguise.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ");
    (!disguise.is_empty()).then(|| {
        view! {
            <span class="disguise" data-testid="disguise" data-folds=disguise_codes.clone()>
                {move || {
                    let texts = lang.texts();
                    let names: Vec<&str> = disguise.iter().map(|f| (texts.fold)(f)).collect();
                    format!("{}: {}", texts.disguised, names.join(", "))
                }}
            </span>
            <span class="disguise-score" data-testid="disguise-score" data-score=measure.score>
                {move || (lang.texts().disguise_score)(measure.score, measure.styled, measure.spaced, measure.swapped, measure.letters)}
            </span>
        }
    })
}

/// What the actions read of the card.
#[derive(Clone, Copy)]
struct Actions {
    key: MessageKey,
    decision: Memo<Decision>,
    delivery: Memo<Option<(Delivery, u32)>>,
    is_selected: Memo<bool>,
    has_target: Memo<bool>,
}

/// Confirm and Reject while the message is undecided; once decided, what was decided, with Reopen or where its
/// flag is. Drawn again when the decision or the language changes.
fn card_actions(actions: Actions) -> impl IntoView {
    let triage = expect_context::<Triage>();
    let lang = expect_context::<Lang>();
    let store = expect_context::<OutboxStore>();
    let Actions { key, decision, .. } = actions;
    // Seconds the confirmation is still held, for `u` to take it back (read each second only while held).
    let held = Memo::new(move |_| match decision.get() {
        Decision::Confirmed(id) => {
            let held = store.outbox.with(|o| o.get(id).map(|e| e.held_for_ms(0.0).map(|_| e.next_attempt_ms)))?;
            // The tick wakes it; the clock itself says how long is left.
            triage.now_ms.track();
            let left = held? - js_sys::Date::now();
            (left > 0.0).then(|| (left / 1000.0).ceil() as u32)
        }
        _ => None,
    });
    move || {
        let texts = lang.texts();
        match decision.get() {
            Decision::Open | Decision::Skipped | Decision::Returned(_) => open_actions(actions).into_any(),
            Decision::Rejected => view! {
                <span class="outcome" data-testid="outcome">{texts.rejected}</span>
                <button class="undo" data-testid="undo" on:click=move |_| triage.reopen(&key)>{texts.reopen}</button>
            }
            .into_any(),
            Decision::Confirmed(id) => flag_outcome(id, actions.delivery, held).into_any(),
        }
    }
}

/// Confirm (or file again, once returned) and Reject, with why Confirm cannot be used yet and what was decided.
fn open_actions(actions: Actions) -> impl IntoView {
    let triage = expect_context::<Triage>();
    let texts = expect_context::<Lang>().texts();
    let Actions { key, decision, is_selected, has_target, .. } = actions;
    // The inspector's fields apply to the selected message only.
    let draft = move || if is_selected.get_untracked() { triage.draft.get_untracked() } else { Default::default() };
    let confirm = move |_| triage.confirm(&[key], draft().annotation(), false);
    let reject = move |_| {
        let draft = draft();
        triage.reject(&[key], draft.reason, draft.note(), false)
    };
    view! {
        {move || (!has_target.get()).then(|| view! { <small class="hint" data-testid="source-needed">{texts.source_needed}</small> })}
        {(decision.get_untracked() == Decision::Skipped).then(|| view! { <span class="outcome" data-testid="outcome">{texts.skipped}</span> })}
        {match decision.get_untracked() {
            Decision::Returned(id) => Some(view! {
                <span class="outcome error" data-testid="outcome" role="status">
                    {texts.returned_because} " "
                    {move || triage.desk.with(|d| d.return_reason(id).map(str::to_owned))}
                </span>
            }),
            _ => None,
        }}
        <button class="confirm" data-testid="confirm" disabled=move || !has_target.get() on:click=confirm>
            {if matches!(decision.get_untracked(), Decision::Returned(_)) { texts.refile } else { texts.confirm }}
        </button>
        <button class="reject" data-testid="reject" on:click=reject>{texts.reject}</button>
    }
}

/// Where a confirmed message's flag is (held, queued, sending, delivered, rejected or discarded), with Send now
/// while it waits or failed.
fn flag_outcome(id: uuid::Uuid, delivery: Memo<Option<(Delivery, u32)>>, held: Memo<Option<u32>>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let store = expect_context::<OutboxStore>();
    let outcome = move || {
        let texts = lang.texts();
        match delivery.get() {
            Some((Delivery::Queued { last_error }, attempts)) => {
                let mut line = match held.get() {
                    Some(seconds) => (texts.held)(seconds),
                    None => texts.queued.to_owned(),
                };
                if token.with(Option::is_none) {
                    line += &format!(" ({})", texts.waiting_for_token);
                }
                if let Some(error) = last_error {
                    line += &format!(" · {} {attempts}: {}", texts.attempt, texts.post_error(&error));
                }
                line
            }
            Some((Delivery::Sending, _)) => texts.sending.to_owned(),
            // Its status from here on is the server's: Flag saya follows it.
            Some((Delivery::Delivered { .. }, _)) => texts.delivered.to_owned(),
            Some((Delivery::Rejected { error }, _)) => format!("{} {}", texts.failed, texts.post_error(&error)),
            None => texts.discarded.to_owned(),
        }
    };
    let class = move || match delivery.with(|d| d.as_ref().map(|(s, _)| s.name())) {
        Some("delivered") => "outcome ok",
        Some("rejected") => "outcome error",
        _ => "outcome",
    };
    view! {
        <span class=class data-testid="outcome" role="status" data-flag-id=id.to_string()>{outcome}</span>
        {move || matches!(delivery.get(), Some((Delivery::Queued { .. } | Delivery::Rejected { .. }, _))).then(|| view! {
            <button class="retry" data-testid="retry" on:click=move |_| store.change(|o| o.retry_now(id))>
                {move || lang.texts().send_now}
            </button>
        })}
    }
}
