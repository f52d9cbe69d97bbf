//! HTML exports made after Telegram Desktop's exporter (tests/fixtures/telegram-html, see NOTICE).

use tapis_ingest::{
    ChatKind, Date, Entity, EntityKind, Error, Format, Message, MessageKey, Options, Warning, detect, import,
    import_html,
};

const PART_1: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/telegram-html/two-part/messages.html"));
const PART_2: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/telegram-html/two-part/messages2.html"));
const OLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/telegram-html/old-exporter/messages.html"
));

fn entity(kind: EntityKind, text: &str, part: &str, href: Option<&str>) -> Entity {
    let start = text.find(part).expect("entity text in message");
    Entity { kind, start, end: start + part.len(), href: href.map(str::to_owned) }
}

fn by_id(messages: &[Message], id: i64) -> &Message {
    messages.iter().find(|m| m.id == Some(id)).expect("message present")
}

#[test]
fn two_parts_read_in_number_order_whatever_the_order_given() {
    assert_eq!(detect(PART_2), Format::TelegramHtml);
    // Given in reverse order, on purpose.
    let import = import_html([("messages2.html", PART_2), ("messages.html", PART_1)], &Options::default()).unwrap();
    assert_eq!(import.format, Format::TelegramHtml);
    assert_eq!(import.warnings, []);
    assert_eq!(import.chats.len(), 1);
    let chat = &import.chats[0];
    assert_eq!((chat.title.as_deref(), chat.kind, chat.id), (Some("Info Promo Cuan & Teman"), ChatKind::Unknown, None));

    let messages = &import.messages;
    let ids: Vec<i64> = messages.iter().filter_map(|m| m.id).collect();
    assert_eq!(ids, [2, 3, 4, 5, 6, 9, 10, 11]);
    // Service messages 1 and 7 (date separators -1 and -2 are not messages); 8 is "not supported".
    assert_eq!(
        (import.counts.messages, import.counts.service, import.counts.unsupported, import.counts.invalid),
        (8, 2, 1, 0)
    );
    let senders: Vec<Option<&str>> = messages.iter().map(|m| m.sender.name.as_deref()).collect();
    let budi = Some("Budi Santoso");
    assert_eq!(senders, [budi, budi, Some("Siti 🌸"), budi, Some("Andi"), Some("Andi"), Some("Andi"), budi]);

    // 05.05.2024 10:00:00 UTC+07:00 is 03:00:00 UTC: 1714878000 (python3: calendar.timegm((2024,5,5,3,0,0))).
    let welcome = by_id(messages, 2);
    assert_eq!(welcome.date, Some(Date::utc(1714878000)));
    assert_eq!(welcome.text, "Halo semua & selamat datang!\nBaca @infocuan dulu ya.");
    assert_eq!(welcome.entities, [entity(EntityKind::Mention, &welcome.text, "@infocuan", None)]);
    assert!(matches!(welcome.key, MessageKey::Titled { message_id: 2, .. }));

    let promo = by_id(messages, 3);
    assert_eq!(promo.text, "Bonus 100% untuk member baru, klik di sini");
    assert_eq!(
        promo.entities,
        [
            entity(EntityKind::Bold, &promo.text, "Bonus 100%", None),
            entity(
                EntityKind::TextLink,
                &promo.text,
                "klik di sini",
                Some("https://slot-gacor.example/daftar?ref=1&x=2")
            ),
        ]
    );
    assert_eq!(promo.link_targets().collect::<Vec<_>>(), ["https://slot-gacor.example/daftar?ref=1&x=2"]);

    let gif = by_id(messages, 4);
    assert_eq!((gif.via_bot.as_deref(), gif.text.as_str()), (Some("@gif"), ""));

    let forwarded = by_id(messages, 5);
    assert_eq!(forwarded.forwarded_from.as_deref(), Some("Kanal Berita"));
    assert_eq!(forwarded.text, "Berita: harga naik <10%> \"katanya\"");
    assert_eq!(forwarded.date, Some(Date::utc(1714878600)), "the message's date, not the forwarded one");

    let reply = by_id(messages, 6);
    assert_eq!(reply.reply_to, Some(2));
    assert_eq!(reply.text, "Ikut #promo ya, kodenya CUAN88");
    assert_eq!(
        reply.entities,
        [
            entity(EntityKind::Hashtag, &reply.text, "#promo", None),
            entity(EntityKind::Spoiler, &reply.text, "CUAN88", None)
        ]
    );

    let poll = by_id(messages, 9);
    assert_eq!(poll.text, "Main di mana?\nSitus A\nSitus B");

    let code = by_id(messages, 10);
    assert_eq!(code.text, "Kode: x < y\nif (untung) {\n  deposit();\n}");
    assert_eq!(
        code.entities,
        [
            entity(EntityKind::Code, &code.text, "x < y", None),
            entity(EntityKind::Pre, &code.text, "if (untung) {\n  deposit();\n}", None),
        ]
    );

    let across = by_id(messages, 11);
    assert_eq!(across.reply_to, Some(5), "a reply to a message of the previous part");
    assert_eq!(across.text, "Cek https://judi.example/ atau email cs@judi.example — sekarang");
    assert_eq!(across.link_targets().collect::<Vec<_>>(), ["https://judi.example/"]);
    let kinds: Vec<EntityKind> = across.entities.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EntityKind::Link, EntityKind::Email, EntityKind::Italic]);

    assert!(messages.iter().all(|m| import.link(m).is_none()), "no username and no id: no link");
}

