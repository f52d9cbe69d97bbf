//! Bearer tokens: making them, keeping only their hash, and the [`Flagger`] extractor that every protected route
//! takes. Depends on the store only to look a hash up.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tapis_wire::{Notifier, Role};

use crate::AppState;
use crate::domain::sha256_hex;
use crate::error::AppError;

pub use tapis_wire::TOKEN_PREFIX;

/// Random bytes in a token: 256 bits, far beyond guessing.
const TOKEN_BYTES: usize = tapis_wire::TOKEN_HEX_DIGITS / 2;

/// A bearer token: `tapis_` and 64 lowercase hex digits. Shown once at creation; the server keeps only its
/// [`TokenHash`]. `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A new token from the operating system's random source.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::getrandom(&mut bytes)?;
        let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        Ok(Self(format!("{TOKEN_PREFIX}{hex}")))
    }

    /// A token as a client sends it, if it has a token's form.
    pub fn parse(text: &str) -> Option<Self> {
        tapis_wire::is_token(text).then(|| Self(text.to_owned()))
    }

    /// What the database keeps. A plain SHA-256 suffices: the token has 256 random bits, so there is nothing to
    /// brute-force and no need for a slow password hash.
    pub fn hash(&self) -> TokenHash {
        TokenHash(sha256_hex(self.0.as_bytes()))
    }

    /// The secret itself, to print once.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// The SHA-256 of a [`Token`], 64 lowercase hex digits: how the database knows a token without holding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenHash(String);

impl TokenHash {
    /// The hash's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A registered analyst whose token is valid: who is making the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagger {
    /// The flagger's id (`tapis token list`).
    pub id: i64,
    /// The analyst's name.
    pub name: String,
    /// Their organisation, if registered with one.
    pub organisation: Option<String>,
    /// What they may do.
    pub role: Role,
    /// The person they are, the same across all their tokens: what four eyes compare.
    pub person: String,
}

/// What a request needs the right to do, and which roles have it (admins have every right).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Right {
    /// Post flags.
    CreateFlags,
    /// See flags before they are approved, their review, and the audit log.
    SeeUnapproved,
    /// Approve or return other analysts' flags.
    Review,
    /// Record the platform's acknowledgement and outcome.
    RecordOutcome,
}

impl Right {
    /// The roles that have this right.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Right::CreateFlags | Right::SeeUnapproved => &[Role::Analyst, Role::Reviewer, Role::Admin],
            Right::Review => &[Role::Reviewer, Role::Admin],
            Right::RecordOutcome => &[Role::Liaison, Role::Admin],
        }
    }

    /// What the right allows, for messages: "post flags".
    pub fn describe(self) -> &'static str {
        match self {
            Right::CreateFlags => "post flags",
            Right::SeeUnapproved => "see flags before they are approved, or the audit log",
            Right::Review => "review flags",
            Right::RecordOutcome => "record the platform's outcomes",
        }
    }
}

impl Flagger {
    /// How this flagger appears on the notices they send.
    pub fn notifier(&self) -> Notifier {
        Notifier { organisation: self.organisation.clone(), analyst: self.name.clone() }
    }

    /// Whether their role has `right`.
    pub fn may(&self, right: Right) -> bool {
        right.roles().contains(&self.role)
    }

    /// `403 forbidden`, naming the roles that have `right`, unless their role has it.
    pub fn require(&self, right: Right) -> Result<(), AppError> {
        if self.may(right) { Ok(()) } else { Err(AppError::Forbidden { right, role: self.role }) }
    }

    /// Whether they filed a flag of flagger `flagger_id`, who is `person`: the same token, or the same person
    /// under another token (however it spells their name).
    pub fn filed(&self, flagger_id: i64, person: &str) -> bool {
        flagger_id == self.id || person == self.person
    }
}

/// Why a request was not authenticated; the two get different `WWW-Authenticate` challenges (RFC 6750).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthFailure {
    /// No `Authorization: Bearer` header.
    Missing,
    /// A token that is malformed, unknown or revoked; which of these is not told.
    Invalid,
}

impl FromRequestParts<AppState> for Flagger {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Err(AppError::Unauthorized(AuthFailure::Missing));
        };
        let credentials = header.to_str().ok().and_then(|value| {
            let (scheme, credentials) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| credentials.trim())
        });
        let Some(credentials) = credentials else {
            return Err(AppError::Unauthorized(AuthFailure::Missing));
        };
        let token = Token::parse(credentials).ok_or(AppError::Unauthorized(AuthFailure::Invalid))?;
        state.store().flagger_by_token(&token.hash()).await?.ok_or(AppError::Unauthorized(AuthFailure::Invalid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_parse_back() {
        let (a, b) = (Token::generate().unwrap(), Token::generate().unwrap());
        assert_ne!(a, b);
        assert!(a.reveal().starts_with("tapis_") && a.reveal().len() == 6 + 64, "{}", a.reveal());
        assert_eq!(Token::parse(a.reveal()), Some(a.clone()));
        assert_eq!(format!("{a:?}"), "Token(…)");
        assert_ne!(a.hash(), b.hash());
        assert_eq!(a.hash().as_str().len(), 64);
    }

    #[test]
    fn only_the_token_form_parses() {
        let good = format!("tapis_{}", "ab".repeat(32));
        assert!(Token::parse(&good).is_some());
        for bad in [&good[..good.len() - 1], &good.to_uppercase(), &good.replace("tapis_", "tapas_"), "", "tapis_"] {
            assert!(Token::parse(bad).is_none(), "{bad:?}");
        }
    }
}
