//! Harness for the end-to-end tests: starts the real `tapis` server and a real browser behind its WebDriver, on
//! free loopback ports, and stops both when dropped. Every test runs in Blink, Gecko and WebKit ([`Engine`]).
//!
//! The binaries come from the environment, as `make test-e2e` sets it: `TAPIS_BIN` (the `tapis` binary) and
//! `TAPIS_DIST` (the app built by Trunk). Drivers and browsers are Debian's by default; `CHROMEDRIVER`, `CHROMIUM`,
//! `GECKODRIVER`, `FIREFOX`, `WEBKITDRIVER` and `MINIBROWSER` name others.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long to wait for anything the page or a process should do.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The path in the environment variable `name` (set by the Makefile), made absolute.
pub fn env_path(name: &str) -> PathBuf {
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
    dist: PathBuf,
    args: Vec<String>,
    /// A registered flagger's token (`tapis token create`), for the app and for reading the API.
    pub token: String,
}

/// The name the tests' flagger is registered under.
pub const ANALYST: &str = "Analis Uji";

impl Server {
    /// Starts the server on a free port with a fresh database inside `dir`.
    pub async fn start(dir: &Path) -> Server {
        Server::start_with(dir, &env_path("TAPIS_DIST"), &[]).await
    }

    /// Starts the server serving the app in `dist`, with more `tapis serve` arguments.
    pub async fn start_with(dir: &Path, dist: &Path, args: &[&str]) -> Server {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        Server::start_at("127.0.0.1:0", &dir.join("data/tapis.db"), dist, args).await
    }

    async fn start_at(addr: &str, db: &Path, dist: &Path, args: Vec<String>) -> Server {
        let token = match std::fs::read_to_string(db.with_extension("token")) {
            Ok(token) => token,
            Err(_) => {
                let token = register(db).await;
                std::fs::write(db.with_extension("token"), &token).unwrap();
                token
            }
        };
        let mut child = Command::new(env_path("TAPIS_BIN"))
            .args(["serve", "--addr", addr, "--dist"])
            .arg(dist)
            .arg("--db")
            .arg(db)
            .args(&args)
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
        Server { child, url: url.to_owned(), addr, db: db.to_owned(), dist: dist.to_owned(), args, token }
    }

    /// Kills the server at once (no graceful shutdown), as a crash or a power cut would.
    pub async fn kill(&mut self) {
        self.child.kill().await.expect("kill tapis");
    }

    /// Starts the server again on the same address and database (after [`Server::kill`]).
    pub async fn restart(&mut self) {
        *self = Server::start_at(&self.addr, &self.db, &self.dist.clone(), self.args.clone()).await;
    }

    /// Every stored flag, through the public API (one page is enough for a test).
    pub async fn flags(&self) -> Vec<tapis_wire::StoredFlag> {
        let page: tapis_wire::FlagPage = self.get("api/v1/flags?limit=500").await;
        assert!(page.next_cursor.is_none(), "more flags than a test makes");
        page.flags
    }

    /// Registers another flagger with `role` (`reviewer`, `liaison`, `admin`) through the CLI; their token.
    pub async fn create_token(&self, name: &str, role: &str) -> String {
        create_token(&self.db, name, role).await
    }

    /// `GET` a JSON resource of the API with `token`.
    pub async fn get_as<T: serde::de::DeserializeOwned>(&self, token: &str, path: &str) -> T {
        let request = reqwest::Client::new().get(format!("{}{path}", self.url)).bearer_auth(token);
        json_answer(request, &format!("GET {path}")).await
    }

    /// `POST` JSON to the API with `token`; the answer, read as JSON.
    pub async fn post_as<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &B,
    ) -> T {
        let request = reqwest::Client::new().post(format!("{}{path}", self.url)).bearer_auth(token).json(body);
        json_answer(request, &format!("POST {path}")).await
    }

    /// `GET` a JSON resource of the API with the flagger's token.
    pub async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.get_as(&self.token, path).await
    }
}

