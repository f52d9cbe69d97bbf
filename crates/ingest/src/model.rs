//! The one message model every format is read into: chats, messages, senders, dates, entities and keys.
//!
//! Plain data, serializable with serde so a Web Worker can post it. Knows nothing of the formats it is read from.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::date;
use crate::error::Error;
use crate::media::Media;

/// A chat the messages come from: a channel, a group or a private chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    /// The chat's name as exported; `None` for "Saved messages" and for pasted text.
    pub title: Option<String>,
    /// What kind of chat it is; [`ChatKind::Unknown`] when the input does not say (HTML exports, pasted text).
    pub kind: ChatKind,
    /// The chat's id as the export writes it (for channels and supergroups, the id that `t.me/c/` links use).
    /// JSON exports carry it; HTML exports and pasted text do not, unless the caller gives it.
    pub id: Option<i64>,
    /// The chat's public username, without `@`. Exports do not hold it: the analyst enters it (see
    /// [`Chat::set_username`] and [`crate::Options::username`]).
    pub username: Option<String>,
}

impl Chat {
    /// The link that opens message `message_id` of this chat in Telegram, when there is one.
    ///
    /// Channels and supergroups (and chats of unknown kind, which the analyst described by username or id):
    /// `https://t.me/<username>/<id>` when the username is known, else `https://t.me/c/<chat id>/<id>` (which
    /// opens only for members). Private chats, bot chats, basic groups and saved messages have no message links:
    /// `None`, as for a chat with neither username nor id.
    ///
    /// ```
    /// use tapis_ingest::{Chat, ChatKind};
    ///
    /// let mut chat = Chat { title: None, kind: ChatKind::PublicSupergroup, id: Some(1712691810), username: None };
    /// assert_eq!(chat.link(249636).as_deref(), Some("https://t.me/c/1712691810/249636"));
    /// chat.set_username("@teknologi_umum")?;
    /// assert_eq!(chat.link(249636).as_deref(), Some("https://t.me/teknologi_umum/249636"));
    /// # Ok::<(), tapis_ingest::Error>(())
    /// ```
    pub fn link(&self, message_id: i64) -> Option<String> {
        if message_id <= 0 || !self.kind.has_message_links() {
            return None;
        }
        if let Some(username) = self.username.as_deref().and_then(normalize_username) {
            return Some(format!("https://t.me/{username}/{message_id}"));
        }
        self.id.filter(|id| *id > 0).map(|id| format!("https://t.me/c/{id}/{message_id}"))
    }

    /// Sets the public username the analyst entered: `name`, `@name` or `https://t.me/name` all work; an empty
    /// string clears it.
    ///
    /// # Errors
    /// [`Error::InvalidUsername`] when it is not a Telegram username (5 to 32 letters, digits and underscores,
    /// starting with a letter).
    pub fn set_username(&mut self, input: &str) -> Result<(), Error> {
        if input.trim().is_empty() {
            self.username = None;
            return Ok(());
        }
        let username = normalize_username(input).ok_or_else(|| Error::InvalidUsername { input: input.to_owned() })?;
        self.username = Some(username);
        Ok(())
    }
}

/// Reads a username as an analyst may type it; `None` when it is not a valid Telegram username.
pub(crate) fn normalize_username(input: &str) -> Option<String> {
    let mut name = input.trim();
    for prefix in ["https://", "http://"] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    for prefix in ["www.", "t.me/", "telegram.me/", "@"] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    let name = name.trim_end_matches('/');
    let valid = (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    valid.then(|| name.to_owned())
}

/// The kind of a chat, as the JSON export names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatKind {
    /// A channel with a public username.
    PublicChannel,
    /// A channel without a public username.
    PrivateChannel,
    /// A supergroup with a public username.
    PublicSupergroup,
    /// A supergroup without a public username.
    PrivateSupergroup,
    /// A basic group.
    PrivateGroup,
    /// A chat with one person.
    PersonalChat,
    /// A chat with a bot.
    BotChat,
    /// The account's own "Saved messages".
    SavedMessages,
    /// Telegram's "Replies" chat.
    Replies,
    /// Telegram's verification codes chat.
    VerificationCodes,
    /// Not said by the input, or a kind this crate does not know.
    Unknown,
}

