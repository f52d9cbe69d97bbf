//! Links as evidence: every URL, bare domain, Telegram handle or invite, `@mention`, WhatsApp link, Indonesian
//! phone number and bank or e-wallet account found in a text, with the forms written to dodge filters undone, each
//! with its exact span in the original text (`DESIGN.md`, "Links and blocklists").
//!
//! ```
//! use tapis_engine::links::{LinkKind, extract};
//!
//! let text = "Daftar di situs88[.]com atau hxxps://ѕitus88.com/daftar, WA 0812-3456-7890";
//! let links = extract(text);
//! let found: Vec<(LinkKind, &str, &str)> =
//!     links.iter().map(|l| (l.kind, l.value.as_str(), &text[l.span.start..l.span.end])).collect();
//! assert_eq!(found, [
//!     (LinkKind::Domain, "situs88.com", "situs88[.]com"),
//!     (LinkKind::Url, "https://situs88.com/daftar", "hxxps://ѕitus88.com/daftar"),
//!     (LinkKind::Phone, "+6281234567890", "0812-3456-7890"),
//! ]);
//! assert!(links[1].host.as_ref().unwrap().mixed_script);
//! ```

mod blocklist;
mod punycode;
mod suffixes;

pub use blocklist::{Blocklist, BlocklistBuilder, BlocklistError, Blocklists, ListStats, Status};

use std::sync::OnceLock;

use regex::Regex;

use crate::fold::{CharFold, Fold, confusable, fold_char};
use crate::span::{Span, snap_to_graphemes, utf16_offsets};

/// What a [`Link`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LinkKind {
    /// A URL with a scheme, `www.` or a path: `https://situs88.com/daftar`.
    Url,
    /// A bare domain: `situs88.com`.
    Domain,
    /// A Telegram username, from `t.me/name` or `telegram.me/name`: the value is `@name`.
    Telegram,
    /// A Telegram invite link (`t.me/+…`, `t.me/joinchat/…`): the value is the link.
    TelegramInvite,
    /// An `@mention` in the text: the value is `@name`.
    Mention,
    /// A WhatsApp chat link (`wa.me/62…`, `api.whatsapp.com/send?phone=…`): the value is the number, `+62…`.
    WhatsApp,
    /// A WhatsApp group invite (`chat.whatsapp.com/…`): the value is the link.
    WhatsAppGroup,
    /// An Indonesian mobile number: the value is `+628…`.
    Phone,
    /// A bank account number next to a bank's name: the value is `bca:1234567890`.
    BankAccount,
    /// An e-wallet number next to a wallet's name: the value is `dana:+628…`.
    EWallet,
}

impl LinkKind {
    /// A lowercase name, e.g. `telegram-invite`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Url => "url",
            LinkKind::Domain => "domain",
            LinkKind::Telegram => "telegram",
            LinkKind::TelegramInvite => "telegram-invite",
            LinkKind::Mention => "mention",
            LinkKind::WhatsApp => "whatsapp",
            LinkKind::WhatsAppGroup => "whatsapp-group",
            LinkKind::Phone => "phone",
            LinkKind::BankAccount => "bank-account",
            LinkKind::EWallet => "e-wallet",
        }
    }
}

/// One link, handle or number found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// What it is.
    pub kind: LinkKind,
    /// Its normalised form: the URL with dodges undone, the domain, `@name`, `+62…`, `bca:…`.
    pub value: String,
    /// Where it is in the original text, as a rule match's span is.
    pub span: Span,
    /// The domain of a URL or bare domain (and of Telegram and WhatsApp links): what blocklists are asked about.
    pub host: Option<Host>,
}

/// The domain of a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    /// In Unicode, lowercase, with look-alike letters in a label that mixes scripts undone (`ѕitus88.com` →
    /// `situs88.com`).
    pub name: String,
    /// In ASCII (IDN labels in Punycode, `xn--…`): what lists hold and what is exported.
    pub ascii: String,
    /// The registrable domain (one label under the public suffix: `situs88.co.id`), in ASCII.
    pub registrable: String,
    /// A link shortener (`bit.ly`, `s.id`…): where it leads is not known.
    pub shortener: bool,
    /// A label mixes scripts (Latin with Cyrillic or Greek look-alikes): a warning.
    pub mixed_script: bool,
    /// The domain as written, lowercase, when look-alikes were undone; and its ASCII form.
    pub written: Option<(String, String)>,
}

