#!/usr/bin/env bash
# Installs what building and testing Tapis needs, when it is missing or at the wrong version. Idempotent: a second
# run takes a second. Only package registries are used (crates.io, npm, Debian): nothing downloads a prebuilt
# binary from elsewhere, which fails on machines without internet.
#
#   scripts/ensure-tools.sh build     wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt
#   scripts/ensure-tools.sh browsers  Chromium, Firefox ESR and WebKitGTK with their WebDriver servers, Xvfb, axe-core
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than this toolchain
BINARYEN_VERSION=132.0.0       # never Debian's binaryen: its wasm-opt 108 breaks the app
GECKODRIVER_VERSION=0.37.1     # from crates.io: npm's geckodriver downloads from GitHub and fails
AXE_CORE_VERSION=4.11.0        # the accessibility checker the browser tests run in the page (npm, plain JS)
TOOLS_DIR="${TAPIS_TOOLS_DIR:-$HOME/.cache/tapis}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
# grep reads all of the output: with pipefail, `grep -q` stopping early would kill a chatty `--version` (SIGPIPE).
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -F "$2" >/dev/null; }

# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock, and Trunk.toml must name the same version,
# or Trunk tries to download its own.
lock_version() { awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock; }

build_tools() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    if ! have_version trunk "trunk $TRUNK_VERSION"; then
        say "installing trunk $TRUNK_VERSION from crates.io (about 8 minutes on 2 cores)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi
    local wbg
    wbg=$(lock_version wasm-bindgen)
    [ -n "$wbg" ] || { echo "cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; }
    if ! grep -q "^wasm_bindgen = \"$wbg\"" Trunk.toml; then
        echo "Trunk.toml [tools] wasm_bindgen must be \"$wbg\" (the version in Cargo.lock)" >&2
        exit 1
    fi
    if ! have_version wasm-bindgen "wasm-bindgen $wbg" || ! have_version wasm-bindgen-test-runner "$wbg"; then
        say "installing wasm-bindgen-cli $wbg from crates.io (about 4 minutes)"
        # Without --locked: its own lockfile asks for a crate version the registry no longer has.
        cargo install wasm-bindgen-cli --version "$wbg" --force
    fi
    if ! have_version "$TOOLS_DIR/binaryen/node_modules/.bin/wasm-opt" "version ${BINARYEN_VERSION%%.*}"; then
        command -v npm >/dev/null || { echo "npm is needed to install wasm-opt (binaryen $BINARYEN_VERSION)" >&2; exit 1; }
        say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into $TOOLS_DIR/binaryen"
        mkdir -p "$TOOLS_DIR/binaryen"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/binaryen" "binaryen@$BINARYEN_VERSION"
    fi
}

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return
    say "installing ${missing[*]} from Debian's packages"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

browser_tools() {
    # Blink, Gecko and WebKit. WebKitGTK has no headless mode: its tests run on an Xvfb display.
    apt_install chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth
    if ! have_version geckodriver "geckodriver $GECKODRIVER_VERSION"; then
        say "installing geckodriver $GECKODRIVER_VERSION from crates.io (about 2 minutes)"
        cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
    fi
    if ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$TOOLS_DIR/axe/node_modules/axe-core/package.json"; then
        command -v npm >/dev/null || { echo "npm is needed to install axe-core $AXE_CORE_VERSION" >&2; exit 1; }
        say "installing axe-core $AXE_CORE_VERSION (npm) into $TOOLS_DIR/axe"
        mkdir -p "$TOOLS_DIR/axe"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/axe" "axe-core@$AXE_CORE_VERSION"
    fi
}

case "${1:-}" in
    build) build_tools ;;
    browsers) browser_tools ;;
    *) echo "usage: $0 build|browsers" >&2; exit 2 ;;
esac
