//! A resumable, validating JSON scanner that finds the parts of a Telegram export without building a tree.
//!
//! It reads bytes as they arrive, checks the JSON grammar everywhere (so an error anywhere names its line and
//! column), tolerates the exporter's `\xNN` escapes, and reports only where chats, their `name`/`type`/`id`
//! and their messages are, as byte ranges. Parsing those ranges is the caller's job.

use crate::error::Position;

/// Deeper nesting than this is refused, so that hostile input cannot grow the stack without bound.
const MAX_DEPTH: usize = 512;

/// Something the caller needs to know about, found at the byte just consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// A chat object of `chats.list` (or `left_chats.list`) opened.
    ChatOpen,
    /// That chat object closed.
    ChatClose,
    /// A `chats.list` (or `left_chats.list`) array opened: this is a whole-account export.
    ChatListOpen,
    /// A scalar `name`, `type` or `id` of the current chat (the top-level object or a listed chat).
    Field {
        /// Which field.
        field: Field,
        /// Absolute offset of its first byte.
        start: u64,
        /// Absolute offset just past its last byte.
        end: u64,
    },
    /// The current chat's `messages` array opened.
    MessagesOpen,
    /// A complete message object.
    Message {
        /// Absolute offset of its `{`.
        start: u64,
        /// Absolute offset just past its `}`.
        end: u64,
        /// Where its `{` is.
        position: Position,
        /// Whether it holds `\xNN` escapes that must be repaired before a JSON parser reads it.
        repaired: bool,
    },
    /// The top-level object closed: the document is complete.
    End,
}

/// The chat fields the scanner reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Name,
    Type,
    Id,
}

/// Why the bytes are not a Telegram export's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScanError {
    /// Not valid JSON at this position.
    Syntax(Position, &'static str),
    /// Valid JSON so far, but its top level is not an object.
    NotAnObject(&'static str),
}

/// What a container holds, as far as the export's structure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The top-level object: a single chat, or a whole account.
    Root,
    /// The object under the top-level `chats` or `left_chats`.
    Chats,
    /// Its `list` array.
    ChatList,
    /// One chat object of that list.
    Chat,
    /// A chat's `messages` array.
    Messages,
    /// One message object.
    Message,
    /// Anything else.
    Other,
}

/// The keys the structure depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Messages,
    Chats,
    List,
    Name,
    Type,
    Id,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    object: bool,
    role: Role,
    /// The key whose value comes next (objects only).
    key: Key,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    Minus,
    Zero,
    Int,
    Dot,
    Fraction,
    E,
    ExponentSign,
    Exponent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the top-level value.
    Start,
    /// A value must come (after `:`, or after `,` in an array).
    Value,
    /// After `[`: a value or `]`.
    ValueOrClose,
    /// After `{`: a key or `}`.
    KeyOrClose,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value: `,` or the closing bracket.
    AfterValue,
    /// Inside a string (a key or a value).
    Str {
        key: bool,
    },
    /// After a backslash in a string.
    Escape {
        key: bool,
    },
    /// Hex digits of `\uXXXX` or the exporter's `\xXX`: how many are left.
    Hex {
        key: bool,
        left: u8,
    },
    Number(Number),
    /// Inside `true`, `false` or `null`: the bytes still expected.
    Literal {
        rest: &'static [u8],
    },
    /// After the top-level value: only whitespace may follow.
    Done,
}

/// The scanner; feed it the input's bytes in order with [`Scanner::next`].
#[derive(Debug)]
pub(crate) struct Scanner {
    state: State,
    stack: Vec<Frame>,
    /// Absolute offset of the next byte.
    offset: u64,
    line: u64,
    column: u64,
    /// The key being read (only short keys matter; longer or escaped ones are `Other`).
    key: [u8; 12],
    key_len: usize,
    key_other: bool,
    /// The chat field being read: which, and where it starts.
    field: Option<(Field, u64)>,
    /// The message being read: where it starts, and the repair count then.
    message: Option<(u64, Position, u64)>,
    /// `\xNN` escapes seen so far.
    pub(crate) repairs: u64,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

impl Scanner {
    pub(crate) fn new() -> Scanner {
        Scanner {
            state: State::Start,
            stack: Vec::new(),
            offset: 0,
            line: 1,
            column: 1,
            key: [0; 12],
            key_len: 0,
            key_other: false,
            field: None,
            message: None,
            repairs: 0,
        }
    }

