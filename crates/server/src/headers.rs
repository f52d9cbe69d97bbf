//! Headers on every response: a strict Content-Security-Policy, no MIME sniffing, no referrer, and caching that
//! fits each kind of file (hashed assets forever, pages and unhashed files revalidated, the API never stored).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy the app is built to run under: no inline script or style, no eval beyond WebAssembly's, images from
/// the app and from the analyst's own files (`blob:` object URLs: an export's photos, never uploaded), forms that
/// post only to Tapis itself, framed only by the given origins (`'none'` when there are none). Violations are reported to the server (relative to
/// the page, so it holds under a sub-path too).
pub fn content_security_policy(frame_ancestors: &[HeaderValue]) -> String {
    let ancestors: Vec<&str> = frame_ancestors.iter().filter_map(|o| o.to_str().ok()).collect();
    let ancestors = if ancestors.is_empty() { "'none'".to_owned() } else { ancestors.join(" ") };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}; \
         report-uri api/v1/csp-reports"
    )
}

/// The shared, pre-built header values.
#[derive(Clone, Debug)]
pub(crate) struct Headers {
    csp: HeaderValue,
}

impl Headers {
    /// `frame_ancestors` are origins as [`crate::cors::parse_origin`] accepts them.
    pub(crate) fn new(frame_ancestors: &[HeaderValue]) -> Arc<Headers> {
        let csp = HeaderValue::from_str(&content_security_policy(frame_ancestors))
            .expect("parsed origins and fixed directives make a valid header value");
        Arc::new(Headers { csp })
    }
}

/// Middleware: adds the headers to whatever the inner service answered.
pub(crate) async fn add(State(headers): State<Arc<Headers>>, request: Request, next: Next) -> Response {
    let cache = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let out = response.headers_mut();
    out.insert(header::CONTENT_SECURITY_POLICY, headers.csp.clone());
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Trunk names built assets `name-<hash>.ext` (`_bg` for the wasm): their content never changes under a name.
/// Everything else (index.html, boot.js, sw.js, tapis.config.json) must be revalidated, or a new version of the
/// app would meet an old page.
fn cache_control(path: &str) -> &'static str {
    if path == "/api" || path.starts_with("/api/") {
        "no-store"
    } else if is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    if !matches!(ext, "js" | "wasm" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a request path and the caching it must get.
    #[test]
    fn caching_fits_the_kind_of_file() {
        let rows = [
            ("/tapis-app-e1c932c41375556_bg.wasm", "public, max-age=31536000, immutable"),
            ("/tapis-app-e1c932c41375556.js", "public, max-age=31536000, immutable"),
            ("/sub/path/main-101d9a9469770b10.css", "public, max-age=31536000, immutable"),
            ("/", "no-cache"),
            ("/index.html", "no-cache"),
            ("/boot.js", "no-cache"),
            ("/sw.js", "no-cache"),
            ("/tapis.config.json", "no-cache"),
            ("/my-component.js", "no-cache"),
            ("/main-XYZ101d9a9469770.css", "no-cache"),
            ("/api/v1/flags", "no-store"),
            ("/api", "no-store"),
        ];
        for (path, wanted) in rows {
            assert_eq!(cache_control(path), wanted, "{path}");
        }
    }

    #[test]
    fn frame_ancestors_are_the_configured_origins_or_none() {
        assert!(content_security_policy(&[]).contains("; form-action 'self'; frame-ancestors 'none';"));
        let origins =
            ["https://portal.example", "http://127.0.0.1:9000"].map(|o| crate::cors::parse_origin(o).unwrap());
        let policy = content_security_policy(&origins);
        assert!(policy.contains("; frame-ancestors https://portal.example http://127.0.0.1:9000;"), "{policy}");
        assert!(crate::cors::parse_origin("https://portal.example; script-src *").is_err());
        assert!(crate::cors::parse_origin("portal.example").is_err());
    }
}
