//! Telegram Desktop's `result.json`, single-chat and whole-account, old and new, read as it arrives.
//!
//! The [`scan`] scanner finds each message object without building the document; each one is read on its own
//! with serde (borrowing from the input) and turned into a [`Message`] at once, so memory holds the messages
//! and the unfinished one, never the whole document. Knows nothing of the other formats.

mod raw;
mod scan;

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

use crate::error::{Error, Position, Warning, Warnings};
use crate::media::{Media, MediaKind};
use crate::model::{Chat, ChatKind, Date, Entity, EntityKind, Interner, Message, MessageKey, Sender, content_hash};
use crate::parser::Counts;
use raw::{Part, RawMessage, Text, UnixTime};
use scan::{Event, Field, ScanError, Scanner};

/// What a JSON import found, once the input has ended.
pub(crate) struct Finished {
    pub(crate) chats: Vec<Chat>,
    pub(crate) counts: Counts,
    pub(crate) warnings: Vec<Warning>,
}

/// A chat being read: the top-level one, or one of `chats.list`.
#[derive(Debug)]
struct ChatState {
    chat: Chat,
    /// Its index in `chats`, once its `messages` array has opened.
    index: Option<usize>,
    /// Messages read before the chat's id was known (only in hand-edited files: the exporter writes the id
    /// first); they get their keys when the chat closes.
    held: Vec<Message>,
}

impl ChatState {
    fn new() -> ChatState {
        ChatState {
            chat: Chat { title: None, kind: ChatKind::Unknown, id: None, username: None },
            index: None,
            held: Vec::new(),
        }
    }
}

/// Reads a JSON export from decoded UTF-8 that arrives in slices.
#[derive(Debug)]
pub(crate) struct Reader {
    scanner: Scanner,
    /// Input not yet consumed, from the start of the message being read.
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Where in `buf` the scanner goes on.
    at: usize,
    root: ChatState,
    listed: Option<ChatState>,
    chats: Vec<Chat>,
    /// Messages read and not yet taken.
    pub(crate) ready: VecDeque<Message>,
    counts: Counts,
    warnings: Warnings,
    /// Whether a `messages` array or a `chats.list` was seen.
    is_export: bool,
    /// Scratch space for repairing `\xNN` escapes.
    repaired: Vec<u8>,
    /// Sender names and ids, shared between messages.
    names: Interner,
}

impl Reader {
    pub(crate) fn new() -> Reader {
        Reader {
            scanner: Scanner::new(),
            buf: Vec::new(),
            base: 0,
            at: 0,
            root: ChatState::new(),
            listed: None,
            chats: Vec::new(),
            ready: VecDeque::new(),
            counts: Counts::default(),
            warnings: Warnings::default(),
            is_export: false,
            repaired: Vec::new(),
            names: Interner::default(),
        }
    }

    /// Where to append decoded input before calling [`Reader::scan`].
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// The chats seen so far.
    pub(crate) fn chats(&self) -> &[Chat] {
        &self.chats
    }

    /// Whether anything but whitespace was read.
    pub(crate) fn started(&self) -> bool {
        self.scanner.is_started()
    }

    /// How many messages were read so far.
    pub(crate) fn messages_read(&self) -> u64 {
        self.counts.messages
    }

