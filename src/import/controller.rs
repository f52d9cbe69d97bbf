//! Running imports and keeping what they read: the [`Controller`] queues jobs (one per file or HTML export), runs
//! them one after another through the [`Importer`] (in the worker, or on the page), and
//! keeps each finished one as a [`Loaded`] in the [`Imports`] signal, its chats' usernames in [`ChatUsernames`]. A
//! failed or cancelled import leaves everything loaded before as it was. No view here: `ui/import_panel.rs` is the
//! panel that drives it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::media::{self, Role};
use super::runner::Importer;
use super::{Event, Failure, FileInfo, Found, Request, Summary, Usernames, format_from_name};

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
    /// Where each message handed on (by its index in input order, as the summary's campaigns count them) is in
    /// `messages`.
    pub position: Vec<u32>,
    /// Where it was read: `"worker"` (off the page's thread) or `"page"` (in slices).
    pub read_in: &'static str,
    /// The files it was read from, to read them again (with other rules, or after a reload from the file store).
    pub files: Vec<web_sys::File>,
    /// What it was read with: format, username and rules.
    pub request: Request,
    /// Its campaigns ([`Summary::grouped`], read once, when a flag first asks) and, for each message kept, the
    /// campaigns it is in.
    pub campaigns: std::sync::OnceLock<(Vec<super::Grouped>, Vec<Vec<u32>>)>,
    /// The names of `files`, to find its photos by (made when a photo is first shown).
    pub media: std::sync::OnceLock<Vec<String>>,
}

/// The property of a photo's `File` holding its object URL, made when the photo is first shown: it points at the
/// analyst's own file (no copy: the bytes stay on disk) and lives as long as the page, so that a view kept or a
/// reading of the import again (which shares its files) never shows a revoked one. A picture's decoded pixels go
/// with its `<img>`, when its row leaves the queue's window.
const URL: &str = "tapisUrl";

impl Loaded {
    /// The keys (`kind:value`) of every campaign message `index` (in `messages`) is in, each once (the first
    /// [`crate::workspace::MAX_CAMPAIGNS`]: what the server takes): what its flag carries.
    pub fn campaigns_of(&self, index: usize) -> Vec<String> {
        let (grouped, of) = self.campaigns.get_or_init(|| {
            let grouped = self.summary.grouped();
            let mut of = vec![Vec::new(); self.messages.len()];
            for (c, campaign) in grouped.iter().enumerate() {
                for &i in &campaign.messages {
                    if let Some(list) = self.position.get(i as usize).and_then(|&at| of.get_mut(at as usize)) {
                        list.push(c as u32);
                    }
                }
            }
            (grouped, of)
        });
        let mut keys: Vec<String> = Vec::new();
        for &c in of.get(index).into_iter().flatten() {
            for key in &grouped[c as usize].keys {
                if !keys.contains(key) && keys.len() < crate::workspace::MAX_CAMPAIGNS {
                    keys.push(key.clone());
                }
            }
        }
        keys
    }

    /// The path and the object URL of the photo (or thumbnail) message `index` (in `messages`) shows, when the
    /// import holds its file.
    pub fn photo(&self, index: usize) -> Option<(&str, String)> {
        let path = self.messages.get(index)?.photo.as_str();
        if path.is_empty() || path == super::NOT_EXPORTED {
            return None;
        }
        let names = self.media.get_or_init(|| self.files.iter().map(super::worker::file_name).collect());
        let file = self.files.get(media::find(names, path)?)?;
        if let Some(url) = js_sys::Reflect::get(file, &URL.into()).ok().and_then(|u| u.as_string()) {
            return Some((path, url));
        }
        let url = web_sys::Url::create_object_url_with_blob(file).ok()?;
        let _ = js_sys::Reflect::set(file, &URL.into(), &url.as_str().into());
        Some((path, url))
    }

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
        let described: Vec<(FileInfo, tapis_ingest::Format, Role)> = files
            .iter()
            .map(|f| {
                let name = super::worker::file_name(f);
                let format = forced.or_else(|| format_from_name(&name)).unwrap_or(tapis_ingest::Format::FreeText);
                let role = media::role(&name);
                (FileInfo { name, size: f.size() as u64 }, format, role)
            })
            .collect();
        let (groups, left_out) = media::group_with_media(&described);
        if !left_out.is_empty() {
            let names: Vec<&str> = left_out.iter().map(|&i| described[i].0.name.as_str()).collect();
            self.errors.update(|errors| {
                errors.push(Failure {
                    code: "media_without_export".into(),
                    file: Some(names.join(", ")),
                    message: "media are read with their export: open its folder, or pick its result.json too".into(),
                })
            });
        }
        for group in groups {
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

    /// Why the last imports failed, if they did.
    pub fn errors(&self) -> RwSignal<Vec<Failure>> {
        self.errors
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
        // The export's documents by name, its media counted: an export folder holds thousands of photos.
        let all: Vec<String> = queued.files.iter().map(super::worker::file_name).collect();
        let media = all.iter().filter(|n| media::role(n) == Role::Media).count();
        let mut names: Vec<String> = all.into_iter().filter(|n| media::role(n) == Role::Document).collect();
        if media > 0 {
            names.push(format!("+{media} media"));
        }
        let total = queued.files.iter().map(|f| f.size() as u64).sum();
        self.status.set(ImportStatus::Running { names: names.join(", "), bytes: 0, total, messages: 0 });
        mark("tapis-import-start");
        let (mut request, files) = (queued.request.clone(), queued.files.clone());
        // Photos are matched against the hash lists with the threshold set now (`ui/photos.rs`).
        request.hash_threshold = crate::hashlists::threshold();
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
            // Only a blocklist's job lists; an import never does.
            Event::Listed { .. } => {}
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
        let Running { queued, names, messages } = running;
        let Queued { id, files, request, usernames: given, replaces } = queued;
        // Most severe and highest scoring first; the sort is stable, so input order otherwise.
        let mut order: Vec<u32> = (0..messages.len() as u32).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((messages[i as usize].severity, messages[i as usize].score)));
        let mut position = vec![0; order.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i as usize] = at as u32;
        }
        let mut slots: Vec<Option<Found>> = messages.into_iter().map(Some).collect();
        let messages: Vec<Found> = order.iter().filter_map(|&i| slots[i as usize].take()).collect();
        let read_in = self.importer.ran_in();
        // Read again with other rules: in place of the import it was, with the usernames the analyst gave.
        if let Some(old) = replaces {
            if !self.imports.with_untracked(|all| all.iter().any(|l| l.id == old)) {
                return; // Closed meanwhile.
            }
            self.usernames.update(|usernames| usernames.start(old, &summary.chats, given, true));
        } else {
            let open: Vec<u64> = self.imports.with_untracked(|all| all.iter().map(|l| l.id).collect());
            self.usernames.update(|usernames| {
                usernames.retain(&open);
                usernames.start(id, &summary.chats, given, false);
            });
        }
        let id = replaces.unwrap_or(id);
        let campaigns = Default::default();
        let media = Default::default();
        let loaded =
            Arc::new(Loaded { id, names, summary, messages, position, read_in, files, request, campaigns, media });
        match replaces {
            Some(_) => {
                self.imports.update(|all| all.iter_mut().filter(|l| l.id == id).for_each(|l| *l = loaded.clone()))
            }
            None => self.imports.update(|all| all.push(loaded)),
        }
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

/// A performance mark, for `make bench` to time imports with the browser's own clock.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