impl ChatKind {
    /// Reads the `type` of a chat in a JSON export; anything else is [`ChatKind::Unknown`].
    pub fn from_export(name: &str) -> ChatKind {
        match name {
            "public_channel" => ChatKind::PublicChannel,
            "private_channel" => ChatKind::PrivateChannel,
            "public_supergroup" => ChatKind::PublicSupergroup,
            "private_supergroup" => ChatKind::PrivateSupergroup,
            "private_group" => ChatKind::PrivateGroup,
            "personal_chat" => ChatKind::PersonalChat,
            "bot_chat" => ChatKind::BotChat,
            "saved_messages" => ChatKind::SavedMessages,
            "replies" => ChatKind::Replies,
            "verification_codes" => ChatKind::VerificationCodes,
            _ => ChatKind::Unknown,
        }
    }

    /// The export's name for this kind (`"unknown"` for [`ChatKind::Unknown`]).
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::PublicChannel => "public_channel",
            ChatKind::PrivateChannel => "private_channel",
            ChatKind::PublicSupergroup => "public_supergroup",
            ChatKind::PrivateSupergroup => "private_supergroup",
            ChatKind::PrivateGroup => "private_group",
            ChatKind::PersonalChat => "personal_chat",
            ChatKind::BotChat => "bot_chat",
            ChatKind::SavedMessages => "saved_messages",
            ChatKind::Replies => "replies",
            ChatKind::VerificationCodes => "verification_codes",
            ChatKind::Unknown => "unknown",
        }
    }

    /// Whether messages of such a chat can have `t.me` links: channels, supergroups, and unknown kinds (which
    /// then get a link only from what the analyst says about the chat).
    pub fn has_message_links(self) -> bool {
        matches!(
            self,
            ChatKind::PublicChannel
                | ChatKind::PrivateChannel
                | ChatKind::PublicSupergroup
                | ChatKind::PrivateSupergroup
                | ChatKind::Unknown
        )
    }
}

/// One message, from whichever format it was read.
///
/// Names (sender, forwarder, bot) are shared `Arc<str>`s: a chat has few senders and many messages, and a large
/// export must fit in a browser tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The stable key that decisions and flags refer to: the same message gives the same key on every import.
    pub key: MessageKey,
    /// Index of the message's chat in the import's `chats`.
    pub chat: usize,
    /// The message's id in its chat; `None` for pasted text, which carries none.
    pub id: Option<i64>,
    /// Who sent it.
    pub sender: Sender,
    /// When it was sent; `None` for free text.
    pub date: Option<Date>,
    /// The text (or media caption), with poll questions and answers appended one per line.
    pub text: String,
    /// Formatting and links in `text`, as byte ranges, in the order they start.
    pub entities: Vec<Entity>,
    /// The name of the original sender when the message was forwarded; an empty name when the export hides it.
    pub forwarded_from: Option<Arc<str>>,
    /// The id of the message, in the same chat, that this one replies to.
    pub reply_to: Option<i64>,
    /// The inline bot it was sent through, as `@name`.
    pub via_bot: Option<Arc<str>>,
    /// The photo, video, sticker or file it carries (a Telegram message has at most one), as the export refers
    /// to it; `None` for a message without media, and for copied and pasted text. Not serialized: the app's worker
    /// hands the page only the path of the picture to show (its `Found::photo`), and the page's first load carries
    /// no decoder for the rest.
    #[serde(skip)]
    pub media: Option<Media>,
}

impl Message {
    /// The targets of the message's links (`link` and `text_link` entities), in text order: a `text_link` hides
    /// its target behind other words, so scan these too.
    pub fn link_targets(&self) -> impl Iterator<Item = &str> {
        self.entities.iter().filter_map(|entity| entity.href.as_deref())
    }

    /// The part of `text` an entity covers (empty if the entity does not belong to this message).
    pub fn entity_text(&self, entity: &Entity) -> &str {
        self.text.get(entity.start..entity.end).unwrap_or("")
    }
}

/// Who sent a message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// The name shown in Telegram; `None` for a deleted account, or when the input does not say.
    pub name: Option<Arc<str>>,
    /// The exported id, such as `user5832490906` or `channel1712691810` (JSON exports only).
    pub id: Option<Arc<str>>,
}

