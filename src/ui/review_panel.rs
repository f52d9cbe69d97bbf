//! The review queue, for reviewers: flags of other analysts waiting for a second pair of eyes, approved (`a`) or
//! returned with a reason (`r`, then Enter), moved through with `j`/`k`. Shown only to reviewer and admin tokens.

use leptos::html;
use leptos::prelude::*;
use tapis_wire::{Decision, ReviewItem, ReviewRequest, Role, StoredFlag};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::api::ApiFailure;

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

/// A decision on its way: the token, the flag and the request.
type Sent = (String, Uuid, ReviewRequest);
/// The server's answer to a decision, with the decision.
type Answered = (Decision, Result<StoredFlag, ApiFailure>);

/// What the queue's parts share: the items, which one is selected, the reason being typed, and the decision call.
#[derive(Clone, Copy)]
struct Review {
    items: RwSignal<Vec<ReviewItem>>,
    selected: RwSignal<usize>,
    reason: RwSignal<String>,
    reason_field: NodeRef<html::Input>,
    decision: Action<Sent, Answered>,
    token: RwSignal<Option<String>>,
}

impl Review {
    /// Approves or returns the selected flag; a return without a reason asks for one instead.
    fn decide(self, decision: Decision) {
        let Some(token) = self.token.get_untracked() else { return };
        let Some(item) = self.items.with_untracked(|i| i.get(self.selected.get_untracked()).map(|i| i.flag.id)) else {
            return;
        };
        let why = self.reason.get_untracked().trim().to_owned();
        if decision == Decision::Return && why.is_empty() {
            self.focus_reason();
            return;
        }
        let request = ReviewRequest { decision, reason: (decision == Decision::Return).then_some(why) };
        self.decision.dispatch_local((token, item, request));
    }

    fn focus_reason(self) {
        if let Some(field) = self.reason_field.get() {
            let _ = field.focus();
        }
    }

    /// Keeps the selection on an item after the list shrank.
    fn clamp_selection(self) {
        let last = self.items.with_untracked(|i| i.len().saturating_sub(1));
        self.selected.update(|s| *s = (*s).min(last));
    }

    /// The queue's keys: `j`/`k` move, `a` approves, `r` goes to the reason, Enter in it returns the flag.
    fn on_key(self, ev: leptos::ev::KeyboardEvent) {
        // Typing a reason is typing, not commands.
        if ev.target().is_some_and(|t| t.dyn_ref::<web_sys::HtmlInputElement>().is_some()) {
            ev.stop_propagation();
            if ev.key() == "Enter" {
                ev.prevent_default();
                self.decide(Decision::Return);
            }
            return;
        }
        let count = self.items.with_untracked(Vec::len);
        match ev.key().as_str() {
            "j" | "ArrowDown" => self.selected.update(|s| *s = (*s + 1).min(count.saturating_sub(1))),
            "k" | "ArrowUp" => self.selected.update(|s| *s = s.saturating_sub(1)),
            "a" => self.decide(Decision::Approve),
            "r" => self.focus_reason(),
            _ => return,
        }
        // The queue's keys are the queue's: the message list's shortcuts must not see them too.
        ev.stop_propagation();
        ev.prevent_default();
    }
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let api_base = expect_context::<AppConfig>().0.api_base.clone();
    let status = RwSignal::new(None::<(bool, String)>);
    let section = NodeRef::<html::Section>::new();
    // The queue, asked for again when the token changes or on demand.
    let queue = LocalResource::new({
        let api_base = api_base.clone();
        move || {
            let (token, api_base) = (token.get(), api_base.clone());
            async move { Some(crate::api::review_queue(&api_base, &token?).await) }
        }
    });
    let decision = Action::new_local(move |(token, id, request): &Sent| {
        let (api_base, token, id, request) = (api_base.clone(), token.clone(), *id, request.clone());
        async move { (request.decision, crate::api::review(&api_base, &token, id, &request).await) }
    });
    let review = Review {
        items: RwSignal::new(Vec::new()),
        selected: RwSignal::new(0),
        reason: RwSignal::new(String::new()),
        reason_field: NodeRef::new(),
        decision,
        token,
    };
    Effect::new(move |_| {
        let answer = queue.get().flatten();
        untrack(|| match answer {
            None => {}
            Some(Ok(list)) => {
                review.items.set(list);
                review.clamp_selection();
            }
            Some(Err(e)) => status.set(Some((false, lang.texts().post_error(&e)))),
        })
    });
    // A decided flag leaves the queue; the queue keeps the focus.
    Effect::new(move |_| {
        let Some((decided, answer)) = decision.value().get() else { return };
        untrack(|| {
            let texts = lang.texts();
            match answer {
                Ok(flag) => {
                    review.items.update(|all| all.retain(|i| i.flag.id != flag.id));
                    review.clamp_selection();
                    review.reason.set(String::new());
                    keep_focus(section);
                    let done = if decided == Decision::Approve { texts.approved } else { texts.returned };
                    status.set(Some((true, format!("{done}: {}", describe_target(&flag.target)))));
                }
                Err(e) => status.set(Some((false, texts.post_error(&e)))),
            }
        })
    });
    let items = review.items;
    view! {
        <section node_ref=section class="review" data-testid="review-queue" aria-label=move || lang.texts().review_queue tabindex="0" on:keydown=move |ev| review.on_key(ev)>
            <header>
                <h2>{move || (lang.texts().review_title)(items.with(Vec::len))}</h2>
                <button type="button" data-testid="refresh-review" on:click=move |_| queue.refetch()>{move || lang.texts().refresh}</button>
                <span class="hint">{move || lang.texts().review_keys}</span>
            </header>
            {move || status.get().map(|(ok, text)| view! {
                <p class=if ok { "outcome ok" } else { "field-error" } data-testid="review-status" role="status">{text}</p>
            })}
            <For
                each=move || items.get().into_iter().enumerate()
                key=|(_, item)| item.flag.id
                children=move |(index, item)| view! { <ReviewEntry item index review /> }
            />
        </section>
    }
}