    /// Reads everything complete in the buffer, then forgets the bytes no longer needed.
    pub(crate) fn scan(&mut self) -> Result<(), Error> {
        loop {
            let (used, event) = self.scanner.next(&self.buf[self.at..]).map_err(|error| match error {
                ScanError::Syntax(position, reason) => Error::Json { position, reason: reason.to_owned() },
                ScanError::NotAnObject(reason) => Error::NotAnExport { file: None, reason: reason.to_owned() },
            })?;
            self.at += used;
            match event {
                Some(event) => self.handle(event),
                None => break,
            }
        }
        let keep = self.scanner.keep_from().unwrap_or(self.base + self.at as u64);
        let drop = usize::try_from(keep - self.base).unwrap_or(self.at).min(self.at);
        self.buf.drain(..drop);
        self.base += drop as u64;
        self.at -= drop;
        Ok(())
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::ChatListOpen => self.is_export = true,
            Event::ChatOpen => self.listed = Some(ChatState::new()),
            Event::ChatClose => {
                if let Some(state) = self.listed.take() {
                    self.close_chat(state);
                }
            }
            Event::End => {
                let root = std::mem::replace(&mut self.root, ChatState::new());
                self.close_chat(root);
            }
            Event::MessagesOpen => {
                self.is_export = true;
                let index = self.chats.len();
                let state = self.listed.as_mut().unwrap_or(&mut self.root);
                if state.index.is_none() {
                    state.index = Some(index);
                    let chat = state.chat.clone();
                    self.chats.push(chat);
                }
            }
            Event::Field { field, start, end } => {
                let value = slice(&self.buf, self.base, start, end);
                let value = repair_escapes(value, &mut self.repaired);
                let state = self.listed.as_mut().unwrap_or(&mut self.root);
                match field {
                    Field::Name => state.chat.title = serde_json::from_slice::<Option<String>>(value).ok().flatten(),
                    Field::Type => {
                        let kind = serde_json::from_slice::<Cow<'_, str>>(value).ok();
                        state.chat.kind = kind.map_or(ChatKind::Unknown, |kind| ChatKind::from_export(&kind));
                    }
                    Field::Id => state.chat.id = serde_json::from_slice::<i64>(value).ok(),
                }
                if let Some(index) = state.index {
                    let chat = state.chat.clone();
                    self.chats[index] = chat;
                }
            }
            Event::Message { start, end, position, repaired } => {
                let value = slice(&self.buf, self.base, start, end);
                let value = if repaired { repair_escapes(value, &mut self.repaired) } else { value };
                let read = read_message(value, &mut self.names);
                self.accept(read, position);
            }
        }
    }

    fn accept(&mut self, read: Result<Read, String>, position: Position) {
        let parts = match read {
            Ok(Read::Message(parts)) => parts,
            Ok(Read::Service) => return self.counts.service += 1,
            Ok(Read::Unsupported) => return self.counts.unsupported += 1,
            Err(reason) => {
                self.counts.invalid += 1;
                return self.warnings.push(Warning::InvalidMessage { file: None, position: Some(position), reason });
            }
        };
        if let Some(value) = parts.bad_date {
            self.warnings.push(Warning::BadDate { message_id: parts.id, value });
        }
        self.counts.messages += 1;
        let state = self.listed.as_mut().unwrap_or(&mut self.root);
        let message = Message {
            key: MessageKey::Id { chat_id: state.chat.id.unwrap_or(0), message_id: parts.id },
            chat: state.index.unwrap_or(0),
            id: Some(parts.id),
            sender: parts.sender,
            date: parts.date,
            text: parts.text,
            entities: parts.entities,
            forwarded_from: parts.forwarded_from,
            reply_to: parts.reply_to,
            via_bot: parts.via_bot,
            media: parts.media,
        };
        if state.chat.id.is_some() {
            self.ready.push_back(message);
        } else {
            state.held.push(message);
        }
    }

    fn close_chat(&mut self, state: ChatState) {
        let Some(index) = state.index else { return };
        self.chats[index] = state.chat.clone();
        for mut message in state.held {
            if let Some(message_id) = message.id {
                message.key = match state.chat.id {
                    Some(chat_id) => MessageKey::Id { chat_id, message_id },
                    None => MessageKey::Titled {
                        title_hash: content_hash(&[state.chat.title.as_deref().unwrap_or("")]),
                        message_id,
                    },
                };
            }
            self.ready.push_back(message);
        }
    }

    /// Ends the input.
    ///
    /// # Errors
    /// [`Error::Truncated`] when the document is not complete, [`Error::NotAnExport`] when it holds neither a
    /// `messages` array nor a `chats.list`.
    pub(crate) fn finish(mut self) -> Result<(Finished, VecDeque<Message>), Error> {
        if !self.scanner.is_done() {
            return Err(Error::Truncated { position: self.scanner.position() });
        }
        if !self.is_export {
            return Err(Error::NotAnExport {
                file: None,
                reason: "it has no `messages` array and no `chats.list`".to_owned(),
            });
        }
        if self.scanner.repairs > 0 {
            self.warnings.push(Warning::RepairedEscapes { count: self.scanner.repairs });
        }
        let finished = Finished { chats: self.chats, counts: self.counts, warnings: self.warnings.finish() };
        Ok((finished, self.ready))
    }
}

