//! Behaviour tests of the whole engine, as tables: every evasion the engine must see through and every false
//! positive it must not make is a named row. A bug found later becomes a row here.

mod properties;
mod reference;

use crate::{Cap, Fold, Folds, Limits, MatchKind, RulePack, RuleSet, Severity, View};

/// Builds a rule set from `(id, TOML body)` pairs; category `c`, severity `high` unless the body says otherwise.
pub(crate) fn set(rules: &[(&str, &str)]) -> RuleSet {
    let mut toml = String::from("id = \"t\"\nversion = \"1\"\n");
    for (id, body) in rules {
        let mut rule = format!("[[rule]]\nid = \"{id}\"\n{body}\n");
        if !body.contains("category") {
            rule += "category = \"c\"\n";
        }
        if !body.contains("severity") {
            rule += "severity = \"high\"\n";
        }
        toml += &rule;
    }
    RuleSet::new(vec![RulePack::from_toml("t.toml", &toml).unwrap_or_else(|e| panic!("{e}"))]).unwrap()
}

/// One row: rules, a text, and the `(rule, original slice)` pairs that must be found, in order.
struct ScanTest {
    name: &'static str,
    rules: &'static [(&'static str, &'static str)],
    text: &'static str,
    found: &'static [(&'static str, &'static str)],
}

const fn t(
    name: &'static str,
    rules: &'static [(&'static str, &'static str)],
    text: &'static str,
    found: &'static [(&'static str, &'static str)],
) -> ScanTest {
    ScanTest { name, rules, text, found }
}

const SLOT: &[(&str, &str)] = &[("slot", "terms = ['slot gacor', 'slot']")];
const JIHAD: &[(&str, &str)] = &[("jihad", "terms = ['jihad']")];
const SABU: &[(&str, &str)] = &[("sabu", "terms = ['sabu']")];
const JUDI: &[(&str, &str)] = &[("judi", "terms = ['judi']")];
const ID: &[(&str, &str)] = &[
    ("jihad", "terms = ['jihad']\nmorphology = 'id'"),
    ("tembak", "terms = ['tembak']\nmorphology = 'id'"),
    ("serang", "terms = ['serang']\nmorphology = 'id'"),
    ("judi", "terms = ['judi']\nmorphology = 'id'"),
    ("sabu", "terms = ['sabu']\nmorphology = 'id'"),
];

