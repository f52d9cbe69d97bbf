//! Entry point of the browser app. `boot.js` calls [`mount`] with the app's URL once the module is loaded, so
//! that the app works from any path and embedded in other pages.

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    console_error_panic_hook::set_once();
}

/// Mounts Tapis; exported from the binary itself, since exports of a library crate are not linked in.
#[wasm_bindgen]
pub fn mount(app_base: String) {
    tapis_app::host::mount(app_base);
}
