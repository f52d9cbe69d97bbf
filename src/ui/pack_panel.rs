//! The rule packs panel: every pack (built in or imported) and its rules, each with a switch; importing `.toml`
//! packs and removing them. A change compiles the rules first: one that does not compile (a broken file, a rule id
//! used twice) is shown with the engine's message, naming the file, the rule and the field, and changes nothing.
//! One that does becomes the page's rules ([`ActiveRules`]), is saved, and the imports are read again with it.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use tapis_engine::{Rule, RuleSet};
use wasm_bindgen_futures::JsFuture;

use super::{ActiveRules, AppConfig, Controller, ImportControl, Lang, PackChoices};
use crate::import::Request;
use crate::packs::{Origin, PackChoice, PackEntry};

/// What went wrong with the packs, for the analyst.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A change was refused; the engine's message.
    Refused(String),
    /// The saved choice no longer compiled at start; its imported packs were switched off.
    SavedBroken(String),
    /// The choice could not be saved.
    NotSaved(String),
}

/// Applies a new choice of packs: compiles it, and only if that works makes it the page's (saved, imports read
/// again). Shared by the packs panel and the campaign view (which teaches the watchlist): [`Packs::provide`].
#[derive(Clone)]
pub struct Packs {
    filter: Option<Vec<String>>,
    choice: RwSignal<PackChoice>,
    active: RwSignal<Arc<RuleSet>>,
    problems: RwSignal<Vec<Problem>>,
    control: StoredValue<Rc<Controller>, LocalStorage>,
}

impl Packs {
    /// Made from the page's packs, rules and imports, and given to the components below.
    pub fn provide() {
        provide_context(Packs {
            filter: expect_context::<AppConfig>().0.packs.clone(),
            choice: expect_context::<PackChoices>().0,
            active: expect_context::<ActiveRules>().0,
            problems: RwSignal::new(Vec::new()),
            control: expect_context::<ImportControl>().0,
        });
    }

    fn apply(&self, next: PackChoice) -> Result<(), String> {
        let rules = next.rules(self.filter.as_deref())?;
        self.active.set(Arc::new(rules));
        self.choice.set(next.clone());
        if let Err(error) = next.save() {
            self.problems.update(|p| p.push(Problem::NotSaved(error)));
        }
        let request = Request { packs: self.filter.clone(), choice: next, ..Request::default() };
        self.control.with_value(|c| c.rescan(&request));
        Ok(())
    }

    /// The watchlist's TOML now (empty for none).
    pub fn watchlist_now(&self) -> String {
        self.choice.with_untracked(|c| crate::watchlist::current(c).unwrap_or_default().to_owned())
    }

    /// The watchlist changed as `change` says, applied; why not, shown with the packs' problems.
    pub async fn change_watchlist(&self, change: crate::watchlist::Change) {
        self.change_watchlist_as(change.encode()).await;
    }

    /// [`Packs::change_watchlist`], the change encoded ([`crate::watchlist::Change::encode`]).
    pub async fn change_watchlist_as(&self, change: String) {
        let next = crate::watchlist::changed(&self.choice.get_untracked(), change).await;
        if self.choice.is_disposed() {
            return;
        }
        match next {
            // Learned again as it was: nothing to read again.
            Ok(next) if self.choice.with_untracked(|c| *c == next) => {}
            Ok(next) => {
                self.try_apply(next);
            }
            Err(error) => self.problems.update(|p| p.push(Problem::Refused(error))),
        }
    }

    /// Applies `next`, or shows why not.
    fn try_apply(&self, next: PackChoice) -> bool {
        match self.apply(next) {
            Ok(()) => true,
            Err(error) => {
                self.problems.update(|p| p.push(Problem::Refused(error)));
                false
            }
        }
    }
}

