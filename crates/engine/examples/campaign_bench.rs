//! Campaign keys and grouping on real comments: the judol development set, repeated and shuffled up to 100,000
//! messages (issue 14).
//!
//! `cargo run --release -p tapis-engine --example campaign_bench [-- N]` (also in `make bench`). The set is
//! `../shared/fixtures/judol_dev/comments.csv` beside the repository (or `$TAPIS_JUDOL_DEV`). Prints the time to
//! compute every message's keys and to group them, the number of campaigns, the largest with their keys, size and
//! purity (the share labelled promotion by the collector), and how the set itself (19,728 comments, each once)
//! groups: how many of the largest campaigns cover 90% of the promotion, the purity of the 50 largest, and the
//! ordinary comments that fall into a campaign that is mostly promotion. Then the watchlist (`campaign::watchlist`)
//! of the 50 largest campaigns' keys, and of the 100, 200 and 400 largest: recall and false-positive rate at medium
//! or above, with the built-in packs, by the collector's labels and by the reviewed labels
//! (`examples/judol_review.tsv`), and the targets, met or missed. These are development figures: the keys
//! come from the comments they are measured on. Figures, not pass/fail. `CAMPAIGN_SHOW=N` prints a few
//! ordinary-labelled comments of each of the N largest campaigns; `CAMPAIGN_MISSES=DIR` writes the promotion the
//! packs and the watchlist of the 50 largest still miss, by each labelling, to read.

#[path = "../tests/devset/mod.rs"]
mod devset;

use std::time::Instant;

use tapis_engine::campaign::{Campaign, KeyKind, MessageKeys, WatchEntry, group, keys, watchlist};
use tapis_engine::{RulePack, RuleSet, Severity, builtin};

fn main() {
    let total: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let Some(comments) = devset::load() else {
        eprintln!("campaign_bench: no development set at {} (set TAPIS_JUDOL_DEV)", devset::path().display());
        return;
    };
    let labels: Vec<bool> = comments.iter().map(|c| c.promotion).collect();
    let promotion = labels.iter().filter(|&&p| p).count();
    println!("development set: {} comments, {promotion} labelled promotion", comments.len());

    // The set once: how it groups.
    let started = Instant::now();
    let once: Vec<MessageKeys> = comments.iter().map(|c| keys(&c.text)).collect();
    let keys_once = started.elapsed();
    let started = Instant::now();
    let campaigns = group(&once);
    let group_once = started.elapsed();
    println!(
        "the set once: keys {:.2} s, grouping {:.3} s, {} campaigns",
        keys_once.as_secs_f64(),
        group_once.as_secs_f64(),
        campaigns.len()
    );
    report(&campaigns, &labels, promotion);
    // With the reviewed labels (`examples/judol_review.tsv`: ordinary-labelled comments that the packs flagged and
    // that are promotion by any reading).
    let reviewed = devset::reviewed();
    let relabelled: Vec<bool> = comments.iter().map(|c| reviewed.get(&c.row).copied().unwrap_or(c.promotion)).collect();
    let (mut p, mut n) = (0, 0);
    let mut seen = vec![false; comments.len()];
    for c in campaigns.iter().take(50) {
        for &m in &c.messages {
            if !std::mem::replace(&mut seen[m as usize], true) {
                n += 1;
                p += usize::from(relabelled[m as usize]);
            }
        }
    }
    println!(
        "the 50 largest with the reviewed labels: {p} promotion of {n} (purity {:.1}%)",
        p as f64 * 100.0 / n as f64
    );
    watchlist_report(&comments, &campaigns, &labels, &relabelled);
    // `CAMPAIGN_SHOW=N`: a few ordinary-labelled comments of each of the N largest campaigns, to read.
    let show: usize = std::env::var("CAMPAIGN_SHOW").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    for c in campaigns.iter().take(show) {
        let ordinary: Vec<&str> = c
            .messages
            .iter()
            .map(|&i| &comments[i as usize])
            .filter(|c| !c.promotion)
            .map(|c| c.text.as_str())
            .collect();
        println!("{} ({} ordinary):", c.keys[0], ordinary.len());
        for text in ordinary.iter().take(5) {
            println!("    {}", text.chars().take(160).collect::<String>().replace('\n', " "));
        }
    }

    // Repeated and shuffled up to `total` messages (a fixed shuffle: the same order every run). The copies of a
    // comment of six words or more are a template of their own: here ordinary comments in a campaign say nothing.
    let order = devset::repeated(total, comments.len());
    let started = Instant::now();
    let many: Vec<MessageKeys> = order.iter().map(|&i| keys(&comments[i].text)).collect();
    let keys_time = started.elapsed();
    let started = Instant::now();
    let campaigns = group(&many);
    let group_time = started.elapsed();
    let labels: Vec<bool> = order.iter().map(|&i| comments[i].promotion).collect();
    let promotion = labels.iter().filter(|&&p| p).count();
    println!(
        "\n{total} messages: keys {:.2} s ({:.1} µs a message), grouping {:.3} s, {} campaigns",
        keys_time.as_secs_f64(),
        keys_time.as_secs_f64() * 1e6 / total as f64,
        group_time.as_secs_f64(),
        campaigns.len()
    );
    report(&campaigns, &labels, promotion);
}

