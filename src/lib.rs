//! Tapis in the browser: paste channel content, see every match highlighted, confirm or reject, post flags.
//!
//! The rules engine runs here, in WebAssembly, so nothing leaves the browser until the analyst confirms a flag.
//! `workspace`, `desk` (the triage desk's rules) and `import` hold the plain logic (testable without a DOM), `config` and `i18n` the
//! settings and labels, `outbox` keeps confirmed flags until delivered, `packs` the rule packs chosen, `stored`
//! what is kept in `localStorage`, `file_store` the imported files (IndexedDB), `api` talks to the server, `host`
//! to the page around the app, `worker` and `importer` run imports off the page's thread, `ui` renders.

pub mod api;
pub mod config;
pub mod desk;
pub mod file_store;
pub mod host;
pub mod i18n;
pub mod import;
pub mod importer;
pub mod message_key;
pub mod outbox;
pub mod packs;
pub mod session;
pub mod stored;
pub mod ui;
pub mod worker;
pub mod workspace;

pub use ui::App;
