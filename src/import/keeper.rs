//! Imports that outlive the page. Every import in the workspace is mirrored into the file store (IndexedDB, see
//! [`super::file_store`]) with the usernames the analyst gives its chats; when the app starts, the stored imports
//! are read again through the [`Controller`], in order, and so get the same message keys: their decisions, kept in
//! the session, come back with them. What the page shows is what is stored: an import closed, or one that cannot
//! be read again, is forgotten. Nothing here knows how imports are shown.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::Request;
use super::controller::{Controller, ImportStatus, Loaded};
use super::file_store::{self, Record};

/// What the browser refused, for the import panel's notice (everything else works on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreTrouble {
    /// An import (named, or every import when the store cannot be opened) will not survive a reload.
    NotKept {
        /// The import's files' names.
        import: Option<String>,
        /// The browser's reason.
        reason: String,
    },
    /// Clearing the session left the imports in the store: they would come back after a reload.
    NotCleared {
        /// The browser's reason.
        reason: String,
    },
}

/// The imports kept in the browser, shared with the clear-session action and the import panel.
#[derive(Clone, Copy)]
pub struct KeptImports(pub StoredValue<Rc<ImportKeeper>, LocalStorage>);

/// Mirrors the workspace's imports into the file store, and brings them back.
pub struct ImportKeeper {
    control: Rc<Controller>,
    imports: RwSignal<Vec<Arc<Loaded>>>,
    /// What the browser refused last, if anything.
    pub trouble: RwSignal<Option<StoreTrouble>>,
    state: RefCell<State>,
    pending_usernames: RefCell<Option<TimeoutHandle>>,
}

#[derive(Default)]
struct State {
    /// Whether the store was read at start: nothing is written before, or an import kept meanwhile would be
    /// brought back a second time.
    listed: bool,
    /// The store's id of each stored import on the page, by its id on the page.
    stored: HashMap<u64, f64>,
    /// Imports on the page being written, by their id on the page.
    writing: HashSet<u64>,
    /// Imports being read again, by the id they will have on the page: the store's id.
    restoring: HashMap<u64, f64>,
    /// The usernames last written, by id on the page.
    written: HashMap<u64, Vec<String>>,
    /// Counts clears: a write begun before a clear is undone when it ends.
    clears: u64,
}

impl ImportKeeper {
    /// Starts keeping `imports` (run by `control`): reads the store and queues its imports, read with the rules
    /// of `rules` (the packs in force now, which may not be those a stored import was last read with), then
    /// follows every change. Call once, in the component that owns the imports.
    pub fn start(control: Rc<Controller>, imports: RwSignal<Vec<Arc<Loaded>>>, rules: Request) -> Rc<ImportKeeper> {
        let keeper = Rc::new(ImportKeeper {
            control,
            imports,
            trouble: RwSignal::new(None),
            state: RefCell::new(State::default()),
            pending_usernames: RefCell::new(None),
        });
        spawn_local({
            let keeper = keeper.clone();
            async move { keeper.restore(rules).await }
        });
        Effect::new({
            let keeper = keeper.clone();
            move |_| {
                imports.track();
                keeper.sync();
            }
        });
        Effect::new({
            let keeper = keeper.clone();
            move |_| {
                if !matches!(keeper.control.status().get(), ImportStatus::Running { .. }) {
                    keeper.forget_unrestored();
                }
            }
        });
        // Usernames are written after a pause in typing.
        Effect::new({
            let keeper = keeper.clone();
            move |_| {
                keeper.control.usernames().track();
                let handle = set_timeout_with_handle(
                    {
                        let keeper = keeper.clone();
                        move || keeper.write_usernames()
                    },
                    std::time::Duration::from_millis(400),
                );
                if let Some(previous) = keeper.pending_usernames.replace(handle.ok()) {
                    previous.clear();
                }
            }
        });
        keeper
    }

    /// Forgets every stored import (the clear-session action), and stops bringing any back.
    pub fn clear(self: &Rc<Self>) {
        let restoring = {
            let mut state = self.state.borrow_mut();
            state.clears += 1;
            state.stored.clear();
            state.written.clear();
            std::mem::take(&mut state.restoring)
        };
        if !restoring.is_empty() {
            self.control.cancel();
        }
        let trouble = self.trouble;
        trouble.set(None);
        spawn_local(async move {
            if let Err(reason) = file_store::clear().await {
                trouble.set(Some(StoreTrouble::NotCleared { reason }));
            }
        });
    }

