use super::*;

/// The keys of `text`, written `kind:value`.
fn shown(text: &str) -> Vec<String> {
    keys(text).keys.iter().map(ToString::to_string).collect()
}

/// The keys of one kind.
fn of(text: &str, kind: KeyKind) -> Vec<String> {
    keys(text).keys.into_iter().filter(|k| k.kind == kind).map(|k| k.value).collect()
}

#[test]
fn disguises_of_one_brand_are_one_key() {
    let rows: &[(&str, &str)] = &[
        ("Main di 𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉 sekarang", "pulauwin"),
        ("Main di P͓̽U͓̽L͓̽A͓̽U͓̽W͓̽I͓̽N͓̽ sekarang", "pulauwin"),
        ("Main di ＰＵＬＡＵＷＩＮ sekarang", "pulauwin"),
        ("Main di 𝐏𝐔𝐋𝐀𝐔𝐖𝐈𝐍! sekarang", "pulauwin"),
        ("Main di S͟U͟R͟Y͟A͟W͟I͟N͟ sekarang", "suryawin"),
        // A Cyrillic Е among Latin letters, styled digits.
        ("AЕR𝐎𝟴𝟴 gua main dikit aja", "aero88"),
        ("aero88 gua main dikit aja", "aero88"),
        ("AERO 88 gua main", "aero88"),
        ("a e r o 8 8 gua main", "aero88"),
        ("ae ro88 gua main", "aero88"),
        ("ae ro 88 gua main", "aero88"),
        ("4ER0 88 gua main", "aero88"),
        ("aero delapan delapan gua main", "aero88"),
        ("𝐌𝐄𝐆𝐀𝐁𝐄𝐓𝟗𝟗 lebih puas", "megabet99"),
        ("megabet 9 9 lebih puas", "megabet99"),
    ];
    for (text, brand) in rows {
        assert_eq!(of(text, KeyKind::Brand), [*brand], "{text:?}");
    }
}

#[test]
fn ordinary_words_are_not_brands() {
    let rows: &[&str] = &[
        "Selamat pagi semua, semoga sehat selalu",
        "café enak di jalan merdeka 88",
        "harga 88 ribu, pasal 303 kuhp, iphone 15",
        "persib 1933 juara, piala dunia 2026",
        "Привет всем, как дела",
        "Ça va très bien, merci",
        "ﺟﻬﺎﺩ",
        "𝐉𝐏 😍",
        // A message written wholly in styled letters: a style, not a name.
        "𝐒𝐞𝐦𝐨𝐠𝐚 𝐬𝐞𝐡𝐚𝐭 𝐬𝐞𝐥𝐚𝐥𝐮 𝐤𝐞𝐥𝐮𝐚𝐫𝐠𝐚 𝐤𝐢𝐭𝐚",
    ];
    for text in rows {
        assert_eq!(of(text, KeyKind::Brand), Vec::<String>::new(), "{text:?}");
    }
}

#[test]
fn phone_forms_are_one_key() {
    let rows: &[&str] = &[
        "hubungi 081234567890",
        "hubungi 0812-3456-7890",
        "hubungi +62 812 3456 7890",
        "hubungi (+62) 812-3456-7890",
        "hubungi wa.me/6281234567890",
        "hubungi https://api.whatsapp.com/send?phone=6281234567890",
        "depo via DANA 081234567890",
    ];
    for text in rows {
        assert_eq!(of(text, KeyKind::Phone), ["+6281234567890"], "{text:?}");
    }
}

#[test]
fn dodged_links_are_their_registrable_domain() {
    let rows: &[(&str, &[&str])] = &[
        ("daftar di situs88.com", &["situs88.com"]),
        ("daftar di situs88[.]com", &["situs88.com"]),
        ("daftar di situs88 . com ya", &["situs88.com"]),
        ("daftar di situs88 dot com ya", &["situs88.com"]),
        ("daftar di situs88．com", &["situs88.com"]),
        ("daftar di hxxps://www.situs88.com/daftar", &["situs88.com"]),
        ("daftar di https://promo.situs88.co.id/x", &["situs88.co.id"]),
        ("daftar di ѕitus88.com", &["situs88.com"]),
        // A shortener: the link itself; without a path it says nothing.
        ("klik bit[.]ly/promo88", &["bit.ly/promo88"]),
        ("klik hxxps://bit.ly/promo88", &["bit.ly/promo88"]),
        ("pakai bit.ly saja", &[]),
        // Platforms every kind of message links to.
        ("lihat https://www.youtube.com/watch?v=abc dan youtu.be/xyz", &[]),
        ("versi v2.3.1, file.txt, Rp 1.500.000", &[]),
    ];
    for (text, domains) in rows {
        assert_eq!(of(text, KeyKind::Domain), *domains, "{text:?}");
    }
}

