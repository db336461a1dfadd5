#!/usr/bin/env bash
# HTTP ingest of single check-ins (durable: acknowledged after the group commit) against the same
# server's in-memory ceiling (POST /api/check-ins/echo: same JSON, same parsing and validation, nothing
# stored), with wrk, same connections and threads, one invocation. The Release build; the store first
# filled with PREFILL check-ins (a busy day) by the store benchmark. Not run in CI.
#   bench/checkin-http.sh Sqlite|Postgres [PREFILL=10000000] [CONNECTIONS=64] [SECONDS=15] [RUNS=3]
# PostgreSQL: CHECKIN_BENCH_POSTGRES="Host=…;Port=…;Username=…;Database=…" (an empty database).
set -euo pipefail
source "$(dirname "$0")/checkin-env.sh" "${1:-Sqlite}"
prefill=${2:-10000000}; connections=${3:-64}; seconds=${4:-15}; runs=${5:-3}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
trap 'stop_server' EXIT

publish
start_server          # first start: migrations, demo country, demo venues
stop_server
dotnet "$repo/bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll" checkins "$provider" "$conn" "$prefill" 0 0
start_server
sign_in
poster
echo "store: $("$work/app/pccovid" checkins count) check-ins; $connections connections, 2 wrk threads, ${seconds}s per measure"

for run in $(seq 1 "$runs"); do
  for path in /api/check-ins/echo /api/check-ins; do
    RUN="$run$RANDOM" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$repo/bench/checkin.lua" "$url" -- "$path" >"$work/wrk-$run-${path##*/}.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$run-${path##*/}.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk-$run-${path##*/}.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$run-${path##*/}.txt")
    errors=$(grep -E 'Non-2xx|Socket errors' "$work/wrk-$run-${path##*/}.txt" | tr '\n' ' ' || true)
    echo "run $run $path: $rps req/s, p50 $p50, p99 $p99 $errors"
  done
done
echo "store after: $("$work/app/pccovid" checkins count) check-ins"
