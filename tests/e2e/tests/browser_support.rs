//! What every supported engine must do beyond the main loop: say clearly when it cannot run the app.

use tapis_e2e::{Browser, Engine, Server};

// WebKitGTK cannot be started without WebAssembly (no setting; JSC_useWebAssembly does not reach its web
// process), so this runs where the switch exists; the message itself is plain DOM code in `boot.js`.
#[tokio::test]
async fn chromium_without_webassembly() {
    without_webassembly_the_page_says_why_instead_of_staying_blank(Engine::Chromium).await
}

#[tokio::test]
async fn firefox_without_webassembly() {
    without_webassembly_the_page_says_why_instead_of_staying_blank(Engine::Firefox).await
}

async fn without_webassembly_the_page_says_why_instead_of_staying_blank(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start_without_webassembly(engine).await;
    browser.client.goto(&server.url).await.expect("open the app");

    let failure = browser.wait_for("[data-testid=boot-failure]").await;
    let text = failure.text().await.unwrap();
    assert!(text.contains("Tapis membutuhkan WebAssembly"), "{engine:?}: {text}");
    assert!(text.contains("Firefox 89+"), "{engine:?}: the message names the supported browsers: {text}");
    let app = browser.client.find_all(fantoccini::Locator::Css("[data-testid=paste]")).await.unwrap();
    assert!(app.is_empty(), "{engine:?}: the app cannot have started without WebAssembly");
    browser.close().await;
}
