//! Component tests of the app in a real browser (headless Chromium through wasm-bindgen-test-runner).
//!
//! Each test mounts the whole app into its own container, acts as the analyst would (types into the paste area,
//! clicks buttons) and checks the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tapis_app::App;
use tapis_app::config::{Config, Settings, TokenSource};
use tapis_app::i18n::Locale;
use tapis_app::ui::ConfigError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    container: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount() -> Mounted {
    mount_with(Settings::default())
}

/// Mounts the app with these settings over the defaults; the API base stays relative to the test page.
fn mount_with(settings: Settings) -> Mounted {
    // Each test starts with an empty outbox and no token (the page is shared by every test).
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    window.session_storage().unwrap().unwrap().clear().unwrap();
    // And no kept imports: the app opens the database only after this deletion (IndexedDB runs them in order).
    window.indexed_db().unwrap().unwrap().delete_database(tapis_app::import::file_store::DATABASE).unwrap();
    remount(settings)
}

/// Mounts the app again without clearing what the browser keeps, as a reload does. Confirmations leave at once
/// unless a test sets a hold (the app's own default holds them 5 s, for `u` to take them back).
fn remount(settings: Settings) -> Mounted {
    let settings = Settings { hold_seconds: settings.hold_seconds.or(Some(0)), ..settings };
    // The test page starts no worker: imports run on the page, with the job linked into this test module.
    tapis_app::import::runner::run_here();
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = match Config::new(settings, |url| Ok(url.to_owned())) {
        Ok(config) => leptos::mount::mount_to(container.clone(), move || view! { <App config /> }.into_any()),
        Err(error) => leptos::mount::mount_to(container.clone(), move || view! { <ConfigError error /> }.into_any()),
    };
    Mounted { container, _handle: handle }
}

fn own_origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

/// A `message` event as a host page at `origin` would send it.
fn message_from(origin: &str, data: &str) {
    let init = web_sys::MessageEventInit::new();
    init.set_origin(origin);
    init.set_data(&js_sys::JSON::parse(data).unwrap());
    let event = web_sys::MessageEvent::new_with_event_init_dict("message", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.container.query_selector_all(selector).unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.container.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    /// Sets a field's value the way the browser reports typing: a value change and a bubbling `input` event.
    async fn fill(&self, selector: &str, value: &str) {
        let field = self.one(selector);
        js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        field.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        leptos::task::tick().await;
    }

    async fn paste(&self, text: &str) {
        self.fill("[data-testid=paste]", text).await;
    }

    async fn set_source(&self, source: &str) {
        self.fill("[data-testid=source-chat]", source).await;
    }

    async fn set_token(&self, token: &str) {
        self.fill("[data-testid=token]", token).await;
    }

    /// Chooses `value` in the select matching `selector`, as the analyst does.
    async fn select(&self, selector: &str, value: &str) {
        let select: web_sys::HtmlSelectElement = self.one(selector).unchecked_into();
        select.set_value(value);
        select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        leptos::task::tick().await;
    }

    async fn click(&self, selector: &str) {
        self.one(selector).unchecked_into::<HtmlElement>().click();
        leptos::task::tick().await;
    }

    /// Waits (up to 5 s) until the element matching `selector` exists.
    async fn wait_for(&self, selector: &str) -> Element {
        self.wait_for_within(selector, 5).await
    }

    /// Waits (up to `seconds`) until the element matching `selector` exists.
    async fn wait_for_within(&self, selector: &str, seconds: u32) -> Element {
        for _ in 0..seconds * 20 {
            if let Some(found) = self.container.query_selector(selector).unwrap() {
                return found;
            }
            sleep_ms(50).await;
        }
        panic!("{selector} did not appear within {seconds} s; the page holds: {}", self.container.inner_text());
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn highlights_each_match_as_a_mark_carrying_its_rule() {
    let app = mount();
    app.paste("Info SLOT gacor hari ini, maxwin!\n\nRapat koordinasi jam 9").await;

    // The queue shows the candidates; the plain message is a filter away.
    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "1 ditampilkan · 2 pesan, 1 kandidat");
    assert_eq!(app.all("[data-testid=message]").len(), 1);
    app.select("[data-testid=filter-matches]", "all").await;
    assert_eq!(app.all("[data-testid=message]").len(), 2);
    let marks = app.all("[data-testid=queue] mark");
    let texts: Vec<String> = marks.iter().map(|m| m.text_content().unwrap()).collect();
    assert_eq!(texts, ["SLOT gacor", "maxwin"]);
    for mark in &marks {
        assert_eq!(mark.get_attribute("data-rule").as_deref(), Some("perjudian.slot-gacor"));
        assert_eq!(mark.get_attribute("data-category").as_deref(), Some("perjudian"));
        assert_eq!(mark.get_attribute("data-severity").as_deref(), Some("high"));
    }
    // The plain message has no buttons; the candidate has both.
    assert_eq!(app.all("[data-testid=confirm]").len(), 1);
    assert_eq!(app.all("[data-testid=reject]").len(), 1);
}

#[wasm_bindgen_test]
async fn pasted_markup_is_shown_as_text_and_runs_nothing() {
    let app = mount();
    let payload = "<img src=x onerror=\"window.__tapisPwned=1\"> slot gacor <script>window.__tapisPwned=2</script>";
    app.paste(payload).await;

    assert!(app.all("img, script").is_empty(), "pasted markup became elements");
    assert_eq!(app.one(".message-text").text_content().unwrap(), payload);
    assert_eq!(app.one("mark").text_content().unwrap(), "slot gacor");
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__tapisPwned".into()).unwrap();
    assert!(pwned.is_undefined(), "pasted script ran");
}

#[wasm_bindgen_test]
async fn reject_then_undo_reopens_the_message() {
    let app = mount();
    app.paste("jual sabu murah").await;
    let message = app.one("[data-testid=message]");
    assert_eq!(message.get_attribute("data-state").as_deref(), Some("open"));

    app.click("[data-testid=reject]").await;
    assert_eq!(message.get_attribute("data-state").as_deref(), Some("false-positive"));
    assert!(app.all("[data-testid=confirm]").is_empty());

    app.click("[data-testid=undo]").await;
    assert_eq!(message.get_attribute("data-state").as_deref(), Some("open"));
}

#[wasm_bindgen_test]
async fn decisions_stay_with_their_message_when_the_paste_changes() {
    let app = mount();
    app.paste("jual sabu murah").await;
    app.click("[data-testid=reject]").await;
    app.paste("slot gacor malam ini\n\njual sabu murah").await;

    let states: Vec<Option<String>> =
        app.all("[data-testid=message]").iter().map(|m| m.get_attribute("data-state")).collect();
    assert_eq!(states, [Some("open".into()), Some("false-positive".into())]);
}

/// The test runner's own web server has no Tapis API, so the server refuses the flag: the message must say so
/// and why, and offer to send it again; the outbox lists it.
#[wasm_bindgen_test]
async fn a_flag_the_server_refuses_says_why_and_can_be_sent_again() {
    let app = mount();
    app.set_token(&format!("tapis_{}", "0".repeat(64))).await;
    app.paste("Bom bunuh diri itu amaliyah").await;
    app.set_source("@kabar_daulah").await;
    app.click("[data-testid=confirm]").await;

    let refused = app.wait_for("[data-testid=message][data-state=rejected]").await;
    let outcome = refused.query_selector("[data-testid=outcome]").unwrap().unwrap().text_content().unwrap();
    assert!(outcome.starts_with("Gagal mengirim: ditolak server (HTTP 4"), "{outcome}");
    assert!(refused.query_selector("[data-testid=retry]").unwrap().is_some());
    let entry = app.one("[data-testid=outbox-entry]");
    assert_eq!(entry.get_attribute("data-state").as_deref(), Some("rejected"));
}

/// The API calls the page has made since `performance.clearResourceTimings()` (the browser's own record of its
/// requests, answered or not).
fn api_requests() -> Vec<String> {
    let entries = web_sys::window().unwrap().performance().unwrap().get_entries_by_type("resource");
    entries
        .iter()
        .map(|entry| entry.unchecked_into::<web_sys::PerformanceEntry>().name())
        .filter(|url| url.contains("/api/v1/"))
        .collect()
}

/// Typing a token key by key asks the server nothing while it is not a whole token (it once sent a `/me` and a
/// `/flags` request per keystroke, each refused), and says so under the field; the whole token is asked about once.
#[wasm_bindgen_test]
async fn typing_a_token_asks_the_server_only_once_it_is_whole() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance.set_resource_timing_buffer_size(10_000);
    let app = mount();
    sleep_ms(200).await;
    performance.clear_resource_timings();
    let token = format!("tapis_{}", "5e".repeat(32));
    for end in 1..token.len() {
        app.set_token(&token[..end]).await;
    }
    sleep_ms(500).await;
    assert_eq!(api_requests(), Vec::<String>::new());
    let field = app.one("[data-testid=token]");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(app.one("[data-testid=token-incomplete]").text_content().unwrap().contains("64"));

    app.set_token(&token).await;
    app.wait_until("the server asked who the token is", || api_requests().iter().any(|url| url.ends_with("/me"))).await;
    sleep_ms(500).await;
    let asked = api_requests();
    assert_eq!(asked.iter().filter(|url| url.ends_with("/me")).count(), 1, "{asked:?}");
    assert!(
        asked.len() <= 4,
        "one question each for who the token is, its flags, its review queue, the server's blocklists: {asked:?}"
    );
    assert!(app.container.query_selector("[data-testid=token-incomplete]").unwrap().is_none());
    assert_eq!(app.one("[data-testid=token]").get_attribute("aria-invalid").as_deref(), Some("false"));
}

/// `a` no longer sends at once: the confirmation is held (here 3 s), the card counts down, and `u` takes it back
/// before anything leaves the browser; left alone, it leaves when its time is up.
#[wasm_bindgen_test]
async fn a_confirmation_is_held_with_a_countdown_and_u_takes_it_back() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance.set_resource_timing_buffer_size(10_000);
    let app = mount_with(Settings { hold_seconds: Some(3), ..Settings::default() });
    app.set_token(&format!("tapis_{}", "0".repeat(64))).await;
    app.set_source("@infonarkoba").await;
    app.paste("jual sabu murah").await;
    sleep_ms(300).await;
    performance.clear_resource_timings();
    let posted = || api_requests().iter().filter(|url| url.ends_with("/api/v1/flags")).count();
    let outcome = || app.one("[data-testid=message] [data-testid=outcome]").text_content().unwrap();

    press("j", None).await;
    press("a", None).await;
    assert!(outcome().starts_with("Dikirim dalam 3 detik · u untuk membatalkan"), "{}", outcome());
    app.wait_until("the countdown going down", || outcome().starts_with("Dikirim dalam 2 detik")).await;
    press("u", None).await;
    assert_eq!(state_of(&app, "sabu"), "open");
    assert!(outbox_flags().is_empty(), "taken back from the outbox");
    sleep_ms(2_500).await;
    assert_eq!(posted(), 0, "nothing left the browser");

    press("a", None).await;
    assert_eq!(posted(), 0, "held again");
    app.wait_until("the flag leaving when its time is up", || posted() == 1).await;
}

#[wasm_bindgen_test]
async fn a_flag_confirmed_without_a_token_waits_for_one_and_outlives_the_page() {
    let app = mount();
    app.paste("jual sabu murah").await;
    app.set_source("@infonarkoba").await;
    app.click("[data-testid=confirm]").await;
    sleep_ms(600).await; // longer than the sender's idle wait: nothing may have been sent

    let message = app.one("[data-testid=message]");
    assert_eq!(message.get_attribute("data-state").as_deref(), Some("queued"));
    let outcome = app.one("[data-testid=outcome]").text_content().unwrap();
    assert_eq!(outcome, "Dalam antrean (menunggu token analis)");
    let id = app.one("[data-testid=outbox-entry]").get_attribute("data-flag-id").unwrap();
    drop(app);

    // A reload: the pasted text is gone, the confirmed flag is not.
    let again = remount(Settings::default());
    let entries = again.all("[data-testid=outbox-entry]");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].get_attribute("data-flag-id"), Some(id));
    assert_eq!(entries[0].get_attribute("data-state").as_deref(), Some("queued"));
}

