//! The page's side of importing: starts jobs in the worker (or in slices on the page when no worker can start),
//! one import at a time, and can cancel the running one.
//!
//! The job's code (the export parsers and the scan of every message) lives in the worker's own module, not in the
//! page's: the first load does not carry it. Where a job must run on the page, the page loads that module too, on
//! demand ([`run_in_module`]); the component tests run the job linked into their own module ([`run_here`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

use super::worker::job_message;
use crate::import::{Event, Failure, Request};
use crate::packs::Convert;

/// A handler of the worker's events, kept alive while its job runs.
type Handler = Closure<dyn FnMut(JsValue)>;

/// How a job runs on the page: its request, files, where its events go and whether it was cancelled; the future
/// ends with the job.
pub type PageRun = Rc<dyn Fn(Request, Vec<web_sys::File>, Rc<dyn Fn(Event)>, Rc<dyn Fn() -> bool>) -> JobFuture>;

/// A job running on the page.
pub type JobFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

thread_local! {
    static PAGE_RUN: RefCell<Option<PageRun>> = const { RefCell::new(None) };
}

/// Jobs that must run on the page run with `run` from now on.
pub fn run_on_page_with(run: PageRun) {
    PAGE_RUN.set(Some(run));
}

/// Jobs that must run on the page run the job code linked into this module: for tests, whose module holds it.
pub fn run_here() {
    run_on_page_with(Rc::new(|request, files, on_event, cancelled| {
        Box::pin(super::worker::run(request, files, move |event| on_event(event), Some(cancelled)))
    }));
    crate::packs::convert_with(Rc::new(|name, toml| {
        Box::pin(async move { crate::packs::checked_json_here(&name, &toml) })
    }));
    crate::watchlist::edit_with(Rc::new(|current, change| {
        Box::pin(async move { crate::watchlist::edit_here(&current, &crate::watchlist::Change::decode(&change)?) })
    }));
    crate::links::find_with(Rc::new(|texts| Box::pin(super::worker::links_of_texts(texts))));
    super::folders::walk_with(Rc::new(|entries| Box::pin(super::folders::walk_here(entries))));
    crate::ui::panels_with(
        Rc::new(|panel, container, options, locale, on_change| {
            crate::photo_panel::open(panel, &container, &options, locale, on_change)
        }),
        Rc::new(|api_base, token, locale| {
            Box::pin(async move { crate::links::panel::sync_served(&api_base, &token, locale).await })
        }),
    );
}

