//! Importing files as an analyst does, in each engine: a Telegram JSON export picked with the file picker and read
//! in a Web Worker, then a message of it flagged with its chat, id, link, sender and date; the two parts of an HTML
//! export picked together; broken files refused with clear errors while what was loaded stays; a large export that
//! shows its progress and is cancelled.

use std::io::Write;
use std::path::Path;

use fantoccini::Locator;
use tapis_e2e::{Browser, Engine, Server, fixture, in_every_engine};

in_every_engine!(
    a_json_export_is_read_in_a_worker_and_its_flag_points_at_the_exact_message,
    html_parts_picked_together_are_one_import_and_broken_files_are_refused_keeping_what_was_loaded,
    a_large_export_shows_progress_and_cancelling_keeps_what_was_loaded,
    a_blocklist_built_in_the_worker_marks_links_and_a_pack_is_read_in_the_worker_s_module,
    the_server_s_blocklists_are_kept_by_the_app_and_mark_links,
);

async fn attr(browser: &Browser, css: &str, name: &str) -> String {
    let element = browser.wait_for(css).await;
    element.attr(name).await.unwrap().unwrap_or_else(|| panic!("{css} has no {name}"))
}

async fn count(browser: &Browser, css: &str) -> usize {
    browser.client.find_all(Locator::Css(css)).await.unwrap().len()
}

fn sha256_of(path: &Path) -> String {
    let output = std::process::Command::new("sha256sum").arg(path).output().expect("sha256sum");
    String::from_utf8(output.stdout).unwrap().split_whitespace().next().unwrap().to_owned()
}

async fn a_json_export_is_read_in_a_worker_and_its_flag_points_at_the_exact_message(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "").await;
    // Exports do not hold the channel's username: the analyst gives it with the file.
    let username = browser.wait_for("[data-testid=source-chat]").await;
    browser.type_into(&username, "@infocuan_harian").await;
    let export = fixture("import/promo-channel.result.json");
    browser.pick_files(&[&export]).await;

    browser.wait_for("[data-testid=import]").await;
    assert_eq!(attr(&browser, "[data-testid=import]", "data-read-in").await, "worker", "{engine:?}");
    assert_eq!(attr(&browser, "[data-testid=import]", "data-format").await, "telegram_json");
    let summary = browser.wait_for("[data-testid=import-summary]").await.text().await.unwrap();
    assert_eq!(summary, "4 pesan dibaca, 2 kandidat, 1 pesan layanan dilewati", "{engine:?}");
    // The queue shows the candidates; the other messages are a filter away.
    assert_eq!(count(&browser, "[data-testid=queue] [data-testid=message].candidate").await, 2);
    assert_eq!(count(&browser, "[data-testid=queue] [data-testid=message]").await, 2);
    let matches = browser.wait_for("[data-testid=filter-matches] option[value=all]").await;
    matches.click().await.unwrap();
    browser
        .wait_until(
            "all 4 messages listed",
            "return document.querySelectorAll('[data-testid=queue] [data-testid=message]').length === 4",
        )
        .await;
    // The promotion hidden behind "di sini" is found in the link's target.
    let hidden = browser.wait_for("[data-testid=hidden-link] mark").await;
    assert_eq!(hidden.text().await.unwrap(), "slot-gacor");

    let card = browser.wait_for("[data-testid=message][data-key='tg:1987654321:103']").await;
    let link = card.find(Locator::Css("[data-testid=link]")).await.unwrap();
    assert_eq!(link.text().await.unwrap(), "https://t.me/infocuan_harian/103");
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("https://t.me/infocuan_harian/103"));
    let sender = card.find(Locator::Css("[data-testid=sender]")).await.unwrap();
    assert_eq!(sender.text().await.unwrap(), "Admin Cuan");
    let date = card.find(Locator::Css("[data-testid=date]")).await.unwrap();
    assert_eq!(date.text().await.unwrap(), "2025-03-01 02:30 UTC");
    card.find(Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-testid=message][data-key='tg:1987654321:103'][data-state=delivered]").await;

    let flags = server.flags().await;
    assert_eq!(flags.len(), 1, "{flags:?}");
    let flag = &flags[0];
    let tapis_wire::Target::Message(target) = &flag.target else { panic!("a message flag: {:?}", flag.target) };
    assert_eq!(target.chat.title.as_deref(), Some("Info Cuan Harian"));
    assert_eq!(target.chat.id, Some(1987654321));
    assert_eq!(target.chat.username.as_deref(), Some("infocuan_harian"));
    assert_eq!(target.message_id, Some(103));
    assert_eq!(target.link.as_deref(), Some("https://t.me/infocuan_harian/103"));
    let sender = target.sender.as_ref().expect("a sender");
    assert_eq!((sender.name.as_deref(), sender.id.as_deref()), (Some("Admin Cuan"), Some("user5550001")));
    assert_eq!(target.date, Some("2025-03-01T02:30:00Z".parse().unwrap()));
    assert!(!target.date_is_local);
    let evidence = flag.evidence.as_ref().expect("a message flag's evidence");
    assert_eq!(evidence.excerpt, "Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini, maxwin dijamin!");
    assert_eq!(evidence.source.kind, tapis_wire::SourceKind::TelegramJson);
    assert_eq!(evidence.source.file_sha256.as_deref(), Some(sha256_of(&export).as_str()));
    browser.close().await;
}

