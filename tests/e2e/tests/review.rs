//! A second pair of eyes, as it runs between people: an analyst imports a channel's export, confirms a message
//! and flags the whole channel with it as evidence; a reviewer, in their own browser, approves the message flag
//! and returns the channel flag with a reason, from the keyboard; the platform's liaison answers the approved
//! notice through the API; the analyst sees the reason and the platform's answer in the app, and the audit log
//! holds every step.

use fantoccini::Locator;
use tapis_e2e::{Browser, Engine, Server, fixture, in_every_engine};

in_every_engine!(
    analyst_then_reviewer_then_platform_and_the_analyst_sees_the_outcome,
    a_returned_flag_reopens_on_the_desk_and_is_filed_anew,
    my_flags_are_paged_newest_first_and_filtered_by_status
);

const RETURN_REASON: &str = "Bukti kanal kurang: lampirkan lebih banyak pesan";

async fn count(browser: &Browser, css: &str) -> usize {
    browser.client.find_all(Locator::Css(css)).await.unwrap().len()
}

async fn analyst_then_reviewer_then_platform_and_the_analyst_sees_the_outcome(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let reviewer_token = server.create_token("Peninjau Uji", "reviewer").await;
    let liaison_token = server.create_token("Penghubung Platform", "liaison").await;

    // The analyst: import, confirm one message, flag the channel with it.
    let analyst = Browser::start(engine).await;
    analyst.open_app(&server, "").await;
    analyst.type_into(&analyst.wait_for("[data-testid=source-chat]").await, "@infocuan_harian").await;
    analyst.pick_files(&[&fixture("import/promo-channel.result.json")]).await;
    let card = analyst.wait_for("[data-testid=message][data-key='tg:1987654321:103']").await;
    card.find(Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    analyst.wait_for("[data-testid=message][data-key='tg:1987654321:103'][data-state=delivered]").await;

    analyst.wait_for("[data-testid=rollups] summary").await.click().await.unwrap();
    let chat = analyst.wait_for("[data-testid=rollup-chat][data-confirmed='1']").await;
    assert!(chat.text().await.unwrap().contains("Info Cuan Harian"), "{engine:?}");
    let senders = count(&analyst, "[data-testid=rollup-sender]").await;
    assert_eq!(senders, 1, "{engine:?}: both candidates come from one sender");
    chat.find(Locator::Css("[data-testid=flag-subject]")).await.unwrap().click().await.unwrap();
    let summary = analyst.wait_for("[data-testid=subject-summary]").await;
    analyst.type_into(&summary, "Kanal ini mempromosikan judi online setiap hari.").await;
    analyst.wait_for("[data-testid=send-subject-flag]").await.click().await.unwrap();
    analyst.wait_for("[data-testid=subject-flag-queued]").await;
    analyst
        .wait_until(
            "both flags waiting for review in My flags",
            "return document.querySelectorAll('[data-testid=my-flag][data-status=pending_review]').length === 2",
        )
        .await;
    let flags = server.flags().await;
    let channel = flags.iter().find(|f| f.target.kind() == "channel").expect("a channel flag");
    let tapis_wire::Target::Channel(target) = &channel.target else { unreachable!() };
    assert_eq!(target.chat.username.as_deref(), Some("infocuan_harian"));
    assert_eq!(target.chat.id, Some(1987654321));
    let dossier = channel.dossier.as_ref().expect("a dossier");
    assert_eq!(dossier.summary, "Kanal ini mempromosikan judi online setiap hari.");
    assert_eq!(dossier.messages.len(), 1);
    assert_eq!(dossier.messages[0].link.as_deref(), Some("https://t.me/infocuan_harian/103"));
    let message_flag = flags.iter().find(|f| f.target.kind() == "message").expect("a message flag").id;

    // The reviewer, in their own browser, from the keyboard: return the channel flag (the second), then approve
    // the message flag with the keys alone: the queue keeps the focus after a decision.
    let reviewer = Browser::start(engine).await;
    reviewer.open_app_as(&server, &reviewer_token, "").await;
    reviewer
        .wait_until(
            "two flags in the review queue",
            "return document.querySelectorAll('[data-testid=review-item]').length === 2",
        )
        .await;
    // The reviewer's own view: the review queue, not the analyst's desk; each flag with its evidence as the
    // analyst saw it (the matches marked, the rules named, the message's link), the analyst's explanation, and a
    // channel flag's evidence messages readable.
    assert_eq!(
        count(&reviewer, "[data-testid=paste]").await,
        0,
        "{engine:?}: the analyst's desk is not the reviewer's"
    );
    assert_eq!(count(&reviewer, "[data-testid=show-analyst-desk]").await, 1, "{engine:?}");
    let message_item = "[data-testid=review-item][data-kind=message]";
    assert!(
        count(&reviewer, &format!("{message_item} [data-testid=evidence] mark[data-rule]")).await >= 1,
        "{engine:?}"
    );
    assert!(count(&reviewer, &format!("{message_item} [data-testid=evidence-rule]")).await >= 1, "{engine:?}");
    let link = reviewer.wait_for(&format!("{message_item} [data-testid=evidence-link]")).await;
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("https://t.me/infocuan_harian/103"), "{engine:?}");
    let channel_evidence =
        "[data-testid=review-item][data-kind=channel] [data-testid=dossier-messages] [data-testid=evidence]";
    assert_eq!(count(&reviewer, channel_evidence).await, 1, "{engine:?}");
    assert_eq!(count(&reviewer, "[data-testid=analyst-explanation]").await, 2, "{engine:?}");
    let queue = reviewer.wait_for("[data-testid=review-queue]").await;
    queue.find(Locator::Css("h2")).await.unwrap().click().await.unwrap();
    queue.send_keys("j").await.unwrap();
    queue.send_keys("r").await.unwrap();
    let reason = reviewer.wait_for("[data-testid=return-reason-input]").await;
    reason.send_keys(RETURN_REASON).await.unwrap();
    reason.send_keys("\u{E007}").await.unwrap();
    reviewer
        .wait_until(
            "one flag left in the queue",
            "return document.querySelectorAll('[data-testid=review-item]').length === 1",
        )
        .await;
    reviewer
        .wait_until(
            "the queue holding the focus",
            "return document.activeElement === document.querySelector('[data-testid=review-queue]')",
        )
        .await;
    reviewer.client.active_element().await.unwrap().send_keys("a").await.unwrap();
    reviewer
        .wait_until("an empty queue", "return document.querySelectorAll('[data-testid=review-item]').length === 0")
        .await;
    reviewer.close().await;

    // The platform's liaison answers the approved notice.
    let notices: tapis_wire::NoticeList = server.get_as(&liaison_token, "api/v1/notices").await;
    assert_eq!(notices.notices.len(), 1, "only the approved flag reaches the platform: {notices:?}");
    let outcome = tapis_wire::NoticeOutcome {
        key: notices.notices[0].key.clone(),
        status: tapis_wire::FlagStatus::Actioned,
        platform_reference: Some("TG-2026-0001".into()),
        reason: None,
    };
    let _: tapis_wire::NoticeOutcomeResult = server.post_as(&liaison_token, "api/v1/notices/outcome", &outcome).await;

    // The analyst sees why the channel flag came back, and what the platform did with the message flag.
    analyst.wait_for("[data-testid=refresh-my-flags]").await.click().await.unwrap();
    let actioned = analyst.wait_for("[data-testid=my-flag][data-status=actioned] [data-testid=platform-answer]").await;
    assert!(actioned.text().await.unwrap().contains("TG-2026-0001"), "{engine:?}");
    // Answered at once, within the 24 hours the policy gives gambling.
    let deadline = analyst.wait_for("[data-testid=my-flag][data-status=actioned] [data-testid=deadline]").await;
    assert_eq!(deadline.text().await.unwrap(), "dijawab dalam tenggat", "{engine:?}");
    let returned = analyst.wait_for("[data-testid=my-flag][data-status=returned] [data-testid=return-reason]").await;
    assert!(returned.text().await.unwrap().contains(RETURN_REASON), "{engine:?}");
    // The flag's whole history, from the audit log, in the app.
    let history = analyst.wait_for("[data-testid=my-flag][data-status=actioned] [data-testid=history] summary").await;
    history.click().await.unwrap();
    analyst
        .wait_for(
            "[data-testid=my-flag][data-status=actioned] [data-testid=history-entry][data-action='flag.approved']",
        )
        .await;
    analyst.close().await;

    // Every step is in the audit log, with who.
    let audit: serde_json::Value = server.get(&format!("api/v1/audit?flag_id={message_flag}")).await;
    let actions: Vec<&str> = audit["entries"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for step in ["flag.created", "flag.approved"] {
        assert!(actions.contains(&step), "{engine:?}: {step} missing from {actions:?}");
    }
    assert!(actions.len() >= 3, "{engine:?}: created, approved and the platform's outcome: {actions:?}");
}

/// The reviewer returns a message flag ("wrong category"): the analyst's desk reopens the message with the
/// reviewer's reason (it was a dead end, still "sent" with every button disabled), and filing it anew under
/// another category sends a new flag that names the returned one.
async fn a_returned_flag_reopens_on_the_desk_and_is_filed_anew(engine: Engine) {
    const REASON: &str = "Kategori salah: ini penipuan";
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let reviewer_token = server.create_token("Peninjau Uji", "reviewer").await;
    let analyst = Browser::start(engine).await;
    analyst.open_app(&server, "@infojudi88").await;
    let area = analyst.wait_for("[data-testid=paste]").await;
    analyst.type_into(&area, "Info slot gacor malam ini, maxwin dijamin").await;
    let card = analyst.wait_for("[data-testid=message].candidate").await;
    card.find(Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    analyst.wait_for("[data-testid=message][data-state=delivered]").await;
    let first = server.flags().await[0].id;

    // The reviewer returns it (through the API: the review queue's keys are tested above).
    let request = tapis_wire::ReviewRequest { decision: tapis_wire::Decision::Return, reason: Some(REASON.into()) };
    let _: tapis_wire::StoredFlag =
        server.post_as(&reviewer_token, &format!("api/v1/flags/{first}/review"), &request).await;
    analyst.wait_for("[data-testid=refresh-my-flags]").await.click().await.unwrap();
    let returned = analyst.wait_for("[data-testid=message][data-state=returned]").await;
    let outcome = returned.find(Locator::Css("[data-testid=outcome]")).await.unwrap().text().await.unwrap();
    assert!(outcome.contains(REASON), "{engine:?}: {outcome:?}");
    let notice = analyst.wait_for("[data-testid=notice]").await.text().await.unwrap();
    assert!(notice.contains("dikembalikan peninjau"), "{engine:?}: {notice:?}");

    // Filed anew, under the category the reviewer asked for.
    returned.find(Locator::Css(".message-text")).await.unwrap().click().await.unwrap();
    analyst.wait_for("[data-testid=confirm-category]").await.select_by_value("penipuan").await.unwrap();
    let refile = analyst.wait_for("[data-testid=message][data-state=returned] [data-testid=confirm]").await;
    assert_eq!(refile.text().await.unwrap(), "Ajukan ulang", "{engine:?}");
    refile.click().await.unwrap();
    analyst.wait_for("[data-testid=message][data-state=delivered]").await;
    let flags = server.flags().await;
    assert_eq!(flags.len(), 2, "{engine:?}: {flags:?}");
    let anew = flags.iter().find(|f| f.id != first).unwrap();
    assert_eq!(anew.classification.category, "penipuan", "{engine:?}");
    assert!(
        anew.classification.explanation.contains(&format!("Pengajuan ulang flag {first} yang dikembalikan peninjau")),
        "{engine:?}: {}",
        anew.classification.explanation
    );
    analyst.close().await;
}

/// A flag on message `n` of "Slot Gacor 88", as the app would send it.
fn message_flag(n: u32) -> serde_json::Value {
    // SHA-256 of the excerpt: `printf %s 'Situs slot gacor, daftar sekarang 🎰' | sha256sum`.
    serde_json::json!({
        "id": format!("01936f6e-7c3a-7def-8a12-{n:012x}"),
        "target": {
            "kind": "message",
            "platform": "telegram",
            "chat": { "title": "Slot Gacor 88", "username": "slotgacor88" },
            "message_id": n,
            "link": format!("https://t.me/slotgacor88/{n}")
        },
        "evidence": {
            "excerpt": format!("Situs slot gacor, daftar sekarang 🎰"),
            "excerpt_sha256": "3bdf62a176669bd50ecde62b5f9bbdfe2134b62c42bfd5ce5b486d462eb34ea8",
            "source": { "kind": "free_text" },
            "spans": []
        },
        "classification": { "category": "perjudian", "severity": "high", "explanation": "Promosi situs judi." },
        "requested_action": "remove",
        "detection": { "matched_automatically": false, "confirmed_by_person": true, "confirmed_at": "2026-12-01T05:00:00Z" }
    })
}

/// A busy analyst's newest flags come first, 50 to a page with more on demand (it once showed the oldest 500 and
/// no more), each with its excerpt and link; the status filter finds the returned one among them.
async fn my_flags_are_paged_newest_first_and_filtered_by_status(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let reviewer_token = server.create_token("Peninjau Uji", "reviewer").await;
    let batch: Vec<serde_json::Value> = (1..=51).map(message_flag).collect();
    let stored: serde_json::Value = server.post_as(&server.token, "api/v1/flags", &batch).await;
    let results = stored["results"].as_array().unwrap();
    assert!(results.len() == 51 && results.iter().all(|r| r["status"] == 201), "{stored}");
    let returned = format!("01936f6e-7c3a-7def-8a12-{:012x}", 7);
    let request =
        tapis_wire::ReviewRequest { decision: tapis_wire::Decision::Return, reason: Some("Bukti kurang".into()) };
    let _: tapis_wire::StoredFlag =
        server.post_as(&reviewer_token, &format!("api/v1/flags/{returned}/review"), &request).await;

    let analyst = Browser::start(engine).await;
    analyst.open_app(&server, "").await;
    analyst
        .wait_until("a page of flags", "return document.querySelectorAll('[data-testid=my-flag]').length === 50")
        .await;
    let first = analyst.wait_for("[data-testid=my-flag]").await;
    let link = first.find(Locator::Css("[data-testid=my-flag-link]")).await.unwrap();
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some("https://t.me/slotgacor88/51"),
        "{engine:?}: newest first"
    );
    let excerpt = first.find(Locator::Css("[data-testid=my-flag-excerpt]")).await.unwrap().text().await.unwrap();
    assert!(excerpt.contains("slot gacor"), "{engine:?}: {excerpt:?}");
    analyst.wait_for("[data-testid=more-my-flags]").await.click().await.unwrap();
    analyst
        .wait_until("the last flag too", "return document.querySelectorAll('[data-testid=my-flag]').length === 51")
        .await;
    assert_eq!(count(&analyst, "[data-testid=more-my-flags]").await, 0, "{engine:?}: nothing more to load");

    analyst.wait_for("[data-testid=my-flags-status]").await.select_by_value("returned").await.unwrap();
    analyst
        .wait_until("the returned flag alone", "return document.querySelectorAll('[data-testid=my-flag]').length === 1")
        .await;
    let only = analyst.wait_for("[data-testid=my-flag]").await;
    assert_eq!(only.attr("data-id").await.unwrap(), Some(returned), "{engine:?}");
    let reason = only.find(Locator::Css("[data-testid=return-reason]")).await.unwrap().text().await.unwrap();
    assert!(reason.contains("Bukti kurang"), "{engine:?}: {reason:?}");
    analyst.close().await;
}
