# shellcheck shell=bash
# bench/db.sh - the databases a benchmark writes to, on either backend.
#
# Sourced by bench/profile.sh and bench/import.sh (bash, set -euo pipefail).
# BENCH_DB picks the backend:
#
#   sqlite (the default)  a new file in the run's temp dir for each database
#   postgresql            a throw-away cluster (scripts/pgtest.sh) in
#                         BENCH_PG_DIR, started by bench_db_init and stopped
#                         by bench_db_release; durability is off there
#   postgresql://...      an existing server, started by nobody: the URL is
#                         only the way in, each database is created on it
#                         (its role needs CREATEDB) and dropped at the end
#
# bench_db_init TMPDIR PGDIR  checks BENCH_DB; starts the cluster if asked
# bench_db_fresh NAME         sets bench_db_url to a new, empty database NAME
#                             (not in $(...): the list of what to drop would
#                             stay in the subshell)
# bench_db_drop NAME          removes database NAME again
# bench_db_release            drops what is left, stops a cluster we started
#                             (for the EXIT trap; never fails)
# bench_db_backend            prints "sqlite" or "postgresql"
#
# Database names are NAME prefixed by "bzbench_" and the shell's pid, so two
# runs against one server do not meet.

bench_db_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_db_kind=
bench_db_tmp=
bench_db_pg_dir=
bench_db_admin_url=
bench_db_started=
bench_db_created=()
bench_db_url=

# bench_db_url_for NAME: the admin URL with its database replaced by NAME.
bench_db_url_for() {
    local url=$bench_db_admin_url query='' scheme rest authority

    case $url in *'?'*) query="?${url#*'?'}" url=${url%%'?'*} ;; esac
    scheme=${url%%://*}
    rest=${url#*://}
    authority=${rest%%/*}
    echo "$scheme://$authority/$1$query"
}

bench_db_psql() {
    PGOPTIONS='-c client_min_messages=warning' \
        psql -X -q -v ON_ERROR_STOP=1 -d "$bench_db_admin_url" "$@"
}

bench_db_init() {
    bench_db_tmp=$1
    bench_db_pg_dir=$2
    case ${BENCH_DB:-sqlite} in
    sqlite)
        bench_db_kind=sqlite
        ;;
    postgresql)
        bench_db_kind=postgresql
        echo "starting a throw-away PostgreSQL cluster in $bench_db_pg_dir" >&2
        bench_db_started=1
        bash "$bench_db_dir/scripts/pgtest.sh" start "$bench_db_pg_dir" >&2 ||
            { echo "bench: the PostgreSQL cluster did not start" >&2; return 1; }
        bench_db_admin_url=$(cat "$bench_db_pg_dir/url")
        ;;
    postgresql://* | postgres://*)
        bench_db_kind=postgresql
        bench_db_admin_url=$BENCH_DB
        ;;
    *)
        echo "bench: BENCH_DB must be sqlite, postgresql or a" \
            "postgresql:// URL, not '$BENCH_DB'" >&2
        return 1
        ;;
    esac
    if [ "$bench_db_kind" = postgresql ]; then
        command -v psql >/dev/null 2>&1 ||
            { echo "bench: psql is missing (Debian postgresql-client)" >&2; return 1; }
        bench_db_psql -c 'SELECT 1' >/dev/null ||
            { echo "bench: cannot reach PostgreSQL through BENCH_DB" >&2; return 1; }
    fi
}

bench_db_backend() {
    echo "$bench_db_kind"
}

bench_db_name() {
    echo "bzbench_$$_${1//[^A-Za-z0-9_]/_}"
}

# shellcheck disable=SC2034  # bench_db_url is read by the sourcing script
bench_db_fresh() {
    local name

    bench_db_url=
    if [ "$bench_db_kind" = sqlite ]; then
        rm -f "$bench_db_tmp/$1.db" "$bench_db_tmp/$1.db"-*
        bench_db_url=$bench_db_tmp/$1.db
        return 0
    fi
    name=$(bench_db_name "$1")
    bench_db_psql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
        -c "CREATE DATABASE $name TEMPLATE template0" >&2 ||
        { echo "bench: cannot create database '$name'" >&2; return 1; }
    bench_db_created+=("$name")
    bench_db_url=$(bench_db_url_for "$name")
}

bench_db_drop() {
    local name kept=() n

    if [ "$bench_db_kind" = sqlite ]; then
        rm -f "$bench_db_tmp/$1.db" "$bench_db_tmp/$1.db"-*
        return 0
    fi
    name=$(bench_db_name "$1")
    bench_db_psql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >&2 ||
        return 1
    for n in "${bench_db_created[@]}"; do
        [ "$n" = "$name" ] || kept+=("$n")
    done
    bench_db_created=("${kept[@]}")
}

bench_db_release() {
    local name

    if [ -n "$bench_db_started" ]; then
        bash "$bench_db_dir/scripts/pgtest.sh" stop "$bench_db_pg_dir" >&2 ||
            echo "bench: could not stop the cluster in $bench_db_pg_dir" >&2
        bench_db_started=
        bench_db_created=()
        return 0
    fi
    for name in "${bench_db_created[@]}"; do
        bench_db_psql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
            >&2 || echo "bench: could not drop database '$name'" >&2
    done
    bench_db_created=()
    return 0
}