    /// Where the next byte is.
    pub(crate) fn position(&self) -> Position {
        Position { line: self.line, column: self.column }
    }

    /// The earliest absolute offset the caller must still keep: the start of the message or field being read.
    pub(crate) fn keep_from(&self) -> Option<u64> {
        match (self.field, self.message) {
            (Some((_, field)), Some((message, _, _))) => Some(field.min(message)),
            (Some((_, field)), None) => Some(field),
            (None, Some((message, _, _))) => Some(message),
            (None, None) => None,
        }
    }

    /// Whether anything but whitespace has been read.
    pub(crate) fn is_started(&self) -> bool {
        self.state != State::Start
    }

    /// Whether the whole document has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.state == State::Done
    }

    fn bump(&mut self, byte: u8) {
        self.offset += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            self.column += 1;
        }
    }

    fn syntax(&self, reason: &'static str) -> ScanError {
        ScanError::Syntax(self.position(), reason)
    }

    /// Reads `data`, the bytes that follow everything read so far, until an event or the end of `data`.
    /// Returns how many bytes were consumed, and the event if one happened (then call again with the rest).
    pub(crate) fn next(&mut self, data: &[u8]) -> Result<(usize, Option<Event>), ScanError> {
        let mut at = 0;
        while at < data.len() {
            let byte = data[at];
            match self.state {
                State::Str { key } => {
                    let start = at;
                    while at < data.len() && !matches!(data[at], b'"' | b'\\' | 0..=0x1F) {
                        at += 1;
                    }
                    let run = &data[start..at];
                    if key {
                        self.push_key(run);
                    }
                    self.offset += run.len() as u64;
                    self.column += run.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64;
                    let Some(&byte) = data.get(at) else { break };
                    match byte {
                        b'"' => {
                            self.bump(byte);
                            at += 1;
                            if key {
                                self.end_key();
                            } else if let Some(event) = self.end_scalar() {
                                return Ok((at, Some(event)));
                            }
                        }
                        b'\\' => {
                            self.bump(byte);
                            at += 1;
                            self.state = State::Escape { key };
                        }
                        _ => return Err(self.syntax("control character in a string (it must be escaped)")),
                    }
                    continue;
                }
                State::Escape { key } => {
                    self.state = match byte {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => State::Str { key },
                        b'u' => State::Hex { key, left: 4 },
                        b'x' => {
                            self.repairs += 1;
                            State::Hex { key, left: 2 }
                        }
                        _ => return Err(self.syntax("invalid escape in a string")),
                    };
                    self.key_other |= key;
                }
                State::Hex { key, left } => {
                    if !byte.is_ascii_hexdigit() {
                        return Err(self.syntax("invalid hexadecimal digit in an escape"));
                    }
                    self.state = if left > 1 { State::Hex { key, left: left - 1 } } else { State::Str { key } };
                }
                State::Number(number) => {
                    let next = match (number, byte) {
                        (Number::Minus, b'0') => Some(Number::Zero),
                        (Number::Minus, b'1'..=b'9') => Some(Number::Int),
                        (Number::Int, b'0'..=b'9') => Some(Number::Int),
                        (Number::Zero | Number::Int, b'.') => Some(Number::Dot),
                        (Number::Dot | Number::Fraction, b'0'..=b'9') => Some(Number::Fraction),
                        (Number::Zero | Number::Int | Number::Fraction, b'e' | b'E') => Some(Number::E),
                        (Number::E, b'+' | b'-') => Some(Number::ExponentSign),
                        (Number::E | Number::ExponentSign | Number::Exponent, b'0'..=b'9') => Some(Number::Exponent),
                        (Number::Zero | Number::Int | Number::Fraction | Number::Exponent, _) => None,
                        _ => return Err(self.syntax("invalid number")),
                    };
                    match next {
                        Some(number) => self.state = State::Number(number),
                        None => {
                            // The number ended just before this byte, which is read again as what follows it.
                            if let Some(event) = self.end_scalar() {
                                return Ok((at, Some(event)));
                            }
                            continue;
                        }
                    }
                }
                State::Literal { rest } => {
                    if rest.first() != Some(&byte) {
                        return Err(self.syntax("invalid literal (expected true, false or null)"));
                    }
                    self.state = State::Literal { rest: &rest[1..] };
                    if rest.len() == 1 {
                        self.bump(byte);
                        at += 1;
                        if let Some(event) = self.end_scalar() {
                            return Ok((at, Some(event)));
                        }
                        continue;
                    }
                }
                _ if is_space(byte) => {}
                State::Start | State::Value | State::ValueOrClose => {
                    if self.state == State::ValueOrClose && byte == b']' {
                        self.bump(byte);
                        at += 1;
                        if let Some(event) = self.close(false)? {
                            return Ok((at, Some(event)));
                        }
                        continue;
                    }
                    let event = self.begin_value(byte)?;
                    self.bump(byte);
                    at += 1;
                    if event.is_some() {
                        return Ok((at, event));
                    }
                    continue;
                }
                State::KeyOrClose | State::Key => match byte {
                    b'"' => {
                        self.key_len = 0;
                        self.key_other = false;
                        self.state = State::Str { key: true };
                    }
                    b'}' if self.state == State::KeyOrClose => {
                        self.bump(byte);
                        at += 1;
                        if let Some(event) = self.close(true)? {
                            return Ok((at, Some(event)));
                        }
                        continue;
                    }
                    _ => return Err(self.syntax("expected a string key")),
                },
                State::Colon => {
                    if byte != b':' {
                        return Err(self.syntax("expected `:` after a key"));
                    }
                    self.state = State::Value;
                }
                State::AfterValue => {
                    let object = self.stack.last().is_some_and(|frame| frame.object);
                    match byte {
                        b',' => self.state = if object { State::Key } else { State::Value },
                        b'}' | b']' => {
                            if (byte == b'}') != object {
                                return Err(self.syntax(if object {
                                    "expected `,` or `}`"
                                } else {
                                    "expected `,` or `]`"
                                }));
                            }
                            self.bump(byte);
                            at += 1;
                            if let Some(event) = self.close(object)? {
                                return Ok((at, Some(event)));
                            }
                            continue;
                        }
                        _ => {
                            return Err(self.syntax(if object {
                                "expected `,` or `}`"
                            } else {
                                "expected `,` or `]`"
                            }));
                        }
                    }
                }
                State::Done => return Err(self.syntax("unexpected data after the end of the JSON")),
            }
            self.bump(byte);
            at += 1;
        }
        Ok((at, None))
    }

    fn push_key(&mut self, run: &[u8]) {
        let end = self.key_len + run.len();
        match self.key.get_mut(self.key_len..end) {
            Some(slot) => {
                slot.copy_from_slice(run);
                self.key_len = end;
            }
            None => self.key_other = true,
        }
    }

    fn end_key(&mut self) {
        let key = if self.key_other {
            Key::Other
        } else {
            match &self.key[..self.key_len] {
                b"messages" => Key::Messages,
                b"chats" | b"left_chats" => Key::Chats,
                b"list" => Key::List,
                b"name" => Key::Name,
                b"type" => Key::Type,
                b"id" => Key::Id,
                _ => Key::Other,
            }
        };
        if let Some(frame) = self.stack.last_mut() {
            frame.key = key;
        }
        self.state = State::Colon;
    }

    /// The key the next value belongs to, and the role of the container holding it.
    fn parent(&self) -> Option<(Role, Key)> {
        self.stack.last().map(|frame| (frame.role, frame.key))
    }

    /// Starts a value at `byte` (not yet consumed).
    fn begin_value(&mut self, byte: u8) -> Result<Option<Event>, ScanError> {
        let parent = self.parent();
        if parent.is_none() && byte != b'{' {
            return Err(match byte {
                b'[' => ScanError::NotAnObject("its top level is an array, not an object"),
                b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                    ScanError::NotAnObject("its top level is a single value, not an object")
                }
                _ => self.syntax("expected a JSON value"),
            });
        }
        let chat_field = match parent {
            Some((Role::Root | Role::Chat, Key::Name)) => Some(Field::Name),
            Some((Role::Root | Role::Chat, Key::Type)) => Some(Field::Type),
            Some((Role::Root | Role::Chat, Key::Id)) => Some(Field::Id),
            _ => None,
        };
        match byte {
            b'{' | b'[' => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.syntax("the JSON is nested too deeply"));
                }
                let object = byte == b'{';
                let role = match (parent, object) {
                    (None, true) => Role::Root,
                    (Some((Role::Messages, _)), true) => Role::Message,
                    (Some((Role::ChatList, _)), true) => Role::Chat,
                    (Some((Role::Root, Key::Chats)), true) => Role::Chats,
                    (Some((Role::Root | Role::Chat, Key::Messages)), false) => Role::Messages,
                    (Some((Role::Chats, Key::List)), false) => Role::ChatList,
                    _ => Role::Other,
                };
                self.stack.push(Frame { object, role, key: Key::Other });
                self.state = if object { State::KeyOrClose } else { State::ValueOrClose };
                Ok(match role {
                    Role::Message => {
                        self.message = Some((self.offset, self.position(), self.repairs));
                        None
                    }
                    Role::Chat => Some(Event::ChatOpen),
                    Role::Messages => Some(Event::MessagesOpen),
                    Role::ChatList => Some(Event::ChatListOpen),
                    _ => None,
                })
            }
            b'"' => {
                self.field = chat_field.map(|field| (field, self.offset));
                self.state = State::Str { key: false };
                Ok(None)
            }
            b'-' | b'0'..=b'9' => {
                self.field = chat_field.map(|field| (field, self.offset));
                self.state = State::Number(match byte {
                    b'-' => Number::Minus,
                    b'0' => Number::Zero,
                    _ => Number::Int,
                });
                Ok(None)
            }
            b't' | b'f' | b'n' => {
                self.field = chat_field.map(|field| (field, self.offset));
                let rest: &'static [u8] = match byte {
                    b't' => b"rue",
                    b'f' => b"alse",
                    _ => b"ull",
                };
                self.state = State::Literal { rest };
                Ok(None)
            }
            _ => Err(self.syntax("expected a JSON value")),
        }
    }

    /// A string, number or literal value just ended (its last byte consumed, for numbers the next byte not).
    fn end_scalar(&mut self) -> Option<Event> {
        self.state = if self.stack.is_empty() { State::Done } else { State::AfterValue };
        self.field.take().map(|(field, start)| Event::Field { field, start, end: self.offset })
    }

    /// The container on top of the stack just closed (its bracket consumed).
    fn close(&mut self, object: bool) -> Result<Option<Event>, ScanError> {
        let frame = self.stack.pop().filter(|frame| frame.object == object);
        let Some(frame) = frame else {
            return Err(self.syntax("unbalanced brackets"));
        };
        self.state = if self.stack.is_empty() { State::Done } else { State::AfterValue };
        Ok(match frame.role {
            Role::Message => self.message.take().map(|(start, position, repairs)| Event::Message {
                start,
                end: self.offset,
                position,
                repaired: self.repairs > repairs,
            }),
            Role::Chat => Some(Event::ChatClose),
            Role::Root => Some(Event::End),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the scanner over `input` cut into slices of `size` bytes; returns the events, or the error.
    fn scan(input: &str, size: usize) -> Result<Vec<Event>, ScanError> {
        let mut scanner = Scanner::new();
        let mut events = Vec::new();
        for slice in input.as_bytes().chunks(size.max(1)) {
            let mut rest = slice;
            loop {
                let (used, event) = scanner.next(rest)?;
                rest = &rest[used..];
                match event {
                    Some(event) => events.push(event),
                    None => break,
                }
            }
        }
        Ok(events)
    }

    #[test]
    fn finds_chat_fields_and_messages_in_any_slicing() {
        let input = r#"{"name": "Grup", "type": "public_supergroup", "id": 42, "messages": [
            {"id": 1, "text": "a\x0Bb"}, {"id": 2, "text": ["x", {"type": "bold", "text": "}"}]}
        ]}"#;
        let whole = scan(input, input.len()).unwrap();
        let offset = |needle: &str| input.find(needle).unwrap() as u64;
        assert_eq!(
            whole,
            vec![
                Event::Field { field: Field::Name, start: offset("\"Grup\""), end: offset("\"Grup\"") + 6 },
                Event::Field { field: Field::Type, start: offset("\"public_"), end: offset(", \"id\"") },
                Event::Field { field: Field::Id, start: offset("42"), end: offset("42") + 2 },
                Event::MessagesOpen,
                Event::Message {
                    start: offset("{\"id\": 1"),
                    end: offset(", {\"id\": 2"),
                    position: Position { line: 2, column: 13 },
                    repaired: true,
                },
                Event::Message {
                    start: offset("{\"id\": 2"),
                    end: offset("\n        ]}"),
                    position: Position { line: 2, column: 42 },
                    repaired: false,
                },
                Event::End,
            ]
        );
        for size in 1..8 {
            assert_eq!(scan(input, size).unwrap(), whole, "slices of {size}");
        }
    }

    #[test]
    fn account_exports_list_chats() {
        let input = r#"{"about": "x", "personal_information": {"name": "n", "messages": []},
            "chats": {"about": "y", "list": [{"name": null, "id": 7, "messages": [{"id": 3}]}]},
            "left_chats": {"list": []}}"#;
        let events = scan(input, 3).unwrap();
        let kinds: Vec<_> = events
            .iter()
            .map(|event| match event {
                Event::Field { field, .. } => format!("{field:?}"),
                Event::Message { .. } => "Message".into(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            ["ChatListOpen", "ChatOpen", "Name", "Id", "MessagesOpen", "Message", "ChatClose", "ChatListOpen", "End"]
        );
    }

    /// Each row: input, and the error's line, column and reason.
    #[test]
    fn syntax_errors_name_the_place() {
        let rows: &[(&str, u64, u64, &str)] = &[
            ("{\"a\": 1,}", 1, 9, "expected a string key"),
            ("{\"a\" 1}", 1, 6, "expected `:` after a key"),
            ("{\"a\": [1 2]}", 1, 10, "expected `,` or `]`"),
            ("{\n  \"é\": tru}", 2, 11, "invalid literal (expected true, false or null)"),
            ("{\"a\": 01}", 1, 8, "expected `,` or `}`"),
            ("{\"a\": -}", 1, 8, "invalid number"),
            ("{\"a\": \"\\q\"}", 1, 9, "invalid escape in a string"),
            ("{\"a\": \"\\x4g\"}", 1, 11, "invalid hexadecimal digit in an escape"),
            ("{\"a\": \"tab\there\"}", 1, 11, "control character in a string (it must be escaped)"),
            ("{} x", 1, 4, "unexpected data after the end of the JSON"),
            ("{\"a\": ]}", 1, 7, "expected a JSON value"),
            ("{\"a\": [}", 1, 8, "expected a JSON value"),
            ("@", 1, 1, "expected a JSON value"),
        ];
        for (input, line, column, reason) in rows {
            let wanted = ScanError::Syntax(Position { line: *line, column: *column }, reason);
            assert_eq!(scan(input, input.len()).unwrap_err(), wanted, "{input}");
            assert_eq!(scan(input, 1).unwrap_err(), wanted, "{input} by bytes");
        }
    }

    #[test]
    fn top_level_must_be_an_object() {
        assert_eq!(scan("[1]", 9).unwrap_err(), ScanError::NotAnObject("its top level is an array, not an object"));
        assert!(matches!(scan("\"x\"", 9).unwrap_err(), ScanError::NotAnObject(_)));
        assert!(matches!(scan(&"[".repeat(2), 1).unwrap_err(), ScanError::NotAnObject(_)));
        let deep = format!("{{\"a\":{}", "[".repeat(MAX_DEPTH + 1));
        assert_eq!(
            scan(&deep, 64).unwrap_err(),
            ScanError::Syntax(Position { line: 1, column: 5 + MAX_DEPTH as u64 }, "the JSON is nested too deeply")
        );
    }

    #[test]
    fn knows_when_the_document_is_complete() {
        let mut scanner = Scanner::new();
        let (_, event) = scanner.next(b"{\"messages\": [").unwrap();
        assert_eq!(event, Some(Event::MessagesOpen));
        assert!(!scanner.is_done());
        let (used, event) = scanner.next(b"]}  ").unwrap();
        assert_eq!((used, event), (2, Some(Event::End)));
        assert!(scanner.is_done());
        assert_eq!(scanner.next(b"  \n").unwrap(), (3, None));
    }
}
