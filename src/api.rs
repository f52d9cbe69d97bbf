//! The HTTP client of the Tapis API, at the configured base URL.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use tapis_wire::{ApiError, NewFlag, StoredFlag};

/// Why a flag did not reach the server's store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum PostError {
    /// No answer: the server is down or the network is cut. Retrying with the same flag is safe.
    Unreachable(String),
    /// The server answered with an error, which says why.
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's explanation.
        message: String,
    },
}

/// Posts a flag to `{api_base}flags`. Posting the same flag again is harmless: the server keys flags by id.
pub async fn post_flag(api_base: &str, token: Option<&str>, flag: &NewFlag) -> Result<StoredFlag, PostError> {
    let mut request = Request::post(&format!("{api_base}flags"));
    if let Some(token) = token {
        request = authorized(request, token);
    }
    let request = request.json(flag).map_err(|e| PostError::Unreachable(e.to_string()))?;
    let response = request.send().await.map_err(|e| PostError::Unreachable(e.to_string()))?;
    answer(response).await
}

/// Why a read or a review did not go through: the same two cases as a post.
pub type ApiFailure = PostError;

async fn answer<T: serde::de::DeserializeOwned>(response: gloo_net::http::Response) -> Result<T, ApiFailure> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| PostError::Refused { status, message: format!("unreadable answer: {e}") });
    }
    let message = match response.json::<ApiError>().await {
        Ok(error) => error.message,
        Err(_) => response.status_text(),
    };
    Err(PostError::Refused { status, message })
}

fn authorized(request: gloo_net::http::RequestBuilder, token: &str) -> gloo_net::http::RequestBuilder {
    request.header("Authorization", &format!("Bearer {token}"))
}

/// `GET {api_base}{path}` with the token, read as JSON.
pub async fn get<T: serde::de::DeserializeOwned>(api_base: &str, token: &str, path: &str) -> Result<T, ApiFailure> {
    let request = authorized(Request::get(&format!("{api_base}{path}")), token);
    let response = request.send().await.map_err(|e| PostError::Unreachable(e.to_string()))?;
    answer(response).await
}

/// The blocklists the server hands out (`tapis serve --blocklist`).
pub async fn blocklists(api_base: &str, token: &str) -> Result<tapis_wire::BlocklistList, ApiFailure> {
    get(api_base, token, "blocklists").await
}

/// One served blocklist's set (the engine's `fst` bytes).
pub async fn blocklist_set(api_base: &str, token: &str, name: &str) -> Result<Vec<u8>, ApiFailure> {
    let request = authorized(Request::get(&format!("{api_base}blocklists/{name}")), token);
    let response = request.send().await.map_err(|e| PostError::Unreachable(e.to_string()))?;
    if !response.ok() {
        let status = response.status();
        return Err(PostError::Refused { status, message: response.status_text() });
    }
    response.binary().await.map_err(|e| PostError::Unreachable(e.to_string()))
}

/// Who the token belongs to, and their role.
pub async fn me(api_base: &str, token: &str) -> Result<tapis_wire::Identity, ApiFailure> {
    get(api_base, token, "me").await
}

/// One page of the token's own flags, newest first: `limit` of them in `status` (any when `None`), from `cursor`
/// (the `next_cursor` of the page before).
pub async fn my_flags(
    api_base: &str,
    token: &str,
    status: Option<&str>,
    cursor: Option<&str>,
    limit: u32,
) -> Result<tapis_wire::FlagPage, ApiFailure> {
    let mut path = format!("flags?mine=true&order=newest&limit={limit}");
    for (name, value) in [("status", status), ("cursor", cursor)] {
        if let Some(value) = value {
            path += &format!("&{name}={}", js_sys::encode_uri_component(value));
        }
    }
    get(api_base, token, &path).await
}

/// The flags waiting for this reviewer, oldest first.
pub async fn review_queue(api_base: &str, token: &str) -> Result<Vec<tapis_wire::ReviewItem>, ApiFailure> {
    let queue: tapis_wire::ReviewQueue = get(api_base, token, "review?limit=500").await?;
    Ok(queue.items)
}

/// Approves or returns a flag.
pub async fn review(
    api_base: &str,
    token: &str,
    id: uuid::Uuid,
    request: &tapis_wire::ReviewRequest,
) -> Result<StoredFlag, ApiFailure> {
    let builder = authorized(Request::post(&format!("{api_base}flags/{id}/review")), token);
    let request = builder.json(request).map_err(|e| PostError::Unreachable(e.to_string()))?;
    let response = request.send().await.map_err(|e| PostError::Unreachable(e.to_string()))?;
    answer(response).await
}
