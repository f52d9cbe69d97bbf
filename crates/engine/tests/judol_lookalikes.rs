//! The promotion that real people post, and the ordinary messages that look like it (issue 13): the built-in
//! packs flag each promotion below at medium or above in `perjudian`, and none of the look-alikes. The rows are
//! written after the real comments of the judol development set (`examples/judol_bench.rs`), with invented names:
//! no pack lists a brand, so the names here are new to it.

use tapis_engine::{RuleSet, Severity, builtin};

fn flagged(set: &RuleSet, text: &str) -> Vec<String> {
    set.scan_message(text)
        .rules
        .iter()
        .filter(|h| h.severity >= Severity::Medium && set.rule(h.rule).category == "perjudian")
        .map(|h| set.rule(h.rule).id.clone())
        .collect()
}

#[test]
fn real_promotion_shapes_are_flagged() {
    let set = builtin::rule_set().unwrap();
    let rows = [
        // One styled word in an otherwise plain sentence.
        "Salut, ☯𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄☯ selalu on time!",
        "Sukses terus deh buat 𝐁𝐀𝐍𝐆𝐄𝐓𝐎𝐍𝟗𝟏𝟏.",
        "Langsung merasakan sensasi menang saat pertama kali main di 𝐤𝐮𝐝𝐚",
        // Alphabets or scripts mixed inside one name.
        "Ga nyesel main di 𝐋𝐚𝐦𝐩𝐢𝐨N, utang beres semua",
        "Rezeki dari РАNDАWIN emang gak terduga",
        // A name and any number, with testimonial words around it.
        "Reaction KELUDARI17 pas nonton, gak nyesel main di sana",
        "untung w main di ambil4d dari dulu",
        "Jakpot besar bikin aku makin percaya sama keberuntungan di TIKARASIA77!",
        // Names spelled out, framed, or glued to their number with emoji.
        "02:55 P U L A U M A S tempat ngetawain nasib",
        "💞 K E L U D A R I 6 3 💞 lagi ada event, gas main",
        "Emang gak ada yang se-profitable KELUDARI⭐63⭐.",
        "✈✈✈BUKTIKAN SENDIRI AJA DI TIKAR38✈✈✈",
        "salam dari 𝗧𝗜𝗞𝗔𝗥𝟴 𝟴 gampang jepe",
        // Winnings without a disguised name, and a name made of gambling words.
        "Main di SINARKU, dapet scatter x250, langsung WD 2 juta",
        "baru narik 2jt dari KELAPAWIN",
        "Berbudi Tikar4D",
    ];
    for text in rows {
        assert!(!flagged(&set, text).is_empty(), "{text:?} is not flagged");
    }
}

#[test]
fn ordinary_lookalikes_are_not_flagged() {
    let set = builtin::rule_set().unwrap();
    let rows = [
        // Styled throughout, a bold bio, a styled heading, a styled person's name, a speaker's label.
        "𝙺𝚊𝚗𝚐𝚎𝚗 𝚜𝚊𝚖𝚊 𝚔𝚘𝚗𝚝𝚎𝚗 𝚋𝚎𝚕𝚒 𝚋𝚊𝚛𝚊𝚗𝚐 𝚋𝚛𝚊𝚗𝚍𝚎𝚍 𝚝𝚎𝚛𝚖𝚞𝚛𝚊𝚑",
        "𝐁𝐮𝐝𝐢 𝐒𝐚𝐧𝐭𝐨𝐬𝐨 | Fotografer | Jakarta",
        "Info 𝐏𝐑𝐎𝐌𝐎 𝐆𝐀𝐉𝐈𝐀𝐍 bonus kopi untuk member baru",
        "Terima kasih 𝓡𝓲𝓷𝓪 sudah datang",
        "ꜱᴜʀʏᴀ: harga 88rb aja kak, ongkir gratis",
        "✨ ʀɪɴᴀ ✨ Happy birthday!! 🥳🥳",
        // Shops, clubs, years, diseases, product codes, the police, cinemas, birthdays.
        "Toko Jaya 88 buka sampai jam 9, ada bonus belanja",
        "Persib 1933 menang lagi, mantap",
        "COVID19 bikin usaha saya gak untung",
        "Anker Soundcore R50i bagus, coba deh, harga 197rb",
        "Bang coba review Monster XKT08 pro",
        "Laptop RTX 3060 buat main game lancar",
        "Densus 88 menangkap terduga teroris, main hakim sendiri jangan",
        "Nonton film 4D di bioskop, seru",
        "Selamat ulang tahun ke-17 🎉🎉🎉🎉",
        "Kak cobain makan di warung Sinar 77, enak",
        // Emphasis: letters drawn out, a word spelled out, accents, flags.
        "KEREEEEEN banget mantaaaap",
        "Dan kemungkinan besar K E M U N G K I N A N itu ada",
        "Merdeka 🇮🇩🇮🇩 selalu jaya",
    ];
    for text in rows {
        assert_eq!(flagged(&set, text), Vec::<String>::new(), "{text:?}");
    }
}
