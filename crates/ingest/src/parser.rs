//! The import pipeline every entry point shares: bytes in (whole, or in slices with progress), the format
//! detected or given, messages and an [`Import`] out.
//!
//! JSON exports are read as they arrive, so a Web Worker can feed a large file slice by slice and hand messages
//! on in batches; the other formats are small by nature (pasted text, HTML parts of 1,000 messages) and are read
//! when the input ends.

use serde::{Deserialize, Serialize};

use crate::detect::{Format, detect_text, sniff_json};
use crate::error::{Error, Warning, Warnings};
use crate::json;
use crate::model::{Chat, ChatKind, ContentKeys, Message, normalize_username};
use crate::utf8::Decoder;
use crate::{copied, html, text};

/// Input is decoded and parsed in pieces of this size, so the buffers stay small however large a slice is fed.
const PIECE: usize = 1 << 20;

/// What the caller knows better than the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The format, instead of detecting it (see [`crate::detect`]).
    pub format: Option<Format>,
    /// The chat's public username (`name`, `@name` or `https://t.me/name`): exports do not hold it, and message
    /// links need it. Applied when the import holds one chat.
    pub username: Option<String>,
    /// The chat's id, for inputs that do not carry it (HTML exports, pasted text): HTML messages are then keyed
    /// like JSON ones, and links become `https://t.me/c/<id>/<message>`. Applied when the import holds one chat
    /// that has no id of its own.
    pub chat_id: Option<i64>,
}

/// How many entries of each kind an import met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Messages read (all of them, including those already handed out by [`Parser::next_batch`]).
    pub messages: u64,
    /// Service messages (joins, pins, title changes…) skipped.
    pub service: u64,
    /// Messages the exporter could not export ("unsupported") skipped.
    pub unsupported: u64,
    /// Message entries that could not be read and were skipped (each has a warning, up to a limit).
    pub invalid: u64,
}

/// Everything an import gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// The format that was read.
    pub format: Format,
    /// The chats, which messages point into by index.
    pub chats: Vec<Chat>,
    /// The messages, in the order of the input (for [`Parser::finish`], those not yet taken in batches).
    pub messages: Vec<Message>,
    /// What was met.
    pub counts: Counts,
    /// What was worked around.
    pub warnings: Vec<Warning>,
}

impl Import {
    /// The `t.me` link of a message of this import (see [`Chat::link`]).
    pub fn link(&self, message: &Message) -> Option<String> {
        self.chats.get(message.chat)?.link(message.id?)
    }
}

/// How far a [`Parser`] has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes fed so far (all of them are parsed as they are fed, for JSON).
    pub bytes: u64,
    /// Messages read so far.
    pub messages: u64,
}

/// Messages taken from a [`Parser`], with its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    /// At most the number asked for, in input order; empty when none is ready.
    pub messages: Vec<Message>,
    /// How far the parser has got.
    pub progress: Progress,
}

#[derive(Debug)]
enum Mode {
    /// Too little input yet to tell JSON from the rest.
    Sniffing(Vec<u8>),
    Json(Box<json::Reader>),
    /// Any other format: the decoded input, read at the end.
    Buffered(Vec<u8>),
}

/// Reads one input given in slices, as a Web Worker reading a `File` would: [`Parser::feed`] each slice,
/// take messages with [`Parser::next_batch`] as they come, and [`Parser::finish`] at the end.
///
/// ```
/// use tapis_ingest::{Options, Parser};
///
/// let export = br#"{"name": "Grup", "type": "private_supergroup", "id": 5, "messages": [
///     {"id": 1, "type": "message", "date": "2024-01-02T03:04:05", "from": "Ani", "text": "halo"},
///     {"id": 2, "type": "service", "action": "pin_message"},
///     {"id": 3, "type": "message", "date": "2024-01-02T03:05:00", "from": "Budi", "text": "hai"}]}"#;
/// let mut parser = Parser::new(Options::default())?;
/// let mut texts = Vec::new();
/// for slice in export.chunks(40) {
///     parser.feed(slice)?;
///     let batch = parser.next_batch(100);
///     texts.extend(batch.messages.into_iter().map(|m| m.text));
/// }
/// let import = parser.finish()?;
/// texts.extend(import.messages.into_iter().map(|m| m.text));
/// assert_eq!(texts, ["halo", "hai"]);
/// assert_eq!((import.counts.messages, import.counts.service), (2, 1));
/// assert_eq!(import.chats[0].link(3).as_deref(), Some("https://t.me/c/5/3"));
/// # Ok::<(), tapis_ingest::Error>(())
/// ```
#[derive(Debug)]
pub struct Parser {
    options: Options,
    decoder: Decoder,
    mode: Mode,
    fed: u64,
    /// The first error met: every later call gives it again.
    failed: Option<Error>,
}

