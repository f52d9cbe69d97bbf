//! Where the analyst's API token comes from: typed by the analyst, or handed over by the host portal.

use leptos::prelude::*;

use super::{AppConfig, Lang, Me, Token};
use crate::config::TokenSource;

const STORAGE_KEY: &str = "tapis.token";

/// A password field for the token (kept in the tab's session storage), or the host hand-over's state.
#[component]
pub fn TokenField() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let me = expect_context::<Me>().0;
    // Who the server says the token is, once it said (what the outbox records on each confirmed flag).
    let analyst = move || me.with(|me| me.as_ref().map(|me| me.notifier.analyst.clone()));
    let source = expect_context::<AppConfig>().0.token;
    if source == TokenSource::Host {
        return view! {
            <p class="token-state" data-testid="token-state">
                {move || if token.with(Option::is_some) { lang.texts().token_from_host } else { lang.texts().token_waiting }}
            </p>
        }
        .into_any();
    }
    let storage = window().session_storage().ok().flatten();
    if let Some(saved) = storage.as_ref().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
        token.set(Some(saved));
    }
    let save = move |value: String| {
        let value = value.trim().to_owned();
        if let Some(storage) = &storage {
            let _ =
                if value.is_empty() { storage.remove_item(STORAGE_KEY) } else { storage.set_item(STORAGE_KEY, &value) };
        }
        token.set((!value.is_empty()).then_some(value));
    };
    view! {
        <div class="token">
            <label for="tapis-token">{move || lang.texts().token_label}</label>
            <input
                id="tapis-token"
                data-testid="token"
                data-analyst=analyst
                type="password"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || token.get().unwrap_or_default()
                on:input=move |ev| save(event_target_value(&ev))
            />
            <small>{move || lang.texts().token_help}</small>
        </div>
    }
    .into_any()
}
