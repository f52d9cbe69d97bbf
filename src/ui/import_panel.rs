//! Bringing files in: a file picker and a drop zone (several files at once), the format (detected, or chosen),
//! the channel's username, and while an import runs, its progress and a Cancel button. A failed or cancelled
//! import leaves everything loaded before as it was.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::{AppConfig, KeptImports, Lang, StoreTrouble};
use crate::import::{Event, Failure, FileInfo, Found, Request, Summary, Usernames, format_from_name, group_files};
use crate::importer::Importer;

/// One import in the workspace: its files, what it held, and the messages kept (candidates first, most severe
/// first; then the first messages without matches, in input order).
pub struct Loaded {
    /// Unique within the page.
    pub id: u64,
    /// The files' names.
    pub names: Vec<String>,
    /// Chats, counts, warnings, the input's hash.
    pub summary: Summary,
    /// The messages kept.
    pub messages: Vec<Found>,
    /// Where it was read: `"worker"` (off the page's thread) or `"page"` (in slices).
    pub read_in: &'static str,
    /// The files it was read from, to read them again (with other rules, or after a reload from the file store).
    pub files: Vec<web_sys::File>,
    /// What it was read with: format, username and rules.
    pub request: Request,
}

impl Loaded {
    /// Chat `index` of the import, with the username the analyst gave it in `usernames`. An invalid username is
    /// left out until corrected; the field says why.
    pub fn chat(&self, index: usize, usernames: &Usernames) -> Option<tapis_ingest::Chat> {
        usernames.chat(self.id, &self.summary.chats, index)
    }
}

/// The imports in the workspace, oldest first.
#[derive(Clone, Copy)]
pub struct Imports(pub RwSignal<Vec<Arc<Loaded>>>);

/// The usernames the analyst gives the imports' chats, beside the imports (a keystroke there changes where flags
/// point, not what was read).
#[derive(Clone, Copy)]
pub struct ChatUsernames(pub RwSignal<Usernames>);

/// Where an import is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportStatus {
    /// Nothing running.
    Idle,
    /// Reading.
    Running {
        /// The files' names.
        names: String,
        /// Bytes read.
        bytes: u64,
        /// Bytes in all.
        total: u64,
        /// Messages read.
        messages: u64,
    },
    /// The analyst cancelled the last import.
    Cancelled,
}

/// Starts imports from anywhere in the app (the paste area hands large pastes over as a file).
#[derive(Clone, Copy)]
pub struct ImportControl(pub StoredValue<Rc<Controller>, LocalStorage>);

/// Runs imports one after another and keeps the workspace's imports.
pub struct Controller {
    importer: Rc<Importer>,
    status: RwSignal<ImportStatus>,
    errors: RwSignal<Vec<Failure>>,
    imports: RwSignal<Vec<Arc<Loaded>>>,
    usernames: RwSignal<Usernames>,
    queue: RefCell<VecDeque<Queued>>,
    running: RefCell<Option<Running>>,
    next_id: Cell<u64>,
    generation: Cell<u64>,
}

/// An import waiting its turn. Its id is given when it is queued, so that whoever queued it can tell it apart.
struct Queued {
    id: u64,
    files: Vec<web_sys::File>,
    request: Request,
    /// The chats' usernames as the analyst left them (an import brought back from the file store).
    usernames: Option<Vec<String>>,
    /// The id of the import it reads again (with other rules), which it replaces when done.
    replaces: Option<u64>,
}

/// The running import, and what it has sent so far; kept aside until it is done.
struct Running {
    queued: Queued,
    names: Vec<String>,
    messages: Vec<Found>,
}

