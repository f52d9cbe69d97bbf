//! The blocklists, kept in the browser's IndexedDB (database `tapis`, beside the imports): each list's
//! [`ListInfo`] in the store `blocklists`, and its compact set (the engine's `fst` bytes) in `blocklist_sets`, so
//! that the page lists them without reading millions of domains. The worker builds a list and writes both; at each
//! import it reads the sets it does not hold yet. Kept as bytes (an `ArrayBuffer`), which every browser stores,
//! WebKit's private windows included.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::IdbTransactionMode;

use super::ListInfo;
use crate::import::file_store::{complete, describe, done, set, transaction};

/// The store of the lists' infos, keyed by name.
pub const LISTS: &str = "blocklists";
/// The store of the lists' compact sets, keyed by name.
pub const SETS: &str = "blocklist_sets";

/// Every list kept, by name (for the worker: each with all it says).
pub async fn list() -> Result<Vec<ListInfo>, String> {
    let mut lists: Vec<ListInfo> = records().await?.iter().filter_map(|value| read_info(&value)).collect();
    lists.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(lists)
}

/// Every list kept, by name, as the page shows it: name, domains, lines skipped, and the SHA-256 of a set the
/// server handed out (empty for the analyst's own). Read without a JSON decoder, which would weigh in the page's
/// first load.
pub async fn names() -> Result<Vec<(String, u64, u64, String)>, String> {
    let number = |value: &JsValue, name: &str| Reflect::get(value, &name.into()).ok().and_then(|v| v.as_f64());
    let mut lists: Vec<(String, u64, u64, String)> = records()
        .await?
        .iter()
        .filter_map(|value| {
            let name = Reflect::get(&value, &"name".into()).ok()?.as_string()?;
            let sha256 = Reflect::get(&value, &"sha256".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            Some((name, number(&value, "domains")? as u64, number(&value, "skipped")? as u64, sha256))
        })
        .collect();
    lists.sort();
    Ok(lists)
}

async fn records() -> Result<Array, String> {
    let (db, tx) = transaction(&[LISTS], IdbTransactionMode::Readonly).await?;
    let outcome = async { done(&tx.object_store(LISTS).map_err(describe)?.get_all().map_err(describe)?).await }.await;
    db.close();
    Ok(Array::from(&outcome?))
}

/// Keeps a list (replacing one of the same name): its info and its set.
pub async fn put(info: &ListInfo, bytes: &[u8]) -> Result<(), String> {
    let (db, tx) = transaction(&[LISTS, SETS], IdbTransactionMode::Readwrite).await?;
    let outcome = async {
        let json = serde_json::to_string(info).map_err(|e| e.to_string())?;
        let record = js_sys::Object::new();
        set(&record, "name", &info.name.as_str().into())?;
        set(&record, "info", &json.into())?;
        set(&record, "domains", &(info.domains as f64).into())?;
        set(&record, "skipped", &(info.skipped.total() as f64).into())?;
        set(&record, "sha256", &info.sha256.as_str().into())?;
        tx.object_store(LISTS).map_err(describe)?.put(&record).map_err(describe)?;
        let set_record = js_sys::Object::new();
        set(&set_record, "name", &info.name.as_str().into())?;
        set(&set_record, "loaded_at", &(info.loaded_at as f64).into())?;
        set(&set_record, "bytes", &Uint8Array::from(bytes).buffer())?;
        tx.object_store(SETS).map_err(describe)?.put(&set_record).map_err(describe)?;
        complete(&tx).await
    }
    .await;
    db.close();
    outcome
}

/// Forgets the list `name`.
pub async fn delete(name: &str) -> Result<(), String> {
    let (db, tx) = transaction(&[LISTS, SETS], IdbTransactionMode::Readwrite).await?;
    let outcome = async {
        for store in [LISTS, SETS] {
            tx.object_store(store).map_err(describe)?.delete(&name.into()).map_err(describe)?;
        }
        complete(&tx).await
    }
    .await;
    db.close();
    outcome
}

/// The set of the list `name` as loaded at `loaded_at`: `None` when it is gone or was loaded again since.
pub async fn set_of(name: &str, loaded_at: u64) -> Result<Option<Vec<u8>>, String> {
    let (db, tx) = transaction(&[SETS], IdbTransactionMode::Readonly).await?;
    let outcome =
        async { done(&tx.object_store(SETS).map_err(describe)?.get(&name.into()).map_err(describe)?).await }.await;
    db.close();
    let value = outcome?;
    if !value.is_object() {
        return Ok(None);
    }
    let stamp = Reflect::get(&value, &"loaded_at".into()).ok().and_then(|v| v.as_f64());
    if stamp != Some(loaded_at as f64) {
        return Ok(None);
    }
    let bytes = Reflect::get(&value, &"bytes".into()).map_err(describe)?;
    Ok(Some(Uint8Array::new(&bytes).to_vec()))
}

fn read_info(value: &JsValue) -> Option<ListInfo> {
    let json = Reflect::get(value, &"info".into()).ok()?.as_string()?;
    serde_json::from_str(&json).ok()
}
