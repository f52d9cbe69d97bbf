//! The HTTP API driven in-process (no socket) against a real SQLite file in a temporary directory.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tapis_server::{AppState, Store, app};
use tapis_wire::{ApiError, FlagList, StoredFlag};
use tempfile::TempDir;
use tower::ServiceExt;

struct TestApp {
    router: Router,
    store: Store,
    dir: TempDir,
}

impl TestApp {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("tapis.db")).await.unwrap();
        let router = app(AppState::new(store.clone(), dir.path().join("no-dist")));
        Self { router, store, dir }
    }

    async fn request(&self, request: Request<Body>) -> (StatusCode, Option<String>, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        (status, content_type, body)
    }

    async fn post_raw(&self, content_type: Option<&str>, body: impl Into<Body>) -> (StatusCode, Vec<u8>) {
        let mut request = Request::post("/api/v1/flags");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let (status, _, body) = self.request(request.body(body.into()).unwrap()).await;
        (status, body)
    }

    async fn post(&self, flag: &Value) -> (StatusCode, Vec<u8>) {
        self.post_raw(Some("application/json"), serde_json::to_vec(flag).unwrap()).await
    }

    /// Posts something that must be refused, checks the refusal, and checks nothing was stored.
    async fn post_refused(&self, content_type: Option<&str>, body: impl Into<Body>, status: StatusCode) -> ApiError {
        let before = self.store.count_flags().await.unwrap();
        let (got, body) = self.post_raw(content_type, body).await;
        assert_eq!(got, status, "body: {}", String::from_utf8_lossy(&body));
        assert_eq!(self.store.count_flags().await.unwrap(), before, "a refused post stored something");
        serde_json::from_slice(&body).expect("error bodies are ApiError JSON")
    }

    async fn post_invalid(&self, flag: &Value, status: StatusCode) -> ApiError {
        self.post_refused(Some("application/json"), serde_json::to_vec(flag).unwrap(), status).await
    }

    async fn list(&self) -> FlagList {
        let (status, content_type, body) =
            self.request(Request::get("/api/v1/flags").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("application/json"));
        serde_json::from_slice(&body).unwrap()
    }
}

fn flag() -> Value {
    json!({
        "id": "01936f6e-7c3a-7def-8a12-3456789abcde",
        "message": "Situs slot gacor, daftar sekarang",
        "spans": [{ "rule_id": "judi.slot", "start": 6, "end": 16 }],
        "category": "perjudian",
        "created_at": "2026-11-29T05:00:00Z"
    })
}

#[tokio::test]
async fn a_posted_flag_is_created_and_listed() {
    let app = TestApp::new().await;
    let (status, body) = app.post(&flag()).await;
    assert_eq!(status, StatusCode::CREATED);
    let created: StoredFlag = serde_json::from_slice(&body).unwrap();
    assert_eq!(serde_json::to_value(&created.flag).unwrap(), flag());

    let list = app.list().await;
    assert_eq!(list.flags, vec![created]);
}

#[tokio::test]
async fn flags_are_listed_in_received_order() {
    let app = TestApp::new().await;
    // Ids deliberately out of order, so an ORDER BY id would be caught.
    let ids = [
        "0193ffff-0000-7000-8000-000000000000",
        "01930000-0000-7000-8000-000000000000",
        "0193aaaa-0000-7000-8000-000000000000",
    ];
    for id in ids {
        let mut f = flag();
        f["id"] = id.into();
        assert_eq!(app.post(&f).await.0, StatusCode::CREATED);
    }
    let listed: Vec<String> = app.list().await.flags.iter().map(|f| f.flag.id.to_string()).collect();
    assert_eq!(listed, ids);
}

