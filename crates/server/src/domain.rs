//! The rules a posted flag must meet before it is stored, checked once at the edge into a [`ValidFlag`].

use tapis_wire::Flag;

/// The longest message accepted, in UTF-8 bytes. Telegram messages are far shorter; this only stops abuse.
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

/// The longest category slug, in bytes.
pub const MAX_CATEGORY_LEN: usize = 64;

/// One field of a flag that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field's path, e.g. `spans[1].end`.
    pub field: String,
    /// What is wrong with it, for a person.
    pub message: String,
}

impl FieldError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// A flag known to meet every rule: a non-empty message of bounded size, a slug category, and spans that are
/// real byte ranges of the message on character boundaries. Only [`ValidFlag::parse`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFlag(Flag);

impl ValidFlag {
    /// Checks `flag`, answering the first rule it breaks.
    pub fn parse(flag: Flag) -> Result<Self, FieldError> {
        check_message(&flag.message)?;
        check_category(&flag.category)?;
        for (index, span) in flag.spans.iter().enumerate() {
            let field = |name: &str| format!("spans[{index}].{name}");
            if span.rule_id.is_empty() {
                return Err(FieldError::new(field("rule_id"), "rule_id must not be empty"));
            }
            let (start, end, len) = (span.start as usize, span.end as usize, flag.message.len());
            if end > len {
                return Err(FieldError::new(
                    field("end"),
                    format!("end ({end}) is past the end of the message ({len} bytes)"),
                ));
            }
            if start >= end {
                return Err(FieldError::new(
                    field("end"),
                    format!("end ({end}) must be greater than start ({start}): a span is never empty"),
                ));
            }
            for (name, offset) in [("start", start), ("end", end)] {
                if !flag.message.is_char_boundary(offset) {
                    return Err(FieldError::new(
                        field(name),
                        format!("{name} ({offset}) falls inside a multi-byte character of the message"),
                    ));
                }
            }
        }
        Ok(Self(flag))
    }

    /// The flag.
    pub fn as_flag(&self) -> &Flag {
        &self.0
    }

    /// The flag, giving up the proof that it is valid.
    pub fn into_flag(self) -> Flag {
        self.0
    }
}

fn check_message(message: &str) -> Result<(), FieldError> {
    if message.is_empty() {
        return Err(FieldError::new("message", "message must not be empty"));
    }
    if message.len() > MAX_MESSAGE_BYTES {
        return Err(FieldError::new(
            "message",
            format!("message is {} bytes long; at most {MAX_MESSAGE_BYTES} are accepted", message.len()),
        ));
    }
    Ok(())
}

/// `^[a-z][a-z0-9_-]{0,63}$`, spelled out: a regex engine for one pattern is not worth its build time.
fn check_category(category: &str) -> Result<(), FieldError> {
    let bytes = category.as_bytes();
    let well_formed = matches!(bytes.first(), Some(b'a'..=b'z'))
        && bytes.len() <= MAX_CATEGORY_LEN
        && bytes.iter().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'));
    if well_formed {
        Ok(())
    } else {
        Err(FieldError::new(
            "category",
            format!(
                "category {category:?} is not a slug: it must start with a lowercase letter and hold only \
                 lowercase letters, digits, '_' and '-', at most {MAX_CATEGORY_LEN} characters"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapis_wire::FlagSpan;

    fn flag(message: &str, category: &str, spans: &[(&str, u32, u32)]) -> Flag {
        Flag {
            id: "01936f6e-7c3a-7def-8a12-3456789abcde".parse().unwrap(),
            message: message.into(),
            spans: spans
                .iter()
                .map(|&(rule_id, start, end)| FlagSpan { rule_id: rule_id.into(), start, end })
                .collect(),
            category: category.into(),
            created_at: "2026-11-29T05:00:00Z".parse().unwrap(),
        }
    }

    fn field_of(flag: Flag) -> String {
        ValidFlag::parse(flag).unwrap_err().field
    }

    #[test]
    fn a_good_flag_passes_unchanged() {
        let good = flag("Situs slot gacor", "perjudian", &[("judi.slot", 6, 16), ("judi.gacor", 11, 16)]);
        assert_eq!(ValidFlag::parse(good.clone()).unwrap().into_flag(), good);
    }

    #[test]
    fn spans_are_optional() {
        assert!(ValidFlag::parse(flag("x", "terorisme", &[])).is_ok());
    }

    #[test]
    fn category_must_be_a_slug() {
        for ok in ["a", "perjudian", "judi_online-2", &"a".repeat(64)] {
            assert!(ValidFlag::parse(flag("x", ok, &[])).is_ok(), "{ok:?} should pass");
        }
        for bad in ["", "Perjudian", "1judi", "_judi", "judi online", "judí", "judi.slot", &"a".repeat(65)] {
            assert_eq!(field_of(flag("x", bad, &[])), "category", "{bad:?} should fail");
        }
    }

    #[test]
    fn message_must_be_non_empty_and_bounded() {
        assert_eq!(field_of(flag("", "a", &[])), "message");
        assert!(ValidFlag::parse(flag(&"x".repeat(MAX_MESSAGE_BYTES), "a", &[])).is_ok());
        assert_eq!(field_of(flag(&"x".repeat(MAX_MESSAGE_BYTES + 1), "a", &[])), "message");
    }

    #[test]
    fn spans_must_be_non_empty_ranges_inside_the_message() {
        assert_eq!(field_of(flag("abc", "a", &[("r", 0, 1), ("", 0, 1)])), "spans[1].rule_id");
        assert_eq!(field_of(flag("abc", "a", &[("r", 0, 4)])), "spans[0].end");
        assert_eq!(field_of(flag("abc", "a", &[("r", 2, 2)])), "spans[0].end");
        assert_eq!(field_of(flag("abc", "a", &[("r", 3, 1)])), "spans[0].end");
        assert!(ValidFlag::parse(flag("abc", "a", &[("r", 0, 3)])).is_ok());
    }

    #[test]
    fn spans_must_fall_on_character_boundaries() {
        // "é" is two bytes: offsets 1..3 hold it, so 2 is inside it.
        let message = "aéb";
        assert!(ValidFlag::parse(flag(message, "a", &[("r", 1, 3)])).is_ok());
        assert_eq!(field_of(flag(message, "a", &[("r", 2, 4)])), "spans[0].start");
        assert_eq!(field_of(flag(message, "a", &[("r", 0, 2)])), "spans[0].end");
    }
}
