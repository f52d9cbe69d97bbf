//! The page: paste area on top, the scanned messages below.

use std::sync::Arc;

use leptos::prelude::*;

use super::{
    ConfigError, Controller, Decisions, Host, ImportControl, ImportKeeper, ImportPanel, ImportedList, Imports,
    KeptImports, KeyboardTriage, Lang, LanguageSwitch, Me, MessageCard, MyFlags, OutboxPanel, PasteArea, Pasted,
    ReviewPanel, Rules, Settings, SourceChat, SourceField, Token, TokenField,
};
use crate::config::{Config, TokenSource};
use crate::host::{HostBridge, HostEvent};
use crate::outbox::sender::OutboxStore;
use crate::workspace::{parse_chat, pasted_target, scan_paste};
use tapis_wire::{Source, SourceKind};

/// The whole app. Creates the shared state once and provides it to every component.
#[component]
pub fn App(config: Config) -> impl IntoView {
    let rules = match crate::workspace::built_in_rules(config.packs.as_deref()) {
        Ok(set) => Rules(Arc::new(set)),
        Err(error) => return view! { <ConfigError error /> }.into_any(),
    };
    let lang = Lang(RwSignal::new(config.locale));
    let token = Token(RwSignal::new(None));
    let host = Host(Arc::new(HostBridge::new(config.host_origins.clone())));
    // What the analyst had on the page before a reload or a closed tab.
    let saved = crate::session::Session::load();
    let pasted = Pasted(RwSignal::new(saved.pasted));
    let decisions = Decisions(RwSignal::new(saved.decisions));
    if config.token == TokenSource::Host {
        host.0.listen_for_token(move |t| token.0.set(Some(t)));
    }
    // The server says who the token is, and so which panels apply (a reviewer gets the review queue).
    let me = Me(RwSignal::new(None));
    provide_context(me);
    Effect::new({
        let api_base = config.api_base.clone();
        move |_| {
            let api_base = api_base.clone();
            match token.0.get() {
                None => me.0.set(None),
                Some(token) => wasm_bindgen_futures::spawn_local(async move {
                    me.0.set(crate::api::me(&api_base, &token).await.ok());
                }),
            }
        }
    });
    let imports = Imports(RwSignal::new(Vec::new()));
    let control = Controller::new(config.worker_script.clone(), imports.0);
    // Imports outlive the page: kept in IndexedDB, and the kept ones read again now.
    let kept = KeptImports(StoredValue::new_local(ImportKeeper::start(control.clone(), imports.0)));
    provide_context(kept);
    provide_context(imports);
    provide_context(ImportControl(StoredValue::new_local(control)));
    let outbox = OutboxStore::load();
    outbox.start_sending(config.api_base.clone(), token.0);
    provide_context(outbox);
    provide_context(Settings(Arc::new(config)));
    provide_context(rules.clone());
    provide_context(lang);
    provide_context(token);
    provide_context(host.clone());
    provide_context(pasted);
    let source_chat = SourceChat(RwSignal::new(saved.source));
    provide_context(source_chat);
    // Saved after a pause in typing (a decision is saved as soon as the pause ends, before any reload can happen
    // in practice; the flags themselves are in the outbox, which is written at once).
    let pending = StoredValue::new_local(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let session = crate::session::Session {
            pasted: pasted.0.get(),
            source: source_chat.0.get(),
            decisions: decisions.0.get(),
        };
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = leptos::prelude::set_timeout_with_handle(
            move || {
                if let Err(error) = session.save() {
                    leptos::logging::warn!("Tapis: the session could not be saved: {error}");
                }
            },
            std::time::Duration::from_millis(300),
        );
        pending.set_value(handle.ok());
    });
    let clear_session = {
        let imports = imports.0;
        move |_| {
            let question = lang.texts().clear_session_confirm;
            if web_sys::window().and_then(|w| w.confirm_with_message(question).ok()) != Some(true) {
                return;
            }
            pasted.0.set(String::new());
            source_chat.0.set(String::new());
            decisions.0.set(Default::default());
            imports.set(Vec::new());
            kept.0.with_value(|k| k.clear());
            crate::session::Session::clear();
        }
    };
    // Pasted messages are flagged with the chat the analyst names.
    let pasted_target = Signal::derive(move || source_chat.0.with(|text| parse_chat(text).ok()).map(pasted_target));
    provide_context(decisions);
    provide_context(super::Selected(RwSignal::new(None)));
    provide_context(super::Rejections(RwSignal::new(Vec::new())));

    let messages = Memo::new(move |_| pasted.0.with(|text| scan_paste(&rules.0, text)));
    let candidates = move || messages.with(|ms| ms.iter().filter(|m| !m.matches().is_empty()).count());

    // The host page learns where the confirmed flags are whenever that changes.
    let counts = Memo::new(move |_| outbox.outbox.with(|o| o.counts()));
    Effect::new({
        let host = host.clone();
        move |_| host.0.notify(HostEvent::Outbox(counts.get()))
    });
    host.0.notify(HostEvent::Ready { version: env!("CARGO_PKG_VERSION") });

    view! {
        <div class="tapis" lang=move || lang.0.get().tag()>
            <header class="topbar">
                <h1>"Tapis"</h1>
                <p class="tagline">{move || lang.texts().tagline}</p>
                <button type="button" class="clear-session" data-testid="clear-session" on:click=clear_session>
                    {move || lang.texts().clear_session}
                </button>
                <LanguageSwitch />
            </header>
            <KeyboardTriage />
            <main class="workspace">
                <TokenField />
                <ReviewPanel />
                <MyFlags />
                <ImportPanel />
                <SourceField />
                <PasteArea />
                <OutboxPanel />
                <section class="messages" aria-label=move || lang.texts().messages>
                    <p class="summary" data-testid="summary" role="status">
                        {move || (lang.texts().summary)(messages.with(Vec::len), candidates())}
                    </p>
                    <For
                        each=move || messages.get()
                        key=|message| message.key.clone()
                        children=move |message| {
                            let source = Source { kind: SourceKind::FreeText, file_sha256: None };
                            view! { <MessageCard message target=pasted_target source /> }
                        }
                    />
                </section>
                <ImportedList />
            </main>
        </div>
    }
    .into_any()
}