/// The watchlist of the `top` largest campaigns: each brand, domain, Telegram and phone key once (as `tapis
/// campaigns --watchlist-out` makes it), and how many of them are keyed only by a template.
fn watchlist_of(campaigns: &[Campaign], top: usize) -> (RulePack, usize, usize) {
    let mut entries: Vec<WatchEntry> = Vec::new();
    for c in campaigns.iter().take(top) {
        for key in c.keys.iter().filter(|k| k.kind != KeyKind::Template) {
            if entries.iter().all(|e| e.key != *key) {
                entries.push(WatchEntry {
                    key: key.clone(),
                    category: "perjudian".into(),
                    date: "2026-12-06".into(),
                    messages: c.messages.len(),
                });
            }
        }
    }
    let templates_only =
        campaigns.iter().take(top).filter(|c| c.keys.iter().all(|k| k.kind == KeyKind::Template)).count();
    (watchlist(&entries).expect("the watchlist loads"), entries.len(), templates_only)
}

/// Recall and false-positive rate (medium or above) of the built-in packs alone, and with a watchlist of the 50
/// (and more) largest campaigns' keys, by both label sets; the targets, met or missed.
fn watchlist_report(comments: &[devset::Comment], campaigns: &[Campaign], collector: &[bool], reviewed: &[bool]) {
    const TOP: usize = 50;
    let flagged = |set: &RuleSet| -> Vec<bool> {
        set.scan_messages(comments.iter().map(|c| c.text.as_str()))
            .iter()
            .map(|scan| {
                scan.rules.iter().any(|h| set.rule(h.rule).category == "perjudian" && h.severity >= Severity::Medium)
            })
            .collect()
    };
    let rates = |flags: &[bool], labels: &[bool]| {
        let (mut tp, mut pos, mut fp, mut neg) = (0, 0, 0, 0);
        for (&f, &p) in flags.iter().zip(labels) {
            if p {
                pos += 1;
                tp += usize::from(f);
            } else {
                neg += 1;
                fp += usize::from(f);
            }
        }
        (tp as f64 / pos.max(1) as f64, fp as f64 / neg.max(1) as f64)
    };
    let packs = builtin::packs().expect("built-in packs");
    let with_watchlist = |top: usize| {
        let (pack, keys, templates_only) = watchlist_of(campaigns, top);
        let failures = pack.run_tests().expect("the watchlist compiles").len();
        let alone = flagged(&RuleSet::new(vec![pack.clone()]).expect("the watchlist compiles"));
        let with = flagged(&RuleSet::new([packs.clone(), vec![pack]].concat()).expect("packs and watchlist compile"));
        (with, alone, keys, templates_only, failures)
    };

    let alone = flagged(&RuleSet::new(packs.clone()).expect("built-in packs compile"));
    let (with, watch_alone, keys, templates_only, failures) = with_watchlist(TOP);
    println!(
        "\nwatchlist of the {TOP} largest campaigns: {keys} keys ({templates_only} campaigns keyed only by a template \
         give none); its own test cases: {failures} failed"
    );
    println!("DEVELOPMENT FIGURES: the keys are taken from the same comments they are measured on, and the packs were");
    println!("written reading them; a watchlist on new messages catches only the campaigns it was made from.");
    println!("{:<42} {:>10} {:>8} {:>10} {:>8}", "flagged at medium or above", "recall", "FPR", "recall", "FPR");
    println!("{:<42} {:>19} {:>19}", "", "collector's labels", "reviewed labels");
    let row = |name: &str, flags: &[bool]| {
        let (rc, fc) = rates(flags, collector);
        let (rr, fr) = rates(flags, reviewed);
        println!("{name:<42} {:>10.3} {:>7.2}% {:>10.3} {:>7.2}%", rc, fc * 100.0, rr, fr * 100.0);
    };
    row("built-in packs", &alone);
    row(&format!("+ watchlist of the {TOP} largest"), &with);
    for top in [100, 200, 400] {
        let (more, _, keys, _, _) = with_watchlist(top);
        row(&format!("+ watchlist of the {top} largest ({keys} keys)"), &more);
    }
    // What a longer watchlist taken unread adds: the keys that flag the most comments ordinary by the reviewed
    // labels (the analyst, who decides per campaign, would have left them out).
    let (pack, ..) = watchlist_of(campaigns, 200);
    let set = RuleSet::new(vec![pack]).expect("the watchlist compiles");
    let mut by_rule: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (scan, &promotion) in set.scan_messages(comments.iter().map(|c| c.text.as_str())).iter().zip(reviewed) {
        if !promotion {
            scan.rules.iter().for_each(|h| *by_rule.entry(h.rule).or_default() += 1);
        }
    }
    let mut noisy: Vec<(usize, usize)> = by_rule.into_iter().collect();
    noisy.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let noisy: Vec<String> = noisy.iter().take(6).map(|&(r, n)| format!("{} ({n})", set.rule(r).id)).collect();
    println!("the 200 largest's keys that flag the most ordinary comments (reviewed labels): {}", noisy.join(", "));

    // Where the watchlist of the 50 largest reaches, and where the promotion it misses is.
    let mut keyed = vec![false; comments.len()];
    let mut templated = vec![false; comments.len()];
    for c in campaigns.iter().take(TOP) {
        let target = if c.keys.iter().all(|k| k.kind == KeyKind::Template) { &mut templated } else { &mut keyed };
        c.messages.iter().for_each(|&m| target[m as usize] = true);
    }
    let in_keyed = keyed.iter().filter(|&&k| k).count();
    let keyed_matched = keyed.iter().zip(&watch_alone).filter(|(k, w)| **k && **w).count();
    let outside = keyed.iter().zip(&watch_alone).filter(|(k, w)| !**k && **w).count();
    println!(
        "the watchlist alone matches {keyed_matched} of the {in_keyed} messages of the keyed campaigns among the {TOP} \
         largest, and {outside} messages outside them"
    );
    for (labels, name) in [(collector, "collector's labels"), (reviewed, "reviewed labels")] {
        let missed: Vec<usize> = (0..comments.len()).filter(|&i| labels[i] && !with[i]).collect();
        let in_keyed = missed.iter().filter(|&&i| keyed[i]).count();
        let in_templates = missed.iter().filter(|&&i| templated[i] && !keyed[i]).count();
        let added = (0..comments.len()).filter(|&i| !labels[i] && with[i] && !alone[i]).count();
        // `CAMPAIGN_MISSES=DIR` writes what the watchlist misses, one comment a line (row, then text), to read.
        if let Ok(dir) = std::env::var("CAMPAIGN_MISSES") {
            let file = std::path::Path::new(&dir).join(format!("missed-{}.txt", name.replace(['\'', ' '], "-")));
            let lines: String = missed
                .iter()
                .map(|&i| format!("{}\t{}\n", comments[i].row, comments[i].text.replace('\n', " ")))
                .collect();
            std::fs::write(&file, lines).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
        println!(
            "promotion missed with the watchlist ({name}): {}: {in_keyed} in a keyed campaign of the {TOP} largest, \
             {in_templates} only in a template campaign of them, the rest in none; ordinary comments it adds: {added}",
            missed.len(),
        );
    }

    // The targets.
    let mut seen = vec![false; comments.len()];
    campaigns.iter().take(TOP).flat_map(|c| c.messages.iter()).for_each(|&m| seen[m as usize] = true);
    let verdict = |met: bool| if met { "met" } else { "missed" };
    for (labels, name) in [(collector, "collector's labels"), (reviewed, "reviewed labels")] {
        let promotion = labels.iter().filter(|&&p| p).count();
        let (p, n) =
            seen.iter().zip(labels).filter(|(s, _)| **s).fold((0, 0), |(p, n), (_, &l)| (p + usize::from(l), n + 1));
        let (cover, purity) = (p as f64 / promotion.max(1) as f64, p as f64 / n.max(1) as f64);
        println!(
            "target: the {TOP} largest cover >= 60% of the promotion at >= 99% purity ({name}): {:.1}% at {:.2}%: {}",
            cover * 100.0,
            purity * 100.0,
            verdict(cover >= 0.6 && purity >= 0.99)
        );
    }
    for (labels, name) in [(collector, "collector's labels"), (reviewed, "reviewed labels")] {
        let (recall, fpr) = rates(&with, labels);
        println!(
            "target: with their watchlist, recall >= 0.97 at FPR <= 0.5% ({name}): {recall:.3} at {:.2}%: {}",
            fpr * 100.0,
            verdict(recall >= 0.97 && fpr <= 0.005)
        );
    }
}

/// The largest campaigns, coverage of the promotion and purity.
fn report(campaigns: &[Campaign], labels: &[bool], promotion: usize) {
    let purity = |c: &Campaign| {
        c.messages.iter().filter(|&&i| labels[i as usize]).count() as f64 / c.messages.len().max(1) as f64
    };
    println!("{:>4} {:>6} {:>7}  keys", "#", "size", "purity");
    for (i, c) in campaigns.iter().take(10).enumerate() {
        let keys: Vec<String> = c.keys.iter().map(ToString::to_string).collect();
        println!("{:>4} {:>6} {:>6.1}%  {}", i + 1, c.messages.len(), purity(c) * 100.0, keys.join(" "));
    }
    for kind in [KeyKind::Domain, KeyKind::Telegram, KeyKind::Phone, KeyKind::Template] {
        let of_kind: Vec<&Campaign> = campaigns.iter().filter(|c| c.keys.iter().any(|k| k.kind == kind)).collect();
        let largest: Vec<String> = of_kind
            .iter()
            .take(3)
            .map(|c| format!("{} ({}, {:.0}%)", c.keys[0], c.messages.len(), purity(c) * 100.0))
            .collect();
        println!("{} campaigns keyed by {}: {}", of_kind.len(), kind.as_str(), largest.join(", "));
    }
    let mostly_ordinary: Vec<String> = campaigns
        .iter()
        .filter(|c| purity(c) < 0.5)
        .take(8)
        .map(|c| format!("{} ({}, {:.0}%)", c.keys[0], c.messages.len(), purity(c) * 100.0))
        .collect();
    println!("largest campaigns mostly ordinary: {}", mostly_ordinary.join(", "));
    // Campaigns overlap (a message is in its brand's and its template's): coverage counts each message once.
    let mut covered = vec![false; labels.len()];
    let (mut count, mut opened) = (0, None);
    for (i, c) in campaigns.iter().enumerate() {
        for &m in &c.messages {
            if !covered[m as usize] && labels[m as usize] {
                count += 1;
            }
            covered[m as usize] = true;
        }
        if opened.is_none() && count * 10 >= promotion * 9 {
            opened = Some(i + 1);
        }
    }
    let in_campaign = |pick: &dyn Fn(&Campaign) -> bool| {
        let mut seen = vec![false; labels.len()];
        campaigns.iter().filter(|c| pick(c)).flat_map(|c| c.messages.iter()).for_each(|&m| seen[m as usize] = true);
        let (mut p, mut o) = (0, 0);
        for (m, &s) in seen.iter().enumerate() {
            if s {
                if labels[m] { p += 1 } else { o += 1 }
            }
        }
        (p, o)
    };
    let top: Vec<&Campaign> = campaigns.iter().take(50).collect();
    let (p50, o50) = in_campaign(&|c| top.iter().any(|t| std::ptr::eq(*t, c)));
    let ordinary = labels.len() - promotion;
    let (_, o_mostly) = in_campaign(&|c| purity(c) >= 0.5);
    let (p_any, o_any) = in_campaign(&|_| true);
    println!(
        "campaigns to open for 90% of the promotion: {}; promotion in any campaign: {:.1}%",
        opened.map_or("not reached".to_owned(), |n| n.to_string()),
        p_any as f64 * 100.0 / promotion.max(1) as f64
    );
    println!(
        "the 50 largest: {p50} promotion ({:.1}% of it), {o50} ordinary (purity {:.1}%)",
        p50 as f64 * 100.0 / promotion.max(1) as f64,
        p50 as f64 * 100.0 / (p50 + o50).max(1) as f64
    );
    println!(
        "ordinary messages in any campaign: {o_any} ({:.2}%); in a campaign that is mostly promotion: {o_mostly} ({:.2}%)",
        o_any as f64 * 100.0 / ordinary.max(1) as f64,
        o_mostly as f64 * 100.0 / ordinary.max(1) as f64
    );
}
