//! Real Telegram Desktop JSON exports and a real copied-text sample (tests/fixtures/telegram, see NOTICE), with
//! expected values computed independently of this crate.

use tapis_ingest::{ChatKind, Date, EntityKind, Format, Import, MessageKey, Options, Parser, Warning, detect, import};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/telegram/", $name)).as_slice()
    };
}

/// One real export and what it holds.
struct Expected {
    file: &'static str,
    bytes: &'static [u8],
    title: &'static str,
    kind: ChatKind,
    chat_id: i64,
    messages: u64,
    /// (id, sender, date) of the first and the last message.
    first: (i64, Option<&'static str>, &'static str),
    last: (i64, Option<&'static str>, &'static str),
    /// Messages with non-empty text.
    with_text: usize,
    /// UTF-8 bytes of all texts together.
    text_bytes: usize,
    /// Entities other than plain text.
    entities: usize,
    /// `link` and `text_link` entities.
    links: usize,
    replies: usize,
    /// Messages from deleted accounts (`"from": null`).
    no_sender: usize,
}

/// Ronny Gunawan's name ends in U+FE0F, an invisible variation selector.
const RONNY: &str = "Ronny Gunawan \u{fe0f}";

/// Computed with python3's json module over the same files (messages of type "message"; text joined from
/// `text_entities`, else from `text`; dates from `date_unixtime` as UTC, else `date` as written):
/// ```text
/// ms = [m for m in d['messages'] if m.get('type', 'message') == 'message']
/// len(ms), ms[0]['id'], ms[0]['from'], date(ms[0]), …, sum(len(text(m).encode()) for m in ms), …
/// ```
fn expected() -> Vec<Expected> {
    let e = |file, bytes, title, chat_id, messages, first, last, counts: [usize; 6]| Expected {
        file,
        bytes,
        title,
        kind: ChatKind::PublicSupergroup,
        chat_id,
        messages,
        first,
        last,
        with_text: counts[0],
        text_bytes: counts[1],
        entities: counts[2],
        links: counts[3],
        replies: counts[4],
        no_sender: counts[5],
    };
    const TU: &str = "Teknologi Umum v2.0";
    vec![
        e(
            "biasa-vs-enterprise-linux-distro",
            fixture!("biasa-vs-enterprise-linux-distro.result.json"),
            TU,
            1712691810,
            37,
            (249636, Some("9Sense"), "2023-01-27T16:09:23Z"),
            (249675, Some("D Noor"), "2023-01-27T16:27:02Z"),
            [34, 3007, 2, 0, 20, 0],
        ),
        e(
            "coorporate-speak",
            fixture!("coorporate-speak.result.json"),
            TU,
            1712691810,
            155,
            (10821, None, "2022-06-05T08:42:59Z"),
            (10975, Some("Jason Wihardja"), "2022-06-05T09:33:00Z"),
            [150, 8923, 15, 1, 52, 41],
        ),
        e(
            "database-isolation-level",
            fixture!("database-isolation-level.result.json"),
            "Golang Indonesia 🇲🇨",
            1095762521,
            98,
            (235876, Some("D Noor"), "2022-08-28T11:11:44"),
            (235973, Some("D Noor"), "2022-08-28T12:09:09"),
            [98, 5483, 21, 2, 34, 0],
        ),
        e(
            "dependency-injection-in-a-nutshell",
            fixture!("dependency-injection-in-a-nutshell.result.json"),
            "C# Indonesia",
            1730156619,
            29,
            (2510, Some("Kiro Honjou"), "2022-04-05T17:11:27"),
            (2582, Some(RONNY), "2022-04-05T17:56:35"),
            [28, 2636, 11, 2, 10, 1],
        ),
        e(
            "disable-service-gcp-ingress",
            fixture!("disable-service-gcp-ingress.result.json"),
            TU,
            1712691810,
            38,
            (269046, Some("Muhammad Nasrul"), "2023-02-18T06:35:43Z"),
            (270220, Some("Jason Wihardja"), "2023-02-20T02:42:13Z"),
            [38, 4026, 11, 3, 18, 0],
        ),
        e(
            "membuat-linq-efisien",
            fixture!("membuat-linq-efisien.result.json"),
            TU,
            1712691810,
            53,
            (249136, Some("Muhammad Nasrul"), "2023-01-27T01:43:50Z"),
            (249237, Some(RONNY), "2023-01-27T03:21:03Z"),
            [51, 3360, 13, 4, 34, 0],
        ),
        e(
            "perlu-belajar-assembly",
            fixture!("perlu-belajar-assembly.result.json"),
            TU,
            1712691810,
            61,
            (297197, Some(RONNY), "2023-03-24T09:23:16Z"),
            (297267, Some(RONNY), "2023-03-24T10:09:39Z"),
            [61, 7806, 3, 0, 29, 0],
        ),
        e(
            "praktik-load-balancer",
            fixture!("praktik-load-balancer.result.json"),
            TU,
            1712691810,
            43,
            (262568, Some("Aldi William"), "2023-02-10T08:27:59Z"),
            (262624, Some("Reinaldy"), "2023-02-10T09:17:26Z"),
            [42, 3009, 6, 4, 14, 0],
        ),
        e(
            "pujangga-kode-1",
            fixture!("pujangga-kode-1.result.json"),
            "JavaScript Indonesia",
            1240569966,
            82,
            (234478, Some(RONNY), "2021-09-10T14:13:03Z"),
            (234562, Some("Reinaldy"), "2021-09-10T15:23:16Z"),
            [82, 5780, 13, 4, 58, 1],
        ),
        e(
            "tdd-and-clean-architecture",
            fixture!("tdd-and-clean-architecture.result.json"),
            TU,
            1712691810,
            191,
            (54758, Some("Ramad"), "2022-08-02T23:21:24"),
            (54967, Some("Reinaldy"), "2022-08-03T00:42:32"),
            [186, 12684, 12, 3, 75, 12],
        ),
    ]
}