/// Every link, handle and number in `text`, in the order of their spans. Ordinary look-alikes are not links:
/// `Rp 1.500.000`, `v2.3.1`, `file.txt`, `jam 10.30`, `Pak. Budi` (a domain needs a known top-level domain).
pub fn extract(text: &str) -> Vec<Link> {
    if !may_hold_links(text) {
        return Vec::new();
    }
    let view = LinkView::new(text);
    let mut found: Vec<(usize, usize, LinkKind, String, Option<Host>)> = Vec::new();
    let s = view.text.as_str();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let overlaps = |covered: &[(usize, usize)], a: usize, b: usize| covered.iter().any(|&(s, e)| a < e && s < b);

    // URLs with a scheme or `www.`, then bare domains (with a path or not) outside them.
    for m in regexes().url.find_iter(s) {
        let (a, b) = (m.start(), m.start() + trim_url_end(m.as_str()));
        if let Some((kind, value, host)) = classify(&view, a, b, true) {
            covered.push((a, b));
            found.push((a, b, kind, value, host));
        }
    }
    for m in regexes().domain.find_iter(s) {
        let (a, b) = (m.start(), m.start() + trim_url_end(m.as_str()));
        if overlaps(&covered, a, b)
            || s[..a].chars().next_back().is_some_and(|c| c.is_alphanumeric() || "@.-_/".contains(c))
        {
            continue;
        }
        if let Some((kind, value, host)) = classify(&view, a, b, false) {
            let (start, end) = view.original(text, a, b);
            if kind == LinkKind::Domain && looks_like_code(&text[start..end]) {
                continue;
            }
            covered.push((a, b));
            found.push((a, b, kind, value, host));
        }
    }
    for m in regexes().mention.captures_iter(s) {
        let (Some(all), Some(name)) = (m.get(0), m.get(1)) else { continue };
        let before = s[..all.start()].chars().next_back();
        if name.len() > 32 || before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        if !overlaps(&covered, all.start(), all.end()) {
            found.push((all.start(), all.end(), LinkKind::Mention, format!("@{}", name.as_str()), None));
        }
    }
    // Accounts, then phone numbers outside them and outside links.
    for m in regexes().account.captures_iter(s) {
        let (Some(all), Some(name), Some(number)) = (m.get(0), m.get(1), m.get(2)) else { continue };
        if overlaps(&covered, all.start(), all.end()) || followed_by_digit(s, all.end()) {
            continue;
        }
        let name = name.as_str().replace(['-', ' '], "");
        let digits: String = number.as_str().chars().filter(char::is_ascii_digit).collect();
        let (kind, value) = if WALLETS.contains(&name.as_str()) {
            let Some(phone) = phone_number(&digits) else { continue };
            (LinkKind::EWallet, format!("{name}:{phone}"))
        } else {
            if !(8..=16).contains(&digits.len()) {
                continue;
            }
            (LinkKind::BankAccount, format!("{name}:{digits}"))
        };
        covered.push((all.start(), all.end()));
        found.push((all.start(), all.end(), kind, value, None));
    }
    for m in regexes().phone.find_iter(s) {
        let (a, b) = (m.start(), m.end());
        let before = s[..a].chars().next_back();
        if overlaps(&covered, a, b)
            || before.is_some_and(|c| c.is_alphanumeric() || c == '+')
            || followed_by_digit(s, b)
        {
            continue;
        }
        let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        if let Some(phone) = phone_number(&digits) {
            found.push((a, b, LinkKind::Phone, phone, None));
        }
    }

    found.sort_by_key(|&(a, b, ..)| (a, b));
    found.dedup_by_key(|&mut (a, b, ..)| (a, b));
    let ranges: Vec<(usize, usize)> = found.iter().map(|&(a, b, ..)| view.original(text, a, b)).collect();
    let mut offsets: Vec<usize> = ranges.iter().flat_map(|&(a, b)| [a, b]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let units = utf16_offsets(text, &offsets);
    let utf16 = |at: usize| offsets.binary_search(&at).ok().and_then(|i| units.get(i).copied()).unwrap_or(0);
    found
        .into_iter()
        .zip(ranges)
        .map(|((_, _, kind, value, host), (start, end))| Link {
            kind,
            value,
            span: Span { start, end, start_utf16: utf16(start), end_utf16: utf16(end) },
            host,
        })
        .collect()
}

/// Whether a bare domain is written as code is (`item.Id`, `user.Name`, `Logging.LogLevel.Microsoft`): its last
/// label capitalised (`Id`) after a label that is neither capitalised nor in capitals. Promotions capitalise every
/// label or none (`Situs88.Com`, `SITUS88.COM`, `situs88.com`).
fn looks_like_code(domain: &str) -> bool {
    let capitalised = |label: &str| {
        let mut chars = label.chars().filter(|c| c.is_alphabetic());
        chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
    };
    let upper = |label: &str| !label.chars().any(char::is_lowercase);
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((last, rest)) = labels.split_last() else { return false };
    capitalised(last) && last.chars().any(char::is_lowercase) && !rest.iter().all(|l| capitalised(l) || upper(l))
}

/// Whether a text can hold a link at all: a dot of some kind, an `@`, a colon, a digit, fullwidth or
/// mathematical characters (which start with the bytes `EF` and `F0`), or a spelled-out dot.
fn may_hold_links(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'.' | b'@' | b':' | b'0'..=b'9' | 0xEF | 0xF0))
        || text.contains(['。', '．', '｡'])
        || contains_ignore_case(text, "dot")
        || contains_ignore_case(text, "titik")
}

