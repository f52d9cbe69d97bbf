//! Tapis in the browser: paste channel content, see every match highlighted, confirm or reject, post flags.
//!
//! The rules engine runs here, in WebAssembly, so nothing leaves the browser until the analyst confirms a flag.
//! `workspace`, `desk` (the triage desk's rules) and `message_key` hold plain logic (testable without a DOM);
//! `import` reads files as jobs (plain), runs them in a worker or on the page and keeps them (IndexedDB); `config`
//! and `i18n` the settings and labels; `outbox` keeps confirmed flags until delivered; `packs` the rule packs
//! chosen; `session` and `stored` what is kept in `localStorage`; `api` talks to the server, `host` to the page
//! around the app; `ui` renders. `docs/app.md` maps them.

pub mod api;
pub mod campaigns;
pub mod config;
pub mod desk;
pub mod hashlists;
pub mod host;
pub mod i18n;
pub mod import;
pub mod links;
pub mod message_key;
pub mod outbox;
pub mod packs;
pub mod photo_panel;
pub mod session;
pub mod stored;
pub mod ui;
pub mod watchlist;
pub mod workspace;

pub use ui::App;