/// Jobs that must run on the page load the worker's module on the page (once) with `load`, a JavaScript function
/// (given by `boot.js`) returning a promise of the initialised module, and run there through its `run_on_page`.
pub fn run_in_module(load: js_sys::Function) {
    let module: Rc<RefCell<Option<JsValue>>> = Rc::default();
    // Imported packs are read there too (its `pack_json`), and the watchlist edited (its `watch`): the page's
    // module carries no TOML parser.
    crate::packs::convert_with(module_call(&load, &module, "pack_json", None));
    crate::watchlist::edit_with(module_call(&load, &module, "watch", Some(crate::watchlist::FILE)));
    // And pasted messages' links (its `paste_links`).
    crate::links::find_with({
        let (load, module) = (load.clone(), module.clone());
        Rc::new(move |texts| {
            let (load, module) = (load.clone(), module.clone());
            Box::pin(async move {
                let fail = |error: JsValue| describe(&error);
                let loaded = loaded_module(&load, &module).await.map_err(fail)?;
                let find: js_sys::Function =
                    js_sys::Reflect::get(&loaded, &"paste_links".into()).and_then(|f| f.dyn_into()).map_err(fail)?;
                let texts = serde_json::to_string(&texts).map_err(|e| e.to_string())?;
                let promise = find.call1(&loaded, &texts.into()).map_err(fail)?;
                let json = JsFuture::from(js_sys::Promise::from(promise))
                    .await
                    .map_err(|e| e.as_string().unwrap_or_else(|| describe(&e)))?;
                serde_json::from_str(&json.as_string().unwrap_or_default()).map_err(|e| e.to_string())
            })
        })
    });
    // And the panels the first paint does not need (its `panel`), and the server's blocklists (its
    // `sync_blocklists`).
    let open: crate::ui::PanelOpen = {
        let (load, module) = (load.clone(), module.clone());
        Rc::new(move |panel, container, options, locale, on_change| {
            let (load, module) = (load.clone(), module.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(loaded) = loaded_module(&load, &module).await else { return };
                let Ok(open) =
                    js_sys::Reflect::get(&loaded, &"panel".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
                else {
                    return;
                };
                let options: js_sys::Array = options.iter().map(|c| JsValue::from_str(c)).collect();
                let arguments =
                    js_sys::Array::of5(&panel.into(), &container, &options, &locale.tag().into(), &on_change);
                let _ = open.apply(&loaded, &arguments);
            });
        })
    };
    let sync: crate::ui::ServedSync = {
        let (load, module) = (load.clone(), module.clone());
        Rc::new(move |api_base, token, locale| {
            let (load, module) = (load.clone(), module.clone());
            Box::pin(async move {
                let fail = |error: JsValue| error.as_string().unwrap_or_else(|| describe(&error));
                let loaded = loaded_module(&load, &module).await.map_err(fail)?;
                let sync: js_sys::Function = js_sys::Reflect::get(&loaded, &"sync_blocklists".into())
                    .and_then(|f| f.dyn_into())
                    .map_err(fail)?;
                let promise =
                    sync.call3(&loaded, &api_base.into(), &token.into(), &locale.tag().into()).map_err(fail)?;
                let changed = JsFuture::from(js_sys::Promise::from(promise)).await.map_err(fail)?;
                Ok(changed.as_bool() == Some(true))
            })
        })
    };
    crate::ui::panels_with(open, sync);
    // And dropped folders (its `walk_folders`).
    super::folders::walk_with({
        let (load, module) = (load.clone(), module.clone());
        Rc::new(move |entries| {
            let (load, module) = (load.clone(), module.clone());
            Box::pin(async move {
                let Ok(loaded) = loaded_module(&load, &module).await else { return Vec::new() };
                let Ok(walk) = js_sys::Reflect::get(&loaded, &"walk_folders".into())
                    .and_then(|f| f.dyn_into::<js_sys::Function>())
                else {
                    return Vec::new();
                };
                let entries: js_sys::Array = entries.into_iter().collect();
                let Ok(promise) = walk.call1(&loaded, &entries) else { return Vec::new() };
                let files = JsFuture::from(js_sys::Promise::from(promise)).await.unwrap_or_default();
                js_sys::Array::from(&files).iter().map(|f| f.unchecked_into()).collect()
            })
        })
    });
    run_on_page_with(Rc::new(move |request, files, on_event, cancelled| {
        let (load, module) = (load.clone(), module.clone());
        Box::pin(async move {
            if let Err(error) = run_module_job(&load, &module, &request, &files, on_event.clone(), cancelled).await {
                on_event(Event::Failed(Failure {
                    code: "worker".into(),
                    file: None,
                    message: format!("the import module could not be loaded: {}", describe(&error)),
                }));
            }
        })
    }));
}

