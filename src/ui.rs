//! The user interface: one component per file, state shared through context newtypes.

mod app;
mod highlighted_text;
mod message_card;
mod paste_area;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use tapis_engine::RuleSet;
use tapis_wire::Flag;

pub use app::App;
pub use highlighted_text::HighlightedText;
pub use message_card::MessageCard;
pub use paste_area::PasteArea;

/// The compiled rules every component scans and explains with.
#[derive(Clone)]
pub struct Rules(pub Arc<RuleSet>);

/// The text the analyst pasted.
#[derive(Clone, Copy)]
pub struct Pasted(pub RwSignal<String>);

/// The analyst's decision on each message, by message key.
#[derive(Clone, Copy)]
pub struct Decisions(pub RwSignal<HashMap<String, Decision>>);

/// What the analyst decided about one message, and where its flag is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Not decided yet.
    Open,
    /// Rejected as a false positive.
    Rejected,
    /// Confirmed; the flag is on its way to the server.
    Sending(Flag),
    /// Confirmed and stored by the server.
    Delivered(Flag),
    /// Confirmed, but posting failed; retrying sends the same flag (same id).
    Failed(Flag, String),
}

impl Decision {
    /// A short name for styling and tests.
    pub fn state(&self) -> &'static str {
        match self {
            Decision::Open => "open",
            Decision::Rejected => "rejected",
            Decision::Sending(_) => "sending",
            Decision::Delivered(_) => "delivered",
            Decision::Failed(..) => "failed",
        }
    }
}
