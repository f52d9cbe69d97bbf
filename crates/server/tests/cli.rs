//! The real `tapis` binary over real HTTP: the listening line, the token commands, the app, and flags surviving
//! restarts, SIGKILL in the middle of a stream of posts included. On SQLite and on PostgreSQL (see `support`).

mod support;

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use support::{Server, TestDb, flag, flag_id, on_every_backend, random_hex, tapis};

on_every_backend!(
    serves_the_app_and_keeps_flags_across_restarts,
    token_commands_register_list_and_revoke_while_the_server_runs,
    no_acknowledged_flag_is_lost_or_stored_twice_when_killed_mid_stream,
);

fn create_token(db: &TestDb, name: &str) -> String {
    let (ok, stdout, stderr) =
        tapis(&["token", "create", "--name", name, "--organisation", "Komdigi", "--db", &db.arg]);
    assert!(ok, "tapis token create failed: {stderr}");
    stdout.trim().to_owned()
}

struct Client {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Client {
    fn new(server: &Server, token: &str) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        Self { http, url: server.url.clone(), token: token.to_owned() }
    }

    async fn post(&self, body: &Value) -> reqwest::Result<(u16, Value)> {
        let response =
            self.http.post(format!("{}/api/v1/flags", self.url)).bearer_auth(&self.token).json(body).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await?))
    }

    /// Every stored flag, following cursors.
    async fn flags(&self) -> Vec<Value> {
        let mut flags = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut request = self.http.get(format!("{}/api/v1/flags", self.url)).bearer_auth(&self.token);
            request = request.query(&[("limit", "500")]);
            if let Some(cursor) = &cursor {
                request = request.query(&[("cursor", cursor)]);
            }
            let page: Value = request.send().await.unwrap().error_for_status().unwrap().json().await.unwrap();
            flags.extend(page["flags"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return flags,
            }
        }
    }
}

