//! Table-driven tests of every fold, of the alignment, and of the fast plain fold against the general one.

use super::*;

/// One row: a text, a view, the normalized text, and the folds that the whole text needed.
struct FoldTest {
    name: &'static str,
    view: View,
    text: &'static str,
    normalized: &'static str,
    folds: &'static [Fold],
}

const fn t(
    name: &'static str,
    view: View,
    text: &'static str,
    normalized: &'static str,
    folds: &'static [Fold],
) -> FoldTest {
    FoldTest { name, view, text, normalized, folds }
}

use Fold::*;
use View::{Disguised, Plain, Spaced};

const FOLD_TESTS: &[FoldTest] = &[
    t("ascii unchanged", Plain, "slot gacor", "slot gacor", &[]),
    t("case", Plain, "SLOT Gacor", "slot gacor", &[Case]),
    t("whitespace runs", Plain, "slot \n\t gacor", "slot gacor", &[]),
    t("dotted capital I", Plain, "JUDİ", "judi", &[Case, Diacritic]),
    t("fullwidth", Plain, "ＳＬＯＴ", "slot", &[Case, Compatibility]),
    t("math bold italic sans", Plain, "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍", "slot gacor", &[Case, Compatibility]),
    t("math script", Plain, "𝓼𝓵𝓸𝓽", "slot", &[Compatibility]),
    t("circled", Plain, "Ⓢⓛⓞⓣ", "slot", &[Case, Compatibility]),
    t("squared", Plain, "🅂🄻🄾🅃", "slot", &[Case, Compatibility]),
    t("negative squared", Plain, "🆂🅻🅾🆃", "slot", &[Compatibility]),
    t("negative circled", Plain, "🅢🅛🅞🅣", "slot", &[Compatibility]),
    t("superscript", Plain, "ˢˡᵒᵗ", "slot", &[Compatibility]),
    t("ligature", Plain, "ﬁlm", "film", &[Compatibility]),
    t("fullwidth space", Plain, "slot\u{3000}gacor", "slot gacor", &[]),
    t("no-break space", Plain, "slot\u{A0}gacor", "slot gacor", &[]),
    t("diacritics", Plain, "jüdï ślöt", "judi slot", &[Diacritic]),
    t("zalgo", Plain, "j\u{334}\u{34E}u\u{337}d\u{338}i", "judi", &[Diacritic, Overlay]),
    t("decomposed accent", Plain, "e\u{301}", "e", &[Diacritic]),
    t("zero-width space", Plain, "ju\u{200B}di", "judi", &[Ignorable]),
    t("zero-width joiner and non-joiner", Plain, "s\u{200D}l\u{200C}ot", "slot", &[Ignorable]),
    t("soft hyphen", Plain, "bo\u{AD}kep", "bokep", &[Ignorable]),
    t("word joiner and BOM", Plain, "\u{2060}ga\u{FEFF}nja", "ganja", &[Ignorable]),
    t("variation selector", Plain, "sabu\u{FE0F}", "sabu", &[Ignorable]),
    t("apostrophes", Plain, "bai'at bai’at", "baiat baiat", &[Separator]),
    t("arabic harakat", Plain, "جِهَاد", "جهاد", &[Arabic]),
    t("arabic tatweel", Plain, "جـــهاد", "جهاد", &[Arabic]),
    t("arabic alef variants", Plain, "أإآٱ", "اااا", &[Arabic]),
    t("arabic alef maksura and ta marbuta", Plain, "على دولة", "علي دوله", &[Arabic]),
    t("persian yeh and kaf", Plain, "یک", "يك", &[Arabic]),
    t("arabic-indic digits", Plain, "٣٠٣ ۱۲", "303 12", &[Arabic]),
    t("arabic presentation forms", Plain, "ﻃﺎﻏﻮﺕ", "طاغوت", &[Compatibility]),
    t("plain keeps look-alikes", Plain, "slоt", "slоt", &[]),
    t("plain keeps leet", Plain, "sl0t", "sl0t", &[]),
    t("plain keeps repeats", Plain, "gacooor", "gacooor", &[]),
    t("cyrillic", Disguised, "slоt gасоr", "slot gacor", &[Confusable]),
    t("cyrillic capitals", Disguised, "SLОТ", "slot", &[Case, Confusable]),
    t("greek", Disguised, "ϳιhαd", "jihad", &[Confusable]),
    t("small capitals", Disguised, "ꜱʟᴏᴛ ɢᴀᴄᴏʀ", "slot gacor", &[Confusable]),
    t("regional indicators", Disguised, "🇯🇺🇩🇮", "judi", &[Confusable]),
    t("leet digits", Disguised, "sl0t g4c0r", "slot gacor", &[Leet]),
    t("leet symbols inside words", Disguised, "j!had $abu s@bu", "jihad $abu sabu", &[Leet]),
    t("leet at word start", Disguised, "4nj1ng", "anjing", &[Leet]),
    t("exclamation after a word", Disguised, "bersama! ok", "bersama! ok", &[]),
    t("trailing symbols stay", Disguised, "s$$ ca$h$$ b@@", "s$$ cash$$ b@@", &[Leet]),
    t("reduplication 2", Disguised, "kata2 anak2", "kata2 anak2", &[]),
    t("2 inside a word", Disguised, "b2b", "bzb", &[Leet]),
    t("numbers stay numbers", Disguised, "09.00 2024", "09.00 2024", &[]),
    t("mention", Disguised, "@judi", "@judi", &[]),
    t("repeats", Disguised, "gacooor slooot", "gacor slot", &[Repeat]),
    t("doubles stay", Disguised, "maaf tinggal", "maaf tinggal", &[]),
    t("repeats across ignorables", Disguised, "gaco\u{200B}oor", "gacor", &[Ignorable, Repeat]),
    t("leet then repeats", Disguised, "g4c000r", "gacor", &[Leet, Repeat]),
    t("disguised keeps separators", Disguised, "j.i.h.a.d", "j.i.h.a.d", &[]),
    t("spaced letters", Spaced, "j i h a d", "jihad", &[Separator]),
    t("dotted letters", Spaced, "j.i.h.a.d", "jihad", &[Separator]),
    t("dashed capitals", Spaced, "L-I-V-E", "live", &[Case, Separator]),
    t("one letter per line", Spaced, "j\ni\nh\na\nd", "jihad", &[Separator]),
    t("spaced with leet", Spaced, "s 4 b u", "sabu", &[Leet, Separator]),
    t("spaced word then normal word", Spaced, "s.l.o.t gacor", "slot gacor", &[Separator]),
    t("single letters beside a word stay apart", Spaced, "jual s a b u", "jual sabu", &[Separator]),
    t("punctuation between words", Spaced, "slot_gacor slot-gacor", "slot gacor slot gacor", &[Separator]),
    t("digits keep their punctuation", Spaced, "09.00 1.000", "09.00 1.000", &[]),
    t("two letter pieces are not joined", Spaced, "ju di", "ju di", &[]),
    t("digits alone are not joined", Spaced, "1 2 3", "1 2 3", &[]),
    t("emoji between letters", Spaced, "j😀u d😀i", "judi", &[Separator]),
    t("emoji around a word stay", Spaced, "😀judi😀", "😀judi😀", &[]),
    t("stars around spaced letters", Spaced, "⭐ B A D A I ⭐", "⭐ badai ⭐", &[Case, Separator]),
    t("digits continue a spaced name", Spaced, "B A D A I 7 7", "badai77", &[Case, Separator]),
    t("bracketed letters", Spaced, "[M][E][G][A]", "[mega]", &[Case, Separator]),
    t("parenthesized letters", Spaced, "(J)(A)(Y)(A)", "(jaya)", &[Case, Separator]),
    t(
        "bracketed letters with overlays",
        Spaced,
        "[\u{332}\u{305}M][\u{332}\u{305}E]",
        "[me]",
        &[Case, Separator, Overlay],
    ),
    t("brackets between words", Spaced, "slot(gacor)", "slot gacor)", &[Separator]),
    t("low line overlay", Plain, "S\u{35F}U\u{35F}R\u{35F}Y\u{35F}A\u{35F}", "surya", &[Case, Overlay]),
    t("strike-through", Plain, "s\u{336}l\u{336}o\u{336}t\u{336}", "slot", &[Overlay]),
    t("keycaps", Plain, "8\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}", "88", &[Ignorable, Overlay]),
    t("enclosing circle", Plain, "a\u{20DD}b\u{20DD}", "ab", &[Overlay]),
    t("negative circled", Plain, "🅜🅔🅖🅐", "mega", &[Compatibility]),
    t("circled digits without decomposition", Plain, "❶➁➌⓸⓿🄌", "123400", &[Compatibility]),
    t("circled tens stay", Plain, "❿", "❿", &[]),
    t("negative squared with selector", Plain, "🅿\u{FE0F}", "p", &[Compatibility, Ignorable]),
    t(
        "a number after a name is not leet",
        Disguised,
        "jaya88 zeus138 j4y4 b4nt41",
        "jaya88 zeus138 jaya bantai",
        &[Leet],
    ),
    t("digits inside a name are leet", Disguised, "j4y488", "jayabb", &[Leet]),
    t("togel 4d after a name", Disguised, "ᴘᴀɴᴅᴀ4ᴅ m4d r4d", "panda4d mad rad", &[Confusable, Leet]),
];

