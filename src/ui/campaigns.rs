//! The campaign view beside the queue: the imported messages grouped by the brand, domain, Telegram account, phone
//! number or template they share (`crate::campaigns`, over the keys the import's job computed in the worker),
//! largest first, each with its keys, messages, chats, senders, first and last seen. Opening one filters the queue
//! to its messages and ticks its open ones (the queue's marks); confirming or rejecting the campaign decides the
//! ticked open messages in one bulk action, which one `u` undoes. `[` and `]` open the previous and next campaign,
//! `A` and `X` confirm and reject the open one.

use std::sync::Arc;

use leptos::prelude::*;

use super::pack_panel::Packs;
use super::{Imports, Lang, Loaded, Triage};
use crate::campaigns::{Member, Summary, summarise, to_decide};
use crate::desk::{Annotation, Filter, Matches, Reason};
use crate::packs::PackChoice;
use crate::watchlist::Change;

/// Campaigns shown in the list; the rest are counted.
const SHOWN: usize = 50;

/// The campaigns and the one open, shared by the view and the keys.
#[derive(Clone, Copy)]
pub struct CampaignView {
    /// The campaigns of the imports read with the rules in force, largest first.
    pub list: Memo<Arc<Vec<Summary>>>,
    /// The open campaign, by its name (first key).
    pub open: RwSignal<Option<String>>,
    triage: Triage,
    /// Where a confirmed campaign's keys are learned (the watchlist, among the packs).
    packs: StoredValue<Packs, LocalStorage>,
}

/// The campaigns of the imports read with `choice`, as their jobs grouped them (one campaign where imports share
/// its first key), largest first.
fn grouped(imports: &[Arc<Loaded>], choice: &PackChoice) -> Vec<Summary> {
    let read: Vec<&Arc<Loaded>> =
        imports.iter().filter(|l| &l.request.choice == choice && !l.summary.campaigns.is_empty()).collect();
    let labels: Vec<Vec<String>> =
        read.iter().map(|l| l.summary.chats.iter().map(crate::workspace::chat_label).collect()).collect();
    let mut each = Vec::new();
    for (loaded, labels) in read.iter().zip(&labels) {
        let members: Vec<Member<'_>> = (loaded.messages.iter())
            .map(|found| {
                let message = &found.message;
                Member {
                    key: message.key.into(),
                    chat: labels.get(message.chat).map_or("", String::as_str),
                    sender: message.sender.id.as_deref().or(message.sender.name.as_deref()),
                    date: message.date.map(|d| d.seconds),
                }
            })
            .collect();
        // The summary counts messages in input order; the import keeps them most severe first.
        let mut grouped = loaded.summary.grouped();
        for campaign in &mut grouped {
            for i in &mut campaign.messages {
                *i = loaded.position.get(*i as usize).copied().unwrap_or(u32::MAX);
            }
        }
        each.push((grouped, members));
    }
    summarise(&each)
}

impl CampaignView {
    /// The campaigns of the imports read with `choice`, deciding through `triage`.
    pub fn new(triage: Triage, choice: PackChoice) -> CampaignView {
        let imports = expect_context::<Imports>().0;
        let list = Memo::new(move |_| Arc::new(imports.with(|i| grouped(i, &choice))));
        let packs = StoredValue::new_local(expect_context::<Packs>());
        let open = expect_context::<super::keyboard::DeskView>().campaign;
        // A later import that joins the open campaign grows it: the queue shows its new messages too, the open
        // ones among them ticked (those the analyst unticked stay so).
        let (filter, marked, desk) = (triage.filter, triage.marked, triage.desk);
        Effect::new(move |_| {
            let Some(name) = open.get() else { return };
            let Some(members) = list.with(|l| l.iter().find(|c| c.name() == name).map(|c| c.messages.clone())) else {
                return;
            };
            let added: Vec<_> = filter.with_untracked(|f| {
                let only = f.only.as_ref();
                only.map(|only| members.iter().filter(|k| !only.contains(k)).copied().collect()).unwrap_or_default()
            });
            if added.is_empty() {
                return;
            }
            filter.update(|f| f.only = Some(Arc::new(members.iter().copied().collect())));
            let open_added = desk.with_untracked(|d| d.open(&added));
            marked.update(|m| m.extend(open_added));
        });
        // What undo and redo do to the watchlist, in order.
        let steps = triage.watch_steps;
        Effect::new(move |_| {
            if steps.with(Vec::is_empty) {
                return;
            }
            let changes = steps.try_update_untracked(std::mem::take).unwrap_or_default();
            let packs = packs.get_value();
            wasm_bindgen_futures::spawn_local(async move {
                for change in changes {
                    packs.change_watchlist_as(change).await;
                }
            });
        });
        CampaignView { list, open, triage, packs }
    }

