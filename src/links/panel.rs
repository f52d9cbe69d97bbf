//! The blocklists panel and the server's lists, which the first paint does not need: made with DOM calls by the
//! worker's module loaded on the page (`tapis-worker`'s `panel` and `sync_blocklists`; in the component tests, by
//! the test module), so that they cost the page's first load nothing (`ui/photos.rs`, `LazyPanel`).
//!
//! The panel loads a list from a file (built in a worker of its own, which is ended once the list is kept: a
//! WebAssembly memory never shrinks), shows what each list holds, and removes one; `on_change("lists")` tells the
//! page, which reads its imports and pasted links again.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::{ListInfo, list_name, store};
use crate::i18n::{Locale, Texts};
use crate::import::runner::Importer;
use crate::import::{Event, Request};
use crate::photo_panel::Ui;

/// Renders the panel into `container` (emptied first). `worker_script`: where the import worker is (empty for
/// none: the list is then built on the page); `problem`: why the server's lists could not be kept, if they could not.
pub fn render(container: &Element, locale: Locale, worker_script: &str, problem: &str, on_change: js_sys::Function) {
    let texts: &'static Texts = locale.texts();
    let Some(ui) = Ui::new(container, on_change) else { return };
    let ui = Rc::new(ui);
    ui.add(container, "p", &[("class", "hint")], texts.blocklists_hint);
    let form = ui.add(container, "div", &[("class", "blocklist-load")], "");
    let label = ui.add(&form, "label", &[], texts.blocklist_name);
    let name: HtmlInputElement = ui
        .add(
            &label,
            "input",
            &[("type", "text"), ("data-testid", "blocklist-name"), ("placeholder", "trustpositif-judi")],
            "",
        )
        .unchecked_into();
    let label = ui.add(&form, "label", &[("class", "file-button")], "");
    let file: HtmlInputElement = ui
        .add(
            &label,
            "input",
            &[("type", "file"), ("data-testid", "blocklist-file"), ("accept", ".txt,.csv,.hosts,text/plain")],
            "",
        )
        .unchecked_into();
    let file_text = ui.add(&label, "span", &[], texts.blocklist_file);
    let empty = ui.add(container, "p", &[("class", "empty")], texts.no_blocklists);
    let problem =
        ui.add(container, "p", &[("class", "error"), ("role", "alert"), ("data-testid", "blocklist-error")], problem);
    let lists = ui.add(container, "ul", &[("class", "blocklist-list")], "");
    let show = {
        let (ui, lists, empty, problem) = (ui.clone(), lists.clone(), empty.clone(), problem.clone());
        Rc::new(move |changed: bool| {
            let (ui, lists, empty, problem) = (ui.clone(), lists.clone(), empty.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match store::names().await {
                    Ok(kept) => {
                        lists.set_text_content(None);
                        empty.set_attribute("hidden", "").ok();
                        if kept.is_empty() {
                            empty.remove_attribute("hidden").ok();
                        }
                        for (name, domains, skipped, _) in kept {
                            let item = ui.add(&lists, "li", &[("data-testid", "blocklist"), ("data-name", &name)], "");
                            ui.add(
                                &item,
                                "span",
                                &[],
                                &format!("{name}: {} ", (texts.blocklist_counts)(domains, skipped)),
                            );
                            let button =
                                [("type", "button"), ("data-testid", "remove-blocklist"), ("data-remove", &name)];
                            ui.add(&item, "button", &button, texts.remove);
                        }
                    }
                    Err(error) => problem.set_text_content(Some(&error)),
                }
                if changed {
                    ui.changed("lists");
                }
            });
        })
    };
    show(false);

    let importer = Importer::new(Some(worker_script.to_owned()).filter(|s| !s.is_empty()));
    ui.on(&file, "change", {
        let (show, problem, input, name, file_text) = (show.clone(), problem.clone(), file.clone(), name, file_text);
        move |_| {
            let Some(picked) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let Some(list) = list_name(&name.value(), &picked.name()) else {
                return problem.set_text_content(Some(texts.blocklist_name));
            };
            problem.set_text_content(None);
            file_text.set_text_content(Some(texts.blocklist_building));
            let (show, problem, name, file_text, ended) =
                (show.clone(), problem.clone(), name.clone(), file_text.clone(), importer.clone());
            let on_event: Rc<dyn Fn(Event)> = Rc::new(move |event| match event {
                Event::Listed { .. } => {
                    file_text.set_text_content(Some(texts.blocklist_file));
                    name.set_value("");
                    show(true);
                    // The worker that built it has grown by the build's peak: ended; the next list starts anew.
                    let ended = ended.clone();
                    wasm_bindgen_futures::spawn_local(async move { ended.cancel() });
                }
                Event::Failed(failure) => {
                    file_text.set_text_content(Some(texts.blocklist_file));
                    problem.set_text_content(Some(&failure.message));
                }
                _ => {}
            });
            importer.start(Request { blocklist: Some(list), ..Request::default() }, vec![picked], on_event);
        }
    });
    ui.on(&lists, "click", {
        let (show, problem) = (show.clone(), problem.clone());
        move |event: web_sys::Event| {
            let Some(list) = event.target().and_then(|t| t.dyn_ref::<Element>()?.get_attribute("data-remove")) else {
                return;
            };
            let (show, problem) = (show.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = store::delete(&list).await {
                    problem.set_text_content(Some(&error));
                }
                show(true);
            });
        }
    });
}

/// Keeps the server's blocklists whose sets changed (`tapis serve --blocklist`); whether any did. The page calls it
/// once a token is given.
///
/// # Errors
/// What the server answered, in the analyst's language, when it refused.
pub async fn sync_served(api_base: &str, token: &str, locale: Locale) -> Result<bool, String> {
    let failed = |e: crate::api::PostError| locale.texts().post_error(&e);
    let served = match crate::api::blocklists(api_base, token).await {
        Ok(served) => served,
        // Offline, or a server that hands out none: the lists kept serve meanwhile.
        Err(crate::api::PostError::Unreachable(_) | crate::api::PostError::Refused { status: 404, .. }) => {
            return Ok(false);
        }
        Err(error) => return Err(failed(error)),
    };
    let kept = store::names().await.unwrap_or_default();
    let mut changed = false;
    for info in served.lists {
        if kept.iter().any(|(name, _, _, sha256)| *name == info.name && *sha256 == info.sha256) {
            continue;
        }
        let bytes = crate::api::blocklist_set(api_base, token, &info.name).await.map_err(failed)?;
        let info = ListInfo::served(&info, js_sys::Date::now() as u64);
        store::put(&info, &bytes).await?;
        changed = true;
    }
    Ok(changed)
}
