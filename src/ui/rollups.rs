//! Roll-ups of an import: every chat and every sender with candidates, what was found and decided, when, by which
//! rules, and the confirmed messages in order; from there, a flag on the whole channel or account, with the
//! confirmed messages as its dossier.

use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use tapis_wire::Source;
use uuid::Uuid;

use super::{AppConfig, ChatUsernames, Decision, DeskState, Lang, Loaded, Rules};
use crate::import::hidden_links;
use crate::outbox::sender::OutboxStore;
use crate::workspace::{
    Decided, Rollup, ScannedMessage, Subject, account_target, channel_target, dossier_flag, imported_target, rollups,
};

/// The roll-ups, computed when the analyst opens them (scanning every candidate again for its category).
#[component]
pub fn Rollups(loaded: Arc<Loaded>, source: Source) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let open = RwSignal::new(false);
    let body = move || {
        open.get().then(|| {
            let loaded = loaded.clone();
            let source = source.clone();
            view! { <RollupTables loaded source /> }
        })
    };
    view! {
        <details class="rollups" data-testid="rollups" on:toggle=move |ev| {
            let details: web_sys::HtmlDetailsElement = event_target(&ev);
            open.set(details.open());
        }>
            <summary>{move || lang.texts().rollups}</summary>
            {body}
        </details>
    }
}

#[component]
fn RollupTables(loaded: Arc<Loaded>, source: Source) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let rules = expect_context::<Rules>().0;
    let desk = expect_context::<DeskState>().0;
    let scans: Arc<Vec<Option<ScannedMessage>>> = Arc::new(
        loaded
            .messages
            .iter()
            .map(|found| {
                found.is_candidate().then(|| {
                    let links: Vec<&str> = hidden_links(&found.message).collect();
                    ScannedMessage::new(&rules, found.message.key.into(), found.message.text.clone(), &links)
                })
            })
            .collect(),
    );
    let messages: Arc<Vec<tapis_ingest::Message>> =
        Arc::new(loaded.messages.iter().map(|f| f.message.clone()).collect());
    let tables = {
        let (loaded, scans, messages, rules) = (loaded.clone(), scans.clone(), messages.clone(), rules.clone());
        Memo::new(move |_| {
            desk.with(|d| {
                rollups(&rules, &loaded.summary.chats, &messages, &scans, |key| match d.decisions().get(key) {
                    Some(Decision::Confirmed(_)) => {
                        Decided::Confirmed(d.journal().decided(key).and_then(|change| change.category.clone()))
                    }
                    Some(Decision::Rejected) => Decided::Rejected,
                    _ => Decided::Open,
                })
            })
        })
    };
    let row = {
        let (loaded, scans) = (loaded.clone(), scans.clone());
        move |rollup: Rollup| {
            view! { <RollupRow rollup loaded=loaded.clone() scans=scans.clone() source=source.clone() /> }
        }
    };
    let row2 = row.clone();
    view! {
        <h3>{move || lang.texts().rollup_chats}</h3>
        <div class="rollup-list">
            {move || tables.get().0.into_iter().map(row.clone()).collect_view()}
        </div>
        <h3>{move || lang.texts().rollup_senders}</h3>
        <div class="rollup-list">
            {move || tables.get().1.into_iter().map(row2.clone()).collect_view()}
        </div>
    }
}