    /// The open campaign, if it is still found and the queue still shows it (tracked: the queue's filters cleared,
    /// no campaign is open).
    pub fn current(&self) -> Option<Summary> {
        if self.triage.filter.with(|f| f.only.is_none()) {
            return None;
        }
        let name = self.open.get()?;
        self.list.with(|list| list.iter().find(|c| c.name() == name).cloned())
    }

    fn current_untracked(&self) -> Option<Summary> {
        untrack(|| self.current())
    }

    /// Opens campaign `index`: the queue shows its messages (with matches or not), its open ones ticked, the first
    /// selected.
    pub fn open_at(&self, index: usize) {
        let Some(campaign) = self.list.with_untracked(|list| list.get(index).cloned()) else { return };
        let only = campaign.messages.iter().copied().collect();
        self.triage.filter.set(Filter { matches: Matches::All, only: Some(Arc::new(only)), ..Filter::default() });
        let open = self.triage.desk.with_untracked(|d| d.open(&campaign.messages));
        self.triage.marked.set(open.into_iter().collect());
        self.open.set(Some(campaign.name().to_owned()));
        if let Some(first) = self.triage.first_shown() {
            self.triage.select(first);
        }
    }

    /// Opens the next (`step` 1) or previous (-1) campaign; the first when none is open.
    pub fn step(&self, step: isize) {
        let len = self.list.with_untracked(|list| list.len().min(SHOWN));
        if len == 0 {
            return;
        }
        let current = self
            .current_untracked()
            .and_then(|open| self.list.with_untracked(|list| list.iter().position(|c| c.name() == open.name())));
        let index = match current {
            None => 0,
            Some(i) => (i as isize + step).clamp(0, len as isize - 1) as usize,
        };
        self.open_at(index);
    }

    /// Closes the open campaign: the queue shows everything again, nothing ticked.
    pub fn close(&self) {
        if self.open.get_untracked().is_none() {
            return;
        }
        self.open.set(None);
        self.triage.filter.set(Filter::default());
        self.triage.marked.set(Default::default());
    }

    /// Confirms (or rejects) the open campaign's messages to decide at once, its open ones still ticked, in one
    /// decision. A confirmed campaign's brand, domain, Telegram and phone keys go on the watchlist, with the first
    /// flag's category; undoing the decision takes them off again (each key's entry as it was before).
    pub fn decide(&self, confirm: bool) {
        let Some(campaign) = self.current_untracked() else { return };
        let keys = self.triage.desk.with_untracked(|d| {
            self.triage.marked.with_untracked(|marked| to_decide(&campaign, |k| d.decision(k).is_open(), marked))
        });
        if keys.is_empty() {
            return;
        }
        if confirm {
            let category = self.triage.confirmed(&keys, Annotation::default(), true);
            if crate::watchlist::learns_from(&campaign.keys) {
                let change = Change::Learn {
                    keys: campaign.keys,
                    category: category.unwrap_or_default(),
                    date: crate::watchlist::today(),
                    messages: keys.len(),
                };
                let packs = self.packs.get_value();
                // Kept with the decision: one `u` takes back the confirmation and what it taught.
                let learned = crate::watchlist::Learned::new(&change, &packs.watchlist_now());
                let learn = learned.redo().unwrap_or_default().to_owned();
                self.triage.desk.update(|desk| desk.learned(learned));
                wasm_bindgen_futures::spawn_local(async move { packs.change_watchlist_as(learn).await });
            }
        } else {
            self.triage.reject(&keys, Reason::NotNegative, None, true);
        }
        self.triage.marked.set(Default::default());
    }
}

