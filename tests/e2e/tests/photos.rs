//! An export's photos, as an analyst meets them (issue 21), in each engine, on the release build and the real
//! server: a PDQ hash list loaded in the photo tools (made by the worker's module, loaded on the page when first
//! unfolded), an export picked with its photos, each photo hashed in the Web Worker and shown blurred, the one near
//! a listed hash ranked first with the list's match, and its flag stored by the server with the photo's hash and the
//! match, never the photo.

use std::path::Path;

use tapis_e2e::{Browser, Engine, Server, in_every_engine};

in_every_engine!(photos_picked_with_their_export_are_hashed_in_the_worker_matched_and_flagged_by_their_hashes);

/// The PDQ hash of `crates/media/tests/vectors/tiles_200x150.jpg` (its `vectors.tsv`).
const TILES_PDQ: &str = "a535c87fb3ac41965cdbdb80ba8eb61ca7753634c5a0c9c38575c94bbb8cc181";

fn vector(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/media/tests/vectors").join(name)
}

async fn photos_picked_with_their_export_are_hashed_in_the_worker_matched_and_flagged_by_their_hashes(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let browser = Browser::start(engine).await;
    browser.open_app(&server, "").await;
    let username = browser.wait_for("[data-testid=source-chat]").await;
    browser.type_into(&username, "@promo_kanal").await;

    // A shared list holding a near copy of the tiles photo (one bit away), and a line that is no hash.
    let list = dir.path().join("judi-banner.txt");
    std::fs::write(&list, format!("# banners\n{}0\tbanner situs\tKomdigi\nnot-a-hash\n", &TILES_PDQ[..63])).unwrap();
    browser.wait_for("[data-testid=photo-tools] summary").await.click().await.unwrap();
    let category = browser.wait_for("[data-testid=hashlist-category] option[value=perjudian]").await;
    category.click().await.unwrap();
    let input = browser.wait_for("[data-testid=hashlist-file]").await;
    input.send_keys(&list.display().to_string()).await.unwrap();
    let kept = browser.wait_for("[data-testid=hashlist][data-name=judi-banner]").await;
    assert_eq!(kept.attr("data-hashes").await.unwrap().as_deref(), Some("1"), "{engine:?}");
    assert_eq!(kept.attr("data-malformed").await.unwrap().as_deref(), Some("1"), "{engine:?}");

    // The export and its photos, picked together (a picker without folders: each photo found by its name).
    let export = dir.path().join("result.json");
    std::fs::write(
        &export,
        r#"{"name": "Promo Kanal", "type": "public_channel", "id": 1234567, "messages": [
            {"id": 1, "type": "message", "date": "2026-11-01T10:00:00", "date_unixtime": "1793502000",
             "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_1@01-11-2026_10-00-00.jpg",
             "width": 200, "height": 150, "text": "", "text_entities": []},
            {"id": 2, "type": "message", "date": "2026-11-01T10:05:00", "date_unixtime": "1793502300",
             "from": "Promo Kanal", "from_id": "channel1234567", "photo": "photos/photo_2@01-11-2026_10-05-00.jpg",
             "width": 256, "height": 256, "text": "Selamat pagi semua", "text_entities": []}
        ]}"#,
    )
    .unwrap();
    let first = dir.path().join("photo_1@01-11-2026_10-00-00.jpg");
    std::fs::copy(vector("tiles_200x150.jpg"), &first).unwrap();
    let second = dir.path().join("photo_2@01-11-2026_10-05-00.jpg");
    std::fs::copy(vector("shapes_256x256.png"), &second).unwrap();
    browser.pick_files(&[&export, &first, &second]).await;

    let import = browser.wait_for("[data-testid=import][data-read-in=worker]").await;
    let summary = import.find(fantoccini::Locator::Css("[data-testid=import-summary]")).await.unwrap();
    assert_eq!(summary.attr("data-candidates").await.unwrap().as_deref(), Some("1"), "{engine:?}");
    let card = browser.wait_for("[data-testid=queue] [data-testid=message][data-key='tg:1234567:1']").await;
    let photo = browser.wait_for("[data-key='tg:1234567:1'] [data-testid=photo]").await;
    assert_eq!(photo.attr("data-blurred").await.unwrap().as_deref(), Some("true"), "{engine:?}: blurred by default");
    // The picture itself shows (an object URL of the analyst's file, which the server's policy allows), once in
    // view: it loads lazily.
    let script = "document.querySelector(\"[data-key='tg:1234567:1']\").scrollIntoView()";
    browser.client.execute(script, vec![]).await.unwrap();
    browser
        .wait_until(
            "the photo drawn",
            "const img = document.querySelector(\"[data-key='tg:1234567:1'] [data-testid=photo] img\"); \
             return !!img && img.complete && img.naturalWidth === 200",
        )
        .await;
    let listed = browser.wait_for("[data-key='tg:1234567:1'] [data-testid=photo-listed]").await;
    let listed = listed.text().await.unwrap();
    assert!(listed.contains("judi-banner") && listed.contains("1"), "{engine:?}: {listed}");
    assert_eq!(card.attr("data-severity").await.unwrap().as_deref(), Some("high"));

    card.find(fantoccini::Locator::Css("[data-testid=confirm]")).await.unwrap().click().await.unwrap();
    browser.wait_for("[data-key='tg:1234567:1'][data-state=delivered]").await;
    let flags = server.flags().await;
    assert_eq!(flags.len(), 1, "{flags:?}");
    let evidence = flags[0].evidence.as_ref().expect("a message flag's evidence");
    assert_eq!(evidence.images.len(), 1, "{engine:?}: {:?}", evidence.images);
    let image = &evidence.images[0];
    assert_eq!(image.pdq, TILES_PDQ, "{engine:?}: hashed in the worker as natively");
    assert_eq!(image.path.as_deref(), Some("photos/photo_1@01-11-2026_10-00-00.jpg"));
    assert_eq!(image.matches.len(), 1);
    assert_eq!(image.matches[0].list, "judi-banner");
    assert_eq!(image.matches[0].category.as_deref(), Some("perjudian"));
    assert_eq!(image.matches[0].distance, 1);
    assert_eq!(flags[0].classification.category, "perjudian");
    assert!(server.csp_reports().await.is_empty(), "{engine:?}: {:?}", server.csp_reports().await);
    browser.close().await;
}