impl Parser {
    /// A parser for one input.
    ///
    /// # Errors
    /// [`Error::InvalidUsername`] when `options.username` is not a Telegram username.
    pub fn new(options: Options) -> Result<Parser, Error> {
        check_options(&options)?;
        let mode = match options.format {
            None => Mode::Sniffing(Vec::new()),
            Some(Format::TelegramJson) => Mode::Json(Box::new(json::Reader::new())),
            Some(_) => Mode::Buffered(Vec::new()),
        };
        Ok(Parser { options, decoder: Decoder::new(), mode, fed: 0, failed: None })
    }

    /// Gives the parser the next slice of the input. JSON is parsed at once; the messages wait for
    /// [`Parser::next_batch`].
    ///
    /// # Errors
    /// The first [`Error`] the input holds (invalid JSON, not an export…); the parser then stays failed.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Progress, Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        self.fed += bytes.len() as u64;
        for piece in bytes.chunks(PIECE) {
            if let Err(error) = self.feed_piece(piece) {
                self.failed = Some(error.clone());
                return Err(error);
            }
        }
        Ok(self.progress())
    }

    fn feed_piece(&mut self, piece: &[u8]) -> Result<(), Error> {
        match &mut self.mode {
            Mode::Sniffing(decoded) => {
                self.decoder.decode(piece, decoded);
                match sniff_json(&String::from_utf8_lossy(decoded), false) {
                    Some(true) => {
                        let mut reader = Box::new(json::Reader::new());
                        reader.buffer().append(decoded);
                        reader.scan()?;
                        self.mode = Mode::Json(reader);
                    }
                    Some(false) => self.mode = Mode::Buffered(std::mem::take(decoded)),
                    None => {}
                }
            }
            Mode::Json(reader) => {
                self.decoder.decode(piece, reader.buffer());
                reader.scan()?;
            }
            Mode::Buffered(decoded) => self.decoder.decode(piece, decoded),
        }
        Ok(())
    }

    /// Takes up to `max_messages` of the messages read so far.
    pub fn next_batch(&mut self, max_messages: usize) -> Batch {
        let messages = match &mut self.mode {
            Mode::Json(reader) => {
                let count = max_messages.min(reader.ready.len());
                reader.ready.drain(..count).collect()
            }
            Mode::Sniffing(_) | Mode::Buffered(_) => Vec::new(),
        };
        Batch { messages, progress: self.progress() }
    }

    /// How far the parser has got.
    pub fn progress(&self) -> Progress {
        let messages = match &self.mode {
            Mode::Json(reader) => reader.messages_read(),
            Mode::Sniffing(_) | Mode::Buffered(_) => 0,
        };
        Progress { bytes: self.fed, messages }
    }

    /// The chats seen so far (JSON; the other formats show theirs at the end). Messages point into this list.
    pub fn chats(&self) -> &[Chat] {
        match &self.mode {
            Mode::Json(reader) => reader.chats(),
            Mode::Sniffing(_) | Mode::Buffered(_) => &[],
        }
    }

    /// Ends the input and gives the import, with the messages not yet taken.
    ///
    /// # Errors
    /// [`Error::Empty`] for an input of only whitespace, [`Error::Truncated`] for JSON that stops early, and
    /// whatever else the input holds.
    pub fn finish(mut self) -> Result<Import, Error> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        let mode = match self.mode {
            Mode::Sniffing(mut decoded) => {
                self.decoder.finish(&mut decoded);
                match sniff_json(&String::from_utf8_lossy(&decoded), true) {
                    Some(true) => {
                        let mut reader = Box::new(json::Reader::new());
                        reader.buffer().append(&mut decoded);
                        Ended::Json(reader)
                    }
                    _ => Ended::Buffered(decoded),
                }
            }
            Mode::Json(mut reader) => {
                self.decoder.finish(reader.buffer());
                Ended::Json(reader)
            }
            Mode::Buffered(mut decoded) => {
                self.decoder.finish(&mut decoded);
                Ended::Buffered(decoded)
            }
        };
        let mut warnings = Warnings::default();
        let (format, mut chats, messages, counts, mut found) = match mode {
            Ended::Json(mut reader) => {
                reader.scan()?;
                if !reader.started() {
                    return Err(Error::Empty);
                }
                let (finished, ready) = reader.finish()?;
                (Format::TelegramJson, finished.chats, Vec::from(ready), finished.counts, finished.warnings)
            }
            Ended::Buffered(decoded) => {
                let text =
                    String::from_utf8(decoded).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                if text.trim().is_empty() {
                    return Err(Error::Empty);
                }
                let format = self.options.format.unwrap_or_else(|| detect_text(&text));
                let (chats, messages, counts) = read_text(format, text, &self.options, &mut warnings)?;
                (format, chats, messages, counts, Vec::new())
            }
        };
        if self.decoder.replaced > 0 {
            found.insert(0, Warning::InvalidUtf8 { replaced: self.decoder.replaced });
        }
        found.extend(warnings.finish());
        apply_options(&mut chats, &self.options, &mut found);
        Ok(Import { format, chats, messages, counts, warnings: found })
    }
}

