//! Cross-origin access: none unless origins are configured (`--cors-origin`), and then only for them.

use std::time::Duration;

use axum::http::{HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may cache a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// An origin as browsers send it: `http` or `https`, a host, an optional port, nothing after. Used for CORS and
/// for the CSP's `frame-ancestors`, so no character that separates header items (`;`, `,`) is let through, and
/// no wildcard (`https://*`, `https://*.x.id`, `http://h:*`), which both would take verbatim as "any such site".
pub fn parse_origin(text: &str) -> Result<HeaderValue, String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    let well_formed = rest.is_some_and(|host| {
        !host.is_empty() && !host.contains(['/', '?', '#', '@', ';', ',']) && !host.chars().any(|c| c.is_whitespace())
    });
    if rest.is_some_and(|host| host.contains('*')) {
        return Err(format!(
            "{text:?} is a wildcard: name each origin exactly (scheme://host[:port], e.g. https://portal.example.go.id), \
             since a wildcard would let any matching site embed or call Tapis"
        ));
    }
    if !well_formed {
        return Err(format!(
            "{text:?} is not an origin: write scheme://host[:port], e.g. https://tapis.example.go.id, with no path"
        ));
    }
    HeaderValue::from_str(text).map_err(|error| format!("{text:?} is not a valid header value: {error}"))
}

/// The CORS layer for `origins`, or `None` when there are none: then browsers refuse cross-origin calls.
pub(crate) fn layer(origins: &[HeaderValue]) -> Option<CorsLayer> {
    (!origins.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::POST, Method::PATCH])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers([header::WWW_AUTHENTICATE])
            .max_age(PREFLIGHT_MAX_AGE)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_origins_are_accepted() {
        for good in ["https://tapis.example.go.id", "http://127.0.0.1:8080", "http://localhost:3000"] {
            assert_eq!(parse_origin(good).unwrap(), good);
        }
        for bad in [
            "tapis.example.go.id",
            "https://x/",
            "https://x/app",
            "ftp://x",
            "https://",
            "https://a b",
            "*",
            "https://a;b",
            "https://a,b",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad:?}");
        }
    }

    /// Wildcards would reach `frame-ancestors` and CORS verbatim, and mean any site: each row is refused, with a
    /// message that says why.
    #[test]
    fn wildcards_are_refused_with_a_clear_message() {
        for bad in [
            "https://*",
            "http://*",
            "https://*.x.id",
            "https://tapis.*.go.id",
            "https://tapis.go.*",
            "http://h:*",
            "http://127.0.0.1:*",
            "https://*:443",
            "https://a*b.x.id",
        ] {
            let error = parse_origin(bad).expect_err(bad);
            assert!(error.contains("wildcard"), "{bad:?}: {error}");
        }
    }
}
