//! Keyboard-first triage over the queue: `j`/`k` (or the arrow keys) move the selection, `n` goes to the next
//! message still to decide, `a` confirms, `x` rejects, space skips, `u` undoes and `U` redoes, `m` marks for a bulk
//! action, `[` and `]` open the previous and next campaign, `A` and `X` confirm and reject the open campaign's ticked
//! messages, `c` and `e` go to the inspector's category and note, `l` opens the message in Telegram, `v` shows or blurs
//! its photo, `/` searches,
//! `?` shows the shortcuts. Keys typed into a field stay typing, but Escape always leaves the field for the queue,
//! and Enter in the search goes to the first message found. Every action is also a button.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::queue::{SearchField, Viewport};
use super::{CampaignView, Lang, Triage};
use crate::message_key::MessageKey;

/// The selected message's key, if any.
#[derive(Clone, Copy)]
pub struct Selected(pub RwSignal<Option<MessageKey>>);

/// What the queue shows and which messages are ticked, and the campaign open: the app's, so that they outlive the
/// desk drawn again with new rules (a campaign confirmed teaches the watchlist, which changes the rules: the
/// analyst stays where they were).
#[derive(Clone, Copy)]
pub struct DeskView {
    /// The queue's filters.
    pub filter: RwSignal<crate::desk::Filter>,
    /// The messages ticked for a bulk action.
    pub marked: RwSignal<std::collections::HashSet<MessageKey>>,
    /// The open campaign, by its name (its first key: it stays open when a later import joins it).
    pub campaign: RwSignal<Option<String>>,
}

impl DeskView {
    /// Nothing filtered, ticked or open.
    pub fn new() -> DeskView {
        DeskView {
            filter: RwSignal::new(Default::default()),
            marked: RwSignal::new(Default::default()),
            campaign: RwSignal::new(None),
        }
    }
}

/// Listens for the shortcuts on the app's root and shows the list of them on `?`.
#[component]
pub fn KeyboardTriage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let triage = expect_context::<Triage>();
    let campaigns = expect_context::<CampaignView>();
    let viewport = expect_context::<Viewport>();
    let search = expect_context::<SearchField>();
    let photos = expect_context::<super::PhotoView>();
    let help = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Span>::new();

    let on_key = move |ev: web_sys::KeyboardEvent| {
        // The app's own root: two apps on one page never mix.
        let Some(app) = root.get().and_then(|r| r.closest(".tapis").ok().flatten()) else { return };
        let reveal = move |key: Option<MessageKey>| {
            if let Some(key) = key
                && let Some(position) = triage.position(&key)
            {
                viewport.reveal(position, key);
            }
        };
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            let in_app =
                ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).is_some_and(|t| app.contains(Some(&t)));
            let in_search = search.0.get_untracked().is_some_and(|field| {
                let field: &web_sys::EventTarget = field.as_ref();
                ev.target().is_some_and(|t| t == *field)
            });
            match ev.key().as_str() {
                // Back to the queue, from any field of the app (the search keeps what was typed).
                "Escape" if in_app => {
                    help.set(false);
                    ev.prevent_default();
                    if let Some(field) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = field.blur();
                    }
                    reveal(triage.selected.get_untracked().or_else(|| triage.step(1)));
                }
                "Escape" => help.set(false),
                // The first message found.
                "Enter" if in_search => {
                    ev.prevent_default();
                    let first = triage.first_shown();
                    triage.selected.set(first);
                    reveal(first);
                }
                _ => {}
            }
            return;
        }
        // In a portal page, keys meant for the portal stay the portal's.
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let ours =
            target.as_ref().is_none_or(|t| app.contains(Some(t)) || t.node_name() == "BODY" || t.node_name() == "HTML");
        if !ours {
            return;
        }
        // A button or link with the focus keeps space and Enter.
        let on_control = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::Element>())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY"));
        let selected = || triage.selected.get_untracked();
        let focus = |selector: &str| {
            if let Ok(Some(field)) = app.query_selector(selector)
                && let Ok(field) = field.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = field.focus();
            }
        };
        let draft = || triage.draft.get_untracked();
        match ev.key().as_str() {
            "j" | "ArrowDown" => reveal(triage.step(1)),
            "k" | "ArrowUp" => reveal(triage.step(-1)),
            "n" => {
                let next = triage.next_open();
                triage.selected.set(next.or(selected()));
                reveal(next);
            }
            "c" => focus("[data-testid=inspector] [data-testid=confirm-category]"),
            "e" => focus("[data-testid=inspector] [data-testid=note]"),
            "l" => {
                let link = selected().and_then(|key| triage.row(&key)).and_then(|row| triage.link_of(&row));
                if let Some(link) = link {
                    let _ = window().open_with_url_and_target_and_features(&link, "_blank", "noopener,noreferrer");
                }
            }
            "a" => {
                let Some(key) = selected() else { return };
                let d = draft();
                triage.confirm(&[key], d.annotation(), false);
                reveal(triage.step(1));
            }
            "x" => {
                let Some(key) = selected() else { return };
                let d = draft();
                triage.reject(&[key], d.reason, d.note(), false);
                reveal(triage.step(1));
            }
            " " if !on_control => {
                let Some(key) = selected() else { return };
                triage.skip(&key);
                reveal(triage.step(1));
            }
            "v" => {
                if let Some(key) = triage.selected.get_untracked() {
                    photos.toggle(key);
                }
            }
            "m" => {
                let Some(key) = selected() else { return };
                triage.marked.update(|m| {
                    if !m.remove(&key) {
                        m.insert(key);
                    }
                });
            }
            "]" | "[" => {
                campaigns.step(if ev.key() == "]" { 1 } else { -1 });
                reveal(triage.selected.get_untracked());
            }
            "A" => campaigns.decide(true),
            "X" => campaigns.decide(false),
            "u" => {
                let key = triage.undo();
                triage.selected.set(key);
                reveal(key);
            }
            "U" => {
                let key = triage.redo();
                triage.selected.set(key);
                reveal(key);
            }
            "/" => {
                if let Some(field) = search.0.get_untracked() {
                    let _ = field.focus();
                }
            }
            "?" => help.update(|h| *h = !*h),
            "Escape" => help.set(false),
            _ => return,
        }
        ev.prevent_default();
    };
    let handle = window_event_listener(leptos::ev::keydown, on_key);
    on_cleanup(move || handle.remove());

    view! {
        <span node_ref=root class="keyboard-anchor" hidden></span>
        <Show when=move || help.get()>
            <div class="shortcuts" role="dialog" aria-modal="false" data-testid="shortcuts" aria-label=move || lang.texts().shortcuts>
                <h2>{move || lang.texts().shortcuts}</h2>
                <dl>
                    {move || lang.texts().shortcut_list.iter().map(|(keys, what)| view! { <dt><kbd>{*keys}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                </dl>
                <button type="button" on:click=move |_| help.set(false)>{move || lang.texts().close}</button>
            </div>
        </Show>
    }
}

/// Whether the key goes into a field (text input, text area, select, or editable content).
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || target.closest("[contenteditable]").ok().flatten().is_some()
}