/// Sends `request` and reads a successful answer as JSON; any failure panics, naming `what`.
async fn json_answer<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder, what: &str) -> T {
    let response = request.send().await.unwrap_or_else(|e| panic!("{what}: {e}"));
    let response = response.error_for_status().unwrap_or_else(|e| panic!("{what}: {e}"));
    response.json().await.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// A browser engine, with the WebDriver that drives it. The tests are written once and run in each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Blink, through ChromeDriver (Debian's `chromium`, `chromium-driver`).
    Chromium,
    /// Gecko, through geckodriver (Debian's `firefox-esr`; geckodriver from crates.io).
    Firefox,
    /// WebKit (Safari's engine), through WebKitWebDriver and WebKitGTK's MiniBrowser, on a private Xvfb display.
    WebKit,
}

impl Engine {
    fn driver(self) -> String {
        let (var, default) = match self {
            Engine::Chromium => ("CHROMEDRIVER", "/usr/bin/chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
            Engine::WebKit => ("WEBKITDRIVER", "/usr/bin/WebKitWebDriver"),
        };
        std::env::var(var).unwrap_or_else(|_| default.into())
    }

    fn driver_args(self, port: u16) -> Vec<String> {
        match self {
            Engine::Firefox => vec!["--port".into(), port.to_string(), "--host".into(), "127.0.0.1".into()],
            Engine::Chromium | Engine::WebKit => vec![format!("--port={port}")],
        }
    }

    fn capabilities(self, profile: &Path, webassembly: bool) -> serde_json::Value {
        let binary = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.into());
        let mut capabilities = match self {
            Engine::Chromium => serde_json::json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": binary("CHROMIUM", "/usr/bin/chromium"),
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--window-size=1280,800",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                }
            }),
            Engine::Firefox => serde_json::json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": binary("FIREFOX", "/usr/bin/firefox-esr"),
                    "args": ["-headless", "--width=1280", "--height=800"],
                    "prefs": { "app.update.enabled": false, "network.captive-portal-service.enabled": false }
                }
            }),
            Engine::WebKit => serde_json::json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": binary("MINIBROWSER", &minibrowser()),
                    "args": ["--automation"]
                }
            }),
        };
        if !webassembly {
            match self {
                Engine::Chromium => capabilities["goog:chromeOptions"]["args"]
                    .as_array_mut()
                    .unwrap()
                    // What Chrome's and Edge's "JavaScript JIT disabled" policies do: no WebAssembly at all.
                    .push("--js-flags=--jitless".into()),
                Engine::Firefox => {
                    capabilities["moz:firefoxOptions"]["prefs"]["javascript.options.wasm"] = false.into();
                }
                Engine::WebKit => {
                    panic!("WebKitGTK cannot be started without WebAssembly (see start_without_webassembly)")
                }
            }
        }
        capabilities
    }
}

fn minibrowser() -> String {
    ["x86_64-linux-gnu", "aarch64-linux-gnu"]
        .iter()
        .map(|arch| format!("/usr/lib/{arch}/webkit2gtk-4.1/MiniBrowser"))
        .find(|path| Path::new(path).exists())
        .unwrap_or_else(|| "MiniBrowser".into())
}

impl Server {
    /// The Content-Security-Policy violation reports the server received.
    pub async fn csp_reports(&self) -> Vec<serde_json::Value> {
        self.get("api/v1/csp-reports").await
    }
}

/// A plain static web server (Python's `http.server`) for pages that are not Tapis's own, such as the example
/// portal: on a free loopback port, so its origin differs from the Tapis server's.
pub struct StaticSite {
    child: Child,
    /// Its origin, e.g. `http://127.0.0.1:40125`.
    pub origin: String,
}

