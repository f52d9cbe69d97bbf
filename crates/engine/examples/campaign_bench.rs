//! Campaign keys and grouping on real comments: the judol development set, repeated and shuffled up to 100,000
//! messages (issue 14).
//!
//! `cargo run --release -p tapis-engine --example campaign_bench [-- N]` (also in `make bench`). The set is
//! `../shared/fixtures/judol_dev/comments.csv` beside the repository (or `$TAPIS_JUDOL_DEV`). Prints the time to
//! compute every message's keys and to group them, the number of campaigns, the largest with their keys, size and
//! purity (the share labelled promotion by the collector), and how the set itself (19,728 comments, each once)
//! groups: how many of the largest campaigns cover 90% of the promotion, the purity of the 50 largest, and the
//! ordinary comments that fall into a campaign that is mostly promotion. Figures, not pass/fail.

#[path = "../tests/devset/mod.rs"]
#[allow(dead_code)]
mod devset;

use std::time::Instant;

use tapis_engine::campaign::{Campaign, KeyKind, MessageKeys, group, keys};

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
    let mut order: Vec<usize> = (0..total).map(|i| i % comments.len()).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
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
