//! Running import jobs: in a Web Worker (the worker's own module, `tapis-worker`, started by `worker.js`), or in
//! slices on the page where no worker can start (an app embedded in a page of another origin cannot start a worker
//! from its own), the page then loading the same module.
//!
//! The page posts `{request, files}` (a JSON [`Request`] and the `File`s of one import); the worker answers with
//! [`Event`]s as JSON strings, ending with `done` or `failed`. Files go over as `File`s, never as text: the page
//! never holds the bytes of a large export.

use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Reflect, Uint8Array};
use tapis_engine::RuleSet;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

use tapis_engine::links::{Blocklist, BlocklistBuilder, Blocklists};

use crate::import::media::{self, MediaIndex};
use crate::import::{Event, Failure, FileInfo, Job, Noted, Request, SLICE, format_from_name, html_job};
use crate::links::ListInfo;
use crate::packs::PackChoice;

/// Installs the worker's message handler (called by `worker.js` once the module is loaded).
pub fn start() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        move |event: Event| {
            let json = serde_json::to_string(&event).expect("events serialize");
            let _ = scope.post_message(&JsValue::from_str(&json));
        }
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
        let post = post.clone();
        spawn_local(async move {
            match read_job(&message.data()) {
                Ok((request, files)) => run(request, files, post, None).await,
                Err(failure) => post(Event::Failed(failure)),
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// Runs the job `message` (as [`job_message`] makes it) on the page, in slices: `on_event` gets each event as JSON,
/// and the job stops when `cancelled` returns true (the worker module's `run_on_page`).
pub async fn run_on_page(message: JsValue, on_event: js_sys::Function, cancelled: js_sys::Function) {
    let post = move |event: Event| {
        let json = serde_json::to_string(&event).expect("events serialize");
        let _ = on_event.call1(&JsValue::NULL, &JsValue::from_str(&json));
    };
    match read_job(&message) {
        Ok((request, files)) => {
            let cancelled =
                Rc::new(move || cancelled.call0(&JsValue::NULL).ok().and_then(|v| v.as_bool()) == Some(true));
            run(request, files, post, Some(cancelled)).await
        }
        Err(failure) => post(Event::Failed(failure)),
    }
}

/// The message the page posts to start a job.
pub fn job_message(request: &Request, files: &[web_sys::File]) -> JsValue {
    let message = js_sys::Object::new();
    let json = serde_json::to_string(request).expect("requests serialize");
    let _ = Reflect::set(&message, &"request".into(), &json.into());
    let list: Array = files.iter().collect();
    let _ = Reflect::set(&message, &"files".into(), &list);
    message.into()
}

fn read_job(data: &JsValue) -> Result<(Request, Vec<web_sys::File>), Failure> {
    let failure = |message: String| Failure { code: "worker".into(), file: None, message };
    let request = Reflect::get(data, &"request".into()).ok().and_then(|r| r.as_string()).unwrap_or_default();
    let request: Request = serde_json::from_str(&request).map_err(|e| failure(format!("bad request: {e}")))?;
    let files = Reflect::get(data, &"files".into()).map_err(|_| failure("no files".into()))?;
    let files: Vec<web_sys::File> = Array::from(&files).iter().map(|f| f.unchecked_into()).collect();
    Ok((request, files))
}

/// Rules compiled for the built-in packs named and the analyst's choice of packs.
type Compiled = ((Option<Vec<String>>, PackChoice), Arc<RuleSet>);

thread_local! {
    /// The rules a worker scans with, compiled once for all its jobs.
    static RULES: std::cell::RefCell<Option<Compiled>> = const { std::cell::RefCell::new(None) };
}

fn cached_rules(request: &Request) -> Result<Arc<RuleSet>, String> {
    let same =
        |(packs, choice): &(Option<Vec<String>>, PackChoice)| *packs == request.packs && *choice == request.choice;
    if let Some(rules) = RULES.with_borrow(|r| r.as_ref().filter(|(key, _)| same(key)).map(|(_, rules)| rules.clone()))
    {
        return Ok(rules);
    }
    let rules = Arc::new(request.choice.rules(request.packs.as_deref())?);
    RULES.set(Some(((request.packs.clone(), request.choice.clone()), rules.clone())));
    Ok(rules)
}

/// Runs one import: the parts of an HTML export together, any other file streamed in slices. With `cancelled`
/// (on the page), it yields to the browser between slices and stops when asked; a worker is stopped by the page
/// instead.
pub async fn run(
    request: Request,
    files: Vec<web_sys::File>,
    emit: impl Fn(Event),
    cancelled: Option<Rc<dyn Fn() -> bool>>,
) {
    if let Some(name) = request.blocklist.clone() {
        return build_list(&name, files, emit, cancelled).await;
    }
    let rules = match cached_rules(&request) {
        Ok(rules) => rules,
        Err(message) => return emit(Event::Failed(Failure { code: "rules".into(), file: None, message })),
    };
    let lists = match cached_lists().await {
        Ok(lists) => lists,
        Err(message) => return emit(Event::Failed(Failure { code: "blocklists".into(), file: None, message })),
    };
    let stop = || cancelled.as_ref().is_some_and(|c| c());
    // The export's media go aside: the messages are read from the documents, and each batch's photos are then
    // found among the media by the paths the messages give, and hashed.
    let (files, media): (Vec<_>, Vec<_>) = files
        .into_iter()
        .filter(|f| media::role(&file_name(f)) != media::Role::Ignored)
        .partition(|f| media::role(&file_name(f)) == media::Role::Document);
    let hashlists = if media.is_empty() { Ok(Arc::default()) } else { cached_hashlists().await };
    let hashlists = match hashlists {
        Ok(lists) => lists,
        Err(message) => return emit(Event::Failed(Failure { code: "hashlists".into(), file: None, message })),
    };
    let threshold = request.hash_threshold.unwrap_or(tapis_media::DEFAULT_THRESHOLD);
    let photos = Photos::new(&files, media, hashlists, threshold);
    let emit = |event: Event| {
        let photos = &photos;
        let emit = &emit;
        async move { emit(photos.attach(event).await) }
    };
    let infos: Vec<FileInfo> = files.iter().map(|f| FileInfo { name: file_name(f), size: f.size() as u64 }).collect();
    let html = request.format.map_or_else(
        || infos.iter().any(|f| format_from_name(&f.name) == Some(tapis_ingest::Format::TelegramHtml)),
        |format| format == tapis_ingest::Format::TelegramHtml,
    );
    if html || files.len() > 1 {
        let total: u64 = infos.iter().map(|f| f.size).sum();
        let mut parts = Vec::new();
        let mut read = 0;
        for (file, info) in files.iter().zip(&infos) {
            match read_slice(file, 0, info.size).await {
                Ok(bytes) => parts.push((info.name.clone(), bytes)),
                Err(message) => return emit(unreadable(info, message)).await,
            }
            read += info.size;
            emit(Event::Progress { bytes: read, total, messages: 0 }).await;
            if cancelled.is_some() {
                next_tick().await;
            }
            if stop() {
                return;
            }
        }
        for event in html_job(rules, lists, &request, &parts, !photos.files.is_empty()) {
            emit(event).await;
        }
        return;
    }
    let Some((file, info)) = files.first().zip(infos.first()) else {
        return emit(Event::Failed(Failure {
            code: "no_files".into(),
            file: None,
            message: "no file was given".into(),
        }))
        .await;
    };
    let mut job = match Job::new(rules, &request, info) {
        Ok(job) => job.with_lists(lists).with_photos(!photos.files.is_empty()),
        Err(failure) => return emit(Event::Failed(failure)).await,
    };
    let mut offset = 0;
    while offset < info.size {
        let end = (offset + SLICE).min(info.size);
        let bytes = match read_slice(file, offset, end).await {
            Ok(bytes) => bytes,
            Err(message) => return emit(unreadable(info, message)).await,
        };
        offset = end;
        match job.feed(&bytes) {
            Ok(events) => {
                for event in events {
                    emit(event).await;
                }
            }
            Err(failure) => return emit(Event::Failed(failure)).await,
        }
        if cancelled.is_some() {
            next_tick().await;
        }
        if stop() {
            return;
        }
    }
    match job.finish() {
        Ok(events) => {
            for event in events {
                emit(event).await;
            }
        }
        Err(failure) => emit(Event::Failed(failure)).await,
    }
}

thread_local! {
    /// The blocklists a worker asks, read from IndexedDB once and again when one is loaded anew or forgotten.
    static LISTS: std::cell::RefCell<(Vec<ListInfo>, Arc<Blocklists>)> = std::cell::RefCell::default();
}

/// The blocklists kept (`links/store.rs`), rebuilt from their sets only when the kept ones changed.
async fn cached_lists() -> Result<Arc<Blocklists>, String> {
    // Where IndexedDB cannot be opened, no list can have been kept either.
    let Ok(infos) = crate::links::store::list().await else { return Ok(Arc::default()) };
    if let Some(lists) = LISTS.with_borrow(|(kept, lists)| (*kept == infos).then(|| lists.clone())) {
        return Ok(lists);
    }
    let mut lists = Blocklists::default();
    for info in &infos {
        let gone = || format!("the blocklist {} changed while it was read: import again", info.name);
        let bytes = crate::links::store::set_of(&info.name, info.loaded_at).await?.ok_or_else(gone)?;
        let list = Blocklist::from_bytes(&info.name, bytes, info.stats())
            .map_err(|e| format!("the blocklist {} cannot be read: {e}", info.name))?;
        lists.lists.push(list);
    }
    let lists = Arc::new(lists);
    LISTS.set((infos, lists.clone()));
    Ok(lists)
}

/// The links of each text with their status against the blocklists kept (pasted messages').
///
/// # Errors
/// When the blocklists cannot be read.
pub async fn links_of_texts(texts: Vec<String>) -> Result<Vec<Vec<tapis_wire::EvidenceLink>>, String> {
    let lists = cached_lists().await?;
    Ok(texts.iter().map(|text| crate::links::links_of_text(text, &lists)).collect())
}

/// Builds the blocklist `name` from the file, slice by slice (a list of millions of domains is never whole in
/// memory), keeps it, and says what its lines were.
async fn build_list(
    name: &str,
    files: Vec<web_sys::File>,
    emit: impl Fn(Event),
    cancelled: Option<Rc<dyn Fn() -> bool>>,
) {
    let Some(file) = files.first() else {
        return emit(Event::Failed(Failure {
            code: "no_files".into(),
            file: None,
            message: "no file was given".into(),
        }));
    };
    let info = FileInfo { name: file_name(file), size: file.size() as u64 };
    let failed =
        |message: String| Event::Failed(Failure { code: "blocklist".into(), file: Some(info.name.clone()), message });
    let mut builder = BlocklistBuilder::new(name);
    let mut offset = 0;
    while offset < info.size {
        let end = (offset + SLICE * 4).min(info.size);
        let bytes = match read_slice(file, offset, end).await {
            Ok(bytes) => bytes,
            Err(message) => return emit(unreadable(&info, message)),
        };
        offset = end;
        if let Err(error) = builder.feed(&bytes) {
            return emit(failed(format!("{}: {error}", info.name)));
        }
        emit(Event::Progress { bytes: offset, total: info.size, messages: 0 });
        if cancelled.is_some() {
            next_tick().await;
        }
        if cancelled.as_ref().is_some_and(|c| c()) {
            return;
        }
    }
    let list = match builder.finish() {
        Ok(list) => list,
        Err(error) => return emit(failed(format!("{}: {error}", info.name))),
    };
    let info = ListInfo::of(&list, js_sys::Date::now() as u64);
    match crate::links::store::put(&info, list.as_bytes()).await {
        Ok(()) => emit(Event::Listed { name: info.name }),
        Err(message) => emit(failed(format!("the list could not be kept in this browser: {message}"))),
    }
}

fn unreadable(info: &FileInfo, message: String) -> Event {
    Event::Failed(Failure {
        code: "unreadable".into(),
        file: Some(info.name.clone()),
        message: format!("{}: the file could not be read ({message})", info.name),
    })
}

/// A file's name, with its folder when it came from a dropped or picked folder.
pub fn file_name(file: &web_sys::File) -> String {
    let relative = Reflect::get(file, &"webkitRelativePath".into()).ok().and_then(|p| p.as_string());
    let name = relative.filter(|p| !p.is_empty()).unwrap_or_else(|| file.name());
    // A file of a dropped folder is named by its path (`import_panel.rs`); a browser that follows the File API's
    // old rule turns the path's `/` into `:`, which Telegram's own names never hold.
    if !name.contains('/') && name.contains(':') { name.replace(':', "/") } else { name }
}

async fn read_slice(file: &web_sys::File, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(|e| format!("{e:?}"))?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Lets the browser paint and handle input before the next slice.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(set_timeout) = Reflect::get(&js_sys::global(), &"setTimeout".into()) {
            let _ = set_timeout.unchecked_into::<js_sys::Function>().call2(&JsValue::NULL, &resolve, &0.into());
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The export's media of one job, and what was met finding and hashing them.
struct Photos {
    files: Vec<web_sys::File>,
    index: MediaIndex,
    lists: Arc<HashLists>,
    threshold: u32,
    /// Messages whose photo is not among the files (when any medium was given), and photos that could not be
    /// read or decoded, with the first few paths: the job's summary says so.
    missing: std::cell::RefCell<(u64, Vec<String>)>,
    unreadable: std::cell::RefCell<(u64, Vec<String>)>,
    /// Messages handed on so far (a batch's first message's index in input order, as campaigns count them).
    handed_on: std::cell::Cell<u32>,
    /// Each photo hashed: its message's index, and its hash (for the campaigns of near-duplicate photos).
    hashed: std::cell::RefCell<Vec<(u32, tapis_media::Pdq)>>,
    /// Messages the rules did not match whose photo is on a hash list: candidates now, as the summary counts them.
    listed_only: std::cell::Cell<u64>,
}

/// Paths named in a warning, at most.
const NAMED: usize = 5;

/// What a photo on a hash list adds to its message's score (then more, the nearer it is).
const LISTED_SCORE: u32 = 100;

impl Photos {
    /// The media among a job's files, found by paths relative to the folder of its first document.
    fn new(documents: &[web_sys::File], media: Vec<web_sys::File>, lists: Arc<HashLists>, threshold: u32) -> Photos {
        let names: Vec<String> = documents.iter().take(1).chain(&media).map(file_name).collect();
        let index = MediaIndex::new(&names);
        Photos {
            files: media,
            index,
            lists,
            threshold,
            missing: Default::default(),
            unreadable: Default::default(),
            handed_on: Default::default(),
            hashed: Default::default(),
            listed_only: Default::default(),
        }
    }

    /// The event, its messages given their photos' hashes, and the summary what was missing.
    async fn attach(&self, event: Event) -> Event {
        match event {
            Event::Batch { mut messages } if !self.files.is_empty() => {
                let first = self.handed_on.get();
                self.handed_on.set(first + messages.len() as u32);
                for (at, found) in messages.iter_mut().enumerate() {
                    if found.photo.is_empty() || found.photo == crate::import::NOT_EXPORTED {
                        continue;
                    }
                    let path = found.photo.clone();
                    // The index counts the first document before the media.
                    let Some(file) = self.index.find(&path).and_then(|i| self.files.get(i - 1)) else {
                        note(&self.missing, &path);
                        continue;
                    };
                    match hash_file(file).await {
                        Ok(hashed) => {
                            self.hashed.borrow_mut().push((first + at as u32, hashed.pdq));
                            let matches = self.lists.matches(&hashed.pdq, self.threshold);
                            if let Some(nearest) = matches.first() {
                                if found.severity.is_none() {
                                    self.listed_only.set(self.listed_only.get() + 1);
                                }
                                // A known image is negative content found: it ranks the message as a rule of high
                                // severity would, nearer first.
                                found.severity = found.severity.max(Some(tapis_engine::Severity::High));
                                found.score += LISTED_SCORE + (256 - nearest.distance.min(256));
                            }
                            found.images.push(tapis_wire::EvidenceImage {
                                pdq: hashed.pdq.to_hex(),
                                quality: hashed.quality,
                                path: Some(path),
                                matches,
                            })
                        }
                        Err(why) => note(&self.unreadable, &format!("{path} ({why})")),
                    }
                }
                Event::Batch { messages }
            }
            Event::Done(mut summary) => {
                let listed = self.listed_only.take();
                summary.candidates += listed;
                summary.without_matches = summary.without_matches.saturating_sub(listed);
                let hashed = self.hashed.take();
                if hashed.len() >= 2 {
                    let hashes: Vec<tapis_media::Pdq> = hashed.iter().map(|(_, pdq)| *pdq).collect();
                    let keys = tapis_media::cluster::cluster_keys(&hashes, self.threshold);
                    let photos: Vec<(u32, String)> =
                        hashed.iter().zip(keys).map(|((m, _), key)| (*m, media::image_key(&key.to_hex()))).collect();
                    let joined = media::join_photo_campaigns(summary.grouped(), &photos);
                    summary.campaigns = media::campaigns_text(&joined);
                }
                let (missing, paths) = self.missing.take();
                if missing > 0 {
                    summary.warnings.push(Noted {
                        code: "media_missing".into(),
                        message: format!(
                            "{missing} messages name a photo that is not among the files given: {}",
                            paths.join(", ")
                        ),
                    });
                }
                let (unreadable, paths) = self.unreadable.take();
                if unreadable > 0 {
                    summary.warnings.push(Noted {
                        code: "media_unreadable".into(),
                        message: format!("{unreadable} photos could not be read as images: {}", paths.join(", ")),
                    });
                }
                Event::Done(summary)
            }
            event => event,
        }
    }
}

fn note(counted: &std::cell::RefCell<(u64, Vec<String>)>, path: &str) {
    let mut counted = counted.borrow_mut();
    counted.0 += 1;
    if counted.1.len() < NAMED {
        counted.1.push(path.to_owned());
    }
}

/// The PDQ hash of an image file (decoded by the Rust decoder, not the browser's: `crates/media/DESIGN.md`).
async fn hash_file(file: &web_sys::File) -> Result<tapis_media::pdq::Hashed, String> {
    let bytes = read_slice(file, 0, file.size() as u64).await?;
    tapis_media::pdq::hash_image(&bytes).map_err(|e| e.to_string())
}

/// The hash lists kept, and their index.
#[derive(Default)]
struct HashLists {
    infos: Vec<crate::hashlists::HashListInfo>,
    lists: Vec<tapis_media::HashList>,
    index: tapis_media::Index,
}

impl HashLists {
    /// The listed hashes within `threshold` bits of `pdq`, nearest first, as a flag's evidence names them.
    fn matches(&self, pdq: &tapis_media::Pdq, threshold: u32) -> Vec<tapis_wire::ImageMatch> {
        if self.lists.is_empty() {
            return Vec::new();
        }
        self.index
            .matches(pdq, threshold)
            .into_iter()
            .map(|m| {
                let entry = &self.lists[m.list].entries[m.entry];
                tapis_wire::ImageMatch {
                    list: self.infos[m.list].name.clone(),
                    label: entry.label.clone(),
                    source: entry.source.clone(),
                    category: self.infos[m.list].category.clone(),
                    distance: m.distance,
                }
            })
            .collect()
    }
}

thread_local! {
    /// The hash lists a worker matches photos against, read from IndexedDB once and again when one changed.
    static HASHLISTS: std::cell::RefCell<(Vec<(String, u64)>, Arc<HashLists>)> = std::cell::RefCell::default();
}

/// The hash lists kept (`hashlists.rs`), read and indexed again only when the kept ones changed.
async fn cached_hashlists() -> Result<Arc<HashLists>, String> {
    // Where IndexedDB cannot be opened, no list can have been kept either.
    let Ok(stamps) = crate::hashlists::stamps().await else { return Ok(Arc::default()) };
    if let Some(lists) = HASHLISTS.with_borrow(|(kept, lists)| (*kept == stamps).then(|| lists.clone())) {
        return Ok(lists);
    }
    let mut infos = Vec::new();
    let mut lists = Vec::new();
    for (info, text) in crate::hashlists::lists().await? {
        lists.push(tapis_media::hashlist::parse(&info.name, &text).list);
        infos.push(info);
    }
    let index = tapis_media::Index::new(&lists);
    let lists = Arc::new(HashLists { infos, lists, index });
    HASHLISTS.set((stamps, lists.clone()));
    Ok(lists)
}

/// Reads a file as a list of PDQ hashes, keeps it, and says what its lines were (or why it is no list).
pub async fn build_hashlist(request: crate::hashlists::HashListRequest, files: Vec<web_sys::File>) -> Event {
    let failed =
        |file: Option<String>, message: String| Event::Failed(Failure { code: "hashlist".into(), file, message });
    let Some(file) = files.first() else { return failed(None, "no file was given".into()) };
    let name = file_name(file);
    let bytes = match read_slice(file, 0, file.size() as u64).await {
        Ok(bytes) => bytes,
        Err(message) => return failed(Some(name), message),
    };
    let parsed = tapis_media::hashlist::parse_bytes(&request.name, &bytes);
    if parsed.list.entries.is_empty() {
        let why = parsed.problems.first().map(|p| format!(" (line {}: {})", p.line, p.reason)).unwrap_or_default();
        return failed(
            Some(name),
            format!("no PDQ hash was found in it{why}: a list has one 64-hex-digit hash a line"),
        );
    }
    let mut text = String::with_capacity(parsed.list.entries.len() * 66);
    for entry in &parsed.list.entries {
        text.push_str(&entry.pdq.to_hex());
        if entry.label.is_some() || entry.source.is_some() {
            text.push('\t');
            text.push_str(entry.label.as_deref().unwrap_or(""));
        }
        if let Some(source) = &entry.source {
            text.push('\t');
            text.push_str(source);
        }
        text.push('\n');
    }
    let info = crate::hashlists::HashListInfo {
        name: request.name.clone(),
        category: request.category.filter(|c| !c.is_empty()),
        lines: parsed.lines as u64,
        hashes: parsed.list.entries.len() as u64,
        comments: parsed.comments as u64,
        duplicates: parsed.duplicates as u64,
        malformed: parsed.malformed as u64,
        problems: parsed.problems.iter().map(|p| (p.line as u64, p.reason.clone())).collect(),
        loaded_at: js_sys::Date::now() as u64,
    };
    match crate::hashlists::put(&info, &text).await {
        Ok(()) => Event::Listed { name: info.name },
        Err(message) => failed(Some(name), format!("the list could not be kept in this browser: {message}")),
    }
}