#[tokio::test]
async fn reposting_the_same_flag_answers_200_without_a_new_row() {
    let app = TestApp::new().await;
    let (status, first) = app.post(&flag()).await;
    assert_eq!(status, StatusCode::CREATED);
    // The same flag, spelled differently: key order and time zone notation do not make it another flag.
    let respelled = r#"{"category":"perjudian","created_at":"2026-11-29T07:00:00+02:00","spans":[{"end":16,"start":6,"rule_id":"judi.slot"}],"message":"Situs slot gacor, daftar sekarang","id":"01936F6E-7C3A-7DEF-8A12-3456789ABCDE"}"#;
    let (status, second) = app.post_raw(Some("application/json"), respelled).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&second));
    let (first, second): (StoredFlag, StoredFlag) =
        (serde_json::from_slice(&first).unwrap(), serde_json::from_slice(&second).unwrap());
    assert_eq!(first, second, "a retry answers the stored flag, received_at included");
    assert_eq!(app.store.count_flags().await.unwrap(), 1);
    assert_eq!(app.list().await.flags.len(), 1);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict_and_changes_nothing() {
    let app = TestApp::new().await;
    assert_eq!(app.post(&flag()).await.0, StatusCode::CREATED);
    let before = app.list().await;

    let mut other = flag();
    other["category"] = "terorisme".into();
    let error = app.post_invalid(&other, StatusCode::CONFLICT).await;
    assert_eq!(error.error, "conflict");
    assert!(error.message.contains("01936f6e-7c3a-7def-8a12-3456789abcde"), "{}", error.message);

    assert_eq!(app.list().await, before);
    assert_eq!(before.flags[0].flag.category, "perjudian");
}

#[tokio::test]
async fn invalid_json_is_400_with_line_and_column() {
    let app = TestApp::new().await;
    let error = app
        .post_refused(Some("application/json"), "{\n  \"message\": \"x\",\n  oops\n}", StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(error.error, "invalid_json");
    assert!(error.message.contains("line 3, column 3"), "{}", error.message);
    assert_eq!(error.field, None);

    let error = app.post_refused(Some("application/json"), "", StatusCode::BAD_REQUEST).await;
    assert_eq!(error.error, "invalid_json");
}

#[tokio::test]
async fn a_missing_field_is_422_naming_it() {
    let app = TestApp::new().await;
    let mut f = flag();
    f.as_object_mut().unwrap().remove("category");
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error.error, "missing_field");
    assert_eq!(error.field.as_deref(), Some("category"));
}

#[tokio::test]
async fn a_missing_nested_field_is_named_by_its_path() {
    let app = TestApp::new().await;
    let mut f = flag();
    f["spans"][0].as_object_mut().unwrap().remove("rule_id");
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error.error, "missing_field");
    assert_eq!(error.field.as_deref(), Some("spans[0].rule_id"));
}

#[tokio::test]
async fn wrong_types_and_unknown_fields_are_422_naming_the_field() {
    let app = TestApp::new().await;
    let mut f = flag();
    f["spans"][0]["start"] = "six".into();
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!((error.error.as_str(), error.field.as_deref()), ("invalid_field", Some("spans[0].start")));

    let mut f = flag();
    f["analyst"] = "someone".into();
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!((error.error.as_str(), error.field.as_deref()), ("invalid_field", Some("analyst")));
}

#[tokio::test]
async fn a_span_past_the_message_is_422_naming_the_span_field() {
    let app = TestApp::new().await;
    let mut f = flag();
    let len = f["message"].as_str().unwrap().len();
    f["spans"] = json!([{ "rule_id": "a", "start": 0, "end": 5 }, { "rule_id": "b", "start": 6, "end": len + 1 }]);
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error.error, "invalid_field");
    assert_eq!(error.field.as_deref(), Some("spans[1].end"));
    assert!(error.message.contains("past the end"), "{}", error.message);
}

