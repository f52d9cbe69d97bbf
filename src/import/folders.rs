//! A dropped folder's files (issue 21: an export dropped as its folder, with its photos), walked through the file
//! system entries the drop gives, each named by its path in the drop (`ChatExport/photos/a.jpg`), as a folder
//! picked with the folder button names them. The walk is the worker's module's (`tapis-worker`'s `walk_folders`,
//! loaded on the page; in the component tests, this module's): the first paint does not need it.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// Walks dropped folders' entries to their files.
pub type Walk = Rc<dyn Fn(Vec<JsValue>) -> Pin<Box<dyn std::future::Future<Output = Vec<web_sys::File>>>>>;

thread_local! {
    static WALK: RefCell<Option<Walk>> = const { RefCell::new(None) };
}

/// Dropped folders are walked with `walk` from now on (`import/runner.rs`).
pub fn walk_with(walk: Walk) {
    WALK.set(Some(walk));
}

/// The files under the dropped `entries` (none where no walk was given).
pub async fn walk(entries: Vec<JsValue>) -> Vec<web_sys::File> {
    match WALK.with_borrow(Clone::clone) {
        Some(walk) => walk(entries).await,
        None => Vec::new(),
    }
}

/// The files under `entries`, walked here.
pub async fn walk_here(entries: Vec<JsValue>) -> Vec<web_sys::File> {
    let mut files = Vec::new();
    for entry in entries {
        walk_entry(entry, &mut files).await;
    }
    files
}

/// The files under `entry`, each named by its path in the drop (`ChatExport/photos/a.jpg`), as a folder picked
/// with the folder button names them: a message's photo is found by that path.
async fn walk_entry(entry: JsValue, files: &mut Vec<web_sys::File>) {
    let mut pending = vec![entry];
    while let Some(entry) = pending.pop() {
        let path = Reflect::get(&entry, &"fullPath".into()).ok().and_then(|p| p.as_string()).unwrap_or_default();
        if Reflect::get(&entry, &"isDirectory".into()).ok().and_then(|d| d.as_bool()) == Some(true) {
            let Some(reader) = call(&entry, "createReader", &[]) else { continue };
            // `readEntries` gives a folder's entries a batch at a time, then an empty batch.
            loop {
                let Ok(batch) = callback_call(&reader, "readEntries").await else { break };
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                pending.extend(batch.iter());
            }
        } else if let Ok(file) = callback_call(&entry, "file").await {
            let file: web_sys::File = file.unchecked_into();
            let named = path.trim_start_matches('/');
            let bag = web_sys::FilePropertyBag::new();
            bag.set_type(&file.type_());
            let parts = js_sys::Array::of1(&file);
            // The same bytes under the path's name (no copy: the new file refers to the old one's).
            match web_sys::File::new_with_blob_sequence_and_options(&parts, named, &bag) {
                Ok(renamed) => files.push(renamed),
                Err(_) => files.push(file),
            }
        }
    }
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    function.apply(target, &args.iter().collect()).ok()
}

/// Calls `method(success, failure)` on `target`, as the file system entries' old callback API wants.
async fn callback_call(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if call(target, method, &[resolve.into(), reject.clone().into()]).is_none() {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).await
}
