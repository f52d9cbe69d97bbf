// The photos step of bench/engine.sh (issue 21), in a worker of its own as the app hashes and matches in its
// worker: PDQ on a generated 1280×960 JPEG (decode, hash, and both in one call; the median of `runs`), then a
// hash list of 1,000,000 hashes: its text parsed (best of 3), the index built, and `queries` random and near
// queries matched at threshold 31, each query timed alone, once (median, 99th percentile), as serve.py makes the
// page cross-origin isolated (the clock's resolution is then 5 µs). Were it not (100 µs), each query would be run
// `reps` times in a row and the time divided (reps set so that a timed call lasts ≥ 2 ms), which flatters it (its
// second run finds the index's slices in the cache): the mean of one pass over the queries, each run once, is
// kept beside it either way. Started by bench.js with {runs, queries}; posts its figures back.
import init, { MediaBench } from './pkg/tapis_bench_wasm.js';

const THRESHOLD = 31;

const timed = (f) => {
  const started = performance.now();
  const value = f();
  return [performance.now() - started, value];
};

/** The value at quantile `q` of `values` (sorted here). */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * q)];
}

async function run({ runs, queries }) {
  const wasm = await init({ module_or_path: './pkg/tapis_bench_wasm_bg.wasm' });
  const bench = new MediaBench();
  const result = { jpegBytes: bench.jpeg_bytes(), runs, isolated: self.crossOriginIsolated === true };

  // PDQ: two runs to warm up, then the median of `runs` of each.
  for (let i = 0; i < 2; i += 1) { bench.decode(); bench.hash(); bench.hash_image(); }
  const decode = [];
  const hash = [];
  const both = [];
  for (let i = 0; i < runs; i += 1) {
    decode.push(timed(() => bench.decode())[0]);
    hash.push(timed(() => bench.hash())[0]);
    both.push(timed(() => bench.hash_image())[0]);
  }
  Object.assign(result, {
    decodeMs: quantile(decode, 0.5), hashMs: quantile(hash, 0.5), hashImageMs: quantile(both, 0.5),
    quality: bench.hash_image(), pdq: bench.pdq(),
  });

  // The list: parsing its text (the best of three), then the index.
  result.listBytes = bench.make_list();
  const parses = Array.from({ length: 3 }, () => timed(() => bench.parse()));
  [result.parseMs, result.entries] = parses.reduce((best, r) => (r[0] < best[0] ? r : best));
  bench.drop_text();
  result.memoryBeforeBuildBytes = wasm.memory.buffer.byteLength;
  [result.buildMs, result.indexed] = timed(() => bench.build());
  result.indexBytes = bench.index_memory();
  result.memoryAfterBuildBytes = wasm.memory.buffer.byteLength;

  // Matching: warm up, then each kind of query.
  for (let i = 0; i < 200; i += 1) { bench.match_query(false, i, THRESHOLD, 1); bench.match_query(true, i, THRESHOLD, 1); }
  result.matching = [];
  for (const [kind, near] of [['random', false], ['near', true]]) {
    let matches = 0;
    const [passMs] = timed(() => {
      for (let i = 0; i < queries; i += 1) matches += bench.match_query(near, i, THRESHOLD, 1);
    });
    const meanMs = passMs / queries;
    const reps = result.isolated ? 1 : Math.min(1000, Math.max(1, Math.ceil(2 / Math.max(meanMs, 1e-3))));
    const times = [];
    for (let i = 0; i < queries; i += 1) times.push(timed(() => bench.match_query(near, i, THRESHOLD, reps))[0] / reps);
    result.matching.push({
      kind, queries, threshold: THRESHOLD, reps, matches, meanUs: meanMs * 1e3,
      medianUs: quantile(times, 0.5) * 1e3, p99Us: quantile(times, 0.99) * 1e3, maxUs: quantile(times, 1) * 1e3,
    });
  }
  bench.free();
  return result;
}

onmessage = async ({ data }) => {
  try {
    postMessage(await run(data));
  } catch (e) {
    postMessage({ error: String(e?.stack ?? e) });
  }
};
