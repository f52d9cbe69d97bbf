//! The app's edge with the page that hosts it: where it mounts, where its settings come from, and the
//! `postMessage` conversation with a host portal (events out, a token in), limited to configured origins.

use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::config::{Config, Settings};
use crate::ui::{App, ConfigError};

/// Mounts Tapis (`boot.js` calls it through the binary's export) with the URL of the app's own directory, so
/// that the app finds its files and settings wherever it is served from, also embedded in another page. Imports
/// that cannot run in the worker at `worker_script` run on the page in the module `load_worker_module` loads.
pub fn mount(app_base: String, worker_script: Option<String>, load_worker_module: Option<js_sys::Function>) {
    if let Some(load) = load_worker_module {
        crate::import::runner::run_in_module(load);
    }
    spawn_local(async move {
        let document = window().document().expect("a document");
        let mount_point: web_sys::HtmlElement = match document.query_selector("[data-tapis]").ok().flatten() {
            Some(element) => element.unchecked_into(),
            None => document.body().expect("a body"),
        };
        let config = load_config(&app_base, &mount_point).await.map(|mut config| {
            config.worker_script = worker_script;
            config
        });
        let handle = match config {
            Ok(config) => leptos::mount::mount_to(mount_point, move || view! { <App config /> }.into_any()),
            Err(error) => leptos::mount::mount_to(mount_point, move || view! { <ConfigError error /> }.into_any()),
        };
        handle.forget();
        // Start-up is measured from the browser's own clock (make bench reads this mark).
        if let Some(performance) = window().performance() {
            let _ = performance.mark("tapis-ready");
        }
    });
}

async fn load_config(app_base: &str, mount_point: &web_sys::HtmlElement) -> Result<Config, String> {
    let resolve = |url: &str| {
        web_sys::Url::new_with_base(url, app_base).map(|u| u.href()).map_err(|_| format!("\"{url}\" is not a URL"))
    };
    let file = match gloo_net::http::Request::get(&resolve("tapis.config.json")?).send().await {
        // A static server that answers every path with a page has no config file either.
        Ok(response)
            if response.ok() && !response.headers().get("content-type").is_some_and(|t| t.starts_with("text/html")) =>
        {
            Settings::from_json(&response.text().await.map_err(|e| e.to_string())?)?
        }
        // No file is the ordinary case; an unreachable one (offline, before caching) falls back to defaults.
        _ => Settings::default(),
    };
    let attributes = Settings::from_attributes(|name| mount_point.get_attribute(name))?;
    Config::new(attributes.over(file), resolve)
}

/// What the app tells its host page.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum HostEvent {
    /// The app is mounted and ready.
    Ready {
        /// The app's version.
        version: &'static str,
    },
    /// The analyst confirmed a flag.
    FlagConfirmed {
        /// The flag's id.
        id: String,
        /// Its category.
        category: String,
    },
    /// Where the confirmed flags are.
    Outbox(crate::outbox::OutboxCounts),
}

/// The `postMessage` channel to the host page: events go only to configured origins, and only they may hand
/// over a token.
#[derive(Clone, Debug)]
pub struct HostBridge {
    origins: Vec<String>,
}

impl HostBridge {
    /// A bridge to the given host origins (none: the app talks to nobody).
    pub fn new(origins: Vec<String>) -> HostBridge {
        HostBridge { origins }
    }

    /// Sends `event` to the host: to the parent frame when the app runs in an iframe, else to the page that
    /// the app is mounted in, in both cases only where that page's origin is a configured one.
    pub fn notify(&self, event: HostEvent) {
        #[derive(Serialize)]
        struct Envelope {
            source: &'static str,
            #[serde(flatten)]
            event: HostEvent,
        }
        let Ok(json) = serde_json::to_string(&Envelope { source: "tapis", event }) else { return };
        let Ok(message) = js_sys::JSON::parse(&json) else { return };
        let own = window();
        let in_frame = own.parent().ok().flatten().filter(|parent| !js_sys::Object::is(parent, &own));
        match in_frame {
            // The browser delivers only if the parent's origin is the target: unknown embedders learn nothing.
            Some(parent) => self.origins.iter().for_each(|origin| {
                let _ = parent.post_message(&message, origin);
            }),
            None => {
                let origin = own.location().origin().unwrap_or_default();
                if self.origins.contains(&origin) {
                    let _ = own.post_message(&message, &origin);
                }
            }
        }
    }

    /// Calls `on_token` with every token a configured origin hands over as
    /// `{source: "tapis-host", type: "token", token: "…"}`. Messages from other origins are ignored.
    pub fn listen_for_token(&self, on_token: impl Fn(String) + 'static) {
        let origins = self.origins.clone();
        let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if !origins.contains(&event.origin()) {
                return;
            }
            let data = event.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok().and_then(|v| v.as_string());
            if field("source").as_deref() == Some("tapis-host")
                && field("type").as_deref() == Some("token")
                && let Some(token) = field("token").filter(|t| !t.trim().is_empty())
            {
                on_token(token);
            }
        });
        let _ = window().add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        listener.forget();
    }
}
