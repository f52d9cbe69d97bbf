//! Properties over generated input: no input panics, entity ranges always lie on char boundaries of their text,
//! and reading in slices gives exactly what reading whole gives.

use proptest::prelude::*;
use tapis_ingest::{Error, Format, Import, Options, Parser, import};

/// Every import must hold these, whatever the input.
fn check(import: &Import) {
    for message in &import.messages {
        assert!(message.chat < import.chats.len());
        for entity in &message.entities {
            assert!(entity.start < entity.end, "{entity:?}");
            assert!(entity.end <= message.text.len(), "{entity:?} in {:?}", message.text);
            assert!(message.text.is_char_boundary(entity.start) && message.text.is_char_boundary(entity.end));
        }
    }
}

const FORMATS: [Option<Format>; 5] =
    [None, Some(Format::TelegramJson), Some(Format::TelegramHtml), Some(Format::CopiedText), Some(Format::FreeText)];

/// Reads `input` in slices of the given sizes (cycled).
fn import_in_slices(input: &[u8], sizes: &[usize], options: &Options) -> Result<Import, Error> {
    let mut parser = Parser::new(options.clone())?;
    let mut taken = Vec::new();
    let mut rest = input;
    let mut sizes = sizes.iter().cycle();
    while !rest.is_empty() {
        let size = sizes.next().copied().unwrap_or(1).clamp(1, rest.len());
        let (slice, after) = rest.split_at(size);
        parser.feed(slice)?;
        taken.extend(parser.next_batch(3).messages);
        rest = after;
    }
    let mut import = parser.finish()?;
    taken.append(&mut import.messages);
    import.messages = taken;
    Ok(import)
}

/// Turns the markers `{FF}`, `{E282}` and `{F09F}` into those bytes, which are not UTF-8 (alone).
fn raw(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{FF}").into_iter().chain(rest.find("{E282}")).chain(rest.find("{F09F}")).min() {
        bytes.extend_from_slice(&rest.as_bytes()[..at]);
        rest = &rest[at..];
        for (marker, raw) in [("{FF}", &[0xFF][..]), ("{E282}", &[0xE2, 0x82]), ("{F09F}", &[0xF0, 0x9F])] {
            if let Some(after) = rest.strip_prefix(marker) {
                bytes.extend_from_slice(raw);
                rest = after;
            }
        }
    }
    bytes.extend_from_slice(rest.as_bytes());
    bytes
}

/// Pieces of Telegram JSON exports, to be strung together at random: mostly broken, sometimes valid.
fn json_soup() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        " ",
        "\n",
        "\"messages\"",
        "\"chats\"",
        "\"left_chats\"",
        "\"list\"",
        "\"id\"",
        "\"name\"",
        "\"type\"",
        "\"text\"",
        "\"text_entities\"",
        "\"message\"",
        "\"service\"",
        "\"unsupported\"",
        "\"public_channel\"",
        "1",
        "-2",
        "3.5e2",
        "12345678901234567890",
        "true",
        "null",
        "\"a\\x0Bb\"",
        "\"\\\\x41\"",
        "\"\\u00e9\\ud83d\\ude00\"",
        "\"\\ud800\"",
        "\"é🇮🇩\"",
        "{\"type\":\"bold\",\"text\":\"tebal é\"}",
        "{\"type\":\"text_link\",\"text\":\"di sini\",\"href\":\"https://x.test/\"}",
        "\"date_unixtime\"",
        "\"1700000000\"",
        "\"date\"",
        "\"2024-02-29T10:00:00\"",
        "\"from\"",
        "\"forwarded_from\"",
        "\"poll\"",
        "\"question\"",
        "\"answers\"",
        "{FF}",
        "{E282}",
    ]);
    let document = prop::collection::vec(pieces, 0..60).prop_map(|pieces| raw(&pieces.concat()));
    let valid_start = prop::collection::vec(
        prop::sample::select(vec![
            "{\"id\": 1, \"text\": \"a\"}",
            "{\"id\": 2, \"type\": \"service\"}",
            "{\"id\": 3, \"text\": [\"x\", {\"type\": \"italic\", \"text\": \"ý\"}]}",
            "{\"id\": \"bad\"}",
            "{\"id\": 4, \"text\": \"\\x01\\x1F\", \"poll\": {\"question\": \"q?\", \"answers\": [{\"text\": \"y\"}]}}",
        ]),
        0..8,
    )
    .prop_map(|messages| {
        format!("{{\"name\": \"G\", \"id\": 5, \"messages\": [{}]}}", messages.join(",")).into_bytes()
    });
    prop_oneof![document, valid_start]
}

