//! Load test: writes a synthetic Telegram Desktop JSON export of N MiB to a temp file, then reads it twice, each
//! time in a fresh process: whole (`std::fs::read`, then [`import`]) and in 4 MiB slices through [`Parser`] (as
//! the browser's worker does), keeping every message either way. Reports time and peak memory (`VmHWM` of
//! /proc/self/status, so Linux only).
//!
//! The export mixes what real chats hold: short texts (some on several lines, some with emoji), links, formatting
//! and hidden `text_link` targets, media with and without captions, stickers, polls, forwards, replies, edits,
//! service messages and the exporter's invalid `\xNN` escapes. It is written one message a line, denser than the
//! exporter's indented layout, so more messages (and more memory) per byte than a real file. Both export
//! generations are measured: new (`date_unixtime`, `text_entities`; about 3,000 messages a MiB) and old (neither;
//! about 6,000 messages a MiB, so about 600,000 in 100 MiB).
//!
//! ```text
//! cargo run --release -p tapis-ingest --example load            # 10 and 100 MiB
//! cargo run --release -p tapis-ingest --example load -- 25 50   # other sizes
//! cargo run --release -p tapis-ingest --example load -- --write 100 new /tmp/export.json   # only write one
//! ```

use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use tapis_ingest::{Date, Options, Parser, import};

