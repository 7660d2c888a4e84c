#!/usr/bin/env bash
# Profile-page benchmark: bzpeer's researcher page vs. nginx serving the
# same bytes as a static file, on the same machine, with the same wrk load.
#
# usage: bench/profile.sh BZPEER_BINARY DEMO_FILE [SECONDS] [CONNECTIONS]
#
# Exit status: 0 the measurement ran (the ratio is information, not a
# verdict); 1 something failed to start or answered wrongly; 2 usage;
# 3 the measurement ran but wrk saw non-2xx/3xx responses or socket
# errors, so the numbers are not trustworthy.
#
# BENCH_DB=sqlite (the default), postgresql (a throw-away cluster in
# BENCH_PG_DIR, default bench-pg beside the binary) or postgresql://... (an
# existing server) picks the store: see bench/db.sh. On PostgreSQL, a second
# bzpeer on SQLite is measured in the same rounds (BENCH_COMPARE=0: not).
# BENCH_KEEP=1 keeps the temp dir (wrk outputs, logs, nginx.conf) for a look.
# NGINX=/path/to/nginx overrides /usr/sbin/nginx.
#
# This is a benchmark, never part of the test suite. See bench/README.md.

set -euo pipefail
export LC_ALL=C   # "." as decimal point for printf/awk/sort

usage() {
	echo "usage: $0 BZPEER_BINARY DEMO_FILE [SECONDS] [CONNECTIONS]" >&2
	exit 2
}

if [ "$#" -lt 2 ] || [ "$#" -gt 4 ]; then usage; fi
bzpeer_bin=$1
demo_file=$2
duration=${3:-10}      # not "SECONDS": that is a bash special variable
connections=${4:-64}
threads=2
rounds=3
warmup=2
nginx_bin=${NGINX:-/usr/sbin/nginx}

case $duration in '' | *[!0-9]* | 0) echo "SECONDS must be a positive integer" >&2; usage ;; esac
case $connections in '' | *[!0-9]*) echo "CONNECTIONS must be a positive integer" >&2; usage ;; esac
if [ "$connections" -lt "$threads" ]; then
	echo "CONNECTIONS must be >= $threads (wrk threads)" >&2
	usage
fi

die() {
	echo "profile.sh: $*" >&2
	exit 1
}