#[tokio::test]
async fn a_span_inside_a_multibyte_character_is_422_naming_the_span_field() {
    let app = TestApp::new().await;
    let mut f = flag();
    // "🎰" is four bytes (4..8); 5 is inside it.
    f["message"] = "Ayo 🎰 slot".into();
    f["spans"] = json!([{ "rule_id": "judi.emoji", "start": 5, "end": 8 }]);
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error.error, "invalid_field");
    assert_eq!(error.field.as_deref(), Some("spans[0].start"));
    assert!(error.message.contains("multi-byte"), "{}", error.message);

    f["spans"] = json!([{ "rule_id": "judi.emoji", "start": 4, "end": 8 }]);
    assert_eq!(app.post(&f).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn domain_rules_are_422_naming_the_field() {
    let app = TestApp::new().await;
    for (field, value, expected) in [
        ("category", json!("Perjudian"), "category"),
        ("message", json!(""), "message"),
        ("spans", json!([{ "rule_id": "", "start": 0, "end": 1 }]), "spans[0].rule_id"),
        ("spans", json!([{ "rule_id": "r", "start": 3, "end": 3 }]), "spans[0].end"),
    ] {
        let mut f = flag();
        f[field] = value;
        let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!((error.error.as_str(), error.field.as_deref()), ("invalid_field", Some(expected)));
    }
}

#[tokio::test]
async fn a_message_over_one_mib_is_422_though_the_body_fits() {
    let app = TestApp::new().await;
    let mut f = flag();
    f["message"] = "x".repeat(1024 * 1024 + 1).into();
    let error = app.post_invalid(&f, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(error.field.as_deref(), Some("message"));
}

#[tokio::test]
async fn a_body_not_declared_as_json_is_415() {
    let app = TestApp::new().await;
    let body = serde_json::to_vec(&flag()).unwrap();
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let error = app.post_refused(content_type, body.clone(), StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        assert_eq!(error.error, "unsupported_media_type");
    }
    assert_eq!(app.post_raw(Some("application/json; charset=utf-8"), body).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_over_two_mib_is_413() {
    let app = TestApp::new().await;
    let mut f = flag();
    f["message"] = "x".repeat(2 * 1024 * 1024).into();
    let error = app.post_invalid(&f, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(error.error, "payload_too_large");
}

#[tokio::test]
async fn unknown_api_paths_are_404_json() {
    let app = TestApp::new().await;
    for path in ["/api", "/api/", "/api/v1", "/api/v1/flag", "/api/v1/flags/", "/api/v2/flags", "/api/v1/flags/x/y"] {
        let (status, content_type, body) = app.request(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(content_type.as_deref(), Some("application/json"), "{path}");
        let error: ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error, "not_found");
        assert!(error.message.contains(path), "{}", error.message);
    }
}

#[tokio::test]
async fn a_wrong_method_on_flags_is_405_json() {
    let app = TestApp::new().await;
    let response = app
        .router
        .clone()
        .oneshot(Request::builder().method(Method::DELETE).uri("/api/v1/flags").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = response.headers().get(header::ALLOW).unwrap().to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let error: ApiError = serde_json::from_slice(&to_bytes(response.into_body(), usize::MAX).await.unwrap()).unwrap();
    assert_eq!(error.error, "method_not_allowed");
}

#[tokio::test]
async fn pages_answer_503_until_the_app_is_built() {
    let app = TestApp::new().await;
    let (status, content_type, body) = app.request(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(content_type.unwrap().starts_with("text/plain"));
    assert!(String::from_utf8(body).unwrap().contains("make build"));

    // Building while the server runs is picked up without a restart.
    let dist = app.dir.path().join("no-dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Tapis</title>").unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log(1)").unwrap();
    for (path, expected) in [("/", "<title>Tapis"), ("/triage/42", "<title>Tapis"), ("/assets/app.js", "console.log")] {
        let (status, _, body) = app.request(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(String::from_utf8(body).unwrap().contains(expected), "{path}");
    }
    // A missing file is missing, not the page: the app reads an optional tapis.config.json this way.
    for path in ["/tapis.config.json", "/assets/old-0123456789abcdef.js"] {
        let (status, content_type, _) = app.request(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!content_type.unwrap_or_default().starts_with("text/html"), "{path}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_strict_policy_and_fitting_cache_headers() {
    let app = TestApp::new().await;
    let dist = app.dir.path().join("no-dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Tapis</title>").unwrap();
    std::fs::write(dist.join("tapis-app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let rows = [
        ("/", "no-cache"),
        ("/tapis-app-0123456789abcdef_bg.wasm", "public, max-age=31536000, immutable"),
        ("/api/v1/flags", "no-store"),
    ];
    for (path, cache) in rows {
        let response = app.router.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], cache, "{path}");
    }
}

#[tokio::test]
async fn csp_violation_reports_are_kept_and_listed() {
    let app = TestApp::new().await;
    let report = json!({"csp-report": {"document-uri": "http://127.0.0.1/", "violated-directive": "style-src", "blocked-uri": "inline"}});
    let request = Request::post("/api/v1/csp-reports")
        .header(header::CONTENT_TYPE, "application/csp-report")
        .body(Body::from(report.to_string()))
        .unwrap();
    assert_eq!(app.request(request).await.0, StatusCode::NO_CONTENT);
    let (status, _, body) = app.request(Request::get("/api/v1/csp-reports").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!([report]));
}

#[tokio::test]
async fn the_database_file_is_created_under_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not/yet/there/tapis.db");
    let store = Store::open(&path).await.unwrap();
    assert!(path.is_file());
    assert_eq!(store.count_flags().await.unwrap(), 0);

    let url_path = dir.path().join("via-url/nested/tapis.db");
    let store = Store::connect(&format!("sqlite:{}", url_path.display())).await.unwrap();
    assert!(url_path.is_file());
    assert_eq!(store.count_flags().await.unwrap(), 0);
}
