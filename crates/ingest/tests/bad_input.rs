//! Broken, odd and hand-edited inputs: each fails with a clear error or is read with a warning, never a panic.

use tapis_ingest::{ChatKind, Date, Error, Format, MessageKey, Options, Parser, Position, Warning, import};

fn at(line: u64, column: u64) -> Position {
    Position { line, column }
}

fn json_error(line: u64, column: u64, reason: &str) -> Error {
    Error::Json { position: at(line, column), reason: reason.to_owned() }
}

fn not_an_export(reason: &str) -> Error {
    Error::NotAnExport { file: None, reason: reason.to_owned() }
}

/// Each row: what it is, the input, the format forced (if any), and the error it must give.
#[test]
fn inputs_that_cannot_be_read_say_why() {
    let rows: &[(&str, &[u8], Option<Format>, Error)] = &[
        ("empty", b"", None, Error::Empty),
        ("only whitespace", b"  \n\t \r\n", None, Error::Empty),
        ("only a byte-order mark", b"\xEF\xBB\xBF", None, Error::Empty),
        ("whitespace forced as JSON", b" \n", Some(Format::TelegramJson), Error::Empty),
        ("whitespace forced as HTML", b" \n", Some(Format::TelegramHtml), Error::Empty),
        (
            "trailing comma, line 3",
            b"{\"name\": \"x\",\n \"messages\": [\n {\"id\": 1,}\n]}",
            None,
            json_error(3, 11, "expected a string key"),
        ),
        (
            "missing comma after a multi-byte name",
            "{\"name\": \"Grup 🇮🇩\" \"id\": 1}".as_bytes(),
            None,
            json_error(1, 20, "expected `,` or `}`"),
        ),
        (
            "raw control character",
            b"{\"name\": \"a\x01b\"}",
            None,
            json_error(1, 12, "control character in a string (it must be escaped)"),
        ),
        ("cut short", b"{\"messages\": [{\"id\": 1}", None, Error::Truncated { position: at(1, 24) }),
        ("cut inside a string", b"{\"messages\": [{\"text\": \"hal", None, Error::Truncated { position: at(1, 28) }),
        (
            "an object without messages",
            br#"{"hello": "world"}"#,
            None,
            not_an_export("it has no `messages` array and no `chats.list`"),
        ),
        (
            "messages that are not an array",
            br#"{"messages": 5}"#,
            None,
            not_an_export("it has no `messages` array and no `chats.list`"),
        ),
        ("a top-level array", b"[1, 2]", None, not_an_export("its top level is an array, not an object")),
        ("text forced as JSON", b"halo", Some(Format::TelegramJson), json_error(1, 1, "expected a JSON value")),
        (
            "JSON forced as HTML",
            br#"{"messages": []}"#,
            Some(Format::TelegramHtml),
            not_an_export("it has no Telegram messages and no chat header"),
        ),
        (
            "HTML that is not an export",
            b"<html><body>hai</body></html>",
            None,
            not_an_export("it has no Telegram messages and no chat header"),
        ),
    ];
    for (what, input, format, wanted) in rows {
        let options = Options { format: *format, ..Options::default() };
        assert_eq!(import(input, &options).as_ref().err(), Some(wanted), "{what}");
    }
}

#[test]
fn errors_have_stable_codes_and_english_messages() {
    let error = import(b"{\"name\": \"x\",\n \"messages\": [\n {\"id\": 1,}\n]}", &Options::default()).unwrap_err();
    assert_eq!(error.code(), "invalid_json");
    assert_eq!(error.to_string(), "invalid JSON at line 3, column 11: expected a string key");
    let error = import(b"{\"messages\": [", &Options::default()).unwrap_err();
    assert_eq!(error.code(), "truncated");
    assert_eq!(error.to_string(), "the JSON ends early, at line 1, column 15: the file is probably incomplete");
    let error = import(b"", &Options::default()).unwrap_err();
    assert_eq!((error.code(), error.to_string().as_str()), ("empty", "the input is empty"));
    let options = Options { username: Some("no spaces allowed".into()), ..Options::default() };
    let error = import(b"halo", &options).unwrap_err();
    assert_eq!(error.code(), "invalid_username");
}

#[test]
fn a_failed_parser_stays_failed() {
    let mut parser = Parser::new(Options::default()).unwrap();
    parser.feed(b"{\"messages\": [1,,").unwrap_err();
    let again = parser.feed(b"2]}").unwrap_err();
    assert_eq!(again, json_error(1, 17, "expected a JSON value"));
    assert_eq!(parser.finish().unwrap_err(), again);
}