/// A date as the list shows it.
fn day(seconds: Option<i64>) -> String {
    let Some(seconds) = seconds else { return "–".to_owned() };
    let shown = tapis_ingest::Date::utc(seconds).to_string();
    shown.get(..10).map_or_else(|| shown.clone(), str::to_owned)
}

/// The campaign list, and the open campaign's actions. Lean on purpose: each part is one closure over plain
/// text (the first load's budget).
#[component]
pub fn Campaigns() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let view_state = expect_context::<CampaignView>();
    let triage = expect_context::<Triage>();
    let list = view_state.list;
    let heading = move || {
        let texts = lang.texts();
        let (n, hidden) = list.with(|l| (l.len(), l.len().saturating_sub(SHOWN)));
        let more = if hidden == 0 { String::new() } else { format!(" · {}", (texts.campaigns_more)(hidden)) };
        format!("{} ({n}){more}", texts.campaigns)
    };
    let note = move || {
        let texts = lang.texts();
        if list.with(|l| l.is_empty()) { texts.campaigns_none } else { texts.campaigns_note }
    };
    // The open campaign: its keys, and one decision on its open messages still ticked.
    let actions = move || {
        let campaign = view_state.current()?;
        let texts = lang.texts();
        let n = triage
            .desk
            .with(|d| triage.marked.with(|marked| to_decide(&campaign, |k| d.decision(k).is_open(), marked).len()));
        Some(view! {
            <div class="campaign-actions" role="group" data-testid="campaign-actions">
                <code class="campaign-key" data-testid="open-campaign">{campaign.label()}</code>
                <p class="hint">{texts.campaign_open_hint}</p>
                <button type="button" data-testid="confirm-campaign" disabled=n == 0
                    on:click=move |_| view_state.decide(true)>{(texts.confirm_campaign)(n)}</button>
                <button type="button" data-testid="reject-campaign" disabled=n == 0
                    on:click=move |_| view_state.decide(false)>{(texts.reject_campaign)(n)}</button>
                <button type="button" data-testid="close-campaign"
                    on:click=move |_| view_state.close()>{texts.close_campaign}</button>
            </div>
        })
    };
    // One option per campaign (the same element as the queue's filter options), in a list box: the arrow keys
    // move through it, and choosing one opens it.
    let rows = move || {
        let texts = lang.texts();
        list.with(|list| {
            list.iter()
                .take(SHOWN)
                .enumerate()
                .map(|(i, c)| {
                    let text = format!(
                        "{} · {} · {}",
                        c.label(),
                        (texts.campaign_stats)(c.messages.len(), c.chats, c.senders),
                        (texts.campaign_seen)(&day(c.first), &day(c.last))
                    );
                    view! { <option value=i.to_string()>{text}</option> }
                })
                .collect_view()
        })
    };
    let chosen = move || {
        let found = view_state.current().and_then(|open| list.with(|l| l.iter().position(|c| c.name() == open.name())));
        found.map(|i| i.to_string()).unwrap_or_default()
    };
    view! {
        <details class="campaigns" data-testid="campaigns" open>
            <summary>{heading}</summary>
            <p class="hint">{note}</p>
            {actions}
            <select class="campaign-list" data-testid="campaign-list" size="6" aria-label=move || lang.texts().campaigns
                prop:value=chosen
                on:change=move |ev| match event_target_value(&ev).parse() {
                    Ok(i) => view_state.open_at(i),
                    Err(_) => view_state.close(),
                }>
                {rows}
            </select>
        </details>
    }
}
