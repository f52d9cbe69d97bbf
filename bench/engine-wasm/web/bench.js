// The browser half of bench/engine.sh: times the wasm engine (crate tapis-bench-wasm) and a JavaScript RegExp
// alternation of the same 10,000 terms on the same generated text, then POSTs the figures to /result as JSON.
// Query parameters: mb (text to scan, MiB), js_mb (the prefix of it that the RegExp baseline scans: older V8
// versions run a 10,000-term alternation at a few MB/s), domains and links_mb (the links step, links.js: the
// blocklist's generated domains and the text links are extracted from, MiB). Each scan counts as the fastest of
// three runs. Then campaign keys and grouping (issue 14) of 100,000 messages made from judol.csv (the judol
// development set, which bench/engine.sh puts beside the page when it is there). Last, photos (issue 21, media.js):
// PDQ on a generated photo, the median of pdq_runs, and hash_queries queries against 1,000,000 listed hashes.
import init, { Bench, CampaignBench } from './pkg/tapis_bench_wasm.js';

const params = new URLSearchParams(location.search);
const MB = Number(params.get('mb') ?? 50);
const JS_MB = Number(params.get('js_mb') ?? 4);
const DOMAINS = Number(params.get('domains') ?? 3_000_000);
const LINKS_MB = Number(params.get('links_mb') ?? 20);
const PDQ_RUNS = Number(params.get('pdq_runs') ?? 25);
const HASH_QUERIES = Number(params.get('hash_queries') ?? 2_000);
const MEMORY_MB = 10;
const CAMPAIGN_MESSAGES = 100_000;
const SCANS = 3;
const MIB = 1 << 20;

const log = (line) => { document.getElementById('log').textContent += `\n${line}`; };

/** Milliseconds `f` takes, and what it returns. */
function timed(f) {
  const started = performance.now();
  const value = f();
  return [performance.now() - started, value];
}

/** The fastest of `n` runs of `f` (a shared machine only ever slows a run down): [milliseconds, value]. */
function fastest(n, f) {
  const runs = Array.from({ length: n }, () => timed(f));
  return runs.reduce((best, run) => (run[0] < best[0] ? run : best));
}

/** Number of matches of a global RegExp in `text`, as String.prototype.match would count them. */
function countMatches(re, text) {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n += 1;
  return n;
}

const jsHeap = () => performance.memory?.usedJSHeapSize ?? null;

