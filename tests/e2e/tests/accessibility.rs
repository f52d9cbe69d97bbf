//! The triage desk checked with axe-core (WCAG 2.1 A and AA, and best practices) in headless Chromium, at
//! 1280×800 and at 768 px wide: with messages highlighted, one selected in the inspector, the shortcuts shown and
//! the rule tallies open. No serious or critical violation; and at 768 px nothing runs off the side of the page.
//!
//! axe-core comes from npm (`make browsers` installs it); `AXE_CORE` names its `axe.min.js`.

use std::time::Duration;

use tapis_e2e::{Browser, Engine, Server};

#[tokio::test]
async fn the_desk_has_no_serious_or_critical_accessibility_violation_at_1280_and_768_px() {
    let axe = std::env::var("AXE_CORE").unwrap_or_else(|_| {
        format!("{}/.cache/tapis/axe/node_modules/axe-core/axe.min.js", std::env::var("HOME").unwrap())
    });
    let axe =
        std::fs::read_to_string(&axe).unwrap_or_else(|e| panic!("{axe}: {e} (`make browsers` installs axe-core)"));
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(Engine::Chromium).await;
    browser.open_app(&server, "@infojudi88").await;
    let area = browser.wait_for("[data-testid=paste]").await;
    browser
        .type_into(
            &area,
            "Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini\n\nKabar: نفذ الأخ عملية استشهادية\n\njual sabu murah\n\nRapat jam 9",
        )
        .await;
    browser.wait_for("[data-testid=queue] mark").await;
    // A message selected (the inspector filled in), one rejected, the tallies open, the shortcuts shown.
    let script = "document.activeElement.blur();\
        for (const key of ['j', 'x', '?']) document.body.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));\
        document.querySelector('[data-testid=rule-tallies]').open = true; return true";
    browser.client.execute(script, vec![]).await.unwrap();
    browser.wait_for("[data-testid=inspected-match]").await;
    browser.client.execute(&format!("{axe}; return true"), vec![]).await.expect("load axe-core into the page");

    for (width, height) in [(1280, 800), (768, 1024)] {
        browser.client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let found = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})\
                 .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,\
                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))\
                 .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]))",
                vec![],
            )
            .await
            .expect("run axe-core");
        let violations = found.as_array().cloned().unwrap_or_default();
        for v in &violations {
            println!("{width} px: {} ({}): {} {}", v["id"], v["impact"], v["help"], v["nodes"]);
        }
        let grave: Vec<&serde_json::Value> =
            violations.iter().filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical"))).collect();
        assert!(grave.is_empty(), "at {width} px, serious or critical violations: {grave:#?}");

        // Usable at this width: the page does not scroll sideways, and the queue and inspector are both there.
        let overflow = browser
            .client
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
            .await
            .unwrap();
        assert!(overflow.as_f64().unwrap() <= 0.0, "at {width} px the page is {overflow} px too wide");
        for part in ["[data-testid=queue] [data-testid=message]", "[data-testid=inspector]"] {
            let visible = browser
                .client
                .execute(&format!("const e = document.querySelector({part:?}); return !!e && e.getBoundingClientRect().width > 300"), vec![])
                .await
                .unwrap();
            assert_eq!(visible, serde_json::Value::Bool(true), "at {width} px {part} is missing or squeezed");
        }
    }
    browser.close().await;
}
