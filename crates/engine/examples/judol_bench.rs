//! Recall and false positives of the built-in packs on real comments: the judol development set.
//!
//! `cargo run --release -p tapis-engine --example judol_bench [-- --misses DIR]` (also in `make bench`). The set is
//! `../shared/fixtures/judol_dev/comments.csv` beside the repository (or `$TAPIS_JUDOL_DEV`): 19,728 real
//! Indonesian YouTube comments labelled by their collector, 1 = online-gambling promotion. Its figures are
//! **development figures**: the rules were written while reading it. The split by brand says how the rules do on
//! names they were not written against: the brand-shaped tokens of the set are cut in two halves by a hash of
//! their folded form, rules were tuned reading only the misses of half A, and half B is reported on its own.
//! Figures, not pass/fail: no test reads this file.

#[path = "../tests/devset/mod.rs"]
mod devset;

use std::collections::BTreeMap;
use std::path::PathBuf;

use tapis_engine::{RuleSet, Severity, builtin};

use devset::{Comment, Half};

/// How a comment fared: flagged at medium or above, at any severity, and by which rules.
struct Outcome {
    medium: bool,
    any: bool,
    rules: Vec<usize>,
}

fn outcomes(set: &RuleSet, comments: &[Comment]) -> Vec<Outcome> {
    set.scan_messages(comments.iter().map(|c| c.text.as_str()))
        .iter()
        .map(|scan| {
            let hits: Vec<_> = scan.rules.iter().filter(|h| set.rule(h.rule).category == "perjudian").collect();
            Outcome {
                medium: hits.iter().any(|h| h.severity >= Severity::Medium),
                any: !hits.is_empty(),
                rules: hits.iter().map(|h| h.rule).collect(),
            }
        })
        .collect()
}

/// CPU time of this process so far, in seconds (user and system, from `/proc/self/stat`; 0 where there is none).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of the file (utime, stime) are 11 and 12 after the name; 100 ticks a second on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

fn rate(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 * 100.0 / of as f64 }
}