/// When a message was sent, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Seconds since 1970-01-01 00:00:00 UTC. For a `local_only` date: the same count for the wall-clock time
    /// read as if it were UTC.
    pub seconds: i64,
    /// True when the input gave only the exporting computer's local time, whose offset to UTC is unknown (old
    /// JSON exports, copied text). Such a date may be off by the exporter's time zone.
    pub local_only: bool,
}

impl Date {
    /// A date known in UTC.
    pub fn utc(seconds: i64) -> Date {
        Date { seconds, local_only: false }
    }

    /// A local wall-clock time of unknown offset, counted as if it were UTC.
    pub fn local(seconds: i64) -> Date {
        Date { seconds, local_only: true }
    }

    /// Seconds since the Unix epoch, when the date is known in UTC.
    pub fn utc_seconds(self) -> Option<i64> {
        (!self.local_only).then_some(self.seconds)
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2023-01-27T23:09:23Z` in UTC, without the `Z` for a local-only date.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = date::civil_from_seconds(self.seconds);
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{}", if self.local_only { "" } else { "Z" })
    }
}

/// A formatted or linked part of a message's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// What it is.
    pub kind: EntityKind,
    /// Byte offset in the message's text where it starts (always a char boundary).
    pub start: usize,
    /// Byte offset where it ends (exclusive; a char boundary).
    pub end: usize,
    /// Where a `link` or `text_link` points (for a `link`, the visible URL itself).
    pub href: Option<String>,
}

/// The kinds of text entities Telegram exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityKind {
    /// `@username`.
    Mention,
    /// `#tag`.
    Hashtag,
    /// `/command`.
    BotCommand,
    /// A visible URL.
    Link,
    /// An e-mail address.
    Email,
    /// Bold text.
    Bold,
    /// Italic text.
    Italic,
    /// Inline code.
    Code,
    /// A code block.
    Pre,
    /// Words that link to a hidden URL (`href`).
    TextLink,
    /// A mention of a user without a username.
    MentionName,
    /// A phone number.
    Phone,
    /// `$TICKER`.
    Cashtag,
    /// Underlined text.
    Underline,
    /// Struck-through text.
    Strikethrough,
    /// A quotation.
    Blockquote,
    /// A bank card number.
    BankCard,
    /// Hidden text, shown on tap.
    Spoiler,
    /// A custom emoji.
    CustomEmoji,
    /// An entity type this crate does not know.
    Unknown,
}

impl EntityKind {
    /// Reads an entity `type` of a JSON export; `None` for `plain`, which is not an entity.
    pub fn from_export(name: &str) -> Option<EntityKind> {
        Some(match name {
            "plain" => return None,
            "mention" => EntityKind::Mention,
            "hashtag" => EntityKind::Hashtag,
            "bot_command" => EntityKind::BotCommand,
            "link" => EntityKind::Link,
            "email" => EntityKind::Email,
            "bold" => EntityKind::Bold,
            "italic" => EntityKind::Italic,
            "code" => EntityKind::Code,
            "pre" => EntityKind::Pre,
            "text_link" => EntityKind::TextLink,
            "mention_name" => EntityKind::MentionName,
            "phone" => EntityKind::Phone,
            "cashtag" => EntityKind::Cashtag,
            "underline" => EntityKind::Underline,
            "strikethrough" => EntityKind::Strikethrough,
            "blockquote" => EntityKind::Blockquote,
            "bank_card" => EntityKind::BankCard,
            "spoiler" => EntityKind::Spoiler,
            "custom_emoji" => EntityKind::CustomEmoji,
            _ => EntityKind::Unknown,
        })
    }

    /// The export's name for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Mention => "mention",
            EntityKind::Hashtag => "hashtag",
            EntityKind::BotCommand => "bot_command",
            EntityKind::Link => "link",
            EntityKind::Email => "email",
            EntityKind::Bold => "bold",
            EntityKind::Italic => "italic",
            EntityKind::Code => "code",
            EntityKind::Pre => "pre",
            EntityKind::TextLink => "text_link",
            EntityKind::MentionName => "mention_name",
            EntityKind::Phone => "phone",
            EntityKind::Cashtag => "cashtag",
            EntityKind::Underline => "underline",
            EntityKind::Strikethrough => "strikethrough",
            EntityKind::Blockquote => "blockquote",
            EntityKind::BankCard => "bank_card",
            EntityKind::Spoiler => "spoiler",
            EntityKind::CustomEmoji => "custom_emoji",
            EntityKind::Unknown => "unknown",
        }
    }
}

