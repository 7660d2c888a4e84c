#!/usr/bin/env bash
# bench/import.sh - import speed and memory against the parsing floor.
#
#   bench/import.sh BZPEER BZGEN [MEGABYTES...]      (default: 325)
#
# For each size, bzgen writes a synthetic OpenAlex works file (seed 1), then
# the same binary reads it twice: into the null store (`--db null:`, which
# parses and checks every record and keeps nothing: the floor) and into a
# fresh SQLite database. It prints works/s, MB/s, peak RSS and the ratio to
# the floor, and the speed-up over OpenAlex's documented route into a
# relational database (flatten JSON Lines to CSV in Python, then COPY into
# PostgreSQL), which took 29 s for 325 MB of API works on this kind of
# machine. A benchmark, not a test.
set -euo pipefail

bzpeer=${1:?usage: bench/import.sh BZPEER BZGEN [MEGABYTES...]}
bzgen=${2:?usage: bench/import.sh BZPEER BZGEN [MEGABYTES...]}
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(325)
reference_seconds=29
reference_megabytes=325

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs a command and prints "SECONDS PEAK_RSS_KB" (GNU time).
measure() {
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null
    cat "$tmp/time"
}

printf '%8s %8s %9s %10s %9s %9s %8s %11s\n' MB works 'floor s' 'import s' \
    works/s 'RSS MB' ratio 'vs Python'
for mb in "${sizes[@]}"; do
    file="$tmp/works-$mb.jsonl"
    "$bzgen" --megabytes "$mb" --seed 1 "$file" 2>"$tmp/gen.log"
    works=$(grep -o '^bzgen: [0-9]*' "$tmp/gen.log" | grep -o '[0-9]*$')
    read -r floor_s floor_kb < <(measure "$bzpeer" import --quiet \
        --db null: "$file")
    rm -f "$tmp/bench.db"*
    read -r import_s import_kb < <(measure "$bzpeer" import --quiet \
        --db "$tmp/bench.db" "$file")
    awk -v mb="$mb" -v w="$works" -v f="$floor_s" -v s="$import_s" \
        -v fk="$floor_kb" -v k="$import_kb" -v rs="$reference_seconds" \
        -v rm="$reference_megabytes" 'BEGIN {
        if (s <= 0) s = 0.01
        if (f <= 0) f = 0.01
        printf "%8d %8d %9.2f %10.2f %9.0f %9.1f %7.2fx %10.1fx\n",
            mb, w, f, s, w / s, k / 1024, s / f, (rs * mb / rm) / s
        printf "  (floor peak RSS %.1f MB; %.1f MB/s into SQLite)\n",
            fk / 1024, mb / s
    }'
    rm -f "$file" "$tmp/bench.db"*
done
