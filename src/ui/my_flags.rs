//! The analyst's own flags on the server: where each is (waiting for review, returned and why, approved, and what
//! the platform answered). Reloaded when a flag is delivered, and on demand.

use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::{AppConfig, DeskState, History, Lang, Token, describe_target};
use crate::desk::Decision;
use crate::outbox::sender::OutboxStore;

/// The token's flags, newest first.
#[component]
pub fn MyFlags() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let api_base = expect_context::<AppConfig>().0.api_base.clone();
    let store = expect_context::<OutboxStore>();
    let desk = expect_context::<DeskState>().0;
    let flags = RwSignal::new(Vec::<tapis_wire::StoredFlag>::new());
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let Some(token) = token.get_untracked() else { return };
        let api_base = api_base.clone();
        spawn_local(async move {
            let answer = crate::api::my_flags(&api_base, &token).await;
            if flags.is_disposed() {
                return; // The app was taken off the page meanwhile.
            }
            match answer {
                Ok(list) => {
                    // The reviewer's returns come back to the desk: their messages are to decide again.
                    let returned: Vec<(uuid::Uuid, Option<String>)> = (list.iter())
                        .filter(|f| f.status == tapis_wire::FlagStatus::Returned)
                        .map(|f| (f.id, f.review.as_ref().and_then(|r| r.reason.clone())))
                        .collect();
                    let confirmed = |d: &crate::desk::Desk| {
                        returned.iter().any(|(id, _)| d.decisions().values().any(|v| *v == Decision::Confirmed(*id)))
                    };
                    if desk.with_untracked(confirmed) {
                        desk.update(|d| _ = d.returned(returned));
                    }
                    flags.set(list);
                    error.set(None);
                }
                Err(e) => error.set(Some(lang.texts().post_error(&e))),
            }
        });
    };
    // Reload when the token changes and whenever another flag is delivered.
    let delivered = Memo::new(move |_| store.outbox.with(|o| o.counts().delivered));
    Effect::new({
        let load = load.clone();
        move |_| {
            let _ = (token.with(Option::is_some), delivered.get());
            load();
        }
    });
    let shown = move || token.with(Option::is_some);
    view! {
        <Show when=shown>
            <details class="my-flags" data-testid="my-flags" open>
                <summary>{move || (lang.texts().my_flags)(flags.with(Vec::len))}</summary>
                <button type="button" data-testid="refresh-my-flags" on:click={
                    let load = load.clone();
                    move |_| load()
                }>{move || lang.texts().refresh}</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <ul>
                    <For
                        each=move || flags.get()
                        key=|flag| (flag.id, flag.status, flag.status_changed_at)
                        children=move |flag| {
                            let status = flag.status.as_str();
                            let kind = flag.target.kind();
                            let returned = flag.review.as_ref().filter(|r| r.decision == tapis_wire::Decision::Return).and_then(|r| r.reason.clone());
                            let answer = (flag.platform_reference.is_some() || flag.status_reason.is_some()).then(|| {
                                [flag.platform_reference.clone(), flag.status_reason.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
                            });
                            view! {
                                <li class="my-flag" data-testid="my-flag" data-status=status data-id=flag.id.to_string() data-kind=flag.target.kind()>
                                    <span class=format!("status st-{status}")>{move || (lang.texts().flag_status)(status)}</span>
                                    " "
                                    <span class="kind">{move || (lang.texts().target_kind)(kind)}</span>
                                    " "
                                    <span class="target" dir="auto">{describe_target(&flag.target)}</span>
                                    " · "
                                    <span class="category">{flag.classification.category.clone()}</span>
                                    {returned.map(|reason| view! {
                                        <p class="returned" data-testid="return-reason">{move || lang.texts().returned_because} " " {reason}</p>
                                    })}
                                    {answer.map(|answer| view! {
                                        <p class="platform-answer" data-testid="platform-answer">{move || lang.texts().platform_answer} " " {answer}</p>
                                    })}
                                    <History flag=flag.id />
                                </li>
                            }
                        }
                    />
                </ul>
            </details>
        </Show>
    }
}
