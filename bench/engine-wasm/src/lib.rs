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
//!
//! The other steps each have a struct of their own, driven from a worker of their own or after the scans: links
//! and blocklists ([`LinksBench`], issue 15), campaigns ([`CampaignBench`], issue 14), and photos ([`MediaBench`],
//! issue 21: PDQ hashing and matching against a list of 1,000,000 hashes).

use tapis_engine::links::{Blocklist, BlocklistBuilder};
use tapis_engine::{Limits, RulePack, RuleSet};
use wasm_bindgen::prelude::*;

pub mod corpus;
pub mod links;
pub mod media;

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

/// Photos (issue 21) in the browser, run in a worker of its own by `web/media.js`: PDQ on `pdq_bench`'s generated
/// 1280×960 JPEG (decode and hash timed apart, and together as the app's worker calls them), then
/// `hashlist_bench`'s list of 1,000,000 hashes: its text parsed, the index built, queries matched at the default
/// threshold. Inputs are generated in wasm ([`media`]) by calls that JavaScript does not time.
#[wasm_bindgen]
pub struct MediaBench {
    jpeg: Vec<u8>,
    rgb: Option<tapis_media::decode::Rgb>,
    hashed: Option<tapis_media::Hashed>,
    input: Option<media::HashListInput>,
    index: Option<tapis_media::Index>,
}

#[wasm_bindgen]
impl MediaBench {
    /// Generates and encodes the photo (not timed); nothing else yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> MediaBench {
        MediaBench { jpeg: media::jpeg(), rgb: None, hashed: None, input: None, index: None }
    }

    /// The JPEG's bytes.
    pub fn jpeg_bytes(&self) -> usize {
        self.jpeg.len()
    }

    /// Decodes the JPEG to RGB (timed); returns its width.
    pub fn decode(&mut self) -> u32 {
        self.rgb = None;
        let rgb = media::decode(&self.jpeg);
        let width = rgb.width;
        self.rgb = Some(rgb);
        width
    }

    /// Hashes the decoded pixels (timed); returns the hash's quality.
    pub fn hash(&mut self) -> Result<u8, JsError> {
        let rgb = self.rgb.as_ref().ok_or_else(|| JsError::new("decode first"))?;
        let hashed = tapis_media::hash_rgb(&rgb.rgb, rgb.width, rgb.height);
        self.hashed = Some(hashed);
        Ok(hashed.quality)
    }

    /// Decodes and hashes in one call, `tapis_media::hash_image` as the app's worker does (timed); returns the
    /// quality.
    pub fn hash_image(&mut self) -> Result<u8, JsError> {
        let hashed = tapis_media::hash_image(&self.jpeg)?;
        self.hashed = Some(hashed);
        Ok(hashed.quality)
    }

    /// The last hash, in hex (to compare with `pdq_bench`'s).
    pub fn pdq(&self) -> String {
        self.hashed.map(|h| h.pdq.to_hex()).unwrap_or_default()
    }

    /// Generates the list's hashes, its text and the queries (not timed); returns the text's bytes.
    pub fn make_list(&mut self) -> usize {
        self.rgb = None;
        let input = media::HashListInput::new();
        let bytes = input.text.len();
        self.input = Some(input);
        bytes
    }

    /// Parses the list's text (`tapis_media::hashlist::parse`, timed, the parsed list dropped after); returns
    /// the entries.
    pub fn parse(&self) -> Result<usize, JsError> {
        let input = self.input.as_ref().ok_or_else(|| JsError::new("make the list first"))?;
        Ok(tapis_media::hashlist::parse("bench", &input.text).list.entries.len())
    }

    /// Drops the list's text (once parsed: the index is built from the hashes).
    pub fn drop_text(&mut self) {
        if let Some(input) = self.input.as_mut() {
            input.text = String::new();
        }
    }

    /// Builds the index of the listed hashes and planted neighbours (`Index::from_hashes`, timed); returns how
    /// many hashes it holds.
    pub fn build(&mut self) -> Result<usize, JsError> {
        self.index = None;
        let input = self.input.as_ref().ok_or_else(|| JsError::new("make the list first"))?;
        let index = tapis_media::Index::from_hashes(&input.hashes);
        let len = index.len();
        self.index = Some(index);
        Ok(len)
    }

    /// The index's bytes (`Index::memory`).
    pub fn index_memory(&self) -> usize {
        self.index.as_ref().map_or(0, tapis_media::Index::memory)
    }

    /// Matches query `i` (a near one or a random one) at `threshold`, `reps` times over (timed, divided by the
    /// page: see [`media::match_repeated`]); returns the matches.
    pub fn match_query(&self, near: bool, i: usize, threshold: u32, reps: u32) -> Result<usize, JsError> {
        let index = self.index.as_ref().ok_or_else(|| JsError::new("build the index first"))?;
        let input = self.input.as_ref().ok_or_else(|| JsError::new("make the list first"))?;
        let queries = if near { &input.near } else { &input.random };
        if i >= queries.len() {
            return Err(JsError::new("no such query"));
        }
        Ok(media::match_repeated(index, queries, i, threshold, reps))
    }
}

impl Default for MediaBench {
    fn default() -> MediaBench {
        MediaBench::new()
    }
}
