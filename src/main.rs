//! Entry point of the browser app. `boot.js` calls [`mount`] with the app's URL once the module is loaded, so
//! that the app works from any path and embedded in other pages.

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    console_error_panic_hook::set_once();
}

/// Mounts Tapis; exported from the binary itself, since exports of a library crate are not linked in.
/// `worker_script` is the URL of `worker.js`, which runs imports off the page's thread in the worker's own module
/// (`src/bin/tapis-worker.rs`); `load_worker_module` loads that module on the page, for where no worker starts.
#[wasm_bindgen]
pub fn mount(app_base: String, worker_script: Option<String>, load_worker_module: Option<js_sys::Function>) {
    tapis_app::host::mount(app_base, worker_script, load_worker_module);
}
