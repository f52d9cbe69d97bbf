//! The Tapis HTTP server: the flags API and the built browser app, assembled into one [`Router`] by [`app`].
//!
//! The binary (`tapis serve`) only parses arguments, opens the [`Store`] and serves [`app`]; everything else is
//! here so tests can drive the whole server without a socket.

mod api;
mod csp_reports;
pub mod domain;
pub mod error;
pub mod headers;
pub mod json;
mod spa;
pub mod store;

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

pub use csp_reports::CspReports;
pub use error::AppError;
pub use store::{Inserted, Store, StoreError};

/// What every request handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Store,
    dist: PathBuf,
    frame_ancestors: Vec<String>,
    csp_reports: CspReports,
}

impl AppState {
    /// `dist` is the directory of the built browser app (Trunk's output); it need not exist.
    pub fn new(store: Store, dist: impl Into<PathBuf>) -> Self {
        Self { store, dist: dist.into(), frame_ancestors: Vec::new(), csp_reports: CspReports::default() }
    }

    /// Origins whose pages may show the app in a frame (the CSP's `frame-ancestors`); none by default.
    pub fn with_frame_ancestors(mut self, origins: Vec<String>) -> Result<Self, String> {
        headers::Headers::new(&origins)?;
        self.frame_ancestors = origins;
        Ok(self)
    }

    /// The flags database.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The Content-Security-Policy violations browsers reported.
    pub fn csp_reports(&self) -> &CspReports {
        &self.csp_reports
    }

    /// The directory of the built browser app.
    pub fn dist(&self) -> &Path {
        &self.dist
    }
}

/// The whole server: `/api/v1/flags`, JSON 404s for the rest of `/api`, and the browser app everywhere else.
pub fn app(state: AppState) -> Router {
    let frontend = spa::Frontend::new(state.dist());
    let headers = headers::Headers::new(&state.frame_ancestors).expect("checked by AppState::with_frame_ancestors");
    Router::new()
        .route("/api/v1/flags", get(api::list_flags).post(api::create_flag).fallback(api::method_not_allowed))
        .route(
            "/api/v1/csp-reports",
            get(csp_reports::list)
                .post(csp_reports::receive)
                .layer(DefaultBodyLimit::max(csp_reports::BODY_LIMIT))
                .fallback(api::method_not_allowed),
        )
        .route("/api", any(api::not_found))
        .route("/api/", any(api::not_found))
        .route("/api/{*rest}", any(api::not_found))
        .fallback(move |request| frontend.clone().serve(request))
        .layer(DefaultBodyLimit::max(json::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(headers, headers::add))
        // Every 5xx has a better log line of its own (a store error with its cause; the missing app, once at
        // start), so the trace layer's causeless ERROR per failed request would only be noise.
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::DEBUG)))
        .with_state(state)
}
