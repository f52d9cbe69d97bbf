//! The shape of one message object of a JSON export, read with serde, borrowing from the input where the
//! text needs no unescaping. Fields this crate does not use are skipped without being built.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// A string, borrowed from the input when it has no escapes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Str<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// A message object. Every field is optional here: what is missing is judged when converting.
#[derive(Debug, Deserialize)]
pub(super) struct RawMessage<'a> {
    #[serde(default)]
    pub(super) id: Option<i64>,
    #[serde(rename = "type", borrow, default)]
    pub(super) kind: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) date: Option<Str<'a>>,
    #[serde(default)]
    pub(super) date_unixtime: Option<UnixTime>,
    /// `null` for a deleted account.
    #[serde(borrow, default)]
    pub(super) from: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) from_id: Option<Str<'a>>,
    /// Present when forwarded; `null` when the original sender is hidden.
    #[serde(borrow, default, deserialize_with = "present")]
    pub(super) forwarded_from: Option<Option<Str<'a>>>,
    #[serde(default)]
    pub(super) reply_to_message_id: Option<i64>,
    /// Present when the replied-to message is in another chat.
    #[serde(default)]
    pub(super) reply_to_peer_id: Option<de::IgnoredAny>,
    #[serde(borrow, default)]
    pub(super) via_bot: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) text: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) text_entities: Option<Vec<Part<'a>>>,
    #[serde(borrow, default)]
    pub(super) poll: Option<Poll<'a>>,
    /// A photo's path, or the exporter's placeholder when it was left out.
    #[serde(borrow, default)]
    pub(super) photo: Option<Str<'a>>,
    /// Any other media's path, or the placeholder.
    #[serde(borrow, default)]
    pub(super) file: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) thumbnail: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) media_type: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) mime_type: Option<Str<'a>>,
    /// Read leniently: a size that is not a count of pixels is dropped, not a reason to skip the message.
    #[serde(default)]
    pub(super) width: Option<Pixels>,
    #[serde(default)]
    pub(super) height: Option<Pixels>,
}

/// A width or height: a whole number of pixels, or `Pixels(None)` for anything else.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Pixels(pub(super) Option<u32>);

impl<'de> Deserialize<'de> for Pixels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(Pixels(value.as_u64().and_then(|pixels| u32::try_from(pixels).ok())))
    }
}

/// Tells a field that is present as `null` from a missing one (which `default` makes `None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `date_unixtime`: the exporter writes a string of digits; a number is accepted too.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum UnixTime {
    Seconds(i64),
    Unreadable(String),
}

impl<'de> Deserialize<'de> for UnixTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UnixTimeVisitor;
        impl Visitor<'_> for UnixTimeVisitor {
            type Value = UnixTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds since 1970, as a string or a number")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(UnixTime::Seconds(value))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(value).map_or_else(|_| UnixTime::Unreadable(value.to_string()), UnixTime::Seconds))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                // Not formatted back: printing floats would cost the browser's download more than it is worth.
                Ok(UnixTime::Unreadable("a number with a fraction".to_owned()))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(value.parse().map_or_else(|_| UnixTime::Unreadable(value.to_owned()), UnixTime::Seconds))
            }
        }
        deserializer.deserialize_any(UnixTimeVisitor)
    }
}

/// `text` (and poll texts): a plain string, or an array of strings and entity objects.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Text<'a> {
    Plain(Str<'a>),
    Parts(Vec<Part<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, or an array of strings and entities")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Text::Plain(Str(Cow::Borrowed(value))))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Text::Plain(Str(Cow::Owned(value.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Text::Plain(Str(Cow::Owned(value))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Text::Plain(Str::default()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut parts = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(part) = seq.next_element()? {
                    parts.push(part);
                }
                Ok(Text::Parts(parts))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// One element of a text array: a plain string, or an entity object.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Part<'a> {
    Plain(Str<'a>),
    Entity(RawEntity<'a>),
}

/// An entity object: `{"type": "text_link", "text": "…", "href": "…"}`.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub(super) struct RawEntity<'a> {
    #[serde(rename = "type", borrow)]
    pub(super) kind: Str<'a>,
    #[serde(borrow, default)]
    pub(super) text: Str<'a>,
    #[serde(borrow, default)]
    pub(super) href: Option<Str<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Part<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PartVisitor;
        impl<'de> Visitor<'de> for PartVisitor {
            type Value = Part<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an entity object")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Part::Plain(Str(Cow::Borrowed(value))))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Part::Plain(Str(Cow::Owned(value.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Part::Plain(Str(Cow::Owned(value))))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawEntity::deserialize(de::value::MapAccessDeserializer::new(map)).map(Part::Entity)
            }
        }
        deserializer.deserialize_any(PartVisitor)
    }
}

/// A poll: its question and answers are scanned like text.
#[derive(Debug, Deserialize)]
pub(super) struct Poll<'a> {
    #[serde(borrow, default)]
    pub(super) question: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) answers: Vec<Answer<'a>>,
}

/// One answer of a poll.
#[derive(Debug, Deserialize)]
pub(super) struct Answer<'a> {
    #[serde(borrow, default)]
    pub(super) text: Option<Text<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_unescaped_strings() {
        let json = r#"{"id": 5, "type": "message", "from": "Ani", "text": "tanpa escape", "via_bot": "a\"b"}"#;
        let raw: RawMessage<'_> = serde_json::from_str(json).unwrap();
        assert!(matches!(raw.from, Some(Str(Cow::Borrowed("Ani")))));
        assert!(matches!(raw.text, Some(Text::Plain(Str(Cow::Borrowed("tanpa escape"))))));
        assert!(matches!(raw.via_bot, Some(Str(Cow::Owned(ref text))) if text == "a\"b"));
        assert_eq!(raw.forwarded_from, None);
    }

    #[test]
    fn reads_mixed_text_and_null_fields() {
        let json = r#"{"id": 6, "from": null, "forwarded_from": null, "date_unixtime": "1674835763",
            "text": ["lihat ", {"type": "text_link", "text": "ini", "href": "https://x.test/"}, "!"],
            "reply_to_peer_id": "channel1"}"#;
        let raw: RawMessage<'_> = serde_json::from_str(json).unwrap();
        assert_eq!(raw.from, None);
        assert_eq!(raw.forwarded_from, Some(None));
        assert_eq!(raw.date_unixtime, Some(UnixTime::Seconds(1674835763)));
        assert!(raw.reply_to_peer_id.is_some());
        let Some(Text::Parts(parts)) = raw.text else { panic!("parts expected") };
        assert_eq!(parts.len(), 3);
        assert!(
            matches!(&parts[1], Part::Entity(RawEntity { href: Some(Str(href)), .. }) if href == "https://x.test/")
        );
    }

    #[test]
    fn unreadable_unix_times_are_kept_for_the_warning() {
        for (json, wanted) in [
            (r#""12x""#, UnixTime::Unreadable("12x".into())),
            ("12", UnixTime::Seconds(12)),
            ("1.5", UnixTime::Unreadable("a number with a fraction".into())),
        ] {
            assert_eq!(serde_json::from_str::<UnixTime>(json).unwrap(), wanted, "{json}");
        }
    }
}