/// Disguises the engine must see through.
const EVASIONS: &[ScanTest] = &[
    t("case", SLOT, "SLOT GACOR", &[("slot", "SLOT"), ("slot", "SLOT GACOR")]),
    t("math alphanumerics", SLOT, "daftar 𝙎𝙇𝙊𝙏 sekarang", &[("slot", "𝙎𝙇𝙊𝙏")]),
    t("fullwidth", SLOT, "ｓｌｏｔ", &[("slot", "ｓｌｏｔ")]),
    t("circled", SLOT, "Ⓢⓛⓞⓣ!", &[("slot", "Ⓢⓛⓞⓣ")]),
    t("negative squared", SLOT, "🆂🅻🅾🆃 88", &[("slot", "🆂🅻🅾🆃")]),
    t("superscript", SLOT, "ˢˡᵒᵗ", &[("slot", "ˢˡᵒᵗ")]),
    t("cyrillic look-alikes", SLOT, "slоt gасоr", &[("slot", "slоt"), ("slot", "slоt gасоr")]),
    t("greek look-alikes", JIHAD, "ϳιhαd", &[("jihad", "ϳιhαd")]),
    t("small capitals", SLOT, "ꜱʟᴏᴛ", &[("slot", "ꜱʟᴏᴛ")]),
    t("regional indicators", JUDI, "main 🇯🇺🇩🇮 yuk", &[("judi", "🇯🇺🇩🇮")]),
    t("zero-width space", JUDI, "ju\u{200B}di", &[("judi", "ju\u{200B}di")]),
    t("zero-width joiners", JUDI, "j\u{200D}u\u{200C}d\u{2060}i", &[("judi", "j\u{200D}u\u{200C}d\u{2060}i")]),
    t("soft hyphen", SABU, "sa\u{AD}bu", &[("sabu", "sa\u{AD}bu")]),
    t("diacritics", JUDI, "jüdî", &[("judi", "jüdî")]),
    t("zalgo", JUDI, "j\u{334}u\u{337}d\u{338}i\u{335}", &[("judi", "j\u{334}u\u{337}d\u{338}i\u{335}")]),
    t("leet", SLOT, "sl0t g4c0r", &[("slot", "sl0t"), ("slot", "sl0t g4c0r")]),
    t("leet symbols", JIHAD, "j!had", &[("jihad", "j!had")]),
    t("leet dollar", SLOT, "$L0T", &[]),
    t("leet dollar inside", SABU, "s@bu", &[("sabu", "s@bu")]),
    t("dotted", JIHAD, "ayo j.i.h.a.d sekarang", &[("jihad", "j.i.h.a.d")]),
    t("spaced", JIHAD, "j i h a d", &[("jihad", "j i h a d")]),
    t("spaced phrase", SLOT, "info s l o t g a c o r", &[("slot", "s l o t g a c o r")]),
    t("spaced phrase, wide gap", SLOT, "S L O T   G A C O R, daftar", &[("slot", "S L O T   G A C O R")]),
    t("dashed capitals", &[("live", "terms = ['live']")], "L-I-V-E", &[("live", "L-I-V-E")]),
    t("one letter per line", JIHAD, "j\ni\nh\na\nd", &[("jihad", "j\ni\nh\na\nd")]),
    t("spaced leet", SABU, "s 4 b u", &[("sabu", "s 4 b u")]),
    t("underscore phrase", SLOT, "slot_gacor", &[("slot", "slot"), ("slot", "slot_gacor")]),
    t("hashtag phrase", SLOT, "#slot-gacor", &[("slot", "slot"), ("slot", "slot-gacor")]),
    t("repeats", SLOT, "gacooor slooot", &[("slot", "slooot")]),
    t("repeats in mixed case", SLOT, "sLOoOt", &[("slot", "sLOoOt")]),
    t("repeats in phrase", SLOT, "SLOOOT GACOOOR", &[("slot", "SLOOOT"), ("slot", "SLOOOT GACOOOR")]),
    t("term with a double, text elongated", &[("maaf", "terms = ['maaf']")], "maaaaf", &[("maaf", "maaaaf")]),
    t("arabic harakat", &[("jihad", "terms = ['جهاد']")], "الجِهَاد جِهَاد", &[("jihad", "جِهَاد")]),
    t("arabic tatweel", &[("jihad", "terms = ['جهاد']")], "جـــهاد", &[("jihad", "جـــهاد")]),
    t("arabic ta marbuta", &[("daulah", "terms = ['دولة']")], "دوله", &[("daulah", "دوله")]),
    t(
        "arabic proclitics",
        &[("thaghut", "terms = ['طاغوت']\nmorphology = 'ar'")],
        "والطاغوت",
        &[("thaghut", "والطاغوت")],
    ),
    t(
        "apostrophe variants",
        &[("baiat", "terms = [\"bai'at\"]")],
        "bai’at, baiat, BAI'AT",
        &[("baiat", "bai’at"), ("baiat", "baiat"), ("baiat", "BAI'AT")],
    ),
    t("mixed disguises", SLOT, "$ 𝙎𝙡0𝙩 G4C000R", &[("slot", "𝙎𝙡0𝙩"), ("slot", "𝙎𝙡0𝙩 G4C000R")]),
    t("negative circled", MEGA, "🅜🅔🅖🅐!", &[("mega", "🅜🅔🅖🅐")]),
    t("low line", SURYA, "S͟U͟R͟Y͟A͟ hari ini", &[("surya", "S͟U͟R͟Y͟A͟")]),
    t("strike-through", SURYA, "s̶u̶r̶y̶a̶", &[("surya", "s̶u̶r̶y̶a̶")]),
    t("bracketed letters", MEGA, "[̲̅M][̲̅E][̲̅G][̲̅A]", &[("mega", "M][̲̅E][̲̅G][̲̅A")]),
    t("letters between emoji", BADAI, "B🔥A🔥D🔥A🔥I", &[("badai", "B🔥A🔥D🔥A🔥I")]),
    t("spaced name and number", BADAI, "⭐ B A D A I 7 7 ⭐", &[("badai77", "B A D A I 7 7")]),
    t("keycap digits", &[("jaya", "terms = ['jaya88']")], "JAYA8️⃣8️⃣", &[("jaya", "JAYA8️⃣8️⃣")]),
    t("number after a leet name", &[("jaya", "terms = ['jaya88']")], "J4Y488 j4y4 88", &[]),
];

