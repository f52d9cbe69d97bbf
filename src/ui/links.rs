//! Links as evidence on the page: a message's links with their status ([`FoundLinks`]), the blocklists the worker
//! checks them against ([`Blocklists`]), and the new domains across the imports for the blocking team
//! ([`NewDomains`]). The links are found in the worker (`links.rs`); here they are shown, counted and exported.

use std::rc::Rc;

use leptos::prelude::*;
use tapis_wire::{EvidenceLink, LinkStatus};
use wasm_bindgen::JsCast;

use super::{AppConfig, ChatUsernames, ImportControl, Imports, Lang, ListsVersion, PackChoices, Token};
use crate::import::Request;
use crate::links::{NewDomain, Sighting, domains_csv, domains_text, new_domains};

/// A link's status as the page writes it in `data-status` (empty for handles and numbers).
pub fn status_code(status: Option<LinkStatus>) -> &'static str {
    match status {
        Some(LinkStatus::Blocked) => "blocked",
        Some(LinkStatus::New) => "new",
        Some(LinkStatus::Shortener) => "shortener",
        None => "",
    }
}

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
                    let status = link.status.map(|s| status_code(Some(s)));
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
                    let kind = link.kind.as_str();
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

/// The blocklists: load one from a file (built in the worker, kept in IndexedDB), see what each holds, remove one
/// (made by the worker's module when first unfolded: [`crate::links::panel`]). Every change reads the imports again,
/// so that each link's status is the lists' now. Once a token is given, the server's lists are kept too.
#[component]
pub fn Blocklists() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let config = expect_context::<AppConfig>().0;
    let control = expect_context::<ImportControl>().0;
    let choice = expect_context::<PackChoices>().0;
    let packs = config.packs.clone();
    let version = expect_context::<ListsVersion>().0;
    // Made again when the server's lists changed what is kept.
    let again = RwSignal::new(0u32);
    let reread = Rc::new(move || {
        if !version.is_disposed() {
            version.update(|v| *v += 1);
        }
        if !choice.is_disposed() {
            let request = Request { packs: packs.clone(), choice: choice.get_untracked(), ..Request::default() };
            control.with_value(|c| c.rescan(&request));
        }
    });
    // The lists the server hands out (`tapis serve --blocklist`), fetched once a token is given and kept like the
    // analyst's own; a set is fetched again only when the server's changed.
    let token = expect_context::<Token>().0;
    let api_base = StoredValue::new(config.api_base.clone());
    let problem = RwSignal::new(String::new());
    let worker_script = StoredValue::new(config.worker_script.clone().unwrap_or_default());
    let served = reread.clone();
    Effect::new(move |_| {
        let Some(token) = token.get() else { return };
        let (api_base, served) = (api_base.get_value(), served.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match super::sync_served(api_base, token, lang.0.get_untracked()).await {
                Ok(true) => {
                    served();
                    if !again.is_disposed() {
                        again.update(|a| *a += 1);
                    }
                }
                Ok(false) => {}
                // Said in the panel, when it is made (again).
                Err(error) if !problem.is_disposed() => {
                    problem.set(error);
                    again.update(|a| *a += 1);
                }
                Err(_) => {}
            }
        });
    });
    let on_change = Rc::new(move |_: String| reread());
    let options = Signal::derive(move || vec![worker_script.get_value(), problem.get()]);
    view! { <super::LazyPanel panel="blocklists" testid="blocklists" title=|t| t.blocklists options on_change again /> }
}

/// The domains on no list found across the imports, most messages first, exportable for the blocking team.
#[component]
pub fn NewDomains() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let imports = expect_context::<Imports>().0;
    let usernames = expect_context::<ChatUsernames>().0;
    let domains = move || {
        imports.with_untracked(|all| {
            usernames.with_untracked(|names| {
                let mut sightings = Vec::new();
                for loaded in all {
                    let labels: Vec<String> = loaded.summary.chats.iter().map(crate::workspace::chat_label).collect();
                    let with_new =
                        loaded.messages.iter().filter(|f| f.links.iter().any(|l| l.status == Some(LinkStatus::New)));
                    sightings.extend(with_new.map(|found| {
                        let message = &found.message;
                        let link = loaded
                            .chat(message.chat, names)
                            .and_then(|chat| crate::workspace::imported_target(&chat, message).link);
                        (found, labels.get(message.chat).cloned().unwrap_or_default(), link)
                    }));
                }
                new_domains(sightings.iter().map(|(found, chat, link)| Sighting {
                    links: &found.links,
                    chat,
                    date: found.message.date.map(|d| d.seconds),
                    link: link.clone(),
                }))
            })
        })
    };
    let export = move |ev: leptos::ev::MouseEvent| {
        let csv =
            event_target::<web_sys::Element>(&ev).get_attribute("data-testid").as_deref() == Some("export-domains-csv");
        let d = domains();
        if csv {
            download("domain-baru.csv", "text/csv", &domains_csv(&d));
        } else {
            download("domain-baru.txt", "text/plain", &domains_text(&d));
        }
    };
    // One line a domain (the first 100; the exports hold them all): domain, messages, chats, first and last seen.
    let line = |d: &NewDomain| {
        let day =
            |s: Option<i64>| s.map(|s| tapis_ingest::Date::utc(s).to_string()[..10].to_owned()).unwrap_or_default();
        let seen = if d.first_seen.is_some() {
            format!(" · {}–{}", day(d.first_seen), day(d.last_seen))
        } else {
            String::new()
        };
        format!("{} · {} · {}{seen}", d.domain, d.messages, d.chats.join(", "))
    };
    // Read again when the imports or their usernames change: the count, then one line a domain.
    let shown = Memo::new(move |_| {
        imports.track();
        usernames.track();
        let d = domains();
        let lines: String = d.iter().take(100).map(|d| line(d) + "\n").collect();
        format!("{}\n{lines}", d.len())
    });
    let count = move || shown.with(|s| s.lines().next().unwrap_or("0").to_owned());
    let none = move || shown.with(|s| s.starts_with("0\n"));
    view! {
        <section class="new-domains" data-testid="new-domains">
            <h2>{move || lang.texts().new_domains} " (" {count} ")"</h2>
            <p class="hint">{move || if none() { lang.texts().no_new_domains } else { lang.texts().new_domains_hint }}</p>
            <div class="actions" hidden=none on:click=export>
                <button type="button" data-testid="export-domains">{move || lang.texts().export_domains}</button>
                <button type="button" data-testid="export-domains-csv">{move || lang.texts().export_domains_csv}</button>
            </div>
            <pre class="new-domain-list" data-testid="new-domain-list" dir="ltr">
                {move || shown.with(|s| s.split_once('\n').map(|(_, lines)| lines.to_owned()).unwrap_or_default())}
            </pre>
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