    async fn restore(self: &Rc<Self>, rules: Request) {
        let listed = file_store::list().await;
        if self.imports.is_disposed() {
            return;
        }
        match listed {
            Ok(stored) => {
                let mut restoring = HashMap::new();
                for file_store::Stored { id, record } in stored {
                    let Record { files, request, usernames, .. } = record;
                    let request = request.with_rules_of(&rules);
                    restoring.insert(self.control.restore(files, request, usernames), id);
                }
                self.state.borrow_mut().restoring = restoring;
            }
            Err(reason) => self.trouble.set(Some(StoreTrouble::NotKept { import: None, reason })),
        }
        self.state.borrow_mut().listed = true;
        self.sync();
    }

    /// Writes the imports new on the page, forgets those gone from it.
    fn sync(self: &Rc<Self>) {
        let Some(on_page) = self.imports.try_get_untracked() else { return };
        let mut state = self.state.borrow_mut();
        if !state.listed {
            return;
        }
        for loaded in &on_page {
            if let Some(id) = state.restoring.remove(&loaded.id) {
                state.stored.insert(loaded.id, id);
                state.written.insert(loaded.id, self.usernames(loaded));
            } else if !state.stored.contains_key(&loaded.id) && state.writing.insert(loaded.id) {
                let keeper = self.clone();
                let (loaded, clears) = (loaded.clone(), state.clears);
                spawn_local(async move { keeper.write(loaded, clears).await });
            }
        }
        let gone: Vec<u64> = state.stored.keys().copied().filter(|id| !on_page.iter().any(|l| l.id == *id)).collect();
        for id in gone {
            state.written.remove(&id);
            if let Some(stored) = state.stored.remove(&id) {
                forget(stored);
            }
        }
    }

    async fn write(self: &Rc<Self>, loaded: Arc<Loaded>, clears: u64) {
        file_store::ask_to_persist();
        let record = Record {
            files: loaded.files.clone(),
            request: loaded.request.clone(),
            usernames: self.usernames(&loaded),
            order: js_sys::Date::now(),
        };
        let written = file_store::put(&record).await;
        let still_here = {
            let mut state = self.state.borrow_mut();
            state.writing.remove(&loaded.id);
            state.clears == clears
                && self.imports.try_with_untracked(|all| all.iter().any(|l| l.id == loaded.id)).unwrap_or(false)
        };
        match written {
            Ok(id) if still_here => {
                let mut state = self.state.borrow_mut();
                state.stored.insert(loaded.id, id);
                state.written.insert(loaded.id, record.usernames);
            }
            // Closed, or the session cleared, while it was written.
            Ok(id) => forget(id),
            Err(reason) => {
                let import = Some(loaded.names.join(", "));
                self.trouble.try_set(Some(StoreTrouble::NotKept { import, reason }));
            }
        }
        // The analyst may have typed a username meanwhile.
        self.write_usernames();
    }

    /// The usernames of an import's chats, as they are now (untracked).
    fn usernames(&self, loaded: &Loaded) -> Vec<String> {
        self.control.usernames().try_with_untracked(|u| u.of(loaded.id).to_vec()).unwrap_or_default()
    }

    /// Writes the usernames changed since they were last written.
    fn write_usernames(&self) {
        let Some(on_page) = self.imports.try_get_untracked() else { return };
        let mut state = self.state.borrow_mut();
        for loaded in on_page {
            let Some(&id) = state.stored.get(&loaded.id) else { continue };
            let now = self.usernames(&loaded);
            if state.written.get(&loaded.id) == Some(&now) {
                continue;
            }
            state.written.insert(loaded.id, now.clone());
            let trouble = self.trouble;
            spawn_local(async move {
                if let Err(reason) = file_store::update_usernames(id, &now).await {
                    let import = Some(loaded.names.join(", "));
                    trouble.try_set(Some(StoreTrouble::NotKept { import, reason }));
                }
            });
        }
    }

    /// Once nothing more is being read: the stored imports that did not come back (their reading failed, or was
    /// cancelled) are forgotten, so that the store holds what the page shows.
    fn forget_unrestored(&self) {
        let Some(on_page) = self.imports.try_get_untracked() else { return };
        let mut state = self.state.borrow_mut();
        let lost: Vec<u64> =
            state.restoring.keys().copied().filter(|id| !on_page.iter().any(|l| l.id == *id)).collect();
        for id in lost {
            if let Some(stored) = state.restoring.remove(&id) {
                forget(stored);
            }
        }
    }
}

/// Deletes a stored import in the background (a failure leaves it to come back after a reload: said on the console).
fn forget(id: f64) {
    spawn_local(async move {
        if let Err(error) = file_store::delete(id).await {
            leptos::logging::warn!("Tapis: a closed import could not be removed from the browser: {error}");
        }
    });
}