/// The bytes `[start, end)` of the input (absolute offsets) in `buf`, which starts at offset `base`; the
/// scanner makes sure they are still there.
fn slice(buf: &[u8], base: u64, start: u64, end: u64) -> &[u8] {
    let from = usize::try_from(start.saturating_sub(base)).unwrap_or(usize::MAX);
    let to = usize::try_from(end.saturating_sub(base)).unwrap_or(usize::MAX);
    buf.get(from..to).unwrap_or(&[])
}

/// Rewrites the exporter's `\xNN` escapes as `\u00NN`, which JSON parsers accept. The input is valid JSON
/// apart from those (the scanner checked), so a backslash outside an escape pair is always an escape.
fn repair_escapes<'a>(value: &'a [u8], scratch: &'a mut Vec<u8>) -> &'a [u8] {
    if !value.windows(2).any(|pair| pair == b"\\x") {
        return value;
    }
    scratch.clear();
    let mut bytes = value.iter().copied();
    while let Some(byte) = bytes.next() {
        if byte != b'\\' {
            scratch.push(byte);
            continue;
        }
        match bytes.next() {
            Some(b'x') => scratch.extend_from_slice(b"\\u00"),
            Some(next) => scratch.extend_from_slice(&[b'\\', next]),
            None => scratch.push(b'\\'),
        }
    }
    scratch
}

/// What one message object turned out to be.
enum Read {
    Message(Box<Parts>),
    Service,
    Unsupported,
}

/// A message's content, before it is placed in its chat.
struct Parts {
    id: i64,
    sender: Sender,
    date: Option<Date>,
    /// The date as written, when it could not be read.
    bad_date: Option<String>,
    text: String,
    entities: Vec<Entity>,
    forwarded_from: Option<Arc<str>>,
    reply_to: Option<i64>,
    via_bot: Option<Arc<str>>,
    media: Option<Media>,
}

/// Reads one message object; `Err` says why it cannot be used.
fn read_message(value: &[u8], names: &mut Interner) -> Result<Read, String> {
    let raw: RawMessage<'_> = serde_json::from_slice(value).map_err(|error| {
        // serde_json says "at line L column C" of the object, which the caller's position already locates.
        let text = error.to_string();
        text.split(" at line ").next().unwrap_or(&text).to_owned()
    })?;
    match raw.kind.as_ref().map(|kind| kind.0.as_ref()) {
        None | Some("message") => {}
        Some("service") => return Ok(Read::Service),
        Some(_) => return Ok(Read::Unsupported),
    }
    let id = raw.id.ok_or("the message has no `id`")?;
    let (date, bad_date) = match (&raw.date_unixtime, &raw.date) {
        (Some(UnixTime::Seconds(seconds)), _) => (Some(Date::utc(*seconds)), None),
        (Some(UnixTime::Unreadable(text)), _) => (None, Some(text.clone())),
        (None, Some(local)) => match crate::date::parse_json_local(&local.0) {
            Some(date) => (Some(date), None),
            None => (None, Some(local.0.clone().into_owned())),
        },
        (None, None) => (None, None),
    };
    // `text_entities` and `text` hold the same text; an empty `text_entities` beside a non-empty `text` (a
    // hand-edited file) must not lose it.
    let media = read_media(&raw);
    let (mut text, mut entities) = match (raw.text_entities, raw.text) {
        (Some(parts), _) if !parts.is_empty() => join_parts(parts),
        (_, Some(Text::Parts(parts))) => join_parts(parts),
        (_, Some(Text::Plain(plain))) => (plain.0.into_owned(), Vec::new()),
        (_, None) => (String::new(), Vec::new()),
    };
    if let Some(poll) = raw.poll {
        let lines = poll.question.into_iter().chain(poll.answers.into_iter().filter_map(|answer| answer.text));
        for line in lines {
            if !text.is_empty() {
                text.push('\n');
            }
            let (line, line_entities) = match line {
                Text::Plain(plain) => (plain.0.into_owned(), Vec::new()),
                Text::Parts(parts) => join_parts(parts),
            };
            let offset = text.len();
            text.push_str(&line);
            entities.extend(line_entities.into_iter().map(|entity| Entity {
                start: entity.start + offset,
                end: entity.end + offset,
                ..entity
            }));
        }
    }
    Ok(Read::Message(Box::new(Parts {
        id,
        sender: Sender { name: raw.from.map(|name| names.get(&name.0)), id: raw.from_id.map(|id| names.get(&id.0)) },
        date,
        bad_date,
        text,
        entities,
        forwarded_from: raw.forwarded_from.map(|name| names.get(name.as_ref().map_or("", |name| &name.0))),
        reply_to: raw.reply_to_message_id.filter(|_| raw.reply_to_peer_id.is_none()),
        via_bot: raw.via_bot.map(|bot| names.get(&bot.0)),
        media,
    })))
}

