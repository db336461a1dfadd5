#!/usr/bin/env bash
# From a positive lab result to the F1's in-app alert (issue 10: ≤ 60 s while the check-in ingest runs at half its
# benchmark rate), on 127.0.0.1 only, bounded in time, NOT in CI. One Release node with the demo country on SQLite
# (the product's default) or PostgreSQL; the driver (bench/PcCovid.Benchmarks `alert-latency`) signs citizens in
# through the real flow, sends check-ins at RATE per second, open loop, and per round has an F0 and an F1 check in
# at one venue, the demo lab submit the F0's positive result, and polls the F1's feed until the alert shows.
#   bench/alert-latency.sh sqlite|postgres [RATE=1000] [ROUNDS=5] [PGPORT]
set -euo pipefail
provider=${1:?usage: bench/alert-latency.sh sqlite|postgres [RATE] [ROUNDS] [PGPORT]}; rate=${2:-1000}; rounds=${3:-5}; pgport=${4:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${ALERT_BENCH_DIR:-/tmp/pccovid-alert-bench}
mkdir -p "$work"; rm -f "$work"/node.log "$work"/outbox.jsonl "$work"/posters.txt
case $provider in
  sqlite) rm -f "$work"/pccovid.db*; export Database__Provider=Sqlite Database__ConnectionString="Data Source=$work/pccovid.db"; name=Sqlite ;;
  postgres)
    [[ -n $pgport ]] || { echo "postgres needs PGPORT (a running cluster on 127.0.0.1, trust auth, user postgres)"; exit 2; }
    psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "DROP DATABASE IF EXISTS pccovid_alert WITH (FORCE)" -c "CREATE DATABASE pccovid_alert"
    export Database__Provider=Postgres Database__ConnectionString="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=pccovid_alert"; name=Postgres ;;
  *) echo "sqlite or postgres"; exit 2 ;;
esac
export ASPNETCORE_ENVIRONMENT=Benchmark Security__SecureCookies=false Logging__LogLevel__Default=Warning
export Demo__SeedOnFirstStart=true Demo__People=${DEMO_PEOPLE:-20000} Sms__Gateway=dev-outbox Sms__OutboxFile=$work/outbox.jsonl
export SignIn__RequestsPerAddressPerMinute=100000
bench=$repo/bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll
if [[ -z ${SKIP_BUILD:-} ]]; then
  echo "== build (Release)"
  dotnet publish "$repo/src/PcCovid.Web" -c Release -o "$work/app" >/dev/null
  dotnet build -c Release "$repo/bench/PcCovid.Benchmarks" >/dev/null
fi
Urls=http://127.0.0.1:5088 "$work/app/pccovid" >>"$work/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
echo "== start ($name, demo data)"
until curl -sf http://127.0.0.1:5088/health/ready >/dev/null; do sleep 0.5; kill -0 $node || { tail "$work/node.log"; exit 1; }; done
# Approved venues' posters: one per round, the rest for the ingest (the CLI signs with the installation's key).
for venue in $("$work/app/pccovid" checkins venues | awk -F'\t' '$2 == "approved" {print $1}' | head -$((rounds + 20))); do
  "$work/app/pccovid" checkins poster "$venue" >>"$work/posters.txt"
done
echo "== $rounds rounds, check-ins at $rate/s meanwhile ($(wc -l <"$work/posters.txt") venues)"
dotnet "$bench" alert-latency http://127.0.0.1:5088 "$name" "$Database__ConnectionString" "$work/outbox.jsonl" "$work/posters.txt" "$rate" "$rounds"
