//! Campaign keys: what a message shares with the other messages of one promotion campaign (a brand, a domain, a
//! Telegram handle, a phone number, a template), and the grouping of many messages into campaigns by those keys
//! (issue 14; `DESIGN.md`, "Campaigns"); and the watchlist ([`watchlist_toml`]), the rule pack that keys an
//! analyst decided on become.
//!
//! ```
//! use tapis_engine::campaign::{group, keys};
//!
//! let texts = [
//!     "Main di 𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉 sekarang, WA 0812-3456-7890",
//!     "P͓̽U͓̽L͓̽A͓̽U͓̽W͓̽I͓̽N͓̽ gacor, hubungi wa.me/6281234567890",
//!     "Nonton di youtube.com dulu ah",
//! ];
//! let keys: Vec<_> = texts.iter().map(|t| keys(t)).collect();
//! let shown: Vec<String> = keys[0].keys.iter().map(|k| k.to_string()).collect();
//! assert_eq!(shown, ["brand:pulauwin", "phone:+6281234567890"]);
//! let campaigns = group(&keys);
//! assert_eq!(campaigns[0].messages, [0, 1]);
//! assert_eq!(campaigns[0].keys.len(), 2); // the brand and the phone join the same two messages
//! ```

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::brand::{brands, number_in_words, words};
use crate::fold::{CharFold, Fold, fold_char};
use crate::links::{LinkKind, extract};
use crate::{ANY_NUMBER, View, normalize};

mod watchlist;

pub use watchlist::{
    WATCHLIST_ID, WATCHLIST_NAME, WATCHLIST_SEVERITY, WatchEntry, watch_entries, watch_key, watchlist, watchlist_toml,
};

/// What a [`CampaignKey`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    /// A brand-shaped name (`jaya88`, `zeus 1 3 8`) or a word written disguised (`𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉`), folded: `pulauwin`.
    Brand,
    /// The registrable domain of a link (`situs88.com`); for a shortener or a group invite, the link itself
    /// without its scheme (`bit.ly/abc`).
    Domain,
    /// A Telegram username (`@name`, from `t.me/name` or an `@mention`), or an invite link.
    Telegram,
    /// A phone number, from a WhatsApp link, an e-wallet or the text: `+628…`.
    Phone,
    /// Near-duplicate text: a campaign's template key is named by its first message's words (16 hex digits).
    Template,
    /// Near-duplicate photos (issue 21): a cluster of PDQ hashes within the match threshold of one another, named by
    /// the first 16 hex digits of its smallest hash, so that the same photos name the same key in every import.
    /// Given by the app's worker and `tapis scan`, which hash the export's photos; never by [`group`].
    Image,
}

impl KeyKind {
    /// A lowercase name, e.g. `brand`: what a key is written with (`brand:pulauwin`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Brand => "brand",
            KeyKind::Domain => "domain",
            KeyKind::Telegram => "telegram",
            KeyKind::Phone => "phone",
            KeyKind::Template => "template",
            KeyKind::Image => "image",
        }
    }

    /// Whether a key of this kind can go on the watchlist, as a rule matching text: names, domains, usernames and
    /// numbers can; a template (what several messages' words share) and a cluster of photos cannot.
    pub fn is_watchable(self) -> bool {
        !matches!(self, KeyKind::Template | KeyKind::Image)
    }
}

/// One key a message carries, written `kind:value` (`brand:pulauwin`, `domain:situs88.com`, `phone:+628…`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CampaignKey {
    /// What it is.
    pub kind: KeyKind,
    /// Its normalised value.
    pub value: String,
}

impl CampaignKey {
    /// A key of `kind` with `value`.
    pub fn new(kind: KeyKind, value: impl Into<String>) -> CampaignKey {
        CampaignKey { kind, value: value.into() }
    }

    /// A key as [`Display`](fmt::Display) writes it, `kind:value`; `None` for another text.
    pub fn parse(text: &str) -> Option<CampaignKey> {
        let (kind, value) = text.split_once(':')?;
        let kind =
            [KeyKind::Brand, KeyKind::Domain, KeyKind::Telegram, KeyKind::Phone, KeyKind::Template, KeyKind::Image]
                .into_iter()
                .find(|k| k.as_str() == kind)?;
        (!value.is_empty()).then(|| CampaignKey::new(kind, value))
    }
}

impl fmt::Display for CampaignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.value)
    }
}

/// What one message brings to grouping: its keys, and the words and signature that find near-duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageKeys {
    /// The brand, domain, Telegram and phone keys, sorted, each once. Template keys are given by [`group`]: a
    /// template is what several messages share.
    pub keys: Vec<CampaignKey>,
    /// The message's words in the spaced view (letters only, two or more, brand names left out), hashed, sorted,
    /// each once: what a template and a plain mention of a brand are compared on.
    pub words: Vec<u64>,
    /// The MinHash band hashes of `words`, when the message has at least [`TEMPLATE_MIN_WORDS`] of them.
    pub bands: Option<[u64; BANDS]>,
}

