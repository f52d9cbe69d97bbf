//! The user interface: one component per file, state shared through context newtypes.

mod annotation_fields;
mod app;
mod campaigns;
mod config_error;
mod evidence_view;
mod highlighted_text;
mod history;
mod import_panel;
mod imported;
mod inspector;
mod keyboard;
mod language_switch;
mod links;
mod message_card;
mod my_flags;
mod outbox_panel;
mod pack_panel;
mod paste_area;
mod photos;
mod queue;
mod review_panel;
mod rollups;
mod rules_scope;
mod source_field;
mod token_field;
mod triage;

use std::sync::Arc;

use leptos::prelude::*;
use tapis_engine::RuleSet;

use crate::config::Config;
use crate::host::HostBridge;
use crate::i18n::{Locale, Texts};

pub use crate::import::controller::{ChatUsernames, Controller, ImportControl, ImportStatus, Imports, Loaded};
pub use crate::import::keeper::{ImportKeeper, KeptImports, StoreTrouble};
pub use annotation_fields::{AnnotationFields, categories};
pub use app::App;
pub use campaigns::{CampaignView, Campaigns};
pub use config_error::ConfigError;
pub use evidence_view::{EvidenceView, evidence_pieces, safe_link};
pub use highlighted_text::HighlightedText;
pub use history::History;
pub use import_panel::{ImportPanel, text_file};
pub use imported::ImportedList;
pub use inspector::Inspector;
pub use keyboard::{KeyboardTriage, Selected};
pub use language_switch::LanguageSwitch;
pub use links::{Blocklists, FoundLinks, NewDomains, download};
pub use message_card::MessageCard;
pub use my_flags::MyFlags;
pub use outbox_panel::OutboxPanel;
pub use pack_panel::PackPanel;
pub use paste_area::PasteArea;
pub use photos::{
    LazyPanel, PanelOpen, Photo, PhotoSettings, PhotoTools, PhotoView, ServedSync, panels_with, sync_served,
};
pub use queue::Queue;
pub use review_panel::ReviewPanel;
pub use rollups::Rollups;
pub use rules_scope::RulesScope;
pub use source_field::SourceField;
pub use token_field::TokenField;
pub use triage::{Row, Triage};

/// The settings in force.
#[derive(Clone)]
pub struct AppConfig(pub Arc<Config>);

/// The compiled rules every component scans and explains with. Provided inside [`RulesScope`] only, from the
/// [`ActiveRules`]: a component that reads it must be rendered there.
#[derive(Clone)]
pub struct Rules(pub Arc<RuleSet>);

/// The rules in force, compiled from the [`PackChoices`]; set only once a new choice compiled.
#[derive(Clone, Copy)]
pub struct ActiveRules(pub RwSignal<Arc<RuleSet>>);

/// Counts changes to the blocklists kept: what found links against them finds them again when it changes.
#[derive(Clone, Copy)]
pub struct ListsVersion(pub RwSignal<u32>);

/// The analyst's choice of rule packs (imported packs, packs and rules switched off), as in force.
#[derive(Clone, Copy)]
pub struct PackChoices(pub RwSignal<crate::packs::PackChoice>);

/// The interface language.
#[derive(Clone, Copy)]
pub struct Lang(pub RwSignal<Locale>);

impl Lang {
    /// The labels in the current language (tracked: views update when the language changes).
    pub fn texts(&self) -> &'static Texts {
        self.0.get().texts()
    }
}

/// The analyst's API token, if known.
#[derive(Clone, Copy)]
pub struct Token(pub RwSignal<Option<String>>);

/// Who the token belongs to and their role, once the server said (`GET /api/v1/me`).
#[derive(Clone, Copy)]
pub struct Me(pub Signal<Option<tapis_wire::Identity>>);

/// A flag's target in a few words: the chat and message link, the channel, or the account.
pub fn describe_target(target: &tapis_wire::Target) -> String {
    let chat = |chat: &tapis_wire::Chat| {
        chat.username
            .as_ref()
            .map(|u| format!("@{u}"))
            .or_else(|| chat.title.clone())
            .or_else(|| chat.id.map(|id| id.to_string()))
            .unwrap_or_default()
    };
    match target {
        tapis_wire::Target::Message(m) => match &m.link {
            Some(link) => format!("{} · {link}", chat(&m.chat)),
            None => chat(&m.chat),
        },
        tapis_wire::Target::Channel(c) => chat(&c.chat),
        tapis_wire::Target::Account(a) => {
            let account = &a.account;
            account
                .username
                .as_ref()
                .map(|u| format!("@{u}"))
                .or_else(|| account.name.clone())
                .or_else(|| account.id.clone())
                .unwrap_or_default()
        }
    }
}

/// The `postMessage` channel to the host page.
#[derive(Clone)]
pub struct Host(pub Arc<HostBridge>);

/// Where the pasted messages come from, as the analyst wrote it (`@username`, a `t.me` link or a title).
#[derive(Clone, Copy)]
pub struct SourceChat(pub RwSignal<String>);

/// The text the analyst pasted.
#[derive(Clone, Copy)]
pub struct Pasted(pub RwSignal<String>);

/// The triage desk's decisions and journal, in one signal (see `desk`).
#[derive(Clone, Copy)]
pub struct DeskState(pub RwSignal<crate::desk::Desk>);

pub use crate::desk::{Decision, Notice};