const MEGA: &[(&str, &str)] = &[("mega", "terms = ['mega']")];
const SURYA: &[(&str, &str)] = &[("surya", "terms = ['surya']")];
const BADAI: &[(&str, &str)] = &[("badai", "terms = ['badai']"), ("badai77", "terms = ['badai77']")];
const BRAND: &str = "brand_numbers = ['4d', '88', '77', '138']";

/// Texts that must not match: the false-positive guards.
const GUARDS: &[ScanTest] = &[
    t("sabun", SABU, "beli sabun mandi", &[]),
    t("judisial", JUDI, "kekuasaan judisial", &[]),
    t("ganjaran", &[("ganja", "terms = ['ganja']")], "ganjaran pahala", &[]),
    t("bandara", &[("bandar", "terms = ['bandar']")], "ke bandara", &[]),
    t("terorganisir", &[("teror", "terms = ['teror']")], "kejahatan terorganisir", &[]),
    t("phrase glued", SLOT, "slotgacor", &[]),
    t("bersama!", &[("bersamai", "terms = ['bersamai']")], "bersama!", &[]),
    t("reduplication is not z", &[("kataz", "terms = ['kataz']")], "kata2", &[]),
    t("boom is not bom", &[("bom", "terms = ['bom']")], "boom! harga turun", &[]),
    t("two-letter pieces", JUDI, "ju di", &[]),
    t("spaced word is not joined to a word", JUDI, "ke j u d i s i a l", &[]),
    t("single letters then a word", SABU, "s a bun", &[]),
    t("numbers", &[("oo", "terms = ['oo.oo']")], "09.00", &[]),
    t("mention", JUDI, "@judi", &[("judi", "judi")]),
    t("emoji between letters", JUDI, "ju😀di", &[]),
    t("leet needs a letter", &[("ooo", "terms = ['ooo']")], "000", &[]),
    t("lossy fold without evidence", &[("slot88", "terms = ['slot88']")], "slotbb", &[]),
    t("cyrillic word is not latin", SABU, "сабу", &[]),
    t(
        "unless slot parkir",
        &[("slot", "terms = ['slot']\nunless = ['slot parkir', 'slot ram']")],
        "slot parkir penuh, slot RAM kosong",
        &[],
    ),
    t(
        "unless only where it overlaps",
        &[("slot", "terms = ['slot']\nunless = ['slot parkir']")],
        "slot parkir dan slot gacor",
        &[("slot", "slot")],
    ),
    t("unless in disguise", &[("slot", "terms = ['slot']\nunless = ['slot parkir']")], "sl0t p4rkir", &[]),
    t(
        "unless of another rule",
        &[("a", "terms = ['slot']"), ("b", "terms = ['x']\nunless = ['slot parkir']")],
        "slot parkir",
        &[("a", "slot")],
    ),
];

/// Indonesian morphology, generated at compile time.
const MORPHOLOGY: &[ScanTest] = &[
    t("ber-", ID, "mereka berjihad", &[("jihad", "berjihad")]),
    t("meN- t", ID, "menembak", &[("tembak", "menembak")]),
    t("colloquial N-", ID, "nembak", &[("tembak", "nembak")]),
    t("meN- s", ID, "menyerang", &[("serang", "menyerang")]),
    t("peN-an", ID, "penyerangan", &[("serang", "penyerangan")]),
    t("per-an", ID, "perjudian", &[("judi", "perjudian")]),
    t("di-kan", ID, "ditembakkan", &[("tembak", "ditembakkan")]),
    t("reduplication 2", ID, "sabu2", &[("sabu", "sabu2")]),
    t("reduplication dash", ID, "sabu-sabu", &[("sabu", "sabu"), ("sabu", "sabu-sabu"), ("sabu", "sabu")]),
    t("-nya", ID, "sabunya", &[("sabu", "sabunya")]),
    t("morphology keeps guards", ID, "sabun judisial", &[]),
    t("morphology with disguise", ID, "MEN3MBAK", &[("tembak", "MEN3MBAK")]),
    t("no morphology unless asked", SABU, "sabunya", &[]),
];

