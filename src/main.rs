//! Entry point of the browser app. `boot.js` calls [`mount`] with the app's URL once the module is loaded, so
//! that the app works from any path and embedded in other pages.

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    console_error_panic_hook::set_once();
}

/// Mounts Tapis; exported from the binary itself, since exports of a library crate are not linked in.
/// `worker_script` is the URL of `worker.js`, which runs imports off the page's thread.
#[wasm_bindgen]
pub fn mount(app_base: String, worker_script: Option<String>) {
    tapis_app::host::mount(app_base, worker_script);
}

/// Starts the import worker's side (`worker.js` calls it in a module worker).
#[wasm_bindgen]
pub fn worker_start() {
    tapis_app::import::worker::start();
}