/// The message's media: a `photo`, or a `file` (with its `media_type`), with its thumbnail, MIME type and size.
fn read_media(raw: &RawMessage<'_>) -> Option<Media> {
    let (kind, path) = match (&raw.photo, &raw.file, &raw.media_type) {
        (Some(photo), _, _) => (MediaKind::Photo, Some(photo.0.as_ref())),
        (None, file, Some(kind)) => (MediaKind::from_export(Some(&kind.0)), file.as_ref().map(|file| file.0.as_ref())),
        (None, Some(file), None) => (MediaKind::File, Some(file.0.as_ref())),
        (None, None, None) => return None,
    };
    let mut media = Media::from_export(kind, path, raw.thumbnail.as_ref().map(|thumbnail| thumbnail.0.as_ref()));
    media.mime_type =
        raw.mime_type.as_ref().map(|mime| mime.0.trim()).filter(|mime| !mime.is_empty()).map(str::to_owned);
    media.width = raw.width.as_ref().and_then(|pixels| pixels.0);
    media.height = raw.height.as_ref().and_then(|pixels| pixels.0);
    Some(media)
}

/// Concatenates text parts, noting where each entity lands.
fn join_parts(parts: Vec<Part<'_>>) -> (String, Vec<Entity>) {
    let mut text = String::new();
    let mut entities = Vec::new();
    for part in parts {
        match part {
            Part::Plain(plain) => text.push_str(&plain.0),
            Part::Entity(entity) => {
                let start = text.len();
                text.push_str(&entity.text.0);
                let Some(kind) = EntityKind::from_export(&entity.kind.0) else { continue };
                if start == text.len() {
                    continue;
                }
                let href = match kind {
                    EntityKind::Link => Some(entity.text.0.into_owned()),
                    EntityKind::TextLink => entity.href.map(|href| href.0.into_owned()),
                    _ => None,
                };
                entities.push(Entity { kind, start, end: text.len(), href });
            }
        }
    }
    (text, entities)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: JSON with `\xNN` escapes, and what the repair makes of it.
    #[test]
    fn repairs_only_real_escapes() {
        let rows: &[(&str, &str)] = &[
            (r#""a\x0Bb""#, r#""a\u000Bb""#),
            (r#""a\\x0B""#, r#""a\\x0B""#),
            (r#""a\\\x1F""#, r#""a\\\u001F""#),
            (r#""none""#, r#""none""#),
        ];
        let mut scratch = Vec::new();
        for (input, wanted) in rows {
            let repaired = repair_escapes(input.as_bytes(), &mut scratch);
            assert_eq!(std::str::from_utf8(repaired).unwrap(), *wanted, "{input}");
        }
    }

    #[test]
    fn polls_are_appended_to_the_text() {
        let json = r#"{"id": 9, "type": "message", "text": "Pilih:", "poll": {"question": "Siapa?",
            "answers": [{"text": "A", "voters": 1}, {"text": ["B ", {"type": "bold", "text": "tebal"}]}]}}"#;
        let Ok(Read::Message(parts)) = read_message(json.as_bytes(), &mut Interner::default()) else {
            panic!("a message")
        };
        assert_eq!(parts.text, "Pilih:\nSiapa?\nA\nB tebal");
        assert_eq!(parts.entities, [Entity { kind: EntityKind::Bold, start: 18, end: 23, href: None }]);
        assert_eq!(&parts.text[18..23], "tebal");
    }

    #[test]
    fn text_is_kept_when_text_entities_is_empty() {
        let json = r#"{"id": 1, "text": ["a ", {"type": "bold", "text": "b"}], "text_entities": []}"#;
        let Ok(Read::Message(parts)) = read_message(json.as_bytes(), &mut Interner::default()) else { panic!() };
        assert_eq!((parts.text.as_str(), parts.entities.len()), ("a b", 1));
    }

    /// Each row: a message object, and why it cannot be read.
    #[test]
    fn unreadable_messages_say_why() {
        let rows: &[(&str, &str)] = &[
            (r#"{"type": "message"}"#, "the message has no `id`"),
            (r#"{"id": "7"}"#, "invalid type: string \"7\", expected i64"),
            (
                r#"{"id": 7, "text": 5}"#,
                "invalid type: integer `5`, expected a string, or an array of strings and entities",
            ),
            (r#"{"id": 7, "text_entities": [{"text": "x"}]}"#, "missing field `type`"),
        ];
        for (json, wanted) in rows {
            assert_eq!(
                read_message(json.as_bytes(), &mut Interner::default()).err().as_deref(),
                Some(*wanted),
                "{json}"
            );
        }
    }

    fn media_of(json: &str) -> Option<Media> {
        let Ok(Read::Message(parts)) = read_message(json.as_bytes(), &mut Interner::default()) else {
            panic!("{json}")
        };
        parts.media
    }

    #[test]
    fn media_are_read_with_their_paths_checked() {
        let photo = media_of(
            r#"{"id": 1, "photo": "photos/photo_12@01-11-2026_10-00-00.jpg", "width": 1280,
            "height": 960, "text": "promo"}"#,
        )
        .unwrap();
        assert_eq!(photo.kind, MediaKind::Photo);
        assert_eq!(photo.path.as_deref(), Some("photos/photo_12@01-11-2026_10-00-00.jpg"));
        assert_eq!((photo.width, photo.height, photo.not_included), (Some(1280), Some(960), false));

        let clip = media_of(
            r#"{"id": 2, "file": "video_files/a.mp4", "thumbnail": "video_files/a.mp4_thumb.jpg",
            "media_type": "video_file", "mime_type": "video/mp4", "width": "wide", "height": -3}"#,
        )
        .unwrap();
        assert_eq!((clip.kind, clip.mime_type.as_deref()), (MediaKind::Video, Some("video/mp4")));
        assert_eq!(clip.thumbnail.as_deref(), Some("video_files/a.mp4_thumb.jpg"));
        assert_eq!((clip.width, clip.height), (None, None));

        let left_out = media_of(
            r#"{"id": 3, "file": "(File not included. Change data exporting settings to download.)",
            "thumbnail": "(File not included. Change data exporting settings to download.)",
            "media_type": "animation"}"#,
        )
        .unwrap();
        assert_eq!((left_out.kind, left_out.path, left_out.not_included), (MediaKind::Animation, None, true));

        let document =
            media_of(r#"{"id": 4, "file": "files/../../../etc/passwd", "mime_type": "text/plain"}"#).unwrap();
        assert_eq!((document.kind, document.path), (MediaKind::File, None));
        let voice = media_of(r#"{"id": 5, "file": "voice_messages/a.ogg", "media_type": "voice_message"}"#).unwrap();
        assert_eq!(voice.kind, MediaKind::VoiceMessage);
        assert_eq!(media_of(r#"{"id": 6, "text": "tanpa media"}"#), None);
    }
}
