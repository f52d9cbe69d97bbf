//! Harness for the end-to-end tests: starts the real `tapis` server and a real browser behind its WebDriver, on
//! free loopback ports, and stops both when dropped.
//!
//! The binaries come from the environment, as `make test-e2e` sets it: `TAPIS_BIN` (the `tapis` binary) and
//! `TAPIS_DIST` (the app built by Trunk). `CHROMEDRIVER` and `CHROMIUM` name the browser (Debian's by default).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long to wait for anything the page or a process should do.
pub const PATIENCE: Duration = Duration::from_secs(20);

fn env_path(name: &str) -> PathBuf {
    let value = std::env::var_os(name)
        .unwrap_or_else(|| panic!("{name} is not set: run the end-to-end tests with `make test-e2e` (or `make test`)"));
    let path = PathBuf::from(value);
    assert!(path.exists(), "{name}={} does not exist: run `make test-e2e`, which builds it", path.display());
    path
}

/// A running `tapis serve`, with its own database file.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:40123/`.
    pub url: String,
    addr: String,
    db: PathBuf,
}

impl Server {
    /// Starts the server on a free port with a fresh database inside `dir`.
    pub async fn start(dir: &Path) -> Server {
        Server::start_at("127.0.0.1:0", &dir.join("data/tapis.db")).await
    }

    async fn start_at(addr: &str, db: &Path) -> Server {
        let mut child = Command::new(env_path("TAPIS_BIN"))
            .args(["serve", "--addr", addr, "--dist"])
            .arg(env_path("TAPIS_DIST"))
            .arg("--db")
            .arg(db)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start tapis");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = tokio::time::timeout(PATIENCE, lines.next_line())
            .await
            .expect("tapis did not print its address in time")
            .expect("read tapis stdout")
            .expect("tapis exited before listening");
        let url = line.strip_prefix("Tapis is listening on ").unwrap_or_else(|| panic!("unexpected line {line:?}"));
        let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
        Server { child, url: url.to_owned(), addr, db: db.to_owned() }
    }

    /// Kills the server at once (no graceful shutdown), as a crash or a power cut would.
    pub async fn kill(&mut self) {
        self.child.kill().await.expect("kill tapis");
    }

    /// Starts the server again on the same address and database (after [`Server::kill`]).
    pub async fn restart(&mut self) {
        *self = Server::start_at(&self.addr, &self.db).await;
    }

    /// Every stored flag, through the public API.
    pub async fn flags(&self) -> Vec<tapis_wire::StoredFlag> {
        let list: tapis_wire::FlagList = reqwest::get(format!("{}api/v1/flags", self.url))
            .await
            .expect("GET /api/v1/flags")
            .error_for_status()
            .expect("GET /api/v1/flags status")
            .json()
            .await
            .expect("a FlagList");
        list.flags
    }
}

/// A browser session, with the WebDriver process behind it.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Headless Chromium through ChromeDriver, with a fresh profile.
    pub async fn chromium() -> Browser {
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile = tempfile::tempdir().unwrap();
        let port = free_port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {driver_bin}: {e} (make browser installs it)"));
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        let url = format!("http://127.0.0.1:{port}");
        let started = std::time::Instant::now();
        let client = loop {
            let builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match builder {
                Ok(client) => break client,
                Err(e) if started.elapsed() > PATIENCE => panic!("no WebDriver session at {url}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Browser { client, _driver: driver, _profile: profile }
    }

    /// Waits for the first element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Types `text` into `element` as keystrokes. Line breaks are sent as the Enter key, which every engine's
    /// driver turns into a new line (some drop a literal `\n`).
    pub async fn type_into(&self, element: &Element, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                element.send_keys("\u{E007}").await.expect("send Enter");
            }
            if !line.is_empty() {
                element.send_keys(line).await.expect("send keys");
            }
        }
    }

    /// Ends the session and the browser.
    pub async fn close(self) {
        self.client.close().await.expect("close the browser");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
