//! The photo tools (issue 21), which the first paint does not need: the analyst's PDQ hash lists (load one with a
//! name and a category, see what each holds, remove one), the match threshold, and how photos are shown (which
//! categories' photos are blurred, unmatched messages' too, grayscale). Rendered with DOM calls into the element
//! the page gives, by the worker's module loaded on the page when the analyst first opens them (`tapis-worker`'s
//! `photo_panel`), so that they cost the page's first load nothing; in the component tests, by the test module.
//!
//! What it changes is kept where the page reads it (`localStorage`, IndexedDB), and `on_change` is called with
//! `"settings"` (photos' blur and grayscale: the page reads them again) or `"lists"` (lists or threshold: the page
//! reads its imports again, to match their photos against what is kept now).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

use crate::hashlists::{HashListRequest, THRESHOLD_KEY};
use crate::i18n::Locale;
use crate::links::list_name;
use crate::ui::PhotoSettings;

/// Where the photo settings are kept (`localStorage`): the page's [`crate::ui::PhotoView`] reads them.
pub const SETTINGS_KEY: &str = "tapis.photos";

/// The panel's words, in Indonesian and English.
struct Words {
    lists: &'static str,
    hint: &'static str,
    name: &'static str,
    bad_name: &'static str,
    category: &'static str,
    file: &'static str,
    loading: &'static str,
    threshold: &'static str,
    bad_threshold: &'static str,
    remove: &'static str,
    counts: fn(u64, u64) -> String,
    showing: &'static str,
    blur: &'static str,
    unmatched: &'static str,
    grayscale: &'static str,
}

const ID: Words = Words {
    lists: "Daftar hash foto (PDQ)",
    hint: "Daftar hash PDQ yang dibagikan platform dan program pelapor tepercaya: satu hash 64 digit heksadesimal per \
           baris, boleh diikuti tab, label, tab, sumber. Foto yang mirip hash di daftar ditandai tanpa perlu dilihat.",
    name: "Nama daftar",
    bad_name: "Beri nama daftar (huruf, angka, - _ .)",
    category: "Kategori",
    file: "Muat daftar hash…",
    loading: "Memuat…",
    threshold: "Ambang (bit berbeda dari 256)",
    bad_threshold: "Ambang adalah bilangan bulat 0 sampai 128 (bawaan 31).",
    remove: "Hapus",
    counts: |hashes, malformed| {
        if malformed > 0 {
            format!("{hashes} hash, {malformed} baris rusak dilewati")
        } else {
            format!("{hashes} hash")
        }
    },
    showing: "Tampilan foto",
    blur: "Kaburkan foto pesan berkategori:",
    unmatched: "Kaburkan juga foto pesan tanpa temuan",
    grayscale: "Tampilkan foto hitam-putih",
};

const EN: Words = Words {
    lists: "Photo hash lists (PDQ)",
    hint: "Lists of PDQ hashes shared by platforms and trusted-flagger programmes: one 64-hex-digit hash a line, \
           optionally followed by a tab, a label, a tab, a source. A photo near a listed hash is marked without anyone \
           looking at it.",
    name: "List name",
    bad_name: "Give the list a name (letters, digits, - _ .)",
    category: "Category",
    file: "Load a hash list…",
    loading: "Loading…",
    threshold: "Threshold (bits of 256 that may differ)",
    bad_threshold: "The threshold is a whole number from 0 to 128 (default 31).",
    remove: "Remove",
    counts: |hashes, malformed| {
        if malformed > 0 {
            format!("{hashes} hashes, {malformed} malformed lines skipped")
        } else {
            format!("{hashes} hashes")
        }
    },
    showing: "Showing photos",
    blur: "Blur the photos of messages in:",
    unmatched: "Blur the photos of messages without matches too",
    grayscale: "Show photos in grayscale",
};

/// Makes the panel `name` in `container`: `photos` (this one; `options` the packs' categories) or `blocklists`
/// ([`crate::links::panel`]; `options` the import worker's script and why the server's lists were not kept).
pub fn open(name: &str, container: &Element, options: &[String], locale: Locale, on_change: js_sys::Function) {
    match name {
        "blocklists" => {
            let option = |at: usize| options.get(at).map_or("", String::as_str);
            crate::links::panel::render(container, locale, option(0), option(1), on_change)
        }
        _ => render(container, options, locale, on_change),
    }
}