/// A message with fewer distinct words than this has no template: short comments coincide by chance.
pub const TEMPLATE_MIN_WORDS: usize = 6;
/// MinHash bands; each band hashes [`ROWS`] minimum hashes. Two messages whose word sets have a Jaccard
/// similarity `s` share a band with probability `1 - (1 - s^ROWS)^BANDS`: 0.98 at 0.8, 0.74 at 0.6, 0.23 at 0.4.
pub const BANDS: usize = 10;
/// Minimum hashes per band.
pub const ROWS: usize = 4;
/// Disguised words in one message above which none of them is a brand key: a message written wholly in styled
/// letters is a style, not a name (brand-shaped tokens with a number still are).
const MAX_DISGUISED_WORDS: usize = 3;

/// The campaign keys of one message.
pub fn keys(text: &str) -> MessageKeys {
    let mut keys = Vec::new();
    let spaced = normalize(text, View::Spaced);
    let tokens = words(&spaced);
    let numbers = [ANY_NUMBER.to_owned()];
    let mut names: Vec<String> = Vec::new();
    brands(&spaced, &tokens, &numbers, true, |b| {
        let name: String = spaced[b.start..b.number.0].chars().filter(char::is_ascii_alphanumeric).collect();
        let number = &spaced[b.number.0..b.number.1];
        let number = match b.number.2 {
            Some(Fold::NumberWord) => number_in_words(number),
            _ => Some(number.chars().filter(char::is_ascii_alphanumeric).collect()),
        };
        if let Some(number) = number {
            names.push(name + &number);
        }
    });
    let disguised = disguised_words(text);
    if disguised.len() <= MAX_DISGUISED_WORDS {
        names.extend(disguised);
    }
    for name in &names {
        keys.push(CampaignKey::new(KeyKind::Brand, name.clone()));
    }
    for link in extract(text) {
        let key = match link.kind {
            LinkKind::Url | LinkKind::Domain | LinkKind::WhatsAppGroup => {
                let Some(host) = &link.host else { continue };
                if host.shortener || link.kind == LinkKind::WhatsAppGroup {
                    // Where a shortener leads is not in the text: the link itself is what messages share.
                    let bare = link.value.split_once("://").map_or(link.value.as_str(), |(_, rest)| rest);
                    let bare = bare.trim_end_matches('/');
                    if !bare.contains('/') {
                        continue;
                    }
                    CampaignKey::new(KeyKind::Domain, bare)
                } else if is_platform(&host.registrable) {
                    continue;
                } else {
                    CampaignKey::new(KeyKind::Domain, host.registrable.clone())
                }
            }
            LinkKind::Telegram | LinkKind::Mention => {
                CampaignKey::new(KeyKind::Telegram, link.value.to_ascii_lowercase())
            }
            LinkKind::TelegramInvite => CampaignKey::new(KeyKind::Telegram, link.value),
            LinkKind::WhatsApp | LinkKind::Phone => CampaignKey::new(KeyKind::Phone, link.value),
            LinkKind::EWallet => match link.value.split_once(':') {
                Some((_, phone)) => CampaignKey::new(KeyKind::Phone, phone),
                None => continue,
            },
            _ => continue,
        };
        keys.push(key);
    }
    keys.sort_unstable();
    keys.dedup();

    // Words for templates: letters only (a swapped number or brand-shaped token is not part of a template), not
    // the names that are brand keys (a swapped name is not either).
    let mut hashes: Vec<u64> = Vec::new();
    for &(s, e) in tokens.spans() {
        let word = &spaced[s..e];
        if word.len() < 2 || !word.chars().all(char::is_alphabetic) || names.iter().any(|n| n == word) {
            continue;
        }
        hashes.push(hash(word.as_bytes()));
    }
    hashes.sort_unstable();
    hashes.dedup();
    let bands = (hashes.len() >= TEMPLATE_MIN_WORDS).then(|| minhash_bands(&hashes));
    MessageKeys { keys, words: hashes, bands }
}

/// Big platforms whose domain every kind of message links to: a link there is not a campaign's own.
const PLATFORMS: &[&str] = &[
    "facebook.com",
    "fb.com",
    "fb.watch",
    "google.com",
    "instagram.com",
    "shopee.co.id",
    "tiktok.com",
    "tokopedia.com",
    "twitter.com",
    "wikipedia.org",
    "x.com",
    "youtu.be",
    "youtube.com",
];

fn is_platform(registrable: &str) -> bool {
    PLATFORMS.binary_search(&registrable).is_ok()
}

