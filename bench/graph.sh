#!/usr/bin/env bash
# bench/graph.sh - the research graph benchmark (bench/graph.c), at each
# size in turn: a synthetic graph of N researchers written into a fresh
# SQLite database, then slice latency at depth 1 and 2 beside the same
# query as recursive SQL. SQLite only: the graph is written with SQLite's
# own API (the importer is too slow for a million people).
#
#   bench/graph.sh BZGRAPHBENCH N...
#
# Only writes inside its own mktemp -d directory, removed on exit.
set -euo pipefail

bench=${1:?usage: bench/graph.sh BZGRAPHBENCH N...}
shift
[ $# -gt 0 ] || set -- 100000 1000000
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bzgraph.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "$@"; do
    echo "== $n researchers"
    "$bench" --researchers "$n" ${BENCH_GRAPH_ARGS:-} "$tmp/graph-$n.db"
    echo "database $(du -m "$tmp/graph-$n.db" | cut -f1) MB;" \
        "load now $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -f "$tmp/graph-$n.db"
done
