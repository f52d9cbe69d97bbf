//! The PDQ hash: 256 bits, written as 64 hex digits, compared by Hamming distance.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A 256-bit PDQ hash.
///
/// Its text form is the reference implementation's: 64 lowercase hex digits, most significant first, so that a
/// hash printed here and one in a shared list compare as strings. `words[0]` holds the first 16 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pdq {
    pub words: [u64; 4],
}

impl Pdq {
    /// Number of bits that differ.
    pub fn distance(&self, other: &Pdq) -> u32 {
        self.words.iter().zip(other.words.iter()).map(|(a, b)| (a ^ b).count_ones()).sum()
    }

    /// The hash as 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        self.to_string()
    }
}

/// Why a hash's text form is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseHashError {
    #[error("a PDQ hash is 64 hex digits; this has {0} characters")]
    Length(usize),
    #[error("a PDQ hash is 64 hex digits; this has {0:?}")]
    NotHex(char),
}

impl FromStr for Pdq {
    type Err = ParseHashError;

    fn from_str(text: &str) -> Result<Pdq, ParseHashError> {
        if text.len() != 64 {
            return Err(ParseHashError::Length(text.chars().count()));
        }
        if let Some(bad) = text.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(ParseHashError::NotHex(bad));
        }
        let mut words = [0u64; 4];
        for (i, word) in words.iter_mut().enumerate() {
            *word = u64::from_str_radix(&text[i * 16..i * 16 + 16], 16).expect("checked as hex");
        }
        Ok(Pdq { words })
    }
}

impl fmt::Display for Pdq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for word in self.words {
            write!(f, "{word:016x}")?;
        }
        Ok(())
    }
}

impl Serialize for Pdq {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Pdq {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Pdq, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_distance_counts_bits() {
        let text = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        let hash: Pdq = text.parse().unwrap();
        assert_eq!(hash.to_hex(), text);
        let mut other = hash;
        other.words[3] ^= 0b1011;
        assert_eq!(hash.distance(&other), 3);
        assert_eq!("abc".parse::<Pdq>(), Err(ParseHashError::Length(3)));
        assert!(matches!(text.replace('f', "g").parse::<Pdq>(), Err(ParseHashError::NotHex('g'))));
    }
}