/// Renders the panel into `container` (emptied first): `categories` the packs' categories.
pub fn render(container: &Element, categories: &[String], locale: Locale, on_change: js_sys::Function) {
    let words: &'static Words = if locale == Locale::En { &EN } else { &ID };
    let Some(ui) = Ui::new(container, on_change) else { return };

    // The lists.
    ui.add(container, "h3", &[], words.lists);
    ui.add(container, "p", &[("class", "hint")], words.hint);
    let form = ui.add(container, "div", &[("class", "blocklist-load")], "");
    let name_label = ui.add(&form, "label", &[], words.name);
    let name: HtmlInputElement = ui
        .add(
            &name_label,
            "input",
            &[("type", "text"), ("data-testid", "hashlist-name"), ("placeholder", "judi-banner")],
            "",
        )
        .unchecked_into();
    let category_label = ui.add(&form, "label", &[], words.category);
    let category: HtmlSelectElement =
        ui.add(&category_label, "select", &[("data-testid", "hashlist-category")], "").unchecked_into();
    ui.add(&category, "option", &[("value", "")], "—");
    for c in categories {
        ui.add(&category, "option", &[("value", c)], c);
    }
    let file_label = ui.add(&form, "label", &[("class", "file-button")], "");
    let file: HtmlInputElement = ui
        .add(
            &file_label,
            "input",
            &[("type", "file"), ("data-testid", "hashlist-file"), ("accept", ".txt,.csv,.tsv,.pdq,text/plain")],
            "",
        )
        .unchecked_into();
    let file_text = ui.add(&file_label, "span", &[], words.file);
    let threshold_label = ui.add(&form, "label", &[], words.threshold);
    let threshold: HtmlInputElement = ui
        .add(
            &threshold_label,
            "input",
            &[("type", "number"), ("min", "0"), ("max", "128"), ("data-testid", "hash-threshold")],
            "",
        )
        .unchecked_into();
    threshold.set_value(&crate::hashlists::threshold().unwrap_or(tapis_media::DEFAULT_THRESHOLD).to_string());
    let problem =
        ui.add(container, "p", &[("class", "error"), ("role", "alert"), ("data-testid", "hashlist-error")], "");
    let lists = ui.add(container, "ul", &[("class", "blocklist-list")], "");
    let ui = std::rc::Rc::new(ui);
    ui.list(words, &lists, &problem, false);

    ui.on(&file, "change", {
        let (ui, lists, problem) = (ui.clone(), lists.clone(), problem.clone());
        let (input, name, category) = (file.clone(), name.clone(), category.clone());
        move |_| {
            let Some(picked) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let Some(list) = list_name(&name.value(), &picked.name()) else {
                return problem.set_text_content(Some(words.bad_name));
            };
            problem.set_text_content(None);
            file_text.set_text_content(Some(words.loading));
            let request = HashListRequest { name: list, category: Some(category.value()).filter(|c| !c.is_empty()) };
            let (ui, lists, problem, name, file_text) =
                (ui.clone(), lists.clone(), problem.clone(), name.clone(), file_text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::import::worker::build_hashlist(request, vec![picked]).await {
                    crate::import::Event::Failed(failure) => problem.set_text_content(Some(&failure.message)),
                    _ => name.set_value(""),
                }
                file_text.set_text_content(Some(words.file));
                ui.list(words, &lists, &problem, true);
            });
        }
    });
    ui.on(&lists, "click", {
        let (ui, lists_for_click, problem) = (ui.clone(), lists.clone(), problem.clone());
        move |event: web_sys::Event| {
            let Some(target) = event.target() else { return };
            let Some(name) = target.dyn_ref::<Element>().and_then(|b| b.get_attribute("data-remove")) else { return };
            let (ui, lists, problem) = (ui.clone(), lists_for_click.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = crate::hashlists::delete(&name).await {
                    problem.set_text_content(Some(&error));
                }
                ui.list(words, &lists, &problem, true);
            });
        }
    });
    ui.on(&threshold, "change", {
        let (ui, input, problem) = (ui.clone(), threshold.clone(), problem.clone());
        move |_| match input.value().trim().parse::<u32>() {
            Ok(bits) if bits <= 128 => {
                problem.set_text_content(None);
                if let Some(storage) = crate::stored::local_storage() {
                    let _ = storage.set_item(THRESHOLD_KEY, &bits.to_string());
                }
                ui.changed("lists");
            }
            _ => problem.set_text_content(Some(words.bad_threshold)),
        }
    });

    // How photos are shown.
    ui.add(container, "h3", &[], words.showing);
    let settings = PhotoSettings::kept();
    let blur = ui.add(container, "fieldset", &[("class", "photo-settings")], "");
    ui.add(&blur, "legend", &[], words.blur);
    let mut boxes = Vec::new();
    for c in categories {
        let label = ui.add(&blur, "label", &[], "");
        let input =
            ui.checkbox(&label, &[("data-testid", "blur-category"), ("data-category", c)], settings.blurs(Some(c)));
        ui.add(&label, "span", &[], c);
        boxes.push((c.clone(), input));
    }
    let label = ui.add(container, "label", &[], "");
    let unmatched = ui.checkbox(&label, &[("data-testid", "blur-unmatched")], settings.blurs(None));
    ui.add(&label, "span", &[], words.unmatched);
    let label = ui.add(container, "label", &[], "");
    let gray = ui.checkbox(&label, &[("data-testid", "photo-grayscale")], settings.grayscale);
    ui.add(&label, "span", &[], words.grayscale);
    let save = {
        let ui = ui.clone();
        let (unmatched, gray) = (unmatched.clone(), gray.clone());
        move || {
            let settings = PhotoSettings {
                clear: boxes.iter().filter(|(_, b)| !b.checked()).map(|(c, _)| c.clone()).collect(),
                clear_unmatched: !unmatched.checked(),
                grayscale: gray.checked(),
            };
            if let Some(storage) = crate::stored::local_storage() {
                let _ = storage.set_item(SETTINGS_KEY, &settings.encode());
            }
            ui.changed("settings");
        }
    };
    // One listener for every box of the settings.
    let save = std::rc::Rc::new(save);
    for element in [&blur, unmatched.unchecked_ref::<Element>(), gray.unchecked_ref::<Element>()] {
        let save = save.clone();
        ui.on(element, "change", move |_| save());
    }
}

