#!/usr/bin/env bash
# Engine benchmark (`make bench`): the full pipeline (normalize, match, map spans back) on the same generated
# Indonesian-like text and 10,000-term pack, natively and as wasm in headless Chromium, beside a JavaScript
# baseline (a RegExp alternation of the same terms) run in the same page; then, in Chromium, issue 15's links
# step (web/links.js: a blocklist of 3,000,000 generated domains built a MiB at a time, a million lookups, link
# extraction; natively, `cargo run --release -p tapis-bench-wasm --example links`); then issue 21's photos
# (web/media.js: PDQ on a generated 1280×960 JPEG, the median of 25, and matching against a hash list of
# 1,000,000 hashes; natively, the same inputs in `pdq_bench` and `hashlist_bench`). Prints one table.
#
#   bash bench/engine.sh           # BENCH_MB=50 BENCH_JS_MB=4 BENCH_DOMAINS=3000000 BENCH_LINKS_MB=20
#                                  # BENCH_PDQ_RUNS=25 BENCH_HASH_QUERIES=2000
#                                  # CARGO_TARGET_DIR=… CHROMIUM=… WASM_OPT=… override
#
# Needs the wasm32-unknown-unknown target, wasm-bindgen (the version in Cargo.lock), python3 and Chromium;
# wasm-opt is used when found (binaryen ≥ 116: Debian's older one breaks wasm-bindgen output). Everything it
# serves and fetches is on 127.0.0.1; it stops the server and the browser it started.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
MB="${BENCH_MB:-50}"
JS_MB="${BENCH_JS_MB:-4}"
DOMAINS="${BENCH_DOMAINS:-3000000}"
LINKS_MB="${BENCH_LINKS_MB:-20}"
PDQ_RUNS="${BENCH_PDQ_RUNS:-25}"
HASH_QUERIES="${BENCH_HASH_QUERIES:-2000}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
WASM_OPT="${WASM_OPT:-${TAPIS_TOOLS_DIR:-$HOME/.cache/tapis}/binaryen/node_modules/.bin/wasm-opt}"
TIMEOUT_S="${BENCH_TIMEOUT_S:-900}"

