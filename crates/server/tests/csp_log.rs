//! Content-Security-Policy reports against the log: any web page an analyst visits can post reports without a
//! token, so many large and oddly shaped posts must leave the kept reports under a fixed byte budget and the log
//! under a fixed number of lines.
//!
//! A test binary of its own, with one test: it installs a global log subscriber before anything logs. A
//! thread-scoped subscriber (`set_default`) beside other tests that hit the same log call raced on tracing's
//! per-callsite cache and sometimes saw no line at all.

#[allow(unused_macros, unused_imports)] // This binary runs its backends by hand.
mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use support::{TestApp, TestDb};

/// Collects what the server logs.
#[derive(Clone, Default)]
struct LogCapture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogCapture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogCapture {
    fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().unwrap()).lines().map(str::to_owned).collect()
    }

    fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

/// On SQLite, then on PostgreSQL (see `support` for `TAPIS_TEST_POSTGRES_URL` and `TAPIS_SKIP_POSTGRES`), one after
/// the other so that each sees only its own log lines.
#[test]
fn csp_reports_are_bounded_in_bytes_and_log_lines() {
    let capture = LogCapture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_env_filter(tracing_subscriber::EnvFilter::new("tapis_server=info"))
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let test = "csp_reports_are_bounded_in_bytes_and_log_lines";
        reports_stay_bounded(TestDb::sqlite(test).await, &capture).await;
        if let Some(db) = TestDb::postgres(test).await {
            reports_stay_bounded(db, &capture).await;
        }
    });
}

/// A `text/plain` post (which a page may send without a preflight) is refused; the rest is kept within bounds.
async fn reports_stay_bounded(db: TestDb, capture: &LogCapture) {
    let app = TestApp::new(db).await;
    // Only what the reports make the server log counts.
    capture.clear();
    let post = |content_type: &'static str, body: Vec<u8>| {
        let request = Request::post("/api/v1/csp-reports")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        app.send(request)
    };
    let report = json!({"csp-report": {"document-uri": "http://127.0.0.1/", "violated-directive": "style-src", "blocked-uri": "inline"}});

    // Pages can post text/plain without a preflight: refused, and kept nowhere.
    let plain = post("text/plain", report.to_string().into_bytes()).await;
    assert_eq!(plain.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", plain.text);
    for other in ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        assert_eq!(post(other, report.to_string().into_bytes()).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    // A body beyond the route's own limit (16 KiB), well under the API's.
    let big = json!({"csp-report": {"blocked-uri": "x".repeat(20_000)}});
    assert_eq!(
        post("application/csp-report", big.to_string().into_bytes()).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    let long = "y".repeat(3_500);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        // Long strings in every field.
        ("application/csp-report", json!({"csp-report": {"document-uri": long, "violated-directive": long, "blocked-uri": long, "source-file": long}}).to_string().into_bytes()),
        // Thousands of array elements: numbers, empty reports, small reports.
        ("application/reports+json", serde_json::to_vec(&vec![1; 7_000]).unwrap()),
        ("application/reports+json", serde_json::to_vec(&vec![json!({}); 3_000]).unwrap()),
        ("application/reports+json", serde_json::to_vec(&vec![json!({"type": "csp-violation", "body": {"effectiveDirective": "script-src", "blockedURL": "eval\nFAKE LOG LINE", "documentURL": "http://x/"}}); 100]).unwrap()),
        // Many fields, nested deeply, and a report that is a string.
        ("application/csp-report", json!({"csp-report": (0..500).map(|i| (format!("k{i}"), json!(i))).collect::<serde_json::Map<_, _>>()}).to_string().into_bytes()),
        ("application/csp-report", format!("{}1{}", "[".repeat(100), "]".repeat(100)).into_bytes()),
        ("application/reports+json; charset=utf-8", json!(["just a string", {"body": {"blockedURL": long}}]).to_string().into_bytes()),
    ];
    for round in 0..40 {
        for (content_type, body) in &bodies {
            let answer = post(content_type, body.clone()).await;
            assert!(
                matches!(answer.status, StatusCode::NO_CONTENT | StatusCode::BAD_REQUEST),
                "round {round}, {content_type}: {} {}",
                answer.status,
                answer.text
            );
        }
    }
    let answer = app.call(Method::GET, "/api/v1/csp-reports", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    let kept = answer.json.as_array().unwrap();
    assert!(!kept.is_empty());
    assert!(answer.text.len() <= 32 * 1024, "{} bytes of reports kept", answer.text.len());
    for report in kept {
        for (field, value) in report.as_object().unwrap() {
            assert!(value.as_str().is_none_or(|text| text.chars().count() <= 256), "{field}: {value}");
        }
    }
    let lines = capture.lines();
    let violations = lines.iter().filter(|line| line.contains("Content-Security-Policy")).count();
    assert!(violations >= 1, "{lines:#?}");
    assert!(lines.len() <= 20, "{} log lines: {:#?}", lines.len(), lines.iter().take(25).collect::<Vec<_>>());
    assert!(!lines.iter().any(|line| line.starts_with("FAKE")), "{lines:#?}");

    // A well-formed report is still kept, its fields as they were sent.
    let answer = post("application/csp-report", report.to_string().into_bytes()).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let answer = app.call(Method::GET, "/api/v1/csp-reports", None).await;
    let last = answer.json.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last, json!({"directive": "style-src", "blocked": "inline", "page": "http://127.0.0.1/"}));
}