#[wasm_bindgen_test]
async fn switching_to_english_relabels_the_interface() {
    let app = mount();
    app.paste("jual sabu murah\n\nrapat jam 9").await;
    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "1 ditampilkan · 2 pesan, 1 kandidat");
    assert_eq!(app.one("[data-testid=confirm]").text_content().unwrap(), "Konfirmasi");
    // Severities read in the interface's language too.
    let severity = || app.one("[data-testid=queue] [data-testid=severity]").text_content().unwrap();
    let code = app.one("[data-testid=queue] [data-testid=message]").get_attribute("data-severity").unwrap();
    let indonesian = [("low", "rendah"), ("medium", "sedang"), ("high", "tinggi"), ("critical", "kritis")];
    assert_eq!(Some(severity().as_str()), indonesian.iter().find(|(c, _)| *c == code).map(|(_, name)| *name));

    let select: web_sys::HtmlSelectElement = app.one("[data-testid=language]").unchecked_into();
    select.set_value("en");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;

    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "1 shown · 2 messages, 1 candidate");
    assert_eq!(app.one("[data-testid=confirm]").text_content().unwrap(), "Confirm");
    assert_eq!(severity(), code);
    assert_eq!(app.one(".tapis").get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn the_configured_locale_applies_from_the_start() {
    let app = mount_with(Settings { locale: Some(Locale::En), ..Settings::default() });
    app.paste("jual sabu murah").await;
    assert_eq!(app.one("[data-testid=reject]").text_content().unwrap(), "Reject");
}

#[wasm_bindgen_test]
async fn a_token_is_taken_only_from_a_configured_host_origin() {
    let app = mount_with(Settings {
        token: Some(TokenSource::Host),
        host_origins: Some(vec![own_origin()]),
        ..Settings::default()
    });
    let state = || app.one("[data-testid=token-state]").text_content().unwrap();
    assert_eq!(state(), "Menunggu token dari portal…");

    let handover = r#"{"source": "tapis-host", "type": "token", "token": "tapis_secret"}"#;
    message_from("https://evil.example", handover);
    leptos::task::tick().await;
    assert_eq!(state(), "Menunggu token dari portal…", "a foreign origin must not hand over a token");

    message_from(&own_origin(), r#"{"source": "somebody", "type": "token", "token": "x"}"#);
    leptos::task::tick().await;
    assert_eq!(state(), "Menunggu token dari portal…", "only tapis-host messages count");

    message_from(&own_origin(), handover);
    leptos::task::tick().await;
    assert_eq!(state(), "Token diterima dari portal");
}

#[wasm_bindgen_test]
async fn a_misconfiguration_is_shown_instead_of_a_half_working_app() {
    let app = mount_with(Settings { packs: Some(vec!["no-such-pack".into()]), ..Settings::default() });
    let error = app.one("[data-testid=config-error]").text_content().unwrap();
    assert!(error.contains("no-such-pack") && error.contains("tapis-perjudian"), "{error}");
    assert!(app.all("[data-testid=paste]").is_empty());

    let app = mount_with(Settings { host_origins: Some(vec!["portal.example".into()]), ..Settings::default() });
    assert!(app.one("[data-testid=config-error]").text_content().unwrap().contains("portal.example"));
}

#[wasm_bindgen_test]
async fn a_disguised_term_is_highlighted_on_the_characters_the_analyst_sees_and_explained() {
    let app = mount();
    app.paste("Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini\n\nready s.a.b.u murah").await;

    let marks = app.all("mark");
    let texts: Vec<String> = marks.iter().map(|m| m.text_content().unwrap()).collect();
    // The drug rule needs a drug word and a selling word, and shows both as its evidence.
    assert_eq!(texts, ["𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍", "ready", "s.a.b.u", "murah"]);
    assert!(marks[0].get_attribute("data-folds").unwrap().contains("compatibility"));
    assert!(marks[2].get_attribute("data-folds").unwrap().contains("separator"));
    assert_eq!(marks[2].get_attribute("data-rule").as_deref(), Some("narkoba.jual-beli"));
    let title = marks[0].get_attribute("title").unwrap();
    assert!(title.contains("perjudian.slot-gacor") && title.contains("\u{201c}slot gacor\u{201d}"), "{title}");
    assert!(title.contains("huruf bergaya"), "the explanation names the fold in the analyst's language: {title}");
    let disguises: Vec<String> =
        app.all("[data-testid=disguise]").iter().map(|d| d.get_attribute("data-folds").unwrap()).collect();
    assert_eq!(disguises.len(), 2, "both messages are marked as disguised");
}

#[wasm_bindgen_test]
async fn confirming_waits_for_a_valid_source_chat() {
    let app = mount();
    app.paste("jual sabu murah").await;
    let confirm: web_sys::HtmlButtonElement = app.one("[data-testid=confirm]").unchecked_into();
    assert!(confirm.disabled(), "a flag must name its chat");
    assert_eq!(app.one("[data-testid=source-needed]").text_content().unwrap(), "Isi sumber kanal untuk mengonfirmasi");

    app.set_source("@abc").await;
    let confirm: web_sys::HtmlButtonElement = app.one("[data-testid=confirm]").unchecked_into();
    assert!(confirm.disabled());
    assert!(app.one(".field-error").text_content().unwrap().contains("5 to 32"));

    app.set_source("Grup Cuan Harian").await;
    let confirm: web_sys::HtmlButtonElement = app.one("[data-testid=confirm]").unchecked_into();
    assert!(!confirm.disabled());
    assert!(app.all("[data-testid=source-needed], .field-error").is_empty());
}

/// Pastes `text` as the browser does from the clipboard: a `paste` event carrying the text. `false` when this
/// browser cannot make such an event: Firefox hands a script-made paste event's data to nobody (its
/// `DataTransfer` is protected), so there the paste path is left to real pastes.
fn paste_from_clipboard(target: &Element, text: &str) -> bool {
    let agent = web_sys::window().unwrap().navigator().user_agent().unwrap_or_default();
    if agent.contains("Firefox/") {
        return false;
    }
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text/plain", text).unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let event = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    if event.clipboard_data().is_none() {
        return false;
    }
    target.dispatch_event(&event).unwrap();
    true
}

#[wasm_bindgen_test]
async fn text_copied_out_of_telegram_is_read_with_its_senders_and_dates() {
    let app = mount();
    let copied = "dicha?, [25/06/2022 07:25]\nhttps://youtu.be/TbP2B1ijWr8\n\n\
                  Ronny Gunawan, [25/06/2022 07:51]\nstill, yang dia sampaikan masih fokus ke messaging\n\n\
                  Budi, [25/06/2022 08:00]\ninfo slot gacor malam ini";
    if !paste_from_clipboard(&app.one("[data-testid=paste]"), copied) {
        web_sys::console::warn_1(&"this browser cannot simulate a paste with data; tested in the others".into());
        return;
    }
    // Read as an import (here on the page: the test page starts no worker), not split into blank-line blocks.
    let import = app.wait_for("[data-testid=import][data-format=copied_text]").await;
    assert_eq!(import.get_attribute("data-read-in").as_deref(), Some("page"));
    let summary = app.one("[data-testid=import-summary]");
    assert_eq!(summary.get_attribute("data-messages").as_deref(), Some("3"));
    assert_eq!(summary.get_attribute("data-candidates").as_deref(), Some("1"));
    assert!(app.all("[data-testid=pasted-as-import]").len() == 1, "the analyst is told where the paste went");
    assert_eq!(app.one("[data-testid=paste]").unchecked_into::<web_sys::HtmlTextAreaElement>().value(), "");
    // The candidate comes first, with who wrote it and when (the copy gives local time only).
    let first = app.one("[data-testid=queue] [data-testid=message]");
    assert!(first.class_list().contains("candidate"));
    let sender = first.query_selector("[data-testid=sender]").unwrap().unwrap().text_content().unwrap();
    assert_eq!(sender, "Budi");
    let date = first.query_selector("[data-testid=date]").unwrap().unwrap().text_content().unwrap();
    assert_eq!(date, "2022-06-25 08:00 (waktu lokal pengekspor)");
    assert_eq!(first.query_selector("mark").unwrap().unwrap().text_content().unwrap(), "slot gacor");
}

/// A key pressed with the focus on `target` (the page's body when `None`).
async fn press(key: &str, target: Option<&Element>) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let body: Element = web_sys::window().unwrap().document().unwrap().body().unwrap().unchecked_into();
    target.unwrap_or(&body).dispatch_event(&event).unwrap();
    leptos::task::tick().await;
}

/// The decision state (`data-state`) of the card whose text holds `text`.
fn state_of(app: &Mounted, text: &str) -> String {
    let cards = app.all("[data-testid=queue] [data-testid=message]");
    let card = cards.iter().find(|c| c.text_content().unwrap().contains(text));
    card.unwrap_or_else(|| panic!("no card holds {text:?}")).get_attribute("data-state").unwrap()
}

/// No keyboard traps: Escape leaves any field for the queue (the search keeps its text), Enter in the search goes
/// to the first message found, `n` goes to the next message still to decide, `c` and `e` to the inspector's fields.
#[wasm_bindgen_test]
async fn escape_leaves_every_field_and_enter_in_the_search_goes_to_the_first_found() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("Info slot gacor malam ini\n\njual sabu murah\n\nslot gacor pagi ini\n\ndeposit pulsa tanpa potongan")
        .await;
    let active = || web_sys::window().unwrap().document().unwrap().active_element();
    let focused_message = || active().filter(|e| e.get_attribute("data-testid").as_deref() == Some("message"));
    let selected = || app.one("[data-testid=message].selected .message-text").text_content().unwrap();

    let paste: HtmlElement = app.one("[data-testid=paste]").unchecked_into();
    paste.focus().unwrap();
    press("Escape", Some(&paste)).await;
    // The row takes the focus in the next frame, which a loaded machine's WebKit can take well over 50 ms to draw.
    app.wait_until("Escape in the paste box returns to the queue", || focused_message().is_some()).await;
    let card = focused_message().unwrap();
    let card_text = card.query_selector(".message-text").unwrap().unwrap().text_content().unwrap();
    assert_eq!(card_text, selected(), "the selected message, the first when none was");
    press("/", None).await;
    let search = app.one("[data-testid=search]");
    assert_eq!(active(), Some(search.clone()));
    app.fill("[data-testid=search]", "pagi").await;
    press("Enter", Some(&search)).await;
    assert!(selected().contains("slot gacor pagi"), "{}", selected());
    app.wait_until("Enter in the search focuses the first found", || {
        focused_message().is_some_and(|m| m.text_content().unwrap().contains("pagi"))
    })
    .await;
    search.unchecked_ref::<HtmlElement>().focus().unwrap();
    press("Escape", Some(&search)).await;
    app.wait_until("Escape in the search returns to the queue", || focused_message().is_some()).await;
    assert_eq!(search.unchecked_ref::<web_sys::HtmlInputElement>().value(), "pagi", "the search stays");
    app.fill("[data-testid=search]", "").await;

    // n skips what is decided: the first two rejected, back on the first, n goes past the second.
    for _ in 0..3 {
        press("k", None).await;
    }
    let first = selected();
    press("x", None).await;
    press("x", None).await;
    let third = selected();
    press("k", None).await;
    press("k", None).await;
    assert_eq!(selected(), first);
    press("n", None).await;
    assert_eq!(selected(), third);

    press("c", None).await;
    assert_eq!(active().and_then(|e| e.get_attribute("data-testid")).as_deref(), Some("confirm-category"));
    let category = active().unwrap();
    press("Escape", Some(&category)).await;
    press("e", None).await;
    assert_eq!(active().and_then(|e| e.get_attribute("data-testid")).as_deref(), Some("note"));
}