/// A panel made with DOM calls: its document and the page's callback.
pub(crate) struct Ui {
    document: Document,
    on_change: js_sys::Function,
}

impl Ui {
    /// The panel in `container`, emptied.
    pub(crate) fn new(container: &Element, on_change: js_sys::Function) -> Option<Ui> {
        let document = container.owner_document()?;
        container.set_text_content(None);
        Some(Ui { document, on_change })
    }

    /// A new element under `parent`, with attributes and text (text only: never parsed as HTML).
    pub(crate) fn add(&self, parent: &Element, tag: &str, attributes: &[(&str, &str)], text: &str) -> Element {
        let element = self.document.create_element(tag).expect("a known tag");
        for (name, value) in attributes {
            let _ = element.set_attribute(name, value);
        }
        if !text.is_empty() {
            element.set_text_content(Some(text));
        }
        let _ = parent.append_child(&element);
        element
    }

    fn checkbox(&self, parent: &Element, attributes: &[(&str, &str)], checked: bool) -> HtmlInputElement {
        let input: HtmlInputElement = self.add(parent, "input", attributes, "").unchecked_into();
        input.set_type("checkbox");
        input.set_checked(checked);
        input
    }

    pub(crate) fn on(&self, element: &Element, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let _ = element.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        closure.forget();
    }

    pub(crate) fn changed(&self, what: &str) {
        let _ = self.on_change.call1(&JsValue::NULL, &what.into());
    }

    /// Shows the hash lists kept; with `changed`, tells the page they changed.
    fn list(self: &std::rc::Rc<Self>, words: &'static Words, into: &Element, problem: &Element, changed: bool) {
        let (ui, into, problem) = (self.clone(), into.clone(), problem.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match crate::hashlists::names().await {
                Ok(kept) => {
                    into.set_text_content(None);
                    for (name, category, hashes, malformed) in kept {
                        let item = ui.add(&into, "li", &[("data-testid", "hashlist"), ("data-name", &name)], "");
                        let _ = item.set_attribute("data-hashes", &hashes.to_string());
                        let _ = item.set_attribute("data-malformed", &malformed.to_string());
                        ui.add(&item, "strong", &[], &name);
                        let category = if category.is_empty() { String::new() } else { format!(" · {category}") };
                        ui.add(&item, "span", &[], &format!("{category}: {} ", (words.counts)(hashes, malformed)));
                        ui.add(
                            &item,
                            "button",
                            &[("type", "button"), ("data-testid", "remove-hashlist"), ("data-remove", &name)],
                            words.remove,
                        );
                    }
                }
                Err(error) => problem.set_text_content(Some(&error)),
            }
            if changed {
                ui.changed("lists");
            }
        });
    }
}
