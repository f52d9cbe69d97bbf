//! Entry point of the browser app. Mounting waits for `boot.js` to call `mount` with the app's URL
//! (see `tapis_app::host::mount`), so that the app works from any path and embedded in other pages.

fn main() {
    console_error_panic_hook::set_once();
}
