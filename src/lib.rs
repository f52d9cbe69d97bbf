//! Tapis in the browser: paste channel content, see every match highlighted, confirm or reject, post flags.
//!
//! The rules engine runs here, in WebAssembly, so nothing leaves the browser until the analyst confirms a flag.
//! `workspace` holds the plain logic (testable without a DOM), `api` talks to the server, `ui` renders.

pub mod api;
pub mod ui;
pub mod workspace;

pub use ui::App;
