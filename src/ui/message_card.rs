//! One pasted message: its highlighted text, what matched, and the analyst's decision.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::{Decision, Decisions, HighlightedText, Host, Lang, Rules, Settings, SourceChat, Token};
use crate::api::post_flag;
use crate::host::HostEvent;
use crate::workspace::{ScannedMessage, flag_for, parse_chat};

/// A message with Confirm and Reject when the rules found something in it.
#[component]
pub fn MessageCard(message: ScannedMessage) -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    let decisions = expect_context::<Decisions>().0;
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let host = expect_context::<Host>().0;
    let api_base = expect_context::<Settings>().0.api_base.clone();
    let source = expect_context::<SourceChat>().0;
    let chat = Memo::new(move |_| source.with(|text| parse_chat(text).ok()));
    let key = message.key.clone();
    let decision = {
        let key = key.clone();
        Memo::new(move |_| decisions.with(|d| d.get(&key).cloned().unwrap_or(Decision::Open)))
    };
    let set = {
        let key = key.clone();
        move |d: Decision| {
            decisions.update(|all| {
                all.insert(key.clone(), d);
            })
        }
    };

    let has_matches = !message.matches().is_empty();
    let severity = message.severity().map(|s| s.as_str()).unwrap_or("none");
    let category = message.category(&rules).unwrap_or_default().to_owned();
    let rule_ids: Vec<String> = message.scan.rules.iter().map(|hit| rules.rule(hit.rule).id.clone()).collect();
    let score = message.scan.score;
    let disguise = message.scan.disguise.disguises();
    let truncated = message.scan.truncated.is_some();
    let disguise_codes: Vec<&str> = disguise.iter().map(|f| f.as_str()).collect();
    let disguise_codes = disguise_codes.join(" ");

    // Confirming makes the flag once; a retry after a failure posts that same flag, so the server can tell.
    let send = {
        let set = set.clone();
        let rules = rules.clone();
        let message = message.clone();
        move || {
            let flag = match decision.get_untracked() {
                Decision::Failed(flag, _) => flag,
                _ => {
                    // Confirm is only enabled with a valid source.
                    let Some(chat) = chat.get_untracked() else { return };
                    let flag = flag_for(&message, &rules, chat, Uuid::now_v7(), Utc::now());
                    host.notify(HostEvent::FlagConfirmed { id: flag.id.to_string(), category: flag.classification.category.clone() });
                    flag
                }
            };
            set(Decision::Sending(flag.clone()));
            let (set, api_base, token) = (set.clone(), api_base.clone(), token.get_untracked());
            spawn_local(async move {
                match post_flag(&api_base, token.as_deref(), &flag).await {
                    Ok(_) => set(Decision::Delivered(flag)),
                    Err(e) => {
                        let reason = lang.0.get_untracked().texts().post_error(&e);
                        set(Decision::Failed(flag, reason))
                    }
                }
            });
        }
    };

    let actions = move || {
        let (send, set) = (send.clone(), set.clone());
        let texts = lang.texts();
        match decision.get() {
            Decision::Open => view! {
                {move || chat.with(Option::is_none).then(|| view! { <small class="hint" data-testid="source-needed">{texts.source_needed}</small> })}
                <button class="confirm" data-testid="confirm" disabled=move || chat.with(Option::is_none) on:click=move |_| send()>
                    {texts.confirm}
                </button>
                <button class="reject" data-testid="reject" on:click=move |_| set(Decision::Rejected)>{texts.reject}</button>
            }
            .into_any(),
            Decision::Rejected => view! {
                <span class="outcome" data-testid="outcome">{texts.rejected}</span>
                <button class="undo" data-testid="undo" on:click=move |_| set(Decision::Open)>{texts.undo}</button>
            }
            .into_any(),
            Decision::Sending(_) => view! { <span class="outcome" data-testid="outcome">{texts.sending}</span> }.into_any(),
            Decision::Delivered(flag) => view! {
                <span class="outcome ok" data-testid="outcome">{texts.delivered} " " <code>{flag.id.to_string()}</code></span>
            }
            .into_any(),
            Decision::Failed(_, why) => view! {
                <span class="outcome error" data-testid="outcome" role="alert">{texts.failed} " " {why}</span>
                <button class="retry" data-testid="retry" on:click=move |_| send()>{texts.retry}</button>
            }
            .into_any(),
        }
    };

    view! {
        <article
            class="message"
            class:candidate=has_matches
            data-testid="message"
            data-key=key
            data-severity=severity
            data-state=move || decision.get().state()
        >
            <p class="message-text" dir="auto">
                <HighlightedText
                    text=message.text.clone()
                    matches=message.scan.matches.clone()
                    normalized=message.scan.normalized.clone()
                />
            </p>
            {has_matches
                .then(|| {
                    view! {
                        <footer class="message-footer">
                            <span class=format!("badge sev-{severity}")>{severity}</span>
                            <span class="category">{category}</span>
                            <span class="rules">{rule_ids.join(", ")}</span>
                            <span class="score" data-testid="score">
                                {move || lang.texts().score} " " {score}
                            </span>
                            {(!disguise.is_empty())
                                .then(|| {
                                    view! {
                                        <span class="disguise" data-testid="disguise" data-folds=disguise_codes.clone()>
                                            {move || {
                                                let texts = lang.texts();
                                                let names: Vec<&str> = disguise.iter().map(|f| (texts.fold)(f)).collect();
                                                format!("{}: {}", texts.disguised, names.join(", "))
                                            }}
                                        </span>
                                    }
                                })}
                            {truncated.then(|| view! { <span class="truncated" role="note">{move || lang.texts().truncated}</span> })}
                            <span class="actions" aria-live="polite">{actions}</span>
                        </footer>
                    }
                })}
        </article>
    }
}
