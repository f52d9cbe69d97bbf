//! The watchlist (**Daftar pantau**, issue 14): campaign keys an analyst decided on, turned into a rule pack of
//! their own, so that every message that carries one of them, now or later, is matched in every disguise the
//! engine sees through. See `DESIGN.md`, "Campaigns", for the shape of each rule.

use std::fmt::Write as _;

use super::{CampaignKey, KeyKind};
use crate::fold::{Replacement, confusable};
use crate::{Error, RulePack, Severity};

/// The watchlist pack's id.
pub const WATCHLIST_ID: &str = "tapis-daftar-pantau";
/// Its name, as analysts see it.
pub const WATCHLIST_NAME: &str = "Daftar pantau";
/// The severity of every watchlist rule: a campaign an analyst confirmed is likely negative content, and a flag
/// (medium or above) asks for a look at each new message rather than flagging it unread.
pub const WATCHLIST_SEVERITY: Severity = Severity::Medium;

/// One key on the watchlist: what was decided, on what date, over how many messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchEntry {
    /// A brand, domain, Telegram or phone key (a template has no words of its own to match: it is left out).
    pub key: CampaignKey,
    /// The category of the rule, e.g. `perjudian`.
    pub category: String,
    /// The day of the decision, e.g. `2026-12-06`.
    pub date: String,
    /// How many messages the decided campaign held.
    pub messages: usize,
}

/// The watchlist as a TOML rule pack (`id = "tapis-daftar-pantau"`, `name = "Daftar pantau"`), one rule per entry
/// in the order given, each carrying test cases (the key in disguise must match, an unrelated message must not),
/// so that `tapis rules test` checks it like any pack. Template keys, and keys with nothing to match, are left
/// out. The version is the latest date of the entries.
pub fn watchlist_toml(entries: &[WatchEntry]) -> String {
    let version = entries.iter().map(|e| e.date.as_str()).max().unwrap_or("0");
    let mut out = String::new();
    out += "# Tapis: Daftar pantau, campaign keys learned from analysts' decisions (issue 14).\n";
    out += "# Made by Tapis; load it like any pack: `tapis scan --pack FILE`, `tapis rules test FILE`.\n";
    let _ = writeln!(out, "id = {}", quote(WATCHLIST_ID));
    let _ = writeln!(out, "version = {}", quote(version));
    let _ = writeln!(out, "name = {}", quote(WATCHLIST_NAME));
    let mut ids: Vec<String> = Vec::new();
    for entry in entries {
        let Some(shape) = shape(&entry.key) else { continue };
        let mut id = format!("pantau.{}-{}", entry.key.kind.as_str(), slug(&entry.key.value));
        if ids.contains(&id) {
            let base = id.clone();
            id = (2..).map(|n| format!("{base}-{n}")).find(|id| !ids.contains(id)).expect("a free id");
        }
        ids.push(id.clone());
        let category = if entry.category.is_empty() { "perjudian" } else { entry.category.as_str() };
        let _ = writeln!(out, "\n[[rule]]");
        let _ = writeln!(out, "id = {}", quote(&id));
        let _ = writeln!(out, "category = {}", quote(category));
        let _ = writeln!(out, "severity = {}", quote(WATCHLIST_SEVERITY.as_str()));
        let description = format!("{}{LEARNED}{} ({} pesan)", entry.key, entry.date, entry.messages);
        let _ = writeln!(out, "description = {}", quote(&description));
        if let Some(d) = shape.disguise {
            let _ = writeln!(out, "disguise = {d}");
        }
        if !shape.terms.is_empty() {
            let _ = writeln!(out, "terms = [{}]", list(&shape.terms));
        }
        if !shape.patterns.is_empty() {
            // Literal strings, as pack authors write patterns: no backslash doubled.
            let patterns: Vec<String> = shape
                .patterns
                .iter()
                .map(|p| if p.contains('\'') || p.chars().any(char::is_control) { quote(p) } else { format!("'{p}'") })
                .collect();
            let _ = writeln!(out, "patterns = [{}]", patterns.join(", "));
        }
        let _ = writeln!(out, "tests = [");
        for (text, matches) in &shape.tests {
            let _ = writeln!(out, "    {{ text = {}, matches = {matches} }},", quote(text));
        }
        let _ = writeln!(out, "]");
    }
    out
}