const MIB: u64 = 1 << 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, mode, path] = args.as_slice()
        && flag == "--measure"
    {
        return measure(mode, Path::new(path));
    }
    // Only writes an export, for other benchmarks (the browser's, in tests/e2e/examples/import.rs).
    if let [flag, mib, generation, path] = args.as_slice()
        && flag == "--write"
    {
        let mib: u64 = mib.parse().expect("a size in MiB");
        let messages = generate(Path::new(path), mib * MIB, generation == "old").expect("write the synthetic export");
        println!("{messages}");
        return;
    }
    let sizes: Vec<u64> =
        if args.is_empty() { vec![10, 100] } else { args.iter().filter_map(|a| a.parse().ok()).collect() };
    let exe = std::env::current_exe().expect("own path");
    println!(
        "{:>8} {:>4} {:>9} {:>7} {:>7} {:>9} {:>10} {:>7}",
        "size", "gen", "messages", "mode", "time", "peak", "peak/size", "MiB/s"
    );
    for mib in sizes {
        for old in [false, true] {
            let generation = if old { "old" } else { "new" };
            let path = std::env::temp_dir().join(format!("tapis-load-{mib}mib-{generation}.json"));
            let messages = generate(&path, mib * MIB, old).expect("write the synthetic export");
            for mode in ["whole", "slices"] {
                let output = Command::new(&exe).args(["--measure", mode]).arg(&path).output().expect("run");
                let report = String::from_utf8_lossy(&output.stdout);
                let fields: Vec<f64> = report.split_whitespace().filter_map(|f| f.parse().ok()).collect();
                let [read, seconds, peak_kib] = fields[..] else {
                    eprintln!("{mode}: {report} {}", String::from_utf8_lossy(&output.stderr));
                    continue;
                };
                assert_eq!(read as u64, messages, "every generated message is read");
                let peak = peak_kib / 1024.0;
                let size = mib as f64;
                println!(
                    "{mib:>4} MiB {generation:>4} {messages:>9} {mode:>7} {seconds:>6.2}s {peak:>5.0} MiB {:>9.2}x {:>7.0}",
                    peak / size,
                    size / seconds
                );
            }
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Reads the export in one of the two modes; prints messages read, seconds and peak memory in KiB.
fn measure(mode: &str, path: &Path) {
    let start = Instant::now();
    let messages = if mode == "whole" {
        let bytes = std::fs::read(path).expect("read the export");
        let import = import(&bytes, &Options::default()).expect("a valid export");
        std::hint::black_box(&import);
        import.messages.len()
    } else {
        let mut file = std::fs::File::open(path).expect("open the export");
        let mut parser = Parser::new(Options::default()).expect("default options");
        let mut kept = Vec::new();
        let mut slice = vec![0; 4 * MIB as usize];
        loop {
            let read = file.read(&mut slice).expect("read a slice");
            if read == 0 {
                break;
            }
            parser.feed(&slice[..read]).expect("a valid export");
            kept.extend(parser.next_batch(usize::MAX).messages);
        }
        let import = parser.finish().expect("a complete export");
        kept.extend(import.messages);
        std::hint::black_box(&kept);
        kept.len()
    };
    let seconds = start.elapsed().as_secs_f64();
    println!("{messages} {seconds} {}", peak_kib());
}

/// The process's peak resident memory, from /proc/self/status (0 where there is none).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A small deterministic generator (xorshift64*), so every run writes the same file.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

const WORDS: &[&str] = &[
    "yang", "dan", "di", "ini", "itu", "aja", "gak", "bisa", "kalau", "sih", "dong", "kak", "bang", "info", "promo",
    "gratis", "hari", "sekarang", "daftar", "link", "grup", "admin", "mantap", "wkwk", "😂", "🔥", "👍", "server",
    "deploy", "bug", "kode", "jadi", "lebih", "harga", "murah", "bonus", "menang", "saldo", "transfer", "cek",
    "terima", "kasih", "selamat", "pagi", "malam", "besok", "kemarin", "bener", "banget", "coba", "lihat", "ya",
];
const SENDERS: &[(&str, &str)] = &[
    ("Budi Santoso", "user100001"),
    ("Siti Rahma", "user100002"),
    ("Andi", "user100003"),
    ("Ronny Gunawan \u{fe0f}", "user100004"),
    ("Info Cuan 🔥", "channel1500000001"),
    ("Dewi", "user100006"),
];

fn words(random: &mut Random, count: u64) -> String {
    let mut text = String::new();
    for n in 0..count {
        if n > 0 {
            text.push(if random.percent(4) { '\n' } else { ' ' });
        }
        text.push_str(WORDS[random.below(WORDS.len() as u64) as usize]);
    }
    text
}

fn json(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}

/// Writes one message object on one line, fields in the exporter's order.
fn message(random: &mut Random, id: u64, seconds: u64, old: bool, out: &mut String) {
    let (name, from_id) = SENDERS[random.below(SENDERS.len() as u64) as usize];
    let date = Date::local(seconds as i64 + 7 * 3600).to_string();
    let kind = if random.percent(3) { "service" } else { "message" };
    out.push_str(&format!("{{\"id\": {id}, \"type\": \"{kind}\", \"date\": \"{date}\""));
    if !old {
        out.push_str(&format!(", \"date_unixtime\": \"{seconds}\""));
    }
    if random.percent(10) {
        out.push_str(&format!(", \"edited\": \"{date}\""));
        if !old {
            out.push_str(&format!(", \"edited_unixtime\": \"{}\"", seconds + 60));
        }
    }
    if kind == "service" {
        out.push_str(&format!(", \"actor\": {}, \"actor_id\": \"{from_id}\", \"action\": \"pin_message\"", json(name)));
        out.push_str(&format!(", \"message_id\": {}, \"text\": \"\"", id.saturating_sub(1)));
        if !old {
            out.push_str(", \"text_entities\": []");
        }
        out.push('}');
        return;
    }
    out.push_str(&format!(", \"from\": {}, \"from_id\": \"{from_id}\"", json(name)));
    if random.percent(2) {
        out.push_str(&format!(", \"forwarded_from\": {}", json(SENDERS[0].0)));
    }
    if random.percent(30) && id > 1 {
        out.push_str(&format!(", \"reply_to_message_id\": {}", id - 1 - random.below(id.min(50) - 1)));
    }
    if random.percent(1) {
        out.push_str(", \"via_bot\": \"@gif\"");
    }
    let count = 1 + random.below(10);
    let text = match random.below(100) {
        0..=9 => {
            // Formatting and a hidden link: `text` is an array, `text_entities` lists every part.
            let link = format!("https://promo{}.example/daftar?ref={id}", random.below(100));
            let lead = json(&format!("{} ", words(random, count)));
            out.push_str(&format!(
                ", \"text\": [{lead}, {{\"type\": \"bold\", \"text\": \"DAFTAR\"}}, \" di \", \
                 {{\"type\": \"text_link\", \"text\": \"sini\", \"href\": \"{link}\"}}, \" \", \
                 {{\"type\": \"mention\", \"text\": \"@infocuan\"}}]"
            ));
            if !old {
                out.push_str(&format!(
                    ", \"text_entities\": [{{\"type\": \"plain\", \"text\": {lead}}}, \
                     {{\"type\": \"bold\", \"text\": \"DAFTAR\"}}, {{\"type\": \"plain\", \"text\": \" di \"}}, \
                     {{\"type\": \"text_link\", \"text\": \"sini\", \"href\": \"{link}\"}}, \
                     {{\"type\": \"plain\", \"text\": \" \"}}, {{\"type\": \"mention\", \"text\": \"@infocuan\"}}]"
                ));
            }
            out.push('}');
            return;
        }
        10..=14 => {
            out.push_str(", \"photo\": \"photos/photo_1@01-01-2024_10-00-00.jpg\", \"width\": 1280, \"height\": 720");
            words(random, count)
        }
        15..=19 => {
            out.push_str(
                ", \"file\": \"stickers/sticker.webp\", \"media_type\": \"sticker\", \"sticker_emoji\": \"😂\"",
            );
            String::new()
        }
        20 => {
            out.push_str(
                ", \"poll\": {\"question\": \"Main di mana?\", \"closed\": false, \"total_voters\": 3, \"answers\": \
                 [{\"text\": \"Situs A\", \"voters\": 2, \"chosen\": false}, \
                 {\"text\": \"Situs B\", \"voters\": 1, \"chosen\": false}]}",
            );
            String::new()
        }
        _ => words(random, count),
    };
    let mut value = json(&text);
    if random.percent(1) && !text.is_empty() {
        // The exporter writes control characters as `\xNN`, which is not JSON.
        value.insert_str(value.len() - 1, "\\x0B");
    }
    out.push_str(&format!(", \"text\": {value}"));
    if !old {
        let entities =
            if text.is_empty() { String::new() } else { format!("{{\"type\": \"plain\", \"text\": {value}}}") };
        out.push_str(&format!(", \"text_entities\": [{entities}]"));
    }
    out.push('}');
}

/// Writes a single-chat export of about `size` bytes; returns how many messages (not service ones) it holds.
fn generate(path: &Path, size: u64, old: bool) -> std::io::Result<u64> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    out.write_all(
        "{\n \"name\": \"Info Cuan 🔥\",\n \"type\": \"public_channel\",\n \"id\": 1500000001,\n \"messages\": [\n"
            .as_bytes(),
    )?;
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let (mut written, mut messages, mut id, mut seconds) = (0u64, 0u64, 0u64, 1_700_000_000u64);
    let mut line = String::new();
    while written < size {
        id += 1;
        seconds += 1 + random.below(120);
        line.clear();
        if id > 1 {
            line.push_str(",\n");
        }
        message(&mut random, id, seconds, old, &mut line);
        if line.contains("\"type\": \"message\"") {
            messages += 1;
        }
        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
    }
    out.write_all(b"\n ]\n}\n")?;
    out.flush()?;
    Ok(messages)
}
