//! The imports in the workspace, each with what it held, its chats and its roll-ups. Its messages are in the
//! queue.

use std::sync::Arc;

use leptos::prelude::*;
use tapis_wire::Source;

use super::{ChatUsernames, Imports, Lang, Loaded, Rollups};
use crate::workspace::source_kind;

/// Every import, newest first.
#[component]
pub fn ImportedList() -> impl IntoView {
    let imports = expect_context::<Imports>().0;
    view! {
        <For
            each=move || imports.get().into_iter().rev()
            // An import read again with new rules keeps its id: its section is rendered anew all the same.
            key=|loaded| (loaded.id, Arc::as_ptr(loaded) as usize)
            children=|loaded| view! { <ImportSection loaded /> }
        />
    }
}

/// One import: files, format, counts, warnings, the chats' usernames, and its messages.
#[component]
fn ImportSection(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let imports = expect_context::<Imports>().0;
    let usernames = expect_context::<ChatUsernames>().0;
    let summary = &loaded.summary;
    let source = Source { kind: source_kind(summary.format), file_sha256: Some(summary.file_sha256.clone()) };
    let format_code = summary.format.as_str();
    let counts = summary.counts;
    let (candidates, without) = (summary.candidates, summary.without_matches);
    let kept_without = loaded.messages.iter().filter(|f| !f.is_candidate()).count() as u64;
    let warnings: Vec<(String, String)> =
        summary.warnings.iter().map(|w| (w.code.clone(), w.message.clone())).collect();
    let id = loaded.id;
    let close = move |_| imports.update(|all| all.retain(|l| l.id != id));

    // Chats that have messages here and can have links: the analyst may give their username.
    let chats = {
        let loaded = loaded.clone();
        let mut used: Vec<usize> = loaded.messages.iter().map(|f| f.message.chat).collect();
        used.sort_unstable();
        used.dedup();
        used.into_iter()
            .filter(|&i| loaded.summary.chats.get(i).is_some_and(|c| c.kind.has_message_links()))
            .map(|i| {
                let chat = &loaded.summary.chats[i];
                let name = chat.title.clone().unwrap_or_else(|| chat.id.map(|id| id.to_string()).unwrap_or_default());
                let probe = chat.clone();
                let invalid = Memo::new(move |_| {
                    usernames.with(|u| probe.clone().set_username(u.get(id, i)).err().map(|e| e.to_string()))
                });
                view! {
                    <li class="chat" data-testid="import-chat">
                        <span class="chat-title" dir="auto">{name}</span>
                        {chat.id.map(|id| view! { <code class="chat-id">{id}</code> })}
                        <label>
                            {move || lang.texts().chat_username}
                            <input
                                type="text"
                                data-testid="chat-username"
                                spellcheck="false"
                                placeholder="@username"
                                aria-invalid=move || invalid.with(Option::is_some).to_string()
                                prop:value=move || usernames.with(|u| u.get(id, i).to_owned())
                                on:input=move |ev| usernames.update(|u| u.set(id, i, event_target_value(&ev)))
                            />
                        </label>
                        {move || invalid.get().map(|why| view! { <small class="field-error" role="alert">{why}</small> })}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="imported" data-testid="import" data-format=format_code data-read-in=loaded.read_in aria-label=loaded.names.join(", ")>
            <header class="import-header">
                <h2 dir="auto">{loaded.names.join(", ")}</h2>
                <span class="format">{move || (lang.texts().format)(format_code)}</span>
                <button type="button" class="close" data-testid="close-import" on:click=close>
                    {move || lang.texts().close_import}
                </button>
            </header>
            <p class="import-summary" data-testid="import-summary" data-messages=counts.messages data-candidates=candidates>
                {move || (lang.texts().import_summary)(counts.messages, candidates, counts.service, counts.invalid)}
            </p>
            {(without > kept_without).then(|| view! {
                <p class="import-note">{move || (lang.texts().without_matches_shown)(kept_without, without)}</p>
            })}
            {(!warnings.is_empty()).then(|| view! {
                <ul class="import-warnings" aria-label=move || lang.texts().warnings>
                    {warnings.into_iter().map(|(code, text)| view! {
                        <li data-testid="import-warning" data-code=code role="note">{text}</li>
                    }).collect_view()}
                </ul>
            })}
            <ul class="import-chats">{chats}</ul>
            <Rollups loaded=loaded.clone() source=source.clone() />
        </section>
    }
}
