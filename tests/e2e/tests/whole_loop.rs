//! The whole loop, as an analyst goes through it: paste channel content into the built app in a real browser, see
//! the highlight, confirm, and find exactly one flag stored by the real server in its real database.

use tapis_e2e::{ANALYST, Browser, Engine, Server, in_every_engine};

in_every_engine!(
    paste_highlight_confirm_stores_exactly_one_flag,
    a_flag_confirmed_while_the_server_is_down_waits_says_why_and_is_delivered_once_it_is_back,
    flags_queued_while_the_server_is_down_outlive_a_reload_and_are_delivered_exactly_once,
    a_flag_confirmed_by_one_analyst_is_never_sent_under_the_next_analysts_token,
);

const CANDIDATE: &str = "Info slot gacor malam ini, maxwin dijamin!";
const PASTE: &str = "Info slot gacor malam ini, maxwin dijamin!\n\nRapat koordinasi hari Senin pukul 09.00";

/// Opens the app, types the paste, and returns the candidate message's element once it is highlighted.
async fn paste_and_find_candidate(browser: &Browser, server: &Server) -> fantoccini::elements::Element {
    browser.open_app(server, "@infojudi88").await;
    let area = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&area, PASTE).await;

    let mark = browser.wait_for("mark[data-rule]").await;
    assert_eq!(mark.text().await.unwrap(), "slot gacor");
    assert_eq!(mark.attr("data-rule").await.unwrap().as_deref(), Some("perjudian.slot-gacor"));
    assert_eq!(mark.attr("data-category").await.unwrap().as_deref(), Some("perjudian"));
    assert_eq!(mark.attr("data-severity").await.unwrap().as_deref(), Some("high"));
    let summary = browser.wait_for("[data-testid=summary]").await.text().await.unwrap();
    assert_eq!(summary, "1 ditampilkan · 2 pesan, 1 kandidat");
    browser.wait_for("[data-testid=message].candidate").await
}

fn assert_is_the_candidate_flag(flag: &tapis_wire::StoredFlag) {
    let evidence = flag.evidence.as_ref().expect("a message flag has evidence");
    let excerpt = &evidence.excerpt;
    assert_eq!(excerpt, CANDIDATE);
    assert_eq!(flag.classification.category, "perjudian");
    let spans: Vec<(&str, &str)> =
        evidence.spans.iter().map(|s| (s.rule_id.as_str(), &excerpt[s.start as usize..s.end as usize])).collect();
    assert_eq!(spans, [("perjudian.slot-gacor", "slot gacor"), ("perjudian.slot-gacor", "maxwin")]);
    assert_eq!(flag.id.get_version_num(), 7, "flag ids are UUIDv7 made in the browser");
    assert_eq!(flag.notifier.analyst, ANALYST, "the notifier is the token's flagger");
    // Issue 9 adds channel and account targets; a message flag is what this test makes.
    let tapis_wire::Target::Message(target) = &flag.target else { panic!("a message flag: {:?}", flag.target) };
    assert_eq!(target.chat.username.as_deref(), Some("infojudi88"));
}

