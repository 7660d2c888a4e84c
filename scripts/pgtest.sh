#!/bin/bash
# pgtest.sh - a throw-away PostgreSQL 15 cluster for the tests.
#   bash scripts/pgtest.sh start DIR   a fresh cluster on a free loopback port
#   bash scripts/pgtest.sh stop DIR    stop it and remove DIR
#
# start writes DIR/url, "postgresql://postgres@127.0.0.1:PORT/postgres"
# (user postgres, trust authentication: loopback only, for tests only). A
# cluster an earlier run left in DIR is stopped and removed first. Durability
# is off (fsync, synchronous_commit, full_page_writes): a crash loses the
# cluster, which is thrown away anyway.
#
# As root, the server runs as the postgres user (PostgreSQL refuses root) and
# DIR is given to it; otherwise it runs as the current user. When postgres
# cannot reach DIR (a clone under /root, mode 700) or DIR is too long for a
# socket path, the cluster lives in a directory under /tmp, named in
# DIR/home. CTest's fixture pg runs this (tests/CMakeLists.txt).
set -euo pipefail

PG_BIN=${BZ_PG_BIN:-/usr/lib/postgresql/15/bin}
# A socket is HOME/.s.PGSQL.PORT; sun_path holds 107 bytes.
MAX_HOME=90

usage() {
    echo "usage: scripts/pgtest.sh start|stop DIR" >&2
    exit 2
}

die() {
    echo "pgtest: $*" >&2
    exit 1
}

# as_server CMD...: runs CMD as the user the server runs as.
as_server() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The directory the cluster lives in: DIR/home names it, or DIR itself.
cluster_home() {
    if [ -f "$dir/home" ]; then cat "$dir/home"; else echo "$dir"; fi
}

# A loopback port nothing listens on, below the ephemeral range (where
# freePort() in tests/integration/server.mjs finds the app servers' ports).
pick_port() {
    local port tries=0

    while [ $tries -lt 50 ]; do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
        tries=$((tries + 1))
    done
    die "no free port between 20000 and 32000 after 50 tries"
}

stop_cluster() {
    local home

    [ -e "$dir" ] || return 0
    home=$(cluster_home)
    if [ -f "$home/data/postmaster.pid" ]; then
        as_server "$PG_BIN/pg_ctl" -D "$home/data" -m fast -w stop \
            >/dev/null 2>&1 ||
            echo "pgtest: pg_ctl stop failed for '$home/data'" \
                "(the server was not running?)" >&2
    fi
    if [ "$home" != "$dir" ]; then rm -rf "$home"; fi
    rm -rf "$dir"
}

# init_home HOME: an empty HOME the server's user owns and can write.
init_home() {
    mkdir -p "$1"
    chmod 700 "$1"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$1"; fi
}

# reachable HOME: whether the server's user can write in HOME, and a
# socket path in it fits.
reachable() {
    [ ${#1} -le $MAX_HOME ] && as_server test -w "$1" -a -x "$1"
}

start_cluster() {
    local home port try log

    [ -x "$PG_BIN/initdb" ] ||
        die "no PostgreSQL 15 in '$PG_BIN' (run 'sh scripts/deps.sh test')"
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        die "running as root, but there is no user 'postgres' to run the server"
    fi
    stop_cluster
    init_home "$dir"
    home=$dir
    if ! reachable "$dir"; then
        home=$(mktemp -d /tmp/bzpeer-pgtest.XXXXXX)
        init_home "$home"
        echo "$home" >"$dir/home"
    fi
    log=$home/server.log

    as_server "$PG_BIN/initdb" -D "$home/data" -U postgres --auth=trust \
        --locale=C -E UTF8 --no-sync >"$home/initdb.log" 2>&1 || {
        tail -n 20 "$home/initdb.log" >&2
        die "initdb failed in '$home/data'"
    }
    cat >>"$home/data/postgresql.conf" <<EOF

# scripts/pgtest.sh: a throw-away cluster for the tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$home'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

    # A port free when picked may be taken before the server binds it.
    for try in 1 2 3 4 5; do
        port=$(pick_port)
        if [ -f "$log" ]; then : >"$log"; fi
        if as_server "$PG_BIN/pg_ctl" -D "$home/data" -l "$log" -w -t 60 \
            -o "-p $port" start >/dev/null 2>&1; then
            echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
            echo "pgtest: PostgreSQL on 127.0.0.1:$port, data in $home/data"
            return 0
        fi
        grep -q "could not bind\|Address already in use" "$log" 2>/dev/null ||
            break
        echo "pgtest: port $port was taken, trying another" >&2
    done
    echo "--- $log (last lines) ---" >&2
    tail -n 20 "$log" >&2 2>/dev/null || true
    die "the server did not start (try $try, port $port)"
}

[ $# -eq 2 ] || usage
dir=$2
case "$dir" in
/*) ;;
*) dir=$PWD/$dir ;;
esac
case "$1" in
start) start_cluster ;;
stop) stop_cluster ;;
*) usage ;;
esac
