//! Calendar arithmetic and the date formats of Telegram's exports, without a date library (the proleptic
//! Gregorian calendar, as in Howard Hinnant's `days_from_civil`).

use crate::model::Date;

/// Days since 1970-01-01 of a valid civil date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Year, month, day, hour, minute and second of a count of seconds since the epoch.
pub(crate) fn civil_from_seconds(seconds: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400) as u32;
    (year, month, day, in_day / 3600, in_day / 60 % 60, in_day % 60)
}

/// Seconds since the epoch of a civil date and time, read as UTC; `None` unless every field is in range.
pub(crate) fn seconds_from_civil(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    let valid =
        (1..=9999).contains(&year) && (1..=month_days).contains(&day) && hour < 24 && minute < 60 && second < 60;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

/// Reads exactly `N` ASCII digits at the start of `text`.
fn digits<const N: usize>(text: &str) -> Option<(u32, &str)> {
    let head = text.get(..N)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &text[N..]))
}

/// Strips one expected ASCII byte.
fn expect(text: &str, byte: u8) -> Option<&str> {
    text.strip_prefix(char::from(byte))
}

/// The JSON export's `date`: `2023-01-27T23:09:23`, the exporting computer's local time.
pub(crate) fn parse_json_local(text: &str) -> Option<Date> {
    let (year, rest) = digits::<4>(text)?;
    let (month, rest) = digits::<2>(expect(rest, b'-')?)?;
    let (day, rest) = digits::<2>(expect(rest, b'-')?)?;
    let (hour, rest) = digits::<2>(expect(rest, b'T')?)?;
    let (minute, rest) = digits::<2>(expect(rest, b':')?)?;
    let (second, rest) = digits::<2>(expect(rest, b':')?)?;
    if !rest.is_empty() {
        return None;
    }
    seconds_from_civil(i64::from(year), month, day, hour, minute, second).map(Date::local)
}

/// The HTML export's date title: `27.01.2023 23:09:23 UTC+07:00`. Without the offset (older exporters) the
/// date is local-only.
pub(crate) fn parse_html_title(text: &str) -> Option<Date> {
    let text = text.trim();
    let (day, rest) = digits::<2>(text)?;
    let (month, rest) = digits::<2>(expect(rest, b'.')?)?;
    let (year, rest) = digits::<4>(expect(rest, b'.')?)?;
    let (hour, rest) = digits::<2>(expect(rest, b' ')?)?;
    let (minute, rest) = digits::<2>(expect(rest, b':')?)?;
    let (second, rest) = digits::<2>(expect(rest, b':')?)?;
    let local = seconds_from_civil(i64::from(year), month, day, hour, minute, second)?;
    let zone = rest.trim();
    if zone.is_empty() {
        return Some(Date::local(local));
    }
    let offset = parse_utc_offset(zone)?;
    Some(Date::utc(local - offset))
}

/// `UTC`, `UTC+07:00`, `UTC-0330`, `GMT+7`: the offset in seconds.
fn parse_utc_offset(zone: &str) -> Option<i64> {
    let rest = zone.strip_prefix("UTC").or_else(|| zone.strip_prefix("GMT"))?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, rest) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((hours, minutes)) => (hours, minutes),
        None if rest.len() == 4 && rest.is_ascii() => rest.split_at(2),
        None => (rest, "0"),
    };
    let valid = |part: &str, most: i64| {
        (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i64>().ok())
            .flatten()
            .filter(|value| *value <= most)
    };
    Some(sign * (valid(hours, 14)? * 3600 + valid(minutes, 59)? * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        for days in [-800_000, -1, 0, 1, 59, 365, 11_016, 19_384, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{days}");
        }
        assert_eq!(civil_from_seconds(1674835763), (2023, 1, 27, 16, 9, 23));
        assert_eq!(civil_from_seconds(-1), (1969, 12, 31, 23, 59, 59));
    }

    /// Each row: a JSON `date`, and the seconds it means when read as UTC (from python3's `calendar.timegm`).
    #[test]
    fn json_local_dates() {
        let rows: &[(&str, Option<i64>)] = &[
            ("2023-01-27T23:09:23", Some(1674860963)),
            ("2024-02-29T00:00:00", Some(1709164800)),
            ("2023-02-29T00:00:00", None),
            ("2023-01-27 23:09:23", None),
            ("2023-01-27T23:09:23Z", None),
            ("2023-13-01T00:00:00", None),
            ("2023-01-01T24:00:00", None),
            ("", None),
            ("２０２３-01-27T23:09:23", None),
        ];
        for (text, wanted) in rows {
            assert_eq!(parse_json_local(text), wanted.map(Date::local), "{text}");
        }
    }

    /// Each row: an HTML date title, and the date it means.
    #[test]
    fn html_titles() {
        let rows: &[(&str, Option<Date>)] = &[
            ("27.01.2023 23:09:23 UTC+07:00", Some(Date::utc(1674835763))),
            ("27.01.2023 16:09:23 UTC", Some(Date::utc(1674835763))),
            ("27.01.2023 12:39:23 UTC-03:30", Some(Date::utc(1674835763))),
            ("27.01.2023 21:39:23 UTC+0530", Some(Date::utc(1674835763))),
            ("27.01.2023 23:09:23 GMT+7", Some(Date::utc(1674835763))),
            ("27.01.2023 23:09:23", Some(Date::local(1674860963))),
            ("27.01.2023 23:09:23 UTC+99:00", None),
            ("27.01.2023 23:09:23 CET", None),
            ("27/01/2023 23:09:23", None),
            ("", None),
        ];
        for (text, wanted) in rows {
            assert_eq!(parse_html_title(text), *wanted, "{text}");
        }
    }
}
