//! The rule packs built into every Tapis binary, so that the app pre-screens with no server at all: one pack per
//! category, from `packs/` at the repository root (where they come from: `packs/SOURCES.md`).

use crate::{Error, RulePack, RuleSet};

/// Every built-in pack, as `(file name, TOML source)`. In the browser (wasm32) without comments and test cases
/// (`build.rs`): the app never runs a built-in pack's tests, and its first load does not carry them.
pub const PACKS: &[(&str, &str)] = &[
    ("perjudian.toml", include_str!(concat!(env!("OUT_DIR"), "/perjudian.toml"))),
    ("pornografi.toml", include_str!(concat!(env!("OUT_DIR"), "/pornografi.toml"))),
    ("terorisme.toml", include_str!(concat!(env!("OUT_DIR"), "/terorisme.toml"))),
    ("radikalisme.toml", include_str!(concat!(env!("OUT_DIR"), "/radikalisme.toml"))),
    ("sara.toml", include_str!(concat!(env!("OUT_DIR"), "/sara.toml"))),
    ("hoaks.toml", include_str!(concat!(env!("OUT_DIR"), "/hoaks.toml"))),
    ("penipuan.toml", include_str!(concat!(env!("OUT_DIR"), "/penipuan.toml"))),
    ("narkoba.toml", include_str!(concat!(env!("OUT_DIR"), "/narkoba.toml"))),
];

/// Every built-in pack as JSON (`build.rs` writes them from the TOML above): what the browser's page parses.
#[cfg(target_arch = "wasm32")]
const JSON: &[(&str, &str)] = &[
    ("perjudian.toml", include_str!(concat!(env!("OUT_DIR"), "/perjudian.json"))),
    ("pornografi.toml", include_str!(concat!(env!("OUT_DIR"), "/pornografi.json"))),
    ("terorisme.toml", include_str!(concat!(env!("OUT_DIR"), "/terorisme.json"))),
    ("radikalisme.toml", include_str!(concat!(env!("OUT_DIR"), "/radikalisme.json"))),
    ("sara.toml", include_str!(concat!(env!("OUT_DIR"), "/sara.json"))),
    ("hoaks.toml", include_str!(concat!(env!("OUT_DIR"), "/hoaks.json"))),
    ("penipuan.toml", include_str!(concat!(env!("OUT_DIR"), "/penipuan.json"))),
    ("narkoba.toml", include_str!(concat!(env!("OUT_DIR"), "/narkoba.json"))),
];

/// Parses every built-in pack (in the browser, from their JSON: its page then carries no TOML parser).
pub fn packs() -> Result<Vec<RulePack>, Error> {
    #[cfg(target_arch = "wasm32")]
    return JSON.iter().map(|(name, text)| RulePack::from_json(name, text)).collect();
    #[cfg(not(target_arch = "wasm32"))]
    PACKS.iter().map(|(name, text)| RulePack::from_toml(name, text)).collect()
}

/// The built-in packs compiled into one rule set.
pub fn rule_set() -> Result<RuleSet, Error> {
    RuleSet::new(packs()?)
}

