//! Figures, not pass/fail: the periodic report (`GET /api/v1/reports/notices`, `tapis report`) over 1,000,000
//! notices sent in a year, on SQLite, and on PostgreSQL when `TAPIS_TEST_POSTGRES_URL` names a server (in a schema
//! of its own, dropped afterwards). The rows are written straight by SQL (a recursive CTE, `generate_series`): the
//! report reads only the columns the store keeps for it, never a flag's JSON.
//!
//! `cargo run --release -p tapis-server --example report_bench [-- NOTICES]`

use std::time::Instant;

use chrono::{DateTime, Utc};
use sqlx::Connection;
use tapis_server::auth::Token;
use tapis_server::domain::FlaggerName;
use tapis_server::policy::Policy;
use tapis_server::store::Period;
use tapis_server::{DbLocation, Store, report};
use tapis_wire::Role;

/// The columns of a generated notice, from `i` (1…N) and the text of its approval time `approved`, its deadline
/// `due` and its outcome `outcome`: 8 categories, 60 % actioned, 20 % rejected, 20 % still waiting, up to 48 hours
/// to an outcome, one in 50 escalated.
const SELECT_COLUMNS: &str = "'bench-' || i, 1, 'bench', NULL, 'message', 'bench', \
    CASE i % 8 WHEN 0 THEN 'perjudian' WHEN 1 THEN 'terorisme' WHEN 2 THEN 'narkoba' WHEN 3 THEN 'hoaks' \
        WHEN 4 THEN 'penipuan' WHEN 5 THEN 'pornografi' WHEN 6 THEN 'sara' ELSE 'radikalisme' END, \
    'high', approved, approved, \
    CASE WHEN i % 10 < 6 THEN 'actioned' WHEN i % 10 < 8 THEN 'rejected' ELSE 'approved' END, approved, '{}', \
    approved, CASE WHEN i % 10 < 8 THEN outcome END, 'message:bench/' || i, \
    CASE WHEN i % 10 < 8 THEN (i * 7919) % 172800 END, 'telegram', due, \
    CASE WHEN i % 50 = 0 THEN 'warning_1' END, CASE WHEN i % 50 = 0 THEN due END";

const INSERT_COLUMNS: &str = "INSERT INTO flags (id, flagger_id, notifier_analyst, notifier_organisation, target_kind, \
    chat_key, category, severity, confirmed_at, received_at, status, status_changed_at, body, approved_at, outcome_at, \
    notice_key, turnaround_seconds, platform, deadline_at, escalation, escalation_at) ";

#[tokio::main]
async fn main() {
    let notices: i64 = std::env::args().nth(1).map_or(1_000_000, |n| n.parse().expect("NOTICES is a number"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("report.db");
    run("sqlite", &DbLocation::SqlitePath(path.clone()), notices, |store| async move {
        let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await?;
        let sql = format!(
            "{INSERT_COLUMNS} WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {notices}),
             t(i, approved, due, outcome) AS (SELECT i,
                 strftime('%Y-%m-%dT%H:%M:%S.000000000Z', '2026-01-01', '+' || ((i * 31) % 31536000) || ' seconds'),
                 strftime('%Y-%m-%dT%H:%M:%S.000000000Z', '2026-01-01',
                          '+' || ((i * 31) % 31536000 + CASE WHEN i % 8 IN (1, 2) THEN 14400 ELSE 86400 END) || ' seconds'),
                 strftime('%Y-%m-%dT%H:%M:%S.000000000Z', '2026-01-01',
                          '+' || ((i * 31) % 31536000 + (i * 7919) % 172800) || ' seconds')
               FROM n)
             SELECT {SELECT_COLUMNS} FROM t"
        );
        sqlx::query(&sql).execute(&mut connection).await?;
        drop(store);
        Ok(())
    })
    .await;

    let Ok(url) = std::env::var("TAPIS_TEST_POSTGRES_URL") else {
        println!("postgres: skipped (set TAPIS_TEST_POSTGRES_URL to a server this may create a schema in)");
        return;
    };
    let schema = format!("report_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&url).await.expect("TAPIS_TEST_POSTGRES_URL answers");
    sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&mut admin).await.expect("a schema");
    let separator = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    let insert_url = scoped.clone();
    run("postgres", &DbLocation::Postgres(scoped), notices, |store| async move {
        let mut connection = sqlx::PgConnection::connect(&insert_url).await?;
        let time = |seconds: &str| {
            format!(
                "to_char(TIMESTAMP '2026-01-01' + ({seconds}) * INTERVAL '1 second', \
                 'YYYY-MM-DD\"T\"HH24:MI:SS\".000000000Z\"')"
            )
        };
        let sql = format!(
            "{INSERT_COLUMNS} SELECT {SELECT_COLUMNS} FROM (SELECT i, {}, {}, {} FROM generate_series(1::bigint, {notices}) AS i)
             AS t(i, approved, due, outcome)",
            time("(i * 31) % 31536000"),
            time("(i * 31) % 31536000 + CASE WHEN i % 8 IN (1, 2) THEN 14400 ELSE 86400 END"),
            time("(i * 31) % 31536000 + (i * 7919) % 172800"),
        );
        sqlx::query(&sql).execute(&mut connection).await?;
        sqlx::query("ANALYZE flags").execute(&mut connection).await?;
        drop(store);
        Ok(())
    })
    .await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&mut admin).await.expect("the schema dropped");
}

/// Opens the database, registers the flagger the rows name, has `seed` write them, then times the report.
async fn run<F, Fut>(backend: &str, location: &DbLocation, notices: i64, seed: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
{
    let store = Store::connect(location).await.expect("the database opens");
    let name = FlaggerName::parse("Bench").expect("a name");
    store
        .create_flagger(&name, None, Role::Analyst, &Token::generate().expect("random").hash())
        .await
        .expect("a flagger");
    let started = Instant::now();
    seed(store.clone()).await.expect("the notices are written");
    println!("{backend}: {notices} notices written in {:.1} s", started.elapsed().as_secs_f64());

    let from: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("a time");
    let to: DateTime<Utc> = "2027-01-01T00:00:00Z".parse().expect("a time");
    for round in 1..=3 {
        let started = Instant::now();
        let (outcomes, times) =
            store.notice_figures(Period { from: Some(from), to: Some(to) }).await.expect("the figures");
        let counted = started.elapsed();
        let report = report::report(&outcomes, &times, &Policy::default(), from, to, store.now());
        let (json, csv, html) = (
            serde_json::to_string(&report).expect("JSON").len(),
            report::to_csv(&report).len(),
            report::to_html(&report).len(),
        );
        println!(
            "{backend}: report {round}: {} notices in {} rows, database {:.2} s, whole {:.2} s (JSON {json} B, CSV \
             {csv} B, HTML {html} B)",
            report.total,
            report.counts.len(),
            counted.as_secs_f64(),
            started.elapsed().as_secs_f64(),
        );
    }
    store.close().await;
}
