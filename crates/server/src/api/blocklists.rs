//! `/api/v1/blocklists`: the blocklists the server hands out (`tapis serve --blocklist NAME=FILE`), so that every
//! analyst's app checks links against the same lists without loading the files themselves.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tapis_engine::links::Blocklist;
use tapis_wire::{BlocklistInfo, BlocklistList};

use crate::AppState;
use crate::auth::{Flagger, Right};
use crate::domain::sha256_hex;
use crate::error::AppError;

/// A list as served: what it is, and its set's bytes (the engine's `fst` set, as the app keeps it).
#[derive(Debug)]
pub(crate) struct Served {
    info: BlocklistInfo,
    bytes: axum::body::Bytes,
    etag: HeaderValue,
}

impl Served {
    pub(crate) fn of(list: &Blocklist) -> Served {
        let stats = list.stats();
        let sha256 = sha256_hex(list.as_bytes());
        let etag = HeaderValue::from_str(&format!("\"{sha256}\"")).expect("hex is a valid header value");
        Served {
            info: BlocklistInfo {
                name: list.name().to_owned(),
                sha256,
                lines: stats.lines,
                domains: stats.domains,
                blank: stats.blank,
                comments: stats.comments,
                duplicates: stats.duplicates,
                no_dot: stats.no_dot,
                invalid: stats.invalid,
            },
            bytes: axum::body::Bytes::copy_from_slice(list.as_bytes()),
            etag,
        }
    }
}

/// `GET /api/v1/blocklists`: every list served, with its set's SHA-256 (the app fetches a set only when it
/// changed). Behind a token, like the rule packs.
pub(crate) async fn list(State(state): State<AppState>, flagger: Flagger) -> Result<Json<BlocklistList>, AppError> {
    flagger.require(Right::CreateFlags)?;
    Ok(Json(BlocklistList { lists: state.blocklists().iter().map(|s| s.info.clone()).collect() }))
}

/// `GET /api/v1/blocklists/{name}`: the list's set, as bytes; its ETag is its SHA-256, and a request that already
/// holds it (`If-None-Match`) is answered `304`.
pub(crate) async fn set(
    State(state): State<AppState>,
    flagger: Flagger,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    flagger.require(Right::CreateFlags)?;
    let served = state.blocklists().iter().find(|s| s.info.name == name).ok_or(AppError::BlocklistNotFound { name })?;
    let held = headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',').map(str::trim).any(|tag| {
            tag == "*"
                || tag.trim_start_matches("W/") == served.info.sha256.as_str()
                || tag.trim_start_matches("W/") == served.etag.to_str().unwrap_or_default()
        })
    });
    let mut response =
        if held { StatusCode::NOT_MODIFIED.into_response() } else { Body::from(served.bytes.clone()).into_response() };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, served.etag.clone());
    // Revalidated each time: the same name may hold another list after a restart.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if !held {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    }
    Ok(response)
}
