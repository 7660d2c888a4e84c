#!/usr/bin/env bash
# bench/import.sh - import speed and memory against the parsing floor.
#
#   bench/import.sh BZPEER BZGEN [MEGABYTES...]      (default: 325)
#
# For each size, bzgen writes a synthetic OpenAlex works file (seed 1), then
# the same binary reads it: into the null store (`--db null:`, which parses
# and checks every record and keeps nothing: the floor) and into a fresh
# database of the store BENCH_DB names (sqlite, the default; postgresql, a
# throw-away cluster in BENCH_PG_DIR, default bench-pg beside the binary; or
# postgresql://... on an existing server: see bench/db.sh). It prints
# works/s, MB/s, bzpeer's peak RSS and the ratio to the floor, and the
# speed-up over OpenAlex's documented route into a relational database
# (flatten JSON Lines to CSV in Python, then COPY into PostgreSQL), which
# took 29 s for 325 MB of API works on this kind of machine. On PostgreSQL
# the same file also goes into a fresh SQLite database in the same run, for
# the last two columns (BENCH_COMPARE=0: not). A benchmark, not a test.
set -euo pipefail

bzpeer=${1:?usage: bench/import.sh BZPEER BZGEN [MEGABYTES...]}
bzgen=${2:?usage: bench/import.sh BZPEER BZGEN [MEGABYTES...]}
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(325)
reference_seconds=29
reference_megabytes=325

# shellcheck source=bench/db.sh
. "$(dirname "${BASH_SOURCE[0]}")/db.sh"

tmp=$(mktemp -d)
trap 'bench_db_release; rm -rf "$tmp"' EXIT
bench_db_init "$tmp" "${BENCH_PG_DIR:-$(dirname "$bzpeer")/bench-pg}"
store=$(bench_db_backend)
compare=
if [ "$store" != sqlite ] && [ "${BENCH_COMPARE:-1}" != 0 ]; then
    compare=1
fi

# Runs a command and prints "SECONDS PEAK_RSS_KB" (GNU time); on failure,
# shows the command's output and fails.
measure() {
    if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/run.log" 2>&1
    then
        tail -n 20 "$tmp/run.log" >&2
        echo "import.sh: failed: $*" >&2
        return 1
    fi
    cat "$tmp/time"
}

echo "store: $store" >&2
if [ -n "$compare" ]; then
    printf '%8s %8s %9s %10s %9s %9s %8s %11s %9s %10s\n' MB works \
        'floor s' 'import s' works/s 'RSS MB' ratio 'vs Python' \
        'SQLite s' 'vs SQLite'
else
    printf '%8s %8s %9s %10s %9s %9s %8s %11s\n' MB works 'floor s' \
        'import s' works/s 'RSS MB' ratio 'vs Python'
fi
for mb in "${sizes[@]}"; do
    file="$tmp/works-$mb.jsonl"
    "$bzgen" --megabytes "$mb" --seed 1 "$file" 2>"$tmp/gen.log"
    works=$(grep -o '^bzgen: [0-9]*' "$tmp/gen.log" | grep -o '[0-9]*$')
    read -r floor_s floor_kb < <(measure "$bzpeer" import --quiet \
        --db null: "$file")
    bench_db_fresh "import_$mb"
    read -r import_s import_kb < <(measure "$bzpeer" import --quiet \
        --db "$bench_db_url" "$file")
    bench_db_drop "import_$mb"
    sqlite_s=0
    if [ -n "$compare" ]; then
        rm -f "$tmp/compare.db"*
        read -r sqlite_s _ < <(measure "$bzpeer" import --quiet \
            --db "$tmp/compare.db" "$file")
        rm -f "$tmp/compare.db"*
    fi
    awk -v mb="$mb" -v w="$works" -v f="$floor_s" -v s="$import_s" \
        -v fk="$floor_kb" -v k="$import_kb" -v rs="$reference_seconds" \
        -v rm="$reference_megabytes" -v q="$sqlite_s" -v c="$compare" \
        -v st="$store" 'BEGIN {
        if (s <= 0) s = 0.01
        if (f <= 0) f = 0.01
        printf "%8d %8d %9.2f %10.2f %9.0f %9.1f %7.2fx %10.1fx",
            mb, w, f, s, w / s, k / 1024, s / f, (rs * mb / rm) / s
        if (c != "")
            printf " %9.2f %9.2fx", q, (q > 0 ? q : 0.01) / s
        printf "\n  (floor peak RSS %.1f MB; %.1f MB/s into %s%s)\n",
            fk / 1024, mb / s, st,
            st == "sqlite" ? "" : "; RSS is bzpeer'"'"'s, not the server'"'"'s"
    }'
    rm -f "$file"
done
