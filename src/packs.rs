//! The rule packs the analyst scans with: the built-in packs, packs imported from TOML files, and the packs and
//! rules switched off. Plain data, compiled into a [`RuleSet`] by [`PackChoice::rules`] for the page and the import
//! worker alike, and kept in `localStorage` (imported packs' TOML included) so that a reload keeps it.
//!
//! The page reads packs as JSON only (the built-in ones as `build.rs` writes them, an imported one as
//! [`checked_json`] made it when it was imported): a TOML parser would weigh some 30 KB of its first load. Reading
//! an imported pack's TOML, with errors naming its file, rule, field and line, is the worker's module's, loaded on
//! the page when a pack is imported.
//!
//! No DOM here beyond the storage helpers, and nothing of the user interface.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use tapis_engine::{RulePack, RuleSet};

/// The storage key.
pub const KEY: &str = "tapis.packs.v1";

/// Which packs and rules the analyst scans with. The default: every built-in pack, every rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PackChoice {
    /// Packs imported from files, in the order imported. One with a built-in pack's id stands in for it.
    pub custom: Vec<CustomPack>,
    /// Ids of the packs switched off (built-in or imported).
    pub disabled_packs: Vec<String>,
    /// Ids of the rules switched off, whichever pack holds them.
    pub disabled_rules: Vec<String>,
}

/// A pack imported from a file, kept as its text and as the JSON the page reads (parsed again when compiled, so
/// it is checked by the engine the page runs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomPack {
    /// The file's name, used in error messages.
    pub name: String,
    /// The pack, as TOML: as the analyst imported it.
    pub toml: String,
    /// The pack as JSON ([`checked_json`]); empty when an older version kept it (then [`convert_old`] makes it).
    #[serde(default)]
    pub json: String,
}

impl CustomPack {
    /// The pack, from its JSON.
    ///
    /// # Errors
    /// The engine's message, naming the file, the rule and the field.
    pub fn parse(&self) -> Result<RulePack, String> {
        RulePack::from_json(&self.name, &self.json).map_err(|e| e.to_string())
    }
}

/// Reads an imported pack's TOML into the JSON the page reads, on the page or in the worker's module.
pub type Convert =
    Rc<dyn Fn(String, String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, String>>>>>;

thread_local! {
    static CONVERT: RefCell<Option<Convert>> = const { RefCell::new(None) };
}

/// Imported packs are read with `convert` from now on (`import::runner` sets it: the worker's module on the page,
/// or the code linked into a test's module).
pub fn convert_with(convert: Convert) {
    CONVERT.set(Some(convert));
}

/// An imported pack's TOML checked and written as JSON ([`RulePack::to_json`]), wherever packs are read.
///
/// # Errors
/// When it is no valid pack: the engine's message, naming the file, the rule, the field and the line.
pub async fn checked_json(name: &str, toml: &str) -> Result<String, String> {
    let Some(convert) = CONVERT.with_borrow(Clone::clone) else {
        return Err(format!("{name}: packs cannot be read on this page (no worker module was given)"));
    };
    convert(name.to_owned(), toml.to_owned()).await
}

/// [`checked_json`] with the code linked here: for the worker's module and tests, never the page's.
///
/// # Errors
/// As [`checked_json`].
pub fn checked_json_here(name: &str, toml: &str) -> Result<String, String> {
    RulePack::to_json(name, toml).map_err(|e| e.to_string())
}

/// Gives every imported pack an older version kept without its JSON its JSON; whether any was given one. A pack
/// that no longer reads keeps no JSON, and stays out of the rules (its TOML is kept).
pub async fn convert_old(choice: &mut PackChoice) -> bool {
    let mut changed = false;
    for file in choice.custom.iter_mut().filter(|f| f.json.is_empty()) {
        if let Ok(json) = checked_json(&file.name, &file.toml).await {
            file.json = json;
            changed = true;
        }
    }
    changed
}

/// Where a pack comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the app.
    BuiltIn,
    /// Imported from a file.
    Imported {
        /// Whether it stands in for the built-in pack of the same id.
        replaces_built_in: bool,
    },
}

/// One pack as the panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackEntry {
    /// The pack, with all its rules (switched off or not).
    pub pack: RulePack,
    /// Built in, or imported.
    pub origin: Origin,
    /// Whether it is switched on.
    pub enabled: bool,
}