/// Conditions, patterns and unless.
const CONDITIONS: &[ScanTest] = &[
    t(
        "all present",
        &[("a", "terms = ['slot', 'deposit']\nrequire = 'all'")],
        "slot ... deposit",
        &[("a", "slot"), ("a", "deposit")],
    ),
    t("all missing one", &[("a", "terms = ['slot', 'deposit']\nrequire = 'all'")], "slot slot slot", &[]),
    t(
        "at least 2",
        &[("a", "terms = ['slot', 'gacor', 'maxwin']\nrequire = 2")],
        "maxwin gacor",
        &[("a", "maxwin"), ("a", "gacor")],
    ),
    t("at least 2, one twice", &[("a", "terms = ['slot', 'gacor', 'maxwin']\nrequire = 2")], "gacor gacor", &[]),
    t(
        "near holds",
        &[("a", "terms = ['bom', 'polisi']\nrequire = 'all'\nnear = 3")],
        "bom untuk pos polisi",
        &[("a", "bom"), ("a", "polisi")],
    ),
    t(
        "near too far",
        &[("a", "terms = ['bom', 'polisi']\nrequire = 'all'\nnear = 2")],
        "bom di sana, lalu polisi",
        &[],
    ),
    t(
        "near keeps only the window",
        &[("a", "terms = ['bom', 'polisi']\nrequire = 'all'\nnear = 1")],
        "bom jauh sekali dari sini. bom polisi",
        &[("a", "bom"), ("a", "polisi")],
    ),
    t(
        "pattern",
        &[("wa", "patterns = ['wa\\.me/\\d{6,}']")],
        "hubungi WA.ME/62812345678 sekarang",
        &[("wa", "WA.ME/62812345678")],
    ),
    t(
        "pattern in a later view",
        &[("wa", "patterns = ['judi\\s+online']")],
        "ju\u{200B}di 0nline",
        &[("wa", "ju\u{200B}di 0nline")],
    ),
    t(
        "brand",
        &[("b", BRAND)],
        "daftar jaya88, dewa4d, ZEUS 138",
        &[("b", "jaya88"), ("b", "dewa4d"), ("b", "ZEUS 138")],
    ),
    t("brand guards", &[("b", BRAND)], "pasal 88, harga 88 ribu, toko jaya 88, 88.000, kata2", &[]),
    t("brand, number words not asked", &[("b", BRAND)], "Badai Tujuh Tujuh", &[]),
    t(
        "brand in number words",
        &[("b", "brand_numbers = ['77', '138']\nnumber_words = true")],
        "Badai Tujuh Tujuh dan Zeus seratus tiga puluh delapan",
        &[("b", "Badai Tujuh Tujuh"), ("b", "Zeus seratus tiga puluh delapan")],
    ),
    t("brand in disguise", &[("b", BRAND)], "𝐉𝐀𝐘𝐀𝟖𝟖 B A D A I 7 7", &[("b", "𝐉𝐀𝐘𝐀𝟖𝟖"), ("b", "B A D A I 7 7")]),
    t(
        "disguise, each match judged alone",
        &[("b", "brand_numbers = ['88']\ndisguise = 0.5")],
        "jaya88 𝐉𝐀𝐘𝐀𝟖𝟖 Jaya 𝟖𝟖",
        &[("b", "𝐉𝐀𝐘𝐀𝟖𝟖")],
    ),
    t(
        "disguise, one of the matches",
        &[("b", "brand_numbers = ['88']\nterms = ['gacor']\nrequire = 'all'\ndisguise = 0.5")],
        "𝐉𝐀𝐘𝐀𝟖𝟖 gacor",
        &[("b", "𝐉𝐀𝐘𝐀𝟖𝟖"), ("b", "gacor")],
    ),
    t(
        "disguise, none of the matches",
        &[("b", "brand_numbers = ['88']\nterms = ['gacor']\nrequire = 'all'\ndisguise = 0.5")],
        "JAYA88 gacor",
        &[],
    ),
    t(
        "disguise in the window",
        &[("b", "brand_numbers = ['88']\nterms = ['gacor']\nrequire = 'all'\nnear = 2\ndisguise = 0.5")],
        "jaya88 gacor, lalu lama sekali kemudian 𝐆𝐀𝐂𝐎𝐑",
        &[],
    ),
    t(
        "disguised word",
        &[("w", "disguised_words = 0.6\nterms = ['gacor']\nrequire = 'all'")],
        "🅜🅔🅖🅐 gacor, S U R Y A gacor",
        &[("w", "🅜🅔🅖🅐"), ("w", "gacor"), ("w", "S U R Y A"), ("w", "gacor")],
    ),
    t(
        "disguised word guards",
        &[("w", "disguised_words = 0.6\nterms = ['gacor']\nrequire = 'all'")],
        "Mega gacor; 𝐆𝐀𝐂𝐎𝐑; Café Olé gacor; جِهَاد gacor; 201c 0x1f gacor",
        &[],
    ),
    t(
        "a disguised word is no known word",
        &[("w", "disguised_words = 0.6\nterms = ['gacor']\nrequire = 'all'"), ("s", "terms = ['sabu']")],
        "s.a.b.u gacor",
        &[("s", "s.a.b.u")],
    ),
    t(
        "another rule's pattern is a shape, not a word",
        &[
            ("w", "disguised_words = 0.6\nterms = ['gacor']\nrequire = 'all'"),
            ("p", "patterns = ['mega']\nterms = ['x']\nrequire = 'all'"),
        ],
        "🅜🅔🅖🅐 gacor",
        &[("w", "🅜🅔🅖🅐"), ("w", "gacor")],
    ),
    t(
        "a disguised word that a rule which holds knows through its patterns",
        &[
            ("w", "disguised_words = 0.6\nterms = ['gacor']\nrequire = 'all'"),
            ("p", "patterns = ['\\bsabu\\b', '\\bready\\b']\nrequire = 'all'"),
        ],
        "ready s.a.b.u gacor",
        &[("p", "ready"), ("p", "s.a.b.u")],
    ),
    t("message disguise below", &[("m", "terms = ['gacor']\nmessage_disguise = 0.5")], "𝐒𝐋𝐎𝐓 gacor", &[]),
    t(
        "message disguise above",
        &[("m", "terms = ['gacor']\nmessage_disguise = 0.5")],
        "𝐒𝐋𝐎𝐓𝐒𝐋𝐎𝐓 gacor",
        &[("m", "gacor")],
    ),
    t(
        "pattern and term",
        &[("a", "terms = ['deposit']\npatterns = ['\\d+rb']\nrequire = 'all'")],
        "deposit 50rb",
        &[("a", "deposit"), ("a", "50rb")],
    ),
    t(
        "standout: one styled name in a plain sentence",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Salut, ☯𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄☯ selalu on time!",
        &[("s", "𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄")],
    ),
    t(
        "standout: alphabets mixed inside a word",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "main di 𝐝ax69 seru banget",
        &[("s", "𝐝ax69")],
    ),
    t(
        "standout: a name spelled out",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Kalo hidup mulai bosen, gue ke N A N A S B E T.",
        &[("s", "N A N A S B E T")],
    ),
    t(
        "standout: a message styled throughout",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "𝙺𝚊𝚗𝚐𝚎𝚗 𝚜𝚊𝚖𝚊 𝚔𝚘𝚗𝚝𝚎𝚗 𝚋𝚎𝚕𝚒 𝚋𝚊𝚛𝚊𝚗𝚐 𝚋𝚛𝚊𝚗𝚍𝚎𝚍",
        &[],
    ),
    t(
        "standout: a person's name",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Selamat pagi 𝐁𝐮𝐝𝐢, jangan lupa daftar webinar",
        &[],
    ),
    t(
        "standout: a heading of styled words",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Info 𝐏𝐑𝐎𝐌𝐎 𝐆𝐀𝐉𝐈𝐀𝐍 hari ini untuk member",
        &[],
    ),
    t(
        "standout: a speaker's label",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "ꜰᴀᴊᴀʀ: harga 88rb aja kak",
        &[],
    ),
    t(
        "standout: letters drawn out",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Terima kasih mantaaaap sekali",
        &[],
    ),
    t(
        "standout: accents",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Bahnil dan Fadhli zón turunkan se daří mentoři",
        &[],
    ),
    t(
        "standout: a product code",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Anker soundcore r50i dan w240tn bagus",
        &[],
    ),
    t(
        "standout: an acronym spelled out",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Yutub mualaf F D I dll",
        &[],
    ),
    t(
        "standout: a word spelled out for emphasis, written plainly too",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "Dan kemungkinan besar K E M U N G K I N A N itu ada",
        &[],
    ),
    t("standout: flags", &[("s", "disguised_words = 0.5\nstandout = true")], "Merdeka 🇮🇩🇮🇩 selalu jaya", &[]),
    t(
        "standout: a number with its unit",
        &[("s", "disguised_words = 0.5\nstandout = true")],
        "harga mobil 500jt tahun 1970an",
        &[],
    ),
];

