//! The analyst's lists of PDQ hashes (issue 21): lists that platforms and trusted-flagger programmes share, so that a
//! known image is recognised without anyone looking at it again. Kept in the browser's IndexedDB (database `tapis`,
//! stores `hashlists` and `hashlist_texts`), each under its name with its category and what its lines were; the worker parses a list
//! file, keeps it, and matches every photo of an import against the lists kept (`import/worker.rs`).
//!
//! A list is kept as its hashes again, one line each (`hex`, then a tab and the label and source when given), not
//! as the file: comments and malformed lines are counted once, when it is loaded, and a list of 1,000,000 hashes
//! is read back in a fraction of a second.

use js_sys::{Array, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::IdbTransactionMode;

use crate::import::file_store::{complete, describe, done, set, transaction};

/// The object store of the hash lists' infos, keyed by name: small, read whenever the lists are shown or an import
/// asks whether its index is current.
pub const STORE: &str = "hashlists";
/// The object store of the lists' hashes, keyed by name (with `loaded_at`): read only when the worker indexes them.
pub const TEXTS: &str = "hashlist_texts";
/// Where the analyst's match threshold is kept (`localStorage`), as a number's digits.
pub const THRESHOLD_KEY: &str = "tapis.hash_threshold";

/// The analyst's match threshold, when they set one (read without a JSON decoder: the page's first load).
pub fn threshold() -> Option<u32> {
    crate::stored::local_storage()?.get_item(THRESHOLD_KEY).ok()??.trim().parse().ok()
}

/// What a hash list held when it was loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashListInfo {
    /// The name the analyst gave it: flags name it when a photo is on it.
    pub name: String,
    /// The category its images are (a slug of the packs' categories), when the analyst gave one.
    #[serde(default)]
    pub category: Option<String>,
    /// Lines read.
    pub lines: u64,
    /// Hashes kept.
    pub hashes: u64,
    /// Comments and blank lines.
    pub comments: u64,
    /// Hashes listed again.
    pub duplicates: u64,
    /// Lines that are no hash, skipped.
    pub malformed: u64,
    /// The first malformed lines: line number and why.
    #[serde(default)]
    pub problems: Vec<(u64, String)>,
    /// When it was loaded, in milliseconds since the epoch.
    pub loaded_at: u64,
}

/// What the analyst asks for with a hash list file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashListRequest {
    /// The list's name.
    pub name: String,
    /// Its category, when given.
    #[serde(default)]
    pub category: Option<String>,
}

/// Every list kept, with its hashes' text (for the worker).
pub async fn lists() -> Result<Vec<(HashListInfo, String)>, String> {
    let (db, tx) = transaction(&[STORE, TEXTS], IdbTransactionMode::Readonly).await?;
    let outcome = async {
        let all = |store| tx.object_store(store).and_then(|s| s.get_all()).map_err(describe);
        let (infos, texts) = (all(STORE)?, all(TEXTS)?);
        Ok::<_, String>((Array::from(&done(&infos).await?), Array::from(&done(&texts).await?)))
    }
    .await;
    db.close();
    let (infos, texts) = outcome?;
    let field = |value: &JsValue, name: &str| Reflect::get(value, &name.into()).ok();
    let mut lists: Vec<(HashListInfo, String)> = infos
        .iter()
        .filter_map(|value| {
            let info: HashListInfo = serde_json::from_str(&field(&value, "info")?.as_string()?).ok()?;
            let text =
                texts.iter().find(|t| field(t, "name").and_then(|n| n.as_string()).as_ref() == Some(&info.name))?;
            let text = field(&text, "text")?.as_string()?;
            Some((info, text))
        })
        .collect();
    lists.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    Ok(lists)
}

/// Every list kept, as the page shows it: name, category, hashes, lines skipped as malformed. Read without a JSON
/// decoder, which would weigh in the page's first load.
pub async fn names() -> Result<Vec<(String, String, u64, u64)>, String> {
    let number = |value: &JsValue, name: &str| Reflect::get(value, &name.into()).ok().and_then(|v| v.as_f64());
    let text = |value: &JsValue, name: &str| Reflect::get(value, &name.into()).ok().and_then(|v| v.as_string());
    let mut lists: Vec<(String, String, u64, u64)> = records()
        .await?
        .iter()
        .filter_map(|v| {
            let hashes = number(&v, "hashes")? as u64;
            Some((text(&v, "name")?, text(&v, "category").unwrap_or_default(), hashes, number(&v, "malformed")? as u64))
        })
        .collect();
    lists.sort();
    Ok(lists)
}

/// The loading stamps of the lists kept, by name: what the worker compares to tell whether its index is current.
pub async fn stamps() -> Result<Vec<(String, u64)>, String> {
    let mut stamps: Vec<(String, u64)> = records()
        .await?
        .iter()
        .filter_map(|v| {
            let name = Reflect::get(&v, &"name".into()).ok()?.as_string()?;
            Some((name, Reflect::get(&v, &"loaded_at".into()).ok()?.as_f64()? as u64))
        })
        .collect();
    stamps.sort();
    Ok(stamps)
}

/// The lists' infos (not their hashes).
async fn records() -> Result<Array, String> {
    let (db, tx) = transaction(&[STORE], IdbTransactionMode::Readonly).await?;
    let outcome = async { done(&tx.object_store(STORE).map_err(describe)?.get_all().map_err(describe)?).await }.await;
    db.close();
    Ok(Array::from(&outcome?))
}

/// Keeps a list (replacing one of the same name): its info and its hashes' text.
pub async fn put(info: &HashListInfo, text: &str) -> Result<(), String> {
    let (db, tx) = transaction(&[STORE, TEXTS], IdbTransactionMode::Readwrite).await?;
    let outcome = async {
        let json = serde_json::to_string(info).map_err(|e| e.to_string())?;
        let record = js_sys::Object::new();
        set(&record, "name", &info.name.as_str().into())?;
        set(&record, "category", &info.category.clone().unwrap_or_default().into())?;
        set(&record, "hashes", &(info.hashes as f64).into())?;
        set(&record, "malformed", &(info.malformed as f64).into())?;
        set(&record, "loaded_at", &(info.loaded_at as f64).into())?;
        set(&record, "info", &json.into())?;
        tx.object_store(STORE).map_err(describe)?.put(&record).map_err(describe)?;
        let hashes = js_sys::Object::new();
        set(&hashes, "name", &info.name.as_str().into())?;
        set(&hashes, "text", &text.into())?;
        tx.object_store(TEXTS).map_err(describe)?.put(&hashes).map_err(describe)?;
        complete(&tx).await
    }
    .await;
    db.close();
    outcome
}

/// Forgets the list `name`.
pub async fn delete(name: &str) -> Result<(), String> {
    let (db, tx) = transaction(&[STORE, TEXTS], IdbTransactionMode::Readwrite).await?;
    let outcome = async {
        for store in [STORE, TEXTS] {
            tx.object_store(store).map_err(describe)?.delete(&name.into()).map_err(describe)?;
        }
        complete(&tx).await
    }
    .await;
    db.close();
    outcome
}
