//! The store on its own, on a fresh database per test: flagger registration and revocation, and SQLite files.

mod support;

use support::{TestDb, on_every_backend};
use tapis_server::Store;
use tapis_server::auth::Token;
use tapis_server::domain::{FlaggerName, Organisation};
use tapis_server::store::Revocation;

on_every_backend!(
    names_are_unique_among_active_flaggers_and_tokens_resolve_to_them,
    revocation_is_by_id_or_active_name,
    a_database_from_before_roles_migrates_its_tokens_to_analysts_and_its_flags_to_approved
);

async fn register(store: &Store, name: &str) -> Option<(i64, Token)> {
    let token = Token::generate().unwrap();
    let organisation = Organisation::parse("Komdigi").unwrap();
    let created = store
        .create_flagger(
            &FlaggerName::parse(name).unwrap(),
            Some(&organisation),
            tapis_wire::Role::Analyst,
            &token.hash(),
        )
        .await;
    created.unwrap().map(|flagger| (flagger.id, token))
}

async fn names_are_unique_among_active_flaggers_and_tokens_resolve_to_them(db: TestDb) {
    let store = db.store().await;
    let (siti, siti_token) = register(&store, "Siti").await.unwrap();
    assert!(register(&store, "Siti").await.is_none(), "an active name is taken");
    let (budi, budi_token) = register(&store, "Budi").await.unwrap();

    let flagger = store.flagger_by_token(&siti_token.hash()).await.unwrap().unwrap();
    assert_eq!((flagger.id, flagger.name.as_str(), flagger.organisation.as_deref()), (siti, "Siti", Some("Komdigi")));
    assert_eq!(store.flagger_by_token(&budi_token.hash()).await.unwrap().unwrap().id, budi);
    assert_eq!(store.flagger_by_token(&Token::generate().unwrap().hash()).await.unwrap(), None);

    // After revocation the name is free again, for a new token; the old one stays dead.
    assert!(matches!(store.revoke_flagger("Siti").await.unwrap(), Revocation::Revoked(_)));
    let (again, again_token) = register(&store, "Siti").await.unwrap();
    assert_ne!(again, siti);
    assert_eq!(store.flagger_by_token(&siti_token.hash()).await.unwrap(), None);
    assert_eq!(store.flagger_by_token(&again_token.hash()).await.unwrap().unwrap().id, again);

    let listed: Vec<(i64, String, bool)> =
        store.list_flaggers().await.unwrap().into_iter().map(|f| (f.id, f.name, f.revoked_at.is_some())).collect();
    assert_eq!(listed, [(siti, "Siti".into(), true), (budi, "Budi".into(), false), (again, "Siti".into(), false)]);
}

async fn revocation_is_by_id_or_active_name(db: TestDb) {
    let store = db.store().await;
    let (siti, _) = register(&store, "Siti").await.unwrap();
    let (budi, budi_token) = register(&store, "Budi").await.unwrap();
    let Revocation::Revoked(revoked) = store.revoke_flagger(&budi.to_string()).await.unwrap() else { panic!() };
    assert_eq!((revoked.id, revoked.revoked_at.is_some()), (budi, true));
    assert_eq!(store.flagger_by_token(&budi_token.hash()).await.unwrap(), None);
    assert!(matches!(store.revoke_flagger(&budi.to_string()).await.unwrap(), Revocation::AlreadyRevoked(_)));
    assert_eq!(store.revoke_flagger("Budi").await.unwrap(), Revocation::Unknown, "no active Budi");
    assert_eq!(store.revoke_flagger("999").await.unwrap(), Revocation::Unknown);
    let Revocation::Revoked(revoked) = store.revoke_flagger("Siti").await.unwrap() else { panic!() };
    assert_eq!(revoked.id, siti);
}