/// What a watchlist rule's description says after its key: `brand:pulauwin: dipelajari dari keputusan pada
/// 2026-12-06 (412 pesan)`.
const LEARNED: &str = ": dipelajari dari keputusan pada ";

/// The key (`kind:value`) a watchlist rule's description starts with, if it is one [`watchlist_toml`] wrote.
pub fn watch_key(description: &str) -> Option<&str> {
    description.split_once(LEARNED).map(|(key, _)| key)
}

/// The entries of a watchlist pack (one [`watchlist_toml`] wrote, as it was exported or imported): each rule's key,
/// day and count read back from its description, its category from its own. Rules that are not a watchlist's
/// (written by hand, or of another pack) are left out, so the entries of two watchlists can be merged and
/// written again.
pub fn watch_entries(pack: &RulePack) -> Vec<WatchEntry> {
    let entry = |rule: &crate::Rule| {
        let (key, learned) = rule.description.split_once(LEARNED)?;
        let (date, count) = learned.split_once(" (")?;
        let messages = count.strip_suffix(" pesan)")?.parse().ok()?;
        Some(WatchEntry {
            key: CampaignKey::parse(key)?,
            category: rule.category.clone(),
            date: date.to_owned(),
            messages,
        })
    };
    pack.rules.iter().filter(|rule| rule.id.starts_with("pantau.")).filter_map(entry).collect()
}

/// The watchlist as a pack, parsed from [`watchlist_toml`]: what an exported file loads as.
pub fn watchlist(entries: &[WatchEntry]) -> Result<RulePack, Error> {
    RulePack::from_toml("daftar-pantau.toml", &watchlist_toml(entries))
}

/// What one rule asks, and its test cases.
#[derive(Debug, Default)]
struct Shape {
    /// `disguise`, as written in TOML.
    disguise: Option<&'static str>,
    terms: Vec<String>,
    patterns: Vec<String>,
    tests: Vec<(String, bool)>,
}

/// An unrelated message, which no rule of the watchlist may match.
const UNRELATED: &str = "Rapat RT diundur ke hari Sabtu, mohon kabari tetangga";

