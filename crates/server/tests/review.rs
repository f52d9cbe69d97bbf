//! Issue 9 through the API: channel and account flags, roles, the four-eyes review, the platform's side
//! (notices and outcomes), turnaround, and every step in the audit log. On a fresh database per test, on each
//! backend.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::{
    Answer, TestApp, TestDb, account_flag, channel_flag, flag, flag_id, on_every_backend, register, register_as,
};
use tapis_wire::Role;

on_every_backend!(
    channel_and_account_flags_are_stored_once_with_their_dossier,
    channel_and_account_flags_are_checked_naming_the_field,
    an_analyst_flags_but_cannot_review_or_record_outcomes,
    a_liaison_sees_only_approved_flags_and_creates_none,
    a_reviewer_approves_or_returns_other_analysts_flags_never_their_own,
    an_admin_has_every_right_but_reviewing_their_own_flag,
    one_person_under_two_tokens_and_two_spellings_never_reviews_their_own_flags,
    analysts_see_the_review_and_outcome_of_their_flags,
    every_step_is_in_the_audit_log_with_who_and_when,
    the_liaison_reads_notices_grouped_by_target_and_records_outcomes_on_them,
    turnaround_is_reported_per_category,
);

async fn post_as(app: &TestApp, token: &str, body: &Value) -> Answer {
    app.call_as(token, Method::POST, "/api/v1/flags", Some(body)).await
}

async fn review_as(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    app.call_as(token, Method::POST, &format!("/api/v1/flags/{id}/review"), Some(&body)).await
}

fn assert_forbidden(answer: &Answer, roles: &str, what: &str) {
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}: {}", answer.text);
    assert_eq!(answer.json["error"], "forbidden", "{what}");
    let message = answer.json["message"].as_str().unwrap();
    assert!(message.contains(&format!("needs the role {roles}")), "{what}: {message}");
}

fn ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json["flags"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect()
}

fn queue_ids(answer: &Answer) -> Vec<(String, bool)> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["flag"]["id"].as_str().unwrap().to_owned(), item["own"].as_bool().unwrap()))
        .collect()
}