/// The collapsible rule packs panel. `notice`: why the saved choice could not be used at start, if it could not.
#[component]
pub fn PackPanel(notice: Option<String>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let packs = expect_context::<Packs>();
    if let Some(notice) = notice {
        packs.problems.update(|p| p.push(Problem::SavedBroken(notice)));
    }
    let entries = {
        let (choice, filter) = (packs.choice, packs.filter.clone());
        Memo::new(move |_| choice.with(|c| c.packs(filter.as_deref())).unwrap_or_default())
    };
    let active = packs.active;
    let summary = move || {
        let (on, all) = entries.with(|e| (e.iter().filter(|e| e.enabled).count(), e.len()));
        (lang.texts().packs_summary)(on, all, active.with(|r| r.len()))
    };
    let on_pick = {
        let packs = packs.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let files =
                input.files().map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.item(i)).collect());
            // The same file can be picked again after it was fixed.
            input.set_value("");
            let packs = packs.clone();
            packs.problems.set(Vec::new());
            wasm_bindgen_futures::spawn_local(async move { import_files(&packs, files).await });
        }
    };
    // Packs an older version kept without their JSON get it now, in the worker's module, and apply again.
    if packs.choice.with_untracked(|c| c.custom.iter().any(|f| f.json.is_empty())) {
        let packs = packs.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut next = packs.choice.get_untracked();
            if crate::packs::convert_old(&mut next).await && !packs.choice.is_disposed() {
                packs.try_apply(next);
            }
        });
    }
    let problems = packs.problems;
    let list = packs.clone();

    view! {
        <details class="packs" data-testid="pack-panel">
            <summary>
                <span class="packs-title">{move || lang.texts().packs_title}</span>
                " "
                <span class="packs-summary" data-testid="pack-summary">{summary}</span>
            </summary>
            <div class="packs-import">
                <label class="file-button">
                    <input
                        type="file"
                        multiple
                        accept=".toml,application/toml,text/plain"
                        data-testid="pack-file-input"
                        on:change=on_pick
                    />
                    <span>{move || lang.texts().import_pack}</span>
                </label>
                <span class="hint">{move || lang.texts().import_pack_hint}</span>
            </div>
            {move || {
                problems
                    .get()
                    .into_iter()
                    .map(|problem| {
                        let (label, message) = match problem {
                            Problem::Refused(m) => (lang.texts().pack_error, m),
                            Problem::SavedBroken(m) => (lang.texts().saved_packs_broken, m),
                            Problem::NotSaved(m) => (lang.texts().packs_not_saved, m),
                        };
                        view! {
                            <p class="field-error pack-error" data-testid="pack-error" role="alert">
                                <strong>{label}</strong>
                                ": "
                                {message}
                            </p>
                        }
                    })
                    .collect_view()
            }}
            <ul class="pack-list">
                <For
                    each=move || entries.get()
                    // The rules' descriptions too: the watchlist's change when a key is learned again.
                    key=|entry| (entry.pack.id.clone(), entry.pack.version.clone(), entry.pack.source_name.clone(), entry.pack.rules.iter().map(|r| r.description.as_str()).collect::<String>())
                    children=move |entry| view! { <PackItem entry packs=list.clone() /> }
                />
            </ul>
        </details>
    }
}

/// Reads pack files and applies them one by one: a broken one is reported, the others still apply.
async fn import_files(packs: &Packs, files: Vec<web_sys::File>) {
    for file in files {
        let name = file.name();
        let text = match JsFuture::from(file.text()).await {
            Ok(text) => text.as_string().unwrap_or_default(),
            Err(error) => {
                packs.problems.update(|p| p.push(Problem::Refused(format!("{name}: {error:?}"))));
                continue;
            }
        };
        let next = match crate::packs::checked_json(&name, &text).await {
            // A colleague's watchlist joins the one kept here, if there is one.
            Ok(json)
                if is_watchlist(&json) && packs.choice.with_untracked(|c| crate::watchlist::current(c).is_some()) =>
            {
                packs.change_watchlist(crate::watchlist::Change::Merge { toml: text }).await;
                continue;
            }
            Ok(json) => packs.choice.with_untracked(|c| c.with_pack(&name, &text, &json)),
            Err(error) => Err(error),
        };
        match next {
            Ok(next) => {
                packs.try_apply(next);
            }
            Err(error) => packs.problems.update(|p| p.push(Problem::Refused(error))),
        }
    }
}

/// Whether a pack's JSON is the watchlist's.
fn is_watchlist(json: &str) -> bool {
    tapis_engine::RulePack::from_json("", json).is_ok_and(|p| p.id == tapis_engine::campaign::WATCHLIST_ID)
}

