#!/usr/bin/env bash
# The periodic report over 1,000,000 notices (crates/server/examples/report_bench.rs), on SQLite and on a
# throwaway PostgreSQL cluster (scripts/postgres.sh) unless TAPIS_TEST_POSTGRES_URL already names a server. Not a
# test: figures depend on the machine.
#
#   crates/server/bench/report.sh [NOTICES]
#
# Settings (environment): PG_PORT (54331), CARGO_TARGET_DIR (target), BACKENDS ("sqlite postgres": postgres is
# skipped when left out).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PG_PORT=${PG_PORT:-54331}
BACKENDS=${BACKENDS:-sqlite postgres}

WORK=$(mktemp -d /tmp/tapis-report-bench.XXXXXX)
chmod 755 "$WORK" # the PostgreSQL cluster in it runs as the postgres user
cleanup() {
    [[ -d $WORK/pg ]] && "$ROOT/scripts/postgres.sh" stop "$WORK/pg" || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $BACKENDS != *postgres* ]]; then
    unset TAPIS_TEST_POSTGRES_URL
elif [[ -z ${TAPIS_TEST_POSTGRES_URL:-} ]]; then
    TAPIS_TEST_POSTGRES_URL=$("$ROOT/scripts/postgres.sh" start "$WORK/pg" "$PG_PORT")
    export TAPIS_TEST_POSTGRES_URL
fi
cd "$ROOT"
cargo run --release -q -p tapis-server --example report_bench -- "$@"