#[wasm_bindgen_test]
async fn the_keyboard_moves_rejects_confirms_skips_undoes_and_redoes() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste(
        "Info slot gacor malam ini\n\nRapat hari Senin pukul 09.00\n\njual sabu murah\n\ndeposit pulsa tanpa potongan",
    )
    .await;
    let selected =
        || app.all("[data-testid=message].selected").iter().map(|m| m.text_content().unwrap()).collect::<Vec<_>>();

    press("j", None).await;
    assert!(selected()[0].contains("slot gacor"), "{:?}", selected());
    // The inspector explains the selected message.
    let inspected = app.one("[data-testid=inspected-match]");
    assert_eq!(inspected.get_attribute("data-rule").as_deref(), Some("perjudian.slot-gacor"));
    assert_eq!(app.one("[data-testid=normalized]").text_content().unwrap(), "slot gacor");

    press("x", None).await;
    assert_eq!(state_of(&app, "slot gacor"), "false-positive");
    assert!(selected()[0].contains("sabu"), "a decision moves on to the next message: {:?}", selected());
    press("a", None).await;
    assert_eq!(state_of(&app, "sabu"), "queued", "confirmed, waiting in the outbox for a token");
    assert!(selected()[0].contains("deposit pulsa"), "{:?}", selected());
    press(" ", None).await;
    assert_eq!(state_of(&app, "deposit pulsa"), "skipped");

    // u takes back the last decisions one by one, the confirmed flag leaving the outbox; U makes them again.
    press("u", None).await;
    assert_eq!(state_of(&app, "deposit pulsa"), "open");
    press("u", None).await;
    assert_eq!(state_of(&app, "sabu"), "open");
    assert!(selected()[0].contains("sabu"), "undo selects what it changed");
    assert_eq!(app.one("[data-testid=outbox-counts]").text_content().unwrap(), "0 antre · 0 terkirim · 0 ditolak");
    press("U", None).await;
    assert_eq!(state_of(&app, "sabu"), "queued");
    assert_eq!(app.one("[data-testid=outbox-counts]").text_content().unwrap(), "1 antre · 0 terkirim · 0 ditolak");
    press("u", None).await;
    press("u", None).await;
    assert_eq!(state_of(&app, "slot gacor"), "open");

    // Keys typed into a field are text, not commands; / goes to the search.
    press("x", Some(&app.one("[data-testid=source-chat]"))).await;
    assert_eq!(state_of(&app, "slot gacor"), "open");
    press("/", None).await;
    let active = web_sys::window().unwrap().document().unwrap().active_element().unwrap();
    assert_eq!(active.get_attribute("data-testid").as_deref(), Some("search"));

    press("?", None).await;
    let help = app.one("[data-testid=shortcuts]");
    assert!(help.text_content().unwrap().contains("konfirmasi pesan terpilih"));
    press("Escape", None).await;
    assert!(app.all("[data-testid=shortcuts]").is_empty());
}

#[wasm_bindgen_test]
async fn the_inspector_shows_why_a_disguised_message_matched() {
    let app = mount();
    app.paste("Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini\n\nayo s l o t g a c o r").await;
    press("j", None).await;
    let rule = app.one("[data-testid=inspector] [data-testid=inspected-rule]");
    assert_eq!(rule.get_attribute("data-rule").as_deref(), Some("perjudian.slot-gacor"));
    let lines = app.all("[data-testid=inspector] [data-testid=inspected-match][data-rule='perjudian.slot-gacor']");
    let line = lines.iter().find(|l| l.text_content().unwrap().contains("𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍")).expect("the styled phrase");
    assert_eq!(line.query_selector("[data-testid=normalized]").unwrap().unwrap().text_content().unwrap(), "slot gacor");
    let folds = line.query_selector("[data-testid=folds]").unwrap().unwrap().text_content().unwrap();
    assert_ne!(folds, "–", "the folds that undid the styled letters are named");

    // Letters spelled out one by one, joined again.
    press("j", None).await;
    let line = app.one("[data-testid=inspector] [data-testid=inspected-match]");
    assert!(line.text_content().unwrap().contains("s l o t g a c o r"), "{:?}", line.text_content());
    assert_eq!(line.query_selector("[data-testid=normalized]").unwrap().unwrap().text_content().unwrap(), "slotgacor");
}

#[wasm_bindgen_test]
async fn the_inspector_names_the_signals_of_a_promotion_without_a_known_word() {
    let app = mount();
    app.paste("Salut, ☯𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄☯ selalu on time!").await;
    press("j", None).await;
    let line = app.one("[data-testid=inspector] [data-testid=inspected-match][data-rule='perjudian.nama-menonjol']");
    let signals = line.query_selector("[data-testid=signals]").unwrap().unwrap().text_content().unwrap();
    assert!(signals.contains("satu kata bergaya di kalimat biasa"), "{signals:?}");
    assert!(signals.contains("huruf bergaya"), "{signals:?}");

    app.paste("untung w main di petik4d dari dulu").await;
    press("j", None).await;
    let lines = app.all("[data-testid=inspector] [data-testid=inspected-match][data-rule='perjudian.merek-testimoni']");
    let brand = lines.iter().find(|l| l.text_content().unwrap().contains("petik4d")).expect("the site's name");
    let signals = brand.query_selector("[data-testid=signals]").unwrap().unwrap().text_content().unwrap();
    assert!(signals.contains("nama berbentuk situs"), "{signals:?}");
}

/// A notice is about the last action: moving on to another message puts it away (it stayed up while the analyst
/// worked on others), and `u` still takes the action back.
#[wasm_bindgen_test]
async fn a_notice_goes_when_the_analyst_moves_on_and_undo_still_works() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("slot gacor malam ini\n\nslot gacor pagi ini\n\njual sabu murah").await;
    app.one("[data-testid=rule-tallies]").set_attribute("open", "").unwrap();
    app.click("[data-testid=rule-tally][data-rule=\"perjudian.slot-gacor\"] [data-testid=confirm-rule]").await;
    assert!(app.one("[data-testid=notice]").text_content().unwrap().starts_with("2 pesan dikonfirmasi"));
    press("j", None).await;
    app.wait_until("the notice put away", || app.all("[data-testid=notice]").is_empty()).await;
    press("u", None).await;
    assert_eq!(state_of(&app, "malam ini"), "open", "undo after moving on");
    assert_eq!(state_of(&app, "pagi ini"), "open", "undo after moving on");
}

#[wasm_bindgen_test]
async fn a_rule_s_open_messages_are_confirmed_at_once_tallied_and_undone_at_once() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("slot gacor malam ini\n\nslot gacor pagi ini\n\nSLOT GACOR sore ini\n\njual sabu murah").await;
    app.one("[data-testid=rule-tallies]").set_attribute("open", "").unwrap();
    let tally = |rule: &str, column: &str| {
        app.one(&format!("[data-testid=rule-tally][data-rule=\"{rule}\"] [data-testid={column}]"))
            .text_content()
            .unwrap()
    };
    assert_eq!(tally("perjudian.slot-gacor", "tally-messages"), "3");
    assert_eq!(tally("perjudian.slot-gacor", "tally-precision"), "–");

    app.click("[data-testid=rule-tally][data-rule=\"perjudian.slot-gacor\"] [data-testid=confirm-rule]").await;
    for text in ["malam ini", "pagi ini", "sore ini"] {
        assert_eq!(state_of(&app, text), "queued", "{text}");
    }
    assert_eq!(state_of(&app, "sabu"), "open", "another rule's message is left alone");
    assert_eq!(tally("perjudian.slot-gacor", "tally-confirmed"), "3");
    assert_eq!(tally("perjudian.slot-gacor", "tally-precision"), "100%");
    assert!(app.one("[data-testid=notice]").text_content().unwrap().starts_with("3 pesan dikonfirmasi"));

    // One undo takes the whole bulk action back.
    press("u", None).await;
    for text in ["malam ini", "pagi ini", "sore ini"] {
        assert_eq!(state_of(&app, text), "open", "{text}");
    }
    assert_eq!(app.one("[data-testid=outbox-counts]").text_content().unwrap(), "0 antre · 0 terkirim · 0 ditolak");

    // Marked messages are rejected together.
    let marks = app.all("[data-testid=queue] [data-testid=mark]");
    for mark in &marks[..2] {
        mark.unchecked_ref::<HtmlElement>().click();
    }
    leptos::task::tick().await;
    app.click("[data-testid=reject-marked]").await;
    let rejected = app.all("[data-testid=queue] [data-testid=message][data-state=false-positive]").len();
    assert_eq!(rejected, 2);
    assert_eq!(tally("perjudian.slot-gacor", "tally-rejected"), "2");
    assert_eq!(tally("perjudian.slot-gacor", "tally-precision"), "0%");
}

#[wasm_bindgen_test]
async fn a_confirmation_carries_the_category_and_note_chosen_and_a_rejection_its_reason() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("jual sabu murah\n\nslot gacor malam ini").await;
    press("j", None).await;
    app.select("[data-testid=confirm-category]", "penipuan").await;
    app.fill("[data-testid=note]", "penjual juga menipu pembeli").await;
    app.click("[data-testid=inspector-confirm]").await;
    let outbox =
        web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("tapis.outbox.v1").unwrap().unwrap();
    assert!(outbox.contains("\"category\":\"penipuan\""), "{outbox}");
    assert!(outbox.contains("Catatan analis: penjual juga menipu pembeli"), "{outbox}");

    press("j", None).await;
    app.select("[data-testid=reject-reason]", "reporting").await;
    app.click("[data-testid=inspector-reject]").await;
    let decided = app.one("[data-testid=decided]").text_content().unwrap();
    assert!(decided.starts_with("Ditolak · "), "{decided}");
    assert!(decided.contains("Berita, edukasi atau kontra-narasi"), "the reason and the time are kept: {decided}");
}

#[wasm_bindgen_test]
async fn filters_narrow_the_queue_and_count_what_they_hold() {
    let app = mount();
    app.paste("jual sabu murah\n\nslot gacor malam ini\n\nslot gacor pagi ini\n\nrapat jam 9").await;
    assert_eq!(app.all("[data-testid=queue] [data-testid=message]").len(), 3);
    app.select("[data-testid=filter-category]", "narkoba").await;
    assert_eq!(app.all("[data-testid=queue] [data-testid=message]").len(), 1);
    app.select("[data-testid=filter-category]", "").await;
    app.fill("[data-testid=search]", "PAGI").await;
    let shown = app.all("[data-testid=queue] [data-testid=message]");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].text_content().unwrap().contains("slot gacor pagi ini"));
    app.fill("[data-testid=search]", "").await;
    app.select("[data-testid=filter-matches]", "without").await;
    let shown = app.all("[data-testid=queue] [data-testid=message]");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].text_content().unwrap().contains("rapat jam 9"));
    // Each option counts what choosing it would show, the other filters as they are: without matches, no message
    // has a category, and the one shown is open.
    let options = |select: &str| -> Vec<String> {
        app.all(&format!("[data-testid={select}] option")).iter().map(|o| o.text_content().unwrap()).collect()
    };
    assert_eq!(options("filter-category"), ["Semua", "perjudian (0)", "narkoba (0)"]);
    assert_eq!(options("filter-state")[1], "Terbuka (1)");
    assert_eq!(options("filter-matches"), ["Dengan kecocokan (3)", "Tanpa kecocokan (1)", "Semua pesan (4)"]);

    // Pasted messages are listed under the source channel the analyst gives (typing it rebuilds nothing else).
    let chat = |app: &Mounted| app.one("[data-testid=filter-chat] option:last-child").text_content().unwrap();
    assert_eq!(chat(&app), "(teks tempelan) (1)");
    app.set_source("@kanal_uji").await;
    assert_eq!(chat(&app), "@kanal_uji (1)");
    app.select("[data-testid=filter-matches]", "with").await;
    assert_eq!(options("filter-category"), ["Semua", "perjudian (2)", "narkoba (1)"]);
    assert_eq!(options("filter-state")[1], "Terbuka (3)");
    let value = app.one("[data-testid=filter-chat] option:last-child").get_attribute("value").unwrap();
    app.select("[data-testid=filter-chat]", &value).await;
    assert_eq!(app.all("[data-testid=queue] [data-testid=message]").len(), 3);
}