/// One chat or sender: its counts, categories, rules and confirmed messages, and the flag on the whole of it.
#[component]
fn RollupRow(
    rollup: Rollup,
    loaded: Arc<Loaded>,
    scans: Arc<Vec<Option<ScannedMessage>>>,
    source: Source,
) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let usernames = expect_context::<ChatUsernames>().0;
    let testid = if matches!(rollup.subject, Subject::Chat(_)) { "rollup-chat" } else { "rollup-sender" };
    let dates = match (rollup.first, rollup.last) {
        (Some(first), Some(last)) => format!("{} – {}", show_date(first), show_date(last)),
        _ => String::new(),
    };
    let categories = rollup
        .by_category
        .iter()
        .map(|(category, severity, open, confirmed)| (category.clone(), severity.as_str(), *open, *confirmed))
        .collect::<Vec<_>>();
    let timeline: Vec<(String, Option<String>)> = rollup
        .timeline
        .iter()
        .map(|&i| {
            let message = &loaded.messages[i].message;
            let link = usernames
                .with_untracked(|u| loaded.chat(message.chat, u))
                .and_then(|c| message.id.and_then(|id| c.link(id)));
            (message.date.map(show_date).unwrap_or_default(), link)
        })
        .collect();
    let (open, confirmed, rejected) = (rollup.open, rollup.confirmed, rollup.rejected);
    view! {
        <article class="rollup" data-testid=testid data-confirmed=confirmed data-open=open>
            <header>
                <strong dir="auto">{rollup.label.clone()}</strong>
                <span class="counts">{move || (lang.texts().rollup_counts)(open, confirmed, rejected)}</span>
                <span class="dates">{dates}</span>
            </header>
            <ul class="categories">
                {categories
                    .into_iter()
                    .map(|(category, severity, open, confirmed)| {
                        view! {
                            <li>
                                <span class=format!("badge sev-{severity}")>{move || (lang.texts().severity_name)(severity)}</span>
                                " "
                                {category}
                                " · "
                                {move || (lang.texts().rollup_counts)(open, confirmed, 0)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="rules">{rollup.rules.join(", ")}</p>
            {(!timeline.is_empty()).then(|| view! { <Timeline timeline /> })}
            <SubjectFlag rollup loaded scans source />
        </article>
    }
}

/// The confirmed messages in order: when, and the link to each.
#[component]
fn Timeline(timeline: Vec<(String, Option<String>)>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <ol class="timeline" aria-label=move || lang.texts().timeline>
            {timeline.into_iter().map(|(date, link)| view! {
                <li>
                    <time>{date}</time>
                    {link.map(|href| {
                        let shown = href.clone();
                        view! { " " <a href=href target="_blank" rel="noopener noreferrer">{shown}</a> }
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
}

/// A flag on the whole channel or account: the button, then the summary to write, then that it is queued.
#[component]
fn SubjectFlag(
    rollup: Rollup,
    loaded: Arc<Loaded>,
    scans: Arc<Vec<Option<ScannedMessage>>>,
    source: Source,
) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let rules = expect_context::<Rules>().0;
    let store = expect_context::<OutboxStore>();
    let usernames = expect_context::<ChatUsernames>().0;
    let hold_ms = f64::from(expect_context::<AppConfig>().0.hold_seconds) * 1000.0;
    let writing = RwSignal::new(false);
    let summary = RwSignal::new(String::new());
    let queued = RwSignal::new(false);
    let is_chat = matches!(rollup.subject, Subject::Chat(_));
    let confirmed = rollup.confirmed;
    let send = move || {
        let text = summary.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        let made = usernames.with_untracked(|u| subject_flag(&rules, &rollup, &loaded, &scans, u, &source, text));
        let Some((flag, key)) = made else { return };
        store.change(|o| o.enqueue(flag, key, js_sys::Date::now() + hold_ms));
        writing.set(false);
        queued.set(true);
    };
    move || {
        let texts = lang.texts();
        if queued.get() {
            return view! { <p class="outcome" data-testid="subject-flag-queued" role="status">{texts.subject_flag_queued}</p> }.into_any();
        }
        if !writing.get() {
            let label = if is_chat { texts.flag_channel } else { texts.flag_account };
            return view! {
                <button type="button" data-testid="flag-subject" disabled=confirmed == 0 on:click=move |_| writing.set(true)>
                    {label}
                </button>
                {(confirmed == 0).then(|| view! { <small class="hint">{texts.flag_subject_needs}</small> })}
            }
            .into_any();
        }
        let send = send.clone();
        view! {
            <div class="subject-form">
                <label>
                    {texts.subject_summary}
                    <textarea
                        data-testid="subject-summary"
                        rows="3"
                        prop:value=move || summary.get()
                        on:input=move |ev| summary.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <button
                    type="button"
                    class="confirm"
                    data-testid="send-subject-flag"
                    disabled=move || summary.with(|s| s.trim().is_empty())
                    on:click=move |_| send()
                >
                    {texts.send_subject_flag}
                </button>
                <button type="button" on:click=move |_| writing.set(false)>{texts.cancel}</button>
            </div>
        }
        .into_any()
    }
}

/// The flag on a roll-up's chat or sender, with its confirmed messages as the dossier (those the analyst found by
/// hand, without matches and so not scanned yet, too), and its outbox key; `None` when the chat is gone.
fn subject_flag(
    rules: &tapis_engine::RuleSet,
    rollup: &Rollup,
    loaded: &Loaded,
    scans: &[Option<ScannedMessage>],
    usernames: &crate::import::Usernames,
    source: &Source,
    summary: String,
) -> Option<(tapis_wire::NewFlag, String)> {
    let confirmed: Vec<(ScannedMessage, tapis_wire::MessageTarget)> = (rollup.timeline.iter())
        .filter_map(|&i| {
            let message = &loaded.messages[i].message;
            let mut scanned = scans[i].clone().unwrap_or_else(|| {
                let links: Vec<&str> = hidden_links(message).collect();
                ScannedMessage::new(rules, message.key.into(), message.text.clone(), &links)
            });
            scanned.campaigns = loaded.campaigns_of(i);
            let chat = loaded.chat(message.chat, usernames)?;
            Some((scanned, imported_target(&chat, message)))
        })
        .collect();
    let evidence: Vec<(&ScannedMessage, tapis_wire::MessageTarget)> =
        confirmed.iter().map(|(scanned, target)| (scanned, target.clone())).collect();
    let (target, key) = match &rollup.subject {
        Subject::Chat(index) => {
            let chat = loaded.chat(*index, usernames)?;
            (channel_target(&chat), format!("channel:{}:{index}", loaded.id))
        }
        Subject::Sender(sender) => {
            let found = rollup.timeline.first().map(|&i| loaded.messages[i].message.sender.clone());
            (account_target(&found.unwrap_or_default()), format!("account:{}:{sender}", loaded.id))
        }
    };
    Some((dossier_flag(rules, target, &evidence, source, summary, Uuid::now_v7(), Utc::now()), key))
}

fn show_date(date: tapis_ingest::Date) -> String {
    let shown = date.to_string();
    shown.get(..16).map(|s| s.replace('T', " ")).unwrap_or(shown)
}
