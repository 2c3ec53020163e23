#!/usr/bin/env bash
# Benchmarks of mace, end to end (see bench/README.md):
#
#   1. start-up of `serve --demo` on an empty SQLite database (3 times);
#   2. `demo --size region` (100,000 people) into an empty SQLite database
#      and, with MACE_BENCH_PG, into an empty PostgreSQL schema;
#   3. a person page, the same person through the JSON API, and a name
#      search, each under load with wrk, on both databases.
#
# Usage, from the repository root:
#
#   bench/run.sh                                                  # SQLite only
#   MACE_BENCH_PG=postgres://postgres@127.0.0.1:5432/mace_bench bench/run.sh
#
# MACE_BENCH_PG names an existing PostgreSQL database; the script creates a
# schema of its own in it (mace_bench_<time>_<pid>) and drops it at the end.
# Everything else goes to a temporary folder, removed at the end unless
# MACE_BENCH_KEEP=1. The load only ever goes to 127.0.0.1, for a bounded time.
#
# Optional settings (defaults in brackets): MACE_BENCH_DURATION [20s],
# MACE_BENCH_WARMUP [5s], MACE_BENCH_TIMEOUT [60s: wrk's limit on one
# request], MACE_BENCH_THREADS [2], MACE_BENCH_CONNECTIONS [8],
# MACE_BENCH_PORT [18080], MACE_BENCH_SIZE [region], MACE_BENCH_SEARCH [smith],
# MACE_BENCH_STARTUPS [3].
#
# Needs go, curl, wrk (Debian: apt-get install -y wrk), sqlite3 and, for
# PostgreSQL, psql.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

duration=${MACE_BENCH_DURATION:-20s}
timeout=${MACE_BENCH_TIMEOUT:-60s}
warmup=${MACE_BENCH_WARMUP:-5s}
threads=${MACE_BENCH_THREADS:-2}
connections=${MACE_BENCH_CONNECTIONS:-8}
port=${MACE_BENCH_PORT:-18080}
size=${MACE_BENCH_SIZE:-region}
search=${MACE_BENCH_SEARCH:-smith}
startups=${MACE_BENCH_STARTUPS:-3}
seed=1
email=screener@northfield.example
password=mace-demo-password
base=http://127.0.0.1:$port

need() {
	for c in "$@"; do
		command -v "$c" >/dev/null || { echo "bench: $c is needed but not installed" >&2; exit 1; }
	done
}
need go curl wrk sqlite3 awk
if [[ -n ${MACE_BENCH_PG:-} ]]; then need psql; fi

