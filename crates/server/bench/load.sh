#!/usr/bin/env bash
# Load benchmark of POST /api/v1/flags: the release server on loopback, a fresh database per backend, one token,
# and wrk posting new flags (unique ids) for DURATION; prints throughput and latency per backend, then stops
# everything it started. Not a test: figures depend on the machine.
#
#   crates/server/bench/load.sh                      both backends, 20 s each
#   DURATION=5s BACKENDS=sqlite crates/server/bench/load.sh
#
# Settings (environment): DURATION (20s), THREADS (2), CONNECTIONS (16), BACKENDS ("sqlite postgres"),
# PG_PORT (54330), CARGO_TARGET_DIR (target). Installs wrk (Debian) when missing; PostgreSQL through
# scripts/postgres.sh, in a throwaway cluster.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
BACKENDS=${BACKENDS:-sqlite postgres}
PG_PORT=${PG_PORT:-54330}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/tapis

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

if ! command -v wrk >/dev/null; then
    echo "== installing wrk (Debian)" >&2
    as_root apt-get install -y -q wrk >&2
fi
echo "== building the release server" >&2
(cd "$ROOT" && CARGO_TARGET_DIR=$TARGET cargo build --release -q -p tapis-server)

WORK=$(mktemp -d /tmp/tapis-bench.XXXXXX)
chmod 755 "$WORK" # the PostgreSQL cluster in it runs as the postgres user
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; fi
    [[ -d $WORK/pg ]] && "$ROOT/scripts/postgres.sh" stop "$WORK/pg" || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts `tapis serve` on a free loopback port and sets URL from its listening line.
start_server() {
    local db=$1
    RUST_LOG=warn "$BIN" serve --addr 127.0.0.1:0 --db "$db" --dist "$WORK/no-dist" >"$WORK/server.out" 2>"$WORK/server.err" &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        URL=$(sed -n 's|^Tapis is listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$WORK/server.out")
        [[ -n $URL ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "the server did not start:" >&2
    cat "$WORK/server.err" >&2
    exit 1
}

stop_server() {
    kill "$SERVER_PID" && wait "$SERVER_PID" || true
    SERVER_PID=
}

SUMMARY=()
for backend in $BACKENDS; do
    case $backend in
    sqlite) db=$WORK/sqlite/tapis.db ;;
    postgres) db=$("$ROOT/scripts/postgres.sh" start "$WORK/pg" "$PG_PORT") ;;
    *) echo "unknown backend $backend (sqlite, postgres)" >&2; exit 2 ;;
    esac
    token=$(RUST_LOG=warn "$BIN" token create --name bench --organisation Bench --db "$db" 2>/dev/null)
    start_server "$db"
    echo "== $backend: wrk -t$THREADS -c$CONNECTIONS -d$DURATION POST $URL/api/v1/flags" >&2
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/post.lua" \
        -H "Authorization: Bearer $token" "$URL/api/v1/flags" | tee "$WORK/wrk.out" >&2
    stop_server
    result=$(sed -n 's/^RESULT //p' "$WORK/wrk.out")
    SUMMARY+=("$(printf '%-9s %s' "$backend" "$result")")
done

echo
echo "POST /api/v1/flags, one new flag per request, $CONNECTIONS connections, $DURATION per backend:"
printf '%s\n' "${SUMMARY[@]}"