async fn html_parts_picked_together_are_one_import_and_broken_files_are_refused_keeping_what_was_loaded(
    engine: Engine,
) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "").await;
    // Given in the wrong order: the parts are read in the order of their numbers.
    let parts = [fixture("telegram-html/two-part/messages2.html"), fixture("telegram-html/two-part/messages.html")];
    browser.pick_files(&[&parts[0], &parts[1]]).await;
    browser.wait_for("[data-testid=import][data-format=telegram_html]").await;
    let summary = browser.wait_for("[data-testid=import-summary]").await;
    assert_eq!(summary.attr("data-messages").await.unwrap().as_deref(), Some("8"), "{engine:?}");
    assert_eq!(summary.attr("data-candidates").await.unwrap().as_deref(), Some("2"), "{engine:?}");

    // Broken JSON: the error names the line and column; the HTML import stays.
    browser.pick_files(&[&fixture("import/broken.result.json")]).await;
    let error = browser.wait_for("[data-testid=import-error]").await;
    assert_eq!(error.attr("data-code").await.unwrap().as_deref(), Some("invalid_json"));
    let text = error.text().await.unwrap();
    assert!(text.starts_with("JSON tidak valid") && text.contains("line 4, column 12"), "{engine:?}: {text}");
    assert_eq!(count(&browser, "[data-testid=import]").await, 1);

    // An empty file says so.
    let empty = dir.path().join("kosong.json");
    std::fs::write(&empty, "").unwrap();
    browser.pick_files(&[&empty]).await;
    browser.wait_for("[data-testid=import-error][data-code=empty]").await;
    assert_eq!(count(&browser, "[data-testid=import]").await, 1);

    // Bytes that are not UTF-8 are read with replacement characters, and the import says so.
    let latin1 = dir.path().join("catatan.txt");
    std::fs::write(&latin1, b"Pesan pertama dengan caf\xe9\n\nPesan kedua").unwrap();
    browser.pick_files(&[&latin1]).await;
    browser.wait_for("[data-testid=import][data-format=free_text]").await;
    let warning = browser.wait_for("[data-testid=import-warning][data-code=invalid_utf8]").await;
    assert!(warning.text().await.unwrap().contains('\u{FFFD}'), "{engine:?}");
    assert_eq!(count(&browser, "[data-testid=import]").await, 2);

    // Text copied out of Telegram is detected as such; the analyst can say it is plain text instead.
    let copied = fixture("telegram/plain_copy_paste_stub.txt");
    browser.pick_files(&[&copied]).await;
    browser.wait_for("[data-testid=import][data-format=copied_text]").await;
    browser
        .client
        .find(Locator::Css("[data-testid=format] option[value=free_text]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.pick_files(&[&copied]).await;
    browser
        .wait_until("a fourth import", "return document.querySelectorAll('[data-testid=import]').length === 4")
        .await;
    // Imports are listed newest first.
    assert_eq!(attr(&browser, "[data-testid=import]", "data-format").await, "free_text", "{engine:?}");
    browser.close().await;
}

/// Writes a channel export of about `mib` MiB.
fn big_export(path: &Path, mib: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(file, r#"{{"name": "Kanal Besar", "type": "public_channel", "id": 42, "messages": ["#).unwrap();
    let mut written = 0;
    let mut id = 1;
    while written < mib << 20 {
        let line = format!(
            r#"{}{{"id": {id}, "type": "message", "date": "2025-01-01T00:00:00", "date_unixtime": "1735689600", "from": "Warga", "from_id": "user{id}", "text": "Pesan biasa nomor {id} tentang jadwal ronda dan kerja bakti di kampung."}}"#,
            if id == 1 { "" } else { ",\n" }
        );
        written += line.len();
        file.write_all(line.as_bytes()).unwrap();
        id += 1;
    }
    file.write_all(b"]}\n").unwrap();
}

async fn a_large_export_shows_progress_and_cancelling_keeps_what_was_loaded(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "").await;
    browser.pick_files(&[&fixture("import/promo-channel.result.json")]).await;
    browser.wait_for("[data-testid=import]").await;

    let big = dir.path().join("besar.result.json");
    big_export(&big, 64);
    browser.pick_files(&[&big]).await;
    browser.wait_for("[data-testid=import-progress] progress").await;
    browser
        .wait_until(
            "some progress",
            "return Number(document.querySelector('[data-testid=import-progress] progress')?.value) > 0",
        )
        .await;
    browser.client.find(Locator::Css("[data-testid=cancel-import]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-testid=import-cancelled]").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(count(&browser, "[data-testid=import]").await, 1, "{engine:?}: only what was loaded before");
    assert_eq!(count(&browser, "[data-testid=import-progress]").await, 0);
    assert_eq!(count(&browser, "[data-testid=import-error]").await, 0);
    // The page is still at the analyst's service: the next import runs.
    browser.pick_files(&[&fixture("telegram-html/old-exporter/messages.html")]).await;
    browser.wait_for("[data-testid=import][data-format=telegram_html]").await;
    assert_eq!(count(&browser, "[data-testid=import]").await, 2);
    browser.close().await;
}

const LINKS_EXPORT: &str = r#"{"name": "Info Cuan", "type": "public_channel", "id": 1500000001, "messages": [
    {"id": 1, "type": "message", "date": "2024-05-01T10:00:00", "date_unixtime": "1714532400",
     "from": "Info Cuan", "from_id": "channel1500000001", "text": "Daftar slot gacor di situs88.com bonus"},
    {"id": 2, "type": "message", "date": "2024-05-01T10:05:00", "date_unixtime": "1714532700",
     "from": "Info Cuan", "from_id": "channel1500000001", "text": "Slot gacor maxwin di gacor77[.]net"}]}"#;

