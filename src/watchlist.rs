//! The workspace's watchlist (**Daftar pantau**, issue 14): the brand, domain, Telegram and phone keys of the
//! campaigns the analyst confirmed, kept as a rule pack of its own among the imported packs
//! ([`tapis_engine::campaign::watchlist_toml`]; id `tapis-daftar-pantau`), so that it is compiled with the other
//! packs, saved with them, exported as the TOML any pack is, and read by `tapis scan --pack` and `tapis rules test`.
//!
//! The pack's TOML is the list itself: each change reads its entries back from it
//! ([`tapis_engine::campaign::watch_entries`]), applies the change and writes it again. That is TOML, which the
//! page does not parse: [`edit_here`] runs in the worker's module (its `watch`), as an imported pack's check does.

use std::cell::RefCell;

use tapis_engine::campaign::{CampaignKey, WATCHLIST_ID, WatchEntry, watch_entries, watchlist_toml};

use crate::packs::{Convert, PackChoice};

/// The watchlist's file name, in error messages and as it is exported.
pub const FILE: &str = "daftar-pantau.toml";

/// A change to the watchlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A confirmed campaign's keys, written `kind:value` (a template's are left out: it has no words of its own),
    /// learned on `date` (`2026-12-06`) from `messages` messages, in `category`.
    Learn { keys: Vec<String>, category: String, date: String, messages: usize },
    /// The entry of this key (`brand:pulauwin`) removed.
    Forget { key: String },
    /// Another watchlist (a colleague's export, its TOML) merged in: of a key on both, the later decision is kept.
    Merge { toml: String },
    /// A learning undone: the entries of these keys put back as they were in `before` (a watchlist's TOML, empty
    /// for none): removed if it had none, whatever else changed since.
    Restore { keys: Vec<String>, before: String },
}

impl Change {
    /// The change as the page hands it to the worker's module: its kind and fields, separated by tabs (a key, a
    /// category and a date hold none; a merged file and the watchlist before a learning come last, whole). Plain
    /// text, not JSON: the page's module then carries no serializer for it (the first load's budget).
    pub fn encode(&self) -> String {
        match self {
            Change::Learn { keys, category, date, messages } => {
                format!("learn\t{category}\t{date}\t{messages}\t{}", keys.join("\t"))
            }
            Change::Forget { key } => format!("forget\t{key}"),
            Change::Merge { toml } => format!("merge\t{toml}"),
            Change::Restore { keys, before } => {
                let keys: String = keys.iter().map(|k| format!("{k}\t")).collect();
                format!("restore\t{}\t{keys}{before}", keys.matches('\t').count())
            }
        }
    }

    /// A change [`Change::encode`] wrote.
    ///
    /// # Errors
    /// When `text` is no change.
    pub fn decode(text: &str) -> Result<Change, String> {
        let bad = || format!("{FILE}: not a change to the watchlist: {:?}", text.chars().take(40).collect::<String>());
        let (kind, rest) = text.split_once('\t').ok_or_else(bad)?;
        Ok(match kind {
            "learn" => {
                let mut fields = rest.split('\t');
                let (category, date) = (fields.next().ok_or_else(bad)?, fields.next().ok_or_else(bad)?);
                let messages = fields.next().and_then(|n| n.parse().ok()).ok_or_else(bad)?;
                let keys = fields.filter(|k| !k.is_empty()).map(str::to_owned).collect();
                Change::Learn { keys, category: category.to_owned(), date: date.to_owned(), messages }
            }
            "forget" => Change::Forget { key: rest.to_owned() },
            "merge" => Change::Merge { toml: rest.to_owned() },
            "restore" => {
                let (count, mut rest) = rest.split_once('\t').ok_or_else(bad)?;
                let count: usize = count.parse().map_err(|_| bad())?;
                let mut keys = Vec::with_capacity(count.min(64));
                for _ in 0..count {
                    let (key, after) = rest.split_once('\t').ok_or_else(bad)?;
                    keys.push(key.to_owned());
                    rest = after;
                }
                Change::Restore { keys, before: rest.to_owned() }
            }
            _ => return Err(bad()),
        })
    }
}

/// What a campaign's confirmation taught the watchlist, kept with the decision in the journal so that undoing it
/// takes the learning back and redoing it learns again: the two changes, encoded ([`Change::encode`]), the
/// learning's and its undoing's, joined by a NUL (which neither holds). Encoded once, when the campaign is
/// confirmed: the page's module then carries neither a decoder nor a serializer of its own for them (the first
/// load's budget).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Learned(String);

impl Learned {
    /// `change` (a [`Change::Learn`]) made on the watchlist `before` (its TOML, empty for none): undone, its keys'
    /// entries are put back as they were in `before`.
    pub fn new(change: &Change, before: &str) -> Learned {
        let keys = match change {
            Change::Learn { keys, .. } => keys.clone(),
            _ => Vec::new(),
        };
        let undo = Change::Restore { keys, before: before.to_owned() };
        Learned(format!("{}\0{}", change.encode(), undo.encode()))
    }

