//! An export's photos on the desk (issue 21): a thumbnail on the message's card and the photo in full in the
//! inspector, **blurred by default** (per category, and for messages the rules did not match, as the analyst sets
//! it, remembered), shown on a click or `v`, optionally in grayscale; with the photo's PDQ hash and the hash lists
//! it is on. Nothing is uploaded: the picture is the analyst's own file, shown through an object URL that lives
//! with its import (`Loaded::photo`); only the rows in the queue's window hold an `<img>`, so 100,000 messages
//! decode only the pictures in view.

use std::collections::HashSet;

use leptos::prelude::*;

use super::{Lang, triage::Origin, triage::Row};
use crate::message_key::MessageKey;

/// How photos are shown, as the analyst set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhotoSettings {
    /// Categories whose photos are shown unblurred (every other category's are blurred).
    pub clear: Vec<String>,
    /// Whether the photos of messages the rules did not match are shown unblurred.
    pub clear_unmatched: bool,
    /// Whether photos are shown in grayscale.
    pub grayscale: bool,
}

impl PhotoSettings {
    /// Whether a photo of a message of this category (none: unmatched) is blurred until revealed.
    pub fn blurs(&self, category: Option<&str>) -> bool {
        match category {
            Some(category) => !self.clear.iter().any(|c| c == category),
            None => !self.clear_unmatched,
        }
    }

    /// The settings as kept (`localStorage`, [`crate::photo_panel::SETTINGS_KEY`]): `gray` and `unmatched` when so,
    /// then the clear categories, separated by spaces (plain text: the page's first load carries no decoder).
    pub fn encode(&self) -> String {
        let mut words: Vec<&str> = Vec::new();
        if self.grayscale {
            words.push("+gray");
        }
        if self.clear_unmatched {
            words.push("+unmatched");
        }
        words.extend(self.clear.iter().map(String::as_str));
        words.join(" ")
    }

    /// The settings [`PhotoSettings::encode`] wrote; the defaults for what is missing.
    pub fn decode(text: &str) -> PhotoSettings {
        let mut settings = PhotoSettings::default();
        for word in text.split_whitespace() {
            match word {
                "+gray" => settings.grayscale = true,
                "+unmatched" => settings.clear_unmatched = true,
                category => settings.clear.push(category.to_owned()),
            }
        }
        settings
    }

    /// The settings kept in this browser.
    pub fn kept() -> PhotoSettings {
        let text = crate::stored::local_storage().and_then(|s| s.get_item(crate::photo_panel::SETTINGS_KEY).ok()?);
        PhotoSettings::decode(&text.unwrap_or_default())
    }
}

/// The photo settings and the photos the analyst revealed (for this page's life: a reload blurs them again).
#[derive(Clone, Copy)]
pub struct PhotoView {
    /// How photos are shown.
    pub settings: RwSignal<PhotoSettings>,
    /// The messages whose photo is shown unblurred.
    pub revealed: RwSignal<HashSet<MessageKey>>,
}

impl PhotoView {
    /// The settings as kept, nothing revealed.
    pub fn new() -> PhotoView {
        // The photo tools keep what they change (`photo_panel.rs`): the page only reads it.
        let settings = RwSignal::new(PhotoSettings::kept());
        PhotoView { settings, revealed: RwSignal::new(HashSet::new()) }
    }

    /// Shows the photo of `key` if it was blurred, blurs it again if it was shown.
    pub fn toggle(&self, key: MessageKey) {
        self.revealed.update(|r| {
            if !r.remove(&key) {
                r.insert(key);
            }
        });
    }
}

impl Default for PhotoView {
    fn default() -> PhotoView {
        PhotoView::new()
    }
}