/// A database as the server left it before issue 9 (migrations 0001 and 0002), with a token and two flags.
async fn a_database_from_before_roles_migrates_its_tokens_to_analysts_and_its_flags_to_approved(db: TestDb) {
    let backend = match db.backend {
        tapis_server::Backend::Sqlite => "sqlite",
        tapis_server::Backend::Postgres => "postgres",
    };
    let old = tempfile::tempdir().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    for file in ["0001_flags.sql", "0002_notices.sql"] {
        std::fs::copy(dir.join(file), old.path().join(file)).unwrap();
    }
    let migrator = sqlx::migrate::Migrator::new(old.path()).await.unwrap();
    match db.backend {
        tapis_server::Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}?mode=rwc", db.arg)).await.unwrap();
            migrator.run(&pool).await.unwrap();
            pool.close().await;
        }
        tapis_server::Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&db.arg).await.unwrap();
            migrator.run(&pool).await.unwrap();
            pool.close().await;
        }
    }
    let token = Token::generate().unwrap();
    let body = r#"{"id":"01936f6e-7c3a-7def-8a12-000000000001","target":{"kind":"message","platform":"telegram","chat":{"username":"slotgacor88"},"message_id":1},"evidence":{"excerpt":"abc","excerpt_sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","source":{"kind":"free_text"},"spans":[]},"classification":{"category":"perjudian","severity":"high","explanation":"x"},"requested_action":"remove","detection":{"matched_automatically":false,"confirmed_by_person":true,"confirmed_at":"2026-11-29T05:00:00Z"}}"#;
    let flag = |n: u32, status: &str, changed: &str| {
        format!(
            "INSERT INTO flags (id, flagger_id, notifier_analyst, notifier_organisation, target_kind, chat_key, category,
                 severity, confirmed_at, received_at, status, status_changed_at, body)
             VALUES ('01936f6e-7c3a-7def-8a12-00000000000{n}', 1, 'Siti', 'Komdigi', 'message', '@slotgacor88',
                 'perjudian', 'high', '2026-11-29T05:00:00.000000000Z', '2026-11-29T06:00:00.000000000Z', '{status}',
                 '{changed}', '{}')",
            body.replace("000000000001", &format!("00000000000{n}"))
        )
    };
    for sql in [
        format!(
            "INSERT INTO flaggers (name, organisation, token_hash, created_at)
             VALUES ('Siti', 'Komdigi', '{}', '2026-11-28T00:00:00.000000000Z')",
            token.hash().as_str()
        ),
        flag(1, "submitted", "2026-11-29T06:00:00.000000000Z"),
        flag(2, "actioned", "2026-11-29T08:00:00.000000000Z"),
    ] {
        db.execute_raw(&sql).await.unwrap();
    }

    let store = db.store().await;
    let siti = store.flagger_by_token(&token.hash()).await.unwrap().expect("the old token still works");
    assert_eq!((siti.name.as_str(), siti.role), ("Siti", tapis_wire::Role::Analyst));
    assert_eq!(store.list_flaggers().await.unwrap()[0].role, tapis_wire::Role::Analyst);
    let first = store.flag("01936f6e-7c3a-7def-8a12-000000000001".parse().unwrap()).await.unwrap().unwrap();
    assert_eq!((first.status, first.review.is_none()), (tapis_wire::FlagStatus::Approved, true));
    assert_eq!(first.evidence.unwrap().excerpt, "abc");
    // Their turnaround, filled in at start (issue 16): approved when received, the outcome when last changed.
    let figures = store.turnaround_figures().await.unwrap();
    assert_eq!(figures.len(), 1);
    let judi = &figures[0];
    assert_eq!((judi.approved, judi.decided, judi.actioned), (2, 1, 1));
    assert_eq!((judi.max_seconds, judi.median_seconds, judi.sum_seconds), (Some(7200), Some(7200), 7200));
    assert_eq!(judi.oldest_awaiting_approved_at.unwrap().to_rfc3339(), "2026-11-29T06:00:00+00:00");
    // Their notice keys too: both flags are on message 1 of @slotgacor88, one notice.
    let filter = tapis_server::domain::FlagFilter::default();
    let notice = store.notice_flags(&filter, &["message:@slotgacor88/1".to_owned()]).await.unwrap();
    assert_eq!(notice.len(), 2);
    // The flagger is a person of their own (issue 16).
    assert_eq!(store.list_flaggers().await.unwrap()[0].person, "flagger:1");
    // The status constraint now knows the new statuses, and only those.
    let bad = db.execute_raw("UPDATE flags SET status = 'submitted'").await;
    assert!(bad.is_err(), "submitted is no longer a status");
    db.execute_raw("UPDATE flags SET status = 'pending_review'").await.unwrap();
}

#[tokio::test]
async fn sqlite_files_are_created_under_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not/yet/there/tapis.db");
    let store = Store::open(&path).await.unwrap();
    assert!(path.is_file());
    assert_eq!(store.count_flags().await.unwrap(), 0);

    let url_path = dir.path().join("via-url/nested/tapis.db");
    let store =
        Store::connect(&tapis_server::DbLocation::parse(&format!("sqlite:{}", url_path.display()))).await.unwrap();
    assert!(url_path.is_file());
    assert_eq!(store.count_flags().await.unwrap(), 0);
}
