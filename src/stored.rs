//! Values kept as JSON in the browser's `localStorage`: the session, the rule packs chosen, the outbox. One place
//! reads and writes them, so each says only its key and its type.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The page's `localStorage`, when the browser gives one (not in some private modes, or when disabled).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The value saved under `key`; the default when there is none or it cannot be read.
pub fn load<T: DeserializeOwned + Default>(key: &str) -> T {
    local_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Saves `value` under `key`; why not, when the browser refuses (storage full or disabled).
pub fn save<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), String> {
    let storage = local_storage().ok_or("this browser keeps no local storage")?;
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    storage.set_item(key, &json).map_err(|e| format!("{e:?}"))
}

/// Forgets what is saved under `key`.
pub fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
