//! Never losing work, in each engine: an imported export, the username given to its chat and the decisions on its
//! messages come back after a reload (the files from IndexedDB, read again in the worker; the decisions from the
//! session in localStorage); a closed import does not; clearing the session, once confirmed, leaves nothing to
//! come back. In Chromium and Firefox, the import and its decisions also outlive a browser restart.

use std::time::Duration;

use fantoccini::Locator;
use tapis_e2e::{Browser, Engine, PATIENCE, Server, fixture, in_every_engine};

in_every_engine!(
    an_import_its_chat_username_and_decisions_outlive_a_reload_until_the_session_is_cleared,
    an_import_and_its_decisions_outlive_a_browser_restart,
);

/// The imports kept in the browser's IndexedDB: each one's file names and chat usernames. Only called once the app
/// has created the database (opening a missing one would create it without its store).
const STORED_IMPORTS: &str = r#"
    const done = arguments[arguments.length - 1];
    const opening = indexedDB.open("tapis");
    opening.onerror = () => done("error: " + opening.error);
    opening.onsuccess = () => {
        const db = opening.result;
        const all = db.transaction("imports").objectStore("imports").getAll();
        all.onerror = () => done("error: " + all.error);
        all.onsuccess = () => {
            db.close();
            done(all.result.map(r => ({ names: r.files.map(f => f.name), usernames: r.usernames })));
        };
    };
"#;

async fn stored_imports(browser: &Browser) -> serde_json::Value {
    browser.client.execute_async(STORED_IMPORTS, vec![]).await.expect("read IndexedDB")
}

/// Waits until the browser keeps exactly `expected` (as [`STORED_IMPORTS`] reads it).
async fn wait_for_stored(browser: &Browser, expected: serde_json::Value) {
    let started = std::time::Instant::now();
    loop {
        let stored = stored_imports(browser).await;
        if stored == expected {
            return;
        }
        if started.elapsed() > PATIENCE {
            let trouble = browser
                .client
                .execute("return document.querySelector('[data-testid=store-trouble]')?.textContent", vec![])
                .await;
            panic!("{:?}: the browser keeps {stored}, not {expected} ({trouble:?})", browser.engine);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(browser: &Browser, css: &str) -> usize {
    browser.client.find_all(Locator::Css(css)).await.unwrap().len()
}

async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("{:?}: click {css}: {e}", browser.engine));
}

const CONFIRMED: &str = "[data-testid=message][data-key='tg:1987654321:103']";
const REJECTED: &str = "[data-testid=message][data-key='tg:1987654321:104']";

async fn an_import_its_chat_username_and_decisions_outlive_a_reload_until_the_session_is_cleared(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "").await;
    browser.pick_files(&[&fixture("import/promo-channel.result.json")]).await;
    browser.wait_for("[data-testid=import]").await;
    // The export lacks the channel's username: the analyst gives it after reading it.
    let username = browser.wait_for("[data-testid=chat-username]").await;
    browser.type_into(&username, "@infocuan_harian").await;
    click(&browser, &format!("{CONFIRMED} [data-testid=confirm]")).await;
    browser.wait_for(&format!("{CONFIRMED}[data-state=delivered]")).await;
    click(&browser, &format!("{REJECTED} [data-testid=reject]")).await;
    browser.wait_for(&format!("{REJECTED}[data-state=false-positive]")).await;
    // A second import, closed again: it is not kept.
    browser.pick_files(&[&fixture("telegram/plain_copy_paste_stub.txt")]).await;
    browser
        .wait_until("a second import", "return document.querySelectorAll('[data-testid=import]').length === 2")
        .await;
    click(&browser, "[data-testid=import][data-format=copied_text] [data-testid=close-import]").await;
    wait_for_stored(
        &browser,
        serde_json::json!([{ "names": ["promo-channel.result.json"], "usernames": ["@infocuan_harian"] }]),
    )
    .await;
    // The session (decisions) is written after a short pause too.
    browser
        .wait_until(
            "the decisions to be saved",
            "return (localStorage.getItem('tapis.session.v1') || '').includes('tg:1987654321:104')",
        )
        .await;

    browser.client.refresh().await.expect("reload the page");
    let import = browser.wait_for("[data-testid=import]").await;
    assert_eq!(import.attr("data-read-in").await.unwrap().as_deref(), Some("worker"), "{engine:?}");
    let summary = browser.wait_for("[data-testid=import-summary]").await.text().await.unwrap();
    assert_eq!(summary, "4 pesan dibaca, 2 kandidat, 1 pesan layanan dilewati", "{engine:?}");
    assert_eq!(count(&browser, "[data-testid=import]").await, 1, "{engine:?}: the closed import stays closed");
    let field = browser.wait_for("[data-testid=chat-username]").await;
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some("@infocuan_harian"), "{engine:?}");
    browser.wait_for(&format!("{CONFIRMED}[data-state=delivered]")).await;
    browser.wait_for(&format!("{REJECTED}[data-state=false-positive]")).await;
    let link = browser.wait_for(&format!("{CONFIRMED} [data-testid=link]")).await;
    assert_eq!(link.text().await.unwrap(), "https://t.me/infocuan_harian/103", "{engine:?}");
    assert_eq!(count(&browser, "[data-testid=store-trouble]").await, 0, "{engine:?}");

    // Clearing asks first; once accepted, nothing is left to come back.
    click(&browser, "[data-testid=clear-session]").await;
    browser.client.accept_alert().await.unwrap_or_else(|e| panic!("{engine:?}: accept the confirmation: {e}"));
    browser.wait_until("an empty page", "return !document.querySelector('[data-testid=import]')").await;
    wait_for_stored(&browser, serde_json::json!([])).await;
    browser.client.refresh().await.expect("reload the page");
    browser.wait_for("[data-testid=import-zone]").await;
    // Time enough for a kept import to be read again, had one been kept.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(count(&browser, "[data-testid=import]").await, 0, "{engine:?}: a cleared session stays cleared");
    assert_eq!(count(&browser, "[data-testid=message]").await, 0, "{engine:?}");
    browser.close().await;
}

async fn an_import_and_its_decisions_outlive_a_browser_restart(engine: Engine) {
    if engine == Engine::WebKit {
        eprintln!(
            "WebKitGTK under WebDriver keeps no profile once closed: a restart is tested in Chromium and Firefox"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let profile = dir.path().join("profile");
    let browser = Browser::start_with_profile(engine, &profile).await;
    browser.open_app(&server, "").await;
    browser.pick_files(&[&fixture("import/promo-channel.result.json")]).await;
    click(&browser, &format!("{REJECTED} [data-testid=reject]")).await;
    wait_for_stored(&browser, serde_json::json!([{ "names": ["promo-channel.result.json"], "usernames": [""] }])).await;
    browser
        .wait_until(
            "the decision to be saved",
            "return (localStorage.getItem('tapis.session.v1') || '').includes('tg:1987654321:104')",
        )
        .await;
    browser.close().await;

    let browser = Browser::start_with_profile(engine, &profile).await;
    browser.client.goto(&server.url).await.expect("open the app");
    browser.wait_for(&format!("{REJECTED}[data-state=false-positive]")).await;
    let summary = browser.wait_for("[data-testid=import-summary]").await.text().await.unwrap();
    assert_eq!(summary, "4 pesan dibaca, 2 kandidat, 1 pesan layanan dilewati", "{engine:?}");
    browser.close().await;
}
