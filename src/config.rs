//! Configuration without rebuilding: `tapis.config.json` next to `index.html`, then `data-*` attributes on the
//! mount element, then defaults. Plain data and parsing here; `host` reads the sources in the browser.

use serde::Deserialize;

use crate::i18n::Locale;

/// How the analyst's API token reaches the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenSource {
    /// The analyst types it (kept for the browser tab's session only).
    #[default]
    Analyst,
    /// The host portal hands it over with `postMessage`, from one of the configured host origins.
    Host,
}

/// One source of settings: every field optional, so that sources can be layered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Base URL of the Tapis API, absolute or relative to the app's own URL (default `api/v1/`).
    pub api_base: Option<String>,
    /// Where the token comes from.
    pub token: Option<TokenSource>,
    /// Language of the interface.
    pub locale: Option<Locale>,
    /// Ids of the built-in rule packs switched on at start (default: all).
    pub packs: Option<Vec<String>>,
    /// Origins of host pages allowed to embed the app, hand it a token and receive its events.
    pub host_origins: Option<Vec<String>>,
    /// Seconds a confirmation is held before its flag leaves the browser, for `u` to take it back (default 5).
    pub hold_seconds: Option<u32>,
}

impl Settings {
    /// Parses `tapis.config.json`.
    pub fn from_json(text: &str) -> Result<Settings, String> {
        let mut json = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut json).map_err(|e| match e.path().to_string().as_str() {
            "." => format!("tapis.config.json: {}", e.inner()),
            path => format!("tapis.config.json: {path}: {}", e.inner()),
        })
    }

    /// Reads the mount element's attributes (`data-api-base`, `data-token`, `data-locale`, `data-packs`,
    /// `data-host-origins`, `data-hold-seconds`; lists separated by spaces or commas), given a lookup by attribute
    /// name.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<Settings, String> {
        let list = |value: String| -> Vec<String> {
            value.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_owned).collect()
        };
        Ok(Settings {
            api_base: get("data-api-base"),
            token: get("data-token").map(|v| choice("data-token", v)).transpose()?,
            locale: get("data-locale").map(|v| choice("data-locale", v)).transpose()?,
            packs: get("data-packs").map(list),
            host_origins: get("data-host-origins").map(list),
            hold_seconds: get("data-hold-seconds")
                .map(|v| v.trim().parse().map_err(|_| format!("data-hold-seconds=\"{v}\" is not a number of seconds")))
                .transpose()?,
        })
    }

    /// `self`, with every field it leaves unset taken from `lower`.
    pub fn over(self, lower: Settings) -> Settings {
        Settings {
            api_base: self.api_base.or(lower.api_base),
            token: self.token.or(lower.token),
            locale: self.locale.or(lower.locale),
            packs: self.packs.or(lower.packs),
            host_origins: self.host_origins.or(lower.host_origins),
            hold_seconds: self.hold_seconds.or(lower.hold_seconds),
        }
    }
}

/// One of a closed set of values, as an attribute spells it (`data-locale="en"`).
fn choice<T: serde::de::DeserializeOwned>(name: &str, value: String) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(value.clone()))
        .map_err(|_| format!("{name}=\"{value}\" is not one of the allowed values"))
}

/// Seconds a confirmation is held before its flag leaves, unless configured.
pub const DEFAULT_HOLD_SECONDS: u32 = 5;

/// The settings in force, every field decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Absolute URL of the API, ending in `/` (e.g. `https://tapis.example/api/v1/`).
    pub api_base: String,
    /// Where the token comes from.
    pub token: TokenSource,
    /// Language of the interface.
    pub locale: Locale,
    /// Built-in packs switched on at start; `None`: all.
    pub packs: Option<Vec<String>>,
    /// Origins allowed to talk to the app through `postMessage`, each as `scheme://host[:port]`.
    pub host_origins: Vec<String>,
    /// The import worker's script (`worker.js?js=…&wasm=…`), set by `boot.js`; `None`: imports run on the page.
    pub worker_script: Option<String>,
    /// Seconds a confirmation is held before its flag leaves (0 to 60).
    pub hold_seconds: u32,
}

