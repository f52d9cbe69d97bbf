//! The built browser app: static files from the dist directory, `index.html` for every other page path.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Said instead of the app when there is none to serve.
pub(crate) const NOT_BUILT: &str =
    "The Tapis app is not built: its dist directory has no index.html. Run `make build`, then reload this page.\n";

#[derive(Clone, Debug)]
pub(crate) struct Frontend {
    index: PathBuf,
    files: ServeDir,
    pages: ServeDir<ServeFile>,
}

impl Frontend {
    pub(crate) fn new(dist: &Path) -> Self {
        let index = dist.join("index.html");
        if !index.is_file() {
            tracing::warn!(
                dist = %dist.display(),
                "the browser app is not built (no index.html); the API works, pages answer 503 until `make build`"
            );
        }
        // Page paths that are no file are the app's own routes (a single-page app), so they get index.html.
        let files = ServeDir::new(dist);
        let pages = files.clone().fallback(ServeFile::new(&index));
        Self { index, files, pages }
    }

    pub(crate) async fn serve(self, request: Request) -> Response {
        // Checked per request, not once at start, so a `make build` while the server runs is picked up.
        if !tokio::fs::metadata(&self.index).await.is_ok_and(|m| m.is_file()) {
            return (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], NOT_BUILT)
                .into_response();
        }
        // Only page paths fall back to index.html; a missing file (a name with an extension, such as an optional
        // tapis.config.json or an old asset) is a plain 404, never a page in its place.
        let is_file_path = request.uri().path().rsplit('/').next().is_some_and(|name| name.contains('.'));
        let response = if is_file_path { self.files.oneshot(request).await } else { self.pages.oneshot(request).await };
        match response {
            Ok(response) => response.into_response(),
            Err(never) => match never {},
        }
    }
}