impl PackChoice {
    /// Every pack in force, in order: the built-in packs that `built_in_filter` names (all when `None`; an
    /// imported pack of the same id in their place), then the other imported packs.
    ///
    /// # Errors
    /// A filter naming no built-in pack, or an imported pack that no longer parses; the message names the file,
    /// the rule and the field.
    pub fn packs(&self, built_in_filter: Option<&[String]>) -> Result<Vec<PackEntry>, String> {
        let mut built_in = tapis_engine::builtin::packs().map_err(|e| e.to_string())?;
        if let Some(wanted) = built_in_filter {
            if let Some(unknown) = wanted.iter().find(|id| !built_in.iter().any(|p| &p.id == *id)) {
                let known: Vec<&str> = built_in.iter().map(|p| p.id.as_str()).collect();
                return Err(format!("packs: no built-in pack \"{unknown}\" (built in: {})", known.join(", ")));
            }
            built_in.retain(|p| wanted.contains(&p.id));
        }
        let mut custom: Vec<RulePack> = Vec::with_capacity(self.custom.len());
        // A pack kept by an older version waits for its JSON (`convert_old`).
        for file in self.custom.iter().filter(|f| !f.json.is_empty()) {
            custom.push(file.parse()?);
        }
        let enabled = |id: &str| !self.disabled_packs.iter().any(|d| d == id);
        let mut entries = Vec::with_capacity(built_in.len() + custom.len());
        for pack in built_in {
            let entry = match custom.iter().position(|c| c.id == pack.id) {
                Some(i) => PackEntry {
                    pack: custom.remove(i),
                    origin: Origin::Imported { replaces_built_in: true },
                    enabled: enabled(&pack.id),
                },
                None => PackEntry { enabled: enabled(&pack.id), pack, origin: Origin::BuiltIn },
            };
            entries.push(entry);
        }
        entries.extend(custom.into_iter().map(|pack| PackEntry {
            enabled: enabled(&pack.id),
            pack,
            origin: Origin::Imported { replaces_built_in: false },
        }));
        Ok(entries)
    }

    /// The packs switched on, without the rules switched off, compiled into one rule set.
    ///
    /// # Errors
    /// As [`PackChoice::packs`], and a rule id used by two packs switched on (the engine names file and rule).
    pub fn rules(&self, built_in_filter: Option<&[String]>) -> Result<RuleSet, String> {
        let packs = self
            .packs(built_in_filter)?
            .into_iter()
            .filter(|entry| entry.enabled)
            .map(|entry| {
                let mut pack = entry.pack;
                pack.rules.retain(|rule| self.rule_enabled(&rule.id));
                pack
            })
            .collect();
        RuleSet::new(packs).map_err(|e| e.to_string())
    }

    /// Whether the rule with this id is switched on (its pack may still be off).
    pub fn rule_enabled(&self, id: &str) -> bool {
        !self.disabled_rules.iter().any(|d| d == id)
    }

    /// Whether the pack with this id is switched on.
    pub fn pack_enabled(&self, id: &str) -> bool {
        !self.disabled_packs.iter().any(|d| d == id)
    }

    /// The choice with the pack of file `name` (its TOML, and its JSON as [`checked_json`] wrote it) added,
    /// switched on, in place of an imported pack of the same id.
    ///
    /// # Errors
    /// When the JSON is not a valid pack: the engine's message, naming the file, the rule and the field.
    pub fn with_pack(&self, name: &str, toml: &str, json: &str) -> Result<PackChoice, String> {
        let file = CustomPack { name: name.to_owned(), toml: toml.to_owned(), json: json.to_owned() };
        let pack = file.parse()?;
        let mut next = self.clone();
        let same_id = |file: &CustomPack| file.parse().is_ok_and(|p| p.id == pack.id);
        match next.custom.iter().position(same_id) {
            Some(i) => next.custom[i] = file,
            None => next.custom.push(file),
        }
        next.disabled_packs.retain(|id| *id != pack.id);
        Ok(next)
    }

    /// The choice without the imported pack of this id (a built-in pack it stood in for is back).
    pub fn without_pack(&self, id: &str) -> PackChoice {
        let mut next = self.clone();
        next.custom.retain(|file| file.parse().map_or(true, |p| p.id != id));
        next
    }

    /// The choice with the pack of this id switched on or off.
    pub fn with_pack_enabled(&self, id: &str, on: bool) -> PackChoice {
        let mut next = self.clone();
        toggle(&mut next.disabled_packs, id, on);
        next
    }

