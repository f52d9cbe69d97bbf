//! The page: the input (files, the channel, the paste area) on top, compact; the desk (queue and inspector) under
//! it; the outbox, the analyst's flags and the rule packs below. A reviewer sees the review queue instead.

use std::sync::Arc;

use leptos::prelude::*;

use super::queue::{SearchField, Viewport};
use super::{
    ActiveRules, AppConfig, Blocklists, CampaignView, Campaigns, ChatUsernames, ConfigError, Controller, DeskState,
    Host, ImportControl, ImportKeeper, ImportPanel, ImportedList, Imports, Inspector, KeptImports, KeyboardTriage,
    Lang, LanguageSwitch, Me, MyFlags, NewDomains, OutboxPanel, PackChoices, PackPanel, PasteArea, Pasted, Queue,
    ReviewPanel, Rules, RulesScope, Selected, SourceChat, SourceField, Token, TokenField, Triage,
};
use crate::config::{Config, TokenSource};
use crate::desk::Desk;
use crate::host::{HostBridge, HostEvent};
use crate::outbox::sender::OutboxStore;
use crate::workspace::{parse_chat, pasted_target, scan_paste};

/// The whole app. Creates the shared state once and provides it to every component.
#[component]
pub fn App(config: Config) -> impl IntoView {
    // The rule packs: the analyst's saved choice (see `packs.rs`), or the built-in packs.
    let (choice, rules, pack_notice) = match crate::packs::load_rules(config.packs.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => return view! { <ConfigError error /> }.into_any(),
    };
    let active = ActiveRules(RwSignal::new(Arc::new(rules)));
    provide_context(active);
    // Stored imports are read again with the rules in force now.
    let rules_now =
        crate::import::Request { packs: config.packs.clone(), choice: choice.clone(), ..Default::default() };
    provide_context(PackChoices(RwSignal::new(choice)));
    provide_context(super::ListsVersion(RwSignal::new(0)));
    let lang = Lang(RwSignal::new(config.locale));
    let token = Token(RwSignal::new(None));
    let host = Host(Arc::new(HostBridge::new(config.host_origins.clone())));
    // What the analyst had on the page before a reload or a closed tab.
    let saved = crate::session::Session::load();
    let pasted = Pasted(RwSignal::new(saved.pasted));
    let desk = DeskState(RwSignal::new(Desk::new(saved.decisions, saved.journal)));
    if config.token == TokenSource::Host {
        host.0.listen_for_token(move |t| token.0.set(Some(t)));
    }
    let me = who_is(token, config.api_base.clone());
    provide_context(me);
    provide_imports(config.worker_script.clone(), rules_now);
    let outbox = OutboxStore::load();
    outbox.start_sending(config.api_base.clone(), token.0, me.0);
    provide_context(outbox);
    provide_context(AppConfig(Arc::new(config)));
    super::pack_panel::Packs::provide();
    provide_context(lang);
    provide_context(token);
    provide_context(host.clone());
    provide_context(pasted);
    let source_chat = SourceChat(RwSignal::new(saved.source));
    provide_context(source_chat);
    save_session(desk, pasted, source_chat);
    // Pasted messages are flagged with the chat the analyst names.
    let pasted_target = Signal::derive(move || source_chat.0.with(|text| parse_chat(text).ok()).map(pasted_target));
    provide_context(desk);
    provide_context(Selected(RwSignal::new(None)));
    provide_context(super::PhotoView::new());
    provide_context(super::keyboard::DeskView::new());
    provide_context(pasted_target);

    tell_host(host, outbox);

    let reviewer_only =
        Memo::new(move |_| me.0.with(|m| m.as_ref().is_some_and(|i| i.role == tapis_wire::Role::Reviewer)));
    let analyst_desk = RwSignal::new(false);
    view! {
        <div class="tapis" lang=move || lang.0.get().tag()>
            <TopBar />
            <main class="workspace" class:reviewing=reviewer_only>
                <div class="intake">
                    <TokenField />
                    <ReviewPanel />
                </div>
                // A reviewer's view is the review queue; the analyst's desk is one click away.
                <Show
                    when=move || !reviewer_only.get() || analyst_desk.get()
                    fallback=move || view! {
                        <button type="button" class="show-desk" data-testid="show-analyst-desk" on:click=move |_| analyst_desk.set(true)>
                            {move || lang.texts().show_analyst_desk}
                        </button>
                    }
                >
                    <AnalystDesk pack_notice=pack_notice.clone() />
                </Show>
            </main>
        </div>
    }
    .into_any()
}

/// Who the token is, as the server says, and so which panels apply (a reviewer gets the review queue): asked
/// again whenever the token changes.
fn who_is(token: Token, api_base: String) -> Me {
    let identity = LocalResource::new(move || {
        let (token, api_base) = (token.0.get(), api_base.clone());
        async move { crate::api::me(&api_base, &token?).await.ok() }
    });
    Me(Signal::derive(move || identity.get().flatten()))
}

/// The imports on the page, their chats' usernames and the controller that runs them; imports outlive the page:
/// kept in IndexedDB, and the kept ones read again now.
fn provide_imports(worker_script: Option<String>, rules_now: crate::import::Request) {
    let imports = Imports(RwSignal::new(Vec::new()));
    let usernames = ChatUsernames(RwSignal::new(Default::default()));
    provide_context(usernames);
    let control = Controller::new(worker_script, imports.0, usernames.0);
    let kept = KeptImports(StoredValue::new_local(ImportKeeper::start(control.clone(), imports.0, rules_now)));
    provide_context(kept);
    provide_context(imports);
    provide_context(ImportControl(StoredValue::new_local(control)));
}