work=$(mktemp -d -t mace-bench.XXXXXX)
server_pid=
pg_schema=
cleanup() {
	if [[ -n $server_pid ]]; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [[ -n $pg_schema ]]; then
		psql "$MACE_BENCH_PG" -qAt -c "DROP SCHEMA IF EXISTS $pg_schema CASCADE" >/dev/null 2>&1 || true
	fi
	if [[ ${MACE_BENCH_KEEP:-} == 1 ]]; then
		echo "bench: kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# duration_ms turns a Go duration such as 1.319s, 987ms or 1m42.443s into
# milliseconds.
duration_ms() {
	awk -v d="$1" 'BEGIN {
		ms = 0
		while (match(d, /^[0-9.]+(h|ms|µs|us|ns|m|s)/)) {
			tok = substr(d, 1, RLENGTH); d = substr(d, RLENGTH + 1)
			match(tok, /[0-9.]+/); n = substr(tok, RSTART, RLENGTH) + 0; u = substr(tok, RLENGTH + 1)
			if (u == "h") ms += n * 3600000; else if (u == "m") ms += n * 60000; else if (u == "s") ms += n * 1000
			else if (u == "ms") ms += n; else if (u == "µs" || u == "us") ms += n / 1000; else ms += n / 1e6
		}
		printf "%d\n", ms + 0.5
	}'
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# server_up reports whether something answers on the port already.
server_up() { curl -fs -o /dev/null --max-time 1 "$base/readyz"; }

# start_server DB NAME [--demo] starts mace serve in the background and
# waits (at most 5 minutes) for /readyz to answer 200.
start_server() {
	local db=$1 name=$2
	shift 2
	if server_up; then
		echo "bench: something already answers on $base; set MACE_BENCH_PORT" >&2
		exit 1
	fi
	server_log=$work/$name.log
	"$work/mace" serve --db "$db" --addr "127.0.0.1:$port" "$@" >"$work/$name.out" 2>"$server_log" &
	server_pid=$!
	local i
	for ((i = 0; i < 30000; i++)); do
		if server_up; then return 0; fi
		if ! kill -0 "$server_pid" 2>/dev/null; then
			echo "bench: the server stopped; its log:" >&2
			tail -n 20 "$work/$name.out" "$work/$name.log" >&2
			exit 1
		fi
		sleep 0.01
	done
	echo "bench: the server did not become ready" >&2
	exit 1
}

stop_server() {
	kill -TERM "$server_pid"
	wait "$server_pid" || true
	server_pid=
}

echo "mace benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(go version | awk '{ print $3 }'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
echo
(cd "$root" && go build -o "$work/mace" ./cmd/mace)

# --- 1. Start-up --------------------------------------------------------------

echo "== 1. Start-up of serve --demo on an empty SQLite database"
reported=() ready=()
for ((run = 1; run <= startups; run++)); do
	t0=$(now_ns)
	start_server "$work/startup-$run/mace.db" "startup-$run" --demo
	ready+=("$(ms_since "$t0")")
	stop_server
	said=$(grep -o 'started in [^)]*' "$work/startup-$run.out" | awk '{ print $3 }')
	reported+=("$(duration_ms "$said")")
	echo "  run $run: started in $said (reported), first 200 from /readyz after ${ready[-1]} ms"
done
startup_reported=$(median "${reported[@]}")
startup_ready=$(median "${ready[@]}")
echo "  median: started in ${startup_reported} ms; first 200 from /readyz after ${startup_ready} ms"
echo

# --- 2. Loading the region demo data -----------------------------------------

# load_demo DB NAME loads the demo data and prints the wall time in ms.
load_demo() {
	local t0
	t0=$(now_ns)
	"$work/mace" demo --size "$size" --seed "$seed" --db "$1" >"$work/$2.out"
	ms_since "$t0"
}

# said_created NAME is what the demo command said of its own time.
said_created() { tr '\r' '\n' <"$work/$1.out" | grep -o 'Demo data created in .*' || echo '(no time reported)'; }

echo "== 2. mace demo --size $size --seed $seed into an empty database"
sqlite_db=$work/region/mace.db
load_sqlite=$(load_demo "$sqlite_db" demo-sqlite)
echo "  SQLite:     ${load_sqlite} ms wall; $(said_created demo-sqlite)"
pg_db=
if [[ -n ${MACE_BENCH_PG:-} ]]; then
	pg_schema=mace_bench_$(date +%s)_$$
	psql "$MACE_BENCH_PG" -qAt -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $pg_schema" >/dev/null
	sep='?'
	[[ $MACE_BENCH_PG == *\?* ]] && sep='&'
	pg_db="${MACE_BENCH_PG}${sep}options=-csearch_path%3D${pg_schema}"
	load_pg=$(load_demo "$pg_db" demo-postgres)
	echo "  PostgreSQL: ${load_pg} ms wall; $(said_created demo-postgres)"
else
	echo "  PostgreSQL: skipped (set MACE_BENCH_PG to a postgres:// URL to include it)"
fi
echo

# --- 3 and 4. Pages under load -----------------------------------------------

# The ids: every 50th record, by id, of those the Northfield screener may
# see in full (owned by Northfield, not restricted), at most 1,000, in an
# order that mixes old and new records.
ids_sql="SELECT id FROM (
	SELECT p.id, row_number() OVER (ORDER BY p.id) AS n FROM people p
	JOIN organisations o ON o.id = p.owner_org_id
	WHERE o.name = 'Northfield County Council' AND NOT p.restricted) t
	WHERE n % 50 = 0 ORDER BY substr(id, 11) LIMIT 1000"