fn row(name: &str, comments: &[Comment], outcomes: &[Outcome], keep: impl Fn(&Comment) -> bool) {
    let (mut pos, mut neg, mut tp_m, mut tp_a, mut fp_m, mut fp_a) = (0, 0, 0, 0, 0, 0);
    for (c, o) in comments.iter().zip(outcomes).filter(|(c, _)| keep(c)) {
        if c.promotion {
            pos += 1;
            tp_m += usize::from(o.medium);
            tp_a += usize::from(o.any);
        } else {
            neg += 1;
            fp_m += usize::from(o.medium);
            fp_a += usize::from(o.any);
        }
    }
    println!(
        "{name:<34} {pos:>6} {neg:>6} {:>9.1}% {:>9.2}% {:>9.1}% {:>9.2}%",
        rate(tp_m, pos),
        rate(fp_m, neg),
        rate(tp_a, pos),
        rate(fp_a, neg)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut misses: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => misses = args.next().map(PathBuf::from),
            other => panic!("unknown argument {other}; usage: judol_bench [--misses DIR]"),
        }
    }
    let Some(comments) = devset::load() else {
        println!("judol bench: skipped, no development set at {}", devset::path().display());
        return;
    };
    let set = builtin::rule_set().expect("built-in packs compile");
    let (started, cpu) = (std::time::Instant::now(), cpu_seconds());
    let outcomes = outcomes(&set, &comments);
    let (elapsed, cpu) = (started.elapsed(), cpu_seconds() - cpu);
    let bytes: usize = comments.iter().map(|c| c.text.len()).sum();
    let (promotion, ordinary) =
        comments.iter().fold((0, 0), |(p, o), c| if c.promotion { (p + 1, o) } else { (p, o + 1) });
    println!(
        "judol development set: {} comments ({promotion} promotion, {ordinary} ordinary), {:.1} MB, scanned in {:.0} ms, \
         {:.0} ms of CPU ({:.1} MB/s of CPU time, which a busy machine does not distort)",
        comments.len(),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1000.0,
        cpu * 1000.0,
        bytes as f64 / cpu / 1e6
    );
    println!("a comment counts as flagged when a perjudian rule matched it (medium or above, or any severity)\n");
    println!(
        "{:<34} {:>6} {:>6} {:>10} {:>10} {:>10} {:>10}",
        "", "promo", "ordin", "recall ≥M", "FPR ≥M", "recall any", "FPR any"
    );
    let table = |comments: &[Comment]| {
        row("whole development set", comments, &outcomes, |_| true);
        row("split by brand: half A (tuned on)", comments, &outcomes, |c| c.half == Half::A);
        row("split by brand: half B (unseen)", comments, &outcomes, |c| c.half == Half::B);
        row("no brand-shaped token", comments, &outcomes, |c| c.half == Half::None);
    };
    println!("with the collector's labels:");
    table(&comments);
    let review = devset::reviewed();
    let changed = comments.iter().filter(|c| review.get(&c.row).is_some_and(|&p| p != c.promotion)).count();
    let reviewed: Vec<Comment> = comments
        .iter()
        .map(|c| Comment {
            row: c.row,
            text: String::new(),
            promotion: review.get(&c.row).copied().unwrap_or(c.promotion),
            half: c.half,
        })
        .collect();
    println!("with {changed} labels corrected after reading them (examples/judol_review.tsv):");
    table(&reviewed);
    println!("\ntargets (issue 13): recall ≥M ≥ 93% overall and ≥ 90% on half B; FPR ≥M ≤ 0.5%; FPR any ≤ 2%");

    // Which rules carry the recall, and which the false positives.
    let mut per_rule: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (c, o) in comments.iter().zip(&outcomes) {
        for &r in &o.rules {
            let e = per_rule.entry(r).or_default();
            if c.promotion { e.0 += 1 } else { e.1 += 1 }
        }
    }
    println!("\n{:<36} {:>8} {:>8} {:>8}", "rule", "severity", "promo", "ordin");
    for (r, (p, o)) in per_rule {
        let rule = set.rule(r);
        println!("{:<36} {:>8} {p:>8} {o:>8}", rule.id, rule.severity.as_str());
    }

    if let Some(dir) = misses {
        std::fs::create_dir_all(&dir).expect("create the misses directory");
        let write = |name: &str, keep: &dyn Fn(&Comment, &Outcome) -> bool| {
            let lines: String = comments
                .iter()
                .zip(&outcomes)
                .filter(|(c, o)| keep(c, o))
                .map(|(c, o)| {
                    let rules: Vec<String> = o.rules.iter().map(|&r| set.rule(r).id.clone()).collect();
                    format!("{}\t{}\t{}\n", c.row, rules.join(","), c.text.replace('\n', " ⏎ "))
                })
                .collect();
            std::fs::write(dir.join(name), lines).expect("write a misses file");
        };
        // Only half A's misses are written out: half B stays unread, so its figure says something.
        write("missed-half-a.txt", &|c, o| c.promotion && c.half != Half::B && !o.medium);
        write("false-positives.txt", &|c, o| !c.promotion && o.medium);
        // Half B's misses only as counts of their shapes, never their text (see `devset::shapes`).
        let mut shapes: BTreeMap<&str, usize> = BTreeMap::new();
        for (c, _) in comments.iter().zip(&outcomes).filter(|(c, o)| c.promotion && c.half == Half::B && !o.medium) {
            *shapes.entry(devset::shape(&c.text)).or_default() += 1;
        }
        println!("\nhalf B's misses by shape: {shapes:?}");
        write("false-positives-any.txt", &|c, o| !c.promotion && o.any && !o.medium);
        println!("\nmisses of half A and brandless comments, and false positives, written to {}", dir.display());
    }
}
