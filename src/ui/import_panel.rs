//! Bringing files in: a file picker and a drop zone (several files at once), the format (detected, or chosen),
//! the channel's username (from the channel field, shared with pasted text), and while an import runs, its progress and a Cancel button. The
//! [`Controller`](crate::import::controller::Controller) does the work.

use js_sys::Reflect;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{AppConfig, ImportControl, ImportStatus, KeptImports, Lang, SourceChat, StoreTrouble};
use crate::import::Request;
use crate::workspace::parse_chat;

/// The import area: file picker, drop zone, format, progress and errors.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let control = expect_context::<ImportControl>().0;
    let settings = expect_context::<AppConfig>().0;
    let format = RwSignal::new(String::new());
    // The channel field above is the import's too: exports do not hold the chat's username.
    let source = expect_context::<SourceChat>().0;
    let dragging = RwSignal::new(false);
    let packs = settings.packs.clone();
    let choice = expect_context::<super::PackChoices>().0;

    let request = move || Request {
        format: serde_json::from_value(serde_json::Value::String(format.get_untracked())).ok(),
        username: source.with_untracked(|text| parse_chat(text).ok().and_then(|chat| chat.username)),
        packs: packs.clone(),
        choice: choice.get_untracked(),
        blocklist: None,
        hash_threshold: None,
    };
    let start = move |files: Vec<web_sys::File>| {
        let request = request();
        control.with_value(|c| c.import(files, request));
    };
    let on_pick = {
        let start = start.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let files = file_list(input.files());
            // The same file can be picked again after it was closed.
            input.set_value("");
            start(files);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let Some(data) = ev.data_transfer() else { return };
        // A dropped folder comes as an entry to walk (its `files` hold the folder itself, empty); the entries must
        // be taken while the drop is handled.
        let entries = dropped_entries(&data);
        if entries.is_empty() {
            return start(file_list(data.files()));
        }
        let start = start.clone();
        wasm_bindgen_futures::spawn_local(async move { start(crate::import::folders::walk(entries).await) });
    };

    view! {
        <section
            class="import"
            class:dragging=move || dragging.get()
            data-testid="import-zone"
            aria-label=move || lang.texts().import
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="import-row">
                <label class="file-button">
                    <input
                        type="file"
                        multiple
                        data-testid="file-input"
                        accept=".json,.html,.htm,.txt,application/json,text/html,text/plain"
                        on:change=on_pick.clone()
                    />
                    <span>{move || lang.texts().import_files}</span>
                </label>
                <label class="file-button">
                    <input
                        type="file"
                        prop:webkitdirectory=true
                        data-testid="folder-input"
                        on:change=on_pick
                    />
                    <span>{move || lang.texts().import_folder}</span>
                </label>
                <span class="hint">{move || lang.texts().import_hint}</span>
            </div>
            <FormatChoice format />
            <ImportProgress />
            <ImportNotes />
        </section>
    }
}

/// The format of the files: detected, or the one chosen.
#[component]
fn FormatChoice(format: RwSignal<String>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let formats = ["telegram_json", "telegram_html", "copied_text", "free_text"];
    view! {
        <div class="import-row">
            <label for="tapis-format">{move || lang.texts().format_label}</label>
            <select
                id="tapis-format"
                data-testid="format"
                on:change=move |ev| format.set(event_target_value(&ev))
                prop:value=move || format.get()
            >
                <option value="">{move || lang.texts().format_auto}</option>
                {formats
                    .into_iter()
                    .map(|code| view! { <option value=code>{move || (lang.texts().format)(code)}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// While an import runs, how far it is, with a Cancel button; then that it was cancelled.
#[component]
fn ImportProgress() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let control = expect_context::<ImportControl>().0;
    let status = control.with_value(|c| c.status());
    move || match status.get() {
        ImportStatus::Running { names, bytes, total, messages } => {
            let max = total.max(1);
            view! {
                <div class="import-progress" data-testid="import-progress" role="status">
                    <progress max=max.to_string() value=bytes.min(max).to_string()></progress>
                    <span>{(lang.texts().reading)(&names, bytes, total, messages)}</span>
                    <button
                        type="button"
                        data-testid="cancel-import"
                        on:click=move |_| control.with_value(|c| c.cancel())
                    >
                        {lang.texts().cancel}
                    </button>
                </div>
            }
            .into_any()
        }
        ImportStatus::Cancelled => {
            view! { <p class="import-note" data-testid="import-cancelled" role="status">{lang.texts().cancelled}</p> }
                .into_any()
        }
        ImportStatus::Idle => ().into_any(),
    }
}

/// What went wrong: keeping the imports in the browser, and each file that could not be read.
#[component]
fn ImportNotes() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let errors = expect_context::<ImportControl>().0.with_value(|c| c.errors());
    let trouble = expect_context::<KeptImports>().0.with_value(|k| k.trouble);
    view! {
        {move || trouble.get().map(|trouble| {
            let text = match &trouble {
                StoreTrouble::NotKept { import, reason } => (lang.texts().import_not_kept)(import.as_deref(), reason),
                StoreTrouble::NotCleared { reason } => (lang.texts().imports_not_cleared)(reason),
            };
            view! { <p class="import-note store-trouble" data-testid="store-trouble" role="status">{text}</p> }
        })}
        <For
            each=move || errors.get().into_iter().enumerate()
            key=|(i, failure)| (*i, failure.message.clone())
            children=move |(_, failure)| {
                let code = failure.code.clone();
                view! {
                    <p class="field-error import-error" data-testid="import-error" data-code=failure.code.clone() role="alert">
                        <strong>{move || (lang.texts().import_error)(&code)}</strong>
                        {failure.file.clone().map(|f| format!(" · {f}"))}
                        " · "
                        {failure.message.clone()}
                    </p>
                }
            }
        />
    }
}

/// The file system entries of a drop (`webkitGetAsEntry`, in every browser under that name), when any is a folder.
fn dropped_entries(data: &web_sys::DataTransfer) -> Vec<JsValue> {
    let items = Reflect::get(data, &"items".into()).unwrap_or_default();
    let length = Reflect::get(&items, &"length".into()).ok().and_then(|l| l.as_f64()).unwrap_or(0.0) as u32;
    let entries: Vec<JsValue> = (0..length)
        .filter_map(|i| {
            let item = Reflect::get(&items, &i.into()).ok()?;
            call(&item, "webkitGetAsEntry", &[]).filter(|e| !e.is_null())
        })
        .collect();
    let is_folder = |e: &JsValue| Reflect::get(e, &"isDirectory".into()).ok().and_then(|d| d.as_bool()) == Some(true);
    if entries.iter().any(is_folder) { entries } else { Vec::new() }
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    function.apply(target, &args.iter().collect()).ok()
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Makes a `File` of a text (a paste too large for the text area), to import like any file.
pub fn text_file(text: &str, name: &str) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::FilePropertyBag::new();
    options.set_type("text/plain");
    web_sys::File::new_with_str_sequence_and_options(&parts, name, &options).ok()
}