    /// The choice with the rule of this id switched on or off.
    pub fn with_rule_enabled(&self, id: &str, on: bool) -> PackChoice {
        let mut next = self.clone();
        toggle(&mut next.disabled_rules, id, on);
        next
    }

    /// The saved choice; the default when there is none or it cannot be read.
    pub fn load() -> PackChoice {
        crate::stored::load(KEY)
    }

    /// Saves the choice; why not, when the browser refuses (storage full or disabled).
    pub fn save(&self) -> Result<(), String> {
        crate::stored::save(KEY, self)
    }
}

/// The saved choice and its rules. A saved choice that no longer compiles (a newer app's built-in pack now holds
/// one of an imported pack's rule ids, say) comes back with its imported packs switched off (those that no longer
/// parse left out), and why; failing that, the built-in packs alone.
///
/// # Errors
/// When even the built-in packs do not compile (a `built_in_filter` naming no built-in pack).
pub fn load_rules(built_in_filter: Option<&[String]>) -> Result<(PackChoice, RuleSet, Option<String>), String> {
    let saved = PackChoice::load();
    let error = match saved.rules(built_in_filter) {
        Ok(rules) => return Ok((saved, rules, None)),
        Err(error) => error,
    };
    let mut fallback = saved;
    // Packs without their JSON yet are kept: `convert_old` gives it to them.
    fallback.custom.retain(|file| file.json.is_empty() || file.parse().is_ok());
    for file in &fallback.custom.clone() {
        if let Ok(pack) = file.parse() {
            fallback = fallback.with_pack_enabled(&pack.id, false);
        }
    }
    let fallback = match fallback.rules(built_in_filter) {
        Ok(rules) => (fallback, rules),
        Err(_) => (PackChoice::default(), PackChoice::default().rules(built_in_filter)?),
    };
    Ok((fallback.0, fallback.1, Some(error)))
}

