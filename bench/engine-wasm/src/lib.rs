//! The engine benchmark, natively and as WebAssembly in a browser, on the same generated input ([`corpus`]).
//!
//! `bench/engine.sh` runs all of it: the native example (`examples/throughput.rs`), then this crate built for
//! `wasm32-unknown-unknown` and driven by `web/bench.js` in headless Chromium, which also runs the JavaScript
//! baseline (a `RegExp` alternation of the same terms) on the same text, and prints one table. Not part of the
//! app: the engine's normal build knows nothing of benchmarks.
//!
//! [`Bench`] holds the compiled pack and the current text inside the wasm instance, so that timings from
//! JavaScript cover the engine's full pipeline (normalize, match, map spans back) and nothing else; the
//! JavaScript side times each call with `performance.now()`.

use tapis_engine::{Limits, RulePack, RuleSet};
use wasm_bindgen::prelude::*;

pub mod corpus;
pub mod links;

use corpus::Corpus;

/// No cap on matches: the benchmark counts every one, as the native example does.
const UNLIMITED: Limits = Limits { matches_per_message: usize::MAX, matches_per_input: usize::MAX };

/// Parses and compiles a pack (what the benchmark times), without match caps.
pub fn compile(toml: &str) -> Result<RuleSet, tapis_engine::Error> {
    Ok(RuleSet::new(vec![RulePack::from_toml("bench.toml", toml)?])?.with_limits(UNLIMITED))
}

/// The benchmark's state in the browser: the generated corpus and packs, the compiled pack and the text to scan.
#[wasm_bindgen]
pub struct Bench {
    corpus: Corpus,
    /// The pack's TOML, without and with `morphology = "id"`.
    packs: [String; 2],
    rules: Option<RuleSet>,
    text: String,
}

#[wasm_bindgen]
impl Bench {
    /// Generates the corpus (terms and vocabulary) and the pack's TOML; nothing is compiled yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Bench {
        let corpus = Corpus::new();
        let packs = [corpus.pack(false), corpus.pack(true)];
        Bench { corpus, packs, rules: None, text: String::new() }
    }

    /// The pack's terms, for the JavaScript baseline.
    pub fn terms(&self) -> Vec<String> {
        self.corpus.terms.clone()
    }

    /// Parses and compiles the pack (the timed step), replacing the one compiled before.
    pub fn compile(&mut self, morphology: bool) -> Result<(), JsError> {
        self.rules = None; // free the old automaton first, as a fresh page would not have it
        self.rules = Some(compile(&self.packs[usize::from(morphology)])?);
        Ok(())
    }

    /// Replaces the text with about `megabytes` MiB generated from `seed`; returns its length in bytes.
    pub fn generate(&mut self, seed: u32, megabytes: f64, disguise: bool) -> usize {
        self.text = String::new();
        self.text = self.corpus.text(u64::from(seed), (megabytes * f64::from(1 << 20)) as usize, disguise);
        self.text.len()
    }

    /// The first `bytes` of the text (it is ASCII), as a JavaScript string.
    pub fn text_prefix(&self, bytes: usize) -> String {
        self.text[..bytes.min(self.text.len())].to_owned()
    }

    /// Number of messages the text is cut into by [`Bench::scan_messages`].
    pub fn message_count(&self) -> usize {
        corpus::messages(&self.text).count()
    }

    /// Scans the whole text as one input; returns the number of matches.
    pub fn scan_whole(&self) -> Result<usize, JsError> {
        Ok(self.rules()?.scan(&self.text).len())
    }

    /// Scans the text cut into messages, as the app scans a paste; returns the number of matches.
    pub fn scan_messages(&self) -> Result<usize, JsError> {
        let scans = self.rules()?.scan_messages(corpus::messages(&self.text));
        Ok(scans.iter().map(|s| s.matches.len()).sum())
    }

    /// Scans a JavaScript string as one input (copying it into wasm memory is part of the call).
    pub fn scan_text(&self, text: &str) -> Result<usize, JsError> {
        Ok(self.rules()?.scan(text).len())
    }
}

impl Default for Bench {
    fn default() -> Bench {
        Bench::new()
    }
}

impl Bench {
    fn rules(&self) -> Result<&RuleSet, JsError> {
        self.rules.as_ref().ok_or_else(|| JsError::new("compile the pack first"))
    }
}