impl StaticSite {
    /// Serves `dir`.
    pub async fn start(dir: &Path) -> StaticSite {
        let port = free_port();
        let child = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start python3 -m http.server");
        let started = std::time::Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(started.elapsed() < PATIENCE, "the static server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        StaticSite { child, origin: format!("http://127.0.0.1:{port}") }
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// The repository's `examples/portal`.
pub fn example_portal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/portal")
}

/// Registers the tests' flagger in the database at `db` with the real CLI, and returns the token it printed once.
async fn register(db: &Path) -> String {
    create_token(db, ANALYST, "analyst").await
}

/// `tapis token create` on the database at `db`: the new flagger's token.
async fn create_token(db: &Path, name: &str, role: &str) -> String {
    let output = Command::new(env_path("TAPIS_BIN"))
        .args(["token", "create", "--name", name, "--organisation", "Kementerian Uji", "--role", role, "--db"])
        .arg(db)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run tapis token create");
    assert!(output.status.success(), "tapis token create: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// A file of `tests/fixtures/`, by its path there.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(path).canonicalize().unwrap()
}

/// A copy of the built app in `dir`, for tests that change it (a new version of the app, say).
pub fn copy_of_the_app(dir: &Path) -> PathBuf {
    let source = env_path("TAPIS_DIST");
    let target = dir.join("dist");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    target
}

/// A browser session, with the processes behind it (WebDriver, and Xvfb for WebKit).
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// The engine this browser runs.
    pub engine: Engine,
    _driver: Child,
    _display: Option<Xvfb>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `engine` behind its WebDriver on a free port, with a fresh profile.
    pub async fn start(engine: Engine) -> Browser {
        Browser::launch(engine, true, None).await
    }

    /// Starts `engine` with the profile in `dir` (created when missing), kept after the browser is closed: starting
    /// again with the same `dir` is a browser restart. Chromium and Firefox only: WebKitGTK under WebDriver keeps
    /// nothing once it is closed.
    pub async fn start_with_profile(engine: Engine, dir: &Path) -> Browser {
        assert_ne!(engine, Engine::WebKit, "WebKitGTK under WebDriver keeps no profile");
        std::fs::create_dir_all(dir).unwrap();
        Browser::launch(engine, true, Some(dir)).await
    }

    /// Starts `engine` with WebAssembly disabled, as some managed browsers are. Chromium and Firefox only:
    /// WebKitGTK has no setting for it, and JavaScriptCore's `JSC_useWebAssembly` does not reach its web process.
    pub async fn start_without_webassembly(engine: Engine) -> Browser {
        Browser::launch(engine, false, None).await
    }

    async fn launch(engine: Engine, webassembly: bool, kept_profile: Option<&Path>) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        // The browser's own scratch files (Chromium's scoped dirs, Firefox's profile copy) go there too, and are
        // removed with it: a killed browser leaves them behind otherwise.
        let scratch = profile.path().join("tmp");
        std::fs::create_dir_all(&scratch).unwrap();
        let display = (engine == Engine::WebKit).then(Xvfb::start);
        let port = free_port();
        let driver_bin = engine.driver();
        let mut command = Command::new(&driver_bin);
        command
            .args(engine.driver_args(port))
            .env("TMPDIR", &scratch)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        if let Some(display) = &display {
            command.env("DISPLAY", display.name());
        }
        let driver = command
            .spawn()
            .unwrap_or_else(|e| panic!("{engine:?}: start {driver_bin}: {e} (`make browsers` installs it)"));
        let serde_json::Value::Object(mut capabilities) =
            engine.capabilities(kept_profile.unwrap_or(profile.path()), webassembly)
        else {
            unreachable!()
        };
        if let (Engine::Firefox, Some(kept)) = (engine, kept_profile) {
            // geckodriver then runs Firefox in this profile instead of a copy of a fresh one.
            let args = capabilities["moz:firefoxOptions"]["args"].as_array_mut().unwrap();
            args.extend(["-profile".into(), kept.display().to_string().into()]);
        }
        let url = format!("http://127.0.0.1:{port}");
        let started = std::time::Instant::now();
        let client = loop {
            let builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match builder {
                Ok(client) => break client,
                Err(e) if started.elapsed() > PATIENCE => panic!("{engine:?}: no WebDriver session at {url}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser { client, engine, _driver: driver, _display: display, _profile: profile }
    }

    /// The process id of the WebDriver server: the browser's processes are its descendants.
    pub fn driver_pid(&self) -> Option<u32> {
        self._driver.id()
    }

    /// Waits for the first element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{:?}: {css} did not appear: {e}", self.engine))
    }

    /// Picks `files` in the app's file picker at once, as the analyst does in the dialog.
    pub async fn pick_files(&self, files: &[&Path]) {
        let input = self.wait_for("[data-testid=file-input]").await;
        let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        input.send_keys(&paths.join("\n")).await.unwrap_or_else(|e| panic!("{:?}: pick {paths:?}: {e}", self.engine));
    }

    /// Types `text` into `element` as keystrokes, after clicking into it. Line breaks are sent as the Enter key, which every engine's
    /// driver turns into a new line (WebKit's drops a literal `\n`).
    pub async fn type_into(&self, element: &Element, text: &str) {
        // As a person would: click into the field first. WebKit will not type into an unfocused field in a frame.
        element.click().await.expect("click into the field");
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                element.send_keys("\u{E007}").await.expect("send Enter");
            }
            if !line.is_empty() {
                element.send_keys(line).await.expect("send keys");
            }
        }
    }

    /// Runs `script` in the page until it returns `true`, or fails after [`PATIENCE`] saying `what`.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let started = std::time::Instant::now();
        loop {
            let value = self.client.execute(script, vec![]).await.unwrap_or(serde_json::Value::Null);
            if value == serde_json::Value::Bool(true) {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "{:?}: {what} did not happen in time", self.engine);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens the app at `server` as an analyst does: types their token and the source channel.
    pub async fn open_app(&self, server: &Server, source: &str) {
        self.open_app_as(server, &server.token, source).await;
    }

    /// Opens the app at `server` with `token` (another flagger's), and the source channel.
    pub async fn open_app_as(&self, server: &Server, token: &str, source: &str) {
        self.client.goto(&server.url).await.expect("open the app");
        for (field, text) in [("[data-testid=token]", token), ("[data-testid=source-chat]", source)] {
            // A reviewer's view has no channel field: none is asked for.
            if text.is_empty() && field.contains("source-chat") {
                for field in self.client.find_all(Locator::Css(field)).await.unwrap() {
                    let _ = field.clear().await;
                }
                continue;
            }
            // The token may be back from the tab's session storage after a reload: replace, don't append.
            let field = self.wait_for(field).await;
            field.clear().await.expect("clear the field");
            self.type_into(&field, text).await;
        }
    }

    /// The texts of the highlights on the page, in order.
    pub async fn mark_texts(&self) -> Vec<String> {
        let mut texts = Vec::new();
        for mark in self.client.find_all(Locator::Css("mark[data-rule]")).await.unwrap() {
            texts.push(mark.text().await.unwrap());
        }
        texts
    }

    /// Ends the session and the browser.
    pub async fn close(self) {
        self.client.close().await.expect("close the browser");
    }
}

/// A private X display for engines without a headless mode (WebKitGTK).
struct Xvfb {
    child: std::process::Child,
    display: u32,
}

impl Xvfb {
    fn start() -> Xvfb {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let base = 90 + std::process::id() % 400;
        loop {
            let display = base + NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if Path::new(&format!("/tmp/.X{display}-lock")).exists() {
                continue;
            }
            let child = std::process::Command::new("Xvfb")
                .args([format!(":{display}").as_str(), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start Xvfb (`make browsers` installs it)");
            let socket = format!("/tmp/.X11-unix/X{display}");
            let started = std::time::Instant::now();
            while !Path::new(&socket).exists() && started.elapsed() < PATIENCE {
                std::thread::sleep(Duration::from_millis(50));
            }
            assert!(Path::new(&socket).exists(), "Xvfb :{display} did not start");
            return Xvfb { child, display };
        }
    }

    fn name(&self) -> String {
        format!(":{}", self.display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Defines each listed test once per engine: `chromium::NAME`, `firefox::NAME`, `webkit::NAME`, each calling
/// `NAME(engine)`, so a failure names its engine and its test.
#[macro_export]
macro_rules! in_every_engine {
    ($($test:ident),+ $(,)?) => {
        $crate::in_every_engine!(@engine chromium, Chromium, $($test),+);
        $crate::in_every_engine!(@engine firefox, Firefox, $($test),+);
        $crate::in_every_engine!(@engine webkit, WebKit, $($test),+);
    };
    (@engine $module:ident, $engine:ident, $($test:ident),+) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test($crate::Engine::$engine).await
                }
            )+
        }
    };
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