#[wasm_bindgen_test]
async fn a_queue_card_always_shows_the_text_of_a_strong_candidate() {
    // The app's own stylesheet, as the page loads it: the card's layout is what is tested.
    let document = web_sys::window().unwrap().document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../style/main.css")));
    document.head().unwrap().append_child(&style).unwrap();
    let app = mount();
    // Many rules and a disguise line fill the footer: the text keeps at least two lines, and the actions show.
    app.paste("Info slot gacor malam ini, maxwin dijamin! Daftar sekarang di 𝐊𝐄𝐋𝐔𝐃𝐀𝐑𝐈𝟗𝟗, modal receh WD cair").await;
    let card = app.one("[data-testid=queue] [data-testid=message]");
    let text: HtmlElement = card.query_selector(".message-text").unwrap().unwrap().unchecked_into();
    let line = web_sys::window()
        .unwrap()
        .get_computed_style(&text)
        .unwrap()
        .unwrap()
        .get_property_value("line-height")
        .unwrap();
    let line: f64 = line.trim_end_matches("px").parse().unwrap_or(16.0);
    assert!(f64::from(text.client_height()) >= 2.0 * line - 1.0, "text {}px, line {line}px", text.client_height());
    // Both measured from the row that holds the card.
    let actions: HtmlElement = card.query_selector(".actions").unwrap().unwrap().unchecked_into();
    let card: HtmlElement = card.unchecked_into();
    let bottom = |e: &HtmlElement| e.offset_top() + e.offset_height();
    assert!(actions.offset_height() > 0 && bottom(&actions) <= bottom(&card), "the actions are inside the card");
    style.remove();
}

#[wasm_bindgen_test]
async fn the_search_sees_through_styled_and_fullwidth_letters() {
    let app = mount();
    app.paste("Salam dari 𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄 semua\n\nSalam dari ＫＥＬＵＤＡＲＩ juga\n\nselamat pagi").await;
    app.select("[data-testid=filter-matches]", "all").await;
    app.fill("[data-testid=search]", "keludari").await;
    let shown: Vec<String> =
        app.all("[data-testid=queue] [data-testid=message]").iter().map(|m| m.text_content().unwrap()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown.iter().any(|t| t.contains("𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄")) && shown.iter().any(|t| t.contains("ＫＥＬＵＤＡＲＩ")));
}

/// The flags in the outbox, as stored.
fn outbox_flags() -> Vec<serde_json::Value> {
    let stored =
        web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("tapis.outbox.v1").unwrap().unwrap();
    let outbox: serde_json::Value = serde_json::from_str(&stored).unwrap();
    outbox["entries"].as_array().unwrap().iter().map(|entry| entry["flag"].clone()).collect()
}

/// A message the rules missed gets the same decision form as a matched one: it goes out under the category,
/// severity and action the analyst chose, with their note (it once went out as "lainnya", low, review, with no
/// way to say otherwise).
#[wasm_bindgen_test]
async fn a_message_without_matches_is_confirmed_with_what_the_analyst_chooses() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("Mampir ke lapak kami ya kak, bonus tiap hari").await;
    app.select("[data-testid=filter-matches]", "all").await;
    press("j", None).await;
    app.select("[data-testid=confirm-category]", "perjudian").await;
    app.select("[data-testid=confirm-severity]", "high").await;
    let action_default = app.one("[data-testid=confirm-action] option[value='']").text_content().unwrap();
    assert_eq!(action_default, "bawaan (hapus)", "the action the chosen severity suggests");
    app.select("[data-testid=confirm-action]", "restrict").await;
    app.fill("[data-testid=note]", "promosi terselubung").await;
    app.click("[data-testid=inspector-confirm]").await;
    let flags = outbox_flags();
    assert_eq!(flags.len(), 1);
    let classification = &flags[0]["classification"];
    assert_eq!(
        (classification["category"].as_str(), classification["severity"].as_str()),
        (Some("perjudian"), Some("high"))
    );
    assert_eq!(flags[0]["requested_action"], "restrict");
    assert!(classification["explanation"].as_str().unwrap().contains("Catatan analis: promosi terselubung"));
    let decided = app.one("[data-testid=decided]").text_content().unwrap();
    assert!(decided.contains("perjudian") && decided.contains("tinggi") && decided.contains("batasi"), "{decided}");
}

/// Messages found by searching, marked and confirmed at once, go out under what the bulk bar says; those the
/// rules matched keep their own severity unless it says otherwise.
#[wasm_bindgen_test]
async fn a_bulk_confirmation_carries_the_category_and_note_chosen_for_it() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste(
        "Mampir ke lapak ALXS kak\n\nAyo ke lapak ALXS sekarang\n\nselamat pagi\n\nInfo slot gacor di lapak ALXS",
    )
    .await;
    app.select("[data-testid=filter-matches]", "all").await;
    app.fill("[data-testid=search]", "alxs").await;
    assert!(app.container.query_selector("[data-testid=bulk-fields]").unwrap().is_none(), "nothing marked yet");
    app.click("[data-testid=mark-shown]").await;
    app.select("[data-testid=bulk-category]", "perjudian").await;
    app.fill("[data-testid=bulk-note]", "kampanye ALXS").await;
    app.click("[data-testid=confirm-marked]").await;
    let flags = outbox_flags();
    assert_eq!(flags.len(), 3, "{flags:?}");
    for flag in &flags {
        assert_eq!(flag["classification"]["category"], "perjudian", "{flag}");
        assert!(flag["classification"]["explanation"].as_str().unwrap().contains("Catatan analis: kampanye ALXS"));
    }
    let severities: Vec<&str> = flags.iter().map(|f| f["classification"]["severity"].as_str().unwrap()).collect();
    assert_eq!(severities.iter().filter(|s| **s == "low").count(), 2, "the two the rules missed: {severities:?}");
    assert!(severities.contains(&"high"), "the slot message keeps its rules' severity: {severities:?}");
}

/// The inspector names a pattern and keeps its regular expression behind a toggle (it once printed the raw
/// `\\b(?:…` in the table): the words matched are in the column before it.
#[wasm_bindgen_test]
async fn a_pattern_s_regular_expression_waits_behind_a_toggle() {
    let app = mount();
    app.paste("Pesan penting, kirim ke 10 grup sekarang juga").await;
    press("j", None).await;
    let pattern = app.one("[data-testid=inspector] [data-testid=pattern]");
    assert_eq!(pattern.tag_name(), "DETAILS");
    assert!(!pattern.unchecked_ref::<web_sys::HtmlDetailsElement>().open(), "closed until asked");
    assert_eq!(pattern.query_selector("summary").unwrap().unwrap().text_content().unwrap(), "pola");
    assert!(pattern.query_selector("code").unwrap().unwrap().text_content().unwrap().starts_with("\\b(?:kirim"));
    let seen = app.one("[data-testid=inspector] [data-testid=normalized]").text_content().unwrap();
    assert_eq!(seen, "kirim ke 10 grup");
}

#[wasm_bindgen_test]
async fn an_arabic_term_is_highlighted_on_its_own_characters_in_a_mixed_direction_message() {
    let app = mount();
    let text = "Kabar: نفذ الأخ عملية استشهادية kemarin";
    app.paste(text).await;
    let mark = app.one("[data-testid=queue] mark");
    assert_eq!(mark.text_content().unwrap(), "عملية استشهادية");
    assert_eq!(mark.get_attribute("data-category").as_deref(), Some("terorisme"));
    let paragraph = app.one("[data-testid=queue] .message-text");
    assert_eq!(paragraph.get_attribute("dir").as_deref(), Some("auto"));
    assert_eq!(paragraph.text_content().unwrap(), text, "the text around the mark is untouched");
}

#[wasm_bindgen_test]
async fn the_paste_the_source_and_the_decisions_outlive_a_reload_and_clearing_asks_first() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("Info slot gacor malam ini\n\njual sabu murah").await;
    app.click("[data-testid=reject]").await;
    // The session is written after a pause in typing.
    sleep_ms(600).await;
    drop(app);

    let app = remount(Settings::default());
    app.wait_for("[data-testid=message]").await;
    sleep_ms(50).await;
    let area: web_sys::HtmlTextAreaElement = app.one("[data-testid=paste]").unchecked_into();
    assert_eq!(area.value(), "Info slot gacor malam ini\n\njual sabu murah");
    let source: web_sys::HtmlInputElement = app.one("[data-testid=source-chat]").unchecked_into();
    assert_eq!(source.value(), "@infojudi88");
    let states: Vec<String> =
        app.all("[data-testid=message]").iter().map(|m| m.get_attribute("data-state").unwrap()).collect();
    assert_eq!(states, ["false-positive", "open"]);
    // So did the undo history, with the decision's time.
    press("u", None).await;
    assert_eq!(state_of(&app, "slot gacor"), "open");
    press("U", None).await;
    assert_eq!(state_of(&app, "slot gacor"), "false-positive");

    // Clearing asks first: declined, nothing changes; accepted, the page and the saved session are empty.
    let window = web_sys::window().unwrap();
    let answer = |yes: bool| {
        let confirm = js_sys::Function::new_no_args(if yes { "return true" } else { "return false" });
        js_sys::Reflect::set(&window, &"confirm".into(), &confirm).unwrap();
    };
    answer(false);
    app.click("[data-testid=clear-session]").await;
    assert_eq!(app.all("[data-testid=message]").len(), 2);
    answer(true);
    app.click("[data-testid=clear-session]").await;
    assert!(app.all("[data-testid=message]").is_empty());
    sleep_ms(600).await;
    drop(app);
    let app = remount(Settings::default());
    leptos::task::tick().await;
    assert!(app.all("[data-testid=message]").is_empty(), "a cleared session stays cleared");
}

// Rule packs (issue #5 item 6): switching packs and rules, importing packs, errors, and the choice kept.

/// A pack of one rule that no built-in pack has.
const LOCAL_PACK: &str = r#"
id = "kanal-lokal"
version = "1"
name = "Kanal lokal"
[[rule]]
id = "lokal.arisan"
category = "penipuan"
severity = "medium"
terms = ["arisan online"]
"#;

impl Mounted {
    /// Picks files (name, text) in the file input matching `selector`, as the analyst does in the file dialog.
    async fn pick(&self, selector: &str, files: &[(&str, &str)]) {
        let input: web_sys::HtmlInputElement = self.one(selector).unchecked_into();
        let transfer = web_sys::DataTransfer::new().unwrap();
        for (name, text) in files {
            let file = tapis_app::ui::text_file(text, name).unwrap();
            transfer.items().add_with_file(&file).unwrap();
        }
        input.set_files(transfer.files().as_ref());
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        input.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
        leptos::task::tick().await;
    }

    /// Waits (up to 5 s) until `done` holds.
    async fn wait_until(&self, what: &str, done: impl Fn() -> bool) {
        for _ in 0..100 {
            if done() {
                return;
            }
            sleep_ms(50).await;
        }
        panic!("{what}: not so within 5 s; the page holds: {}", self.container.inner_text());
    }

    /// The rules behind the highlights, one entry per `<mark>` within `scope`.
    fn marked_rules(&self, scope: &str) -> Vec<String> {
        self.all(&format!("{scope} mark")).iter().map(|m| m.get_attribute("data-rule").unwrap()).collect()
    }
}