async fn paste_highlight_confirm_stores_exactly_one_flag(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;

    let candidate = paste_and_find_candidate(&browser, &server).await;
    assert!(server.flags().await.is_empty(), "nothing leaves the browser before Confirm");
    candidate.find(fantoccini::Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();

    let delivered = browser.wait_for("[data-testid=message][data-state=delivered]").await;
    let flags = server.flags().await;
    assert_eq!(flags.len(), 1, "exactly one stored flag: {flags:?}");
    assert_is_the_candidate_flag(&flags[0]);
    let outcome = delivered.find(fantoccini::Locator::Css("[data-testid=outcome]")).await.unwrap();
    assert_eq!(
        outcome.attr("data-flag-id").await.unwrap(),
        Some(flags[0].id.to_string()),
        "the card is the stored flag's"
    );
    assert!(outcome.text().await.unwrap().starts_with("Terkirim"), "{engine:?}: said in words, not as an id");

    browser.close().await;
}

async fn a_flag_confirmed_while_the_server_is_down_waits_says_why_and_is_delivered_once_it_is_back(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    let candidate = paste_and_find_candidate(&browser, &server).await;

    server.kill().await;
    candidate.find(fantoccini::Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser
        .wait_until(
            "the queued flag saying why",
            "return document.querySelector('[data-state=queued] [data-testid=outcome]')?.textContent.includes('server tidak terjangkau')",
        )
        .await;

    // Nobody clicks anything: the outbox delivers on its own once the server is back.
    server.restart().await;
    browser.wait_for("[data-testid=message][data-state=delivered]").await;
    let flags = server.flags().await;
    assert_eq!(flags.len(), 1, "exactly one stored flag: {flags:?}");
    assert_is_the_candidate_flag(&flags[0]);

    browser.close().await;
}

async fn flags_queued_while_the_server_is_down_outlive_a_reload_and_are_delivered_exactly_once(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "@infojudi88").await;
    browser.wait_until("the app cached for offline use", "return navigator.serviceWorker.controller !== null").await;

    server.kill().await;
    let area = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&area, "Info slot gacor malam ini\n\njual sabu murah, COD").await;
    for queued in 1..=2 {
        let confirm = browser.wait_for("[data-testid=message][data-state=open] [data-testid=confirm]").await;
        confirm.click().await.unwrap();
        browser
            .wait_until(
                &format!("{queued} queued flags"),
                &format!(
                    "return document.querySelectorAll('[data-testid=outbox-entry][data-state=queued]').length === {queued}"
                ),
            )
            .await;
    }

    // The tab is reloaded while the server is still down: the flags are kept, not sent, not lost.
    browser.client.goto(&server.url).await.unwrap();
    browser
        .wait_until(
            "two queued flags after the reload",
            "return document.querySelectorAll('[data-testid=outbox-entry][data-state=queued]').length === 2",
        )
        .await;
    server.restart().await;
    browser
        .wait_until(
            "both delivered",
            "return document.querySelectorAll('[data-testid=outbox-entry][data-state=delivered]').length === 2",
        )
        .await;

    let flags = server.flags().await;
    let mut excerpts: Vec<&str> = flags.iter().map(|f| f.evidence.as_ref().unwrap().excerpt.as_str()).collect();
    excerpts.sort();
    assert_eq!(excerpts, ["Info slot gacor malam ini", "jual sabu murah, COD"], "{engine:?}: each exactly once");
    browser.close().await;
}

/// A shared workstation: analyst A confirms while the server is down, then B types their token in the same tab.
/// A's flag is held for A, saying whose it is, and never sent as B's; once A's token is back it goes out as A's.
async fn a_flag_confirmed_by_one_analyst_is_never_sent_under_the_next_analysts_token(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path()).await;
    let budi = server.create_token("Budi Santoso", "analyst").await;
    let browser = Browser::start(engine).await;
    let candidate = paste_and_find_candidate(&browser, &server).await;
    browser
        .wait_until(
            "the server saying who the token is",
            &format!("return document.querySelector('[data-testid=token]').dataset.analyst === '{ANALYST}'"),
        )
        .await;

    server.kill().await;
    candidate.find(fantoccini::Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-testid=outbox-entry][data-state=queued]").await;
    // Budi sits down: his token, in the same tab, and the server comes back.
    let field = browser.wait_for("[data-testid=token]").await;
    field.clear().await.unwrap();
    browser.type_into(&field, &budi).await;
    server.restart().await;

    let held = browser.wait_for("[data-testid=outbox-entry][data-state=held]").await;
    let detail = held.find(fantoccini::Locator::Css(".detail")).await.unwrap().text().await.unwrap();
    assert!(detail.contains(ANALYST), "{engine:?}: the held flag says whose it is: {detail:?}");
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(server.flags().await.is_empty(), "{engine:?}: nothing was sent under Budi's token");

    // Siti is back: her flag goes out, as hers.
    let field = browser.wait_for("[data-testid=token]").await;
    field.clear().await.unwrap();
    browser.type_into(&field, &server.token).await;
    browser.wait_for("[data-testid=outbox-entry][data-state=delivered]").await;
    let flags = server.flags().await;
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_is_the_candidate_flag(&flags[0]);
    browser.close().await;
}
