//! The API's routes in one table, which both builds the router and is checked against the OpenAPI document.

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};

use crate::AppState;
use crate::api;

/// Where the API lives; the table's paths are relative to it, as the OpenAPI document's are to its server URL.
pub const API_PREFIX: &str = "/api/v1";

/// The OpenAPI 3.1 document served at `/api/v1/openapi.json`, written by hand next to the code it describes.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// One route: a method, a path under [`API_PREFIX`] (axum's `{param}` syntax, which is also OpenAPI's), and its
/// handler.
pub(crate) struct Route {
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) handler: MethodRouter<AppState>,
}

impl Route {
    /// A body limit of the route's own, instead of the API's.
    fn body_limit(mut self, bytes: usize) -> Self {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

fn route<H, T>(method: Method, path: &'static str, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("every method in the table is one axum routes");
    Route { method, path, handler: on(filter, handler) }
}

/// Every route of the API.
pub(crate) fn table() -> Vec<Route> {
    vec![
        route(Method::GET, "/health", api::meta::health),
        route(Method::GET, "/openapi.json", api::meta::openapi),
        route(Method::POST, "/flags", api::flags::create),
        route(Method::GET, "/flags", api::flags::list),
        route(Method::GET, "/flags/{id}", api::flags::get),
        route(Method::PATCH, "/flags/{id}/status", api::flags::change_status),
        route(Method::POST, "/flags/{id}/review", api::flags::review),
        route(Method::GET, "/review", api::review::queue),
        route(Method::GET, "/notices", api::notices::list),
        route(Method::POST, "/notices/outcome", api::notices::outcome),
        route(Method::POST, "/notices/escalation", api::notices::escalate),
        route(Method::GET, "/stats", api::stats::deadlines),
        route(Method::GET, "/stats/turnaround", api::stats::turnaround),
        route(Method::GET, "/reports/notices", api::reports::notices),
        route(Method::GET, "/me", api::meta::me),
        route(Method::GET, "/audit", api::audit::list),
        route(Method::GET, "/rulepacks", api::rulepacks::list),
        route(Method::GET, "/blocklists", api::blocklists::list),
        route(Method::GET, "/blocklists/{name}", api::blocklists::set),
        route(Method::GET, "/export", api::export::export),
        // Browsers post reports without a token: a small body limit of its own (see `csp_reports`).
        route(Method::POST, "/csp-reports", crate::csp_reports::receive).body_limit(crate::csp_reports::BODY_LIMIT),
        route(Method::GET, "/csp-reports", crate::csp_reports::list),
    ]
}

/// The (method, path) of every route, for tests and documentation checks.
pub fn api_routes() -> Vec<(Method, &'static str)> {
    table().into_iter().map(|route| (route.method, route.path)).collect()
}