/// The real build's two paths off the page: a blocklist built in the worker and kept in IndexedDB from there, then
/// asked by the worker for an export's links; and an imported pack's TOML read by the worker's module, loaded on
/// the page (the page's own module reads no TOML), a broken one refused naming its rule and field.
async fn a_blocklist_built_in_the_worker_marks_links_and_a_pack_is_read_in_the_worker_s_module(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "@infocuan").await;
    let list = dir.path().join("judi.txt");
    std::fs::write(&list, "# TrustPositif\n0.0.0.0 situs88.com\nsitus88.com\nlocalhost\n").unwrap();
    // The panel is folded, and made by the worker's module when first unfolded.
    browser.wait_for("[data-testid=blocklists] summary").await.click().await.unwrap();
    let name = browser.wait_for("[data-testid=blocklist-name]").await;
    browser.type_into(&name, "judi").await;
    let input = browser.wait_for("[data-testid=blocklist-file]").await;
    input.send_keys(&list.display().to_string()).await.unwrap();
    let kept = browser.wait_for("[data-testid=blocklist][data-name=judi]").await.text().await.unwrap();
    assert!(kept.starts_with("judi: 1 domain, 3 baris dilewati"), "{engine:?}: {kept}");

    // Pasted text's links are found by the worker's module, loaded on the page.
    let paste = browser.wait_for("[data-testid=paste]").await;
    browser.type_into(&paste, "Slot gacor di situs88.com").await;
    let pasted = browser.wait_for("[data-testid=found-link][data-status=blocked]").await.text().await.unwrap();
    assert!(pasted.starts_with("situs88.com"), "{engine:?}: {pasted}");
    let paste = browser.wait_for("[data-testid=paste]").await;
    paste.clear().await.unwrap();

    let export = dir.path().join("result.json");
    std::fs::write(&export, LINKS_EXPORT).unwrap();
    browser.pick_files(&[&export]).await;
    browser.wait_for("[data-testid=found-link][data-status=new]").await;
    assert_eq!(attr(&browser, "[data-testid=import]", "data-read-in").await, "worker", "{engine:?}");
    let blocked = browser.wait_for("[data-testid=found-link][data-status=blocked]").await.text().await.unwrap();
    assert!(blocked.starts_with("situs88.com") && blocked.contains("judi"), "{engine:?}: {blocked}");
    let listed = browser.wait_for("[data-testid=new-domain-list]").await.text().await.unwrap();
    assert_eq!(listed.trim(), "gacor77.net · 1 · Info Cuan · 2024-05-01–2024-05-01", "{engine:?}");

    browser.wait_for("[data-testid=pack-panel] summary").await.click().await.unwrap();
    let pack = dir.path().join("lokal.toml");
    let text = "id = \"kanal-lokal\"\nversion = \"1\"\n[[rule]]\nid = \"lokal.arisan\"\ncategory = \"penipuan\"\n\
                severity = \"medium\"\nterms = [\"arisan online\"]\n";
    std::fs::write(&pack, text.replace("medium", "urgent")).unwrap();
    let input = browser.wait_for("[data-testid=pack-file-input]").await;
    input.send_keys(&pack.display().to_string()).await.unwrap();
    let error = browser.wait_for("[data-testid=pack-error]").await.text().await.unwrap();
    assert!(error.contains("lokal.arisan") && error.contains("severity") && error.contains("urgent"), "{error}");
    std::fs::write(&pack, text).unwrap();
    let input = browser.wait_for("[data-testid=pack-file-input]").await;
    input.send_keys(&pack.display().to_string()).await.unwrap();
    browser.wait_for("[data-testid=pack][data-pack=kanal-lokal]").await;
    browser.close().await;
}