#[test]
fn scan_tables() {
    for (table, rows) in
        [("evasions", EVASIONS), ("guards", GUARDS), ("morphology", MORPHOLOGY), ("conditions", CONDITIONS)]
    {
        for row in rows {
            let set = set(row.rules);
            let got: Vec<(String, String)> = set
                .scan(row.text)
                .iter()
                .map(|m| (set.rule(m.rule).id.clone(), row.text[m.span.start..m.span.end].to_owned()))
                .collect();
            let want: Vec<(String, String)> = row.found.iter().map(|(r, s)| (r.to_string(), s.to_string())).collect();
            assert_eq!(got, want, "{table}: {}: {:?}", row.name, row.text);
        }
    }
}

/// Each row: a term, a text, the view the match must come from, the normalized text it matched, its folds.
#[test]
fn matches_explain_themselves() {
    use Fold::*;
    let rows: &[(&str, &str, View, &str, &[Fold])] = &[
        ("slot gacor", "slot gacor", View::Plain, "slot gacor", &[]),
        ("slot gacor", "SLOT GACOR", View::Plain, "slot gacor", &[Case]),
        ("slot gacor", "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍", View::Plain, "slot gacor", &[Case, Compatibility]),
        ("slot gacor", "SL0T_G4C00OR", View::Spaced, "slot gacor", &[Case, Leet, Separator, Repeat]),
        ("slot gacor", "slоt gасоr", View::Disguised, "slot gacor", &[Confusable]),
        ("jihad", "j.i.h.a.d", View::Spaced, "jihad", &[Separator]),
        ("judi", "ju\u{200B}di", View::Plain, "judi", &[Ignorable]),
        ("judi", "jüdi", View::Plain, "judi", &[Diacritic]),
        ("gacor", "gacooor", View::Disguised, "gacor", &[Repeat]),
        ("جهاد", "جِهَاد", View::Plain, "جهاد", &[Arabic]),
    ];
    for &(term, text, view, normalized, folds) in rows {
        let set = set(&[("r", &format!("terms = [{term:?}]"))]);
        let scan = set.scan_message(text);
        assert_eq!(scan.matches.len(), 1, "{text:?}: {:?}", scan.normalized);
        let m = scan.matches[0];
        assert_eq!((m.view, m.kind, scan.normalized[0].as_str()), (view, MatchKind::Term, normalized), "{text:?}");
        assert_eq!(m.folds, folds.iter().copied().collect::<Folds>(), "{text:?}");
    }
    let set = set(&[("r", "terms = ['tembak']\nmorphology = 'id'")]);
    let scan = set.scan_message("MENEMBAK");
    assert_eq!(scan.matches[0].folds, [Fold::Case, Fold::Morphology].into_iter().collect());
    assert_eq!(scan.normalized[0], "menembak");
}

