//! Tapis embedded in the example intranet portal (`examples/portal`), served from another origin: mounted in an
//! element of the portal's page, and in an iframe. Each way, the portal hands over the analyst's token with
//! `postMessage`, the analyst confirms a flag inside Tapis, and the portal hears what happened.

use fantoccini::Locator;
use tapis_e2e::{ANALYST, Browser, Engine, Server, StaticSite, copy_of_the_app, example_portal, in_every_engine};

in_every_engine!(
    embedded_in_a_portal_element,
    embedded_in_a_portal_iframe,
    served_from_a_sub_path_by_any_static_server
);

const MESSAGE: &str = "Info slot gacor malam ini, maxwin dijamin!";

/// Hands the token over from the portal's side.
async fn send_token_from_the_portal(browser: &Browser, token: &str) {
    let field = browser.wait_for("[data-testid=portal-token]").await;
    browser.type_into(&field, token).await;
    browser.client.find(Locator::Css("[data-testid=portal-send-token]")).await.unwrap().click().await.unwrap();
}

/// Inside Tapis (already the current browsing context): waits for the token, then flags the message.
async fn confirm_a_flag_inside_tapis(browser: &Browser) {
    browser
        .wait_until(
            "the portal's token in Tapis",
            "return document.querySelector('[data-testid=token-state]')?.textContent === 'Token diterima dari portal'",
        )
        .await;
    let source = browser.wait_for("[data-testid=source-chat]").await;
    browser.type_into(&source, "@infojudi88").await;
    let area = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&area, MESSAGE).await;
    browser.wait_for("mark[data-rule]").await;
    browser.client.find(Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-state=delivered]").await;
}

/// Picks the made-up promotion channel's export in Tapis's file picker and waits for it to be read.
async fn import_the_promo_channel(browser: &Browser) {
    browser.pick_files(&[&tapis_e2e::fixture("import/promo-channel.result.json")]).await;
    let summary = browser.wait_for("[data-testid=import-summary]").await;
    assert_eq!(summary.attr("data-candidates").await.unwrap().as_deref(), Some("2"), "{:?}", browser.engine);
}

async fn portal_events(browser: &Browser) -> Vec<String> {
    let mut events = Vec::new();
    for item in browser.client.find_all(Locator::Css("[data-testid=portal-events] li")).await.unwrap() {
        events.push(item.text().await.unwrap());
    }
    events
}

async fn assert_the_portal_heard_it_and_the_flag_is_stored(browser: &Browser, server: &Server, engine: Engine) {
    browser
        .wait_until(
            "the portal hearing of the delivered flag",
            r#"return [...document.querySelectorAll('[data-testid=portal-events] li')].some(li => li.textContent === 'outbox {"queued":0,"sending":0,"delivered":1,"rejected":0}')"#,
        )
        .await;
    let events = portal_events(browser).await;
    assert!(events.iter().any(|e| e.starts_with("ready {\"version\":")), "{engine:?}: {events:?}");
    assert!(
        events.iter().any(|e| e.starts_with("flag-confirmed {") && e.contains("\"category\":\"perjudian\"")),
        "{engine:?}: {events:?}"
    );
    let flags = server.flags().await;
    assert_eq!(flags.len(), 1, "{engine:?}");
    assert_eq!(flags[0].evidence.as_ref().unwrap().excerpt, MESSAGE);
    assert_eq!(flags[0].notifier.analyst, ANALYST, "{engine:?}: the flag was posted with the portal's token");
}

async fn embedded_in_a_portal_element(engine: Engine) {
    let portal = StaticSite::start(&example_portal()).await;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(dir.path(), &copy_of_the_app(dir.path()), &["--cors-origin", &portal.origin]).await;
    let browser = Browser::start(engine).await;
    browser.client.goto(&format!("{}/element.html?tapis={}", portal.origin, server.url)).await.unwrap();

    browser.wait_for("[data-tapis] .tapis [data-testid=paste]").await;
    // The import's code is a module of its own, which the first load does not fetch (pasting text loads it, for
    // the links; so does an import).
    assert!(!fetched_the_worker_module(&browser).await, "{engine:?}: the worker's module was part of the first load");
    send_token_from_the_portal(&browser, &server.token).await;
    confirm_a_flag_inside_tapis(&browser).await;
    assert_the_portal_heard_it_and_the_flag_is_stored(&browser, &server, engine).await;

    // Neither restyles the other: the portal's black `mark` rule stays out of Tapis's highlights.
    let background = browser
        .client
        .execute("return getComputedStyle(document.querySelector('.tapis mark')).backgroundColor", vec![])
        .await
        .unwrap();
    assert_ne!(background, "rgb(0, 0, 0)", "{engine:?}: the portal's styles leaked into Tapis");

    // A worker cannot start from another origin's script: imports run on the page, in slices, all the same, in
    // that module loaded on the page.
    import_the_promo_channel(&browser).await;
    let read_in = browser.wait_for("[data-testid=import]").await.attr("data-read-in").await.unwrap();
    assert_eq!(read_in.as_deref(), Some("page"), "{engine:?}");
    assert!(fetched_the_worker_module(&browser).await, "{engine:?}: the import ran without the worker's module");
    browser.close().await;
    portal.stop().await;
}

