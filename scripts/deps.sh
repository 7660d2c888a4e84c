#!/bin/sh
# deps.sh - installs the Debian packages a task needs, when they are missing.
#   sh scripts/deps.sh run|test|bench|fuzz
# run: what building needs (libpq-dev: the PostgreSQL backend links libpq;
# libcurl4-openssl-dev: mail goes out through libcurl's SMTP).
# test: also Debian 12's PostgreSQL 15 server (scripts/pgtest.sh runs a
# throw-away cluster from /usr/lib/postgresql/15/bin; it brings psql) and
# nginx (a test puts it in front of two app servers); sqlite3, the shell
# the migrate tests inspect and alter SQLite files with; python3-aiosmtpd
# and openssl, for the SMTP receiver of the mail tests and its throw-away
# certificate (tests/integration/smtp_receiver.py, run by /usr/bin/python3);
# python3-feedparser, the feed parser that reads the Atom feeds in the
# feed tests (tests/integration/atom_check.py, run by /usr/bin/python3).
# bench: wrk, nginx, GNU time, and PostgreSQL 15 for BENCH_DB=postgresql
# (bench/db.sh).
# run and test also need node and npm: `npm ci` installs cytoscape, which
# the build embeds for the explorer (and playwright-core for the tests).
# Detects each with dpkg or `command -v`; installs only what is absent, as
# root with apt-get, non-interactively. Never installs npm (node and npm come
# with the machine); npm packages are installed by `npm ci` from the lock.
set -eu

task=${1:-run}
build_pkgs="build-essential cmake pkg-config libevent-dev libsqlite3-dev libyajl-dev zlib1g-dev libxml2-dev libpq-dev libcurl4-openssl-dev libsodium-dev"
test_pkgs="libcmocka-dev chromium curl postgresql-15 nginx sqlite3 python3-aiosmtpd openssl python3-feedparser"
bench_pkgs="wrk nginx-light curl time postgresql-15"
fuzz_pkgs="clang libclang-rt-14-dev libcmocka-dev"

case "$task" in
run) want="$build_pkgs" ;;
test) want="$build_pkgs $test_pkgs" ;;
bench) want="$build_pkgs $bench_pkgs" ;;
fuzz) want="$build_pkgs $fuzz_pkgs" ;;
*) echo "usage: scripts/deps.sh run|test|bench|fuzz" >&2; exit 2 ;;
esac

missing=""
for pkg in $want; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $pkg"
    fi
done
if [ "$task" = test ] || [ "$task" = run ]; then
    command -v node >/dev/null 2>&1 || { echo "deps: node is missing (it comes with the machine; npm is never installed by apt)" >&2; exit 1; }
    command -v npm >/dev/null 2>&1 || { echo "deps: npm is missing" >&2; exit 1; }
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages:$missing (run as root, or install them)" >&2
    exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