impl Controller {
    /// A controller whose jobs run in the worker at `worker_script`, or on the page, keeping what they read in
    /// `imports` and their chats' usernames in `usernames`.
    pub fn new(
        worker_script: Option<String>,
        imports: RwSignal<Vec<Arc<Loaded>>>,
        usernames: RwSignal<Usernames>,
    ) -> Rc<Controller> {
        Rc::new(Controller {
            importer: Importer::new(worker_script),
            status: RwSignal::new(ImportStatus::Idle),
            errors: RwSignal::new(Vec::new()),
            imports,
            usernames,
            queue: RefCell::new(VecDeque::new()),
            running: RefCell::new(None),
            next_id: Cell::new(0),
            generation: Cell::new(0),
        })
    }

    /// The usernames of the imports' chats.
    pub fn usernames(&self) -> RwSignal<Usernames> {
        self.usernames
    }

    /// Imports `files` with `request`: the parts of an HTML export together, every other file on its own.
    pub fn import(self: &Rc<Self>, files: Vec<web_sys::File>, request: Request) {
        if files.is_empty() {
            return;
        }
        self.errors.set(Vec::new());
        let forced = request.format;
        let described: Vec<(FileInfo, tapis_ingest::Format)> = files
            .iter()
            .map(|f| {
                let name = crate::worker::file_name(f);
                let format = forced.or_else(|| format_from_name(&name)).unwrap_or(tapis_ingest::Format::FreeText);
                (FileInfo { name, size: f.size() as u64 }, format)
            })
            .collect();
        for group in group_files(&described) {
            let files = group.into_iter().map(|i| files[i].clone()).collect();
            self.enqueue(files, request.clone(), None);
        }
    }

    /// Imports again, as one import, the `files` of an import kept in the file store, and gives its chats the
    /// `usernames` the analyst had given them. The id the import will have once read.
    pub fn restore(self: &Rc<Self>, files: Vec<web_sys::File>, request: Request, usernames: Vec<String>) -> u64 {
        self.enqueue(files, request, Some(usernames))
    }

    /// Where imports are (to tell when the imports being brought back are all read, or dropped).
    pub fn status(&self) -> RwSignal<ImportStatus> {
        self.status
    }