# Make the binary path absolute so it still works whatever the cwd.
case $bzpeer_bin in
	*/*) bzpeer_bin=$(cd "$(dirname "$bzpeer_bin")" && pwd)/$(basename "$bzpeer_bin") ;;
esac
[ -x "$bzpeer_bin" ] || command -v "$bzpeer_bin" >/dev/null 2>&1 || die "not executable: $bzpeer_bin"
[ -r "$demo_file" ] || die "cannot read demo file: $demo_file"
for tool in wrk curl node "$nginx_bin"; do
	command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done

# Never let a proxy from the environment sit between curl and loopback.
lcurl() { curl --noproxy '*' "$@"; }

# shellcheck source=bench/db.sh
. "$(dirname "${BASH_SOURCE[0]}")/db.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bzpeer-bench.XXXXXX")
bzpeer_pid=
sqlite_pid=
nginx_pid=

# Stop one process we started: its process group if it leads one (setsid),
# else the process itself; escalate to SIGKILL after 5 s.
# shellcheck disable=SC2317  # only reached from the EXIT trap
stop() {
	local pid=$1 target
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	target=$pid
	if [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ]; then
		target=-$pid
	fi
	kill -TERM -- "$target" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "profile.sh: pid $pid ignored SIGTERM, sending SIGKILL" >&2
		kill -KILL -- "$target" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
	local rc=$?
	set +e
	stop "$nginx_pid"
	stop "$bzpeer_pid"
	stop "$sqlite_pid"
	bench_db_release
	if [ "$rc" -eq 1 ]; then
		for log in bzpeer.log sqlite.log nginx-error.log; do
			if [ -s "$tmp/$log" ]; then
				echo "--- last lines of $log ---" >&2
				tail -n 20 "$tmp/$log" >&2
			fi
		done
	fi
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "profile.sh: kept $tmp (BENCH_KEEP set)" >&2
	else
		rm -rf -- "$tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Starts "bzpeer serve" on the database URL $1 with its log in $tmp/$2.log
# and waits for /healthz; sets started_pid and started_port.
start_bzpeer() {
	local up=

	started_port=$(free_port)
	setsid "$bzpeer_bin" serve --port "$started_port" --db "$1" \
		>"$tmp/$2.log" 2>&1 </dev/null &
	started_pid=$!
	for _ in $(seq 100); do
		kill -0 "$started_pid" 2>/dev/null || die "$2: bzpeer exited during startup"
		if lcurl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$started_port/healthz" 2>/dev/null; then
			up=1
			break
		fi
		sleep 0.1
	done
	[ -n "$up" ] || die "$2: bzpeer did not answer /healthz on 127.0.0.1:$started_port within 10 s"
}

# Prints the canonical path of the seed researcher's page on port $1.
find_page() {
	local port=$1 id redirect code location

	lcurl -fsS --max-time 10 -o "$tmp/search.json" \
		"http://127.0.0.1:$port/api/v1/researchers?q=ganguli" || die "researcher search failed"
	id=$(node -e '
		const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const r = (d.results || []).find(x => x && x.display_name === "Surya Ganguli");
		if (!r || r.id === undefined || r.id === null || String(r.id) === "") process.exit(1);
		console.log(encodeURIComponent(String(r.id)));
	' "$tmp/search.json") || die "no result named \"Surya Ganguli\" in /api/v1/researchers?q=ganguli: $(head -c 300 "$tmp/search.json")"

	redirect=$(lcurl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' \
		"http://127.0.0.1:$port/researchers/$id") || die "GET /researchers/$id failed"
	code=${redirect%% *}
	location=${redirect#* }
	case $code in
		30[1278]) ;;
		*) die "GET /researchers/$id answered $code, expected a redirect to the canonical URL" ;;
	esac
	if [ -z "$location" ] || [ "$location" = "$redirect" ]; then
		die "GET /researchers/$id: redirect without Location"
	fi
	# Keep only path and query: we always target our own loopback server.
	node -e 'const u = new URL(process.argv[1]); console.log(u.pathname + u.search)' "$location" ||
		die "bad redirect location: $location"
}

# 1-2. Import the demo data into a fresh database of the chosen store.
bench_db_init "$tmp" "${BENCH_PG_DIR:-$(dirname "$bzpeer_bin")/bench-pg}" ||
	die "no database to measure on"
store=$(bench_db_backend)
bench_db_fresh profile || die "no database to measure on"
db_url=$bench_db_url
compare=
if [ "$store" != sqlite ] && [ "${BENCH_COMPARE:-1}" != 0 ]; then
	compare=1
fi
echo "importing $demo_file into $store ..." >&2
"$bzpeer_bin" import --quiet --db "$db_url" "$demo_file" >"$tmp/import.log" 2>&1 ||
	{ cat "$tmp/import.log" >&2; die "import failed"; }
if [ -n "$compare" ]; then
	echo "importing $demo_file into sqlite too (same-run comparison) ..." >&2
	"$bzpeer_bin" import --quiet --db "$tmp/compare.db" "$demo_file" >"$tmp/import.log" 2>&1 ||
		{ cat "$tmp/import.log" >&2; die "import into sqlite failed"; }
fi

# 3. Start bzpeer on a free loopback port; its access log goes to a file.
start_bzpeer "$db_url" bzpeer
bzpeer_pid=$started_pid
p1=$started_port
if [ -n "$compare" ]; then
	start_bzpeer "$tmp/compare.db" sqlite
	sqlite_pid=$started_pid
	p3=$started_port
fi

# 4. Find the seed researcher and the canonical path of the profile page.
page_path=$(find_page "$p1")
bz_url="http://127.0.0.1:$p1$page_path"
if [ -n "$compare" ]; then
	sqlite_path=$(find_page "$p3")
	sqlite_url="http://127.0.0.1:$p3$sqlite_path"
fi

# 5. Save the exact bytes of the page.
mkdir -p "$tmp/www"
code=$(lcurl -sS --max-time 10 -o "$tmp/www/profile.html" -w '%{http_code}' "$bz_url") ||
	die "GET $page_path failed"
[ "$code" = 200 ] || die "GET $page_path answered $code, expected 200"
[ -s "$tmp/www/profile.html" ] || die "GET $page_path answered an empty body"
page_bytes=$(wc -c <"$tmp/www/profile.html" | tr -d ' ')
if [ -n "$compare" ]; then
	code=$(lcurl -sS --max-time 10 -o "$tmp/sqlite.html" -w '%{http_code}' "$sqlite_url") ||
		die "GET $sqlite_path (sqlite) failed"
	[ "$code" = 200 ] || die "GET $sqlite_path (sqlite) answered $code, expected 200"
	cmp -s "$tmp/www/profile.html" "$tmp/sqlite.html" ||
		echo "profile.sh: note: the page on sqlite differs from the one on $store" \
			"($(wc -c <"$tmp/sqlite.html" | tr -d ' ') bytes)" >&2
fi

# 6. nginx serving the same bytes for the same path.
p2=$(free_port)
while [ "$p2" = "$p1" ] || [ "$p2" = "${p3:-}" ]; do p2=$(free_port); done
workers=$(nproc)
worker_conns=$((connections + 256))
[ "$worker_conns" -ge 1024 ] || worker_conns=1024
# wrk needs one descriptor per connection; raise the soft limit if we can.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$worker_conns" ]; then
	ulimit -n "$worker_conns" 2>/dev/null || true
fi

# Point every compiled-in temp path into $tmp, so nothing touches /var.
nginx_features=$("$nginx_bin" -V 2>&1)
temp_paths="client_body_temp_path $tmp/nginx-body;
    proxy_temp_path $tmp/nginx-proxy;"
for m in fastcgi uwsgi scgi; do
	case $nginx_features in
		*"--without-http_${m}_module"*) ;;
		*) temp_paths="$temp_paths
    ${m}_temp_path $tmp/nginx-$m;" ;;
	esac
done
user_line=
if [ "$(id -u)" = 0 ]; then
	# Workers would otherwise run as nobody and could not enter the 0700 $tmp.
	user_line="user root;"
fi

conf=$tmp/nginx.conf
cat >"$conf" <<EOF
$user_line
daemon off;
master_process on;
worker_processes $workers;
worker_rlimit_nofile $((worker_conns * 2));
pid $tmp/nginx.pid;
lock_file $tmp/nginx.lock;
error_log $tmp/nginx-error.log warn;

events {
    worker_connections $worker_conns;
}

http {
    $temp_paths
    # bzpeer logs one line per request, so nginx does too (fairness).
    access_log $tmp/nginx-access.log;
    sendfile on;
    gzip off;
    server {
        listen 127.0.0.1:$p2;
        location / {
            root $tmp/www;
            try_files /profile.html =404;
            default_type text/html;
        }
    }
}
EOF

"$nginx_bin" -t -q -c "$conf" -p "$tmp" -e "$tmp/nginx-error.log" >"$tmp/nginx-t.log" 2>&1 ||
	{ cat "$tmp/nginx-t.log" >&2; die "nginx rejected its config ($conf)"; }
setsid "$nginx_bin" -c "$conf" -p "$tmp" -e "$tmp/nginx-error.log" >"$tmp/nginx-stdout.log" 2>&1 </dev/null &
nginx_pid=$!
nginx_url="http://127.0.0.1:$p2$page_path"

up=
for _ in $(seq 100); do
	kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited during startup"
	if lcurl -fsS --max-time 1 -o "$tmp/nginx-copy.html" "$nginx_url" 2>/dev/null; then
		up=1
		break
	fi
	sleep 0.1
done
[ -n "$up" ] || die "nginx did not answer on 127.0.0.1:$p2 within 10 s"
cmp -s "$tmp/www/profile.html" "$tmp/nginx-copy.html" || die "nginx does not serve the same bytes as bzpeer"

# 7. Load: warm-up (not counted), then alternating measured rounds.
run_wrk() { # out-file seconds url
	wrk -t"$threads" -c"$connections" -d"$2"s --latency "$3" >"$1" 2>&1 ||
		{ cat "$1" >&2; die "wrk failed against $3"; }
}

# Prints "req_per_s p99_ms non2xx socket_errors" for one wrk output file.
parse_wrk() {
	awk '
		function ms(v,   n, u) {
			n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
			if (u == "us") return n / 1000
			if (u == "ms") return n
			if (u == "s")  return n * 1000
			if (u == "m")  return n * 60000
			if (u == "h")  return n * 3600000
			return -1
		}
		/^Requests\/sec:/ { rps = $2 }
		/Latency Distribution/ { dist = 1; next }
		dist && $1 == "99%" { p99 = ms($2); dist = 0 }
		/Non-2xx or 3xx responses:/ { non2xx = $NF }
		/Socket errors:/ {
			# Socket errors: connect 0, read 0, write 0, timeout 0
			line = $0; sub(/.*Socket errors: */, "", line); gsub(/,/, "", line)
			n = split(line, f, " "); for (i = 2; i <= n; i += 2) sockerr += f[i]
		}
		END {
			if (rps == "" || p99 == "" || p99 < 0) exit 1
			printf "%s %.2f %d %d\n", rps, p99, non2xx + 0, sockerr + 0
		}
	' "$1"
}