# histogram_quantiles BEFORE AFTER ROUTE prints the count, the mean and the
# 50th, 90th and 99th percentiles (ms) of mace_http_request_duration_seconds
# for ROUTE between two scrapes of /metrics, interpolated within buckets as
# Prometheus's histogram_quantile does.
histogram_quantiles() {
	awk -v route="$3" '
		function le(line) { match(line, /le="[^"]*"/); return substr(line, RSTART + 4, RLENGTH - 5) }
		!/^mace_http_request_duration_seconds_/ || index($0, "route=\"" route "\"") == 0 { next }
		{
			if ($1 ~ /_bucket\{/) k = "b" le($0); else if ($1 ~ /_sum\{/) k = "sum"; else k = "count"
			if (FNR == NR) { before[k] = $NF; next }
			if (k ~ /^b/ && !(k in seen)) { order[++nb] = k; seen[k] = 1 }
			delta[k] = $NF - before[k]
		}
		function fmt(v) { return v ~ /^>/ ? v : sprintf("%.2f", v) }
		function q(p,   rank, i, prev, prevc, ub, c) {
			rank = p * delta["count"]; prev = 0; prevc = 0
			for (i = 1; i <= nb; i++) {
				ub = substr(order[i], 2); c = delta[order[i]]
				if (c >= rank) {
					if (ub == "+Inf") return ">" prev * 1000
					if (c == prevc) return ub * 1000
					return (prev + (ub - prev) * (rank - prevc) / (c - prevc)) * 1000
				}
				prev = ub; prevc = c
			}
			return prev * 1000
		}
		END {
			if (delta["count"] <= 0) { print "0 - - - -"; exit }
			printf "%d %.2f %s %s %s\n", delta["count"], delta["sum"] / delta["count"] * 1000, fmt(q(0.5)), fmt(q(0.9)), fmt(q(0.99))
		}' "$1" "$2"
}

# wrk_ms turns wrk's 1.23ms, 456.78us or 1.02s into milliseconds.
wrk_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
		printf "%.2f\n", n
	}'
}

results=$work/results.txt
{
	echo "                                    ---------- wrk ----------------------- | ------- server: histogram --------------- | ------ server: request log ------- |"
	printf '%-9s %-16s %5s %6s %8s %8s %8s %6s | %6s %8s %8s %8s %8s | %8s %8s %8s %8s | %5s\n' \
		database surface conns req/s p50_ms p90_ms p99_ms not200 n mean_ms p50_ms p90_ms p99_ms p50_ms p90_ms p99_ms max_ms load1
} >"$results"

# logged_quantiles ROUTE reads the server's JSON request log and prints the
# count, the 50th, 90th and 99th percentiles and the maximum of duration_ms
# of the requests to ROUTE answered 200 (exact, unlike the histogram's, and
# without the requests wrk cut off at the end of its run).
logged_quantiles() {
	awk -v route="$1" 'index($0, "\"route\":\"" route "\",") && index($0, "\"status\":200,") && match($0, /"duration_ms":[0-9.]+/) {
		print substr($0, RSTART + 14, RLENGTH - 14) + 0
	}' | sort -g | awk '
		{ v[NR] = $1 }
		function at(p,   i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; return v[i] }
		END {
			if (NR == 0) { print "0 - - - -"; exit }
			printf "%d %.2f %.2f %.2f %.2f\n", NR, at(0.5), at(0.9), at(0.99), v[NR]
		}'
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# route_count ROUTE is the server's count of requests to ROUTE so far.
route_count() {
	curl -fs "$base/metrics" | awk -v route="$1" '
		/^mace_http_request_duration_seconds_count\{/ && (index($0, "route=\"" route "\"") || index($0, "route=\"unmatched\"")) { n += $NF }
		END { print n + 0 }'
}

# settle ROUTE waits (at most a minute) until the server has finished the
# requests wrk left in flight, so that they are not counted in the next run.
settle() {
	local before after i
	before=$(route_count "$1")
	for ((i = 0; i < 60; i++)); do
		sleep 1
		after=$(route_count "$1")
		[[ $after == "$before" ]] && return 0
		before=$after
	done
}

# probe waits until a person page answers again. wrk ends a run by closing
# its connections, cancelling the requests in flight; on PostgreSQL over TLS
# a request cancelled inside its transaction can leave the audit trail's
# head row locked for 15 seconds (see README.md), which would otherwise
# stall the start of the next run.
probe() {
	local t
	t=$(curl -s -o /dev/null --max-time 60 -w '%{time_total}' -H "Cookie: mace_session=$probe_cookie" "$base$probe_path")
	if awk -v t="$t" 'BEGIN { exit !(t > 1) }'; then
		echo "   (after the warm-up, a person page took ${t}s: the service was stalled)"
	fi
}

# measure DB LABEL ROUTE URL THREADS CONNECTIONS [wrk options...] runs a
# warm-up, then the measured run between two scrapes of /metrics, and adds
# a line of results.
measure() {
	local dbname=$1 label=$2 route=$3 url=$4 t=$5 c=$6
	shift 6
	local out=$work/wrk-$dbname-$label-c$c.txt load lines
	echo "-- $dbname, $label: wrk -t$t -c$c -d$duration --timeout $timeout --latency -s bench/people.lua ... $url"
	wrk -t"$t" -c"$c" -d"$warmup" --timeout "$timeout" -s "$here/people.lua" "$@" "$url" >/dev/null
	settle "$route"
	probe
	load=$(load1)
	curl -fs "$base/metrics" >"$work/metrics-before.txt"
	lines=$(wc -l <"$server_log")
	wrk -t"$t" -c"$c" -d"$duration" --timeout "$timeout" --latency -s "$here/people.lua" "$@" "$url" >"$out"
	curl -fs "$base/metrics" >"$work/metrics-after.txt"
	sed 's/^/   /' "$out"
	local metric_route=$route
	if ! grep -qF "route=\"$route\"" "$work/metrics-after.txt"; then
		# Builds that label every request "unmatched": while one route is
		# under load, that is (all but the scrape of) this route.
		metric_route=unmatched
		echo "   (the metrics have no route=\"$route\": using route=\"unmatched\")"
	fi
	local hist logged
	hist=$(histogram_quantiles "$work/metrics-before.txt" "$work/metrics-after.txt" "$metric_route")
	echo "   server, from mace_http_request_duration_seconds: n, mean, p50, p90, p99 (ms): $hist"
	logged=$(tail -n +"$((lines + 1))" "$server_log" | logged_quantiles "$route")
	echo "   server, from its request log: n, p50, p90, p99, max (ms): $logged"
	local rps p50 p90 p99 not200
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	p50=$(wrk_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p90=$(wrk_ms "$(awk '$1 == "90%" { print $2 }' "$out")")
	p99=$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	not200=$(awk '/^Responses other than 200:/ { print $NF }' "$out")
	# shellcheck disable=SC2086
	printf '%-9s %-16s %5s %6s %8s %8s %8s %6s | %6s %8s %8s %8s %8s | %8s %8s %8s %8s | %5s\n' \
		"$dbname" "$label" "$c" "$rps" "$p50" "$p90" "$p99" "${not200:-?}" $hist $(echo "$logged" | cut -d' ' -f2-) "$load" >>"$results"
}

# load_test DB NAME runs the surfaces against a server on DB.
load_test() {
	local db=$1 name=$2 token cookie
	token=$("$work/mace" token create --user "$email" --name benchmark --db "$db")
	start_server "$db" "serve-$name"
	if [[ $name == sqlite ]]; then
		sqlite3 "$sqlite_db" "$ids_sql" >"$work/ids-$name.txt"
	else
		psql "$db" -qAt -v ON_ERROR_STOP=1 -c "$ids_sql" >"$work/ids-$name.txt"
	fi
	# Sign in once, as a browser would, and keep the session cookie.
	local jar=$work/cookies-$name.txt csrf status
	csrf=$(curl -fs -c "$jar" "$base/sign-in" | grep -o 'name="csrf_token" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
	status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
		--data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" \
		--data-urlencode "password=$password" --data-urlencode "next=/" "$base/sign-in")
	cookie=$(awk '$6 == "mace_session" { print $7 }' "$jar")
	if [[ $status != 303 || -z $cookie ]]; then
		echo "bench: signing in as $email failed (HTTP $status)" >&2
		exit 1
	fi
	local first
	first=$(head -n 1 "$work/ids-$name.txt")
	for check in "/people/$first" "/people?q=$search"; do
		status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: mace_session=$cookie" "$base$check")
		[[ $status == 200 ]] || { echo "bench: GET $check answered $status" >&2; exit 1; }
	done
	status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/people/$first")
	[[ $status == 200 ]] || { echo "bench: GET /api/v1/people/$first answered $status" >&2; exit 1; }
	echo "== $name: $(wc -l <"$work/ids-$name.txt") person ids, signed in as $email"
	probe_cookie=$cookie probe_path=/people/$first

	local ids=$work/ids-$name.txt
	MACE_BENCH_IDS=$ids MACE_BENCH_PREFIX=/people/ measure "$name" person-page "GET /people/{id}" \
		"$base/" "$threads" "$connections" -H "Cookie: mace_session=$cookie"
	MACE_BENCH_IDS=$ids MACE_BENCH_PREFIX=/people/ measure "$name" person-page "GET /people/{id}" \
		"$base/" 1 1 -H "Cookie: mace_session=$cookie"
	MACE_BENCH_IDS=$ids MACE_BENCH_PREFIX=/api/v1/people/ measure "$name" api-person "GET /api/v1/people/{id}" \
		"$base/" "$threads" "$connections" -H "Authorization: Bearer $token"
	MACE_BENCH_IDS= measure "$name" "search-$search" "GET /people" \
		"$base/people?q=$search" "$threads" "$connections" -H "Cookie: mace_session=$cookie"
	MACE_BENCH_IDS= measure "$name" "search-$search" "GET /people" \
		"$base/people?q=$search" 1 1 -H "Cookie: mace_session=$cookie"
	stop_server
	echo
}

echo "== 3 and 4. Under load: wrk -t$threads -c$connections -d$duration (after a $warmup warm-up), on 127.0.0.1"
load_test "$sqlite_db" sqlite
if [[ -n $pg_db ]]; then
	load_test "$pg_db" postgres
else
	echo "== postgres: skipped (set MACE_BENCH_PG to a postgres:// URL to include it)"
	echo
fi

echo "== Summary"
echo "start-up (median of $startups): started in ${startup_reported} ms; first 200 from /readyz after ${startup_ready} ms"
echo "demo --size $size: SQLite ${load_sqlite} ms$([[ -n $pg_db ]] && echo "; PostgreSQL ${load_pg} ms")"
echo "under load, in ms: wrk's figures (client side; wrk corrects its percentiles for coordinated"
echo "omission, so a stall inflates them); the server's from mace_http_request_duration_seconds (n, exact"
echo "mean, percentiles interpolated within buckets) and from its request log (200s only, exact); the"
echo "1-minute load average before the run:"
cat "$results"
