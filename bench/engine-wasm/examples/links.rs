//! Links and blocklists, natively (issue 15): figures, not a test.
//!
//! ```text
//! cargo run --release -p tapis-bench-wasm --example links [DOMAINS] [MEGABYTES]
//! ```
//!
//! Builds a blocklist of DOMAINS (default 3,000,000) generated domains from a plain one-domain-a-line text (with
//! comments, blanks, duplicates and hosts lines among them) fed a megabyte at a time, and prints the build time, the bytes of the `fst` set,
//! and the process's peak resident memory (Linux `VmHWM`, reset before the build); then looks up a million
//! domains (half listed or under a listed parent, half not); then extracts links from the engine benchmark's text
//! (`corpus.rs`, MEGABYTES MiB, default 20, cut into messages), as it is and with one word in fifty replaced by a
//! link in one of the dodged forms.

use std::time::{Duration, Instant};

use tapis_bench_wasm::corpus;
use tapis_bench_wasm::links::{ListText, extract, queries, texts};
use tapis_engine::links::BlocklistBuilder;

/// This thread's CPU time (Linux schedstat), which a busy shared machine does not distort.
fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// The process's peak and current resident memory, in MiB (Linux).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let domains: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3_000_000);
    let megabytes: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20.0);

    // The list's text, as a portal would serve it, generated and fed a megabyte at a time as a download would be:
    // the text is never whole in memory, and the time counts only the builder's work.
    let (_, before) = memory();
    // Reset the peak, so that VmHWM is the build's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let mut builder = BlocklistBuilder::new("bench");
    let (mut building, mut building_cpu, mut bytes) = (Duration::ZERO, Duration::ZERO, 0usize);
    for piece in ListText::new(domains) {
        let (start, start_cpu) = (Instant::now(), cpu());
        builder.feed(piece.as_bytes()).expect("the generated list parses");
        building += start.elapsed();
        building_cpu += cpu().saturating_sub(start_cpu);
        bytes += piece.len();
    }
    let (start, start_cpu) = (Instant::now(), cpu());
    let list = builder.finish().expect("the generated list parses");
    building += start.elapsed();
    building_cpu += cpu().saturating_sub(start_cpu);
    let (peak, after) = memory();
    let stats = list.stats();
    println!(
        "blocklist: {} domains ({} lines, {:.1} MB of text fed a MB at a time) built in {:.2} s ({:.2} s of CPU time); fst set {:.1} MB \
         ({:.1} bytes a domain); resident memory {:.0} MiB before, peak {:.0} MiB during the build, {:.0} MiB \
         after; skipped {}",
        stats.domains,
        stats.lines,
        bytes as f64 / 1e6,
        building.as_secs_f64(),
        building_cpu.as_secs_f64(),
        list.as_bytes().len() as f64 / 1e6,
        list.as_bytes().len() as f64 / stats.domains as f64,
        before,
        peak,
        after,
        stats.skipped(),
    );

    // Lookups: listed domains, their subdomains, and unlisted ones.
    let queries = queries(domains);
    let (start, start_cpu) = (Instant::now(), cpu());
    let blocked = queries.iter().filter(|q| list.find(q).is_some()).count();
    let took = start.elapsed().as_secs_f64();
    let took_cpu = cpu().saturating_sub(start_cpu).as_secs_f64();
    println!(
        "lookup: {} domains in {:.0} ms ({:.0} ms of CPU time; {:.1} million a second, {:.2} µs each); {blocked} blocked",
        queries.len(),
        took * 1e3,
        took_cpu * 1e3,
        queries.len() as f64 / took / 1e6,
        took * 1e6 / queries.len() as f64,
    );

    // Extraction on the engine benchmark's text.
    let [bench, with_links] = texts((megabytes * 1024.0 * 1024.0) as usize);
    for (what, text) in [("the bench text", &bench), ("with one word in fifty a link", &with_links)] {
        let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
        let mut found = 0;
        for _ in 0..3 {
            let (start, start_cpu) = (Instant::now(), cpu());
            found = extract(text);
            best = best.min(start.elapsed().as_secs_f64());
            best_cpu = best_cpu.min(cpu().saturating_sub(start_cpu).as_secs_f64());
        }
        let mb = text.len() as f64 / 1e6;
        println!(
            "extract, {what}: {:.1} MB in {} messages, {found} links, {:.1} MB/s ({:.1} MB/s of CPU time; best of 3)",
            mb,
            corpus::messages(text).count(),
            mb / best,
            mb / best_cpu
        );
    }
}