/// Each row: a rule, a text, and the first match's score, styled, spaced and swapped letters and folds.
#[test]
fn matches_measure_their_disguise() {
    use Fold::*;
    type Row<'a> = (&'a str, &'a str, u8, (u32, u32, u32), &'a [Fold]);
    let rows: &[Row] = &[
        ("terms = ['slot']", "slot", 0, (0, 0, 0), &[]),
        ("terms = ['slot']", "SLOT", 0, (0, 0, 0), &[Case]),
        ("terms = ['slot']", "𝙎𝙇𝙊𝙏", 100, (4, 0, 0), &[Case, Compatibility]),
        ("terms = ['slot']", "s.l.o.t", 75, (0, 3, 0), &[Separator]),
        ("terms = ['slot']", "slоt", 100, (0, 0, 4), &[Confusable]),
        ("terms = ['slot']", "sl0t", 25, (0, 0, 1), &[Leet]),
        ("terms = ['surya']", "S͟U͟R͟Y͟A͟", 100, (5, 0, 0), &[Case, Overlay]),
        (BRAND, "jaya88", 0, (0, 0, 0), &[]),
        (BRAND, "T1T4N88", 29, (0, 0, 2), &[Case, Leet]),
        (BRAND, "zeus 1 3 8", 43, (0, 3, 0), &[Separator]),
        ("brand_numbers = ['77']\nnumber_words = true", "Badai Tujuh Tujuh", 67, (0, 0, 10), &[Case, NumberWord]),
    ];
    for &(rule, text, score, (styled, spaced, swapped), folds) in rows {
        let set = set(&[("r", rule)]);
        let scan = set.scan_message(text);
        let m = scan.matches.first().unwrap_or_else(|| panic!("{text:?}: no match"));
        let d = m.disguise;
        assert_eq!((d.score, d.styled, d.spaced, d.swapped), (score, styled, spaced, swapped), "{text:?}: {d:?}");
        assert_eq!(m.folds, folds.iter().copied().collect::<Folds>(), "{text:?}");
    }
}