#[wasm_bindgen_test]
async fn switching_a_rule_or_a_pack_off_updates_the_highlights_at_once_and_keeps_the_decisions() {
    let app = mount();
    app.paste("Info slot gacor malam ini\n\njual sabu murah").await;
    app.all("[data-testid=reject]")[1].unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(
        app.marked_rules("[data-testid=queue]"),
        ["perjudian.slot-gacor", "narkoba.jual-beli", "narkoba.jual-beli", "narkoba.jual-beli"]
    );
    let summary = app.one("[data-testid=pack-summary]").text_content().unwrap();
    assert!(summary.starts_with("8 dari 8 paket aktif"), "{summary}");

    app.click("[data-testid=rule-toggle][data-rule='perjudian.slot-gacor']").await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["narkoba.jual-beli"; 3]);
    // The message without matches now leaves the queue of candidates; the decision on the other one stays.
    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "1 ditampilkan · 2 pesan, 1 kandidat");
    assert_eq!(state_of(&app, "sabu"), "false-positive", "the decision outlives the new rules");

    app.click("[data-testid=pack-toggle][data-pack='tapis-narkoba']").await;
    assert!(app.marked_rules("[data-testid=queue]").is_empty());
    assert!(app.one("[data-testid=pack-summary]").text_content().unwrap().starts_with("7 dari 8 paket aktif"));

    app.click("[data-testid=rule-toggle][data-rule='perjudian.slot-gacor']").await;
    app.click("[data-testid=pack-toggle][data-pack='tapis-narkoba']").await;
    assert_eq!(app.marked_rules("[data-testid=queue]").len(), 4);
    let toggle: web_sys::HtmlInputElement =
        app.one("[data-testid=rule-toggle][data-rule='perjudian.slot-gacor']").unchecked_into();
    assert!(toggle.checked());
}

#[wasm_bindgen_test]
async fn an_imported_pack_highlights_at_once_and_a_broken_one_is_refused_naming_rule_and_field() {
    let app = mount();
    app.paste("Ayo ikut arisan online, slot gacor").await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["perjudian.slot-gacor"]);

    app.pick("[data-testid=pack-file-input]", &[("lokal.toml", LOCAL_PACK)]).await;
    app.wait_until("the imported rule highlights", || app.marked_rules("[data-testid=queue]").len() == 2).await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["lokal.arisan", "perjudian.slot-gacor"]);
    let pack = app.one("[data-testid=pack][data-pack='kanal-lokal']");
    assert!(pack.text_content().unwrap().contains("v1"), "{:?}", pack.text_content());
    assert_eq!(app.one("[data-pack='kanal-lokal'] [data-testid=pack-origin]").text_content().unwrap(), "diimpor");
    assert!(app.all("[data-testid=pack-error]").is_empty());

    // A broken pack: refused with the file, the rule and the field; nothing else changes.
    let broken = LOCAL_PACK
        .replace("kanal-lokal", "kanal-rusak")
        .replace("lokal.arisan", "rusak.judi")
        .replace("\"medium\"", "\"gawat\"");
    app.pick("[data-testid=pack-file-input]", &[("rusak.toml", &broken)]).await;
    let alert = app.wait_for("[data-testid=pack-error][role=alert]").await.text_content().unwrap();
    for wanted in ["rusak.toml", "rule `rusak.judi`", "severity", "gawat"] {
        assert!(alert.contains(wanted), "{alert:?} should name {wanted:?}");
    }
    assert!(app.all("[data-testid=pack][data-pack='kanal-rusak']").is_empty());
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["lokal.arisan", "perjudian.slot-gacor"]);
    assert_eq!(app.all("[data-testid=pack]").len(), 9);

    // A pack whose rule id another pack already uses: refused too, naming the rule.
    let clash = LOCAL_PACK.replace("kanal-lokal", "kanal-bentrok");
    app.pick("[data-testid=pack-file-input]", &[("bentrok.toml", &clash)]).await;
    app.wait_until("the clash is reported", || {
        app.all("[data-testid=pack-error]").iter().any(|e| e.text_content().unwrap().contains("bentrok.toml"))
    })
    .await;
    let alert = app.one("[data-testid=pack-error]").text_content().unwrap();
    assert!(alert.contains("rule `lokal.arisan`: id") && alert.contains("first in lokal.toml"), "{alert:?}");
    assert_eq!(app.all("[data-testid=pack]").len(), 9);

    // A newer version of the same pack replaces it; removing it takes its rules away.
    let newer = LOCAL_PACK.replace("version = \"1\"", "version = \"2\"").replace("arisan online", "ikut arisan");
    app.pick("[data-testid=pack-file-input]", &[("lokal-2.toml", &newer)]).await;
    app.wait_until("the newer pack is listed", || {
        app.one("[data-testid=pack][data-pack='kanal-lokal']").text_content().unwrap().contains("v2")
    })
    .await;
    assert!(app.all("[data-testid=pack-error]").is_empty(), "a good import clears the last errors");
    assert_eq!(app.all("[data-testid=pack]").len(), 9);
    app.click("[data-testid=pack-remove][data-pack='kanal-lokal']").await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["perjudian.slot-gacor"]);
    assert_eq!(app.all("[data-testid=pack]").len(), 8);
}

#[wasm_bindgen_test]
async fn imports_are_read_again_with_the_new_rules() {
    let app = mount();
    app.pick(
        "[data-testid=file-input]",
        &[("kanal.txt", "Ayo ikut arisan online\n\nInfo slot gacor malam ini\n\nRapat jam 9")],
    )
    .await;
    let candidates = || {
        app.container
            .query_selector("[data-testid=import-summary]")
            .unwrap()
            .and_then(|s| s.get_attribute("data-candidates"))
    };
    app.wait_until("the import is read", || candidates().as_deref() == Some("1")).await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["perjudian.slot-gacor"]);

    app.pick("[data-testid=pack-file-input]", &[("lokal.toml", LOCAL_PACK)]).await;
    app.wait_until("the import is read again", || candidates().as_deref() == Some("2")).await;
    assert_eq!(app.all("[data-testid=import]").len(), 1, "read again in place");
    let mut rules = app.marked_rules("[data-testid=queue]");
    rules.sort();
    assert_eq!(rules, ["lokal.arisan", "perjudian.slot-gacor"]);

    app.click("[data-testid=rule-toggle][data-rule='perjudian.slot-gacor']").await;
    app.wait_until("read again without the rule", || candidates().as_deref() == Some("1")).await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["lokal.arisan"]);
}

#[wasm_bindgen_test]
async fn the_choice_of_packs_outlives_a_reload() {
    let app = mount();
    app.pick("[data-testid=pack-file-input]", &[("lokal.toml", LOCAL_PACK)]).await;
    app.wait_for("[data-testid=pack][data-pack='kanal-lokal']").await;
    app.click("[data-testid=rule-toggle][data-rule='perjudian.slot-gacor']").await;
    app.click("[data-testid=pack-toggle][data-pack='tapis-sara']").await;
    drop(app);

    let app = remount(Settings::default());
    app.paste("Ayo ikut arisan online, slot gacor").await;
    assert_eq!(app.marked_rules("[data-testid=queue]"), ["lokal.arisan"]);
    let checked = |selector: &str| app.one(selector).unchecked_into::<web_sys::HtmlInputElement>().checked();
    assert!(!checked("[data-testid=rule-toggle][data-rule='perjudian.slot-gacor']"));
    assert!(!checked("[data-testid=pack-toggle][data-pack='tapis-sara']"));
    assert!(checked("[data-testid=pack-toggle][data-pack='kanal-lokal']"));
    assert!(app.one("[data-testid=pack-summary]").text_content().unwrap().starts_with("8 dari 9 paket aktif"));
}

async fn blob_text(blob: &web_sys::Blob) -> String {
    wasm_bindgen_futures::JsFuture::from(blob.text()).await.unwrap().as_string().unwrap()
}

fn file(text: &str, name: &str) -> web_sys::File {
    tapis_app::ui::text_file(text, name).unwrap()
}