#[test]
fn exporter_escapes_are_repaired() {
    let json = br#"{"name": "G\x07", "type": "private_channel", "id": 9, "messages": [
        {"id": 1, "type": "message", "date": "2024-01-01T00:00:00", "from": "A\x01",
         "text": "a\x0Bb \\x41 \u00e9"}]}"#;
    let import = import(json, &Options::default()).unwrap();
    assert_eq!(import.chats[0].title.as_deref(), Some("G\u{7}"));
    let message = &import.messages[0];
    assert_eq!(message.text, "a\u{0B}b \\x41 é", "an escaped backslash before x is not an escape");
    assert_eq!(message.sender.name.as_deref(), Some("A\u{1}"));
    assert_eq!(import.warnings, [Warning::RepairedEscapes { count: 3 }]);
    assert_eq!(import.warnings[0].code(), "repaired_escapes");
}

#[test]
fn bytes_that_are_not_utf8_are_replaced_and_warned_about() {
    let json = b"{\"id\": 1, \"type\": \"public_channel\", \"messages\": [{\"id\": 2, \"text\": \"ha\xFFlo\xC3\"}]}";
    let import = import(json, &Options::default()).unwrap();
    assert_eq!(import.messages[0].text, "ha\u{FFFD}lo\u{FFFD}");
    assert_eq!(import.warnings, [Warning::InvalidUtf8 { replaced: 2 }]);
    assert_eq!(import.warnings[0].to_string(), "2 byte sequence(s) that are not UTF-8 were replaced by \u{FFFD}");

    let import = tapis_ingest::import(b"caf\xE9 murah\n\nlain", &Options::default()).unwrap();
    assert_eq!(import.format, Format::FreeText);
    assert_eq!(import.messages[0].text, "caf\u{FFFD} murah");
    assert_eq!(import.warnings, [Warning::InvalidUtf8 { replaced: 1 }]);
}

#[test]
fn whole_account_exports_list_every_chat() {
    let json = br#"{
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 1, "first_name": "Ana", "messages": "not these"},
        "contacts": {"about": "", "list": [{"first_name": "B", "date": "2020-01-01T00:00:00"}]},
        "other_data": {"chats": {"list": [{"messages": [{"id": 99}]}]}},
        "chats": {"about": "", "list": [
            {"name": "Kanal Judi", "type": "public_channel", "id": 1700000001, "messages": [
                {"id": 10, "type": "service", "action": "create_channel", "title": "Kanal Judi"},
                {"id": 11, "type": "message", "date": "2024-03-01T12:00:00", "date_unixtime": "1709294400",
                 "from": "Kanal Judi", "from_id": "channel1700000001", "text": "Depo 10rb"},
                {"id": 12, "type": "unsupported"}
            ]},
            {"type": "saved_messages", "id": 1, "messages": [
                {"id": 5, "type": "message", "date": "2024-03-02T08:00:00", "date_unixtime": "1709366400",
                 "from": "Ana", "from_id": "user1", "forwarded_from": null, "text": "simpan"}
            ]},
            {"name": "Tanpa pesan", "type": "personal_chat", "id": 3}
        ]},
        "left_chats": {"about": "", "list": [
            {"name": "Grup Lama", "type": "private_supergroup", "id": 1600000002, "messages": [
                {"id": 7, "type": "message", "date": "2023-12-31T23:59:59", "date_unixtime": "1704067199",
                 "from": "Budi", "from_id": "user2", "reply_to_message_id": 3, "reply_to_peer_id": "channel5",
                 "text": ""}
            ]}
        ]}
    }"#;
    let options = Options { username: Some("kanaljudi".into()), ..Options::default() };
    let import = import(json, &options).unwrap();
    let chats: Vec<(Option<&str>, ChatKind, Option<i64>)> =
        import.chats.iter().map(|c| (c.title.as_deref(), c.kind, c.id)).collect();
    assert_eq!(
        chats,
        [
            (Some("Kanal Judi"), ChatKind::PublicChannel, Some(1700000001)),
            (None, ChatKind::SavedMessages, Some(1)),
            (Some("Grup Lama"), ChatKind::PrivateSupergroup, Some(1600000002)),
        ]
    );
    let keys: Vec<String> = import.messages.iter().map(|m| m.key.to_string()).collect();
    assert_eq!(keys, ["tg:1700000001:11", "tg:1:5", "tg:1600000002:7"]);
    assert_eq!((import.counts.messages, import.counts.service, import.counts.unsupported), (3, 1, 1));
    assert_eq!(import.warnings, [Warning::ChatOptionsIgnored { chats: 3 }]);
    assert_eq!(import.messages[1].forwarded_from.as_deref(), Some(""), "forwarded from a hidden sender");
    assert_eq!(import.messages[2].reply_to, None, "the replied message is in another chat");
    assert_eq!(import.messages[2].date, Some(Date::utc(1704067199)));
    let links: Vec<Option<String>> = import.messages.iter().map(|m| import.link(m)).collect();
    assert_eq!(links, [Some("https://t.me/c/1700000001/11".into()), None, Some("https://t.me/c/1600000002/7".into())]);
}

