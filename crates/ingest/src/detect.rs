//! Which format an input is in, judged from its first characters. Knows the formats' openings, not how to read
//! them.

use serde::{Deserialize, Serialize};

/// The formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Telegram Desktop's JSON export (`result.json`), of one chat or of a whole account.
    TelegramJson,
    /// Telegram Desktop's HTML export (`messages.html`, `messages2.html`, …).
    TelegramHtml,
    /// Messages copied out of Telegram Desktop: a `Name, [date time]` line before each.
    CopiedText,
    /// Any other text: one message per block of lines, blocks separated by blank lines.
    FreeText,
}

impl Format {
    /// A stable, machine-readable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::TelegramJson => "telegram_json",
            Format::TelegramHtml => "telegram_html",
            Format::CopiedText => "copied_text",
            Format::FreeText => "free_text",
        }
    }
}

/// Says which format `input` is in, from how it starts (a byte-order mark and leading whitespace are skipped):
///
/// 1. `{`, or `[` followed by `{`, `[`, `]`, `"`, a digit or `-`: [`Format::TelegramJson`] (then read as JSON,
///    so broken JSON is reported with its line and column rather than read as text).
/// 2. `<` followed by `!`, `?` or a letter: [`Format::TelegramHtml`].
/// 3. A first non-blank line like `Name, [25/06/2022 07:25]` (any short date and time format of Telegram
///    Desktop's copy, with `/`, `.` or `-` between date parts): [`Format::CopiedText`].
/// 4. Anything else, empty input included: [`Format::FreeText`].
///
/// ```
/// use tapis_ingest::{Format, detect};
///
/// assert_eq!(detect(br#"{"name": "Grup", "messages": []}"#), Format::TelegramJson);
/// assert_eq!(detect(b"<!DOCTYPE html>"), Format::TelegramHtml);
/// assert_eq!(detect("dicha?, [25/06/2022 07:25]\nhalo".as_bytes()), Format::CopiedText);
/// assert_eq!(detect(b"[Forwarded] sesuatu"), Format::FreeText);
/// ```
pub fn detect(input: &[u8]) -> Format {
    let head = &input[..input.len().min(64 * 1024)];
    detect_text(&String::from_utf8_lossy(head))
}

/// [`detect`] on decoded text.
pub(crate) fn detect_text(text: &str) -> Format {
    if sniff_json(text, true) == Some(true) {
        return Format::TelegramJson;
    }
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    let mut chars = text.chars();
    if chars.next() == Some('<') && chars.next().is_some_and(|c| c == '!' || c == '?' || c.is_ascii_alphabetic()) {
        return Format::TelegramHtml;
    }
    let first_line = text.lines().next().unwrap_or("");
    if crate::copied::is_header(first_line) {
        return Format::CopiedText;
    }
    Format::FreeText
}

/// Whether decoded text that starts an input is JSON: `None` while too little of it has come to tell (only
/// when `complete` is false).
pub(crate) fn sniff_json(text: &str, complete: bool) -> Option<bool> {
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().filter(|c| !c.is_ascii_whitespace());
    match chars.next() {
        Some('{') => Some(true),
        Some('[') => match chars.next() {
            Some(next) => Some(matches!(next, '{' | '[' | ']' | '"' | '-' | '0'..='9')),
            None if complete => Some(true),
            None => None,
        },
        Some(_) => Some(false),
        None if complete => Some(false),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: the start of an input, and its format.
    #[test]
    fn detects_formats_from_their_opening() {
        let rows: &[(&str, Format)] = &[
            ("{}", Format::TelegramJson),
            ("\u{FEFF}\n  {\"name\"", Format::TelegramJson),
            ("[{\"id\": 1}]", Format::TelegramJson),
            ("[ ]", Format::TelegramJson),
            ("[", Format::TelegramJson),
            ("[Foto] kiriman", Format::FreeText),
            ("<!DOCTYPE html>\n<html>", Format::TelegramHtml),
            ("  <html>", Format::TelegramHtml),
            ("<3 kamu", Format::FreeText),
            ("dicha?, [25/06/2022 07:25]\nhttps://youtu.be/x", Format::CopiedText),
            ("\n\nRonny Gunawan \u{FE0F}, [25/06/2022 07:51]\nstill", Format::CopiedText),
            ("Budi, [6/25/22, 7:25\u{202F}PM]\nhalo", Format::CopiedText),
            ("Budi, [25.06.22 07.25]\nhalo", Format::CopiedText),
            ("Budi, [kemarin]\nhalo", Format::FreeText),
            ("halo semua\n\napa kabar", Format::FreeText),
            ("", Format::FreeText),
        ];
        for (text, format) in rows {
            assert_eq!(detect(text.as_bytes()), *format, "{text:?}");
        }
    }

    #[test]
    fn sniffing_waits_for_enough_input() {
        assert_eq!(sniff_json("  \n", false), None);
        assert_eq!(sniff_json(" [ ", false), None);
        assert_eq!(sniff_json(" [ {", false), Some(true));
        assert_eq!(sniff_json("x", false), Some(false));
    }
}