/// `tapis serve --blocklist NAME=FILE`: once the analyst's token is given, the app fetches the server's list, keeps
/// it like its own, and an export's links are marked against it.
async fn the_server_s_blocklists_are_kept_by_the_app_and_mark_links(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("judi.txt");
    std::fs::write(&list, "# TrustPositif\nsitus88.com\n").unwrap();
    let arg = format!("komdigi-judi={}", list.display());
    let server = Server::start_with(dir.path(), &tapis_e2e::env_path("TAPIS_DIST"), &["--blocklist", &arg]).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "@infocuan").await;
    browser.wait_for("[data-testid=blocklists] summary").await.click().await.unwrap();
    let kept = browser.wait_for("[data-testid=blocklist][data-name=komdigi-judi]").await.text().await.unwrap();
    assert!(kept.starts_with("komdigi-judi: 1 domain, 1 baris dilewati"), "{engine:?}: {kept}");
    let export = dir.path().join("result.json");
    std::fs::write(&export, LINKS_EXPORT).unwrap();
    browser.pick_files(&[&export]).await;
    let blocked = browser.wait_for("[data-testid=found-link][data-status=blocked]").await.text().await.unwrap();
    assert!(blocked.contains("komdigi-judi"), "{engine:?}: {blocked}");
    browser.close().await;
}