#[wasm_bindgen_test]
async fn the_file_store_keeps_imports_in_order_with_their_files_until_deleted_or_cleared() {
    use tapis_app::import::Request;
    use tapis_app::import::file_store::{self, Record};
    let window = web_sys::window().unwrap();
    window.indexed_db().unwrap().unwrap().delete_database(file_store::DATABASE).unwrap();

    let html = Request { format: Some(tapis_ingest::Format::TelegramHtml), ..Request::default() };
    let first = Record {
        files: vec![file("<html>satu</html>", "messages.html"), file("<html>dua</html>", "messages2.html")],
        request: html.clone(),
        usernames: vec!["kanal_satu".into()],
        order: 2.0,
    };
    let second = Record {
        files: vec![file("Info slot gacor malam ini", "catatan.txt")],
        request: Request::default(),
        usernames: vec![],
        order: 1.0,
    };
    let first_id = file_store::put(&first).await.unwrap();
    let second_id = file_store::put(&second).await.unwrap();
    assert_ne!(first_id, second_id);

    // Listed by their order, the files whole, with their names.
    let listed = file_store::list().await.unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [second_id, first_id]);
    let kept = &listed[1].record;
    assert_eq!(kept.request, html);
    assert_eq!(kept.usernames, ["kanal_satu"]);
    assert_eq!(kept.files.iter().map(|f| f.name()).collect::<Vec<_>>(), ["messages.html", "messages2.html"]);
    assert_eq!(blob_text(&kept.files[1]).await, "<html>dua</html>");
    assert_eq!(blob_text(&listed[0].record.files[0]).await, "Info slot gacor malam ini");

    file_store::update_usernames(first_id, &["kanal_baru".into()]).await.unwrap();
    file_store::update_usernames(12345.0, &["tidak ada".into()]).await.unwrap();
    file_store::delete(second_id).await.unwrap();
    let listed = file_store::list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].record.usernames, ["kanal_baru"]);
    assert_eq!(blob_text(&listed[0].record.files[0]).await, "<html>satu</html>");

    file_store::clear().await.unwrap();
    assert!(file_store::list().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn an_import_and_its_decisions_outlive_a_reload_until_it_is_closed() {
    let app = mount();
    app.pick("[data-testid=file-input]", &[("catatan.txt", "Info slot gacor malam ini\n\nSelamat pagi semua")]).await;
    app.wait_for("[data-testid=queue] [data-testid=message].candidate").await;
    app.click("[data-testid=queue] [data-testid=message].candidate [data-testid=reject]").await;
    // The session is written after a pause, the import as soon as it is read.
    sleep_ms(800).await;
    drop(app);

    let app = remount(Settings::default());
    let import = app.wait_for("[data-testid=import]").await;
    assert_eq!(import.get_attribute("aria-label").as_deref(), Some("catatan.txt"));
    app.wait_for("[data-testid=queue] [data-testid=message]").await;
    app.select("[data-testid=filter-matches]", "all").await;
    let states: Vec<String> = app
        .all("[data-testid=queue] [data-testid=message]")
        .iter()
        .map(|m| m.get_attribute("data-state").unwrap())
        .collect();
    assert_eq!(states, ["false-positive", "open"]);
    assert!(app.all("[data-testid=store-trouble]").is_empty());

    app.click("[data-testid=close-import]").await;
    sleep_ms(500).await;
    drop(app);
    let app = remount(Settings::default());
    sleep_ms(500).await;
    assert!(app.all("[data-testid=import]").is_empty(), "a closed import stays closed");
}

/// The watchlist's entries as the packs panel explains them (each rule's description, on its label).
fn watch_entries(app: &Mounted) -> Vec<String> {
    let labels = app.all("[data-testid=pack][data-pack='tapis-daftar-pantau'] .rule label");
    labels.iter().filter_map(|l| l.get_attribute("title")).collect()
}

/// Waits until a confirmed campaign's keys are on the watchlist as learned from `count` messages, and the imports
/// read again with it are back in the queue, the campaign still open.
async fn learned(app: &Mounted, count: &str) {
    app.wait_until("the campaign's keys are on the watchlist", || watch_entries(app).iter().any(|e| e.contains(count)))
        .await;
    app.wait_until("the imports are read again", || app.all("[data-testid=queue] [data-testid=message]").len() == 3)
        .await;
    assert!(!app.all("[data-testid=open-campaign]").is_empty(), "the campaign stays open");
}

/// Waits until undoing a campaign's confirmation took its keys off the watchlist (it was empty before: the pack
/// goes) and the imports were read again without them.
async fn unlearned(app: &Mounted) {
    app.wait_until("the learning is undone", || {
        app.all("[data-testid=pack][data-pack='tapis-daftar-pantau']").is_empty()
    })
    .await;
    app.wait_until("the imports are read again", || app.all("[data-testid=queue] [data-testid=message]").len() == 3)
        .await;
}

/// A campaign (imported messages sharing a domain, each written to dodge filters) is opened from the campaign
/// view, its open messages ticked; the analyst unticks one and confirms the rest in one decision, which one `u`
/// takes back (with the keys it taught the watchlist). The keys do the same: `]` opens it again, `A` confirms every
/// ticked message, `u` undoes.
#[wasm_bindgen_test]
async fn a_campaign_is_confirmed_at_once_without_an_unticked_message_and_undone_at_once() {
    let app = mount();
    app.set_source("@infocuan").await;
    let text = "Daftar sekarang di situs88 . com bonus besar\n\nHalo semua, selamat pagi\n\nmain di situs88[.]com \
                gacor\n\nhxxps://situs88.com maxwin malam ini\n\nJangan lupa rapat jam tiga";
    app.pick("[data-testid=file-input]", &[("kanal.txt", text)]).await;
    let campaign = app.wait_for("[data-testid=campaign-list] option").await;
    assert_eq!(app.all("[data-testid=campaign-list] option").len(), 1);
    let text = campaign.text_content().unwrap();
    assert!(text.starts_with("brand:situs88 domain:situs88.com · 3 pesan · 1 chat"), "{text}");

    app.select("[data-testid=campaign-list]", "0").await;
    app.wait_for("[data-testid=open-campaign]").await;
    sleep_ms(100).await;
    let cards = app.all("[data-testid=queue] [data-testid=message]");
    assert_eq!(cards.len(), 3, "the queue shows the campaign's messages, with matches or not");
    assert_eq!(app.one("[data-testid=open-campaign]").text_content().unwrap(), "brand:situs88 domain:situs88.com");
    // Every open message ticked; the analyst leaves one out.
    let ticked = || {
        app.all("[data-testid=queue] [data-testid=mark]")
            .iter()
            .filter(|m| m.unchecked_ref::<web_sys::HtmlInputElement>().checked())
            .count()
    };
    assert_eq!(ticked(), 3);
    let texts: Vec<String> = cards.iter().map(|c| c.text_content().unwrap()).collect();
    let card = cards.iter().find(|c| c.text_content().unwrap().contains("situs88[.]com"));
    let card = card.unwrap_or_else(|| panic!("no card holds situs88[.]com: {texts:?}"));
    card.query_selector("[data-testid=mark]").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(app.one("[data-testid=confirm-campaign]").text_content().unwrap(), "Konfirmasi 2 pesan tercentang");

    app.click("[data-testid=confirm-campaign]").await;
    learned(&app, "(2 pesan)").await;
    assert_eq!(state_of(&app, "situs88 . com"), "queued");
    assert_eq!(state_of(&app, "hxxps://situs88.com"), "queued");
    assert_eq!(state_of(&app, "situs88[.]com"), "open", "the unticked message is left out");
    assert_eq!(outbox_flags().len(), 2);
    // Each flag names the campaign: a platform sees one operation.
    for flag in outbox_flags() {
        assert_eq!(flag["evidence"]["campaigns"], serde_json::json!(["brand:situs88", "domain:situs88.com"]), "{flag}");
    }

    press("u", None).await;
    unlearned(&app).await;
    for text in ["situs88 . com", "situs88[.]com", "hxxps://situs88.com"] {
        assert_eq!(state_of(&app, text), "open", "{text}");
    }
    assert_eq!(app.one("[data-testid=outbox-counts]").text_content().unwrap(), "0 antre · 0 terkirim · 0 ditolak");

    // By the keys: `]` opens the campaign again (every open message ticked), `A` confirms it, `u` undoes.
    app.click("[data-testid=close-campaign]").await;
    assert!(app.all("[data-testid=open-campaign]").is_empty());
    press("]", None).await;
    assert_eq!(ticked(), 3);
    press("A", None).await;
    learned(&app, "(3 pesan)").await;
    for text in ["situs88 . com", "situs88[.]com", "hxxps://situs88.com"] {
        assert_eq!(state_of(&app, text), "queued", "{text}");
    }
    press("u", None).await;
    unlearned(&app).await;
    for text in ["situs88 . com", "situs88[.]com", "hxxps://situs88.com"] {
        assert_eq!(state_of(&app, text), "open", "{text}");
    }
    assert!(app.one("[data-testid=queue]").text_content().unwrap().contains("situs88"));
}

/// Two channels' exports promote the same site: their campaigns are one (the brand, their name, joins them), and a
/// campaign open when the second export arrives stays open and grows, its new messages shown and ticked.
#[wasm_bindgen_test]
async fn a_campaign_open_when_another_import_shares_its_name_grows_to_both_chats() {
    let app = mount();
    app.set_source("@infocuan").await;
    let first =
        "Daftar sekarang di situs88 . com bonus besar\n\nmain di situs88[.]com gacor\n\nJangan lupa rapat jam tiga";
    app.pick("[data-testid=file-input]", &[("kanal.txt", first)]).await;
    let option = app.wait_for("[data-testid=campaign-list] option").await;
    let text = option.text_content().unwrap();
    assert!(text.starts_with("brand:situs88 domain:situs88.com · 2 pesan · 1 chat"), "{text}");
    app.select("[data-testid=campaign-list]", "0").await;
    app.wait_for("[data-testid=open-campaign]").await;

    app.set_source("@promolain").await;
    let second = "hxxps://situs88.com maxwin malam ini\n\nsitus88 . com deposit receh\n\nSelamat pagi semua";
    app.pick("[data-testid=file-input]", &[("kanal-lain.txt", second)]).await;
    let options = || {
        let options = app.all("[data-testid=campaign-list] option");
        options.iter().map(|o| o.text_content().unwrap()).collect::<Vec<_>>()
    };
    app.wait_until("one campaign over both chats", || {
        options().first().is_some_and(|o| o.starts_with("brand:situs88 domain:situs88.com · 4 pesan · 2 chat"))
    })
    .await;
    assert_eq!(options().len(), 1, "{:?}", options());
    let cards = || app.all("[data-testid=queue] [data-testid=message]").len();
    app.wait_until("the open campaign shows its new messages", || cards() == 4).await;
    assert_eq!(app.one("[data-testid=open-campaign]").text_content().unwrap(), "brand:situs88 domain:situs88.com");
    let ticked = app
        .all("[data-testid=queue] [data-testid=mark]")
        .iter()
        .filter(|m| m.unchecked_ref::<web_sys::HtmlInputElement>().checked())
        .count();
    assert_eq!(ticked, 4);
}

/// Confirming a campaign teaches the watchlist (Daftar pantau): its brand and domain keys become rules of a pack of
/// their own, which highlight a message pasted later in another disguise, explained by the decision they came
/// from; the watchlist is exported as TOML, its entries removed one by one, and the exported file imported again
/// (a colleague's), merged with what is kept.
#[wasm_bindgen_test]
async fn a_confirmed_campaign_s_keys_go_on_the_watchlist_highlight_elsewhere_and_are_exported_and_removed() {
    let app = mount();
    app.set_source("@infocuan").await;
    let text = "Daftar sekarang di situs88 . com bonus besar\n\nmain di situs88[.]com gacor\n\n\
                hxxps://situs88.com maxwin malam ini\n\nJangan lupa rapat jam tiga";
    app.pick("[data-testid=file-input]", &[("kanal.txt", text)]).await;
    app.wait_for("[data-testid=campaign-list] option").await;
    assert!(app.all("[data-testid=pack][data-pack='tapis-daftar-pantau']").is_empty());
    press("]", None).await;
    press("A", None).await;
    learned(&app, "(3 pesan)").await;
    assert_eq!(state_of(&app, "hxxps://situs88.com"), "queued");

    let watch = "[data-testid=pack][data-pack='tapis-daftar-pantau']";
    app.wait_for(watch).await;
    let rules = || {
        let buttons = app.all("[data-testid=forget-watch]");
        buttons.iter().map(|b| b.get_attribute("data-rule").unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(rules(), ["pantau.brand-situs88", "pantau.domain-situs88-com"]);
    let listed = watch_entries(&app).join("\n");
    let today = {
        let now = js_sys::Date::new_0();
        format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
    };
    let learned = format!("domain:situs88.com: dipelajari dari keputusan pada {today} (3 pesan)");
    assert!(listed.contains(&learned), "{listed}");
    assert!(app.all("[data-testid=pack-error]").is_empty());

    // One `u` takes back the confirmation and what it taught (the watchlist was empty before: it goes); `U` makes
    // both again.
    press("u", None).await;
    unlearned(&app).await;
    let state = || {
        let cards = app.all("[data-testid=queue] [data-testid=message]");
        let card = cards.into_iter().find(|c| c.text_content().unwrap().contains("hxxps://situs88.com"));
        card.and_then(|c| c.get_attribute("data-state")).unwrap_or_default()
    };
    app.wait_until("the confirmation too", || state() == "open").await;
    press("U", None).await;
    app.wait_until("learned again", || rules().len() == 2).await;
    app.wait_until("confirmed again", || state() == "queued").await;
    assert!(watch_entries(&app).join("\n").contains(&learned));

    // A message pasted later, in a disguise the campaign never used, is highlighted by the watchlist.
    app.click("[data-testid=close-campaign]").await;
    app.paste("Gas terus di 𝐒𝐈𝐓𝐔𝐒 𝟖𝟖 malam ini").await;
    let pasted_rules = || {
        let cards = app.all("[data-testid=queue] [data-testid=message]");
        let card = cards.iter().find(|c| c.text_content().unwrap().contains("Gas terus"));
        card.map(|c| c.text_content().unwrap()).unwrap_or_default()
    };
    app.wait_until("the watchlist matches the paste", || pasted_rules().contains("pantau.brand-situs88")).await;

    // Exported as the TOML pack it is kept as.
    let toml = exported(&app, "[data-testid=export-watchlist]").await;
    assert!(toml.contains("id = \"tapis-daftar-pantau\""), "{toml}");
    assert!(toml.contains(&learned), "{toml}");
    // What `tapis rules test` checks of the exported file, with the same engine: it parses, lints clean, and its
    // rules' own test cases (each entry's disguises) pass.
    let pack = tapis_engine::RulePack::from_toml("daftar-pantau.toml", &toml).expect("the export is a pack");
    let warnings: Vec<String> = pack.lint().iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let cases: usize = pack.rules.iter().map(|r| r.tests.len()).sum();
    assert!(cases >= 2, "{toml}");
    assert_eq!(pack.run_tests().expect("the export compiles"), []);

    // Removed entry by entry: the last one takes the pack away, and its highlight.
    app.click("[data-testid=forget-watch][data-rule='pantau.domain-situs88-com']").await;
    app.wait_until("one entry is left", || rules().len() == 1).await;
    app.click("[data-testid=forget-watch][data-rule='pantau.brand-situs88']").await;
    app.wait_until("the watchlist is gone", || app.all(watch).is_empty()).await;
    app.wait_until("its match too", || !pasted_rules().contains("pantau.")).await;

    // A colleague's export imported: the pack is back; imported again over a watchlist kept here, it is merged
    // (each key once).
    app.pick("[data-testid=pack-file-input]", &[("daftar-pantau.toml", &toml)]).await;
    app.wait_until("the imported watchlist is listed", || rules().len() == 2).await;
    app.click("[data-testid=forget-watch][data-rule='pantau.domain-situs88-com']").await;
    app.wait_until("one entry is left", || rules().len() == 1).await;
    app.pick("[data-testid=pack-file-input]", &[("rekan.toml", &toml)]).await;
    app.wait_until("merged", || rules().len() == 2).await;
    assert_eq!(rules(), ["pantau.brand-situs88", "pantau.domain-situs88-com"]);
    assert!(app.all("[data-testid=pack-error]").is_empty());
}

/// A blocklist is loaded from a file (comments, a hosts line, a duplicate and an entry without a dot in it), built
/// and kept; an import's links then show against it: the listed domain blocked by the list, the other new. The
/// queue filters by them, the new domains are listed and exported, a confirmed message's flag carries its links,
/// and once the list is removed the imports are read again and every domain is new.
#[wasm_bindgen_test]
async fn a_blocklist_marks_imported_links_blocked_or_new_and_the_new_domains_are_listed_and_flagged() {
    let app = mount();
    app.set_source("@infocuan").await;
    // The blocklists panel is folded, and made when first unfolded.
    app.click("[data-testid=blocklists] summary").await;
    app.wait_for("[data-testid=blocklist-name]").await;
    app.fill("[data-testid=blocklist-name]", "Judi TrustPositif").await;
    let list = "# TrustPositif judi\n0.0.0.0 situs88.com\nlocalhost\n\nsitus88.com\n";
    app.pick("[data-testid=blocklist-file]", &[("judi.txt", list)]).await;
    let kept = app.wait_for("[data-testid=blocklist][data-name='judi-trustpositif']").await;
    let counts = kept.text_content().unwrap();
    assert!(counts.contains("1 domain, 4 baris dilewati"), "{counts}");

    let text = "Daftar slot gacor di situs88.com bonus\n\nSlot gacor maxwin di gacor77[.]net\n\nSelamat pagi semua";
    app.pick("[data-testid=file-input]", &[("kanal.txt", text)]).await;
    app.wait_for("[data-testid=found-link][data-status=new]").await;
    let links: Vec<(String, String, String)> = app
        .all("[data-testid=queue] [data-testid=found-link]")
        .iter()
        .map(|l| {
            (l.get_attribute("data-kind").unwrap(), l.get_attribute("data-status").unwrap(), l.text_content().unwrap())
        })
        .collect();
    assert!(
        links.contains(&("domain".into(), "blocked".into(), "situs88.comdiblokir · judi-trustpositif".into())),
        "{links:?}"
    );
    assert!(links.contains(&("domain".into(), "new".into(), "gacor77.netbaru".into())), "{links:?}");

    app.select("[data-testid=filter-links]", "blocked").await;
    let shown = app.all("[data-testid=queue] [data-testid=message]");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].text_content().unwrap().contains("situs88.com"));
    app.select("[data-testid=filter-links]", "new").await;
    let shown = app.all("[data-testid=queue] [data-testid=message]");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].text_content().unwrap().contains("gacor77[.]net"));

    let listed = app.one("[data-testid=new-domain-list]").text_content().unwrap();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with("gacor77.net · 1 · @infocuan"), "{listed}");
    // The exports, as the blocking team gets them (the download's Blob caught on its way to the link).
    assert_eq!(exported(&app, "[data-testid=export-domains]").await, "gacor77.net\n");
    let csv = exported(&app, "[data-testid=export-domains-csv]").await;
    // (`@infocuan` is written `'@infocuan`: a spreadsheet would run a cell starting with `@`.)
    assert!(
        csv.starts_with("domain,messages,chats,first_seen,last_seen,evidence\r\ngacor77.net,1,'@infocuan,"),
        "{csv}"
    );

    app.click("[data-testid=queue] [data-testid=message] [data-testid=confirm]").await;
    let flags = outbox_flags();
    assert_eq!(flags.len(), 1);
    let links = &flags[0]["evidence"]["links"];
    assert_eq!(links[0]["kind"], "domain");
    assert_eq!(links[0]["value"], "gacor77.net");
    assert_eq!(links[0]["status"], "new");
    let excerpt = flags[0]["evidence"]["excerpt"].as_str().unwrap();
    let (start, end) = (links[0]["start"].as_u64().unwrap() as usize, links[0]["end"].as_u64().unwrap() as usize);
    assert_eq!(&excerpt[start..end], "gacor77[.]net", "the span is where the analyst saw it");

    app.click("[data-testid=remove-blocklist]").await;
    app.wait_until("the list is gone and the import read again", || {
        app.all("[data-testid=blocklist]").is_empty()
            && app.one("[data-testid=new-domain-list]").text_content().unwrap().lines().count() == 2
    })
    .await;
    assert!(app.all("[data-testid=found-link][data-status=blocked]").is_empty());
}

