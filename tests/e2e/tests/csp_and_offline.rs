//! The app under the strict Content-Security-Policy `tapis serve` sends, and with the server gone: after one
//! visit it loads and pre-screens offline, and a new version replaces the cached one without mixing the two.
//!
//! Coming back to the app is a navigation, not WebDriver's refresh: Firefox's refresh is a hard reload, which
//! bypasses service workers as Shift+Reload does.

use std::time::Duration;

use fantoccini::Locator;
use tapis_e2e::{Browser, Engine, PATIENCE, Server, copy_of_the_app, in_every_engine};

in_every_engine!(
    a_whole_session_under_the_strict_policy_violates_nothing,
    after_one_visit_the_app_loads_and_screens_with_the_server_stopped,
    a_new_version_replaces_the_cached_one_on_the_next_visit,
    the_service_worker_keeps_no_authenticated_answer,
);

/// The violation the test causes itself: once its report arrives, any earlier one would have arrived too.
const SENTINEL: &str = "https://sentinel.invalid/tapis-test.png";

async fn a_whole_session_under_the_strict_policy_violates_nothing(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let response = reqwest::get(&server.url).await.unwrap();
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"));

    let browser = Browser::start(engine).await;
    browser.open_app(&server, "Grup Cuan Harian").await;
    let area = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&area, "Info slot gacor malam ini\n\njual sabu murah").await;
    browser.wait_for("mark[data-rule]").await;
    browser.client.find(Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-state=delivered]").await;
    browser.client.find(Locator::Css("[data-testid=reject]")).await.unwrap().click().await.unwrap();
    // An import starts the worker, which must live under the same policy.
    assert_eq!(import_promo_channel(&browser).await.as_deref(), Some("worker"), "{engine:?}");
    browser.client.find(Locator::Css("[data-testid=language] option[value=en]")).await.unwrap().click().await.unwrap();
    browser.wait_until("the English labels", "return document.querySelector('.tapis').lang === 'en'").await;

    browser
        .client
        .execute(
            &format!("const i = document.createElement('img'); i.src = '{SENTINEL}'; document.body.append(i);"),
            vec![],
        )
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let reports = loop {
        let reports = server.csp_reports().await;
        if reports.iter().any(|r| r.to_string().contains("sentinel.invalid")) {
            break reports;
        }
        assert!(started.elapsed() < PATIENCE, "{engine:?}: the policy's reports never arrived: {reports:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let others: Vec<_> = reports.iter().filter(|r| !r.to_string().contains("sentinel.invalid")).collect();
    assert!(others.is_empty(), "{engine:?}: the app violated the Content-Security-Policy: {others:#?}");
    browser.close().await;
}

/// Opens the made-up promotion channel's export in the app; where it was read (`worker` or `page`).
async fn import_promo_channel(browser: &Browser) -> Option<String> {
    browser.pick_files(&[&tapis_e2e::fixture("import/promo-channel.result.json")]).await;
    let import = browser.wait_for("[data-testid=import]").await;
    let summary = browser.wait_for("[data-testid=import-summary]").await;
    assert_eq!(summary.attr("data-candidates").await.unwrap().as_deref(), Some("2"), "{:?}", browser.engine);
    import.attr("data-read-in").await.unwrap()
}

const CONTROLLED: &str = "return navigator.serviceWorker.controller !== null";

async fn after_one_visit_the_app_loads_and_screens_with_the_server_stopped(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.client.goto(&server.url).await.unwrap();
    browser.wait_for("[data-testid=paste]").await;
    browser.wait_until("the service worker taking control", CONTROLLED).await;

    server.kill().await;
    browser.open_app(&server, "@infonarkoba").await;
    let area = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&area, "Ready sabu dan ganja").await;
    browser.wait_for("mark[data-rule]").await;
    assert_eq!(browser.mark_texts().await, ["Ready", "sabu", "ganja"]);
    // Files open offline too: the worker's script comes from the service worker's cache.
    assert_eq!(import_promo_channel(&browser).await.as_deref(), Some("worker"), "{engine:?}");

    // Confirming offline keeps the flag in the outbox; once the server is back, the outbox delivers it.
    browser.client.find(Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-testid=message][data-state=queued]").await;
    server.restart().await;
    browser.wait_for("[data-testid=message][data-state=delivered]").await;
    assert_eq!(server.flags().await.len(), 1);
    browser.close().await;
}