    /// The change that takes the learning back, encoded.
    pub fn undo(&self) -> Option<&str> {
        self.0.split_once('\0').map(|(_, undo)| undo)
    }

    /// The change that learns again, encoded.
    pub fn redo(&self) -> Option<&str> {
        self.0.split_once('\0').map(|(redo, _)| redo)
    }
}

/// Whether a campaign with these keys (`kind:value`) teaches the watchlist anything: a brand, domain, Telegram or
/// phone key.
pub fn learns_from(keys: &[String]) -> bool {
    keys.iter().filter_map(|k| CampaignKey::parse(k)).any(|k| k.kind.is_watchable())
}

/// The watchlist `current` (its TOML; empty for none) with `change` made: its TOML, empty when no entry is left.
/// Parses TOML: linked in the worker's module and in tests, never in the page's module.
///
/// # Errors
/// When `current` or a merged watchlist is no valid pack (the engine's message), or `change` is not one.
pub fn edit_here(current: &str, change: &Change) -> Result<String, String> {
    let read = |name: &str, toml: &str| -> Result<Vec<WatchEntry>, String> {
        if toml.trim().is_empty() {
            return Ok(Vec::new());
        }
        let pack = tapis_engine::RulePack::from_toml(name, toml).map_err(|e| e.to_string())?;
        Ok(watch_entries(&pack))
    };
    let mut entries = read(FILE, current)?;
    // One entry a key: the later decision stands.
    let mut put = |entry: WatchEntry| match entries.iter_mut().find(|e| e.key == entry.key) {
        Some(kept) if kept.date <= entry.date => *kept = entry,
        Some(_) => {}
        None => entries.push(entry),
    };
    match change {
        Change::Learn { keys, category, date, messages } => {
            for key in keys.iter().filter_map(|k| CampaignKey::parse(k)).filter(|k| k.kind.is_watchable()) {
                put(WatchEntry { key, category: category.clone(), date: date.clone(), messages: *messages });
            }
        }
        Change::Merge { toml } => read("merged watchlist", toml)?.into_iter().for_each(put),
        Change::Forget { key } => entries.retain(|e| e.key.to_string() != *key),
        Change::Restore { keys, before } => {
            let before = read("the watchlist before", before)?;
            entries.retain(|e| !keys.contains(&e.key.to_string()));
            entries.extend(before.into_iter().filter(|e| keys.contains(&e.key.to_string())));
        }
    }
    Ok(if entries.is_empty() { String::new() } else { watchlist_toml(&entries) })
}

thread_local! {
    static EDIT: RefCell<Option<Convert>> = const { RefCell::new(None) };
}

/// The watchlist is edited with `edit` from now on (`import::runner` sets it, as it sets the packs' check).
pub fn edit_with(edit: Convert) {
    EDIT.set(Some(edit));
}

/// The TOML of the watchlist in `choice`, if it has one.
pub fn current(choice: &PackChoice) -> Option<&str> {
    let watchlist = |file: &&crate::packs::CustomPack| file.parse().is_ok_and(|p| p.id == WATCHLIST_ID);
    choice.custom.iter().find(watchlist).map(|file| file.toml.as_str())
}

/// `choice` with its watchlist changed (and left out when no entry is left), ready to apply.
///
/// # Errors
/// When the worker's module cannot be loaded, or a merged file is no watchlist.
pub async fn changed(choice: &PackChoice, change: String) -> Result<PackChoice, String> {
    let Some(edit) = EDIT.with_borrow(Clone::clone) else {
        return Err(format!("{FILE}: the watchlist cannot be edited on this page (no worker module was given)"));
    };
    let toml = edit(current(choice).unwrap_or_default().to_owned(), change).await?;
    if toml.is_empty() {
        return Ok(choice.without_pack(WATCHLIST_ID));
    }
    let json = crate::packs::checked_json(FILE, &toml).await?;
    choice.with_pack(FILE, &toml, &json)
}

