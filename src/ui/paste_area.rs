//! Where the analyst pastes channel content.

use leptos::prelude::*;

use super::{AppConfig, ImportControl, Lang, Pasted, text_file};
use crate::import::Request;

/// A paste bigger than this (in UTF-16 units) is imported like a file, off the page's thread: a text area holding
/// tens of megabytes freezes the page for seconds, and splitting it on each keystroke would too.
const BIG_PASTE: u32 = 1_000_000;

/// A labelled text area bound to the pasted text.
#[component]
pub fn PasteArea() -> impl IntoView {
    let pasted = expect_context::<Pasted>().0;
    let lang = expect_context::<Lang>();
    let control = expect_context::<ImportControl>().0;
    let packs = expect_context::<AppConfig>().0.packs.clone();
    let choice = expect_context::<super::PackChoices>().0;
    let big = RwSignal::new(None::<f64>);
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        let length = js_sys::JsString::from(text.as_str()).length();
        // Text copied out of Telegram (or an export's content) is read as such, with senders and dates.
        let format = tapis_ingest::detect(text.as_bytes());
        if length <= BIG_PASTE && format == tapis_ingest::Format::FreeText {
            return;
        }
        ev.prevent_default();
        big.set(Some(text.len() as f64 / 1_000_000.0));
        let name = if format == tapis_ingest::Format::FreeText { "tempelan.txt" } else { "tempelan-telegram.txt" };
        if let Some(file) = text_file(&text, name) {
            let request = Request { packs: packs.clone(), choice: choice.get_untracked(), ..Request::default() };
            control.with_value(|c| c.import(vec![file], request));
        }
    };
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
                on:paste=on_paste
            ></textarea>
            {move || big.get().map(|size| view! { <p class="import-note" data-testid="pasted-as-import" role="status">{(lang.texts().pasted_as_import)(size)}</p> })}
        </section>
    }
}