#[test]
fn messages_measure_their_disguise() {
    let set = set(&[("r", "terms = ['gacor']")]);
    let plain = set.scan_message("slot gacor hari ini");
    assert!(plain.message_disguise.is_none());
    assert_eq!(plain.message_disguise.letters, 16);
    assert_eq!(set.scan_message("siap bai'at").message_disguise.score, 0);
    let styled = set.scan_message("𝐒𝐋𝐎𝐓 gacor, slоt");
    assert_eq!((styled.message_disguise.letters, styled.message_disguise.styled), (13, 4));
    assert_eq!(styled.message_disguise.mixed_words, 1);
    assert_eq!(styled.message_disguise.score, 62);
    assert!(styled.message_disguise.folds.contains(Fold::Confusable));
    // Measured whether or not anything matched.
    assert_eq!(set.scan_message("🅜🅔🅖🅐").message_disguise.score, 100);
}

#[test]
fn scans_rank_and_score_messages() {
    let set = set(&[
        ("low", "terms = ['promo']\nseverity = 'low'"),
        ("high", "terms = ['slot']\nseverity = 'high'"),
        ("crit", "terms = ['bom']\nseverity = 'critical'"),
    ]);
    let plain = set.scan_message("promo slot");
    assert_eq!(plain.max_severity, Some(Severity::High));
    assert_eq!(plain.rules.iter().map(|r| r.rule).collect::<Vec<_>>(), [1, 0]);
    assert_eq!(plain.score, 16 + 1);
    assert!(plain.disguise.is_empty());
    let disguised = set.scan_message("pr0m0 sl\u{200B}0t");
    assert_eq!(disguised.disguise, [Fold::Ignorable, Fold::Leet].into_iter().collect());
    assert_eq!(disguised.score, 16 + 1 + 2 * 2);
    let critical = set.scan_message("bom");
    assert!(critical.score > plain.score);
    let nothing = set.scan_message("halo");
    assert_eq!((nothing.max_severity, nothing.score, nothing.rules.len()), (None, 0, 0));
    let hit = plain.rules[0];
    assert_eq!((hit.matches, hit.distinct, hit.severity), (1, 1, Severity::High));
}

#[test]
fn caps_cut_pathological_inputs_short_and_say_so() {
    let limits = Limits { matches_per_message: 10, matches_per_input: 25 };
    let set = set(&[("a", "terms = ['ab']"), ("b", "patterns = ['cd']")]).with_limits(limits);
    let text = "ab ".repeat(100_000);
    let scan = set.scan_message(&text);
    assert_eq!((scan.matches.len(), scan.truncated), (10, Some(Cap::PerMessage(10))));
    assert_eq!(set.scan(&text).len(), 10);
    let few = set.scan_message("ab ab");
    assert_eq!((few.matches.len(), few.truncated), (2, None));
    let messages = ["ab ab ab", text.as_str(), text.as_str(), text.as_str(), "ab"];
    let scans = set.scan_messages(messages);
    let counts: Vec<(usize, Option<Cap>)> = scans.iter().map(|s| (s.matches.len(), s.truncated)).collect();
    assert_eq!(
        counts,
        [
            (3, None),
            (10, Some(Cap::PerMessage(10))),
            (10, Some(Cap::PerMessage(10))),
            (2, Some(Cap::PerInput(25))),
            (0, Some(Cap::PerInput(25)))
        ]
    );
    let patterns = set.scan_message(&"cd".repeat(100_000));
    assert_eq!((patterns.matches.len(), patterns.truncated), (10, Some(Cap::PerMessage(10))));
}