fn contains_ignore_case(text: &str, word: &str) -> bool {
    text.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

fn followed_by_digit(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The length of a URL-like match without the punctuation that ends the sentence around it.
fn trim_url_end(url: &str) -> usize {
    let mut end = url.len();
    while let Some(c) = url[..end].chars().next_back() {
        let unbalanced_paren = c == ')' && url[..end].matches('(').count() < url[..end].matches(')').count();
        if ".,;:!?'\"]}>*".contains(c) || unbalanced_paren {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// An Indonesian mobile number from its digits (`08…`, `628…`), as `+628…`.
fn phone_number(digits: &str) -> Option<String> {
    let national = digits.strip_prefix("62").or_else(|| digits.strip_prefix('0'))?;
    (national.starts_with('8') && (9..=12).contains(&national.len())).then(|| format!("+62{national}"))
}

/// Bank names that precede an account number.
const BANKS: &str = "bca|bri|bni|mandiri|bsi|cimb(?: ?niaga)?|danamon|permata|btn|jago|seabank|jenius|ocbc|panin|\
                     mega|btpn|muamalat|bjb|maybank|blu";
/// E-wallets, whose numbers are phone numbers.
const WALLETS: &[&str] = &["dana", "ovo", "gopay", "shopeepay", "linkaja"];

/// Domains of link shorteners and link-in-bio pages: where they lead is not in the text.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "s.id",
    "tinyurl.com",
    "t.ly",
    "cutt.ly",
    "rebrand.ly",
    "shorturl.at",
    "shorturl.asia",
    "is.gd",
    "v.gd",
    "ow.ly",
    "buff.ly",
    "tiny.cc",
    "rb.gy",
    "goo.gl",
    "bit.do",
    "t.co",
    "linktr.ee",
    "heylink.me",
    "wa.link",
    "lnk.bio",
    "bio.link",
    "msha.ke",
    "lynk.id",
    "shope.ee",
    "tokopedia.link",
    "cutt.us",
    "urlz.fr",
    "linkr.bio",
    "taplink.cc",
    "short.gy",
    "l.ead.me",
];

struct Regexes {
    url: Regex,
    domain: Regex,
    mention: Regex,
    account: Regex,
    phone: Regex,
    dodge: Regex,
    hxxp: Regex,
}

fn regexes() -> &'static Regexes {
    static REGEXES: OnceLock<Regexes> = OnceLock::new();
    REGEXES.get_or_init(|| {
        let label = r"[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?";
        let new = |pattern: &str| Regex::new(pattern).expect("the link patterns compile");
        let wallets = WALLETS.join("|").replace("shopeepay", "shopee ?pay").replace("gopay", "go-?pay");
        let wallets = wallets.replace("linkaja", "link ?aja");
        Regexes {
            url: new(r#"\b(?:(?:https?|ftp|tg)://|www\.)[^\s<>"'`「」]+"#),
            domain: new(&format!(r#"{label}(?:\.{label})+(?:/[^\s<>"'`「」]*)?"#)),
            mention: new(r"@([a-z][a-z0-9_]{3,})\b"),
            account: new(&format!(
                r"\b(?:(?:no\.? ?)?rek(?:ening)?\.? ?(?:bank ?)?)?({BANKS}|{wallets})\b ?(?:[:.\-] ?)?(?:(?:no\.? ?)?(?:rek(?:ening)?\.? ?)?[:.\-]? ?)?(\+?\d(?:[ .\-]?\d){{7,15}})"
            )),
            phone: new(r"(?:\(\+?62\) ?|\+62[ .\-]?|62[ .\-]?|0[ .\-]?)8(?:[ .\-]?\d){8,11}"),
            dodge: new(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|[\[({] ?(?:dot|titik) ?[\])}])\s*|\s+(?:dot|titik|\.)\s+|\[:\]|\[/\]"),
            hxxp: new(r"\bh(?:xx|\*\*|\[xx\]|xt|tx)p(?:s?)(?:\b|\[)"),
        }
    })
}

/// A unit of the link view: a character and the original range it stands for.
#[derive(Clone, Copy, Debug)]
struct Unit {
    c: char,
    start: u32,
    end: u32,
}

/// The text as links are read in it: zero-width characters removed, fullwidth and mathematical letters and
/// full stops as ASCII, ASCII lowercase, dodges undone (`hxxp`, `[.]`, ` dot `, spaced letters). Each character
/// knows its original range, as the engine's views do.
struct LinkView {
    text: String,
    units: Vec<Unit>,
    /// The byte offset in `text` of each unit.
    at: Vec<u32>,
}

impl LinkView {
    fn new(original: &str) -> LinkView {
        let mut units: Vec<Unit> = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            let end = (i + c.len_utf8()) as u32;
            match link_char(c) {
                Some(c) => units.push(Unit { c, start: i as u32, end }),
                None => {
                    if let Some(last) = units.last_mut() {
                        last.end = end;
                    }
                }
            }
        }
        let mut view = LinkView::of(units);
        // hxxp → http: same length, in place.
        let hits: Vec<(usize, usize)> = regexes().hxxp.find_iter(&view.text).map(|m| (m.start(), m.end())).collect();
        for (a, b) in hits {
            let (first, last) = (view.unit(a), view.unit(b - 1));
            let mut replaced: Vec<Unit> = Vec::new();
            let written: String = view.units[first..=last].iter().map(|u| u.c).collect();
            let https = written.contains(['s', 'S']);
            let (start, end) = (view.units[first].start, view.units[last].end);
            for c in if https { "https" } else { "http" }.chars() {
                replaced.push(Unit { c, start, end });
            }
            if written.ends_with('[') {
                replaced.push(Unit { c: '[', start: view.units[last].start, end });
            }
            view.units.splice(first..=last, replaced);
            view = LinkView::of(view.units);
        }
        let view = LinkView::of(join_spaced(view.units));
        // [.] (.) {.} [dot] ` dot ` ` titik ` ` . ` → `.`; [:] → `:`; [/] → `/`.
        let mut units = Vec::with_capacity(view.units.len());
        let mut next = 0;
        for m in regexes().dodge.find_iter(&view.text) {
            let (first, last) = (view.unit(m.start()), view.unit(m.end() - 1));
            let word = |i: Option<usize>| i.and_then(|i| view.units.get(i)).is_some_and(|u| u.c.is_alphanumeric());
            let spelled = m.as_str().trim().chars().all(char::is_alphanumeric) || m.as_str().trim() == ".";
            if first < next || (spelled && !(word(first.checked_sub(1)) && word(Some(last + 1)))) {
                continue;
            }
            units.extend_from_slice(&view.units[next..first]);
            let c = if m.as_str().contains(':') {
                ':'
            } else if m.as_str().contains('/') {
                '/'
            } else {
                '.'
            };
            units.push(Unit { c, start: view.units[first].start, end: view.units[last].end });
            next = last + 1;
        }
        units.extend_from_slice(&view.units[next..]);
        LinkView::of(units)
    }

    fn of(units: Vec<Unit>) -> LinkView {
        let mut text = String::with_capacity(units.len());
        let mut at = Vec::with_capacity(units.len());
        for u in &units {
            at.push(text.len() as u32);
            text.push(u.c.to_ascii_lowercase());
        }
        LinkView { text, units, at }
    }

    /// The unit at byte `offset` of the view's text.
    fn unit(&self, offset: usize) -> usize {
        self.at.partition_point(|&a| (a as usize) <= offset).saturating_sub(1)
    }

    /// The original range of the view's `a..b`, on grapheme cluster boundaries.
    fn original(&self, original: &str, a: usize, b: usize) -> (usize, usize) {
        let (first, last) = (self.unit(a), self.unit(b.saturating_sub(1).max(a)));
        let (start, end) = (self.units[first].start as usize, self.units[last].end as usize);
        snap_to_graphemes(original, start, end)
    }

    /// The characters of `a..b` as written (case kept), for invite codes.
    fn cased(&self, a: usize, b: usize) -> String {
        let (first, last) = (self.unit(a), self.unit(b.saturating_sub(1).max(a)));
        self.units[first..=last].iter().map(|u| u.c).collect()
    }
}

/// A character of the link view: `None` for what is removed (zero-width and other ignorable characters).
fn link_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(if c.is_ascii_whitespace() { ' ' } else { c });
    }
    match c {
        '。' | '．' | '｡' | '․' | '﹒' => return Some('.'),
        '\u{FF01}'..='\u{FF5E}' => return char::from_u32(c as u32 - 0xFEE0),
        _ if c.is_whitespace() => return Some(' '),
        _ => {}
    }
    match fold_char(c) {
        CharFold::Drop(folds) if folds.contains(Fold::Ignorable) || folds.contains(Fold::Overlay) => None,
        CharFold::One(f, folds) if folds.contains(Fold::Compatibility) && f.is_ascii() => Some(f),
        _ => Some(c),
    }
}

/// Joins letters spread out with spaces around a dot: `s i t u s 8 8 . c o m` → `situs88.com`. A run needs five
/// single characters or more, one of them a dot, with one space between each.
fn join_spaced(units: Vec<Unit>) -> Vec<Unit> {
    let single = |i: usize| {
        units.get(i).is_some_and(|u| u.c.is_alphanumeric() || u.c == '.')
            && i.checked_sub(1).and_then(|j| units.get(j)).is_none_or(|u| u.c == ' ')
            && units.get(i + 1).is_none_or(|u| u.c == ' ')
    };
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        if single(i) {
            let mut j = i;
            while single(j + 2) && units[j + 1].c == ' ' {
                j += 2;
            }
            let run = &units[i..=j];
            let pieces = run.len().div_ceil(2);
            let dot = run.iter().any(|u| u.c == '.');
            if pieces >= 5 && dot && run.iter().any(|u| u.c.is_alphabetic()) {
                out.extend(run.iter().filter(|u| u.c != ' ').copied());
                i = j + 1;
                continue;
            }
        }
        out.push(units[i]);
        i += 1;
    }
    out
}

/// What a URL-like stretch `a..b` of the view is: a Telegram or WhatsApp link, a URL or a domain, or nothing
/// (its host is not a domain under a known top-level domain).
fn classify(view: &LinkView, a: usize, b: usize, scheme: bool) -> Option<(LinkKind, String, Option<Host>)> {
    let url = &view.text[a..b];
    let (prefix, rest) = match url.find("://") {
        Some(i) => (&url[..i], &url[i + 3..]),
        None => ("", url),
    };
    if prefix == "tg" {
        let name = rest.strip_prefix("resolve?domain=")?;
        let name: String = name.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        return is_username(&name).then(|| (LinkKind::Telegram, format!("@{name}"), None));
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host_written = match authority.rfind(':') {
        Some(i) if authority[i + 1..].chars().all(|c| c.is_ascii_digit()) => &authority[..i],
        _ => authority,
    };
    let path = &rest[host_end..];
    let host = if scheme && is_ip(host_written) {
        Host {
            name: host_written.to_owned(),
            ascii: host_written.to_owned(),
            registrable: host_written.to_owned(),
            shortener: false,
            mixed_script: false,
            written: None,
        }
    } else {
        host(host_written)?
    };
    let path_start = a + (url.len() - rest.len()) + host_end;
    let segments: Vec<&str> = path.trim_start_matches('/').split(['/', '?', '#']).collect();
    let first = segments.first().copied().unwrap_or("");
    match host.ascii.trim_start_matches("www.") {
        "t.me" | "telegram.me" | "telegram.dog" => {
            let code = match first.strip_prefix('+') {
                Some(code) => code,
                None if first == "joinchat" => segments.get(1).copied().unwrap_or(""),
                None => "",
            };
            if !code.is_empty() {
                let cased = view.cased(path_start, b);
                let value = format!("https://t.me{}", cased.trim_end_matches('/'));
                return Some((LinkKind::TelegramInvite, value, Some(host)));
            }
            let name = if first == "s" { segments.get(1).copied().unwrap_or("") } else { first };
            if is_username(name) {
                return Some((LinkKind::Telegram, format!("@{name}"), Some(host)));
            }
        }
        "wa.me" | "api.whatsapp.com" | "whatsapp.com" | "web.whatsapp.com" => {
            let phone = path.split_once("phone=").map_or(first, |(_, p)| p);
            let digits: String = phone.trim_start_matches('+').chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() >= 8 {
                let value = phone_number(&digits).unwrap_or_else(|| format!("+{digits}"));
                return Some((LinkKind::WhatsApp, value, Some(host)));
            }
        }
        "chat.whatsapp.com" if !first.is_empty() => {
            let cased = view.cased(path_start, b);
            return Some((LinkKind::WhatsAppGroup, format!("https://chat.whatsapp.com{cased}"), Some(host)));
        }
        _ => {}
    }
    let bare = !scheme && path.is_empty();
    if bare {
        Some((LinkKind::Domain, host.name.clone(), Some(host)))
    } else {
        let scheme = if prefix.is_empty() { "http" } else { prefix };
        let path = view.cased(path_start, b);
        let path = if path_start < b { path } else { String::new() };
        Some((LinkKind::Url, format!("{scheme}://{}{path}", host.name), Some(host)))
    }
}

fn is_username(name: &str) -> bool {
    (4..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_ip(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The domain written as `written`, if it is one: valid labels under a known public suffix.
pub(crate) fn host(written: &str) -> Option<Host> {
    let written = written.trim_end_matches('.').to_lowercase();
    if written.is_empty() || written.len() > 253 {
        return None;
    }
    let mut mixed_script = false;
    let mut labels = Vec::new();
    for label in written.split('.') {
        if label.is_empty()
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return None;
        }
        let (undone, mixed) = undo_lookalikes(label);
        mixed_script |= mixed;
        labels.push(undone);
    }
    let name = labels.join(".");
    let ascii = punycode::to_ascii(&name)?;
    if ascii.split('.').any(|label| label.len() > 63) {
        return None;
    }
    let suffix = public_suffix(&ascii)?;
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() <= suffix {
        return None;
    }
    let registrable = labels[labels.len() - suffix - 1..].join(".");
    let name = punycode::to_unicode(&name);
    let shortener =
        SHORTENERS.iter().any(|s| ascii == *s || ascii.strip_suffix(s).is_some_and(|rest| rest.ends_with('.')));
    let written = (name != written).then(|| {
        let ascii = punycode::to_ascii(&written).unwrap_or_else(|| written.clone());
        (written, ascii)
    });
    Some(Host { name, ascii, registrable, shortener, mixed_script, written })
}

/// A label with its look-alike letters undone when it mixes scripts (`ѕitus88` with a Cyrillic `ѕ` → `situs88`),
/// and whether it did. A label wholly in another script is an IDN, left as it is.
fn undo_lookalikes(label: &str) -> (String, bool) {
    if label.is_ascii() {
        return (label.to_owned(), false);
    }
    let mut scripts = 0u8;
    for c in label.chars().filter(|c| c.is_alphabetic()) {
        scripts |= script(c);
    }
    if scripts.count_ones() < 2 {
        return (label.to_owned(), false);
    }
    let undone = label
        .chars()
        .map(|c| match confusable(c) {
            Some(crate::fold::Replacement::Char(r, _)) if r.is_ascii_alphanumeric() => r.to_string(),
            Some(crate::fold::Replacement::Str(s, _)) if s.chars().all(|r| r.is_ascii_alphanumeric()) => s.to_owned(),
            _ => c.to_string(),
        })
        .collect();
    (undone, true)
}

/// A bit per script, from a few ranges: Latin, Greek, Cyrillic, anything else.
fn script(c: char) -> u8 {
    match c as u32 {
        0..=0x24F | 0x1E00..=0x1EFF => 1,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 2,
        0x400..=0x52F => 4,
        _ => 8,
    }
}

/// How many labels of `ascii` are its public suffix, by the Public Suffix List's rules (its ICANN section):
/// `None` when its top-level domain is not known.
pub(crate) fn public_suffix(ascii: &str) -> Option<usize> {
    static RULES: OnceLock<Vec<&'static str>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        let mut rules: Vec<&str> = suffixes::SUFFIXES.lines().filter(|l| !l.is_empty()).collect();
        rules.sort_unstable();
        rules
    });
    let has = |rule: &str| rules.binary_search(&rule).is_ok();
    let labels: Vec<&str> = ascii.split('.').collect();
    let n = labels.len();
    for i in 0..n {
        let candidate = labels[i..].join(".");
        if has(&format!("!{candidate}")) {
            return Some(n - i - 1);
        }
        if has(&candidate) || (i + 1 < n && has(&format!("*.{}", labels[i + 1..].join(".")))) {
            return Some(n - i);
        }
    }
    None
}

#[cfg(test)]
mod tests;