/// Pieces of Telegram HTML exports, to be strung together at random.
fn html_soup() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "<div class=\"page_header\"><div class=\"text bold\">Judul</div></div>",
        "<div class=\"message default clearfix\" id=\"message5\">",
        "<div class=\"message default clearfix joined\" id=\"message6\">",
        "<div class=\"message service\" id=\"message-1\">",
        "<div class=\"message service\" id=\"message9\">",
        "<div class=\"message default\" id=\"messagex\">",
        "<div class=\"body\">",
        "<div class=\"text\">",
        "</div>",
        "<div class=\"from_name\">",
        "Budi",
        " via @bot",
        "<div class=\"forwarded body\">",
        "<span class=\"date details\" title=\"01.01.2024 10:00:00 UTC+07:00\">",
        "</span>",
        "<div class=\"pull_right date details\" title=\"31.12.2023 23:59:59 UTC-03:30\">",
        "<div class=\"reply_to details\">",
        "<a href=\"#go_to_message3\">",
        "<a href=\"https://t.me/x\">",
        "@x",
        "<a href=\"https://x.test/\">",
        "</a>",
        "<br>",
        "<strong>",
        "</strong>",
        "<pre>",
        "</pre>",
        "<code>",
        "<span class=\"spoiler hidden\"><span aria-hidden=\"true\">",
        "é🇮🇩",
        "&amp;",
        "&#x1F600;",
        "&#xD800;",
        "&",
        "<",
        ">",
        "\n",
        "  ",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<div class=\"media_poll\">",
        "<div class=\"question bold\">",
        "<div class=\"answer\">",
        "- jawaban",
        "<span class=\"details\">",
        "{FF}",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|pieces| raw(&pieces.concat()))
}

/// Lines of copied and free text.
fn text_soup() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "Ani, [25/06/2022 07:25]\n",
        "Budi, [6/25/22, 7:25\u{202F}PM]\n",
        "X, [2024-02-29 23:59:59]\n",
        "Y, [31/02/2022 10:00]\n",
        ", [1/1/2020 00:00]\n",
        "halo\n",
        "\n",
        "\r\n",
        "  \n",
        "é🇮🇩 ",
        "[",
        "]",
        ", [",
        "{F09F}",
        "\u{FEFF}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| raw(&pieces.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        for format in FORMATS {
            let options = Options { format, ..Options::default() };
            if let Ok(import) = import(&bytes, &options) {
                check(&import);
            }
        }
    }

    #[test]
    fn json_soup_never_panics_and_slices_agree(bytes in json_soup(), sizes in prop::collection::vec(1usize..64, 1..8)) {
        let whole = import(&bytes, &Options::default());
        if let Ok(import) = &whole {
            check(import);
        }
        prop_assert_eq!(import_in_slices(&bytes, &sizes, &Options::default()), whole);
    }

    #[test]
    fn html_soup_never_panics(bytes in html_soup(), sizes in prop::collection::vec(1usize..64, 1..4)) {
        let options = Options { format: Some(Format::TelegramHtml), ..Options::default() };
        let whole = import(&bytes, &options);
        if let Ok(import) = &whole {
            check(import);
        }
        prop_assert_eq!(import_in_slices(&bytes, &sizes, &options), whole);
        let parts = [("messages2.html", bytes.as_slice()), ("messages.html", bytes.as_slice())];
        if let Ok(import) = tapis_ingest::import_html(parts, &Options::default()) {
            check(&import);
        }
    }

    #[test]
    fn text_soup_never_panics(bytes in text_soup(), sizes in prop::collection::vec(1usize..16, 1..4)) {
        for format in FORMATS {
            let options = Options { format, ..Options::default() };
            let whole = import(&bytes, &options);
            if let Ok(import) = &whole {
                check(import);
            }
            prop_assert_eq!(import_in_slices(&bytes, &sizes, &options), whole);
        }
    }

    /// Valid exports with arbitrary text parts: the text is the parts joined, and every entity covers exactly
    /// its part.
    #[test]
    fn entities_cover_their_parts(parts in prop::collection::vec((any::<String>(), prop::option::of(0usize..4)), 0..8)) {
        const KINDS: [&str; 4] = ["bold", "text_link", "custom_emoji", "plain"];
        let json_parts: Vec<serde_json::Value> = parts
            .iter()
            .map(|(text, kind)| match kind {
                None => serde_json::Value::String(text.clone()),
                Some(kind) => serde_json::json!({"type": KINDS[*kind], "text": text, "href": "https://x.test/"}),
            })
            .collect();
        let export = serde_json::json!({"name": "G", "type": "public_channel", "id": 1,
            "messages": [{"id": 1, "type": "message", "text": json_parts}]});
        let import = import(export.to_string().as_bytes(), &Options::default()).unwrap();
        check(&import);
        let message = &import.messages[0];
        prop_assert_eq!(&message.text, &parts.iter().map(|(text, _)| text.as_str()).collect::<String>());
        let wanted: Vec<&str> = parts
            .iter()
            .filter(|(text, kind)| !text.is_empty() && kind.is_some_and(|kind| KINDS[kind] != "plain"))
            .map(|(text, _)| text.as_str())
            .collect();
        let got: Vec<&str> = message.entities.iter().map(|entity| message.entity_text(entity)).collect();
        prop_assert_eq!(got, wanted);
    }
}
