//! The HTTP API driven in process (no socket), on a fresh database per test: a SQLite file, and a PostgreSQL
//! schema (`postgres::` tests; see `support`).

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use support::{TestApp, TestDb, flag, flag_id, on_every_backend, register, sha256_hex, with_excerpt};

on_every_backend!(
    a_posted_flag_is_stored_with_the_tokens_notifier_waiting_for_review,
    a_flag_s_links_are_kept_with_their_status_and_a_malformed_one_refused,
    a_flag_s_image_hashes_are_kept_exported_and_malformed_ones_refused,
    flags_are_listed_in_received_order,
    reposting_the_same_flag_answers_200_without_a_new_row,
    the_same_id_with_other_content_is_a_conflict_and_changes_nothing,
    the_same_flag_from_another_flagger_is_a_conflict,
    a_claimed_notifier_must_be_the_tokens,
    invalid_bodies_are_refused_naming_the_field_and_store_nothing,
    a_body_must_be_declared_json_and_within_the_limit,
    a_batch_answers_each_item_and_stores_the_valid_ones,
    a_batch_of_stored_flags_answers_200_and_oversized_batches_413,
    concurrent_posts_of_one_flag_create_it_once,
    every_route_but_the_public_ones_needs_a_valid_token,
    a_revoked_token_is_refused_at_once,
    flags_are_filtered_and_paged_with_cursors,
    one_flag_is_read_by_id,
    the_platform_moves_flags_through_allowed_statuses_only,
    status_changes_are_audited_and_the_audit_log_pages_by_flag,
    the_export_folds_flags_on_one_message_into_one_notice,
    the_csv_export_has_one_row_per_notice,
    no_csv_cell_starts_a_formula_when_split_on_a_separator,
    rule_packs_are_served_from_the_packs_directory,
    blocklists_are_served_with_their_counts_and_their_sets_by_etag,
    health_answers_without_a_token,
    cors_is_off_unless_origins_are_configured,
    unknown_api_paths_are_404_and_wrong_methods_405,
    pages_answer_503_until_the_app_is_built,
    every_answer_carries_the_strict_policy_and_fitting_cache_headers,
    csp_violation_reports_are_kept_and_listed_for_flaggers,
);