[ -x "$CHROMIUM" ] || { echo "bench/engine.sh: Chromium not found (set CHROMIUM)" >&2; exit 1; }
work="$(mktemp -d)"
server_pid=""
browser_pid=""
cleanup() {
    [ -n "$browser_pid" ] && kill -- "-$browser_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== native (release), $MB MB" >&2
cargo run --quiet --release -p tapis-bench-wasm --example throughput -- "$MB" --json >"$work/native.json"

echo "== wasm build" >&2
cargo build --quiet --release --lib --target wasm32-unknown-unknown -p tapis-bench-wasm
mkdir -p "$work/site"
cp bench/engine-wasm/web/index.html bench/engine-wasm/web/bench.js bench/engine-wasm/web/links.js \
    bench/engine-wasm/web/media.js "$work/site/"
# The judol development set, for the campaign figures (outside the repository: skipped when it is not there).
judol="${TAPIS_JUDOL_DEV:-$PWD/../shared/fixtures/judol_dev/comments.csv}"
[ -f "$judol" ] && cp "$judol" "$work/site/judol.csv"
wasm-bindgen --target web --no-typescript --out-dir "$work/site/pkg" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/tapis_bench_wasm.wasm"
wasm_opt="none"
if [ -x "$WASM_OPT" ] && "$WASM_OPT" --version | grep -Eq 'version_?(1[2-9][0-9]|11[6-9])'; then
    "$WASM_OPT" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-reference-types --enable-multivalue \
        -o "$work/site/pkg/tapis_bench_wasm_bg.wasm" "$work/site/pkg/tapis_bench_wasm_bg.wasm"
    wasm_opt="wasm-opt -O3"
fi

echo "== Chromium (headless), $MB MB; RegExp baseline on $JS_MB MB; links: $DOMAINS domains, $LINKS_MB MB; \
photos: PDQ median of $PDQ_RUNS, $HASH_QUERIES queries" >&2
python3 bench/engine-wasm/serve.py "$work/site" "$work/port" "$work/browser.json" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port="$(cat "$work/port")"
# Its own session, so that the browser and every process it forks stop together.
setsid "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --no-default-browser-check --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --disable-domain-reliability --disable-client-side-phishing-detection --no-pings \
    --disable-features=OptimizationHints,MediaRouter,Translate --enable-precise-memory-info \
    --user-data-dir="$work/profile" "http://127.0.0.1:$port/index.html?mb=$MB&js_mb=$JS_MB&domains=$DOMAINS&links_mb=$LINKS_MB&pdq_runs=$PDQ_RUNS&hash_queries=$HASH_QUERIES" \
    >"$work/chromium.log" 2>&1 &
browser_pid=$!
for _ in $(seq "$TIMEOUT_S"); do [ -s "$work/browser.json" ] && break; sleep 1; done
[ -s "$work/browser.json" ] || { echo "no result from Chromium after ${TIMEOUT_S}s" >&2; tail "$work/chromium.log" >&2; exit 1; }

python3 - "$work/native.json" "$work/browser.json" "$wasm_opt" <<'EOF'
import json, sys

native, browser = (json.load(open(p)) for p in sys.argv[1:3])
if "error" in browser:
    sys.exit(f"the page failed: {browser['error']}")
MIB = 1 << 20
rate = lambda bytes, ms: bytes / MIB / (ms / 1e3)
rows = []
def row(what, n="", w="", j=""):
    rows.append((what, n, w, j))

row("compile 10,000 terms: first / best of 5 (ms)",
    f"{native['compile_ms']:.0f} / {native['compile_best_ms']:.0f}",
    f"{browser['compileMs']:.0f} / {browser['compileBestMs']:.0f}",
    f"{browser['js']['regexpCompileMs']:.0f} (new RegExp + first run)")
row("compile 10,000 terms, morphology = \"id\" (ms)",
    f"{native['compile_morphology_ms']:.0f}", f"{browser['compileMorphologyMs']:.0f}")
for name, label in (("clean", "clean"), ("disguised", "1 word in 20 disguised")):
    n, w = native[name], browser[name]
    for key, how in (("whole", "one input"), ("messages", f"{n['messages']:,} messages")):
        row(f"scan {n['bytes'] / MIB:.0f} MB {label}, {how} (MB/s)",
            f"{rate(n['bytes'], n[key + '_ms']):.1f}", f"{rate(w['bytes'], w[key + 'Ms']):.1f}",
            f"{rate(browser['js']['bytes'], browser['js']['regexpMs']):.2f} (first {browser['jsMb']} MB)"
            if (name, key) == ("clean", "whole") else "")
js = browser["js"]
js_rate = rate(js["bytes"], js["regexpMs"])
wasm_rate = rate(browser["clean"]["bytes"], browser["clean"]["wholeMs"])
row(f"matches in the first {browser['jsMb']} MB (clean)", "", f"{js['wasmPrefixMatches']:,}", f"{js['regexpMatches']:,}")
row(f"scan a {browser['jsMb']} MB JS string, copy into wasm included (MB/s)", "",
    f"{rate(js['bytes'], js['copyScanMs']):.1f}")
row("wasm / JS RegExp, clean, one input", "", f"{wasm_rate / js_rate:.2f}×")
heap = browser["memory10"]["jsHeapBytes"]
row("memory after scanning 10 MB as messages (MiB)", "",
    f"{browser['memory10']['wasmBytes'] / MIB:.0f} (wasm linear memory)",
    f"{heap / MIB:.0f} (JS heap)" if heap is not None else "n/a")
links = browser.get("links") or {"error": "no links step"}
if "error" not in links:
    row(f"blocklist: {links['domains']:,.0f} domains ({links['textBytes'] / 1e6:.0f} MB of text, fed 1 MiB at a time), "
        "build (ms)", "", f"{links['buildMs']:.0f}")
    row("blocklist: fst set (MB) / wasm memory before / after the build (MB)", "",
        f"{links['fstBytes'] / 1e6:.1f} / {links['memoryBeforeBytes'] / 1e6:.1f} / "
        f"{links['memoryAfterBuildBytes'] / 1e6:.1f}")
    row(f"blocklist: {links['queries']:,} lookups, Blocklist::find (ms; million/s)", "",
        f"{links['lookupMs']:.0f}; {links['queries'] / (links['lookupMs'] / 1e3) / 1e6:.1f}")
    for e, label in zip(links["extract"], ("the bench text", "one word in 50 a link")):
        row(f"extract links, {e['bytes'] / 1e6:.0f} MB {label}, {e['messages']:,} messages (MB/s)", "",
            f"{e['bytes'] / 1e6 / (e['ms'] / 1e3):.1f} ({e['links']:,} links)")

campaigns = browser.get("campaigns") or {"error": "no campaign step"}
if "error" not in campaigns:
    row(f"campaigns: keys of {campaigns['messages']:,} messages (the judol set repeated) / grouping them (ms; "
        "natively: campaign_bench)", "", f"{campaigns['keysMs']:.0f} / {campaigns['groupMs']:.0f} "
        f"({campaigns['campaigns']:,} campaigns)")
else:
    row("campaigns", "", campaigns["error"])

media = browser.get("media") or {"error": "no photos step"}
if "error" not in media:
    row(f"PDQ, 1280×960 JPEG ({media['jpegBytes'] / 1024:.0f} KB), median of {media['runs']}: decode / hash (ms; "
        "natively: pdq_bench)", "", f"{media['decodeMs']:.1f} / {media['hashMs']:.1f}")
    row("PDQ, decode + hash in one call (tapis_media::hash_image, as the app's worker) (ms)", "",
        f"{media['hashImageMs']:.1f} (quality {media['quality']}, hash {media['pdq'][:16]}…)")
    row(f"hash list: parse {media['entries']:,} lines ({media['listBytes'] / 1e6:.0f} MB of text), best of 3 (ms; "
        "natively: hashlist_bench)", "", f"{media['parseMs']:.0f}")
    row(f"hash list: index of {media['indexed']:,} hashes, build (ms) / its bytes / wasm memory after (MB)", "",
        f"{media['buildMs']:.0f} / {media['indexBytes'] / 1e6:.0f} / {media['memoryAfterBuildBytes'] / 1e6:.0f}")
    for m in media["matching"]:
        row(f"hash list: match at {m['threshold']} bits, {m['queries']:,} {m['kind']} queries, each run "
            f"{'once' if m['reps'] == 1 else str(m['reps']) + '× in a row'}: median / p99 (µs; mean of one pass)", "",
            f"{m['medianUs']:.0f} / {m['p99Us']:.0f} ({m['meanUs']:.0f}; {m['matches']:,} matches)")
else:
    row("photos", "", media["error"])

width = [max(len(r[i]) for r in rows + [("", "native", "wasm in Chromium", "JavaScript RegExp")]) for i in range(4)]
print()
print(f"Engine benchmark · {browser['userAgent'].split(') ')[-1]} · wasm: {sys.argv[3]} · each scan the fastest of 3")
for r in [("", "native", "wasm in Chromium", "JavaScript RegExp")] + rows:
    print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)).rstrip())
