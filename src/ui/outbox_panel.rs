//! The outbox as the analyst sees it: every confirmed flag and where it is, with "send now", "discard" and an
//! export of the flags as a JSON file (for use with no backend).

use leptos::prelude::*;

use super::Lang;
use crate::outbox::sender::OutboxStore;
use crate::outbox::{Delivery, Outbox};

/// A list of the confirmed flags, newest first.
#[component]
pub fn OutboxPanel() -> impl IntoView {
    let store = expect_context::<OutboxStore>();
    let lang = expect_context::<Lang>();
    let counts = Memo::new(move |_| store.outbox.with(|o| o.counts()));
    let entries = move || store.outbox.with(|o| o.entries.iter().rev().cloned().collect::<Vec<_>>());

    let export = move |_| {
        let json = store.outbox.with_untracked(|o| {
            let flags: Vec<_> = o.entries.iter().map(|e| &e.flag).collect();
            serde_json::to_string_pretty(&flags).unwrap_or_default()
        });
        let now = chrono::Utc::now();
        let name = crate::workspace::stamp(&now, true).replace(['-', ':'], "").replace(' ', "-");
        super::download(&format!("tapis-flags-{name}.json"), "application/json", &json);
    };

    view! {
        <section class="outbox" data-testid="outbox" aria-labelledby="tapis-outbox-title">
            <header class="outbox-header">
                <h2 id="tapis-outbox-title">{move || lang.texts().outbox}</h2>
                <span class="outbox-counts" data-testid="outbox-counts">
                    {move || {
                        let (c, t) = (counts.get(), lang.texts());
                        format!(
                            "{} {} · {} {} · {} {}",
                            c.queued + c.sending,
                            (t.state)("queued"),
                            c.delivered,
                            (t.state)("delivered"),
                            c.rejected,
                            (t.state)("rejected")
                        )
                    }}
                </span>
                <button
                    data-testid="outbox-export"
                    disabled=move || store.outbox.with(|o| o.entries.is_empty())
                    on:click=export
                >
                    {move || lang.texts().export}
                </button>
            </header>
            {move || store.storage_error.get().map(|e| view! { <p class="storage-error" role="alert">{lang.texts().storage_error} ": " {e}</p> })}
            <ol class="outbox-list">
                <For
                    each=entries
                    key=|entry| (entry.flag.id, entry.state.name(), entry.attempts)
                    children=move |entry| {
                        let id = entry.flag.id;
                        let state = entry.state.clone();
                        let name = state.name();
                        let excerpt: String = match (&entry.flag.evidence, &entry.flag.dossier) {
                            (Some(evidence), _) => evidence.excerpt.chars().take(90).collect(),
                            (None, Some(dossier)) => dossier.summary.chars().take(90).collect(),
                            (None, None) => String::new(),
                        };
                        let category = entry.flag.classification.category.clone();
                        let can_send = matches!(state, Delivery::Queued { .. } | Delivery::Rejected { .. });
                        // Confirmed by another analyst (a shared workstation): held for them, saying whose it is.
                        let held = Memo::new(move |_| {
                            store.analyst.with(|analyst| {
                                Outbox::held_for(&entry, analyst).map(|notifier| notifier.map(|n| n.analyst.clone()))
                            })
                        });
                        let shown = move || if held.with(Option::is_some) { "held" } else { name };
                        let detail = move || {
                            let texts = lang.texts();
                            match held.get() {
                                Some(Some(analyst)) => return format!("{} {analyst}", texts.held_for),
                                Some(None) => return texts.held_for_token.to_owned(),
                                None => {}
                            }
                            match &state {
                                Delivery::Queued { last_error: Some(e) } => texts.post_error(e),
                                Delivery::Rejected { error } => texts.post_error(error),
                                _ => String::new(),
                            }
                        };
                        let discard = move |_| {
                            let sure = name == "delivered"
                                || window().confirm_with_message(lang.texts().discard_confirm).unwrap_or(false);
                            if sure {
                                store.change(|o| o.discard(id));
                            }
                        };
                        view! {
                            <li class=move || format!("outbox-entry state-{}", shown()) data-testid="outbox-entry" data-state=shown data-flag-id=id.to_string()>
                                <span class="badge">{move || (lang.texts().state)(shown())}</span>
                                <span class="category">{category}</span>
                                <span class="excerpt" dir="auto">{excerpt}</span>
                                <small class="detail">{detail}</small>
                                {can_send.then(|| view! {
                                    <button data-testid="outbox-send" on:click=move |_| store.change(|o| o.retry_now(id))>
                                        {move || lang.texts().send_now}
                                    </button>
                                })}
                                <button data-testid="outbox-discard" on:click=discard>{move || lang.texts().discard}</button>
                            </li>
                        }
                    }
                />
            </ol>
        </section>
    }
}
