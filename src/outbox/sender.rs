//! The outbox in the browser: kept in `localStorage` and delivered in the background, one flag at a time.
//!
//! `localStorage` rather than IndexedDB: an outbox is small (a few KB a flag), and a synchronous write means a
//! flag is stored before any attempt to send it and before the click that confirmed it returns, in every
//! engine alike. Several tabs may send the same queued flag; the server answers the second with `200` (same id).

use chrono::Utc;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::spawn_local;

use super::{Analyst, Outbox};
use crate::api::post_flag;

const STORAGE_KEY: &str = "tapis.outbox.v1";
/// How often an idle sender looks for due flags (a due flag or a new token is picked up within this time).
const IDLE_MS: i32 = 400;

/// The outbox, shared by the app: every change is saved before it is seen.
#[derive(Clone, Copy)]
pub struct OutboxStore {
    /// The flags.
    pub outbox: RwSignal<Outbox>,
    /// Why the last save failed (storage full or disabled), if it did: shown, since flags are then at risk.
    pub storage_error: RwSignal<Option<String>>,
    /// Who is signed in now: recorded on each flag confirmed, and the only one whose flags are sent.
    pub analyst: RwSignal<Analyst>,
}

impl OutboxStore {
    /// The saved outbox, with flags that were being sent when the tab closed queued again. A saved outbox that
    /// cannot be read is kept aside under another key, never overwritten, and reported.
    pub fn load() -> OutboxStore {
        let storage_error = RwSignal::new(None);
        let mut outbox = Outbox::default();
        if let Some(storage) = crate::stored::local_storage()
            && let Ok(Some(saved)) = storage.get_item(STORAGE_KEY)
        {
            match serde_json::from_str::<Outbox>(&saved) {
                Ok(saved) => outbox = saved,
                Err(e) => {
                    let aside = format!("{STORAGE_KEY}.unreadable.{}", js_sys::Date::now() as u64);
                    let _ = storage.set_item(&aside, &saved);
                    storage_error.set(Some(format!("the saved outbox was unreadable ({e}); kept as {aside}")));
                }
            }
        }
        outbox.recover();
        let store =
            OutboxStore { outbox: RwSignal::new(outbox), storage_error, analyst: RwSignal::new(Analyst::default()) };
        store.save();
        store
    }

    /// Changes the outbox and saves it at once. A flag confirmed in `f` records who is signed in now.
    pub fn change(&self, f: impl FnOnce(&mut Outbox)) {
        let analyst = self.analyst.get_untracked();
        self.outbox.update(|outbox| {
            f(outbox);
            outbox.stamp(&analyst);
        });
        self.save();
    }

    fn save(&self) {
        let error = self.outbox.with_untracked(|outbox| crate::stored::save(STORAGE_KEY, outbox)).err();
        if self.storage_error.get_untracked() != error {
            self.storage_error.set(error);
        }
    }

    /// Sends due flags in the background, for as long as the page lives, with the token of the moment, and only
    /// those that analyst confirmed (`me`: who the server says the token is). A new token or the browser coming
    /// back online makes every queued flag due at once.
    pub fn start_sending(
        self,
        api_base: String,
        token: RwSignal<Option<String>>,
        me: Signal<Option<tapis_wire::Identity>>,
    ) {
        Effect::new(move |_| {
            let analyst = Analyst::of(token.get().as_deref(), me.with(|me| me.as_ref().map(|me| me.notifier.clone())));
            self.analyst.set(analyst);
            if token.with_untracked(Option::is_some) {
                self.change(Outbox::retry_all_now);
            }
        });
        let online = Closure::<dyn Fn()>::new(move || self.change(Outbox::retry_all_now));
        let _ = window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();

        spawn_local(async move {
            loop {
                // The app was unmounted (a portal page took it away): the loop ends with it.
                let Some(analyst) = self.analyst.try_get_untracked() else { return };
                let Some(due) = self.outbox.try_with_untracked(|o| o.next_due(js_sys::Date::now(), &analyst)) else {
                    return;
                };
                let (Some(id), Some(token)) = (due, token.try_get_untracked().flatten()) else {
                    sleep_ms(IDLE_MS).await;
                    continue;
                };
                self.change(|o| o.start_sending(id));
                let Some(flag) = self.outbox.with_untracked(|o| o.get(id).map(|e| e.flag.clone())) else { continue };
                let result = post_flag(&api_base, Some(&token), &flag).await.map(drop);
                self.change(|o| o.finish(id, result, Utc::now(), js_sys::Math::random()));
            }
        });
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
