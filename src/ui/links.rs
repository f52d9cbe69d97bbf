//! Links as evidence on the page: a message's links with their status ([`FoundLinks`]), the blocklists the worker
//! checks them against ([`Blocklists`]), and the new domains across the imports for the blocking team
//! ([`NewDomains`]). The links are found in the worker (`links.rs`); here they are shown, counted and exported.

use std::rc::Rc;

use leptos::prelude::*;
use tapis_wire::{EvidenceLink, LinkStatus};
use wasm_bindgen::JsCast;

use super::{AppConfig, ChatUsernames, ImportControl, Imports, Lang, PackChoices};
use crate::import::runner::Importer;
use crate::import::{Event, Request};
use crate::links::{ListInfo, NewDomain, Sighting, domains_csv, domains_text, list_name, new_domains, store};

/// A message's links, handles and numbers, each with its status: blocked (by which list), new, a shortener.
/// Values are text nodes: a link is never made clickable here.
#[component]
pub fn FoundLinks(links: Vec<EvidenceLink>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <ul class="found-links" aria-label=move || lang.texts().found_links>
            {links
                .into_iter()
                .map(|link| {
                    let status = link.status.map(|s| match s {
                        LinkStatus::Blocked => "blocked",
                        LinkStatus::New => "new",
                        LinkStatus::Shortener => "shortener",
                    });
                    let list = link.list.clone().unwrap_or_default();
                    let badge = move || {
                        let texts = lang.texts();
                        match link.status {
                            Some(LinkStatus::Blocked) => format!("{} · {list}", texts.link_blocked),
                            Some(LinkStatus::New) => texts.link_new.to_owned(),
                            Some(LinkStatus::Shortener) => texts.link_shortener.to_owned(),
                            None => String::new(),
                        }
                    };
                    let kind = serde_json::to_value(link.kind).ok().and_then(|v| v.as_str().map(str::to_owned));
                    view! {
                        <li data-testid="found-link" data-kind=kind data-status=status>
                            <span class="link-value" dir="ltr">{link.value}</span>
                            {status.map(|s| view! { <span class=format!("link-status {s}")>{badge}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The blocklists: load one from a file (built in the worker, kept in IndexedDB), see what each holds, remove one.
/// Every change reads the imports again, so that each link's status is the lists' now.
#[component]
pub fn Blocklists() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let config = expect_context::<AppConfig>().0;
    let control = expect_context::<ImportControl>().0;
    let choice = expect_context::<PackChoices>().0;
    let lists = RwSignal::new(Vec::<ListInfo>::new());
    let building = RwSignal::new(None::<u32>);
    let problem = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let importer = StoredValue::new_local(Importer::new(config.worker_script.clone()));

    let packs = StoredValue::new(config.packs.clone());
    let refresh = move |reread: bool| {
        let packs = packs.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            match store::list().await {
                Ok(kept) if !lists.is_disposed() => lists.set(kept),
                Err(error) if !problem.is_disposed() => problem.set(Some(error)),
                _ => {}
            }
            if reread && !choice.is_disposed() {
                let request = Request { packs, choice: choice.get_untracked(), ..Request::default() };
                control.with_value(|c| c.rescan(&request));
            }
        });
    };
    refresh(false);

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        let Some(list) = list_name(&name.get_untracked(), &file.name()) else {
            problem.set(Some(lang.texts().blocklist_name.to_owned()));
            return;
        };
        problem.set(None);
        building.set(Some(0));
        let on_event: Rc<dyn Fn(Event)> = Rc::new(move |event| match event {
            Event::Progress { bytes, total, .. } => {
                building.set(Some((bytes * 100).checked_div(total).unwrap_or(100) as u32));
            }
            Event::Listed(_) => {
                building.set(None);
                name.set(String::new());
                refresh(true);
            }
            Event::Failed(failure) => {
                building.set(None);
                problem.set(Some(failure.message));
            }
            _ => {}
        });
        let request = Request { blocklist: Some(list), ..Request::default() };
        importer.with_value(|i| i.start(request, vec![file], on_event));
    };
    let remove = move |list: String| {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = store::delete(&list).await {
                problem.set(Some(error));
            }
            refresh(true);
        });
    };

    view! {
        <section class="blocklists" data-testid="blocklists" aria-labelledby="blocklists-heading">
            <h2 id="blocklists-heading">{move || lang.texts().blocklists}</h2>
            <p class="hint">{move || lang.texts().blocklists_hint}</p>
            <div class="blocklist-load">
                <label>
                    {move || lang.texts().blocklist_name}
                    <input type="text" data-testid="blocklist-name" placeholder="trustpositif-judi" bind:value=name />
                </label>
                <label class="file-button">
                    {move || lang.texts().blocklist_file}
                    <input type="file" data-testid="blocklist-file" accept=".txt,.csv,text/plain" on:change=on_file />
                </label>
                {move || building.get().map(|pct| view! {
                    <progress data-testid="blocklist-progress" max="100" value=pct aria-label=lang.texts().blocklist_building />
                })}
            </div>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="blocklist-error">{p}</p> })}
            <Show
                when=move || lists.with(|l| !l.is_empty())
                fallback=move || view! { <p class="empty">{move || lang.texts().no_blocklists}</p> }
            >
                <ul class="blocklist-list">
                    <For each=move || lists.get() key=|l| (l.name.clone(), l.loaded_at) let:list>
                        <li data-testid="blocklist" data-name=list.name.clone()>
                            <strong>{list.name.clone()}</strong>
                            " "
                            <span class="counts">{move || (lang.texts().blocklist_counts)(list.domains, list.skipped.total())}</span>
                            " "
                            <button type="button" data-testid="remove-blocklist" on:click={
                                let name = list.name.clone();
                                move |_| remove(name.clone())
                            }>{move || lang.texts().remove}</button>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// The domains on no list found across the imports, most messages first, exportable for the blocking team.
#[component]
pub fn NewDomains() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let imports = expect_context::<Imports>().0;
    let usernames = expect_context::<ChatUsernames>().0;
    let domains = Memo::new(move |_| {
        imports.with(|all| {
            usernames.with(|names| {
                let mut sightings = Vec::new();
                for loaded in all {
                    let labels: Vec<String> = loaded.summary.chats.iter().map(crate::workspace::chat_label).collect();
                    sightings.extend(
                        loaded
                            .messages
                            .iter()
                            .filter(|f| f.links.iter().any(|l| l.status == Some(LinkStatus::New)))
                            .map(|found| {
                                let message = &found.message;
                                let link = loaded
                                    .chat(message.chat, names)
                                    .and_then(|chat| crate::workspace::imported_target(&chat, message).link);
                                (found, labels.get(message.chat).cloned().unwrap_or_default(), link)
                            }),
                    );
                }
                new_domains(sightings.iter().map(|(found, chat, link)| Sighting {
                    links: &found.links,
                    chat,
                    date: found.message.date.map(|d| d.seconds),
                    link: link.clone(),
                }))
            })
        })
    });
    let export = move |csv: bool| {
        domains.with_untracked(|d| {
            if csv {
                download("domain-baru.csv", "text/csv", &domains_csv(d));
            } else {
                download("domain-baru.txt", "text/plain", &domains_text(d));
            }
        })
    };
    let date = |seconds: Option<i64>| {
        seconds
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let row = move |d: NewDomain| {
        view! {
            <tr data-testid="new-domain">
                <td dir="ltr">{d.domain}</td>
                <td>{d.messages}</td>
                <td>{d.chats.join(", ")}</td>
                <td>{date(d.first_seen)}</td>
                <td>{date(d.last_seen)}</td>
            </tr>
        }
    };
    view! {
        <section class="new-domains" data-testid="new-domains" aria-labelledby="new-domains-heading">
            <h2 id="new-domains-heading">
                {move || lang.texts().new_domains} " (" {move || domains.with(Vec::len)} ")"
            </h2>
            <Show
                when=move || domains.with(|d| !d.is_empty())
                fallback=move || view! { <p class="empty">{move || lang.texts().no_new_domains}</p> }
            >
                <div class="actions">
                    <button type="button" data-testid="export-domains" on:click=move |_| export(false)>
                        {move || lang.texts().export_domains}
                    </button>
                    <button type="button" data-testid="export-domains-csv" on:click=move |_| export(true)>
                        {move || lang.texts().export_domains_csv}
                    </button>
                </div>
                <table>
                    <thead>
                        <tr>{move || lang.texts().new_domain_columns.map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                    </thead>
                    // The first 100: the export holds them all.
                    <tbody>{move || domains.get().into_iter().take(100).map(row).collect_view()}</tbody>
                </table>
            </Show>
        </section>
    }
}

/// Offers `text` as a file download, without a server (a Blob URL clicked through a transient link).
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(link) = document.create_element("a") {
        let link: web_sys::HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