/// The host page learns that the app is ready, and where the confirmed flags are whenever that changes.
fn tell_host(host: Host, outbox: OutboxStore) {
    let counts = Memo::new(move |_| outbox.outbox.with(|o| o.counts()));
    Effect::new({
        let host = host.clone();
        move |_| host.0.notify(HostEvent::Outbox(counts.get()))
    });
    host.0.notify(HostEvent::Ready { version: env!("CARGO_PKG_VERSION") });
}

/// Saves the session after a pause in typing (a decision is saved as soon as the pause ends, before any reload can
/// happen in practice; the flags themselves are in the outbox, which is written at once).
fn save_session(desk: DeskState, pasted: Pasted, source_chat: SourceChat) {
    let pending = StoredValue::new_local(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let (decisions, journal) = desk.0.with(|d| (d.decisions().clone(), d.journal().clone()));
        let session =
            crate::session::Session { pasted: pasted.0.get(), source: source_chat.0.get(), decisions, journal };
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
}

/// The title, the tagline, the button that clears the session, and the language.
#[component]
fn TopBar() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let (pasted, source_chat) = (expect_context::<Pasted>().0, expect_context::<SourceChat>().0);
    let (desk, imports, kept) =
        (expect_context::<DeskState>().0, expect_context::<Imports>().0, expect_context::<KeptImports>().0);
    let clear_session = move |_| {
        let question = lang.texts().clear_session_confirm;
        if web_sys::window().and_then(|w| w.confirm_with_message(question).ok()) != Some(true) {
            return;
        }
        pasted.set(String::new());
        source_chat.set(String::new());
        desk.update(Desk::clear);
        imports.set(Vec::new());
        kept.with_value(|k| k.clear());
        crate::session::Session::clear();
    };
    view! {
        <header class="topbar">
            <h1>"Tapis"</h1>
            <p class="tagline">{move || lang.texts().tagline}</p>
            <button type="button" class="clear-session" data-testid="clear-session" on:click=clear_session>
                {move || lang.texts().clear_session}
            </button>
            <LanguageSwitch />
        </header>
    }
}

/// The analyst's side: input first and compact, then the desk (queue and inspector); what follows a decision up
/// (the outbox, the analyst's flags) and the rule packs below it, never pushing the queue away.
#[component]
fn AnalystDesk(pack_notice: Option<String>) -> impl IntoView {
    view! {
        <div class="intake input">
            <SourceField />
            <ImportPanel />
            <PasteArea />
        </div>
        // Everything that reads `Rules` goes inside: it is rendered again with the new rules.
        <RulesScope>
            <div class="intake">
                <ImportedList />
                <super::PhotoTools />
            </div>
            <Desk />
        </RulesScope>
        <div class="intake follow-up">
            <OutboxPanel />
            <NewDomains />
            <Blocklists />
            <MyFlags />
            <PackPanel notice=pack_notice />
        </div>
    }
}

/// The pasted messages with their links (found by the worker's module, loaded on the page once something is
/// pasted; found again when the paste or the blocklists change).
fn pasted_links(scanned: Memo<Vec<crate::workspace::ScannedMessage>>) -> Memo<Vec<crate::workspace::ScannedMessage>> {
    let lists = expect_context::<super::ListsVersion>().0;
    let found = RwSignal::new(Vec::<(crate::message_key::MessageKey, Vec<tapis_wire::EvidenceLink>)>::new());
    let asked = StoredValue::new(0_u32);
    Effect::new(move |_| {
        lists.track();
        let (keys, texts): (Vec<_>, Vec<_>) = scanned.with(|m| m.iter().map(|m| (m.key, m.text.clone())).unzip());
        if texts.is_empty() {
            return found.set(Vec::new());
        }
        let this = asked.get_value().wrapping_add(1);
        asked.set_value(this);
        wasm_bindgen_futures::spawn_local(async move {
            match crate::links::links_of_paste(texts).await {
                // Only the latest paste's answer counts.
                Ok(links) if !asked.is_disposed() && asked.get_value() == this => {
                    found.set(keys.into_iter().zip(links).collect());
                }
                Err(error) => leptos::logging::warn!("Tapis: the pasted messages' links were not found: {error}"),
                _ => {}
            }
        });
    });
    Memo::new(move |_| {
        let mut messages = scanned.get();
        found.with(|found| {
            for message in &mut messages {
                if let Some((_, links)) = found.iter().find(|(key, _)| *key == message.key) {
                    message.found_links = links.clone();
                }
            }
        });
        messages
    })
}

/// The triage desk over the rules in force: the campaigns, the queue, the inspector and the keys.
#[component]
fn Desk() -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    let pasted = expect_context::<Pasted>().0;
    let pasted_target = expect_context::<Signal<Option<tapis_wire::MessageTarget>>>();
    let scanned = {
        let rules = rules.clone();
        Memo::new(move |_| pasted.with(|text| scan_paste(&rules, text)))
    };
    let messages = pasted_links(scanned);
    let choice = expect_context::<PackChoices>().0.get_untracked();
    let triage = Triage::new(rules, choice.clone(), messages, pasted_target);
    provide_context(triage);
    // The imports' campaigns, grouped on the page from the keys the worker computed.
    provide_context(CampaignView::new(triage, choice));
    provide_context(Viewport::new());
    provide_context(SearchField::new());
    view! {
        <KeyboardTriage />
        <Campaigns />
        <div class="desk">
            <Queue />
            <Inspector />
        </div>
    }
}
