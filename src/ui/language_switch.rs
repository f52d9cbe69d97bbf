//! Switches the interface language.

use leptos::prelude::*;

use super::Lang;
use crate::i18n::Locale;

/// A labelled select of every locale.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <label class="language">
            <span>{move || lang.texts().language}</span>
            <select
                data-testid="language"
                on:change=move |ev| {
                    let tag = event_target_value(&ev);
                    if let Some(locale) = Locale::ALL.into_iter().find(|l| l.tag() == tag) {
                        lang.0.set(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option value=locale.tag() selected=move || lang.0.get() == locale>
                                {locale.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
