//! The page's side of importing: starts jobs in the worker (or in slices on the page when no worker can start),
//! one import at a time, and can cancel the running one.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::worker::{job_message, run};
use crate::import::{Event, Failure, Request};

/// A handler of the worker's events, kept alive while its job runs.
type Handler = Closure<dyn FnMut(JsValue)>;

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
            let emit = {
                let stop = stop.clone();
                move |event: Event| {
                    if !stop.get() {
                        on_event(event)
                    }
                }
            };
            run(request, files, emit, Some(stop)).await;
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
                let event = data.as_string().and_then(|json| serde_json::from_str::<Event>(&json).ok());
                on_event(event.unwrap_or_else(|| {
                    Event::Failed(Failure {
                        code: "worker".into(),
                        file: None,
                        message: "the import worker sent something unreadable".into(),
                    })
                }));
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