#[test]
fn hand_edited_exports_still_read() {
    // The chat's id after its messages: the messages wait for it.
    let json = br#"{"messages": [{"id": 1, "text": "a"}, {"id": 2, "text": "b"}], "id": 77, "name": "X",
                    "type": "public_channel"}"#;
    let import = import(json, &Options::default()).unwrap();
    assert_eq!(import.messages[1].key, MessageKey::Id { chat_id: 77, message_id: 2 });
    assert_eq!((import.chats[0].title.as_deref(), import.chats[0].kind), (Some("X"), ChatKind::PublicChannel));

    // No chat id at all: messages are keyed by the chat's title.
    let import = tapis_ingest::import(br#"{"name": "X", "messages": [{"id": 4}]}"#, &Options::default()).unwrap();
    assert!(matches!(import.messages[0].key, MessageKey::Titled { message_id: 4, .. }));
    assert_eq!(import.link(&import.messages[0]), None);
}

#[test]
fn unreadable_entries_are_skipped_with_their_position() {
    let json = b"{\"id\": 1, \"messages\": [\n  {\"id\": \"satu\"},\n  {\"type\": \"message\"},\n  {\"id\": 3, \"date_unixtime\": \"kemarin\", \"text\": \"ok\"},\n  {\"id\": 4, \"date\": \"2024-13-01T00:00:00\"}\n]}";
    let import = import(json, &Options::default()).unwrap();
    assert_eq!(import.messages.iter().map(|m| m.id).collect::<Vec<_>>(), [Some(3), Some(4)]);
    assert_eq!(import.counts.invalid, 2);
    assert_eq!(
        import.warnings,
        [
            Warning::InvalidMessage {
                file: None,
                position: Some(at(2, 3)),
                reason: "invalid type: string \"satu\", expected i64".into()
            },
            Warning::InvalidMessage { file: None, position: Some(at(3, 3)), reason: "the message has no `id`".into() },
            Warning::BadDate { message_id: 3, value: "kemarin".into() },
            Warning::BadDate { message_id: 4, value: "2024-13-01T00:00:00".into() },
        ]
    );
    assert_eq!(
        import.warnings[0].to_string(),
        "skipped a message at line 2, column 3: invalid type: string \"satu\", expected i64"
    );
}

#[test]
fn many_bad_entries_are_counted_not_all_listed() {
    let mut json = String::from("{\"id\": 1, \"messages\": [");
    for n in 0..120 {
        json.push_str(if n == 0 { "{}" } else { ",{}" });
    }
    json.push_str("]}");
    let import = import(json.as_bytes(), &Options::default()).unwrap();
    assert_eq!(import.counts.invalid, 120);
    assert_eq!(import.warnings.len(), 51);
    assert_eq!(import.warnings[50], Warning::Omitted { code: "invalid_message".into(), count: 70 });
}

#[test]
fn the_caller_can_override_detection() {
    let json = br#"{"messages": []}"#;
    let options = Options { format: Some(Format::FreeText), ..Options::default() };
    let import = import(json, &options).unwrap();
    assert_eq!((import.format, import.messages[0].text.as_str()), (Format::FreeText, r#"{"messages": []}"#));
    let copied = "Ani, [1/2/2024 10:00]\nhalo";
    let options = Options { format: Some(Format::FreeText), ..Options::default() };
    let import = tapis_ingest::import(copied.as_bytes(), &options).unwrap();
    assert_eq!(import.messages[0].text, copied);
    let options = Options { format: Some(Format::CopiedText), ..Options::default() };
    let import = tapis_ingest::import(b"tanpa kepala\n\nAni, [1/2/2024 10:00]\nhalo", &options).unwrap();
    let senders: Vec<Option<&str>> = import.messages.iter().map(|m| m.sender.name.as_deref()).collect();
    assert_eq!(senders, [None, Some("Ani")]);
}
