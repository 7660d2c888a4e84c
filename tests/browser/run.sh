#!/usr/bin/env bash
# Browser smoke test, as run by CTest:
#
#   tests/browser/run.sh BZPEER_BINARY DEMO_FILE OUT_DIR
#
# Imports DEMO_FILE into a fresh database, serves it on a free loopback port,
# and runs profile_smoke.mjs (headless Debian chromium via playwright-core)
# against it; screenshots go to OUT_DIR. Needs node, curl, /usr/bin/chromium
# and `npm ci` run at the repository root (node_modules/playwright-core).
# Exits with the smoke test's status; a missing prerequisite is a failure.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${BZPEER_CHROMIUM:-/usr/bin/chromium}"

fail() {
    echo "browser: $*" >&2
    echo "browser: 0 passed, 1 failed"
    exit 1
}

[ $# -eq 3 ] || fail "usage: $0 BZPEER_BINARY DEMO_FILE OUT_DIR"
bin="$1"
demo="$2"
out="$3"

[ -x "$bin" ] || fail "bzpeer binary not found or not executable: $bin"
[ -f "$demo" ] || fail "demo file not found: $demo"
command -v node >/dev/null 2>&1 || fail "node not found on PATH"
command -v curl >/dev/null 2>&1 || fail "curl not found on PATH"
[ -x "$chromium" ] || fail "chromium not found at $chromium (apt-get install chromium)"
[ -f "$root/node_modules/playwright-core/package.json" ] ||
    fail "$root/node_modules/playwright-core missing (run 'npm ci' in $root)"
[ -f "$here/profile_smoke.mjs" ] || fail "missing $here/profile_smoke.mjs"

mkdir -p "$out" || fail "cannot create $out"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bzpeer-browser.XXXXXX")" || fail "mktemp failed"
server_pid=""
status=1

# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if [ "$status" -ne 0 ] && [ -s "$tmp/server.log" ]; then
        echo "--- bzpeer serve log (last 40 lines) ---" >&2
        tail -n 40 "$tmp/server.log" >&2
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$bin" import --quiet --db "$tmp/test.db" "$demo" >"$tmp/import.log" 2>&1 || {
    cat "$tmp/import.log" >&2
    fail "bzpeer import of $demo failed"
}

port="$(node -e '
const s = require("net").createServer();
s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => console.log(p)); });
')" || fail "could not pick a free port"
case "$port" in
    '' | *[!0-9]*) fail "bad port from node: '$port'" ;;
esac

"$bin" serve --port "$port" --db "$tmp/test.db" >"$tmp/server.log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
ready=0
deadline=$((SECONDS + 10))
while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid"
        rc=$?
        server_pid=""
        fail "bzpeer serve exited early (status $rc)"
    fi
    if curl -fsS --max-time 1 "$base/healthz" >/dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 0.2
done
[ "$ready" -eq 1 ] || fail "bzpeer serve not healthy at $base/healthz within 10 s"

node "$here/profile_smoke.mjs" "$base" "$out"
status=$?
exit "$status"
