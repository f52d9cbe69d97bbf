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

use tapis_engine::links::{Blocklist, BlocklistBuilder};
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

/// The links benchmark in the browser (issue 15), run in a worker of its own by `web/links.js` so that its wasm
/// memory is its own: the generated blocklist built a piece at a time, a million lookups, link extraction.
/// Each step is a call of its own, so that JavaScript times the engine's work and never the generation.
#[wasm_bindgen]
pub struct LinksBench {
    text: links::ListText,
    piece: String,
    builder: Option<BlocklistBuilder>,
    list: Option<Blocklist>,
    domains: u64,
    queries: Vec<String>,
    texts: [String; 2],
}

#[wasm_bindgen]
impl LinksBench {
    /// A blocklist of `domains` generated domains, not yet generated nor built.
    #[wasm_bindgen(constructor)]
    pub fn new(domains: u32) -> LinksBench {
        LinksBench {
            text: links::ListText::new(domains.into()),
            piece: String::new(),
            builder: Some(BlocklistBuilder::new("bench")),
            list: None,
            domains: domains.into(),
            queries: Vec::new(),
            texts: [String::new(), String::new()],
        }
    }

    /// Generates the list's next piece (not timed); returns its bytes, 0 once the text is all out.
    pub fn next_piece(&mut self) -> usize {
        self.piece = self.text.next().unwrap_or_default();
        self.piece.len()
    }

    /// Feeds the piece to the builder (timed).
    pub fn feed(&mut self) -> Result<(), JsError> {
        let builder = self.builder.as_mut().ok_or_else(|| JsError::new("the list is already built"))?;
        builder.feed(self.piece.as_bytes())?;
        Ok(())
    }

    /// Builds the list from what was fed (timed); returns the bytes of its `fst` set.
    pub fn finish(&mut self) -> Result<usize, JsError> {
        self.piece = String::new();
        let builder = self.builder.take().ok_or_else(|| JsError::new("the list is already built"))?;
        let list = builder.finish()?;
        let bytes = list.as_bytes().len();
        self.list = Some(list);
        Ok(bytes)
    }

    /// The list's domains, and the lines read.
    pub fn stats(&self) -> Vec<f64> {
        self.list.as_ref().map_or_else(Vec::new, |l| {
            let s = l.stats();
            vec![s.domains as f64, s.lines as f64, s.skipped() as f64]
        })
    }

    /// Generates the million domains to look up (not timed); returns how many.
    pub fn make_queries(&mut self) -> usize {
        self.queries = links::queries(self.domains);
        self.queries.len()
    }

    /// Looks every query up in the list (`Blocklist::find`, timed); returns how many are blocked.
    pub fn lookup(&self) -> Result<usize, JsError> {
        let list = self.list.as_ref().ok_or_else(|| JsError::new("build the list first"))?;
        Ok(self.queries.iter().filter(|q| list.find(q).is_some()).count())
    }

    /// Generates the engine benchmark's text of about `megabytes` MiB, as it is and with links (not timed), and
    /// drops the queries; returns the texts' bytes.
    pub fn make_texts(&mut self, megabytes: f64) -> Vec<f64> {
        self.queries = Vec::new();
        self.texts = links::texts((megabytes * f64::from(1 << 20)) as usize);
        self.texts.iter().map(|t| t.len() as f64).collect()
    }

    /// Number of messages text `which` (0: as it is, 1: with links) is cut into.
    pub fn message_count(&self, which: usize) -> usize {
        corpus::messages(&self.texts[which]).count()
    }

    /// Extracts the links of text `which`, cut into messages (timed); returns how many.
    pub fn extract(&self, which: usize) -> usize {
        links::extract(&self.texts[which])
    }
}

#[path = "../../../crates/engine/tests/devset/mod.rs"]
mod devset;

/// Campaign keys and grouping (issue 14) in the browser: the judol development set's comments (its CSV, fetched
/// by the page), repeated and shuffled to `total` messages exactly as `campaign_bench` does natively.
#[wasm_bindgen]
pub struct CampaignBench {
    texts: Vec<String>,
    keys: Vec<tapis_engine::campaign::MessageKeys>,
}

#[wasm_bindgen]
impl CampaignBench {
    /// The messages; an error when `csv` is not the set.
    #[wasm_bindgen(constructor)]
    pub fn new(csv: &str, total: usize) -> Result<CampaignBench, JsError> {
        let comments = devset::parse(csv).filter(|c| !c.is_empty()).ok_or_else(|| JsError::new("not the set"))?;
        let texts = devset::repeated(total, comments.len()).into_iter().map(|i| comments[i].text.clone()).collect();
        Ok(CampaignBench { texts, keys: Vec::new() })
    }

    /// Computes every message's keys (what is timed); returns how many messages.
    pub fn keys(&mut self) -> usize {
        self.keys = self.texts.iter().map(|t| tapis_engine::campaign::keys(t)).collect();
        self.keys.len()
    }

    /// Groups the messages by their keys (what is timed); returns how many campaigns.
    pub fn group(&self) -> usize {
        tapis_engine::campaign::group(&self.keys).len()
    }
}