/// One pack: its switch, id, version, rule count and origin, a remove button when imported, and its rules.
#[component]
fn PackItem(entry: PackEntry, packs: Packs) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let choice = packs.choice;
    let PackEntry { pack, origin, .. } = entry;
    let id = pack.id.clone();
    let enabled = {
        let id = id.clone();
        Memo::new(move |_| choice.with(|c| c.pack_enabled(&id)))
    };
    let on_toggle = {
        let (id, packs) = (id.clone(), packs.clone());
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let next = choice.with_untracked(|c| c.with_pack_enabled(&id, input.checked()));
            if !packs.try_apply(next) {
                input.set_checked(!input.checked());
            }
        }
    };
    let remove = match origin {
        Origin::BuiltIn => None,
        Origin::Imported { .. } => {
            let (pack_id, packs) = (id.clone(), packs.clone());
            let on_remove = move |_| {
                let next = choice.with_untracked(|c| c.without_pack(&pack_id));
                packs.try_apply(next);
            };
            Some(view! {
                <button type="button" class="pack-remove" data-testid="pack-remove" data-pack=id.clone() on:click=on_remove>
                    {move || lang.texts().remove_pack}
                </button>
            })
        }
    };
    let origin_label = move || match origin {
        Origin::BuiltIn => lang.texts().pack_built_in,
        Origin::Imported { replaces_built_in: false } => lang.texts().pack_imported,
        Origin::Imported { replaces_built_in: true } => lang.texts().pack_replaces_built_in,
    };
    // The watchlist: exported as the TOML it is kept as, for colleagues and `tapis scan --pack`.
    let watch = id == tapis_engine::campaign::WATCHLIST_ID;
    let export = watch.then(|| {
        let on_export = move |_| {
            if let Some(toml) = choice.with_untracked(|c| crate::watchlist::current(c).map(str::to_owned)) {
                super::links::download(crate::watchlist::FILE, "application/toml", &toml);
            }
        };
        view! {
            <button type="button" data-testid="export-watchlist" on:click=on_export>{move || lang.texts().export_toml}</button>
        }
    });
    let count = pack.rules.len();
    let title = if pack.name.is_empty() { pack.id.clone() } else { pack.name.clone() };
    let rules = pack
        .rules
        .into_iter()
        .map(|rule| view! { <RuleItem rule pack_on=enabled packs=packs.clone() watch /> })
        .collect_view();

    view! {
        <li class="pack" data-testid="pack" data-pack=id.clone() class:off=move || !enabled.get()>
            <div class="pack-header">
                <label class="pack-toggle">
                    <input
                        type="checkbox"
                        data-testid="pack-toggle"
                        data-pack=id.clone()
                        prop:checked=move || enabled.get()
                        on:change=on_toggle
                    />
                    <strong>{title}</strong>
                </label>
                <span class="pack-meta">
                    <code>{id.clone()}</code>
                    {format!(" · v{} · ", pack.version)}
                    {move || (lang.texts().pack_rules)(count)}
                    " · "
                    <span data-testid="pack-origin">{origin_label}</span>
                </span>
                {export}
                {remove}
            </div>
            <details class="pack-rules">
                <summary>{move || (lang.texts().pack_rules)(count)}</summary>
                <ul>{rules}</ul>
            </details>
        </li>
    }
}

/// One rule with its switch: id, category and severity (its description on hover); a watchlist's (`watch`) with
/// where it was learned, and a button that removes its entry.
#[component]
fn RuleItem(rule: Rule, pack_on: Memo<bool>, packs: Packs, watch: bool) -> impl IntoView {
    let choice = packs.choice;
    let forget = watch.then(|| {
        let key = tapis_engine::campaign::watch_key(&rule.description).unwrap_or_default().to_owned();
        let packs = packs.clone();
        let on_forget = move |_| {
            let (packs, key) = (packs.clone(), key.clone());
            wasm_bindgen_futures::spawn_local(async move {
                packs.change_watchlist(crate::watchlist::Change::Forget { key }).await;
            });
        };
        let lang = expect_context::<Lang>();
        view! {
            <button type="button" data-testid="forget-watch" data-rule=rule.id.clone() on:click=on_forget>{move || lang.texts().remove}</button>
        }
    });
    let id = rule.id.clone();
    let enabled = {
        let id = id.clone();
        Memo::new(move |_| choice.with(|c| c.rule_enabled(&id)))
    };
    let on_toggle = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let next = choice.with_untracked(|c| c.with_rule_enabled(&id, input.checked()));
            if !packs.try_apply(next) {
                input.set_checked(!input.checked());
            }
        }
    };
    view! {
        <li class="rule" class:off=move || !enabled.get() || !pack_on.get()>
            <label title=rule.description.clone()>
                <input
                    type="checkbox"
                    data-testid="rule-toggle"
                    data-rule=id.clone()
                    prop:checked=move || enabled.get()
                    on:change=on_toggle
                />
                <code>{id.clone()}</code>
                <span class=format!("category cat-{}", rule.category)>{rule.category.clone()}</span>
                <span class=format!("badge sev-{}", rule.severity.as_str())>{
                    let (lang, code) = (expect_context::<Lang>(), rule.severity.as_str());
                    move || (lang.texts().severity_name)(code)
                }</span>
            </label>
            {forget}
        </li>
    }
}
