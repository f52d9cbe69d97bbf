//! Entry point of the browser app: mounts [`tapis_app::App`] on the page.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tapis_app::App);
}