impl Config {
    /// Decides every setting. `resolve_url` makes a URL absolute against the app's own location.
    pub fn new(settings: Settings, resolve_url: impl Fn(&str) -> Result<String, String>) -> Result<Config, String> {
        let mut api_base = resolve_url(settings.api_base.as_deref().unwrap_or("api/v1/"))?;
        if !api_base.ends_with('/') {
            api_base.push('/');
        }
        let host_origins = settings.host_origins.unwrap_or_default();
        if let Some(bad) = host_origins.iter().find(|o| !is_origin(o)) {
            return Err(format!("host origin \"{bad}\" must look like https://portal.example (no path)"));
        }
        let hold_seconds = settings.hold_seconds.unwrap_or(DEFAULT_HOLD_SECONDS);
        if hold_seconds > 60 {
            return Err(format!(
                "holdSeconds {hold_seconds} is more than 60: a confirmation would wait a minute to leave"
            ));
        }
        Ok(Config {
            api_base,
            token: settings.token.unwrap_or_default(),
            locale: settings.locale.unwrap_or_default(),
            packs: settings.packs,
            host_origins,
            worker_script: None,
            hold_seconds,
        })
    }
}

fn is_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else { return false };
    matches!(scheme, "http" | "https") && !rest.is_empty() && !rest.contains(['/', '?', '#', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn resolve(url: &str) -> Result<String, String> {
        Ok(if url.contains("://") { url.to_owned() } else { format!("https://portal.example/tapis/{url}") })
    }

    #[test]
    fn attributes_win_over_the_file_and_defaults_fill_the_rest() {
        let file =
            Settings::from_json(r#"{"apiBase": "https://api.example/v1", "locale": "en", "packs": ["a"]}"#).unwrap();
        let attrs = Settings::from_attributes(|name| match name {
            "data-locale" => Some("id".into()),
            "data-host-origins" => Some("https://portal.example, https://intra.example".into()),
            _ => None,
        })
        .unwrap();
        let config = Config::new(attrs.over(file), resolve).unwrap();
        assert_eq!(config.api_base, "https://api.example/v1/");
        assert_eq!(config.locale, Locale::Id);
        assert_eq!(config.packs, Some(vec!["a".to_owned()]));
        assert_eq!(config.host_origins, ["https://portal.example", "https://intra.example"]);
        assert_eq!(config.token, TokenSource::Analyst);
    }

    #[test]
    fn defaults_resolve_against_the_app() {
        let config = Config::new(Settings::default(), resolve).unwrap();
        assert_eq!(config.api_base, "https://portal.example/tapis/api/v1/");
        assert_eq!(config.hold_seconds, DEFAULT_HOLD_SECONDS);
        let attribute = Settings::from_attributes(|n| (n == "data-hold-seconds").then(|| "0".into())).unwrap();
        let file = Settings::from_json(r#"{"holdSeconds": 12}"#).unwrap();
        assert_eq!(Config::new(attribute.over(file.clone()), resolve).unwrap().hold_seconds, 0);
        assert_eq!(Config::new(file, resolve).unwrap().hold_seconds, 12);
    }

    /// Each row: a bad setting and words its error must contain.
    #[test]
    fn bad_settings_are_named() {
        let rows: &[(Result<Settings, String>, &str)] = &[
            (Settings::from_json(r#"{"locale": "fr"}"#), "locale"),
            (Settings::from_json(r#"{"apiBse": "x"}"#), "apiBse"),
            (Settings::from_json("{"), "tapis.config.json"),
            (Settings::from_attributes(|n| (n == "data-token").then(|| "cookie".into())), "data-token=\"cookie\""),
            (
                Settings::from_json(r#"{"hostOrigins": ["https://portal.example/path"]}"#)
                    .and_then(|s| Config::new(s, resolve).map(|_| Settings::default())),
                "https://portal.example/path",
            ),
            (Settings::from_attributes(|n| (n == "data-hold-seconds").then(|| "lima".into())), "data-hold-seconds"),
            (
                Settings::from_json(r#"{"holdSeconds": 90}"#)
                    .and_then(|s| Config::new(s, resolve).map(|_| Settings::default())),
                "holdSeconds 90",
            ),
        ];
        for (result, word) in rows {
            let error = result.clone().expect_err(word);
            assert!(error.contains(word), "{error:?} should name {word:?}");
        }
    }
}
