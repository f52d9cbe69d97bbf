#!/bin/sh
# Trunk post-build hook: gives the worker's module (tapis-worker.js and tapis-worker_bg.wasm, which Trunk leaves
# unhashed) names that change with their content, as Trunk names the page's module, and writes those names into
# index.html as data-worker-js and data-worker-wasm on the boot script. So they can be cached for good, and a page
# never meets a worker module of another version.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
js="$dir/tapis-worker.js"
wasm="$dir/tapis-worker_bg.wasm"
[ -f "$js" ] && [ -f "$wasm" ] || { echo "hash-worker.sh: no tapis-worker.js and tapis-worker_bg.wasm in $dir" >&2; exit 1; }
hash=$(cat "$js" "$wasm" | sha256sum | cut -c1-16)
mv "$js" "$dir/tapis-worker-$hash.js"
mv "$wasm" "$dir/tapis-worker-${hash}_bg.wasm"
index="$dir/index.html"
grep -q 'id="trunk-boot"' "$index" || { echo "hash-worker.sh: no trunk-boot script in $index" >&2; exit 1; }
sed -i "s|id=\"trunk-boot\"|id=\"trunk-boot\" data-worker-js=\"./tapis-worker-$hash.js\" data-worker-wasm=\"./tapis-worker-${hash}_bg.wasm\"|" "$index"