async fn a_new_version_replaces_the_cached_one_on_the_next_visit(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let dist = copy_of_the_app(dir.path());
    let mut server = Server::start_with(dir.path(), &dist, &[]).await;
    let browser = Browser::start(engine).await;
    browser.client.goto(&server.url).await.unwrap();
    browser.wait_for("[data-testid=paste]").await;
    browser.wait_until("the service worker taking control", CONTROLLED).await;

    // The next release: the same app with a restyled stylesheet, under a new hashed name.
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let old_css = index.split('"').find(|s| s.starts_with("./main-") && s.ends_with(".css")).unwrap().to_owned();
    let new_css = "./main-00000000000000aa.css";
    let css =
        std::fs::read_to_string(dist.join(&old_css[2..])).unwrap() + "\n.tapis .topbar h1 { letter-spacing: 0.3em; }\n";
    std::fs::write(dist.join(&new_css[2..]), css).unwrap();
    let new_index = index.replace(&old_css, new_css);
    let new_index = strip_integrity(&new_index);
    std::fs::write(dist.join("index.html"), new_index).unwrap();

    let uses_new_css = "return [...document.styleSheets].some(s => (s.href || '').endsWith('main-00000000000000aa.css')) \
                        && getComputedStyle(document.querySelector('.topbar h1')).letterSpacing !== 'normal'";
    browser.client.goto(&server.url).await.unwrap();
    browser.wait_for("[data-testid=paste]").await;
    browser.wait_until("the new version on the next visit", uses_new_css).await;
    // Give the worker its moment to adopt the new page, then go offline: still the new version, whole.
    browser
        .wait_until(
            "the new version cached",
            "return window.__tapisCached === true || (caches.match('main-00000000000000aa.css').then(r => window.__tapisCached = !!r), false)",
        )
        .await;
    server.kill().await;
    browser.client.goto(&server.url).await.unwrap();
    browser.wait_for("[data-testid=paste]").await;
    browser.wait_until("the new version offline", uses_new_css).await;
    browser.close().await;
}

/// Rule packs and the rest of the API need a token: what the server answered one analyst must not stay in the
/// browser's caches for whoever uses it next (after sign-out, or offline).
async fn the_service_worker_keeps_no_authenticated_answer(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let token = &server.token;
    let browser = Browser::start(engine).await;
    browser.client.goto(&server.url).await.unwrap();
    browser.wait_for("[data-testid=paste]").await;
    browser.wait_until("the service worker taking control", CONTROLLED).await;

    // The page asks, through the service worker, for the rule packs and who it is, with the token.
    let fetched = format!(
        "return window.__tapisFetched === true || (window.__tapisFetching || (window.__tapisFetching = \
         Promise.all(['api/v1/rulepacks', 'api/v1/me'].map(u => fetch(u, {{ headers: {{ Authorization: 'Bearer {token}' }} }}))) \
           .then(answers => window.__tapisFetched = answers.every(a => a.ok))), false)"
    );
    browser.wait_until("the authenticated answers", &fetched).await;
    let cached = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const urls = [];
               for (const name of await caches.keys()) {
                 for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
               }
               return urls;
             })().then(done, error => done(['error: ' + error]));",
            vec![],
        )
        .await
        .unwrap();
    let cached: Vec<String> = serde_json::from_value(cached).unwrap();
    assert!(cached.iter().any(|url| url.ends_with("index.html")), "{engine:?}: the app itself is cached: {cached:?}");
    let api: Vec<&String> = cached.iter().filter(|url| url.contains("/api/")).collect();
    assert!(api.is_empty(), "{engine:?}: authenticated answers kept in Cache Storage: {api:?}");
    browser.close().await;
}

/// The test's new stylesheet has no integrity hash; Trunk's would no longer match it.
fn strip_integrity(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(" integrity=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " integrity=\"".len()..];
        rest = &after[after.find('"').map_or(after.len(), |end| end + 1)..];
    }
    out + rest
}
