//! Issue 18 through the API: each notice against its deadline (across a restart and a UTC day boundary), overdue
//! detection and sorting by time left, every escalation step and the refused ones, the deadline figures, and the
//! periodic report's counts and absence of personal data. Time comes from a manual clock: nothing sleeps. On a
//! fresh database per test, on each backend.

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use support::{Answer, TestApp, TestDb, flag, flag_id, on_every_backend, register, with_excerpt};
use tapis_server::AppState;
use tapis_server::clock::Clock;
use tapis_server::policy::Policy;

on_every_backend!(
    the_clock_runs_across_a_restart_and_a_utc_day_boundary,
    overdue_notices_come_first_and_are_counted_per_platform_and_category,
    every_escalation_step_is_enforced_and_audited,
    the_report_counts_the_seeded_notices_by_platform_category_and_outcome,
    the_report_holds_no_personal_data_in_any_format,
);

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

async fn app_at(db: TestDb, clock: &Clock, policy: Policy) -> TestApp {
    let clock = clock.clone();
    TestApp::with_state(db, move |state| state.with_clock(clock).with_policy(policy)).await
}

/// Closes the store and opens the database again, as a restarted server would, with `policy`.
async fn restart(app: TestApp, clock: &Clock, policy: Policy) -> TestApp {
    app.store.close().await;
    let store = app.db.store().await;
    let state =
        AppState::new(store.clone(), app.db.dir.path().join("no-dist")).with_clock(clock.clone()).with_policy(policy);
    TestApp { router: tapis_server::app(state), store, ..app }
}

/// A flag on message `n` of category `category`.
fn flag_of(n: u32, category: &str) -> Value {
    let mut flag = flag(n);
    flag["classification"]["category"] = category.into();
    flag
}

/// Posts and approves a flag: its notice is sent at the clock's time.
async fn send(app: &TestApp, flag: &Value) {
    let posted = app.post(flag).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
    app.approve(flag["id"].as_str().unwrap()).await;
}

