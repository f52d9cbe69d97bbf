//! `make bench`: what the first visit costs. Prints the gzipped size of every file the first page load fetches
//! (and of the worker's module, loaded later, when a job first needs it),
//! and the time from navigation start to an interactive app (the app's `tapis-ready` performance mark, taken
//! once it is mounted), over cold visits in headless Chromium on loopback, plus the time until a pasted message
//! is highlighted.
//!
//! Run with `TAPIS_BIN` and `TAPIS_DIST` set, as `make bench` does.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use tapis_e2e::{Browser, Engine, Server};

const VISITS: usize = 7;

#[tokio::main]
async fn main() {
    let dist = std::path::PathBuf::from(std::env::var("TAPIS_DIST").expect("TAPIS_DIST (run `make bench`)"));
    let index = std::fs::read_to_string(dist.join("index.html")).expect("a built app");
    let mut files: Vec<String> = vec!["index.html".into(), "boot.js".into(), "sw.js".into()];
    for attribute in ["data-js=\"./", "data-wasm=\"./", "rel=\"stylesheet\" href=\"./"] {
        if let Some(at) = index.find(attribute) {
            let rest = &index[at + attribute.len()..];
            files.push(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    println!("First load, gzip -9 (what a server sending gzip transfers):");
    let mut total = 0;
    for file in &files {
        let raw = std::fs::metadata(dist.join(file)).unwrap().len();
        let gz = gzipped(&dist.join(file));
        total += gz;
        println!("  {file:<40} {raw:>9} B raw {gz:>9} B gzipped");
    }
    println!("  {:<40} {:>9}   {:>11} B gzipped ({:.0} KB; target < 1 MB)", "total", "", total, total as f64 / 1024.0);
    // Not in the first load: the worker's module (imports, photos' PDQ and hash lists, links), which the page's
    // worker fetches when a job first needs it (issue 21: lazily loaded); index.html names it for boot.js.
    println!("Loaded when first needed (the worker's module), gzip -9:");
    for attribute in ["data-worker-js=\"./", "data-worker-wasm=\"./"] {
        if let Some(at) = index.find(attribute) {
            let rest = &index[at + attribute.len()..];
            let file = &rest[..rest.find('"').unwrap()];
            let raw = std::fs::metadata(dist.join(file)).unwrap().len();
            println!("  {file:<40} {raw:>9} B raw {:>9} B gzipped", gzipped(&dist.join(file)));
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    let mut ready = Vec::new();
    let mut highlighted = Vec::new();
    for _ in 0..VISITS {
        // A fresh browser profile each time: a cold first visit, nothing cached.
        let browser = Browser::start(Engine::Chromium).await;
        browser.client.goto(&server.url).await.unwrap();
        let area = browser.wait_for("[data-testid=paste]").await;
        let mark = browser
            .client
            .execute("return performance.getEntriesByName('tapis-ready')[0].startTime", vec![])
            .await
            .unwrap();
        ready.push(mark.as_f64().unwrap());
        let started = browser.client.execute("return performance.now()", vec![]).await.unwrap().as_f64().unwrap();
        browser.type_into(&area, "jual sabu murah").await;
        browser.wait_for("mark[data-rule]").await;
        let done = browser.client.execute("return performance.now()", vec![]).await.unwrap().as_f64().unwrap();
        highlighted.push(done - started);
        browser.close().await;
    }
    println!("\nCold start in headless Chromium on loopback, {VISITS} visits (target: interactive < 1000 ms):");
    println!("  navigation start → app mounted and interactive: {}", summary(&mut ready));
    println!("  typing a message over WebDriver → highlight:     {}", summary(&mut highlighted));
    std::io::stdout().flush().unwrap();
}

fn gzipped(path: &Path) -> u64 {
    let output = Command::new("gzip").args(["-9", "-c"]).arg(path).stderr(Stdio::inherit()).output().expect("gzip");
    output.stdout.len() as u64
}

fn summary(values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    format!("median {median:.0} ms (min {:.0}, max {:.0})", values[0], values[values.len() - 1])
}
