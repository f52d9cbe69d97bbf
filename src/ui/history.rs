//! A flag's whole history from the server's append-only audit log: who did what, and when.

use leptos::prelude::*;
use uuid::Uuid;

use super::{AppConfig, Lang, Token};

/// A disclosure that loads the flag's audit entries when opened.
#[component]
pub fn History(flag: Uuid) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let api_base = expect_context::<AppConfig>().0.api_base.clone();
    // Loaded each time the disclosure opens (not before: most histories are never opened).
    let opened = RwSignal::new(0u32);
    let entries = LocalResource::new(move || {
        let (opens, token, api_base) = (opened.get(), token.get_untracked(), api_base.clone());
        async move {
            let token = token.filter(|_| opens > 0)?;
            let page =
                crate::api::get::<tapis_wire::AuditPage>(&api_base, &token, &format!("audit?flag_id={flag}")).await;
            Some(page.map(|p| p.entries))
        }
    });
    view! {
        <details class="history" data-testid="history" on:toggle=move |ev| {
            let details: web_sys::HtmlDetailsElement = event_target(&ev);
            if details.open() {
                opened.update(|n| *n += 1);
            }
        }>
            <summary>{move || lang.texts().history}</summary>
            {move || match entries.get().flatten() {
                None => ().into_any(),
                Some(Err(error)) => view! { <p class="field-error" role="alert">{lang.texts().post_error(&error)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol>
                        {list.into_iter().map(|entry| {
                            let details = entry.details.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
                            view! {
                                <li data-testid="history-entry" data-action=entry.action.as_str()>
                                    <time>{format!("{} UTC", crate::workspace::stamp(&entry.at, true))}</time>
                                    " · "
                                    <strong>{entry.action.as_str()}</strong>
                                    " · "
                                    {entry.actor}
                                    {(!details.is_empty()).then(|| format!(" · {details}"))}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </details>
    }
}
