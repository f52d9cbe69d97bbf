//! Messages copied out of Telegram Desktop: each starts with a `Name, [date time]` line, messages are separated
//! by a blank line. The date and time follow the copying computer's short locale format (`25/06/2022 07:25`,
//! `6/25/22, 7:25 PM`, `25.06.22 07.25`, `2022-06-25 07:25`, …), to the minute, in its local time.
//!
//! AM/PM markers are read in Latin letters only (`AM`, `p.m.`). Whether day or month comes first is decided
//! once for the whole paste: month first only when some date proves it (a second number above 12) and none
//! proves the opposite; day first otherwise, as in Indonesia.

use crate::date::seconds_from_civil;
use crate::model::{ContentKeys, Date, Interner, Message, Sender};

/// The numbers of a header's date and time, before the day/month order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    /// The first two date numbers (day and month in some order), or month and day after a leading year.
    first: u32,
    second: u32,
    year: i64,
    year_first: bool,
    hour: u32,
    minute: u32,
    second_of_minute: u32,
    /// `Some(true)` for PM, `Some(false)` for AM.
    pm: Option<bool>,
}

/// How to read `first` and `second`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    DayFirst,
    MonthFirst,
}

impl Stamp {
    fn seconds(self, order: Order) -> Option<i64> {
        let (day, month) = match (self.year_first, order) {
            (true, _) | (false, Order::MonthFirst) => (self.second, self.first),
            (false, Order::DayFirst) => (self.first, self.second),
        };
        let hour = match self.pm {
            None => self.hour,
            Some(_) if self.hour == 0 || self.hour > 12 => return None,
            Some(false) => self.hour % 12,
            Some(true) => self.hour % 12 + 12,
        };
        seconds_from_civil(self.year, month, day, hour, self.minute, self.second_of_minute)
    }

    fn valid(self) -> bool {
        self.seconds(Order::DayFirst).is_some() || self.seconds(Order::MonthFirst).is_some()
    }
}

/// Reads the bracketed date and time of a header.
fn parse_stamp(text: &str) -> Option<Stamp> {
    let mut numbers: Vec<(u32, usize)> = Vec::with_capacity(6);
    let mut pm = None;
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut value = 0u32;
            let mut digits = 0;
            while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
                value = value * 10 + digit;
                digits += 1;
                chars.next();
                if digits > 4 {
                    return None;
                }
            }
            numbers.push((value, digits));
        } else if c.is_ascii_alphabetic() {
            let mut word = String::new();
            while let Some(&c) = chars.peek().filter(|c| c.is_ascii_alphabetic() || **c == '.') {
                if c != '.' {
                    word.push(c.to_ascii_uppercase());
                }
                chars.next();
            }
            pm = match word.as_str() {
                "AM" if pm.is_none() => Some(false),
                "PM" if pm.is_none() => Some(true),
                _ => return None,
            };
        } else if matches!(c, '/' | '.' | '-' | ':' | ',' | ' ' | '\u{a0}' | '\u{202f}') {
            chars.next();
        } else {
            return None;
        }
    }
    let (date, time) = numbers.split_at_checked(3)?;
    if !(2..=3).contains(&time.len()) || time.iter().any(|(_, digits)| *digits > 2) {
        return None;
    }
    let year_first = date[0].1 == 4;
    let (first, second, (year, year_digits)) =
        if year_first { (date[1].0, date[2].0, date[0]) } else { (date[0].0, date[1].0, date[2]) };
    let year = match year_digits {
        2 => 2000 + i64::from(year),
        4 => i64::from(year),
        _ => return None,
    };
    let stamp = Stamp {
        first,
        second,
        year,
        year_first,
        hour: time[0].0,
        minute: time[1].0,
        second_of_minute: time.get(2).map_or(0, |(value, _)| *value),
        pm,
    };
    stamp.valid().then_some(stamp)
}

/// Splits a header line into the sender's name and the date stamp.
fn parse_header(line: &str) -> Option<(&str, Stamp)> {
    let line = line.strip_suffix('\r').unwrap_or(line).trim_end();
    let inner = line.strip_suffix(']')?;
    let at = inner.rfind(", [")?;
    let name = &inner[..at];
    if name.trim().is_empty() {
        return None;
    }
    Some((name, parse_stamp(&inner[at + 3..])?))
}

/// Whether `line` is a header of copied messages.
pub(crate) fn is_header(line: &str) -> bool {
    parse_header(line).is_some()
}