async fn a_posted_flag_is_stored_with_the_tokens_notifier_waiting_for_review(db: TestDb) {
    let app = TestApp::new(db).await;
    let created = app.post(&flag(1)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let stored = &created.json;
    assert_eq!(stored["notifier"], json!({ "organisation": "Komdigi", "analyst": "Siti Rahma" }));
    assert_eq!(stored["status"], "pending_review");
    assert_eq!(stored["status_changed_at"], stored["received_at"]);
    assert!(stored.get("review").is_none(), "{}", created.text);
    for field in ["id", "target", "evidence", "classification", "requested_action", "detection"] {
        assert_eq!(stored[field], flag(1)[field], "{field}");
    }
    assert_eq!(app.all_flags().await, vec![stored.clone()]);
}

async fn a_flag_s_links_are_kept_with_their_status_and_a_malformed_one_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut body = with_excerpt(flag(1), "Daftar di situs88.com atau gacor77[.]net, admin @adminslot");
    body["evidence"]["links"] = json!([
        {"kind": "domain", "value": "situs88.com", "start": 10, "end": 21, "domain": "situs88.com",
         "status": "blocked", "list": "trustpositif-judi"},
        {"kind": "domain", "value": "gacor77.net", "start": 27, "end": 40, "domain": "gacor77.net", "status": "new"},
        {"kind": "mention", "value": "@adminslot", "start": 48, "end": 58}
    ]);
    let created = app.post(&body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.json["evidence"], body["evidence"]);
    assert_eq!(app.all_flags().await[0]["evidence"]["links"], body["evidence"]["links"], "kept as sent");

    let mut bad = with_excerpt(flag(2), "Daftar di situs88.com");
    bad["evidence"]["links"] = json!([{"kind": "domain", "value": "situs88.com", "start": 10, "end": 21,
        "domain": "situs88.com", "status": "blocked"}]);
    let refused = app.post(&bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(refused.json["field"], "evidence.links[0].list");
    bad["evidence"]["links"][0]["kind"] = json!("fax");
    assert_eq!(app.post(&bad).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.count_flags().await.unwrap(), 1);
}

async fn a_flag_s_image_hashes_are_kept_exported_and_malformed_ones_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    let mut body = flag(1);
    body["evidence"]["images"] = json!([
        {"pdq": pdq, "quality": 100, "path": "photos/photo_12@01-11-2026_10-00-00.jpg",
         "matches": [{"list": "judi-banner", "label": "banner slot", "category": "perjudian", "distance": 12}]},
        {"pdq": "0".repeat(64), "quality": 0}
    ]);
    let created = app.post(&body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.json["evidence"], body["evidence"]);
    let read = app.get(&format!("/api/v1/flags/{}", flag_id(1))).await;
    assert_eq!(read.json["evidence"]["images"], body["evidence"]["images"], "kept as sent: {}", read.text);
    app.approve(&flag_id(1)).await;
    let export = app.get("/api/v1/export?format=json").await;
    assert_eq!(export.json["chats"][0]["notices"][0]["images"], body["evidence"]["images"], "{}", export.text);
    let csv = app.get("/api/v1/export?format=csv").await;
    assert!(csv.text.contains(&format!("{pdq} (judi-banner: banner slot, 12 bits)")), "{}", csv.text);

    for (image, field) in [
        (json!({"pdq": pdq.to_uppercase(), "quality": 1}), "evidence.images[0].pdq"),
        (json!({"pdq": pdq, "quality": 101}), "evidence.images[0].quality"),
        (json!({"pdq": pdq, "quality": 1, "path": "../../etc/passwd"}), "evidence.images[0].path"),
        (
            json!({"pdq": pdq, "quality": 1, "matches": [{"list": "l", "distance": 300}]}),
            "evidence.images[0].matches[0].distance",
        ),
    ] {
        let mut bad = flag(2);
        bad["evidence"]["images"] = json!([image]);
        let refused = app.post(&bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert_eq!(refused.json["field"], field, "{}", refused.text);
    }
    let mut bad = flag(2);
    bad["evidence"]["images"] = json!([{"pdq": pdq, "quality": 1, "image": "iVBORw0KGgo="}]);
    assert!(app.post(&bad).await.status.is_client_error(), "an image itself is no field of a flag");
    assert_eq!(app.store.count_flags().await.unwrap(), 1);

    // A photo posted without a caption is evidence by its hash alone; a message with neither text nor image is none.
    let mut uncaptioned = flag(3);
    uncaptioned["evidence"]["excerpt"] = json!("");
    uncaptioned["evidence"]["excerpt_sha256"] = json!(sha256_hex(""));
    uncaptioned["evidence"]["spans"] = json!([]);
    let mut nothing = uncaptioned.clone();
    nothing["id"] = json!(flag_id(4));
    uncaptioned["evidence"]["images"] =
        json!([{"pdq": pdq, "quality": 100, "matches": [{"list": "judi-banner", "distance": 3}]}]);
    let created = app.post(&uncaptioned).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let refused = app.post(&nothing).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(refused.json["field"], "evidence.excerpt");
    assert_eq!(app.store.count_flags().await.unwrap(), 2);
}

async fn flags_are_listed_in_received_order(db: TestDb) {
    let app = TestApp::new(db).await;
    // flag_id(n) is not ordered by n, so listing by id instead of arrival would show.
    for n in [3, 1, 2] {
        assert_eq!(app.post(&flag(n)).await.status, StatusCode::CREATED);
    }
    let ids: Vec<Value> = app.all_flags().await.iter().map(|f| f["id"].clone()).collect();
    assert_eq!(ids, [flag_id(3), flag_id(1), flag_id(2)]);
}

async fn reposting_the_same_flag_answers_200_without_a_new_row(db: TestDb) {
    let app = TestApp::new(db).await;
    let first = app.post(&flag(1)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    // The same flag spelled differently: key order, upper-case id, another time-zone notation.
    let mut respelled: serde_json::Map<String, Value> = flag(1).as_object().unwrap().clone();
    respelled.insert("id".into(), flag_id(1).to_uppercase().into());
    respelled["detection"]["confirmed_at"] = "2026-11-29T12:00:00+07:00".into();
    let respelled = Value::Object(respelled.into_iter().rev().collect());
    let second = app.post(&respelled).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert_eq!(second.json, first.json, "a retry answers the stored flag, received_at included");
    assert_eq!(app.store.count_flags().await.unwrap(), 1);
}

async fn the_same_id_with_other_content_is_a_conflict_and_changes_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    let before = app.all_flags().await;
    let mut other = flag(1);
    other["classification"]["category"] = "terorisme".into();
    let answer = app.post(&other).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.json["error"], "conflict");
    assert!(answer.json["message"].as_str().unwrap().contains(&flag_id(1)), "{}", answer.text);
    assert_eq!(app.all_flags().await, before);
}

async fn the_same_flag_from_another_flagger_is_a_conflict(db: TestDb) {
    let app = TestApp::new(db).await;
    let budi = register(&app.store, "Budi", None).await;
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    let answer = app.call_as(&budi, Method::POST, "/api/v1/flags", Some(&flag(1))).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.text);
    assert_eq!(app.all_flags().await[0]["notifier"]["analyst"], "Siti Rahma");
}

async fn a_claimed_notifier_must_be_the_tokens(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut claimed = flag(1);
    claimed["notifier"] = json!({ "organisation": "Komdigi", "analyst": "Budi" });
    let refused = app.post(&claimed).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert_eq!(
        (refused.json["error"].as_str(), refused.json["field"].as_str()),
        (Some("notifier_mismatch"), Some("notifier"))
    );
    assert_eq!(app.store.count_flags().await.unwrap(), 0);

    claimed["notifier"] = json!({ "organisation": "Komdigi", "analyst": "Siti Rahma" });
    let created = app.post(&claimed).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    // The claim matched, so it is a retry of the same flag without it.
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::OK);
}