async fn channel_and_account_flags_are_stored_once_with_their_dossier(db: TestDb) {
    let app = TestApp::new(db).await;
    for body in [channel_flag(1), account_flag(2)] {
        let created = app.post(&body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        assert_eq!(created.json["status"], "pending_review");
        for field in ["target", "dossier", "classification"] {
            assert_eq!(created.json[field], body[field], "{field}");
        }
        assert!(created.json.get("evidence").is_none());
        let again = app.post(&body).await;
        assert_eq!((again.status, &again.json), (StatusCode::OK, &created.json), "a repost is a retry");
        let mut changed = body.clone();
        changed["dossier"]["summary"] = "Ringkasan lain.".into();
        assert_eq!(app.post(&changed).await.status, StatusCode::CONFLICT);
    }
    assert_eq!(app.store.count_flags().await.unwrap(), 2, "never stored twice");
    let channel = app.get("/api/v1/flags?chat=-1001234567890").await;
    assert_eq!(ids(&channel), [flag_id(1)]);
    let account = app.get("/api/v1/flags?chat=account:user42").await;
    assert_eq!(ids(&account), [flag_id(2)]);
}

async fn channel_and_account_flags_are_checked_naming_the_field(db: TestDb) {
    let app = TestApp::new(db).await;
    let missing = "missing_field";
    let invalid = "invalid_field";
    let cases: [(Value, &str, &str); 9] = [
        (
            {
                let mut f = channel_flag(1);
                f["evidence"] = flag(1)["evidence"].clone();
                f
            },
            invalid,
            "evidence",
        ),
        (
            {
                let mut f = channel_flag(1);
                f.as_object_mut().unwrap().remove("dossier");
                f
            },
            invalid,
            "dossier",
        ),
        (
            {
                let mut f = flag(1);
                f["dossier"] = channel_flag(1)["dossier"].clone();
                f
            },
            invalid,
            "dossier",
        ),
        (
            {
                let mut f = channel_flag(1);
                f["dossier"]["messages"] = json!([]);
                f
            },
            invalid,
            "dossier.messages",
        ),
        (
            {
                let mut f = channel_flag(1);
                f["dossier"].as_object_mut().unwrap().remove("summary");
                f
            },
            missing,
            "dossier.summary",
        ),
        (
            {
                let mut f = channel_flag(1);
                f["dossier"]["messages"][1]["evidence"]["excerpt_sha256"] = "0".repeat(64).into();
                f
            },
            invalid,
            "dossier.messages[1].evidence.excerpt_sha256",
        ),
        (
            {
                let mut f = channel_flag(1);
                f["target"]["message_id"] = 7.into();
                f
            },
            invalid,
            "target.message_id",
        ),
        (
            {
                let mut f = account_flag(1);
                f["target"]["account"] = json!({});
                f
            },
            invalid,
            "target.account",
        ),
        (
            {
                let mut f = account_flag(1);
                f["target"].as_object_mut().unwrap().remove("account");
                f
            },
            missing,
            "target.account",
        ),
    ];
    for (body, code, field) in cases {
        let answer = app.post(&body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", answer.text);
        assert_eq!(
            (answer.json["error"].as_str(), answer.json["field"].as_str()),
            (Some(code), Some(field)),
            "{}",
            answer.text
        );
    }
    assert_eq!(app.store.count_flags().await.unwrap(), 0);
}

async fn an_analyst_flags_but_cannot_review_or_record_outcomes(db: TestDb) {
    let app = TestApp::new(db).await;
    let budi = register(&app.store, "Budi", Some("Komdigi")).await;
    assert_eq!(post_as(&app, &budi, &flag(1)).await.status, StatusCode::CREATED);
    let me = app.get("/api/v1/me").await;
    assert_eq!(me.json["role"], "analyst", "{}", me.text);
    assert_eq!(me.json["notifier"], json!({ "organisation": "Komdigi", "analyst": "Siti Rahma" }));

    let approve = review_as(&app, &app.token, &flag_id(1), json!({ "decision": "approve" })).await;
    assert_forbidden(&approve, "reviewer or admin", "an analyst approving");
    assert_forbidden(&app.get("/api/v1/review").await, "reviewer or admin", "an analyst's review queue");
    let outcome = app
        .call(Method::PATCH, &format!("/api/v1/flags/{}/status", flag_id(1)), Some(&json!({ "status": "actioned" })))
        .await;
    assert_forbidden(&outcome, "liaison or admin", "an analyst recording an outcome");
    let notice =
        app.call(Method::POST, "/api/v1/notices/outcome", Some(&json!({ "key": "x", "status": "actioned" }))).await;
    assert_forbidden(&notice, "liaison or admin", "an analyst recording a notice's outcome");
    assert_eq!(
        app.get(&format!("/api/v1/flags/{}", flag_id(1))).await.json["status"],
        "pending_review",
        "nothing changed"
    );

    // What an analyst may do: flag, read every flag, the audit log, notices, turnaround, rule packs.
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    for path in [
        "/api/v1/flags",
        "/api/v1/audit",
        "/api/v1/notices",
        "/api/v1/stats/turnaround",
        "/api/v1/rulepacks",
        "/api/v1/export",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }
}

async fn a_liaison_sees_only_approved_flags_and_creates_none(db: TestDb) {
    let app = TestApp::new(db).await;
    let refused = post_as(&app, &app.liaison, &flag(1)).await;
    assert_forbidden(&refused, "analyst, reviewer or admin", "a liaison posting a flag");
    let batch = post_as(&app, &app.liaison, &json!([flag(1)])).await;
    assert_forbidden(&batch, "analyst, reviewer or admin", "a liaison posting a batch");
    let garbage = app.call_as(&app.liaison, Method::POST, "/api/v1/flags", Some(&json!("not a flag"))).await;
    assert_forbidden(&garbage, "analyst, reviewer or admin", "a liaison posting anything");
    assert_eq!(app.store.count_flags().await.unwrap(), 0);

    for n in 1..=3 {
        assert_eq!(app.post(&flag(n)).await.status, StatusCode::CREATED);
    }
    app.approve(&flag_id(2)).await;
    let returned =
        review_as(&app, &app.reviewer, &flag_id(3), json!({ "decision": "return", "reason": "Bukti kurang" })).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);

    let get = |path: String| {
        let app = &app;
        async move { app.call_as(&app.liaison, Method::GET, &path, None).await }
    };
    assert_eq!(ids(&get("/api/v1/flags".into()).await), [flag_id(2)]);
    assert_eq!(ids(&get("/api/v1/flags?status=pending_review".into()).await), Vec::<String>::new());
    assert_eq!(get(format!("/api/v1/flags/{}", flag_id(2))).await.status, StatusCode::OK);
    for n in [1, 3] {
        let hidden = get(format!("/api/v1/flags/{}", flag_id(n))).await;
        assert_eq!(
            (hidden.status, hidden.json["error"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "flag {n}"
        );
        let patched = app.platform(&flag_id(n), json!({ "status": "actioned" })).await;
        assert_eq!(patched.status, StatusCode::NOT_FOUND, "flag {n} does not exist for the liaison: {}", patched.text);
    }
    assert_forbidden(
        &get("/api/v1/audit".into()).await,
        "analyst, reviewer or admin",
        "a liaison reading the audit log",
    );
    assert_forbidden(&get("/api/v1/review".into()).await, "reviewer or admin", "a liaison's review queue");
    assert_forbidden(
        &get("/api/v1/rulepacks".into()).await,
        "analyst, reviewer or admin",
        "a liaison reading rule packs",
    );
    let approve = review_as(&app, &app.liaison, &flag_id(1), json!({ "decision": "approve" })).await;
    assert_forbidden(&approve, "reviewer or admin", "a liaison approving");
    let export = get("/api/v1/export?status=any".into()).await;
    let exported: Vec<&Value> =
        export.json["chats"][0]["notices"][0]["flags"].as_array().unwrap().iter().map(|f| &f["id"]).collect();
    assert_eq!(exported, [&json!(flag_id(2))]);

    // What a liaison may do: record the outcome of an approved flag.
    let acknowledged =
        app.platform(&flag_id(2), json!({ "status": "acknowledged", "platform_reference": "TG-1" })).await;
    assert_eq!(acknowledged.status, StatusCode::OK, "{}", acknowledged.text);
    assert_eq!(get("/api/v1/me".into()).await.json["role"], "liaison");
}

async fn a_reviewer_approves_or_returns_other_analysts_flags_never_their_own(db: TestDb) {
    let app = TestApp::new(db).await;
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    assert_eq!(post_as(&app, &app.reviewer, &flag(3)).await.status, StatusCode::CREATED, "a reviewer flags too");

    let queue = app.call_as(&app.reviewer, Method::GET, "/api/v1/review", None).await;
    assert_eq!(queue_ids(&queue), [(flag_id(1), false), (flag_id(2), false)], "their own flag is not in their queue");
    let with_own = app.call_as(&app.reviewer, Method::GET, "/api/v1/review?own=include", None).await;
    assert_eq!(queue_ids(&with_own), [(flag_id(1), false), (flag_id(2), false), (flag_id(3), true)]);

    let own = review_as(&app, &app.reviewer, &flag_id(3), json!({ "decision": "approve" })).await;
    assert_eq!((own.status, own.json["error"].as_str()), (StatusCode::FORBIDDEN, Some("own_flag")), "{}", own.text);

    let approved = review_as(&app, &app.reviewer, &flag_id(1), json!({ "decision": "approve" })).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.json["status"], "approved");
    assert_eq!(approved.json["review"]["decision"], "approve");
    assert_eq!(approved.json["review"]["reviewer"], json!({ "organisation": "Komdigi", "analyst": "Rina Wijaya" }));
    let retry = review_as(&app, &app.reviewer, &flag_id(1), json!({ "decision": "approve" })).await;
    // Only the time left moves between the two answers: it is measured when each is made.
    let at_rest = |answer: &Value| {
        let mut flag = answer.clone();
        flag["deadline"].as_object_mut().expect("an approved flag has a deadline").remove("seconds_left");
        flag
    };
    assert_eq!(
        (retry.status, at_rest(&retry.json)),
        (StatusCode::OK, at_rest(&approved.json)),
        "a retry changes nothing"
    );
    let again = review_as(&app, &app.reviewer, &flag_id(1), json!({ "decision": "return", "reason": "Salah" })).await;
    assert_eq!(
        (again.status, again.json["error"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_transition")),
        "{}",
        again.text
    );

    let no_reason = review_as(&app, &app.reviewer, &flag_id(2), json!({ "decision": "return" })).await;
    assert_eq!(
        (no_reason.status, no_reason.json["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let bad = review_as(&app, &app.reviewer, &flag_id(2), json!({ "decision": "maybe" })).await;
    assert_eq!((bad.status, bad.json["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("decision")));
    let returned =
        review_as(&app, &app.reviewer, &flag_id(2), json!({ "decision": "return", "reason": "Tautan tidak valid" }))
            .await;
    assert_eq!(
        (returned.json["status"].as_str(), returned.json["review"]["reason"].as_str()),
        (Some("returned"), Some("Tautan tidak valid"))
    );
    let late = review_as(&app, &app.reviewer, &flag_id(2), json!({ "decision": "approve" })).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "a returned flag is final: {}", late.text);
    assert!(late.json["message"].as_str().unwrap().contains("returned"), "{}", late.text);
    let missing = review_as(&app, &app.reviewer, &flag_id(9), json!({ "decision": "approve" })).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Another reviewer takes the first reviewer's flag; the queue is then empty.
    let dewi = register_as(&app.store, "Dewi", Some("Komdigi"), Role::Reviewer).await;
    assert_eq!(review_as(&app, &dewi, &flag_id(3), json!({ "decision": "approve" })).await.status, StatusCode::OK);
    assert!(queue_ids(&app.call_as(&dewi, Method::GET, "/api/v1/review", None).await).is_empty());

    // Registered again under a new token, a reviewer is still the author of their earlier flags.
    assert_eq!(post_as(&app, &app.reviewer, &flag(4)).await.status, StatusCode::CREATED);
    app.store.revoke_flagger("Rina Wijaya").await.unwrap();
    let rina_again = register_as(&app.store, "Rina Wijaya", Some("Komdigi"), Role::Reviewer).await;
    let own = review_as(&app, &rina_again, &flag_id(4), json!({ "decision": "approve" })).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.text);
    assert!(queue_ids(&app.call_as(&rina_again, Method::GET, "/api/v1/review", None).await).is_empty());
    assert_eq!(queue_ids(&app.call_as(&dewi, Method::GET, "/api/v1/review", None).await), [(flag_id(4), false)]);
    let outcome = app
        .call_as(
            &dewi,
            Method::PATCH,
            &format!("/api/v1/flags/{}/status", flag_id(1)),
            Some(&json!({ "status": "actioned" })),
        )
        .await;
    assert_forbidden(&outcome, "liaison or admin", "a reviewer recording an outcome");
}

/// `tapis token create` with `--same-as FLAGGER-ID` or `--person ID`: its token's flagger (id printed on stderr).
fn create_token(db: &TestDb, args: &[&str]) -> String {
    let (ok, stdout, stderr) = support::tapis(&[&["token", "create", "--db", &db.arg], args].concat());
    assert!(ok, "tapis token create {args:?}: {stderr}");
    stdout.trim().to_owned()
}

/// Four eyes are two people, not two names: one person registered again (here as a reviewer, with another
/// spelling and organisation) is the same person by the id the operator gave, and never approves their own flags.
async fn one_person_under_two_tokens_and_two_spellings_never_reviews_their_own_flags(db: TestDb) {
    let app = TestApp::new(db).await;
    let flaggers = app.store.list_flaggers().await.unwrap();
    let siti = flaggers.iter().find(|f| f.name == "Siti Rahma").unwrap().id.to_string();
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);

    // Siti again, as a reviewer, spelt otherwise: the same person by `--same-as`.
    let same_siti = create_token(
        &app.db,
        &["--name", "S. Rahma", "--organisation", "Kominfo", "--role", "reviewer", "--same-as", &siti],
    );
    // Budi twice by his staff number, under two spellings.
    let budi =
        create_token(&app.db, &["--name", "Budi", "--organisation", "Komdigi", "--person", "NIP-198701012010011001"]);
    let budi_reviewer =
        create_token(&app.db, &["--name", "Budi Santoso", "--role", "reviewer", "--person", "NIP-198701012010011001"]);
    // Another person who happens to share Budi's first name, with no person id given: someone else.
    let joko = create_token(&app.db, &["--name", "Budi S.", "--organisation", "Komdigi", "--role", "reviewer"]);
    assert_eq!(post_as(&app, &budi, &flag(2)).await.status, StatusCode::CREATED);

    for (reviewer, own) in [(&same_siti, flag_id(1)), (&budi_reviewer, flag_id(2))] {
        let ids = queue_ids(&app.call_as(reviewer, Method::GET, "/api/v1/review", None).await);
        assert!(!ids.iter().any(|(id, _)| *id == own), "their own flag is not in their queue: {ids:?}");
        assert_eq!(ids.len(), 1, "{ids:?}");
        let answer = review_as(&app, reviewer, &own, json!({ "decision": "approve" })).await;
        assert_eq!(
            (answer.status, answer.json["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("own_flag")),
            "{}",
            answer.text
        );
    }
    // Listed with their own, theirs are marked as such.
    let with_own = queue_ids(&app.call_as(&same_siti, Method::GET, "/api/v1/review?own=include", None).await);
    assert_eq!(with_own, [(flag_id(1), true), (flag_id(2), false)]);
    // Each may review the other person's flag, and so may someone else.
    assert_eq!(review_as(&app, &same_siti, &flag_id(2), json!({ "decision": "approve" })).await.status, StatusCode::OK);
    assert_eq!(review_as(&app, &joko, &flag_id(1), json!({ "decision": "approve" })).await.status, StatusCode::OK);

    // `token list` shows who is who; `--same-as` an unknown flagger, or both options, is refused.
    let (ok, list, _) = support::tapis(&["token", "list", "--db", &app.db.arg]);
    assert!(ok);
    let person_of = |name: &str| {
        let line = list.lines().find(|line| line.contains(&format!("  {name}  "))).unwrap_or_else(|| panic!("{list}"));
        line.split_whitespace().last().unwrap().to_owned()
    };
    assert_eq!(person_of("S. Rahma"), person_of("Siti Rahma"), "{list}");
    assert_eq!(person_of("Budi Santoso"), "NIP-198701012010011001", "{list}");
    assert_ne!(person_of("Budi S."), person_of("Budi"), "{list}");
    let (ok, _, stderr) = support::tapis(&["token", "create", "--db", &app.db.arg, "--name", "X", "--same-as", "999"]);
    assert!(!ok && stderr.contains("999"), "{stderr}");
    let (ok, _, _) =
        support::tapis(&["token", "create", "--db", &app.db.arg, "--name", "Y", "--same-as", &siti, "--person", "P"]);
    assert!(!ok);
}

async fn an_admin_has_every_right_but_reviewing_their_own_flag(db: TestDb) {
    let app = TestApp::new(db).await;
    let admin = register_as(&app.store, "Admin Tapis", None, Role::Admin).await;
    assert_eq!(post_as(&app, &admin, &flag(1)).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    let own = review_as(&app, &admin, &flag_id(1), json!({ "decision": "approve" })).await;
    assert_eq!(own.json["error"], "own_flag");
    assert_eq!(review_as(&app, &admin, &flag_id(2), json!({ "decision": "approve" })).await.status, StatusCode::OK);
    let patch = app
        .call_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/flags/{}/status", flag_id(2)),
            Some(&json!({ "status": "actioned" })),
        )
        .await;
    assert_eq!(patch.status, StatusCode::OK, "{}", patch.text);
    // An admin sees flags before approval, so a move from there is a conflict, not a missing flag.
    let early = app
        .call_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/flags/{}/status", flag_id(1)),
            Some(&json!({ "status": "actioned" })),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    for path in ["/api/v1/review", "/api/v1/audit", "/api/v1/flags", "/api/v1/notices"] {
        assert_eq!(app.call_as(&admin, Method::GET, path, None).await.status, StatusCode::OK, "{path}");
    }
}

async fn analysts_see_the_review_and_outcome_of_their_flags(db: TestDb) {
    let app = TestApp::new(db).await;
    let budi = register(&app.store, "Budi", Some("Komdigi")).await;
    for n in 1..=3 {
        assert_eq!(app.post(&flag(n)).await.status, StatusCode::CREATED);
    }
    assert_eq!(post_as(&app, &budi, &flag(4)).await.status, StatusCode::CREATED);
    app.approve(&flag_id(1)).await;
    review_as(
        &app,
        &app.reviewer,
        &flag_id(2),
        json!({ "decision": "return", "reason": "Kategori salah: ini penipuan" }),
    )
    .await;
    app.platform(
        &flag_id(1),
        json!({ "status": "rejected", "platform_reference": "TG-5", "reason": "Tidak melanggar" }),
    )
    .await;

    let mine = app.get("/api/v1/flags?mine=true").await;
    assert_eq!(ids(&mine), [flag_id(1), flag_id(2), flag_id(3)]);
    let flags = mine.json["flags"].as_array().unwrap();
    assert_eq!(
        (flags[0]["status"].as_str(), flags[0]["platform_reference"].as_str(), flags[0]["status_reason"].as_str()),
        (Some("rejected"), Some("TG-5"), Some("Tidak melanggar"))
    );
    assert_eq!(flags[0]["review"]["reviewer"]["analyst"], "Rina Wijaya");
    assert_eq!(
        (flags[1]["status"].as_str(), flags[1]["review"]["reason"].as_str()),
        (Some("returned"), Some("Kategori salah: ini penipuan"))
    );
    assert_eq!(flags[2]["status"], "pending_review");
    assert_eq!(ids(&app.get("/api/v1/flags?status=returned&mine=true").await), [flag_id(2)]);
    assert_eq!(ids(&app.call_as(&budi, Method::GET, "/api/v1/flags?mine=true", None).await), [flag_id(4)]);
    // Reposting a returned flag is a retry: the answer tells why it came back.
    let repost = app.post(&flag(2)).await;
    assert_eq!((repost.status, repost.json["status"].as_str()), (StatusCode::OK, Some("returned")));
}

async fn every_step_is_in_the_audit_log_with_who_and_when(db: TestDb) {
    let app = TestApp::new(db).await;
    assert_eq!(app.post(&channel_flag(1)).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    app.approve(&flag_id(1)).await;
    review_as(&app, &app.reviewer, &flag_id(2), json!({ "decision": "return", "reason": "Duplikat" })).await;
    app.platform(&flag_id(1), json!({ "status": "acknowledged", "platform_reference": "TG-9" })).await;
    app.platform(&flag_id(1), json!({ "status": "actioned", "platform_reference": "TG-9" })).await;

    let history = |id: String| {
        let app = &app;
        async move {
            let answer = app.call_as(&app.reviewer, Method::GET, &format!("/api/v1/audit?flag_id={id}"), None).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
            answer.json["entries"].as_array().unwrap().clone()
        }
    };
    let steps: Vec<(String, String)> = history(flag_id(1))
        .await
        .iter()
        .map(|e| {
            assert!(e["at"].as_str().unwrap().starts_with("20"), "{e}");
            (e["action"].as_str().unwrap().to_owned(), e["actor"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("flag.created", "Siti Rahma"),
        ("flag.approved", "Rina Wijaya"),
        ("flag.status_changed", "Telegram Trust"),
        ("flag.status_changed", "Telegram Trust"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(steps, expected);
    let created = &history(flag_id(1)).await[0];
    assert_eq!(created["details"], json!({ "category": "perjudian", "chat": "-1001234567890", "kind": "channel" }));
    let returned = history(flag_id(2)).await;
    assert_eq!(returned[1]["action"], "flag.returned");
    assert_eq!(
        returned[1]["details"],
        json!({ "from": "pending_review", "to": "returned", "analyst": "Siti Rahma", "reason": "Duplikat" })
    );
    assert!(returned[1]["actor_id"].is_i64());
    let tokens = app.get("/api/v1/audit?limit=3").await;
    let roles: Vec<&str> =
        tokens.json["entries"].as_array().unwrap().iter().map(|e| e["details"]["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["analyst", "reviewer", "liaison"]);
}

async fn the_liaison_reads_notices_grouped_by_target_and_records_outcomes_on_them(db: TestDb) {
    let app = TestApp::new(db).await;
    let budi = register(&app.store, "Budi", Some("Polri")).await;
    // Siti and Budi flag message 1 and the channel; Siti flags the account; message 2 waits for review.
    assert_eq!(app.post(&flag(1)).await.status, StatusCode::CREATED);
    let mut budi_message = flag(1);
    budi_message["id"] = flag_id(101).into();
    assert_eq!(post_as(&app, &budi, &budi_message).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&channel_flag(10)).await.status, StatusCode::CREATED);
    let mut budi_channel = channel_flag(110);
    budi_channel["classification"]["category"] = "penipuan".into();
    assert_eq!(post_as(&app, &budi, &budi_channel).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&account_flag(20)).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&flag(2)).await.status, StatusCode::CREATED);
    for n in [1, 101, 10, 110, 20] {
        app.approve(&flag_id(n)).await;
    }

    let get = |path: &'static str| {
        let app = &app;
        async move { app.call_as(&app.liaison, Method::GET, path, None).await }
    };
    let list = get("/api/v1/notices").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let notices = list.json["notices"].as_array().unwrap();
    let keys: Vec<&str> = notices.iter().map(|n| n["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        ["message:-1001234567890/1", "channel:-1001234567890", "account:user42"],
        "message 2 is not approved"
    );
    let flag_ids = |notice: &Value| -> Vec<String> {
        notice["flags"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(flag_ids(&notices[0]), [flag_id(1), flag_id(101)]);
    assert_eq!(flag_ids(&notices[1]), [flag_id(10), flag_id(110)]);
    assert_eq!(notices[1]["categories"], json!(["penipuan", "perjudian"]));
    assert_eq!(notices[1]["notifiers"].as_array().unwrap().len(), 2);
    assert!(notices[1].get("excerpt").is_none());
    assert_eq!(notices[1]["flags"][0]["dossier"]["messages"].as_array().unwrap().len(), 2);
    assert_eq!(notices[1]["flags"][0]["review"]["reviewer"]["analyst"], "Rina Wijaya");
    assert_eq!(notices[0]["excerpt"], flag(1)["evidence"]["excerpt"]);

    let outcome = |body: Value| {
        let app = &app;
        async move { app.call_as(&app.liaison, Method::POST, "/api/v1/notices/outcome", Some(&body)).await }
    };
    let channel = "channel:-1001234567890";
    let acknowledged = outcome(json!({ "key": channel, "status": "acknowledged", "platform_reference": "TG-9" })).await;
    assert_eq!(acknowledged.status, StatusCode::OK, "{}", acknowledged.text);
    let statuses: Vec<&str> =
        acknowledged.json["flags"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["acknowledged", "acknowledged"]);
    let body = json!({ "key": channel, "status": "actioned", "platform_reference": "TG-9" });
    assert_eq!(outcome(body.clone()).await.status, StatusCode::OK);
    let retry = outcome(body).await;
    assert_eq!(retry.status, StatusCode::OK, "a retry: {}", retry.text);
    let back = outcome(json!({ "key": channel, "status": "acknowledged", "platform_reference": "TG-9" })).await;
    assert_eq!(
        (back.status, back.json["error"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_transition")),
        "{}",
        back.text
    );
    let unknown = outcome(json!({ "key": "message:-1001234567890/2", "status": "actioned" })).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "message 2 is no notice yet: {}", unknown.text);
    let no_reason = outcome(json!({ "key": "account:user42", "status": "rejected" })).await;
    assert_eq!(
        (no_reason.status, no_reason.json["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );

    // The analysts see the outcome on their flags; the open notices no longer hold the channel.
    let seen = app.call_as(&budi, Method::GET, &format!("/api/v1/flags/{}", flag_id(110)), None).await;
    assert_eq!(
        (seen.json["status"].as_str(), seen.json["platform_reference"].as_str()),
        (Some("actioned"), Some("TG-9"))
    );
    let open = get("/api/v1/notices").await;
    let keys: Vec<&str> = open.json["notices"].as_array().unwrap().iter().map(|n| n["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["message:-1001234567890/1", "account:user42"]);
    let done = get("/api/v1/notices?status=actioned").await;
    assert_eq!(done.json["notices"].as_array().unwrap().len(), 1);
    let early = get("/api/v1/notices?status=pending_review").await;
    assert_eq!((early.status, early.json["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")));
    let csv = app.call_as(&app.liaison, Method::GET, "/api/v1/export?format=csv&status=any", None).await;
    assert!(csv.text.contains(",account,account:user42,Kanal ini"), "{}", csv.text);
}

async fn turnaround_is_reported_per_category(db: TestDb) {
    let app = TestApp::new(db).await;
    for n in 1..=4 {
        let mut body = flag(n);
        if n == 4 {
            body["classification"]["category"] = "terorisme".into();
        }
        assert_eq!(app.post(&body).await.status, StatusCode::CREATED);
    }
    for n in 1..=4 {
        app.approve(&flag_id(n)).await;
    }
    app.platform(&flag_id(1), json!({ "status": "actioned" })).await;
    app.platform(&flag_id(2), json!({ "status": "rejected", "reason": "Tidak melanggar" })).await;
    app.platform(&flag_id(3), json!({ "status": "acknowledged" })).await;
    let answer = app.call_as(&app.liaison, Method::GET, "/api/v1/stats/turnaround", None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let categories = answer.json["categories"].as_array().unwrap();
    let judi = &categories[0];
    assert_eq!(judi["category"], "perjudian");
    let counts: Vec<u64> =
        ["approved", "decided", "actioned", "rejected", "awaiting"].iter().map(|k| judi[k].as_u64().unwrap()).collect();
    assert_eq!(counts, [3, 2, 1, 1, 1]);
    assert!(judi["median_seconds"].as_i64().unwrap() >= 0 && judi["max_seconds"].is_i64());
    assert_eq!((categories[1]["category"].as_str(), categories[1]["decided"].as_u64()), (Some("terorisme"), Some(0)));
    assert!(categories[1].get("median_seconds").is_none());
}