#[test]
fn each_fold() {
    for row in FOLD_TESTS {
        assert_eq!(normalize(row.text, row.view), row.normalized, "{}: normalized", row.name);
        let folds: Folds = units(row.text, row.view).iter().fold(Folds::NONE, |f, u| f.union(u.folds));
        assert_eq!(folds, row.folds.iter().copied().collect::<Folds>(), "{}: folds", row.name);
        assert_eq!(general_text(row.text, row.view), row.normalized, "{}: general fold", row.name);
    }
}

fn general_text(text: &str, view: View) -> String {
    units(text, view).iter().map(|u| u.ch).collect()
}

/// Each row: original, view, a folded range, and the original slice it must map back to.
#[test]
fn folded_ranges_map_back_to_whole_original_characters() {
    let rows: &[(&str, View, (usize, usize), &str)] = &[
        ("Slot GACOR", Plain, (5, 10), "GACOR"),
        ("slot \n\t gacor", Plain, (0, 10), "slot \n\t gacor"),
        ("JUDİ", Plain, (0, 4), "JUDİ"),
        ("ÉCOLE x", Plain, (0, 5), "ÉCOLE"),
        ("𝙎 SABU", Plain, (2, 6), "SABU"),
        ("𝙎𝙇𝙊𝙏", Plain, (1, 3), "𝙇𝙊"),
        ("ju\u{200B}di", Plain, (0, 4), "ju\u{200B}di"),
        ("ju\u{200B}di", Plain, (0, 2), "ju\u{200B}"),
        ("ﬀ", Plain, (1, 2), "ﬀ"),
        ("جِهَاد", Plain, (0, 2), "جِ"),
        ("gacooor!", Disguised, (0, 5), "gacooor"),
        ("sl0t", Disguised, (2, 3), "0"),
        ("j.i.h.a.d x", Spaced, (0, 5), "j.i.h.a.d"),
        ("slot_gacor", Spaced, (4, 5), "_"),
        ("slоt", Disguised, (0, 4), "slоt"),
    ];
    for (original, view, (s, e), slice) in rows {
        let folded = match view {
            Plain => fold_plain(original).0,
            _ => fold_view(original, *view),
        };
        let (a, b) = folded.align.original_range(*s, *e);
        assert_eq!(&original[a..b], *slice, "{original:?} {view:?} {s}..{e}");
    }
}