async fn invalid_bodies_are_refused_naming_the_field_and_store_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    // (JSON pointer, new value or None to remove it, expected error code, expected field)
    let missing = "missing_field";
    let invalid = "invalid_field";
    let cases: [(&str, Option<Value>, &str, &str); 19] = [
        ("/classification", None, missing, "classification"),
        ("/target/chat", None, missing, "target.chat"),
        ("/target/chat", Some(json!({})), invalid, "target.chat"),
        ("/target/kind", None, missing, "target.kind"),
        ("/target/message_id", Some(json!("7")), invalid, "target.message_id"),
        ("/target/kind", Some(json!("planet")), invalid, "target.kind"),
        ("/status", Some(json!("actioned")), invalid, "status"),
        ("/received_at", Some(json!("2026-11-29T05:00:00Z")), invalid, "received_at"),
        ("/classification/severity", Some(json!("urgent")), invalid, "classification.severity"),
        ("/requested_action", Some(json!("ban")), invalid, "requested_action"),
        ("/evidence/source/kind", Some(json!("pdf")), invalid, "evidence.source.kind"),
        ("/evidence/excerpt_sha256", Some(json!("0".repeat(64))), invalid, "evidence.excerpt_sha256"),
        // The excerpt ends in "🎰" (bytes 34..38): 35 is inside it, 39 past the end.
        ("/evidence/spans/0/end", Some(json!(35)), invalid, "evidence.spans[0].end"),
        ("/evidence/spans/0/end", Some(json!(39)), invalid, "evidence.spans[0].end"),
        ("/evidence/spans/0/pack_id", Some(json!("")), invalid, "evidence.spans[0].pack_id"),
        ("/classification/category", Some(json!("Judi Online")), invalid, "classification.category"),
        ("/classification/explanation", Some(json!(" ")), invalid, "classification.explanation"),
        ("/detection/confirmed_by_person", Some(json!(false)), invalid, "detection.confirmed_by_person"),
        ("/target/link", Some(json!("https://evil.example/x")), invalid, "target.link"),
    ];
    for (pointer, value, code, field) in cases {
        let mut body = flag(1);
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let parent = body.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        match value {
            Some(value) => parent.insert(key.to_owned(), value),
            None => parent.remove(key),
        };
        let answer = app.post(&body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{pointer}: {}", answer.text);
        assert_eq!(
            (answer.json["error"].as_str(), answer.json["field"].as_str()),
            (Some(code), Some(field)),
            "{pointer}"
        );
    }
    assert_eq!(app.store.count_flags().await.unwrap(), 0, "a refused post stored something");

    let syntax = app.post_raw(Some("application/json"), "{\n  \"requested_action\": \"remove\",\n  oops\n}").await;
    assert_eq!(syntax.status, StatusCode::BAD_REQUEST);
    assert_eq!(syntax.json["error"], "invalid_json");
    assert!(syntax.json["message"].as_str().unwrap().contains("line 3, column 3"), "{}", syntax.text);
}