    fn enqueue(self: &Rc<Self>, files: Vec<web_sys::File>, request: Request, usernames: Option<Vec<String>>) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.queue.borrow_mut().push_back(Queued { id, files, request, usernames, replaces: None });
        if self.running.borrow().is_none() {
            self.next();
        }
        id
    }

    fn next(self: &Rc<Self>) {
        let Some(queued) = self.queue.borrow_mut().pop_front() else {
            *self.running.borrow_mut() = None;
            if matches!(self.status.get_untracked(), ImportStatus::Running { .. }) {
                self.status.set(ImportStatus::Idle);
            }
            return;
        };
        let names: Vec<String> = queued.files.iter().map(crate::worker::file_name).collect();
        let total = queued.files.iter().map(|f| f.size() as u64).sum();
        self.status.set(ImportStatus::Running { names: names.join(", "), bytes: 0, total, messages: 0 });
        mark("tapis-import-start");
        let (request, files) = (queued.request.clone(), queued.files.clone());
        *self.running.borrow_mut() = Some(Running { queued, names, messages: Vec::new() });
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        let this = Rc::downgrade(self);
        let on_event: Rc<dyn Fn(Event)> = Rc::new(move |event| {
            if let Some(this) = this.upgrade().filter(|t| t.generation.get() == generation) {
                this.on_event(event);
            }
        });
        self.importer.start(request, files, on_event);
    }

    fn on_event(self: &Rc<Self>, event: Event) {
        match event {
            Event::Progress { bytes, total, messages } => self.status.update(|status| {
                if let ImportStatus::Running { bytes: b, total: t, messages: m, .. } = status {
                    (*b, *t, *m) = (bytes, total, messages);
                }
            }),
            Event::Batch { messages } => {
                if let Some(running) = self.running.borrow_mut().as_mut() {
                    running.messages.extend(messages);
                }
            }
            Event::Restarted => {
                if let Some(running) = self.running.borrow_mut().as_mut() {
                    running.messages.clear();
                }
            }
            Event::Done(summary) => {
                if let Some(running) = self.running.borrow_mut().take() {
                    self.keep(running, *summary);
                }
                mark("tapis-import-done");
                self.next();
            }
            Event::Failed(mut failure) => {
                if let Some(running) = self.running.borrow_mut().take() {
                    failure.file.get_or_insert_with(|| running.names.join(", "));
                }
                self.errors.update(|errors| errors.push(failure));
                self.next();
            }
        }
    }

    fn keep(&self, running: Running, summary: Summary) {
        let Running { queued, names, mut messages } = running;
        let Queued { id, files, request, usernames: given, replaces } = queued;
        // Most severe and highest scoring first; the sort is stable, so input order otherwise.
        messages.sort_by_key(|f| std::cmp::Reverse((f.severity, f.score)));
        let read_in = self.importer.ran_in();
        // Read again with other rules: in place of the import it was, with the usernames the analyst gave.
        if let Some(id) = replaces {
            if !self.imports.with_untracked(|all| all.iter().any(|l| l.id == id)) {
                return; // Closed meanwhile.
            }
            self.usernames.update(|usernames| usernames.start(id, &summary.chats, given, true));
            let loaded = Arc::new(Loaded { id, names, summary, messages, read_in, files, request });
            self.imports.update(|all| all.iter_mut().filter(|l| l.id == id).for_each(|l| *l = loaded.clone()));
            return;
        }
        let open: Vec<u64> = self.imports.with_untracked(|all| all.iter().map(|l| l.id).collect());
        self.usernames.update(|usernames| {
            usernames.retain(&open);
            usernames.start(id, &summary.chats, given, false);
        });
        let loaded = Arc::new(Loaded { id, names, summary, messages, read_in, files, request });
        self.imports.update(|all| all.push(loaded));
    }

    /// Reads every import again with the rules of `rules` (its `packs` and `choice`; each import keeps its format
    /// and username), replacing each in place when done. The running import starts over with them, and the queued
    /// ones will use them.
    pub fn rescan(self: &Rc<Self>, rules: &Request) {
        let mut queue = self.queue.borrow_mut();
        for job in queue.iter_mut() {
            job.request = job.request.with_rules_of(rules);
        }
        if let Some(Running { queued, .. }) = self.running.borrow_mut().take() {
            self.importer.cancel();
            self.generation.set(self.generation.get() + 1);
            queue.push_front(Queued { request: queued.request.with_rules_of(rules), ..queued });
        }
        for loaded in self.imports.get_untracked() {
            if !queue.iter().any(|job| job.replaces == Some(loaded.id)) {
                let request = loaded.request.with_rules_of(rules);
                let files = loaded.files.clone();
                queue.push_back(Queued { id: loaded.id, files, request, usernames: None, replaces: Some(loaded.id) });
            }
        }
        drop(queue);
        self.next();
    }

    /// Stops the running import and forgets the queued ones; what was loaded before stays.
    pub fn cancel(&self) {
        self.importer.cancel();
        self.queue.borrow_mut().clear();
        *self.running.borrow_mut() = None;
        self.generation.set(self.generation.get() + 1);
        self.status.set(ImportStatus::Cancelled);
    }
}