/// One flag in the queue: who flagged what, the evidence, the analyst's explanation, its history, and, when
/// selected, the decision.
#[component]
fn ReviewEntry(item: ReviewItem, index: usize, review: Review) -> impl IntoView {
    let Review { items, selected, .. } = review;
    let flag = item.flag;
    let (id, kind) = (flag.id, flag.target.kind());
    let is_selected = move || items.with(|all| all.get(selected.get()).is_some_and(|i| i.flag.id == id));
    view! {
        <article
            class="review-item"
            class:selected=is_selected
            data-testid="review-item"
            data-flag-id=id.to_string()
            data-kind=kind
            on:click=move |_| selected.set(items.with_untracked(|all| all.iter().position(|i| i.flag.id == id).unwrap_or(index)))
        >
            <ReviewedFlag flag />
            <History flag=id />
            <Show when=is_selected>
                <ReviewActions review />
            </Show>
        </article>
    }
}

/// What the reviewer judges: the flag's target and classification, its evidence or dossier, and what the analyst
/// said and asked for.
#[component]
fn ReviewedFlag(flag: StoredFlag) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let kind = flag.target.kind();
    let link = match &flag.target {
        tapis_wire::Target::Message(m) => m.link.clone(),
        _ => None,
    };
    let explanation = flag.classification.explanation.clone();
    let action = flag.requested_action.as_str();
    let code = flag.classification.severity.as_str();
    view! {
        <p class="meta">
            <span class="kind">{move || (lang.texts().target_kind)(kind)}</span>
            " · "
            <strong>{flag.notifier.analyst.clone()}</strong>
            " · "
            <span dir="auto">{describe_target(&flag.target)}</span>
            " · "
            <span class=format!("badge sev-{code}")>{move || (lang.texts().severity_name)(code)}</span>
            " "
            {flag.classification.category.clone()}
        </p>
        {flag.evidence.map(|evidence| view! { <EvidenceView evidence link=link.clone() /> })}
        {flag.dossier.map(|dossier| {
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
    }
}

/// The selected flag's decision: approve, or return with the reason typed.
#[component]
fn ReviewActions(review: Review) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let reason = review.reason;
    view! {
        <div class="review-actions">
            <button type="button" class="confirm" data-testid="approve" on:click=move |_| review.decide(Decision::Approve)>
                {move || lang.texts().approve}
            </button>
            <input
                type="text"
                node_ref=review.reason_field
                data-testid="return-reason-input"
                placeholder=move || lang.texts().return_reason
                aria-label=move || lang.texts().return_reason
                prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))
            />
            <button type="button" class="reject" data-testid="return" on:click=move |_| review.decide(Decision::Return)>
                {move || lang.texts().return_flag}
            </button>
        </div>
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