/// Pasted messages show their links too (found by the worker's code, here linked into the test's module), against
/// the blocklists kept: a list loaded afterwards marks them again, and a confirmed message's flag carries them.
#[wasm_bindgen_test]
async fn pasted_messages_show_their_links_and_a_list_loaded_later_marks_them_again() {
    let app = mount();
    app.set_source("@infocuan").await;
    app.paste("Slot gacor di situs88.com sekarang\n\nMain slot gacor di gacor77[.]net").await;
    let statuses = || {
        let mut found: Vec<String> = app
            .all("[data-testid=queue] [data-testid=found-link]")
            .iter()
            .map(|l| format!("{} {}", l.get_attribute("data-status").unwrap_or_default(), l.text_content().unwrap()))
            .collect();
        found.sort();
        found
    };
    app.wait_until("both links found, new", || statuses().len() == 2).await;
    assert_eq!(statuses(), ["new gacor77.netbaru", "new situs88.combaru"]);

    app.click("[data-testid=blocklists] summary").await;
    app.wait_for("[data-testid=blocklist-name]").await;
    app.fill("[data-testid=blocklist-name]", "judi").await;
    app.pick("[data-testid=blocklist-file]", &[("judi.txt", "situs88.com\n")]).await;
    app.wait_until("the listed one blocked", || statuses().iter().any(|s| s.starts_with("blocked"))).await;
    assert_eq!(statuses(), ["blocked situs88.comdiblokir · judi", "new gacor77.netbaru"]);
    // Each is underlined in the text, where the analyst reads it, with its status.
    // (A match's highlight may cut a link in pieces: the pieces of each status, in order.)
    let underlined = |status: &str| -> String {
        let selector = format!("[data-testid=queue] .message-text u.link-span[data-status={status}]");
        app.all(&selector).iter().map(|u| u.text_content().unwrap()).collect()
    };
    assert_eq!(underlined("blocked"), "situs88.com");
    assert_eq!(underlined("new"), "gacor77[.]net");

    app.select("[data-testid=filter-links]", "blocked").await;
    app.click("[data-testid=queue] [data-testid=message] [data-testid=confirm]").await;
    let flags = outbox_flags();
    let links = &flags[0]["evidence"]["links"];
    assert_eq!((links[0]["value"].as_str(), links[0]["status"].as_str()), (Some("situs88.com"), Some("blocked")));
    assert_eq!(links[0]["list"], "judi");
}

/// Clicks the export button `selector` and answers the text of the file it offers: `URL.createObjectURL` is
/// wrapped for the click, keeping the Blob it is given.
async fn exported(app: &Mounted, selector: &str) -> String {
    let url = js_sys::Reflect::get(&web_sys::window().unwrap(), &"URL".into()).unwrap();
    let original = js_sys::Reflect::get(&url, &"createObjectURL".into()).unwrap();
    // Kept, and made a real Blob URL as before (another URL would be a link the page follows).
    js_sys::Reflect::set(&js_sys::global(), &"__tapisCreateObjectURL".into(), &original).unwrap();
    let keep = js_sys::Function::new_with_args(
        "blob",
        "globalThis.__tapisExported = blob; return globalThis.__tapisCreateObjectURL.call(URL, blob);",
    );
    js_sys::Reflect::set(&url, &"createObjectURL".into(), &keep).unwrap();
    app.click(selector).await;
    js_sys::Reflect::set(&url, &"createObjectURL".into(), &original).unwrap();
    let blob = js_sys::Reflect::get(&js_sys::global(), &"__tapisExported".into()).unwrap();
    blob_text(&blob.unchecked_into()).await
}

/// A `File` of these bytes under this name (a path: `ChatExport/photos/a.jpg`, as a picked folder names them).
fn bytes_file(bytes: &[u8], name: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
}