async fn outcome(app: &TestApp, n: u32, status: &str) {
    let body = match status {
        "rejected" => json!({ "status": status, "reason": "Tidak melanggar ketentuan kami" }),
        _ => json!({ "status": status }),
    };
    let answer = app.platform(&flag_id(n), body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

async fn deadline_of(app: &TestApp, n: u32) -> Value {
    let answer = app.get(&format!("/api/v1/flags/{}", flag_id(n))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json["deadline"].clone()
}

fn key(n: u32) -> String {
    format!("message:-1001234567890/{n}")
}

async fn escalate(app: &TestApp, token: &str, n: u32, step: &str, reason: Option<&str>) -> Answer {
    let mut body = json!({ "key": key(n), "step": step });
    if let Some(reason) = reason {
        body["reason"] = reason.into();
    }
    app.call_as(token, Method::POST, "/api/v1/notices/escalation", Some(&body)).await
}

async fn the_clock_runs_across_a_restart_and_a_utc_day_boundary(db: TestDb) {
    let clock = Clock::manual(at("2026-12-31T22:00:00Z"));
    let app = app_at(db, &clock, Policy::default()).await;
    send(&app, &flag_of(1, "perjudian")).await;
    send(&app, &flag_of(2, "terorisme")).await;
    let gambling = deadline_of(&app, 1).await;
    assert_eq!(gambling["started_at"], "2026-12-31T22:00:00Z");
    assert_eq!(gambling["due_at"], "2027-01-01T22:00:00Z", "24 hours, into the next year");
    assert_eq!((&gambling["seconds_left"], &gambling["overdue"]), (&json!(86_400), &json!(false)));
    assert_eq!(deadline_of(&app, 2).await["due_at"], "2027-01-01T02:00:00Z", "4 hours for terrorism");

    // Past midnight UTC the clock keeps running from the approval, not from the new day.
    clock.set(at("2027-01-01T01:30:00Z"));
    let terror = deadline_of(&app, 2).await;
    assert_eq!((&terror["seconds_left"], &terror["overdue"]), (&json!(1_800), &json!(false)));

    // A restarted server, with a policy that would now give terrorism 48 hours: the running clocks keep the
    // deadline they were sent with, and a new notice gets the new one.
    let policy = Policy::from_toml("policy.toml", "[hours]\nterorisme = 48").unwrap();
    let app = restart(app, &clock, policy.clone()).await;
    clock.set(at("2027-01-01T02:00:01Z"));
    let terror = deadline_of(&app, 2).await;
    assert_eq!(terror["due_at"], "2027-01-01T02:00:00Z");
    assert_eq!((&terror["seconds_left"], &terror["overdue"]), (&json!(-1), &json!(true)));
    let gambling = deadline_of(&app, 1).await;
    assert_eq!((&gambling["seconds_left"], &gambling["overdue"]), (&json!(71_999), &json!(false)));
    send(&app, &flag_of(3, "terorisme")).await;
    assert_eq!(deadline_of(&app, 3).await["due_at"], "2027-01-03T02:00:01Z");

    // The platform's outcome stops the clock: what was left stays left, however late it is read.
    clock.set(at("2027-01-01T03:00:00Z"));
    outcome(&app, 1, "actioned").await;
    let app = restart(app, &clock, policy).await;
    clock.set(at("2027-01-05T00:00:00Z"));
    let gambling = deadline_of(&app, 1).await;
    assert_eq!(gambling["stopped_at"], "2027-01-01T03:00:00Z");
    assert_eq!((&gambling["seconds_left"], &gambling["overdue"]), (&json!(19 * 3600), &json!(false)));
    // An acknowledgement does not stop it.
    outcome(&app, 2, "acknowledged").await;
    let terror = deadline_of(&app, 2).await;
    assert!(terror.get("stopped_at").is_none(), "{terror}");
    assert_eq!(terror["overdue"], true);
    // Before approval there is no deadline.
    let posted = app.post(&flag_of(4, "perjudian")).await;
    assert!(posted.json.get("deadline").is_none(), "{}", posted.text);
}

async fn overdue_notices_come_first_and_are_counted_per_platform_and_category(db: TestDb) {
    let clock = Clock::manual(at("2027-03-01T00:00:00Z"));
    let app = app_at(db, &clock, Policy::default()).await;
    // 00:00: a gambling notice (due tomorrow 00:00) and a terrorism one (due 04:00).
    send(&app, &flag_of(1, "perjudian")).await;
    send(&app, &flag_of(2, "terorisme")).await;
    // 02:00: another terrorism notice (due 06:00), and a gambling one answered at 03:00, in time.
    clock.set(at("2027-03-01T02:00:00Z"));
    send(&app, &flag_of(3, "terorisme")).await;
    send(&app, &flag_of(4, "perjudian")).await;
    clock.set(at("2027-03-01T03:00:00Z"));
    outcome(&app, 4, "actioned").await;
    // 05:00: notice 2 is overdue, notice 3 has an hour left. The terrorism notice 3 is then answered late.
    clock.set(at("2027-03-01T05:00:00Z"));
    let sorted = app.call_as(&app.liaison, Method::GET, "/api/v1/notices?sort=time_left", None).await;
    assert_eq!(sorted.status, StatusCode::OK, "{}", sorted.text);
    let order: Vec<(&str, i64, bool)> = sorted.json["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["key"].as_str().unwrap(),
                n["deadline"]["seconds_left"].as_i64().unwrap(),
                n["deadline"]["overdue"] == true,
            )
        })
        .collect();
    assert_eq!(
        order,
        [(key(2).as_str(), -3_600, true), (key(3).as_str(), 3_600, false), (key(1).as_str(), 19 * 3_600, false)],
        "open notices, least time left first"
    );
    // The reviewer's view sorts too; the default order stays the order of arrival.
    let reviewer = app.call_as(&app.reviewer, Method::GET, "/api/v1/notices?sort=time_left&limit=1", None).await;
    assert_eq!(reviewer.json["notices"][0]["key"], key(2));
    let arrival = app.call_as(&app.liaison, Method::GET, "/api/v1/notices", None).await;
    assert_eq!(arrival.json["notices"][0]["key"], key(1));
    let bad = app.call_as(&app.liaison, Method::GET, "/api/v1/notices?sort=urgent", None).await;
    assert_eq!((bad.status, bad.json["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("sort")));

    clock.set(at("2027-03-01T08:00:00Z"));
    outcome(&app, 3, "rejected").await;
    let stats = app.get("/api/v1/stats").await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.text);
    assert_eq!(stats.json["generated_at"], "2027-03-01T08:00:00Z");
    assert_eq!(
        stats.json["rows"],
        json!([
            // Notice 1 open in time, notice 4 answered in 1 hour.
            { "platform": "telegram", "category": "perjudian", "sent": 2, "met": 1, "overdue": 0, "awaiting": 1,
              "escalated": 0, "median_seconds": 3_600, "p90_seconds": 3_600 },
            // Notice 2 open and overdue, notice 3 answered 2 hours late (6 hours after sending).
            { "platform": "telegram", "category": "terorisme", "sent": 2, "met": 0, "overdue": 2, "awaiting": 1,
              "escalated": 0, "median_seconds": 6 * 3_600, "p90_seconds": 6 * 3_600 },
        ])
    );
}

/// An escalation request and its answer: who (`reviewer` or `liaison`), the step, its reason, the status and error
/// code answered.
type Step = (&'static str, &'static str, Option<&'static str>, StatusCode, Option<&'static str>);

async fn every_escalation_step_is_enforced_and_audited(db: TestDb) {
    let clock = Clock::manual(at("2027-02-01T10:00:00Z"));
    let app = app_at(db, &clock, Policy::default()).await;
    let pending = app.post(&flag_of(9, "terorisme")).await;
    assert_eq!(pending.status, StatusCode::CREATED);
    let unsent = escalate(&app, &app.reviewer, 9, "warning_1", None).await;
    assert_eq!((unsent.status, unsent.json["error"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));

    send(&app, &flag_of(1, "terorisme")).await;
    let early = escalate(&app, &app.reviewer, 1, "warning_1", None).await;
    assert_eq!(
        (early.status, early.json["error"].as_str()),
        (StatusCode::CONFLICT, Some("not_overdue")),
        "{}",
        early.text
    );
    let skipped = escalate(&app, &app.reviewer, 1, "warning_2", None).await;
    assert_eq!((skipped.status, skipped.json["error"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));

    clock.set(at("2027-02-01T14:00:01Z"));
    let by_platform = escalate(&app, &app.liaison, 1, "warning_1", None).await;
    assert_eq!(by_platform.status, StatusCode::FORBIDDEN, "the platform does not warn itself");
    let by_analyst = escalate(&app, &app.token, 1, "warning_1", None).await;
    assert_eq!(by_analyst.status, StatusCode::FORBIDDEN);

    // Each step: who takes it, its reason, and the answer.
    let steps: [Step; 14] = [
        ("reviewer", "warning_1", None, StatusCode::OK, None),
        ("reviewer", "warning_1", None, StatusCode::OK, None), // a retry
        ("reviewer", "restriction_requested", None, StatusCode::CONFLICT, Some("invalid_transition")),
        ("reviewer", "warning_2", Some("ST2 dikirim"), StatusCode::OK, None),
        ("liaison", "disputed", None, StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_field")),
        ("reviewer", "disputed", Some("x"), StatusCode::FORBIDDEN, Some("forbidden")),
        ("liaison", "disputed", Some("Konten sudah dihapus pada 1 Februari"), StatusCode::OK, None),
        ("reviewer", "warning_1", None, StatusCode::CONFLICT, Some("invalid_transition")),
        ("reviewer", "restriction_requested", Some("Sanggahan ditolak"), StatusCode::OK, None),
        ("reviewer", "warning_2", None, StatusCode::CONFLICT, Some("invalid_transition")),
        ("liaison", "disputed", Some("Sudah dibatasi"), StatusCode::OK, None),
        ("reviewer", "resolved", None, StatusCode::OK, None),
        ("reviewer", "warning_2", None, StatusCode::CONFLICT, Some("invalid_transition")),
        ("liaison", "disputed", Some("lagi"), StatusCode::CONFLICT, Some("invalid_transition")),
    ];
    let mut taken = Vec::new();
    for (number, (who, step, reason, status, error)) in steps.into_iter().enumerate() {
        clock.advance(TimeDelta::minutes(10));
        let token = if who == "reviewer" { &app.reviewer } else { &app.liaison };
        let answer = escalate(&app, token, 1, step, reason).await;
        assert_eq!(
            (answer.status, answer.json["error"].as_str()),
            (status, error),
            "step {number} {step}: {}",
            answer.text
        );
        if status == StatusCode::OK {
            let state = &answer.json["flags"][0]["escalation"];
            assert_eq!(state["step"], step, "{}", answer.text);
            if number != 1 {
                taken.push((step, who, clock.now(), reason));
            }
        }
    }
    let notice = app.call_as(&app.liaison, Method::GET, "/api/v1/notices?status=any", None).await;
    let escalation = &notice.json["notices"][0]["escalation"];
    assert_eq!((&escalation["step"], escalation.get("reason")), (&json!("resolved"), None));

    let audit = app.get(&format!("/api/v1/audit?flag_id={}", flag_id(1))).await;
    let entries: Vec<&Value> =
        audit.json["entries"].as_array().unwrap().iter().filter(|e| e["action"] == "flag.escalated").collect();
    assert_eq!(
        entries.len(),
        taken.len(),
        "one entry per step taken, none for the retry or the refused: {}",
        audit.text
    );
    let mut from = "none";
    for (entry, (step, who, when, reason)) in entries.iter().zip(&taken) {
        let actor = if *who == "reviewer" { "Rina Wijaya" } else { "Telegram Trust" };
        assert_eq!(entry["actor"], actor);
        assert_eq!(entry["at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), *when);
        assert_eq!((entry["details"]["from"].as_str(), entry["details"]["to"].as_str()), (Some(from), Some(*step)));
        assert_eq!(entry["details"]["reason"].as_str(), *reason);
        from = step;
    }

    // An answered notice is not unmet: no first warning, however late the answer was.
    send(&app, &flag_of(2, "terorisme")).await;
    clock.advance(TimeDelta::hours(5));
    outcome(&app, 2, "actioned").await;
    let answered = escalate(&app, &app.reviewer, 2, "warning_1", None).await;
    assert_eq!((answered.status, answered.json["error"].as_str()), (StatusCode::CONFLICT, Some("not_overdue")));
    let stats = app.get("/api/v1/stats").await;
    assert_eq!((&stats.json["rows"][0]["sent"], &stats.json["rows"][0]["escalated"]), (&json!(2), &json!(1)));
}

/// The notices of [`seed`], by the time of each step.
const FROM: &str = "2027-01-01";
const TO: &str = "2027-01-31";

/// Sends notices in and around January 2027 with personal strings everywhere a flag can carry them; returns
/// those strings.
async fn seed(app: &TestApp, clock: &Clock) -> Vec<&'static str> {
    let personal = |n: u32, category: &str| {
        let mut flag = with_excerpt(flag_of(n, category), &format!("Hubungi Budi Santoso 0812-5555-{n:04} sekarang"));
        flag["target"]["sender"] = json!({ "name": "Dewi Lestari", "id": "dewi_lestari_88" });
        flag["classification"]["explanation"] = "Ditemukan oleh Siti Rahma di grup keluarga".into();
        flag
    };
    // December 2026: outside the period.
    clock.set(at("2026-12-31T23:59:59Z"));
    send(app, &personal(1, "perjudian")).await;
    // January: perjudian ×3 (actioned in 2 h, actioned in 30 h: late, open and overdue), terorisme ×2 (rejected in
    // 1 h, open in time), hoaks ×1 open in time; one flag never approved.
    clock.set(at("2027-01-01T00:00:00Z"));
    send(app, &personal(2, "perjudian")).await;
    // A second analyst flags message 2 too: one notice, two flags.
    let second = register(&app.store, "Agus Salim", Some("Polri")).await;
    let mut same_message = personal(102, "perjudian");
    same_message["target"]["message_id"] = 2.into();
    let posted = app.call_as(&second, Method::POST, "/api/v1/flags", Some(&same_message)).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
    app.approve(&flag_id(102)).await;
    send(app, &personal(3, "perjudian")).await;
    send(app, &personal(4, "perjudian")).await;
    clock.set(at("2027-01-01T02:00:00Z"));
    let answered = app
        .call_as(
            &app.liaison,
            Method::POST,
            "/api/v1/notices/outcome",
            Some(&json!({ "key": key(2), "status": "actioned" })),
        )
        .await;
    assert_eq!(answered.json["flags"].as_array().map(Vec::len), Some(2), "{}", answered.text);
    clock.set(at("2027-01-02T06:00:00Z"));
    outcome(app, 3, "actioned").await;
    clock.set(at("2027-01-31T20:00:00Z"));
    send(app, &personal(5, "terorisme")).await;
    clock.set(at("2027-01-31T21:00:00Z"));
    outcome(app, 5, "rejected").await;
    clock.set(at("2027-01-31T23:00:00Z"));
    send(app, &personal(6, "terorisme")).await;
    send(app, &personal(7, "hoaks")).await;
    let pending = app.post(&personal(8, "perjudian")).await;
    assert_eq!(pending.status, StatusCode::CREATED);
    // February: outside the period, and the time the report is made.
    clock.set(at("2027-02-01T00:00:00Z"));
    send(app, &personal(9, "terorisme")).await;
    clock.set(at("2027-02-01T01:00:00Z"));
    vec![
        "Budi Santoso",
        "0812-5555",
        "Dewi Lestari",
        "Agus Salim",
        "Polri",
        "dewi_lestari_88",
        "Siti Rahma",
        "Rina Wijaya",
        "Telegram Trust",
        "Hubungi",
        "grup keluarga",
        "Slot Gacor 88",
        "slotgacor88",
    ]
}

async fn report(app: &TestApp, format: &str) -> Answer {
    let answer = app.get(&format!("/api/v1/reports/notices?from={FROM}&to={TO}&format={format}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{format}: {}", answer.text);
    answer
}

async fn the_report_counts_the_seeded_notices_by_platform_category_and_outcome(db: TestDb) {
    let clock = Clock::manual(at("2026-12-01T00:00:00Z"));
    let policy = Policy::from_toml("policy.toml", "organisation = \"Komdigi\"\nprocedures = \"Dua analis.\"").unwrap();
    let app = app_at(db, &clock, policy).await;
    seed(&app, &clock).await;
    let json = report(&app, "json").await.json;
    assert_eq!((&json["from"], &json["to"]), (&json!("2027-01-01T00:00:00Z"), &json!("2027-02-01T00:00:00Z")));
    assert_eq!((&json["organisation"], &json["procedures"]), (&json!("Komdigi"), &json!("Dua analis.")));
    assert_eq!(json["total"], 6);
    let cell = |category: &str, dsa: &str, outcome: &str, notices: u64, met: u64, overdue: u64| {
        json!({ "platform": "telegram", "category": category, "dsa_category": dsa, "outcome": outcome,
                "notices": notices, "met": met, "overdue": overdue, "escalated": 0 })
    };
    assert_eq!(
        json["counts"],
        json!([
            cell("hoaks", "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "awaiting", 1, 0, 0),
            cell("perjudian", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", "actioned", 2, 1, 1),
            cell("perjudian", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", "awaiting", 1, 0, 1),
            cell("terorisme", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", "awaiting", 1, 0, 0),
            cell("terorisme", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", "rejected", 1, 1, 0),
        ])
    );
    assert_eq!(
        json["times"],
        json!([
            { "platform": "telegram", "category": "hoaks", "decided": 0 },
            // Per flag: notice 2's two flags (2 h each) and notice 3's (30 h).
            { "platform": "telegram", "category": "perjudian", "decided": 3, "median_seconds": 7_200,
              "p90_seconds": 30 * 3_600, "max_seconds": 30 * 3_600 },
            { "platform": "telegram", "category": "terorisme", "decided": 1, "median_seconds": 3_600,
              "p90_seconds": 3_600, "max_seconds": 3_600 },
        ])
    );

    let csv = report(&app, "csv").await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 6, "{}", csv.text);
    assert!(lines[0].starts_with("from,to,platform,category,dsa_category,outcome,notices,met,overdue"));
    assert_eq!(
        lines[2],
        "2027-01-01T00:00:00Z,2027-02-01T00:00:00Z,telegram,perjudian,STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS,\
         actioned,2,1,1,0,3,7200,108000,108000"
    );

    // The same figures from the command line.
    let (outcomes, times) = app
        .store
        .notice_figures(tapis_server::store::Period { from: Some(at("2027-01-01T00:00:00Z")), to: None })
        .await
        .unwrap();
    assert_eq!(outcomes.iter().map(|o| o.notices).sum::<u64>(), 7, "February's notice too, without an end");
    assert_eq!(times.len(), 3);

    for (query, field) in [
        ("from=2027-13-01&to=2027-01-31", "from"),
        ("from=2027-01-01&to=soon", "to"),
        ("from=2027-01-01&to=2027-01-31&format=pdf", "format"),
        ("to=2027-01-31", "from"),
        ("from=2027-02-01&to=2027-01-01", "to"),
    ] {
        let answer = app.get(&format!("/api/v1/reports/notices?{query}")).await;
        assert_eq!(
            (answer.status, answer.json["error"].as_str(), answer.json["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_query"), Some(field)),
            "{query}: {}",
            answer.text
        );
    }
}

async fn the_report_holds_no_personal_data_in_any_format(db: TestDb) {
    let clock = Clock::manual(at("2026-12-01T00:00:00Z"));
    let app = app_at(db, &clock, Policy::default()).await;
    let personal = seed(&app, &clock).await;
    // The flags do carry them: the check below could fail.
    let stored = app.get("/api/v1/flags?limit=500").await.text + &app.get("/api/v1/audit?limit=500").await.text;
    for text in &personal {
        assert!(stored.contains(text), "the seed lacks {text}");
    }
    for format in ["json", "csv", "html"] {
        let answer = report(&app, format).await;
        for text in &personal {
            assert!(!answer.text.contains(text), "{format} report holds {text:?}:\n{}", answer.text);
        }
    }
    let html = report(&app, "html").await;
    assert_eq!(html.headers["content-type"], "text/html; charset=utf-8");
    let csp = html.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("style-src 'self'") && csp.contains("script-src 'self'"), "{csp}");
    for forbidden in ["<script", "<style", "style=", "<link", "src=", "https://"] {
        assert!(!html.text.contains(forbidden), "{forbidden} would break the CSP or fetch from elsewhere");
    }
    assert!(html.text.contains("<svg") && html.text.contains("<rect"), "a chart drawn on the server");
    assert!(html.text.contains("<title>Notices sent from 2027-01-01 to 2027-01-31 (UTC)</title>"), "{}", html.text);
    assert!(html.text.contains(
        "<td>perjudian</td><td>STATEMENT_<wbr>CATEGORY_<wbr>UNSAFE_<wbr>AND_<wbr>PROHIBITED_<wbr>PRODUCTS</td>"
    ));
}
