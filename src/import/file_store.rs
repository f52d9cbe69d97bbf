//! The imported files, kept in the browser's IndexedDB (database `tapis`, store `imports`) so that imports outlive
//! a reload and a browser restart. Plain async functions over IndexedDB: no Leptos and no view here.
//!
//! IndexedDB, not `localStorage`, because a `File` is stored as it is, by structured clone: the browser keeps the
//! bytes on disk and the page never reads a 100 MB export into memory to save it; and its quota is a share of the
//! disk, not `localStorage`'s 5 MB of strings. `docs/storage.md` says what is kept where.
//!
//! WebKit in a private window (and under WebDriver, which runs it so) refuses `Blob`s in IndexedDB. There, and
//! for imports of up to [`BYTES_FALLBACK_LIMIT`], each file is kept as its bytes (an `ArrayBuffer`, held by the
//! page's JavaScript for the time of the write, never copied into WebAssembly memory) and made a `File` again when
//! listed.
//!
//! Each call opens the database, runs one transaction and closes it again, so that nothing holds a connection
//! open between calls (a newer version of the app, or a test deleting the database, is never blocked). Writes are
//! done when their transaction completes, not when their request succeeds.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::import::Request;

/// The database's name.
pub const DATABASE: &str = "tapis";
/// The object store holding the imports.
pub const STORE: &str = "imports";
/// The database's schema version (2: the blocklists' stores; 3: the hash lists' store).
const VERSION: u32 = 3;
/// The largest import kept as bytes where the browser refuses `File`s (bigger ones are not kept there).
pub const BYTES_FALLBACK_LIMIT: f64 = 64.0 * 1024.0 * 1024.0;

/// One import as kept: enough to run it again.
#[derive(Clone, Debug)]
pub struct Record {
    /// The files, as the browser gave them (stored as `File`s; the bytes are the browser's to keep).
    pub files: Vec<web_sys::File>,
    /// What the analyst asked for with them (stored as JSON).
    pub request: Request,
    /// The username the analyst gave each chat, by chat index.
    pub usernames: Vec<String>,
    /// Where it comes among the imports: records are listed by it, lowest first.
    pub order: f64,
}

/// A record with the id the store gave it.
#[derive(Clone, Debug)]
pub struct Stored {
    /// The record's key in the store (it grows with each record and is never reused).
    pub id: f64,
    /// The import.
    pub record: Record,
}

/// Stores a new import; its id.
pub async fn put(record: &Record) -> Result<f64, String> {
    let as_files = record.files.iter().collect::<Array>();
    match add(record, &as_files).await {
        Err(error) if !error.starts_with("QuotaExceededError") => {
            let size: f64 = record.files.iter().map(|f| f.size()).sum();
            if size > BYTES_FALLBACK_LIMIT {
                return Err(error);
            }
            // Most likely WebKit refusing Blobs (a private window): the bytes instead.
            let mut as_bytes = Vec::new();
            for file in &record.files {
                as_bytes.push(file_as_bytes(file).await?);
            }
            add(record, &as_bytes.into_iter().collect()).await.map_err(|again| format!("{error}; {again}"))
        }
        outcome => outcome,
    }
}

async fn add(record: &Record, files: &Array) -> Result<f64, String> {
    let value = js_sys::Object::new();
    set(&value, "order", &record.order.into())?;
    set(&value, "files", files)?;
    let request = serde_json::to_string(&record.request).map_err(|e| e.to_string())?;
    set(&value, "request", &request.into())?;
    set(&value, "usernames", &strings(&record.usernames))?;
    let (db, tx, store) = open(IdbTransactionMode::Readwrite).await?;
    let added = store.add(&value).map_err(describe);
    let outcome = match added {
        Ok(added) => complete(&tx).await.and_then(|()| added.result().map_err(describe)),
        Err(error) => Err(error),
    };
    db.close();
    outcome?.as_f64().ok_or_else(|| "the store gave no id".to_owned())
}

/// Replaces the chats' usernames of the import `id` (nothing happens when it is gone).
pub async fn update_usernames(id: f64, usernames: &[String]) -> Result<(), String> {
    let (db, tx, store) = open(IdbTransactionMode::Readwrite).await?;
    let outcome = async {
        let read = store.get(&id.into()).map_err(describe)?;
        // Written in the read's own success handler, while the transaction is surely still active.
        let usernames = strings(usernames);
        let write = {
            let (read, store) = (read.clone(), store.clone());
            Closure::once(move |_: JsValue| {
                let Ok(value) = read.result() else { return };
                if value.is_object() && Reflect::set(&value, &"usernames".into(), &usernames).is_ok() {
                    let _ = store.put(&value);
                }
            })
        };
        read.set_onsuccess(Some(write.as_ref().unchecked_ref()));
        complete(&tx).await
    }
    .await;
    db.close();
    outcome
}

