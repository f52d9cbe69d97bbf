//! The names a flagger is registered under (`tapis token create --name … --organisation …`).

use super::{FieldError, check_line};

const MAX_CHARS: usize = 128;

/// An analyst's name: one line, at most 128 characters, and not all digits, so that `tapis token revoke 42` can
/// only mean the flagger with id 42.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggerName(String);

impl FlaggerName {
    /// Checks `name`.
    pub fn parse(name: &str) -> Result<Self, FieldError> {
        check_line("name", name, MAX_CHARS)?;
        if name.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("name", "a name cannot be all digits: numbers are flagger ids"));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A trusted-flagger organisation's name: one line, at most 128 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organisation(String);

impl Organisation {
    /// Checks `name`.
    pub fn parse(name: &str) -> Result<Self, FieldError> {
        check_line("organisation", name, MAX_CHARS)?;
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The prefix of the person ids the server makes for a flagger registered as nobody else: `flagger:` and its id.
pub const MADE_PERSON_PREFIX: &str = "flagger:";

/// A person's stable id, the same across all their tokens (`tapis token create --person ID`), e.g. a staff
/// number: one line, at most 64 characters, and not of the form the server makes (`flagger:…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonId(String);

impl PersonId {
    /// Checks `id`.
    pub fn parse(id: &str) -> Result<Self, FieldError> {
        check_line("person", id, 64)?;
        if id.starts_with(MADE_PERSON_PREFIX) {
            return Err(FieldError::new(
                "person",
                format!("{MADE_PERSON_PREFIX}… ids are the server's own: give --same-as FLAGGER-ID instead"),
            ));
        }
        Ok(Self(id.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_single_lines_and_never_numbers() {
        assert_eq!(FlaggerName::parse("Siti Rahma").unwrap().as_str(), "Siti Rahma");
        assert!(FlaggerName::parse("analyst-7").is_ok());
        for bad in ["", "  ", "42", "a\tb", &"x".repeat(129)] {
            assert!(FlaggerName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Organisation::parse("Komdigi").is_ok());
        assert!(Organisation::parse("a\nb").is_err());
        assert_eq!(PersonId::parse("NIP-198701012010011001").unwrap().as_str(), "NIP-198701012010011001");
        for bad in ["", "a\nb", "flagger:3", &"x".repeat(65)] {
            assert!(PersonId::parse(bad).is_err(), "{bad:?}");
        }
    }
}
