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
    let saved =
        storage.as_ref().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).filter(|t| tapis_wire::is_token(t));
    if saved.is_some() {
        token.set(saved.clone());
    }
    // What is typed; the token in force only once it is a whole one, so that typing asks the server nothing.
    let typed = RwSignal::new(saved.unwrap_or_default());
    let incomplete = move || typed.with(|t| !t.trim().is_empty() && !tapis_wire::is_token(t.trim()));
    let save = move |value: String| {
        typed.set(value.clone());
        let value = value.trim().to_owned();
        let whole = tapis_wire::is_token(&value).then_some(value);
        if let Some(storage) = &storage {
            let _ = match &whole {
                Some(value) => storage.set_item(STORAGE_KEY, value),
                None => storage.remove_item(STORAGE_KEY),
            };
        }
        if token.with_untracked(|t| *t != whole) {
            token.set(whole);
        }
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
                aria-invalid=move || incomplete().to_string()
                aria-describedby="tapis-token-help"
                prop:value=move || typed.get()
                on:input=move |ev| save(event_target_value(&ev))
            />
            <small id="tapis-token-help">{move || lang.texts().token_help}</small>
            {move || incomplete().then(|| view! {
                <small class="field-error" data-testid="token-incomplete" role="status">{lang.texts().token_incomplete}</small>
            })}
        </div>
    }
    .into_any()
}