#[test]
fn ascii_text_needs_few_alignment_pieces() {
    let text = "Info slot gacor hari ini, daftar sekarang juga.\nBonus new member 100%!";
    let (folded, _) = fold_plain(text);
    assert_eq!(folded.align.len(), 1);
    let (folded, _) = fold_plain("Slot  gacor");
    assert!(folded.align.len() <= 3);
}

/// Texts from the Big List of Naughty Strings and tricky cases of our own.
fn naughty() -> Vec<String> {
    let mut texts: Vec<String> = include_str!("../../tests/fixtures/blns.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect();
    texts.extend(FOLD_TESTS.iter().map(|r| r.text.to_owned()));
    texts.extend(
        [
            "",
            " ",
            "\u{200B}",
            " \u{200B} x",
            "GACOoor",
            "go'oo",
            "o4o",
            "4ab",
            "ab4",
            "aab",
            "Aa'a",
            "x 4",
            "a  \u{301} b",
            "ß ß",
            "ﷺ",
            "A\r\nB",
            "\u{301}x",
            "x\u{200B}",
            // Stretches of plain words, some punctuated, that the later views write at once (`units::walk`).
            "Kata, lain. Kata\nlain kata, x",
            "aa, b c, dd. e f",
            "slot, g. x gaaa, slot judi, 4 slot",
            "kata.\tlain kata,\u{0B}lain kata,, lain kata ,lain",
            "Kata, lAin, Xy, yz. ab,cd ef  gh",
            "ab cd, ef. gh's ij, kl\u{200B} mn, s.l.o.t",
            "ab c, d, ef g. h. ij",
            "Kata lain, kata.\n",
            "Kata lain, kata. ",
            "Kata lain, kata.\n\n",
            "Kata lain, k.\n",
            "Kata lain, kaaata.\n",
            "Kata lain, kata.x",
            "Kata. A\n",
            "ab cd ef\ngh\tij  kl mn 4 op qr st uv. w x y z aa bb cc 4 dd, ee f,gg hh4 ii jj kkk ll",
            "a bc de f gh\nI j K lm no pp q r s 7u vw xx x yy",
        ]
        .map(str::to_owned),
    );
    texts
}

/// The fast plain fold must give the same text and the same alignment as the general fold in the plain view.
#[test]
fn fast_plain_fold_agrees_with_the_general_fold() {
    for text in naughty() {
        assert_plain_folds_agree(&text);
    }
}

pub(crate) fn assert_plain_folds_agree(text: &str) {
    let (fast, triggers) = fold_plain(text);
    // The triggers, seen a character at a time over the plain view (the plain pass sees runs of ASCII and
    // stretches of words at once), must be the same: they decide which views are matched.
    let mut one_by_one = TriggerScan::default();
    fast.text.chars().for_each(|c| one_by_one.see(c));
    one_by_one.finish();
    let want = Triggers { disguised: one_by_one.disguised, spaced: one_by_one.spaced };
    assert_eq!(triggers, want, "{text:?}: triggers");
    assert_eq!(plain_triggers(text), want, "{text:?}: triggers without the text");
    let general = fold_view(text, Plain);
    let units = units(text, Plain);
    assert_eq!(fast.text, general.text, "{text:?}");
    assert_eq!(fast.text, units.iter().map(|u| u.ch).collect::<String>(), "{text:?}");
    let mut at = 0;
    for u in &units {
        let end = at + u.ch.len_utf8();
        let want = (u.start as usize, u.end as usize);
        assert_eq!(fast.align.original_range(at, end), want, "{text:?}: fast, folded {at}..{end}");
        assert_eq!(general.align.original_range(at, end), want, "{text:?}: general, folded {at}..{end}");
        at = end;
    }
}

/// Every view of every text, streamed, must equal the same view folded in one buffer, and each character a
/// later view folds differently must have been announced by the plain fold's triggers.
#[test]
fn streamed_views_agree_with_whole_buffer_views_and_triggers() {
    let mut texts = naughty();
    texts.push(format!("{} j.i.h.a.d", "kata ".repeat(5)));
    for text in texts {
        assert_views_agree(&text);
    }
}

pub(crate) fn assert_views_agree(text: &str) {
    let (plain, triggers) = fold_plain(text);
    for view in [Disguised, Spaced] {
        let streamed = fold_view(text, view);
        let units = units(text, view);
        assert_eq!(streamed.text, units.iter().map(|u| u.ch).collect::<String>(), "{text:?} {view:?}");
        let mut at = 0;
        let mut evidence = Vec::new();
        for u in &units {
            let end = at + u.ch.len_utf8();
            assert_eq!(streamed.align.original_range(at, end), (u.start as usize, u.end as usize), "{text:?} {view:?}");
            if u.evidence {
                evidence.push(at as u32);
            }
            at = end;
        }
        assert_eq!(streamed.evidence, evidence, "{text:?} {view:?}: evidence");
        let whole = crate::disguise::measure(text, &units, |u| u.folds);
        assert_eq!(crate::disguise::measure_view(text, view), whole, "{text:?} {view:?}: measure");
        assert_eq!(crate::disguise::fold_measured(text, view).1, whole, "{text:?} {view:?}: measure");
    }
    // A view that was not triggered would have found nothing new: the disguised view folds like the plain one,
    // and the spaced view like the disguised one.
    if !triggers.disguised {
        assert!(fold_view(text, Disguised).evidence.is_empty(), "{text:?}: disguised view not triggered");
    }
    if !triggers.spaced {
        let (spaced, disguised) = (fold_view(text, Spaced), fold_view(text, Disguised));
        assert_eq!(spaced.text, disguised.text, "{text:?}: spaced view not triggered");
        assert_eq!(spaced.evidence, disguised.evidence, "{text:?}: spaced view not triggered");
    }
    let _ = plain;
}

#[test]
fn terms_and_text_meet_in_the_same_alphabet() {
    // Terms are folded from their plain form (affixed forms are made from it): the plain fold must be
    // idempotent, and a later view of the plain form must be the later view of the original.
    for text in naughty() {
        let plain = normalize(&text, Plain);
        assert_eq!(normalize(&plain, Plain), plain, "{text:?}");
        for view in [Disguised, Spaced] {
            assert_eq!(normalize(&plain, view), normalize(&text, view), "{text:?} {view:?}");
        }
    }
}

#[test]
fn every_table_range_is_sorted_and_decodes() {
    for table in [tables::FOLD, tables::CONFUSABLE] {
        assert!(table.windows(2).all(|w| w[0].1 < w[1].0), "ranges must be sorted and disjoint");
        for &(first, last, _) in table {
            for cp in [first, last] {
                let c = char::from_u32(cp).expect("a scalar value");
                assert!(lookup(table, c).is_some(), "U+{cp:04X}");
            }
        }
    }
}

#[test]
fn table_kind_bits_follow_the_fold_order() {
    // tools/gen_tables.py writes these bits; they must name the same folds here.
    let bits = [
        (1, Case),
        (2, Compatibility),
        (4, Diacritic),
        (8, Ignorable),
        (16, Arabic),
        (32, Confusable),
        (128, Separator),
    ];
    for (bit, fold) in bits {
        assert_eq!(Folds::from_table(bit), fold.into(), "{fold:?}");
    }
}

#[test]
fn ascii_letters_counts_letters_and_finds_triples() {
    let check = |bytes: &[u8]| {
        let len = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let triple =
            bytes[..len].windows(3).any(|w| w[0].eq_ignore_ascii_case(&w[1]) && w[1].eq_ignore_ascii_case(&w[2]));
        assert_eq!(ascii_letters(bytes), (len, triple), "{bytes:?}");
    };
    for text in ["", "a", "ab", "aaa", "aAa", "aab", "abbb", "abBBc", "ab1aaa", "kata,", "gacoooor x", "é", "zZz!"] {
        check(text.as_bytes());
    }
    // Bytes around the letters' bounds (`@`, `[`, `` ` ``, `{`, high bytes), letters that repeat, every length
    // around the eight bytes read at once.
    let alphabet = b"aAbBzZ@[`{ \x80\xC1\xDA\xE1\xFA0";
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 20) as usize;
        let mut bytes = Vec::with_capacity(len);
        let mut s = state;
        for _ in 0..len {
            s = s.rotate_left(11).wrapping_mul(0x2545_F491_4F6C_DD1D);
            // Mostly letters, so that long runs and triples happen.
            let pick = (s >> 40) as usize % 32;
            bytes.push(if pick < 20 { alphabet[pick % 6] } else { alphabet[pick % alphabet.len()] });
        }
        check(&bytes);
    }
}