/// Forgets the import `id`.
pub async fn delete(id: f64) -> Result<(), String> {
    let (db, tx, store) = open(IdbTransactionMode::Readwrite).await?;
    let outcome = match store.delete(&id.into()) {
        Ok(_) => complete(&tx).await,
        Err(error) => Err(describe(error)),
    };
    db.close();
    outcome
}

/// Every stored import, in order. A record this version cannot read is left out (and said so on the console).
pub async fn list() -> Result<Vec<Stored>, String> {
    let (db, _tx, store) = open(IdbTransactionMode::Readonly).await?;
    let outcome = match store.get_all() {
        Ok(all) => done(&all).await,
        Err(error) => Err(describe(error)),
    };
    db.close();
    let mut stored: Vec<Stored> = Array::from(&outcome?)
        .iter()
        .filter_map(|value| {
            let read = read_record(&value);
            if let Err(error) = &read {
                leptos::logging::warn!("Tapis: a stored import cannot be read and is left out: {error}");
            }
            read.ok()
        })
        .collect();
    stored.sort_by(|a, b| a.record.order.total_cmp(&b.record.order).then(a.id.total_cmp(&b.id)));
    Ok(stored)
}

/// Forgets every stored import.
pub async fn clear() -> Result<(), String> {
    let (db, tx, store) = open(IdbTransactionMode::Readwrite).await?;
    let outcome = match store.clear() {
        Ok(_) => complete(&tx).await,
        Err(error) => Err(describe(error)),
    };
    db.close();
    outcome
}