/// Keeps `id` out of the list of switched-off ids when `on`, in it otherwise.
fn toggle(disabled: &mut Vec<String>, id: &str, on: bool) {
    disabled.retain(|d| d != id);
    if !on {
        disabled.push(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const CUSTOM: &str = r#"
        id = "kanal-lokal"
        version = "1"
        [[rule]]
        id = "lokal.arisan"
        category = "penipuan"
        severity = "medium"
        terms = ["arisan online"]
    "#;

    fn json(name: &str, toml: &str) -> String {
        checked_json_here(name, toml).unwrap()
    }

    fn ids(rules: &RuleSet, text: &str) -> Vec<String> {
        rules.scan(text).iter().map(|m| rules.rule(m.rule).id.clone()).collect()
    }

    #[test]
    fn the_default_is_every_built_in_rule() {
        let rules = PackChoice::default().rules(None).unwrap();
        assert_eq!(rules.len(), tapis_engine::builtin::rule_set().unwrap().len());
        assert_eq!(ids(&rules, "slot gacor"), ["perjudian.slot-gacor"]);
    }

    #[test]
    fn rules_and_packs_switched_off_are_left_out() {
        let choice = PackChoice::default().with_rule_enabled("perjudian.slot-gacor", false);
        let rules = choice.rules(None).unwrap();
        assert!(ids(&rules, "slot gacor").is_empty());
        assert_eq!(ids(&rules, "jual sabu murah").len(), 3);
        let rules = choice.with_rule_enabled("perjudian.slot-gacor", true).rules(None).unwrap();
        assert_eq!(ids(&rules, "slot gacor"), ["perjudian.slot-gacor"]);

        let choice = PackChoice::default().with_pack_enabled("tapis-narkoba", false);
        let rules = choice.rules(None).unwrap();
        assert!(ids(&rules, "jual sabu murah").is_empty());
        assert!(!choice.pack_enabled("tapis-narkoba"));
        // Everything off still compiles, into a set that finds nothing.
        let mut none = PackChoice::default();
        for entry in none.packs(None).unwrap() {
            none = none.with_pack_enabled(&entry.pack.id, false);
        }
        assert!(none.rules(None).unwrap().is_empty());
    }

    #[test]
    fn an_imported_pack_adds_its_rules_and_replaces_one_of_the_same_id() {
        let choice = PackChoice::default().with_pack("lokal.toml", CUSTOM, &json("lokal.toml", CUSTOM)).unwrap();
        assert_eq!(ids(&choice.rules(None).unwrap(), "ikut arisan online"), ["lokal.arisan"]);
        let newer = CUSTOM.replace("arisan online", "investasi bodong").replace("version = \"1\"", "version = \"2\"");
        let choice = choice.with_pack("lokal-v2.toml", &newer, &json("lokal-v2.toml", &newer)).unwrap();
        assert_eq!(choice.custom.len(), 1);
        let rules = choice.rules(None).unwrap();
        assert!(ids(&rules, "ikut arisan online").is_empty());
        assert_eq!(ids(&rules, "investasi bodong"), ["lokal.arisan"]);
        let entry = choice.packs(None).unwrap().into_iter().last().unwrap();
        assert_eq!((entry.pack.version.as_str(), entry.origin), ("2", Origin::Imported { replaces_built_in: false }));
        assert!(choice.without_pack("kanal-lokal").custom.is_empty());
    }

    #[test]
    fn an_imported_pack_with_a_built_in_id_stands_in_for_it() {
        let text = CUSTOM.replace("kanal-lokal", "tapis-perjudian");
        let choice = PackChoice::default().with_pack("judi.toml", &text, &json("judi.toml", &text)).unwrap();
        let entries = choice.packs(None).unwrap();
        let judi = entries.iter().find(|e| e.pack.id == "tapis-perjudian").unwrap();
        assert_eq!(judi.origin, Origin::Imported { replaces_built_in: true });
        assert_eq!(entries.iter().filter(|e| e.pack.id == "tapis-perjudian").count(), 1);
        let rules = choice.rules(None).unwrap();
        assert!(ids(&rules, "slot gacor").is_empty());
        assert_eq!(ids(&choice.without_pack("tapis-perjudian").rules(None).unwrap(), "slot gacor").len(), 1);
    }

    #[test]
    fn a_broken_pack_is_refused_with_its_file_rule_and_field() {
        let broken = CUSTOM.replace("\"medium\"", "\"urgent\"");
        let error = checked_json_here("rusak.toml", &broken).unwrap_err();
        for wanted in ["rusak.toml", "rule `lokal.arisan`", "severity", "urgent"] {
            assert!(error.contains(wanted), "{error:?} should contain {wanted:?}");
        }
        // A rule id that a built-in pack already uses: refused when compiled.
        let clash = CUSTOM.replace("lokal.arisan", "perjudian.slot-gacor");
        let error = PackChoice::default()
            .with_pack("bentrok.toml", &clash, &json("bentrok.toml", &clash))
            .unwrap()
            .rules(None)
            .unwrap_err();
        assert!(error.contains("bentrok.toml") && error.contains("perjudian.slot-gacor"), "{error}");
    }

    #[test]
    fn the_built_in_filter_limits_the_built_in_packs() {
        let filter = ["tapis-narkoba".to_owned()];
        let choice = PackChoice::default().with_pack("lokal.toml", CUSTOM, &json("lokal.toml", CUSTOM)).unwrap();
        let entries = choice.packs(Some(&filter)).unwrap();
        let listed: Vec<&str> = entries.iter().map(|e| e.pack.id.as_str()).collect();
        assert_eq!(listed, ["tapis-narkoba", "kanal-lokal"]);
        assert!(choice.rules(Some(&["nope".to_owned()])).unwrap_err().contains("nope"));
    }

    #[test]
    fn a_pack_kept_without_its_json_by_an_older_version_is_kept_but_left_out_until_converted() {
        let mut choice = PackChoice::default().with_pack("lokal.toml", CUSTOM, &json("lokal.toml", CUSTOM)).unwrap();
        choice.custom[0].json.clear();
        let rules = choice.rules(None).unwrap();
        assert!(ids(&rules, "ayo ikut arisan online").is_empty());
        assert_eq!(choice.custom[0].toml, CUSTOM, "its TOML is kept");
        choice.custom[0].json = json("lokal.toml", CUSTOM);
        assert_eq!(ids(&choice.rules(None).unwrap(), "ayo ikut arisan online"), ["lokal.arisan"]);
    }

    #[test]
    fn the_choice_round_trips_through_json() {
        let choice = PackChoice::default()
            .with_pack("lokal.toml", CUSTOM, &json("lokal.toml", CUSTOM))
            .unwrap()
            .with_rule_enabled("narkoba.jual-beli", false)
            .with_pack_enabled("tapis-sara", false);
        let json = serde_json::to_string(&choice).unwrap();
        assert_eq!(serde_json::from_str::<PackChoice>(&json).unwrap(), choice);
        assert_eq!(serde_json::from_str::<PackChoice>("{}").unwrap(), PackChoice::default());
    }
}
