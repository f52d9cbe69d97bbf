//! Where the analyst pastes channel content.

use leptos::prelude::*;

use super::{Lang, Pasted};

/// A labelled text area bound to the pasted text.
#[component]
pub fn PasteArea() -> impl IntoView {
    let pasted = expect_context::<Pasted>().0;
    let lang = expect_context::<Lang>();
    view! {
        <section class="paste">
            <label for="tapis-paste">{move || lang.texts().paste_label}</label>
            <textarea
                id="tapis-paste"
                data-testid="paste"
                rows="8"
                spellcheck="false"
                dir="auto"
                placeholder=move || lang.texts().paste_placeholder
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
        </section>
    }
}
