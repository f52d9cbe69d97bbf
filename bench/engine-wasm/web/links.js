// The links step of bench/engine.sh (issue 15), in a worker of its own so that its wasm memory is not the
// scans': builds a blocklist of 3,000,000 generated domains fed 1 MiB at a time (each piece generated in wasm
// before its feed is timed), then looks a million domains up and extracts links from the engine benchmark's text.
// Started by bench.js with {domains, mb}; posts its figures back.
import init, { LinksBench } from './pkg/tapis_bench_wasm.js';

const timed = (f) => {
  const started = performance.now();
  const value = f();
  return [performance.now() - started, value];
};

async function run({ domains, mb }) {
  const wasm = await init({ module_or_path: './pkg/tapis_bench_wasm_bg.wasm' });
  const bench = new LinksBench(domains);
  const result = { memoryBeforeBytes: wasm.memory.buffer.byteLength };
  let buildMs = 0;
  let textBytes = 0;
  for (let bytes = bench.next_piece(); bytes > 0; bytes = bench.next_piece()) {
    buildMs += timed(() => bench.feed())[0];
    textBytes += bytes;
  }
  const [finishMs, fstBytes] = timed(() => bench.finish());
  const [listed, lines, skipped] = bench.stats();
  Object.assign(result, {
    buildMs: buildMs + finishMs, finishMs, textBytes, fstBytes, domains: listed, lines, skipped,
    memoryAfterBuildBytes: wasm.memory.buffer.byteLength,
  });

  const queries = bench.make_queries();
  const [lookupMs, blocked] = timed(() => bench.lookup());
  Object.assign(result, { queries, lookupMs, blocked });

  const [bytes, withLinksBytes] = bench.make_texts(mb);
  result.extract = [];
  for (const [which, textBytes] of [[0, bytes], [1, withLinksBytes]]) {
    bench.extract(which); // warm up
    const runs = Array.from({ length: 3 }, () => timed(() => bench.extract(which)));
    const [ms, links] = runs.reduce((best, r) => (r[0] < best[0] ? r : best));
    result.extract.push({ bytes: textBytes, messages: bench.message_count(which), ms, links });
  }
  result.memoryAfterBytes = wasm.memory.buffer.byteLength;
  return result;
}

onmessage = async ({ data }) => {
  try {
    postMessage(await run(data));
  } catch (e) {
    postMessage({ error: String(e?.stack ?? e) });
  }
};
