//! The queue: every message on the page, candidates first, with the filters and their counts, bulk actions on the
//! marked or shown messages, each rule's tally of decisions, and the list itself, of which only the rows in view
//! are in the DOM (rows have one fixed height, so the list is windowed exactly, at any length).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::triage::Draft;
use super::{AnnotationFields, Lang, MessageCard, Rules, SourceChat, Triage, categories};
use crate::desk::{
    Annotation, ChatName, Facets, Filter, LinkFilter, Matches, QueueCounts, Reason, State, Tally, tallies,
};
use crate::message_key::MessageKey;
use tapis_engine::{RuleSet, Severity};

/// Height of a row in CSS pixels: `--row-height` in the style sheet must agree.
pub const ROW_HEIGHT: f64 = 184.0;
/// Rows rendered beyond the view on each side, so that a quick scroll shows no gap.
const OVERSCAN: usize = 4;

/// The queue, with its filters, counts and bulk actions.
#[component]
pub fn Queue() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let triage = expect_context::<Triage>();
    let filter = triage.filter;

    // Counts over every message (not only those shown): per category and per rule, with each rule's decisions.
    let counts = Memo::new(move |_| {
        triage.rows.with(|rows| triage.desk.with(|d| tallies(rows.iter().map(|r| &r.facts), d.decisions())))
    });
    let total = Memo::new(move |_| triage.rows.with(|rows| rows.len()));
    let candidates =
        Memo::new(move |_| triage.rows.with(|rows| rows.iter().filter(|r| r.facts.is_candidate()).count()));
    // Each option's count is what choosing it shows, the other filters as they are.
    let facets = Memo::new(move |_| {
        filter.with(|filter| {
            triage.rows.with(|rows| {
                triage.desk.with(|d| {
                    filter.facets(rows.iter().map(|r| (&r.facts, d.decision(&r.facts.key), || r.text().to_owned())))
                })
            })
        })
    });

    view! {
        <section class="queue" aria-label=move || lang.texts().queue data-testid="queue">
            {filters_bar(counts, facets)}
            <p class="summary" data-testid="summary" role="status" aria-live="polite">
                {move || (lang.texts().queue_summary)(triage.shown.with(|s| s.len()), total.get(), candidates.get())}
            </p>
            <BulkBar />
            <RuleTallies counts />
            <VirtualList />
        </section>
    }
}

/// A filter's `on:change` (or `on:input`): `f` sets the value chosen.
fn set(filter: RwSignal<Filter>, f: fn(&mut Filter, String)) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev: leptos::ev::Event| filter.update(|filter| f(filter, event_target_value(&ev)))
}

/// The filters: the search, then one list per facet, each option with the count choosing it would show, and Clear
/// once any is set.
fn filters_bar(counts: Memo<QueueCounts>, facets: Memo<Facets>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let filter = expect_context::<Triage>().filter;
    let search = expect_context::<SearchField>().0;
    view! {
        <div class="filters" role="search" data-testid="filters">
            <label class="search">
                <span>{move || lang.texts().search}</span>
                <input
                    type="search"
                    node_ref=search
                    data-testid="search"
                    placeholder=move || lang.texts().search_hint
                    prop:value=move || filter.with(|f| f.search.clone())
                    on:input=set(filter, |f, v| f.search = v)
                />
            </label>
            {matches_filter(lang, filter, facets)}
            {category_filter(lang, filter, counts, facets)}
            {severity_filter(lang, filter, facets)}
            {rule_filter(lang, filter, counts, facets)}
            {state_filter(lang, filter, facets)}
            {chat_filter(lang, filter, facets)}
            {links_filter(lang, filter, facets)}
            {move || (!filter.with(Filter::is_default)).then(|| view! {
                <button type="button" data-testid="clear-filters" on:click=move |_| filter.set(Filter::default())>
                    {move || lang.texts().clear_filters}
                </button>
            })}
        </div>
    }
}

