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
    window.indexed_db().unwrap().unwrap().delete_database(tapis_app::file_store::DATABASE).unwrap();
    remount(settings)
}

/// Mounts the app again without clearing what the browser keeps, as a reload does.
fn remount(settings: Settings) -> Mounted {
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

    async fn click(&self, selector: &str) {
        self.one(selector).unchecked_into::<HtmlElement>().click();
        leptos::task::tick().await;
    }

    /// Waits (up to 5 s) until the element matching `selector` exists.
    async fn wait_for(&self, selector: &str) -> Element {
        for _ in 0..100 {
            if let Some(found) = self.container.query_selector(selector).unwrap() {
                return found;
            }
            sleep_ms(50).await;
        }
        panic!("{selector} did not appear within 5 s; the page holds: {}", self.container.inner_text());
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

    assert_eq!(app.all("[data-testid=message]").len(), 2);
    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "2 pesan, 1 kandidat");
    let marks = app.all("mark");
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
    app.set_token("tapis_test").await;
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
    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "2 pesan, 1 kandidat");
    assert_eq!(app.one("[data-testid=confirm]").text_content().unwrap(), "Konfirmasi");

    let select: web_sys::HtmlSelectElement = app.one("[data-testid=language]").unchecked_into();
    select.set_value("en");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;

    assert_eq!(app.one("[data-testid=summary]").text_content().unwrap(), "2 messages, 1 candidate");
    assert_eq!(app.one("[data-testid=confirm]").text_content().unwrap(), "Confirm");
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
    let first = app.one("[data-testid=import] [data-testid=message]");
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

#[wasm_bindgen_test]
async fn the_keyboard_moves_rejects_confirms_and_undoes() {
    let app = mount();
    app.set_source("@infojudi88").await;
    app.paste("Info slot gacor malam ini\n\nRapat hari Senin pukul 09.00\n\njual sabu murah").await;
    let state = |i: usize| app.all("[data-testid=message].candidate")[i].get_attribute("data-state").unwrap();
    let selected =
        || app.all("[data-testid=message].selected").iter().map(|m| m.text_content().unwrap()).collect::<Vec<_>>();

    press("j", None).await;
    assert!(selected()[0].contains("slot gacor"), "{:?}", selected());
    press("x", None).await;
    assert_eq!(state(0), "false-positive");
    press("j", None).await;
    assert!(selected()[0].contains("sabu"), "j skips the message without matches: {:?}", selected());
    press("a", None).await;
    assert_eq!(state(1), "queued", "confirmed, waiting in the outbox for a token");
    press("u", None).await;
    assert_eq!(state(0), "open", "u reopens the last rejected message");
    assert!(selected()[0].contains("slot gacor"));

    // Keys typed into a field are text, not commands.
    press("x", Some(&app.one("[data-testid=source-chat]"))).await;
    assert_eq!(state(0), "open");

    press("?", None).await;
    let help = app.one("[data-testid=shortcuts]");
    assert!(help.text_content().unwrap().contains("konfirmasi pesan terpilih"));
    press("Escape", None).await;
    assert!(app.all("[data-testid=shortcuts]").is_empty());
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

/// Picks `files` in the app's file picker, as the browser reports a choice in the dialog.
async fn pick_files(app: &Mounted, files: &[web_sys::File]) {
    let data = web_sys::DataTransfer::new().unwrap();
    let items = js_sys::Reflect::get(&data, &"items".into()).unwrap();
    let add: js_sys::Function = js_sys::Reflect::get(&items, &"add".into()).unwrap().unchecked_into();
    for file in files {
        add.call1(&items, file).unwrap();
    }
    let input = app.one("[data-testid=file-input]");
    js_sys::Reflect::set(&input, &"files".into(), &data.files().unwrap()).unwrap();
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
}

async fn blob_text(blob: &web_sys::Blob) -> String {
    wasm_bindgen_futures::JsFuture::from(blob.text()).await.unwrap().as_string().unwrap()
}

fn file(text: &str, name: &str) -> web_sys::File {
    tapis_app::ui::text_file(text, name).unwrap()
}

#[wasm_bindgen_test]
async fn the_file_store_keeps_imports_in_order_with_their_files_until_deleted_or_cleared() {
    use tapis_app::file_store::{self, Record};
    use tapis_app::import::Request;
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
    pick_files(&app, &[file("Info slot gacor malam ini\n\nSelamat pagi semua", "catatan.txt")]).await;
    app.wait_for("[data-testid=import] [data-testid=message].candidate").await;
    app.click("[data-testid=import] [data-testid=message].candidate [data-testid=reject]").await;
    // The session is written after a pause, the import as soon as it is read.
    sleep_ms(800).await;
    drop(app);

    let app = remount(Settings::default());
    let import = app.wait_for("[data-testid=import]").await;
    assert_eq!(import.get_attribute("aria-label").as_deref(), Some("catatan.txt"));
    let states: Vec<String> = app
        .all("[data-testid=import] [data-testid=message]")
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
