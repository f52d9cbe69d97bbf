//! Keyboard-first triage over every message on the page (pasted and imported): `j`/`k` (or the arrow keys) move
//! the selection, `a` confirms, `x` rejects, `u` reopens the last rejected message, `?` shows the shortcuts.
//! Keys typed into a field stay typing. Every action is also a button on the card.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Decision, Decisions, Lang};

/// The selected message's key, if any.
#[derive(Clone, Copy)]
pub struct Selected(pub RwSignal<Option<String>>);

/// Messages rejected, most recent last, for `u`.
#[derive(Clone, Copy)]
pub struct Rejections(pub RwSignal<Vec<String>>);

/// Listens for the shortcuts on the app's root and shows the list of them on `?`.
#[component]
pub fn KeyboardTriage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let selected = expect_context::<Selected>().0;
    let rejections = expect_context::<Rejections>().0;
    let decisions = expect_context::<Decisions>().0;
    let help = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Span>::new();

    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        // The app's own root: cards are looked up inside it, so two apps on one page never mix.
        let Some(app) = root.get().and_then(|r| r.closest(".tapis").ok().flatten()) else { return };
        // In a portal page, keys meant for the portal stay the portal's.
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let ours =
            target.as_ref().is_none_or(|t| app.contains(Some(t)) || t.node_name() == "BODY" || t.node_name() == "HTML");
        if !ours {
            return;
        }
        let cards = app.query_selector_all("[data-testid=message].candidate").ok();
        let cards: Vec<web_sys::Element> = cards
            .map(|list| (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect())
            .unwrap_or_default();
        let current = selected.get_untracked();
        let index = current
            .as_ref()
            .and_then(|key| cards.iter().position(|c| c.get_attribute("data-key").as_ref() == Some(key)));
        let card = |i: usize| cards.get(i).cloned();
        let select = |element: Option<web_sys::Element>| {
            if let Some(element) = element {
                selected.set(element.get_attribute("data-key"));
                if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = html.focus();
                }
            }
        };
        let press = |name: &str| {
            let button =
                index.and_then(card).and_then(|c| c.query_selector(&format!("[data-testid={name}]")).ok().flatten());
            if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
                && !button.disabled()
            {
                button.click();
            }
        };
        match ev.key().as_str() {
            "j" | "ArrowDown" => select(card(index.map_or(0, |i| (i + 1).min(cards.len().saturating_sub(1))))),
            "k" | "ArrowUp" => select(card(index.map_or(0, |i| i.saturating_sub(1)))),
            "a" => press("confirm"),
            "x" => press("reject"),
            "u" => {
                let last = rejections.try_update(|r| r.pop()).flatten();
                if let Some(key) = last {
                    decisions.update(|d| {
                        if d.get(&key) == Some(&Decision::Rejected) {
                            d.insert(key.clone(), Decision::Open);
                        }
                    });
                    select(cards.iter().find(|c| c.get_attribute("data-key").as_ref() == Some(&key)).cloned());
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