#[test]
fn spans_never_split_graphemes() {
    // U+0600 is a prepended mark: it belongs to the cluster of the digits after it. The combining acute and the
    // keycap's variation selector and enclosing mark are removed by the fold, and joined to the character before.
    let set = set(&[("n", "terms = ['12']"), ("e", "terms = ['e']"), ("k", "terms = ['7']")]);
    let text = "\u{600}١٢ e\u{301} 7\u{FE0F}\u{20E3}";
    let got: Vec<&str> = set.scan(text).iter().map(|m| &text[m.span.start..m.span.end]).collect();
    assert_eq!(got, ["\u{600}١٢", "e\u{301}", "7\u{FE0F}\u{20E3}"]);
}

#[test]
fn signals_say_why_a_match_stands_out() {
    use crate::Signal::*;
    let rules = crate::builtin::rule_set().unwrap();
    let rows: &[(&str, &str, &[crate::Signal])] = &[
        ("Salut, ☯𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄☯ selalu on time!", "𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄", &[StandoutWord, StyledLetters]),
        ("main di 𝐝ax69 seru banget", "𝐝ax69", &[StandoutWord, MixedStyles]),
        ("Kalo hidup mulai bosen, gue ke N A N A S J A Y A.", "N A N A S J A Y A", &[StandoutWord, SpelledOut]),
        // A name made of a gambling morpheme is known by its shape (perjudian.nama-judi-polos), and keeps how it
        // was disguised.
        ("Kalo hidup mulai bosen, gue ke N A N A S B E T.", "N A N A S B E T", &[SpelledOut]),
        ("untung w main di petik4d dari dulu", "petik4d", &[BrandShaped]),
        ("Gas terus di Badai Tujuh Tujuh", "Badai Tujuh Tujuh", &[BrandShaped, NumberInWords]),
        ("Baru sehari join KELUDARI⭐17⭐, dapet cuan", "KELUDARI⭐17", &[BrandShaped, SpelledOut]),
        ("ZЕUS138 gacor", "ZЕUS138", &[BrandShaped, MixedScripts]),
    ];
    for &(text, slice, wanted) in rows {
        let scan = rules.scan_message(text);
        let signals: Vec<Vec<crate::Signal>> = scan
            .matches
            .iter()
            .filter(|m| &text[m.span.start..m.span.end] == slice)
            .map(|m| crate::Signal::of(m, &rules.rule(m.rule)))
            .collect();
        assert!(signals.iter().any(|s| s == wanted), "{text:?}: {slice:?} has signals {signals:?}, not {wanted:?}");
    }
}

#[test]
fn builtin_packs_compile_and_test_clean() {
    let set = crate::builtin::rule_set().unwrap();
    assert_eq!(set.run_tests(), []);
    for pack in crate::builtin::packs().unwrap() {
        assert_eq!(pack.lint(), [], "{}", pack.source_name);
    }
}

/// A rule id used by two packs of a set is refused, naming both files, the rule and the field.
#[test]
fn a_rule_id_shared_by_two_packs_names_both_files() {
    let pack = |id: &str, name: &str| {
        let text = format!(
            "id = \"{id}\"\nversion = \"1\"\n[[rule]]\nid = \"lokal.arisan\"\ncategory = \"penipuan\"\n\
             severity = \"medium\"\nterms = [\"arisan\"]\n"
        );
        RulePack::from_toml(name, &text).unwrap()
    };
    let error = RuleSet::new(vec![pack("a", "a.toml"), pack("b", "b.toml")]).unwrap_err().to_string();
    assert_eq!(error, "b.toml: rule `lokal.arisan`: id: the id is used twice (first in a.toml)");
}

/// The examples of `docs/rules.md` must load, and their test cases pass.
#[test]
fn documented_examples_work() {
    let doc = include_str!("../../../docs/rules.md");
    let mut blocks = 0;
    for block in doc.split("```toml\n").skip(1).filter_map(|b| b.split("```").next()) {
        if block.trim_start().starts_with("[[rule.tests]]") {
            continue; // a fragment showing the table form of `tests`
        }
        let source = if block.contains("\nversion") {
            block.to_owned()
        } else {
            format!("id = \"doc\"\nversion = \"1\"\n{block}")
        };
        let pack = RulePack::from_toml("rules.md", &source).unwrap_or_else(|e| panic!("{e}\n{block}"));
        assert_eq!(pack.run_tests().unwrap(), [], "{block}");
        blocks += 1;
    }
    assert!(blocks >= 5);
}