/// A function of the worker's module taking two strings and giving one (or throwing a message), called on the page:
/// the module is loaded (once) by `load`. Its errors name `file`, or else the first argument (a pack's file name).
fn module_call(
    load: &js_sys::Function,
    module: &Rc<RefCell<Option<JsValue>>>,
    export: &'static str,
    file: Option<&'static str>,
) -> Convert {
    let (load, module) = (load.clone(), module.clone());
    Rc::new(move |first, second| {
        let (load, module) = (load.clone(), module.clone());
        Box::pin(async move {
            let name = file.map_or_else(|| first.clone(), str::to_owned);
            let fail = |error: JsValue| format!("{name}: {}", describe(&error));
            let loaded = loaded_module(&load, &module).await.map_err(fail)?;
            let call: js_sys::Function =
                js_sys::Reflect::get(&loaded, &export.into()).and_then(|f| f.dyn_into()).map_err(fail)?;
            let out = call
                .call2(&loaded, &first.as_str().into(), &second.into())
                .map_err(|e| e.as_string().unwrap_or_else(|| describe(&e)))?;
            out.as_string().ok_or_else(|| format!("{name}: the worker's module gave no text ({export})"))
        })
    })
}

async fn run_module_job(
    load: &js_sys::Function,
    module: &RefCell<Option<JsValue>>,
    request: &Request,
    files: &[web_sys::File],
    on_event: Rc<dyn Fn(Event)>,
    cancelled: Rc<dyn Fn() -> bool>,
) -> Result<(), JsValue> {
    let loaded = loaded_module(load, module).await?;
    let run: js_sys::Function = js_sys::Reflect::get(&loaded, &"run_on_page".into())?.dyn_into()?;
    let on_message = Closure::<dyn Fn(String)>::new(move |json: String| on_event(read_event(Some(json))));
    let is_cancelled = Closure::<dyn Fn() -> bool>::new(move || cancelled());
    let done = run.call3(&loaded, &job_message(request, files), on_message.as_ref(), is_cancelled.as_ref())?;
    // The closures live until the job has ended.
    JsFuture::from(js_sys::Promise::from(done)).await?;
    Ok(())
}