/// The stable identity of a message, which decisions and flags refer to.
///
/// Written as text (its `Display`, parsed back by `FromStr`, and its serde form):
/// `tg:<chat id>:<message id>`, `tgt:<title hash>:<message id>` or `txt:<content hash>:<occurrence>`, hashes in
/// 16 lowercase hex digits.
///
/// ```
/// use tapis_ingest::MessageKey;
///
/// let key = MessageKey::Id { chat_id: 1712691810, message_id: 249636 };
/// assert_eq!(key.to_string(), "tg:1712691810:249636");
/// assert_eq!("tg:1712691810:249636".parse::<MessageKey>(), Ok(key));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageKey {
    /// A message of a chat whose id is known (JSON exports, or any input whose chat id the caller gave).
    Id {
        /// The chat's id.
        chat_id: i64,
        /// The message's id in that chat.
        message_id: i64,
    },
    /// A message of a chat known only by its title (HTML exports carry no chat id).
    Titled {
        /// FNV-1a hash of the chat's title.
        title_hash: u64,
        /// The message's id in that chat.
        message_id: i64,
    },
    /// Text without a message id (copied or free text): identified by its content.
    Content {
        /// FNV-1a hash of the sender, date and text.
        hash: u64,
        /// Which copy this is when the same content occurs more than once in one input (0 for the first).
        occurrence: u32,
    },
}

impl fmt::Display for MessageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageKey::Id { chat_id, message_id } => write!(f, "tg:{chat_id}:{message_id}"),
            MessageKey::Titled { title_hash, message_id } => write!(f, "tgt:{title_hash:016x}:{message_id}"),
            MessageKey::Content { hash, occurrence } => write!(f, "txt:{hash:016x}:{occurrence}"),
        }
    }
}

impl FromStr for MessageKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || Error::InvalidKey { input: s.to_owned() };
        let mut parts = s.split(':');
        let (Some(tag), Some(first), Some(second), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let hash = |text: &str| {
            if text.len() == 16 { u64::from_str_radix(text, 16).map_err(|_| bad()) } else { Err(bad()) }
        };
        match tag {
            "tg" => Ok(MessageKey::Id {
                chat_id: first.parse().map_err(|_| bad())?,
                message_id: second.parse().map_err(|_| bad())?,
            }),
            "tgt" => {
                Ok(MessageKey::Titled { title_hash: hash(first)?, message_id: second.parse().map_err(|_| bad())? })
            }
            "txt" => Ok(MessageKey::Content { hash: hash(first)?, occurrence: second.parse().map_err(|_| bad())? }),
            _ => Err(bad()),
        }
    }
}

impl Serialize for MessageKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MessageKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// 64-bit FNV-1a over the parts, each followed by a 0xFF byte (which UTF-8 never contains), so that
/// `["ab", "c"]` and `["a", "bc"]` differ. Stable across platforms and releases, unlike `std`'s hasher.
pub(crate) fn content_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0xFF]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Shares equal strings, so a name that many messages carry is stored once.
#[derive(Debug, Default)]
pub(crate) struct Interner(HashSet<Arc<str>>);

impl Interner {
    pub(crate) fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(Arc::clone(&shared));
        shared
    }
}

/// Gives each content hash its occurrence number, so identical texts in one input get distinct, stable keys.
#[derive(Debug, Default)]
pub(crate) struct ContentKeys(std::collections::HashMap<u64, u32>);