/// With matches, without, or all.
fn matches_filter(lang: Lang, filter: RwSignal<Filter>, facets: Memo<Facets>) -> impl IntoView {
    view! {
        <label>
            <span>{move || lang.texts().filter_matches}</span>
            <select data-testid="filter-matches" on:change=set(filter, |f, v| f.matches = Matches::from_code(&v))
                prop:value=move || filter.with(|f| f.matches.as_str())>
                <option value="with">{move || format!("{} ({})", lang.texts().with_matches, facets.with(|f| f.matches[0]))}</option>
                <option value="without">{move || format!("{} ({})", lang.texts().without_matches, facets.with(|f| f.matches[1]))}</option>
                <option value="all">{move || format!("{} ({})", lang.texts().all_messages, facets.with(|f| f.matches[2]))}</option>
            </select>
        </label>
    }
}

/// The categories the rules found.
fn category_filter(
    lang: Lang,
    filter: RwSignal<Filter>,
    counts: Memo<QueueCounts>,
    facets: Memo<Facets>,
) -> impl IntoView {
    view! {
        <label>
            <span>{move || lang.texts().category}</span>
            <select data-testid="filter-category" on:change=set(filter, |f, v| f.category = Some(v).filter(|v| !v.is_empty()))
                prop:value=move || filter.with(|f| f.category.clone().unwrap_or_default())>
                <option value="">{move || lang.texts().any}</option>
                {move || counts.get().0.into_iter().map(|(c, _)| {
                    let (value, n) = (c.clone(), facets.with(|f| f.categories.get(&c).copied().unwrap_or(0)));
                    view! { <option value=value>{format!("{c} ({n})")}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The severities, most severe first.
fn severity_filter(lang: Lang, filter: RwSignal<Filter>, facets: Memo<Facets>) -> impl IntoView {
    view! {
        <label>
            <span>{move || lang.texts().severity}</span>
            <select data-testid="filter-severity" on:change=set(filter, |f, v| f.severity = Severity::from_name(&v))
                prop:value=move || filter.with(|f| f.severity.map(Severity::as_str).unwrap_or_default())>
                <option value="">{move || lang.texts().any}</option>
                {[Severity::Critical, Severity::High, Severity::Medium, Severity::Low].map(|s| view! {
                    <option value=s.as_str()>{move || format!("{} ({})", (lang.texts().severity_name)(s.as_str()), facets.with(|f| f.severities.get(&s).copied().unwrap_or(0)))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The rules that matched, those showing most first.
fn rule_filter(lang: Lang, filter: RwSignal<Filter>, counts: Memo<QueueCounts>, facets: Memo<Facets>) -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    let rule_options = move || {
        let (_, by_rule) = counts.get();
        let shown = facets.with(|f| f.rules.clone());
        let mut used: Vec<(usize, usize)> = by_rule.keys().map(|r| (*r, shown.get(r).copied().unwrap_or(0))).collect();
        used.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        used.into_iter()
            .map(|(r, n)| {
                let id = rules.rule(r).rule.id.clone();
                view! { <option value=r.to_string()>{format!("{id} ({n})")}</option> }
            })
            .collect_view()
    };
    view! {
        <label>
            <span>{move || lang.texts().rule}</span>
            <select data-testid="filter-rule" on:change=set(filter, |f, v| f.rule = v.parse().ok())
                prop:value=move || filter.with(|f| f.rule.map(|r| r.to_string()).unwrap_or_default())>
                <option value="">{move || lang.texts().any}</option>
                {rule_options}
            </select>
        </label>
    }
}

/// The decision states.
fn state_filter(lang: Lang, filter: RwSignal<Filter>, facets: Memo<Facets>) -> impl IntoView {
    let states = Memo::new(move |_| facets.with(|f| f.states.clone()));
    view! {
        <label>
            <span>{move || lang.texts().decision_state}</span>
            <select data-testid="filter-state" on:change=set(filter, |f, v| f.state = State::from_code(&v))
                prop:value=move || filter.with(|f| f.state.map(|s| s.as_str()).unwrap_or_default())>
                <option value="">{move || lang.texts().any}</option>
                {State::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str()>{move || format!("{} ({})", (lang.texts().state_name)(s), states.with(|c| c.get(&s).copied().unwrap_or(0)))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The chats the messages come from: the pasted one by the source typed, the imported ones by their labels.
fn chat_filter(lang: Lang, filter: RwSignal<Filter>, facets: Memo<Facets>) -> impl IntoView {
    let triage = expect_context::<Triage>();
    let source_chat = expect_context::<SourceChat>().0;
    let chats = Memo::new(move |_| {
        triage.rows.with(|rows| {
            let mut chats: Vec<ChatName> =
                rows.iter().map(|r| r.facts.chat.clone()).filter(ChatName::is_known).collect();
            chats.sort();
            chats.dedup();
            chats
        })
    });
    view! {
        <label>
            <span>{move || lang.texts().chat}</span>
            <select data-testid="filter-chat" on:change=set(filter, |f, v| f.chat = ChatName::from_code(&v))
                prop:value=move || filter.with(|f| f.chat.as_ref().map(ChatName::code).unwrap_or_default())>
                <option value="">{move || lang.texts().any}</option>
                {move || chats.get().into_iter().map(|c| {
                    let shown = match &c {
                        ChatName::Pasted => {
                            let typed = source_chat.with(|s| s.trim().to_owned());
                            if typed.is_empty() { lang.texts().pasted_chat.to_owned() } else { typed }
                        }
                        ChatName::Imported(label) => label.clone(),
                    };
                    let n = facets.with(|f| f.chats.get(&c).copied().unwrap_or(0));
                    view! { <option value=c.code()>{format!("{shown} ({n})")}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The links found: any, a new one, or a blocked one.
fn links_filter(lang: Lang, filter: RwSignal<Filter>, facets: Memo<Facets>) -> impl IntoView {
    view! {
        <label>
            <span>{move || lang.texts().found_links}</span>
            <select data-testid="filter-links" on:change=set(filter, |f, v| f.link = LinkFilter::from_code(&v))
                prop:value=move || filter.with(|f| f.link.map(LinkFilter::as_str).unwrap_or_default())>
                <option value="">{move || lang.texts().links_any}</option>
                <option value="new">{move || format!("{} ({})", lang.texts().links_new, facets.with(|f| f.links[0]))}</option>
                <option value="blocked">{move || format!("{} ({})", lang.texts().links_blocked, facets.with(|f| f.links[1]))}</option>
            </select>
        </label>
    }
}

/// The search field, for `/` to focus.
#[derive(Clone, Copy)]
pub struct SearchField(pub NodeRef<leptos::html::Input>);

impl SearchField {
    /// A field not yet rendered.
    pub fn new() -> SearchField {
        SearchField(NodeRef::new())
    }
}

/// Bulk actions: on the marked messages, or on every open message shown, confirmed with the category, severity,
/// action and note chosen here (a campaign found by searching is often one the rules missed). One `u` undoes each.
#[component]
fn BulkBar() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let triage = expect_context::<Triage>();
    let rules = expect_context::<Rules>().0;
    let draft = RwSignal::new(Draft::default());
    let marked = move || triage.marked.with(|m| m.len());
    let marked_keys = move || triage.marked.with_untracked(|m| m.iter().cloned().collect::<Vec<_>>());
    let open_shown = Memo::new(move |_| {
        triage.shown.with(|shown| {
            triage.rows.with(|rows| {
                triage.desk.with(|d| shown.iter().filter(|&&i| d.decision(&rows[i].facts.key).is_open()).count())
            })
        })
    });
    let done = move || triage.marked.set(Default::default());
    view! {
        <div class="bulk" role="group" aria-label=move || lang.texts().bulk data-testid="bulk">
            <span class="bulk-label">{move || lang.texts().bulk}</span>
            <button type="button" data-testid="mark-shown" on:click=move |_| {
                let keys = triage.open_shown();
                triage.marked.update(|m| m.extend(keys));
            }>{move || (lang.texts().mark_shown)(open_shown.get())}</button>
            <button type="button" data-testid="confirm-marked" disabled=move || marked() == 0 on:click=move |_| {
                triage.confirm(&marked_keys(), draft.get_untracked().annotation(), true);
                done();
            }>{move || (lang.texts().confirm_marked)(marked())}</button>
            <button type="button" data-testid="reject-marked" disabled=move || marked() == 0 on:click=move |_| {
                triage.reject(&marked_keys(), Reason::NotNegative, None, true);
                done();
            }>{move || (lang.texts().reject_marked)(marked())}</button>
            <button type="button" data-testid="unmark" disabled=move || marked() == 0 on:click=move |_| done()>
                {move || lang.texts().unmark}
            </button>
            <Show when=move || marked() != 0>
                <fieldset class="bulk-fields" data-testid="bulk-fields">
                    <legend>{move || lang.texts().bulk_confirm_with}</legend>
                    <AnnotationFields draft categories=categories(&rules) category=None severity=None testid="bulk-" />
                    <label class="note">
                        <span>{move || lang.texts().note}</span>
                        <input type="text" data-testid="bulk-note"
                            prop:value=move || draft.with(|d| d.note.clone())
                            on:input=move |ev| draft.update(|d| d.note = event_target_value(&ev)) />
                    </label>
                </fieldset>
            </Show>
        </div>
    }
}

/// Each rule's messages and decisions (how precise it has been), with bulk actions on its open messages.
#[component]
fn RuleTallies(counts: Memo<crate::desk::QueueCounts>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let rules = expect_context::<Rules>().0;
    let triage = expect_context::<Triage>();
    let rows = move || {
        let (_, by_rule) = counts.get();
        let mut list: Vec<_> = by_rule.into_iter().collect();
        list.sort_by(|a, b| b.1.messages.cmp(&a.1.messages).then(a.0.cmp(&b.0)));
        let rules = rules.clone();
        list.into_iter().map(|(index, tally)| tally_row(lang, triage, &rules, index, tally)).collect_view()
    };
    view! {
        <details class="rule-tallies" data-testid="rule-tallies">
            <summary>{move || lang.texts().rule_tallies}</summary>
            <div class="table-scroll">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{move || lang.texts().rule}</th>
                        <th scope="col">{move || lang.texts().category} " · " {move || lang.texts().severity}</th>
                        <th scope="col">{move || lang.texts().messages}</th>
                        <th scope="col">{move || (lang.texts().state_name)(State::Confirmed)}</th>
                        <th scope="col">{move || (lang.texts().state_name)(State::Rejected)}</th>
                        <th scope="col">{move || lang.texts().precision}</th>
                        <th scope="col">{move || lang.texts().open_of_rule}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </details>
    }
}

/// A rule's row: its messages, decisions and precision, with Confirm and Reject on its open messages.
fn tally_row(lang: Lang, triage: Triage, rules: &RuleSet, index: usize, tally: Tally) -> impl IntoView + use<> {
    let rule = rules.rule(index);
    let id = rule.rule.id.clone();
    let open = tally.messages - tally.confirmed - tally.rejected;
    view! {
        <tr data-testid="rule-tally" data-rule=id.clone()>
            <th scope="row"><code>{id.clone()}</code></th>
            <td>
                {rule.rule.category.clone()}
                <br />
                <span class=format!("badge sev-{}", rule.rule.severity.as_str())>{
                    let code = rule.rule.severity.as_str();
                    move || (lang.texts().severity_name)(code)
                }</span>
            </td>
            <td data-testid="tally-messages">{tally.messages}</td>
            <td data-testid="tally-confirmed">{tally.confirmed}</td>
            <td data-testid="tally-rejected">{tally.rejected}</td>
            <td data-testid="tally-precision">{tally.precision().map(|p| format!("{p}%")).unwrap_or_else(|| "–".into())}</td>
            <td class="tally-actions">
                <button type="button" data-testid="confirm-rule" disabled=open == 0
                    aria-label={
                        let id = id.clone();
                        move || (lang.texts().confirm_rule)(&id)
                    }
                    on:click=move |_| triage.confirm(&triage.open_of_rule(index), Annotation::default(), true)>
                    {move || lang.texts().confirm}
                </button>
                <button type="button" data-testid="reject-rule" disabled=open == 0
                    aria-label={
                        let id = rule.rule.id.clone();
                        move || (lang.texts().reject_rule)(&id)
                    }
                    on:click=move |_| triage.reject(&triage.open_of_rule(index), Reason::NotNegative, None, true)>
                    {move || lang.texts().reject}
                </button>
            </td>
        </tr>
    }
}

/// Where the list is scrolled to, and how tall its view is: the keyboard scrolls the selection into view with it.
#[derive(Clone, Copy)]
pub struct Viewport {
    /// The scrolling element.
    pub element: NodeRef<leptos::html::Div>,
    /// Its scroll offset, in CSS pixels.
    pub scroll_top: RwSignal<f64>,
    /// Its height.
    pub height: RwSignal<f64>,
}

impl Viewport {
    /// A list not yet rendered.
    pub fn new() -> Viewport {
        Viewport { element: NodeRef::new(), scroll_top: RwSignal::new(0.0), height: RwSignal::new(800.0) }
    }

    /// Scrolls so that row `position` is in view, and focuses it once it is rendered.
    pub fn reveal(&self, position: usize, key: MessageKey) {
        let Some(element) = self.element.get_untracked() else { return };
        let top = position as f64 * ROW_HEIGHT;
        let height = element.client_height() as f64;
        let scroll = element.scroll_top() as f64;
        if top < scroll {
            element.set_scroll_top(top as i32);
        } else if top + ROW_HEIGHT > scroll + height {
            element.set_scroll_top((top + ROW_HEIGHT - height) as i32);
        }
        self.scroll_top.set(element.scroll_top() as f64);
        // The row may be rendered only now.
        request_animation_frame(move || {
            let selector = format!("[data-testid=message][data-key=\"{key}\"]");
            if let Ok(Some(row)) = element.query_selector(&selector)
                && let Ok(row) = row.dyn_into::<web_sys::HtmlElement>()
            {
                // Focusing brings the list into the page's view too, when it was scrolled away.
                let _ = row.focus();
            }
        });
    }
}

/// The rows in view (and a few more): the rest of the list is empty space of the right height.
#[component]
fn VirtualList() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let triage = expect_context::<Triage>();
    let viewport = expect_context::<Viewport>();
    let element = viewport.element;
    let measure = move || {
        if let Some(element) = element.get_untracked() {
            viewport.scroll_top.set(element.scroll_top() as f64);
            // The list grows with its rows up to its largest height; until then its own height is too small a
            // measure, so the window's is used when larger (a few rows more, never a gap).
            let window = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64());
            viewport.height.set((element.client_height() as f64).max(window.unwrap_or(0.0)).max(1.0));
        }
    };
    Effect::new(move |_| {
        if element.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // A filter that shrinks the list scrolls it back into range.
    Effect::new(move |_| {
        let count = triage.shown.with(|s| s.len());
        if let Some(element) = element.get_untracked() {
            let max = (count as f64 * ROW_HEIGHT - element.client_height() as f64).max(0.0);
            if (element.scroll_top() as f64) > max {
                element.set_scroll_top(max as i32);
                viewport.scroll_top.set(max);
            }
        }
    });
    let window = Memo::new(move |_| {
        let count = triage.shown.with(|s| s.len());
        let (top, height) = (viewport.scroll_top.get(), viewport.height.get());
        let first = ((top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN).min(count);
        let last = (((top + height) / ROW_HEIGHT).ceil() as usize + OVERSCAN).min(count);
        (first, last)
    });
    let visible = move || {
        let (first, last) = window.get();
        let shown = triage.shown.get();
        triage.rows.with(|rows| (first..last).map(|p| (p, rows[shown[p]].clone())).collect::<Vec<_>>())
    };
    view! {
        <div
            class="queue-viewport"
            node_ref=element
            data-testid="queue-viewport"
            on:scroll=move |_| measure()
        >
            <div
                class="queue-canvas"
                role="list"
                aria-label=move || lang.texts().messages
                style:height=move || format!("{}px", triage.shown.with(|s| s.len()) as f64 * ROW_HEIGHT)
            >
                <For
                    each=visible
                    key=|(position, row)| (*position, row.facts.key)
                    children=move |(position, row)| {
                        view! {
                            <div class="queue-row" role="listitem" style:top=format!("{}px", position as f64 * ROW_HEIGHT)>
                                <MessageCard row />
                            </div>
                        }
                    }
                />
            </div>
            {move || triage.shown.with(|s| s.is_empty()).then(|| view! {
                <p class="empty" data-testid="queue-empty">{move || lang.texts().queue_empty}</p>
            })}
        </div>
    }
}
