//! What the server's integration tests share: a fresh database per test on each backend, the in-process app with
//! a registered flagger, flag fixtures, and the real `tapis` binary.
//!
//! Every storage and API test runs twice, as `sqlite::NAME` and `postgres::NAME` (see [`on_every_backend`]).
//! PostgreSQL tests need `TAPIS_TEST_POSTGRES_URL`, a server they may create schemas in; without it they fail
//! and say how to start one, unless `TAPIS_SKIP_POSTGRES=1` skips them explicitly.
#![allow(dead_code)] // Each test binary uses its own part of this module.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Once, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::{Value, json};
use sha2::Digest;
use sqlx::Connection;
use tapis_server::auth::Token;
use tapis_server::domain::{FlaggerName, Organisation};
use tapis_server::{AppState, Backend, DbLocation, Store, app};
use tapis_wire::Role;
use tempfile::TempDir;
use tower::ServiceExt;

/// Runs each named `async fn NAME(db: TestDb)` of the calling file as two tests, `sqlite::NAME` and
/// `postgres::NAME`, each on a fresh database of its own.
macro_rules! on_every_backend {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test(crate::support::TestDb::sqlite(stringify!($test)).await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    if let Some(db) = crate::support::TestDb::postgres(stringify!($test)).await {
                        super::$test(db).await;
                    }
                }
            )+
        }
    };
}
pub(crate) use on_every_backend;

/// A fresh, empty database for one test: a SQLite file in a temporary directory, or a schema of its own on the
/// PostgreSQL server of `TAPIS_TEST_POSTGRES_URL`.
pub struct TestDb {
    /// Which database.
    pub backend: Backend,
    /// What `--db` and [`Store::connect`] take.
    pub arg: String,
    /// A temporary directory that lives as long as the test; the SQLite file is in it.
    pub dir: TempDir,
}

impl TestDb {
    pub async fn sqlite(test: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let arg = dir.path().join("tapis.db").display().to_string();
        eprintln!("[sqlite] {test}: database file {arg}");
        Self { backend: Backend::Sqlite, arg, dir }
    }

    /// `None` only when `TAPIS_SKIP_POSTGRES=1`; without a server otherwise, the test fails.
    pub async fn postgres(test: &str) -> Option<Self> {
        let url = match std::env::var("TAPIS_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => url,
            _ if std::env::var("TAPIS_SKIP_POSTGRES").as_deref() == Ok("1") => {
                static LOUDLY: Once = Once::new();
                // Straight to stderr: the harness captures `eprintln!`, and a skip must not go unnoticed.
                LOUDLY.call_once(|| {
                    let _ = writeln!(
                        std::io::stderr(),
                        "\n!!! TAPIS_SKIP_POSTGRES=1: every postgres:: test of this file passes WITHOUT RUNNING !!!\n"
                    );
                });
                return None;
            }
            _ => panic!(
                "postgres::{test} needs a PostgreSQL server: run `scripts/postgres.sh start /tmp/tapis-pg 54329`, then \
                 the tests with TAPIS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres (or set \
                 TAPIS_SKIP_POSTGRES=1 to skip the PostgreSQL tests knowingly)"
            ),
        };
        let schema = format!("t_{}", random_hex(8));
        let mut admin = sqlx::PgConnection::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to TAPIS_TEST_POSTGRES_URL {url}: {e}"));
        sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        let separator = if url.contains('?') { '&' } else { '?' };
        let arg = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        eprintln!("[postgres] {test}: schema {schema} of {url}");
        Some(Self { backend: Backend::Postgres, arg, dir: tempfile::tempdir().unwrap() })
    }

    pub fn location(&self) -> DbLocation {
        DbLocation::parse(&self.arg)
    }

    pub async fn store(&self) -> Store {
        Store::connect(&self.location()).await.unwrap()
    }

    /// Runs `sql` outside the store, as someone with database access would.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite:{}", self.arg)).await?;
                sqlx::query(sql).execute(&mut connection).await.map(|result| result.rows_affected())
            }
            Backend::Postgres => {
                let mut connection = sqlx::PgConnection::connect(&self.arg).await?;
                sqlx::query(sql).execute(&mut connection).await.map(|result| result.rows_affected())
            }
        }
    }
}

pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::getrandom(&mut buffer).unwrap();
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(text: &str) -> String {
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Registers an analyst and returns their token.
pub async fn register(store: &Store, name: &str, organisation: Option<&str>) -> String {
    register_as(store, name, organisation, Role::Analyst).await
}

/// Registers a flagger with `role` and returns their token.
pub async fn register_as(store: &Store, name: &str, organisation: Option<&str>, role: Role) -> String {
    let token = Token::generate().unwrap();
    let organisation = organisation.map(|o| Organisation::parse(o).unwrap());
    store
        .create_flagger(&FlaggerName::parse(name).unwrap(), organisation.as_ref(), role, &token.hash())
        .await
        .unwrap()
        .unwrap();
    token.reveal().to_owned()
}

/// The flag id of fixture `n`: deliberately not in time order, so ordering by id would show.
pub fn flag_id(n: u32) -> String {
    format!("01936f6e-7c3a-7def-8a12-{:012x}", n.wrapping_mul(2_654_435_761) % 1_000_003)
}

/// A valid flag on message `n` of the chat "Slot Gacor 88".
pub fn flag(n: u32) -> Value {
    let excerpt = "Situs slot gacor, daftar sekarang 🎰";
    json!({
        "id": flag_id(n),
        "target": {
            "kind": "message",
            "platform": "telegram",
            "chat": { "title": "Slot Gacor 88", "id": -1001234567890_i64, "username": "slotgacor88" },
            "message_id": n,
            "link": format!("https://t.me/slotgacor88/{n}"),
            "sender": { "name": "Admin Gacor", "id": "user42" },
            "date": "2026-11-28T21:15:00Z"
        },
        "evidence": {
            "excerpt": excerpt,
            "excerpt_sha256": sha256_hex(excerpt),
            "source": { "kind": "telegram_json", "file_sha256": sha256_hex("result.json") },
            "spans": [{ "rule_id": "perjudian.slot-gacor", "pack_id": "tapis-perjudian", "pack_version": "2026.11.1", "start": 6, "end": 16 }]
        },
        "classification": {
            "category": "perjudian",
            "severity": "high",
            "explanation": "Promosi situs judi online dengan tautan pendaftaran."
        },
        "requested_action": "remove",
        "detection": { "matched_automatically": true, "confirmed_by_person": true, "confirmed_at": "2026-11-29T05:00:00Z" }
    })
}

/// A valid flag on the whole channel "Slot Gacor 88", whose dossier holds messages 1 and 2 of it. `n` makes the id.
pub fn channel_flag(n: u32) -> Value {
    let message = flag(n);
    let dossier_message = |m: u32| {
        json!({
            "message_id": m,
            "link": format!("https://t.me/slotgacor88/{m}"),
            "date": "2026-11-28T21:15:00Z",
            "evidence": message["evidence"].clone()
        })
    };
    json!({
        "id": flag_id(n),
        "target": {
            "kind": "channel",
            "platform": "telegram",
            "chat": { "title": "Slot Gacor 88", "id": -1001234567890_i64, "username": "slotgacor88" },
            "link": "https://t.me/slotgacor88"
        },
        "dossier": {
            "summary": "Kanal ini setiap hari mempromosikan situs judi online dengan tautan pendaftaran.",
            "messages": [dossier_message(1), dossier_message(2)]
        },
        "classification": message["classification"].clone(),
        "requested_action": "remove",
        "detection": message["detection"].clone()
    })
}

/// A valid flag on the account "Admin Gacor" (`user42`), with one message of "Slot Gacor 88" as its dossier.
pub fn account_flag(n: u32) -> Value {
    let mut flag = channel_flag(n);
    flag["target"] = json!({
        "kind": "account",
        "platform": "telegram",
        "account": { "name": "Admin Gacor", "id": "user42", "username": "admingacor" },
        "link": "https://t.me/admingacor"
    });
    flag["dossier"]["messages"] = json!([{
        "chat": { "title": "Slot Gacor 88", "username": "slotgacor88" },
        "message_id": 1,
        "link": "https://t.me/slotgacor88/1",
        "evidence": flag["dossier"]["messages"][0]["evidence"].clone()
    }]);
    flag
}

/// Sets the excerpt of a flag fixture, with its hash, and drops its spans (so it is a manual find).
pub fn with_excerpt(mut flag: Value, excerpt: &str) -> Value {
    flag["evidence"]["excerpt"] = excerpt.into();
    flag["evidence"]["excerpt_sha256"] = sha256_hex(excerpt).into();
    flag["evidence"]["spans"] = json!([]);
    flag["detection"]["matched_automatically"] = false.into();
    flag
}

/// The whole server in process (no socket), over a [`TestDb`], with one registered flagger.
pub struct TestApp {
    pub router: Router,
    pub store: Store,
    /// The bearer token of the analyst "Siti Rahma" of "Komdigi".
    pub token: String,
    /// The bearer token of the reviewer "Rina Wijaya" of "Komdigi".
    pub reviewer: String,
    /// The bearer token of the platform liaison "Telegram Trust" of "Telegram".
    pub liaison: String,
    pub db: TestDb,
}

/// An answer: status, headers, and the body parsed as JSON (`Value::Null` when it is not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as bytes, and as text (lossy: a blocklist's set is binary).
    pub bytes: Vec<u8>,
    pub text: String,
    pub json: Value,
}