/// The terms and patterns that catch `key` in the engine's views, with tests. `None` for a template, or a key
/// with no letter or digit.
fn shape(key: &CampaignKey) -> Option<Shape> {
    let value = key.value.trim();
    if !value.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut s = Shape::default();
    match key.kind {
        KeyKind::Template | KeyKind::Image => return None,
        KeyKind::Brand => {
            // The views undo styled letters, spacing and leetspeak (`𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉`, `P U L A U W I N`, `pulauw1n`); a
            // name and its number are also written apart (`jaya 88`) and in words (`jaya delapan delapan`).
            s.terms.push(value.to_owned());
            let (name, number) = split_number(value);
            if number.is_empty() {
                // A name without a number is a key only where it is written disguised (`campaign::keys`): so is
                // the rule. An ordinary word that a promotion styled (`𝐓𝐄𝐑𝐔𝐒`) would otherwise flag every plain
                // `terus`; a plain mention of the name is left to grouping, which weighs it.
                s.disguise = Some(ANY_DISGUISE);
            }
            if !name.is_empty() && !number.is_empty() {
                s.terms.push(format!("{name} {number}"));
                // A brand's name and number cut into pieces by punctuation, spaces or emoji (`J-A-YA88`, `JA YA 8 8`,
                // `J,A,YA88`), as the campaign key reads them: any three non-letters between two characters. Each
                // letter also as its Cyrillic and Greek look-alikes: in a word that mixes scripts the disguised
                // view reads the digits as leetspeak too (`JАYА88` is `jayabb` there), so the plain view is where
                // the name and its number are found.
                let chars: Vec<String> = value.chars().map(look_alikes).collect();
                s.patterns.push(format!(r"\b{}\b", chars.join(PIECES)));
                if number.bytes().all(|b| b.is_ascii_digit()) && !number.starts_with('0') {
                    let digits: Vec<&str> = number.bytes().map(|b| DIGITS[usize::from(b - b'0')]).collect();
                    s.terms.push(format!("{name} {}", digits.join(" ")));
                    if let Some(words) = composed(number).filter(|w| *w != digits.join(" ")) {
                        s.terms.push(format!("{name} {words}"));
                    }
                }
            }
            s.tests.push((format!("Main di {} sekarang", styled(value)), true));
            s.tests.push((format!("gas {} gacor", spaced(value)), true));
            // Leetspeak inside a word (`pulauw1n`); a name before its number is read as a number's name, not as
            // leetspeak (`j4ya88` is not `jaya88`, as `docs/rules.md` says).
            if let Some(leet) = leet(name).filter(|_| number.is_empty()) {
                s.tests.push((format!("daftar {leet} hari ini"), true));
            }
            if number.is_empty() {
                s.tests.push((format!("main di {value} saja"), false));
            }
        }
        KeyKind::Domain => {
            // A domain's dots are written `[.]`, `(.)`, ` . `, ` dot `, `(dot)` or fullwidth to dodge filters; the
            // views fold styled letters and case, and the pattern takes every such dot between the labels. A
            // shortener's key keeps its path (`bit.ly/promo88`).
            let (host, path) = value.split_once('/').map_or((value, None), |(h, p)| (h, Some(p)));
            let labels: Vec<String> = host.split('.').filter(|l| !l.is_empty()).map(regex::escape).collect();
            let mut pattern = format!(r"\b{}", labels.join(DOT));
            match path {
                Some(path) => pattern += &format!(r"/{}\b", regex::escape(path)),
                None => pattern += r"\b",
            }
            s.patterns.push(pattern);
            s.tests.push((format!("daftar di hxxps://{}", value.replacen('.', "[.]", 1)), true));
            s.tests.push((format!("link {}", value.replacen('.', " . ", 1)), true));
            s.tests.push((format!("buka {}", styled(value)), true));
            if path.is_none() && labels.len() == 2 {
                s.tests.push((format!("situs {} dot {}", labels[0], labels[1]), true));
            }
        }
        KeyKind::Telegram => {
            if let Some(name) = value.strip_prefix('@') {
                // `t.me/name`, `@name` and the name alone (`𝙣𝙖𝙢𝙚`) all hold the name as a word.
                s.terms.push(name.to_owned());
                s.tests.push((format!("join t.me/{name} sekarang"), true));
                s.tests.push((format!("hubungi @{}", name.to_ascii_uppercase()), true));
            } else {
                // An invite link: its code, matched case-insensitively (the views fold case).
                let code = value.rsplit(['/', '+']).find(|c| !c.is_empty()).unwrap_or(value);
                s.terms.push(code.to_owned());
                s.tests.push((format!("gabung {value}"), true));
            }
        }
        KeyKind::Phone => {
            // `+628…`: written `08…`, `+62 8…`, `62 8…`, `wa.me/628…`, with spaces, dots or dashes between digits.
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            let Some(national) = digits.strip_prefix("62").filter(|n| n.len() >= 6) else {
                let spread = spread_digits(&digits);
                s.patterns.push(format!(r"\+?(?:\b|\+){spread}\b"));
                s.tests.push((format!("hubungi {value}"), true));
                s.tests.push((UNRELATED.to_owned(), false));
                return Some(s);
            };
            s.patterns.push(format!(r"(?:(?:\+|\b)62[ .\-]?|\(\+?62\)[ .\-]?|\b0){}\b", spread_digits(national)));
            let (a, rest) = national.split_at(3.min(national.len()));
            let (b, c) = rest.split_at(4.min(rest.len()));
            s.tests.push((format!("WA 0{a}-{b}-{c} fast respon"), true));
            s.tests.push((format!("chat wa.me/62{national}"), true));
            s.tests.push((format!("hubungi +62 {a} {b} {c}"), true));
            let last = national.as_bytes()[national.len() - 1];
            let other = format!(
                "0{}{}",
                &national[..national.len() - 1],
                if last == b'9' { '0' } else { char::from(last + 1) }
            );
            s.tests.push((format!("nomor lain {other}"), false));
        }
    }
    s.tests.push((UNRELATED.to_owned(), false));
    Some(s)
}