/// Today, as the watchlist writes a decision's day: `2026-12-06`, the analyst's local date.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn(keys: &[&str], date: &str, messages: usize) -> Change {
        Change::Learn {
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            category: "perjudian".into(),
            date: date.into(),
            messages,
        }
    }

    fn rules(toml: &str) -> Vec<(String, String)> {
        let pack = tapis_engine::RulePack::from_toml(FILE, toml).unwrap();
        assert_eq!(pack.id, WATCHLIST_ID);
        pack.rules.into_iter().map(|r| (r.id, r.description)).collect()
    }

    #[test]
    fn a_confirmed_campaign_s_keys_are_learned_once_forgotten_and_merged() {
        let campaign = ["brand:pulauwin", "domain:pulauwin.com", "template:3f2a3f2a3f2a3f2a"];
        let toml = edit_here("", &learn(&campaign, "2026-12-06", 412)).unwrap();
        assert_eq!(
            rules(&toml),
            [
                (
                    "pantau.brand-pulauwin".into(),
                    "brand:pulauwin: dipelajari dari keputusan pada 2026-12-06 (412 pesan)".into()
                ),
                (
                    "pantau.domain-pulauwin-com".into(),
                    "domain:pulauwin.com: dipelajari dari keputusan pada 2026-12-06 (412 pesan)".into()
                ),
            ]
        );
        // The same key again: one entry, the later decision's.
        let toml = edit_here(&toml, &learn(&["brand:pulauwin"], "2026-12-08", 20)).unwrap();
        let read = rules(&toml);
        assert_eq!(read.len(), 2);
        assert!(read[0].1.ends_with("2026-12-08 (20 pesan)"), "{read:?}");
        // A colleague's watchlist: new keys added, an older decision on a key kept here does not win.
        let theirs = edit_here("", &learn(&["phone:+6281234567890", "brand:pulauwin"], "2026-12-07", 9)).unwrap();
        let merged = edit_here(&toml, &Change::Merge { toml: theirs }).unwrap();
        let read = rules(&merged);
        let ids: Vec<&str> = read.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["pantau.brand-pulauwin", "pantau.domain-pulauwin-com", "pantau.phone-6281234567890"]);
        assert!(read[0].1.ends_with("2026-12-08 (20 pesan)"), "{read:?}");
        // Forgotten one by one, down to nothing: no pack at all.
        let one = edit_here(&merged, &Change::Forget { key: "domain:pulauwin.com".into() }).unwrap();
        assert_eq!(rules(&one).len(), 2);
        let none = ["brand:pulauwin", "phone:+6281234567890"]
            .iter()
            .try_fold(one, |toml, key| edit_here(&toml, &Change::Forget { key: (*key).into() }))
            .unwrap();
        assert_eq!(none, "");
        // A campaign of a template alone teaches nothing; a broken file is refused, naming it.
        assert!(!learns_from(&["template:3f2a3f2a3f2a3f2a".into()]));
        assert!(learns_from(&campaign.map(String::from)));
        assert_eq!(edit_here("", &learn(&["template:3f2a3f2a3f2a3f2a"], "2026-12-06", 5)).unwrap(), "");
        let broken = edit_here("", &Change::Merge { toml: "id = ".into() }).unwrap_err();
        assert!(broken.contains("merged watchlist"), "{broken}");
    }

    #[test]
    fn undoing_a_learning_puts_its_keys_back_as_they_were_and_redoing_learns_again() {
        // Kept here: one key the campaign shares (an older decision), one it does not.
        let kept = edit_here("", &learn(&["brand:pulauwin", "phone:+6281234567890"], "2026-12-01", 7)).unwrap();
        let change = learn(&["brand:pulauwin", "domain:pulauwin.com"], "2026-12-06", 412);
        let learned = Learned::new(&change, &kept);
        let after = edit_here(&kept, &change).unwrap();
        assert_eq!(rules(&after).len(), 3);
        // Meanwhile a colleague's key is merged in: undo leaves it.
        let theirs = edit_here("", &learn(&["telegram:@infocuan"], "2026-12-06", 3)).unwrap();
        let after = edit_here(&after, &Change::Merge { toml: theirs }).unwrap();
        let undone = edit_here(&after, &Change::decode(learned.undo().unwrap()).unwrap()).unwrap();
        let read = rules(&undone);
        let ids: Vec<&str> = read.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["pantau.phone-6281234567890", "pantau.telegram-infocuan", "pantau.brand-pulauwin"]);
        assert!(read[2].1.ends_with("2026-12-01 (7 pesan)"), "{read:?}");
        // Redone: learned again, as first.
        let redone = edit_here(&undone, &Change::decode(learned.redo().unwrap()).unwrap()).unwrap();
        let read = rules(&redone);
        assert_eq!(read.len(), 4);
        assert!(read.iter().any(|(id, d)| id == "pantau.brand-pulauwin" && d.ends_with("2026-12-06 (412 pesan)")));
        // Learned on an empty watchlist and undone: nothing is left, so no pack.
        let first = Learned::new(&change, "");
        let learned_alone = edit_here("", &change).unwrap();
        assert_eq!(edit_here(&learned_alone, &Change::decode(first.undo().unwrap()).unwrap()).unwrap(), "");
    }

    #[test]
    fn changes_go_to_the_worker_s_module_and_back_as_they_were() {
        let changes = [
            learn(&["brand:pulauwin", "domain:pulauwin.com"], "2026-12-06", 412),
            learn(&[], "2026-12-06", 1),
            Change::Forget { key: "telegram:https://t.me/+AbC".into() },
            Change::Merge { toml: "id = \"x\"\n\tname = \"tab\tinside\"\n".into() },
            Change::Restore { keys: vec!["brand:pulauwin".into(), "phone:+62812".into()], before: "a\tb".into() },
            Change::Restore { keys: Vec::new(), before: String::new() },
        ];
        for change in changes {
            assert_eq!(Change::decode(&change.encode()).as_ref(), Ok(&change));
        }
        for bad in ["", "learn", "learn\tperjudian\t2026-12-06\tmany", "drop\tx", "restore\t2\tbrand:x", "restore\tx\t"]
        {
            assert!(Change::decode(bad).is_err(), "{bad:?}");
        }
    }
}