median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

sides=(bzpeer nginx)
[ -z "$compare" ] || sides=(bzpeer sqlite nginx)
side_url() {
	case $1 in
		bzpeer) echo "$bz_url" ;;
		sqlite) echo "$sqlite_url" ;;
		nginx) echo "$nginx_url" ;;
	esac
}

echo "page $page_path: $page_bytes bytes; bzpeer ($store) on :$p1${compare:+, bzpeer (sqlite) on :$p3}, nginx ($workers workers) on :$p2" >&2
echo "warm-up ${warmup} s each ..." >&2
for side in "${sides[@]}"; do
	run_wrk "$tmp/wrk-warm-$side.txt" "$warmup" "$(side_url "$side")"
done

bz_rps=() bz_p99=() sq_rps=() sq_p99=() ng_rps=() ng_p99=()
problems=()
for round in $(seq "$rounds"); do
	for side in "${sides[@]}"; do
		url=$(side_url "$side")
		out=$tmp/wrk-$side-$round.txt
		echo "round $round/$rounds: $side ${duration} s ..." >&2
		run_wrk "$out" "$duration" "$url"
		parsed=$(parse_wrk "$out") || { cat "$out" >&2; die "could not parse wrk output ($side, round $round)"; }
		read -r rps p99 non2xx sockerr <<<"$parsed"
		case $side in
			bzpeer) bz_rps+=("$rps") bz_p99+=("$p99") ;;
			sqlite) sq_rps+=("$rps") sq_p99+=("$p99") ;;
			nginx) ng_rps+=("$rps") ng_p99+=("$p99") ;;
		esac
		if [ "$non2xx" -ne 0 ]; then
			problems+=("$side round $round: $non2xx non-2xx/3xx responses")
		fi
		if [ "$sockerr" -ne 0 ]; then
			problems+=("$side round $round: $(grep 'Socket errors:' "$out" | sed 's/^ *//')")
		fi
	done
