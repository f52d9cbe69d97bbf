//! A quick throughput check to run by hand (not a test, not a benchmark harness):
//!
//! ```text
//! cargo run --release -p tapis-engine --example throughput [MEGABYTES]
//! ```
//!
//! It generates a pack of 10,000 Indonesian-like terms and ~20 MB of dense Indonesian-like text (about one word in
//! fifty a term), then prints the compile time of the pack and the scan throughput: the whole text as one input,
//! the same cut into messages, and a text where one word in twenty is disguised (so every view is folded).
//! Rates are given per second of wall-clock time and, on Linux, per second of this thread's CPU time, which a
//! busy shared machine does not distort.

use std::time::{Duration, Instant};

use tapis_engine::{Limits, RulePack, RuleSet};

/// A small deterministic generator (xorshift64*), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ONSETS: &[&str] = &["b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "ng", "ny", "st"];
const VOWELS: &[&str] = &["a", "i", "u", "e", "o", "a", "i", "a"];
const CODAS: &[&str] = &["", "", "", "n", "ng", "r", "k", "t", "s", "h", "l"];

fn word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(2);
    let mut w = String::new();
    for _ in 0..syllables {
        w += ONSETS[rng.below(ONSETS.len())];
        w += VOWELS[rng.below(VOWELS.len())];
        w += CODAS[rng.below(CODAS.len())];
    }
    w
}

fn pack(terms: &[String], morphology: bool) -> String {
    let mut toml = String::from("id = \"bench\"\nversion = \"1\"\n");
    for (r, chunk) in terms.chunks(100).enumerate() {
        toml += &format!("[[rule]]\nid = \"r{r}\"\ncategory = \"c\"\nseverity = \"high\"\nterms = {chunk:?}\n");
        if morphology {
            toml += "morphology = \"id\"\n";
        }
    }
    toml
}

fn text(rng: &mut Rng, vocabulary: &[String], terms: &[String], bytes: usize, disguise: bool) -> String {
    let mut out = String::with_capacity(bytes + 64);
    let mut sentence = 0;
    while out.len() < bytes {
        let mut w = if rng.below(50) == 0 {
            terms[rng.below(terms.len())].clone()
        } else {
            vocabulary[rng.below(vocabulary.len())].clone()
        };
        if sentence == 0 {
            w[..1].make_ascii_uppercase();
        }
        if disguise && rng.below(20) == 0 {
            w = match rng.below(3) {
                0 => w.replace('o', "0").replace('a', "4"),
                1 => w.chars().map(String::from).collect::<Vec<_>>().join("."),
                _ => w.replacen('a', "aaa", 1),
            };
        }
        out += &w;
        sentence += 1;
        if sentence > 8 + rng.below(10) {
            out += if rng.below(4) == 0 { ".\n" } else { ". " };
            sentence = 0;
        } else {
            out += if rng.below(12) == 0 { ", " } else { " " };
        }
    }
    out
}

/// Wall-clock and CPU time of this thread (CPU time from Linux's schedstat; `None` elsewhere).
#[derive(Clone, Copy)]
struct Clock(Instant, Option<Duration>);

impl Clock {
    fn now() -> Clock {
        let cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .map(Duration::from_nanos);
        Clock(Instant::now(), cpu)
    }

    /// `(wall, cpu)` seconds since `self`.
    fn since(self) -> (f64, Option<f64>) {
        let now = Clock::now();
        ((now.0 - self.0).as_secs_f64(), now.1.zip(self.1).map(|(b, a)| b.saturating_sub(a).as_secs_f64()))
    }
}

fn rate(mb: f64, (wall, cpu): (f64, Option<f64>)) -> String {
    match cpu {
        Some(cpu) => format!("{:.1} MB/s ({:.1} MB/s of CPU time)", mb / wall, mb / cpu),
        None => format!("{:.1} MB/s", mb / wall),
    }
}

fn ms((wall, cpu): (f64, Option<f64>)) -> String {
    match cpu {
        Some(cpu) => format!("{:.1} ms ({:.1} ms of CPU time)", wall * 1e3, cpu * 1e3),
        None => format!("{:.1} ms", wall * 1e3),
    }
}

fn main() {
    let megabytes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut rng = Rng(0x7A91_5EED);
    let mut terms: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while terms.len() < 10_000 {
        let t = if rng.below(4) == 0 { format!("{} {}", word(&mut rng), word(&mut rng)) } else { word(&mut rng) };
        if seen.insert(t.clone()) {
            terms.push(t);
        }
    }
    let vocabulary: Vec<String> = (0..5_000).map(|_| word(&mut rng)).filter(|w| !seen.contains(w)).collect();

    for morphology in [false, true] {
        let source = pack(&terms, morphology);
        let started = Clock::now();
        let parsed = RulePack::from_toml("bench.toml", &source).expect("the generated pack parses");
        let parse = started.since();
        let _set = RuleSet::new(vec![parsed]).expect("the generated pack compiles");
        let total = started.since();
        let name = if morphology { " with morphology = \"id\"" } else { "" };
        println!("compile 10,000 terms{name}: {} (TOML {})", ms(total), ms(parse));
    }

    let limits = Limits { matches_per_message: usize::MAX, matches_per_input: usize::MAX };
    let set = RuleSet::new(vec![RulePack::from_toml("bench.toml", &pack(&terms, false)).expect("parses")])
        .expect("compiles")
        .with_limits(limits);
    let bytes = megabytes << 20;
    for (name, disguise) in [("clean", false), ("one word in 20 disguised", true)] {
        let text = text(&mut rng, &vocabulary, &terms, bytes, disguise);
        let mb = text.len() as f64 / (1 << 20) as f64;

        let started = Clock::now();
        let matches = set.scan(&text).len();
        let whole = started.since();

        let messages: Vec<&str> = text.split_inclusive('\n').collect();
        let started = Clock::now();
        let scanned: usize = set.scan_messages(messages.iter().copied()).iter().map(|s| s.matches.len()).sum();
        let per_message = started.since();

        println!("{name}, {mb:.1} MB:");
        println!("  as one input: {} ({matches} matches)", rate(mb, whole));
        println!("  as {} messages: {} ({scanned} matches)", messages.len(), rate(mb, per_message));
    }
}
