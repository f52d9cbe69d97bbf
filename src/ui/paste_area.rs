//! Where the analyst pastes channel content.

use leptos::prelude::*;

use super::Pasted;

/// A labelled text area bound to the pasted text.
#[component]
pub fn PasteArea() -> impl IntoView {
    let pasted = expect_context::<Pasted>().0;
    view! {
        <section class="paste">
            <label for="paste-input">"Tempel isi kanal (pisahkan pesan dengan baris kosong)"</label>
            <textarea
                id="paste-input"
                data-testid="paste"
                rows="8"
                spellcheck="false"
                dir="auto"
                placeholder="Salin pesan dari Telegram lalu tempel di sini…"
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
        </section>
    }
}