/// Reads copied messages as messages of chat 0. Text before the first header (if any) is a message without
/// sender.
pub(crate) fn read(text: &str, keys: &mut ContentKeys) -> Vec<Message> {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    // Headers: a line that parses, at the start or after a blank line.
    let mut headers: Vec<(usize, &str, Stamp)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let after_blank = index == 0 || lines[index - 1].trim().is_empty();
        if after_blank && let Some((name, stamp)) = parse_header(line) {
            headers.push((index, name, stamp));
        }
    }
    let day_first = headers.iter().any(|(_, _, s)| !s.year_first && s.first > 12 && s.second <= 12);
    let month_first = headers.iter().any(|(_, _, s)| !s.year_first && s.second > 12 && s.first <= 12);
    let order = if month_first && !day_first { Order::MonthFirst } else { Order::DayFirst };

    let mut names = Interner::default();
    let mut messages = Vec::new();
    let first_header = headers.first().map_or(lines.len(), |(index, _, _)| *index);
    let before = lines[..first_header].join("\n");
    if !before.trim().is_empty() {
        messages.push(message(None, None, before.trim(), keys, &mut names));
    }
    for (n, (index, name, stamp)) in headers.iter().enumerate() {
        let end = headers.get(n + 1).map_or(lines.len(), |(next, _, _)| *next);
        let body = lines[index + 1..end].join("\n");
        let date = stamp
            .seconds(order)
            .or_else(|| stamp.seconds(Order::DayFirst))
            .or_else(|| stamp.seconds(Order::MonthFirst));
        messages.push(message(Some(name), date.map(Date::local), body.trim_end(), keys, &mut names));
    }
    messages
}

fn message(
    name: Option<&str>,
    date: Option<Date>,
    text: &str,
    keys: &mut ContentKeys,
    names: &mut Interner,
) -> Message {
    let date_text = date.map(|date| date.to_string()).unwrap_or_default();
    Message {
        key: keys.key(&[name.unwrap_or(""), &date_text, text]),
        chat: 0,
        id: None,
        sender: Sender { name: name.map(|name| names.get(name)), id: None },
        date,
        text: text.to_owned(),
        entities: Vec::new(),
        forwarded_from: None,
        reply_to: None,
        via_bot: None,
        media: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a header line, the sender, and the date read day-first as `YYYY-MM-DDTHH:MM:SS`.
    #[test]
    fn headers_in_many_locales() {
        let rows: &[(&str, Option<(&str, &str)>)] = &[
            ("dicha?, [25/06/2022 07:25]", Some(("dicha?", "2022-06-25T07:25:00"))),
            ("Ronny Gunawan \u{FE0F}, [25/06/2022 07:51]", Some(("Ronny Gunawan \u{FE0F}", "2022-06-25T07:51:00"))),
            ("Budi, [25.06.22 07.25]", Some(("Budi", "2022-06-25T07:25:00"))),
            ("Budi, [2022-06-25 19:25:07]", Some(("Budi", "2022-06-25T19:25:07"))),
            ("Budi, [25/06/22, 7:25\u{202F}PM]", Some(("Budi", "2022-06-25T19:25:00"))),
            ("Budi, [25/06/22 12:05 a.m.]", Some(("Budi", "2022-06-25T00:05:00"))),
            ("A, B, [1/2/2023 10:00]\r", Some(("A, B", "2023-02-01T10:00:00"))),
            ("Budi, [25/06/2022]", None),
            ("Budi, [31/02/2022 10:00]", None),
            ("Budi, [25/06/2022 13:00 PM]", None),
            ("Budi, [25/06/2022 07:25] lagi", None),
            (", [25/06/2022 07:25]", None),
            ("Budi [25/06/2022 07:25]", None),
            ("Budi, [25/06/2022 07:25:99]", None),
            ("Budi, [12345/06/2022 07:25]", None),
        ];
        for (line, wanted) in rows {
            let got = parse_header(line).map(|(name, stamp)| {
                let seconds = stamp.seconds(Order::DayFirst).expect("valid day-first");
                (name, Date::local(seconds).to_string())
            });
            assert_eq!(got.as_ref().map(|(n, d)| (*n, d.as_str())), *wanted, "{line:?}");
        }
    }

    #[test]
    fn one_proof_of_month_first_turns_the_whole_paste() {
        let text = "Ann, [6/7/22, 9:00 AM]\npertama\n\nAnn, [6/25/22, 9:01 AM]\nkedua";
        let messages = read(text, &mut ContentKeys::default());
        let dates: Vec<String> = messages.iter().map(|m| m.date.unwrap().to_string()).collect();
        assert_eq!(dates, ["2022-06-07T09:00:00", "2022-06-25T09:01:00"]);
        let text = "Ann, [6/7/22 9:00]\npertama\n\nAnn, [25/6/22 9:01]\nkedua";
        let messages = read(text, &mut ContentKeys::default());
        assert_eq!(messages[0].date.unwrap().to_string(), "2022-07-06T09:00:00");
    }

    #[test]
    fn bodies_keep_blank_lines_but_not_headers_inside_text() {
        let text = "lead-in\n\nA, [1/2/2023 10:00]\nline 1\n\nline 3\nB, [1/2/2023 10:01]\n\nB, [1/2/2023 10:02]\n\n";
        let messages = read(text, &mut ContentKeys::default());
        let summary: Vec<(Option<&str>, &str)> =
            messages.iter().map(|m| (m.sender.name.as_deref(), m.text.as_str())).collect();
        assert_eq!(summary, [(None, "lead-in"), (Some("A"), "line 1\n\nline 3\nB, [1/2/2023 10:01]"), (Some("B"), "")]);
        assert!(messages.iter().all(|m| m.id.is_none()));
    }
}
