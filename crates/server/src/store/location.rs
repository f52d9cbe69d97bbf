//! Where the database is ([`DbLocation`]) and which kind it is ([`Backend`]).

use std::path::PathBuf;

/// Where the database is: `--db` or `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// A SQLite file, created with its directory if missing.
    SqlitePath(PathBuf),
    /// A `sqlite:` URL.
    SqliteUrl(String),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl DbLocation {
    /// A URL by its scheme, anything else as the path of a SQLite file.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres(text.to_owned())
        } else if text.starts_with("sqlite:") {
            Self::SqliteUrl(text.to_owned())
        } else {
            Self::SqlitePath(PathBuf::from(text))
        }
    }
}

/// Shows the location without a password, so it can go in logs and error messages.
impl std::fmt::Display for DbLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SqlitePath(path) => write!(f, "{}", path.display()),
            Self::SqliteUrl(url) => f.write_str(url),
            Self::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

impl std::fmt::Debug for DbLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DbLocation({self})")
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub(super) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Which database a [`Store`](super::Store) uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, in WAL mode.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_told_apart_by_scheme_and_passwords_are_hidden() {
        assert_eq!(DbLocation::parse("data/tapis.db"), DbLocation::SqlitePath("data/tapis.db".into()));
        assert_eq!(DbLocation::parse("sqlite:x.db"), DbLocation::SqliteUrl("sqlite:x.db".into()));
        let url = "postgresql://tapis:s3cret@db:5432/tapis";
        assert_eq!(DbLocation::parse(url), DbLocation::Postgres(url.into()));
        assert_eq!(DbLocation::parse(url).to_string(), "postgresql://tapis:***@db:5432/tapis");
        assert!(!format!("{:?}", DbLocation::parse(url)).contains("s3cret"));
        assert_eq!(DbLocation::parse("postgres://u@h/d").to_string(), "postgres://u@h/d");
    }
}