/// The words of `text` written disguised, folded to ASCII letters and digits (`𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉`, `P͓̽U͓̽L͓̽A͓̽U͓̽W͓̽I͓̽N͓̽`,
/// `AЕR𝐎𝟴𝟴` with a Cyrillic `Е` → `pulauwin`, `pulauwin`, `aero88`). A word is disguised when half its letters
/// and digits or more are styled (mathematical, fullwidth, circled, squared: [`Fold::Compatibility`]) or carry
/// combining marks, or when it mixes Latin letters with Cyrillic or Greek ones. Accents on a letter or two
/// (`café`) are not a disguise; a word needs four letters, or three and a number, once folded.
pub(crate) fn disguised_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if text.is_ascii() {
        return out;
    }
    let in_word = |c: char| c.is_alphanumeric() || (!c.is_ascii() && matches!(fold_char(c), CharFold::Drop(_)));
    for word in text.split(|c: char| !in_word(c)) {
        if word.is_ascii() {
            continue;
        }
        let (mut chars, mut styled, mut marked, mut latin, mut other) = (0, 0, 0, false, false);
        let mut last_marked = false;
        for c in word.chars() {
            match fold_char(c) {
                CharFold::Drop(folds) if folds.contains(Fold::Overlay) || folds.contains(Fold::Diacritic) => {
                    if !last_marked {
                        marked += 1;
                        last_marked = true;
                    }
                    continue;
                }
                CharFold::Drop(_) => continue,
                CharFold::One(f, folds) => {
                    if folds.contains(Fold::Compatibility) && f.is_ascii_alphanumeric() {
                        styled += 1;
                        latin |= f.is_ascii_alphabetic();
                    }
                }
                CharFold::Many(..) => {}
            }
            last_marked = false;
            if c.is_alphanumeric() {
                chars += 1;
            }
            latin |= c.is_ascii_alphabetic();
            other |= matches!(c as u32, 0x370..=0x52F); // Greek and Cyrillic
        }
        let disguised = chars > 0 && (2 * (styled + marked) >= chars || (latin && other));
        if !disguised {
            continue;
        }
        let key: String = normalize(word, View::Disguised).chars().filter(char::is_ascii_alphanumeric).collect();
        let letters = key.bytes().filter(u8::is_ascii_alphabetic).count();
        let digits = key.len() - letters;
        if (letters >= 4 || (letters == 3 && digits > 0)) && !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

/// FNV-1a, then a SplitMix64 finaliser: fixed, so native and wasm give the same keys.
fn hash(bytes: &[u8]) -> u64 {
    mix(bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)))
}

/// SplitMix64's finaliser: a bijection that spreads every input bit over the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The band hashes of a word set's MinHash signature: `BANDS × ROWS` hash functions (the word hash mixed with a
/// fixed seed each), the minimum of each over the words, and each band's `ROWS` minimums hashed with its index.
fn minhash_bands(words: &[u64]) -> [u64; BANDS] {
    let mut mins = [u64::MAX; BANDS * ROWS];
    for &w in words {
        for (i, min) in mins.iter_mut().enumerate() {
            let h = mix(w ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            *min = (*min).min(h);
        }
    }
    let mut bands = [0; BANDS];
    for (b, band) in bands.iter_mut().enumerate() {
        *band = mins[b * ROWS..(b + 1) * ROWS].iter().fold(mix(b as u64 + 1), |h, &m| mix(h ^ m));
    }
    bands
}

/// The Jaccard similarity of two sorted sets of word hashes, and how many they share.
fn jaccard(a: &[u64], b: &[u64]) -> (f64, usize) {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    (if union == 0 { 0.0 } else { shared as f64 / union as f64 }, shared)
}

/// How [`group_with`] groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    /// The fewest messages a campaign has.
    pub min_size: usize,
    /// A key carried by more than this share of the messages is dropped (when there are at least
    /// [`Grouping::share_from`] messages): ordinary text shares it, it names no campaign.
    pub max_share: f64,
    /// The number of messages from which `max_share` applies (a small input is often one campaign).
    pub share_from: usize,
    /// The Jaccard similarity of their words from which a message joins a template's first message.
    pub similarity: f64,
    /// A plain mention of a brand key's name (`pulauwin` written plainly) joins the brand's campaign when the
    /// name is written disguised or brand-shaped in at least this many messages...
    pub plain_min_disguised: usize,
    /// ...and plainly in at most this many times as many: an ordinary word written in styled letters now and
    /// then is written plainly far more often.
    pub plain_ratio: usize,
}

impl Default for Grouping {
    fn default() -> Grouping {
        Grouping {
            min_size: 2,
            max_share: 0.1,
            share_from: 1_000,
            similarity: 0.6,
            plain_min_disguised: 3,
            plain_ratio: 4,
        }
    }
}

