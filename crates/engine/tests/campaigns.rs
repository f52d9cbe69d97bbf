//! Campaigns on real text (issue 14): the judol development set (`../shared/fixtures/judol_dev/comments.csv`,
//! real YouTube comments labelled by their collector) grouped by `campaign::keys`. The largest campaigns must be
//! promotion and ordinary comments must rarely fall into one. The set lies outside the repository: without it the
//! test says so and passes (`TAPIS_JUDOL_DEV` points at it elsewhere).

mod devset;

use tapis_engine::campaign::{Campaign, KeyKind, MessageKeys, group, keys};

#[test]
fn the_largest_campaigns_of_real_comments_are_promotion() {
    let Some(comments) = devset::load() else {
        eprintln!("skipped: no development set at {}", devset::path().display());
        return;
    };
    let keys: Vec<MessageKeys> = comments.iter().map(|c| keys(&c.text)).collect();
    let campaigns = group(&keys);
    let promotion = |c: &Campaign| c.messages.iter().filter(|&&i| comments[i as usize].promotion).count();

    // One brand alone is in more than a thousand comments.
    assert!(campaigns[0].messages.len() > 1_000, "{:?}", campaigns[0].keys);
    // The ten largest are promotion, each mostly (the collector's labels have noise) and together nearly all.
    let top = &campaigns[..10];
    for c in top {
        assert!(promotion(c) * 10 >= c.messages.len() * 7, "{:?}: {} of {}", c.keys, promotion(c), c.messages.len());
    }
    let (p, n) = top.iter().fold((0, 0), |(p, n), c| (p + promotion(c), n + c.messages.len()));
    assert!(p * 100 >= n * 95, "the ten largest: {p} promotion of {n}");

    // Ordinary comments rarely join a campaign; most promotion does.
    let mut seen = vec![false; comments.len()];
    campaigns.iter().flat_map(|c| &c.messages).for_each(|&i| seen[i as usize] = true);
    let ordinary = comments.iter().filter(|c| !c.promotion).count();
    let ordinary_in = comments.iter().zip(&seen).filter(|(c, s)| **s && !c.promotion).count();
    let promotion_in = comments.iter().zip(&seen).filter(|(c, s)| **s && c.promotion).count();
    assert!(ordinary_in * 100 <= ordinary * 5, "{ordinary_in} of {ordinary} ordinary comments in a campaign");
    assert!(promotion_in * 100 >= (comments.len() - ordinary) * 85, "{promotion_in} promotions in a campaign");

    // Templates find the set's repeated promotion texts, and they are promotion too.
    let templates: Vec<&Campaign> =
        campaigns.iter().filter(|c| c.keys.iter().any(|k| k.kind == KeyKind::Template)).collect();
    assert!(templates.len() >= 100, "{} template campaigns", templates.len());
    let (p, n) = templates.iter().take(50).fold((0, 0), |(p, n), c| (p + promotion(c), n + c.messages.len()));
    assert!(p * 100 >= n * 90, "the 50 largest templates: {p} promotion of {n}");
}