#[test]
fn telegram_handles_and_invites() {
    let rows: &[(&str, &[&str])] = &[
        ("join t.me/SitusGacor", &["@situsgacor"]),
        ("join https://t.me/situsgacor", &["@situsgacor"]),
        ("join @SitusGacor sekarang", &["@situsgacor"]),
        ("join t.me/+AbCdEf123", &["https://t.me/+AbCdEf123"]),
        ("email budi@example.com", &[]),
    ];
    for (text, handles) in rows {
        assert_eq!(of(text, KeyKind::Telegram), *handles, "{text:?}");
    }
}

#[test]
fn keys_are_sorted_and_written_kind_value() {
    assert_eq!(
        shown("𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉 di pulauwin.com, @pulauwin_cs, WA 0812 3456 7890"),
        ["brand:pulauwin", "domain:pulauwin.com", "telegram:@pulauwin_cs", "phone:+6281234567890"]
    );
}

/// The template of each row's messages: one campaign for the near-duplicates, none for the rest.
#[test]
fn templates_see_through_swapped_names_emoji_and_numbers() {
    let texts = [
        "AЕR𝐎𝟴𝟴 gua main dikit aja, saldo langsung nambah banyak bro",
        "𝐌𝐄𝐆𝐀𝐁𝐄𝐓𝟗𝟗 gua main dikit aja, saldo langsung nambah banyak bro 🔥🔥",
        "gua main dikit aja di jaya 77, saldo langsung nambah banyak bro",
        "Gua main dikit aja, saldo langsung nambah banyak 500 ribu bro 😍",
        // Not the template: other words.
        "Videonya bagus banget bro, makasih sudah berbagi ilmu",
        "saldo",
    ];
    let keys: Vec<MessageKeys> = texts.iter().map(|t| keys(t)).collect();
    assert!(keys[5].bands.is_none(), "a short message has no template");
    let campaigns = group(&keys);
    let templates: Vec<&Campaign> =
        campaigns.iter().filter(|c| c.keys.iter().any(|k| k.kind == KeyKind::Template)).collect();
    assert_eq!(templates.len(), 1, "{campaigns:?}");
    assert_eq!(templates[0].messages, [0, 1, 2, 3]);
    // The same keys every time: a fixed hash.
    assert_eq!(group(&texts.iter().map(|t| super::keys(t)).collect::<Vec<_>>()), campaigns);
}

#[test]
fn two_templates_that_share_a_common_word_stay_apart() {
    let texts = [
        "yang penting main dikit aja saldo langsung nambah",
        "yang penting main dikit aja, saldo langsung nambah",
        "yang lain sudah pada pulang kampung semua kemarin sore",
        "yang lain sudah pada pulang kampung semua kemarin malam",
        "terima kasih atas video yang sangat bermanfaat ini",
        "terima kasih atas video yang sangat bermanfaat ini pak",
    ];
    let keys: Vec<MessageKeys> = texts.iter().map(|t| keys(t)).collect();
    let mut templates: Vec<Vec<u32>> = group(&keys)
        .into_iter()
        .filter(|c| c.keys.iter().any(|k| k.kind == KeyKind::Template))
        .map(|c| c.messages)
        .collect();
    templates.sort();
    assert_eq!(templates, [vec![0, 1], vec![2, 3], vec![4, 5]]);
}