impl TestApp {
    pub async fn new(db: TestDb) -> Self {
        let packs = db.dir.path().join("packs");
        Self::with_state(db, |state| state.with_packs(packs)).await
    }

    pub async fn with_state(db: TestDb, configure: impl FnOnce(AppState) -> AppState) -> Self {
        let store = db.store().await;
        let token = register(&store, "Siti Rahma", Some("Komdigi")).await;
        let reviewer = register_as(&store, "Rina Wijaya", Some("Komdigi"), Role::Reviewer).await;
        let liaison = register_as(&store, "Telegram Trust", Some("Telegram"), Role::Liaison).await;
        let router = app(configure(AppState::new(store.clone(), db.dir.path().join("no-dist"))));
        Self { router, store, token, reviewer, liaison, db }
    }

    /// Closes the store and opens the database again, as a restarted server would, with the same tokens.
    pub async fn reopen(self) -> Self {
        self.store.close().await;
        let store = self.db.store().await;
        let router = app(AppState::new(store.clone(), self.db.dir.path().join("no-dist")));
        Self { router, store, ..self }
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, bytes: bytes.to_vec(), text, json }
    }

    /// A request with the flagger's token and, if `body` is given, as JSON.
    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        self.call_as(&self.token, method, path, body).await
    }

    pub async fn call_as(&self, token: &str, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let request =
            Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(serde_json::to_vec(body).unwrap())),
            None => request.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    pub async fn post(&self, body: &Value) -> Answer {
        self.call(Method::POST, "/api/v1/flags", Some(body)).await
    }

    /// Posts raw bytes with the token and the given content type.
    pub async fn post_raw(&self, content_type: Option<&str>, body: impl Into<Body>) -> Answer {
        let mut request =
            Request::post("/api/v1/flags").header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        self.send(request.body(body.into()).unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    /// The reviewer approves flag `id`, which must succeed.
    pub async fn approve(&self, id: &str) -> Answer {
        let path = format!("/api/v1/flags/{id}/review");
        let answer = self.call_as(&self.reviewer, Method::POST, &path, Some(&json!({ "decision": "approve" }))).await;
        assert_eq!(answer.status, StatusCode::OK, "approving {id}: {}", answer.text);
        answer
    }

    /// The liaison records a status change of flag `id`.
    pub async fn platform(&self, id: &str, body: Value) -> Answer {
        self.call_as(&self.liaison, Method::PATCH, &format!("/api/v1/flags/{id}/status"), Some(&body)).await
    }

    /// Every flag, following cursors, as the list endpoint gives them.
    pub async fn all_flags(&self) -> Vec<Value> {
        let mut flags = Vec::new();
        let mut path = "/api/v1/flags?limit=500".to_owned();
        loop {
            let answer = self.get(&path).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
            flags.extend(answer.json["flags"].as_array().unwrap().iter().cloned());
            match answer.json["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/flags?limit=500&cursor={cursor}"),
                None => return flags,
            }
        }
    }
}

/// A running `tapis serve`, killed when dropped so a failing test leaves no server behind.
pub struct Server {
    pub child: Child,
    pub url: String,
}

pub const LISTENING: &str = "Tapis is listening on ";

impl Server {
    pub fn start(db: &str, dist: &std::path::Path) -> Self {
        Self::start_with(db, dist, &[])
    }

    /// [`Server::start`] with more arguments for `tapis serve`.
    pub fn start_with(db: &str, dist: &std::path::Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tapis"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
            .arg("--dist")
            .arg(dist)
            .args(args)
            .env_remove("DATABASE_URL")
            .env_remove("TAPIS_DIST")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the tapis binary starts");
        let stdout = child.stdout.take().unwrap();
        // Read on a thread so a server that never prints fails the test instead of hanging it.
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = match receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("tapis printed no listening line within 30 s");
            }
        };
        let url = line
            .trim_end()
            .strip_prefix(LISTENING)
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"), "{line:?}");
        assert!(line.ends_with("/\n"), "{line:?}");
        Self { child, url }
    }

    /// Asks the server to stop as an operator would (SIGTERM) and waits for a clean exit.
    pub fn terminate(mut self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "tapis exited with {status} on SIGTERM");
                return;
            }
            assert!(Instant::now() < deadline, "tapis did not stop within 15 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no graceful shutdown, no WAL checkpoint, connections cut mid-request.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `tapis ARGS…` to completion: (success, stdout, stderr).
pub fn tapis(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tapis"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("the tapis binary runs");
    (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}
