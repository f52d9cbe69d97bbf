//! The page: paste area on top, the scanned messages below.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Decisions, MessageCard, PasteArea, Pasted, Rules};
use crate::workspace::scan_paste;

/// The whole app. Creates the shared state once and provides it to every component.
#[component]
pub fn App() -> impl IntoView {
    let rules = match tapis_engine::builtin::rule_set() {
        Ok(set) => Rules(Arc::new(set)),
        Err(e) => {
            return view! { <p class="fatal" role="alert">"Paket aturan bawaan rusak: " {e.to_string()}</p> }.into_any();
        }
    };
    let pasted = Pasted(RwSignal::new(String::new()));
    provide_context(rules.clone());
    provide_context(pasted);
    provide_context(Decisions(RwSignal::new(Default::default())));

    let messages = Memo::new(move |_| pasted.0.with(|text| scan_paste(&rules.0, text)));
    let candidates = move || messages.with(|ms| ms.iter().filter(|m| !m.matches.is_empty()).count());

    view! {
        <header class="topbar">
            <h1>"Tapis"</h1>
            <p class="tagline">"Penapisan konten kanal publik untuk trusted flagger"</p>
        </header>
        <main class="workspace">
            <PasteArea />
            <section class="messages" aria-label="Pesan">
                <p class="summary" data-testid="summary" role="status">
                    {move || format!("{} pesan, {} kandidat", messages.with(Vec::len), candidates())}
                </p>
                <For
                    each=move || messages.get()
                    key=|message| message.key.clone()
                    children=|message| view! { <MessageCard message /> }
                />
            </section>
        </main>
    }
    .into_any()
}
