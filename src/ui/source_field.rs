//! Where the pasted messages come from: a flag must name its chat for the platform to act on it.

use leptos::prelude::*;

use super::{Lang, SourceChat};
use crate::workspace::parse_chat;

/// A labelled field for the source chat, saying at once when a username cannot be one.
#[component]
pub fn SourceField() -> impl IntoView {
    let source = expect_context::<SourceChat>().0;
    let lang = expect_context::<Lang>();
    let problem = move || {
        source.with(|text| match parse_chat(text) {
            Err(why) if why != "empty" => Some(why),
            _ => None,
        })
    };
    view! {
        <div class="source">
            <label for="tapis-source">{move || lang.texts().source_label}</label>
            <input
                id="tapis-source"
                data-testid="source-chat"
                type="text"
                spellcheck="false"
                placeholder=move || lang.texts().source_placeholder
                aria-invalid=move || problem().is_some().to_string()
                prop:value=move || source.get()
                on:input=move |ev| source.set(event_target_value(&ev))
            />
            {move || problem().map(|why| view! { <small class="field-error" role="alert">{why}</small> })}
        </div>
    }
}