/// Asks the browser to keep the site's data under storage pressure (`navigator.storage.persist()`), once per
/// page. Best effort: whether it agrees, or has no such call, changes nothing else.
pub fn ask_to_persist() {
    thread_local! {
        static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if ASKED.replace(true) {
        return;
    }
    let Ok(navigator) = Reflect::get(&js_sys::global(), &"navigator".into()) else { return };
    let Ok(storage) = Reflect::get(&navigator, &"storage".into()) else { return };
    let Ok(persist) = Reflect::get(&storage, &"persist".into()) else { return };
    if let Ok(persist) = persist.dyn_into::<Function>() {
        // A rejection is as good as a refusal.
        if let Ok(promise) = persist.call0(&storage).and_then(|p| p.dyn_into::<Promise>()) {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }
}

fn read_record(value: &JsValue) -> Result<Stored, String> {
    let get = |name: &str| Reflect::get(value, &name.into()).map_err(describe);
    let id = get("id")?.as_f64().ok_or("no id")?;
    let order = get("order")?.as_f64().unwrap_or(id);
    let files = Array::from(&get("files")?).iter().map(file_from).collect::<Result<Vec<_>, _>>()?;
    let request = get("request")?.as_string().ok_or("no request")?;
    let request: Request = serde_json::from_str(&request).map_err(|e| format!("request: {e}"))?;
    let usernames = Array::from(&get("usernames")?).iter().map(|u| u.as_string().unwrap_or_default()).collect();
    Ok(Stored { id, record: Record { files, request, usernames, order } })
}

/// A file as `{name, type, lastModified, bytes}`, for a browser that refuses to store it as it is.
async fn file_as_bytes(file: &web_sys::File) -> Result<JsValue, String> {
    let bytes = JsFuture::from(file.array_buffer()).await.map_err(describe)?;
    let value = js_sys::Object::new();
    set(&value, "name", &file.name().into())?;
    set(&value, "type", &file.type_().into())?;
    set(&value, "lastModified", &file.last_modified().into())?;
    set(&value, "bytes", &bytes)?;
    Ok(value.into())
}

/// A stored file: a `File`, or one kept as its bytes.
fn file_from(value: JsValue) -> Result<web_sys::File, String> {
    let value = match value.dyn_into::<web_sys::File>() {
        Ok(file) => return Ok(file),
        Err(value) => value,
    };
    let get = |name: &str| Reflect::get(&value, &name.into()).map_err(describe);
    let bytes = get("bytes")?;
    if !bytes.is_instance_of::<js_sys::ArrayBuffer>() {
        return Err("a stored file is neither a File nor bytes".into());
    }
    let options = web_sys::FilePropertyBag::new();
    options.set_type(&get("type")?.as_string().unwrap_or_default());
    if let Some(modified) = get("lastModified")?.as_f64() {
        options.set_last_modified(modified);
    }
    let name = get("name")?.as_string().unwrap_or_default();
    web_sys::File::new_with_buffer_source_sequence_and_options(&Array::of1(&bytes), &name, &options).map_err(describe)
}

/// Opens the database (creating the store the first time) and starts a transaction on the store.
async fn open(mode: IdbTransactionMode) -> Result<(IdbDatabase, IdbTransaction, IdbObjectStore), String> {
    let db = open_database().await?;
    let started =
        db.transaction_with_str_and_mode(STORE, mode).and_then(|tx| tx.object_store(STORE).map(|store| (tx, store)));
    match started {
        Ok((tx, store)) => Ok((db, tx, store)),
        Err(error) => {
            db.close();
            Err(describe(error))
        }
    }
}

/// Opens the database, creating the stores it lacks: the imports', and the blocklists' (`links/store.rs`). Works
/// on the page and in a worker (IndexedDB is the global scope's, not the window's).
pub(crate) async fn open_database() -> Result<IdbDatabase, String> {
    let factory = Reflect::get(&js_sys::global(), &"indexedDB".into())
        .ok()
        .and_then(|f| f.dyn_into::<web_sys::IdbFactory>().ok())
        .ok_or("this browser offers no IndexedDB")?;
    let opening = factory.open_with_u32(DATABASE, VERSION).map_err(describe)?;
    let upgrade = Closure::<dyn FnMut(JsValue)>::new({
        let opening = opening.clone();
        move |_: JsValue| {
            let Ok(db) = opening.result().and_then(|db| db.dyn_into::<IdbDatabase>()) else {
                return;
            };
            for (name, key) in [
                (STORE, None),
                (crate::links::store::LISTS, Some("name")),
                (crate::links::store::SETS, Some("name")),
                (crate::hashlists::STORE, Some("name")),
                (crate::hashlists::TEXTS, Some("name")),
            ] {
                if !db.object_store_names().contains(name) {
                    let parameters = web_sys::IdbObjectStoreParameters::new();
                    match key {
                        Some(key) => parameters.set_key_path(&key.into()),
                        None => {
                            parameters.set_key_path(&"id".into());
                            parameters.set_auto_increment(true);
                        }
                    }
                    // An error here aborts the upgrade, and the open fails with it.
                    let _ = db.create_object_store_with_optional_parameters(name, &parameters);
                }
            }
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db: IdbDatabase = done(&opening).await?.dyn_into().map_err(|_| "the database did not open".to_owned())?;
    drop(upgrade);
    // Another tab's newer version, or a test deleting the database, waits for no one.
    let close = Closure::<dyn FnMut(JsValue)>::new({
        let db = db.clone();
        move |_: JsValue| db.close()
    });
    db.set_onversionchange(Some(close.as_ref().unchecked_ref()));
    close.forget();
    Ok(db)
}

/// A transaction over `stores` of the database, with the database to close when it is done.
pub(crate) async fn transaction(
    stores: &[&str],
    mode: IdbTransactionMode,
) -> Result<(IdbDatabase, IdbTransaction), String> {
    let db = open_database().await?;
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    match db.transaction_with_str_sequence_and_mode(&names, mode) {
        Ok(tx) => Ok((db, tx)),
        Err(error) => {
            db.close();
            Err(describe(error))
        }
    }
}

/// Waits for `request` to succeed; its result.
pub(crate) async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => request.result().map_err(describe),
        Err(_) => Err(request_error(request)),
    }
}

/// Waits for `tx` to commit; why it was aborted otherwise (a full disk says `QuotaExceededError`).
pub(crate) async fn complete(tx: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    outcome.map(|_| ()).map_err(|_| match tx.error() {
        Some(error) => format!("{}: {}", error.name(), error.message()),
        None => "the transaction was aborted".to_owned(),
    })
}

fn request_error(request: &IdbRequest) -> String {
    match request.error() {
        Ok(Some(error)) => format!("{}: {}", error.name(), error.message()),
        _ => "the request failed".to_owned(),
    }
}

pub(crate) fn describe(error: JsValue) -> String {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(error) => format!("{}: {}", error.name(), error.message()),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}

pub(crate) fn set(target: &js_sys::Object, name: &str, value: &JsValue) -> Result<(), String> {
    Reflect::set(target, &name.into(), value).map(|_| ()).map_err(describe)
}

fn strings(values: &[String]) -> Array {
    values.iter().map(|s| JsValue::from_str(s)).collect()
}