/// The photo of an imported message whose export's media were given with it: blurred as set, its hash and list
/// matches below. `full`: at full width (the inspector) rather than a thumbnail (the card).
///
/// A small reactive shell (its blur, grayscale and the click that shows it) around children made once with DOM
/// calls: the photo's view costs the page's first load a few hundred bytes, not a component's worth.
#[component]
pub fn Photo(row: Row, full: bool) -> impl IntoView {
    let Origin::Imported(loaded, index) = &row.origin else { return ().into_any() };
    let found = &loaded.messages[*index];
    if found.photo.is_empty() {
        return ().into_any();
    }
    let lang = expect_context::<Lang>();
    let view = expect_context::<PhotoView>();
    let key = row.facts.key;
    let figure = NodeRef::<leptos::html::Figure>::new();
    let texts = lang.texts();
    let Some((path, url)) = loaded.photo(*index) else {
        // The message has a photo the export left out, or whose file was not given with it.
        let text =
            if found.photo == crate::import::NOT_EXPORTED { texts.photo_not_exported } else { texts.photo_not_given };
        figure.on_load(move |figure| {
            figure.set_class_name("photo-missing");
            let _ = figure.set_attribute("data-testid", "photo-missing");
            figure.set_text_content(Some(text));
        });
        return view! { <figure node_ref=figure></figure> }.into_any();
    };
    let category = row.facts.category.clone();
    // The photo is read from the analyst's own file, never sent anywhere (`Loaded::photo`).
    let (alt, images) = (path.to_owned(), found.images.clone());
    figure.on_load(move |figure| fill(&figure, &url, &alt, &images, full, texts));
    // Blur and grayscale follow the settings and the analyst's `v`, on the element itself.
    Effect::new(move |_| {
        let Some(figure) = figure.get() else { return };
        let blurred = !view.revealed.with(|r| r.contains(&key)) && view.settings.with(|s| s.blurs(category.as_deref()));
        let gray = view.settings.with(|s| s.grayscale);
        let class = format!(
            "photo{}{}{}",
            if full { " full" } else { "" },
            if blurred { " blurred" } else { "" },
            if gray { " gray" } else { "" }
        );
        figure.set_class_name(&class);
        let _ = figure.set_attribute("data-blurred", if blurred { "true" } else { "false" });
    });
    let testid = if full { "inspected-photo" } else { "photo" };
    view! { <figure node_ref=figure data-testid=testid role="button" tabindex="0" on:click=move |_| view.toggle(key)></figure> }
        .into_any()
}

/// The photo's children: the picture, the veil that says it is blurred, and what its hash says (text only: no
/// label of a list is ever read as HTML).
fn fill(
    figure: &web_sys::Element,
    url: &str,
    alt: &str,
    images: &[tapis_wire::EvidenceImage],
    full: bool,
    texts: &'static crate::i18n::Texts,
) {
    let Some(document) = figure.owner_document() else { return };
    // The element may be one a previous message's photo was drawn in (the view keeps elements it can reuse).
    figure.set_text_content(None);
    let add = |parent: &web_sys::Element, tag: &str, class: &str, text: &str| {
        let element = document.create_element(tag).ok()?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        element.set_text_content((!text.is_empty()).then_some(text));
        parent.append_child(&element).ok()?;
        Some(element)
    };
    // Not `loading="lazy"`: only the rows in the queue's window hold a picture, and the inspector's is the one the
    // analyst is looking at (Firefox left it unloaded when the inspector sat below the page's fold).
    if let Some(img) = add(figure, "img", "", "") {
        for (name, value) in [("src", url), ("alt", alt), ("decoding", "async"), ("draggable", "false")] {
            let _ = img.set_attribute(name, value);
        }
    }
    add(figure, "span", "photo-veil", texts.photo_show);
    let Some(caption) = add(figure, "figcaption", "photo-facts", "") else { return };
    let matches = images.iter().flat_map(|i| &i.matches);
    if !full {
        if let Some(nearest) = matches.min_by_key(|m| m.distance) {
            caption.set_class_name("photo-listed");
            let _ = caption.set_attribute("data-testid", "photo-listed");
            caption.set_text_content(Some(&(texts.photo_listed)(&nearest.list, nearest.distance)));
        }
        return;
    }
    for image in images {
        let line = add(&caption, "p", "", "PDQ ");
        if let Some(code) = line.as_ref().and_then(|l| add(l, "code", "", &image.pdq)) {
            let _ = code.set_attribute("data-testid", "photo-pdq");
        }
        if let Some(line) = &line {
            add(line, "span", "", &format!(" · {}", (texts.photo_quality)(image.quality)));
        }
        let Some(list) = add(&caption, "ul", "photo-matches", "") else { continue };
        for m in &image.matches {
            let mut text = m.list.clone();
            for part in
                [m.category.clone(), Some((texts.photo_distance)(m.distance)), m.label.clone(), m.source.clone()]
                    .into_iter()
                    .flatten()
            {
                text.push_str(" · ");
                text.push_str(&part);
            }
            if let Some(item) = add(&list, "li", "photo-match", &text) {
                let _ = item.set_attribute("data-testid", "photo-match");
                let _ = item.set_attribute("data-list", &m.list);
                let _ = item.set_attribute("data-distance", &m.distance.to_string());
                let _ = item.set_attribute("dir", "auto");
            }
        }
    }
}