for name in ("clean", "disguised"):
    for key in ("whole", "messages"):
        if native[name][key + "_matches"] != browser[name][key + "Matches"]:
            print(f"note: {name} {key}: native found {native[name][key + '_matches']} matches, "
                  f"wasm {browser[name][key + 'Matches']}")
memory = browser["memory10"]["wasmBytes"] + (heap or 0)
def wasm(name, key):
    return rate(browser[name]["bytes"], browser[name][key + "Ms"])
# Issue 20's targets, all in the browser.
targets = [
    (f"clean text ≥ 100 MB/s, one input ({wasm('clean', 'whole'):.0f})", wasm("clean", "whole") >= 100),
    (f"clean text ≥ 100 MB/s, as messages ({wasm('clean', 'messages'):.0f})", wasm("clean", "messages") >= 100),
    (f"1 word in 20 disguised ≥ 40 MB/s, one input ({wasm('disguised', 'whole'):.0f})",
     wasm("disguised", "whole") >= 40),
    (f"1 word in 20 disguised ≥ 40 MB/s, as messages ({wasm('disguised', 'messages'):.0f})",
     wasm("disguised", "messages") >= 40),
    (f"compile 10,000 terms < 100 ms, first ({browser['compileMs']:.0f} ms)", browser["compileMs"] < 100),
    (f"compile with morphology = \"id\" < 300 ms ({browser['compileMorphologyMs']:.0f} ms)",
     browser["compileMorphologyMs"] < 300),
    (f"memory for a 10 MB input < 200 MB ({memory / MIB:.0f} MiB)", memory < 200 * MIB),
]
# Issue 15's, in the browser.
if "error" in links:
    print(f"note: the links step failed: {links['error']}")
else:
    built = links["memoryAfterBuildBytes"]
    targets += [
        (f"blocklist of {links['domains']:,.0f} domains built < 5 s ({links['buildMs'] / 1e3:.1f} s)",
         links["buildMs"] < 5000),
        # The issue's 64 MB: decimal megabytes, the stricter reading (61 MiB).
        (f"blocklist held in < 64 MB of wasm memory ({built / 1e6:.1f} MB after the build)", built < 64e6),
    ]
# Issue 14's, in the browser.
if "error" not in campaigns:
    targets.append((f"grouping {campaigns['messages']:,} messages < 2 s ({campaigns['groupMs'] / 1e3:.2f} s)",
                    campaigns["groupMs"] < 2000))
# Issue 21's, in the browser: matching one image's hash against 1,000,000 listed ones in the worker.
if "error" in media:
    print(f"note: the photos step failed: {media['error']}")
else:
    slowest = max(m["p99Us"] for m in media["matching"])
    targets.append((f"matching one image against {media['indexed']:,} hashes < 5 ms (p99 {slowest / 1e3:.2f} ms)",
                    slowest < 5000))
print("targets:")
for target, met in targets:
    print(f"  {'met   ' if met else 'MISSED'}  {target}")
EOF
