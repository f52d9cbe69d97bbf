//! The Tapis HTTP server: the `/api/v1` API (flags, audit, rule packs, export) and the built browser app,
//! assembled into one [`Router`] by [`app`].
//!
//! The binary (`tapis`) only parses arguments, opens the [`Store`] and serves [`app`] or runs a `token` command;
//! everything else is here so tests can drive the whole server without a socket. (Its offline `scan` and `rules`
//! commands are the binary's own: they need no server.)

mod api;
pub mod auth;
pub mod clock;
pub mod cors;
mod csp_reports;
pub mod domain;
pub mod error;
pub mod export;
pub mod headers;
pub mod json;
pub mod packs;
pub mod policy;
pub mod report;
pub mod routes;
pub mod serve;
mod spa;
pub mod stats;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode};
use axum::routing::any;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

pub use csp_reports::CspReports;
pub use error::AppError;
pub use store::{Backend, DbLocation, Inserted, Store, StoreError};

/// What every request handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Store,
    dist: PathBuf,
    packs: PathBuf,
    cors_origins: Vec<HeaderValue>,
    frame_ancestors: Vec<HeaderValue>,
    csp_reports: CspReports,
    request_timeout: Duration,
    blocklists: Arc<Vec<api::blocklists::Served>>,
}

/// The default of `--request-timeout`: how long one request, its body included, may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl AppState {
    /// `dist` is the directory of the built browser app (Trunk's output); it need not exist. Rule packs are read
    /// from `packs` in the working directory, and no other origin may call the API, unless set otherwise.
    pub fn new(store: Store, dist: impl Into<PathBuf>) -> Self {
        Self {
            store,
            dist: dist.into(),
            packs: PathBuf::from("packs"),
            cors_origins: Vec::new(),
            frame_ancestors: Vec::new(),
            csp_reports: CspReports::default(),
            request_timeout: REQUEST_TIMEOUT,
            blocklists: Arc::default(),
        }
    }

    /// Answers `408` to a request (its body included) that takes longer than `timeout`.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Origins whose pages may show the app in a frame (the CSP's `frame-ancestors`; see
    /// [`cors::parse_origin`]); none by default.
    pub fn with_frame_ancestors(mut self, origins: Vec<HeaderValue>) -> Self {
        self.frame_ancestors = origins;
        self
    }

    /// Gives approved notices the deadlines of `policy`, and reports its procedures.
    pub fn with_policy(mut self, policy: policy::Policy) -> Self {
        self.store = self.store.with_policy(policy);
        self
    }

    /// Reads the time from `clock` (a manual one in tests).
    pub fn with_clock(mut self, clock: clock::Clock) -> Self {
        self.store = self.store.with_clock(clock);
        self
    }

    /// Hands out `lists` at `/api/v1/blocklists` (`tapis serve --blocklist`), for the app to check links against.
    pub fn with_blocklists(mut self, lists: &tapis_engine::links::Blocklists) -> Self {
        self.blocklists = Arc::new(lists.lists.iter().map(api::blocklists::Served::of).collect());
        self
    }

    /// The blocklists it hands out.
    pub(crate) fn blocklists(&self) -> &[api::blocklists::Served] {
        &self.blocklists
    }

    /// Reads the rule packs it hands out from `dir`.
    pub fn with_packs(mut self, dir: impl Into<PathBuf>) -> Self {
        self.packs = dir.into();
        self
    }

    /// Lets browsers on these origins call the API (see [`cors::parse_origin`]).
    pub fn with_cors_origins(mut self, origins: Vec<HeaderValue>) -> Self {
        self.cors_origins = origins;
        self
    }

    /// The database.
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

    /// The directory of the rule packs.
    pub fn packs(&self) -> &Path {
        &self.packs
    }
}

/// The whole server: the routes of [`routes::table`] under `/api/v1`, JSON 404s for the rest of `/api`, and the
/// browser app everywhere else.
pub fn app(state: AppState) -> Router {
    let frontend = spa::Frontend::new(state.dist());
    let headers = headers::Headers::new(&state.frame_ancestors);
    let mut router = Router::new();
    for route in routes::table() {
        router = router.route(&format!("{}{}", routes::API_PREFIX, route.path), route.handler);
    }
    let router = router
        .method_not_allowed_fallback(api::method_not_allowed)
        .route("/api", any(api::not_found))
        .route("/api/", any(api::not_found))
        .route("/api/{*rest}", any(api::not_found))
        .fallback(move |request| frontend.clone().serve(request))
        .layer(DefaultBodyLimit::max(json::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(headers, headers::add))
        // The wasm is most of a first visit: gzip makes it about a third.
        .layer(CompressionLayer::new());
    let router = match cors::layer(&state.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    // A request that takes too long, reading a body that comes slowly or never, is answered 408.
    let router = router.layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.request_timeout));
    // Every 5xx has a better log line of its own (a store error with its cause; the missing app, once at start),
    // so the trace layer's causeless ERROR per failed request would only be noise.
    router.layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::DEBUG))).with_state(state)
}