/// `disguise` of a rule for a name without a number: any disguise at all (one leetspeak digit in a long name is a
/// few percent of its letters).
const ANY_DISGUISE: &str = "0.01";

/// A regular expression of a letter and its Cyrillic and Greek look-alikes (the engine's table): `a` → `[aаα…]`;
/// anything else escaped.
fn look_alikes(c: char) -> String {
    if !c.is_ascii_lowercase() {
        return regex::escape(&c.to_string());
    }
    let mut class = String::from("[");
    class.push(c);
    for other in (0x370..=0x52F).filter_map(char::from_u32) {
        let imitates = match confusable(other) {
            Some(Replacement::Char(r, _)) => r == c,
            Some(Replacement::Str(r, _)) => r.len() == 1 && r.starts_with(c),
            None => false,
        };
        if imitates && other.is_lowercase() {
            class.push(other);
        }
    }
    if class.len() == 2 { c.to_string() } else { class + "]" }
}

/// Between the characters of a brand's name and number: a few characters that are no ASCII letter or digit (the
/// views fold styled letters and digits to ASCII; a Unicode class repeated between every two characters would
/// compile too large).
const PIECES: &str = r"[^a-z0-9]{0,3}";

/// A dot between a domain's labels, as written to dodge filters: `.`, `[.]`, `(.)`, ` . `, ` dot `, `(dot)`,
/// `[dot]`, fullwidth and ideographic dots.
const DOT: &str = r"(?:\s?[.。．｡]\s?|\s?[\[({]\s?(?:[.。．｡]|dot)\s?[\])}]\s?|\sdot\s)";

/// Digits with an optional space, dot or dash between each two: `812` → `8[ .\-]?1[ .\-]?2`.
fn spread_digits(digits: &str) -> String {
    let spread: Vec<String> = digits.chars().map(String::from).collect();
    spread.join(r"[ .\-]?")
}

/// A brand's name and its number: `jaya88` → (`jaya`, `88`), `dewa4d` → (`dewa`, `4d`), `pulauwin` → (`pulauwin`,
/// ``).
fn split_number(value: &str) -> (&str, &str) {
    let letters = value.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (name, number) = value.split_at(letters);
    let is_number = number.len() <= 5
        && number.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && number.trim_end_matches('d').bytes().all(|b| b.is_ascii_digit());
    if name.len() >= 3 && is_number { (name, number) } else { (value, "") }
}

const DIGITS: [&str; 10] = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];

/// A number from 10 to 999 in Indonesian words, composed (`138` → `seratus tiga puluh delapan`).
fn composed(number: &str) -> Option<String> {
    let n: u32 = number.parse().ok()?;
    if !(10..1000).contains(&n) {
        return None;
    }
    let below_100 = |n: u32| -> String {
        match n {
            0 => String::new(),
            1..=9 => DIGITS[n as usize].to_owned(),
            10 => "sepuluh".to_owned(),
            11 => "sebelas".to_owned(),
            12..=19 => format!("{} belas", DIGITS[(n - 10) as usize]),
            _ if n.is_multiple_of(10) => format!("{} puluh", DIGITS[(n / 10) as usize]),
            _ => format!("{} puluh {}", DIGITS[(n / 10) as usize], DIGITS[(n % 10) as usize]),
        }
    };
    let hundreds = match n / 100 {
        0 => String::new(),
        1 => "seratus".to_owned(),
        h => format!("{} ratus", DIGITS[h as usize]),
    };
    let words = [hundreds, below_100(n % 100)].into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>();
    Some(words.join(" "))
}