async function run() {
  const wasm = await init({ module_or_path: './pkg/tapis_bench_wasm_bg.wasm' });
  const result = { userAgent: navigator.userAgent, mb: MB, jsMb: JS_MB };
  const bench = new Bench();

  // Compile: the first one is what a user waits for, the best of five what the machine can do.
  const compiles = [];
  for (let i = 0; i < 5; i += 1) compiles.push(timed(() => bench.compile(false))[0]);
  result.compileMs = compiles[0];
  result.compileBestMs = Math.min(...compiles);
  log(`compile: ${compiles.map((ms) => ms.toFixed(1)).join(', ')} ms`);

  // Memory for a 10 MB input, measured before anything bigger grows the linear memory (it never shrinks).
  result.memoryBeforeBytes = wasm.memory.buffer.byteLength;
  bench.generate(9, MEMORY_MB, false);
  const memoryMatches = bench.scan_messages();
  result.memory10 = { wasmBytes: wasm.memory.buffer.byteLength, jsHeapBytes: jsHeap(), matches: memoryMatches };
  log(`memory after scanning ${MEMORY_MB} MB: ${(result.memory10.wasmBytes / MIB).toFixed(1)} MiB of wasm memory`);

  [result.compileMorphologyMs] = timed(() => bench.compile(true));
  bench.compile(false);
  // Warm up: let V8 tier the hot wasm functions up before anything is timed.
  bench.generate(8, 2, true);
  for (let i = 0; i < 3; i += 1) { bench.scan_whole(); bench.scan_messages(); }

  for (const [name, seed, disguise] of [['clean', 1, false], ['disguised', 2, true]]) {
    const bytes = bench.generate(seed, MB, disguise);
    const [wholeMs, wholeMatches] = fastest(SCANS, () => bench.scan_whole());
    const [messagesMs, messagesMatches] = fastest(SCANS, () => bench.scan_messages());
    result[name] = { bytes, messages: bench.message_count(), wholeMs, wholeMatches, messagesMs, messagesMatches };
    log(`${name}: ${(bytes / MIB / (wholeMs / 1e3)).toFixed(1)} MB/s as one input, `
      + `${(bytes / MIB / (messagesMs / 1e3)).toFixed(1)} MB/s as messages`);
    if (name !== 'clean') continue;

    // The baseline, on a prefix of the same clean text: what a page would do without the engine.
    const prefix = bench.text_prefix(JS_MB * MIB);
    const [copyScanMs, wasmPrefixMatches] = timed(() => bench.scan_text(prefix));
    const escaped = bench.terms().map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const [regexpCompileMs, re] = timed(() => {
      const re = new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'gi');
      countMatches(re, 'kata pertama'); // V8 compiles a RegExp when it first runs
      return re;
    });
    countMatches(re, prefix.slice(0, MIB / 4)); // warm up
    const [regexpMs, regexpMatches] = fastest(SCANS, () => countMatches(re, prefix));
    result.js = {
      bytes: prefix.length, regexpCompileMs, regexpMs, regexpMatches, wasmPrefixMatches, copyScanMs,
    };
    log(`RegExp: ${(prefix.length / MIB / (regexpMs / 1e3)).toFixed(2)} MB/s on ${JS_MB} MB`);
  }
  result.memoryAfterBytes = wasm.memory.buffer.byteLength;
  result.jsHeapAfterBytes = jsHeap();
  bench.free();

  // Campaigns: each message's keys, then the grouping, as campaign_bench times them natively.
  const csv = await fetch('./judol.csv').then((r) => (r.ok ? r.text() : null), () => null);
  if (csv) {
    const campaigns = new CampaignBench(csv, CAMPAIGN_MESSAGES);
    const [keysMs, messages] = timed(() => campaigns.keys());
    const [groupMs, count] = timed(() => campaigns.group());
    campaigns.free();
    result.campaigns = { messages, keysMs, groupMs, campaigns: count };
    log(`campaigns: keys of ${messages} messages in ${keysMs.toFixed(0)} ms, grouped in ${groupMs.toFixed(0)} ms`);
  } else {
    result.campaigns = { error: 'no judol.csv (the development set) beside the page' };
  }

  // Links (issue 15): a worker with its own wasm instance, so that its memory is the blocklist's alone.
  const worker = new Worker('./links.js', { type: 'module' });
  result.links = await new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (e) => resolve({ error: `worker: ${e.message}` });
    worker.postMessage({ domains: DOMAINS, mb: LINKS_MB });
  });
  worker.terminate();
  if (!result.links.error) log(`links: ${DOMAINS} domains built in ${result.links.buildMs.toFixed(0)} ms, `
    + `${(result.links.memoryAfterBuildBytes / MIB).toFixed(1)} MiB of wasm memory`);

  // Photos (issue 21): a worker of its own too, as the app hashes and matches in its worker.
  const photos = new Worker('./media.js', { type: 'module' });
  result.media = await new Promise((resolve) => {
    photos.onmessage = ({ data }) => resolve(data);
    photos.onerror = (e) => resolve({ error: `worker: ${e.message}` });
    photos.postMessage({ runs: PDQ_RUNS, queries: HASH_QUERIES });
  });
  photos.terminate();
  if (!result.media.error) log(`photos: PDQ ${result.media.hashImageMs.toFixed(1)} ms an image, `
    + `index of ${result.media.indexed} hashes built in ${result.media.buildMs.toFixed(0)} ms`);
  return result;
}

let result;
try {
  result = await run();
} catch (e) {
  result = { error: String(e?.stack ?? e) };
}
log(JSON.stringify(result, null, 2));
await fetch('/result', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(result) });