/// The import area: file picker, drop zone, format, username, progress and errors.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let control = expect_context::<ImportControl>().0;
    let settings = expect_context::<AppConfig>().0;
    let (status, errors) = control.with_value(|c| (c.status, c.errors));
    let trouble = expect_context::<KeptImports>().0.with_value(|k| k.trouble);
    let format = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    let packs = settings.packs.clone();
    let choice = expect_context::<super::PackChoices>().0;

    let request = move || Request {
        format: serde_json::from_value(serde_json::Value::String(format.get_untracked())).ok(),
        username: Some(username.get_untracked()).filter(|u| !u.trim().is_empty()),
        packs: packs.clone(),
        choice: choice.get_untracked(),
    };
    let start = {
        let request = request.clone();
        move |files: Vec<web_sys::File>| {
            let request = request();
            control.with_value(|c| c.import(files, request));
        }
    };
    let on_pick = {
        let start = start.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let files = file_list(input.files());
            // The same file can be picked again after it was closed.
            input.set_value("");
            start(files);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        start(file_list(ev.data_transfer().and_then(|d| d.files())));
    };
    let formats = ["telegram_json", "telegram_html", "copied_text", "free_text"];

    view! {
        <section
            class="import"
            class:dragging=move || dragging.get()
            data-testid="import-zone"
            aria-label=move || lang.texts().import
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="import-row">
                <label class="file-button">
                    <input
                        type="file"
                        multiple
                        data-testid="file-input"
                        accept=".json,.html,.htm,.txt,application/json,text/html,text/plain"
                        on:change=on_pick
                    />
                    <span>{move || lang.texts().import_files}</span>
                </label>
                <span class="hint">{move || lang.texts().import_hint}</span>
            </div>
            <div class="import-row">
                <label for="tapis-format">{move || lang.texts().format_label}</label>
                <select
                    id="tapis-format"
                    data-testid="format"
                    on:change=move |ev| format.set(event_target_value(&ev))
                    prop:value=move || format.get()
                >
                    <option value="">{move || lang.texts().format_auto}</option>
                    {formats
                        .into_iter()
                        .map(|code| view! { <option value=code>{move || (lang.texts().format)(code)}</option> })
                        .collect_view()}
                </select>
                <label for="tapis-import-username">{move || lang.texts().username_label}</label>
                <input
                    id="tapis-import-username"
                    data-testid="import-username"
                    type="text"
                    spellcheck="false"
                    placeholder="@username"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
            </div>
            {move || match status.get() {
                ImportStatus::Running { names, bytes, total, messages } => {
                    let max = total.max(1);
                    view! {
                        <div class="import-progress" data-testid="import-progress" role="status">
                            <progress max=max.to_string() value=bytes.min(max).to_string()></progress>
                            <span>{(lang.texts().reading)(&names, bytes, total, messages)}</span>
                            <button
                                type="button"
                                data-testid="cancel-import"
                                on:click=move |_| control.with_value(|c| c.cancel())
                            >
                                {lang.texts().cancel}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                ImportStatus::Cancelled => {
                    view! { <p class="import-note" data-testid="import-cancelled" role="status">{lang.texts().cancelled}</p> }
                        .into_any()
                }
                ImportStatus::Idle => ().into_any(),
            }}
            {move || trouble.get().map(|trouble| {
                let text = match &trouble {
                    StoreTrouble::NotKept { import, reason } => (lang.texts().import_not_kept)(import.as_deref(), reason),
                    StoreTrouble::NotCleared { reason } => (lang.texts().imports_not_cleared)(reason),
                };
                view! { <p class="import-note store-trouble" data-testid="store-trouble" role="status">{text}</p> }
            })}
            <For
                each=move || errors.get().into_iter().enumerate()
                key=|(i, failure)| (*i, failure.message.clone())
                children=move |(_, failure)| {
                    let code = failure.code.clone();
                    view! {
                        <p class="field-error import-error" data-testid="import-error" data-code=failure.code.clone() role="alert">
                            <strong>{move || (lang.texts().import_error)(&code)}</strong>
                            {failure.file.clone().map(|f| format!(" · {f}"))}
                            " · "
                            {failure.message.clone()}
                        </p>
                    }
                }
            />
        </section>
    }
}

/// A performance mark, for `make bench` to time imports with the browser's own clock.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Makes a `File` of a text (a paste too large for the text area), to import like any file.
pub fn text_file(text: &str, name: &str) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::FilePropertyBag::new();
    options.set_type("text/plain");
    web_sys::File::new_with_str_sequence_and_options(&parts, name, &options).ok()
}