#[test]
fn chat_details_from_the_analyst_give_keys_and_links() {
    let options = Options { chat_id: Some(1500000001), username: Some("infocuan".into()), ..Options::default() };
    let import = import_html([("messages.html", PART_1)], &options).unwrap();
    assert_eq!(import.messages[0].key, MessageKey::Id { chat_id: 1500000001, message_id: 2 });
    assert_eq!(import.link(&import.messages[0]).as_deref(), Some("https://t.me/infocuan/2"));
    let options = Options { chat_id: Some(1500000001), ..Options::default() };
    let import = tapis_ingest::import(PART_1, &options).unwrap();
    assert_eq!(import.link(&import.messages[0]).as_deref(), Some("https://t.me/c/1500000001/2"));
}

#[test]
fn one_part_through_the_common_entry_point() {
    let import = import(PART_2, &Options::default()).unwrap();
    assert_eq!(import.format, Format::TelegramHtml);
    assert_eq!(import.messages.len(), 3);
    assert_eq!(import.messages[0].sender.name.as_deref(), Some("Andi"));
}

#[test]
fn old_exporter_dates_are_local_only() {
    let import = import_html([("messages.html", OLD)], &Options::default()).unwrap();
    let first = &import.messages[0];
    // 25.06.2022 07:25:00 read as UTC: python3 calendar.timegm((2022,6,25,7,25,0)) = 1656141900.
    assert_eq!(first.date, Some(Date::local(1656141900)));
    assert_eq!(first.sender.name.as_deref(), Some("Deleted Account"));
    assert_eq!(first.text, "Tab\u{0B}vertikal dan tautan");
    assert_eq!(first.link_targets().collect::<Vec<_>>(), ["tg://resolve?domain=x"]);
    let second = &import.messages[1];
    assert_eq!((second.sender.name.as_deref(), second.date), (Some("Deleted Account"), None));
    assert_eq!(import.warnings, [Warning::BadDate { message_id: 42, value: "bukan tanggal".into() }]);
}

#[test]
fn gaps_duplicates_and_odd_names_are_warned_about() {
    let import = import_html(
        [("export/messages3.html", PART_2), ("export/messages.html", PART_1), ("export/salinan.html", PART_2)],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(
        import.warnings,
        [
            Warning::UnexpectedFileName { name: "export/salinan.html".into() },
            Warning::MissingFile { name: "export/messages2.html".into() },
        ]
    );
    let ids: Vec<i64> = import.messages.iter().filter_map(|m| m.id).collect();
    assert_eq!(ids, [2, 3, 4, 5, 6, 9, 10, 11, 9, 10, 11], "numbered parts first, then the others");

    let import = import_html([("messages.html", PART_1), ("messages.html", PART_1)], &Options::default()).unwrap();
    assert_eq!(import.warnings, [Warning::DuplicateFile { name: "messages.html".into() }]);
}

#[test]
fn files_of_different_chats_make_different_chats() {
    let options = Options { username: Some("infocuan".into()), ..Options::default() };
    let import =
        import_html([("a/messages.html", PART_1), ("b/messages.html", OLD), ("a/messages2.html", PART_2)], &options)
            .unwrap();
    let titles: Vec<Option<&str>> = import.chats.iter().map(|c| c.title.as_deref()).collect();
    assert_eq!(titles, [Some("Info Promo Cuan & Teman"), Some("Obrolan Lama")]);
    assert_eq!(import.messages.iter().filter(|m| m.chat == 1).count(), 2);
    assert_eq!(
        import.warnings,
        [Warning::BadDate { message_id: 42, value: "bukan tanggal".into() }, Warning::ChatOptionsIgnored { chats: 2 }]
    );
    assert!(import.chats.iter().all(|c| c.username.is_none()));
}

#[test]
fn pages_that_are_not_exports_are_named() {
    let error = import_html(
        [("messages.html", PART_1), ("notes.html", b"<html><body><p>catatan</p></body></html>".as_slice())],
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        error,
        Error::NotAnExport {
            file: Some("notes.html".into()),
            reason: "it has no Telegram messages and no chat header".into()
        }
    );
    assert_eq!(error.code(), "not_an_export");
    let no_files: [(&str, &[u8]); 0] = [];
    assert_eq!(import_html(no_files, &Options::default()).unwrap_err(), Error::NoFiles);
}

#[test]
fn bytes_that_are_not_utf8_are_replaced_and_warned_about() {
    let mut bytes = PART_1.to_vec();
    let at = bytes.windows(5).position(|w| w == b"Halo ").unwrap();
    bytes[at + 1] = 0xFF;
    let import = import_html([("messages.html", bytes.as_slice())], &Options::default()).unwrap();
    assert_eq!(import.warnings, [Warning::InvalidUtf8 { replaced: 1 }]);
    assert!(import.messages[0].text.starts_with("H\u{FFFD}lo semua"));
}

#[test]
fn a_video_of_the_fixture_is_its_media() {
    let import = import_html([("messages.html", PART_1), ("messages2.html", PART_2)], &Options::default()).unwrap();
    let with_media: Vec<_> = import
        .messages
        .iter()
        .filter_map(|m| m.media.as_ref().map(|media| (m.id, media.kind, media.path.as_deref())))
        .collect();
    assert_eq!(with_media, [(Some(4), tapis_ingest::MediaKind::Video, Some("video_files/kucing.mp4"))]);
}
