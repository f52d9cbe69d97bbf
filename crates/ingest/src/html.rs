//! Telegram Desktop's HTML export: `messages.html`, `messages2.html`, … of one or more chats, read together in
//! the order of the numbers in their names.
//!
//! Each page is tokenized (see [`token`]) and walked with a stack of open elements; the exporter's classes say
//! what each element is: `div.message.default` (`joined` when the sender repeats), `.from_name`,
//! `.pull_right.date.details[title]`, `.forwarded.body`, `.reply_to.details`, `.text`, `div.message.service`,
//! and the chat's title in `.page_header .text`. A `joined` message takes the sender of the one before it,
//! across pages too. Knows nothing of the other formats.

mod token;

use std::collections::HashMap;

use crate::date::parse_html_title;
use crate::error::{Error, Warning, Warnings};
use crate::media::{Media, MediaKind, safe_relative_path};
use crate::model::{Chat, ChatKind, Date, Entity, EntityKind, Interner, Message, MessageKey, Sender, content_hash};
use crate::parser::Counts;
use token::{Token, Tokenizer, decode};

/// One file of an export, decoded.
pub(crate) struct File {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// What one page holds.
#[derive(Debug, Default)]
struct Page {
    title: Option<String>,
    messages: Vec<PageMessage>,
    service: u64,
    unsupported: u64,
    /// Why message elements could not be read.
    invalid: Vec<String>,
    /// Whether a page header or a message was found.
    recognized: bool,
}

/// A message as one page shows it, before its sender is resolved across pages.
#[derive(Debug, Default)]
struct PageMessage {
    id: i64,
    joined: bool,
    from: Option<String>,
    via_bot: Option<String>,
    date: Option<Date>,
    bad_date: Option<String>,
    forwarded: bool,
    forwarded_from: Option<String>,
    reply_to: Option<i64>,
    text: String,
    entities: Vec<Entity>,
    poll: Vec<String>,
    media: Option<Media>,
}

/// What an open element is to the reader.
#[derive(Debug)]
enum Role {
    /// Nothing of its own; text inside belongs to whatever encloses it.
    Plain,
    PageHeader,
    Title,
    Message,
    Service {
        id: i64,
    },
    FromName,
    ForwardedBody,
    ForwardedName,
    /// Dates and vote counts inside names and poll answers: their text is not part of them.
    Details,
    ReplyTo,
    Text,
    /// Formatting or a link inside a text, from `start` in the text.
    Inline {
        kind: Option<EntityKind>,
        start: usize,
        href: String,
        onclick: String,
    },
    PollLine {
        answer: bool,
    },
}

struct Open {
    name: String,
    role: Role,
}

const VOID: &[&str] =
    &["br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "base", "col", "embed", "param", "track"];

/// Walks one page's tokens.
#[derive(Default)]
struct PageReader {
    stack: Vec<Open>,
    page: Page,
    current: Option<PageMessage>,
    /// Text being collected for the title, a name, a poll line or a service message.
    collected: String,
    /// The message text being read, and its entities.
    text: String,
    entities: Vec<Entity>,
}

impl PageReader {
    fn inside(&self, wanted: fn(&Role) -> bool) -> bool {
        self.stack.iter().any(|open| wanted(&open.role))
    }

    fn start(&mut self, name: String, attributes: &[(String, std::borrow::Cow<'_, str>)], self_closing: bool) {
        let attribute = |key: &str| attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_ref());
        let classes: Vec<&str> = attribute("class").unwrap_or("").split_ascii_whitespace().collect();
        let has = |class: &str| classes.contains(&class);
        let in_text = self.inside(|role| matches!(role, Role::Text));
        let role = if in_text {
            if name == "br" {
                self.text.push('\n');
            }
            let kind = match name.as_str() {
                "strong" | "b" => Some(EntityKind::Bold),
                "em" | "i" => Some(EntityKind::Italic),
                "code" => Some(EntityKind::Code),
                "pre" => Some(EntityKind::Pre),
                "u" => Some(EntityKind::Underline),
                "s" | "del" | "strike" => Some(EntityKind::Strikethrough),
                "blockquote" => Some(EntityKind::Blockquote),
                "span" if has("spoiler") => Some(EntityKind::Spoiler),
                _ => None,
            };
            if kind.is_some() || name == "a" {
                Role::Inline {
                    kind,
                    start: self.text.len(),
                    href: attribute("href").unwrap_or("").to_owned(),
                    onclick: attribute("onclick").unwrap_or("").to_owned(),
                }
            } else {
                Role::Plain
            }
        } else if name == "div" && has("message") {
            self.page.recognized = true;
            let id = attribute("id").and_then(|id| id.strip_prefix("message")).and_then(|id| id.parse::<i64>().ok());
            if has("service") {
                self.collected.clear();
                Role::Service { id: id.unwrap_or(0) }
            } else if let Some(id) = id {
                self.current = Some(PageMessage { id, joined: has("joined"), ..PageMessage::default() });
                Role::Message
            } else {
                let shown = attribute("id").unwrap_or("");
                self.page.invalid.push(format!("a message element without a numeric id ({shown:?})"));
                Role::Plain
            }
        } else if has("page_header") {
            self.page.recognized = true;
            Role::PageHeader
        } else if has("text") && self.inside(|role| matches!(role, Role::PageHeader)) {
            self.collected.clear();
            Role::Title
        } else if let Some(current) = self.current.as_mut() {
            let in_forwarded = self.stack.iter().any(|open| matches!(open.role, Role::ForwardedBody));
            let in_name_or_answer = self.stack.iter().any(|open| {
                matches!(open.role, Role::FromName | Role::ForwardedName | Role::PollLine { answer: true })
            });
            if has("from_name") {
                self.collected.clear();
                if in_forwarded { Role::ForwardedName } else { Role::FromName }
            } else if has("forwarded") && has("body") {
                current.forwarded = true;
                Role::ForwardedBody
            } else if has("details") && in_name_or_answer {
                Role::Details
            } else if has("date") && has("details") {
                if let (Some(title), false, None) = (attribute("title"), in_forwarded, current.date) {
                    match parse_html_title(title) {
                        Some(date) => current.date = Some(date),
                        None => current.bad_date = Some(title.to_owned()),
                    }
                }
                Role::Details
            } else if has("reply_to") && has("details") {
                Role::ReplyTo
            } else if name == "a" && self.stack.iter().any(|open| matches!(open.role, Role::ReplyTo)) {
                let href = attribute("href").unwrap_or("");
                if let Some((_, number)) = href.split_once("go_to_message") {
                    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
                    current.reply_to = digits.parse().ok();
                }
                Role::Plain
            } else if let Some(kind) = media_wrap(&name, &has) {
                let href = attribute("href").filter(|_| name == "a");
                let mut media = Media::from_export(kind, href, None);
                // The exporter writes a `div` (not a link) with "Not included…" for a file the export left out.
                media.not_included |= href.is_none();
                current.media = Some(media);
                Role::Plain
            } else if name == "img" && (has("photo") || has("video_file") || has("animated") || has("sticker")) {
                if let Some(media) = current.media.as_mut().filter(|media| media.thumbnail.is_none()) {
                    media.thumbnail = attribute("src").and_then(safe_relative_path);
                }
                Role::Plain
            } else if has("text") {
                self.text.clear();
                self.entities.clear();
                Role::Text
            } else if has("question") || has("answer") {
                self.collected.clear();
                Role::PollLine { answer: has("answer") }
            } else {
                Role::Plain
            }
        } else {
            Role::Plain
        };
        if !self_closing && !VOID.contains(&name.as_str()) {
            self.stack.push(Open { name, role });
        }
    }

    fn text(&mut self, raw: &str) {
        for open in self.stack.iter().rev() {
            match open.role {
                Role::Plain => continue,
                Role::Text | Role::Inline { .. } => return self.text.push_str(&decode(raw)),
                Role::Title | Role::FromName | Role::ForwardedName | Role::PollLine { .. } | Role::Service { .. } => {
                    return self.collected.push_str(&decode(raw));
                }
                _ => return,
            }
        }
    }

    fn end(&mut self, name: &str) {
        let Some(index) = self.stack.iter().rposition(|open| open.name == name) else { return };
        while self.stack.len() > index {
            if let Some(open) = self.stack.pop() {
                self.close(open.role);
            }
        }
    }

    /// The text collected for a title, name, poll line or service message, without surrounding whitespace.
    fn take_collected(&mut self) -> String {
        let collected = std::mem::take(&mut self.collected);
        collected.trim_matches(|c: char| c.is_ascii_whitespace()).to_owned()
    }

    fn close(&mut self, role: Role) {
        match role {
            Role::Inline { kind, start, href, onclick } => {
                let visible = self.text.get(start..).unwrap_or("");
                let classified = match kind {
                    Some(kind) => Some((kind, None)),
                    None => classify_anchor(&href, &onclick, visible),
                };
                if let Some((kind, href)) = classified.filter(|_| !visible.is_empty()) {
                    self.entities.push(Entity { kind, start, end: self.text.len(), href });
                }
            }
            Role::Text => {
                let (text, entities) =
                    strip_padding(std::mem::take(&mut self.text), std::mem::take(&mut self.entities));
                if let Some(current) = self.current.as_mut() {
                    if current.text.is_empty() {
                        current.text = text;
                        current.entities = entities;
                    } else {
                        current.text.push('\n');
                        let offset = current.text.len();
                        current.text.push_str(&text);
                        current.entities.extend(entities.into_iter().map(|e| Entity {
                            start: e.start + offset,
                            end: e.end + offset,
                            ..e
                        }));
                    }
                }
            }
            Role::Title => {
                let trimmed = self.take_collected();
                if self.page.title.is_none() && !trimmed.is_empty() {
                    self.page.title = Some(trimmed.to_owned());
                }
            }
            Role::FromName | Role::ForwardedName => {
                let trimmed = self.take_collected();
                let (name, via) = match trimmed.rsplit_once(" via @") {
                    Some((name, bot)) if !bot.is_empty() && !bot.contains(char::is_whitespace) => {
                        (name, Some(format!("@{bot}")))
                    }
                    _ => (trimmed.as_str(), None),
                };
                if let Some(current) = self.current.as_mut() {
                    if matches!(role, Role::FromName) {
                        current.from = Some(name.to_owned());
                    } else {
                        current.forwarded_from = Some(name.to_owned());
                    }
                    current.via_bot = current.via_bot.take().or(via);
                }
            }
            Role::PollLine { answer } => {
                let trimmed = self.take_collected();
                let trimmed = trimmed.as_str();
                let line = if answer { trimmed.strip_prefix("- ").unwrap_or(trimmed) } else { trimmed };
                if let Some(current) = self.current.as_mut() {
                    current.poll.push(line.trim_end().to_owned());
                }
            }
            Role::Message => {
                if let Some(mut message) = self.current.take() {
                    for line in std::mem::take(&mut message.poll) {
                        if !message.text.is_empty() {
                            message.text.push('\n');
                        }
                        message.text.push_str(&line);
                    }
                    self.page.messages.push(message);
                }
            }
            Role::Service { id } if id > 0 => {
                if self.take_collected().contains("not supported") {
                    self.page.unsupported += 1;
                } else {
                    self.page.service += 1;
                }
            }
            _ => {}
        }
    }
}

/// The media an element of a message's body stands for, by its classes: the exporter's `a.photo_wrap`, `a.video_file_wrap`,
/// `a.animated_wrap` and `a.sticker_wrap` (each around an `img` thumbnail), and `.media.media_photo`,
/// `.media_video`, `.media_voice_message`, `.media_audio_file`, `.media_file` (a link, or a `div` when the file was
/// left out). Contacts, locations, polls and the like are no media here.
fn media_wrap(name: &str, has: &dyn Fn(&str) -> bool) -> Option<MediaKind> {
    if name != "a" && name != "div" {
        return None;
    }
    let kind = if has("photo_wrap") {
        MediaKind::Photo
    } else if has("video_file_wrap") {
        MediaKind::Video
    } else if has("animated_wrap") {
        MediaKind::Animation
    } else if has("sticker_wrap") {
        MediaKind::Sticker
    } else if !has("media") {
        return None;
    } else if has("media_photo") {
        MediaKind::Photo
    } else if has("media_video") {
        MediaKind::Video
    } else if has("media_voice_message") {
        MediaKind::VoiceMessage
    } else if has("media_audio_file") {
        MediaKind::AudioFile
    } else if has("media_file") {
        MediaKind::File
    } else {
        return None;
    };
    Some(kind)
}

/// What an `<a>` inside a text is, from how the exporter writes each entity.
fn classify_anchor(href: &str, onclick: &str, visible: &str) -> Option<(EntityKind, Option<String>)> {
    let kind = if onclick.contains("ShowHashtag") {
        EntityKind::Hashtag
    } else if onclick.contains("ShowBotCommand") {
        EntityKind::BotCommand
    } else if onclick.contains("ShowCashtag") {
        EntityKind::Cashtag
    } else if onclick.contains("ShowMentionName") {
        EntityKind::MentionName
    } else if onclick.contains("Emoji") {
        EntityKind::CustomEmoji
    } else if href.starts_with("mailto:") {
        EntityKind::Email
    } else if href.starts_with("tel:") {
        EntityKind::Phone
    } else if href.is_empty() {
        return None;
    } else if visible.len() > 1 && visible.starts_with('@') && href.ends_with(&visible[1..]) {
        EntityKind::Mention
    } else if href == visible {
        return Some((EntityKind::Link, Some(href.to_owned())));
    } else if href.contains(':') {
        return Some((EntityKind::TextLink, Some(href.to_owned())));
    } else {
        // A relative link: the exporter's custom emoji files.
        EntityKind::CustomEmoji
    };
    Some((kind, None))
}

/// Removes the line break and indentation the exporter puts around a block's content (the message's own line
/// breaks are `<br>`), moving the entities along.
fn strip_padding(text: String, entities: Vec<Entity>) -> (String, Vec<Entity>) {
    let is_pad = |c: char| c == ' ' || c == '\t' || c == '\r';
    let lead = match text.find('\n') {
        Some(newline) if text[..newline].chars().all(is_pad) => newline + 1,
        _ => 0,
    };
    let body = &text[lead..];
    let length = match body.rfind('\n') {
        Some(newline) if body[newline + 1..].chars().all(is_pad) => newline,
        _ => body.len(),
    };
    let entities = entities
        .into_iter()
        .filter_map(|entity| {
            let start = entity.start.saturating_sub(lead).min(length);
            let end = entity.end.saturating_sub(lead).min(length);
            (start < end).then_some(Entity { start, end, ..entity })
        })
        .collect();
    (body[..length].to_owned(), entities)
}

fn read_page(html: &str) -> Page {
    let mut reader = PageReader::default();
    for token in Tokenizer::new(html) {
        match token {
            Token::Text(raw) => reader.text(raw),
            Token::Start { name, attributes, self_closing } => reader.start(name, &attributes, self_closing),
            Token::End { name } => reader.end(&name),
        }
    }
    while let Some(open) = reader.stack.pop() {
        reader.close(open.role);
    }
    reader.page
}

/// The folder part and the part number of a file name: `chats/chat_01/messages3.html` is
/// (`chats/chat_01/`, `Some(3)`); `None` for names not like `messages<N>.html`.
fn split_name(name: &str) -> (&str, Option<u32>) {
    let base_at = name.rfind(['/', '\\']).map_or(0, |slash| slash + 1);
    let (folder, base) = name.split_at(base_at);
    let number = base.strip_prefix("messages").and_then(|rest| rest.strip_suffix(".html")).and_then(|digits| {
        if digits.is_empty() {
            Some(1)
        } else if digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0') {
            digits.parse().ok()
        } else {
            None
        }
    });
    (folder, number)
}

/// The files of one chat: same folder, same title.
struct Group {
    folder: String,
    title: Option<String>,
    files: Vec<(String, Page)>,
}

/// What an HTML import found.
pub(crate) struct Output {
    pub(crate) chats: Vec<Chat>,
    pub(crate) messages: Vec<Message>,
    pub(crate) counts: Counts,
}

/// Reads the files of one or more HTML exports: files are grouped into chats by folder and title, and read in
/// the order of their part numbers (names that have none come after, in the order given).
pub(crate) fn read(files: Vec<File>, chat_id: Option<i64>, warnings: &mut Warnings) -> Result<Output, Error> {
    let mut pages = Vec::with_capacity(files.len());
    for (index, file) in files.into_iter().enumerate() {
        let page = read_page(&file.text);
        if !page.recognized {
            return Err(Error::NotAnExport {
                file: Some(file.name),
                reason: "it has no Telegram messages and no chat header".to_owned(),
            });
        }
        pages.push((index, file.name, page));
    }
    pages.sort_by_key(|(index, name, _)| {
        let (folder, number) = split_name(name);
        (folder.to_owned(), number.unwrap_or(u32::MAX), *index)
    });

    // Chats, by folder and title, in order of first appearance.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(String, Option<String>), usize> = HashMap::new();
    for (_, name, page) in pages {
        let key = (split_name(&name).0.to_owned(), page.title.clone());
        let group = *group_of.entry(key.clone()).or_insert_with(|| {
            groups.push(Group { folder: key.0, title: key.1, files: Vec::new() });
            groups.len() - 1
        });
        groups[group].files.push((name, page));
    }

    let chat_id = chat_id.filter(|_| groups.len() == 1);
    let mut names = Interner::default();
    let mut output = Output { chats: Vec::new(), messages: Vec::new(), counts: Counts::default() };
    for Group { folder, title, files } in groups {
        let mut numbers: Vec<u32> = Vec::new();
        for (name, _) in &files {
            match split_name(name).1 {
                Some(number) if numbers.contains(&number) => {
                    warnings.push(Warning::DuplicateFile { name: name.clone() })
                }
                Some(number) => numbers.push(number),
                None => warnings.push(Warning::UnexpectedFileName { name: name.clone() }),
            }
        }
        let last = numbers.iter().copied().max().unwrap_or(0);
        for missing in (1..last).filter(|n| !numbers.contains(n)) {
            let base = if missing == 1 { "messages.html".to_owned() } else { format!("messages{missing}.html") };
            warnings.push(Warning::MissingFile { name: format!("{folder}{base}") });
        }

        let chat = output.chats.len();
        let title_hash = content_hash(&[title.as_deref().unwrap_or("")]);
        output.chats.push(Chat { title, kind: ChatKind::Unknown, id: chat_id, username: None });
        let mut previous_sender: Option<(Option<String>, Option<String>)> = None;
        let mut previous_forward: Option<String> = None;
        for (name, page) in files {
            output.counts.service += page.service;
            output.counts.unsupported += page.unsupported;
            output.counts.invalid += page.invalid.len() as u64;
            for reason in page.invalid {
                warnings.push(Warning::InvalidMessage { file: Some(name.clone()), position: None, reason });
            }
            for message in page.messages {
                let (from, via_bot) = match (message.joined, message.from) {
                    (true, None) => previous_sender.clone().unwrap_or_default(),
                    (_, from) => (from, message.via_bot),
                };
                previous_sender = Some((from.clone(), via_bot.clone()));
                let forwarded_from = message
                    .forwarded
                    .then(|| message.forwarded_from.or_else(|| previous_forward.clone()).unwrap_or_default());
                previous_forward = forwarded_from.clone();
                if let Some(value) = message.bad_date {
                    warnings.push(Warning::BadDate { message_id: message.id, value });
                }
                let key = match chat_id {
                    Some(chat_id) => MessageKey::Id { chat_id, message_id: message.id },
                    None => MessageKey::Titled { title_hash, message_id: message.id },
                };
                output.counts.messages += 1;
                output.messages.push(Message {
                    key,
                    chat,
                    id: Some(message.id),
                    sender: Sender { name: from.map(|name| names.get(&name)), id: None },
                    date: message.date,
                    text: message.text,
                    entities: message.entities,
                    forwarded_from: forwarded_from.map(|name| names.get(&name)),
                    reply_to: message.reply_to,
                    via_bot: via_bot.map(|bot| names.get(&bot)),
                    media: message.media,
                });
            }
        }
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a file name, its folder and part number.
    #[test]
    fn file_names_give_their_part_number() {
        let rows: &[(&str, &str, Option<u32>)] = &[
            ("messages.html", "", Some(1)),
            ("messages2.html", "", Some(2)),
            ("messages10.html", "", Some(10)),
            ("chats/chat_001/messages3.html", "chats/chat_001/", Some(3)),
            ("C:\\export\\messages4.html", "C:\\export\\", Some(4)),
            ("messages02.html", "", None),
            ("messages_2.html", "", None),
            ("pesan.html", "", None),
        ];
        for (name, folder, number) in rows {
            assert_eq!(split_name(name), (*folder, *number), "{name}");
        }
    }

    /// An anchor's href, onclick and visible text, and the entity it is.
    type AnchorRow = (&'static str, &'static str, &'static str, Option<(EntityKind, Option<&'static str>)>);

    #[test]
    fn anchors_are_classified_like_the_exporter_writes_them() {
        let rows: &[AnchorRow] = &[
            ("https://t.me/budi", "", "@budi", Some((EntityKind::Mention, None))),
            (
                "https://x.test/a?b=1&c=2",
                "",
                "https://x.test/a?b=1&c=2",
                Some((EntityKind::Link, Some("https://x.test/a?b=1&c=2"))),
            ),
            ("x.test", "", "x.test", Some((EntityKind::Link, Some("x.test")))),
            ("https://judi.test/", "", "klik di sini", Some((EntityKind::TextLink, Some("https://judi.test/")))),
            ("", "return ShowHashtag(\"promo\")", "#promo", Some((EntityKind::Hashtag, None))),
            ("", "return ShowBotCommand(\"start\")", "/start", Some((EntityKind::BotCommand, None))),
            ("", "return ShowMentionName()", "Budi", Some((EntityKind::MentionName, None))),
            ("", "return ShowNotLoadedEmoji();", "😀", Some((EntityKind::CustomEmoji, None))),
            ("mailto:a@b.test", "", "a@b.test", Some((EntityKind::Email, None))),
            ("tel:+62811", "", "+62811", Some((EntityKind::Phone, None))),
            ("", "", "apa", None),
        ];
        for (href, onclick, visible, wanted) in rows {
            let got = classify_anchor(href, onclick, visible);
            assert_eq!(got.as_ref().map(|(k, h)| (*k, h.as_deref())), *wanted, "{href} {onclick} {visible}");
        }
    }

    #[test]
    fn joined_forwards_keep_the_forwarded_name() {
        let page = r#"<div class="page_header"><div class="text bold">G</div></div>
            <div class="message default clearfix" id="message1"><div class="from_name">Ani</div>
              <div class="forwarded body"><div class="from_name">Kanal<span class="date details"> 01.01.2024</span></div>
              <div class="text">satu</div></div></div>
            <div class="message default clearfix joined" id="message2">
              <div class="forwarded body"><div class="text">dua</div></div></div>"#;
        let mut warnings = Warnings::default();
        let files = vec![File { name: "messages.html".into(), text: page.into() }];
        let output = read(files, None, &mut warnings).unwrap();
        let read: Vec<(Option<&str>, Option<&str>, &str)> = output
            .messages
            .iter()
            .map(|m| (m.sender.name.as_deref(), m.forwarded_from.as_deref(), m.text.as_str()))
            .collect();
        assert_eq!(read, [(Some("Ani"), Some("Kanal"), "satu"), (Some("Ani"), Some("Kanal"), "dua")]);
    }

    #[test]
    fn block_padding_is_stripped_and_entities_follow() {
        let text = "\n     Halo <b>dunia</b>\n    ".replace("<b>", "").replace("</b>", "");
        let start = text.find("dunia").unwrap();
        let entity = Entity { kind: EntityKind::Bold, start, end: start + 5, href: None };
        let (text, entities) = strip_padding(text, vec![entity]);
        assert_eq!(text, "     Halo dunia");
        assert_eq!(entities, [Entity { kind: EntityKind::Bold, start: 10, end: 15, href: None }]);
        assert_eq!(strip_padding("\n".into(), Vec::new()).0, "");
        assert_eq!(strip_padding("tanpa".into(), Vec::new()).0, "tanpa");
    }

    #[test]
    fn media_are_read_from_their_wraps() {
        let page = r#"<div class="page_header"><div class="text bold">Kanal</div></div>
            <div class="message default clearfix" id="message1"><div class="body">
              <div class="media_wrap clearfix">
                <a class="photo_wrap clearfix pull_left" href="photos/photo_1@01-11-2026_10-00-00.jpg">
                  <img class="photo" src="photos/photo_1@01-11-2026_10-00-00_thumb.jpg" style="width: 260px"/></a>
              </div><div class="text">promo</div></div></div>
            <div class="message default clearfix" id="message2"><div class="body"><div class="media_wrap clearfix">
                <a class="video_file_wrap clearfix pull_left" href="video_files/klip.mp4">
                  <div class="video_play_bg"><div class="video_play"></div></div>
                  <img class="video_file" src="video_files/klip.mp4_thumb.jpg"/></a></div></div></div>
            <div class="message default clearfix" id="message3"><div class="body"><div class="media_wrap clearfix">
                <a class="sticker_wrap clearfix pull_left" href="stickers/sticker (2).webp">
                  <img class="sticker" src="stickers/sticker (2).webp_thumb.jpg"/></a></div></div></div>
            <div class="message default clearfix" id="message4"><div class="body"><div class="media_wrap clearfix">
                <div class="media clearfix pull_left media_photo"><div class="fill pull_left"></div>
                  <div class="body"><div class="title bold">Photo</div>
                  <div class="description">Not included, change data exporting settings to download.</div>
                  </div></div></div></div></div>
            <div class="message default clearfix" id="message5"><div class="body"><div class="media_wrap clearfix">
                <a class="photo_wrap clearfix pull_left" href="../../rahasia.jpg">
                  <img class="photo" src="C:/rahasia_thumb.jpg"/></a></div></div></div>
            <div class="message default clearfix" id="message6"><div class="body">
              <div class="text">tanpa <a href="https://x.test/">media</a></div></div></div>"#;
        let files = vec![File { name: "messages.html".into(), text: page.into() }];
        let output = read(files, None, &mut Warnings::default()).unwrap();
        let media: Vec<_> = output
            .messages
            .iter()
            .map(|m| {
                m.media
                    .as_ref()
                    .map(|media| (media.kind, media.path.as_deref(), media.thumbnail.as_deref(), media.not_included))
            })
            .collect();
        assert_eq!(
            media,
            [
                Some((
                    MediaKind::Photo,
                    Some("photos/photo_1@01-11-2026_10-00-00.jpg"),
                    Some("photos/photo_1@01-11-2026_10-00-00_thumb.jpg"),
                    false
                )),
                Some((MediaKind::Video, Some("video_files/klip.mp4"), Some("video_files/klip.mp4_thumb.jpg"), false)),
                Some((
                    MediaKind::Sticker,
                    Some("stickers/sticker (2).webp"),
                    Some("stickers/sticker (2).webp_thumb.jpg"),
                    false
                )),
                Some((MediaKind::Photo, None, None, true)),
                Some((MediaKind::Photo, None, None, false)),
                None,
            ]
        );
        assert_eq!(output.messages[0].text, "promo");
    }
}