/// A group of messages that share one or more keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// The keys every message of the campaign carries (several when they join exactly the same messages), sorted.
    pub keys: Vec<CampaignKey>,
    /// The messages, as indices into the input, ascending.
    pub messages: Vec<u32>,
}

/// The campaigns of `messages` (each message's [`keys`]), largest first, with the default [`Grouping`].
pub fn group(messages: &[MessageKeys]) -> Vec<Campaign> {
    group_with(messages, &Grouping::default())
}

/// The campaigns of `messages`, largest first (then by key). One key at a time: a campaign is the messages that
/// carry one key, never the closure over keys, so a key that two unrelated campaigns share does not merge them;
/// keys that join exactly the same messages are one campaign. A message can be in several campaigns (its brand's
/// and its template's). See `DESIGN.md`, "Campaigns".
pub fn group_with(messages: &[MessageKeys], options: &Grouping) -> Vec<Campaign> {
    let n = messages.len();
    let mut by_key: HashMap<&CampaignKey, Vec<u32>> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        for key in &m.keys {
            by_key.entry(key).or_default().push(i as u32);
        }
    }

    // Plain mentions of a brand's name.
    let mut names: HashMap<u64, &CampaignKey> = HashMap::new();
    for (key, carriers) in &by_key {
        if key.kind == KeyKind::Brand
            && carriers.len() >= options.plain_min_disguised
            && key.value.bytes().all(|b| b.is_ascii_alphabetic())
        {
            names.insert(hash(key.value.as_bytes()), *key);
        }
    }
    if !names.is_empty() {
        let mut plain: HashMap<&CampaignKey, Vec<u32>> = HashMap::new();
        for (i, m) in messages.iter().enumerate() {
            for w in &m.words {
                if let Some(&key) = names.get(w) {
                    plain.entry(key).or_default().push(i as u32);
                }
            }
        }
        for (key, found) in plain {
            let carriers = by_key.get_mut(key).expect("a name is a key");
            let found: Vec<u32> = found.into_iter().filter(|i| carriers.binary_search(i).is_err()).collect();
            if found.len() <= options.plain_ratio * carriers.len() {
                carriers.extend(found);
                carriers.sort_unstable();
            }
        }
    }

    let cap = if n >= options.share_from { (options.max_share * n as f64) as usize } else { usize::MAX };
    let mut sets: HashMap<Vec<u32>, Vec<CampaignKey>> = HashMap::new();
    for (key, carriers) in by_key {
        if carriers.len() >= options.min_size.max(1) && carriers.len() <= cap {
            sets.entry(carriers).or_default().push(key.clone());
        }
    }
    for (template, members) in templates(messages, options) {
        if members.len() >= options.min_size.max(1) && members.len() <= cap {
            sets.entry(members).or_default().push(template);
        }
    }

    let mut campaigns: Vec<Campaign> = sets
        .into_iter()
        .map(|(messages, mut keys)| {
            keys.sort_unstable();
            Campaign { keys, messages }
        })
        .collect();
    campaigns.sort_unstable_by(|a, b| b.messages.len().cmp(&a.messages.len()).then_with(|| a.keys.cmp(&b.keys)));
    campaigns
}

/// Near-duplicates, by leader: messages in input order; a message joins the template of the most similar earlier
/// first message ("leader") that shares a MinHash band with it and whose words it shares at
/// [`Grouping::similarity`] or more, else it leads a template of its own. Every member is that close to its
/// leader, so templates do not drift from one message to the next.
fn templates(messages: &[MessageKeys], options: &Grouping) -> Vec<(CampaignKey, Vec<u32>)> {
    /// Leaders looked at per band: a band that many short texts share is not worth reading through.
    const MAX_CANDIDATES: usize = 32;
    let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut candidates: Vec<u32> = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let Some(bands) = &m.bands else { continue };
        candidates.clear();
        for band in bands {
            if let Some(leaders) = buckets.get(band) {
                candidates.extend(leaders.iter().take(MAX_CANDIDATES));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(f64, u32)> = None;
        for &l in &candidates {
            let (s, shared) = jaccard(&m.words, &messages[l as usize].words);
            if s >= options.similarity && shared >= TEMPLATE_MIN_WORDS / 2 && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, l));
            }
        }
        match best {
            Some((_, l)) => members.entry(l).or_default().push(i as u32),
            None => {
                for band in bands {
                    buckets.entry(*band).or_default().push(i as u32);
                }
                members.insert(i as u32, vec![i as u32]);
            }
        }
    }
    members
        .into_iter()
        .filter(|(_, m)| m.len() > 1)
        .map(|(leader, m)| {
            let words = &messages[leader as usize].words;
            let name = words.iter().fold(0u64, |h, &w| mix(h ^ w));
            (CampaignKey::new(KeyKind::Template, format!("{name:016x}")), m)
        })
        .collect()
}

#[cfg(test)]
mod tests;