impl ContentKeys {
    pub(crate) fn key(&mut self, parts: &[&str]) -> MessageKey {
        let hash = content_hash(parts);
        let seen = self.0.entry(hash).or_insert(0);
        let occurrence = *seen;
        *seen = seen.saturating_add(1);
        MessageKey::Content { hash, occurrence }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_text() {
        let keys = [
            MessageKey::Id { chat_id: 1712691810, message_id: 249636 },
            MessageKey::Id { chat_id: -5, message_id: 0 },
            MessageKey::Titled { title_hash: 0xdead_beef, message_id: 7 },
            MessageKey::Content { hash: u64::MAX, occurrence: 3 },
        ];
        for key in keys {
            assert_eq!(key.to_string().parse::<MessageKey>(), Ok(key));
            let json = serde_json::to_string(&key).unwrap();
            assert_eq!(serde_json::from_str::<MessageKey>(&json).unwrap(), key);
        }
        for bad in ["", "tg:1", "tg:1:2:3", "xx:1:2", "tgt:abc:1", "txt:00000000000000zz:1", "tg:a:1"] {
            assert!(bad.parse::<MessageKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn content_hash_separates_parts() {
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
        // FNV-1a of "a" then 0xFF, computed independently with python3: pinned so keys never drift.
        assert_eq!(content_hash(&["a"]), 0x089b_c907_b544_c769);
        let mut keys = ContentKeys::default();
        assert_eq!(keys.key(&["x"]), MessageKey::Content { hash: content_hash(&["x"]), occurrence: 0 });
        assert_eq!(keys.key(&["x"]), MessageKey::Content { hash: content_hash(&["x"]), occurrence: 1 });
    }

    /// Each row: username as typed, and what is kept.
    #[test]
    fn usernames_are_normalized() {
        let rows: &[(&str, Option<&str>)] = &[
            ("teknologi_umum", Some("teknologi_umum")),
            ("@teknologi_umum", Some("teknologi_umum")),
            (" https://t.me/teknologi_umum/ ", Some("teknologi_umum")),
            ("t.me/Channel123", Some("Channel123")),
            ("abc", None),
            ("1abcde", None),
            ("bad name", None),
            ("https://t.me/c/123", None),
        ];
        for (input, wanted) in rows {
            assert_eq!(normalize_username(input).as_deref(), *wanted, "{input}");
        }
    }

    /// Chat kind, username, id, and the link of message 7.
    type LinkRow = (ChatKind, Option<&'static str>, Option<i64>, Option<&'static str>);

    #[test]
    fn links_follow_chat_kind() {
        let rows: &[LinkRow] = &[
            (ChatKind::PublicChannel, Some("kanal"), Some(99), Some("https://t.me/kanal/7")),
            (ChatKind::PrivateChannel, None, Some(99), Some("https://t.me/c/99/7")),
            (ChatKind::PrivateSupergroup, None, None, None),
            (ChatKind::Unknown, None, Some(99), Some("https://t.me/c/99/7")),
            (ChatKind::PersonalChat, Some("someone"), Some(99), None),
            (ChatKind::PrivateGroup, None, Some(99), None),
            (ChatKind::PublicChannel, Some("!!"), Some(99), Some("https://t.me/c/99/7")),
        ];
        for (kind, username, id, wanted) in rows {
            let chat = Chat { title: None, kind: *kind, id: *id, username: username.map(str::to_owned) };
            assert_eq!(chat.link(7).as_deref(), *wanted, "{kind:?} {username:?} {id:?}");
        }
        let chat = Chat { title: None, kind: ChatKind::PublicChannel, id: Some(1), username: None };
        assert_eq!(chat.link(0), None);
    }

    #[test]
    fn dates_print_as_iso_8601() {
        assert_eq!(Date::utc(1674835763).to_string(), "2023-01-27T16:09:23Z");
        assert_eq!(Date::local(0).to_string(), "1970-01-01T00:00:00");
        assert_eq!(Date::local(5).utc_seconds(), None);
        assert_eq!(Date::utc(5).utc_seconds(), Some(5));
    }

    #[test]
    fn kinds_round_trip_through_export_names() {
        for name in ["public_channel", "private_group", "verification_codes", "bot_chat"] {
            assert_eq!(ChatKind::from_export(name).as_str(), name);
        }
        assert_eq!(ChatKind::from_export("galaxy"), ChatKind::Unknown);
        for name in ["mention", "text_link", "custom_emoji", "bank_card"] {
            assert_eq!(EntityKind::from_export(name).map(EntityKind::as_str), Some(name));
        }
        assert_eq!(EntityKind::from_export("plain"), None);
        assert_eq!(EntityKind::from_export("new_thing"), Some(EntityKind::Unknown));
    }
}