/// Checks what every import must satisfy: entity ranges on char boundaries, keys unique.
fn check_invariants(import: &Import) {
    let mut keys = std::collections::HashSet::new();
    for message in &import.messages {
        assert!(keys.insert(message.key), "duplicate key {}", message.key);
        assert!(message.chat < import.chats.len());
        for entity in &message.entities {
            assert!(entity.start < entity.end && entity.end <= message.text.len(), "{entity:?}");
            assert!(message.text.is_char_boundary(entity.start) && message.text.is_char_boundary(entity.end));
        }
    }
}

#[test]
fn real_exports_read_exactly() {
    for wanted in expected() {
        let file = wanted.file;
        assert_eq!(detect(wanted.bytes), Format::TelegramJson, "{file}");
        let import = import(wanted.bytes, &Options::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        check_invariants(&import);
        assert_eq!(import.format, Format::TelegramJson);
        assert_eq!(import.warnings, [], "{file}");
        assert_eq!(import.chats.len(), 1, "{file}");
        let chat = &import.chats[0];
        assert_eq!(
            (chat.title.as_deref(), chat.kind, chat.id),
            (Some(wanted.title), wanted.kind, Some(wanted.chat_id))
        );
        assert_eq!(import.counts.messages, wanted.messages, "{file}");
        assert_eq!(import.messages.len() as u64, wanted.messages, "{file}");
        assert_eq!((import.counts.service, import.counts.unsupported, import.counts.invalid), (0, 0, 0));

        let summary = |message: &tapis_ingest::Message| {
            (message.id.unwrap(), message.sender.name.as_deref().map(str::to_owned), message.date.unwrap().to_string())
        };
        let own = |(id, name, date): (i64, Option<&str>, &str)| (id, name.map(str::to_owned), date.to_owned());
        assert_eq!(summary(&import.messages[0]), own(wanted.first), "{file}");
        assert_eq!(summary(import.messages.last().unwrap()), own(wanted.last), "{file}");

        let messages = &import.messages;
        assert_eq!(messages.iter().filter(|m| !m.text.is_empty()).count(), wanted.with_text, "{file}");
        assert_eq!(messages.iter().map(|m| m.text.len()).sum::<usize>(), wanted.text_bytes, "{file}");
        assert_eq!(messages.iter().map(|m| m.entities.len()).sum::<usize>(), wanted.entities, "{file}");
        assert_eq!(messages.iter().map(|m| m.link_targets().count()).sum::<usize>(), wanted.links, "{file}");
        assert_eq!(messages.iter().filter(|m| m.reply_to.is_some()).count(), wanted.replies, "{file}");
        assert_eq!(messages.iter().filter(|m| m.sender.name.is_none()).count(), wanted.no_sender, "{file}");

        let first = &messages[0];
        assert_eq!(first.key, MessageKey::Id { chat_id: wanted.chat_id, message_id: wanted.first.0 });
        assert_eq!(import.link(first), Some(format!("https://t.me/c/{}/{}", wanted.chat_id, wanted.first.0)), "{file}");
        let new_export = wanted.first.2.ends_with('Z');
        assert!(messages.iter().all(|m| m.date.is_some_and(|d| d.local_only != new_export)), "{file}");
    }
}

#[test]
fn single_messages_of_real_exports() {
    let import = import(fixture!("coorporate-speak.result.json"), &Options::default()).unwrap();
    let by_id = |id| import.messages.iter().find(|m| m.id == Some(id)).unwrap();

    // A GIF sent through @gif, with an empty caption, in reply to 10896.
    let gif = by_id(10906);
    assert_eq!((gif.via_bot.as_deref(), gif.text.as_str(), gif.reply_to), (Some("@gif"), "", Some(10896)));
    assert_eq!(gif.sender.id.as_deref(), Some("user219201706"));
    assert_eq!(gif.date, Some(Date::utc(1654420723)));

    // A link from a deleted account: the link target is kept for scanning.
    let link = by_id(10821);
    assert_eq!(link.sender.name, None);
    assert_eq!(link.entities[0].kind, EntityKind::Link);
    assert_eq!(link.link_targets().collect::<Vec<_>>(), ["https://howtoprofessionallysay.akashrajpurohit.com/"]);

    let command = by_id(10950);
    assert_eq!(command.entity_text(&command.entities[0]), "/dukun@TeknologiUmumBot");
    assert_eq!(command.entities[0].kind, EntityKind::BotCommand);

    // An old export: `text` as an array, no `text_entities`.
    let import = tapis_ingest::import(fixture!("database-isolation-level.result.json"), &Options::default()).unwrap();
    let spoiler = import.messages.iter().find(|m| m.id == Some(235933)).unwrap();
    assert_eq!(spoiler.text, "System Analyst");
    assert_eq!(
        (spoiler.entities[0].kind, spoiler.entities[0].start, spoiler.entities[0].end),
        (EntityKind::Spoiler, 0, 14)
    );
    assert_eq!(spoiler.date, Some(Date::local(1661686542)), "2022-08-28T11:35:42 as written, offset unknown");
}

#[test]
fn slices_give_the_same_import_as_the_whole() {
    let bytes = fixture!("pujangga-kode-1.result.json");
    let whole = import(bytes, &Options::default()).unwrap();
    for size in [1, 7, 100, 4096] {
        let mut parser = Parser::new(Options::default()).unwrap();
        let mut messages = Vec::new();
        let mut last_progress = 0;
        for slice in bytes.chunks(size) {
            let progress = parser.feed(slice).unwrap();
            assert!(progress.bytes > last_progress);
            last_progress = progress.bytes;
            messages.extend(parser.next_batch(5).messages);
        }
        assert_eq!(parser.chats(), whole.chats.as_slice());
        let mut rest = parser.finish().unwrap();
        messages.append(&mut rest.messages);
        assert_eq!(messages, whole.messages, "slices of {size}");
        assert_eq!((rest.counts, rest.chats), (whole.counts, whole.chats.clone()));
        assert_eq!(last_progress, bytes.len() as u64);
    }
}

#[test]
fn username_gives_public_links() {
    let options = Options { username: Some("https://t.me/teknologi_umum".into()), ..Options::default() };
    let import = import(fixture!("biasa-vs-enterprise-linux-distro.result.json"), &options).unwrap();
    assert_eq!(import.chats[0].username.as_deref(), Some("teknologi_umum"));
    assert_eq!(import.link(&import.messages[0]).as_deref(), Some("https://t.me/teknologi_umum/249636"));
}

/// The real sample of text copied out of Telegram Desktop: 18 messages, split and counted independently with
/// python3 (`re` over the lines: a header `^(.*), \[dd/mm/yyyy hh:mm\]$` at the start or after a blank line).
#[test]
fn real_copied_text() {
    let bytes = fixture!("plain_copy_paste_stub.txt");
    assert_eq!(detect(bytes), Format::CopiedText);
    let import = import(bytes, &Options::default()).unwrap();
    check_invariants(&import);
    assert_eq!(import.format, Format::CopiedText);
    assert_eq!(import.counts.messages, 18);
    let rows: Vec<(Option<&str>, String, usize)> =
        import.messages.iter().map(|m| (m.sender.name.as_deref(), m.date.unwrap().to_string(), m.text.len())).collect();
    let wanted: Vec<(Option<&str>, String, usize)> = [
        ("dicha?", "07:25", 28),
        (RONNY, "07:51", 50),
        (RONNY, "07:53", 39),
        (RONNY, "07:54", 135),
        (RONNY, "07:58", 439),
        (RONNY, "07:59", 45),
        (RONNY, "07:59", 33),
        (RONNY, "08:08", 511),
        (RONNY, "08:14", 884),
        (RONNY, "08:14", 94),
        ("Cinammon", "08:14", 35),
        (RONNY, "08:15", 52),
        (RONNY, "08:15", 66),
        (RONNY, "08:15", 117),
        (RONNY, "08:16", 155),
        (RONNY, "08:17", 253),
        (RONNY, "08:20", 90),
        (RONNY, "08:20", 78),
    ]
    .into_iter()
    .map(|(name, time, length)| (Some(name), format!("2022-06-25T{time}:00"), length))
    .collect();
    assert_eq!(rows, wanted);
    assert_eq!(import.messages[0].text, "https://youtu.be/TbP2B1ijWr8");
    assert!(import.messages.iter().all(|m| m.date.unwrap().local_only && m.id.is_none() && import.link(m).is_none()));
    assert!(import.messages[4].text.contains("code A:\n\ninterface User {"), "blank lines inside a message stay");
    assert!(matches!(import.messages[0].key, MessageKey::Content { occurrence: 0, .. }));
    let again = tapis_ingest::import(bytes, &Options::default()).unwrap();
    assert_eq!(
        again.messages.iter().map(|m| m.key).collect::<Vec<_>>(),
        import.messages.iter().map(|m| m.key).collect::<Vec<_>>()
    );
    assert!(!import.warnings.iter().any(|w| matches!(w, Warning::InvalidUtf8 { .. })));
}

/// Photos, stickers and animations of a real export, one left out of it (counted with python3's `json`).
#[test]
fn media_of_a_real_export() {
    use tapis_ingest::MediaKind;
    let import = import(fixture!("tdd-and-clean-architecture.result.json"), &Options::default()).unwrap();
    let media: Vec<_> = import.messages.iter().filter_map(|m| m.media.as_ref().map(|media| (m.id, media))).collect();
    assert_eq!(media.len(), 8);
    let (_, photo) = media.iter().find(|(id, _)| *id == Some(54828)).unwrap();
    assert_eq!(photo.kind, MediaKind::Photo);
    assert_eq!(photo.path.as_deref(), Some("photos/photo_1901@03-08-2022_00-00-51.jpg"));
    assert_eq!(photo.image_path(), photo.path.as_deref());
    assert_eq!((photo.width, photo.height), (Some(287), Some(176)));
    let (_, sticker) = media.iter().find(|(id, _)| *id == Some(54763)).unwrap();
    assert_eq!(sticker.kind, MediaKind::Sticker);
    assert_eq!(sticker.image_path(), Some("stickers/sticker (22).webp_thumb.jpg"));
    let left_out: Vec<_> = media.iter().filter(|(_, media)| media.not_included).map(|(id, _)| *id).collect();
    assert_eq!(left_out, [Some(54863), Some(54877)]);
    let (_, animation) = media.iter().find(|(id, _)| *id == Some(54863)).unwrap();
    assert_eq!((animation.kind, animation.mime_type.as_deref()), (MediaKind::Animation, Some("video/mp4")));
    assert_eq!((animation.path.as_deref(), animation.image_path()), (None, None));
}
