//! `make bench`: what a big export costs. For synthetic Telegram JSON exports of 10 and 100 MiB (written by
//! `tapis-ingest`'s `load` example, in the exporter's layout), prints the time to read and scan them and the peak
//! memory:
//!
//! - natively, with `tapis scan` (read, scan every message with the built-in packs, write the report to /dev/null);
//! - in headless Chromium: the file picked in the app, read and scanned in its Web Worker, timed from the app's
//!   `tapis-import-start` mark to `tapis-import-done`, and the peak resident memory of the page's renderer process
//!   (which holds the page and its worker), from `VmHWM` in /proc. Linux only.
//!
//! The target is a peak under 4× the file's size; in the browser, the growth over the page's memory before the
//! import (the renderer holds the app's compiled WebAssembly twice, for the page and the worker, before any file)
//! is the figure to compare. Run with `TAPIS_BIN` (a release build) and `TAPIS_DIST` set, as
//! `make bench` does; sizes in MiB may be given as arguments.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tapis_e2e::{Browser, Engine, Server};

#[tokio::main]
async fn main() {
    let sizes: Vec<u64> = {
        let given: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
        if given.is_empty() { vec![10, 100] } else { given }
    };
    let tapis = std::env::var("TAPIS_BIN").expect("TAPIS_BIN (run `make bench`)");
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path()).await;
    println!("Importing a Telegram JSON export (synthetic, new layout), read and scanned with the built-in packs:");
    println!(
        "{:>8} {:>9} {:>26} {:>8} {:>10} {:>10} {:>16}",
        "size", "messages", "where", "time", "peak", "peak/size", "growth/size"
    );
    for mib in sizes {
        let path = dir.path().join(format!("export-{mib}mib.json"));
        let messages = write_export(&path, mib);
        let size = std::fs::metadata(&path).unwrap().len() as f64 / (1 << 20) as f64;
        // Growth: the peak less what the process held before the import (the page with the app loaded).
        let row = |place: &str, seconds: f64, peak_mib: f64, before: f64| {
            println!(
                "{mib:>4} MiB {messages:>9} {place:>26} {seconds:>7.2}s {peak_mib:>6.0} MiB {:>9.2}x {:>15.2}x",
                peak_mib / size,
                (peak_mib - before) / size
            );
        };

        let (seconds, peak) = native_scan(&tapis, &path);
        row("native (tapis scan)", seconds, peak, 0.0);

        let browser = Browser::start(Engine::Chromium).await;
        browser.client.goto(&server.url).await.unwrap();
        let input = browser.wait_for("[data-testid=file-input]").await;
        let before = renderer_peak(&browser);
        input.send_keys(&path.display().to_string()).await.unwrap();
        let started = Instant::now();
        loop {
            let done = browser
                .client
                .execute("return performance.getEntriesByName('tapis-import-done').length > 0", vec![])
                .await
                .unwrap();
            if done == serde_json::Value::Bool(true) {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(600), "the import did not finish");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let elapsed = browser
            .client
            .execute("return performance.measure('import', 'tapis-import-start', 'tapis-import-done').duration", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        let peak = renderer_peak(&browser);
        row("headless Chromium (worker)", elapsed / 1000.0, peak, before);
        browser.close().await;
    }
}

/// Writes the export with `tapis-ingest`'s generator; returns how many messages it holds.
fn write_export(path: &Path, mib: u64) -> u64 {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--release", "-q", "-p", "tapis-ingest", "--example", "load", "--", "--write"])
        .arg(mib.to_string())
        .arg("new")
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .expect("run the load example");
    String::from_utf8_lossy(&output.stdout).trim().parse().expect("the number of messages written")
}

/// Runs `tapis scan` on the file; its time and peak resident memory (polled from /proc while it runs).
fn native_scan(tapis: &str, path: &Path) -> (f64, f64) {
    let started = Instant::now();
    let mut child = Command::new(tapis)
        .arg("scan")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run tapis scan");
    let mut peak = 0.0f64;
    loop {
        peak = peak.max(status_kib(child.id(), "VmHWM").unwrap_or(0.0) / 1024.0);
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (started.elapsed().as_secs_f64(), peak)
}

/// The highest peak resident memory (MiB) of the renderer processes under the browser's WebDriver.
fn renderer_peak(browser: &Browser) -> f64 {
    let root = browser.driver_pid().expect("the driver runs");
    descendants(root)
        .into_iter()
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains("--type=renderer"))
                .unwrap_or(false)
        })
        .filter_map(|pid| status_kib(pid, "VmHWM"))
        .fold(0.0, f64::max)
        / 1024.0
}

fn descendants(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // The parent is the second field after the command, which is in parentheses and may hold spaces.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, ppid)| *ppid == parent).map(|(pid, _)| *pid));
        i += 1;
    }
    found
}

fn status_kib(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