/// Picks `files` in the input at `selector`, as the browser's picker would give them.
async fn pick_files(app: &Mounted, selector: &str, files: &[web_sys::File]) {
    let input: web_sys::HtmlInputElement = app.one(selector).unchecked_into();
    let transfer = web_sys::DataTransfer::new().unwrap();
    for file in files {
        transfer.items().add_with_file(file).unwrap();
    }
    input.set_files(transfer.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    leptos::task::tick().await;
}

/// The PDQ hashes of the media crate's reference images (`crates/media/tests/vectors/vectors.tsv`).
const TILES_PDQ: &str = "a535c87fb3ac41965cdbdb80ba8eb61ca7753634c5a0c9c38575c94bbb8cc181";
const SHAPES_PDQ: &str = "b669c4ccc2ab4b542f4625ce64bbbc369e1632dbe079f1399d4423a10dd1dc56";

/// Every reference image of the media crate, as `include_bytes!` gives it to the browser.
const VECTORS: &[(&str, &[u8])] = &[
    ("pixel_1x1.png", include_bytes!("../crates/media/tests/vectors/pixel_1x1.png")),
    ("noise_7x5.png", include_bytes!("../crates/media/tests/vectors/noise_7x5.png")),
    ("narrow_4x9.png", include_bytes!("../crates/media/tests/vectors/narrow_4x9.png")),
    ("checker_64x64.png", include_bytes!("../crates/media/tests/vectors/checker_64x64.png")),
    ("gradient_640x480.png", include_bytes!("../crates/media/tests/vectors/gradient_640x480.png")),
    ("diagonal_stripes_480x640.png", include_bytes!("../crates/media/tests/vectors/diagonal_stripes_480x640.png")),
    ("checker_320x240.png", include_bytes!("../crates/media/tests/vectors/checker_320x240.png")),
    ("noise_300x200.png", include_bytes!("../crates/media/tests/vectors/noise_300x200.png")),
    ("shapes_256x256.png", include_bytes!("../crates/media/tests/vectors/shapes_256x256.png")),
    ("text_blocks_500x300.png", include_bytes!("../crates/media/tests/vectors/text_blocks_500x300.png")),
    ("flat_200x200.png", include_bytes!("../crates/media/tests/vectors/flat_200x200.png")),
    ("radial_129x127.png", include_bytes!("../crates/media/tests/vectors/radial_129x127.png")),
    ("colour_stripes_333x111.png", include_bytes!("../crates/media/tests/vectors/colour_stripes_333x111.png")),
    ("grey_waves_640x360.png", include_bytes!("../crates/media/tests/vectors/grey_waves_640x360.png")),
    ("alpha_100x400.png", include_bytes!("../crates/media/tests/vectors/alpha_100x400.png")),
    ("palette_250x250.png", include_bytes!("../crates/media/tests/vectors/palette_250x250.png")),
    ("photo_640x480.jpg", include_bytes!("../crates/media/tests/vectors/photo_640x480.jpg")),
    ("grey_rings_320x240.jpg", include_bytes!("../crates/media/tests/vectors/grey_rings_320x240.jpg")),
    ("tiles_200x150.jpg", include_bytes!("../crates/media/tests/vectors/tiles_200x150.jpg")),
];

/// The hash the worker computes is the reference's in this browser too (decoded by the Rust decoder, not the
/// browser's: `crates/media/DESIGN.md`), every vector, bit for bit, and again when hashed a second time (the engine
/// runs the code in another tier by then).
#[wasm_bindgen_test]
async fn every_reference_image_hashes_to_the_reference_in_this_browser() {
    let table = include_str!("../crates/media/tests/vectors/vectors.tsv");
    let mut failures = Vec::new();
    let mut checked = 0;
    for round in 1..=2 {
        for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [file, _, _, hex, quality] = fields[..] else { panic!("malformed line {line:?}") };
            let (_, bytes) =
                VECTORS.iter().find(|(name, _)| *name == file).unwrap_or_else(|| panic!("{file} not given"));
            match tapis_media::pdq::hash_image(bytes) {
                Ok(hashed) if hashed.pdq.to_hex() == hex && hashed.quality.to_string() == quality => {}
                Ok(hashed) => failures.push(format!(
                    "round {round}, {file}: {} quality {}, reference {hex} quality {quality}",
                    hashed.pdq.to_hex(),
                    hashed.quality
                )),
                Err(error) => failures.push(format!("round {round}, {file}: {error}")),
            }
            checked += 1;
            // Let the page breathe between images.
            sleep_ms(0).await;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 2 * VECTORS.len());
}

/// Issue 21, a day's photos: a hash list is loaded (its malformed line counted), an export folder is opened with
/// its photos; every photo is shown blurred, the one near a listed hash ranks first as a high-severity match of the
/// list's category, `v` shows it, the inspector gives its PDQ hash and the list's match, and the flag confirmed
/// carries the hash and the match, never the photo. A message whose photo was not given says so.
#[wasm_bindgen_test]
async fn an_export_folder_s_photos_are_blurred_hashed_matched_against_a_list_and_flagged() {
    let app = mount();
    // One bit away from the tiles photo: a near copy, as shared lists hold them.
    let listed = format!("{}0", &TILES_PDQ[..63]);
    let list = format!("# judi banners\n{listed}\tbanner situs\tKomdigi\nnot-a-hash\n");
    // The photo tools are folded, and made when first unfolded.
    app.click("[data-testid=photo-tools] summary").await;
    app.wait_for("[data-testid=hashlist-name]").await;
    app.fill("[data-testid=hashlist-name]", "judi-banner").await;
    app.select("[data-testid=hashlist-category]", "perjudian").await;
    pick_files(&app, "[data-testid=hashlist-file]", &[bytes_file(list.as_bytes(), "banners.txt")]).await;
    let kept = app.wait_for("[data-testid=hashlist][data-name=judi-banner]").await;
    assert_eq!(kept.get_attribute("data-hashes").as_deref(), Some("1"));
    assert_eq!(kept.get_attribute("data-malformed").as_deref(), Some("1"));

    let export = r#"{"name": "Promo Kanal", "type": "public_channel", "id": 1234567, "messages": [
        {"id": 1, "type": "message", "date": "2026-11-01T10:00:00", "date_unixtime": "1793502000",
         "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_1@01-11-2026_10-00-00.jpg",
         "width": 200, "height": 150, "text": "", "text_entities": []},
        {"id": 2, "type": "message", "date": "2026-11-01T10:05:00", "date_unixtime": "1793502300",
         "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_2@01-11-2026_10-05-00.jpg",
         "width": 256, "height": 256, "text": "Selamat pagi semua", "text_entities": []},
        {"id": 3, "type": "message", "date": "2026-11-01T10:10:00", "date_unixtime": "1793502600",
         "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_3@01-11-2026_10-10-00.jpg",
         "width": 200, "height": 150, "text": "Info terbaru", "text_entities": []},
        {"id": 4, "type": "message", "date": "2026-11-01T10:15:00", "date_unixtime": "1793502900",
         "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_4@01-11-2026_10-15-00.jpg",
         "width": 200, "height": 150, "text": "Cek ini", "text_entities": []},
        {"id": 5, "type": "message", "date": "2026-11-01T10:20:00", "date_unixtime": "1793503200",
         "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_5@01-11-2026_10-20-00.jpg",
         "width": 200, "height": 150, "text": "Yang ini", "text_entities": []}
    ]}"#;
    // The export was interrupted while writing the last photo: the banner's first half.
    let tiles = include_bytes!("../crates/media/tests/vectors/tiles_200x150.jpg");
    let folder = [
        bytes_file(export.as_bytes(), "ChatExport_2026-11-01/result.json"),
        bytes_file(tiles, "ChatExport_2026-11-01/photos/photo_1@01-11-2026_10-00-00.jpg"),
        bytes_file(
            include_bytes!("../crates/media/tests/vectors/shapes_256x256.png"),
            "ChatExport_2026-11-01/photos/photo_2@01-11-2026_10-05-00.jpg",
        ),
        // The banner again, posted a second time: the same photo, one campaign.
        bytes_file(tiles, "ChatExport_2026-11-01/photos/photo_4@01-11-2026_10-15-00.jpg"),
        bytes_file(&tiles[..tiles.len() / 2], "ChatExport_2026-11-01/photos/photo_5@01-11-2026_10-20-00.jpg"),
        bytes_file(b"body { color: red }", "ChatExport_2026-11-01/css/style.css"),
    ];
    pick_files(&app, "[data-testid=folder-input]", &folder).await;
    // The photos are decoded and hashed by this test's unoptimised build, which WebKit runs without loop tiering
    // (see the Makefile): allow it a minute.
    let summary = app.wait_for_within("[data-testid=import-summary]", 60).await;
    if summary.get_attribute("data-candidates").as_deref() != Some("2") {
        // Say what the import met: its warnings, and each message's photo as the inspector gives it.
        app.select("[data-testid=filter-matches]", "all").await;
        let warnings: Vec<String> =
            app.all("[data-testid=import-warning]").iter().filter_map(|w| w.text_content()).collect();
        let mut cards = Vec::new();
        for card in app.all("[data-testid=queue] [data-testid=message]") {
            card.unchecked_ref::<HtmlElement>().click();
            sleep_ms(500).await;
            let pdq = app.all("[data-testid=photo-pdq]").first().and_then(|p| p.text_content());
            cards.push(format!(
                "{:?} {:?} {pdq:?}",
                card.get_attribute("data-key"),
                card.get_attribute("data-severity")
            ));
        }
        panic!("{:?} candidates, not 2: warnings {warnings:?}, messages {cards:?}", summary.text_content());
    }
    // The same banner posted twice is one campaign, named by its photos' smallest hash.
    let campaign = app.wait_for("[data-testid=campaign-list] option").await.text_content().unwrap();
    assert!(campaign.starts_with(&format!("image:{} · 2 pesan", &TILES_PDQ[..16])), "{campaign}");
    app.select("[data-testid=filter-matches]", "all").await;
    app.wait_until("the four photos shown", || app.all("[data-testid=queue] [data-testid=photo]").len() == 4).await;
    assert!(app.all("[data-testid=import-error]").is_empty(), "the style sheet is furniture, not an import");
    assert_eq!(app.all("[data-testid=photo-missing]").len(), 1, "the third message's photo was not given");
    let warnings: Vec<String> =
        app.all("[data-testid=import-warning]").iter().map(|w| w.get_attribute("data-code").unwrap()).collect();
    assert_eq!(warnings, ["media_missing", "media_unreadable"]);
    // The cut photo is not hashed as if whole (its decoder would fill the rest with grey): the import says why.
    let unreadable = app.one("[data-testid=import-warning][data-code=media_unreadable]").text_content().unwrap();
    assert!(
        unreadable.contains("photos/photo_5@01-11-2026_10-20-00.jpg") && unreadable.contains("truncated"),
        "{unreadable}"
    );
    for photo in app.all("[data-testid=queue] [data-testid=photo]") {
        assert_eq!(photo.get_attribute("data-blurred").as_deref(), Some("true"), "blurred by default");
    }

    // The listed photo's messages rank first, as matches of the list's category.
    let first = app.one("[data-testid=queue] [data-testid=message][data-key='tg:1234567:1']");
    assert_eq!(first.get_attribute("data-severity").as_deref(), Some("high"));
    let badge = first.query_selector("[data-testid=photo-listed]").unwrap().unwrap().text_content().unwrap();
    assert!(badge.contains("judi-banner") && badge.contains('1'), "{badge}");

    press("j", None).await;
    assert_eq!(
        app.one("[data-testid=inspector] .inspector-body").get_attribute("data-key").as_deref(),
        Some("tg:1234567:1")
    );
    press("v", None).await;
    let card_photo = first.query_selector("[data-testid=photo]").unwrap().unwrap();
    assert_eq!(card_photo.get_attribute("data-blurred").as_deref(), Some("false"), "v shows the selected photo");
    let inspected = app.wait_for("[data-testid=inspected-photo]").await;
    assert_eq!(inspected.get_attribute("data-blurred").as_deref(), Some("false"));
    // Both pictures are drawn from the analyst's file (object URLs alive while shown).
    let drawn = |scope: &str| {
        app.all(&format!("{scope} img")).first().is_some_and(|img| {
            let img: &web_sys::HtmlImageElement = img.unchecked_ref();
            img.complete() && img.natural_width() == 200
        })
    };
    app.wait_until("the photos drawn", || {
        drawn("[data-testid=inspected-photo]") && drawn("[data-key='tg:1234567:1'] [data-testid=photo]")
    })
    .await;
    assert_eq!(app.one("[data-testid=photo-pdq]").text_content().unwrap(), TILES_PDQ);
    let matched = app.one("[data-testid=photo-match]");
    assert_eq!(matched.get_attribute("data-list").as_deref(), Some("judi-banner"));
    assert_eq!(matched.get_attribute("data-distance").as_deref(), Some("1"));
    press("v", None).await;
    assert_eq!(card_photo.get_attribute("data-blurred").as_deref(), Some("true"), "v blurs it again");

    // The analyst shows gambling photos unblurred and every photo in grayscale: set, at once, and remembered.
    let perjudian = app.one("[data-testid=blur-category][data-category=perjudian]");
    perjudian.unchecked_ref::<HtmlElement>().click();
    app.wait_until("perjudian photos shown", || card_photo.get_attribute("data-blurred").as_deref() == Some("false"))
        .await;
    let second_photo = app.one("[data-key='tg:1234567:2'] [data-testid=photo]");
    assert_eq!(second_photo.get_attribute("data-blurred").as_deref(), Some("true"), "unmatched photos stay blurred");
    app.one("[data-testid=photo-grayscale]").unchecked_ref::<HtmlElement>().click();
    app.wait_until("grayscale", || card_photo.class_list().contains("gray")).await;
    let kept = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("tapis.photos").unwrap();
    assert_eq!(kept.as_deref(), Some("+gray perjudian"));

    press("a", None).await;
    let flags = outbox_flags();
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0]["target"]["message_id"], 1);
    let campaigns = flags[0]["evidence"]["campaigns"].as_array().unwrap();
    assert!(campaigns.contains(&serde_json::json!(format!("image:{}", &TILES_PDQ[..16]))), "{campaigns:?}");
    let images = &flags[0]["evidence"]["images"];
    assert_eq!(images[0]["pdq"], TILES_PDQ);
    assert_eq!(images[0]["path"], "photos/photo_1@01-11-2026_10-00-00.jpg");
    assert_eq!(images[0]["matches"][0]["list"], "judi-banner");
    assert_eq!(images[0]["matches"][0]["label"], "banner situs");
    assert_eq!(images[0]["matches"][0]["category"], "perjudian");
    assert_eq!(images[0]["matches"][0]["distance"], 1);
    assert_eq!(flags[0]["classification"]["category"], "perjudian");
    assert!(!flags[0].to_string().contains("base64"), "the photo itself is never in a flag");

    // Confirming moved on to the next open message (the banner's second post); then the analyst picks another.
    let inspected = || app.one("[data-testid=inspector] .inspector-body").get_attribute("data-key");
    app.wait_until("moved on", || inspected().as_deref() == Some("tg:1234567:4")).await;
    // The other photo is hashed too, on no list.
    let second = app.one("[data-testid=queue] [data-testid=message][data-key='tg:1234567:2']");
    assert!(second.query_selector("[data-testid=photo-listed]").unwrap().is_none());
    press("j", None).await;
    app.wait_until("the second message inspected", || {
        app.all("[data-testid=photo-pdq]").first().and_then(|p| p.text_content()).as_deref() == Some(SHAPES_PDQ)
    })
    .await;
    assert!(app.all("[data-testid=photo-match]").is_empty());
}