/// Makes a panel the first paint does not need, in an element: `(panel, container, options, locale, on_change)`,
/// `panel` being `photos` ([`crate::photo_panel`], `options` the packs' categories) or `blocklists`
/// ([`crate::links::panel`], `options` the import worker's script and the server lists' trouble); by the worker's
/// module loaded on the page (or,
/// in the component tests, this module).
pub type PanelOpen =
    std::rc::Rc<dyn Fn(&'static str, web_sys::Element, Vec<String>, crate::i18n::Locale, js_sys::Function)>;

/// Keeps the server's blocklists: `(api_base, token, locale)`, whether any changed ([`crate::links::panel`]).
pub type ServedSync = std::rc::Rc<
    dyn Fn(
        String,
        String,
        crate::i18n::Locale,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, String>>>>,
>;

thread_local! {
    static PANEL: std::cell::RefCell<Option<PanelOpen>> = const { std::cell::RefCell::new(None) };
    static SYNC: std::cell::RefCell<Option<ServedSync>> = const { std::cell::RefCell::new(None) };
}

/// Panels are made with `open`, and the server's blocklists kept with `sync`, from now on (`import/runner.rs`).
pub fn panels_with(open: PanelOpen, sync: ServedSync) {
    PANEL.set(Some(open));
    SYNC.set(Some(sync));
}

/// The server's blocklists kept (`tapis serve --blocklist`), where this page can keep them; whether any changed.
pub async fn sync_served(api_base: String, token: String, locale: crate::i18n::Locale) -> Result<bool, String> {
    match SYNC.with_borrow(Clone::clone) {
        Some(sync) => sync(api_base, token, locale).await,
        None => Ok(false),
    }
}

/// A folded panel the first paint does not need, made when first unfolded ([`PanelOpen`]); `on_change` hears what
/// it changed. With `again`, a panel already made is made again when it changes (the lists it shows changed).
#[component]
pub fn LazyPanel(
    panel: &'static str,
    testid: &'static str,
    title: fn(&'static crate::i18n::Texts) -> &'static str,
    #[prop(into)] options: Signal<Vec<String>>,
    on_change: std::rc::Rc<dyn Fn(String)>,
    #[prop(optional)] again: Option<RwSignal<u32>>,
) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let lang = expect_context::<Lang>();
    let body = NodeRef::<leptos::html::Div>::new();
    let opened = StoredValue::new(false);
    let on_change = StoredValue::new_local(on_change);
    let make = move || {
        let (Some(body), Some(open)) = (body.get_untracked(), PANEL.with_borrow(Clone::clone)) else { return };
        opened.set_value(true);
        let on_change = on_change.get_value();
        let callback = wasm_bindgen::closure::Closure::<dyn Fn(String)>::new(move |what: String| on_change(what));
        open(
            panel,
            body.into(),
            options.get_untracked(),
            lang.0.get_untracked(),
            callback.into_js_value().unchecked_into(),
        );
    };
    if let Some(again) = again {
        Effect::new(move |_| {
            again.track();
            if opened.get_value() {
                make();
            }
        });
    }
    view! {
        <details class="blocklists lazy-panel" data-testid=testid on:toggle=move |_| if !opened.get_value() { make() }>
            <summary>{move || title(lang.texts())}</summary>
            <div node_ref=body></div>
        </details>
    }
}

/// The photo tools: hash lists, threshold and how photos are shown ([`crate::photo_panel`]); what they change, the
/// page reads again.
#[component]
pub fn PhotoTools() -> impl IntoView {
    let rules = expect_context::<super::Rules>().0;
    let view = expect_context::<PhotoView>();
    let control = expect_context::<super::ImportControl>().0;
    let choice = expect_context::<super::PackChoices>().0;
    let packs = expect_context::<super::AppConfig>().0.packs.clone();
    let on_change = std::rc::Rc::new(move |what: String| {
        if what == "settings" {
            view.settings.set(PhotoSettings::kept());
        } else {
            let request =
                crate::import::Request { packs: packs.clone(), choice: choice.get_untracked(), ..Default::default() };
            control.with_value(|c| c.rescan(&request));
        }
    });
    view! {
        <LazyPanel panel="photos" testid="photo-tools" title=|t| t.photo_tools options=super::categories(&rules) on_change />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_blurred_unless_their_category_or_unmatched_messages_are_set_clear() {
        let mut settings = PhotoSettings::default();
        assert!(settings.blurs(Some("perjudian")));
        assert!(settings.blurs(None));
        settings.clear.push("perjudian".into());
        settings.clear_unmatched = true;
        assert!(!settings.blurs(Some("perjudian")));
        assert!(settings.blurs(Some("pornografi")));
        assert!(!settings.blurs(None));
        // Kept as plain text, read back; what is missing stays at its default.
        settings.grayscale = true;
        assert_eq!(PhotoSettings::decode(&settings.encode()), settings);
        let gray = PhotoSettings::decode("+gray");
        assert!(gray.grayscale && gray.blurs(None) && gray.blurs(Some("perjudian")));
    }
}