/// In mathematical sans-serif bold italic capitals and bold digits: `pulauwin` → `𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉`.
fn styled(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z' => char::from_u32(0x1D63C + (c as u32 - 'a' as u32)).unwrap_or(c),
            'A'..='Z' => char::from_u32(0x1D63C + (c as u32 - 'A' as u32)).unwrap_or(c),
            '0'..='9' => char::from_u32(0x1D7CE + (c as u32 - '0' as u32)).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Capitals spread apart: `pulauwin` → `P U L A U W I N`.
fn spaced(text: &str) -> String {
    let letters: Vec<String> = text.chars().map(|c| c.to_ascii_uppercase().to_string()).collect();
    letters.join(" ")
}

/// The name with one letter written as a digit (`pulauwin` → `pulauw1n`), if it has such a letter inside.
fn leet(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let i = (1..chars.len().saturating_sub(1)).rev().find(|&i| matches!(chars[i], 'i' | 'o' | 'e' | 'a'))?;
    let mut out = chars.clone();
    out[i] = match chars[i] {
        'i' => '1',
        'o' => '0',
        'e' => '3',
        _ => '4',
    };
    Some(out.into_iter().collect())
}

/// A rule id's part: lowercase letters and digits, `-` for anything else.
fn slug(value: &str) -> String {
    let mut out = String::new();
    for c in value.trim_start_matches(['@', '+']).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(48).collect()
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| quote(i)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    fn entry(kind: KeyKind, value: &str) -> WatchEntry {
        WatchEntry {
            key: CampaignKey::new(kind, value),
            category: "perjudian".into(),
            date: "2026-12-06".into(),
            messages: 412,
        }
    }

    /// Each row: a key, texts the watchlist must match, texts it must not.
    #[test]
    fn keys_round_trip_through_toml_and_match_in_disguise() {
        let rows: &[(KeyKind, &str, &[&str], &[&str])] = &[
            (
                KeyKind::Brand,
                "pulauwin",
                &["𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉 gacor", "P U L A U W I N", "main di pulauw1n", "P͓̽U͓̽L͓̽A͓̽U͓̽W͓̽I͓̽N͓̽ mantap"],
                &["pulau seribu indah", "pulauwinata", "main di Pulauwin", UNRELATED],
            ),
            (
                KeyKind::Brand,
                "jaya88",
                &[
                    "𝐉𝐀𝐘𝐀𝟖𝟖",
                    "JAYA 88 gacor",
                    "j a y a 8 8",
                    "Jaya delapan delapan",
                    "jaya delapan puluh delapan",
                    "cuma di 𝐉-𝐀-𝐘𝐀𝟖𝟖!",
                    "di 𝐉𝐀𝐘𝐀 𝟖 𝟖👍 makasih",
                    "main di J𝘼𝑌А8𝟴!",
                    "J A YA88 platform",
                    "JA-Y-A-8-8 gacor",
                    "hasil di 😱𝑱,𝑨,𝒀𝑨88😱",
                ],
                &["jaya 89", "jayakarta 88", "jaya 888", "ajaya88", UNRELATED],
            ),
            (
                KeyKind::Domain,
                "situs88.com",
                &[
                    "hxxps://situs88[.]com/daftar",
                    "situs88 . com",
                    "situs88 dot com",
                    "www.situs88.com",
                    "situs88．com",
                ],
                &["situs88.net", "situs89.com", UNRELATED],
            ),
            (KeyKind::Domain, "bit.ly/promo88", &["bit.ly/promo88", "bit[.]ly/promo88"], &["bit.ly/promo99"]),
            (
                KeyKind::Telegram,
                "@pulauwinofficial",
                &["t.me/pulauwinofficial", "@PulauWinOfficial", "join 𝙥𝙪𝙡𝙖𝙪𝙬𝙞𝙣𝙤𝙛𝙛𝙞𝙘𝙞𝙖𝙡"],
                &["@pulauwin", UNRELATED],
            ),
            (
                KeyKind::Phone,
                "+6281234567890",
                &[
                    "WA 081234567890",
                    "0812-3456-7890",
                    "+62 812 3456 7890",
                    "wa.me/6281234567890",
                    "(+62) 812.3456.7890",
                    "𝟎𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎",
                ],
                &["081234567891", "0812345678901", "62081234567890", UNRELATED],
            ),
        ];
        for (kind, value, yes, no) in rows {
            let toml = watchlist_toml(&[entry(*kind, value)]);
            let pack = RulePack::from_toml("watchlist.toml", &toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
            assert_eq!(pack.name, WATCHLIST_NAME);
            let failures = pack.run_tests().expect("compiles");
            assert!(failures.is_empty(), "{value}: {failures:?}\n{toml}");
            let set = RuleSet::new(vec![pack]).expect("compiles");
            for text in *yes {
                assert!(!set.scan(text).is_empty(), "{value} must match {text:?}\n{toml}");
            }
            for text in *no {
                assert!(set.scan(text).is_empty(), "{value} must not match {text:?}\n{toml}");
            }
        }
    }

    #[test]
    fn the_rule_explains_where_it_came_from() {
        let pack = watchlist(&[entry(KeyKind::Brand, "pulauwin"), entry(KeyKind::Template, "3f2a3f2a3f2a3f2a")])
            .expect("loads");
        assert_eq!(pack.id, WATCHLIST_ID);
        assert_eq!(pack.version, "2026-12-06");
        assert_eq!(pack.rules.len(), 1, "a template has no rule");
        let rule = &pack.rules[0];
        assert_eq!(rule.id, "pantau.brand-pulauwin");
        assert_eq!(rule.severity, WATCHLIST_SEVERITY);
        assert_eq!(rule.description, "brand:pulauwin: dipelajari dari keputusan pada 2026-12-06 (412 pesan)");
    }

    #[test]
    fn ids_stay_unique_and_odd_values_stay_valid_toml() {
        let entries = [
            entry(KeyKind::Domain, "bit.ly/a-b"),
            entry(KeyKind::Domain, "bit.ly/a.b"),
            entry(KeyKind::Telegram, "https://t.me/+AbC\"d\\e"),
        ];
        let pack = watchlist(&entries).expect("loads");
        let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["pantau.domain-bit-ly-a-b", "pantau.domain-bit-ly-a-b-2", "pantau.telegram-https-t-me-abc-d-e"]
        );
        assert!(watchlist(&[]).expect("an empty watchlist loads").rules.is_empty());
    }

    #[test]
    fn entries_are_read_back_from_the_pack_for_merging() {
        let mine = [entry(KeyKind::Brand, "pulauwin"), entry(KeyKind::Phone, "+6281234567890")];
        let mut theirs = entry(KeyKind::Domain, "situs88.com");
        theirs.category = "penipuan".into();
        theirs.date = "2026-12-07".into();
        theirs.messages = 3;
        let read = watch_entries(&watchlist(&mine).unwrap());
        assert_eq!(read, mine);
        // A template gives no rule, so nothing to read back; a rule written by hand is not an entry.
        let with_template = watchlist(&[entry(KeyKind::Template, "3f2a3f2a3f2a3f2a"), theirs.clone()]).unwrap();
        assert_eq!(watch_entries(&with_template), [theirs.clone()]);
        let mut edited = with_template.clone();
        edited.rules[0].description = "edited by hand".into();
        assert!(watch_entries(&edited).is_empty());
        // Merged and written again: the same pack as written from all the entries.
        let merged: Vec<WatchEntry> = read.into_iter().chain(watch_entries(&with_template)).collect();
        let all = [mine[0].clone(), mine[1].clone(), theirs];
        assert_eq!(watchlist_toml(&merged), watchlist_toml(&all));
        assert_eq!(
            CampaignKey::parse("telegram:https://t.me/+abc"),
            Some(CampaignKey::new(KeyKind::Telegram, "https://t.me/+abc"))
        );
        assert_eq!(CampaignKey::parse("pulauwin"), None);
        assert_eq!(CampaignKey::parse("url:x"), None);
        assert_eq!(CampaignKey::parse("brand:"), None);
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(composed("88").as_deref(), Some("delapan puluh delapan"));
        assert_eq!(composed("138").as_deref(), Some("seratus tiga puluh delapan"));
        assert_eq!(composed("212").as_deref(), Some("dua ratus dua belas"));
        assert_eq!(composed("11").as_deref(), Some("sebelas"));
        assert_eq!(composed("4"), None);
        assert_eq!(split_number("dewa4d"), ("dewa", "4d"));
        assert_eq!(split_number("pulauwin"), ("pulauwin", ""));
    }
}