async fn serves_the_app_and_keeps_flags_across_restarts(db: TestDb) {
    let dist = db.dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    let index = "<!doctype html><title>Tapis test index</title>";
    std::fs::write(dist.join("index.html"), index).unwrap();
    let token = create_token(&db, "Siti");

    let server = Server::start(&db.arg, &dist);
    let client = Client::new(&server, &token);
    let page = client.http.get(format!("{}/", server.url)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(page.text().await.unwrap(), index);
    let health: Value =
        client.http.get(format!("{}/api/v1/health", server.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["database"], db.backend.as_str());

    let (status, created) = client.post(&flag(1)).await.unwrap();
    assert_eq!(status, 201, "{created}");
    assert_eq!(client.flags().await, vec![created.clone()]);
    server.terminate();

    let server = Server::start(&db.arg, &dist);
    let client = Client::new(&server, &token);
    assert_eq!(client.flags().await, vec![created.clone()]);
    assert_eq!(client.post(&flag(1)).await.unwrap().0, 200, "a retry after a restart is still recognised");
    let (status, second) = client.post(&flag(2)).await.unwrap();
    assert_eq!(status, 201);
    // SIGKILL: no graceful shutdown, no WAL checkpoint. A post is committed before it is answered, so it survives.
    server.kill();

    let server = Server::start(&db.arg, &dist);
    assert_eq!(Client::new(&server, &token).flags().await, vec![created, second]);
}

async fn token_commands_register_list_and_revoke_while_the_server_runs(db: TestDb) {
    let (ok, stdout, stderr) =
        tapis(&["token", "create", "--name", "Siti Rahma", "--organisation", "Komdigi", "--db", &db.arg]);
    assert!(ok, "{stderr}");
    let token = stdout.trim();
    assert!(token.starts_with("tapis_") && token.len() == 70 && stdout.lines().count() == 1, "{stdout:?}");
    assert!(stderr.contains("shown only this once") && stderr.contains("as analyst"), "{stderr}");

    let (ok, _, stderr) = tapis(&["token", "create", "--name", "Siti Rahma", "--db", &db.arg]);
    assert!(!ok && stderr.contains("already named"), "{stderr}");
    let (ok, _, stderr) = tapis(&["token", "create", "--name", "42", "--db", &db.arg]);
    assert!(!ok && stderr.contains("--name"), "{stderr}");

    let (ok, _, stderr) = tapis(&["token", "create", "--name", "Rina", "--role", "boss", "--db", &db.arg]);
    assert!(!ok && stderr.contains("analyst, reviewer, liaison or admin"), "{stderr}");
    let (ok, stdout, stderr) = tapis(&["token", "create", "--name", "Rina", "--role", "reviewer", "--db", &db.arg]);
    assert!(ok && stderr.contains("as reviewer"), "{stderr}");
    let reviewer = stdout.trim().to_owned();

    let server = Server::start(&db.arg, &db.dir.path().join("dist"));
    let client = Client::new(&server, token);
    assert_eq!(client.post(&flag(1)).await.unwrap().0, 201);
    let review = client
        .http
        .post(format!("{}/api/v1/flags/{}/review", server.url, flag_id(1)))
        .bearer_auth(&reviewer)
        .json(&serde_json::json!({ "decision": "approve" }))
        .send()
        .await
        .unwrap();
    assert_eq!(review.status(), 200, "the reviewer's token reviews");

    let (ok, list, _) = tapis(&["token", "list", "--db", &db.arg]);
    assert!(ok);
    assert!(list.contains("Siti Rahma") && list.contains("Komdigi") && list.contains("active"), "{list}");
    let roles: Vec<&str> = list
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().find(|w| ["analyst", "reviewer"].contains(w)))
        .collect();
    assert_eq!(roles, ["analyst", "reviewer"], "{list}");
    let (ok, stats, stderr) = tapis(&["stats", "turnaround", "--db", &db.arg]);
    assert!(ok, "{stderr}");
    assert!(stats.starts_with("CATEGORY") && stats.contains("perjudian"), "{stats}");
    let (ok, stats, _) = tapis(&["stats", "turnaround", "--json", "--db", &db.arg]);
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert!(ok && stats["categories"][0]["approved"] == 1, "{stats}");
    assert!(!list.contains("tapis_"), "the list never shows a token: {list}");

    // Deadlines and the report (issue 18), from the same database.
    let (ok, stats, stderr) = tapis(&["stats", "--db", &db.arg]);
    assert!(ok, "{stderr}");
    let row = stats.lines().nth(1).unwrap_or_default().split_whitespace().collect::<Vec<_>>();
    assert!(stats.starts_with("PLATFORM"), "{stats}");
    assert_eq!(
        row[..6],
        ["telegram", "perjudian", "1", "0", "0", "1"],
        "sent 1, met 0, overdue 0, awaiting 1: {stats}"
    );
    let (ok, stats, _) = tapis(&["stats", "--json", "--db", &db.arg]);
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert!(ok && stats["rows"][0]["sent"] == 1 && stats["rows"][0]["awaiting"] == 1, "{stats}");
    let today = chrono::Utc::now().date_naive();
    let (from, to) = ((today - chrono::Days::new(1)).to_string(), (today + chrono::Days::new(1)).to_string());
    let (ok, csv, stderr) = tapis(&["report", "--from", &from, "--to", &to, "--format", "csv", "--db", &db.arg]);
    assert!(ok, "{stderr}");
    assert!(csv.lines().nth(1).is_some_and(|line| line.contains(",telegram,perjudian,")), "{csv}");
    assert!(!csv.contains("Siti Rahma") && !csv.contains("Rina Wijaya"), "{csv}");
    let (ok, html, _) = tapis(&["report", "--from", &from, "--to", &to, "--format", "html", "--db", &db.arg]);
    assert!(ok && html.starts_with("<!DOCTYPE html>") && html.contains("<svg"), "{html}");
    let (ok, _, stderr) = tapis(&["report", "--from", "kemarin", "--to", &to, "--db", &db.arg]);
    assert!(!ok && stderr.contains("--from") && stderr.contains("kemarin"), "{stderr}");
    let policy = db.dir.path().join("policy.toml");
    std::fs::write(&policy, "[hours]\nterorisme = 0\n").unwrap();
    let (ok, _, stderr) =
        tapis(&["serve", "--addr", "127.0.0.1:0", "--policy", policy.to_str().unwrap(), "--db", &db.arg]);
    assert!(!ok && stderr.contains("hours.terorisme"), "a bad policy stops the server at start: {stderr}");

    // Revoked from another process while the server runs: the next request is refused.
    let (ok, stdout, stderr) = tapis(&["token", "revoke", "Siti Rahma", "--db", &db.arg]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Revoked"), "{stdout}");
    let refused = client.http.post(format!("{}/api/v1/flags", server.url)).bearer_auth(token).json(&flag(2)).send();
    let refused = refused.await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.headers()["www-authenticate"], r#"Bearer realm="tapis", error="invalid_token""#);
    let (_, list, _) = tapis(&["token", "list", "--db", &db.arg]);
    assert!(list.contains("revoked"), "{list}");
    let (ok, _, stderr) = tapis(&["token", "revoke", "Nobody", "--db", &db.arg]);
    assert!(!ok && stderr.contains("No flagger"), "{stderr}");
}

/// Several clients post flags (one at a time, and in batches) while the server is killed with SIGKILL at a random
/// moment. After a restart every flag the server acknowledged is there, none twice, and posting everything again
/// is recognised as retries.
async fn no_acknowledged_flag_is_lost_or_stored_twice_when_killed_mid_stream(db: TestDb) {
    const SINGLE_POSTERS: usize = 3;
    const BATCH: u32 = 5;
    let dist = db.dir.path().join("dist");
    let token = create_token(&db, "Siti");
    let server = Server::start(&db.arg, &dist);

    let next = Arc::new(AtomicU32::new(1));
    let attempted = Arc::new(Mutex::new(Vec::<u32>::new()));
    let acknowledged = Arc::new(Mutex::new(Vec::<u32>::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let posters: Vec<_> = (0..=SINGLE_POSTERS)
        .map(|poster| {
            let client = Client::new(&server, &token);
            let (next, attempted, acknowledged, killed) =
                (next.clone(), attempted.clone(), acknowledged.clone(), killed.clone());
            tokio::spawn(async move {
                // The last poster sends batches; the others one flag per request.
                let size = if poster == SINGLE_POSTERS { BATCH } else { 1 };
                loop {
                    let first = next.fetch_add(size, Ordering::SeqCst);
                    let ns: Vec<u32> = (first..first + size).collect();
                    attempted.lock().unwrap().extend(&ns);
                    let body =
                        if size == 1 { flag(first) } else { Value::Array(ns.iter().map(|n| flag(*n)).collect()) };
                    match client.post(&body).await {
                        Ok((200 | 201, _)) => acknowledged.lock().unwrap().extend(&ns),
                        Ok((status, answer)) => panic!("the server refused a valid post with {status}: {answer}"),
                        Err(_) if killed.load(Ordering::SeqCst) => return,
                        Err(error) => panic!("a post failed before the kill: {error}"),
                    }
                }
            })
        })
        .collect();

    while acknowledged.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let delay = u64::from_str_radix(&random_hex(2), 16).unwrap() % 300;
    tokio::time::sleep(Duration::from_millis(delay)).await;
    killed.store(true, Ordering::SeqCst);
    let acknowledged_at_kill = acknowledged.lock().unwrap().len();
    server.kill();
    for poster in posters {
        poster.await.unwrap();
    }
    let attempted: BTreeSet<u32> = attempted.lock().unwrap().iter().copied().collect();
    let acknowledged: BTreeSet<u32> = acknowledged.lock().unwrap().iter().copied().collect();
    eprintln!(
        "[{}] killed {delay} ms after the 40th acknowledgement: {} acknowledged ({acknowledged_at_kill} at the kill), \
         {} attempted",
        db.backend.as_str(),
        acknowledged.len(),
        attempted.len()
    );

    let server = Server::start(&db.arg, &dist);
    let client = Client::new(&server, &token);
    let stored: Vec<String> = client.flags().await.iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect();
    let unique: HashSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "a flag is stored twice");
    for n in &acknowledged {
        assert!(unique.contains(&flag_id(*n)), "flag {n} was acknowledged before the kill but is lost");
    }
    let attempted_ids: HashSet<String> = attempted.iter().map(|n| flag_id(*n)).collect();
    assert!(stored.iter().all(|id| attempted_ids.contains(id)), "a flag nobody posted is stored");

    // The clients retry everything: what was acknowledged is recognised, what was in flight is stored now.
    for n in &attempted {
        let (status, answer) = client.post(&flag(*n)).await.unwrap();
        if acknowledged.contains(n) || unique.contains(&flag_id(*n)) {
            assert_eq!(status, 200, "flag {n} was stored before the kill: {answer}");
        } else {
            assert_eq!(status, 201, "flag {n}: {answer}");
        }
    }
    assert_eq!(client.flags().await.len(), attempted.len());
}

/// Reads from `stream` until the server closes it or `patience` runs out: what it sent, and whether it closed.
fn read_until_closed(stream: &mut std::net::TcpStream, patience: std::time::Duration) -> (String, bool) {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < patience {
        stream.set_read_timeout(Some(std::time::Duration::from_millis(200))).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return (String::from_utf8_lossy(&received).into_owned(), true),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(error) if matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return (String::from_utf8_lossy(&received).into_owned(), true),
        }
    }
    (String::from_utf8_lossy(&received).into_owned(), false)
}

/// A slow client must not hold a connection forever: headers that never end, a connection left idle, and a body
/// that never comes are each cut off (the first two with the default header timeout, 10 s).
#[test]
fn slow_clients_are_cut_off_by_header_and_request_timeouts() {
    use std::io::Write;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tapis.db").display().to_string();
    let server = Server::start_with(&db, &dir.path().join("dist"), &["--request-timeout", "2"]);
    let address = server.url.strip_prefix("http://").unwrap().to_owned();
    let connect = || std::net::TcpStream::connect(&address).unwrap();

    // Headers that never end.
    let mut slow_headers = connect();
    slow_headers.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: tapis\r\nX-Slow: ").unwrap();
    // An idle connection, after one answered request.
    let mut idle = connect();
    idle.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: tapis\r\n\r\n").unwrap();
    // A body that never comes (to the route that takes no token): 408 once the request timeout (2 s here) is over.
    let mut slow_body = connect();
    slow_body
        .write_all(b"POST /api/v1/csp-reports HTTP/1.1\r\nHost: tapis\r\nContent-Type: application/csp-report\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();

    let (answer, closed) = read_until_closed(&mut slow_body, Duration::from_secs(8));
    assert!(answer.starts_with("HTTP/1.1 408"), "a body that never comes: {answer:?} (closed: {closed})");
    let (answer, closed) = read_until_closed(&mut slow_headers, Duration::from_secs(15));
    assert!(closed, "headers that never end keep the connection open: {answer:?}");
    let (answer, closed) = read_until_closed(&mut idle, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(closed, "an idle connection stays open: {answer:?}");
    server.terminate();
}

/// `tapis serve --blocklist NAME=FILE` reads the list at start and hands it out; a list that cannot be read stops
/// the server before it listens, saying which and why.
#[tokio::test]
async fn serve_hands_out_its_blocklists_and_refuses_to_start_on_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tapis.db").display().to_string();
    let list = dir.path().join("judi.txt");
    std::fs::write(&list, "# TrustPositif\nsitus88.com\n").unwrap();
    let missing = dir.path().join("tidak-ada.txt");
    let (ok, _, stderr) = tapis(&["serve", "--db", &db, "--blocklist", &format!("judi={}", missing.display())]);
    assert!(!ok);
    assert!(stderr.contains("--blocklist") && stderr.contains("tidak-ada.txt"), "{stderr}");

    let (ok, token, stderr) = tapis(&["token", "create", "--name", "Siti", "--db", &db]);
    assert!(ok, "{stderr}");
    let arg = format!("judi={}", list.display());
    let server = Server::start_with(&db, &dir.path().join("dist"), &["--blocklist", &arg]);
    let http = reqwest::Client::new();
    let answer: Value = http
        .get(format!("{}/api/v1/blocklists", server.url))
        .bearer_auth(token.trim())
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["lists"][0]["name"], "judi");
    assert_eq!(answer["lists"][0]["domains"], 1);
}
