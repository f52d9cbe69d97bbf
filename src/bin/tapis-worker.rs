//! The worker's module: the import job (the export parsers and the scan of every message), which the page's own
//! module does not carry, so that the first load stays small. `worker.js` loads it in a Web Worker and calls
//! [`worker_start`]; where no worker can start, the page loads it and calls [`run_on_page`].

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    console_error_panic_hook::set_once();
}

/// Starts the import worker's side (`worker.js` calls it in a module worker).
#[wasm_bindgen]
pub fn worker_start() {
    tapis_app::import::worker::start();
}

/// An imported pack's TOML, checked, as the JSON the page reads; throws the engine's message (naming the file,
/// the rule, the field and the line) when it is no valid pack. The page calls it when the analyst imports a pack.
#[wasm_bindgen]
pub fn pack_json(name: &str, toml: &str) -> Result<String, String> {
    tapis_app::packs::checked_json_here(name, toml)
}

/// The watchlist's TOML (empty for none) with a change made (`change`: a [`tapis_app::watchlist::Change`] as
/// its `encode` wrote it): its TOML, empty when no entry is left. The page calls it when a campaign is confirmed, an entry removed
/// or a colleague's watchlist imported.
#[wasm_bindgen]
pub fn watch(current: &str, change: &str) -> Result<String, String> {
    tapis_app::watchlist::edit_here(current, &tapis_app::watchlist::Change::decode(change)?)
}

/// The links of pasted messages: `texts` a JSON array of their texts; a JSON array of each one's links with their
/// status against the blocklists kept (the page calls it when the paste changes).
#[wasm_bindgen]
pub async fn paste_links(texts: String) -> Result<String, String> {
    let texts: Vec<String> = serde_json::from_str(&texts).map_err(|e| e.to_string())?;
    let links = tapis_app::import::worker::links_of_texts(texts).await?;
    serde_json::to_string(&links).map_err(|e| e.to_string())
}

/// Runs one import job on the page: `message` as the page would post it to the worker, `on_event` called with each
/// event as JSON, `cancelled` asked between slices. The promise resolves when the job has ended.
#[wasm_bindgen]
pub async fn run_on_page(message: wasm_bindgen::JsValue, on_event: js_sys::Function, cancelled: js_sys::Function) {
    tapis_app::import::worker::run_on_page(message, on_event, cancelled).await;
}

/// A panel the first paint does not need, made in `container`: `photos` (hash lists, threshold, how photos are
/// shown; `options` the packs' categories) or `blocklists` (`options` the import worker's script); `locale` a
/// language tag, `on_change` called with what changed. The page calls it when the analyst first unfolds one.
#[wasm_bindgen]
pub fn panel(name: &str, container: web_sys::Element, options: Vec<String>, locale: &str, on_change: js_sys::Function) {
    let locale = tapis_app::i18n::Locale::from_tag(locale);
    tapis_app::photo_panel::open(name, &container, &options, locale, on_change);
}

/// Keeps the server's blocklists whose sets changed (`tapis serve --blocklist`); whether any did. The page calls it
/// once a token is given.
#[wasm_bindgen]
pub async fn sync_blocklists(api_base: String, token: String, locale: String) -> Result<bool, String> {
    tapis_app::links::panel::sync_served(&api_base, &token, tapis_app::i18n::Locale::from_tag(&locale)).await
}

/// The files under dropped folders' entries (`entries`, from the drop's `webkitGetAsEntry`), each named by its path
/// in the drop. The page calls it when a folder is dropped.
#[wasm_bindgen]
pub async fn walk_folders(entries: js_sys::Array) -> js_sys::Array {
    tapis_app::import::folders::walk_here(entries.iter().collect()).await.into_iter().collect()
}
