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
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let request = request.json(flag).map_err(|e| PostError::Unreachable(e.to_string()))?;
    let response = request.send().await.map_err(|e| PostError::Unreachable(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        return response
            .json::<StoredFlag>()
            .await
            .map_err(|e| PostError::Refused { status, message: format!("unreadable answer: {e}") });
    }
    let message = match response.json::<ApiError>().await {
        Ok(error) => error.message,
        Err(_) => response.status_text(),
    };
    Err(PostError::Refused { status, message })
}
