#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, on loopback only, away from any server the machine runs.
#
#   scripts/postgres.sh start DIR PORT   initialise DIR (once) and start a server on 127.0.0.1:PORT; prints its URL
#   scripts/postgres.sh stop DIR         stop it (DIR stays; remove it to start afresh)
#
# The cluster trusts every local connection (no password): it listens on 127.0.0.1 only, and is meant to be thrown
# away. Its data is DIR/data, its socket and log live in DIR. Installs Debian's `postgresql` when missing. As root,
# the server runs as the `postgres` user (initdb refuses root), so DIR must be reachable by that user (/tmp is).
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
}

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# The newest installed server's binaries, installing the server if there is none.
bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $dir || ! -x $dir/initdb ]]; then
        echo "postgres.sh: installing PostgreSQL (Debian's postgresql package)" >&2
        as_root apt-get update -q >&2
        # Only the binaries: no default cluster, which would start a server on port 5432.
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-common >&2
        as_root sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

# Runs a server binary as the user that owns the cluster.
as_owner() {
    if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local dir=$1 port=$2 bin
    [[ $port =~ ^[0-9]+$ ]] || usage
    bin=$(bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ $EUID -eq 0 ]] && chown postgres: "$dir"
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            exit 1
        }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null || {
            echo "postgres.sh: the server did not start; its log:" >&2
            tail -n 20 "$dir/postgres.log" >&2
            exit 1
        }
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
    local dir=$1 bin
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        echo "postgres.sh: no cluster in $dir" >&2
        return 0
    fi
    bin=$(bindir)
    if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
}

case "${1:-}" in
start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
*) usage ;;
esac
