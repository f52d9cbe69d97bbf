//! The rule packs built into every Tapis binary, so that the app pre-screens with no server at all.

use crate::{Error, RulePack, RuleSet};

/// Every built-in pack, as `(file name, TOML source)`.
pub const PACKS: &[(&str, &str)] = &[("default.toml", include_str!("../../../packs/default.toml"))];

/// Parses every built-in pack.
pub fn packs() -> Result<Vec<RulePack>, Error> {
    PACKS.iter().map(|(name, text)| RulePack::from_toml(name, text)).collect()
}

/// The built-in packs compiled into one rule set.
pub fn rule_set() -> Result<RuleSet, Error> {
    RuleSet::new(packs()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a message, and the rule ids the built-in packs must find in it (empty: none).
    #[test]
    fn built_in_packs_find_what_they_are_for() {
        let set = rule_set().expect("built-in packs compile");
        let rows: &[(&str, &[&str])] = &[
            ("Info SLOT GACOR hari ini, maxwin dijamin!", &["perjudian.slot-gacor"]),
            ("Ready sabu dan ganja, COD Jakarta", &["narkoba.jual-beli"]),
            ("Beli sabun mandi dan sampo di toko sebelah", &[]),
            ("Rapat koordinasi hari Senin pukul 09.00", &[]),
            ("Bom bunuh diri itu amaliyah yang mulia", &["terorisme.amaliyah"]),
            ("Daftar 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 sekarang, m4xw1n!", &["perjudian.slot-gacor"]),
            ("jual s4bu murah", &["narkoba.jual-beli"]),
            ("siap bai’at daulah", &["terorisme.amaliyah"]),
            ("b.o.k.e.p gratis", &["pornografi.promosi"]),
            ("kamar mandi: sabun, sampo, sikat gigi", &[]),
        ];
        for (text, wanted) in rows {
            let mut got: Vec<String> = set.scan(text).iter().map(|m| set.rule(m.rule).id.clone()).collect();
            got.dedup();
            assert_eq!(got, *wanted, "{text:?}");
        }
    }
}
