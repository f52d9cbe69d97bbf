//! The disguise rules meet their target on the labelled set (`tests/disguise/corpus.rs`): at least 90% of the
//! disguised promotions caught by the perjudian pack, at most 1% of the ordinary messages flagged, none of the
//! real benign Telegram messages. Figures per rule: `cargo run --release -p tapis-engine --example disguise_bench`.

mod disguise;

use tapis_engine::builtin;

#[test]
fn disguised_promotions_are_caught_and_ordinary_messages_are_not() {
    let set = builtin::rule_set().unwrap();
    let promotions: Vec<String> = disguise::corpus::promotions(disguise::PROMOTIONS).into_iter().map(|p| p.0).collect();
    let ordinary = disguise::corpus::ordinary(disguise::ORDINARY);
    let caught = disguise::flagged(&set, "perjudian", &promotions).iter().filter(|r| !r.is_empty()).count();
    let flagged: Vec<&String> = ordinary
        .iter()
        .zip(disguise::flagged(&set, "perjudian", &ordinary))
        .filter(|(_, r)| !r.is_empty())
        .map(|(t, _)| t)
        .collect();
    assert!(caught * 100 >= promotions.len() * 90, "caught {caught} of {} promotions", promotions.len());
    assert!(
        flagged.len() * 100 <= ordinary.len(),
        "{} of {} ordinary messages flagged: {flagged:#?}",
        flagged.len(),
        ordinary.len()
    );
    let real = disguise::real_benign();
    let real_flagged = disguise::flagged(&set, "perjudian", &real).iter().filter(|r| !r.is_empty()).count();
    assert_eq!(real_flagged, 0, "real benign messages flagged");
}
