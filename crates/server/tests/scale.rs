//! Reads stay bounded however many flags are stored: 50,000 approved flags, seeded in one transaction, and every
//! endpoint that reads approved flags answers a capped page (following its cursor reaches them all), or figures
//! computed in the database. On a fresh database per test, on each backend.

mod support;

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::{Connection, QueryBuilder};
use support::{TestApp, TestDb, flag, on_every_backend};
use tapis_server::Backend;

on_every_backend!(fifty_thousand_approved_flags_are_read_a_capped_page_at_a_time);

/// How many approved flags are seeded.
const FLAGS: u32 = 50_000;

/// Flag `n` is on message `n % MESSAGES`: the first 10,000 messages have two flags, 40,000 apart (so the two are on
/// different pages), the others one.
const MESSAGES: u32 = 40_000;

/// The most notices (and CSV rows) one call may answer.
const CAP: usize = 500;

fn seeded_id(n: u32) -> String {
    format!("01936f6e-7c3a-7def-8a12-{n:012x}")
}

/// The notice key of message `m` of the fixture chat.
fn notice_key(m: u32) -> String {
    format!("message:-1001234567890/{m}")
}

/// Seeds the approved flags straight into the table, as the server stores them, in one transaction of multi-row
/// inserts; every 10th has the platform's outcome.
async fn seed(db: &TestDb, flagger_id: i64) {
    let time = "2026-11-29T05:00:00.000000000Z";
    let outcome = "2026-11-29T08:00:00.000000000Z";
    let rows: Vec<(String, String, String, Option<String>)> = (0..FLAGS)
        .map(|n| {
            let mut body = flag(n % MESSAGES);
            body["id"] = seeded_id(n).into();
            body["classification"]["category"] = if n % 2 == 0 { "perjudian" } else { "penipuan" }.into();
            let actioned = n % 10 == 0;
            let status = if actioned { "actioned" } else { "approved" };
            (seeded_id(n), body.to_string(), status.to_owned(), actioned.then(|| outcome.to_owned()))
        })
        .collect();
    macro_rules! insert {
        ($connection:expr) => {{
            let mut connection = $connection;
            let mut tx = connection.begin().await.unwrap();
            for chunk in rows.chunks(1_000) {
                let mut insert = QueryBuilder::new(
                    "INSERT INTO flags (id, flagger_id, notifier_analyst, notifier_organisation, target_kind, chat_key,
                         category, severity, confirmed_at, received_at, status, status_changed_at, body, approved_at,
                         outcome_at) ",
                );
                insert.push_values(chunk, |mut row, (id, body, status, outcome_at)| {
                    let category: Value = serde_json::from_str::<Value>(body).unwrap()["classification"]["category"].clone();
                    row.push_bind(id.clone())
                        .push_bind(flagger_id)
                        .push_bind("Siti Rahma")
                        .push_bind("Komdigi")
                        .push_bind("message")
                        .push_bind("-1001234567890")
                        .push_bind(category.as_str().unwrap().to_owned())
                        .push_bind("high")
                        .push_bind(time)
                        .push_bind(time)
                        .push_bind(status.clone())
                        .push_bind(outcome_at.clone().unwrap_or_else(|| time.to_owned()))
                        .push_bind(body.clone())
                        .push_bind(time)
                        .push_bind(outcome_at.clone());
                });
                insert.build().execute(&mut *tx).await.unwrap();
            }
            tx.commit().await.unwrap();
        }};
    }
    match db.backend {
        Backend::Sqlite => insert!(sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.arg)).await.unwrap()),
        Backend::Postgres => insert!(sqlx::PgConnection::connect(&db.arg).await.unwrap()),
    }
}

/// Follows `path`'s `next_cursor` to the end: the notices of every page, by key, and how many pages.
async fn every_notice(
    app: &TestApp,
    path: &str,
    notices_of: impl Fn(&Value) -> Vec<Value>,
) -> (BTreeMap<String, usize>, usize) {
    let mut seen = BTreeMap::new();
    let mut pages = 0;
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut next = path.to_owned();
    loop {
        let answer = app.get(&next).await;
        assert_eq!(answer.status, StatusCode::OK, "{next}: {}", answer.text);
        let notices = notices_of(&answer.json);
        assert!(notices.len() <= CAP, "{next}: {} notices in one answer", notices.len());
        pages += 1;
        for notice in notices {
            let key = notice["key"].as_str().unwrap().to_owned();
            let flags = notice["flags"].as_array().unwrap().len();
            assert!(seen.insert(key.clone(), flags).is_none(), "{next}: notice {key} given twice");
        }
        match answer.json["next_cursor"].as_str() {
            Some(cursor) => next = format!("{path}{separator}cursor={cursor}"),
            None => return (seen, pages),
        }
    }
}

async fn fifty_thousand_approved_flags_are_read_a_capped_page_at_a_time(db: TestDb) {
    let app = TestApp::new(db).await;
    let siti = app.store.list_flaggers().await.unwrap().into_iter().find(|f| f.name == "Siti Rahma").unwrap().id;
    seed(&app.db, siti).await;
    // Opened again, as a server started on an existing database is.
    let app = app.reopen().await;

    let wanted = |m: u32| if m < FLAGS - MESSAGES { 2 } else { 1 };
    let (notices, pages) =
        every_notice(&app, "/api/v1/notices?status=any", |json| json["notices"].as_array().unwrap().clone()).await;
    assert_eq!(notices.len(), MESSAGES as usize);
    assert!(pages >= MESSAGES as usize / CAP, "{pages} pages");
    for m in [0, 1, 9_999, 10_000, 39_999] {
        assert_eq!(notices[&notice_key(m)], wanted(m), "flags of message {m}");
    }

    let (exported, _) = every_notice(&app, "/api/v1/export?status=any", |json| {
        json["chats"].as_array().unwrap().iter().flat_map(|chat| chat["notices"].as_array().unwrap().clone()).collect()
    })
    .await;
    assert_eq!(exported, notices);

    let csv = app.get("/api/v1/export?status=any&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let rows = csv.text.trim_end().split("\r\n").count();
    assert!(rows <= CAP + 1, "{rows} CSV rows");
    assert!(csv.headers.contains_key("x-next-cursor"), "the CSV says where its next page starts");

    // One notice's outcome touches its flags alone (message 3 has flags 3 and 40,003; flag 40,003 is actioned).
    let outcome = json!({ "key": notice_key(3), "status": "acknowledged", "platform_reference": "TG-3" });
    let answer = app.call_as(&app.liaison, Method::POST, "/api/v1/notices/outcome", Some(&outcome)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let ids: Vec<&str> = answer.json["flags"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let open = app.get("/api/v1/notices?limit=10").await;
    assert_eq!(open.json["notices"].as_array().unwrap().len(), 10, "{}", open.text);

    // Figures over every approved flag, computed by the database: one row per category.
    let figures = app.get("/api/v1/stats/turnaround").await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.text);
    let categories = figures.json["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 2);
    let sum = |field: &str| categories.iter().map(|c| c[field].as_u64().unwrap()).sum::<u64>();
    assert_eq!((sum("approved"), sum("decided"), sum("actioned")), (50_000, 5_000, 5_000));
    let judi = categories.iter().find(|c| c["category"] == "perjudian").unwrap();
    assert_eq!(
        (&judi["median_seconds"], &judi["mean_seconds"], &judi["max_seconds"]),
        (&json!(10_800), &json!(10_800), &json!(10_800))
    );
}
