use super::*;

/// `(kind, value, original slice)` of every link in `text`.
fn found(text: &str) -> Vec<(LinkKind, String, String)> {
    extract(text).into_iter().map(|l| (l.kind, l.value, text[l.span.start..l.span.end].to_owned())).collect()
}

/// Each row: a text, and the one link it holds (kind, value, the original characters its span covers).
#[test]
fn obfuscated_forms_are_undone() {
    use LinkKind::{Domain, Url};
    let rows: &[(&str, LinkKind, &str, &str)] = &[
        ("main di situs88.com sekarang", Domain, "situs88.com", "situs88.com"),
        ("main di SITUS88.COM!", Domain, "situs88.com", "SITUS88.COM"),
        ("main di Situs88.Com", Domain, "situs88.com", "Situs88.Com"),
        ("main di JayaSlot88.com", Domain, "jayaslot88.com", "JayaSlot88.com"),
        (
            "buka https://situs88.com/daftar?ref=7.",
            Url,
            "https://situs88.com/daftar?ref=7",
            "https://situs88.com/daftar?ref=7",
        ),
        ("hxxp://situs88.com", Url, "http://situs88.com", "hxxp://situs88.com"),
        ("hXXps://situs88.com/x", Url, "https://situs88.com/x", "hXXps://situs88.com/x"),
        ("situs88[.]com", Domain, "situs88.com", "situs88[.]com"),
        ("situs88(.)com", Domain, "situs88.com", "situs88(.)com"),
        ("situs88{.}com", Domain, "situs88.com", "situs88{.}com"),
        ("situs88 [.] com", Domain, "situs88.com", "situs88 [.] com"),
        ("situs88[dot]com", Domain, "situs88.com", "situs88[dot]com"),
        ("buka situs88 dot com ya", Domain, "situs88.com", "situs88 dot com"),
        ("buka situs88 titik com ya", Domain, "situs88.com", "situs88 titik com"),
        ("buka situs88 . com ya", Domain, "situs88.com", "situs88 . com"),
        ("ketik s i t u s 8 8 . c o m sekarang", Domain, "situs88.com", "s i t u s 8 8 . c o m"),
        ("situs88．com", Domain, "situs88.com", "situs88．com"),
        ("situs88。com", Domain, "situs88.com", "situs88。com"),
        ("ｓｉｔｕｓ８８．ｃｏｍ", Domain, "situs88.com", "ｓｉｔｕｓ８８．ｃｏｍ"),
        ("𝐬𝐢𝐭𝐮𝐬𝟖𝟖.com", Domain, "situs88.com", "𝐬𝐢𝐭𝐮𝐬𝟖𝟖.com"),
        ("situs\u{200B}88.c\u{200C}om", Domain, "situs88.com", "situs\u{200B}88.c\u{200C}om"),
        // A Cyrillic ѕ and о in a Latin name: undone, with a mixed-script warning.
        ("ѕitus88.cоm", Domain, "situs88.com", "ѕitus88.cоm"),
        ("www.situs88.co.id", Url, "http://www.situs88.co.id", "www.situs88.co.id"),
        ("situs88.com/daftar", Url, "http://situs88.com/daftar", "situs88.com/daftar"),
        ("(lihat situs88.com)", Domain, "situs88.com", "situs88.com"),
        ("Daftar:situs88.com", Domain, "situs88.com", "situs88.com"),
        ("bücher.de", Domain, "bücher.de", "bücher.de"),
        ("пример.рф", Domain, "пример.рф", "пример.рф"),
        ("xn--e1afmkfd.xn--p1ai", Domain, "пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("http://10.1.2.3/login", Url, "http://10.1.2.3/login", "http://10.1.2.3/login"),
    ];
    for (text, kind, value, slice) in rows {
        let got = found(text);
        assert_eq!(got, [(*kind, value.to_string(), slice.to_string())], "{text:?}");
    }
}

#[test]
fn hosts_carry_unicode_punycode_suffix_and_warnings() {
    let host = |text: &str| extract(text).remove(0).host.unwrap();
    let h = host("bücher.de");
    assert_eq!((h.name.as_str(), h.ascii.as_str(), h.mixed_script), ("bücher.de", "xn--bcher-kva.de", false));
    let h = host("ѕitus88.cоm");
    assert!(h.mixed_script);
    assert_eq!(h.ascii, "situs88.com");
    assert_eq!(h.written.as_ref().map(|(u, _)| u.as_str()), Some("ѕitus88.cоm"));
    let h = host("promo.situs88.co.id");
    assert_eq!(h.registrable, "situs88.co.id");
    assert!(!h.shortener);
    for short in ["bit.ly/abc", "s.id/promo", "https://heylink.me/situs", "tinyurl.com/x1"] {
        assert!(host(short).shortener, "{short}");
    }
}

/// Each row: a text, and what it holds as `(kind, value)`.
#[test]
fn handles_numbers_and_accounts() {
    use LinkKind::*;
    let rows: &[(&str, &[(LinkKind, &str)])] = &[
        ("gabung t.me/situs88_official", &[(Telegram, "@situs88_official")]),
        ("https://t.me/s/infocuan", &[(Telegram, "@infocuan")]),
        ("https://telegram.me/InfoCuan/123", &[(Telegram, "@infocuan")]),
        ("t.me/+AbCdEf123_x", &[(TelegramInvite, "https://t.me/+AbCdEf123_x")]),
        ("https://t.me/joinchat/AAAAAEk3", &[(TelegramInvite, "https://t.me/joinchat/AAAAAEk3")]),
        ("tg://resolve?domain=infocuan", &[(Telegram, "@infocuan")]),
        ("hubungi @admin_situs88 ya", &[(Mention, "@admin_situs88")]),
        ("email cs@situs88.com", &[]),
        ("wa.me/6281234567890", &[(WhatsApp, "+6281234567890")]),
        ("https://api.whatsapp.com/send?phone=6281234567890&text=hi", &[(WhatsApp, "+6281234567890")]),
        ("https://chat.whatsapp.com/KxYz123AbC", &[(WhatsAppGroup, "https://chat.whatsapp.com/KxYz123AbC")]),
        ("WA 081234567890", &[(Phone, "+6281234567890")]),
        ("WA 0812-3456-7890", &[(Phone, "+6281234567890")]),
        ("WA 0812 3456 7890", &[(Phone, "+6281234567890")]),
        ("WA 0812.3456.789", &[(Phone, "+628123456789")]),
        ("WA +62 812-3456-7890", &[(Phone, "+6281234567890")]),
        ("WA (+62) 812 3456 7890", &[(Phone, "+6281234567890")]),
        ("WA 62812 3456 7890", &[(Phone, "+6281234567890")]),
        ("WA 0 8 1 2 3 4 5 6 7 8 9 0", &[(Phone, "+6281234567890")]),
        ("WA ０８１２３４５６７８９０", &[(Phone, "+6281234567890")]),
        ("rek BCA 1234567890 a/n Budi", &[(BankAccount, "bca:1234567890")]),
        ("BRI: 0123-01-000123-50-1", &[(BankAccount, "bri:012301000123501")]),
        ("no rek mandiri 123 000 456 7890", &[(BankAccount, "mandiri:1230004567890")]),
        ("DANA 081234567890", &[(EWallet, "dana:+6281234567890")]),
        ("Gopay: 0812-3456-7890", &[(EWallet, "gopay:+6281234567890")]),
        (
            "OVO 0812 3456 7890 / DANA 0812 3456 7891",
            &[(EWallet, "ovo:+6281234567890"), (EWallet, "dana:+6281234567891")],
        ),
    ];
    for (text, want) in rows {
        let got: Vec<(LinkKind, String)> = extract(text).into_iter().map(|l| (l.kind, l.value)).collect();
        let want: Vec<(LinkKind, String)> = want.iter().map(|(k, v)| (*k, v.to_string())).collect();
        assert_eq!(got, want, "{text:?}");
    }
}

/// Ordinary writing that looks like a link, a number or an account and is none.
#[test]
fn ordinary_lookalikes_are_not_links() {
    let rows = [
        "Harga Rp 1.500.000 saja",
        "rilis v2.3.1 sudah keluar",
        "lampirkan file.txt dan laporan.docx",
        "rapat jam 10.30 WIB",
        "Pak. Budi datang",
        "Pak.Budi datang",
        "makanan, minuman, dst. dll. e.g. i.e. a.n. s.d.",
        "nilai 3.14 dan 2,5",
        "tanggal 17.08.1945 dan 01/02/2024",
        "skor 2-1, menit 90.",
        "dana Rp 1.500.000 cair",
        "dana 50000000 cair",
        "BCA 2024 tutup",
        "kode pos 12345, NIK 3174012345678901",
        "halo @ab",
        "titik kumpul di lapangan",
        "sampai titik darah penghabisan",
        "s a b u",
        "ini.itu sama saja",
        "no. 5.a",
        "var name = item.Name; x.Id = user.Id;",
        "Logging.LogLevel.Microsoft",
        "",
    ];
    for text in rows {
        assert_eq!(found(text), [], "{text:?}");
    }
}

#[test]
fn spans_are_in_bytes_and_utf16_of_the_original() {
    let text = "😀 ｓｉｔｕｓ８８．ｃｏｍ dan bit.ly/x";
    let links = extract(text);
    assert_eq!(links.len(), 2);
    let s = links[0].span;
    assert_eq!(&text[s.start..s.end], "ｓｉｔｕｓ８８．ｃｏｍ");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16(&utf16[s.start_utf16..s.end_utf16]).unwrap(), "ｓｉｔｕｓ８８．ｃｏｍ");
    let s = links[1].span;
    assert_eq!(String::from_utf16(&utf16[s.start_utf16..s.end_utf16]).unwrap(), "bit.ly/x");
}

#[test]
fn public_suffixes() {
    let rows = [
        ("situs88.com", Some(1)),
        ("situs88.co.id", Some(2)),
        ("a.b.go.id", Some(2)),
        ("file.txt", None),
        ("x.kh", Some(2)),
        ("xn--e1afmkfd.xn--p1ai", Some(1)),
    ];
    for (host, want) in rows {
        assert_eq!(public_suffix(host), want, "{host}");
    }
}