#[test]
fn a_key_that_unrelated_messages_share_does_not_join_their_campaigns() {
    let texts = [
        // Two campaigns, each with a platform link and a common handle that ordinary replies also carry.
        "Main di jaya88 sekarang, tutorial di youtube.com/watch?v=a @admin",
        "jaya88 gacor hari ini, lihat youtu.be/b @admin",
        "Daftar di hoki77.com, bukti di https://www.youtube.com/watch?v=c @admin",
        "hoki77.com paling gacor @admin",
        // Ordinary messages with the same platform link and handle.
        "Lagu ini enak didengar https://youtube.com/watch?v=d @admin",
        "Resep rendang ada di youtube.com/watch?v=e ya @admin",
        "Terima kasih infonya @admin",
    ];
    let keys: Vec<MessageKeys> = texts.iter().map(|t| keys(t)).collect();
    let campaigns = group(&keys);
    let by_key = |key: &str| campaigns.iter().find(|c| c.keys.iter().any(|k| k.to_string() == key));
    assert_eq!(by_key("brand:jaya88").map(|c| &c.messages[..]), Some(&[0, 1][..]));
    assert_eq!(by_key("domain:hoki77.com").map(|c| &c.messages[..]), Some(&[2, 3][..]));
    assert!(by_key("domain:youtube.com").is_none() && by_key("domain:youtu.be").is_none());
    // The handle is a campaign of its own (all seven messages), and it does not merge the others into it.
    assert_eq!(by_key("telegram:@admin").map(|c| c.messages.len()), Some(7));
    assert!(campaigns.iter().all(|c| c.keys.len() == 1 || c.messages.len() < 7));
    // With more messages than `share_from`, a handle on more than `max_share` of them is dropped.
    let options = Grouping { share_from: 5, max_share: 0.5, ..Grouping::default() };
    let campaigns = group_with(&keys, &options);
    assert!(!campaigns.iter().any(|c| c.keys.iter().any(|k| k.value == "@admin")), "{campaigns:?}");
    assert_eq!(campaigns.len(), 2);
}

#[test]
fn a_plain_mention_joins_a_brand_written_disguised_elsewhere() {
    let mut texts = vec![
        "Main di 𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉 sekarang",
        "P͓̽U͓̽L͓̽A͓̽U͓̽W͓̽I͓̽N͓̽ gacor",
        "ＰＵＬＡＵＷＩＮ mantap",
        "pulauwin memang gacor",
        // An ordinary word written in styled letters now and then, plainly far more often.
        "𝐒𝐄𝐌𝐎𝐆𝐀 sukses",
        "𝐒𝐞𝐦𝐨𝐠𝐚 lancar",
        "𝐒𝐄𝐌𝐎𝐆𝐀 sehat",
    ];
    texts.extend(std::iter::repeat_n("semoga sehat selalu", 13));
    let keys: Vec<MessageKeys> = texts.iter().map(|t| keys(t)).collect();
    let campaigns = group(&keys);
    let by_key = |key: &str| campaigns.iter().find(|c| c.keys.iter().any(|k| k.to_string() == key));
    assert_eq!(by_key("brand:pulauwin").map(|c| &c.messages[..]), Some(&[0, 1, 2, 3][..]));
    assert_eq!(by_key("brand:semoga").map(|c| &c.messages[..]), Some(&[4, 5, 6][..]));
    // Without enough disguised writings, a plain mention joins nothing.
    let options = Grouping { plain_min_disguised: 4, ..Grouping::default() };
    let campaigns = group_with(&keys, &options);
    assert!(campaigns.iter().any(|c| c.messages == [0, 1, 2]), "{campaigns:?}");
}

#[test]
fn campaigns_are_sorted_by_size_and_merge_keys_of_the_same_messages() {
    let texts = ["zeus138 di zeus138.com", "main zeus138.com, zeus138", "hoki77 bro", "hoki77 lagi", "hoki77 terus"];
    let keys: Vec<MessageKeys> = texts.iter().map(|t| keys(t)).collect();
    let campaigns = group(&keys);
    let summary: Vec<(Vec<String>, Vec<u32>)> =
        campaigns.iter().map(|c| (c.keys.iter().map(ToString::to_string).collect(), c.messages.clone())).collect();
    assert_eq!(
        summary,
        [
            (vec!["brand:hoki77".to_owned()], vec![2, 3, 4]),
            (vec!["brand:zeus138".to_owned(), "domain:zeus138.com".to_owned()], vec![0, 1]),
        ]
    );
}

#[test]
fn hashes_and_bands_are_fixed() {
    // Pinned to values computed apart from this code (a few lines of Python): the same words give the same bands on
    // every target and every version; a change here changes every template key.
    assert_eq!(hash(b"gua"), 0x805b_2215_f707_6c05);
    let mut words: Vec<u64> =
        ["gua", "main", "dikit", "aja", "saldo", "nambah"].iter().map(|w| hash(w.as_bytes())).collect();
    words.sort_unstable();
    let bands = minhash_bands(&words);
    assert_eq!((bands[0], bands[BANDS - 1]), (0x9cd9_df1c_ed99_50af, 0xd78c_e34e_45ca_d7a5));
    assert_eq!(keys("gua main dikit aja, saldo nambah 🔥 88").bands, Some(bands));
    assert_eq!(jaccard(&words, &words), (1.0, 6));
    assert_eq!(jaccard(&words[..3], &words[3..]), (0.0, 0));
    assert_eq!(jaccard(&words[..4], &words[2..]), (2.0 / 6.0, 2));
}