/// What `build.rs` does to the packs for the browser, for the test below.
#[cfg(test)]
#[path = "../build_lean.rs"]
mod lean;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    /// The packs as the browser gets them (`build.rs`) are the same packs, rule for rule, without test cases.
    #[test]
    fn the_browser_s_packs_lose_only_their_tests() {
        for (name, text) in PACKS {
            let lean = super::lean::without_tests(text, std::path::Path::new(name));
            assert!(lean.len() < text.len() * 3 / 4, "{name}: {} of {} bytes", lean.len(), text.len());
            let mut whole = RulePack::from_toml(name, text).unwrap();
            let cut = RulePack::from_toml(name, &lean).unwrap();
            assert!(whole.rules.iter().any(|r| !r.tests.is_empty()) && cut.rules.iter().all(|r| r.tests.is_empty()));
            whole.rules.iter_mut().for_each(|r| r.tests.clear());
            assert_eq!(whole, cut, "{name}");
        }
    }

    /// The JSON the browser reads is the same pack as its TOML (`RulePack::to_json`, as `build.rs` writes it).
    #[test]
    fn a_pack_s_json_is_the_same_pack_and_a_broken_pack_is_refused_as_from_toml_refuses_it() {
        for (name, text) in PACKS {
            let json = RulePack::to_json(name, text).unwrap();
            assert_eq!(RulePack::from_json(name, &json).unwrap(), RulePack::from_toml(name, text).unwrap(), "{name}");
        }
        let broken = PACKS[0].1.replacen("severity = \"high\"", "severity = \"urgent\"", 1);
        let error = RulePack::to_json("rusak.toml", &broken).unwrap_err().to_string();
        assert!(error.contains("rusak.toml") && error.contains("urgent") && error.contains("severity"), "{error}");
        let error = RulePack::from_json("rusak.json", "{\"id\": \"x\"}").unwrap_err().to_string();
        assert!(error.starts_with("rusak.json: missing field `version`"), "{error}");
        let error = RulePack::from_json("kosong.json", "{\"id\": \" \", \"version\": \"1\"}").unwrap_err().to_string();
        assert!(error.contains("the pack id is empty"), "{error}");
    }

    /// Each pack is one category: `tapis-<category>` in `<category>.toml`, every rule `<category>.…`, lint-clean,
    /// and every rule carries at least two positive and two negative test cases, which pass.
    #[test]
    fn every_pack_is_one_category_lint_clean_and_passes_its_tests() {
        for pack in packs().expect("built-in packs parse") {
            let category = pack.source_name.trim_end_matches(".toml");
            assert_eq!(pack.id, format!("tapis-{category}"));
            assert!(!pack.name.is_empty() && !pack.version.is_empty(), "{}", pack.id);
            for rule in &pack.rules {
                assert_eq!(rule.category, category, "{}", rule.id);
                assert!(rule.id.starts_with(&format!("{category}.")), "{}", rule.id);
                assert!(!rule.description.is_empty(), "{}: no description", rule.id);
                let positive = rule.tests.iter().filter(|t| t.matches).count();
                let negative = rule.tests.len() - positive;
                assert!(positive >= 2 && negative >= 2, "{}: {positive} positive, {negative} negative tests", rule.id);
            }
            let warnings: Vec<String> = pack.lint().iter().map(ToString::to_string).collect();
            assert!(warnings.is_empty(), "{warnings:#?}");
            let failures: Vec<String> = pack.run_tests().unwrap().iter().map(ToString::to_string).collect();
            assert!(failures.is_empty(), "{failures:#?}");
        }
        let all: Vec<String> = rule_set().unwrap().run_tests().iter().map(ToString::to_string).collect();
        assert!(all.is_empty(), "with every pack loaded together: {all:#?}");
    }

    /// The rules that the app's tests and documentation rely on keep their id, category and severity.
    #[test]
    fn rules_the_app_relies_on_are_there() {
        let set = rule_set().unwrap();
        let rows: &[(&str, Severity)] = &[
            ("perjudian.slot-gacor", Severity::High),
            ("perjudian.deposit-bonus", Severity::Medium),
            ("narkoba.jual-beli", Severity::High),
            ("terorisme.amaliyah", Severity::Critical),
            ("radikalisme.thaghut", Severity::High),
        ];
        for (id, severity) in rows {
            let rule = (0..set.len()).map(|i| set.rule(i)).find(|r| r.id == *id).unwrap_or_else(|| panic!("{id}"));
            assert_eq!((rule.severity, rule.category.as_str()), (*severity, id.split('.').next().unwrap()), "{id}");
        }
    }

    /// Each row: a message, and what the built-in packs must find in it: `(rule id, matched text)` in text
    /// order (empty: nothing).
    #[test]
    fn built_in_packs_find_what_they_are_for() {
        let set = rule_set().expect("built-in packs compile");
        let rows: &[(&str, &[(&str, &str)])] = &[
            // What the app's browser tests paste.
            (
                "Info slot gacor malam ini, maxwin dijamin!",
                &[("perjudian.slot-gacor", "slot gacor"), ("perjudian.slot-gacor", "maxwin")],
            ),
            (
                "Info SLOT gacor hari ini, maxwin!",
                &[("perjudian.slot-gacor", "SLOT gacor"), ("perjudian.slot-gacor", "maxwin")],
            ),
            ("Rapat koordinasi hari Senin pukul 09.00", &[]),
            ("Rapat koordinasi jam 9", &[]),
            (
                "jual sabu murah",
                &[("narkoba.jual-beli", "jual"), ("narkoba.jual-beli", "sabu"), ("narkoba.jual-beli", "murah")],
            ),
            (
                "Bom bunuh diri itu amaliyah",
                &[("terorisme.amaliyah", "Bom bunuh diri"), ("terorisme.amaliyah", "amaliyah")],
            ),
            // Disguises.
            (
                "Daftar 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 sekarang, m4xw1n!",
                &[("perjudian.slot-gacor", "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍"), ("perjudian.slot-gacor", "m4xw1n")],
            ),
            ("Info 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 malam ini", &[("perjudian.slot-gacor", "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍")]),
            // A disguised name that no rule knows, beside promotion words.
            (
                "🅜🅔🅖🅐 gacor, depo 10k",
                &[
                    ("perjudian.promosi-samaran", "🅜🅔🅖🅐"),
                    ("perjudian.nama-menonjol", "🅜🅔🅖🅐"),
                    ("perjudian.promosi-samaran", "gacor"),
                    ("perjudian.testimoni-menang", "gacor"),
                    ("perjudian.promosi-samaran", "depo"),
                    ("perjudian.testimoni-menang", "depo"),
                    ("perjudian.deposit-bonus", "depo 10k"),
                ],
            ),
            (
                "⭐ B A D A I 7 7 ⭐",
                &[
                    ("perjudian.nama-berbingkai", "⭐ B A D A I 7 7 ⭐"),
                    ("perjudian.merek-samaran", "B A D A I 7 7"),
                    ("perjudian.merek-polos", "B A D A I 7 7"),
                ],
            ),
            ("s.l.o.t g4c0r", &[("perjudian.slot-gacor", "s.l.o.t g4c0r")]),
            (
                "jual s4bu murah",
                &[("narkoba.jual-beli", "jual"), ("narkoba.jual-beli", "s4bu"), ("narkoba.jual-beli", "murah")],
            ),
            ("siap bai’at daulah", &[("terorisme.amaliyah", "bai’at daulah"), ("terorisme.amaliyah", "daulah")]),
            ("b.o.k.e.p gratis", &[("pornografi.promosi", "b.o.k.e.p")]),
            (
                "ayo j.i.h.a.d lawan thaghut",
                &[
                    ("terorisme.ajakan-jihad", "j.i.h.a.d"),
                    ("terorisme.ajakan-jihad", "thaghut"),
                    ("radikalisme.thaghut", "thaghut"),
                ],
            ),
            // One of each pack, and the rules that need two things together.
            (
                "Ready sabu dan ganja, COD Jakarta",
                &[
                    ("narkoba.jual-beli", "Ready"),
                    ("narkoba.jual-beli", "sabu"),
                    ("narkoba.jual-beli", "ganja"),
                    ("narkoba.jual-beli", "COD"),
                ],
            ),
            (
                "Bonus new member 100%, link alternatif",
                &[("perjudian.deposit-bonus", "Bonus new member"), ("perjudian.deposit-bonus", "link alternatif")],
            ),
            ("Aparat thaghut", &[("radikalisme.thaghut", "thaghut")]),
            (
                "Usir etnis Tionghoa!",
                &[
                    ("sara.ujaran-kebencian", "Usir"),
                    ("sara.ujaran-kebencian", "etnis"),
                    ("sara.ujaran-kebencian", "Tionghoa"),
                ],
            ),
            ("Vaksin mengandung chip", &[("hoaks.kesehatan", "Vaksin mengandung chip")]),
            ("Undangan Pernikahan.apk", &[("penipuan.apk", "Undangan Pernikahan.apk")]),
            // Everyday words that contain or resemble a term.
            ("Beli sabun mandi dan sampo di toko sebelah", &[]),
            ("kamar mandi: sabun, sampo, sikat gigi", &[]),
            ("Slot parkir penuh, slot RAM kosong, slot waktu habis", &[]),
            ("Ganjaran bagi yang sabar; bandar udara Soekarno-Hatta; Komisi Yudisial", &[]),
            ("Berjihad melawan hawa nafsu, hijrah meninggalkan riba", &[]),
            ("Warga Tionghoa dan warga Jawa merayakan Imlek bersama", &[]),
        ];
        for (text, wanted) in rows {
            let got: Vec<(String, &str)> =
                set.scan(text).iter().map(|m| (set.rule(m.rule).id.clone(), &text[m.span.start..m.span.end])).collect();
            let wanted: Vec<(String, &str)> = wanted.iter().map(|&(id, found)| (id.to_owned(), found)).collect();
            assert_eq!(got, wanted, "{text:?}");
        }
    }
}