/// Whether the page has fetched the worker's module (`tapis-worker-<hash>_bg.wasm`).
async fn fetched_the_worker_module(browser: &Browser) -> bool {
    let script =
        "return performance.getEntriesByType('resource').some(e => /tapis-worker-[0-9a-f]+_bg\\.wasm$/.test(e.name))";
    browser.client.execute(script, vec![]).await.unwrap().as_bool().unwrap()
}

async fn embedded_in_a_portal_iframe(engine: Engine) {
    let portal = StaticSite::start(&example_portal()).await;
    let dir = tempfile::tempdir().unwrap();
    let dist = copy_of_the_app(dir.path());
    let config = format!(r#"{{"token": "host", "hostOrigins": ["{}"]}}"#, portal.origin);
    std::fs::write(dist.join("tapis.config.json"), config).unwrap();
    let server = Server::start_with(dir.path(), &dist, &["--frame-ancestor", &portal.origin]).await;
    let browser = Browser::start(engine).await;
    browser.client.goto(&format!("{}/iframe.html?tapis={}", portal.origin, server.url)).await.unwrap();

    // The portal sends the token as soon as Tapis says it is ready.
    browser.type_into(&browser.wait_for("[data-testid=portal-token]").await, &server.token).await;
    browser.wait_until("Tapis ready in the frame", r#"return [...document.querySelectorAll('[data-testid=portal-events] li')].some(li => li.textContent.startsWith('ready'))"#).await;
    browser.client.find(Locator::Css("[data-testid=portal-send-token]")).await.unwrap().click().await.unwrap();
    let frame = browser.wait_for("[data-testid=portal-frame]").await;
    frame.enter_frame().await.unwrap();
    confirm_a_flag_inside_tapis(&browser).await;
    browser.client.enter_parent_frame().await.unwrap();
    assert_the_portal_heard_it_and_the_flag_is_stored(&browser, &server, engine).await;
    browser.close().await;
    portal.stop().await;
}

/// No `tapis serve` at all: the built app copied under `/intranet/tapis/` of a plain static server loads and
/// pre-screens (every asset URL is relative; nothing is fetched from elsewhere).
async fn served_from_a_sub_path_by_any_static_server(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let app = copy_of_the_app(dir.path());
    std::fs::create_dir_all(site.join("intranet")).unwrap();
    std::fs::rename(&app, site.join("intranet/tapis")).unwrap();
    let server = StaticSite::start(&site).await;
    let browser = Browser::start(engine).await;
    browser.client.goto(&format!("{}/intranet/tapis/", server.origin)).await.unwrap();
    let area = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&area, "Ready s.a.b.u, COD").await;
    browser.wait_for("mark[data-rule]").await;
    assert_eq!(browser.mark_texts().await, ["Ready", "s.a.b.u", "COD"], "{engine:?}");
    let resources = browser
        .client
        .execute("return performance.getEntriesByType('resource').map(r => r.name)", vec![])
        .await
        .unwrap();
    let outside: Vec<_> = resources
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .filter(|url| !url.starts_with(&format!("{}/intranet/tapis/", server.origin)))
        .collect();
    assert!(outside.is_empty(), "{engine:?}: fetched from outside the app's own path: {outside:?}");

    // The import worker is found under the sub-path too.
    import_the_promo_channel(&browser).await;
    let read_in = browser.wait_for("[data-testid=import]").await.attr("data-read-in").await.unwrap();
    assert_eq!(read_in.as_deref(), Some("worker"), "{engine:?}");
    browser.close().await;
    server.stop().await;
}