async fn a_body_must_be_declared_json_and_within_the_limit(db: TestDb) {
    let app = TestApp::new(db).await;
    let body = serde_json::to_vec(&flag(1)).unwrap();
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let answer = app.post_raw(content_type, body.clone()).await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(answer.json["error"], "unsupported_media_type");
    }
    let huge = with_excerpt(flag(2), &"x".repeat(4 * 1024 * 1024));
    let answer = app.post(&huge).await;
    assert_eq!(
        (answer.status, answer.json["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
    let long = with_excerpt(flag(3), &"x".repeat(64 * 1024 + 1));
    let answer = app.post(&long).await;
    assert_eq!(
        (answer.status, answer.json["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("evidence.excerpt"))
    );
    assert_eq!(app.store.count_flags().await.unwrap(), 0);
    assert_eq!(app.post_raw(Some("application/json; charset=utf-8"), body).await.status, StatusCode::CREATED);
}

async fn a_batch_answers_each_item_and_stores_the_valid_ones(db: TestDb) {
    let app = TestApp::new(db).await;
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    let mut conflicting = flag(1);
    conflicting["requested_action"] = "review".into();
    let mut invalid = flag(4);
    invalid["classification"]["severity"] = "urgent".into();
    let batch = json!([flag(2), flag(1), conflicting, invalid, flag(3), flag(2), "not a flag"]);
    let answer = app.post(&batch).await;
    assert_eq!(answer.status, StatusCode::MULTI_STATUS, "{}", answer.text);
    let results = answer.json["results"].as_array().unwrap();
    let summary: Vec<(u64, u64, Option<&str>)> = results
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["status"].as_u64().unwrap(), r["error"]["error"].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (0, 201, None),
            (1, 200, None),
            (2, 409, Some("conflict")),
            (3, 422, Some("invalid_field")),
            (4, 201, None),
            (5, 200, None),
            (6, 422, Some("invalid_field")),
        ]
    );
    assert_eq!(results[3]["id"], flag_id(4), "an invalid item is still named by its id");
    assert_eq!(results[3]["error"]["field"], "classification.severity");
    assert_eq!(results[0]["flag"]["notifier"]["analyst"], "Siti Rahma");
    assert_eq!(results[5]["flag"], results[0]["flag"]);
    let ids: Vec<Value> = app.all_flags().await.iter().map(|f| f["id"].clone()).collect();
    assert_eq!(ids, [flag_id(1), flag_id(2), flag_id(3)]);
}

async fn a_batch_of_stored_flags_answers_200_and_oversized_batches_413(db: TestDb) {
    let app = TestApp::new(db).await;
    let batch: Vec<Value> = (1..=500).map(|n| with_excerpt(flag(n), &format!("pesan {n}"))).collect();
    let answer = app.post(&Value::Array(batch.clone())).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", &answer.text[..200.min(answer.text.len())]);
    assert!(answer.json["results"].as_array().unwrap().iter().all(|r| r["status"] == 201));
    assert_eq!(app.store.count_flags().await.unwrap(), 500);
    let again = app.post(&Value::Array(batch.clone())).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.json["results"].as_array().unwrap().iter().all(|r| r["status"] == 200));

    let mut over = batch;
    over.push(flag(501));
    let answer = app.post(&Value::Array(over)).await;
    assert_eq!(
        (answer.status, answer.json["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("batch_too_large"))
    );
    let empty = app.post(&json!([])).await;
    assert_eq!((empty.status, empty.json["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("empty_batch")));
    assert_eq!(app.store.count_flags().await.unwrap(), 500);
}

async fn concurrent_posts_of_one_flag_create_it_once(db: TestDb) {
    let app = std::sync::Arc::new(TestApp::new(db).await);
    let posts = (0..16).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { app.post(&flag(1)).await.status })
    });
    let mut statuses = Vec::new();
    for post in posts {
        statuses.push(post.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 15, "{statuses:?}");
    assert_eq!(app.store.count_flags().await.unwrap(), 1);
}

async fn every_route_but_the_public_ones_needs_a_valid_token(db: TestDb) {
    let app = TestApp::new(db).await;
    let malformed = "tapis_123";
    let unknown = format!("tapis_{}", "0".repeat(64));
    for (method, path) in tapis_server::routes::api_routes() {
        let uri = format!("/api/v1{}", path.replace("{id}", &flag_id(1)));
        // Browsers post policy violation reports without credentials.
        let public = matches!((&method, path), (_, "/health" | "/openapi.json") | (&Method::POST, "/csp-reports"));
        // Reports come as a report type: any other is refused before anything else (415).
        let content_type = if path == "/csp-reports" { "application/csp-report" } else { "application/json" };
        let request = |authorization: Option<String>| {
            let mut request =
                Request::builder().method(method.clone()).uri(&uri).header(header::CONTENT_TYPE, content_type);
            if let Some(authorization) = authorization {
                request = request.header(header::AUTHORIZATION, authorization);
            }
            request.body(Body::from("{}")).unwrap()
        };
        let cases = [
            (None, r#"Bearer realm="tapis""#),
            (Some(format!("Basic {}", app.token)), r#"Bearer realm="tapis""#),
            (Some(format!("Bearer {malformed}")), r#"Bearer realm="tapis", error="invalid_token""#),
            (Some(format!("Bearer {unknown}")), r#"Bearer realm="tapis", error="invalid_token""#),
        ];
        for (authorization, challenge) in cases {
            let answer = app.send(request(authorization.clone())).await;
            if public {
                assert!(answer.status.is_success(), "{method} {path} is public");
                continue;
            }
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path} with {authorization:?}");
            assert_eq!(answer.json["error"], "unauthorized", "{method} {path}");
            assert_eq!(answer.headers[header::WWW_AUTHENTICATE], challenge, "{method} {path}");
        }
        // With the token the request gets past authentication (to a 2xx, a 404 or a validation error).
        let answer = app.send(request(Some(format!("bearer {}", app.token)))).await;
        assert_ne!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    assert_eq!(app.store.count_flags().await.unwrap(), 0);
}

async fn a_revoked_token_is_refused_at_once(db: TestDb) {
    let app = TestApp::new(db).await;
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    assert!(matches!(
        app.store.revoke_flagger("Siti Rahma").await.unwrap(),
        tapis_server::store::Revocation::Revoked(_)
    ));
    let answer = app.post(&flag(2)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.headers[header::WWW_AUTHENTICATE], r#"Bearer realm="tapis", error="invalid_token""#);
    assert_eq!(app.get("/api/v1/flags").await.status, StatusCode::UNAUTHORIZED);
}

async fn flags_are_filtered_and_paged_with_cursors(db: TestDb) {
    let app = TestApp::new(db).await;
    for n in 1..=7 {
        let mut f = flag(n);
        if n % 3 == 0 {
            f["classification"]["category"] = "terorisme".into();
            f["target"]["chat"] = json!({ "title": "Kanal Lain", "username": "KanalLain" });
        }
        assert_eq!(app.post(&f).await.status, StatusCode::CREATED);
    }
    app.approve(&flag_id(2)).await;
    let patched = app.platform(&flag_id(2), json!({ "status": "acknowledged", "platform_reference": "TG-1" })).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);

    let ids = |answer: &support::Answer| -> Vec<String> {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json["flags"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect()
    };
    let expect = |ns: &[u32]| -> Vec<String> { ns.iter().map(|n| flag_id(*n)).collect() };
    assert_eq!(ids(&app.get("/api/v1/flags?category=terorisme").await), expect(&[3, 6]));
    assert_eq!(ids(&app.get("/api/v1/flags?chat=%40kanallain").await), expect(&[3, 6]));
    assert_eq!(ids(&app.get("/api/v1/flags?chat=-1001234567890&category=perjudian").await), expect(&[1, 2, 4, 5, 7]));
    assert_eq!(ids(&app.get("/api/v1/flags?status=acknowledged").await), expect(&[2]));
    assert_eq!(ids(&app.get("/api/v1/flags?status=pending_review&category=terorisme").await), expect(&[3, 6]));
    assert_eq!(ids(&app.get("/api/v1/flags?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z").await).len(), 7);
    assert!(ids(&app.get("/api/v1/flags?until=2000-01-01T00:00:00Z").await).is_empty());
    assert!(ids(&app.get("/api/v1/flags?since=2100-01-01T00:00:00Z").await).is_empty());

    let mut pages = Vec::new();
    let mut path = "/api/v1/flags?limit=3".to_owned();
    loop {
        let answer = app.get(&path).await;
        pages.push(ids(&answer));
        match answer.json["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/flags?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, [expect(&[1, 2, 3]), expect(&[4, 5, 6]), expect(&[7])]);

    // Newest first, filtered, paged the same way; a flag posted meanwhile is neither skipped into nor repeated.
    let mut pages = Vec::new();
    let mut path = "/api/v1/flags?order=newest&category=perjudian&limit=2".to_owned();
    loop {
        let answer = app.get(&path).await;
        pages.push(ids(&answer));
        if pages.len() == 1 {
            assert_eq!(app.post(&flag(8)).await.status, StatusCode::CREATED);
        }
        match answer.json["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/flags?order=newest&category=perjudian&limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, [expect(&[7, 5]), expect(&[4, 2]), expect(&[1])]);
    assert_eq!(ids(&app.get("/api/v1/flags?order=newest&limit=1").await), expect(&[8]));

    for (query, field) in
        [("status=open", "status"), ("limit=501", "limit"), ("cursor=zz", "cursor"), ("order=desc", "order")]
    {
        let answer = app.get(&format!("/api/v1/flags?{query}")).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(answer.json["field"], field, "{query}");
    }
}

async fn one_flag_is_read_by_id(db: TestDb) {
    let app = TestApp::new(db).await;
    let created = app.post(&flag(1)).await;
    let answer = app.get(&format!("/api/v1/flags/{}", flag_id(1))).await;
    assert_eq!((answer.status, &answer.json), (StatusCode::OK, &created.json));
    let missing = app.get(&format!("/api/v1/flags/{}", flag_id(2))).await;
    assert_eq!((missing.status, missing.json["error"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let malformed = app.get("/api/v1/flags/not-a-uuid").await;
    assert_eq!((malformed.status, malformed.json["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("id")));
}

async fn the_platform_moves_flags_through_allowed_statuses_only(db: TestDb) {
    let app = TestApp::new(db).await;
    let patch = |n: u32, body: Value| {
        let app = &app;
        async move { app.platform(&flag_id(n), body).await }
    };
    for n in 1..=3 {
        assert_eq!(app.post(&flag(n)).await.status, StatusCode::CREATED);
        app.approve(&flag_id(n)).await;
    }
    let acknowledged = patch(1, json!({ "status": "acknowledged", "platform_reference": "TG-77" })).await;
    assert_eq!(acknowledged.status, StatusCode::OK, "{}", acknowledged.text);
    assert_eq!(
        (acknowledged.json["status"].as_str(), acknowledged.json["platform_reference"].as_str()),
        (Some("acknowledged"), Some("TG-77"))
    );
    assert_ne!(acknowledged.json["status_changed_at"], acknowledged.json["received_at"]);
    // A retry of the same change is answered like the change, and changes nothing.
    let retry = patch(1, json!({ "status": "acknowledged", "platform_reference": "TG-77" })).await;
    assert_eq!((retry.status, &retry.json), (StatusCode::OK, &acknowledged.json));

    let refused = patch(1, json!({ "status": "acknowledged", "platform_reference": "TG-78" })).await;
    assert_eq!((refused.status, refused.json["error"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    let rejected =
        patch(1, json!({ "status": "rejected", "platform_reference": "TG-77", "reason": "Tidak melanggar" })).await;
    assert_eq!((rejected.status, rejected.json["status_reason"].as_str()), (StatusCode::OK, Some("Tidak melanggar")));
    for status in ["acknowledged", "actioned"] {
        let refused = patch(1, json!({ "status": status })).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "rejected → {status}");
        assert!(refused.json["message"].as_str().unwrap().contains("final"), "{}", refused.text);
    }

    assert_eq!(patch(2, json!({ "status": "actioned" })).await.status, StatusCode::OK, "approved → actioned directly");
    let no_reason = patch(3, json!({ "status": "rejected" })).await;
    assert_eq!(
        (no_reason.status, no_reason.json["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    for back in ["pending_review", "approved", "returned", "submitted"] {
        let back = patch(3, json!({ "status": back, "reason": "x" })).await;
        assert_eq!((back.status, back.json["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")));
    }
    let unknown = patch(9, json!({ "status": "actioned" })).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let statuses: Vec<Value> = app.all_flags().await.iter().map(|f| f["status"].clone()).collect();
    assert_eq!(statuses, ["rejected", "actioned", "approved"]);
}

async fn status_changes_are_audited_and_the_audit_log_pages_by_flag(db: TestDb) {
    let app = TestApp::new(db).await;
    for n in 1..=3 {
        assert_eq!(app.post(&flag(n)).await.status, StatusCode::CREATED);
    }
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::OK, "a retry is no event");
    app.approve(&flag_id(2)).await;
    assert_eq!(app.platform(&flag_id(2), json!({ "status": "acknowledged" })).await.status, StatusCode::OK);
    let body = json!({ "status": "rejected", "reason": "Bukan judi" });
    assert_eq!(app.platform(&flag_id(2), body).await.status, StatusCode::OK);

    let all = app.get("/api/v1/audit").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let actions: Vec<&str> =
        all.json["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "token.created",
            "token.created",
            "token.created",
            "flag.created",
            "flag.created",
            "flag.created",
            "flag.approved",
            "flag.status_changed",
            "flag.status_changed"
        ]
    );

    let about = app.get(&format!("/api/v1/audit?flag_id={}&limit=3", flag_id(2))).await;
    let entries = about.json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["action"], "flag.created");
    assert_eq!(
        (entries[0]["actor"].as_str(), entries[0]["flag_id"].as_str()),
        (Some("Siti Rahma"), Some(flag_id(2).as_str()))
    );
    assert_eq!(
        (entries[1]["action"].as_str(), entries[1]["actor"].as_str()),
        (Some("flag.approved"), Some("Rina Wijaya"))
    );
    assert_eq!(entries[1]["details"], json!({ "from": "pending_review", "to": "approved", "analyst": "Siti Rahma" }));
    assert_eq!(entries[2]["actor"], "Telegram Trust");
    assert_eq!(entries[2]["details"], json!({ "from": "approved", "to": "acknowledged" }));
    let cursor = about.json["next_cursor"].as_str().expect("a third entry follows");
    let rest = app.get(&format!("/api/v1/audit?flag_id={}&cursor={cursor}", flag_id(2))).await;
    let rest = rest.json["entries"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["details"], json!({ "from": "acknowledged", "to": "rejected", "reason": "Bukan judi" }));
    assert!(rest[0]["seq"].as_i64() > entries[2]["seq"].as_i64());

    // Append-only even for someone with database access: the triggers refuse.
    for sql in ["UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"] {
        let error = app.db.execute_raw(sql).await.expect_err(sql).to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
    assert_eq!(app.get("/api/v1/audit").await.json, all.json);
}

async fn the_export_folds_flags_on_one_message_into_one_notice(db: TestDb) {
    let app = TestApp::new(db).await;
    let budi = register(&app.store, "Budi", Some("Polri")).await;
    // Siti flags messages 1 and 2; Budi flags message 1 too, with another id, a higher severity and category.
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    let mut second_opinion = flag(1);
    second_opinion["id"] = flag_id(100).into();
    second_opinion["classification"] =
        json!({ "category": "penipuan", "severity": "critical", "explanation": "Juga penipuan deposit." });
    assert_eq!(
        app.call_as(&budi, Method::POST, "/api/v1/flags", Some(&second_opinion)).await.status,
        StatusCode::CREATED
    );
    // A paste without a chat id, in another chat; and one flag already actioned, which is no longer to send.
    let pasted = with_excerpt(flag(3), "Pinjol cepat tanpa KTP");
    let mut pasted = pasted;
    pasted["target"] = json!({ "kind": "message", "platform": "telegram", "chat": { "title": "Pinjol Kilat" } });
    assert_eq!(app.post(&pasted).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(4)).await.status, StatusCode::CREATED);
    // Flag 5 waits for review: it is in no export.
    assert_eq!(app.post(&flag(5)).await.status, StatusCode::CREATED);
    for n in [1, 2, 100, 3, 4] {
        app.approve(&flag_id(n)).await;
    }
    assert_eq!(app.platform(&flag_id(4), json!({ "status": "actioned" })).await.status, StatusCode::OK);

    let export = app.get("/api/v1/export?format=json").await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.text);
    let chats = export.json["chats"].as_array().unwrap();
    let keys: Vec<&str> = chats.iter().map(|c| c["chat_key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["-1001234567890", "title:Pinjol Kilat"]);
    let notices = chats[0]["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 2, "messages 1 and 2; message 4 is actioned");
    let first = &notices[0];
    assert_eq!(first["target"]["message_id"], 1);
    assert_eq!(
        first["notifiers"],
        json!([{ "organisation": "Komdigi", "analyst": "Siti Rahma" }, { "organisation": "Polri", "analyst": "Budi" }])
    );
    let flag_ids: Vec<&str> = first["flags"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(flag_ids, [flag_id(1), flag_id(100)]);
    assert_eq!(first["categories"], json!(["penipuan", "perjudian"]));
    assert_eq!(first["severity"], "critical");
    assert_eq!(notices[1]["flags"].as_array().unwrap().len(), 1);

    let all = app.get("/api/v1/export?status=any").await;
    assert_eq!(all.json["chats"][0]["notices"].as_array().unwrap().len(), 3, "message 5 is not approved");
    let pending = app.get("/api/v1/export?status=pending_review").await;
    assert_eq!((pending.status, pending.json["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")));
    let actioned = app.get("/api/v1/export?status=actioned").await;
    assert_eq!(actioned.json["chats"].as_array().unwrap().len(), 1);
}

async fn the_csv_export_has_one_row_per_notice(db: TestDb) {
    let app = TestApp::new(db).await;
    let budi = register(&app.store, "Budi", None).await;
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    let mut again = flag(1);
    again["id"] = flag_id(100).into();
    assert_eq!(app.call_as(&budi, Method::POST, "/api/v1/flags", Some(&again)).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    for n in [1, 100, 2] {
        app.approve(&flag_id(n)).await;
    }

    let csv = app.get("/api/v1/export?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(
        csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename=\"tapis-notices-")
    );
    let rows: Vec<&str> = csv.text.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 3, "{}", csv.text);
    assert!(rows[0].starts_with("chat_key,platform,chat_title,"), "{}", rows[0]);
    assert!(
        rows[1].starts_with(
            "-1001234567890,telegram,Slot Gacor 88,slotgacor88,-1001234567890,1,https://t.me/slotgacor88/1,"
        ),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains(",Siti Rahma (Komdigi); Budi,"), "{}", rows[1]);
    assert!(rows[1].contains(&format!(",{}; {},", flag_id(1), flag_id(100))), "{}", rows[1]);
    assert!(rows[2].contains(",2,https://t.me/slotgacor88/2,"), "{}", rows[2]);
}

/// Excel in a `;`-separated locale (id-ID among them) splits a double-clicked CSV on `;`, and others on `,` or
/// tabs: whatever the split, no cell may start a formula. Numbers (chat and message ids) are left as they are.
async fn no_csv_cell_starts_a_formula_when_split_on_a_separator(db: TestDb) {
    let app = TestApp::new(db).await;
    let nasty = [
        "promo;=HYPERLINK(\"http://evil.example\",\"klik\");x",
        "a,+cmd|' /C calc'!A0",
        "tab\t-2+3\t@SUM(1)",
        "=1+1; @x, -y",
    ];
    for (n, text) in nasty.iter().enumerate() {
        let n = n as u32 + 1;
        let mut posted = with_excerpt(flag(n), &format!("{text} slot gacor"));
        // Titles and names are single lines: no tab in them.
        let line = text.replace('\t', " ");
        posted["target"]["chat"] = json!({ "title": line, "username": "slotgacor88" });
        posted["target"]["sender"] = json!({ "name": line });
        let answer = app.post(&posted).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        app.approve(&flag_id(n)).await;
    }
    // A channel known only by its username has `@slotgacor88` as its chat key.
    let mut channel = support::channel_flag(10);
    channel["target"]["chat"] = json!({ "title": "-1+1;=2", "username": "slotgacor88" });
    channel["dossier"]["summary"] = "Ringkasan;=HYPERLINK(\"x\") dan ,@SUM(A1)".into();
    let answer = app.post(&channel).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    app.approve(&flag_id(10)).await;

    let csv = app.get("/api/v1/export?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(csv.text.contains("HYPERLINK") && csv.text.contains("calc"), "{}", csv.text);
    let mut cells = 0;
    for line in csv.text.split("\r\n") {
        for separator in [';', ',', '\t'] {
            for cell in line.split(separator) {
                cells += 1;
                let cell = cell.trim_start_matches([' ', '"']);
                let number = cell.strip_prefix('-').unwrap_or(cell);
                if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell split on {separator:?} starts a formula: {cell:?}\nin line {line:?}"
                );
            }
        }
    }
    assert!(cells > 100);
}

async fn rule_packs_are_served_from_the_packs_directory(db: TestDb) {
    let packs = db.dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    let pack = "id = \"komdigi-judi\"\nversion = \"2026.12.1\"\nname = \"Judi online\"\n\n[[rule]]\nid = \"judi.maxwin\"\n\
                category = \"perjudian\"\nseverity = \"high\"\ndescription = \"Maxwin\"\nterms = [\"maxwin\"]\n";
    std::fs::write(packs.join("judi.toml"), pack).unwrap();
    std::fs::write(packs.join("broken.toml"), "id = \"x\"\n[[rule]]\nid = 1\n").unwrap();
    let app = TestApp::new(db).await;
    let answer = app.get("/api/v1/rulepacks").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        answer.json["packs"],
        json!([{ "id": "komdigi-judi", "version": "2026.12.1", "name": "Judi online", "source_name": "judi.toml", "toml": pack }])
    );
    assert_eq!(answer.json["errors"][0]["source_name"], "broken.toml");

    // A pack dropped in while the server runs is served without a restart.
    std::fs::write(packs.join("broken.toml"), pack.replace("komdigi-judi", "komdigi-judi-2")).unwrap();
    let answer = app.get("/api/v1/rulepacks").await;
    assert_eq!(answer.json["packs"].as_array().unwrap().len(), 2);
    assert_eq!(answer.json["errors"], json!([]));
}

async fn blocklists_are_served_with_their_counts_and_their_sets_by_etag(db: TestDb) {
    use tapis_engine::links::{Blocklist, Blocklists};
    let judi = Blocklist::parse("trustpositif-judi", b"# judi\nsitus88.com\n\nsitus88.com\nlocalhost\n").unwrap();
    let hosts = Blocklist::parse("hosts", b"0.0.0.0 gacor77.net\n127.0.0.1 localhost\n").unwrap();
    let lists = Blocklists { lists: vec![judi.clone(), hosts] };
    let app = TestApp::with_state(db, |state| state.with_blocklists(&lists)).await;
    let answer = app.get("/api/v1/blocklists").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let listed = &answer.json["lists"];
    assert_eq!((listed[0]["name"].as_str(), listed[1]["name"].as_str()), (Some("trustpositif-judi"), Some("hosts")));
    assert_eq!(
        [&listed[0]["lines"], &listed[0]["domains"], &listed[0]["comments"], &listed[0]["blank"]],
        [&json!(5), &json!(1), &json!(1), &json!(1)]
    );
    assert_eq!((&listed[0]["duplicates"], &listed[0]["no_dot"]), (&json!(1), &json!(1)));
    let sha256 = listed[0]["sha256"].as_str().unwrap().to_owned();

    let set = app.get("/api/v1/blocklists/trustpositif-judi").await;
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!(set.bytes, judi.as_bytes(), "the engine's set, as the app keeps it");
    assert_eq!(set.headers[header::ETAG], format!("\"{sha256}\"").as_str());
    assert_eq!(set.headers[header::CONTENT_TYPE], "application/octet-stream");
    let again = Request::builder()
        .uri("/api/v1/blocklists/trustpositif-judi")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .header(header::IF_NONE_MATCH, format!("\"{sha256}\""))
        .body(Body::empty())
        .unwrap();
    let held = app.send(again).await;
    assert_eq!(held.status, StatusCode::NOT_MODIFIED);
    assert!(held.bytes.is_empty());

    let unknown = app.get("/api/v1/blocklists/tidak-ada").await;
    assert_eq!((unknown.status, unknown.json["error"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let anonymous = Request::builder().uri("/api/v1/blocklists").body(Body::empty()).unwrap();
    assert_eq!(app.send(anonymous).await.status, StatusCode::UNAUTHORIZED);
}

async fn health_answers_without_a_token(db: TestDb) {
    let backend = db.backend;
    let app = TestApp::new(db).await;
    let answer = app.send(Request::get("/api/v1/health").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json, json!({ "status": "ok", "database": backend.as_str() }));
    app.store.close().await;
    let answer = app.send(Request::get("/api/v1/health").body(Body::empty()).unwrap()).await;
    assert_eq!((answer.status, answer.json["error"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("unavailable")));
}

async fn cors_is_off_unless_origins_are_configured(db: TestDb) {
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/flags")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
            .body(Body::empty())
            .unwrap()
    };
    let origin = "https://tapis.example.go.id";
    let allowed = vec![tapis_server::cors::parse_origin(origin).unwrap()];
    let app = TestApp::with_state(db, |state| state.with_cors_origins(allowed)).await;
    let answer = app.send(preflight(origin)).await;
    assert_eq!(answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], origin);
    let methods = answer.headers[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().to_owned();
    assert!(methods.contains("POST") && methods.contains("PATCH"), "{methods}");
    let headers = answer.headers[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap().to_ascii_lowercase();
    assert!(headers.contains("authorization"), "{headers}");
    let other = app.send(preflight("https://evil.example")).await;
    assert!(other.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let closed = TestApp::new(TestDb::sqlite("cors_closed").await).await;
    let answer = closed.send(preflight(origin)).await;
    assert!(answer.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

async fn unknown_api_paths_are_404_and_wrong_methods_405(db: TestDb) {
    let app = TestApp::new(db).await;
    for path in ["/api", "/api/", "/api/v1", "/api/v1/flag", "/api/v1/flags/", "/api/v2/flags", "/api/v1/flags/x/y"] {
        let answer = app.get(path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json", "{path}");
        assert_eq!(answer.json["error"], "not_found");
        assert!(answer.json["message"].as_str().unwrap().contains(path), "{}", answer.text);
    }
    let answer = app.call(Method::DELETE, "/api/v1/flags", None).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    let allow = answer.headers[header::ALLOW].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    assert_eq!(answer.json["error"], "method_not_allowed");
    let answer = app.call(Method::PUT, &format!("/api/v1/flags/{}/status", flag_id(1)), None).await;
    assert_eq!(
        (answer.status, answer.headers[header::ALLOW].to_str().unwrap()),
        (StatusCode::METHOD_NOT_ALLOWED, "PATCH")
    );
}

async fn pages_answer_503_until_the_app_is_built(db: TestDb) {
    let app = TestApp::new(db).await;
    let answer = app.send(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(answer.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    assert!(answer.text.contains("make build"));

    // Building while the server runs is picked up without a restart.
    let dist = app.db.dir.path().join("no-dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Tapis</title>").unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log(1)").unwrap();
    for (path, expected) in [("/", "<title>Tapis"), ("/triage/42", "<title>Tapis"), ("/assets/app.js", "console.log")] {
        let answer = app.send(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(answer.text.contains(expected), "{path}");
    }
    // A missing file is missing, not the page: the app reads an optional tapis.config.json this way.
    for path in ["/tapis.config.json", "/assets/old-0123456789abcdef.js"] {
        let answer = app.send(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        let content_type = answer.headers.get(header::CONTENT_TYPE).map(|t| t.to_str().unwrap().to_owned());
        assert!(!content_type.unwrap_or_default().starts_with("text/html"), "{path}");
    }
}

async fn every_answer_carries_the_strict_policy_and_fitting_cache_headers(db: TestDb) {
    let app = TestApp::new(db).await;
    let dist = app.db.dir.path().join("no-dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Tapis</title>").unwrap();
    std::fs::write(dist.join("tapis-app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let rows = [
        ("/", "no-cache"),
        ("/tapis-app-0123456789abcdef_bg.wasm", "public, max-age=31536000, immutable"),
        ("/api/v1/flags", "no-store"),
    ];
    for (path, cache) in rows {
        let answer = app.call(Method::GET, path, None).await;
        let headers = &answer.headers;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains(
                "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob:; object-src 'none'"
            ),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        // Forms post only to Tapis itself: an injected form cannot send what an analyst types elsewhere.
        assert!(csp.contains("; form-action 'self';"), "{path}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], cache, "{path}");
    }
}

async fn csp_violation_reports_are_kept_and_listed_for_flaggers(db: TestDb) {
    let app = TestApp::new(db).await;
    let report = json!({"csp-report": {"document-uri": "http://127.0.0.1/", "violated-directive": "style-src", "blocked-uri": "inline"}});
    // Browsers report without a token.
    let request = Request::post("/api/v1/csp-reports")
        .header(header::CONTENT_TYPE, "application/csp-report")
        .body(Body::from(report.to_string()))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::NO_CONTENT);
    let anonymous = app.send(Request::get("/api/v1/csp-reports").body(Body::empty()).unwrap()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let answer = app.call(Method::GET, "/api/v1/csp-reports", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json, json!([{"directive": "style-src", "blocked": "inline", "page": "http://127.0.0.1/"}]));
}

/// Not per backend: the document and the router come from the code alone.
#[test]
fn the_openapi_document_describes_exactly_the_routes() {
    let document: Value = serde_json::from_str(tapis_server::routes::OPENAPI).expect("openapi.json is JSON");
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["servers"][0]["url"], "/api/v1");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&method.as_str()) {
                documented.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    let mut routed: Vec<(String, String)> = tapis_server::routes::api_routes()
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed, "openapi.json and routes::table() disagree");

    // Every reference points at a schema that exists.
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push(reference);
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(!found.is_empty());
    for reference in found {
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("external $ref {reference}"));
        assert!(document.pointer(pointer).is_some(), "dangling $ref {reference}");
    }
}