done

kill -0 "$bzpeer_pid" 2>/dev/null || die "bzpeer died during the measurement"
[ -z "$compare" ] || kill -0 "$sqlite_pid" 2>/dev/null || die "bzpeer (sqlite) died during the measurement"
kill -0 "$nginx_pid" 2>/dev/null || die "nginx died during the measurement"

# 8. Report.
bz_rps_med=$(median3 "${bz_rps[@]}")
bz_p99_med=$(median3 "${bz_p99[@]}")
ng_rps_med=$(median3 "${ng_rps[@]}")
ng_p99_med=$(median3 "${ng_p99[@]}")
fmt_runs() { # rps... -- p99...
	awk -v r="$1" -v p="$2" 'BEGIN {
		n = split(r, a, " "); split(p, b, " ")
		for (i = 1; i <= n; i++) printf "%s%.0f/%.2fms", (i > 1 ? " " : ""), a[i], b[i]
	}'
}

echo
echo "profile page $page_bytes bytes, $connections connections, $duration s x$rounds, store $store"
printf 'bzpeer  %.0f req/s  p99 %.2f ms   (runs: %s)\n' "$bz_rps_med" "$bz_p99_med" \
	"$(fmt_runs "${bz_rps[*]}" "${bz_p99[*]}")"
if [ -n "$compare" ]; then
	sq_rps_med=$(median3 "${sq_rps[@]}")
	sq_p99_med=$(median3 "${sq_p99[@]}")
	printf 'sqlite  %.0f req/s  p99 %.2f ms   (runs: %s)\n' "$sq_rps_med" "$sq_p99_med" \
		"$(fmt_runs "${sq_rps[*]}" "${sq_p99[*]}")"
fi
printf 'nginx   %.0f req/s  p99 %.2f ms   (runs: %s)\n' "$ng_rps_med" "$ng_p99_med" \
	"$(fmt_runs "${ng_rps[*]}" "${ng_p99[*]}")"
awk -v b="$bz_rps_med" -v n="$ng_rps_med" 'BEGIN {
	if (n > 0) printf "ratio   %.2fx nginx (goal >= 0.80x)\n", b / n
	else print "ratio   n/a (nginx measured 0 req/s)"
}'
if [ -n "$compare" ]; then
	awk -v b="$bz_rps_med" -v q="$sq_rps_med" -v st="$store" 'BEGIN {
		if (q > 0) printf "ratio   %.2fx bzpeer on sqlite (%s / sqlite, same rounds)\n", b / q, st
		else print "ratio   n/a (bzpeer on sqlite measured 0 req/s)"
	}'
fi

if [ "${#problems[@]}" -gt 0 ]; then
	echo
	echo "WARNING: wrk reported errors; these numbers are not trustworthy:"
	printf '  %s\n' "${problems[@]}"
	exit 3
fi
exit 0