/// The input once it has ended: JSON, or text to read whole.
enum Ended {
    Json(Box<json::Reader>),
    Buffered(Vec<u8>),
}

/// Reads a non-JSON input whole.
fn read_text(
    format: Format,
    text: String,
    options: &Options,
    warnings: &mut Warnings,
) -> Result<(Vec<Chat>, Vec<Message>, Counts), Error> {
    let messages = match format {
        Format::TelegramHtml => {
            let files = vec![html::File { name: "messages.html".to_owned(), text }];
            // One input, so the error needs no file name.
            let output = html::read(files, options.chat_id, warnings).map_err(|error| match error {
                Error::NotAnExport { reason, .. } => Error::NotAnExport { file: None, reason },
                other => other,
            })?;
            return Ok((output.chats, output.messages, output.counts));
        }
        Format::CopiedText => copied::read(&text, &mut ContentKeys::default()),
        Format::FreeText => text::read(&text, &mut ContentKeys::default()),
        // A forced JSON format never buffers: `Parser::new` starts the JSON reader.
        Format::TelegramJson => Vec::new(),
    };
    let chat = Chat { title: None, kind: ChatKind::Unknown, id: None, username: None };
    let counts = Counts { messages: messages.len() as u64, ..Counts::default() };
    Ok((vec![chat], messages, counts))
}

/// Refuses a username Telegram would not accept (an empty one means none).
fn check_options(options: &Options) -> Result<(), Error> {
    match options.username.as_deref().filter(|name| !name.trim().is_empty()) {
        Some(username) if normalize_username(username).is_none() => {
            Err(Error::InvalidUsername { input: username.to_owned() })
        }
        _ => Ok(()),
    }
}

/// Applies the username and chat id the caller gave, when the import holds exactly one chat.
fn apply_options(chats: &mut [Chat], options: &Options, warnings: &mut Vec<Warning>) {
    let username = options.username.as_deref().and_then(normalize_username);
    if username.is_none() && options.chat_id.is_none() {
        return;
    }
    match chats {
        [chat] => {
            if username.is_some() {
                chat.username = username;
            }
            if chat.id.is_none() {
                chat.id = options.chat_id;
            }
        }
        _ => warnings.push(Warning::ChatOptionsIgnored { chats: chats.len() }),
    }
}

/// Reads a whole input at once: [`Parser`] fed everything, then finished.
///
/// ```
/// use tapis_ingest::{Format, Options, import};
///
/// let import = import(b"halo semua\n\nbeli sekarang", &Options::default())?;
/// assert_eq!(import.format, Format::FreeText);
/// assert_eq!(import.messages.len(), 2);
/// # Ok::<(), tapis_ingest::Error>(())
/// ```
///
/// # Errors
/// See [`Parser::feed`] and [`Parser::finish`].
pub fn import(input: &[u8], options: &Options) -> Result<Import, Error> {
    let mut parser = Parser::new(options.clone())?;
    parser.feed(input)?;
    parser.finish()
}

/// Reads the files of an HTML export (`messages.html`, `messages2.html`, …) as one import, in the order of the
/// numbers in their names whatever the order given. Names may carry folders (`chats/chat_01/messages.html`):
/// files are grouped into chats by folder and by the title on their page. A gap in the numbers is warned about.
///
/// # Errors
/// [`Error::NoFiles`] for no file, [`Error::NotAnExport`] naming a file that is not an export page.
pub fn import_html<'a, I>(files: I, options: &Options) -> Result<Import, Error>
where
    I: IntoIterator<Item = (&'a str, &'a [u8])>,
{
    check_options(options)?;
    let mut replaced = 0;
    let files: Vec<html::File> = files
        .into_iter()
        .map(|(name, bytes)| {
            let mut decoder = Decoder::new();
            let mut decoded = Vec::with_capacity(bytes.len());
            decoder.decode(bytes, &mut decoded);
            decoder.finish(&mut decoded);
            replaced += decoder.replaced;
            let text =
                String::from_utf8(decoded).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            html::File { name: name.to_owned(), text }
        })
        .collect();
    if files.is_empty() {
        return Err(Error::NoFiles);
    }
    let mut warnings = Warnings::default();
    let output = html::read(files, options.chat_id, &mut warnings)?;
    let mut found = Vec::new();
    if replaced > 0 {
        found.push(Warning::InvalidUtf8 { replaced });
    }
    found.extend(warnings.finish());
    let mut chats = output.chats;
    apply_options(&mut chats, options, &mut found);
    Ok(Import {
        format: Format::TelegramHtml,
        chats,
        messages: output.messages,
        counts: output.counts,
        warnings: found,
    })
}
