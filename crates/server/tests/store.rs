//! The store on its own, on a fresh database per test: flagger registration and revocation, and SQLite files.

mod support;

use support::{TestDb, on_every_backend};
use tapis_server::Store;
use tapis_server::auth::Token;
use tapis_server::domain::{FlaggerName, Organisation};
use tapis_server::store::Revocation;

on_every_backend!(
    names_are_unique_among_active_flaggers_and_tokens_resolve_to_them,
    revocation_is_by_id_or_active_name
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
