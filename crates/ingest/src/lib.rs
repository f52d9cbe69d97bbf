//! Ingest: reads what an analyst brings — Telegram Desktop exports (JSON or HTML), messages copied out of
//! Telegram Desktop, or any pasted text — into one message model.
//!
//! Pure Rust, shared by the browser app (compiled to WebAssembly, run in a Web Worker) and the `tapis` command
//! line, so both read input the same way. It takes bytes, never paths, and knows nothing of rules, browsers or
//! HTTP.
//!
//! - [`import`] reads one input whole; [`import_html`] reads the parts of an HTML export together.
//! - [`Parser`] reads one input in slices, with progress, handing out messages in batches as they are read.
//! - [`detect`] says which [`Format`] an input is in; [`Options`] overrides it and gives what exports lack (the
//!   chat's username).
//! - Every [`Message`] has a stable [`MessageKey`] for decisions and flags to point at, its [`Chat`] (by index
//!   into [`Import::chats`]) and, where Telegram has one, its `t.me` link ([`Import::link`]).
//! - A message's photo, video, sticker or file is a [`Media`], by its path relative to the export's folder,
//!   checked by [`safe_relative_path`] (the crate never opens it).
//! - Errors are one [`Error`] type; problems worked around are [`Warning`]s. Both have stable `code()`s.
//!
//! ```
//! use tapis_ingest::{Options, import};
//!
//! let export = br#"{"name": "Info Cuan", "type": "public_channel", "id": 1500000001, "messages": [
//!     {"id": 7, "type": "message", "date": "2024-05-01T10:00:00", "date_unixtime": "1714532400",
//!      "from": "Info Cuan", "from_id": "channel1500000001",
//!      "text": ["Daftar ", {"type": "text_link", "text": "di sini", "href": "https://slot.example/"}]}]}"#;
//! let options = Options { username: Some("@infocuan".into()), ..Options::default() };
//! let import = import(export, &options)?;
//! let message = &import.messages[0];
//! assert_eq!(message.text, "Daftar di sini");
//! assert_eq!(message.link_targets().collect::<Vec<_>>(), ["https://slot.example/"]);
//! assert_eq!(message.key.to_string(), "tg:1500000001:7");
//! assert_eq!(message.date.unwrap().to_string(), "2024-05-01T03:00:00Z");
//! assert_eq!(import.link(message).as_deref(), Some("https://t.me/infocuan/7"));
//! # Ok::<(), tapis_ingest::Error>(())
//! ```
#![warn(missing_docs)]

mod copied;
mod date;
mod detect;
mod error;
mod html;
mod json;
mod media;
mod model;
mod parser;
mod text;
mod utf8;

pub use detect::{Format, detect};
pub use error::{Error, Position, Warning};
pub use media::{MAX_PATH_BYTES, Media, MediaKind, safe_relative_path};
pub use model::{Chat, ChatKind, Date, Entity, EntityKind, Message, MessageKey, Sender};
pub use parser::{Batch, Counts, Import, Options, Parser, Progress, import, import_html};
pub use text::split_blocks;
