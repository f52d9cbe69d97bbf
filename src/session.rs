//! The analyst's session in the browser: the pasted text, the source chat, every decision and its journal (the
//! undo history), kept in the browser's `localStorage` (as the outbox is) so that a reload or a closed tab loses
//! nothing. Imports are kept apart, in IndexedDB (`file_store`), and read again at start: their messages keep their
//! keys, so their decisions come back.
//!
//! `localStorage` because the data is small (the text area takes at most a megabyte; bigger pastes become
//! imports), it is synchronous, so nothing is lost between a change and an asynchronous write, and it works in
//! every engine. Writes wait for a pause in typing.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::desk::{Decision, Journal};
use crate::message_key::MessageKey;

/// The storage key.
pub const KEY: &str = "tapis.session.v1";

/// What is kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The pasted text.
    pub pasted: String,
    /// The source chat, as typed.
    pub source: String,
    /// Every decision, by message key.
    pub decisions: HashMap<MessageKey, Decision>,
    /// Every decision with its time, and what can be undone and redone.
    #[serde(default)]
    pub journal: Journal,
}

impl Session {
    /// The saved session; an empty one when there is none or it cannot be read.
    pub fn load() -> Session {
        crate::stored::load(KEY)
    }

    /// Saves the session; why not, when the browser refuses (storage full or disabled).
    pub fn save(&self) -> Result<(), String> {
        crate::stored::save(KEY, self)
    }

    /// Forgets the saved session.
    pub fn clear() {
        crate::stored::forget(KEY);
    }
}
