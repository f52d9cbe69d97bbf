//! The review queue, for reviewers: flags of other analysts waiting for a second pair of eyes, approved (`a`) or
//! returned with a reason (`r`, then Enter), moved through with `j`/`k`. Shown only to reviewer and admin tokens.

use leptos::html;
use leptos::prelude::*;
use tapis_wire::{Decision, ReviewItem, ReviewRequest, Role};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use super::{AppConfig, EvidenceView, History, Lang, Me, Token, describe_target};

/// The queue, when the token may review.
#[component]
pub fn ReviewPanel() -> impl IntoView {
    let me = expect_context::<Me>().0;
    let may_review = move || me.with(|m| m.as_ref().is_some_and(|i| matches!(i.role, Role::Reviewer | Role::Admin)));
    view! {
        <Show when=may_review>
            <ReviewQueue />
        </Show>
    }
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let api_base = expect_context::<AppConfig>().0.api_base.clone();
    let items = RwSignal::new(Vec::<ReviewItem>::new());
    let selected = RwSignal::new(0usize);
    let reason = RwSignal::new(String::new());
    let status = RwSignal::new(None::<(bool, String)>);
    let reason_field = NodeRef::<html::Input>::new();
    let section = NodeRef::<html::Section>::new();

    let load = {
        let api_base = api_base.clone();
        move || {
            let Some(token) = token.get_untracked() else { return };
            let api_base = api_base.clone();
            spawn_local(async move {
                let answer = crate::api::review_queue(&api_base, &token).await;
                if items.is_disposed() {
                    return; // The app was taken off the page meanwhile.
                }
                match answer {
                    Ok(list) => {
                        items.set(list);
                        selected.update(|s| *s = (*s).min(items.with_untracked(|i| i.len().saturating_sub(1))));
                    }
                    Err(e) => status.set(Some((false, lang.texts().post_error(&e)))),
                }
            });
        }
    };
    Effect::new({
        let load = load.clone();
        move |_| {
            let _ = token.with(Option::is_some);
            load();
        }
    });

    let decide = {
        let api_base = api_base.clone();
        move |decision: Decision| {
            let Some(token) = token.get_untracked() else { return };
            let Some(item) = items.with_untracked(|i| i.get(selected.get_untracked()).cloned()) else { return };
            let why = reason.get_untracked().trim().to_owned();
            if decision == Decision::Return && why.is_empty() {
                if let Some(field) = reason_field.get() {
                    let _ = field.focus();
                }
                return;
            }
            let request = ReviewRequest { decision, reason: (decision == Decision::Return).then_some(why) };
            let api_base = api_base.clone();
            spawn_local(async move {
                let texts = lang.texts();
                let answer = crate::api::review(&api_base, &token, item.flag.id, &request).await;
                if items.is_disposed() {
                    return; // The app was taken off the page meanwhile.
                }
                match answer {
                    Ok(flag) => {
                        items.update(|all| all.retain(|i| i.flag.id != flag.id));
                        selected.update(|s| *s = (*s).min(items.with_untracked(|i| i.len().saturating_sub(1))));
                        reason.set(String::new());
                        keep_focus(section);
                        let done = if decision == Decision::Approve { texts.approved } else { texts.returned };
                        status.set(Some((true, format!("{done}: {}", describe_target(&flag.target)))));
                    }
                    Err(e) => status.set(Some((false, texts.post_error(&e)))),
                }
            });
        }
    };

    let on_key = {
        let decide = decide.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            // Typing a reason is typing, not commands.
            if ev.target().is_some_and(|t| t.dyn_ref::<web_sys::HtmlInputElement>().is_some()) {
                ev.stop_propagation();
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    decide(Decision::Return);
                }
                return;
            }
            let count = items.with_untracked(Vec::len);
            match ev.key().as_str() {
                "j" | "ArrowDown" => selected.update(|s| *s = (*s + 1).min(count.saturating_sub(1))),
                "k" | "ArrowUp" => selected.update(|s| *s = s.saturating_sub(1)),
                "a" => decide(Decision::Approve),
                "r" => {
                    if let Some(field) = reason_field.get() {
                        let _ = field.focus();
                    }
                }
                _ => return,
            }
            // The queue's keys are the queue's: the message list's shortcuts must not see them too.
            ev.stop_propagation();
            ev.prevent_default();
        }
    };

    view! {
        <section node_ref=section class="review" data-testid="review-queue" aria-label=move || lang.texts().review_queue tabindex="0" on:keydown=on_key>
            <header>
                <h2>{move || (lang.texts().review_title)(items.with(Vec::len))}</h2>
                <button type="button" data-testid="refresh-review" on:click={
                    let load = load.clone();
                    move |_| load()
                }>{move || lang.texts().refresh}</button>
                <span class="hint">{move || lang.texts().review_keys}</span>
            </header>
            {move || status.get().map(|(ok, text)| view! {
                <p class=if ok { "outcome ok" } else { "field-error" } data-testid="review-status" role="status">{text}</p>
            })}
            <For
                each=move || items.get().into_iter().enumerate()
                key=|(_, item)| item.flag.id
                children=move |(index, item)| {
                    let flag = item.flag;
                    let id = flag.id;
                    let kind = flag.target.kind();
                    let is_selected = move || items.with(|all| all.get(selected.get()).is_some_and(|i| i.flag.id == id));
                    let evidence = flag.evidence.clone();
                    let link = match &flag.target {
                        tapis_wire::Target::Message(m) => m.link.clone(),
                        _ => None,
                    };
                    let explanation = flag.classification.explanation.clone();
                    let action = flag.requested_action.as_str();
                    let dossier = flag.dossier.clone();
                    let decide = decide.clone();
                    let decide2 = decide.clone();
                    view! {
                        <article
                            class="review-item"
                            class:selected=is_selected
                            data-testid="review-item"
                            data-flag-id=id.to_string()
                            data-kind=flag.target.kind()
                            on:click=move |_| selected.set(items.with_untracked(|all| all.iter().position(|i| i.flag.id == id).unwrap_or(index)))
                        >
                            <p class="meta">
                                <span class="kind">{move || (lang.texts().target_kind)(kind)}</span>
                                " · "
                                <strong>{flag.notifier.analyst.clone()}</strong>
                                " · "
                                <span dir="auto">{describe_target(&flag.target)}</span>
                                " · "
                                <span class=format!("badge sev-{}", flag.classification.severity.as_str())>{
                                    let code = flag.classification.severity.as_str();
                                    move || (lang.texts().severity_name)(code)
                                }</span>
                                " "
                                {flag.classification.category.clone()}
                            </p>
                            {evidence.map(|evidence| view! { <EvidenceView evidence link=link.clone() /> })}
                            {dossier.map(|dossier| {
                                let count = dossier.messages.len();
                                view! {
                                    <p class="dossier" dir="auto">{dossier.summary}</p>
                                    <details class="dossier-messages" data-testid="dossier-messages">
                                        <summary>{move || (lang.texts().evidence_messages)(count)}</summary>
                                        {dossier.messages.into_iter().map(|m| view! {
                                            <EvidenceView evidence=m.evidence link=m.link />
                                        }).collect_view()}
                                    </details>
                                }
                            })}
                            <p class="analyst-explanation" data-testid="analyst-explanation" dir="auto">
                                <span class="hint">{move || lang.texts().analyst_explanation} ": "</span>
                                {explanation}
                                <span class="hint">
                                    " · " {move || lang.texts().action_label} ": " {move || (lang.texts().action_name)(action)}
                                </span>
                            </p>
                            <History flag=id />
                            <Show when=is_selected>
                                <div class="review-actions">
                                    <button type="button" class="confirm" data-testid="approve" on:click={
                                        let decide = decide.clone();
                                        move |_| decide(Decision::Approve)
                                    }>{move || lang.texts().approve}</button>
                                    <input
                                        type="text"
                                        node_ref=reason_field
                                        data-testid="return-reason-input"
                                        placeholder=move || lang.texts().return_reason
                                        aria-label=move || lang.texts().return_reason
                                        prop:value=move || reason.get()
                                        on:input=move |ev| reason.set(event_target_value(&ev))
                                    />
                                    <button type="button" class="reject" data-testid="return" on:click={
                                        let decide = decide2.clone();
                                        move |_| decide(Decision::Return)
                                    }>{move || lang.texts().return_flag}</button>
                                </div>
                            </Show>
                        </article>
                    }
                }
            />
        </section>
    }
}

/// After a decision the reviewer's field or button leaves the page with the flag: the queue takes the focus, so
/// that `j`, `a` and `r` go on working (without it they reached the analyst's desk, or nothing). Focus the
/// reviewer moved elsewhere meanwhile stays where it is.
fn keep_focus(section: NodeRef<html::Section>) {
    let Some(section) = section.get_untracked() else { return };
    let document = document();
    let astray = match document.active_element() {
        None => true,
        Some(active) => {
            document.body().is_some_and(|body| body.is_same_node(Some(&active))) || section.contains(Some(&active))
        }
    };
    if astray {
        let _ = section.focus();
    }
}
