//! The HTTP client of the Tapis API. URLs are relative, so the app works from whatever path serves it.

use gloo_net::http::Request;
use tapis_wire::{ApiError, Flag, StoredFlag};

const FLAGS_URL: &str = "api/v1/flags";

/// Why a flag did not reach the server's store.
#[derive(Clone, Debug, PartialEq, Eq)]
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

impl std::fmt::Display for PostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostError::Unreachable(why) => write!(f, "server tidak terjangkau ({why})"),
            PostError::Refused { status, message } => write!(f, "ditolak server (HTTP {status}): {message}"),
        }
    }
}

/// Posts a flag. Posting the same flag again is harmless: the server keys flags by their id.
pub async fn post_flag(flag: &Flag) -> Result<StoredFlag, PostError> {
    let request = Request::post(FLAGS_URL).json(flag).map_err(|e| PostError::Unreachable(e.to_string()))?;
    let response = request.send().await.map_err(|e| PostError::Unreachable(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        return response.json::<StoredFlag>().await.map_err(|e| PostError::Refused {
            status,
            message: format!("jawaban server tidak terbaca: {e}"),
        });
    }
    let message = match response.json::<ApiError>().await {
        Ok(error) => error.message,
        Err(_) => response.status_text(),
    };
    Err(PostError::Refused { status, message })
}
