//! What the analyst sees when the app is misconfigured: the reason, instead of an app that half works.

use leptos::prelude::*;

use crate::i18n::Locale;

/// A configuration error, in both languages' title (the locale itself may be what is wrong).
#[component]
pub fn ConfigError(error: String) -> impl IntoView {
    view! {
        <div class="tapis">
            <div class="fatal" role="alert" data-testid="config-error">
                <h1>{Locale::Id.texts().config_error} " / " {Locale::En.texts().config_error}</h1>
                <p>{error}</p>
            </div>
        </div>
    }
}
