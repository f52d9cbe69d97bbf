//! The real `tapis` binary over real HTTP: the listening line, the app, the API, and data surviving a restart.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;
use tapis_wire::{FlagList, StoredFlag};

const PREFIX: &str = "Tapis is listening on ";

/// A running `tapis serve`, killed when dropped so a failing test leaves no server behind.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &Path, dist: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tapis"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .arg("--dist")
            .arg(dist)
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
            .strip_prefix(PREFIX)
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"), "{line:?}");
        assert!(line.ends_with("/\n"), "{line:?}");
        Self { child, url }
    }

    /// Asks the server to stop as an operator would (SIGTERM) and waits for a clean exit.
    fn terminate(mut self) {
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn flag() -> serde_json::Value {
    json!({
        "id": "01936f6e-7c3a-7def-8a12-3456789abcde",
        "message": "Gabung channel kami",
        "spans": [{ "rule_id": "teror.rekrut", "start": 0, "end": 6 }],
        "category": "terorisme",
        "created_at": "2026-11-29T05:00:00Z"
    })
}

#[tokio::test]
async fn serves_the_app_and_keeps_flags_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x/tapis.db");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    let index = "<!doctype html><title>Tapis test index</title>";
    std::fs::write(dist.join("index.html"), index).unwrap();
    let client = reqwest::Client::new();

    let server = Server::start(&db, &dist);
    let page = client.get(format!("{}/", server.url)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(page.text().await.unwrap(), index);

    let created = client.post(format!("{}/api/v1/flags", server.url)).json(&flag()).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let created: StoredFlag = created.json().await.unwrap();
    let listed: FlagList =
        client.get(format!("{}/api/v1/flags", server.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed.flags, vec![created.clone()]);
    assert!(db.is_file());
    server.terminate();

    let server = Server::start(&db, &dist);
    let listed: FlagList =
        client.get(format!("{}/api/v1/flags", server.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed.flags, vec![created.clone()]);
    let retried = client.post(format!("{}/api/v1/flags", server.url)).json(&flag()).send().await.unwrap();
    assert_eq!(retried.status(), 200, "a retry after a restart is still recognised");
    let mut second = flag();
    second["id"] = "01936f6e-7c3a-7def-8a12-000000000002".into();
    let second = client.post(format!("{}/api/v1/flags", server.url)).json(&second).send().await.unwrap();
    assert_eq!(second.status(), 201);
    let second: StoredFlag = second.json().await.unwrap();
    // SIGKILL: no graceful shutdown, no WAL checkpoint. A post is committed before it is answered, so it survives.
    drop(server);

    let server = Server::start(&db, &dist);
    let listed: FlagList =
        client.get(format!("{}/api/v1/flags", server.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed.flags, vec![created, second]);
}

#[tokio::test]
async fn without_a_built_app_pages_answer_503_and_the_api_works() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("tapis.db"), &dir.path().join("missing-dist"));
    let client = reqwest::Client::new();

    let page = client.get(format!("{}/", server.url)).send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("make build"));

    let listed: FlagList =
        client.get(format!("{}/api/v1/flags", server.url)).send().await.unwrap().json().await.unwrap();
    assert!(listed.flags.is_empty());
}