/// The worker's module on the page, loaded once.
async fn loaded_module(load: &js_sys::Function, module: &RefCell<Option<JsValue>>) -> Result<JsValue, JsValue> {
    let loaded = module.borrow().clone();
    match loaded {
        Some(loaded) => Ok(loaded),
        None => {
            let loaded = JsFuture::from(js_sys::Promise::from(load.call0(&JsValue::NULL)?)).await?;
            *module.borrow_mut() = Some(loaded.clone());
            Ok(loaded)
        }
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// An event the worker's module sent as JSON, or a failure saying it sent something unreadable.
fn read_event(json: Option<String>) -> Event {
    json.and_then(|json| serde_json::from_str::<Event>(&json).ok()).unwrap_or_else(|| {
        Event::Failed(Failure {
            code: "worker".into(),
            file: None,
            message: "the import worker sent something unreadable".into(),
        })
    })
}

/// Where jobs run.
pub struct Importer {
    /// `worker.js`'s URL with the module's files in its query, when the app knows it.
    script: Option<String>,
    worker: RefCell<Option<web_sys::Worker>>,
    /// Set once a worker failed to start: jobs then run on the page.
    broken: Cell<bool>,
    /// The running job's stop switch, when it runs on the page.
    inline_stop: RefCell<Option<Rc<Cell<bool>>>>,
    /// Handlers of the worker's messages for the running job.
    handlers: RefCell<Vec<Handler>>,
    /// Where the last job ran: `"worker"` or `"page"`.
    ran_in: Cell<&'static str>,
}

impl Importer {
    /// An importer; `script` is the worker's URL, or `None` to run every job on the page.
    pub fn new(script: Option<String>) -> Rc<Importer> {
        let usable = script.filter(|url| same_origin(url));
        Rc::new(Importer {
            script: usable,
            worker: RefCell::new(None),
            broken: Cell::new(false),
            inline_stop: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
            ran_in: Cell::new("page"),
        })
    }

    /// Where the last job ran (or runs): `"worker"` or `"page"`.
    pub fn ran_in(&self) -> &'static str {
        self.ran_in.get()
    }

    /// Whether jobs run in a worker (as far as known: a worker that fails to start falls back to the page).
    pub fn uses_worker(&self) -> bool {
        self.script.is_some() && !self.broken.get()
    }

    /// Starts an import; `on_event` gets its events, the last being `Done` or `Failed` (none after a cancel).
    pub fn start(self: &Rc<Self>, request: Request, files: Vec<web_sys::File>, on_event: Rc<dyn Fn(Event)>) {
        if self.uses_worker() {
            match self.worker() {
                Ok(worker) => return self.start_in_worker(&worker, request, files, on_event),
                Err(_) => self.broken.set(true),
            }
        }
        self.start_inline(request, files, on_event);
    }

    fn start_inline(&self, request: Request, files: Vec<web_sys::File>, on_event: Rc<dyn Fn(Event)>) {
        self.ran_in.set("page");
        let stop = Rc::new(Cell::new(false));
        *self.inline_stop.borrow_mut() = Some(stop.clone());
        spawn_local(async move {
            let emit: Rc<dyn Fn(Event)> = {
                let stop = stop.clone();
                Rc::new(move |event: Event| {
                    if !stop.get() {
                        on_event(event)
                    }
                })
            };
            let Some(run) = PAGE_RUN.with_borrow(Clone::clone) else {
                return emit(Event::Failed(Failure {
                    code: "worker".into(),
                    file: None,
                    message: "imports cannot run on this page: no import module was given".into(),
                }));
            };
            run(request, files, emit, Rc::new(move || stop.get())).await;
        });
    }

    fn start_in_worker(
        self: &Rc<Self>,
        worker: &web_sys::Worker,
        request: Request,
        files: Vec<web_sys::File>,
        on_event: Rc<dyn Fn(Event)>,
    ) {
        self.ran_in.set("worker");
        let message = job_message(&request, &files);
        let on_message = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let data = event.unchecked_into::<web_sys::MessageEvent>().data();
                on_event(read_event(data.as_string()));
            })
        };
        // A worker whose module cannot load (an old browser, a blocked script) reports an error: the job is run
        // again on the page, and so are the next ones.
        let on_error = {
            let this = Rc::downgrade(self);
            let (files, request, on_event) = (files.clone(), request.clone(), on_event.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(event) = event.dyn_ref::<web_sys::Event>() {
                    event.prevent_default();
                }
                let Some(this) = this.upgrade() else { return };
                this.broken.set(true);
                this.discard_worker();
                on_event(Event::Restarted);
                this.start_inline(request.clone(), files.clone(), on_event.clone());
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.handlers.borrow_mut() = vec![on_message, on_error];
        if worker.post_message(&message).is_err() {
            self.broken.set(true);
            self.discard_worker();
            self.start_inline(request, files, on_event);
        }
    }

    /// Stops the running job: its events stop, and what it read is dropped by the caller.
    pub fn cancel(&self) {
        if let Some(stop) = self.inline_stop.borrow_mut().take() {
            stop.set(true);
        }
        // A worker stops at once only when terminated; the next job starts a fresh one.
        self.discard_worker();
    }

    fn discard_worker(&self) {
        if let Some(worker) = self.worker.borrow_mut().take() {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
        self.handlers.borrow_mut().clear();
    }

    fn worker(&self) -> Result<web_sys::Worker, JsValue> {
        if let Some(worker) = self.worker.borrow().as_ref() {
            return Ok(worker.clone());
        }
        let script = self.script.as_deref().ok_or_else(|| JsValue::from_str("no worker script"))?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        options.set_name("tapis-import");
        let worker = web_sys::Worker::new_with_options(script, &options)?;
        *self.worker.borrow_mut() = Some(worker.clone());
        Ok(worker)
    }
}

/// A worker must come from the page's own origin: an app embedded in another site's page runs jobs on the page.
fn same_origin(url: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(page) = window.location().origin() else { return false };
    web_sys::Url::new(url).map(|u| u.origin() == page).unwrap_or(false)
}
